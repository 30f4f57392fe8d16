"""The FacePicker, Python side: on a film made from real photographs (two faces) it finds
both faces, writes the still into the workspace (served by URL, never in the widget's
state), turns chosen faces into ``KeepFace`` at the still's time, and says so in words
when the still has no face."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from facefilms import Scene, make_face_film, two_scene
from PIL import Image

from vigkit.core.errors import VigkitError
from vigkit.media.facetrack import KeepFace, iou
from vigkit.widgets import FacePicker
from vigkit.widgets.facepicker import NO_FACES, summary

from films import consent_everything


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("root")


@pytest.fixture(scope="module")
def picker(root: Path) -> FacePicker:
    film = make_face_film(two_scene(), root / "films")
    consent_everything(film.path, root / "work")  # the picker's workspace has its own register
    return FacePicker(film.path, "0:01", workspace=root / "work", root=root)


def test_finds_both_faces_and_serves_the_still_from_the_workspace(
    picker: FacePicker, root: Path
) -> None:
    film = make_face_film(two_scene(), root / "again")  # the same scene: its true boxes
    truth = film.faces[25]
    assert len(picker.boxes) == 2
    for name in ("hopper", "astronaut"):
        assert max(iou(box, truth[name]) for box in picker.boxes) >= 0.4, (name, picker.boxes)
    assert (picker.width, picker.height) == (320, 240)
    still = picker.still
    assert still.is_file() and still.is_relative_to(root / "work" / "cache" / "faces")
    with Image.open(still) as picture:
        assert picture.size == (320, 240)
    assert picker.src == still.relative_to(root).as_posix()
    state = {k: v for k, v in picker.get_state().items() if k not in ("_esm", "_css")}
    text = json.dumps(state)
    assert "data:image" not in text and "base64" not in text
    assert len(text) < 2_000  # the still goes by URL, not as data
    assert not any(isinstance(v, (bytes, memoryview)) for v in state.values())
    assert picker.message == ""
    assert picker.summary == "Every face will be blurred. Click a face to keep it visible."


def test_toggling_a_face_keeps_it_at_the_still_time(picker: FacePicker) -> None:
    picker.kept = []
    assert picker.keep == []
    picker.toggle(2)
    assert picker.kept == [1]
    assert picker.keep == [KeepFace(1.0, picker.boxes[1])]
    assert picker.summary == "Face 2 will stay visible; the others are blurred."
    picker.kept = [1, 0, 7, -1]  # the browser's list, checked
    assert picker.kept == [0, 1]
    assert [k.box for k in picker.keep] == picker.boxes
    picker.toggle(1)
    picker.toggle(2)
    assert picker.keep == []
    with pytest.raises(VigkitError, match="there is no face 3; the faces are numbered 1 to 2"):
        picker.toggle(3)


def test_summary_words() -> None:
    assert summary([2, 0], 4) == "Faces 1 and 3 will stay visible; the others are blurred."
    assert summary([0, 1], 2) == "Every face will stay visible; none is blurred."
    assert summary([], 0) == NO_FACES


def test_a_still_without_faces_says_so(root: Path) -> None:
    empty = Scene("nobody", 25, (320, 240), camera=lambda t: (100, 100, 600), people=[])
    film = make_face_film(empty, root / "films")
    consent_everything(film.path, root / "work")
    picker = FacePicker(film.path, 0.5, workspace=root / "work", root=root)
    assert picker.boxes == [] and picker.keep == []
    assert picker.message == "No faces were found on this still; try another time."
    assert picker.still.is_file()


def test_a_workspace_the_server_cannot_serve_is_refused(root: Path, tmp_path: Path) -> None:
    film = root / "films" / "two.mp4"
    if not film.exists():
        consent_everything(make_face_film(two_scene(), root / "films").path, root / "work")
    with pytest.raises(VigkitError, match="outside the folder JupyterLab was started in"):
        FacePicker(film, 1.0, workspace=tmp_path / "elsewhere", root=root)
    with pytest.raises(VigkitError, match=r"two\.mp4"):
        FacePicker(film, "soon", workspace=root / "work", root=root)
