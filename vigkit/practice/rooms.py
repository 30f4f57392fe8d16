"""The settings drawn once each: the room, and its table (people sit behind it)."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image

from .canvas import (
    BLUE,
    GREEN,
    ORANGE,
    PURPLE,
    RGB,
    SKY,
    VERMILLION,
    YELLOW,
    Box,
    Canvas,
    shade,
    soft,
)
from .layout import FRAME_HEIGHT, FRAME_WIDTH, TABLE_PROP_DEPTH, table_top
from .prop_pictures import draw_mug

#: How deep a table's surface is drawn (from its far edge towards the camera).
TABLE_DEPTH = 34


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
                draw_mug(canvas, (x, top + TABLE_PROP_DEPTH), colour)
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
