"""Movement synchrony between people, Motion Energy Analysis style.

The motion energy of each person's region of the picture (:func:`region_energy`) is a
series over time; where two people's series rise and fall together, maybe one a moment
after the other, they are moving in step. :func:`windowed_cross_correlation` measures
that in short overlapping windows at a range of lags (Pearson r, all windows and lags at
once with cumulative sums), and :func:`synchrony_episodes` keeps the runs of windows
where it is high: candidate moments of attunement in movement, for the guider to look at.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import VigkitError
from ..views.motion import MotionEnergy
from .segments import HALVES, Region

#: Below this standard deviation (motion energy, 0..1) a window counts as not moving.
#: Pulses shorter than this (s) are the film's frame timing, not movement (``without_pulses``).
PULSE = 0.5
STILL = 1e-4
#: A window also counts as not moving below this fraction of the film's typical spread.
STILL_FRACTION = 0.05

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class WindowedCorrelation:
    """Pearson r between two series in windows (rows) at lags (columns).

    ``times`` are the windows' centres and ``lags`` the lags, in seconds; ``r[i, j]`` is
    the correlation in window ``i`` when the second series is taken ``lags[j]`` seconds
    later than the first (``nan`` where either barely moves). ``peak_r`` and
    ``peak_lag`` are each window's highest r and its lag (``nan`` if none). A positive
    lag means the second series follows the first.
    """

    times: Floats
    lags: Floats
    r: Floats
    peak_r: Floats
    peak_lag: Floats
    window: float
    step: float


@dataclass(frozen=True)
class Synchrony:
    """From ``onset`` to ``offset`` (seconds) two regions move together: best r
    ``peak_r``; the second follows the first by ``lag`` seconds (negative: it leads)."""

    onset: float
    offset: float
    peak_r: float
    lag: float


# ------------------------------------------------------------------ regions


def _pixels(region: Region, height: int, width: int) -> tuple[slice, slice]:
    """The rows and columns of ``region``'s box in a ``height`` × ``width`` picture."""
    box = region.box
    if len(box) != 4 or not all(
        isinstance(v, (int, float)) and math.isfinite(v) and 0 <= v <= 1 for v in box
    ):
        raise VigkitError(
            f"region {region.name!r}: its box must be four fractions of the picture from 0 "
            f"to 1 (left, top, right, bottom), not {box!r}"
        )
    left, top, right, bottom = box
    columns = slice(round(left * width), round(right * width))
    rows = slice(round(top * height), round(bottom * height))
    if columns.stop <= columns.start or rows.stop <= rows.start:
        raise VigkitError(
            f"region {region.name!r}: its box {box!r} holds no pixels of the "
            f"{width}×{height} motion picture; draw it larger (right above left, bottom "
            "below top)"
        )
    return rows, columns


def region_series(
    energy: npt.NDArray[np.floating[Any]], regions: Sequence[Region] = HALVES
) -> Floats:
    """The mean of ``energy`` (shape ``(time, height, width)``) in each region's box:
    shape ``(time, len(regions))``."""
    if energy.ndim != 3:
        raise VigkitError(
            f"motion energy must have shape (time, height, width), not {energy.shape}"
        )
    if not regions:
        raise VigkitError("give at least one region to measure movement in")
    _, height, width = energy.shape
    columns = []
    for region in regions:
        rows, cols = _pixels(region, height, width)
        columns.append(energy[:, rows, cols].mean(axis=(1, 2), dtype=np.float64))
    return np.stack(columns, axis=1) if len(energy) else np.zeros((0, len(regions)))


def region_energy(motion: MotionEnergy, regions: Sequence[Region] = HALVES) -> Floats:
    """The mean motion energy in each region over time: shape ``(time, len(regions))``,
    at ``motion.times``."""
    return region_series(motion.energy, regions)


def without_pulses(series: Floats, rate: float, seconds: float = PULSE) -> Floats:
    """``series`` (time along the first axis) with pulses shorter than ``seconds`` taken
    out by a running median.

    When the film's frame rate does not divide into the rate motion is measured at (25 or
    12 fps seen 10 times a second), every few steps span one more frame, and keyframes
    shake the whole picture: both regions then pulse together, which is the film's
    doing, not the people's. A person's movement lasts longer than half a second.
    """
    from scipy.ndimage import median_filter  # type: ignore[import-untyped,unused-ignore]

    size = max(1, round(seconds * rate) | 1)  # odd, so the median is centred
    if size == 1 or len(series) == 0:
        return np.asarray(series, dtype=np.float64)
    kernel = (size,) + (1,) * (np.ndim(series) - 1)
    steady: Floats = median_filter(
        np.asarray(series, dtype=np.float64), size=kernel, mode="nearest"
    )
    return steady


# ------------------------------------------------------------------ correlation


def _seconds(value: float, name: str, *, zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise VigkitError(f"{name} must be a number, not {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero):
        raise VigkitError(f"{name} must be {'0 or more' if zero else 'above 0'}, not {value!r}")
    return number


def _window_sums(values: Floats, width: int) -> Floats:
    """Sums of ``values`` over every run of ``width`` in a row (one per start)."""
    running = np.concatenate([[0.0], np.cumsum(values)])
    sums: Floats = running[width:] - running[:-width]
    return sums


def windowed_cross_correlation(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    *,
    rate: float,
    window: float = 4.0,
    step: float = 0.5,
    max_lag: float = 1.0,
    start: float = 0.0,
    floor: float | None = None,
) -> WindowedCorrelation:
    """Pearson r between ``a`` and ``b`` (samples ``rate`` a second, the first at
    ``start`` s) in ``window``-second windows every ``step`` s, at lags up to
    ``max_lag`` s either way.

    At lag ``k`` samples the window of ``b`` starts ``k`` samples after that of ``a``
    (half the shift taken from each, so swapping ``a`` and ``b`` exactly flips the lags);
    the windows with every lag inside the series are kept. A window where either series
    barely moves (standard deviation below ``floor``; by default the larger of
    :data:`STILL` and :data:`STILL_FRACTION` of the typical window's) gets ``nan``, not
    an r made of noise.
    """
    first, second = (np.asarray(x, dtype=np.float64) for x in (a, b))
    if first.ndim != 1 or first.shape != second.shape:
        raise VigkitError(
            f"the two series must be one-dimensional and as long as each other, not "
            f"{first.shape} and {second.shape}"
        )
    if not (np.isfinite(first).all() and np.isfinite(second).all()):
        raise VigkitError("the movement series hold nan or infinite values; measure them again")
    rate = _seconds(rate, "rate")
    width = round(_seconds(window, "window") * rate)
    every = max(1, round(_seconds(step, "step") * rate))
    most = round(_seconds(max_lag, "max_lag", zero=True) * rate)
    if width < 3:
        raise VigkitError(f"a window of {window:g} s holds under 3 samples at {rate:g} a second")
    lags = np.arange(-most, most + 1)
    count = len(first)
    starts = np.arange(most // 2, count - width - (most + 1) // 2 + 1, every)
    centres = (start + (starts + (width - 1) / 2) / rate).astype(np.float64)
    if len(starts) == 0:
        empty = np.zeros(0)
        return WindowedCorrelation(
            empty, lags / rate, np.zeros((0, len(lags))), empty, empty, float(window), every / rate
        )
    first = first - first.mean()  # r is unchanged; the sums keep their precision
    second = second - second.mean()
    sum_a, sum_b = _window_sums(first, width), _window_sums(second, width)
    square_a, square_b = _window_sums(first**2, width), _window_sums(second**2, width)
    spread_a = np.sqrt(np.maximum(square_a / width - (sum_a / width) ** 2, 0.0))
    spread_b = np.sqrt(np.maximum(square_b / width - (sum_b / width) ** 2, 0.0))
    if floor is None:
        typical = float(np.median(np.concatenate([spread_a, spread_b])))
        floor = max(STILL, STILL_FRACTION * typical)
    r = np.empty((len(starts), len(lags)))
    for column, lag in enumerate(int(k) for k in lags):
        from_a = starts - lag // 2  # a's window moves back by half the lag,
        from_b = starts + (lag - lag // 2)  # b's forward by the rest
        products = (
            first[max(0, -lag) : count - max(0, lag)] * second[max(0, lag) :][: count - abs(lag)]
        )
        cross = _window_sums(products, width)[from_a - max(0, -lag)]
        covariance = cross / width - (sum_a[from_a] / width) * (sum_b[from_b] / width)
        spread = spread_a[from_a] * spread_b[from_b]
        moving = (spread_a[from_a] >= floor) & (spread_b[from_b] >= floor)
        with np.errstate(invalid="ignore", divide="ignore"):
            r[:, column] = np.where(moving, np.clip(covariance / spread, -1.0, 1.0), np.nan)
    heard = ~np.isnan(r).all(axis=1)
    best = np.argmax(np.where(np.isnan(r), -np.inf, r), axis=1)
    peak_r = np.where(heard, r[np.arange(len(starts)), best], np.nan)
    peak_lag = np.where(heard, lags[best] / rate, np.nan)
    return WindowedCorrelation(
        times=centres,
        lags=lags / rate,
        r=r,
        peak_r=peak_r,
        peak_lag=peak_lag,
        window=width / rate,
        step=every / rate,
    )


def synchrony_episodes(
    wcc: WindowedCorrelation, *, threshold: float = 0.6, min_length: float = 2.0
) -> list[Synchrony]:
    """The runs of windows in a row whose peak r is at least ``threshold``, lasting at
    least ``min_length`` seconds, by onset.

    Each window stands for the ``step`` seconds around its centre, so a run of ``n``
    windows lasts ``n * step`` s. An episode's ``peak_r`` is the run's highest r, its
    ``lag`` the run's median peak lag (positive: the second region follows the first).
    """
    if not (isinstance(threshold, (int, float)) and -1 <= threshold <= 1):
        raise VigkitError(f"threshold must be an r from -1 to 1, not {threshold!r}")
    min_length = _seconds(min_length, "min_length", zero=True)
    high = np.nan_to_num(wcc.peak_r, nan=-np.inf) >= threshold
    edges = np.flatnonzero(np.diff(np.concatenate([[0], high.astype(np.int8), [0]])))
    found = []
    for first, end in zip(edges[::2], edges[1::2], strict=True):
        onset = float(wcc.times[first]) - wcc.step / 2
        offset = float(wcc.times[end - 1]) + wcc.step / 2
        if offset - onset >= min_length - 1e-9:
            found.append(
                Synchrony(
                    onset=max(0.0, onset),
                    offset=offset,
                    peak_r=float(np.max(wcc.peak_r[first:end])),
                    lag=float(np.median(wcc.peak_lag[first:end])),
                )
            )
    return found


__all__ = [
    "PULSE",
    "STILL",
    "STILL_FRACTION",
    "Synchrony",
    "WindowedCorrelation",
    "region_energy",
    "region_series",
    "synchrony_episodes",
    "windowed_cross_correlation",
    "without_pulses",
]
