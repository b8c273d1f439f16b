"""An OptionList that also moves with j and k, as in the other lists of the app."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class KeyedList(OptionList):
    """Subclasses add their own Enter binding; Textual merges it with these."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Move in the list", show=False),
        Binding("k", "cursor_up", "Move in the list", show=False),
    ]
