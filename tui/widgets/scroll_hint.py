"""One line under a scrolling box that says whether there is more to read: never cut silently.

``↓ more below: ↓ or j scrolls`` while the box holds more than it shows, ``(end)`` once its
end is in sight, nothing when it all fits. Follows the box's scrolling and size.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


class ScrollHint(Static):
    """Watches the scrolling widget matching *target* (a selector on the same screen)."""

    DEFAULT_CSS = "ScrollHint { height: 1; color: $text-muted; }"

    def __init__(
        self, target: str, *, how: str = "↓ or j scrolls, PgDn a page", id: str | None = None
    ) -> None:
        super().__init__(id=id, markup=False)
        self.target = target
        self.how = how
        self.shown: str | None = None
        """The hint shown now (for tests): "more", "end" or "" (it all fits)."""

    def on_mount(self) -> None:
        box = self.screen.query_one(self.target)
        self.watch(box, "scroll_y", self._changed, init=False)
        self.watch(box, "virtual_size", self._changed, init=False)
        # After each layout (a resize changes how much the box shows).
        self.screen.screen_layout_refresh_signal.subscribe(self, self._changed)
        self.call_after_refresh(self._changed)

    def _box(self) -> Widget:
        return self.screen.query_one(self.target)

    def _changed(self, *_: object) -> None:
        if not self.is_attached:
            return
        box = self._box()
        if box.max_scroll_y <= 0:
            shown, text = "", Content("")
        elif box.scroll_y < box.max_scroll_y:
            shown = "more"
            text = Content.assemble(Content.styled("↓ more below", "bold"), f": {self.how}")
        else:
            shown, text = "end", Content("(end)")
        if shown != self.shown:
            self.shown = shown
            self.update(text)
            self.display = bool(shown)
