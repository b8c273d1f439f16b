"""The Textual application: sections as modes, shared services, global keys.

Screens live one per module in :mod:`tui.screens`; reusable widgets in
:mod:`tui.widgets`. The app holds what every screen shares (catalogue,
settings, the clock) so that each is loaded once, and only when first needed.

Keys: on any one screen a key means one thing. The section keys ``1``-``4`` work on
the sections whose screen gives digits no other meaning (the journal takes them for the
pain level); ``g`` then a digit works on every section. Section keys, ``g`` and ``q``
(quit) belong to the sections only: playback, a point opened full-screen and every
dialog have their own keys. Each action bound to a ctrl key has a plain key too
(browsers keep ctrl keys for themselves): ``:`` opens the command palette.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from textual.app import App, SystemCommand, get_system_commands_provider
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal

if TYPE_CHECKING:
    from datetime import datetime

    from textual.command import Provider
    from textual.notifications import Notification

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


def _catalogue_commands() -> type[Provider]:
    from tui.screens.palette import CatalogueCommands

    return CatalogueCommands


class AsciiFilter(LineFilter):
    """Every line drawn in plain ASCII, cell for cell (borders, scroll bars, signs, tone
    marks): for a terminal that cannot show Unicode (:mod:`tui.core.charset`)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        from tui.core.charset import ascii_cells

        return [
            segment if control or text.isascii() else Segment(ascii_cells(text), style, control)
            for segment in segments
            for text, style, control in (segment,)
        ]


def readable(colour: Color, backgrounds: Sequence[Color], minimum: float) -> Color:
    """*colour*, darkened or lightened (whichever the backgrounds call for) just enough to
    stand out *minimum* times from each of them (:mod:`tui.core.contrast`)."""
    from tui.core.contrast import contrast, luminance

    dark = sum(luminance(b.rgb) for b in backgrounds) / len(backgrounds) < 0.18
    target = Color(255, 255, 255) if dark else Color(0, 0, 0)
    for step in range(21):
        candidate = colour.blend(target, step / 20)
        if all(contrast(candidate.rgb, b.rgb) >= minimum for b in backgrounds):
            return candidate
    return target


def readable_colours(variables: dict[str, str]) -> dict[str, str]:
    """For the theme whose *variables* these are: ``accent-text`` (the accent as text, 4.5:1
    on every background it is drawn on) and ``accent-mark`` (bars and marks, 3:1); and the
    list cursor's background where the theme's does not leave its text 4.5:1 (WCAG AA)."""
    from tui.core.contrast import CONTROL, TEXT, contrast

    try:
        accent = Color.parse(variables["accent"])
        grounds = [Color.parse(variables[name]) for name in ("background", "surface", "panel")]
        cursor = Color.parse(variables["block-cursor-background"])
        blurred = Color.parse(variables["block-cursor-blurred-background"])
        foreground = Color.parse(variables["foreground"])
    except (KeyError, ValueError):
        return {}
    if any(c.ansi is not None for c in (accent, cursor, foreground, *grounds)):
        # An ANSI theme: the terminal's own palette decides.
        return {"accent-text": variables["accent"], "accent-mark": variables["accent"]}
    found = {
        "accent-text": readable(accent, grounds, TEXT).hex,
        "accent-mark": readable(accent, grounds, CONTROL).hex,
    }
    surface = grounds[1]
    # The focused cursor: Textual writes its text in black or white (87%), whichever is
    # clearer; darken or lighten the cursor until that text is clear enough.
    for _step in range(21):
        ground = surface + cursor
        text = ground.get_contrast_text(0.87)
        if contrast((ground + text).rgb, ground.rgb) >= TEXT:
            break
        cursor = cursor.blend(
            Color(0, 0, 0) if text.brightness > 0.5 else Color(255, 255, 255), 0.05
        )
    found["block-cursor-background"] = cursor.hex
    # The cursor of a list without focus: the theme's text on a tint of the cursor colour.
    for _step in range(21):
        ground = surface + blurred
        if contrast((ground + foreground).rgb, ground.rgb) >= TEXT:
            break
        blurred = blurred.with_alpha(max(0.0, blurred.a - 0.03))
    found["block-cursor-blurred-background"] = blurred.hex
    return found


def _with_muted_state(settings: Settings) -> Settings:
    """The bell as one setting: the old ``muted`` of the state file (before the bell was a
    setting only) still silences it until the bell is next switched."""
    from dataclasses import replace

    if settings.bell and state.is_muted():
        return replace(settings, bell=False)
    return settings


def export_journal_file(store: JournalStore, now: datetime) -> Path:
    """Write every entry of *store*, oldest first, as JSON to a new file; return its path.

    The file goes in the user's documents folder if there is one, else in acupress's data
    folder, named ``acupress-journal-DATE.json`` (``-2``, ``-3``… if taken): it never
    replaces a file, least of all the journal, its backup or its lock. New files are
    readable by their owner only (:func:`tui.core.files.write_atomic`).
    """
    import json

    import platformdirs

    from tui.core import paths
    from tui.core.files import same_file, write_atomic
    from tui.core.problems import Problem, ProblemError

    entries = sorted(store.load(), key=lambda e: e.at)
    data = json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n"
    documents = platformdirs.user_documents_path()
    folder = documents if documents.is_dir() else paths.data_dir()
    own = (store.path, store.target, store.backup_path, store.lock_path)
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        target = folder / f"acupress-journal-{now:%Y-%m-%d}{suffix}.json"
        if os.path.lexists(target) or any(same_file(target, path) for path in own):
            continue
        return write_atomic(target, data.encode("utf-8"))
    raise ProblemError([Problem(folder, None, "no free name for the export (1000 taken)")])


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
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        # The app's actions (get_system_commands), and every point and routine by name.
        get_system_commands_provider,
        _catalogue_commands,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(number),
                f"section('{mode}')",
                "Go to a section" if number == 1 else "",
                show=False,
                key_display="1-4" if number == 1 else None,
            )
            for number, mode in enumerate(SECTIONS, start=1)
        ),
        Binding("g", "go", "Go to a section (then 1-4)", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("colon", "command_palette", "Commands", show=False, key_display=":"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True),
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
        self._ascii_filter = AsciiFilter()
        if settings is None:
            settings, problems = load_settings()
            settings_problems = [*settings_problems, *problems]
            settings = _with_muted_state(settings)
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
        self._journal_writes: deque[
            tuple[
                Callable[[JournalStore], Any],
                Callable[[Any], None] | None,
                Callable[[str], None] | None,
            ]
        ] = deque()
        self._writing = False
        self._routines: list[RoutineEntry] | None = None
        self._topics: dict[str, Notification] = {}

    # ---- shared services ---------------------------------------------------

    @cached_property
    def catalogue(self) -> Catalogue:
        # The quick read: checked in full in the background once the first screen is up.
        if self._catalogue is not None:
            return self._catalogue
        return load_catalogue(checked=False)

    @property
    def ascii_map(self) -> bool:
        """Draw in plain ASCII where the terminal cannot show Unicode (or ACUPRESS_ASCII=1)."""
        if self._ascii_map is None:
            from tui.core.charset import terminal_wants_ascii

            encoding = getattr(sys.__stdout__, "encoding", None)
            self._ascii_map = terminal_wants_ascii(os.environ, encoding)
        return self._ascii_map

    def get_css_variables(self) -> dict[str, str]:
        """Textual's theme variables, and acupress's own colours that stay readable in it:
        ``$accent-text`` (the accent as text, 4.5:1 on every background it is drawn on) and
        ``$accent-mark`` (bars and marks, 3:1), and a list cursor whose text reads (WCAG AA)."""
        variables = super().get_css_variables()
        variables.update(readable_colours(variables))
        return variables

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = super().get_line_filters()
        return [*filters, self._ascii_filter] if self.ascii_map else filters

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        if self.ascii_map:
            from tui.core.charset import ascii_text

            return ascii_text(display)  # "Enter", not a sign the terminal cannot show
        return display

    @property
    def reduced_motion(self) -> bool:
        return self.settings.reduce_motion or self.animation_level == "none"

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings now (they have been saved), on every open screen."""
        if settings.journal != self.settings.journal:
            # A journal setting saved from the app is a good one: its old problem is gone.
            self.settings_problems = [p for p in self.settings_problems if p.field != "journal"]
        self.settings = settings
        if settings.theme in self.available_themes and self.theme != settings.theme:
            self.theme = settings.theme
        self.animation_level = "none" if settings.reduce_motion else self._animation_level
        self.settings_signal.publish(settings)  # to every open screen, in every section

    def update_settings(self, **changes: Any) -> bool:
        """Change, save and apply settings; say why not (and change nothing) if that fails."""
        from tui.core import paths
        from tui.core.problems import ProblemError
        from tui.core.settings import save_settings, updated

        try:
            new = updated(self.settings, **changes)
        except ValueError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
            return False
        try:
            save_settings(new)
        except ProblemError as error:
            self.notify(
                visible(str(error)),
                title="Settings not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
            return False
        except OSError as error:
            self.notify(
                visible(f"{paths.config_file()}: cannot save: {error.strerror}"),
                severity="error",
                markup=False,
            )
            return False
        if "bell" in changes and state.is_muted():
            # The bell is one setting now: the old mute of the state file has had its say.
            state.set_muted(False)
        self.apply_settings(new)
        return True

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

    # ---- notifications -------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast, except where the screen shows messages itself (playback: a toast there
        would cover the progress bars and the time left)."""
        show = getattr(self.screen, "show_message", None) if self.is_running else None
        if callable(show):
            show(f"{title}: {message}" if title else message, severity=severity, timeout=timeout)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def notify_about(
        self,
        topic: str,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """A notification about *topic* (``routine:my-back``), replacing the last one about it;
        :meth:`withdraw` takes it away once the problem is fixed."""
        from textual.notifications import Notification, Notify

        self.withdraw(topic)
        notification = Notification(
            message,
            title,
            severity,
            self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=False,
        )
        self._topics[topic] = notification
        self.post_message(Notify(notification))

    def withdraw(self, topic: str) -> None:
        """Take away the notification about *topic*, if it is still shown."""
        notification = self._topics.pop(topic, None)
        if notification is not None and notification in self._notifications:
            self._unnotify(notification)

    # ---- actions -------------------------------------------------------------

    @property
    def on_a_section(self) -> bool:
        """Whether the screen shown is one of the sections (not playback, a point or a dialog)."""
        return getattr(self.screen, "SECTION", None) in SECTIONS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("section", "go", "quit"):
            # Section keys and q are the sections' own: elsewhere they would act unseen.
            return self.on_a_section
        return True

    def action_section(self, name: str) -> None:
        if name in SECTIONS and self.current_mode != name:
            self.switch_mode(name)

    def action_go(self) -> None:
        from tui.screens.go import GoScreen

        def chosen(mode: str | None) -> None:
            if mode is not None:
                self.action_section(mode)

        self.push_screen(GoScreen(getattr(self.screen, "SECTION", "")), chosen)

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

    def toggle_setting(self, key: str) -> None:
        """Switch a yes/no setting (pregnancy mode, the bell, reduce motion) and say so."""
        from tui.screens.settings import SWITCHES

        value = not getattr(self.settings, key)
        if self.update_settings(**{key: value}):
            title = next((t for k, t, _ in SWITCHES if k == key), key)
            self.notify(f"{title}: {'on' if value else 'off'}.", timeout=3)

    def routine_entries(self, *, reload: bool = False) -> list[RoutineEntry]:
        """Every routine, built-in and the user's (read again with *reload*)."""
        from tui.core.routines import discover

        if reload or self._routines is None:
            self._routines = discover(self.catalogue)
        return self._routines

    def play_by_name(self, slug: str) -> None:
        """Play the routine *slug* from its section (the palette's ``Play NAME``)."""
        entry = next((e for e in self.routine_entries() if e.slug == slug), None)
        if entry is None:
            self.notify(visible(f"no routine '{slug}'"), severity="error", markup=False)
            return

        async def play() -> None:
            await self.switch_mode("routines")
            select = getattr(self.screen, "select_routine", None)
            if callable(select):
                select(slug)
            await self.play_routine(entry)

        self.run_worker(play(), group="play")

    def in_section(self, mode: str, method: str) -> None:
        """Go to the section *mode*, then call its screen's *method* (``start_rating``)."""

        async def go() -> None:
            if self.current_mode != mode:
                await self.switch_mode(mode)
            getattr(self.screen, method)()

        self.run_worker(go(), group="section")

    def open_point(self, code: str) -> None:
        """Open the point *code* full-screen, from the browser (the palette's points)."""
        from tui.screens.point import PointScreen

        point = self.catalogue.get(code)
        if point is None:
            return

        async def go() -> None:
            if self.current_mode != "points":
                await self.switch_mode("points")
            select = getattr(self.screen, "select_point", None)
            if callable(select):
                select(point.code)
            await self.push_screen(PointScreen(point))

        self.run_worker(go(), group="section")

    def export_journal(self) -> None:
        """Write every rating, oldest first, to a new JSON file in the documents folder (or
        the data folder); never over the journal, its backup or lock, or any other file."""
        from tui.core.journal.parse import JournalError
        from tui.core.problems import ProblemError

        def work() -> None:
            try:
                target = export_journal_file(self.journal_store(), self.now())
            except (JournalError, ProblemError) as error:
                message = "\n".join(str(p) for p in error.problems)
                self.call_from_thread(self._export_failed, message)
            except OSError as error:
                self.call_from_thread(
                    self._export_failed, f"{error.filename or ''}: {error.strerror or error}"
                )
            else:
                self.call_from_thread(
                    self.notify,
                    visible(str(target)),
                    title="Journal exported",
                    timeout=8,
                    markup=False,
                )

        self.run_worker(work, thread=True, group="export", exit_on_error=False)

    def _export_failed(self, message: str) -> None:
        self.notify(
            visible(message), title="Not exported", severity="error", timeout=10, markup=False
        )

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
            reduced_motion=self.reduced_motion,
            ascii=self.ascii_map,
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

    def write_journal(
        self,
        change: Callable[[JournalStore], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Apply *change* to the journal in a thread, after every change asked for before it.

        The one way the app saves to the journal. Then ``done(result)``, or ``failed(why)``
        with a sentence naming the file (the journal broken meanwhile, the disk full),
        on the UI thread. Changes run one at a time, in the order asked: a rating updated
        right after it was added is updated after it was added.
        """
        self._journal_writes.append((change, done, failed))
        if not self._writing:
            self._next_write()

    def _next_write(self) -> None:
        if not self._journal_writes:
            self._writing = False
            return
        self._writing = True
        change, done, failed = self._journal_writes.popleft()

        def finish(result: Any, problem: str | None) -> None:
            try:
                if problem is None:
                    if done is not None:
                        done(result)
                elif failed is not None:
                    failed(problem)
                else:
                    self.notify(visible(problem), title="Not saved", severity="error", markup=False)
            finally:
                self._next_write()

        def work() -> None:
            from tui.core.journal.parse import JournalError

            result: Any = None
            problem: str | None = None
            path: object = self.journal_path or "the journal"
            try:
                store = self.journal_store()
                path = store.path
                result = change(store)
            except JournalError as error:
                problem = "\n".join(str(p) for p in error.problems)
            except OSError as error:
                problem = f"{path}: {error.strerror or error}"
            except ValueError as error:
                problem = f"{path}: {error}"
            self.call_from_thread(finish, result, problem)

        self.run_worker(work, thread=True, group="journal-write", exit_on_error=False)

    # ---- command palette -----------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from tui.screens.palette import app_commands

        yield from app_commands(self, screen)


if TYPE_CHECKING:

    def _implements_services(app: AcupressApp) -> Services:
        return app  # mypy checks that the app gives screens every service they use
