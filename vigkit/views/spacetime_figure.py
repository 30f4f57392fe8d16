"""The space-time view's ipyvolume figure (cloud, rows, markers, camera) and the widget box
around it; the only module that touches ipyvolume, and only when a view is made."""

from __future__ import annotations

import copy
import html
import importlib
import math
import warnings
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from ..coding.scheme import Scheme
from ..core.errors import VigkitError
from .spacetime_block import Block
from .spacetime_rows import CoderRow

TITLE = "Where the tags sit against movement in the film"
HOW_TO = (
    "Drag to turn the block, scroll to zoom. Time runs along the long side; the darker "
    "the cloud, the more the picture moves there."
)
INSTALL = "pip install ipyvolume ipython_genutils"
#: Height of one coder's row above the block, as a share of the picture's width.
ROW = 0.14
#: The motion cloud's colour (a neutral blue-grey that none of the category colours is).
CLOUD_RGB = (0.22, 0.27, 0.33)
#: How much of the cloud shows at full movement (0..1); less keeps the markers visible.
CLOUD_OPACITY = 0.5
#: The thin line along each coder's row.
LANE_COLOUR = "#B8B8B8"


def import_ipyvolume() -> ModuleType:
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


def spacetime_figure(
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


def view_box(figure: Any, legend: str) -> Any:
    import ipywidgets as widgets  # type: ignore[import-untyped]

    title = widgets.HTML(value=f"<h3 style='margin:0.2em 0'>{html.escape(TITLE)}</h3>")
    how_to = widgets.HTML(value=f"<p style='margin:0.2em 0'><i>{html.escape(HOW_TO)}</i></p>")
    box = widgets.VBox([title, figure, how_to, widgets.HTML(value=legend)])
    box.add_class("vigkit-spacetime")
    return box
