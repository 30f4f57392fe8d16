"""``SpaceTimeView``: the film as a block of movement in 3D, with everyone's tags along it.

The block is the film's motion energy (:mod:`vigkit.views.motion`) stood on its side: the
picture across and up, time along the long edge, drawn as a grey cloud that is darker
where the picture changes more. Each coder's tags sit in their own row above the block,
at the tag's time, coloured by the scheme's (Okabe–Ito) category colour and shaped per
coder, so a coder is never told apart by colour alone. No film frames are sent to the
browser: only a small, coarse volume (a few hundred kilobytes to a megabyte or two).

ipyvolume (unmaintained, but the only 3D volume widget that works in JupyterLab 4) is
imported only in :mod:`vigkit.views.spacetime_figure`, and only when a view is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..coding.workspace import Workspace
from .motion import FPS, WIDTH, MotionEnergy, motion_energy
from .spacetime_block import MAX_SLICES, MAX_WIDTH, block_of
from .spacetime_figure import import_ipyvolume, spacetime_figure, view_box
from .spacetime_rows import MARKERS, Source, coder_rows, codings_of, legend_html
from .widgetstate import widget_state_bytes


class SpaceTimeView:
    """A 3D space-time block of ``video``'s movement with each coder's tags in a row.

    ``source`` is a :class:`Comparison` (the coder and the reference), a
    :class:`GroupComparison`, a :class:`Coding` (one row per coder in it) or a list of
    codings. Motion energy is worked out (or taken from the workspace's cache) with
    ``width`` and ``fps``; pass ``motion`` to reuse one already made. Shows as a title,
    the 3D figure, a one-line how-to and a legend of codes and coders.
    """

    def __init__(
        self,
        video: str | Path,
        source: Source,
        *,
        workspace: Workspace | str | Path | None = None,
        motion: MotionEnergy | None = None,
        width: int = WIDTH,
        fps: float = FPS,
        cache: bool = True,
        max_slices: int = MAX_SLICES,
        max_width: int = MAX_WIDTH,
        size: tuple[int, int] = (760, 420),
    ) -> None:
        ipv = import_ipyvolume()
        self.scheme, named = codings_of(source)
        self.rows = coder_rows(named)
        self.motion = (
            motion
            if motion is not None
            else motion_energy(video, width=width, fps=fps, workspace=workspace, cache=cache)
        )
        self.block = block_of(self.motion, max_slices=max_slices, max_width=max_width)
        self.figure = spacetime_figure(ipv, self.block, self.rows, self.scheme, self._end(), size)
        self.widget = view_box(self.figure, legend_html(self.scheme, self.rows))

    @property
    def coders(self) -> tuple[str, ...]:
        """The coders shown, top row first."""
        return tuple(row.name for row in self.rows)

    @property
    def markers(self) -> dict[str, str]:
        """Each coder's marker shape (ipyvolume's name for it)."""
        return {row.name: row.marker for row in self.rows}

    @property
    def lanes(self) -> dict[str, int]:
        """Each coder's row above the block: 0 is the top row."""
        return {row.name: row.row for row in self.rows}

    @property
    def legend(self) -> Any:
        """The legend (an ipywidgets ``HTML``)."""
        return self.widget.children[-1]

    def state_bytes(self) -> int:
        """Roughly how many bytes the browser is sent (and a notebook saving widget state
        keeps): the JSON state and binary buffers of every widget in the view."""
        return widget_state_bytes(self.widget)

    def _end(self) -> float:
        latest = max((float(row.offsets.max()) for row in self.rows if len(row.offsets)), default=0)
        return max(self.block.end, self.motion.duration, latest)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return (
            f"<SpaceTimeView of {self.motion.source.name}: {len(self.rows)} coders, "
            f"{sum(len(r.codes) for r in self.rows)} tags>"
        )


__all__ = [
    "MARKERS",
    "SpaceTimeView",
    "block_of",
    "coder_rows",
    "codings_of",
    "legend_html",
    "widget_state_bytes",
]
