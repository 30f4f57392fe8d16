"""Drawing practice films with Pillow: the settings, the figures, props, speech and captions.

The look is flat and calm (a soft Okabe–Ito palette), so that what matters reads at a
glance at 640×360: where each person looks (pupils move in white eyes), whether they face
each other (a turned body narrows, its collar and face shift, a back turned shows hair
and a darker back), who talks (a speech bubble with a tail, a mouth that opens and
closes), and who smiles, points or holds something up. Shapes are drawn at three times
the size and reduced, so edges are smooth; every picture is made once and reused
(backgrounds per setting, figures per pose, props, bubbles, captions), so a frame is a
handful of pastes. :class:`Painter` puts a :class:`~.scene.Scene` together; the parts live
in :mod:`.canvas` (palette), :mod:`.rooms`, :mod:`.prop_pictures`, :mod:`.people` and
:mod:`.bubbles`.
"""

from __future__ import annotations

from PIL import Image

from .bubbles import (
    SPEECH_FONT,
    SPEECH_MAX_WIDTH,
    SPEECH_MIN_WIDTH,
    Bubble,
    bubble_layout,
    bubble_picture,
    caption_band,
    name_label,
    place_bubbles,
)
from .layout import FRAME_HEIGHT, FRAME_WIDTH, table_top
from .model import Participant, Storyboard
from .people import draw_figure, sprite_box
from .poses import Pose, Scene, Speech
from .prop_pictures import prop_picture
from .rooms import TABLE_DEPTH, background
from .scene import Timeline

__all__ = [
    "SPEECH_FONT",
    "Bubble",
    "Painter",
    "background",
    "bubble_layout",
    "draw_figure",
    "prop_picture",
    "sprite_box",
]


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
