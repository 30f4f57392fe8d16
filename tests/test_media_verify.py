"""Verified outputs: every film, still and sheet the kit makes is read back before it is
kept. A film cut off while copying (its header promises 30 s, its data stops at 8.85 s)
gives a ``MediaError`` naming the film and where it seems damaged, and leaves nothing
behind, where it used to give "made" and a broken clip."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from corpus_makers.media import good, truncated
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media import Moment, cut, probe, proxy, read_moments, reel, stills
from vigkit.media.verify import ROUNDING, check_readable, read_written, tolerance, verify_film

DAMAGE = 8.85  # where the data of corpus_makers.media.truncated(keep=1/3) stops


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``cut.mp4`` and ``cut.mov`` (30 s promised, 8.85 s there) and ``good.mp4`` (30 s)."""
    folder = tmp_path_factory.mktemp("verify")
    truncated(folder / "cut.mp4")
    truncated(folder / "cut.mov", kind="mov")
    good(folder / "good.mp4")
    return folder


def test_the_damaged_film_promises_more_than_it_holds(films: Path) -> None:
    assert probe(films / "cut.mp4").duration == 30.0  # so nothing up front can tell


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "quick"])
def test_a_cut_into_the_damaged_part_is_refused_and_nothing_is_left(
    films: Path, tmp_path: Path, exact: bool
) -> None:
    before = (films / "cut.mp4").read_bytes()
    with pytest.raises(MediaError) as caught:
        cut(Moment(films / "cut.mp4", 5, 25), tmp_path / "clip.mp4", exact=exact)
    message = str(caught.value)
    assert message.startswith(f"{films / 'cut.mp4'}: the film seems damaged after 0:08.8")
    assert "nothing was made" in message and "try making a playable copy first" in message
    assert list(tmp_path.iterdir()) == []  # no clip, no temporary file
    assert (films / "cut.mp4").read_bytes() == before


def test_a_cut_wholly_past_the_damage_says_nothing_could_be_read(
    films: Path, tmp_path: Path
) -> None:
    with pytest.raises(MediaError, match=r"damaged at 0:16\.00 or before: nothing of the moment"):
        cut(Moment(films / "cut.mp4", 16, 25), tmp_path / "clip.mp4")
    assert list(tmp_path.iterdir()) == []


def test_a_cut_before_the_damage_is_made(films: Path, tmp_path: Path) -> None:
    result = cut(Moment(films / "cut.mp4", 2.0, 6.0), tmp_path / "clip.mp4", exact=False)
    assert (result.start, result.end) == (2.0, 6.0)
    assert abs(probe(result.path).duration - 4.0) <= 2 * tolerance(25)  # a copy runs on a little


def test_a_quick_cut_reports_the_start_and_end_it_really_got(films: Path, tmp_path: Path) -> None:
    """Keyframes every second: a quick cut from 3.52 s really starts at 3 s."""
    result = cut(Moment(films / "good.mp4", 3.52, 5.0), tmp_path / "quick.mp4", exact=False)
    assert result.start == 3.0 and result.end == 5.0
    assert abs(probe(result.path).duration - (result.end - result.start)) <= 2 * tolerance(25)


def test_a_proxy_of_a_damaged_film_is_refused(films: Path, tmp_path: Path) -> None:
    with pytest.raises(MediaError) as caught:
        proxy(films / "cut.mov", tmp_path / "copy.mp4", max_height=90)
    message = str(caught.value)
    assert message.startswith(f"{films / 'cut.mov'}: the film seems damaged after 0:0")
    assert "only" in message and "of the film (30.00 s)" in message
    assert "copy it again from the camera or phone" in message
    assert list(tmp_path.iterdir()) == []


def test_a_reel_with_a_moment_in_the_damaged_part_names_the_row(
    films: Path, tmp_path: Path
) -> None:
    shutil.copyfile(films / "good.mp4", tmp_path / "good.mp4")
    shutil.copyfile(films / "cut.mp4", tmp_path / "cut.mp4")
    (tmp_path / "moments.csv").write_text("source,start,end\ngood.mp4,1,2\ncut.mp4,20,22\n")
    moments = read_moments(tmp_path / "moments.csv")
    began = time.perf_counter()
    with pytest.raises(MediaError) as caught:
        reel(moments, tmp_path / "out" / "reel.mp4")
    assert time.perf_counter() - began < 5  # refused before rendering anything
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'moments.csv'}, row 3 ({tmp_path / 'cut.mp4'}): ")
    assert "the film seems damaged before 0:22.00" in message
    assert not (tmp_path / "out" / "reel.mp4").exists()


def test_check_readable_finds_where_the_data_stops(films: Path) -> None:
    info = probe(films / "cut.mp4")
    check_readable(info, 8.5, "here")  # before the damage: no error
    with pytest.raises(MediaError, match=r"here: the film seems damaged before 0:09\.50"):
        check_readable(info, 9.5, "here")
    check_readable(probe(films / "good.mp4"), 30.0, "the end of a whole film")


def test_a_still_in_the_damaged_part_is_refused(films: Path, tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r"no picture could be found at 0:25\.00.*damaged"):
        stills(films / "cut.mp4", [1.0, 25.0], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_result_with_no_streams_is_refused(tmp_path: Path) -> None:
    """What ffmpeg left for the truncated film before: 261 bytes that hold no film."""
    empty = tmp_path / "clip.mp4"
    empty.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(249))
    assert read_written(empty).has_video is False
    with pytest.raises(MediaError, match=r"film.mp4: the film seems damaged at 0:16\.00 or before"):
        verify_film(empty, film=Path("film.mp4"), start=16, asked=29, fps=25, audio=True, what="it")


def test_an_exact_result_of_the_wrong_length_is_refused(films: Path, tmp_path: Path) -> None:
    clip = cut(Moment(films / "good.mp4", 1, 3), tmp_path / "clip.mp4").path
    kwargs = {"film": Path("film.mp4"), "start": 1.0, "fps": 25.0, "audio": True, "what": "it"}
    assert verify_film(clip, asked=2.0, **kwargs) == pytest.approx(2.0, abs=tolerance(25))
    with pytest.raises(MediaError, match=r"it came out 2\.0\d s long instead of 1\.00 s"):
        verify_film(clip, asked=1.0, **kwargs)
    verify_film(clip, asked=1.0, exact=False, **kwargs)  # a copy may run on a little
    with pytest.raises(MediaError, match="damaged after 0:03"):
        verify_film(clip, asked=4.0, exact=False, **kwargs)


def test_a_silent_result_of_a_film_with_sound_is_refused(films: Path, tmp_path: Path) -> None:
    silent = cut(Moment(films / "good.mp4", 1, 2), tmp_path / "clip.mp4").path
    mute = tmp_path / "mute.mp4"
    from vigkit.media.ffmpeg import run_ffmpeg

    run_ffmpeg(["-i", silent, "-an", "-c", "copy", mute], action="drop the sound")
    with pytest.raises(MediaError, match=r"sound could not be read from 0:01\.00"):
        verify_film(mute, film=Path("f.mp4"), start=1, asked=1, fps=25, audio=True, what="it")


def test_stills_are_read_back(films: Path, tmp_path: Path) -> None:
    made = stills(films / "good.mp4", [1.0, "0:02"], tmp_path, width=80)
    for path in made:
        with Image.open(path) as picture:
            assert picture.size == (80, 46) and picture.format == "PNG"


def test_verification_is_cheap(films: Path, tmp_path: Path) -> None:
    """Reading a result's header takes a small part of the cut itself."""
    began = time.perf_counter()
    clip = cut(Moment(films / "good.mp4", 1, 3), tmp_path / "clip.mp4", exact=False).path
    cutting = time.perf_counter() - began
    began = time.perf_counter()
    read_written(clip)
    reading = time.perf_counter() - began
    assert reading < 0.5 and reading < cutting


def test_the_index_is_read_as_ffmpeg_reads_it(films: Path, tmp_path: Path) -> None:
    """A stream copy's check reads the MP4 index itself (no ffmpeg to start): the same
    tracks and, within the header's rounding, the same length as ``ffmpeg -i``."""
    from vigkit.media.ffmpeg import run_ffmpeg
    from vigkit.media.verify import read_mp4_index

    quick = cut(Moment(films / "good.mp4", 3, 9), tmp_path / "quick.mov", exact=False).path
    silent = tmp_path / "silent.mp4"  # index at the end, as a quick cut leaves it
    run_ffmpeg(["-i", films / "good.mp4", "-an", "-c", "copy", "-t", "4", silent], action="copy")
    for film in (films / "good.mp4", quick, silent):
        indexed, said = read_mp4_index(film), read_written(film)
        assert indexed is not None and said.duration is not None
        assert (indexed.has_video, indexed.has_audio) == (said.has_video, said.has_audio)
        assert indexed.duration == pytest.approx(said.duration, abs=ROUNDING)
    text = tmp_path / "notes.mp4"
    text.write_text("not a film")
    assert read_mp4_index(text) is None
