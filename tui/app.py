"""The Textual application: sections as modes, shared services, global keys.

Screens live one per module in :mod:`tui.screens`; reusable widgets in
:mod:`tui.widgets`. The app holds what every screen shares (catalogue,
settings, the clock) so that each is loaded once, and only when first needed.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal

if TYPE_CHECKING:
    from datetime import datetime

    from tui.core.journal.store import JournalStore
    from tui.core.routines import RoutineEntry
    from tui.screens.base import Services

from tui.core import state
from tui.core.points import Catalogue, check_catalogue, load_catalogue
from tui.core.problems import Problem
from tui.core.settings import Settings, load_settings
from tui.core.text import visible
from tui.screens.points import PointsScreen
from tui.widgets.sections import SECTIONS


# Sections other than the browser are imported when first opened: not on the first-paint path.
def _routines_screen() -> Screen[Any]:
    from tui.screens.routines import RoutinesScreen

    return RoutinesScreen()


def _journal_screen() -> Screen[Any]:
    from tui.screens.journal import JournalScreen

    return JournalScreen()


def _settings_screen() -> Screen[Any]:
    from tui.screens.settings import SettingsScreen

    return SettingsScreen()


class AcupressApp(App[int]):
    """acupress: self-care acupressure for back pain."""

    TITLE = "acupress"
    CSS_PATH = "styles.tcss"
    # The browser is the default screen rather than one of MODES: Textual re-parses all CSS
    # when it starts in a mode from MODES (a third of the time to the first frame); the default
    # screen is styled with the stylesheet already parsed. It joins the modes once mounted.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "routines": _routines_screen,
        "journal": _journal_screen,
        "settings": _settings_screen,
    }
    DEFAULT_MODE = "points"
    CATALOGUE_CHECK_DELAY = 1.0
    """Seconds after start-up before the quickly-read catalogue is checked in full."""
    # Screens get the class -narrow below 72 columns and -short below 22 rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(number), f"section('{mode}')", title, show=False)
            for number, (mode, title) in enumerate(SECTIONS.items(), start=1)
        ),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        *,
        journal_path: Path | str | None = None,
        ascii_map: bool | None = None,
        settings: Settings | None = None,
        settings_problems: Iterable[Problem] = (),
        play: RoutineEntry | None = None,
        clock: Callable[[], float] = time.monotonic,
        show_notice: bool | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        super().__init__()
        self._catalogue = catalogue
        self.journal_path = journal_path
        self._ascii_map = ascii_map
        if settings is None:
            settings, problems = load_settings()
            settings_problems = [*settings_problems, *problems]
        self.settings = settings
        # Before the stylesheet is first parsed: a change of theme later re-parses it all.
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.settings_problems = list(settings_problems)
        self.initial_routine = play
        self.clock = clock
        self.settings_signal: Signal[Settings] = Signal(self, "settings")
        self._show_notice = show_notice
        self._animation_level = self.animation_level

    # ---- shared services ---------------------------------------------------

    @cached_property
    def catalogue(self) -> Catalogue:
        # The quick read: checked in full in the background once the first screen is up.
        if self._catalogue is not None:
            return self._catalogue
        return load_catalogue(checked=False)

    @property
    def ascii_map(self) -> bool:
        """Draw in plain ASCII where the terminal can't show box drawing (or ACUPRESS_ASCII=1)."""
        if self._ascii_map is None:
            forced = os.environ.get("ACUPRESS_ASCII", "")
            encoding = (getattr(sys.__stdout__, "encoding", None) or "").lower()
            self._ascii_map = forced not in ("", "0") or "utf" not in encoding
        return self._ascii_map

    @property
    def reduced_motion(self) -> bool:
        return self.settings.reduce_motion or self.animation_level == "none"

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings now (the settings screen has saved them)."""
        if settings.journal != self.settings.journal:
            # A journal setting saved from the app is a good one: its old problem is gone.
            self.settings_problems = [p for p in self.settings_problems if p.field != "journal"]
        self.settings = settings
        if settings.theme in self.available_themes and self.theme != settings.theme:
            self.theme = settings.theme
        self.animation_level = "none" if settings.reduce_motion else self._animation_level
        self.settings_signal.publish(settings)  # to every open screen, in every section

    # ---- start-up ------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return PointsScreen()

    def on_mount(self) -> None:
        # The first mode's stack already holds the browser: from now on it is switched to by name.
        self.add_mode(self.DEFAULT_MODE, PointsScreen)
        self._install_signal_handlers()
        # What TEXTUAL_ANIMATIONS (or a test) chose; reduce_motion overrides it.
        self._animation_level = self.animation_level
        self.apply_settings(self.settings)
        for problem in self.settings_problems:
            self.notify(
                visible(str(problem)),
                title="Settings problem",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if os.environ.get("ACUPRESS_GUEST"):  # set by `acupress serve` for a guest session
            self.notify(
                "Your journal and settings last only for this session: "
                "they are deleted when you leave.",
                title="Guest session",
                timeout=20,
            )
        needs_notice = (
            self._show_notice if self._show_notice is not None else not state.notice_acknowledged()
        )
        if needs_notice:
            self.show_notice(first_start=True, then=self._after_notice)
        else:
            self._after_notice()
        # Once the first screen has settled: the check (pydantic, about 0.2 s of CPU) would
        # otherwise compete with the first frames for the interpreter.
        if self.CATALOGUE_CHECK_DELAY > 0:
            self.set_timer(self.CATALOGUE_CHECK_DELAY, self._check_catalogue)
        else:
            self.call_after_refresh(self._check_catalogue)

    def _check_catalogue(self) -> None:
        """Validate the quickly-read catalogue, then the built-in routines (which the
        command line reads quickly too), in full, off the first-paint path."""
        catalogue = self.catalogue
        if catalogue.checked:
            return

        def check() -> None:
            from tui.core.routines import check_builtin_routines

            if problems := check_catalogue(catalogue.path):
                self.call_from_thread(self._catalogue_damaged, problems)
            elif problems := check_builtin_routines(catalogue):
                self.call_from_thread(self._catalogue_damaged, problems, "routines")

        self.run_worker(check, thread=True, group="check-catalogue", exit_on_error=False)

    def _catalogue_damaged(self, problems: list[Problem], what: str = "catalogue") -> None:
        shown = "\n".join(str(p) for p in problems[:3])
        more = f"\n…and {len(problems) - 3} more" if len(problems) > 3 else ""
        title, effect = {
            "catalogue": ("The point catalogue is damaged", "Point details may be wrong"),
            "routines": ("A built-in routine is damaged", "It may not play as it should"),
        }[what]
        self.notify(
            visible(f"{shown}{more}\n{effect}: reinstall acupress."),
            title=title,
            severity="error",
            timeout=60,
            markup=False,
        )

    def _after_notice(self) -> None:
        if self.initial_routine is not None:
            entry = self.initial_routine
            self.initial_routine = None
            self.run_worker(self.play_routine(entry, exit_after=True), exclusive=True)

    def _install_signal_handlers(self) -> None:
        """SIGHUP (the SSH link dropped) and SIGTERM end the app at once, restoring the terminal."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self._on_hangup, signum)
        except (NotImplementedError, RuntimeError, AttributeError):  # pragma: no cover - Windows
            pass

    def _on_hangup(self, signum: int) -> None:
        # Never hang on a dead terminal (the SSH link gone: writes fail, a flush can block):
        # if the clean shutdown has not finished in 2 s, leave anyway with the same status.
        # Journal writes are atomic replaces, so leaving at any moment tears nothing.
        import threading

        watchdog = threading.Timer(2.0, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=128 + signum)

    # ---- actions -------------------------------------------------------------

    def action_section(self, name: str) -> None:
        if name in SECTIONS and self.current_mode != name:
            self.switch_mode(name)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def show_notice(
        self, *, first_start: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        from tui.screens.notice import NoticeScreen

        def done(acknowledged: bool | None) -> None:
            if acknowledged:
                problem = state.acknowledge_notice()
                if problem is not None:
                    self.notify(visible(str(problem)), severity="warning", markup=False)
            if then is not None:
                then()

        self.push_screen(NoticeScreen(first_start=first_start), done)

    def action_notice(self) -> None:
        self.show_notice()

    def action_about(self) -> None:
        from tui.screens.about import AboutScreen

        if not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen())

    async def play_routine(self, entry: RoutineEntry, *, exit_after: bool = False) -> None:
        """Play *entry*: in pregnancy mode, warn first about points cautioned in pregnancy."""
        from tui.core.routines import pregnancy_cautions
        from tui.screens.playback import PlaybackScreen
        from tui.screens.pregnancy import PregnancyWarningScreen

        routine = entry.routine
        if routine is None:
            return
        from tui.core.breathing import PRESETS

        skip: set[str] = set()
        if self.settings.pregnancy_mode:
            cautioned = pregnancy_cautions(routine, self.catalogue)
            if cautioned:
                choice = await self.push_screen_wait(
                    PregnancyWarningScreen(visible(routine.title, one_line=True), cautioned)
                )
                if choice == "cancel":
                    if exit_after:
                        self.exit(0)
                    return
                if choice == "skip":
                    skip = {c.code for c in cautioned if c.avoid}
        plan = routine.plan(
            self.catalogue, default_breathing=PRESETS.get(self.settings.breathing), skip=skip
        )
        if not plan:
            self.notify("Every step of this routine uses those points.", severity="warning")
            if exit_after:
                self.exit(0)
            return
        screen = PlaybackScreen(
            entry.slug,
            routine,
            plan,
            self.catalogue,
            clock=self.clock,
            bell=self.settings.bell,
            muted=state.is_muted(),
            reduced_motion=self.reduced_motion,
            ascii=self.ascii_map,
            on_mute=self._remember_mute,
        )
        await self.push_screen_wait(screen)
        if exit_after:
            self.exit(0)

    def now(self) -> datetime:
        """The current local time with its UTC offset (tests may replace this method)."""
        from tui.core.when import now_local

        return now_local()

    def journal_store(self) -> JournalStore:
        """The journal: --journal, then ACUPRESS_JOURNAL, then the config, then the default.

        Raises :class:`~tui.core.journal.parse.JournalError` when the choice cannot be used
        (a broken ``journal`` setting is never swapped for another journal silently).
        """
        from tui.core.journal.parse import JournalError
        from tui.core.journal.store import JournalStore
        from tui.core.paths import resolve_journal
        from tui.core.problems import ProblemError

        try:
            location = resolve_journal(
                self.journal_path,
                configured=self.settings.journal,
                settings_problems=self.settings_problems,
            )
        except ProblemError as error:
            raise JournalError(error.problems) from None
        return JournalStore(location.path, clock=self.now)

    def _remember_mute(self, muted: bool) -> None:
        problem = state.set_muted(muted)
        if problem is not None:
            self.notify(visible(str(problem)), severity="warning", markup=False)

    # ---- command palette -----------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for mode, title in SECTIONS.items():
            yield SystemCommand(title, f"Go to the {title.lower()} section", self._switcher(mode))
        yield SystemCommand("Help", "Keys for this screen", self.action_help)
        yield SystemCommand(
            "Safety notice", "When to see a doctor; not medical advice", self.action_notice
        )
        yield SystemCommand("About", "Version, and every source acupress cites", self.action_about)
        yield from super().get_system_commands(screen)

    def _switcher(self, mode: str) -> Callable[[], None]:
        def switch() -> None:
            self.action_section(mode)

        return switch


if TYPE_CHECKING:

    def _implements_services(app: AcupressApp) -> Services:
        return app  # mypy checks that the app gives screens every service they use
