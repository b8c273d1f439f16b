"""The keys that work now, on one line at the bottom: a lighter stand-in for Textual's Footer.

Textual's Footer is a container with one widget per key, and it rebuilds them all
(``recompose``) each time the screen's bindings change; on start-up that happens
several times (the first focus, the screen resuming, ...) and costs more than the
rest of the first screen together. This bar is one widget: a change of bindings
only redraws its line, at most once per refresh. Clicking a key presses it, as in
the Footer.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """``/ Search  f Filter  ? Help  q Quit          ^p palette``, for the focused widget."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # (first cell, last cell + 1, key, enabled) of each key drawn, for clicks.
        self._keys: list[tuple[int, int, str, bool]] = []
        self._items: list[tuple[str, str, str, bool]] = []
        self._palette: tuple[str, str, str] | None = None
        self._hover: int | None = None
        self._pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._collect()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Several changes in a row (focus, then resume, ...) are drawn once.
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._collect)

    def _collect(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        app = self.app
        active = self.screen.active_bindings
        items: list[tuple[str, str, str, bool]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            # What cannot run now is left out (the one rule, whether a screen says False or None);
            # keys with one meaning share one item ("⏎/^s Save").
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            display = app.get_key_display(binding)
            same = next((n for n, item in enumerate(items) if item[2] == binding.description), None)
            if same is not None:
                key, shown, description, on = items[same]
                items[same] = (key, f"{shown}/{display}", description, on)
                continue
            items.append((binding.key, display, binding.description, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE:
            # The plain key where there is one (a browser keeps ctrl+p for itself).
            for key in ("colon", app.COMMAND_PALETTE_BINDING):
                if key in active and active[key].enabled:
                    binding = active[key].binding
                    palette = (binding.key, app.get_key_display(binding), "commands")
                    break
        if (items, palette) != (self._items, self._palette):
            self._items, self._palette = items, palette
            self.refresh()

    def _item(self, index: int, display: str, description: str, enabled: bool) -> Content:
        key = Content.styled(f" {display} ", "bold $footer-key-foreground")
        text = Content.styled(f"{description} ", "$footer-description-foreground")
        item = Content.assemble(key, text)
        if index == self._hover and enabled:
            return item.stylize("on $block-hover-background")
        return item if enabled else item.stylize("dim")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render(self) -> Content:
        parts: list[Content] = []
        keys: list[tuple[int, int, str, bool]] = []
        items = [
            self._item(index, display, description, enabled)
            for index, (_key, display, description, enabled) in enumerate(self._items)
        ]
        if sum(item.cell_length for item in items) > self.size.width:
            # Too narrow for every description: the first word of each ("Save", not "Save the
            # rating") keeps every key in sight, Help and Quit at the end included.
            items = [
                self._item(index, display, description.split(" ")[0], enabled)
                for index, (_key, display, description, enabled) in enumerate(self._items)
            ]
        shown = list(zip(items, self._items, strict=True))
        width = self.size.width
        while len(shown) > 1 and sum(item.cell_length for item, _ in shown) > width:
            # Still too wide: the last key (Help, or Quit) stays; those before it give way.
            del shown[-2]
        x = 0
        for item, (key, _display, _description, enabled) in shown:
            keys.append((x, x + item.cell_length, key, enabled))
            x += item.cell_length
            parts.append(item)
        if self._palette is not None:
            key, display, description = self._palette
            item = Content.assemble(
                Content.styled("▏", "$foreground 20%"),
                Content.styled(display, "bold $footer-key-foreground"),
                Content.styled(f" {description} ", "$footer-description-foreground"),
            )
            if self._hover == len(self._items):
                item = item.stylize("on $block-hover-background", 1)
            start = self.size.width - item.cell_length
            if start >= x:  # left out, not cut off, where the keys leave no room for it
                parts.append(Content(" " * (start - x)))
                keys.append((start + 1, start + item.cell_length, key, True))
                parts.append(item)
        self._keys = keys
        return Content.assemble(*parts)

    def _index_at(self, x: int) -> int | None:
        for index, (start, end, _key, _enabled) in enumerate(self._keys):
            if start <= x < end:
                return index
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._index_at(event.x)
        if index is None:
            return
        _start, _end, key, enabled = self._keys[index]
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._index_at(event.x)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
