"""acupress: self-care acupressure for back pain, in the terminal.

The package is split in two: :mod:`tui.core` is pure Python (pydantic models,
loaders, the journal store, the playback clock) and never imports Textual;
:mod:`tui.app`, :mod:`tui.screens` and :mod:`tui.widgets` are the Textual UI.
"""

__version__ = "0.1.0"
