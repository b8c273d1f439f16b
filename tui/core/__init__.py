"""The pure core of acupress: no Textual imports, no side effects at import time."""
