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

ROUTINE_AREAS: dict[str, tuple[str, ...]] = {
    "lower-back": ("lower-back",),
    "upper-back": ("upper-back",),
    "full-back": ("upper-back", "lower-back"),
    "sciatica": ("buttock-hip", "leg-sciatica"),
    "neck": ("neck",),
}
"""What a routine is for (a routine file's ``area``), and the journal areas that means.

Two concepts, so two names where they differ: a routine for the whole back or for
sciatica covers more than one place a person rates. A rating saved after a routine
takes these areas when none are chosen."""

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
