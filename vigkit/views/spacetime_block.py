"""The film's motion energy made small for the browser: the space-time block's volume,
averaged over pixels and time steps and scaled to 0..1 (plain numpy)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .motion import MotionEnergy

#: At most this many time slices and this many pixels across are sent to the browser.
MAX_SLICES = 300
MAX_WIDTH = 48


@dataclass(frozen=True, eq=False)
class Block:
    """The motion volume as sent to the browser: ``data[t, y, x]`` in 0..1 (y up), and
    the seconds its first and last slices start and end."""

    data: npt.NDArray[np.float32]
    start: float
    end: float
    aspect: float  # picture height / width


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
