"""Speed and quality of the moment finder (``vigkit.moments``), side by side in one run.

- **Speed** on a 20-minute 720p film with speech: the sound alone (goal < 10 s) and the
  sound and movement together (goal < 60 s), uncached, against decoding the same film
  with the ffmpeg CLI (``ffmpeg -i F -f null -``, the floor for anything that looks at
  every frame) and decoding its sound alone (``-vn``); then the cached second look. The
  film is a practice film (real synthesised voices taking turns, people moving) scaled to
  720p and joined end to end to 20 minutes without re-encoding, kept in the system temp
  folder for the next run.
- **Voice activity**: the kit's own energy detector against WebRTC's (``webrtcvad``) on
  every practice film, scored frame by frame against the storyboards' own speech times,
  and how long each takes on the 20-minute film.
- **Quality**: recall (top 20, ±2 s) and precision (top 10) of the candidates against
  each practice film's reference coding (``receiving-initiatives`` and
  ``developing-attuned-interactions``), per film and over all eight.

Not a timed test: it prints MET or MISSED against each goal and exits 0.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from benchtools import ffmpeg, film_ok, machine

FILMS = Path(tempfile.gettempdir()) / "vigkit-bench-moments"
SIZE = (1280, 720)
MINUTES = 20
SOUND_GOAL, ALL_GOAL = 10.0, 60.0
RECALL_GOAL, PRECISION_GOAL = 0.7, 0.5


def practice_films() -> list[Path]:
    from vigkit.core.coursedir import practice_dir

    return sorted(practice_dir().glob("*.mp4"))


def long_film() -> Path:
    """A 20-minute 720p film: a practice film at 720p, joined end to end."""
    FILMS.mkdir(parents=True, exist_ok=True)
    source = next(p for p in practice_films() if p.stem == "toddler-blocks")
    one, long = FILMS / "one.mp4", FILMS / f"{MINUTES}min.mp4"
    if not one.is_file():
        part = one.with_suffix(".part.mp4")
        ffmpeg(
            "-i", source, "-vf", f"scale={SIZE[0]}:{SIZE[1]}", "-c:v", "libx264",
            "-preset", "veryfast", "-crf", "23", "-g", "50", "-c:a", "aac", "-b:a", "128k", part,
        )  # fmt: skip
        os.replace(part, one)
    if not film_ok(long, MINUTES, SIZE, audio=True):
        from vigkit.media import probe

        copies = int(np.ceil(MINUTES * 60 / probe(one).duration))
        listing = FILMS / "concat.txt"
        listing.write_text(f"file '{one.name}'\n" * copies, encoding="utf-8")
        part = long.with_suffix(".part.mp4")
        ffmpeg(
            "-f", "concat", "-safe", "0", "-i", listing, "-t", str(MINUTES * 60), "-c", "copy", part
        )
        os.replace(part, long)
    return long


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def speed(film: Path, workspace: Path) -> None:
    from vigkit.moments import analyse_sound, find_moments

    print(f"\nSpeed on {film.name} ({MINUTES} min, {SIZE[0]}x{SIZE[1]}), uncached:")
    decode = timed(lambda: ffmpeg("-i", film, "-f", "null", "-"))
    decode_sound = timed(lambda: ffmpeg("-vn", "-i", film, "-f", "null", "-"))
    sound = timed(lambda: analyse_sound(film, cache=False, show_bar=False))
    webrtc = timed(lambda: analyse_sound(film, detector="webrtc", cache=False, show_bar=False))
    total = timed(lambda: find_moments(film, workspace=workspace, show_bar=False))
    again = timed(lambda: find_moments(film, workspace=workspace, show_bar=False))
    rows = [
        ("ffmpeg -i F -f null - (decode everything)", decode, None),
        ("ffmpeg -vn -i F -f null - (decode the sound)", decode_sound, None),
        ("analyse_sound (energy detector)", sound, SOUND_GOAL),
        ("analyse_sound (WebRTC detector)", webrtc, None),
        ("find_moments, sound and movement", total, ALL_GOAL),
        ("find_moments again (cached)", again, None),
    ]
    for label, seconds, goal in rows:
        verdict = (
            "" if goal is None else ("  MET" if seconds < goal else "  MISSED") + f" (< {goal:g} s)"
        )
        print(f"  {label:<48} {seconds:7.2f} s  {seconds / decode:5.2f}× decode{verdict}")


def storyboard_speech(film: Path) -> list[tuple[float, float]]:
    """The speech times the storyboard gave (``speak`` beats), from its own syllables."""
    from vigkit.core.coursedir import storyboards_dir
    from vigkit.practice.storyboard import load_storyboard
    from vigkit.practice.timing import beat_end

    board = load_storyboard(storyboards_dir() / f"{film.stem}.yaml")
    return [(b.at, beat_end(b) or b.at) for b in board.beats if b.action == "speak"]


def detectors() -> None:
    from vigkit.media import probe
    from vigkit.moments.sound import read_sound
    from vigkit.moments.voice import HOP, frames_of, speech_frames

    print("\nVoice activity against the storyboards' speech (frames of 10 ms):")
    print(f"  {'film':<26} {'energy: hit / false':>22} {'webrtc: hit / false':>22}")
    for film in practice_films():
        try:
            truth_spans = storyboard_speech(film)
        except Exception as error:  # a storyboard the bench cannot read: say so, go on
            print(f"  {film.stem:<26} (no storyboard times: {error})")
            continue
        sound = read_sound(film, probe(film).duration, show_bar=False)
        frames = frames_of(sound)
        truth = np.zeros(frames.count, dtype=bool)
        for onset, offset in truth_spans:
            truth[int(onset / HOP) : int(offset / HOP)] = True
        cells = []
        for detector in ("energy", "webrtc"):
            found = speech_frames(frames, sound, detector=detector)
            hit = (found & truth).sum() / max(truth.sum(), 1)
            false = (found & ~truth).sum() / max((~truth).sum(), 1)
            cells.append(f"{hit:8.2f} / {false:5.2f}")
        print(f"  {film.stem:<26} {cells[0]:>22} {cells[1]:>22}")


def quality(workspace: Path) -> None:
    from vigkit.moments import find_moments
    from vigkit.moments import quality as judged

    print("\nQuality against the reference codings (recall: top 20 within 2 s; precision: top 10):")
    found = moments = hits = looked = 0
    for film in practice_films():
        reference = pd.read_csv(film.with_suffix(".reference.csv"))
        table = find_moments(film, workspace=workspace, show_bar=False)
        q = judged(table, reference)
        found, moments, hits, looked = (
            found + q.found,
            moments + q.moments,
            hits + q.hits,
            looked + q.looked,
        )
        print(
            f"  {film.stem:<26} recall {q.found:>2}/{q.moments:<2} = {q.recall:4.2f}   "
            f"precision {q.hits:>2}/{q.looked:<2} = {q.precision:4.2f}   ({len(table)} candidates)"
        )
    recall, precision = found / max(moments, 1), hits / max(looked, 1)
    verdict = "MET" if recall >= RECALL_GOAL and precision >= PRECISION_GOAL else "MISSED"
    print(f"  {'all eight':<26} recall {recall:4.2f}   precision {precision:4.2f}   {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="quality and detectors only")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "work"
        quality(workspace)
        detectors()
        if not args.quick:
            speed(long_film(), workspace)


if __name__ == "__main__":
    main()
