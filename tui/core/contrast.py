"""WCAG 2 contrast: how well text or a control stands out from what is behind it.

AA asks 4.5:1 for text and 3:1 for the parts of a control (a scroll bar's thumb, a switch's
knob). Colours are ``(red, green, blue)``, 0 to 255.
"""

from __future__ import annotations

TEXT = 4.5
"""WCAG AA for text."""
CONTROL = 3.0
"""WCAG AA for user-interface components and graphics."""

RGB = tuple[int, int, int]


def luminance(colour: RGB) -> float:
    """The relative luminance of *colour*: 0 for black, 1 for white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(a: RGB, b: RGB) -> float:
    """The contrast ratio of *a* and *b*, from 1 (the same) to 21 (black and white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
