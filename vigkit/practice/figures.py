"""Drawing practice films with Pillow: the settings, the figures, props, speech and captions.

The look is flat and calm (a soft Okabe–Ito palette), so that what matters reads at a
glance at 640×360: where each person looks (pupils move in white eyes), whether they face
each other (a turned body narrows, its collar and face shift, a back turned shows hair
and a darker back), who talks (a speech bubble with a tail, a mouth that opens and
closes), and who smiles, points or holds something up. Shapes are drawn at three times
the size and reduced, so edges are smooth; every picture is made once and reused
(backgrounds per setting, figures per pose, props, bubbles, captions), so a frame is a
handful of pastes. :class:`Painter` puts a :class:`~.scene.Scene` together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from PIL import Image, ImageDraw

from ..media.fonts import dejavu
from ..media.text import line_height, wrap_text
from .model import Participant, Storyboard
from .scene import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    PROP_SIZE,
    TABLE_PROP_DEPTH,
    Figure,
    Point,
    Pose,
    Scene,
    Speech,
    Timeline,
    table_top,
)

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

#: Text sizes in pixels at 640×360: speech must read easily, names stay out of the way.
SPEECH_FONT = 16
CAPTION_FONT = 18
NAME_FONT = 13
SPEECH_MAX_WIDTH = 220
SPEECH_MIN_WIDTH = 130
#: How deep a table's surface is drawn (from its far edge towards the camera).
TABLE_DEPTH = 34


# --- colours ------------------------------------------------------------------------------


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


# --- settings -----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def background(setting: str) -> Image.Image:
    """The room in ``setting`` (RGB, 640×360), with its table if it has one: drawn once
    and reused. People sit behind the table, so it is part of the background."""
    canvas = Canvas((0, 0, FRAME_WIDTH, FRAME_HEIGHT), mode="RGB")
    _ROOMS.get(setting, _home_floor)(canvas)
    top = table_top(setting)
    if top is not None:
        wood = TABLE_WOOD.get(setting, TABLE_WOOD["home-table"])
        _table(canvas, top, wood, low=setting == "classroom-group")
        if setting == "staff-room":
            for x, colour in ((40, soft(BLUE, 0.2)), (604, soft(VERMILLION, 0.25))):
                _mug(canvas, (x, top + TABLE_PROP_DEPTH), colour)
    return canvas.finish()


TABLE_WOOD: dict[str, RGB] = {
    "home-table": (198, 152, 106),
    "classroom-table": (216, 190, 146),
    "classroom-group": (206, 178, 132),
    "staff-room": (160, 118, 86),
}


def _wall(canvas: Canvas, colour: RGB, floor: RGB, horizon: int) -> None:
    canvas.rectangle((0, 0, FRAME_WIDTH, horizon), colour)
    canvas.rectangle((0, horizon, FRAME_WIDTH, FRAME_HEIGHT), floor)
    canvas.rectangle((0, horizon - 7, FRAME_WIDTH, horizon), shade(colour, 0.9))


def _window(canvas: Canvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    frame = (232, 228, 218)
    canvas.rectangle(box, frame, outline=shade(frame, 0.8), line=1.5, radius=3)
    canvas.rectangle((x0 + 6, y0 + 6, x1 - 6, y1 - 6), soft(SKY, 0.45))
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    canvas.rectangle((mid_x - 2, y0 + 6, mid_x + 2, y1 - 6), frame)
    canvas.rectangle((x0 + 6, mid_y - 2, x1 - 6, mid_y + 2), frame)
    canvas.ellipse((x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.3), 12, 6, soft(SKY, 0.8))


def _picture(canvas: Canvas, box: Box, colour: RGB) -> None:
    x0, y0, x1, y1 = box
    canvas.rectangle(box, (150, 112, 80), radius=2)
    canvas.rectangle((x0 + 5, y0 + 5, x1 - 5, y1 - 5), soft(SKY, 0.7))
    canvas.ellipse(((x0 + x1) / 2, y1 - 5), (x1 - x0) * 0.45, (y1 - y0) * 0.35, colour)
    canvas.rectangle((x0 + 5, y1 - 12, x1 - 5, y1 - 5), colour)


def _planks(canvas: Canvas, top: int, colour: RGB) -> None:
    line = shade(colour, 0.93)
    for y in range(top + 18, FRAME_HEIGHT, 22):
        canvas.rectangle((0, y, FRAME_WIDTH, y + 1.2), line)


def _home_floor(canvas: Canvas) -> None:
    _wall(canvas, soft(ORANGE, 0.82), (204, 172, 134), 206)
    _planks(canvas, 206, (204, 172, 134))
    _window(canvas, (36, 30, 166, 142))
    _picture(canvas, (470, 48, 566, 116), soft(GREEN, 0.4))
    canvas.rectangle(
        (576, 150, 632, 206), soft(VERMILLION, 0.45), shade(soft(VERMILLION, 0.45), 0.8), 1.5, 4
    )
    canvas.ellipse((320, 294), 285, 50, soft(BLUE, 0.55))
    canvas.ellipse((320, 294), 272, 44, soft(SKY, 0.6))


def _nursery(canvas: Canvas) -> None:
    _wall(canvas, soft(YELLOW, 0.72), (214, 196, 168), 212)
    for i in range(14):
        x = 12 + i * 46
        colour = soft((ORANGE, SKY, GREEN, PURPLE, VERMILLION)[i % 5], 0.35)
        canvas.polygon([(x, 8), (x + 30, 8), (x + 15, 28)], colour)
    canvas.line([(0, 8), (FRAME_WIDTH, 8)], shade(soft(YELLOW, 0.72), 0.75), 1.0)
    for left in (10, 470):
        _shelf(canvas, left, 160)
    colours = [soft(c, 0.55) for c in (SKY, GREEN, ORANGE, PURPLE)]
    for row in range(3):
        for col in range(12):
            x0, y0 = 40 + col * 47, 256 + row * 22
            canvas.rectangle((x0, y0, x0 + 47, y0 + 22), colours[(row + col) % 4])


def _shelf(canvas: Canvas, left: float, top: float) -> None:
    wood = (214, 184, 146)
    canvas.rectangle((left, top, left + 160, top + 52), wood, shade(wood, 0.8), 1.5, 3)
    canvas.rectangle((left + 6, top + 24, left + 154, top + 27), shade(wood, 0.85))
    toys = (VERMILLION, BLUE, GREEN, ORANGE, PURPLE, SKY)
    for i, colour in enumerate(toys):
        x = left + 14 + i * 24
        if i % 2:
            canvas.ellipse((x + 7, top + 15), 7, 7, soft(colour, 0.25))
        else:
            canvas.rectangle((x, top + 8, x + 14, top + 22), soft(colour, 0.25), radius=2)


def _home_table(canvas: Canvas) -> None:
    _wall(canvas, soft(GREEN, 0.8), (196, 182, 166), 262)
    cupboard = (222, 206, 182)
    for i in range(3):
        x0 = 20 + i * 68
        canvas.rectangle((x0, 20, x0 + 62, 96), cupboard, shade(cupboard, 0.8), 1.5, 3)
        canvas.rectangle((x0 + 27, 70, x0 + 35, 74), shade(cupboard, 0.7), radius=2)
    _window(canvas, (420, 28, 590, 132))


def _classroom_table(canvas: Canvas) -> None:
    _wall(canvas, soft(SKY, 0.78), (184, 190, 196), 250)
    board = (234, 238, 240)
    canvas.rectangle((150, 22, 490, 142), board, (150, 156, 162), 3, 3)
    canvas.rectangle((150, 142, 490, 147), (150, 156, 162))
    canvas.line([(180, 52), (260, 52)], soft(BLUE, 0.3), 2.5)
    canvas.line([(180, 72), (300, 72)], soft(BLUE, 0.4), 2.0)
    canvas.line([(180, 92), (240, 92)], soft(VERMILLION, 0.35), 2.0)
    canvas.ellipse((420, 80), 26, 26, board, soft(GREEN, 0.3), 2.5)
    _picture(canvas, (20, 40, 110, 110), soft(ORANGE, 0.4))


def _classroom_group(canvas: Canvas) -> None:
    _wall(canvas, soft(GREEN, 0.74), (178, 192, 182), 256)
    cork = (200, 164, 124)
    canvas.rectangle((56, 26, 306, 124), cork, shade(cork, 0.75), 2, 3)
    for i, colour in enumerate((SKY, ORANGE, PURPLE, YELLOW, GREEN)):
        x0 = 70 + i * 46
        canvas.rectangle((x0, 38 + (i % 2) * 12, x0 + 36, 82 + (i % 2) * 12), soft(colour, 0.3))
    _window(canvas, (430, 30, 600, 136))


def _staff_room(canvas: Canvas) -> None:
    _wall(canvas, soft(BLUE, 0.8), (170, 170, 176), 252)
    _window(canvas, (40, 30, 190, 136))
    cork = (196, 160, 120)
    canvas.rectangle((440, 40, 600, 120), cork, shade(cork, 0.75), 2, 3)
    for i, colour in enumerate((YELLOW, SKY, PURPLE)):
        canvas.rectangle((454 + i * 48, 52, 490 + i * 48, 100), soft(colour, 0.35))
    canvas.rectangle((608, 170, 632, 230), soft(VERMILLION, 0.4), radius=3)
    for dx, dy in ((-12, -12), (10, -16), (0, -30), (-16, -32), (14, -38)):
        canvas.ellipse((620 + dx, 170 + dy), 12, 9, soft(GREEN, 0.15))


_ROOMS = {
    "home-floor": _home_floor,
    "home-table": _home_table,
    "nursery": _nursery,
    "classroom-table": _classroom_table,
    "classroom-group": _classroom_group,
    "staff-room": _staff_room,
}


def _table(canvas: Canvas, top: int, wood: RGB, low: bool) -> None:
    """A table seen from slightly above: its surface, front edge and legs."""
    edge = top + TABLE_DEPTH
    canvas.polygon([(18, edge), (44, top), (596, top), (622, edge)], wood, shade(wood, 0.8))
    canvas.rectangle((18, edge, 622, edge + 11), shade(wood, 0.82))
    leg = shade(wood, 0.7)
    for x in (48, 578):
        canvas.rectangle((x, edge + 11, x + 14, FRAME_HEIGHT if not low else edge + 60), leg)


# --- props --------------------------------------------------------------------------------


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
    _mug(canvas, (w * 0.42, h), colour, w * 0.7, h)


def _mug(canvas: Canvas, base: Point, colour: RGB, width: float = 15, height: float = 16) -> None:
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


# --- figures ------------------------------------------------------------------------------


def sprite_box(figure: Figure, pose: Pose) -> tuple[int, int, int, int]:
    """The frame region a figure's sprite covers (whole pixels, room for any gesture)."""
    reach = figure.shoulder_half + figure.arm + figure.head_r + 12
    top = figure.head_y - figure.head_r - 10
    bottom = figure.seat_y + 16 * figure.scale + 4
    if pose.hand is not None:
        top = min(top, pose.hand[1] - 16)
        bottom = max(bottom, pose.hand[1] + 16)
    return (
        math.floor(figure.x - reach),
        math.floor(top),
        math.ceil(figure.x + reach),
        math.ceil(bottom),
    )


def draw_figure(person: Participant, figure: Figure, pose: Pose, held: str | None) -> Image.Image:
    """One person in one pose (RGBA covering :func:`sprite_box`). ``held`` is the kind of
    prop in their hands, so the hands close round it."""
    canvas = Canvas(sprite_box(figure, pose))
    colours = _Colours(person)
    if figure.on_floor:
        _legs(canvas, figure, colours)
    _torso(canvas, figure, pose, colours)
    _arms(canvas, figure, pose, colours, held)
    _head(canvas, figure, pose, colours, person.look.size)
    return canvas.finish()


class _Colours:
    """A person's colours and their darker outlines."""

    def __init__(self, person: Participant) -> None:
        self.skin = rgb(person.look.skin)
        self.hair = rgb(person.look.hair)
        self.top = rgb(person.look.top)
        self.skin_line = shade(self.skin, 0.62)
        self.hair_line = shade(self.hair, 0.65)
        self.top_line = shade(self.top, 0.62)
        self.trousers = mix(self.top, (62, 66, 84), 0.72)


def _legs(canvas: Canvas, figure: Figure, colours: _Colours) -> None:
    """Crossed legs on the floor in front of the seat: two knees and a lap."""
    s = figure.scale
    line = shade(colours.trousers, 0.7)
    for side in (-1, 1):
        canvas.ellipse(
            (figure.x + side * figure.shoulder_half * 0.8, figure.seat_y - 1 * s),
            figure.shoulder_half * 0.85,
            10 * s,
            colours.trousers,
            line,
            1.0,
        )
    canvas.ellipse(
        (figure.x, figure.seat_y - 4 * s), figure.shoulder_half * 0.9, 9 * s, colours.trousers
    )


def _torso_shape(figure: Figure, body: int) -> tuple[float, float]:
    """Half width and centre of the torso turned ``body`` degrees (narrower when turned)."""
    turn = math.radians(body)
    front = math.cos(turn)
    share = 0.62 + 0.38 * front if front >= 0 else 0.62 - 0.1 * front  # a back is narrower
    shift = figure.shoulder_half * 0.25 * math.sin(turn)  # leaning the way it faces
    return figure.shoulder_half * share, figure.x + shift


def _torso(canvas: Canvas, figure: Figure, pose: Pose, colours: _Colours) -> None:
    """The torso: narrower when turned, its side in shadow and its collar and front seam
    on the side it faces; seen from the back it is darker and has no collar."""
    half, centre = _torso_shape(figure, pose.body)
    turn = math.radians(pose.body)
    side = math.sin(turn)
    back = math.cos(turn) < -0.2
    top = figure.shoulder_y - 7 * figure.scale
    bottom = figure.seat_y + (2 if figure.on_floor else 0)
    radius = half * 0.6
    shadow = shade(colours.top, 0.78)
    fill = shade(colours.top, 0.86) if back else colours.top
    canvas.rectangle(
        (centre - half, top, centre + half, bottom),
        shadow,
        colours.top_line,
        1.2,
        radius=radius,
        round_bottom=figure.on_floor,
    )
    lit = half * (1 - 0.3 * abs(side))  # the side turned away from us is in shadow
    lit_centre = centre + (half - lit) * (1 if side > 0 else -1) * (-1 if back else 1)
    inset = 1.0
    canvas.rectangle(
        (lit_centre - lit + inset, top + inset, lit_centre + lit - inset, bottom - inset),
        fill,
        radius=max(radius - inset, 0),
        round_bottom=figure.on_floor,
    )
    if back:
        canvas.line([(centre, top + 10 * figure.scale), (centre, figure.seat_y - 4)], shadow, 1.5)
        return
    front = centre + side * half * 0.5
    canvas.line(
        [(front, top + 12 * figure.scale), (front, figure.seat_y - 6)],
        shade(colours.top, 1.18),
        max(2.0, 5 * figure.scale),
    )
    canvas.pieslice((front, top), 8 * figure.scale, 8 * figure.scale, 0, 180, colours.skin)


def _arms(canvas: Canvas, figure: Figure, pose: Pose, colours: _Colours, held: str | None) -> None:
    """Both arms: at rest, pointing, holding a prop up in both hands, or offering it."""
    half, centre = _torso_shape(figure, pose.body)
    shoulders = {side: (centre + side * half * 0.82, figure.shoulder_y) for side in (-1, 1)}
    rest = {-1: figure.rest_hands[0], 1: figure.rest_hands[1]}
    hands: dict[int, Point] = {
        side: (rest[side][0] + centre - figure.x, rest[side][1]) for side in (-1, 1)
    }
    pointing: int | None = None
    if pose.hand is not None and pose.gesture == "hold-up":
        width = PROP_SIZE.get(held or "", (24, 24))[0]
        for side in (-1, 1):
            hands[side] = (pose.hand[0] + side * (width / 2 + 1), pose.hand[1])
    elif pose.hand is not None:
        side = 1 if pose.hand[0] >= figure.x else -1
        hands[side] = (float(pose.hand[0]), float(pose.hand[1]))
        pointing = side if pose.gesture == "point" else None
    for side in (-1, 1):
        _arm(canvas, figure, shoulders[side], hands[side], side, colours, pointing == side)


def _elbow(shoulder: Point, hand: Point, length: float, side: int) -> Point:
    """Where the elbow bends for a hand at ``hand``: outwards and down, upper arm and
    forearm each half of ``length``."""
    sx, sy = shoulder
    hx, hy = hand
    distance = math.hypot(hx - sx, hy - sy)
    mid = ((sx + hx) / 2, (sy + hy) / 2)
    if distance >= length or distance < 1e-6:
        return mid
    bend = math.sqrt((length / 2) ** 2 - (distance / 2) ** 2)
    nx, ny = -(hy - sy) / distance, (hx - sx) / distance
    if nx * side + ny * 0.6 < 0:  # bend outwards and downwards
        nx, ny = -nx, -ny
    return (mid[0] + nx * bend, mid[1] + ny * bend)


def _arm(
    canvas: Canvas,
    figure: Figure,
    shoulder: Point,
    hand: Point,
    side: int,
    colours: _Colours,
    pointing: bool,
) -> None:
    """One sleeved arm bent at the elbow, a hand, and a finger when it points."""
    s = figure.scale
    elbow = _elbow(shoulder, hand, figure.arm, side)
    thickness = 9.5 * s
    canvas.line([shoulder, elbow, hand], colours.top_line, thickness + 1.6)
    canvas.line([shoulder, elbow, hand], colours.top, thickness)
    radius = 4.6 * s + 0.6
    if pointing:
        dx, dy = hand[0] - elbow[0], hand[1] - elbow[1]
        length = math.hypot(dx, dy) or 1.0
        tip = (hand[0] + dx / length * 9 * s, hand[1] + dy / length * 9 * s)
        canvas.line([hand, tip], colours.skin_line, 4.2 * s)
        canvas.line([hand, tip], colours.skin, 2.8 * s)
    canvas.ellipse(hand, radius, radius, colours.skin, colours.skin_line, 1.0)


def _head(canvas: Canvas, figure: Figure, pose: Pose, colours: _Colours, size: str) -> None:
    """Neck and head: hair, ears and a face turned ``pose.head`` degrees, or the back of
    the head when it is turned away."""
    r = figure.head_r
    turn = math.radians(pose.head)
    side, front = math.sin(turn), math.cos(turn)
    _, body_centre = _torso_shape(figure, pose.body)
    hx = body_centre + side * r * 0.08
    hy = figure.head_y + pose.nod
    neck = 6.5 * figure.scale + 1
    canvas.rectangle(
        (hx - neck, hy + r * 0.6, hx + neck, figure.shoulder_y), colours.skin, colours.skin_line, 1
    )
    if front < -0.3:
        _back_of_head(canvas, (hx, hy), r, colours)
        return
    ears = (-1, 1) if abs(side) < 0.3 else (-1 if side > 0 else 1,)
    for ear in ears:
        reach = 0.93 if len(ears) == 2 else 0.62
        canvas.ellipse(
            (hx + ear * r * reach, hy + r * 0.12),
            r * 0.17,
            r * 0.22,
            colours.skin,
            colours.skin_line,
        )
    face = _face_oval(r, side, size)
    canvas.ellipse((hx, hy), r, r, colours.hair, colours.hair_line, 1.1)
    if len(ears) == 1:
        canvas.ellipse(
            (hx + ears[0] * r * 0.62, hy + r * 0.12),
            r * 0.15,
            r * 0.2,
            colours.skin,
            colours.skin_line,
        )
    canvas.ellipse(
        (hx + face[0], hy + face[1]), face[2], face[3], colours.skin, colours.skin_line, 1.0
    )
    if size == "baby":
        canvas.ellipse((hx + side * r * 0.1, hy - r * 0.9), r * 0.18, r * 0.12, colours.hair)
    _face(canvas, (hx + side * r * 0.36, hy), r, pose, colours, side, front)


def _face_oval(r: float, side: float, size: str) -> tuple[float, float, float, float]:
    """The skin of the face inside the hair: offset towards where the head turns, so more
    hair shows at the back (a baby has hardly any hair)."""
    if size == "baby":
        return (side * r * 0.12, r * 0.05, r * 0.96, r * 0.95)
    return (side * r * 0.24, r * 0.17, r * (0.84 - 0.06 * abs(side)), r * 0.84)


def _back_of_head(canvas: Canvas, centre: Point, r: float, colours: _Colours) -> None:
    """Hair all over, the ears at the sides: someone who has turned away."""
    x, y = centre
    for ear in (-1, 1):
        canvas.ellipse(
            (x + ear * r * 0.95, y + r * 0.1), r * 0.15, r * 0.2, colours.skin, colours.skin_line, 1
        )
    canvas.ellipse(centre, r, r, colours.hair, colours.hair_line, 1.1)
    canvas.line([(x - r * 0.2, y + r * 0.7), (x + r * 0.2, y + r * 0.7)], colours.hair_line, 1.0)


def _face(
    canvas: Canvas,
    centre: Point,
    r: float,
    pose: Pose,
    colours: _Colours,
    side: float,
    front: float,
) -> None:
    """Eyes whose pupils look along ``pose.look``, brows, nose, cheeks and the mouth."""
    fx, fy = centre
    spread = r * 0.36 * (0.55 + 0.45 * front)
    eyes = [(fx - spread, fy + r * 0.02), (fx + spread, fy + r * 0.02)]
    for eye in eyes:
        _eye(canvas, eye, r, pose, colours)
    brow = shade(mix(colours.hair, colours.skin, 0.2), 0.85)
    lift = r * (0.37 if pose.smiling else 0.33)
    for ex, ey in eyes:
        outer = -1 if ex < fx else 1
        canvas.line(
            [
                (ex - outer * r * 0.13, ey - lift),
                (ex + outer * r * 0.06, ey - lift - r * 0.02),
                (ex + outer * r * 0.17, ey - lift + r * 0.04),
            ],
            brow,
            max(1.2, r * 0.07),
        )
    _nose(canvas, (fx, fy), r, side, colours)
    if pose.smiling:
        blush = mix(colours.skin, (226, 104, 104), 0.4)
        for ex, _ in eyes:
            canvas.ellipse((ex + (ex - fx) * 0.35, fy + r * 0.4), r * 0.14, r * 0.1, blush)
    _mouth(canvas, (fx + side * r * 0.04, fy + r * 0.55), r, pose, front)


def _eye(canvas: Canvas, centre: Point, r: float, pose: Pose, colours: _Colours) -> None:
    ex, ey = centre
    rx, ry = r * 0.21, r * 0.24
    if pose.blink:
        canvas.line(
            [(ex - rx, ey + r * 0.02), (ex + rx, ey + r * 0.02)],
            colours.skin_line,
            max(1.2, r * 0.07),
        )
        return
    canvas.ellipse(centre, rx, ry, EYE_WHITE, shade(colours.skin, 0.55), 0.8)
    pupil = r * 0.12
    dx, dy = pose.look
    px = ex + dx * (rx - pupil * 0.9)
    py = ey + dy * (ry - pupil * 0.9)
    canvas.ellipse((px, py), pupil, pupil, PUPIL)


def _nose(canvas: Canvas, centre: Point, r: float, side: float, colours: _Colours) -> None:
    fx, fy = centre
    tone = shade(colours.skin, 0.82)
    if abs(side) < 0.25:
        canvas.ellipse((fx, fy + r * 0.28), r * 0.075, r * 0.06, tone)
        return
    canvas.polygon(
        [
            (fx + side * r * 0.1, fy + r * 0.1),
            (fx + side * r * 0.3, fy + r * 0.32),
            (fx + side * r * 0.04, fy + r * 0.34),
        ],
        tone,
    )


def _mouth(canvas: Canvas, centre: Point, r: float, pose: Pose, front: float) -> None:
    """Open while speaking; a wide filled smile when smiling; a short line otherwise."""
    mx, my = centre
    width = r * 0.5 * (0.6 + 0.4 * front)
    if pose.mouth_open:
        if pose.smiling:
            canvas.pieslice((mx, my - r * 0.08), width * 0.62, r * 0.3, 0, 180, MOUTH)
        else:
            canvas.ellipse((mx, my + r * 0.02), width * 0.42, r * 0.17, MOUTH)
        return
    if pose.smiling:
        canvas.pieslice((mx, my - r * 0.08), width * 0.6, r * 0.24, 0, 180, MOUTH)
        canvas.rectangle(
            (mx - width * 0.46, my - r * 0.08, mx + width * 0.46, my - r * 0.01), TEETH
        )
        return
    canvas.line([(mx - width * 0.38, my), (mx + width * 0.38, my)], MOUTH, max(1.3, r * 0.075))


# --- speech, names and captions -----------------------------------------------------------


@dataclass(frozen=True)
class Bubble:
    """Where a speech bubble goes: its wrapped lines, its box in the frame and the point
    its tail reaches (just above the speaker's head)."""

    lines: tuple[str, ...]
    bold: bool
    left: int
    top: int
    width: int
    height: int
    tip: Point

    @property
    def right(self) -> int:
        """The right edge in the frame."""
        return self.left + self.width


BUBBLE_PAD = (10, 7)
BUBBLE_GAP = 6


@lru_cache(maxsize=256)
def bubble_layout(
    text: str, head: Point, head_r: float, max_width: float, bold: bool = False
) -> Bubble:
    """A bubble for ``text`` centred above a head: the text wraps at ``max_width`` and ends
    in "…" when there is no more room above the head."""
    font = dejavu(SPEECH_FONT, bold=bold)
    pad_x, pad_y = BUBBLE_PAD
    step = line_height(font)
    head_top = head[1] - head_r
    bottom = head_top - 12
    room = max(bottom - 4 - 2 * pad_y, step)
    lines = wrap_text(text, font, max_width, max_lines=max(1, int(room // step)))
    width = math.ceil(max(font.getlength(line) for line in lines)) + 2 * pad_x
    height = len(lines) * step + 2 * pad_y
    left = _within_frame(round(head[0] - width / 2), width)
    top = max(4, round(bottom - height))
    return Bubble(tuple(lines), bold, left, top, width, height, (head[0], head_top - 2))


def _within_frame(left: int, width: int) -> int:
    return min(max(left, 4), FRAME_WIDTH - 4 - width)


def place_bubbles(bubbles: Sequence[Bubble]) -> list[Bubble]:
    """The bubbles pushed sideways, as little as needed, so that none covers another
    (as far as the frame's width allows); their tails still reach their speakers."""
    placed = sorted(bubbles, key=lambda b: (b.tip[0], b.left))
    for _ in range(len(placed)):
        moved = False
        for index in range(1, len(placed)):
            before, after = placed[index - 1], placed[index]
            overlap = before.right + BUBBLE_GAP - after.left
            rows_meet = (
                before.top < after.top + after.height and after.top < before.top + before.height
            )
            if overlap <= 0 or not rows_meet:
                continue
            shift = math.ceil(overlap / 2)
            placed[index - 1] = replace(
                before, left=_within_frame(before.left - shift, before.width)
            )
            placed[index] = replace(after, left=_within_frame(after.left + shift, after.width))
            moved = True
        if not moved:
            break
    return placed


@lru_cache(maxsize=256)
def bubble_picture(bubble: Bubble) -> tuple[Image.Image, tuple[int, int]]:
    """The bubble drawn: white, outlined, with its tail and its text (RGBA, and where its
    top-left corner goes in the frame)."""
    font = dejavu(SPEECH_FONT, bold=bubble.bold)
    pad_x, pad_y = BUBBLE_PAD
    step = line_height(font)
    left, top = bubble.left, bubble.top
    bottom = math.ceil(max(bubble.tip[1], top + bubble.height))
    box = (left - 2, top - 2, left + bubble.width + 2, bottom + 2)
    canvas = Canvas(box)
    _bubble_shape(canvas, (left, top, bubble.right, top + bubble.height), bubble.tip)
    picture = canvas.finish()
    draw = ImageDraw.Draw(picture)
    for index, line in enumerate(bubble.lines):
        draw.text((pad_x + 2, pad_y + 2 + index * step), line, font=font, fill=(*INK, 255))
    return picture, (box[0], box[1])


def _bubble_shape(canvas: Canvas, box: Box, tip: Point) -> None:
    """A rounded box and a tail to ``tip``, with one outline round both."""
    left, top, right, bottom = box
    base = min(max(tip[0] - 7, left + 12), right - 26)
    tail = [(base, bottom - 1), (base + 14, bottom - 1), tip]
    border = 2.0
    canvas.rectangle(box, BUBBLE_LINE, radius=10)
    canvas.polygon(_grown(tail, border), BUBBLE_LINE)
    canvas.rectangle(
        (left + border, top + border, right - border, bottom - border), BUBBLE, radius=8
    )
    canvas.polygon(
        [
            (base + border, bottom - border - 1),
            (base + 14 - border, bottom - border - 1),
            (tip[0], tip[1] - border * 1.6),
        ],
        BUBBLE,
    )


def _grown(points: Sequence[Point], by: float) -> list[Point]:
    """A triangle grown outwards from its centre by about ``by`` pixels."""
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    grown = []
    for x, y in points:
        length = math.hypot(x - cx, y - cy) or 1.0
        grown.append((x + (x - cx) / length * by * 1.6, y + (y - cy) / length * by * 1.6))
    return grown


@lru_cache(maxsize=64)
def caption_band(text: str) -> tuple[Image.Image, tuple[int, int]]:
    """A dark band across the foot of the frame with ``text`` in white, centred (at most two
    lines), and where it goes."""
    font = dejavu(CAPTION_FONT)
    lines = wrap_text(text, font, FRAME_WIDTH - 48, max_lines=2)
    step = line_height(font)
    height = len(lines) * step + 12
    band = Image.new("RGBA", (FRAME_WIDTH, height), CAPTION_BAND)
    draw = ImageDraw.Draw(band)
    for index, line in enumerate(lines):
        x = (FRAME_WIDTH - font.getlength(line)) / 2
        draw.text((x, 6 + index * step), line, font=font, fill=(255, 255, 255, 255))
    return band, (0, FRAME_HEIGHT - height)


def name_label(name: str) -> Image.Image:
    """A participant's name, small and outlined so it reads on any floor."""
    font = dejavu(NAME_FONT, bold=True)
    width = math.ceil(font.getlength(name)) + 6
    label = Image.new("RGBA", (width, line_height(font) + 4), (0, 0, 0, 0))
    ImageDraw.Draw(label).text(
        (3, 2), name, font=font, fill=(*INK, 255), stroke_width=2, stroke_fill=(244, 240, 232, 235)
    )
    return label


# --- whole frames -------------------------------------------------------------------------


class Painter:
    """Draws the frames of one storyboard, reusing every picture it has drawn before."""

    def __init__(self, board: Storyboard, timeline: Timeline | None = None) -> None:
        self.board = board
        self.timeline = timeline if timeline is not None else Timeline(board)
        self.background = background(board.setting)
        self.names = self._names()
        self._people = {p.id: p for p in board.participants}
        self._kinds = {p.id: p.kind for p in board.props}
        self._colours = {p.id: p.colour for p in board.props}
        self._sprites: dict[tuple[object, ...], tuple[Image.Image, tuple[int, int]]] = {}
        self._bubble_width = {p.id: self._room_for_bubble(p) for p in board.participants}

    def _names(self) -> tuple[Image.Image, tuple[int, int]]:
        layer = Image.new("RGBA", (FRAME_WIDTH, 24), (0, 0, 0, 0))
        table = table_top(self.board.setting)
        if table is None:
            top = max(round(f.seat_y) + 9 for f in self.timeline.figures.values())
        else:
            top = table + TABLE_DEPTH + 1
        for person in self.board.participants:
            figure = self.timeline.figures[person.id]
            label = name_label(person.name)
            x = min(max(round(figure.x - label.width / 2), 0), FRAME_WIDTH - label.width)
            layer.alpha_composite(label, (x, 0))
        return layer, (0, min(top, FRAME_HEIGHT - 24))

    def _room_for_bubble(self, person: Participant) -> float:
        """A bubble may be as wide as the space to the next person allows."""
        gaps = [
            abs(p.x - person.x) * FRAME_WIDTH for p in self.board.participants if p.id != person.id
        ]
        room = min(gaps, default=float(SPEECH_MAX_WIDTH) + 24) - 24
        return float(min(SPEECH_MAX_WIDTH, max(SPEECH_MIN_WIDTH, room)))

    def _bubble(self, speech: Speech) -> Bubble:
        figure = self.timeline.figures[speech.who]
        width = self._bubble_width[speech.who]
        return bubble_layout(speech.text, figure.head, figure.head_r, width, speech.tone == "sharp")

    def scene(self, t: float) -> Scene:
        """The scene at ``t``."""
        return self.timeline.at(t)

    def frame_key(self, scene: Scene) -> tuple[object, ...]:
        """Equal for two scenes that look the same, so a frame can be reused as it is."""
        return (
            tuple((p.drawing_key(), p.sway, p.holding) for p in scene.poses),
            scene.props,
            tuple((s.who, s.text, s.tone == "sharp") for s in scene.speech),
            scene.caption,
        )

    def sprite(self, pose: Pose) -> tuple[Image.Image, tuple[int, int]]:
        """The figure for ``pose`` and its top-left corner (before swaying), memoised."""
        held = self._kinds.get(pose.holding or "")
        key = (*pose.drawing_key(), held)
        found = self._sprites.get(key)
        if found is None:
            figure = self.timeline.figures[pose.who]
            box = sprite_box(figure, pose)
            picture = draw_figure(self._people[pose.who], figure, pose, held)
            found = self._sprites[key] = (picture, (box[0], box[1]))
        return found

    def paint(self, scene: Scene) -> Image.Image:
        """The frame for ``scene`` (RGB, 640×360)."""
        frame = self.background.copy()
        sways = {pose.who: pose.sway for pose in scene.poses}
        for pose in scene.poses:
            picture, (x, y) = self.sprite(pose)
            frame.paste(picture, (x + pose.sway, y), picture)
        for place in sorted(scene.props, key=lambda p: p.holder is not None):
            picture = prop_picture(self._kinds[place.id], self._colours[place.id])
            sway = sways.get(place.holder or "", 0)
            corner = (
                place.centre[0] - picture.width // 2 + sway,
                place.centre[1] - picture.height // 2,
            )
            frame.paste(picture, corner, picture)
        names, where = self.names
        frame.paste(names, where, names)
        for bubble in place_bubbles([self._bubble(speech) for speech in scene.speech]):
            picture, corner = bubble_picture(bubble)
            frame.paste(picture, corner, picture)
        if scene.caption:
            band, corner = caption_band(scene.caption)
            frame.paste(band, corner, band)
        return frame
