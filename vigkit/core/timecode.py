"""Times as people write them (``1:02.5``) and as the kit stores them (seconds)."""

from __future__ import annotations

import math
import re

from .limits import MAX_SECONDS, seconds_problem, shortened

_CLOCK = re.compile(r"^(?:(?P<h>\d+):(?P<hm>[0-5]?\d):|(?P<m>\d+):)(?P<s>[0-5]?\d(?:\.\d*)?)$")


def parse_time(value: str | float | int) -> float:
    """Seconds from a number, a decimal string, ``m:ss.s`` or ``h:mm:ss.s``.

    Raises ``ValueError`` with a readable message for anything else (including NaN and
    infinity, which no clip has, and times beyond :data:`~vigkit.core.limits.MAX_SECONDS`,
    checked before any big number is made). Negative numbers are returned as they are, so
    callers can say *which* rule they break.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, int) and abs(value) > MAX_SECONDS:  # too big for a float, maybe
        raise ValueError(f"the time {seconds_problem(math.inf)}")  # str() of it may fail
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip()
        if not text:
            raise ValueError("the time is empty")
        if "_" in text:  # float() reads "1_000" as 1000: no one writes a time so
            raise ValueError(
                f"'{shortened(text)}' is not a time: write seconds (75.5) or "
                "minutes:seconds (1:15.5)"
            )
        match = _CLOCK.match(text)
        if match:
            if len(match["h"] or "") > 5 or len(match["m"] or "") > 7:
                raise ValueError(f"'{shortened(text)}' {seconds_problem(math.inf)}")
            hours = int(match["h"] or 0)
            minutes = int(match["hm"] if match["h"] is not None else match["m"])
            seconds = hours * 3600 + minutes * 60 + float(match["s"])
        else:
            try:
                seconds = float(text)
            except ValueError:
                raise ValueError(
                    f"'{shortened(text)}' is not a time: write seconds (75.5) or "
                    "minutes:seconds (1:15.5)"
                ) from None
    if not math.isfinite(seconds):
        raise ValueError(f"'{value}' is not a time: it must be a finite number of seconds")
    if abs(seconds) > MAX_SECONDS:
        raise ValueError(f"'{shortened(str(value))}' {seconds_problem(seconds)}")
    return seconds


def format_time(seconds: float, decimals: int = 2) -> str:
    """``m:ss.ff`` (or ``h:mm:ss.ff`` from one hour), as shown on players and in tables."""
    if not math.isfinite(seconds):
        return "--"
    scale = 10**decimals
    total = round(abs(seconds) * scale)
    sign = "-" if seconds < 0 and total else ""
    whole, fraction = divmod(total, scale)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{fraction:0{decimals}d}" if decimals > 0 else ""
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}{tail}"
    return f"{sign}{minutes}:{secs:02d}{tail}"
