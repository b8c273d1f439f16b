"""Where back pain is: the one vocabulary of body areas.

A journal entry's ``areas`` say where it hurt. Names are stable: they are written in
people's journals. A name that is ever changed is kept in :data:`RENAMED`, and files
that use the old name are read with the new one.
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
