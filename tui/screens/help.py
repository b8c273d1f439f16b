"""``?``: the keys of the screen underneath, and what it is for."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def describe_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for every binding that applies on *screen*, deduplicated."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        rows.append((screen.app.get_key_display(binding), binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "dismiss", "Close"),
        Binding("s", "show('notice')", "Safety notice"),
        Binding("a", "show('about')", "About and sources"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        about = getattr(self.under, "HELP", "") or ""
        keys = describe_keys(self.under)
        width = max((len(k) for k, _ in keys), default=4) + 2
        lines = [Content.styled("Keys", "bold $accent")]
        for key, description in keys:
            lines.append(Content.assemble(Content.styled(f"{key:<{width}}", "bold"), description))
        body = Content("\n").join(lines)
        with VerticalScroll(id="help-box"):
            if about:
                yield Static(about, id="help-about", markup=False)
            yield Static(body, id="help-keys", markup=False)
            yield Static(
                "s: the safety notice    a: about and sources    Esc: close",
                id="help-close",
                markup=False,
            )

    def action_show(self, what: str) -> None:
        app = self.app
        self.dismiss()
        app.call_later(getattr(app, f"action_{what}"))
