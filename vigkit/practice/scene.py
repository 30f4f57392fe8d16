"""What everyone in a storyboard is doing at a moment: a pure function of the script and a time.

:func:`scene_at` (or :meth:`Timeline.at`, which keeps its look-ups between calls) turns a
:class:`~vigkit.practice.model.Storyboard` and a time into a :class:`Scene`: one
:class:`Pose` per person (where they look, how their body is turned, whether they smile,
nod, speak with the mouth open, point, hold something up, offer it, or wait), where every
prop is, and the caption. The picture's geometry is in :mod:`.layout` (where each head,
shoulder and resting prop is in the 640×360 frame), so that gaze and pointing can be aimed at
real places and :mod:`.figures` only draws what it is told; speech and beat timing is in
:mod:`.timing`, nods, blinks and sway in :mod:`.motion`, and the values a scene is made
of are in :mod:`.poses`. Everything is deterministic: idle sway and blinks come from the
clock, not from chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from .layout import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    PROP_SIZE,
    Figure,
    Point,
    figure_layout,
    nearest_other,
    prop_rest,
)
from .model import DIRECTIONS, Beat, Participant, Prop, Storyboard
from .motion import eased, idle_sway, is_blinking, nod_depth
from .poses import Gesture, Pose, PropPlace, Scene, Speech
from .timing import Syllable, active, beat_end, mouth_open_at, speech_syllables, state_segments

__all__ = [
    "FPS",
    "FRAME_HEIGHT",
    "FRAME_WIDTH",
    "Figure",
    "Pose",
    "PropPlace",
    "Scene",
    "Speech",
    "Syllable",
    "Timeline",
    "beat_end",
    "figure_layout",
    "pose_at",
    "scene_at",
    "speech_syllables",
    "timeline",
]

FPS = 25

#: How far a body turns towards someone, or away from them, in degrees (0 faces the camera).
TURN_TOWARDS = 45
TURN_AWAY = 130
#: How far the head follows the eyes (the rest of the way is done by the eyes alone).
HEAD_FOLLOW = 0.6
HEAD_LIMIT = 70


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
        return eased(current.start, current.yaw, t - current.time), current.away

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
            nod=nod_depth(figure, nods[0], t) if nods else 0,
            speaking=bool(speaking),
            mouth_open=any(mouth_open_at(self._speech[b], t) for b in speaking),
            gesture=gesture.kind,
            gesture_target=gesture.target,
            hand=gesture.hand,
            holding=gesture.prop,
            waiting=waiting,
            blink=is_blinking(index, t),
            sway=0 if waiting else idle_sway(index, t),
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
    return eased(last.start, last.yaw, t - last.time)


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
