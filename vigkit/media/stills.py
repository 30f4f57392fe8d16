"""Freeze-frame stills of "better than usual" moments (contact sheets: :mod:`.sheet`).

Stills are taken by seeking on the input (``-ss`` before ``-i``), so only a little of the
film around each time is decoded, and many times share one ffmpeg process. A still shows
the frame nearest that time, upright for phone films.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..coding.workspace import Workspace
from ..core.atomic import fsync_directory, temporary_folder
from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..core.timecode import format_time, parse_time
from ..core.wording import counted
from ..privacy.gate import check_use
from ..privacy.ledger import note_made
from .colour import chain, tone_map
from .ffmpeg import WITHOUT_METADATA, check_output, run_ffmpeg
from .inputs import MAX_SECONDS, check_picture
from .probe import MediaInfo, probe
from .verify import COPY_FIRST, data_reaches, verify_picture

BATCH = 16
MAX_WIDTH = 7680
"""The widest still the kit takes (8K): wider would only take memory, not show more."""
"""Stills taken per ffmpeg process (one input per still keeps the command line short)."""

_END_SLACK = 0.01
"""``ffmpeg -i`` rounds durations to 1/100 s, so a time this far past it is still allowed."""

_FALLBACK_WINDOWS = (2.0, 10.0)
"""Seconds decoded before a time at the very end when a seek there found no picture."""

_NAME_TIME = re.compile(r"_(?:(?P<h>\d+)h)?(?P<m>\d+)m(?P<s>\d+(?:\.\d+)?)s(?:-\d+)?$")


def stills(
    source: str | Path,
    times: Iterable[float | str],
    out_dir: str | Path,
    width: int | None = None,
    *,
    use: str = "own-review",
    override: str | None = None,
    blur_faces: bool = False,
    workspace: Workspace | str | Path | None = None,
    show_bar: bool = True,
) -> list[Path]:
    """Take one PNG still per time (seconds or ``"m:ss.s"``) into ``out_dir``; return their
    paths in the order of ``times`` (equal times share one file). Each still is read back
    before it is kept.

    The film's consent must allow ``use`` (see :func:`vigkit.privacy.gate.check_use`;
    ``override`` gives a logged reason to go ahead). ``blur_faces`` blurs every face.
    A bar counts the stills taken, with the time left (``show_bar``)."""
    info = check_picture(probe(source))
    film = info.path
    seconds = _check_times(film, info, times)
    if width is not None and (
        isinstance(width, bool) or not isinstance(width, int) or not 2 <= width <= MAX_WIDTH
    ):
        raise MediaError(
            f"{film}: the still width must be a whole number of pixels from 2 to {MAX_WIDTH} "
            f"(not {width!r})"
        )
    folder = Path(out_dir)
    names = _still_names(film, info, seconds)
    for name in dict.fromkeys(names):
        check_output(folder / name, sources=[film])
    check_use(film, use, action="taking stills", override=override, faces_blurred=blur_faces,
              workspace=workspace)  # fmt: skip
    takes: dict[str, float] = {}
    for name, t in zip(names, seconds, strict=True):
        takes.setdefault(name, t)
    with contextlib.ExitStack() as stack:
        try:  # a hidden work folder, swept at the next write there if the kit is killed
            work = stack.enter_context(temporary_folder(folder / "stills"))
        except OSError as error:
            raise MediaError(f"{folder}: cannot write stills here ({error.strerror})") from None
        steps = len(takes) * (2 if blur_faces else 1)  # each still taken (and blurred)
        what = f"taking {counted(len(takes), 'still')}" + (
            " and blurring faces" if blur_faces else ""
        )
        unit = "step" if blur_faces else "still"
        shown = stack.enter_context(progress_bar(steps, what, unit=unit, show=show_bar))
        made = _take_all(info, list(takes.items()), work, width, shown)
        if blur_faces:
            from .blurpicture import blur_picture

            for done, tmp in enumerate(made.values(), start=len(takes) + 1):
                blur_picture(tmp, tmp)
                shown(done)
        for name, tmp in made.items():
            os.replace(tmp, folder / name)
        fsync_directory(folder)
    for name in takes:
        note_made(folder / name, [film], "still", workspace=workspace, faces_blurred=blur_faces)
    return [folder / name for name in names]


def _check_times(film: Path, info: MediaInfo, times: Iterable[float | str]) -> list[float]:
    """Seconds for every time, or one ``MediaError`` listing every time that is wrong."""
    as_list = f"{film}: give the times as a list, e.g. [12.5, '1:02.5']"
    if isinstance(times, (str, bytes)):
        raise MediaError(as_list)
    try:
        values = list(times)  # any sequence: a list, a numpy array, a pandas column
    except TypeError:
        raise MediaError(as_list) from None
    if not values:
        raise MediaError(f"{film}: no times were given, so there are no stills to take")
    seconds: list[float] = []
    problems: list[str] = []
    for value in values:
        try:
            t = parse_time(value)
        except ValueError as error:
            problems.append(str(error))
            continue
        if abs(t) > MAX_SECONDS:
            problems.append(f"{t:g} s is beyond any film")
        elif t < 0:
            problems.append(f"{format_time(t)} is before the start")
        elif t > info.duration + _END_SLACK:
            problems.append(f"{format_time(t)} is after the end")
        seconds.append(t)
    if problems:
        noun = "time is" if len(problems) == 1 else "times are"
        raise MediaError(
            f"{film}: {len(problems)} {noun} not in the film, which runs from 0:00.00 to "
            f"{format_time(info.duration)}: " + "; ".join(problems) + "; no stills were taken"
        )
    return seconds


def _still_names(film: Path, info: MediaInfo, seconds: list[float]) -> list[str]:
    """``{film}_{mm}m{ss.ff}s.png`` per time: sortable, and equal for equal times."""
    decimals = 3 if info.fps > 100 else 2  # slow-motion frames are closer than 1/100 s
    digits = max(2, len(str(int(info.duration // 60))))
    names = []
    for t in seconds:
        ticks = round(t * 10**decimals)
        minutes, rest = divmod(ticks, 60 * 10**decimals)
        secs = rest / 10**decimals
        names.append(f"{film.stem}_{minutes:0{digits}d}m{secs:0{decimals + 3}.{decimals}f}s.png")
    return names


def _seek_time(info: MediaInfo, t: float) -> float:
    """Where to seek so that ffmpeg's first frame is the one nearest ``t``.

    ffmpeg's accurate seek returns the first frame at or after the seek point, so seeking
    half a frame early gives the nearest frame, even when a film's start is shifted a few
    milliseconds (as WebM sound often shifts it). Times in the last frame's span are
    clamped to it, as a seek past the last picture finds nothing.
    """
    frame = info.frame_duration
    return max(0.0, min(t, info.duration - frame) - frame / 2)


def _take_all(
    info: MediaInfo,
    takes: list[tuple[str, float]],
    work: Path,
    width: int | None,
    shown: Callable[[float], None] = lambda done: None,
) -> dict[str, Path]:
    """Take the stills in batches of ``BATCH`` inputs per ffmpeg; return name -> temp file
    (``shown`` hears how many are taken so far)."""
    made: dict[str, Path] = {}
    for start in range(0, len(takes), BATCH):
        batch = takes[start : start + BATCH]
        # Each input decodes in its own thread; more threads per decoder only crowd the CPU.
        threads = str(max(1, (os.cpu_count() or 1) // len(batch)))
        args: list[str | Path] = []
        for _, t in batch:
            seek = f"{_seek_time(info, t):.6f}"
            args += ["-threads", threads, "-ss", seek, "-i", info.path.absolute()]
        outputs = []
        for index, _ in enumerate(batch):
            tmp = work / f"still-{start + index:05d}.png"
            args += ["-map", f"{index}:v:0", *_picture_args(info, width), tmp]
            outputs.append(tmp)
        times = ", ".join(format_time(t) for _, t in batch)
        run_ffmpeg(args, action=f"take stills at {times}", source=info.path)
        for (name, t), tmp in zip(batch, outputs, strict=True):
            if not _made(tmp):
                if not data_reaches(info.path, t):  # not a picture ending early: cut off
                    raise MediaError(
                        f"{info.path}: no picture could be found at {format_time(t)}: the film "
                        f"seems damaged there (its data stops before it; it may have been cut "
                        f"off while copying): choose an earlier time, or {COPY_FIRST}"
                    )
                _take_last_picture(info, t, tmp, width)
            verify_picture(tmp, film=info.path, what=f"the still at {format_time(t)}", width=width)
            _fsync(tmp)
            made[name] = tmp
        shown(len(made))
    return made


def _picture_args(info: MediaInfo, width: int | None, one_frame: bool = True) -> list[str | Path]:
    """Square pixels, 8-bit RGB (HDR tone-mapped to SDR), scaled to ``width`` (even
    height) if given; with ``one_frame`` False every frame overwrites the file, so the last
    one stays."""
    filters = chain(tone_map(info), "scale=round(iw*sar):ih,setsar=1")
    if width is not None:
        filters += f",scale={width}:-2:flags=lanczos"
    args: list[str | Path] = ["-frames:v", "1"] if one_frame else []
    args += ["-vf", filters, "-pix_fmt", "rgb24", "-threads", "1", "-update", "1"]
    return [*args, *WITHOUT_METADATA]


def _take_last_picture(info: MediaInfo, t: float, tmp: Path, width: int | None) -> None:
    """The last picture at or before ``t``: for films whose picture ends before their sound,
    where a seek near the end finds no frame. Decodes a short stretch, keeping the last."""
    for window in _FALLBACK_WINDOWS:
        args: list[str | Path] = ["-ss", f"{max(0.0, t - window):.6f}"]
        args += ["-t", f"{window + info.frame_duration:.6f}", "-i", info.path.absolute()]
        args += ["-map", "0:v:0", *_picture_args(info, width, one_frame=False), tmp]
        run_ffmpeg(args, action=f"take a still at {format_time(t)}", source=info.path)
        if _made(tmp):
            return
    raise MediaError(
        f"{info.path}: no picture could be found at {format_time(t)}; the film's picture may "
        f"end before its sound, or the film seems damaged there: choose an earlier time, or "
        f"{COPY_FIRST}"
    )


def _made(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def time_from_name(path: Path) -> tuple[float, int] | None:
    """The time (and its decimals) that :func:`stills` wrote into a still's file name."""
    match = _NAME_TIME.search(path.stem)
    if match is None:
        return None
    seconds = int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + float(match["s"])
    return seconds, len(match["s"].partition(".")[2]) or 2
