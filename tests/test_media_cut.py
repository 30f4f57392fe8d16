"""Cutting moments: exact cuts start on the chosen frame; quick cuts copy from a keyframe."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media.cut import (
    CutResult,
    cut,
    keyframe_before,
    parse_keyframes,
    probe_with_keyframe,
)
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.media.moment import Moment
from vigkit.media.probe import probe

from films import frame_number, make_film

FPS = 25
FRAME = 1 / FPS


def first_frame(film: Path, folder: Path) -> Image.Image:
    """The clip's first frame as a picture (ffmpeg turns rotated films upright)."""
    still = folder / f"{film.stem}-first.png"
    run_ffmpeg(["-i", film, "-frames:v", "1", still], action="take a test still")
    return Image.open(still)


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def sparse_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 s at 5 fps with keyframes only at 0 s and 22 s: a gap wider than the search
    window, as in long static phone recordings."""
    path = tmp_path_factory.mktemp("cut-films") / "sparse.mp4"
    return make_film(path, seconds=30, size=(160, 90), fps=5, audio=False, keyframe_every=110)


# --- exact cuts -------------------------------------------------------------------------


@pytest.mark.parametrize("start", [0.0, 1.0, 2.04, 3.52])
def test_exact_cut_starts_on_the_frame_and_lasts_the_moment(
    film_dir: Path, tmp_path: Path, start: float
) -> None:
    source = film_dir / "landscape.mp4"
    before = fingerprint(source)
    moment = Moment(source, start, start + 1.5)
    result = cut(moment, tmp_path / "clip.mp4")
    assert result == CutResult(tmp_path / "clip.mp4", start, start + 1.5, True)
    assert abs(frame_number(first_frame(result.path, tmp_path)) - round(start * FPS)) <= 1
    info = probe(result.path)
    assert abs(info.duration - moment.duration) <= FRAME + 1e-9
    assert (info.video_codec, info.pixel_format, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert info.browser_playable
    assert fingerprint(source) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_exact_cut_of_silent_film_has_no_audio(film_dir: Path, tmp_path: Path) -> None:
    result = cut(Moment(film_dir / "silent.mp4", 1.2, 2.2), tmp_path / "clip.mp4")
    info = probe(result.path)
    assert not info.has_audio
    assert abs(info.duration - 1.0) <= FRAME + 1e-9
    assert abs(frame_number(first_frame(result.path, tmp_path)) - 30) <= 1


def test_exact_cut_to_the_end_of_the_film(film_dir: Path, tmp_path: Path) -> None:
    result = cut(Moment(film_dir / "landscape.mp4", 5.0, 6.0), tmp_path / "end.mp4")
    assert abs(probe(result.path).duration - 1.0) <= FRAME + 1e-9


def test_exact_cut_of_portrait_film_is_upright(film_dir: Path, tmp_path: Path) -> None:
    source = film_dir / "portrait.mp4"
    result = cut(Moment(source, 1.0, 2.0), tmp_path / "portrait.mp4")
    info = probe(result.path)
    assert (info.width, info.height, info.rotation) == (180, 320, 0)
    assert abs(info.duration - 1.0) <= FRAME + 1e-9
    picture = first_frame(result.path, tmp_path).rotate(-90, expand=True)
    assert abs(frame_number(picture) - 25) <= 1


def test_existing_output_is_replaced(film_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    out.write_bytes(b"an old clip")
    cut(Moment(film_dir / "landscape.mp4", 0.0, 0.5), out)
    assert probe(out).video_codec == "h264"


# --- quick (stream copy) cuts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "key"), [(0.0, 0.0), (1.0, 0.0), (2.0, 2.0), (2.04, 2.0), (3.52, 2.0), (5.0, 4.0)]
)
def test_quick_cut_starts_on_the_keyframe_before(
    film_dir: Path, tmp_path: Path, start: float, key: float
) -> None:
    source = film_dir / "landscape.mp4"
    before = fingerprint(source)
    end = min(start + 1.0, 6.0)
    result = cut(Moment(source, start, end), tmp_path / "quick.mp4", exact=False)
    assert result.exact is False
    assert result.start <= start
    assert result.start == pytest.approx(key, abs=1e-6)  # keyframes every 2 s in this film
    assert result.end == end
    assert frame_number(first_frame(result.path, tmp_path)) == round(result.start * FPS)
    info = probe(result.path)
    assert abs(info.duration - (end - result.start)) <= 2.5 * FRAME
    assert info.has_audio
    assert fingerprint(source) == before


def test_quick_cut_of_the_whole_film_is_quick(film_dir: Path, tmp_path: Path) -> None:
    began = time.perf_counter()
    result = cut(Moment(film_dir / "landscape.mp4", 0, 6), tmp_path / "all.mp4", exact=False)
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0, f"a stream copy took {elapsed:.2f} s"
    assert (result.start, result.end) == (0.0, 6.0)
    assert abs(probe(result.path).duration - 6.0) <= 2 * FRAME


def test_quick_cut_of_silent_and_portrait_films(film_dir: Path, tmp_path: Path) -> None:
    silent = cut(Moment(film_dir / "silent.mp4", 2.5, 3.5), tmp_path / "s.mp4", exact=False)
    assert silent.start == pytest.approx(2.0)
    assert not probe(silent.path).has_audio
    portrait = cut(Moment(film_dir / "portrait.mp4", 0.5, 1.0), tmp_path / "p.mp4", exact=False)
    info = probe(portrait.path)
    assert (info.width, info.height) == (180, 320)  # copied, so the rotation tag is kept
    assert portrait.start <= 0.5


def test_keyframe_search_widens_past_its_window(sparse_film: Path, tmp_path: Path) -> None:
    assert keyframe_before(sparse_film, 21.8) == 0.0  # nothing in the first 20 s window
    assert keyframe_before(sparse_film, 22.0) == pytest.approx(22.0)
    assert keyframe_before(sparse_film, 29.0) == pytest.approx(22.0)
    result = cut(Moment(sparse_film, 21.8, 23.0), tmp_path / "wide.mp4", exact=False)
    assert result.start == 0.0
    assert frame_number(first_frame(result.path, tmp_path)) == 0


def test_one_run_reads_the_header_and_the_keyframe(sparse_film: Path, film_dir: Path) -> None:
    """A quick cut's single look at the film: the same facts as probe, and the keyframe a
    seek lands on (the one the copy starts from), found without decoding."""
    for time_asked, key in [(0.0, 0.0), (21.8, 0.0), (22.0, 22.0), (29.0, 22.0)]:
        info, found = probe_with_keyframe(sparse_film, time_asked)
        assert info == probe(sparse_film)
        assert found == pytest.approx(key, abs=1e-6)
    portrait = film_dir / "portrait.mp4"
    assert probe_with_keyframe(portrait, 0.5)[0] == probe(portrait)


def test_parse_keyframes_uses_exact_timestamps() -> None:
    text = (
        "[Parsed_showinfo_0 @ 0x1] config in time_base: 1/12800, frame_rate: 25/1\n"
        "[Parsed_showinfo_0 @ 0x1] n:   0 pts:   6400 pts_time:0.5     duration: 512 "
        "fmt:yuv420p i:P iskey:1 type:I checksum:1\n"
        "[Parsed_showinfo_0 @ 0x1] n:   1 pts:   6912 pts_time:0.54    duration: 512 "
        "fmt:yuv420p i:P iskey:0 type:P checksum:2\n"
    )
    assert parse_keyframes(text, 1.5) == [2.0]
    assert parse_keyframes("", 3.0) == []


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize("exact", [True, False])
def test_moment_past_the_end_is_refused(film_dir: Path, tmp_path: Path, exact: bool) -> None:
    for start, end in [(5.0, 9.0), (7.0, 8.0)]:
        with pytest.raises(MediaError, match="past the end of the film"):
            cut(Moment(film_dir / "landscape.mp4", start, end), tmp_path / "x.mp4", exact=exact)
    assert list(tmp_path.iterdir()) == []


def test_backwards_or_negative_moment_is_refused(film_dir: Path) -> None:
    with pytest.raises(MediaError, match="must end after it starts"):
        Moment(film_dir / "landscape.mp4", 3.0, 3.0)
    with pytest.raises(MediaError, match="must end after it starts"):
        Moment(film_dir / "landscape.mp4", 3.0, 2.0)
    with pytest.raises(MediaError, match="before the film"):
        Moment(film_dir / "landscape.mp4", -1.0, 2.0)


@pytest.mark.parametrize("exact", [True, False])
def test_out_is_source_is_refused(film_dir: Path, tmp_path: Path, exact: bool) -> None:
    source = tmp_path / "film.mp4"
    source.write_bytes((film_dir / "landscape.mp4").read_bytes())
    before = fingerprint(source)
    with pytest.raises(MediaError, match="source film"):
        cut(Moment(source, 1.0, 2.0), source, exact=exact)
    assert fingerprint(source) == before
    assert [p.name for p in tmp_path.iterdir()] == ["film.mp4"]


@pytest.mark.parametrize("name", ["corrupt.mp4", "missing.mp4"])
def test_bad_source_is_media_error(film_dir: Path, tmp_path: Path, name: str) -> None:
    with pytest.raises(MediaError, match=name):
        cut(Moment(film_dir / name, 0.0, 1.0), tmp_path / "x.mp4")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_media_error(film_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(MediaError, match="not-a-folder"):
        cut(Moment(film_dir / "landscape.mp4", 0.0, 1.0), blocker / "clip.mp4")


def test_result_is_frozen(film_dir: Path, tmp_path: Path) -> None:
    result = cut(Moment(film_dir / "landscape.mp4", 0.0, 0.2), tmp_path / "c.mp4", exact=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.start = 1.0  # type: ignore[misc]
