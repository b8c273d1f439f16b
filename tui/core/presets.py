"""The named breathing presets: constants only, light to import (the settings need them)."""

from __future__ import annotations

# The named breathing presets. tui.core.breathing makes validated patterns of them; they live
# here, free of pydantic and of the pacer, because the settings read at start-up need their
# names (tui.core.pacing gives them too).
PRESET_TIMINGS: dict[str, tuple[float, float, float, float]] = {
    # Longer out-breath than in-breath: a common, easy relaxation pattern.
    "calm": (4, 0, 6, 0),
    # Box (square) breathing: four equal sides.
    "box": (4, 4, 4, 4),
    # About 5.5 breaths a minute, the rate usually called "resonance" or "coherent" breathing.
    "resonance": (5.5, 0, 5.5, 0),
    # The "4-7-8" pattern popularised for relaxation.
    "relax": (4, 7, 8, 0),
}
DEFAULT_PRESET = "calm"
