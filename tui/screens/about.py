"""About: what acupress is, and every source its content cites."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui import __version__
from tui.core import safety
from tui.screens.base import AppScreen, Services
from tui.widgets.key_bar import KeyBar


def all_sources(app: Services) -> list[tuple[str, list[str]]]:
    """Every citation, grouped by what cites it; each listed once."""
    from tui.core.routines import discover

    groups: list[tuple[str, list[str]]] = []
    points = list(dict.fromkeys(app.catalogue.sources.values()))
    groups.append(("Point locations, uses and cautions", points))
    routine_sources: list[str] = []
    for entry in discover(app.catalogue):
        if entry.routine is not None and entry.builtin:
            routine_sources += [s for s in entry.routine.sources if s not in routine_sources]
    groups.append(("Built-in routines", [s for s in routine_sources if s not in points]))
    groups.append(
        (
            "Safety notice (red flags and cautions)",
            [f"{s.citation} {s.url}" for s in safety.SOURCES],
        )
    )
    return groups


class AboutScreen(AppScreen[None]):
    HELP = "Every source acupress cites. Esc goes back."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        app = self.services
        parts: list[Content] = [
            Content.styled(f"acupress {__version__}", "bold $accent-text"),
            Content(
                "Self-care acupressure for back pain: a point catalogue, guided routines and a "
                "pain journal. It is self-care information, not medical advice."
            ),
            Content(""),
        ]
        for title, citations in all_sources(app):
            if not citations:
                continue
            parts.append(Content.styled(title, "bold"))
            parts += [Content(f"  • {c}") for c in citations]
            parts.append(Content(""))
        with VerticalScroll(id="about-box"):
            yield Static(Content("\n").join(parts), id="about-text", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#about-box").focus()
