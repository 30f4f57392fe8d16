"""What everyone in a storyboard is doing at a moment: a pure function of the script and a time.

:func:`scene_at` (or :meth:`Timeline.at`, which keeps its look-ups between calls) turns a
:class:`~vigkit.practice.model.Storyboard` and a time into a :class:`Scene`: one
:class:`Pose` per person (where they look, how their body is turned, whether they smile,
nod, speak with the mouth open, point, hold something up, offer it, or wait), where every
prop is, and the caption. The picture's geometry lives here too (where each head, shoulder
and resting prop is in the 640×360 frame), so that gaze and pointing can be aimed at real
places and :mod:`.figures` only draws what it is told. Everything is deterministic:
idle sway and blinks come from the clock, not from chance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from .model import DIRECTIONS, Beat, Participant, Prop, Setting, Size, Storyboard, Tone
from .storyboard import default_length

FRAME_WIDTH = 640
FRAME_HEIGHT = 360
FPS = 25

Point = tuple[float, float]
Gesture = Literal["rest", "point", "hold-up", "offer"]

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

#: How far a body turns towards someone, or away from them, in degrees (0 faces the camera).
TURN_TOWARDS = 45
TURN_AWAY = 130
#: Seconds a body takes to turn from one way to another.
TURN_SECONDS = 0.5
#: How far the head follows the eyes (the rest of the way is done by the eyes alone).
HEAD_FOLLOW = 0.6
HEAD_LIMIT = 70
#: Nods per second, and syllable shape: the mouth is open for this share of a syllable.
NOD_RATE = 2.2
MOUTH_OPEN_SHARE = 0.6
BLINK_SECONDS = 0.12


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


@dataclass(frozen=True)
class Pose:
    """What one person is doing at one moment, ready to draw.

    ``look`` is the direction of the eyes in the picture (unit-ish, x right, y down;
    ``(0, 0)`` looks at the camera). ``body`` and ``head`` are turns in degrees: 0 faces
    the camera, +90 faces right, -90 left, beyond ±90 the back is turned. ``hand`` is
    where the gesturing hand (both hands for ``hold-up``) reaches, in frame pixels.
    """

    who: str
    look_at: str
    look: tuple[float, float]
    body: int
    head: int
    away: bool
    smiling: bool
    nod: int
    speaking: bool
    mouth_open: bool
    gesture: Gesture
    gesture_target: str | None
    hand: tuple[int, int] | None
    holding: str | None
    waiting: bool
    blink: bool
    sway: int

    def drawing_key(self) -> tuple[object, ...]:
        """Everything that changes how the figure looks (not where it sways to)."""
        return (
            self.who,
            self.look,
            self.body,
            self.head,
            self.smiling,
            self.nod,
            self.mouth_open,
            self.gesture,
            self.hand,
            self.blink,
        )


@dataclass(frozen=True)
class PropPlace:
    """Where a prop is at one moment, and who holds it (``None``: it rests)."""

    id: str
    centre: tuple[int, int]
    holder: str | None


@dataclass(frozen=True)
class Speech:
    """Someone speaking at this moment: their words fill a bubble."""

    who: str
    text: str
    tone: Tone


@dataclass(frozen=True)
class Scene:
    """Everything that is happening at time ``t``."""

    t: float
    poses: tuple[Pose, ...]
    props: tuple[PropPlace, ...]
    speech: tuple[Speech, ...]
    caption: str | None

    def pose(self, who: str) -> Pose:
        """The pose of participant ``who`` (``KeyError`` if none)."""
        for pose in self.poses:
            if pose.who == who:
                return pose
        raise KeyError(who)

    def prop(self, prop_id: str) -> PropPlace:
        """Where prop ``prop_id`` is (``KeyError`` if none)."""
        for place in self.props:
            if place.id == prop_id:
                return place
        raise KeyError(prop_id)


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


# --- speech timing ------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\d+|[,;:.!?…–—]")
_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüåæøœ]+", re.IGNORECASE)
#: Lengths, in syllables, of the gap between words and of pauses at punctuation.
WORD_GAP = 0.3
COMMA_PAUSE = 1.0
STOP_PAUSE = 1.6
#: Silence at the start and end of a speak beat, in seconds.
SPEECH_LEAD = 0.06
SPEECH_TAIL = 0.12


@dataclass(frozen=True)
class Syllable:
    """One syllable of synthesised speech: when it sounds, and its vowel (for formants)."""

    onset: float
    offset: float
    vowel: str
    stressed: bool


def word_syllables(word: str) -> list[str]:
    """The vowels of a word's syllables, estimated from its vowel groups (English-ish:
    a silent final ``e`` is dropped); digits count one syllable each."""
    if word.isdigit():
        return ["i"] * len(word)
    groups = [g.lower() for g in _VOWEL_GROUP.findall(word)]
    lower = word.lower()
    if len(groups) > 1 and lower.endswith("e") and not lower.endswith(("le", "ee", "ye")):
        groups.pop()
    return [_plain_vowel(g) for g in groups] or ["e"]


def _plain_vowel(group: str) -> str:
    for char in group:
        if char in "aeiou":
            return char
    return "i" if "y" in group else "e"


@lru_cache(maxsize=512)
def speech_syllables(text: str, start: float, end: float) -> tuple[Syllable, ...]:
    """The syllables of ``text`` spread over ``start``..``end``: words with short gaps,
    longer pauses at commas and full stops, the first syllable of each word stressed."""
    units: list[tuple[float, str | None, bool]] = []  # (length in syllables, vowel, stressed)
    for token in _TOKEN.findall(text):
        if token in ",;:–—":
            units.append((COMMA_PAUSE, None, False))
        elif token in ".!?…":
            units.append((STOP_PAUSE, None, False))
        else:
            if units and units[-1][1] is not None:
                units.append((WORD_GAP, None, False))
            units += [(1.0, v, i == 0) for i, v in enumerate(word_syllables(token))]
    while units and units[-1][1] is None:
        units.pop()
    if not units:
        return ()
    lead = min(SPEECH_LEAD, (end - start) * 0.1)
    tail = min(SPEECH_TAIL, (end - start) * 0.15)
    span = max(end - start - lead - tail, 0.05)
    per_unit = span / sum(length for length, _, _ in units)
    syllables: list[Syllable] = []
    now = start + lead
    for length, vowel, stressed in units:
        if vowel is not None:
            syllables.append(Syllable(now, now + length * per_unit, vowel, stressed))
        now += length * per_unit
    return tuple(syllables)


def mouth_open_at(syllables: Iterable[Syllable], t: float) -> bool:
    """Whether the mouth is open at ``t``: during the vowel, the first part of a syllable."""
    for syllable in syllables:
        if (
            syllable.onset
            <= t
            < syllable.onset + MOUTH_OPEN_SHARE * (syllable.offset - syllable.onset)
        ):
            return True
    return False


# --- beats --------------------------------------------------------------------------------


def beat_end(beat: Beat) -> float | None:
    """When an action beat ends: its ``until``, or the documented default; ``None`` for a
    state (gaze, turn) that lasts until the person's next one."""
    if beat.until is not None:
        return beat.until
    length = default_length(beat.action, beat.text)
    return None if length is None else beat.at + length


def state_segments(beats: Iterable[Beat]) -> list[tuple[float, float, Beat]]:
    """Spans ``(start, end, beat)`` of a person's states of one kind: each lasts until its
    ``until`` or the next beat of that kind, whichever is first."""
    ordered = sorted(beats, key=lambda b: b.at)
    spans = []
    for index, beat in enumerate(ordered):
        following = ordered[index + 1].at if index + 1 < len(ordered) else math.inf
        end = min(beat.until if beat.until is not None else math.inf, following)
        if end > beat.at:
            spans.append((beat.at, end, beat))
    return spans


def active(beats: Iterable[Beat], t: float) -> list[Beat]:
    """The action beats going on at ``t`` (from ``at``, up to but not including the end)."""
    found = []
    for beat in beats:
        end = beat_end(beat)
        if beat.at <= t and end is not None and t < end:
            found.append(beat)
    return found


def _ease(start: float, target: float, since: float) -> float:
    """Cosine easing from ``start`` to ``target`` over ``TURN_SECONDS``, ``since`` seconds in."""
    if since >= TURN_SECONDS:
        return target
    share = 0.5 - 0.5 * math.cos(math.pi * max(since, 0.0) / TURN_SECONDS)
    return start + (target - start) * share


def _sign(value: float) -> int:
    return (value > 1e-9) - (value < -1e-9)


# --- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Turn:
    """A change of a person's body turn at ``time``, eased from ``start`` to ``yaw``."""

    time: float
    start: float
    yaw: float
    away: bool


class Timeline:
    """A storyboard indexed for fast :meth:`at` calls (one per frame)."""

    def __init__(self, board: Storyboard) -> None:
        self.board = board
        self.people = board.participants
        self.figures = {p.id: figure_layout(board.setting, p) for p in board.participants}
        self.rests = {prop.id: prop_rest(board.setting, prop) for prop in board.props}
        self.nearest = {p.id: nearest_other(board, p) for p in board.participants}
        by_kind: dict[tuple[str | None, str], list[Beat]] = {}
        for beat in sorted(board.beats, key=lambda b: b.at):
            by_kind.setdefault((beat.who, beat.action), []).append(beat)
        self._beats = by_kind
        self._gazes = {p.id: state_segments(self._kind(p.id, "gaze")) for p in self.people}
        self._turns = {p.id: self._turn_track(p) for p in self.people}
        self._captions = [b for b in board.beats if b.action == "caption"]
        self._speech = {
            b: speech_syllables(b.text or "", b.at, beat_end(b) or b.at)
            for p in self.people
            for b in self._kind(p.id, "speak")
        }

    def _kind(self, who: str, action: str) -> list[Beat]:
        return self._beats.get((who, action), [])

    # ---------------------------------------------------------------- directions
    def side_of(self, person: Participant, target: str | None) -> int:
        """Which way ``target`` lies from ``person`` (-1 left, 0 in front, +1 right)."""
        if target is None:
            return 0
        if target == "away":
            near = self.nearest[person.id]
            return -_sign(near.x - person.x) if near is not None else 0
        if target in DIRECTIONS:
            return 0
        point = self._static_point(target)
        return _sign(point[0] - person.x * FRAME_WIDTH) if point is not None else 0

    def _static_point(self, target: str) -> Point | None:
        """A participant's head or a prop's resting place."""
        if target in self.figures:
            return self.figures[target].head
        if target in self.rests:
            x, y = self.rests[target]
            return (float(x), float(y))
        return None

    def default_target(self, person: Participant) -> str:
        """Before any gaze or turn: the nearest other person (or the camera, alone)."""
        near = self.nearest[person.id]
        return near.id if near is not None else "camera"

    # ---------------------------------------------------------------- turning
    def turn_yaw(self, person: Participant, target: str, away: bool) -> float:
        """The body's turn for a ``turn`` towards (or away from) ``target``."""
        side = self.side_of(person, target)
        if not away:
            return float(TURN_TOWARDS * side)
        return float(-TURN_AWAY * side) if side else 180.0

    def _turn_track(self, person: Participant) -> list[_Turn]:
        """Every change of the person's body turn, with the eased value it starts from."""
        default = self.turn_yaw(person, self.default_target(person), away=False)
        wanted: list[tuple[float, float, bool]] = [(0.0, default, False)]
        for start, end, beat in state_segments(self._kind(person.id, "turn")):
            yaw = self.turn_yaw(person, beat.target or "camera", beat.away)
            wanted.append((start, yaw, beat.away))
            if end < math.inf:
                wanted.append((end, default, False))
        track: list[_Turn] = []
        for time, yaw, away in sorted(wanted, key=lambda w: w[0]):
            start = yaw if not track else _track_value(track, time)
            if track and track[-1].time == time:
                track.pop()
            track.append(_Turn(time, start, yaw, away))
        return track

    # ---------------------------------------------------------------- one moment
    def at(self, t: float) -> Scene:
        """The scene at ``t`` seconds."""
        gestures = {p.id: self._gesture(p, t) for p in self.people}
        props = self._props(gestures)
        places = {place.id: place.centre for place in props}
        poses = tuple(
            self._pose(index, p, t, gestures[p.id], places) for index, p in enumerate(self.people)
        )
        poses = tuple(self._aim_point(pose, places) for pose in poses)
        return Scene(
            t=t, poses=poses, props=props, speech=self._speaking(t), caption=self._caption(t)
        )

    def _speaking(self, t: float) -> tuple[Speech, ...]:
        found = []
        for person in self.people:
            for beat in active(self._kind(person.id, "speak"), t):
                found.append(Speech(person.id, beat.text or "", beat.tone))
        return tuple(found)

    def _caption(self, t: float) -> str | None:
        current = active(self._captions, t)
        if not current:
            return None
        return max(current, key=lambda b: b.at).text

    def _props(self, gestures: dict[str, _GestureState]) -> tuple[PropPlace, ...]:
        held = {g.prop: (who, g.hand) for who, g in gestures.items() if g.prop and g.hand}
        places = []
        for prop in self.board.props:
            if prop.id in held:
                who, hand = held[prop.id]
                places.append(PropPlace(prop.id, self._held_centre(prop, hand), who))
            else:
                places.append(PropPlace(prop.id, self.rests[prop.id], None))
        return tuple(places)

    def _held_centre(self, prop: Prop, hand: tuple[int, int]) -> tuple[int, int]:
        """A prop held in the hand(s) sits just above the hand."""
        _, height = PROP_SIZE.get(prop.kind, (24, 24))
        return (hand[0], round(hand[1] - height * 0.25))

    def _prop_size(self, prop_id: str | None) -> tuple[int, int]:
        for prop in self.board.props:
            if prop.id == prop_id:
                return PROP_SIZE.get(prop.kind, (24, 24))
        return (24, 24)

    def _yaw(self, person: Participant, t: float) -> tuple[float, bool]:
        track = self._turns[person.id]
        current = track[0]
        for change in track:
            if change.time <= t:
                current = change
            else:
                break
        return _ease(current.start, current.yaw, t - current.time), current.away

    def _facing_side(self, person: Participant, yaw: float) -> int:
        side = _sign(math.sin(math.radians(yaw)))
        if side:
            return side
        return self.side_of(person, self.default_target(person)) or 1

    def _gesture(self, person: Participant, t: float) -> _GestureState:
        """The arms' gesture: hold-up before offer before point, as the arms can do one."""
        figure = self.figures[person.id]
        yaw, _ = self._yaw(person, t)
        for beat in active(self._kind(person.id, "hold-up"), t):
            side = self._facing_side(person, yaw)
            width = self._prop_size(beat.prop)[0]
            hand = (
                round(figure.x + side * (figure.head_r + width / 2 + 9)),
                round(figure.head_y - figure.head_r * 0.45),
            )
            return _GestureState("hold-up", beat.target, hand, beat.prop)
        for beat in active(self._kind(person.id, "offer"), t):
            side = self.side_of(person, beat.target) or self._facing_side(person, yaw)
            sx, sy = figure.shoulder(side)
            hand = (round(sx + side * figure.arm * 0.92), round(sy + figure.arm * 0.28))
            return _GestureState("offer", beat.target, hand, beat.prop)
        for beat in active(self._kind(person.id, "point"), t):
            return _GestureState("point", beat.target, None, None)
        return _GestureState("rest", None, None, None)

    def _aim_point(self, pose: Pose, places: dict[str, tuple[int, int]]) -> Pose:
        """Where a pointing hand reaches (needs the props' places at this moment)."""
        if pose.gesture != "point":
            return pose
        person = self.board.participant(pose.who)
        figure = self.figures[pose.who]
        point = self.target_point(person, pose.gesture_target or "camera", pose.body, places)
        if point is None:  # at the camera: the hand comes forward, in front of the chest
            side = self._facing_side(person, pose.body)
            hand = (
                figure.x + side * figure.shoulder_half * 0.35,
                figure.shoulder_y + figure.arm * 0.45,
            )
        else:
            side = _sign(point[0] - figure.x) or self._facing_side(person, pose.body)
            sx, sy = figure.shoulder(side)
            dx, dy = point[0] - sx, point[1] - sy
            length = math.hypot(dx, dy) or 1.0
            reach = min(figure.arm, length)
            hand = (sx + dx / length * reach, sy + dy / length * reach)
        return _replace_hand(pose, (round(hand[0]), round(hand[1])))

    def target_point(
        self, person: Participant, target: str, yaw: float, places: dict[str, tuple[int, int]]
    ) -> Point | None:
        """The place in the frame that ``target`` names, or ``None`` for the camera (and for
        ``ahead`` when the body faces the camera)."""
        figure = self.figures[person.id]
        if target in self.figures:
            return self.figures[target].head
        if target in places:
            x, y = places[target]
            return (float(x), float(y))
        if target == "up":
            return (figure.x, figure.head_y - 200.0)
        if target == "down":
            side = _sign(math.sin(math.radians(yaw)))
            return (figure.x + side * 40.0, figure.head_y + 200.0)
        if target == "away":
            side = self.side_of(person, "away") or 1
            return (figure.x + side * 300.0, figure.head_y)
        if target == "ahead":
            ahead = math.sin(math.radians(yaw))
            if abs(ahead) < 0.2:
                return None
            return (figure.x + 300.0 * ahead, figure.head_y)
        return None

    def _look(self, person: Participant, t: float, yaw: float, away: bool) -> str:
        """Whom or what the eyes are on: the active gaze, else the nearest person (or
        ahead, when the body has been turned away)."""
        for start, end, beat in self._gazes[person.id]:
            if start <= t < end:
                return beat.target or "camera"
        return "ahead" if away else self.default_target(person)

    def _pose(
        self,
        index: int,
        person: Participant,
        t: float,
        gesture: _GestureState,
        places: dict[str, tuple[int, int]],
    ) -> Pose:
        yaw, away = self._yaw(person, t)
        look_at = self._look(person, t, yaw, away)
        figure = self.figures[person.id]
        point = self.target_point(person, look_at, yaw, places)
        look = _look_vector(figure, point)
        head = _head_yaw(yaw, look, look_at)
        waiting = bool(active(self._kind(person.id, "wait"), t))
        speaking = active(self._kind(person.id, "speak"), t)
        nods = active(self._kind(person.id, "nod"), t)
        return Pose(
            who=person.id,
            look_at=look_at,
            look=look,
            body=_quantise(yaw, 5),
            head=_quantise(head, 5),
            away=away,
            smiling=bool(active(self._kind(person.id, "smile"), t)),
            nod=_nod(figure, nods[0], t) if nods else 0,
            speaking=bool(speaking),
            mouth_open=any(mouth_open_at(self._speech[b], t) for b in speaking),
            gesture=gesture.kind,
            gesture_target=gesture.target,
            hand=gesture.hand,
            holding=gesture.prop,
            waiting=waiting,
            blink=_blinking(index, t),
            sway=0 if waiting else _sway(index, t),
        )


@dataclass(frozen=True)
class _GestureState:
    kind: Gesture
    target: str | None
    hand: tuple[int, int] | None
    prop: str | None


def _track_value(track: list[_Turn], t: float) -> float:
    """The eased body turn at ``t`` along the changes so far."""
    last = track[-1]
    return _ease(last.start, last.yaw, t - last.time)


def _replace_hand(pose: Pose, hand: tuple[int, int]) -> Pose:
    return replace(pose, hand=hand)


def _look_vector(figure: Figure, point: Point | None) -> tuple[float, float]:
    """The unit direction from the eyes to ``point``, to 0.1 (``(0, 0)``: the camera)."""
    if point is None:
        return (0.0, 0.0)
    dx, dy = point[0] - figure.x, point[1] - figure.head_y
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return (0.0, 0.0)
    return (round(dx / length, 1) + 0.0, round(dy / length, 1) + 0.0)


def _head_yaw(body: float, look: tuple[float, float], look_at: str) -> float:
    """The head turns part of the way from the body's turn to where the eyes look."""
    if look_at == "ahead" or look_at in ("up", "down"):
        wanted = body if look_at == "ahead" else body * 0.5
    else:
        wanted = 60.0 * look[0]
    turn = max(-HEAD_LIMIT, min(HEAD_LIMIT, HEAD_FOLLOW * (wanted - body)))
    return body + turn


def _quantise(value: float, step: int) -> int:
    return int(step * round(value / step))


def _nod(figure: Figure, beat: Beat, t: float) -> int:
    """How many pixels the head dips, bobbing ``NOD_RATE`` times a second."""
    depth = 2.0 + 4.0 * figure.scale
    phase = 2 * math.pi * NOD_RATE * (t - beat.at)
    return round(depth * (0.5 - 0.5 * math.cos(phase)))


def _blinking(index: int, t: float) -> bool:
    """A blink of ``BLINK_SECONDS`` every few seconds, a different rhythm for each person."""
    period = 3.1 + 0.77 * (index % 5)  # rhythms that rarely meet
    offset = 1.1 + 1.37 * index
    return t >= offset and (t - offset) % period < BLINK_SECONDS


def _sway(index: int, t: float) -> int:
    """A slow sideways sway of a pixel or two, so figures look alive when not waiting."""
    return round(1.6 * math.sin(2 * math.pi * t / 3.8 + 1.9 * index))


@lru_cache(maxsize=8)
def timeline(board: Storyboard) -> Timeline:
    """The (cached) timeline of ``board``."""
    return Timeline(board)


def scene_at(board: Storyboard, t: float) -> Scene:
    """What everyone in ``board`` is doing at ``t`` seconds."""
    return timeline(board).at(t)


def pose_at(board: Storyboard, who: str, t: float) -> Pose:
    """The pose of participant ``who`` at ``t`` seconds."""
    return scene_at(board, t).pose(who)
