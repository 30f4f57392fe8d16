"""What every static figure of the kit shares: a figure that shows itself in a notebook,
a time axis people read (m:ss), saving a figure atomically, and inline SVG for
self-contained pages such as the portfolio."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from ..core.atomic import atomic_path
from ..core.errors import VigkitError
from ..core.timecode import format_time

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The formats :func:`save_figure` writes, by file suffix.
FIGURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: Tick steps (seconds) a time axis may use: whole seconds, then round minutes.
_TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


class KitFigure(Figure):
    """A matplotlib figure that shows itself in a notebook as a PNG, without pyplot or an
    inline backend (matplotlib only displays pyplot's figures by itself)."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def new_figure(**options: Any) -> KitFigure:
    """A :class:`KitFigure` (``options`` as for matplotlib's ``Figure``)."""
    return KitFigure(**options)


class Picture:
    """A figure shown in a notebook as a picture (PNG), with what it shows in words as its
    text (``repr``), so a screen reader or a text-only view still says something useful."""

    def __init__(self, figure: Figure, description: str, *, dpi: int = 100) -> None:
        self.figure = figure
        self.description = description
        self.dpi = dpi

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()

    def __repr__(self) -> str:
        return self.description


def time_axis(axes: Axes, end: float, *, most_ticks: int = 12) -> None:
    """Label ``axes``'s x axis in m:ss from 0 to ``end`` seconds, at round steps."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    end = max(end, 1.0)
    step = next((s for s in _TICK_STEPS if end / s <= most_ticks), _TICK_STEPS[-1])
    axes.set_xlim(0, end)
    axes.xaxis.set_major_locator(MultipleLocator(step))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_time(value, 0)))
    axes.set_xlabel("Time in the film (m:ss)")


def save_figure(figure: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Write ``figure`` to ``path`` (.png, .svg or .pdf, chosen by the suffix) atomically,
    so a portfolio never picks up half a picture."""
    import matplotlib

    target = check_figure_path(path)
    fmt = FIGURE_FORMATS[target.suffix.lower()]
    with atomic_path(target) as temporary, matplotlib.rc_context({"svg.hashsalt": "vigkit"}):
        figure.savefig(temporary, format=fmt, dpi=dpi, metadata=_reproducible(fmt))
    return target


def check_figure_path(path: str | Path) -> Path:
    """``path`` if a figure can be saved there (a known suffix, an existing folder)."""
    target = Path(path)
    if target.suffix.lower() not in FIGURE_FORMATS:
        raise VigkitError(
            f"{target}: a figure can be saved as {', '.join(FIGURE_FORMATS)}; "
            "change the file name's ending"
        )
    if not target.parent.is_dir():
        raise VigkitError(f"{target}: the folder {target.parent} does not exist")
    return target


def svg_markup(figure: Figure, label: str, css_class: str) -> str:
    """``figure`` as an inline ``<svg>`` element with an accessible name, reproducible
    byte for byte (no date, fixed ids)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "vigkit"}):
        figure.savefig(buffer, format="svg", metadata=_reproducible("svg"))
    svg = buffer.getvalue()
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    attributes = f'<svg role="img" aria-label="{html.escape(label)}" class="{css_class}"'
    return svg.replace("<svg", attributes, 1)


def _reproducible(fmt: str) -> dict[str, None] | None:
    """Metadata that keeps dates out of the file, so the same figure gives the same bytes."""
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return None
