"""The RegionPicker, Python side: the still goes into the workspace (served by URL, never in
the widget's state), the halves stand in until both boxes are drawn, boxes and names from
the browser are checked, and ``find_moments`` takes the picker's plain tuples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from vigkit.core.coursedir import practice_dir
from vigkit.core.errors import VigkitError
from vigkit.moments import find_moments
from vigkit.moments.finder import MIN_SIDE, checked_regions
from vigkit.moments.segments import HALVES, Region
from vigkit.widgets import RegionPicker
from vigkit.widgets.regionpicker import MIN_SIDE as PICKER_MIN_SIDE
from vigkit.widgets.regionpicker import _browser_box, checked_box, summary

FILM = practice_dir() / "toddler-blocks.mp4"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("root")


@pytest.fixture
def picker(root: Path) -> RegionPicker:
    return RegionPicker(FILM, "0:12", names=("Kwame", "Maya"), workspace=root / "work", root=root)


def test_the_still_is_served_from_the_workspace_and_the_halves_stand_in(
    picker: RegionPicker, root: Path
) -> None:
    still = picker.still
    assert still.is_file() and still.is_relative_to(root / "work" / "cache" / "regions")
    with Image.open(still) as picture:
        assert picture.size == (640, 360)
    assert picker.src == still.relative_to(root).as_posix()
    assert (picker.width, picker.height) == (640, 360)
    state = {k: v for k, v in picker.get_state().items() if k not in ("_esm", "_css")}
    text = json.dumps(state)
    assert "data:image" not in text and "base64" not in text and len(text) < 2_000
    assert not picker.drawn
    assert picker.regions == (
        ("Kwame", (0.0, 0.0, 0.5, 1.0)),
        ("Maya", (0.5, 0.0, 1.0, 1.0)),
    )
    assert picker.summary == (
        "Drag a box around person 1 (Kwame), then around person 2 (Maya). "
        "Until both are drawn, the left and right halves of the picture are used."
    )
    plain = RegionPicker(FILM, 12, workspace=root / "work", root=root)
    assert [name for name, _ in plain.regions] == ["the left", "the right"]
    assert plain.still == still  # the same still, taken once


def test_drawing_both_boxes_gives_the_regions(picker: RegionPicker) -> None:
    picker.draw(2, (0.55, 0.1, 0.95, 0.9))
    assert not picker.drawn and picker.regions[1][1] == (0.5, 0.0, 1.0, 1.0)
    assert picker.summary.startswith("Now drag a box around person 1 (Kwame). Until both")
    picker.draw(1, [0.05, 0.2, 0.4, 1])
    assert picker.drawn
    assert picker.regions == (("Kwame", (0.05, 0.2, 0.4, 1.0)), ("Maya", (0.55, 0.1, 0.95, 0.9)))
    assert picker.summary == "Movement will be looked at in the two boxes: Kwame and Maya."
    picker.clear(1)
    assert not picker.drawn and picker.boxes[0] == []
    picker.clear()
    assert picker.boxes == [[], []]


def test_what_the_browser_sends_is_checked(picker: RegionPicker) -> None:
    # drawn from bottom right to top left, and beyond the picture: put right, kept inside
    picker.boxes = [[0.6, 1.2, -0.1, 0.3], [0.5, 0.5, 0.52, 0.9], [0, 0, 1, 1]]
    assert picker.boxes == [[0.0, 0.3, 0.6, 1.0], []]  # a sliver is no box; two at most
    picker.names = ["  Ama ", ""]
    assert picker.names == ["Ama", "Maya"]  # a name left empty is the one given
    assert picker.regions[0][0] == "Ama"


@given(st.lists(st.floats(-2, 2, allow_nan=False), min_size=4, max_size=4))
def test_a_box_from_the_browser_is_inside_the_picture_or_none(numbers: list[float]) -> None:
    box = _browser_box(numbers)
    if box:
        left, top, right, bottom = box
        assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
        assert checked_box(box, "x") == tuple(box)  # what Python keeps, the finder takes
    else:
        clamped = [min(1, max(0, v)) for v in numbers]
        assert min(abs(clamped[2] - clamped[0]), abs(clamped[3] - clamped[1])) < MIN_SIDE + 1e-4


def test_bad_boxes_and_names_are_refused_in_words(picker: RegionPicker, root: Path) -> None:
    with pytest.raises(VigkitError, match="the people are numbered 1 and 2, not 3"):
        picker.draw(3, (0, 0, 0.5, 1))
    with pytest.raises(VigkitError, match=r"person 1 \(Kwame\).*outside the picture"):
        picker.draw(1, (0, 0, 1.5, 1))
    with pytest.raises(VigkitError, match="wrong way round"):
        checked_box((0.6, 0, 0.4, 1), "x")
    with pytest.raises(VigkitError, match="too small"):
        checked_box((0.1, 0.1, 0.12, 0.9), "x")
    with pytest.raises(VigkitError, match="names must be two words"):
        RegionPicker(FILM, 1, names=("Kwame",), workspace=root / "work", root=root)
    with pytest.raises(VigkitError, match=r"toddler-blocks\.mp4"):
        RegionPicker(FILM, "soon", workspace=root / "work", root=root)
    with pytest.raises(VigkitError, match="outside the folder JupyterLab was started in"):
        RegionPicker(FILM, 1, workspace=root.parent / "elsewhere", root=root)


def test_summary_words() -> None:
    assert summary([True, False], ["a", "b"]).startswith("Now drag a box around person 2 (b).")
    assert PICKER_MIN_SIDE == MIN_SIDE  # the picker and the finder agree what is too small


def test_the_finder_takes_plain_tuples_and_names_a_bad_region(tmp_path: Path) -> None:
    boxes = (("Kwame", (0.0, 0.1, 0.45, 1.0)), ("Maya", [0.5, 0.0, 1.0, 0.9]))
    assert checked_regions(boxes) == (
        Region("Kwame", (0.0, 0.1, 0.45, 1.0)),
        Region("Maya", (0.5, 0.0, 1.0, 0.9)),
    )
    assert checked_regions(None) == HALVES and checked_regions(HALVES) == HALVES
    for bad, words in [
        ((("Maya", (0.5, 0, 1.2, 1)), HALVES[0]), "region 'Maya': .*outside the picture"),
        ((HALVES[0], ("Maya", (0.9, 0, 0.5, 1))), "region 'Maya': .*wrong way round"),
        ((HALVES[0], ("Maya", (0.5, 0, 0.51, 1))), "region 'Maya': .*too small"),
        ((HALVES[0], ("Maya", "left")), "region 'Maya': its box must be four"),
        ((HALVES[0], ("", (0, 0, 1, 1))), "region 2 needs a name"),
        ((HALVES[0],), "1 were given"),
        ((HALVES[0], 7), "region 2 must be Region"),
    ]:
        with pytest.raises(VigkitError, match=words):
            find_moments(FILM, regions=bad, workspace=tmp_path, show_bar=False)
    plain = find_moments(FILM, regions=boxes, workspace=tmp_path, show_bar=False)
    assert "Looked at movement where Kwame and Maya are in the picture" in " ".join(
        plain.attrs["looked_at"]
    )
    same = find_moments(FILM, regions=checked_regions(boxes), workspace=tmp_path, show_bar=False)
    assert plain.equals(same)
