"""Comparing TOML values exactly: types, time zones, key order, NaN signs."""

from __future__ import annotations

import math
from datetime import datetime, time
from typing import Any


def identical(a: Any, b: Any, where: str = "$", *, nan_sign: bool = True) -> str | None:
    """None if *a* and *b* are the same TOML value, down to types, key order and NaN signs
    (*nan_sign* False: NaN signs not compared; the suite's JSON writes every NaN as "nan")."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} {a!r} vs {type(b).__name__} {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{where}: keys {list(a)} vs {list(b)}"
        for key in a:
            if found := identical(a[key], b[key], f"{where}.{key}", nan_sign=nan_sign):
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items vs {len(b)}"
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            if found := identical(x, y, f"{where}[{n}]", nan_sign=nan_sign):
                return found
        return None
    if isinstance(a, float):
        if math.isnan(a) and math.isnan(b) and not nan_sign:
            return None
        same = (math.isnan(a) and math.isnan(b)) or a == b
        if not same or math.copysign(1, a) != math.copysign(1, b):
            return f"{where}: {a!r} vs {b!r}"
        return None
    if isinstance(a, datetime | time):
        if type(a.tzinfo) is not type(b.tzinfo) or a.utcoffset() != b.utcoffset():
            return f"{where}: tzinfo {a.tzinfo!r} vs {b.tzinfo!r}"
        if a.replace(tzinfo=None) != b.replace(tzinfo=None):
            return f"{where}: {a!r} vs {b!r}"
        return None
    return None if a == b else f"{where}: {a!r} vs {b!r}"
