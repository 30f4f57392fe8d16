"""What the media jobs refuse up front, in words: things that are not film files (a FIFO
used to hang probe, cut and stills for ever), empty films, 1x1 films, outputs whose
ending the kit cannot write, times beyond any film and reel numbers that are not numbers."""

from __future__ import annotations

import math
import os
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus_makers.media import good

from vigkit.coding.scheme import load_scheme
from vigkit.core.errors import MediaError
from vigkit.media import Moment, contact_sheet, cut, probe, proxy, read_moments, reel, stills
from vigkit.media.reel import check_reel_request


@pytest.fixture()
def deadline() -> Iterator[None]:
    """Fail (rather than hang the suite) if a call waits on a FIFO: 20 s at most."""

    def overrun(*_: Any) -> None:
        raise TimeoutError("the call waited on a FIFO")

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole 30 s film (160x90, 25 fps, a keyframe a second)."""
    return good(tmp_path_factory.mktemp("inputs") / "good.mp4")


JOBS: dict[str, Callable[[Path, Path], object]] = {
    "probe": lambda source, out: probe(source),
    "cut": lambda source, out: cut(Moment(source, 0, 1), out / "clip.mp4"),
    "quick cut": lambda source, out: cut(Moment(source, 0, 1), out / "clip.mp4", exact=False),
    "stills": lambda source, out: stills(source, [0.5], out),
    "proxy": lambda source, out: proxy(source, out / "copy.mp4"),
    "reel": lambda source, out: reel([Moment(source, 0, 1)], out / "reel.mp4"),
}


@pytest.mark.parametrize("job", list(JOBS))
def test_a_fifo_is_refused_at_once(job: str, tmp_path: Path, deadline: None) -> None:
    fifo = tmp_path / "pipe.mp4"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    with pytest.raises(MediaError, match=r"pipe.mp4: this is a named pipe \(FIFO\), not a film"):
        JOBS[job](fifo, out)
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("job", list(JOBS))
def test_a_device_is_refused(job: str, tmp_path: Path, deadline: None) -> None:
    with pytest.raises(MediaError, match="/dev/zero: this is a device, not a film file"):
        JOBS[job](Path("/dev/zero"), tmp_path)


@pytest.mark.parametrize("job", list(JOBS))
def test_a_folder_and_an_empty_file_are_refused(job: str, tmp_path: Path) -> None:
    (tmp_path / "films.mp4").mkdir()
    with pytest.raises(MediaError, match=r"films\.mp4: this is a folder, not a film"):
        JOBS[job](tmp_path / "films.mp4", tmp_path)
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(MediaError, match=r"empty.mp4: the film is empty \(0 bytes\)"):
        JOBS[job](tmp_path / "empty.mp4", tmp_path)


@pytest.mark.parametrize("job", [j for j in JOBS if j != "probe"])
def test_a_one_pixel_film_is_refused_in_words(job: str, tmp_path: Path) -> None:
    tiny = good(tmp_path / "tiny.mp4", kind="tiny")
    assert (probe(tiny).width, probe(tiny).height) == (1, 1)  # probing it is fine
    with pytest.raises(MediaError) as caught:
        JOBS[job](tiny, tmp_path / "out")
    assert str(caught.value) == (
        f"{tiny}: the picture is only 1x1 pixels; the kit works with films at least 16x16 "
        "pixels (is this really the film?)"
    )


def test_a_film_of_odd_size_is_cut_exactly(tmp_path: Path) -> None:
    """161x91: H.264 4:2:0 needs even sizes; the cut drops the odd line (it used to fail)."""
    odd = good(tmp_path / "odd.mp4", kind="odd")
    info = probe(cut(Moment(odd, 0, 1), tmp_path / "clip.mp4").path)
    assert (info.width, info.height) == (160, 90)


@pytest.mark.parametrize(
    ("name", "exact", "message"),
    [
        ("clip.xyz", True, "clip.xyz: a clip is a film; give a name ending in .mp4, .m4v, .mov, "
         ".mkv (this name has '.xyz')"),
        ("clip", True, "this name has no ending"),
        ("clip.webm", True, "ending in .mp4"),  # H.264 cannot go in WebM
        ("clip.webm", False, "ending in .mp4"),  # nor can an MP4's own data
    ],
)  # fmt: skip
def test_a_clip_needs_an_ending_the_kit_can_write(
    film: Path, tmp_path: Path, name: str, exact: bool, message: str
) -> None:
    with pytest.raises(MediaError) as caught:
        cut(Moment(film, 1, 2), tmp_path / name, exact=exact)
    assert message in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_outputs_that_are_folders_or_have_other_endings_are_refused(
    film: Path, tmp_path: Path
) -> None:
    (tmp_path / "films.mp4").mkdir()
    with pytest.raises(MediaError, match=r"films\.mp4: this is a folder; give the name of a new"):
        cut(Moment(film, 1, 2), tmp_path / "films.mp4")
    still = stills(film, [1.0], tmp_path / "stills")[0]
    with pytest.raises(MediaError, match=r"sheet\.jpg: a contact sheet is a PNG picture"):
        contact_sheet([still], tmp_path / "sheet.jpg")
    with pytest.raises(MediaError, match="not pictures"):
        contact_sheet([tmp_path / "films.mp4"], tmp_path / "sheet.png")
    with pytest.raises(MediaError, match="this is the source film"):
        contact_sheet([still], still)
    assert not (tmp_path / "sheet.jpg").exists() and not (tmp_path / "sheet.png").exists()


@pytest.mark.parametrize(
    ("end", "message"),
    [
        (1e308, "good.mp4: '1e+308' is longer than 10,000 hours"),  # no time is that long
        (1e10, "good.mp4: '10000000000.0' is longer than 10,000 hours"),
        (360001.0, "good.mp4: the end 360001 s is beyond any"),  # a time, but no film's
    ],
)
def test_times_beyond_any_film_are_refused(film: Path, end: float, message: str) -> None:
    with pytest.raises(MediaError, match=re.escape(message)):
        Moment(film, 0, end)


def test_stills_beyond_any_film_and_absurd_widths_are_refused(film: Path, tmp_path: Path) -> None:
    with pytest.raises(
        MediaError, match=r"'1e\+300' is longer than 10,000 hours.*; no stills were taken"
    ):
        stills(film, [1.0, 1e300], tmp_path)
    for width in (0, 1, 100_000, 2.5, True):
        with pytest.raises(MediaError, match="from 2 to 7680"):
            stills(film, [1.0], tmp_path, width=width)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hold_still": math.nan}, "hold_still must be 0 or more seconds (got nan)"),
        ({"hold_still": math.inf}, "hold_still must be 0 or more seconds (got inf)"),
        ({"hold_still": -1.0}, "hold_still must be 0 or more seconds (got -1.0)"),
        ({"hold_still": 1e9}, "hold_still must be at most 60 seconds"),
        ({"fade": math.nan}, "fade must be 0 or more seconds"),
        ({"title_seconds": math.inf}, "title_seconds must be more than 0 seconds"),
        ({"title_seconds": 0}, "title_seconds must be more than 0 seconds"),
        ({"fps": math.nan}, "fps must be more than 0"),
        ({"fps": 10_000}, "fps must be at most 120"),
    ],
)
def test_reel_numbers_that_are_not_numbers_are_refused(
    film: Path, tmp_path: Path, change: dict[str, float], message: str
) -> None:
    moments = [Moment(film, 1, 2)]
    with pytest.raises(MediaError) as caught:
        reel(moments, tmp_path / "reel.mp4", **change)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{tmp_path / 'reel.mp4'}: {message}")
    with pytest.raises(MediaError, match=re.escape(message)):
        check_reel_request(moments, load_scheme(), **change)  # the reel's captions too
    assert list(tmp_path.iterdir()) == []


def test_reel_errors_name_the_moments_row(film: Path, tmp_path: Path) -> None:
    good(tmp_path / "good.mp4")
    (tmp_path / "films.mp4").mkdir()
    rows = {
        "gone.mp4,0,1,": "gone.mp4: the film does not exist",
        "good.mp4,25,45,": "runs past the end of the film",
        "films.mp4,0,1,": "this is a folder",
        "good.mp4,0,1,guiding.scafolding": "did you mean 'guiding.scaffolding'",
    }
    for row, message in rows.items():
        csv = tmp_path / "moments.csv"
        csv.write_text(f"source,start,end,code\ngood.mp4,1,2,\n{row}\n")
        with pytest.raises(MediaError) as caught:
            reel(read_moments(csv), tmp_path / "reel.mp4")
        assert str(caught.value).startswith(f"{csv}, row 3"), str(caught.value)
        assert message in str(caught.value)
    assert not (tmp_path / "reel.mp4").exists()
