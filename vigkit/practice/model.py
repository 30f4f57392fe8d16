"""What a storyboard says, as plain frozen data: the scene, the people, and the timeline.

A storyboard (YAML, see ``docs/storyboards.md``) is read into these classes by
:mod:`vigkit.practice.storyboard`, which fills every default, so the renderer and the
reference coding never guess. Times are seconds from the start of the film.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

#: Scenes the renderer can draw.
SETTINGS = (
    "home-floor",  # a rug, a toy box: parent and baby or toddler at play
    "home-table",  # a kitchen table: meals, drawing
    "nursery",  # low shelves, a play mat, bright walls
    "classroom-table",  # a pupil's table, a whiteboard behind
    "classroom-group",  # a low table with a small group, a teacher on a chair
    "staff-room",  # a meeting table with mugs: a VERP group
)
Setting = Literal[
    "home-floor", "home-table", "nursery", "classroom-table", "classroom-group", "staff-room"
]

#: How big a figure is drawn, and how it sits or stands.
SIZES = ("adult", "child", "toddler", "baby")
Size = Literal["adult", "child", "toddler", "baby"]

#: Things people do. States (gaze, turn) last until the person's next beat of that kind
#: (or ``until``); the others are actions that last from ``at`` to ``until``.
ACTIONS = (
    "speak",  # a speech bubble with ``text``, a moving mouth and a voice on the sound track
    "gaze",  # eyes (and a little of the head) look at ``target``
    "turn",  # the body turns towards ``target``, or away from it with ``away: true``
    "smile",
    "nod",
    "point",  # an arm points at ``target``
    "hold-up",  # hands raise ``prop`` for the others to see
    "offer",  # an arm holds ``prop`` out towards ``target``
    "wait",  # stillness and silence: no idle movement, no speech
    "caption",  # a line of narration at the foot of the frame (``who`` not needed)
)
Action = Literal[
    "speak", "gaze", "turn", "smile", "nod", "point", "hold-up", "offer", "wait", "caption"
]
STATES = ("gaze", "turn")

#: Gaze and turn targets besides a participant or prop id.
DIRECTIONS = ("away", "down", "up", "camera", "ahead")

#: Props the renderer can draw.
PROP_KINDS = ("blocks", "ball", "book", "cup", "toy-car", "paper", "teddy", "bowl", "mug")

#: Tone of voice: shapes the pitch contour and loudness of synthesised speech.
TONES = ("neutral", "warm", "playful", "flat", "sharp")
Tone = Literal["neutral", "warm", "playful", "flat", "sharp"]


@dataclass(frozen=True)
class Look:
    """How a figure is drawn: colours as ``#RRGGBB`` and a size class."""

    size: Size
    skin: str
    hair: str
    top: str


@dataclass(frozen=True)
class Participant:
    """One person in the scene.

    ``x`` is the horizontal centre as a share of the frame width (0 left, 1 right);
    ``subject`` is the scheme subject their behaviour is coded under (e.g. adult, child);
    ``pitch`` is the voice's base frequency in Hz.
    """

    id: str
    role: str
    name: str
    subject: str
    look: Look
    x: float
    pitch: float


@dataclass(frozen=True)
class Prop:
    """An object in the scene: where it rests (``x``, share of width) unless someone holds it."""

    id: str
    kind: str
    colour: str
    x: float


@dataclass(frozen=True)
class Beat:
    """One thing one person does at a time in the film.

    ``until`` is when it ends; for a state (gaze, turn) ``None`` means "until their next
    gaze or turn". ``line`` is the storyboard line it came from, for messages.
    """

    at: float
    until: float | None
    action: Action
    who: str | None = None
    target: str | None = None
    text: str | None = None
    prop: str | None = None
    tone: Tone = "neutral"
    away: bool = False
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class ReferenceCode:
    """One event of the supervisor's reference coding: a point when ``offset == onset``."""

    code: str
    onset: float
    offset: float
    subject: str | None = None
    note: str | None = None
    line: int | None = None


_Item = TypeVar("_Item", Participant, Prop)


@dataclass(frozen=True)
class Storyboard:
    """A scripted practice film and its answer key, with every default filled in."""

    id: str
    title: str
    setting: Setting
    duration: float
    description: str
    participants: tuple[Participant, ...]
    props: tuple[Prop, ...]
    beats: tuple[Beat, ...]
    codes: tuple[ReferenceCode, ...]
    scheme: str = "attuned-interactions"
    thumbnail_at: float = 0.0
    source: str | None = None

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id (``KeyError`` if none)."""
        return _by_id(self.participants, participant_id)

    def prop(self, prop_id: str) -> Prop:
        """The prop with this id (``KeyError`` if none)."""
        return _by_id(self.props, prop_id)


def _by_id(items: tuple[_Item, ...], item_id: str) -> _Item:
    """The item whose ``id`` is ``item_id``, or ``KeyError``."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)
