"""Shared-review reels: a title card, then each moment with its caption burned in.

One ffmpeg command renders the whole reel: every moment is seeked on its input (only the
moment is decoded), scaled and padded to one frame size, captioned with a Pillow-drawn
band, optionally held as a still, faded in and out, and joined with ``concat``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.workspace import Workspace
from ..core.atomic import atomic_path, temporary_folder
from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..privacy.gate import check_use
from ..privacy.ledger import note_made
from .cards import caption_band, save_png, title_card
from .colour import tone_map
from .ffmpeg import WITHOUT_METADATA, run_ffmpeg
from .inputs import FILM_SUFFIXES, check_picture, check_target
from .moment import Moment
from .probe import MediaInfo, probe
from .verify import check_readable, verify_film

SAMPLE_RATE = 48000
#: The most a reel's numbers may be: beyond these a reel is a typing error, not a choice.
MAX_HOLD, MAX_FADE, MAX_TITLE, MAX_FPS = 60.0, 10.0, 60.0, 120.0
_AUDIO_FORMAT = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"


@dataclass(frozen=True)
class _Segment:
    """One part of the reel as ffmpeg will render it (a card or a moment)."""

    frames: int  # frames shown from the source (or of the card)
    hold_frames: int  # frames of freeze-frame after them
    moment: Moment | None = None
    info: MediaInfo | None = None
    picture: Path | None = None  # the title card, or the moment's caption band

    def seconds(self, fps: float) -> float:
        return (self.frames + self.hold_frames) / fps


@dataclass(frozen=True)
class ReelSpan:
    """Where one part of a reel sits, in whole frames: the title card (``moment`` None)
    or a moment, shown for ``frames`` and then held still for ``hold_frames``."""

    start_frame: int
    frames: int
    hold_frames: int
    moment: Moment | None = None

    @property
    def end_frame(self) -> int:
        """The first frame after this part."""
        return self.start_frame + self.frames + self.hold_frames


def reel_layout(
    moments: Sequence[Moment],
    *,
    title: str | None = None,
    hold_still: float = 0.0,
    fps: float = 25,
    title_seconds: float = 3.0,
) -> list[ReelSpan]:
    """The reel's parts in order, in whole frames; holds make up the rounding, so the
    reel never drifts from the times asked for (what captions are timed against)."""
    spans: list[ReelSpan] = []
    ideal, frames = 0.0, 0  # where the reel should be, and is
    if title is not None and title.strip():
        ideal, frames = title_seconds, max(1, round(title_seconds * fps))
        spans.append(ReelSpan(0, frames, 0))
    for moment in moments:
        shown = max(1, round(moment.duration * fps))
        ideal += moment.duration + hold_still
        held = max(0, round(ideal * fps) - frames - shown) if hold_still > 0 else 0
        spans.append(ReelSpan(frames, shown, held, moment))
        frames += shown + held
    return spans


def check_reel_request(
    moments: Sequence[Moment],
    scheme: Scheme,
    *,
    hold_still: float = 0.0,
    fade: float = 0.3,
    fps: float = 25,
    title_seconds: float = 3.0,
    size: tuple[int, int] | None = None,
) -> None:
    """The checks made before any work on a reel (or its captions): numbers in range, at
    least one moment, every code in the scheme."""
    _check_numbers(hold_still, fade, fps, title_seconds, size)
    if not moments:
        raise MediaError("a reel needs at least one moment; none were given")
    for number, moment in enumerate(moments, start=1):
        if moment.code is not None and moment.code not in scheme:
            hint = scheme.suggest(moment.code)
            maybe = f" (did you mean '{hint}'?)" if hint else ""
            where = moment.origin or f"moment {number} ({moment})"
            raise MediaError(
                f"{where}: '{moment.code}' is not a code of scheme '{scheme.id}'{maybe}"
            )


def reel(
    moments: Sequence[Moment],
    out: str | Path,
    title: str | None = None,
    hold_still: float = 0.0,
    size: tuple[int, int] | None = None,
    fps: float = 25,
    scheme: str | Path | Scheme = DEFAULT_SCHEME,
    fade: float = 0.3,
    title_seconds: float = 3.0,
    *,
    use: str = "own-review",
    override: str | None = None,
    blur_faces: bool = False,
    workspace: Workspace | str | Path | None = None,
    show_bar: bool = True,
) -> Path:
    """Render ``moments`` in order into one MP4 for the shared review, each with its
    principle and the guider's words as a caption; return the reel's path.

    ``title`` (further lines become a smaller subtitle) opens the reel for
    ``title_seconds``. ``hold_still`` freezes each moment's last frame that long.
    ``size`` defaults to 1280x720, or 720x1280 when every film is portrait.
    Every film must be consented for ``use`` (``override``: a logged reason to go ahead);
    ``blur_faces`` blurs every face in the moments first. A bar shows the time left
    (``show_bar``).
    """
    moments = list(moments)
    original = moments
    try:
        _check_numbers(hold_still, fade, fps, title_seconds, size)
    except MediaError as error:
        raise MediaError(f"{out}: {error}") from None
    codes = load_scheme(scheme)
    check_reel_request(
        moments, codes, hold_still=hold_still, fade=fade, fps=fps,
        title_seconds=title_seconds, size=size,
    )  # fmt: skip
    if Path(out).suffix.lower() not in FILM_SUFFIXES:
        raise MediaError(f"{out}: a reel is an MP4 film; give a name ending in .mp4")
    infos = _probe_sources(moments)
    for each in moments:
        each.check_within(infos[each.source])
        check_readable(infos[each.source], each.end, each.where)
    target = check_target(out, list(infos), suffixes=FILM_SUFFIXES, what="a reel is an MP4 film")
    check_use(list(infos), use, action="making a reel", override=override,
              faces_blurred=blur_faces, workspace=workspace)  # fmt: skip
    width, height = size or _default_size(list(infos.values()))
    with temporary_folder(target) as folder:  # caption pictures: swept if the kit is killed
        if blur_faces:
            moments, infos = _blurred(moments, Path(folder), show_bar)
        segments: list[_Segment] = []
        layout = reel_layout(
            moments, title=title, hold_still=hold_still, fps=fps, title_seconds=title_seconds
        )
        for number, span in enumerate(layout):
            moment = span.moment
            if moment is None:
                card = save_png(title_card(str(title), (width, height)), Path(folder) / "title.png")
                segments.append(_Segment(frames=span.frames, hold_frames=0, picture=card))
                continue
            band = caption_band(
                (width, height),
                principle_label(codes, moment.code) if moment.code else None,
                moment.caption,
                codes.colour_of(moment.code) if moment.code else None,
            )
            picture = save_png(band, Path(folder) / f"caption-{number}.png") if band else None
            segments.append(
                _Segment(
                    frames=span.frames,
                    hold_frames=span.hold_frames,
                    moment=moment,
                    info=infos[moment.source],
                    picture=picture,
                )
            )
        args = _reel_command(segments, (width, height), fps, fade)
        length = sum(span.frames + span.hold_frames for span in layout) / fps
        bar = progress_bar(length, "making the reel", unit="s", show=show_bar)
        with bar as shown, atomic_path(target) as tmp:
            run_ffmpeg([*args, tmp], action="make the reel", source=target, progress=shown)
            verify_film(
                tmp, film=target, start=0.0, asked=length, fps=fps, audio=True, what="the reel"
            )
    note_made(target, [m.source for m in original], "reel", workspace=workspace,
              faces_blurred=blur_faces)  # fmt: skip
    return target


def principle_label(scheme: Scheme, code: str) -> str:
    """The caption's first line: the category label, then the behaviour's if the code is
    a behaviour (e.g. "Encouraging initiatives: Waiting")."""
    category = scheme.category_of(code).label
    return category if scheme.is_category(code) else f"{category}: {scheme.label_of(code)}"


def _reel_command(
    segments: Sequence[_Segment], size: tuple[int, int], fps: float, fade: float
) -> list[str]:
    """The ffmpeg arguments (without the output path) that render ``segments`` in one pass."""
    width, height = size
    inputs: list[str] = []
    chains: list[str] = []
    joined: list[str] = []
    count = 0  # inputs so far

    def add_input(*options: str) -> int:
        nonlocal count
        inputs.extend(options)
        count += 1
        return count - 1

    for index, segment in enumerate(segments):
        seconds = segment.seconds(fps)
        total = segment.frames + segment.hold_frames
        video, audio = f"v{index}", f"a{index}"
        fades = _fades(seconds, fade)
        if segment.moment is None:  # the title card: one picture, converted once, held
            assert segment.picture is not None
            card = add_input("-framerate", _num(fps), "-i", str(segment.picture))
            chains.append(
                f"[{card}:v]{_TO_709},setsar=1,format=yuv420p,"
                f"tpad=stop_mode=clone:stop={total - 1},trim=end_frame={total},"
                f"setpts=PTS-STARTPTS{fades[0]}[{video}]"
            )
            chains.append(
                f"anullsrc=r={SAMPLE_RATE}:cl=stereo,{_AUDIO_FORMAT},"
                f"atrim=end={_num(seconds)}{fades[1]}[{audio}]"
            )
        else:
            moment, info = segment.moment, segment.info
            assert info is not None
            shown = segment.frames / fps
            source = add_input(
                "-ss", _num(moment.start), "-t", _num(shown + 1 / fps), "-i", str(moment.source)
            )
            sdr = tone_map(info) + "," if info.hdr else ""  # HDR tone-mapped, once scaled
            picture = (
                f"[{source}:v:0]setpts=PTS-STARTPTS,fps={_num(fps)},"
                f"scale={width}:{height}:force_original_aspect_ratio=decrease:"
                f"force_divisible_by=2,{sdr}pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,"
                f"setsar=1,format=yuv420p,trim=end_frame={segment.frames},"
                f"tpad=stop_mode=clone:stop={total},trim=end_frame={total},setpts=PTS-STARTPTS"
            )
            if segment.picture is not None:
                band = add_input("-i", str(segment.picture))
                chains.append(f"[{band}:v]{_TO_709},format=yuva420p[c{index}]")
                picture = (
                    f"{picture}[m{index}];[m{index}][c{index}]"
                    "overlay=0:main_h-overlay_h:eof_action=repeat:format=yuv420,format=yuv420p"
                )
            chains.append(f"{picture}{fades[0]}[{video}]")
            if info.has_audio:
                sound = (
                    f"[{source}:a:0]asetpts=PTS-STARTPTS,aresample={SAMPLE_RATE},{_AUDIO_FORMAT},"
                    f"atrim=end={_num(shown)},apad"
                )
            else:
                sound = f"anullsrc=r={SAMPLE_RATE}:cl=stereo,{_AUDIO_FORMAT}"
            chains.append(
                f"{sound},atrim=end={_num(seconds)},asetpts=PTS-STARTPTS{fades[1]}[{audio}]"
            )
        joined.append(f"[{video}][{audio}]")
    chains.append(
        f"{''.join(joined)}concat=n={len(segments)}:v=1:a=1[joined][a];"
        "[joined]setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709[v]"
    )
    return [
        *inputs,
        "-filter_complex",
        ";".join(chains),
        "-map", "[v]", "-map", "[a]",
        # superfast/crf 23: measured on the benchmark film, 23 % quicker than veryfast/crf 21
        # with a higher SSIM (0.997 vs 0.996) for a ~50 % larger file; a reel is
        # re-rendered while editing and watched locally, so speed matters more than size.
        "-c:v", "libx264", "-preset", "superfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
        "-c:a", "aac", "-b:a", "160k", "-ar", str(SAMPLE_RATE),
        "-movflags", "+faststart", "-f", "mp4", *WITHOUT_METADATA,
    ]  # fmt: skip


#: Pillow pictures are RGB: convert them to video colours as HD players expect (BT.709).
_TO_709 = "scale=out_color_matrix=bt709:out_range=tv"


def _fades(seconds: float, fade: float) -> tuple[str, str]:
    """Fade-in and fade-out filters (video, audio) for a segment; short segments get
    shorter fades so a moment is never all fade."""
    length = min(fade, seconds / 3)
    if length <= 0:
        return "", ""
    out = seconds - length
    # `enable` limits each fade to its own frames; otherwise every frame passes through it.
    return (
        f",fade=t=in:st=0:d={_num(length)}:enable='lt(t,{_num(length)})'"
        f",fade=t=out:st={_num(out)}:d={_num(length)}:enable='gte(t,{_num(out)})'",
        f",afade=t=in:st=0:d={_num(length)},afade=t=out:st={_num(out)}:d={_num(length)}",
    )


def _blurred(
    moments: Sequence[Moment], folder: Path, show_bar: bool
) -> tuple[list[Moment], dict[Path, MediaInfo]]:
    """Each moment cut out with every face blurred (into the reel's work folder), as
    moments of those cuts, and what they are (each with its bar if ``show_bar``)."""
    from .blur import blurred_copy

    blurred = []
    for number, moment in enumerate(moments):
        result = blurred_copy(moment, folder / f"blurred-{number}.mp4", progress=show_bar)
        length = min(probe(result.path).duration, moment.end - moment.start)
        blurred.append(
            Moment(result.path, 0.0, length, moment.caption, moment.code, origin=moment.origin)
        )
    return blurred, _probe_sources(blurred)


def _probe_sources(moments: Sequence[Moment]) -> dict[Path, MediaInfo]:
    """Probe each film once; a missing, unreadable or too small film is a ``MediaError``
    naming it (and the moments-file row of the first moment from it)."""
    infos: dict[Path, MediaInfo] = {}
    for moment in moments:
        if moment.source not in infos:
            try:
                infos[moment.source] = check_picture(probe(moment.source))
            except MediaError as error:
                if moment.origin is None:
                    raise
                raise MediaError(f"{moment.origin}: {error}") from None
    return infos


def _default_size(infos: Sequence[MediaInfo]) -> tuple[int, int]:
    """HD landscape if any film is landscape (or square), otherwise HD portrait."""
    return (1280, 720) if any(not info.portrait for info in infos) else (720, 1280)


def _check_numbers(
    hold_still: float,
    fade: float,
    fps: float,
    title_seconds: float,
    size: tuple[int, int] | None,
) -> None:
    """Each number in range: finite (NaN and infinity are refused), and no more than a
    reel could use (a day-long hold would render for ever)."""
    _check_seconds("hold_still", hold_still, MAX_HOLD, zero=True)
    _check_seconds("fade", fade, MAX_FADE, zero=True)
    _check_seconds("title_seconds", title_seconds, MAX_TITLE, zero=False)
    if not _is_number(fps) or fps <= 0:
        raise MediaError(f"fps must be more than 0 (got {fps!r})")
    if fps > MAX_FPS:
        raise MediaError(f"fps must be at most {MAX_FPS:g} (got {fps!r})")
    if size is not None:
        width, height = size
        if width < 16 or height < 16 or width % 2 or height % 2:
            raise MediaError(
                f"size must be two even numbers of pixels, at least 16, such as (1280, 720) "
                f"(got {width}x{height})"
            )


def _check_seconds(name: str, value: float, most: float, *, zero: bool) -> None:
    """``value`` seconds in 0 (or more than 0) .. ``most``, or a ``MediaError`` naming it."""
    if not _is_number(value) or value < 0 or (value == 0 and not zero):
        least = "0 or more" if zero else "more than 0"
        raise MediaError(f"{name} must be {least} seconds (got {value!r})")
    if value > most:
        raise MediaError(f"{name} must be at most {most:g} seconds (got {value!r})")


def _is_number(value: object) -> bool:
    """A finite int or float (not a bool, NaN or infinity)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _num(value: float) -> str:
    """A number for ffmpeg: plain decimals, no exponent."""
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"
