"""The props (blocks, ball, book, cup, …) drawn once per kind and colour."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image

from .canvas import BLUE, PUPIL, RGB, SKY, YELLOW, Canvas, rgb, shade, soft
from .layout import PROP_SIZE, Point


@lru_cache(maxsize=64)
def prop_picture(kind: str, colour: str) -> Image.Image:
    """A prop (RGBA, its size from ``PROP_SIZE`` plus a 2 px margin), drawn once."""
    width, height = PROP_SIZE.get(kind, (24, 24))
    canvas = Canvas((-2, -2, width + 2, height + 2))
    _PROPS.get(kind, _ball)(canvas, width, height, rgb(colour))
    return canvas.finish()


def _blocks(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    side = h / 2
    cubes = (
        (0.0, side, colour),
        (w - side, side, soft(BLUE, 0.1)),
        ((w - side) / 2, 0.0, soft(YELLOW, 0.05)),
    )
    for x, y, fill in cubes:
        canvas.rectangle((x, y, x + side, y + side), fill, shade(fill, 0.6), 1.2, 2)
        canvas.ellipse((x + side / 2, y + side / 2), side * 0.16, side * 0.16, shade(fill, 1.35))


def _ball(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    r = min(w, h) / 2
    canvas.ellipse((w / 2, h / 2), r, r, colour, shade(colour, 0.6), 1.2)
    canvas.line([(w / 2 - r * 0.9, h / 2), (w / 2 + r * 0.9, h / 2)], shade(colour, 1.5), 2.5)
    canvas.ellipse((w / 2 - r * 0.35, h / 2 - r * 0.4), r * 0.18, r * 0.14, shade(colour, 1.6))


def _book(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    canvas.rectangle((0, 0, w, h), (236, 232, 220), shade(colour, 0.6), 1.0, 2)
    canvas.rectangle((0, 0, w - 3, h - 3), colour, shade(colour, 0.6), 1.2, 2)
    canvas.rectangle((3, 0, 6, h - 3), shade(colour, 0.75))
    canvas.ellipse((w * 0.58, h * 0.42), w * 0.16, h * 0.2, shade(colour, 1.5))


def _cup(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    canvas.polygon([(1, 2), (w - 1, 2), (w - 4, h), (4, h)], colour, shade(colour, 0.6))
    canvas.rectangle((0, 0, w, 5), shade(colour, 0.8), radius=2)
    canvas.rectangle((w / 2 - 2, -2, w / 2 + 2, 2), shade(colour, 0.6), radius=1)


def _toy_car(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    canvas.rectangle(
        (w * 0.22, 0, w * 0.72, h * 0.55), shade(colour, 0.9), shade(colour, 0.6), 1, 4
    )
    canvas.rectangle((w * 0.3, h * 0.1, w * 0.62, h * 0.45), soft(SKY, 0.3), radius=2)
    canvas.rectangle((0, h * 0.35, w, h * 0.78), colour, shade(colour, 0.6), 1.2, 4)
    for x in (w * 0.24, w * 0.76):
        canvas.ellipse((x, h * 0.8), h * 0.2, h * 0.2, (50, 50, 56))
        canvas.ellipse((x, h * 0.8), h * 0.08, h * 0.08, (190, 190, 196))


def _paper(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    sheet = (238, 236, 228)
    canvas.polygon([(2, 2), (w, 0), (w - 2, h), (0, h - 2)], sheet, (150, 150, 156))
    for i, y in enumerate((h * 0.3, h * 0.5, h * 0.7)):
        canvas.line([(w * 0.2, y), (w * (0.75 - 0.12 * i), y + 1)], colour, 2.0)


def _teddy(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    dark = shade(colour, 0.6)
    canvas.ellipse((w / 2, h * 0.7), w * 0.36, h * 0.3, colour, dark, 1)
    for x in (w * 0.22, w * 0.78):
        canvas.ellipse((x, h * 0.12), w * 0.13, w * 0.13, colour, dark, 1)
    canvas.ellipse((w / 2, h * 0.32), w * 0.33, h * 0.26, colour, dark, 1)
    canvas.ellipse((w / 2, h * 0.4), w * 0.13, h * 0.09, shade(colour, 1.4))
    for x in (w * 0.38, w * 0.62):
        canvas.ellipse((x, h * 0.27), 1.5, 1.5, PUPIL)
    canvas.ellipse((w / 2, h * 0.37), 1.6, 1.2, PUPIL)


def _bowl(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    canvas.pieslice((w / 2, 2), w / 2, h - 2, 0, 180, colour)
    canvas.ellipse((w / 2, 3), w / 2, 3, shade(colour, 0.75), shade(colour, 0.6), 1)


def _mug_shape(canvas: Canvas, w: int, h: int, colour: RGB) -> None:
    draw_mug(canvas, (w * 0.42, h), colour, w * 0.7, h)


def draw_mug(
    canvas: Canvas, base: Point, colour: RGB, width: float = 15, height: float = 16
) -> None:
    """A mug standing on ``base`` (the middle of its bottom edge)."""
    x, y = base
    dark = shade(colour, 0.6)
    canvas.ellipse(
        (x + width / 2 + 1, y - height / 2), width * 0.28, height * 0.26, colour, dark, 1.6
    )
    canvas.rectangle((x - width / 2, y - height, x + width / 2, y), colour, dark, 1.0, 2)


_PROPS = {
    "blocks": _blocks,
    "ball": _ball,
    "book": _book,
    "cup": _cup,
    "toy-car": _toy_car,
    "paper": _paper,
    "teddy": _teddy,
    "bowl": _bowl,
    "mug": _mug_shape,
}
