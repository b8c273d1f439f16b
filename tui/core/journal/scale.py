"""The journal's scale: pain from 0 to 10, and the phases of a rating around a routine.

Constants only, light to import: the command line's parser states them (``acupress log
LEVEL``) on every run; :mod:`tui.core.journal.entry` checks entries against them.
"""

from __future__ import annotations

LEVEL_MIN = 0
LEVEL_MAX = 10
LEVEL_ANCHORS: dict[int, str] = {0: "no pain", 10: "worst pain imaginable"}
"""The anchors of the 0–10 numeric rating scale."""
RATING_PHASES: tuple[str, ...] = ("before", "after")
"""When a rating around a routine was given."""
