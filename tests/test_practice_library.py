"""The committed practice library: every storyboard has its film, answer key and thumbnail,
the films are what the storyboards say (length, size, sound) and play in Chromium, and the
answer keys are up to date and cover all six principles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import vigkit
from vigkit.core.coursedir import practice_dir, storyboards_dir
from vigkit.media import probe
from vigkit.practice import Storyboard, load_storyboard, reference_coding

pytest_plugins = ["browser"]

STORYBOARDS = sorted(storyboards_dir().glob("*.yaml"))
BOARDS = {path.stem: load_storyboard(path) for path in STORYBOARDS}
MAX_BYTES = 3 * 1024 * 1024


def film(board: Storyboard, suffix: str) -> Path:
    return practice_dir() / f"{board.id}{suffix}"


def test_the_library_has_at_least_eight_films_of_half_a_minute_to_a_minute_and_a_half() -> None:
    assert len(BOARDS) >= 8
    for name, board in BOARDS.items():
        assert board.id == name, f"{name}.yaml has id {board.id}"
        assert 30 <= board.duration <= 90, board.id


def test_the_settings_of_the_course_are_all_there() -> None:
    settings = {board.setting for board in BOARDS.values()}
    assert {"home-floor", "nursery", "classroom-table", "classroom-group", "staff-room"} <= settings
    sizes = {p.look.size for board in BOARDS.values() for p in board.participants}
    assert {"adult", "baby", "toddler", "child"} <= sizes  # baby, toddler and pupils


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_each_film_is_what_its_storyboard_says(name: str) -> None:
    board = BOARDS[name]
    video = film(board, ".mp4")
    assert film(board, ".jpg").is_file() and film(board, ".reference.csv").is_file()
    info = probe(video)
    assert info.duration == pytest.approx(board.duration, abs=0.1)
    assert (info.width, info.height, info.fps) == (640, 360, 25)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.size_bytes < MAX_BYTES
    head = video.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and head.find(b"moov") < max(head.find(b"mdat"), 4096)


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_each_answer_key_is_up_to_date_with_its_storyboard(name: str) -> None:
    board = BOARDS[name]
    committed = vigkit.Coding.read_csv(film(board, ".reference.csv"))
    expected = reference_coding(board)
    assert committed.to_records() == expected.to_records(), (
        f"{board.id}: the reference coding is older than the storyboard; "
        "run `vigkit practice build --only " + board.id + "` and commit the files"
    )
    assert set(committed.events["role"]) == {"supervisor"}


def test_together_the_answer_keys_use_every_principle() -> None:
    used: set[str] = set()
    for board in BOARDS.values():
        coding = vigkit.Coding.read_csv(film(board, ".reference.csv"))
        used |= set(coding.rolled_up().events["code"])
    assert used == {c.id for c in vigkit.load_scheme().categories}


def test_every_film_plays_with_sound_in_chromium(page: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "films.html"
    page_file.write_text(
        "".join(
            f'<video id="{b.id}" muted src="{film(b, ".mp4").as_uri()}"></video>'
            for b in BOARDS.values()
        )
    )
    page.goto(page_file.as_uri())
    for board in BOARDS.values():
        played = page.evaluate(
            """async (id) => {
                const video = document.getElementById(id);
                video.muted = true;  // muted films may play without a click
                video.currentTime = 5;
                await video.play();
                await new Promise((done) => setTimeout(done, 700));
                video.pause();
                return {time: video.currentTime, error: video.error && video.error.code,
                        audio: video.webkitAudioDecodedByteCount, width: video.videoWidth};
            }""",
            board.id,
        )
        assert played["error"] is None, (board.id, played)
        assert played["time"] > 5.2, (board.id, played)
        assert played["audio"] > 0 and played["width"] == 640, (board.id, played)
