"""A box on a picture in fractions of it, checked: where a person is, for the moment
finder's movement and the RegionPicker that draws it.

One check for both, so the picker never keeps a box the finder would refuse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .errors import VigkitError

#: ``(left, top, right, bottom)``, each from 0 to 1 of the picture.
Box = tuple[float, float, float, float]
#: The smallest side of a box, as a fraction of the picture (a few pixels of the 64-pixel
#: motion picture: less holds too little movement to measure).
MIN_SIDE = 0.05


def checked_box(box: Any, who: str) -> Box:
    """``box`` as four fractions (left, top, right, bottom), or a ``VigkitError`` naming
    ``who`` if it is not four numbers, not inside the picture, the wrong way round or
    smaller than ``MIN_SIDE`` each way."""
    if (
        isinstance(box, (str, bytes))
        or not isinstance(box, Sequence)
        or len(box) != 4
        or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in box
        )
    ):
        raise VigkitError(
            f"{who}: its box must be four fractions of the picture from 0 to 1 "
            f"(left, top, right, bottom), not {box!r}"
        )
    left, top, right, bottom = (float(v) for v in box)
    if not all(0 <= v <= 1 for v in (left, top, right, bottom)):
        raise VigkitError(f"{who}: its box {box!r} goes outside the picture (each from 0 to 1)")
    if right <= left or bottom <= top:
        raise VigkitError(
            f"{who}: its box {box!r} is the wrong way round; it is (left, top, right, bottom), "
            "with right above left and bottom above top"
        )
    if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
        raise VigkitError(
            f"{who}: its box {box!r} is too small to see movement in; make each side at least "
            f"{MIN_SIDE:g} of the picture"
        )
    return (left, top, right, bottom)


__all__ = ["MIN_SIDE", "Box", "checked_box"]
