"""``acupress serve``: the app over SSH (or in a browser with ``--web``), for many people.

Needs the ``serve`` extra; nothing of it is imported unless this command runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from tui.cli.common import CliError

SSH_PORT = 2222
WEB_PORT = 8000
EXTRA_HINT = "pip install 'acupress[serve]'"


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the app over SSH (or in a browser with --web)",
        description=(
            "Serve acupress to anyone who can type 'ssh -p PORT HOST': each person with a key "
            "in the authorized-keys file gets their own journal, settings and routines; with "
            "--guests anyone else gets a guest session whose journal lasts only that session. "
            "Sessions can run the app and nothing else. With --web, serve it in a browser "
            f"instead (every browser session is a guest). Needs: {EXTRA_HINT}"
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for all)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port to listen on (default: {SSH_PORT}, or {WEB_PORT} with --web; 0: any free port)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the server's folder: host key, authorized keys, one folder per person "
        "(default: $XDG_DATA_HOME/acupress/serve)",
    )
    parser.add_argument(
        "--host-key",
        type=Path,
        metavar="PATH",
        help="the server's private key, created (ed25519) if missing "
        "(default: DATA_DIR/host_key_ed25519)",
    )
    parser.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="PATH",
        help="OpenSSH public keys, one person per line, named by the comment; "
        "read again when it changes (default: DATA_DIR/authorized_keys)",
    )
    parser.add_argument(
        "--guests",
        action="store_true",
        help="let anyone without an authorized key in, as a guest",
    )
    parser.add_argument(
        "--max-sessions",
        type=_positive,
        default=32,
        metavar="N",
        help="sessions at once; past it, newcomers are asked to come back later (default: 32)",
    )
    parser.add_argument(
        "--rate",
        type=_positive,
        default=10,
        metavar="N",
        help="new connections a minute from one address (default: 10)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_positive,
        default=30,
        metavar="MINUTES",
        help="close a session with no key pressed and nothing shown for this long (default: 30)",
    )
    parser.add_argument(
        "--web",
        action="store_true",
        help="serve in a browser (textual-serve) instead of SSH; every session is a guest",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="with --web: the address browsers use, if not http://HOST:PORT (a proxy, a name)",
    )
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    needed = ("textual_serve",) if args.web else ("asyncssh",)
    missing = [name for name in needed if not _installed(name)]
    if missing:
        raise CliError(f"serve needs the serve extra ({', '.join(missing)}): {EXTRA_HINT}", 2)
    if args.port is not None and not 0 <= args.port < 65536:
        raise CliError(f"--port must be from 1 to 65535 (0: any free port), not {args.port}", 2)
    from tui.core import paths

    data_dir = (args.data_dir or paths.data_dir() / "serve").expanduser().absolute()
    if args.web:
        from tui.serve import web

        port = WEB_PORT if args.port is None else args.port
        if port == 0:
            raise CliError("--web needs a port of its own (browsers are told it); not 0", 2)
        if not _loopback(args.host):
            web.warn_public(args.host, port)
        return web.run(args.host, port, data_dir, public_url=args.public_url)
    return _run_ssh(args, data_dir)


def _installed(module: str) -> bool:
    """Whether *module* can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: blocked in sys.modules
        return False


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        import ipaddress

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _run_ssh(args: argparse.Namespace, data_dir: Path) -> int:
    import asyncio

    from tui.serve.keys import KeyFileError
    from tui.serve.limits import Limits
    from tui.serve.ssh import ServeConfig, Server

    config = ServeConfig(
        data_dir=data_dir,
        host=args.host,
        port=SSH_PORT if args.port is None else args.port,
        host_key=args.host_key.expanduser().absolute() if args.host_key else None,
        authorized_keys=(
            args.authorized_keys.expanduser().absolute() if args.authorized_keys else None
        ),
        guests=args.guests,
        limits=Limits(
            max_sessions=args.max_sessions,
            rate_per_minute=float(args.rate),
            rate_burst=args.rate,
            idle_timeout=args.idle_timeout * 60.0,
        ),
    )
    if not config.guests and not config.authorized_keys_path.exists():
        raise CliError(
            f"nobody could log in: {config.authorized_keys_path} does not exist and --guests "
            "was not given (put people's public keys in it, one a line, or pass --guests)"
        )
    server = Server(config)
    try:
        return asyncio.run(_serve(server))
    except KeyFileError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise CliError(f"cannot listen on {config.host} port {config.port}: {reason}") from None


async def _serve(server: Any) -> int:
    import asyncio
    import signal

    await server.start()
    # Before saying it listens: from then on, Ctrl+C or SIGTERM stops it cleanly.
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, lambda: asyncio.ensure_future(server.close()))
    config = server.config
    port = server.port
    new = " (new)" if server.host_key_created else ""
    people = len(server.people)
    print(f"acupress serve: listening on {config.host} port {port}", flush=True)
    print(f"host key{new}: {server.fingerprint} (ED25519), {config.host_key_path}", flush=True)
    print(
        f"people: {people} key(s) in {config.authorized_keys_path}"
        + ("; guests welcome" if config.guests else "; no guests"),
        flush=True,
    )
    if os.geteuid() == 0:
        print(
            "acupress serve: warning: running as root, so every session runs as root; "
            "run it as a user of its own (see the README)",
            file=sys.stderr,
            flush=True,
        )
    host = "localhost" if _loopback(config.host) else "HOST"
    print(f"connect with: ssh -p {port} {host}", flush=True)
    await server.serve_forever()
    print("acupress serve: stopped", flush=True)
    return 0
