"""The keys that work now, on one line at the bottom: a lighter stand-in for Textual's Footer.

Textual's Footer is a container with one widget per key, and it rebuilds them all
(``recompose``) each time the screen's bindings change; on start-up that happens
several times (the first focus, the screen resuming, ...) and costs more than the
rest of the first screen together. This bar is one widget: a change of bindings
only redraws its line, at most once per refresh. Clicking a key presses it, as in
the Footer.
"""

from __future__ import annotations

from rich.cells import cell_len
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
        self._actions: dict[str, str] = {}
        """The action of each item's key."""
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
        actions: dict[str, str] = {}
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
            actions[binding.key] = binding.action
        palette = None
        if app.ENABLE_COMMAND_PALETTE:
            # The plain key where there is one (a browser keeps ctrl+p for itself).
            for key in ("colon", app.COMMAND_PALETTE_BINDING):
                if key in active and active[key].enabled:
                    binding = active[key].binding
                    palette = (binding.key, app.get_key_display(binding), "commands")
                    break
        if (items, palette) != (self._items, self._palette):
            self._items, self._palette, self._actions = items, palette, actions
            self.refresh()

    def _item(self, display: str, description: str, enabled: bool, *, hover: bool) -> Content:
        key = Content.styled(f" {display} ", "bold $footer-key-foreground")
        text = Content.styled(f"{description} ", "$footer-description-foreground")
        item = Content.assemble(key, text)
        if hover and enabled:
            return item.stylize("on $block-hover-background")
        return item if enabled else item.stylize("dim")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def _fitted(self, width: int) -> list[tuple[str, str, str, bool]]:
        """The items that fit in *width*: each with its whole description where all of them
        fit so, else the first word of each ("Save", not "Save the rating"); where even
        that is too wide, keys give way: first those the screen names in ``KEY_BAR_YIELD``
        (actions, in order), then those before the last one (Help, or Quit, stays)."""

        def length(items: list[tuple[str, str, str, bool]]) -> int:
            return sum(cell_len(f" {display} {text} ") for _, display, text, _ in items)

        shown = list(self._items)
        if length(shown) > width:
            shown = [(k, d, text.split(" ")[0], on) for k, d, text, on in shown]
        yielding = [self._actions.get(key, "") for key, *_ in shown]
        order: tuple[str, ...] = getattr(self.screen, "KEY_BAR_YIELD", ())
        while len(shown) > 1 and length(shown) > width:
            first = next((yielding.index(a) for a in order if a in yielding), len(shown) - 2)
            del shown[first], yielding[first]
        return shown

    def render(self) -> Content:
        parts: list[Content] = []
        keys: list[tuple[int, int, str, bool]] = []
        x = 0
        for index, (key, display, description, enabled) in enumerate(self._fitted(self.size.width)):
            item = self._item(display, description, enabled, hover=index == self._hover)
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
            if self._hover == len(keys):
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
