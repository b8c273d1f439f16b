"""What the command palette (``:`` or ctrl+p) offers: every action of the app by name.

On a section: the sections, playing any routine (``play lower-back``), opening any point
(by code, alias, pinyin with or without tone marks, or English name), logging pain, the
trends, exporting the journal, pregnancy mode, the bell, reduce motion, the safety notice,
help, about and quit. On every screen, the screen's own keys too (in playback: pause, next,
back, the cautions, stop), so nothing needs its key to be remembered. Commands that would
leave the screen (a section, a routine, a point) are offered only on the sections: from
playback or a dialog they would act on a screen that is not in sight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider
from textual.markup import escape
from textual.screen import Screen

from tui.core.text import visible
from tui.widgets.sections import SECTIONS

if TYPE_CHECKING:
    from tui.app import AcupressApp

POINT_HITS = 6
"""Points offered for one query at most (the best matches)."""


def _on_section(screen: Screen[object]) -> bool:
    return getattr(screen, "SECTION", None) in SECTIONS


def screen_commands(app: AcupressApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """The keys of *screen* (those the key line and help show), as commands."""
    from tui.screens.help import describe_keys

    for keys, description, action, namespace in describe_keys(screen, with_actions=True):
        if action.split("(")[0] in ("app.command_palette", "command_palette", "app.help", "help"):
            continue

        def run(action: str = action, namespace: Any = namespace) -> None:
            app.call_later(app.run_action, action, namespace)

        yield SystemCommand(description, escape(f"key: {keys}"), run)


def app_commands(app: AcupressApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """Every command of the palette but the points (see :class:`CatalogueCommands`)."""
    on_section = _on_section(screen)
    yield from screen_commands(app, screen)
    if on_section:
        for mode, title in SECTIONS.items():
            yield SystemCommand(title, f"Go to the {title.lower()} section", _switcher(app, mode))
        for entry in app.routine_entries():
            if entry.routine is None:
                continue
            # The help line is drawn as markup: a routine file's title is escaped, and visible.
            yield SystemCommand(
                visible(f"Play {entry.slug}", one_line=True),
                escape(
                    visible(f"{entry.routine.title} (acupress play {entry.slug})", one_line=True)
                ),
                _player(app, entry.slug),
            )
        yield SystemCommand(
            "Log pain", "Rate your pain now, in the journal", _in_journal(app, "start_rating")
        )
        yield SystemCommand(
            "Journal trends",
            "The daily mean pain chart and the statistics",
            _in_journal(app, "show_trends"),
        )
        yield SystemCommand(
            "Export the journal",
            "Every rating to a JSON file in your documents folder (or acupress's data folder)",
            app.export_journal,
        )
    settings = app.settings
    yield SystemCommand(
        f"Pregnancy mode: turn {'off' if settings.pregnancy_mode else 'on'}",
        "Mark points cautioned in pregnancy; warn before routines that use them",
        lambda: app.toggle_setting("pregnancy_mode"),
    )
    yield SystemCommand(
        "Bell: mute" if settings.bell else "Bell: turn on",
        "The bell at each step change and at the end of a routine",
        lambda: app.toggle_setting("bell"),
    )
    yield SystemCommand(
        f"Reduce motion: turn {'off' if settings.reduce_motion else 'on'}",
        "The pacer shows only the phase and count, once a second",
        lambda: app.toggle_setting("reduce_motion"),
    )
    yield SystemCommand(
        "Safety notice", "When to see a doctor; not medical advice", app.action_notice
    )
    yield SystemCommand("Help", "Keys for this screen", app.action_help)
    yield SystemCommand("About", "Version, and every source acupress cites", app.action_about)
    if on_section:
        yield SystemCommand("Quit", "Leave acupress", app.action_quit)


def _switcher(app: AcupressApp, mode: str) -> Callable[[], None]:
    def switch() -> None:
        app.action_section(mode)

    return switch


def _player(app: AcupressApp, slug: str) -> Callable[[], None]:
    def play() -> None:
        app.play_by_name(slug)

    return play


def _in_journal(app: AcupressApp, method: str) -> Callable[[], None]:
    def run() -> None:
        app.in_section("journal", method)

    return run


class CatalogueCommands(Provider):
    """Open any point: by code, alias, pinyin (tone marks or not) or English name."""

    def _opener(self, code: str) -> Callable[[], None]:
        app: AcupressApp = self.app  # type: ignore[assignment]

        def open_point() -> None:
            app.open_point(code)

        return open_point

    async def search(self, query: str) -> Hits:
        app: AcupressApp = self.app  # type: ignore[assignment]
        if not _on_section(self.screen) or not query.strip():
            return
        found = app.catalogue.search(query)[:POINT_HITS]
        for rank, point in enumerate(found):
            whole = query.strip().casefold()
            exact = whole == point.code.casefold() or whole in (a.casefold() for a in point.aliases)
            title = f"Point {point.code} {point.pinyin} · {point.name}"
            also = f" (also {', '.join(point.aliases)})" if point.aliases else ""
            yield Hit(
                1.0 if exact else 0.6 - rank * 0.05,
                title,
                self._opener(point.code),
                text=title,
                help=escape(f"Open the point: {point.meridian}, {point.region}{also}"),
            )
