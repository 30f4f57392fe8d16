"""Motion energy from real films through the kit's ffmpeg (movement where a square moves,
none in a still film, cached in the workspace, clear errors for bad files) and the
space-time view built from it in Python (rows, markers and legend per coder)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vigkit import Coding, VigkitError, VigkitWarning, compare, compare_many
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.views import motion as motion_module
from vigkit.views.motion import MotionEnergy, cache_path, motion_energy
from vigkit.views.spacetime import MARKERS, SpaceTimeView, block_of

from films import make_film

ATTENTIVE, ENCOURAGING, GUIDING = "being-attentive", "encouraging-initiatives", "guiding"
SIZE = (160, 90)
SQUARE = 20  # the moving square's side, in film pixels


def lavfi_film(path: Path, picture: str) -> Path:
    """An H.264 film (no sound) from an ffmpeg lavfi picture source."""
    run_ffmpeg(
        ["-f", "lavfi", "-i", picture, "-c:v", "libx264", "-preset", "veryfast",
         "-pix_fmt", "yuv420p", path],
        action="make a test film",
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``square``: a white square sliding right along the top of a black 160x90 picture
    (4 s); ``still``: plain grey (3 s); ``portrait``: a phone film shown 180x320."""
    folder = tmp_path_factory.mktemp("motion-films")
    width, height = SIZE
    square = (
        f"color=c=black:s={width}x{height}:r=25:d=4[back];"
        f"color=c=white:s={SQUARE}x{SQUARE}:r=25:d=4[square];"
        "[back][square]overlay=x='10+20*t':y=10:shortest=1[out0]"
    )
    return {
        "square": lavfi_film(folder / "square.mp4", square),
        "still": lavfi_film(folder / "still.mp4", f"color=c=gray:s={width}x{height}:r=25:d=3"),
        "portrait": make_film(folder / "portrait.mp4", seconds=2, audio=False, rotation=90),
    }


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# ------------------------------------------------------------------ the energy


def test_shape_times_and_range(films: dict[str, Path], tmp_path: Path) -> None:
    found = motion_energy(films["square"], width=64, fps=10, workspace=tmp_path)
    slices, height, width = found.energy.shape
    assert (height, width) == (36, 64)  # 160x90 keeps its shape
    assert 38 <= slices <= 40  # 4 s at 10 frames a second, one fewer differences
    assert found.energy.dtype == np.float32
    assert found.energy.min() >= 0.0 and found.energy.max() <= 1.0
    assert found.times.shape == (slices,)
    assert found.times[0] == pytest.approx(0.05)
    assert np.allclose(np.diff(found.times), 0.1)
    assert found.duration == pytest.approx(4.0, abs=0.05)
    assert found.per_time().shape == (slices,)
    assert "64×36" in repr(found)


def test_energy_is_where_the_square_moves_and_nowhere_else(
    films: dict[str, Path], tmp_path: Path
) -> None:
    found = motion_energy(films["square"], width=64, fps=10, workspace=tmp_path)
    scale = 64 / SIZE[0]
    band = slice(round(10 * scale) - 1, round((10 + SQUARE) * scale) + 1)  # the square's rows
    inside = found.energy[:, band, :]
    below = found.energy[:, band.stop + 2 :, :]
    assert inside.max() > 0.5  # black to white where the square's edges pass
    assert below.max() < 0.02  # nothing moves under it
    # At each moment the change is around the square's x position then (10 + 20 t px).
    for index in (5, 20, 35):
        columns = found.energy[index, band, :].sum(axis=0)
        centre = (10 + 20 * found.times[index] + SQUARE / 2) * scale
        assert abs(int(np.argmax(columns)) - centre) <= SQUARE * scale / 2 + 1
    assert found.per_time().min() > 0  # it moves the whole time


def test_a_still_film_has_no_energy(films: dict[str, Path], tmp_path: Path) -> None:
    found = motion_energy(films["still"], workspace=tmp_path)
    assert found.energy.max() < 0.02
    assert found.per_time().max() < 0.005


def test_a_phone_film_is_measured_as_shown(films: dict[str, Path], tmp_path: Path) -> None:
    found = motion_energy(films["portrait"], width=32, workspace=tmp_path)
    assert (found.height, found.width) == (56, 32)  # 180x320 as shown: taller than wide


def test_the_film_is_never_changed(films: dict[str, Path], tmp_path: Path) -> None:
    before = fingerprint(films["square"])
    motion_energy(films["square"], workspace=tmp_path)
    motion_energy(films["square"], workspace=tmp_path)
    assert fingerprint(films["square"]) == before


# ------------------------------------------------------------------ the cache


def test_a_second_call_reads_the_cache_without_ffmpeg(
    films: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = motion_energy(films["square"], workspace=tmp_path)
    stored = cache_path(films["square"], workspace=tmp_path)
    assert stored.is_file() and stored.parent == tmp_path / "cache" / "motion"
    assert (tmp_path / "vigkit-workspace.json").is_file()  # a proper workspace

    def no_ffmpeg(*args: object, **kwargs: object) -> None:
        raise AssertionError("ffmpeg ran although the result was cached")

    monkeypatch.setattr(motion_module, "_decode", no_ffmpeg)
    second = motion_energy(films["square"], workspace=tmp_path)
    assert np.array_equal(first.energy, second.energy)
    assert np.array_equal(first.times, second.times)


def test_other_settings_and_a_changed_film_are_worked_out_again(
    films: dict[str, Path], tmp_path: Path
) -> None:
    film = tmp_path / "copy.mp4"
    film.write_bytes(films["square"].read_bytes())
    workspace = tmp_path / "work"
    motion_energy(film, workspace=workspace)
    wider = motion_energy(film, width=80, workspace=workspace)
    assert wider.width == 80
    old = cache_path(film, workspace=workspace)
    os.utime(film, ns=(film.stat().st_atime_ns, film.stat().st_mtime_ns + 10**9))
    assert cache_path(film, workspace=workspace) != old
    motion_energy(film, workspace=workspace)
    assert len(list((workspace / "cache" / "motion").glob("*.npz"))) == 3


def test_a_damaged_cache_file_is_worked_out_again_with_a_warning(
    films: dict[str, Path], tmp_path: Path
) -> None:
    good = motion_energy(films["square"], workspace=tmp_path)
    stored = cache_path(films["square"], workspace=tmp_path)
    for damage in (b"", b"not a numpy file", stored.read_bytes()[:200]):
        stored.write_bytes(damage)
        with pytest.warns(VigkitWarning, match="cannot be used"):
            again = motion_energy(films["square"], workspace=tmp_path)
        assert np.array_equal(again.energy, good.energy)
        with np.load(stored) as repaired:  # and the cache is whole again
            assert repaired["changes"].shape == good.energy.shape


def test_a_cache_of_the_wrong_shape_is_not_used(films: dict[str, Path], tmp_path: Path) -> None:
    good = motion_energy(films["square"], workspace=tmp_path)
    stored = cache_path(films["square"], workspace=tmp_path)
    with np.load(stored) as saved:
        key = saved["key"]
    np.savez(stored.with_suffix(".tmp.npz"), key=key, changes=np.zeros((3, 4, 5), np.uint8))
    os.replace(stored.with_suffix(".tmp.npz"), stored)
    with pytest.warns(VigkitWarning, match="shape"):
        again = motion_energy(films["square"], workspace=tmp_path)
    assert np.array_equal(again.energy, good.energy)


def test_without_cache_nothing_is_written(films: dict[str, Path], tmp_path: Path) -> None:
    motion_energy(films["still"], workspace=tmp_path / "work", cache=False)
    assert not (tmp_path / "work").exists()


def test_a_workspace_that_cannot_be_written_only_costs_speed(
    films: dict[str, Path], tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.warns(VigkitWarning, match="could not be saved"):
        found = motion_energy(films["still"], workspace=blocked)
    assert isinstance(found, MotionEnergy)


def test_the_default_workspace_is_the_kits(
    films: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGKIT_WORKSPACE", str(tmp_path / "default"))
    motion_energy(films["still"])
    assert list((tmp_path / "default" / "cache" / "motion").glob("still-*.npz"))


# ------------------------------------------------------------------ bad input


def test_bad_films_are_explained(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mp4"
    text.write_text("this is a shopping list, not a film\n" * 20)
    folder = tmp_path / "films"
    folder.mkdir()
    cases = {
        tmp_path / "missing.mp4": "check the path",
        folder: "folder, not a film",
        empty: "empty",
        text: "check that this is the film you meant",
    }
    for path, advice in cases.items():
        with pytest.raises(VigkitError) as caught:
            motion_energy(path, workspace=tmp_path / "work")
        message = str(caught.value)
        assert path.name in message and advice in message, message
    assert not (tmp_path / "work").exists()


def test_bad_settings_are_explained(films: dict[str, Path]) -> None:
    with pytest.raises(VigkitError, match="width"):
        motion_energy(films["still"], width=2)
    with pytest.raises(VigkitError, match="fps"):
        motion_energy(films["still"], fps=0)


# ------------------------------------------------------------------ the space-time view


def coding(coder: str, events: list[tuple[str, float, float | None]], role: str = "trainee",
           clip: str = "square") -> Coding:  # fmt: skip
    return Coding(
        [
            {"clip": clip, "coder": coder, "role": role, "code": code, "onset": on, "offset": off}
            for code, on, off in events
        ],
        duration=4.0,
    )


SUPERVISOR = coding(
    "S01", [(ENCOURAGING, 0.5, None), (ATTENTIVE, 1.0, 2.5), (GUIDING, 3.0, None)], "supervisor"
)
TRAINEE = coding("T07", [(ENCOURAGING, 0.8, None), ("receiving-initiatives", 3.2, None)])
OTHER = coding("T08", [(ATTENTIVE, 1.2, None)])


@pytest.fixture(scope="module")
def square_motion(films: dict[str, Path]) -> MotionEnergy:
    return motion_energy(films["square"], cache=False)


def test_a_comparison_gives_each_coder_a_shape_and_a_row(
    films: dict[str, Path], square_motion: MotionEnergy
) -> None:
    view = SpaceTimeView(films["square"], compare(TRAINEE, SUPERVISOR), motion=square_motion)
    assert view.coders == ("T07", "S01")
    assert view.markers == {"T07": MARKERS[0][0], "S01": MARKERS[1][0]}
    assert view.lanes == {"T07": 0, "S01": 1}
    scatters = {s.description: s for s in view.figure.scatters}
    assert {name: s.geo for name, s in scatters.items()} == view.markers
    trainee, supervisor = scatters["T07"], scatters["S01"]
    assert list(trainee.z) == pytest.approx([0.8, 3.2])
    assert list(supervisor.z) == pytest.approx([0.5, 1.0, 3.0])
    # Rows: every marker of a coder at one height, the top row above the bottom one, and
    # both above the block.
    assert len(set(trainee.y)) == 1 and len(set(supervisor.y)) == 1
    assert trainee.y[0] > supervisor.y[0] > view.block.aspect
    # Colours are the category colours (a comparison rolls behaviours up).
    scheme = SUPERVISOR.scheme
    expected = [scheme.colour_of(c) for c in (ENCOURAGING, ATTENTIVE, GUIDING)]
    got = ["#{:02X}{:02X}{:02X}".format(*(round(v * 255) for v in rgb)) for rgb in supervisor.color]
    assert got == expected
    assert view.figure.zlabel == "time (s)"
    assert view.figure.zlim == (0.0, pytest.approx(4.0, abs=0.1))


def test_the_legend_names_every_coder_code_and_shape(
    films: dict[str, Path], square_motion: MotionEnergy
) -> None:
    view = SpaceTimeView(films["square"], compare(TRAINEE, SUPERVISOR), motion=square_motion)
    legend = view.legend.value
    scheme = SUPERVISOR.scheme
    for code in (ENCOURAGING, ATTENTIVE, GUIDING, "receiving-initiatives"):
        assert scheme.label_of(code) in legend
        assert scheme.colour_of(code) in legend
    for name, (_, symbol, shape) in zip(("T07", "S01"), MARKERS, strict=False):
        assert name in legend and symbol in legend and shape in legend
    assert "top row" in legend and "just above the block" in legend
    texts = [child.value for child in view.widget.children if hasattr(child, "value")]
    assert any("Where the tags sit" in t for t in texts)
    assert any("Drag to turn" in t and "scroll to zoom" in t for t in texts)


def test_a_group_puts_the_reference_on_top(
    films: dict[str, Path], square_motion: MotionEnergy
) -> None:
    group = compare_many([TRAINEE, OTHER, SUPERVISOR], reference="S01")
    view = SpaceTimeView(films["square"], group, motion=square_motion)
    assert view.coders == ("S01", "T07", "T08")
    assert len(set(view.markers.values())) == 3
    assert sorted(view.lanes.values()) == [0, 1, 2]
    # A group made without its codings kept: the comparisons' codings are used.
    bare = dataclasses.replace(group, codings={})
    assert SpaceTimeView(films["square"], bare, motion=square_motion).coders == view.coders


def test_codings_and_lists_of_codings(films: dict[str, Path], square_motion: MotionEnergy) -> None:
    both = Coding.concat([TRAINEE, OTHER])
    assert SpaceTimeView(films["square"], both, motion=square_motion).coders == ("T07", "T08")
    view = SpaceTimeView(films["square"], [SUPERVISOR, TRAINEE], motion=square_motion)
    assert view.coders == ("S01", "T07")
    again = coding("T07", [(GUIDING, 2.0, None)])
    assert SpaceTimeView(films["square"], [TRAINEE, again], motion=square_motion).coders == (
        "T07",
        "T07 (2)",
    )
    single = SpaceTimeView(films["square"], OTHER, motion=square_motion)
    assert "the row above the block" in single.legend.value


def test_a_coder_without_tags_keeps_a_row(
    films: dict[str, Path], square_motion: MotionEnergy
) -> None:
    empty = Coding([], duration=4.0)
    view = SpaceTimeView(films["square"], [TRAINEE, empty], motion=square_motion)
    assert view.coders == ("T07",)  # an empty coding names nobody
    silent = compare(coding("T09", []), SUPERVISOR)
    view = SpaceTimeView(films["square"], silent, motion=square_motion)
    assert view.coders == ("coder", "S01")  # as the comparison names an empty coding
    assert [s.description for s in view.figure.scatters] == ["S01"]
    assert "no tags" in view.legend.value


def test_what_cannot_be_shown_is_explained(
    films: dict[str, Path], square_motion: MotionEnergy
) -> None:
    for wrong in ("codings.csv", [], [TRAINEE, "S01"], 42):
        with pytest.raises(VigkitError, match=r"comparison|coding"):
            SpaceTimeView(films["square"], wrong, motion=square_motion)  # type: ignore[arg-type]


def test_the_volume_stays_small(films: dict[str, Path], square_motion: MotionEnergy) -> None:
    view = SpaceTimeView(films["square"], compare(TRAINEE, SUPERVISOR), motion=square_motion)
    [volume] = view.figure.volumes
    assert volume.data.shape == view.block.data.shape
    assert volume.data.dtype == np.float32 and volume.data.max() == 1.0
    assert view.state_bytes() < 1_000_000

    long = MotionEnergy(
        source=films["square"], fps=10.0, duration=600.0,
        energy=np.random.default_rng(1).random((5999, 36, 64), dtype=np.float32),
        times=(np.arange(5999) + 0.5) / 10,
    )  # fmt: skip
    block = block_of(long)
    assert block.data.shape == (300, 18, 32)
    assert block.end == pytest.approx(600.0)
    big = SpaceTimeView(films["square"], compare(TRAINEE, SUPERVISOR), motion=long)
    assert big.state_bytes() < 3_000_000


def test_a_still_film_gives_an_empty_cloud(films: dict[str, Path], tmp_path: Path) -> None:
    still = motion_energy(films["still"], workspace=tmp_path)
    assert not block_of(still).data.any()


def test_without_ipyvolume_the_error_says_what_to_install(
    films: dict[str, Path], square_motion: MotionEnergy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ipyvolume", None)
    with pytest.raises(VigkitError, match="pip install ipyvolume ipython_genutils"):
        SpaceTimeView(films["square"], compare(TRAINEE, SUPERVISOR), motion=square_motion)


def test_importing_the_views_does_not_import_ipyvolume() -> None:
    code = (
        "import sys, vigkit.views as v; assert 'ipyvolume' not in sys.modules; "
        "v.motion_energy; assert 'ipyvolume' not in sys.modules; v.SpaceTimeView; "
        "assert 'ipyvolume' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
