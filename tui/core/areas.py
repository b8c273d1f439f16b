"""Where back pain is: the one vocabulary of body areas, and the catalogue's regions and uses.

A journal entry's ``areas`` say where it hurt. Names are stable: they are written in
people's journals. A name that is ever changed is kept in :data:`RENAMED`, and files
that use the old name are read with the new one. Constants only, light to import: the
command line's parser offers them on every run.
"""

from __future__ import annotations

AREAS: tuple[str, ...] = ("lower-back", "upper-back", "neck", "buttock-hip", "leg-sciatica")
"""Where it hurts, in the order they are shown and stored."""

LABELS: dict[str, str] = {
    "lower-back": "lower back",
    "upper-back": "upper back",
    "neck": "neck",
    "buttock-hip": "buttock or hip",
    "leg-sciatica": "leg (sciatica)",
}
"""Each area in words, for people."""

RENAMED: dict[str, str] = {}
"""Old area names and the names they are read as."""

# Regions say where on the body a point is; uses say what it is traditionally used for.
REGIONS: tuple[str, ...] = (
    "head",
    "neck",
    "shoulder",
    "upper-back",
    "lower-back",
    "sacrum",
    "buttock",
    "hand",
    "knee",
    "lower-leg",
    "ankle",
    "foot",
)
USES: tuple[str, ...] = (
    "lower-back",
    "upper-back",
    "sciatica",
    "neck",
    "shoulder",
    "hip",
    "leg",
    "headache",
    "relaxation",
)
