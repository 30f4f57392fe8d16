"""Stills and contact sheets, made with the real ffmpeg from films that show frame numbers."""

from __future__ import annotations

import hashlib
import importlib
import math
import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.media.probe import probe
from vigkit.media.sheet import CELL_WIDTH, GAP, MARGIN, contact_sheet
from vigkit.media.stills import stills

from films import frame_number

stills_module = importlib.import_module(
    "vigkit.media.stills"
)  # the module, not the function of the same name
sheet_module = importlib.import_module("vigkit.media.sheet")

FPS = 25
TIMES: list[float | str] = [0, 0.5, 2.04, 3.52, "0:05.0"]
SECONDS = [0.0, 0.5, 2.04, 3.52, 5.0]


def assert_frames(paths: Sequence[Path], seconds: Sequence[float]) -> None:
    """Each still shows the frame at its time (within one frame)."""
    shown = [frame_number(p) for p in paths]
    expected = [round(t * FPS) for t in seconds]
    assert all(abs(s - e) <= 1 for s, e in zip(shown, expected, strict=True)), (shown, expected)


def sizes(paths: Sequence[Path]) -> set[tuple[int, int]]:
    return {Image.open(p).size for p in paths}


def test_stills_show_the_frame_at_each_time(film_dir: Path, tmp_path: Path) -> None:
    paths = stills(film_dir / "landscape.mp4", TIMES, tmp_path / "stills")
    assert_frames(paths, SECONDS)
    assert sizes(paths) == {(320, 180)}
    assert [p.name for p in paths] == [
        "landscape_00m00.00s.png",
        "landscape_00m00.50s.png",
        "landscape_00m02.04s.png",
        "landscape_00m03.52s.png",
        "landscape_00m05.00s.png",
    ]
    assert sorted(paths) == paths
    assert sorted(os.listdir(tmp_path / "stills")) == [p.name for p in paths]  # no temp left


def test_stills_scaled_to_a_width(film_dir: Path, tmp_path: Path) -> None:
    paths = stills(film_dir / "landscape.mp4", TIMES, tmp_path, width=160)
    assert sizes(paths) == {(160, 90)}
    assert_frames(paths, SECONDS)


def test_portrait_film_stills_are_upright(film_dir: Path, tmp_path: Path) -> None:
    paths = stills(film_dir / "portrait.mp4", [1.0, 2.0], tmp_path)
    assert sizes(paths) == {(180, 320)}
    # The film was recorded sideways; turning the still back shows the stripes again.
    assert [frame_number(Image.open(p).rotate(-90, expand=True)) for p in paths] == [25, 50]
    assert sizes(stills(film_dir / "portrait.mp4", [1.0], tmp_path / "small", width=90)) == {
        (90, 160)
    }


@pytest.mark.parametrize("film", ["silent.mp4", "hevc.mov", "vp9.webm"])
def test_other_films(film_dir: Path, tmp_path: Path, film: str) -> None:
    paths = stills(film_dir / film, [0.0, 1.0, 1.52], tmp_path)
    assert_frames(paths, [0.0, 1.0, 1.52])


def test_the_last_frame(film_dir: Path, tmp_path: Path) -> None:
    info = probe(film_dir / "landscape.mp4")
    times = [info.duration - 0.04, info.duration - 0.01, info.duration]
    paths = stills(info.path, times, tmp_path)
    last = round(info.duration * FPS) - 1
    assert [frame_number(p) for p in paths] == [last, last, last]


def test_equal_times_share_one_still(film_dir: Path, tmp_path: Path) -> None:
    paths = stills(film_dir / "landscape.mp4", [1, "0:01.0", 1.0, 2], tmp_path)
    assert paths[0] == paths[1] == paths[2] != paths[3]
    assert len(list(tmp_path.iterdir())) == 2


def test_times_from_a_table_column(film_dir: Path, tmp_path: Path) -> None:
    import pandas as pd

    paths = stills(film_dir / "landscape.mp4", pd.Series(["0:01.0", 2.0]), tmp_path)
    assert_frames(paths, [1.0, 2.0])


def test_bad_times_are_all_reported(film_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(MediaError) as caught:
        stills(film_dir / "landscape.mp4", [1.0, -1.0, 7.5, "1:00", "soon"], tmp_path / "out")
    message = str(caught.value)
    assert "landscape.mp4" in message
    assert "4 times" in message
    for said in ("-0:01.00 is before the start", "0:07.50 is after the end", "1:00.00", "soon"):
        assert said in message
    assert not (tmp_path / "out").exists()


def test_no_times(film_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no times"):
        stills(film_dir / "landscape.mp4", [], tmp_path)


@pytest.mark.parametrize("film", ["corrupt.mp4", "missing.mp4"])
def test_unreadable_films(film_dir: Path, tmp_path: Path, film: str) -> None:
    with pytest.raises(MediaError, match=film):
        stills(film_dir / film, [1.0], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder(film_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(MediaError, match="a-file"):
        stills(film_dir / "landscape.mp4", [1.0], blocker / "stills")
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(MediaError, match="locked"):
            stills(film_dir / "landscape.mp4", [1.0], locked)


def test_source_is_untouched(film_dir: Path, tmp_path: Path) -> None:
    film = film_dir / "landscape.mp4"
    before = hashlib.sha256(film.read_bytes()).hexdigest(), film.stat().st_mtime_ns
    stills(film, [1.0, 2.0], tmp_path)
    assert (hashlib.sha256(film.read_bytes()).hexdigest(), film.stat().st_mtime_ns) == before


def test_input_seeking_in_batches(
    film_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def spy(
        args: Sequence[str | Path], *, action: str, source: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        calls.append([str(a) for a in args])
        return run_ffmpeg(args, action=action, source=source)

    monkeypatch.setattr(stills_module, "run_ffmpeg", spy)
    times = [i * 0.29 for i in range(20)]
    paths = stills(film_dir / "landscape.mp4", times, tmp_path)
    assert_frames(paths, times)
    assert len(calls) == math.ceil(20 / stills_module.BATCH)
    for args in calls:
        inputs = [i for i, a in enumerate(args) if a == "-i"]
        assert inputs and all(args[i - 2] == "-ss" for i in inputs)  # -ss before every -i
        assert args.count("-frames:v") == len(inputs)


def test_one_process_is_faster_than_one_per_still(film_dir: Path, tmp_path: Path) -> None:
    """Both ways are timed here, alternately, best of three (other work may share the CPU)."""
    film = film_dir / "landscape.mp4"
    times = [i * 0.29 for i in range(20)]
    batch, loop = [], []
    for round_ in range(3):
        start = time.perf_counter()
        stills(film, times, tmp_path / f"batch{round_}")
        batch.append(time.perf_counter() - start)

        folder = tmp_path / f"loop{round_}"
        folder.mkdir()
        start = time.perf_counter()
        for index, t in enumerate(times):
            out = folder / f"{index}.png"
            run_ffmpeg(["-ss", f"{t}", "-i", film, "-frames:v", "1", out], action="take a still")
        loop.append(time.perf_counter() - start)
    print(f"20 stills: one call {min(batch):.3f} s, one process per still {min(loop):.3f} s")
    assert min(batch) < min(loop) * 1.0


# Contact sheets


@pytest.fixture(scope="module")
def five_stills(film_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return stills(film_dir / "landscape.mp4", TIMES, tmp_path_factory.mktemp("sheet-stills"))


CAPTIONS = [
    "Mum follows Ella's lead and names what she is doing",
    "",
    "Shared smile",
    "A long caption that keeps going, to check that it is wrapped to the cell and cut "
    "with an ellipsis after the third line, because trainees write a lot about this",
    None,
]


def dark_pixels(sheet: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(sheet.crop(box).convert("L").histogram()[:128])


def test_contact_sheet_layout_and_captions(five_stills: list[Path], tmp_path: Path) -> None:
    out = contact_sheet(five_stills, tmp_path / "sheet.png", captions=CAPTIONS, columns=3)
    one_row = contact_sheet(five_stills, tmp_path / "row.png", captions=CAPTIONS, columns=5)
    sheet, row = Image.open(out), Image.open(one_row)
    assert sheet.format == "PNG"
    assert sheet.width == 2 * MARGIN + 3 * CELL_WIDTH + 2 * GAP
    cell_height = row.height - 2 * MARGIN
    assert sheet.height == 2 * MARGIN + 2 * cell_height + GAP  # two rows
    assert sheet.getpixel((1, 1)) == (255, 255, 255)

    def caption_area(index: int) -> tuple[int, int, int, int]:
        rows, column = divmod(index, 3)
        x = MARGIN + column * (CELL_WIDTH + GAP)
        bottom = MARGIN + rows * (cell_height + GAP) + cell_height
        return (x, bottom - 48, x + CELL_WIDTH, bottom)

    assert dark_pixels(sheet, caption_area(0)) > 50
    assert dark_pixels(sheet, caption_area(3)) > 50
    assert dark_pixels(sheet, caption_area(1)) == 0  # an empty caption draws nothing
    assert dark_pixels(sheet, caption_area(4)) == 0


def test_contact_sheet_with_title_and_portrait(
    five_stills: list[Path], film_dir: Path, tmp_path: Path
) -> None:
    portrait = stills(film_dir / "portrait.mp4", [1.0], tmp_path)
    plain = Image.open(contact_sheet(five_stills[:2], tmp_path / "plain.png"))
    titled = Image.open(
        contact_sheet([*five_stills[:1], *portrait], tmp_path / "t.png", title="Home play")
    )
    assert titled.width == plain.width
    assert titled.height > plain.height + (320 - 180)  # square cells for mixed stills
    assert dark_pixels(titled, (MARGIN, MARGIN, MARGIN + 200, MARGIN + 24)) > 50


def test_contact_sheet_times(five_stills: list[Path], tmp_path: Path) -> None:
    assert sheet_module._label(five_stills[2], None) == "0:02.04"
    assert sheet_module._label(Path("home-play_01m02.50s.png"), None) == "1:02.50"
    assert sheet_module._label(Path("home-play_01m02.50s.png"), "1:03") == "1:03.00"
    assert sheet_module._label(Path("holiday.png"), None) == "holiday"
    out = contact_sheet(five_stills[:2], tmp_path / "s.png", times=[1.0, None])
    assert out.exists()


def test_contact_sheet_errors(five_stills: list[Path], tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no stills"):
        contact_sheet([], tmp_path / "s.png")
    with pytest.raises(MediaError, match=r"gone\.png"):
        contact_sheet([five_stills[0], tmp_path / "gone.png"], tmp_path / "s.png")
    with pytest.raises(MediaError, match="2 captions were given for 5 stills"):
        contact_sheet(five_stills, tmp_path / "s.png", captions=["a", "b"])
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_text("hello")
    with pytest.raises(MediaError, match=r"notes\.png"):
        contact_sheet([not_a_picture], tmp_path / "s.png")
    assert not (tmp_path / "s.png").exists()
