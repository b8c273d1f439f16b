"""``python -m tui`` runs the same entry point as the ``acupress`` command."""

import sys

from tui.cli import main

sys.exit(main())
