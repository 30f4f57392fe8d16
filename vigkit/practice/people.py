"""One person in one pose: legs, torso, arms, head and face (eyes, nose, mouth)."""

from __future__ import annotations

import math

from PIL import Image

from .canvas import EYE_WHITE, MOUTH, PUPIL, TEETH, Canvas, mix, rgb, shade
from .layout import PROP_SIZE, Figure, Point
from .model import Participant
from .poses import Pose


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
