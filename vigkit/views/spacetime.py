"""``SpaceTimeView``: the film as a block of movement in 3D, with everyone's tags along it.

The block is the film's motion energy (:mod:`vigkit.views.motion`) stood on its side: the
picture across and up, time along the long edge, drawn as a grey cloud that is darker
where the picture changes more. Each coder's tags sit in their own row above the block,
at the tag's time, coloured by the scheme's (Okabe–Ito) category colour and shaped per
coder, so a coder is never told apart by colour alone. No film frames are sent to the
browser: only a small, coarse volume (a few hundred kilobytes to a megabyte or two).

ipyvolume (unmaintained, but the only 3D volume widget that works in JupyterLab 4) is
imported only here, and only when a view is made.
"""

from __future__ import annotations

import copy
import html
import importlib
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from ..agreement.comparison import Comparison
from ..agreement.group import GroupComparison
from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from .motion import FPS, WIDTH, MotionEnergy, motion_energy

TITLE = "Where the tags sit against movement in the film"
HOW_TO = (
    "Drag to turn the block, scroll to zoom. Time runs along the long side; the darker "
    "the cloud, the more the picture moves there."
)
INSTALL = "pip install ipyvolume ipython_genutils"
#: Marker shapes for coders, in order: (ipyvolume marker, symbol, name for the legend).
MARKERS: tuple[tuple[str, str, str], ...] = (
    ("sphere", "●", "balls"),
    ("box", "■", "cubes"),
    ("diamond", "◆", "diamonds"),
    ("triangle_2d", "▲", "triangles"),
    ("cylinder", "▮", "cylinders"),
)
#: At most this many time slices and this many pixels across are sent to the browser.
MAX_SLICES = 300
MAX_WIDTH = 48
#: Height of one coder's row above the block, as a share of the picture's width.
ROW = 0.14
#: The motion cloud's colour (a neutral blue-grey that none of the category colours is).
CLOUD_RGB = (0.22, 0.27, 0.33)
#: How much of the cloud shows at full movement (0..1); less keeps the markers visible.
CLOUD_OPACITY = 0.5
#: The thin line along each coder's row.
LANE_COLOUR = "#B8B8B8"

Source = Comparison | GroupComparison | Coding | Sequence[Coding]


@dataclass(frozen=True, eq=False)
class CoderRow:
    """One coder's row: the name shown, the marker, where the row is, and the tags."""

    name: str
    marker: str
    symbol: str
    shape: str
    row: int
    codes: tuple[str, ...]
    onsets: npt.NDArray[np.float64]
    offsets: npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Block:
    """The motion volume as sent to the browser: ``data[t, y, x]`` in 0..1 (y up), and
    the seconds its first and last slices start and end."""

    data: npt.NDArray[np.float32]
    start: float
    end: float
    aspect: float  # picture height / width


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
        ipv = _ipyvolume()
        self.scheme, named = codings_of(source)
        self.rows = coder_rows(named)
        self.motion = (
            motion
            if motion is not None
            else motion_energy(video, width=width, fps=fps, workspace=workspace, cache=cache)
        )
        self.block = block_of(self.motion, max_slices=max_slices, max_width=max_width)
        self.figure = _figure(ipv, self.block, self.rows, self.scheme, self._end(), size)
        self.widget = _layout(self.figure, legend_html(self.scheme, self.rows))

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


# ------------------------------------------------------------------ what is shown


def codings_of(source: Source) -> tuple[Scheme, list[tuple[str, Coding]]]:
    """The scheme and each coder's coding, in the order their rows are drawn (top first):
    the coder then the reference for a comparison, the reference first for a group."""
    if isinstance(source, Comparison):
        reference = source.reference_name
        if reference == source.coder_name:
            reference = f"{reference} (reference)"
        pairs = [(source.coder_name, source.coder), (reference, source.reference)]
        return source.scheme, pairs
    if isinstance(source, GroupComparison):
        return _group_codings(source)
    if isinstance(source, Coding):
        return source.scheme, _by_coder([source])
    if isinstance(source, Sequence) and not isinstance(source, str):
        codings = list(source)
        if not codings or not all(isinstance(c, Coding) for c in codings):
            raise VigkitError(
                "give the SpaceTimeView a comparison, a coding or a list of codings "
                "(a list must hold at least one coding and nothing else)"
            )
        _same_scheme(codings)
        return codings[0].scheme, _by_coder(codings)
    raise VigkitError(
        f"the SpaceTimeView cannot show a {type(source).__name__}: give it a comparison "
        "(vigkit.compare or vigkit.compare_many), a coding or a list of codings"
    )


def _group_codings(group: GroupComparison) -> tuple[Scheme, list[tuple[str, Coding]]]:
    comparisons = list(group.against_reference.values())
    if group.codings:
        order = [group.reference] if group.reference in group.codings else []
        order += [c for c in group.coders if c in group.codings and c not in order]
        pairs = [(name, group.codings[name]) for name in order if name is not None]
    elif comparisons:
        first = comparisons[0]
        pairs = [(first.reference_name, first.reference)]
        pairs += [(c.coder_name, c.coder) for c in comparisons]
    else:
        raise VigkitError("this group comparison holds no codings to show")
    scheme = comparisons[0].scheme if comparisons else pairs[0][1].scheme
    return scheme, _unique(pairs)


def _by_coder(codings: Iterable[Coding]) -> list[tuple[str, Coding]]:
    pairs = [(name, coding.filter(coder=name)) for coding in codings for name in coding.coders]
    return _unique(pairs)


def _unique(pairs: list[tuple[str, Coding]]) -> list[tuple[str, Coding]]:
    """Coders named twice (two codings by one pseudonym) get "(2)", "(3)" after the name."""
    seen: dict[str, int] = {}
    named = []
    for name, coding in pairs:
        seen[name] = seen.get(name, 0) + 1
        named.append((name if seen[name] == 1 else f"{name} ({seen[name]})", coding))
    if not named:
        raise VigkitError("there are no codings to show; tag the film first")
    return named


def _same_scheme(codings: Sequence[Coding]) -> None:
    schemes = {c.scheme.id for c in codings}
    if len(schemes) > 1:
        raise VigkitError(
            f"the codings use different schemes ({', '.join(sorted(schemes))}); a view "
            "can only show codings of one scheme"
        )


def coder_rows(named: Sequence[tuple[str, Coding]]) -> list[CoderRow]:
    """One row per coder, top first, each with its own marker shape."""
    rows = []
    for index, (name, coding) in enumerate(named):
        marker, symbol, shape = MARKERS[index % len(MARKERS)]
        events = coding.events
        rows.append(
            CoderRow(
                name=name,
                marker=marker,
                symbol=symbol,
                shape=shape,
                row=index,
                codes=tuple(str(code) for code in events["code"]),
                onsets=events["onset"].to_numpy(dtype=np.float64),
                offsets=events["offset"].to_numpy(dtype=np.float64),
            )
        )
    return rows


def block_of(
    motion: MotionEnergy, *, max_slices: int = MAX_SLICES, max_width: int = MAX_WIDTH
) -> Block:
    """The motion energy made small for the browser: averaged over whole pixels and time
    steps, picture turned so up is up, and scaled so the busiest places are 1."""
    energy = motion.energy
    step = max(1, math.ceil(energy.shape[2] / max_width))
    energy = _mean_blocks(energy, 2, step)
    energy = _mean_blocks(energy, 1, step)
    bins = max(1, math.ceil(energy.shape[0] / max(1, max_slices)))
    energy = _mean_blocks(energy, 0, bins)
    moving = energy[energy > 0]  # most of a tripod film is still: scale by what moves
    top = float(np.percentile(moving, 99.5)) if moving.size else 0.0
    scaled = np.clip(energy / top, 0.0, 1.0) if top > 0 else np.zeros_like(energy)
    data = np.ascontiguousarray(scaled[:, ::-1, :], dtype=np.float32)
    seconds = bins / motion.fps
    return Block(
        data=data,
        start=0.0,
        end=len(data) * seconds,
        aspect=motion.height / motion.width,
    )


def _mean_blocks(values: npt.NDArray[np.float32], axis: int, size: int) -> npt.NDArray[np.float32]:
    """Means over runs of ``size`` along ``axis`` (a short last run is averaged too)."""
    if size == 1:
        return values
    count = values.shape[axis]
    whole = count // size * size
    head = np.take(values, np.arange(whole), axis=axis)
    shape = list(head.shape)
    shape[axis : axis + 1] = [count // size, size]
    means: npt.NDArray[np.float32] = head.reshape(shape).mean(axis=axis + 1, dtype=np.float32)
    if whole < count:
        tail = np.take(values, np.arange(whole, count), axis=axis).mean(
            axis=axis, keepdims=True, dtype=np.float32
        )
        means = np.concatenate([means, tail], axis=axis)
    return means


def legend_html(scheme: Scheme, rows: Sequence[CoderRow]) -> str:
    """The legend: each code's colour and label, and each coder's shape and row."""
    used = {code for row in rows for code in row.codes}
    codes = []
    for category in scheme.categories:
        mine = [b.label for b in category.behaviours if b.id in used]
        if category.id not in used and not mine:
            continue
        label = html.escape(category.label)
        if mine:
            label += ": " + html.escape(", ".join(mine))
        codes.append(
            f'<li><span class="vigkit-spacetime-swatch" style="display:inline-block;'
            f"width:0.9em;height:0.9em;margin-right:0.4em;vertical-align:middle;"
            f'background:{category.colour}"></span>{label}</li>'
        )
    coders = []
    for row in rows:
        tags = len(row.codes)
        count = f"{tags} tag{'' if tags == 1 else 's'}" if tags else "no tags"
        coders.append(
            f'<li><span aria-hidden="true">{row.symbol}</span> <b>{html.escape(row.name)}</b>: '
            f"{row.shape}, {_row_words(row.row, len(rows))} ({count})</li>"
        )
    codes_html = "".join(codes) or "<li>No tags yet.</li>"
    return (
        '<div class="vigkit-spacetime-legend" style="display:flex;gap:2.5em;flex-wrap:wrap">'
        f'<div><b>Codes</b> (colour)<ul style="list-style:none;padding-left:0;margin:0.2em 0">'
        f"{codes_html}</ul></div>"
        '<div><b>Coders</b> (shape and row above the block)<ul style="list-style:none;'
        f'padding-left:0;margin:0.2em 0">{"".join(coders)}</ul></div></div>'
    )


def _row_words(row: int, rows: int) -> str:
    if rows == 1:
        return "the row above the block"
    if row == 0:
        return "top row"
    if row == rows - 1:
        return "bottom row, just above the block"
    return f"row {row + 1} from the top"


# ------------------------------------------------------------------ ipyvolume


def _ipyvolume() -> ModuleType:
    """ipyvolume, or a ``VigkitError`` that says how to install it."""
    try:
        module = importlib.import_module("ipyvolume")
    except ImportError as error:
        raise VigkitError(
            f"the space-time view needs ipyvolume, which cannot be loaded ({error}); "
            f"install it with: {INSTALL}"
        ) from None
    # ipyvolume divides by a zero gradient wherever the volume is flat (for lighting, which
    # the view does not use) and numpy warns each time the volume is sent: not news.
    warnings.filterwarnings(
        "ignore",
        message="invalid value encountered in cast",
        category=RuntimeWarning,
        module="ipyvolume.serialize",
    )
    return module


def _figure(
    ipv: ModuleType,
    block: Block,
    rows: Sequence[CoderRow],
    scheme: Scheme,
    end: float,
    size: tuple[int, int],
) -> Any:
    """The ipyvolume figure: the cloud, a line per row, and each coder's markers."""
    top = block.aspect + ROW * (len(rows) + 0.5)
    figure = ipv.Figure(
        width=size[0],
        height=size[1],
        volumes=[_volume(ipv, block)],
        scatters=[s for row in rows if (s := _markers(ipv, row, scheme, block.aspect, len(rows)))],
        meshes=_lines(ipv, rows, scheme, block.aspect, end),
        xlabel="across",
        ylabel="up",
        zlabel="time (s)",
        camera_control="orbit",
        box_size=[0.45, 0.45 * top, 1.0],
        style=_style(ipv),
    )
    figure.xlim = (0.0, 1.0)
    figure.ylim = (0.0, top)
    figure.zlim = (0.0, end)
    figure.camera.position = _camera(azimuth=-62.0, elevation=22.0, distance=1.4)
    return figure


def _style(ipv: ModuleType) -> dict[str, Any]:
    """ipyvolume's light style without numbers across and up (they mean nothing there)."""
    style: dict[str, Any] = copy.deepcopy(ipv.styles.default)
    hidden = {"ticklabel": {"visible": False}}
    style["axes"] = {**style.get("axes", {}), "x": hidden, "y": copy.deepcopy(hidden)}
    return style


def _volume(ipv: ModuleType, block: Block) -> Any:
    ramp = np.linspace(0.0, 1.0, 256, dtype=np.float32)
    rgba = np.empty((256, 4), dtype=np.float32)
    rgba[:, :3] = CLOUD_RGB
    rgba[:, 3] = CLOUD_OPACITY * np.clip((ramp - 0.04) / 0.96, 0.0, 1.0) ** 1.5
    return ipv.Volume(
        data=block.data,
        data_min=0.0,
        data_max=1.0,
        show_min=0.0,
        show_max=1.0,
        extent=[[0.0, 1.0], [0.0, block.aspect], [block.start, block.end]],
        tf=ipv.TransferFunction(rgba=rgba),
        lighting=False,
        description="movement",
    )


def _row_y(row: int, rows: int, aspect: float) -> float:
    return aspect + ROW * (rows - row)


def _rgb(colours: Iterable[str]) -> npt.NDArray[np.float32]:
    values = [[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in colours]
    return np.array(values, dtype=np.float32).reshape(-1, 3)


def _markers(ipv: ModuleType, row: CoderRow, scheme: Scheme, aspect: float, rows: int) -> Any:
    """One coder's tags at their start times (``None`` when the coder has no tags)."""
    count = len(row.codes)
    if not count:
        return None
    return ipv.Scatter(
        x=np.zeros(count, dtype=np.float32),
        y=np.full(count, _row_y(row.row, rows, aspect), dtype=np.float32),
        z=row.onsets.astype(np.float32),
        color=_rgb(scheme.colour_of(code) for code in row.codes),
        geo=row.marker,
        size=3.0,
        # ipyvolume's defaults for these are numpy arrays that cannot be sent as JSON
        size_selected=3.0,
        color_selected="black",
        description=row.name,
    )


def _lines(
    ipv: ModuleType, rows: Sequence[CoderRow], scheme: Scheme, aspect: float, end: float
) -> list[Any]:
    """Each row as a thin grey line the length of the film, and every tag with a length as
    a coloured bar from its start to its end, in its coder's row."""
    points: list[tuple[float, float]] = []  # (y, z) pairs; two per line
    colours: list[str] = []
    for row in rows:
        y = _row_y(row.row, len(rows), aspect)
        points += [(y, 0.0), (y, end)]
        colours += [LANE_COLOUR, LANE_COLOUR]
        for code, onset, offset in zip(row.codes, row.onsets, row.offsets, strict=True):
            if offset > onset:
                points += [(y, float(onset)), (y, float(offset))]
                colours += [scheme.colour_of(code)] * 2
    ys = np.array([p[0] for p in points], dtype=np.float32)
    zs = np.array([p[1] for p in points], dtype=np.float32)
    lines = np.arange(len(points), dtype=np.uint32).reshape(-1, 2)
    mesh = ipv.Mesh(
        x=np.zeros(len(points), dtype=np.float32),
        y=ys,
        z=zs,
        lines=lines,
        color=_rgb(colours),
        description="rows",
    )
    return [mesh]


def _camera(*, azimuth: float, elevation: float, distance: float) -> tuple[float, float, float]:
    """A camera position seen from the left of the picture and a little above, so time
    runs from left to right across the screen."""
    a, e = math.radians(azimuth), math.radians(elevation)
    return (
        distance * math.sin(a) * math.cos(e),
        distance * math.sin(e),
        distance * math.cos(a) * math.cos(e),
    )


def _layout(figure: Any, legend: str) -> Any:
    import ipywidgets as widgets  # type: ignore[import-untyped]

    title = widgets.HTML(value=f"<h3 style='margin:0.2em 0'>{html.escape(TITLE)}</h3>")
    how_to = widgets.HTML(value=f"<p style='margin:0.2em 0'><i>{html.escape(HOW_TO)}</i></p>")
    box = widgets.VBox([title, figure, how_to, widgets.HTML(value=legend)])
    box.add_class("vigkit-spacetime")
    return box


# ------------------------------------------------------------------ measuring


def widget_state_bytes(widget: Any) -> int:
    """Bytes of JSON state plus binary buffers of ``widget`` and every widget it holds."""
    import ipywidgets as widgets

    seen: set[str] = set()
    total = 0
    todo = [widget]
    while todo:
        current = todo.pop()
        if current.model_id in seen:
            continue
        seen.add(current.model_id)
        total += _state_size(current.get_state())
        for name in current.keys:
            todo += [
                w for w in _widgets_in(getattr(current, name)) if isinstance(w, widgets.Widget)
            ]
    return total


def _state_size(value: object) -> int:
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, memoryview):
        return value.nbytes
    if isinstance(value, Mapping):
        return sum(len(str(k)) + 4 + _state_size(v) for k, v in value.items()) + 2
    if isinstance(value, (list, tuple)):
        return sum(_state_size(v) + 1 for v in value) + 2
    return len(str(value))


def _widgets_in(value: object) -> list[Any]:
    if isinstance(value, Mapping):
        return [w for v in value.values() for w in _widgets_in(v)]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _widgets_in(v)]
    return [value] if hasattr(value, "model_id") else []


__all__ = ["SpaceTimeView", "coder_rows", "codings_of", "legend_html", "widget_state_bytes"]
