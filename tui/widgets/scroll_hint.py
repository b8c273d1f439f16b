"""One line under a scrolling box that says whether there is more to read: never cut silently.

``↓ more below: ↓ or j scrolls`` while the box holds more than it shows (shorter where the
line is narrow), ``(end)`` once its end is in sight, nothing when it all fits. Follows the
box's scrolling and size.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class ScrollHint(Widget):
    """Watches the scrolling widget matching *target* (a selector on the same screen)."""

    DEFAULT_CSS = "ScrollHint { height: 1; color: $text-muted; }"

    def __init__(
        self, target: str, *, how: str = "↓ or j scrolls, PgDn a page", id: str | None = None
    ) -> None:
        super().__init__(id=id)
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

    def _changed(self, *_: object) -> None:
        if not self.is_attached:
            return
        box = self.screen.query_one(self.target)
        if box.max_scroll_y <= 0:
            shown = ""
        elif box.scroll_y < box.max_scroll_y:
            shown = "more"
        else:
            shown = "end"
        if shown != self.shown:
            self.shown = shown
            self.display = bool(shown)
            self.refresh()

    def render(self) -> Content:
        if self.shown == "end":
            return Content("(end)")
        if self.shown != "more":
            return Content("")
        width = self.content_size.width
        more = Content.styled("↓ more below", "bold")
        for hint in (Content.assemble(more, f": {self.how}"), more):
            if hint.cell_length <= width:
                return hint
        return Content.styled("↓ more", "bold")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1
