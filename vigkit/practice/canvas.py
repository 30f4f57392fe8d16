"""The practice films' palette and the supersampled canvas every picture is drawn on.

Shared by the rooms, props, people and speech bubbles, so each draws the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw

from .layout import Point

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Box = tuple[float, float, float, float]

#: Shapes are drawn this many times larger, then reduced: smooth edges without a cost per frame.
SUPERSAMPLE = 3

#: The Okabe–Ito colours, and a warm paper white to soften them into scene colours.
ORANGE: RGB = (230, 159, 0)
SKY: RGB = (86, 180, 233)
GREEN: RGB = (0, 158, 115)
YELLOW: RGB = (240, 228, 66)
BLUE: RGB = (0, 114, 178)
VERMILLION: RGB = (213, 94, 0)
PURPLE: RGB = (204, 121, 167)
PAPER: RGB = (248, 244, 236)

EYE_WHITE: RGB = (252, 252, 250)
PUPIL: RGB = (24, 22, 30)
MOUTH: RGB = (112, 32, 44)
TEETH: RGB = (238, 234, 226)
INK: RGB = (40, 40, 46)
BUBBLE: RGB = (255, 255, 255)
BUBBLE_LINE: RGB = (58, 58, 64)
CAPTION_BAND: RGBA = (18, 20, 26, 210)


def rgb(colour: str) -> RGB:
    """``#RRGGBB`` as a tuple."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: RGB, b: RGB, share_of_b: float) -> RGB:
    """``a`` blended towards ``b``."""
    return (
        round(a[0] + (b[0] - a[0]) * share_of_b),
        round(a[1] + (b[1] - a[1]) * share_of_b),
        round(a[2] + (b[2] - a[2]) * share_of_b),
    )


def soft(colour: RGB, share: float) -> RGB:
    """A palette colour softened towards paper white (``share`` of white)."""
    return mix(colour, PAPER, share)


def shade(colour: RGB, factor: float) -> RGB:
    """A darker (``factor`` < 1) or lighter version of ``colour``."""
    if factor <= 1:
        return (round(colour[0] * factor), round(colour[1] * factor), round(colour[2] * factor))
    return mix(colour, (255, 255, 255), min(1.0, factor - 1))


# --- a supersampled canvas ----------------------------------------------------------------


class Canvas:
    """An RGBA picture of the frame region ``box`` (frame pixels), drawn ``SUPERSAMPLE``
    times larger. Coordinates and sizes are given in frame pixels."""

    def __init__(self, box: tuple[int, int, int, int], mode: str = "RGBA") -> None:
        self.left, self.top, right, bottom = box
        size = ((right - self.left) * SUPERSAMPLE, (bottom - self.top) * SUPERSAMPLE)
        fill: tuple[int, ...] = (0, 0, 0, 0) if mode == "RGBA" else (0, 0, 0)
        self.image = Image.new(mode, size, fill)
        self.draw = ImageDraw.Draw(self.image)

    def at(self, x: float, y: float) -> tuple[float, float]:
        """A frame point in canvas pixels."""
        return ((x - self.left) * SUPERSAMPLE, (y - self.top) * SUPERSAMPLE)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A frame box in canvas pixels (corners put in order)."""
        ax, ay = self.at(min(x0, x1), min(y0, y1))
        bx, by = self.at(max(x0, x1), max(y0, y1))
        return (ax, ay, bx, by)

    def width(self, pixels: float) -> int:
        """A line width in canvas pixels."""
        return max(1, round(pixels * SUPERSAMPLE))

    def ellipse(
        self,
        centre: Point,
        rx: float,
        ry: float,
        fill: RGB,
        outline: RGB | None = None,
        line: float = 1.0,
    ) -> None:
        """An ellipse around ``centre`` with radii ``rx``, ``ry``."""
        x, y = centre
        self.draw.ellipse(
            self.box(x - rx, y - ry, x + rx, y + ry),
            fill=fill,
            outline=outline,
            width=self.width(line) if outline else 0,
        )

    def rectangle(
        self,
        box: Box,
        fill: RGB,
        outline: RGB | None = None,
        line: float = 1.0,
        radius: float = 0,
        round_bottom: bool = True,
    ) -> None:
        """A (rounded) rectangle; ``round_bottom=False`` keeps the bottom corners square."""
        self.draw.rounded_rectangle(
            self.box(*box),
            radius=radius * SUPERSAMPLE,
            fill=fill,
            outline=outline,
            width=self.width(line) if outline else 0,
            corners=(True, True, round_bottom, round_bottom),
        )

    def polygon(self, points: Sequence[Point], fill: RGB, outline: RGB | None = None) -> None:
        """A filled polygon."""
        self.draw.polygon([self.at(*p) for p in points], fill=fill, outline=outline)

    def line(self, points: Sequence[Point], fill: RGB, width: float) -> None:
        """A thick polyline with rounded ends and joints."""
        canvas_points = [self.at(*p) for p in points]
        self.draw.line(canvas_points, fill=fill, width=self.width(width), joint="curve")
        radius = width / 2
        for point in (points[0], points[-1]):
            self.ellipse(point, radius, radius, fill)

    def pieslice(
        self, centre: Point, rx: float, ry: float, start: float, end: float, fill: RGB
    ) -> None:
        """A filled slice of an ellipse (angles in degrees, clockwise from 3 o'clock)."""
        x, y = centre
        self.draw.pieslice(self.box(x - rx, y - ry, x + rx, y + ry), start, end, fill=fill)

    def finish(self) -> Image.Image:
        """The picture at frame size (edges averaged, alpha kept straight)."""
        if self.image.mode == "RGBA":
            return self.image.convert("RGBa").reduce(SUPERSAMPLE).convert("RGBA")
        return self.image.reduce(SUPERSAMPLE)
