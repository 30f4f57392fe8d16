"""Making a face unrecognisable, for good: the pixels of its box are replaced by the means of
a few large cells (about 8 across the face, counting the margin: "pixelate"), or by those
means smoothly spread out again ("blur", a downscale to a tiny picture and back up). Either
way the detail is gone from the file, not hidden: no filter can bring it back, unlike a
mild Gaussian blur, which can be partly undone.

Works on 8-bit planes of a picture in place: an RGB picture (height x width x 3), or the
Y, U and V planes of a YUV 4:2:0 film frame (the colour planes at half size).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image

from .facetrack import PixelBox

Plane = npt.NDArray[np.uint8]

#: Blurring styles: "pixelate" (large blocks) or "blur" (the blocks smoothed).
STYLES = ("pixelate", "blur")
#: Cells across a blurred box's longer side: its margin of 25 % each side leaves about 8
#: across the face itself when pixelating, and about 4 when blurring.
PIXELATE_CELLS = 12
BLUR_CELLS = 6
#: Detection looks at a picture whose longer side is at most this many pixels.
DETECT_SIZE = 640


def cell_size(box: PixelBox, style: str) -> int:
    """The side of a cell (even, at least 2 pixels) for a box in the film's pixels."""
    cells = PIXELATE_CELLS if style == "pixelate" else BLUR_CELLS
    side = max(2, math.ceil(max(box[2], box[3]) / cells))
    return side + side % 2


def obscure(plane: Plane, box: PixelBox, cell: int, style: str) -> None:
    """Replace ``plane``'s pixels in ``box`` (left, top, width, height; clipped to the
    plane) by cell means of side ``cell``: as blocks ("pixelate") or spread smoothly
    ("blur"). ``plane`` is height x width, or height x width x channels."""
    left, top = max(box[0], 0), max(box[1], 0)
    right = min(box[0] + box[2], plane.shape[1])
    bottom = min(box[1] + box[3], plane.shape[0])
    if right <= left or bottom <= top:
        return
    region = plane[top:bottom, left:right]
    height, width = region.shape[:2]
    rows = np.arange(0, height, cell)
    columns = np.arange(0, width, cell)
    sums = np.add.reduceat(
        np.add.reduceat(region.astype(np.float32), rows, axis=0), columns, axis=1
    )
    counts = np.outer(np.diff(np.append(rows, height)), np.diff(np.append(columns, width)))
    means = sums / (counts[..., None] if sums.ndim == 3 else counts)
    if style == "pixelate":
        spread = np.repeat(np.repeat(means, cell, axis=0)[:height], cell, axis=1)[:, :width]
    else:
        down, across = _spreading(height, len(rows), cell), _spreading(width, len(columns), cell)
        spread = np.tensordot(np.tensordot(down, means, axes=(1, 0)), across, axes=(1, 1))
        if spread.ndim == 3:  # tensordot put the channels before the columns
            spread = spread.transpose(0, 2, 1)
    region[...] = np.clip(np.rint(spread), 0, 255).astype(np.uint8)


def _spreading(size: int, cells: int, cell: int) -> npt.NDArray[np.float32]:
    """The ``size x cells`` matrix that spreads cell values over pixels by straight-line
    interpolation between cell centres (flat beyond the outer centres)."""
    centres = np.minimum(np.arange(cells) * cell + cell / 2, size - 0.5)
    pixels = np.arange(size) + 0.5
    weights = np.zeros((size, cells), dtype=np.float32)
    if cells == 1:
        weights[:, 0] = 1
        return weights
    at = np.clip(np.searchsorted(centres, pixels) - 1, 0, cells - 2)
    span = centres[at + 1] - centres[at]
    share = np.clip((pixels - centres[at]) / np.where(span > 0, span, 1), 0, 1)
    weights[np.arange(size), at] = 1 - share
    weights[np.arange(size), at + 1] += share
    return weights


def obscure_frame(planes: Sequence[Plane], boxes: Sequence[PixelBox], style: str) -> None:
    """Blur ``boxes`` (film pixels) in a YUV 4:2:0 frame's Y, U and V planes, in place.
    Boxes are widened to even edges so that the colour planes' cells match the
    brightness plane's."""
    luma, *chroma = planes
    for box in boxes:
        left, top = box[0] - box[0] % 2, box[1] - box[1] % 2
        right, bottom = box[0] + box[2], box[1] + box[3]
        right, bottom = right + right % 2, bottom + bottom % 2
        even = (left, top, right - left, bottom - top)
        cell = cell_size(even, style)
        obscure(luma, even, cell, style)
        half = (left // 2, top // 2, (right - left) // 2, (bottom - top) // 2)
        for plane in chroma:
            obscure(plane, half, cell // 2, style)


def detect_picture(
    planes: Sequence[Plane], size: int
) -> tuple[npt.NDArray[np.float32], tuple[float, float]]:
    """An RGB copy (0..255) of a YUV 4:2:0 frame, reduced so its longer side is at most
    ``size`` (or enlarged to it: the detector finds small faces better in a bigger picture;
    what it looks at), and the factors (across, down) that take its
    pixels back to the frame's."""
    luma, blue, red = planes
    height, width = luma.shape
    scale = size / max(width, height)
    small = (max(1, round(width * scale)), max(1, round(height * scale)))
    y, u, v = (
        np.asarray(
            Image.fromarray(plane).resize(small, Image.Resampling.BILINEAR), dtype=np.float32
        )
        for plane in (luma, blue, red)
    )
    # BT.601, limited range: what the detector saw in training is RGB photographs; the
    # matrix a film was made with changes colours a little, not where faces are.
    y = (y - 16) * 1.164
    u -= 128
    v -= 128
    rgb = np.stack([y + 1.596 * v, y - 0.392 * u - 0.813 * v, y + 2.017 * u], axis=2)
    out: npt.NDArray[np.float32] = np.clip(rgb, 0, 255)
    return out, (width / small[0], height / small[1])
