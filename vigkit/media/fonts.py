"""Fonts for captions and cards: the DejaVu fonts that matplotlib ships (no system fonts)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont


def dejavu_path(bold: bool = False) -> Path:
    """The DejaVu Sans file inside matplotlib's data folder."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@lru_cache(maxsize=32)
def dejavu(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size`` pixels, for Pillow."""
    return ImageFont.truetype(str(dejavu_path(bold)), size)
