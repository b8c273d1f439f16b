"""``acupress completion bash|zsh|fish``: shell completion, generated from the parser.

The script holds what the parser knows (commands, options, which options take a
value, fixed lists of values such as areas and regions), the catalogue's point codes
and the built-in routines' names, and lists the files in your routines folder itself,
so no TAB starts a program. ``acupress __complete routines PREFIX`` (:func:`answer`)
answers the scripts of earlier versions, which asked it for routine names.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a TAB runs answer(), which needs neither
    import argparse
    from collections.abc import Sequence

SHELLS: tuple[str, ...] = ("bash", "zsh", "fish")

INSTALL = """\
Install it once; it takes effect in new shells.

bash, with the bash-completion package:
  acupress completion bash \\
    > ~/.local/share/bash-completion/completions/acupress
  or, without it, add to ~/.bashrc:  eval "$(acupress completion bash)"
zsh:
  mkdir -p ~/.zfunc && acupress completion zsh > ~/.zfunc/_acupress
  and in ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)
fish:
  acupress completion fish > ~/.config/fish/completions/acupress.fish

Write the file again after upgrading acupress, for its new commands,
options, points and routines; the names of yours are always current.
"""


def add_parser(subparsers: Any) -> None:
    import argparse

    parser: argparse.ArgumentParser = subparsers.add_parser(
        "completion",
        help="print the shell completion script for bash, zsh or fish",
        description="Print a script that completes acupress's commands, options,\n"
        "point codes and aliases, routine names (built-in and yours), areas,\n"
        "regions and uses.",
        epilog=INSTALL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(handler=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    from tui.cli import build_parser
    from tui.cli.completion_scripts import script

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


# --- the helper a TAB runs ------------------------------------------------------------------


def answer(argv: Sequence[str]) -> int:
    """``acupress __complete routines [PREFIX]``: each routine's name, a tab, whose it is.

    The one list a script cannot hold, as routines of your own come and go. Quick and
    quiet: no routine is read, nothing is written, and any problem means no
    candidates (a TAB must never print an error into the command line).
    """
    kind, prefix = [*argv, "", ""][:2]
    if kind != "routines":
        return 2
    try:
        from tui.core.routine_files import routine_sources

        wanted = prefix.casefold()
        sys.stdout.write(
            "".join(
                f"{file.slug}\t{'built-in' if file.builtin else 'yours'}\n"
                for file in routine_sources()
                if file.slug.casefold().startswith(wanted) and _offered(file.slug)
            )
        )
    except Exception:  # a completion must fail silently
        return 1
    return 0


def _offered(name: str) -> bool:
    """Whether a file's name can be offered as one word: no space, no control character
    (which the shell would show, and a terminal obey)."""
    return name.isprintable() and not any(c.isspace() for c in name)
