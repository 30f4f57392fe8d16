"""Speech bubbles (laid out so they never overlap), the caption band and name labels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from PIL import Image, ImageDraw

from ..media.fonts import dejavu
from ..media.text import line_height, wrap_text
from .canvas import BUBBLE, BUBBLE_LINE, CAPTION_BAND, INK, Box, Canvas
from .layout import FRAME_HEIGHT, FRAME_WIDTH, Point

#: Text sizes in pixels at 640×360: speech must read easily, names stay out of the way.
SPEECH_FONT = 16
CAPTION_FONT = 18
NAME_FONT = 13
SPEECH_MAX_WIDTH = 220
SPEECH_MIN_WIDTH = 130


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
