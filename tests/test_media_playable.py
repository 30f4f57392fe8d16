"""Quick and full playable copies kept in the workspace, ffmpeg's progress reports, and the
words a widget shows for them (``vigkit.media.playable``, ``vigkit.core.progress``)."""

from __future__ import annotations

import _thread
import time
from pathlib import Path

import pytest

from vigkit.core import progress as progress_module
from vigkit.core.errors import MediaError
from vigkit.core.progress import TimeLeft, progress_bar, progress_words, time_left_words
from vigkit.media.ffmpeg import ProgressReader, run_ffmpeg
from vigkit.media.playable import copy_path, existing_copy, playable_copy
from vigkit.media.probe import probe
from vigkit.widgets import Player

from films import consent_everything, frame_number, make_film


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("own films")
    make_film(folder / "home play.mov", seconds=3, size=(1280, 720), video_codec="libx265")
    make_film(folder / "plays.mp4", seconds=1)
    return folder


def test_the_progress_reader_hears_seconds_written_however_the_output_is_split() -> None:
    heard: list[float] = []
    reader = ProgressReader(heard.append)
    report = (
        b"frame=10\nout_time_us=400000\nprogress=continue\nout_time_us=N/A\nout_time_us=1250000\n"
    )
    for start in range(0, len(report), 7):
        reader(report[start : start + 7])
    assert heard == [0.4, 1.25]


def test_run_ffmpeg_reports_progress_up_to_the_films_length(films: Path, tmp_path: Path) -> None:
    heard: list[float] = []
    run_ffmpeg(
        [
            "-i",
            films / "home play.mov",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            tmp_path / "o.mp4",
        ],
        action="copy",
        progress=heard.append,
    )
    assert heard == sorted(heard) and heard[-1] == pytest.approx(3.0, abs=0.1)


def test_a_quick_copy_is_small_and_keeps_the_films_timeline(films: Path, tmp_path: Path) -> None:
    film = films / "home play.mov"
    fractions: list[float] = []
    copy = playable_copy(film, workspace=tmp_path, on_progress=fractions.append)
    assert copy == copy_path(film, "quick", tmp_path) and copy.parent == tmp_path / "proxies"
    assert copy.name.startswith("home-play-") and copy.name.endswith("-quick.mp4")
    info = probe(copy)
    assert (info.width, info.height, info.video_codec) == (
        960,
        540,
        "h264",
    ) and info.browser_playable
    assert fractions and fractions == sorted(fractions) and fractions[-1] > 0.9
    for frame in (0, 37, 74):  # the copy's frame at t shows the film's frame at t
        still = tmp_path / f"{frame}.png"
        at = f"{max(frame / 25 - 0.005, 0):.3f}"
        run_ffmpeg(["-ss", at, "-i", copy, "-frames:v", "1", still], action="still")
        assert frame_number(still) == frame
    # made once: asking again (even by another name for the same film) reuses it
    made = copy.stat().st_mtime_ns
    renamed = films / "renamed.mov"
    renamed.write_bytes(film.read_bytes())
    assert playable_copy(renamed, workspace=tmp_path) == copy_path(renamed, "quick", tmp_path)
    assert playable_copy(film, workspace=tmp_path) == copy and copy.stat().st_mtime_ns == made
    assert existing_copy(film, tmp_path) == copy


def test_a_full_copy_is_sharper_and_preferred_once_made(films: Path, tmp_path: Path) -> None:
    film = films / "home play.mov"
    quick = playable_copy(film, "quick", workspace=tmp_path, show_bar=False)
    full = playable_copy(film, "full", workspace=tmp_path, show_bar=False)
    assert (probe(full).height, probe(quick).height) == (720, 540)
    assert existing_copy(film, tmp_path) == full


def test_a_film_browsers_play_needs_no_copy(films: Path, tmp_path: Path) -> None:
    assert playable_copy(films / "plays.mp4", workspace=tmp_path) == films / "plays.mp4"
    assert not (tmp_path / "proxies").exists()


def test_an_unknown_kind_of_copy_names_both_kinds(films: Path, tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="'quick' or 'full', not 'best'"):
        playable_copy(films / "home play.mov", "best", workspace=tmp_path)  # type: ignore[arg-type]


def test_an_interrupted_copy_leaves_nothing(films: Path, tmp_path: Path) -> None:
    """As "interrupt the kernel" does while ffmpeg works: the interrupt arrives at once."""
    with pytest.raises(KeyboardInterrupt):
        playable_copy(
            films / "home play.mov", "full", workspace=tmp_path,
            on_progress=lambda _fraction: _thread.interrupt_main(),
        )  # fmt: skip
    assert [p.name for p in (tmp_path / "proxies").iterdir()] == []


def test_the_player_shows_how_far_the_copy_has_got(films: Path, tmp_path: Path) -> None:
    film = films / "home play.mov"
    consent_everything(film, tmp_path)
    player = Player(film, root=films.parent, workspace=films.parent / "work")
    assert (player.status, player.progress) == ("unplayable", None)
    seen: list[tuple[str, float | None, str]] = []
    player.observe(
        lambda _: seen.append((player.status, player.progress, player.message)), "message"
    )
    player.make_playable_copy()
    making = [s for s in seen if s[0] == "making"]
    assert making and making[0][2] == "making a playable copy: 0 %, working out the time left"
    assert all(isinstance(p, float) and 0 <= p <= 1 for _, p, _ in making)
    assert (player.status, player.progress, player.message) == ("ready", None, "")
    assert player.playing_film == copy_path(film, "quick", films.parent / "work")


def test_time_left_in_words() -> None:
    assert time_left_words(None) == "working out the time left"
    assert time_left_words(20) == "less than a minute left"
    assert time_left_words(70) == "about a minute left"
    assert time_left_words(130) == "about 2 min left"
    assert time_left_words(3 * 3600 + 5 * 60) == "about 3 h 05 min left"
    assert progress_words("making a playable copy", 0.42, 130) == (
        "making a playable copy: 42 %, about 2 min left"
    )
    assert progress_words("x", 1.0, 0) == "x: 99 %, less than a minute left"


def test_time_left_follows_the_pace_so_far() -> None:
    now = [100.0]
    estimate = TimeLeft(clock=lambda: now[0])
    now[0] = 100.5
    assert estimate.seconds_left(0.1) is None  # too early to say
    now[0] = 130.0
    assert estimate.seconds_left(0.25) == pytest.approx(90.0)


def test_the_bar_shows_time_left_in_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    monkeypatch.delenv(progress_module.PROGRESS_ENV, raising=False)
    with progress_bar(10.0, "making a quick playable copy", unit="s") as update:
        for done in (2.0, 5.0):
            time.sleep(0.15)
            update(done)
    shown = capsys.readouterr().err
    assert "making a quick playable copy" in shown and "5/10 s" in shown
    assert "<" in shown  # tqdm's "elapsed<left"
