"""Cutting a moment out of a film into a clip of its own.

An exact cut re-encodes from the moment's first frame (what a trainee chose is what they
get); a quick cut copies the film's own data from the keyframe at or before the start,
which takes a fraction of a second on any film but may start a little early. A quick cut
runs ffmpeg twice besides the copy check: once to read the film's header and the packet a
seek to the start lands on (the keyframe the copy will start from), once for the copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..coding.workspace import Workspace
from ..core.atomic import atomic_path
from ..core.progress import progress_bar
from ..core.timecode import format_time
from ..privacy.gate import check_use
from ..privacy.ledger import note_made
from .colour import KEEP_TIMES, chain, sdr_tags, tone_map
from .ffmpeg import WITHOUT_METADATA, ffmpeg_says, run_ffmpeg
from .inputs import CLIP_SUFFIXES, check_film, check_picture, check_target
from .moment import Moment
from .probe import MediaInfo, parse_probe, probe
from .verify import verify_film

# Seconds looked back for a keyframe before widening the search (x3 each time): phones
# and cameras put one every 1-2 s, so the first look nearly always finds it.
_KEYFRAME_WINDOW = 5.0


@dataclass(frozen=True)
class CutResult:
    """The clip made: where it is and the part of the film it holds (``start``/``end`` in
    the source's seconds, as the clip really holds them: a quick cut may start before the
    moment and end a little after it)."""

    path: Path
    start: float
    end: float
    exact: bool


def cut(
    moment: Moment,
    out: str | Path,
    exact: bool = True,
    *,
    use: str = "own-review",
    override: str | None = None,
    workspace: Workspace | str | Path | None = None,
    show_bar: bool = True,
) -> CutResult:
    """Write ``moment`` to ``out``: re-encoded from its exact first frame, or (``exact=False``)
    copied quickly from the keyframe at or before its start. The clip is checked before
    it is kept: if the film is damaged within the moment, nothing is made (``MediaError``).
    The film's consent must allow ``use`` (``override``: a logged reason to go ahead).
    An exact cut shows a bar with the time left (``show_bar``)."""
    source = check_film(moment.source)
    if exact:
        info, key = probe(source), None
    else:  # the header and the keyframe in one ffmpeg run: a quick cut is mostly start-up
        info, key = probe_with_keyframe(source, moment.start)
    check_picture(info)
    moment.check_within(info)
    webm = not exact and "webm" in info.container  # a stream copy stays in its own format
    suffixes = (*CLIP_SUFFIXES, ".webm") if webm else CLIP_SUFFIXES
    target = check_target(out, [source], suffixes=suffixes, what="a clip is a film")
    check_use(source, use, action="cutting a clip", override=override, workspace=workspace)
    end = min(moment.end, info.duration)
    if exact:
        _cut_exact(source, info, moment.start, end, target, show_bar)
        result = CutResult(path=target, start=moment.start, end=end, exact=True)
    else:
        if key is None:  # no packet where the seek landed (a damaged film): search back
            key = keyframe_before(source, moment.start, info)
            # Seek a hair past the keyframe: a seek lands on the keyframe at or before the
            # time asked, so rounding just below it would start a whole keyframe interval early.
            seek = key + min(0.001, info.frame_duration / 4)
        else:  # the copy seeks where the search did, so it starts on the same keyframe
            seek = _seek_for(moment.start)
        got = _cut_copy(source, info, seek, key, end, target, _what(moment.start, end))
        # The copy ends on the source's own packets, up to a frame past ``end``.
        result = CutResult(path=target, start=key, end=min(end, round(key + got, 6)), exact=False)
    note_made(target, [source], "cut", workspace=workspace)
    return result


def probe_with_keyframe(source: Path, time: float) -> tuple[MediaInfo, float | None]:
    """The film's facts (as :func:`~vigkit.media.probe.probe` reads them) and the time of the
    keyframe a seek to ``time`` lands on, from one ffmpeg run: its header, and the first
    picture packet copied from there (packets only: nothing is decoded). The keyframe is
    None when no packet could be read there (the film's data stops before ``time``)."""
    args: list[str | Path] = ["-copyts", "-ss", _seconds(_seek_for(time)), "-i", source]
    args += ["-map", "0:V:0", "-c", "copy", "-frames:v", "1", "-f", "framecrc", "-"]
    packets, said = ffmpeg_says(args)
    # Only the input's part is the header ``ffmpeg -i`` prints: the output's follows.
    header = re.split(r"^(?:Stream mapping:|Output #0)", said, maxsplit=1, flags=re.M)[0]
    info = parse_probe(header, source)
    key = _first_packet_time(packets, header)
    if key is None or key > time + 1e-6:
        return info, None
    return info, round(max(key, 0.0), 6)


def _first_packet_time(packets: str, header: str) -> float | None:
    """The display time (source seconds, from the film's start) of the first packet in
    ``framecrc`` output written with ``-copyts``; None if there is none."""
    base = re.search(r"^#tb 0: (\d+)/(\d+)", packets, re.M)
    first = next((line for line in packets.splitlines() if line.startswith("0,")), None)
    if base is None or first is None or int(base[2]) <= 0:
        return None
    fields = [field.strip() for field in first.split(",")]
    if len(fields) < 3 or not fields[2].lstrip("-").isdigit():
        return None
    start = re.search(r"Duration: [^\n]*?, start: (-?\d+(?:\.\d+)?)", header)
    offset = Fraction(start[1]) if start is not None else Fraction(0)
    return float(int(fields[2]) * Fraction(int(base[1]), int(base[2])) - offset)


def _seek_for(time: float) -> float:
    """Where a quick cut seeks for a moment starting at ``time``: a microsecond on, so a
    keyframe exactly at ``time`` is not missed by the rounding of the seek."""
    return time + 1e-6


def keyframe_before(source: Path, time: float, info: MediaInfo | None = None) -> float:
    """The time of the last keyframe at or before ``time`` (0 if there is none), found by
    decoding only the keyframes in a window before it, so it is quick on any film."""
    fps = info.fps if info is not None else 25.0
    window = _KEYFRAME_WINDOW
    while True:
        window_start = float(max(0, int(time - window)))  # whole seconds: exact timestamps
        keys = [k for k in _keyframes(source, window_start, time, fps) if k <= time + 1e-6]
        if keys:
            return round(max(keys), 6)
        if window_start == 0:
            return 0.0
        window *= 3


def _cut_exact(
    source: Path, info: MediaInfo, start: float, end: float, target: Path, show_bar: bool = True
) -> None:
    """Re-encode ``start``..``end``; seeking on the input drops the frames before ``start``."""
    args: list[str | Path] = ["-ss", _seconds(start), "-i", source, "-t", _seconds(end - start)]
    args += ["-map", "0:V:0", "-map", "0:a:0?", "-sn", "-dn"]
    even = "crop=trunc(iw/2)*2:trunc(ih/2)*2" if info.width % 2 or info.height % 2 else ""
    if filters := chain(even, tone_map(info)):  # H.264 4:2:0 needs even sizes; HDR to SDR
        args += ["-vf", filters, *sdr_tags(info)]
    args += KEEP_TIMES  # each frame at its own time, as in the film
    args += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
    if info.has_audio:
        args += ["-c:a", "aac"]
    args += ["-movflags", "+faststart", *WITHOUT_METADATA]
    what = f"cutting {_short(start)}–{_short(end)} of {source.name}"
    bar = progress_bar(end - start, what, unit="s", show=show_bar)
    with bar as shown, atomic_path(target) as tmp:
        run_ffmpeg(
            [*args, tmp], action="cut the moment out of the film", source=source, progress=shown
        )
        verify_film(
            tmp, film=source, start=start, asked=end - start, fps=info.fps,
            audio=info.has_audio, what=_what(start, end),
        )  # fmt: skip


def _cut_copy(
    source: Path, info: MediaInfo, seek: float, key: float, end: float, target: Path, what: str
) -> float:
    """Copy the film's data, without re-encoding, from the keyframe at ``key`` where a seek to
    ``seek`` lands, to ``end``; return the length the clip really has."""
    length = max(end - seek, 0.001)
    args: list[str | Path] = ["-ss", _seconds(seek), "-i", source, "-t", _seconds(length)]
    args += ["-map", "0:V:0", "-map", "0:a:0?", "-sn", "-dn", "-c", "copy"]
    # No +faststart here: it rewrites the whole file a second time, doubling the cost of
    # a long copy; players fetch the index from the end by range request anyway.
    args += ["-avoid_negative_ts", "make_zero", *WITHOUT_METADATA]
    with atomic_path(target) as tmp:
        run_ffmpeg([*args, tmp], action="copy the moment out of the film", source=source)
        return verify_film(
            tmp, film=source, start=key, asked=end - key, fps=info.fps,
            audio=info.has_audio, what=what, exact=False,
        )  # fmt: skip


def _what(start: float, end: float) -> str:
    """The part of the film a cut holds, in words for its messages."""
    return f"the moment {format_time(start)} to {format_time(end)}"


def _keyframes(source: Path, window_start: float, time: float, fps: float) -> list[float]:
    """Keyframe times (source seconds) from ``window_start`` to just past ``time``."""
    length = time - window_start + 0.5 / fps
    args: list[str | Path] = ["-skip_frame", "nokey", "-ss", _seconds(window_start), "-i", source]
    args += ["-t", _seconds(length), "-map", "0:V:0", "-vf", "showinfo", "-f", "null", "-"]
    result = run_ffmpeg(args, action="find the keyframes", source=source, loglevel="info")
    return parse_keyframes(result.stderr, window_start)


def parse_keyframes(stderr: str, offset: float = 0.0) -> list[float]:
    """Times of the key frames in ffmpeg ``showinfo`` output, plus ``offset`` (the input
    seek, which ffmpeg subtracts). Uses exact ``pts`` and time base, not rounded text."""
    base = re.search(r"config in time_base: (\d+)/(\d+)", stderr)
    times = []
    for match in re.finditer(r"\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:(\S+).*?iskey:(\d)", stderr):
        if match[3] != "1":
            continue
        if base is not None and int(base[2]) > 0:
            seconds = float(int(match[1]) * Fraction(int(base[1]), int(base[2])))
        else:
            seconds = float(match[2])
        times.append(offset + seconds)
    return times


def _seconds(value: float) -> str:
    """A time for ffmpeg's command line, to the microsecond (ffmpeg's own resolution)."""
    return f"{max(value, 0.0):.6f}"


def _short(seconds: float) -> str:
    """A time for a bar's words: ``0:10``, or ``0:10.50`` when it is not a whole second."""
    return format_time(seconds, 0 if float(seconds).is_integer() else 2)
