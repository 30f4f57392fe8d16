"""Blurring faces in a film before it is shared: ``blur_faces``.

The film (or a moment of it: ``-ss`` before ``-i``, only that part is decoded) is read once
by ffmpeg as raw YUV 4:2:0 frames, upright; every few frames a reduced copy goes to the
face detector (:mod:`.faces`), tracks join the sightings (:mod:`.facetrack`), and each
frame, once later sightings can no longer change its boxes, has its faces made
unrecognisable (:mod:`.obscure`) and goes on to a second ffmpeg that encodes it with the
source's sound (H.264, faststart, no metadata). Only the frames between detections are held
in memory. The film is written atomically and read back; an interrupt stops both ffmpegs
and leaves nothing. Faces the guider keeps visible are found first, in a quick pass over
the film up to the last of them, so their tracks are known from their first frame.

Kept whole: one pipeline (the consent check, decode, detect, track, obscure, encode, the
ledger) whose steps share the job's frame bookkeeping; split, each part would need it all.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image

from ..coding.workspace import Workspace
from ..core.atomic import atomic_path
from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..core.timecode import format_time, parse_time
from ..privacy.gate import check_use
from ..privacy.ledger import note_made
from .colour import tone_map
from .faces import FAINT, THRESHOLD, detect_at_size
from .facetrack import (
    Box,
    KeepFace,
    PixelBox,
    Tracking,
    Tracks,
    clipped,
    cut_edges,
    frame_boxes,
    kept_track,
    link,
    pixel_box,
    positions,
    retire,
    track_all,
)
from .inputs import FILM_SUFFIXES, check_film, check_picture, check_target
from .moment import Moment
from .obscure import DETECT_SIZE, STYLES, detect_picture, obscure_frame
from .probe import MediaInfo, probe
from .rawframes import Frame, FrameEncoder, Plane, RawPart, read_frames
from .verify import verify_film

__all__ = ["BlurResult", "KeepFace", "blur_faces", "faces_in_still"]

#: The faces found on one frame: those the detector is sure of, and the faint ones.
Sightings = tuple[list[Box], list[Box]]

#: Detections a second by default (every 5th frame at 25 fps): a face moves little in 0.2 s.
DETECTIONS_PER_SECOND = 5
#: How long a box stays before a face is first seen and after it is last seen, and how long
#: a face may go unseen (turned away, covered) and still be the same track.
HOLD_SECONDS = 0.4
GAP_SECONDS = 0.6
#: How long a face coming into the picture (or going out) is followed, as it moves, before
#: it is first seen (after it is last seen): the detector needs most of a face to see it.
EDGE_SECONDS = 1.0
#: The encoder's settings: a little finer than an exact cut's CRF 20, so that where no face
#: is, the blurred film looks like its source (SSIM at least 0.98 on textured pictures).
PRESET = "veryfast"
CRF = 18
#: The most frames between detections, and the detector's size limits.
MAX_EVERY = 50
DETECT_LIMITS = (64, 4096)


@dataclass(frozen=True)
class BlurResult:
    """The film made: its ``path``; the part of the source it holds (``start`` seconds, at
    ``fps``); how many ``frames``; how many had faces blurred; per frame the boxes blurred
    and those of kept faces (left, top, width, height, film pixels as displayed), and how
    many faces were kept visible."""

    path: Path
    start: float
    fps: float
    frames: int
    frames_with_faces: int
    boxes: tuple[tuple[PixelBox, ...], ...]
    kept: tuple[tuple[PixelBox, ...], ...]
    faces_kept: int


@dataclass(frozen=True)
class _Job:
    """One blur: the part of the film read, the detector's size, the tracking rules."""

    part: RawPart
    detect: int
    settings: Tracking

    @property
    def what(self) -> str:
        """The part, in words for messages."""
        start, length = self.part.start, self.part.length
        return f"{format_time(start)} to {format_time(start + length)}"


def blur_faces(
    clip_or_moment: str | Path | Moment,
    out: str | Path,
    keep: Sequence[KeepFace] | None = None,
    *,
    style: str = "pixelate",
    every: int | None = None,
    detect_width: int | None = None,
    progress: bool = True,
    use: str = "training-group",
    override: str | None = None,
    workspace: Workspace | str | Path | None = None,
) -> BlurResult:
    """Write ``clip_or_moment`` (a film, or a :class:`Moment` of one) to ``out`` (.mp4) with
    every face blurred beyond recognition, except the faces in ``keep`` (each a box drawn
    around a face at a time of the film: see :func:`faces_in_still`). ``style``:
    "pixelate" (large blocks) or "blur" (blocks smoothed). Faces are looked for ``every``
    so many frames (default: 5 times a second) on a copy whose longer side is
    ``detect_width`` pixels (default 640), and tracked in between. Sound is kept, metadata
    is not. A progress bar shows once it takes more than a few seconds.

    The film's consent must allow ``use`` with faces blurred (``override``: a logged
    reason to go ahead); the copy is in the workspace's ledger, erased with the film."""
    film = clip_or_moment.source if isinstance(clip_or_moment, Moment) else clip_or_moment

    def checked() -> None:
        check_use(film, use, action="making a copy with faces blurred", override=override,
                  faces_blurred=True, workspace=workspace)  # fmt: skip

    result = blurred_copy(
        clip_or_moment, out, keep, style=style, every=every, detect_width=detect_width,
        progress=progress, before_work=checked,
    )  # fmt: skip
    note_made(result.path, [film], "blurred", workspace=workspace, faces_blurred=True)
    return result


def blurred_copy(
    clip_or_moment: str | Path | Moment,
    out: str | Path,
    keep: Sequence[KeepFace] | None = None,
    *,
    style: str = "pixelate",
    every: int | None = None,
    detect_width: int | None = None,
    progress: bool = True,
    before_work: Callable[[], None] | None = None,
) -> BlurResult:
    """:func:`blur_faces` without the consent check and the ledger, for jobs that check the
    use themselves and keep the copy only as a step (a reel with faces blurred);
    ``before_work`` runs once the input is checked, before anything is decoded."""
    if isinstance(clip_or_moment, Moment):
        moment: Moment | None = clip_or_moment
        source = check_film(clip_or_moment.source)
    else:
        moment, source = None, check_film(clip_or_moment)
    info = check_picture(_probe_film(source))
    start, end = 0.0, info.duration
    if moment is not None:
        moment.check_within(info)
        start, end = moment.start, min(moment.end, info.duration)
    if style not in STYLES:
        raise MediaError(f"{source}: the style '{style}' is not one of: {', '.join(STYLES)}")
    job = _job(info, start, end - start, every, detect_width)
    target = check_target(
        out, [source], suffixes=FILM_SUFFIXES, what="a film with faces blurred is a film"
    )
    keeps = _keep_frames(job, keep)
    if before_work is not None:
        before_work()
    with atomic_path(target) as tmp:
        known, kept = _find_kept(job, keeps)
        boxes, visible = _blur(job, tmp, style, known, kept, progress)
        verify_film(
            tmp, film=source, start=start, asked=job.part.length, fps=float(job.part.rate),
            audio=info.has_audio, what=f"the film {job.what} with faces blurred",
        )  # fmt: skip
    return BlurResult(
        path=target,
        start=start,
        fps=float(job.part.rate),
        frames=len(boxes),
        frames_with_faces=sum(1 for b in boxes if b),
        boxes=tuple(boxes),
        kept=tuple(visible),
        faces_kept=len(kept),
    )


def faces_in_still(
    film: str | Path, time: float | str, *, detect_width: int | None = None
) -> list[PixelBox]:
    """The faces the blur finds on the frame at ``time`` of ``film`` (boxes: left, top,
    width, height in pixels of the film as displayed, best first): for choosing a face to
    keep visible, as ``KeepFace(time, box)``."""
    info = check_picture(_probe_film(check_film(film)))
    seconds = _film_time(info, time, "the still")
    seek = max(0.0, min(seconds, info.duration - info.frame_duration) - info.frame_duration / 2)
    job = _job(info, seek, info.duration - seek, 1, detect_width)
    found: list[PixelBox] = []
    with contextlib.closing(read_frames(job.part, frames=1)) as frames:
        for _, _, planes in frames:
            sure = _sightings(job, planes)[0]
            found = [box for box in map(pixel_box, sure) if box is not None]
    return found


def _probe_film(source: Path) -> MediaInfo:
    """``probe``, saying so when the file is a picture rather than a film."""
    try:
        return probe(source)
    except MediaError:
        try:
            with Image.open(source) as picture:
                kind = picture.format
        except (OSError, ValueError, Image.DecompressionBombError):
            kind = None
        if kind is None:
            raise
    raise MediaError(
        f"{source}: this is a picture ({kind}), not a film; blur_picture blurs the faces "
        "in a picture"
    )


def _job(
    info: MediaInfo, start: float, length: float, every: int | None, detect_width: int | None
) -> _Job:
    """The settings of one blur, checked."""
    rate = Fraction(info.fps).limit_denominator(1001)
    fps = float(rate)
    if every is None:
        every = max(1, round(fps / DETECTIONS_PER_SECOND))
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= MAX_EVERY:
        raise MediaError(
            f"{info.path}: 'every' is the frames between face detections: a whole number "
            f"from 1 to {MAX_EVERY} (not {every!r})"
        )
    low, high = DETECT_LIMITS
    detect = DETECT_SIZE if detect_width is None else detect_width
    if isinstance(detect, bool) or not isinstance(detect, int) or not low <= detect <= high:
        raise MediaError(
            f"{info.path}: 'detect_width' is the size of the picture the detector looks at: "
            f"a whole number of pixels from {low} to {high} (not {detect_width!r})"
        )
    size = (info.width - info.width % 2, info.height - info.height % 2)
    settings = Tracking(
        every=every,
        size=size,
        gap=max(2 * every, round(GAP_SECONDS * fps)),
        hold=max(2 * every, round(HOLD_SECONDS * fps)),
        edge_hold=max(4 * every, round(EDGE_SECONDS * fps)),
    )
    part = RawPart(info.path, start, length, size, rate, info.has_audio, tone_map(info))
    return _Job(part, detect, settings)


def _film_time(info: MediaInfo, time: float | str, what: str) -> float:
    """``time`` as seconds within the film, or a ``MediaError`` naming it."""
    try:
        seconds = parse_time(time)
    except ValueError as error:
        raise MediaError(f"{info.path}: {error}") from None
    if not 0 <= seconds <= info.duration + 0.01:
        raise MediaError(
            f"{info.path}: {what} at {format_time(seconds)} is not in the film, which runs "
            f"from 0:00.00 to {format_time(info.duration)}"
        )
    return seconds


# ------------------------------------------------------------------ faces to keep


def _keep_frames(job: _Job, keep: Sequence[KeepFace] | None) -> list[tuple[int, Box, KeepFace]]:
    """Each face to keep as (frame of the part, box clipped to the picture), checked."""
    if keep is None:
        return []
    if isinstance(keep, KeepFace):
        keep = [keep]
    film = job.part.film
    found = []
    frames = job.part.frames
    for face in keep:
        if not isinstance(face, KeepFace):
            raise MediaError(
                f"{film}: faces to keep are given as KeepFace(time, (left, top, width, "
                f"height)), not {face!r}"
            )
        frame = round((face.time - job.part.start) * float(job.part.rate))
        if not 0 <= frame < frames + 1:
            raise MediaError(
                f"{film}: the face to keep at {format_time(face.time)} is outside the part "
                f"being blurred ({job.what}); give a time within it"
            )
        box = clipped(face.box, job.part.size)
        if box is None:
            width, height = job.part.size
            raise MediaError(
                f"{film}: the box of the face to keep at {format_time(face.time)} "
                f"({', '.join(f'{v:g}' for v in face.box)}) lies outside the picture, which "
                f"is {width}x{height} pixels; draw it around the face"
            )
        found.append((min(frame, frames - 1), box, face))
    return found


def _find_kept(
    job: _Job, keeps: list[tuple[int, Box, KeepFace]]
) -> tuple[dict[int, Sightings], frozenset[int]]:
    """The faces found on the detection frames up to the last face to keep (so the blur
    reuses them), and the numbers of the tracks kept visible."""
    if not keeps:
        return {}, frozenset()
    every = job.settings.every
    last = max(frame for frame, _, _ in keeps) + every
    reading = read_frames(job.part, select=every, frames=last // every + 1)
    with contextlib.closing(reading) as frames:
        known = {index * every: _sightings(job, planes) for index, _, planes in frames}
    state = track_all(sorted(known.items()), job.settings.gap)
    kept = set()
    for frame, box, face in keeps:
        number = kept_track(state, frame, box, within=every)
        if number is None:
            there = [
                pixel_box(positions(t, frame)[0])
                for t in state.tracks
                if t.frames[0] - every <= frame <= t.frames[-1] + every
            ]
            listed = "; ".join(", ".join(map(str, b)) for b in there if b) or "none"
            raise MediaError(
                f"{job.part.film}: no face was found in the box to keep at "
                f"{format_time(face.time)} ({', '.join(f'{v:g}' for v in face.box)}); faces "
                f"found then (left, top, width, height): {listed}; draw the box around one "
                "of them (faces_in_still lists them)"
            )
        kept.add(number)
    return known, frozenset(kept)


# ------------------------------------------------------------------ the blur


def _sightings(job: _Job, planes: Sequence[Plane]) -> Sightings:
    """The faces on one frame (film pixels): those the detector is sure of, and the faint.
    A faint face cut by the picture's edge counts as sure: a face coming in is only partly
    there, and the detector is never sure of it until most of it shows."""
    picture, (across, down) = detect_picture(planes, job.detect)
    sure: list[Box] = []
    faint: list[Box] = []
    for face in detect_at_size(picture, FAINT):
        x, y, w, h = face.box
        box = (x * across, y * down, w * across, h * down)
        at_edge = any(cut_edges(box, job.part.size))
        (sure if face.score >= THRESHOLD or at_edge else faint).append(box)
    return sure, faint


def _blur(
    job: _Job,
    tmp: Path,
    style: str,
    known: dict[int, Sightings],
    kept: frozenset[int],
    progress: bool,
) -> tuple[list[tuple[PixelBox, ...]], list[tuple[PixelBox, ...]]]:
    """Read, blur and encode every frame; return the boxes blurred and kept per frame.
    A frame waits (in ``pending``) until no later sighting can change its boxes."""
    settings = job.settings
    boxes: list[tuple[PixelBox, ...]] = []
    visible: list[tuple[PixelBox, ...]] = []
    pending: deque[Frame] = deque()
    state = Tracks()
    bar = progress_bar(job.part.frames, "blurring faces") if progress else _quiet()
    what = "the film with faces blurred"
    with bar as update, FrameEncoder(job.part, tmp, preset=PRESET, crf=CRF, what=what) as encoder:

        def flush(until: int) -> None:
            nonlocal state
            while pending and pending[0][0] <= until:
                index, data, planes = pending.popleft()
                blurred, shown = frame_boxes(state, index, settings, kept)
                obscure_frame(planes, blurred, style)
                encoder.send(data)
                boxes.append(tuple(blurred))
                visible.append(tuple(shown))
                update(index + 1)
            state = retire(state, until + 1, settings)

        index = -1
        with contextlib.closing(read_frames(job.part)) as frames:
            for frame in frames:
                index, _, planes = frame
                pending.append(frame)
                if index % settings.every == 0:
                    sure, faint = known[index] if index in known else _sightings(job, planes)
                    state = link(state, index, sure, settings.gap, faint)
                    flush(index - settings.lag)
        if index >= 0 and index % settings.every != 0:  # the last frame is looked at too
            sure, faint = _sightings(job, pending[-1][2])
            state = link(state, index, sure, settings.gap, faint)
        flush(index)
        encoder.finish()
    if not boxes:
        raise MediaError(
            f"{job.part.film}: no picture could be read from {format_time(job.part.start)}; "
            "the film seems damaged there"
        )
    return boxes, visible


@contextlib.contextmanager
def _quiet() -> Iterator[Callable[[float], None]]:
    yield lambda done: None
