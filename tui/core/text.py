"""Small helpers for text shown to people."""

from __future__ import annotations


def first_line(text: str) -> str:
    """The first non-blank line of *text*, stripped ("" for blank text)."""
    return text.strip().splitlines()[0] if text.strip() else ""
