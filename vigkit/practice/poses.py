"""What a scene is made of: one :class:`Pose` per person, where props are, who speaks;
the values the timeline makes and the drawing code paints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Tone

Gesture = Literal["rest", "point", "hold-up", "offer"]


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
