"""``?``: the keys of the screen underneath, and what it is for.

The keys listed are acupress's own that work on that screen now, one line per action with
all its keys (``n →  Next step``): not the scroll keys Textual's widgets add, not one line
per digit, and never a key that does nothing there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal, overload

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.widgets.key_bar import KeyBar


def _own_keys(node: DOMNode) -> set[tuple[str, str]]:
    """(key, action) of every binding acupress itself gives *node*'s class."""
    found: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("tui.") or "BINDINGS" not in cls.__dict__:
            continue
        for item in cls.__dict__["BINDINGS"]:
            binding = item if isinstance(item, Binding) else Binding(*item)
            for key in binding.key.split(","):
                found.add((key.strip(), binding.action))
    return found


def own_bindings(screen: Screen[object]) -> Iterator[tuple[str, Binding, DOMNode]]:
    """(key, binding, node) for each of acupress's own keys that works on *screen* now."""
    app = screen.app
    seen: set[str] = set()
    for namespace, bindings in screen._modal_binding_chain:
        own = _own_keys(namespace)
        for key, binding in bindings:
            if key in seen or (key, binding.action) not in own:
                continue
            if app._check_action_state(binding.action, namespace) is not True:
                continue  # not now: left out, here as on the key line
            seen.add(key)
            yield key, binding, namespace


@overload
def describe_keys(
    screen: Screen[object], *, with_actions: Literal[False] = ...
) -> list[tuple[str, str]]: ...


@overload
def describe_keys(
    screen: Screen[object], *, with_actions: Literal[True]
) -> list[tuple[str, str, str, Any]]: ...


def describe_keys(screen: Screen[object], *, with_actions: bool = False) -> list[Any]:
    """(keys, what they do) for each action that works on *screen*, once each.

    Keys of one action (or of actions with one description) share a line: ``n →``.
    A binding without a description is one of a group named by its first member
    (digits: ``0-9``). With *with_actions*, also the action and its namespace.
    """
    rows: dict[str, tuple[list[str], str, Any]] = {}
    for key, binding, namespace in own_bindings(screen):
        if not binding.description:
            continue
        display = screen.app.get_key_display(binding) if binding.key_display else None
        shown = display or screen.app.get_key_display(Binding(key, binding.action))
        keys = rows.setdefault(binding.description, ([], binding.action, namespace))[0]
        if shown not in keys:
            keys.append(shown)
    if with_actions:
        return [(" ".join(k), d, a, n) for d, (k, a, n) in rows.items()]
    return [(" ".join(k), d) for d, (k, _a, _n) in rows.items()]


class HelpScreen(ModalScreen[None]):
    HELP = "What this screen is for and its keys. s: the safety notice, a: about and sources."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "dismiss", "Close"),
        Binding("s", "show('notice')", "Safety notice"),
        Binding("a", "show('about')", "About and sources"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under
        # Read now, while *under* is still the screen shown: what works there, not here.
        self.keys = describe_keys(under)

    def compose(self) -> ComposeResult:
        about = getattr(self.under, "HELP", "") or ""
        keys = self.keys
        width = max((len(k) for k, _ in keys), default=4) + 2
        lines = [Content.styled("Keys", "bold $accent-text")]
        for key, description in keys:
            lines.append(Content.assemble(Content.styled(f"{key:<{width}}", "bold"), description))
        body = Content("\n").join(lines)
        with VerticalScroll(id="help-box"):
            if about:
                yield Static(about, id="help-about", markup=False)
            yield Static(body, id="help-keys", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

    def action_show(self, what: str) -> None:
        app = self.app
        self.dismiss()
        app.call_later(getattr(app, f"action_{what}"))
