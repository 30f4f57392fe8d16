"""A guider's own 20-minute phone film, step by step as notebook 05 goes: the timings in
docs/own-film.md come from this.

The film is 20 minutes of 1080p30 HEVC in a ``.mov`` with stereo sound (bench_media's
60 s phone film joined 20 times without re-encoding). Each step is timed once, as a
guider meets it; the quick copy is set beside only decoding the film (``ffmpeg -i film
-f null -``: the limit on this machine); bench_media.py sets both copies beside plain
ffmpeg on a 60 s film. Not a timed test: it always exits 0. Run with
``.venv/bin/python benchmarks/bench_own_film.py`` (``--full`` also times the full copy).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_media import FILMS, hevc_film
from benchtools import ffmpeg, film_ok, machine

MINUTES = 20
LONG = FILMS / f"phone-hevc-1080p30-{MINUTES}min.mov"
#: The moments a guider might choose: (start, end, caption).
MOMENTS = [
    (125.0, 140.0, "She looks up and you wait"),
    (512.0, 524.0, "You name what he is doing"),
    (1021.0, 1033.0, "Turn and turn again"),
]


def long_film() -> Path:
    """The 20-minute film, made once by joining the 60 s film without re-encoding."""
    if film_ok(LONG, MINUTES, (1920, 1080), fps=30, audio=True):
        print(f"  reusing {LONG}")
        return LONG
    short = hevc_film()
    listing = FILMS / "phone-concat.txt"
    listing.write_text(f"file '{short.name}'\n" * MINUTES, encoding="utf-8")
    part = LONG.with_name("phone-long.part.mov")
    ffmpeg("-f", "concat", "-safe", "0", "-i", listing, "-c", "copy", "-tag:v", "hvc1", part)
    os.replace(part, LONG)
    return LONG


def step(label: str, action: Callable[[], object]) -> float:
    """Time one step, once, and print it."""
    start = time.perf_counter()
    action()
    taken = time.perf_counter() - start
    print(f"  {label:<58} {taken:8.1f} s  ({taken / 60:.1f} min)")
    return taken


def main() -> int:
    from vigkit.media import Moment, probe, reel, stills
    from vigkit.media.playable import playable_copy
    from vigkit.privacy.register import record_consent

    print("The film")
    film = long_film()
    info = probe(film)
    print(f"  {info.duration / 60:.0f} min, {info.width}x{info.height}, {info.video_codec}")
    with tempfile.TemporaryDirectory(prefix="vigkit-bench-own-") as folder:
        work = Path(folder) / "work"
        record_consent(
            film, people=["P1:child", "P2:client-adult"], given_on="2026-12-01",
            uses=["own-review"], recorded_by="bench", workspace=work,
        )  # fmt: skip
        moments = [Moment(film, start, end, caption=words) for start, end, words in MOMENTS]
        print("\nStep by step (each once)")
        looked = step("add the film: read its header (my_film)", lambda: probe(film))
        decode = step("for comparison: only decoding it (ffmpeg -f null)", lambda: ffmpeg(
            "-i", film, "-f", "null", "-"))  # fmt: skip
        quick = step("quick copy (540p) – then tagging can start", lambda: playable_copy(
            film, "quick", workspace=work, show_bar=False))  # fmt: skip
        still = step("stills of 3 chosen moments (from the film)", lambda: stills(
            film, [m.start for m in moments], Path(folder) / "stills", workspace=work))  # fmt: skip
        out = Path(folder) / "reel.mp4"
        made = step("reel of the 3 moments, 39 s (from the film)", lambda: reel(
            moments, out, title="What is working", workspace=work))  # fmt: skip
        full = (
            step(
                "full copy (720p), later or overnight",
                lambda: playable_copy(film, "full", workspace=work, show_bar=False),
            )
            if "--full" in sys.argv
            else None
        )
    print("\nSummary")
    print(f"  time to the first tag: {looked + quick:.0f} s ({(looked + quick) / 60:.1f} min)")
    print(f"  quick copy / decoding only: {quick / decode:.2f}x (target <= 1.6x)")
    if full is not None:
        print(f"  full copy / quick copy: {full / quick:.2f}x")
    print(f"  stills {still:.1f} s, reel {made:.1f} s")
    print(f"\nMachine: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
