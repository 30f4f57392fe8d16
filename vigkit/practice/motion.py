"""How bodies move with the clock: a turn eased over half a second, nods, blinks and idle
sway, all worked out from the time alone (no chance), so every render is the same.
"""

from __future__ import annotations

import math

from .layout import Figure
from .model import Beat

#: Seconds a body takes to turn from one way to another.
TURN_SECONDS = 0.5
#: Nods per second.
NOD_RATE = 2.2
BLINK_SECONDS = 0.12


def eased(start: float, target: float, since: float) -> float:
    """Cosine easing from ``start`` to ``target`` over ``TURN_SECONDS``, ``since`` seconds in."""
    if since >= TURN_SECONDS:
        return target
    share = 0.5 - 0.5 * math.cos(math.pi * max(since, 0.0) / TURN_SECONDS)
    return start + (target - start) * share


def nod_depth(figure: Figure, beat: Beat, t: float) -> int:
    """How many pixels the head dips, bobbing ``NOD_RATE`` times a second."""
    depth = 2.0 + 4.0 * figure.scale
    phase = 2 * math.pi * NOD_RATE * (t - beat.at)
    return round(depth * (0.5 - 0.5 * math.cos(phase)))


def is_blinking(index: int, t: float) -> bool:
    """A blink of ``BLINK_SECONDS`` every few seconds, a different rhythm for each person."""
    period = 3.1 + 0.77 * (index % 5)  # rhythms that rarely meet
    offset = 1.1 + 1.37 * index
    return t >= offset and (t - offset) % period < BLINK_SECONDS


def idle_sway(index: int, t: float) -> int:
    """A slow sideways sway of a pixel or two, so figures look alive when not waiting."""
    return round(1.6 * math.sin(2 * math.pi * t / 3.8 + 1.9 * index))
