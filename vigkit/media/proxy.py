"""Browser-playable copies of films that browsers cannot play as recorded (HEVC, .mov, ...).

A proxy is H.264 (4:2:0) + AAC in an MP4 with the index at the front, so a notebook can
start playing it before it has loaded. Films that already play are used as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..coding.workspace import Workspace
from ..core.atomic import atomic_path
from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..privacy.ledger import note_made
from .colour import KEEP_TIMES, chain, sdr_tags, tone_map
from .ffmpeg import WITHOUT_METADATA, run_ffmpeg
from .inputs import FILM_SUFFIXES, check_film, check_picture, check_target
from .probe import probe
from .verify import INCOMPLETE, check_readable, verify_film


def proxy(
    path: str | Path,
    out: str | Path,
    max_height: int = 720,
    *,
    preset: str = "veryfast",
    crf: int = 23,
    workspace: Workspace | str | Path | None = None,
    progress: Callable[[float], None] | None = None,
    what: str = "making a playable copy",
    show_bar: bool = True,
) -> Path:
    """The film as browsers can play it: ``path`` itself if it already plays, else a new
    H.264/AAC MP4 at ``out`` no taller than ``max_height`` (never scaled up), encoded with
    x264's ``preset`` at quality ``crf``. A bar saying ``what`` shows the time left
    (``show_bar``), and ``progress`` hears the seconds of film copied so far. The copy is
    checked before it is kept: one that stops early (a damaged film) is a ``MediaError``."""
    source = check_film(path)
    info = probe(source)
    if info.browser_playable:  # used as it is, once its data is known to reach its end
        check_readable(info, info.duration, str(source))
        return source
    check_picture(info)
    target = check_target(out, [source], suffixes=FILM_SUFFIXES, what="a proxy is an MP4 film")
    if max_height < 2:
        raise MediaError(f"{target}: a proxy must be at least 2 pixels tall (not {max_height})")
    # ffmpeg turns rotated (phone) films upright before the filters run, so ``ih`` is the
    # displayed height here and the output needs no rotation tag. Square pixels (the width
    # from the display aspect), or browsers report a size a line or two off the picture's.
    scale = f"scale=w='2*trunc(oh*dar/2+0.5)':h='2*trunc(min(ih,{max_height})/2)',setsar=1"
    args: list[str | Path] = ["-i", source, "-map", "0:V:0", "-map", "0:a:0?", "-sn", "-dn"]
    # HDR is tone-mapped to SDR BT.709; every frame keeps its own time (phones' variable
    # frame rates are not evened out by dropping or repeating frames, nor rounded to 1/fps).
    args += ["-vf", chain(scale, tone_map(info)), *sdr_tags(info), *KEEP_TIMES]
    args += ["-c:v", "libx264", "-preset", preset, "-crf", str(crf)]
    args += ["-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", "-f", "mp4"]
    args += WITHOUT_METADATA
    bar = progress_bar(info.duration, f"{what} of {source.name}", unit="s", show=show_bar)
    with bar as shown, atomic_path(target) as tmp:

        def report(seconds: float) -> None:
            shown(seconds)
            if progress is not None:
                progress(seconds)

        run_ffmpeg(
            [*args, tmp],
            action="make a browser-playable copy of the film",
            source=source,
            progress=report,
        )
        verify_film(
            tmp, film=source, start=0.0, asked=info.duration, fps=info.fps,
            audio=info.has_audio, what="the film", exact=False, hint=INCOMPLETE,
        )  # fmt: skip
    note_made(target, [source], "proxy", workspace=workspace)  # erased with the film
    return target
