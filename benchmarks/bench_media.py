"""Speed of the media engine, against the plain ffmpeg command and the usual moviepy code.

- Exact cut of a 10 s moment: ``vigkit.media.cut.cut`` vs the same ``ffmpeg`` command run by
  hand (target: at most 15 % slower) and vs moviepy ``subclipped().write_videofile()``
  (target: at least 2x faster).
- Quick cut (``exact=False``) of a 10 s and of a 5-minute moment (target: 0.3 s each).
- 20 stills spread over a 60-minute film (target: under 5 s), vs one ffmpeg per still and
  vs moviepy ``save_frame``.
- A reel of 3 captioned 5 s moments with a title card, vs moviepy ``TextClip`` +
  ``CompositeVideoClip`` + ``concatenate_videoclips`` (target: at least 8x faster).
- Playable copies of a 60 s 1080p30 HEVC phone film (``vigkit.media.playable``): the quick
  copy vs only decoding the film (``ffmpeg -i film -f null -``, the limit on this machine;
  target: at most 1.6x), the full copy vs the plain ffmpeg command with the same settings
  (target: at most 1.1x).

The test films (720p, 25 fps, with sound: 10 and 60 minutes) are made once and kept in the
system temp folder for the next run. Prints best-of-N times, ratios and PASS/MISS, then a
Markdown table for docs/performance.md. Not a timed test: it exits 0 on a MISS. Run with
``make bench`` (or ``--repeat 1`` for a quicker look).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchtools import ffmpeg, film_ok, machine

FILM_MINUTES = 10
COPIES = 6  # the long film is this many copies of the short one
FPS = 25
SIZE = (1280, 720)
FILMS = Path(tempfile.gettempdir()) / "vigkit-bench-media"


@dataclass(frozen=True)
class Target:
    """What counts as PASS: ``kind`` is "ratio" (vigkit/alternative time at most
    ``limit``), "seconds" (vigkit time at most ``limit``) or "under" (less than ``limit``)."""

    kind: str
    limit: float
    text: str

    def met(self, ours: float, alt: float | None) -> bool | None:
        if self.kind == "ratio":
            return None if alt is None else ours / alt <= self.limit
        if self.kind == "seconds":
            return ours <= self.limit
        return ours < self.limit


@dataclass(frozen=True)
class Row:
    """One line of the summary table."""

    name: str
    alternative: str
    ours: float | None = None
    alt: float | None = None
    target: Target | None = None
    note: str = ""  # "not available yet", "failed: ..." when there is no time

    @property
    def result(self) -> str:
        if self.ours is None:
            return self.note or "-"
        if self.target is None:
            return "-"
        met = self.target.met(self.ours, self.alt)
        return "-" if met is None else ("PASS" if met else "MISS")

    @property
    def ratio(self) -> str:
        if self.ours is None or self.alt is None:
            return "-"
        return f"{self.ours / self.alt:.2f}x"


# --- timing -------------------------------------------------------------------------------


def timed(label: str, action: Callable[[], object], repeat: int = 3) -> float:
    """Best time of ``repeat`` runs of ``action``, printed."""
    best = min(_once(action) for _ in range(repeat))
    print(f"  {label:<62} {best:8.2f} s")
    return best


def compare(actions: dict[str, Callable[[], object]], repeat: int) -> list[float]:
    """Best time of each action, printed; the actions run in turns, so that a busy spell on
    the machine hits them all alike rather than whichever happened to be running."""
    times: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(repeat):
        for label, action in actions.items():
            times[label].append(_once(action))
    for label, taken in times.items():
        print(f"  {label:<62} {min(taken):8.2f} s")
    return [min(taken) for taken in times.values()]


def _once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def verdict(ours: float, alt: float, target: Target, alt_name: str) -> None:
    """Print the ratio to the alternative and whether the target is met."""
    status = "PASS" if target.met(ours, alt) else "MISS"
    how = f"{alt / ours:.1f}x faster" if ours <= alt else f"{ours / alt:.2f}x slower"
    print(f"  vigkit/{alt_name}: {ours / alt:.2f}x (vigkit {how}); target {target.text}: {status}")


def vigkit_function(module: str, name: str) -> Callable[..., Any]:
    """``vigkit.media.<module>.<name>`` (the module, as the package exports functions of
    the same names)."""
    import importlib

    function: Callable[..., Any] = getattr(importlib.import_module(f"vigkit.media.{module}"), name)
    return function


# --- ffmpeg and the test films ------------------------------------------------------------


def test_films() -> tuple[Path, Path]:
    """The 10- and 60-minute films, made on the first run and reused afterwards."""
    FILMS.mkdir(parents=True, exist_ok=True)
    short = FILMS / f"film{FILM_MINUTES}.mp4"
    long = FILMS / f"film{FILM_MINUTES * COPIES}.mp4"
    if film_ok(short, FILM_MINUTES, SIZE, fps=FPS, audio=True):
        print(f"  reusing {short}")
    else:
        print(f"  making {short} (720p {FPS} fps, {FILM_MINUTES} min, with sound) ...")
        seconds = FILM_MINUTES * 60
        part = short.with_suffix(".part.mp4")
        start = time.perf_counter()
        ffmpeg(
            "-f", "lavfi", "-i", f"testsrc2=s={SIZE[0]}x{SIZE[1]}:r={FPS}:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={seconds}",
            "-map", "0:v", "-map", "1:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", str(2 * FPS), "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", "-movflags", "+faststart", part,
        )  # fmt: skip
        os.replace(part, short)
        print(f"    made in {time.perf_counter() - start:.1f} s")
    if film_ok(long, FILM_MINUTES * COPIES, SIZE, fps=FPS, audio=True):
        print(f"  reusing {long}")
    else:
        print(f"  making {long} ({COPIES} copies joined without re-encoding) ...")
        listing = FILMS / "concat.txt"
        listing.write_text(f"file '{short.name}'\n" * COPIES, encoding="utf-8")
        part = long.with_suffix(".part.mp4")
        start = time.perf_counter()
        ffmpeg(
            "-f", "concat", "-safe", "0", "-i", listing, "-map", "0", "-c", "copy",
            "-movflags", "+faststart", part,
        )  # fmt: skip
        os.replace(part, long)
        print(f"    made in {time.perf_counter() - start:.1f} s")
    for film, minutes in ((short, FILM_MINUTES), (long, FILM_MINUTES * COPIES)):
        if not film_ok(film, minutes, SIZE, fps=FPS, audio=True):
            raise RuntimeError(f"{film}: the test film is not as expected after making it")
    return short, long


class Outputs:
    """Fresh output names in the run's temp folder. The previous output of the same kind is
    deleted when a new one is asked for (the last stays, to be checked)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.last: dict[str, Path] = {}

    def path(self, stem: str, suffix: str = ".mp4") -> Path:
        if stem in self.last:
            clean(self.last[stem])
        self.count += 1
        path = self.last[stem] = self.folder / f"{stem}-{self.count:03d}{suffix}"
        return path

    def folder_for(self, stem: str) -> Path:
        path = self.path(stem, "")
        path.mkdir()
        return path


def clean(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def duration_of(path: Path) -> str:
    from vigkit.media import probe

    try:
        return f"{probe(path).duration:.2f} s"
    except Exception as error:
        return f"unreadable ({error})"


# --- the comparisons ----------------------------------------------------------------------


def bench_exact_cut(film: Path, out: Outputs, repeat: int) -> list[Row]:
    start, end = 300.0, 310.0
    print(f"\nExact cut of a 10 s moment (5:00-5:10) from the {FILM_MINUTES}-minute film")
    name = "exact cut, 10 s"
    made: dict[str, Path] = {}

    def plain_ffmpeg() -> None:
        target = made["ffmpeg"] = out.path("cut-ffmpeg")
        ffmpeg(
            "-ss", "300", "-i", film, "-t", "10", "-map", "0:v:0", "-map", "0:a:0",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-movflags", "+faststart", target,
        )  # fmt: skip

    def with_moviepy(same_settings: bool) -> None:
        """The naive call (moviepy's defaults), or moviepy given our encoder settings."""
        from moviepy import VideoFileClip

        key = "moviepy-veryfast" if same_settings else "moviepy"
        target = made[key] = out.path(f"cut-{key}")
        settings = {"codec": "libx264", "audio_codec": "aac", "preset": "veryfast"}
        with VideoFileClip(str(film)) as clip:
            clip.subclipped(start, end).write_videofile(
                str(target),
                logger=None,
                temp_audiofile_path=str(out.folder),  # else moviepy writes it in the cwd
                **(settings if same_settings else {}),
            )

    to_ffmpeg = Target("ratio", 1.15, "<= 1.15x")
    to_moviepy = Target("ratio", 0.5, "<= 0.50x (2x faster)")
    ffmpeg_label = "plain ffmpeg command (subprocess)"
    moviepy_label = "moviepy subclipped().write_videofile() (defaults)"
    same_label = "moviepy, given preset=veryfast and aac (same encoder)"
    cut = vigkit_function("cut", "cut")
    from vigkit.media import Moment

    def ours() -> None:
        target = made["vigkit"] = out.path("cut-vigkit")
        cut(Moment(film, start, end), target, exact=True)

    ours_time, ffmpeg_time, moviepy_time, same_time = compare(
        {
            "vigkit cut(exact=True)": ours,
            ffmpeg_label: plain_ffmpeg,
            moviepy_label: lambda: with_moviepy(same_settings=False),
            same_label: lambda: with_moviepy(same_settings=True),
        },
        repeat,
    )
    verdict(ours_time, ffmpeg_time, to_ffmpeg, "ffmpeg")
    verdict(ours_time, moviepy_time, to_moviepy, "moviepy")
    print("  lengths made: " + ", ".join(f"{k} {duration_of(v)}" for k, v in made.items()))
    return [
        Row(f"{name} vs ffmpeg", "ffmpeg CLI", ours_time, ffmpeg_time, to_ffmpeg),
        Row(f"{name} vs moviepy", "moviepy (defaults)", ours_time, moviepy_time, to_moviepy),
        Row(f"{name} vs moviepy", "moviepy (same encoder)", ours_time, same_time),
    ]


def bench_quick_cut(film: Path, out: Outputs, repeat: int) -> list[Row]:
    """Quick cuts against ``ffmpeg -ss -i -t -c copy``: the 5-minute one within 1.5x."""
    print(f"\nQuick cut (exact=False, no re-encoding) from the {FILM_MINUTES}-minute film")
    from vigkit.privacy.consent import USES
    from vigkit.privacy.register import record_consent

    # The test film shows no one: its consent is recorded once, in a workspace of its own,
    # so the cuts run the consent check as a guider's own film does (no override logged).
    workspace = FILMS / "workspace"
    record_consent(film, given_on="2026-01-01", uses=USES, recorded_by="bench", workspace=workspace)
    vigkit_cut = vigkit_function("cut", "cut")

    def cut(*args: Any, **options: Any) -> Any:
        return vigkit_cut(*args, workspace=workspace, **options)

    return [
        quick_cut(film, out, repeat, cut, "10 s", 300.0, 310.0),
        quick_cut(film, out, repeat, cut, "1 min", 240.0, 300.0),
        quick_cut(film, out, repeat, cut, "5 min", 180.0, 480.0, limit=1.5),
    ]


def quick_cut(
    film: Path,
    out: Outputs,
    repeat: int,
    cut: Callable[..., Any],
    label: str,
    start: float,
    end: float,
    limit: float | None = None,
) -> Row:
    """One quick cut timed against the plain copy: within 0.3 s, or (``limit``) at most
    ``limit`` times the plain copy's time (a long copy is mostly reading and writing)."""
    name = f"quick cut, {label}"
    alt_label = f"{label}: plain ffmpeg -ss -i -c copy"
    target = (
        Target("seconds", 0.3, "<= 0.3 s")
        if limit is None
        else Target("ratio", limit, f"<= {limit:.2f}x")
    )
    made: dict[str, Path] = {}

    def plain_copy() -> None:
        """The command a user would type: copy from the keyframe before, no extras."""
        target = made["ffmpeg"] = out.path("copy-ffmpeg")
        ffmpeg("-ss", f"{start}", "-i", film, "-t", f"{end - start}", "-c", "copy", target)

    from vigkit.media import Moment

    def ours() -> None:
        target = made["vigkit"] = out.path("copy-vigkit")
        cut(Moment(film, start, end), target, exact=False)

    ours_time, alt_time = compare(
        {f"{label}: vigkit cut(exact=False)": ours, alt_label: plain_copy}, repeat
    )
    verdict(ours_time, alt_time, target, "ffmpeg")
    print("  lengths made: " + ", ".join(f"{k} {duration_of(v)}" for k, v in made.items()))
    return Row(name, "ffmpeg -c copy", ours_time, alt_time, target)


def bench_stills(film: Path, out: Outputs, repeat: int) -> list[Row]:
    from vigkit.media import probe

    count = 20
    length = probe(film).duration
    times = [round(length * (i + 0.5) / count, 2) for i in range(count)]
    print(f"\n{count} stills spread over the {FILM_MINUTES * COPIES}-minute film")
    name = f"{count} stills, {FILM_MINUTES * COPIES}-min film"
    rows: list[Row] = []

    def one_ffmpeg_each() -> None:
        folder = out.folder_for("stills-ffmpeg")
        for i, t in enumerate(times):
            ffmpeg("-ss", f"{t}", "-i", film, "-frames:v", "1", folder / f"still-{i:02d}.png")
        clean(folder)

    def with_moviepy() -> None:
        from moviepy import VideoFileClip

        folder = out.folder_for("stills-moviepy")
        with VideoFileClip(str(film), audio=False) as clip:
            for i, t in enumerate(times):
                clip.save_frame(str(folder / f"still-{i:02d}.png"), t=t)
        clean(folder)

    target = Target("under", 5.0, "< 5 s")
    take = vigkit_function("stills", "stills")

    def ours() -> None:
        folder = out.folder_for("stills-vigkit")
        paths = take(film, times, folder)
        if len(paths) != count or not all(path.is_file() for path in paths):
            raise RuntimeError(f"stills() gave {len(paths)} stills, not {count}")
        clean(folder)

    ours_time, alt_time, moviepy_time = compare(
        {
            "vigkit stills()": ours,
            "one ffmpeg process per still": one_ffmpeg_each,
            "moviepy save_frame() per still": with_moviepy,
        },
        repeat,
    )
    verdict(ours_time, alt_time, target, "ffmpeg per still")
    verdict(ours_time, moviepy_time, target, "moviepy")
    rows.append(Row(name, "ffmpeg per still", ours_time, alt_time, target))
    rows.append(Row(name, "moviepy save_frame", ours_time, moviepy_time, target))
    return rows


REEL_MOMENTS = (
    (62.0, 67.0, "She waits, and he shows her the tower", "encouraging-initiatives.waiting"),
    (245.0, 250.0, "You turn towards him as he speaks", "being-attentive.turning-towards"),
    (431.0, 436.0, "He looks back at you and smiles", "receiving-initiatives"),
)
REEL_TITLE = "Our shared review"


def bench_reel(film: Path, out: Outputs, repeat: int) -> list[Row]:
    print(f"\nReel of {len(REEL_MOMENTS)} captioned 5 s moments with a title card")
    name = f"reel, {len(REEL_MOMENTS)} x 5 s + title"
    made: dict[str, Path] = {}

    def with_moviepy(same_settings: bool) -> None:
        """The naive moviepy reel (its defaults), or given our encoder settings."""
        from moviepy import (
            CompositeVideoClip,
            TextClip,
            VideoFileClip,
            concatenate_videoclips,
        )

        from vigkit.media.fonts import dejavu_path

        font = str(dejavu_path())
        key = "moviepy-veryfast" if same_settings else "moviepy"
        target = made[key] = out.path(f"reel-{key}")
        settings = {"codec": "libx264", "audio_codec": "aac", "preset": "veryfast"}
        sources = [VideoFileClip(str(film)) for _ in REEL_MOMENTS]
        try:
            title = TextClip(
                font=font,
                text=REEL_TITLE,
                font_size=64,
                color="white",
                bg_color="black",
                size=SIZE,
            ).with_duration(3)
            parts = [title]
            for source, (start, end, caption, _code) in zip(sources, REEL_MOMENTS, strict=True):
                clip = source.subclipped(start, end)
                text = TextClip(
                    font=font,
                    text=caption,
                    font_size=36,
                    color="white",
                    bg_color=(0, 0, 0),
                    margin=(24, 12),  # without it moviepy clips the descenders (g, y)
                ).with_duration(clip.duration)
                parts.append(CompositeVideoClip([clip, text.with_position(("center", "bottom"))]))
            concatenate_videoclips(parts, method="compose").write_videofile(
                str(target),
                fps=FPS,
                logger=None,
                temp_audiofile_path=str(out.folder),  # else moviepy writes it in the cwd
                **(settings if same_settings else {}),
            )
        finally:
            for source in sources:
                source.close()

    target = Target("ratio", 0.125, "<= 0.125x (8x faster)")
    make_reel = vigkit_function("reel", "reel")
    from vigkit.media import Moment

    moments = [
        Moment(film, start, end, caption=caption, code=code)
        for start, end, caption, code in REEL_MOMENTS
    ]

    def ours() -> None:
        made["vigkit"] = out.path("reel-vigkit")
        make_reel(moments, made["vigkit"], title=REEL_TITLE)

    ours_time, moviepy_time, same_time = compare(
        {
            "vigkit reel()": ours,
            "moviepy TextClip + CompositeVideoClip + concat (defaults)": lambda: with_moviepy(
                same_settings=False
            ),
            "the same, given preset=veryfast and aac (same encoder)": lambda: with_moviepy(
                same_settings=True
            ),
        },
        repeat,
    )
    verdict(ours_time, moviepy_time, target, "moviepy")
    print("  lengths made: " + ", ".join(f"{k} {duration_of(v)}" for k, v in made.items()))
    return [
        Row(name, "moviepy (defaults)", ours_time, moviepy_time, target),
        Row(name, "moviepy (same encoder)", ours_time, same_time),
    ]


HEVC_SECONDS = 60
HEVC = FILMS / "phone-hevc-1080p30.mov"


def hevc_film() -> Path:
    """A 60 s 1080p30 HEVC ``.mov`` with stereo AAC, as phones record (a busy picture with
    light grain, so decoding costs what a real film costs), made once and reused."""
    if film_ok(HEVC, HEVC_SECONDS / 60, (1920, 1080), fps=30, audio=True):
        print(f"  reusing {HEVC}")
        return HEVC
    print(f"  making {HEVC} (1080p30 HEVC, {HEVC_SECONDS} s, with sound) ...")
    part = HEVC.with_name("phone-hevc.part.mov")
    start = time.perf_counter()
    ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={HEVC_SECONDS},noise=alls=8:allf=t",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={HEVC_SECONDS}",
        "-map", "0:v", "-map", "1:a", "-c:v", "libx265", "-preset", "ultrafast",
        "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "2", part,
    )  # fmt: skip
    os.replace(part, HEVC)
    print(f"    made in {time.perf_counter() - start:.1f} s")
    return HEVC


def bench_playable_copies(out: Outputs, repeat: int) -> list[Row]:
    """The quick copy against decoding alone, the full copy against plain ffmpeg."""
    print(f"\nPlayable copies of a {HEVC_SECONDS} s 1080p30 HEVC phone film")
    film = hevc_film()
    from vigkit.media.playable import SETTINGS, Quality, playable_copy

    def plain(quality: str) -> None:
        settings = SETTINGS[quality]
        target = out.path(f"plain-{quality}")
        ffmpeg(
            "-i", film, "-vf", f"scale=-2:{settings.max_height}", "-c:v", "libx264",
            "-preset", settings.preset, "-crf", str(settings.crf), "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-movflags", "+faststart", target,
        )  # fmt: skip

    def ours(quality: Quality) -> None:
        workspace = out.folder_for(f"work-{quality}")
        playable_copy(film, quality, workspace=workspace, show_bar=False)

    decode, quick, quick_plain, full, full_plain = compare(
        {
            "decode only: ffmpeg -i film -f null -": lambda: ffmpeg("-i", film, "-f", "null", "-"),
            "vigkit quick copy (540p, ultrafast)": lambda: ours("quick"),
            "plain ffmpeg, quick copy's settings": lambda: plain("quick"),
            "vigkit full copy (720p, veryfast)": lambda: ours("full"),
            "plain ffmpeg, full copy's settings": lambda: plain("full"),
        },
        repeat,
    )
    to_decode = Target("ratio", 1.6, "<= 1.6x")
    to_plain = Target("ratio", 1.1, "<= 1.1x")
    verdict(quick, decode, to_decode, "decode")
    verdict(full, full_plain, to_plain, "ffmpeg")
    return [
        Row("quick copy, 60 s 1080p HEVC", "decoding only", quick, decode, to_decode),
        Row("quick copy, 60 s 1080p HEVC", "plain ffmpeg, same settings", quick, quick_plain),
        Row(
            "full copy, 60 s 1080p HEVC", "plain ffmpeg, same settings", full, full_plain, to_plain
        ),
    ]


# --- report -------------------------------------------------------------------------------


def summary(rows: list[Row], repeat: int) -> None:
    print(f"\nSummary (best of {repeat}; ratio = vigkit time / alternative time)\n")
    print("| comparison | vigkit s | alternative | alternative s | ratio | target | result |")
    print("|---|---:|---|---:|---:|---|---|")
    for row in rows:
        ours = "-" if row.ours is None else f"{row.ours:.2f}"
        alt = "-" if row.alt is None else f"{row.alt:.2f}"
        target = "-" if row.target is None else row.target.text
        cells = [row.name, ours, row.alternative, alt, row.ratio, target, row.result]
        print("| " + " | ".join(cells) + " |")
    print(f"\nMachine: {machine()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument(
        "--only", metavar="NAME", action="append", help="run only this comparison (repeatable)"
    )
    options = parser.parse_args()
    repeat = max(1, options.repeat)
    warnings.simplefilter("ignore")
    began = time.perf_counter()
    print("Test films")
    try:
        short, long = test_films()
    except Exception as error:
        print(f"  cannot make the test films: {error}")
        return 1
    rows: list[Row] = []
    benches: list[tuple[str, Callable[[Outputs], list[Row]]]] = [
        ("exact cut", lambda out: bench_exact_cut(short, out, repeat)),
        ("quick cut", lambda out: bench_quick_cut(short, out, repeat)),
        ("stills", lambda out: bench_stills(long, out, repeat)),
        ("reel", lambda out: bench_reel(short, out, repeat)),
        ("playable copies", lambda out: bench_playable_copies(out, repeat)),
    ]
    with tempfile.TemporaryDirectory(prefix="vigkit-bench-media-out-") as folder:
        for label, bench in benches:
            if options.only and label not in options.only:
                continue
            try:
                rows += bench(Outputs(Path(folder)))
            except Exception as error:
                traceback.print_exc(limit=3, file=sys.stdout)
                print(f"  {label}: failed ({type(error).__name__}: {error})")
                rows.append(Row(label, "-", note=f"failed: {type(error).__name__}"))
    summary(rows, repeat)
    print(f"Whole run: {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
