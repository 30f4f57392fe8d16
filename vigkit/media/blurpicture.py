"""Blurring the faces in one picture (a still, a contact sheet): ``blur_picture``, for the
stills and sheets made with ``blur_faces=True``. The same detector, margin and blocks as
films (:mod:`.faces`, :mod:`.facetrack`, :mod:`.obscure`); the picture is written
atomically as a PNG with none of the source's metadata, and read back before it is kept.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ..core.atomic import atomic_path
from ..core.errors import MediaError
from .faces import PICTURE_SIZE, detect_faces
from .facetrack import MARGIN, PixelBox, clipped, pixel_box, widened
from .inputs import check_target
from .obscure import STYLES, cell_size, obscure
from .verify import verify_picture


def blur_picture(
    picture: str | Path, out: str | Path | None = None, *, style: str = "pixelate"
) -> list[PixelBox]:
    """Write ``picture`` (PNG, JPEG …) to ``out`` (a .png; by default over ``picture``
    itself, which must then be a .png) with every face in it blurred beyond recognition;
    return the boxes blurred (left, top, width, height, with their margin)."""
    source = Path(picture)
    if style not in STYLES:
        raise MediaError(f"{source}: the style '{style}' is not one of: {', '.join(STYLES)}")
    target = check_target(
        source if out is None else out, suffixes=(".png",), what="a blurred picture is a PNG"
    )
    rgb = _read(source)
    width = rgb.shape[1]
    boxes = _blur_pixels(rgb, style)
    with atomic_path(target) as tmp:
        Image.fromarray(rgb).save(tmp, format="PNG")  # no text chunks, no EXIF
        verify_picture(tmp, film=source, what="the picture with faces blurred", width=width)
    return boxes


def blur_image(image: Image.Image, *, style: str = "pixelate") -> Image.Image:
    """A copy of ``image`` (RGB) with every face in it blurred, as :func:`blur_picture` does
    (for the thumbnails of a contact sheet)."""
    rgb = np.array(image.convert("RGB"))
    _blur_pixels(rgb, style)
    return Image.fromarray(rgb)


def _blur_pixels(rgb: np.typing.NDArray[np.uint8], style: str) -> list[PixelBox]:
    """Blur every face found in ``rgb`` in place; the boxes blurred."""
    height, width = rgb.shape[:2]
    boxes = []
    for face in detect_faces(rgb, size=PICTURE_SIZE):
        box = clipped(widened(face.box, MARGIN), (width, height))
        pixels = pixel_box(box) if box is not None else None
        if pixels is not None:
            obscure(rgb, pixels, cell_size(pixels, style), style)
            boxes.append(pixels)
    return boxes


def _read(path: Path) -> np.typing.NDArray[np.uint8]:
    """The picture's pixels as RGB, or a ``MediaError`` saying why it cannot be read."""
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise MediaError(f"{path}: the picture {what}; give a picture file (PNG or JPEG)")
    try:
        with Image.open(path) as image:
            image.load()
            return np.array(image.convert("RGB"))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise MediaError(
            f"{path}: this picture cannot be read ({error}); give a PNG or JPEG picture"
        ) from None
