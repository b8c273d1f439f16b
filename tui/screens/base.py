"""What screens need from the app, and the one typed way they reach it.

Screens never import :mod:`tui.app` (the app imports them). Each screen subclasses
:class:`AppScreen` or :class:`AppModal` and reaches the app's shared services through
``self.services``, typed by the :class:`Services` protocol that the app implements
(mypy checks that it does, in :mod:`tui.app`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.signal import Signal

if TYPE_CHECKING:
    from tui.core.journal.store import JournalStore
    from tui.core.points import Catalogue
    from tui.core.routines import RoutineEntry
    from tui.core.settings import Settings

ResultType = TypeVar("ResultType")


class Services(Protocol):
    """The app's shared services, loaded once and only when first needed."""

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def ascii_map(self) -> bool: ...

    @property
    def reduced_motion(self) -> bool: ...

    clock: Callable[[], float]
    """The monotonic clock playback runs on (injectable for tests)."""

    def now(self) -> datetime:
        """The current local time with its UTC offset (injectable for tests)."""
        ...

    settings_signal: Signal[Settings]
    """Published with the new settings whenever they change (the settings screen saved them)."""

    def journal_store(self) -> JournalStore: ...

    def apply_settings(self, settings: Settings) -> None: ...

    async def play_routine(self, entry: RoutineEntry, *, exit_after: bool = False) -> None: ...


def services_of(node: Any) -> Services:
    """The services of the app *node* (a screen or widget) runs in."""
    return cast(Services, node.app)


class AppScreen(Screen[ResultType]):
    """A full screen of acupress.

    A screen that shows something a setting decides overrides :meth:`settings_changed`:
    it runs when the settings change, while the screen is open in any section (shown or
    not), so nothing waits for the screen to be shown again to be right.
    """

    @property
    def services(self) -> Services:
        return services_of(self)

    def on_mount(self) -> None:  # Textual runs this as well as a subclass's own on_mount
        self.services.settings_signal.subscribe(self, self.settings_changed)

    def settings_changed(self, settings: Settings) -> None:
        """The settings have changed to *settings* (nothing to do by default)."""


class AppModal(ModalScreen[ResultType]):
    """A dialog of acupress, over the current screen."""

    @property
    def services(self) -> Services:
        return services_of(self)
