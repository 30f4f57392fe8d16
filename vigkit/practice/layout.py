"""Where things are in the 640×360 frame: each person's head, shoulders and hands, and
where props rest, so gaze and pointing aim at real places (the scene's geometry).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Participant, Prop, Setting, Size, Storyboard

FRAME_WIDTH = 640
FRAME_HEIGHT = 360


Point = tuple[float, float]


#: Where people on the floor sit (the bottom of the torso), in pixels from the top.
FLOOR_SEAT_Y = 288
#: Where props on the floor rest (their bottom edge): a little in front of the people.
FLOOR_PROP_Y = 296
#: How far down the table's surface (towards the camera) resting props and idle hands are.
TABLE_PROP_DEPTH = 20
TABLE_HAND_DEPTH = 12
#: The share of the torso that shows above a table.
TABLE_TORSO_SHOWN = 0.55
#: The top edge of the table in each table setting (people sit on the floor in the others).
TABLE_TOP_Y: dict[str, int] = {
    "home-table": 236,
    "classroom-table": 236,
    "classroom-group": 244,
    "staff-room": 236,
}


@dataclass(frozen=True)
class Build:
    """The proportions of a size of person, in pixels: small children have big heads."""

    scale: float  # for line widths and small details
    torso: float
    shoulder_half: float
    head_r: float
    arm: float


BUILDS: dict[str, Build] = {
    "adult": Build(1.0, 92.0, 30.0, 27.0, 62.0),
    "child": Build(0.82, 76.0, 24.0, 25.0, 52.0),
    "toddler": Build(0.7, 60.0, 21.0, 23.0, 42.0),
    "baby": Build(0.62, 50.0, 20.0, 21.5, 36.0),
}

#: Width and height of each kind of prop, in pixels.
PROP_SIZE: dict[str, tuple[int, int]] = {
    "blocks": (30, 26),
    "ball": (24, 24),
    "book": (32, 24),
    "cup": (18, 22),
    "toy-car": (36, 20),
    "paper": (32, 24),
    "teddy": (28, 32),
    "bowl": (32, 15),
    "mug": (22, 20),
}


@dataclass(frozen=True)
class Figure:
    """Where one person is drawn, in frame pixels (x right, y down).

    ``seat_y`` is the bottom of the torso as drawn (on the floor, or where the table's far
    edge hides it); ``rest_hands`` are where the hands lie when idle (in the lap, or on
    the table).
    """

    x: float
    head_y: float
    head_r: float
    shoulder_y: float
    shoulder_half: float
    seat_y: float
    arm: float
    scale: float
    on_floor: bool
    rest_hands: tuple[Point, Point]

    @property
    def head(self) -> Point:
        """The centre of the head."""
        return (self.x, self.head_y)

    def shoulder(self, side: int) -> Point:
        """The shoulder on ``side`` (-1 left, +1 right, as seen)."""
        return (self.x + side * self.shoulder_half * 0.85, self.shoulder_y)


# --- layout -------------------------------------------------------------------------------


def table_top(setting: Setting | str) -> int | None:
    """The table's top edge in a table setting, ``None`` on the floor."""
    return TABLE_TOP_Y.get(setting)


def surface_y(setting: Setting | str) -> int:
    """Where a resting prop's bottom edge sits: the table top, or the floor in front."""
    top = table_top(setting)
    return FLOOR_PROP_Y if top is None else top + TABLE_PROP_DEPTH


def figure_layout(setting: Setting | str, person: Participant) -> Figure:
    """Where ``person`` is drawn in ``setting``: sitting on the floor, or behind the table,
    the torso cut off at its far edge and the hands resting on it."""
    size: Size = person.look.size
    build = BUILDS[size]
    scale = build.scale
    torso = build.torso
    top = table_top(setting)
    if top is None:
        seat_y = float(FLOOR_SEAT_Y)
    else:
        seat_y = float(top)
        torso *= TABLE_TORSO_SHOWN
    neck = 7.0 * scale
    head_y = seat_y - torso - neck - build.head_r
    shoulder_y = seat_y - torso + 8.0 * scale
    half = build.shoulder_half
    x = person.x * FRAME_WIDTH
    if top is None:
        hand_y = seat_y - 12.0 * scale
        hands = ((x - half * 0.4, hand_y), (x + half * 0.4, hand_y))
    else:
        hand_y = float(top + TABLE_HAND_DEPTH)
        hands = ((x - half * 0.55, hand_y), (x + half * 0.55, hand_y))
    return Figure(
        x=x,
        head_y=head_y,
        head_r=build.head_r,
        shoulder_y=shoulder_y,
        shoulder_half=half,
        seat_y=seat_y,
        arm=build.arm,
        scale=scale,
        on_floor=top is None,
        rest_hands=hands,
    )


def prop_rest(setting: Setting | str, prop: Prop) -> tuple[int, int]:
    """The centre of ``prop`` where it rests on the floor or the table."""
    _, height = PROP_SIZE.get(prop.kind, (24, 24))
    return (round(prop.x * FRAME_WIDTH), round(surface_y(setting) - height / 2))


def nearest_other(board: Storyboard, person: Participant) -> Participant | None:
    """The other participant nearest across the frame (the first of equals), if any."""
    others = [p for p in board.participants if p.id != person.id]
    if not others:
        return None
    return min(others, key=lambda p: abs(p.x - person.x))
