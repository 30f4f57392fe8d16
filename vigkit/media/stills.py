"""Freeze-frame stills of "better than usual" moments, and contact sheets of them.

Stills are taken by seeking on the input (``-ss`` before ``-i``), so only a little of the
film around each time is decoded, and many times share one ffmpeg process. A still shows
the frame nearest that time, upright for phone films.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..atomic import atomic_path, fsync_directory
from ..errors import MediaError
from ..timecode import format_time, parse_time
from .ffmpeg import check_output, run_ffmpeg
from .fonts import dejavu
from .probe import MediaInfo, probe

BATCH = 16
"""Stills taken per ffmpeg process (one input per still keeps the command line short)."""

_END_SLACK = 0.01
"""``ffmpeg -i`` rounds durations to 1/100 s, so a time this far past it is still allowed."""

_FALLBACK_WINDOWS = (2.0, 10.0)
"""Seconds decoded before a time at the very end when a seek there found no picture."""

_NAME_TIME = re.compile(r"_(?:(?P<h>\d+)h)?(?P<m>\d+)m(?P<s>\d+(?:\.\d+)?)s(?:-\d+)?$")

# Contact sheet layout, in pixels.
CELL_WIDTH = 320
MARGIN = 32
GAP = 24
CAPTION_LINES = 3
_BACKGROUND = (255, 255, 255)
_LETTERBOX = (236, 236, 236)
_FRAME = (200, 200, 200)
_INK = (33, 33, 33)
_SOFT_INK = (64, 64, 64)
_TITLE_SIZE = 26
_TIME_SIZE = 16
_CAPTION_SIZE = 15
_LINE_GAP = 4


def stills(
    source: str | Path,
    times: Iterable[float | str],
    out_dir: str | Path,
    width: int | None = None,
) -> list[Path]:
    """Take one PNG still per time (seconds or ``"m:ss.s"``) into ``out_dir``; return their
    paths in the order of ``times`` (equal times share one file)."""
    info = probe(source)
    film = info.path
    seconds = _check_times(film, info, times)
    if width is not None and (isinstance(width, bool) or not isinstance(width, int) or width < 2):
        raise MediaError(f"{film}: the still width must be a whole number of pixels, 2 or more")
    folder = Path(out_dir)
    names = _still_names(film, info, seconds)
    for name in dict.fromkeys(names):
        check_output(folder / name, sources=[film])
    takes: dict[str, float] = {}
    for name, t in zip(names, seconds, strict=True):
        takes.setdefault(name, t)
    try:
        work = Path(tempfile.mkdtemp(prefix=".stills-", dir=folder))
    except OSError as error:
        raise MediaError(f"{folder}: cannot write stills here ({error.strerror})") from None
    try:
        made = _take_all(info, list(takes.items()), work, width)
        for name, tmp in made.items():
            os.replace(tmp, folder / name)
        fsync_directory(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
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
        if t < 0:
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
    info: MediaInfo, takes: list[tuple[str, float]], work: Path, width: int | None
) -> dict[str, Path]:
    """Take the stills in batches of ``BATCH`` inputs per ffmpeg; return name -> temp file."""
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
            args += ["-map", f"{index}:v:0", *_picture_args(width), tmp]
            outputs.append(tmp)
        times = ", ".join(format_time(t) for _, t in batch)
        run_ffmpeg(args, action=f"take stills at {times}", source=info.path)
        for (name, t), tmp in zip(batch, outputs, strict=True):
            if not _made(tmp):
                _take_last_picture(info, t, tmp, width)
            _fsync(tmp)
            made[name] = tmp
    return made


def _picture_args(width: int | None, one_frame: bool = True) -> list[str | Path]:
    """Square pixels, 8-bit RGB, scaled to ``width`` (even height) if given; with
    ``one_frame`` False every frame overwrites the file, so the last one stays."""
    chain = "scale=round(iw*sar):ih,setsar=1"
    if width is not None:
        chain += f",scale={width}:-2:flags=lanczos"
    args: list[str | Path] = ["-frames:v", "1"] if one_frame else []
    return [*args, "-vf", chain, "-pix_fmt", "rgb24", "-threads", "1", "-update", "1"]


def _take_last_picture(info: MediaInfo, t: float, tmp: Path, width: int | None) -> None:
    """The last picture at or before ``t``: for films whose picture ends before their sound,
    where a seek near the end finds no frame. Decodes a short stretch, keeping the last."""
    for window in _FALLBACK_WINDOWS:
        args: list[str | Path] = ["-ss", f"{max(0.0, t - window):.6f}"]
        args += ["-t", f"{window + info.frame_duration:.6f}", "-i", info.path.absolute()]
        args += ["-map", "0:v:0", *_picture_args(width, one_frame=False), tmp]
        run_ffmpeg(args, action=f"take a still at {format_time(t)}", source=info.path)
        if _made(tmp):
            return
    raise MediaError(
        f"{info.path}: no picture could be found at {format_time(t)}; the film's picture may "
        "end before its sound or be damaged there: choose an earlier time"
    )


def _made(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def contact_sheet(
    stills: Sequence[str | Path],
    out: str | Path,
    captions: Sequence[str | None] | None = None,
    columns: int = 4,
    *,
    times: Sequence[float | str | None] | None = None,
    title: str | None = None,
) -> Path:
    """Lay stills out as a PNG grid for portfolios: each still with its time and caption,
    at most ``columns`` a row. Times come from ``times``, else from the names :func:`stills`
    gives."""
    paths = [Path(p) for p in stills]
    if not paths:
        raise MediaError(f"{out}: no stills were given, so there is no contact sheet to make")
    for name, values in (("captions", captions), ("times", times)):
        if values is not None and len(values) != len(paths):
            raise MediaError(
                f"{out}: {len(values)} {name} were given for {len(paths)} stills; give one "
                "per still (None or '' for none)"
            )
    if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
        raise MediaError(f"{out}: columns must be a whole number, 1 or more (not {columns!r})")
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise MediaError(f"{out}: these stills do not exist: {', '.join(missing)}")
    target = check_output(out)

    labels = [_label(p, None if times is None else times[i]) for i, p in enumerate(paths)]
    thumbs = [_thumbnail(p) for p in paths]
    box_height = min(CELL_WIDTH, max(t.height for t in thumbs))
    time_font, caption_font = dejavu(_TIME_SIZE, bold=True), dejavu(_CAPTION_SIZE)
    caption_line = _line_height(caption_font)
    text_height = _line_height(time_font)
    if captions is not None:
        text_height += _LINE_GAP + CAPTION_LINES * caption_line
    cell_height = box_height + 10 + text_height

    columns = min(columns, len(paths))
    rows = math.ceil(len(paths) / columns)
    title_font = dejavu(_TITLE_SIZE, bold=True)
    title_height = _line_height(title_font) + GAP if title else 0
    sheet = Image.new(
        "RGB",
        (
            2 * MARGIN + columns * CELL_WIDTH + (columns - 1) * GAP,
            2 * MARGIN + title_height + rows * cell_height + (rows - 1) * GAP,
        ),
        _BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text(
            (MARGIN, MARGIN),
            _fit(title, title_font, sheet.width - 2 * MARGIN),
            font=title_font,
            fill=_INK,
        )
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        x = MARGIN + column * (CELL_WIDTH + GAP)
        y = MARGIN + title_height + row * (cell_height + GAP)
        _paste_letterboxed(sheet, draw, thumb, x, y, box_height)
        y += box_height + 10
        draw.text((x, y), labels[index], font=time_font, fill=_INK)
        y += _line_height(time_font) + _LINE_GAP
        caption = captions[index] if captions is not None else None
        text = "" if caption is None or caption != caption else str(caption)  # NaN: none
        for line in _wrap(text, caption_font, CELL_WIDTH, CAPTION_LINES):
            draw.text((x, y), line, font=caption_font, fill=_SOFT_INK)
            y += caption_line
    with atomic_path(target) as tmp:
        sheet.save(tmp, format="PNG", optimize=True)
    return target


def _label(path: Path, given: float | str | None) -> str:
    """The time under a still: the one given, else read from its name, else the name."""
    if given is not None and given != "":
        try:
            return format_time(parse_time(given))
        except ValueError as error:
            raise MediaError(f"{path}: the time for this still is wrong: {error}") from None
    match = _NAME_TIME.search(path.stem)
    if match is None:
        return path.stem
    seconds = int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + float(match["s"])
    decimals = len(match["s"].partition(".")[2]) or 2
    return format_time(seconds, decimals)


def _thumbnail(path: Path) -> Image.Image:
    """The still as RGB, turned as its EXIF says, fitted into a ``CELL_WIDTH`` square."""
    try:
        with Image.open(path) as opened:
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise MediaError(f"{path}: this still cannot be read as a picture ({error})") from None
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        picture = picture.convert("RGBA")
        flat = Image.new("RGB", picture.size, _BACKGROUND)
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    picture = picture.convert("RGB")
    scale = CELL_WIDTH / picture.width
    if picture.height * scale > CELL_WIDTH:  # portrait: as tall as a landscape cell is wide
        scale = CELL_WIDTH / picture.height
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    return picture.resize(size, Image.Resampling.LANCZOS)


def _paste_letterboxed(
    sheet: Image.Image, draw: ImageDraw.ImageDraw, thumb: Image.Image, x: int, y: int, box: int
) -> None:
    """Centre ``thumb`` in a ``CELL_WIDTH`` x ``box`` cell with grey bars and a thin frame."""
    if thumb.height > box:  # a taller still than the cells allow (cells are at most square)
        thumb = thumb.resize(
            (max(1, round(thumb.width * box / thumb.height)), box), Image.Resampling.LANCZOS
        )
    if thumb.size != (CELL_WIDTH, box):
        draw.rectangle((x, y, x + CELL_WIDTH - 1, y + box - 1), fill=_LETTERBOX)
    sheet.paste(thumb, (x + (CELL_WIDTH - thumb.width) // 2, y + (box - thumb.height) // 2))
    draw.rectangle((x - 1, y - 1, x + CELL_WIDTH, y + box), outline=_FRAME)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return int(ascent + descent)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """``text`` in lines that fit ``width`` pixels; past ``max_lines`` it ends with "…"."""
    words = " ".join(text.split())
    if not words:
        return []
    lines: list[str] = []
    for word in words.split(" "):
        while font.getlength(word) > width:  # a word wider than the cell is broken
            cut = max(1, _fitting_prefix(word, font, width))
            if lines and font.getlength(f"{lines[-1]} {word[:cut]}") <= width:
                lines[-1] = f"{lines[-1]} {word[:cut]}"
            else:
                lines.append(word[:cut])
            word = word[cut:]
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif word:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(lines[-1], font, width, always=True)
    return lines


def _fitting_prefix(text: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """How many leading characters of ``text`` fit in ``width`` pixels."""
    count = 0
    while count < len(text) and font.getlength(text[: count + 1]) <= width:
        count += 1
    return count


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int, always: bool = False) -> str:
    """``text``, ending in "…" (shortened to fit ``width`` pixels, at a word if it can) if
    it is too wide, or if ``always`` (to show that more text was cut)."""
    if not always and font.getlength(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and font.getlength(" ".join(words) + "…") > width:
        words.pop()
    text = " ".join(words).rstrip(" ,;:.-\u2013")
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
