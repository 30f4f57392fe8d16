"""From faces found every few frames to a box for every face on every frame of a film.

Pure functions over plain data, so the rules can be tested without a film: sightings are
linked into tracks (overlap with where the track was heading, or a near centre), a track's
box between sightings is interpolated, and each frame's box is the union of where the face
is on that frame and half a detection interval either side (so a face that moves faster
or more unevenly than a straight line is still covered), widened by a margin. A box is held
a little before a track's first sighting and after its last, moving on and growing as the
face was; a face cut by the picture's edge (coming in or going out, seen only in part) is
held longer, with twice the margin, along the edge. Boxes are clipped to the picture.
Faces the guider keeps visible are whole tracks, chosen by a box drawn at one time.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.errors import MediaError
from ..core.timecode import format_time

#: A box: left, top, width, height (pixels of the film as displayed).
Box = tuple[float, float, float, float]
#: A box in whole pixels, covering at least the box it was made from.
PixelBox = tuple[int, int, int, int]

#: Margin added on each side of a face's box, as a share of its width (height).
MARGIN = 0.25
#: A sighting joins a track whose expected box it overlaps at least this much (IoU)...
MIN_OVERLAP = 0.2
#: ... or whose expected centre is nearer than this share of the face's size.
MAX_CENTRE_SHIFT = 0.5
#: A face's box this near the picture's edge (a share of its shorter side) or beyond is a
#: face cut by the edge.
EDGE = 0.02
#: The most a held box grows as the face was growing when last seen.
MAX_GROWTH = 2.0
#: How many pairs of sightings back the growth is looked for.
GROWTH_LOOKS = 4
#: A box drawn to keep a face must cover at least this share of the face's box (or the face
#: that much of the drawn box).
KEEP_OVERLAP = 0.3


@dataclass(frozen=True)
class KeepFace:
    """A face the guider keeps visible (their own, say): the ``box`` (left, top, width,
    height, in pixels of the film as displayed) drawn around it at ``time`` (seconds of the
    film). The face found there is followed through the film and not blurred."""

    time: float
    box: Box

    def __post_init__(self) -> None:
        values = (self.time, *self.box) if len(self.box) == 4 else ()
        if not values or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in values
        ):
            raise MediaError(
                f"a face to keep is a time and a box (left, top, width, height) of four "
                f"numbers, e.g. KeepFace(12.5, (400, 120, 160, 200)); not {self.time!r}, "
                f"{self.box!r}"
            )
        if self.box[2] <= 0 or self.box[3] <= 0:
            raise MediaError(
                f"the box of the face to keep at {format_time(self.time)} has no size "
                f"({self.box[2]:g} x {self.box[3]:g} pixels); give its width and height"
            )


@dataclass(frozen=True)
class Tracking:
    """How sightings become boxes: detection ``every`` so many frames; a face unseen for
    up to ``gap`` frames is still the same track; boxes are ``hold`` frames before the
    first sighting and after the last (up to ``edge_hold`` for a face coming in or going
    out of the picture, followed as it moves until it is outside); the ``margin`` on each
    side; the picture's ``size`` (width, height) that boxes are clipped to."""

    every: int
    size: tuple[int, int]
    gap: int
    hold: int
    edge_hold: int = 0
    margin: float = MARGIN

    @property
    def spread(self) -> int:
        """Frames either side whose boxes each frame's box includes (half an interval)."""
        return (self.every + 1) // 2

    @property
    def lag(self) -> int:
        """Frames after which a frame's boxes no longer change as later sightings come in:
        a film can be blurred this far behind its detection."""
        return self.spread + max(self.gap, self.hold, self.edge_hold)


@dataclass(frozen=True)
class Track:
    """One face followed through the film: numbered in order of first sighting, with the
    frames it was seen on and its box on each (tight, as detected)."""

    number: int
    frames: tuple[int, ...]
    boxes: tuple[Box, ...]

    def seen(self, frame: int, box: Box) -> Track:
        """This track with one more sighting (later than the others)."""
        return Track(self.number, (*self.frames, frame), (*self.boxes, box))


@dataclass(frozen=True)
class Tracks:
    """Every track so far, and the number the next new one gets."""

    tracks: tuple[Track, ...] = ()
    next_number: int = 0


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 when apart)."""
    inter = _intersection(a, b)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def cover(a: Box, b: Box) -> float:
    """How much of the smaller box lies in the other (0..1)."""
    smaller = min(a[2] * a[3], b[2] * b[3])
    return _intersection(a, b) / smaller if smaller > 0 else 0.0


def _intersection(a: Box, b: Box) -> float:
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)


def centre_shift(a: Box, b: Box) -> float:
    """The distance between two boxes' centres, as a share of their mean size."""
    dx = (a[0] + a[2] / 2) - (b[0] + b[2] / 2)
    dy = (a[1] + a[3] / 2) - (b[1] + b[3] / 2)
    size = (a[2] + a[3] + b[2] + b[3]) / 4
    return math.hypot(dx, dy) / size if size > 0 else math.inf


def link(
    state: Tracks, frame: int, boxes: Sequence[Box], gap: int, faint: Sequence[Box] = ()
) -> Tracks:
    """``state`` with the faces found on ``frame``: each joins the open track (seen within
    ``gap`` frames before) it fits best – most overlap with where that track was heading,
    then nearest centre – and the rest of ``boxes`` start new tracks. ``faint`` sightings
    (the detector less sure) only carry on a track, never start one: a face turning away
    stays followed, and shadows do not become faces. Decided from the past only, so a film
    can be tracked as it is read."""
    open_tracks = [i for i, t in enumerate(state.tracks) if frame - gap <= t.frames[-1] < frame]
    pairs = []
    every_box = [*boxes, *faint]
    for i in open_tracks:
        expected = heading(state.tracks[i], frame)
        for j, box in enumerate(every_box):
            overlap, shift = iou(expected, box), centre_shift(expected, box)
            if overlap >= MIN_OVERLAP or shift <= MAX_CENTRE_SHIFT:
                pairs.append((-overlap, shift, i, j))
    tracks = list(state.tracks)
    taken_tracks: set[int] = set()
    taken_boxes: set[int] = set()
    for _, _, i, j in sorted(pairs):
        if i in taken_tracks or j in taken_boxes:
            continue
        tracks[i] = tracks[i].seen(frame, every_box[j])
        taken_tracks.add(i)
        taken_boxes.add(j)
    number = state.next_number
    for j, box in enumerate(boxes):
        if j not in taken_boxes:
            tracks.append(Track(number, (frame,), (box,)))
            number += 1
    return Tracks(tuple(tracks), number)


def track_all(
    sightings: Iterable[tuple[int, tuple[Sequence[Box], Sequence[Box]]]], gap: int
) -> Tracks:
    """The tracks of a whole list of (frame, (sure boxes, faint boxes) found on it), in
    frame order."""
    state = Tracks()
    for frame, (boxes, faint) in sightings:
        state = link(state, frame, boxes, gap, faint)
    return state


def retire(state: Tracks, before: int, settings: Tracking) -> Tracks:
    """``state`` without the tracks that can give no box from frame ``before`` on."""
    reach = max(settings.hold, settings.edge_hold) + settings.spread
    alive = tuple(t for t in state.tracks if t.frames[-1] + reach >= before)
    return Tracks(alive, state.next_number)


def heading(track: Track, frame: float) -> Box:
    """Where the track's face is expected on ``frame``: its last box moved on at the speed
    of its last two sightings."""
    if frame >= track.frames[-1]:
        return moved(track, -1, frame)
    return positions(track, frame)[-1]


def positions(track: Track, frame: float, size: tuple[int, int] | None = None) -> list[Box]:
    """Where the face is on ``frame`` (tight boxes): interpolated between sightings; before
    the first and after the last both where it was seen and where it was heading (see
    :func:`moved`; ``size`` is the picture's)."""
    frames = track.frames
    if frame <= frames[0]:
        first = track.boxes[0]
        return [first] if frame == frames[0] else [first, moved(track, 0, frame, size)]
    if frame >= frames[-1]:
        last = track.boxes[-1]
        return [last] if frame == frames[-1] else [last, moved(track, -1, frame, size)]
    after = bisect.bisect_right(frames, frame)
    start, end = frames[after - 1], frames[after]
    share = (frame - start) / (end - start)
    a, b = track.boxes[after - 1], track.boxes[after]
    return [tuple(x + (y - x) * share for x, y in zip(a, b, strict=True))]  # type: ignore[list-item]


def moved(track: Track, end: int, frame: float, size: tuple[int, int] | None = None) -> Box:
    """The box at sighting ``end`` (0: first, -1: last) moved to ``frame`` at the speed the
    face had there (between that sighting and its neighbour), and grown as it was growing
    (a zoom, or someone coming nearer; up to ``MAX_GROWTH`` times, never shrunk), measured
    on the nearest two sightings of the whole face (not cut by the edge of a picture of
    ``size``); unmoved with one sighting."""
    box = track.boxes[end]
    if len(track.frames) < 2:
        return box
    near = 1 if end == 0 else -2
    span = track.frames[end] - track.frames[near]
    if span == 0:
        return box
    other = track.boxes[near]
    steps = (frame - track.frames[end]) / span
    dx = (box[0] + box[2] / 2 - other[0] - other[2] / 2) * steps
    dy = (box[1] + box[3] / 2 - other[1] - other[3] / 2) * steps
    factor = min(_growth(track, end, size) ** abs(frame - track.frames[end]), MAX_GROWTH)
    width, height = box[2] * factor, box[3] * factor
    left, top = box[0] + dx - (width - box[2]) / 2, box[1] + dy - (height - box[3]) / 2
    if size is not None:  # a face cut by an edge stays at it: more of it is beyond than seen
        cut_left, cut_top, cut_right, cut_bottom = cut_edges(box, size)
        if cut_left or cut_right:
            left = min(left, box[0]) if cut_left else max(left, box[0] + box[2] - width)
        if cut_top or cut_bottom:
            top = min(top, box[1]) if cut_top else max(top, box[1] + box[3] - height)
    return (left, top, width, height)


def cut_edges(box: Box, size: tuple[int, int]) -> tuple[bool, bool, bool, bool]:
    """Whether ``box`` reaches (within ``EDGE``) or crosses the picture's left, top, right
    and bottom edges: the face is cut by them."""
    near = EDGE * min(size)
    return (
        box[0] <= near,
        box[1] <= near,
        box[0] + box[2] >= size[0] - near,
        box[1] + box[3] >= size[1] - near,
    )


def _growth(track: Track, end: int, size: tuple[int, int] | None) -> float:
    """How much the face grew a frame going out from sighting ``end`` (at least 1)."""
    count = len(track.frames)
    pairs = range(count - 1, 0, -1) if end == -1 else range(count - 1)
    for i in pairs[:GROWTH_LOOKS]:
        outer, inner = (i, i - 1) if end == -1 else (i, i + 1)
        a, b = track.boxes[outer], track.boxes[inner]
        if size is not None and not (_inside(a, size) and _inside(b, size)):
            continue
        frames = abs(track.frames[outer] - track.frames[inner])
        if frames == 0 or a[2] * a[3] <= 0 or b[2] * b[3] <= 0:
            continue
        return max(1.0, float(math.sqrt(a[2] * a[3] / (b[2] * b[3])) ** (1 / frames)))
    return 1.0


def _inside(box: Box, size: tuple[int, int]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[0] + box[2] <= size[0] and box[1] + box[3] <= size[1]


def reach(track: Track, settings: Tracking) -> tuple[int, int]:
    """The first and last frames ``track`` has a box on: ``hold`` frames before its first
    sighting and after its last, or ``edge_hold`` when the face was then at the edge of the
    picture (coming in or going out: the detector sees a face only once most of it shows)."""
    return (
        track.frames[0] - _hold(track.boxes[0], settings),
        track.frames[-1] + _hold(track.boxes[-1], settings),
    )


def _hold(box: Box, settings: Tracking) -> int:
    """How long a box is held: longer if the face is cut by the picture's edge (its box,
    as the detector saw the whole face, reaches the edge or beyond)."""
    at_edge = any(cut_edges(box, settings.size))
    return max(settings.hold, settings.edge_hold) if at_edge else settings.hold


def track_box(track: Track, frame: int, settings: Tracking) -> Box | None:
    """The box blurred for ``track`` on ``frame`` (with margin, clipped to the picture), or
    None when the track is not there. Before the first sighting and after the last, where
    the face is less certain, the margin grows, up to twice as wide after ``hold`` frames;
    it is twice as wide too for a face cut by the picture's edge, which the detector sees
    only in part and boxes too small."""
    first, last = reach(track, settings)
    if not first <= frame <= last:
        return None
    moments = {
        min(max(t, first), last) for t in (frame - settings.spread, frame, frame + settings.spread)
    }
    boxes = []
    for t in sorted(moments):
        away = max(track.frames[0] - t, t - track.frames[-1], 0)
        margin = settings.margin * (1 + min(away / max(settings.hold, 1), 1))
        for box in positions(track, t, settings.size):
            cut = any(cut_edges(box, settings.size))
            boxes.append(widened(box, 2 * margin if cut else margin))
    return clipped(union(boxes), settings.size)


def frame_boxes(
    state: Tracks, frame: int, settings: Tracking, kept: frozenset[int] = frozenset()
) -> tuple[list[PixelBox], list[PixelBox]]:
    """The boxes to blur on ``frame`` and those of faces kept visible (tracks numbered in
    ``kept``), in whole pixels."""
    blurred: list[PixelBox] = []
    visible: list[PixelBox] = []
    for track in state.tracks:
        box = track_box(track, frame, settings)
        if box is None:
            continue
        pixels = pixel_box(box)
        if pixels is not None:
            (visible if track.number in kept else blurred).append(pixels)
    return blurred, visible


def kept_track(state: Tracks, frame: int, box: Box, within: int = 0) -> int | None:
    """The number of the track the guider's ``box`` on ``frame`` picks: the face (where it
    is then) that the box covers most, if it covers it well enough. A track counts if it
    was seen within ``within`` frames of ``frame`` (or before and after it)."""
    best: tuple[float, float, int] | None = None
    for track in state.tracks:
        if not track.frames[0] - within <= frame <= track.frames[-1] + within:
            continue
        where = positions(track, frame)[0]
        score = (cover(where, box), iou(where, box), -track.number)
        if score[0] >= KEEP_OVERLAP and (best is None or score > best):
            best = score
    return None if best is None else -best[2]


def widened(box: Box, margin: float) -> Box:
    """``box`` with ``margin`` of its width (height) added on each side."""
    x, y, w, h = box
    return (x - margin * w, y - margin * h, w * (1 + 2 * margin), h * (1 + 2 * margin))


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all of ``boxes`` (at least one)."""
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[0] + b[2] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    return (left, top, right - left, bottom - top)


def clipped(box: Box, size: tuple[int, int]) -> Box | None:
    """The part of ``box`` inside a picture of ``size`` (width, height), None if none."""
    left, top = max(box[0], 0.0), max(box[1], 0.0)
    right, bottom = min(box[0] + box[2], float(size[0])), min(box[1] + box[3], float(size[1]))
    if right <= left or bottom <= top:
        return None
    return (left, top, right - left, bottom - top)


def pixel_box(box: Box) -> PixelBox | None:
    """``box`` in whole pixels, grown outwards to cover it; None if it is empty."""
    left, top = math.floor(box[0]), math.floor(box[1])
    right, bottom = math.ceil(box[0] + box[2]), math.ceil(box[1] + box[3])
    if right <= left or bottom <= top:
        return None
    return (left, top, right - left, bottom - top)
