"""What a served session may claim and how often: sizes, terminal types, rates, time-outs.

Plain functions and a small rate limiter, with no SSH in them, so that each rule is
tested on its own.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_SIZE = (80, 24)
"""Columns and rows used when a client claims 0 (RFC 4254: "unknown")."""
MIN_SIZE = (20, 6)
MAX_SIZE = (400, 200)
"""A client may claim anything from 0x0 to 65535x65535: the app is given a size in this range.
The upper bound keeps one session from costing the server a million cells per frame."""

KNOWN_TERMS = frozenset(
    {
        "alacritty",
        "foot",
        "gnome",
        "gnome-256color",
        "konsole",
        "konsole-256color",
        "linux",
        "putty",
        "putty-256color",
        "rxvt",
        "rxvt-256color",
        "rxvt-unicode",
        "rxvt-unicode-256color",
        "screen",
        "screen-256color",
        "st",
        "st-256color",
        "tmux",
        "tmux-256color",
        "vt100",
        "vt220",
        "wezterm",
        "xterm",
        "xterm-16color",
        "xterm-256color",
        "xterm-color",
        "xterm-direct",
        "xterm-ghostty",
        "xterm-kitty",
    }
)
"""Terminal types passed on as the client claims them; any other becomes FALLBACK_TERM."""
FALLBACK_TERM = "xterm-256color"


@dataclass(frozen=True, slots=True)
class Limits:
    """The numbers a server holds to. Times are in seconds."""

    max_sessions: int = 32
    """Apps running at once; past it a newcomer is told politely to come back later."""
    rate_per_minute: float = 10.0
    """New connections per minute from one address (IPv6: one /64), after the burst."""
    rate_burst: int = 10
    """Connections one address may open at once before the rate applies."""
    login_grace: float = 30.0
    """Time to finish logging in before the connection is closed."""
    idle_timeout: float = 30 * 60.0
    """A session with neither input nor output for this long is closed."""
    quiet_timeout: float = 3 * 60 * 60.0
    """A session with no input for this long is closed, whatever it writes."""
    hangup_grace: float = 3.0
    """After SIGHUP, the time the app gets to end before SIGKILL."""
    keepalive_interval: float = 15.0
    keepalive_count_max: int = 3
    """A link that answers no keep-alive for interval x count is taken as dropped."""

    @property
    def max_connections(self) -> int:
        """Connections at once, logging in or not: room for the sessions and some newcomers."""
        return 2 * self.max_sessions + 8


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """The size to give the app for a claimed *columns* x *rows* (0 means unknown)."""
    columns = columns or DEFAULT_SIZE[0]
    rows = rows or DEFAULT_SIZE[1]
    return (
        min(max(columns, MIN_SIZE[0]), MAX_SIZE[0]),
        min(max(rows, MIN_SIZE[1]), MAX_SIZE[1]),
    )


def term_type(claimed: str | None) -> str:
    """The client's TERM if it is a known one, else FALLBACK_TERM."""
    return claimed if claimed in KNOWN_TERMS else FALLBACK_TERM


def address_key(address: str) -> str:
    """What one "address" is for the rate limit: the IPv4 address, or the IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class RateLimiter:
    """A token bucket per address: *burst* at once, then *per_minute*.

    Remembers at most *max_addresses* addresses (the least recently seen are forgotten),
    so a flood from many addresses cannot grow it without bound.
    """

    def __init__(
        self,
        per_minute: float,
        burst: int,
        *,
        max_addresses: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(burst, 1))
        self.max_addresses = max_addresses
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, address: str) -> bool:
        """Take one token for *address*; False if it has none left."""
        key = address_key(address)
        now = self.clock()
        tokens, then = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_addresses:
            self._buckets.popitem(last=False)
        return allowed
