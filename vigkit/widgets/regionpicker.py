"""``RegionPicker``: draw, on a still of the film, the box each of two people is in, for
the moment finder's movement (``find_moments(film, regions=picker.regions)``).

The kit takes the still into the workspace (``cache/regions/``) and the browser loads it by
URL from the server's ``/files/`` handler, never as data in the notebook. Boxes are kept in
fractions of the picture, ``(left, top, right, bottom)`` from 0 to 1; until both are drawn
the left and right halves stand in. ``picker.regions`` is plain tuples, as this layer may
not import ``vigkit.moments``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.picturebox import MIN_SIDE, Box, checked_box
from .esm import css, esm
from .pickerstill import picker_still

#: Where the stills go inside a workspace.
STILL_FOLDER = Path("cache") / "regions"
#: What the two people are called unless names are given.
DEFAULT_NAMES = ("the left", "the right")
#: The boxes used until both are drawn: the left and right halves of the picture.
HALF_BOXES = ((0.0, 0.0, 0.5, 1.0), (0.5, 0.0, 1.0, 1.0))
#: Stills wider than this are scaled down: the boxes are fractions, so nothing is lost.
STILL_WIDTH = 960


def summary(drawn: Sequence[bool], names: Sequence[str]) -> str:
    """The sentence under the still: what is drawn, and what is used until both are."""
    halves = "Until both are drawn, the left and right halves of the picture are used."
    if all(drawn):
        return f"Movement will be looked at in the two boxes: {names[0]} and {names[1]}."
    if not any(drawn):
        return (
            f"Drag a box around person 1 ({names[0]}), then around person 2 ({names[1]}). " + halves
        )
    missing = 1 if not drawn[0] else 2
    return f"Now drag a box around person {missing} ({names[missing - 1]}). " + halves


def _browser_box(value: Any) -> list[float]:
    """A box the browser sent, kept inside the picture and the right way round, or ``[]``
    (not drawn) if it is not four numbers or too small."""
    try:
        numbers = [round(min(1.0, max(0.0, float(v))), 4) for v in value]
    except (TypeError, ValueError):
        return []
    if len(numbers) != 4 or not all(math.isfinite(v) for v in numbers):
        return []
    left, right = sorted(numbers[0::2])
    top, bottom = sorted(numbers[1::2])
    if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
        return []
    return [left, top, right, bottom]


class RegionPicker(anywidget.AnyWidget):
    """The still of ``film`` at ``time``: drag a box around person 1, then person 2 (or
    Tab to a box and move it with the arrow keys, resize it with Shift and the arrows).

    ``names`` are what the reasons call them (pseudonyms; default "the left" and "the
    right"), and can be changed under the still. ``picker.regions`` is what to pass to
    ``find_moments(film, regions=...)``. The still is written into ``workspace`` (the
    default workspace if not given), which must be inside the folder JupyterLab serves
    (``root``, found if not given).
    """

    _esm = esm("regionpicker.js")
    _css = css("regionpicker.css")

    #: The still's path under the server's ``/files/`` (URL-quoted).
    src = traitlets.Unicode("").tag(sync=True)
    #: Words for people and screen readers: the film and the time.
    label = traitlets.Unicode("").tag(sync=True)
    #: The film's size as displayed (for the boxes' shape on screen).
    width = traitlets.Int(0).tag(sync=True)
    height = traitlets.Int(0).tag(sync=True)
    #: The two people's names; the browser sets them too.
    names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: The two boxes, ``[left, top, right, bottom]`` in fractions, or ``[]`` if not drawn.
    boxes = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    #: The smallest side of a box (fraction of the picture).
    min_side = traitlets.Float(MIN_SIDE).tag(sync=True)

    def __init__(
        self,
        film: str | Path,
        time: float | str,
        *,
        names: Sequence[str] | None = None,
        workspace: Workspace | str | Path | None = None,
        root: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self._defaults = _checked_names(names, Path(film).name)
        shown = picker_still(film, time, workspace, root, STILL_FOLDER, widest=STILL_WIDTH,
                             show_bar=False)  # fmt: skip
        self.film, self.time = shown.film, shown.time
        #: The still shown (a PNG in the workspace).
        self.still: Path = shown.path
        super().__init__(
            src=shown.src,
            label=shown.label,
            width=shown.info.width,
            height=shown.info.height,
            names=list(self._defaults),
            boxes=[[], []],
            **kwargs,
        )

    @property
    def drawn(self) -> bool:
        """Whether both boxes are drawn (else ``regions`` is the halves)."""
        return all(self.boxes)

    @property
    def regions(self) -> tuple[tuple[str, Box], tuple[str, Box]]:
        """The two people's ``(name, (left, top, right, bottom))``, for
        ``find_moments(film, regions=...)``: the drawn boxes, or the halves until both are."""
        boxes = [tuple(b) for b in self.boxes] if self.drawn else list(HALF_BOXES)
        first, second = (
            (name, (box[0], box[1], box[2], box[3]))
            for name, box in zip(self.names, boxes, strict=True)
        )
        return first, second

    @property
    def summary(self) -> str:
        """The sentence the widget shows about the boxes."""
        return summary([bool(b) for b in self.boxes], self.names)

    def draw(self, person: int, box: Sequence[float]) -> None:
        """Set person ``person``'s (1 or 2) box, ``(left, top, right, bottom)`` in fractions."""
        who = self._who(person)
        boxes = list(self.boxes)
        boxes[person - 1] = list(checked_box(box, who))
        self.boxes = boxes

    def clear(self, person: int | None = None) -> None:
        """Take away person ``person``'s box (both if not given)."""
        if person is not None:
            self._who(person)  # 1 or 2, else say so
        boxes = list(self.boxes)
        for index in (0, 1) if person is None else (person - 1,):
            boxes[index] = []
        self.boxes = boxes

    def _who(self, person: int) -> str:
        if isinstance(person, bool) or person not in (1, 2):
            raise VigkitError(f"{self.label}: the people are numbered 1 and 2, not {person!r}")
        return f"{self.label}: person {person} ({self.names[person - 1]})"

    @traitlets.validate("boxes")
    def _check_boxes(self, proposal: dict[str, Any]) -> list[list[float]]:
        given = list(proposal["value"])[:2]
        return [_browser_box(b) for b in given] + [[]] * (2 - len(given))

    @traitlets.validate("names")
    def _check_names(self, proposal: dict[str, Any]) -> list[str]:
        given = [str(n).strip() for n in list(proposal["value"])[:2]]
        given += [""] * (2 - len(given))
        return [n or d for n, d in zip(given, self._defaults, strict=True)]


def _checked_names(names: Sequence[str] | None, film: str) -> tuple[str, str]:
    if names is None:
        return DEFAULT_NAMES
    given = (names,) if isinstance(names, str) else tuple(names)
    if len(given) != 2 or any(not isinstance(n, str) or not n.strip() for n in given):
        raise VigkitError(
            f"{film}: names must be two words, one for each person (pseudonyms, e.g. "
            f"('Kwame', 'Maya')), not {names!r}"
        )
    return given[0].strip(), given[1].strip()


__all__ = ["DEFAULT_NAMES", "HALF_BOXES", "MIN_SIDE", "RegionPicker", "checked_box", "summary"]
