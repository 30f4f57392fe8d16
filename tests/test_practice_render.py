"""Practice films rendered from a storyboard with the real ffmpeg, checked by what is in them:
the pictures (bubbles, eyes, a prop held up), the sound, the files and their bytes."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vigkit.coding.table import Coding
from vigkit.core.errors import MediaError
from vigkit.media.ffmpeg import ffmpeg_exe
from vigkit.media.probe import probe
from vigkit.media.stills import stills
from vigkit.practice.audio import rms_db, soundtrack
from vigkit.practice.figures import SPEECH_FONT, Painter, background, prop_picture
from vigkit.practice.model import (
    PROP_KINDS,
    SETTINGS,
    Beat,
    Look,
    Participant,
    Prop,
    ReferenceCode,
    Storyboard,
)
from vigkit.practice.render import RenderedFilm, render
from vigkit.practice.scene import (
    FPS,
    Figure,
    Timeline,
    figure_layout,
    scene_at,
    speech_syllables,
)

from films import consent_everything

SPEECH = (1.5, 3.5)
HOLD_UP = (1.0, 3.0)
SMILE = (3.0, 5.0)
LOOK_AWAY = 4.0
CAPTION = (4.5, 6.0)


def person(pid: str, x: float, size: str, top: str, pitch: float) -> Participant:
    """Light hair and skin, so that pupils are the only dark things at eye level."""
    return Participant(
        id=pid,
        role="parent" if size == "adult" else "baby",
        name=pid.capitalize(),
        subject="adult" if size == "adult" else "child",
        look=Look(size=size, skin="#F1D3BC", hair="#D8B26E", top=top),  # type: ignore[arg-type]
        x=x,
        pitch=pitch,
    )


def tiny_board(
    beats: Sequence[Beat] | None = None, board_id: str = "tiny-floor-play"
) -> Storyboard:
    """Six seconds: Sam (left) and baby Ava (right) with blocks between them."""
    scripted = [
        Beat(at=0.5, until=None, action="gaze", who="ava", target="blocks"),
        Beat(at=HOLD_UP[0], until=HOLD_UP[1], action="hold-up", who="ava", prop="blocks"),
        Beat(
            at=SPEECH[0],
            until=SPEECH[1],
            action="speak",
            who="sam",
            text="Oh, a red one! You found the red one.",
            tone="warm",
        ),
        Beat(at=SMILE[0], until=SMILE[1], action="smile", who="ava"),
        Beat(at=LOOK_AWAY, until=None, action="gaze", who="sam", target="away"),
        Beat(at=CAPTION[0], until=CAPTION[1], action="caption", text="Sam looks away"),
    ]
    return Storyboard(
        id=board_id,
        title="Blocks on the floor",
        setting="home-floor",
        duration=6.0,
        description="Sam and baby Ava play with blocks.",
        participants=(
            person("sam", 0.3, "adult", "#0072B2", 200.0),
            person("ava", 0.7, "baby", "#009E73", 330.0),
        ),
        props=(Prop(id="blocks", kind="blocks", colour="#D55E00", x=0.5),),
        beats=tuple(scripted if beats is None else beats),
        codes=(
            ReferenceCode("being-attentive", 0.0, 1.5, subject="adult"),
            ReferenceCode("developing-attuned-interactions", 1.0, 3.0, subject="child"),
            ReferenceCode("receiving-initiatives.receiving-with-words", 1.5, 3.5, subject="adult"),
        ),
        thumbnail_at=2.0,
    )


@pytest.fixture(scope="module")
def board() -> Storyboard:
    return tiny_board()


@pytest.fixture(scope="module")
def film(board: Storyboard, tmp_path_factory: pytest.TempPathFactory) -> RenderedFilm:
    made = render(board, tmp_path_factory.mktemp("practice"))
    consent_everything(made.video)  # rendered outside the course's practice folder
    return made


def still(film: RenderedFilm, t: float, folder: Path) -> np.ndarray:
    """The film's frame at ``t`` as an RGB array (decoded from the MP4)."""
    (path,) = stills(film.video, [t], folder)
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int32)


def layout(board: Storyboard, who: str) -> Figure:
    return figure_layout(board.setting, board.participant(who))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- scene: pure functions ----------------------------------------------------------------


def test_gaze_starts_on_the_nearest_person_and_lasts_until_the_next_gaze(
    board: Storyboard,
) -> None:
    assert scene_at(board, 0.0).pose("sam").look_at == "ava"
    assert scene_at(board, 0.0).pose("ava").look_at == "sam"
    for t in (0.5, 2.0, 5.9):  # Ava's one gaze beat lasts to the end
        assert scene_at(board, t).pose("ava").look_at == "blocks"
    before, after = scene_at(board, 3.9).pose("sam"), scene_at(board, LOOK_AWAY).pose("sam")
    assert before.look_at == "ava" and before.look[0] > 0.5  # Ava is to the right
    assert after.look_at == "away" and after.look[0] < -0.5  # away from her: to the left
    assert scene_at(board, 5.9).pose("sam").look_at == "away"


def test_gaze_with_until_returns_to_the_nearest_person(board: Storyboard) -> None:
    short = tiny_board([Beat(at=1.0, until=2.0, action="gaze", who="sam", target="up")])
    assert [scene_at(short, t).pose("sam").look_at for t in (0.9, 1.0, 1.99, 2.0)] == [
        "ava",
        "up",
        "up",
        "ava",
    ]
    assert scene_at(short, 1.5).pose("sam").look[1] < -0.5  # up is up the picture


def test_turns_ease_persist_and_turn_the_back(board: Storyboard) -> None:
    beats = [
        Beat(at=1.0, until=None, action="turn", who="sam", target="camera"),
        Beat(at=3.0, until=None, action="turn", who="sam", target="ava", away=True),
    ]
    turning = tiny_board(beats)
    body = [scene_at(turning, t).pose("sam").body for t in (0.0, 1.0, 1.25, 1.6, 2.9)]
    assert body[0] > 30  # towards Ava (right) before any turn
    assert body[0] >= body[1] > body[2] > body[3] == body[4] == 0  # eases to the camera
    away = scene_at(turning, 5.0).pose("sam")
    assert away.body < -90 and away.away  # back turned, facing away from Ava (left)
    assert away.look_at == "ahead"  # not told where to look: where the body faces
    assert scene_at(board, 5.0).pose("ava").body < 0  # Ava faces Sam, to her left


def test_actions_last_from_at_to_until(board: Storyboard) -> None:
    def during(attribute: str, who: str, times: Sequence[float]) -> list[object]:
        return [getattr(scene_at(board, t).pose(who), attribute) for t in times]

    assert during("smiling", "ava", (2.99, 3.0, 4.99, 5.0)) == [False, True, True, False]
    assert during("speaking", "sam", (1.49, 1.5, 3.49, 3.5)) == [False, True, True, False]
    assert during("gesture", "ava", (0.99, 1.0, 2.99, 3.0)) == [
        "rest",
        "hold-up",
        "hold-up",
        "rest",
    ]
    assert [scene_at(board, t).prop("blocks").holder for t in (0.5, 2.0, 3.5)] == [
        None,
        "ava",
        None,
    ]
    assert [scene_at(board, t).caption for t in (4.49, 4.5, 5.99)] == [
        None,
        "Sam looks away",
        "Sam looks away",
    ]
    mouth = {scene_at(board, i / FPS).pose("sam").mouth_open for i in range(40, 85)}
    assert mouth == {True, False}  # the mouth opens and closes while speaking
    assert not any(scene_at(board, i / FPS).pose("sam").mouth_open for i in range(0, 37))


def test_waiting_is_still_and_idle_figures_sway(board: Storyboard) -> None:
    waiting = tiny_board([Beat(at=1.0, until=5.0, action="wait", who="sam")])
    swaying = {scene_at(waiting, i / FPS).pose("sam").sway for i in range(0, 25)}
    still_ = {scene_at(waiting, i / FPS).pose("sam").sway for i in range(25, 125)}
    assert len(swaying) > 1 and still_ == {0}
    assert all(scene_at(waiting, i / FPS).pose("sam").waiting for i in range(25, 125))


def test_scenes_are_deterministic(board: Storyboard) -> None:
    assert [Timeline(board).at(i / FPS) for i in range(150)] == [
        scene_at(board, i / FPS) for i in range(150)
    ]


def test_someone_alone_faces_the_camera(board: Storyboard) -> None:
    alone = replace(board, participants=board.participants[:1], beats=())
    pose = scene_at(alone, 1.0).pose("sam")
    assert (pose.look_at, pose.look, pose.body) == ("camera", (0.0, 0.0), 0)


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_and_prop_kind_is_drawn(board: Storyboard, setting: str) -> None:
    props = tuple(
        Prop(id=kind, kind=kind, colour="#D55E00", x=0.06 + 0.11 * i)
        for i, kind in enumerate(PROP_KINDS)
    )
    painter = Painter(replace(board, setting=setting, props=props))  # type: ignore[arg-type]
    frame = np.asarray(painter.paint(painter.scene(2.0)))
    assert frame.shape == (360, 640, 3)
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) > 200  # a picture, not a blank


def test_settings_and_props_look_different() -> None:
    rooms = {tuple(np.asarray(background(s)).mean(axis=(0, 1)).round(1)) for s in SETTINGS}
    assert len(rooms) == len(SETTINGS)
    pictures = {prop_picture(kind, "#D55E00").tobytes() for kind in PROP_KINDS}
    assert len(pictures) == len(PROP_KINDS)


def test_syllables_come_at_a_speaking_rate() -> None:
    text = "Oh, a red one! You found the red one."
    syllables = speech_syllables(text, 10.0, 10.0 + 0.4 + 0.06 * len(text))
    assert len(syllables) == 9
    spread = syllables[-1].offset - syllables[0].onset
    assert 3.0 < len(syllables) / spread < 6.0
    assert all(10.0 <= s.onset < s.offset <= 12.62 for s in syllables)


# --- the rendered film --------------------------------------------------------------------


def test_film_is_small_h264_aac_at_640x360_25fps(film: RenderedFilm, board: Storyboard) -> None:
    info = probe(film.video)
    assert (info.width, info.height, info.fps) == (640, 360, 25.0)
    assert (info.video_codec, info.pixel_format, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert abs(info.duration - board.duration) <= 0.1
    assert info.browser_playable
    assert info.size_bytes < 400_000
    assert film.video.name == "tiny-floor-play.mp4"
    assert film.seconds_taken > 0


def test_film_starts_fast_index_before_data(film: RenderedFilm) -> None:
    data = film.video.read_bytes()
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        boxes.append(data[offset + 4 : offset + 8].decode("latin-1"))
        if size < 8:
            break
        offset += size
    assert boxes.index("moov") < boxes.index("mdat")


def bubble_pixels(frame: np.ndarray, figure: Figure) -> int:
    """White pixels in the space above a head, where a speech bubble goes."""
    x0, x1 = int(figure.x - 110), int(figure.x + 110)
    region = frame[0 : int(figure.head_y - figure.head_r - 4), max(x0, 0) : x1]
    return int(np.all(region > 245, axis=2).sum())


def test_speech_bubble_shows_only_while_speaking(
    film: RenderedFilm, board: Storyboard, tmp_path: Path
) -> None:
    sam, ava = layout(board, "sam"), layout(board, "ava")
    speaking = still(film, 2.5, tmp_path)
    assert bubble_pixels(speaking, sam) > 1500
    assert bubble_pixels(speaking, ava) < bubble_pixels(speaking, sam) / 4  # over Sam
    for t in (0.8, 4.2):
        assert bubble_pixels(still(film, t, tmp_path), sam) < 30


def pupil_centre(frame: np.ndarray, figure: Figure) -> tuple[float, float]:
    """Where the dark pupil pixels are at eye level (frame x), and where they sit inside
    the eyes (-1 left .. 1 right, from the eye whites around them)."""
    r = figure.head_r
    top, bottom = int(figure.head_y - 0.3 * r), int(figure.head_y + 0.35 * r)
    left = int(figure.x - 1.2 * r)
    band = frame[top:bottom, left : int(figure.x + 1.2 * r)]
    luma = band @ np.array([0.299, 0.587, 0.114])
    dark = np.argwhere(luma < 70)
    white = np.argwhere(np.all(band > 215, axis=2))
    assert len(dark) > 6 and len(white) > 6, "the eyes should be visible"
    dark_x = float(dark[:, 1].mean())
    inside = (dark_x - float(white[:, 1].mean())) / (0.2 * r)
    return left + dark_x, inside


def test_pupils_look_towards_the_gaze_target(
    film: RenderedFilm, board: Storyboard, tmp_path: Path
) -> None:
    sam = layout(board, "sam")
    for t in (3.6, 4.8):
        assert not scene_at(board, t).pose("sam").blink
    at_ava_x, at_ava_inside = pupil_centre(still(film, 3.6, tmp_path), sam)
    away_x, away_inside = pupil_centre(still(film, 4.8, tmp_path), sam)
    assert at_ava_x - away_x > 6  # the eyes (and head) go from right to left
    assert at_ava_inside > 0.2 > -0.2 > away_inside  # the pupils move within the eyes


def test_prop_is_held_up_only_during_hold_up(
    film: RenderedFilm, board: Storyboard, tmp_path: Path
) -> None:
    held = scene_at(board, 2.0).prop("blocks").centre
    resting = scene_at(board, 0.5).prop("blocks").centre
    assert held[1] < resting[1] - 40  # raised well above the floor

    def orange_near(frame: np.ndarray, centre: tuple[int, int]) -> int:
        x, y = centre
        patch = frame[y - 16 : y + 16, x - 20 : x + 20]
        r, g, b = patch[..., 0], patch[..., 1], patch[..., 2]
        return int(((r > 170) & (g > 60) & (g < 130) & (b < 60)).sum())

    holding, before = still(film, 2.0, tmp_path), still(film, 0.5, tmp_path)
    assert orange_near(holding, held) > 20 and orange_near(holding, resting) < 5
    assert orange_near(before, resting) > 20 and orange_near(before, held) < 5


def test_caption_band_at_the_foot_of_the_frame(film: RenderedFilm, tmp_path: Path) -> None:
    def dark_rows(frame: np.ndarray) -> int:
        foot = frame[320:360].mean(axis=(1, 2))
        return int((foot < 60).sum())

    assert dark_rows(still(film, 5.0, tmp_path)) > 20
    assert dark_rows(still(film, 3.0, tmp_path)) == 0


def decoded_sound(video: Path, rate: int = 48_000) -> np.ndarray:
    """The film's sound decoded from AAC to mono floats."""
    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-map", "0:a:0", "-ac", "1"]
        + ["-ar", str(rate), "-f", "f32le", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(result.stdout, dtype="<f4").astype(np.float64)


def test_voice_sounds_only_during_speech(film: RenderedFilm, board: Storyboard) -> None:
    sound = decoded_sound(film.video)
    assert abs(len(sound) / 48_000 - board.duration) < 0.1

    def rms(start: float, end: float) -> float:
        part = sound[int(start * 48_000) : int(end * 48_000)]
        return float(np.sqrt(np.mean(part**2)))

    speech = rms(SPEECH[0] + 0.1, SPEECH[1] - 0.2)
    quiet = max(rms(0.1, SPEECH[0] - 0.1), rms(SPEECH[1] + 0.1, board.duration - 0.1))
    assert speech > 10 * quiet
    assert quiet > 0  # a room tone, not digital silence
    assert -30 < 20 * np.log10(speech) < -6


def test_tones_differ_in_loudness_and_the_track_is_deterministic(board: Storyboard) -> None:
    def loudness(tone: str) -> float:
        beat = Beat(at=1.0, until=3.0, action="speak", who="sam", text="Look at that.", tone=tone)  # type: ignore[arg-type]
        track = soundtrack(tiny_board([beat]))
        return rms_db(track[48_000:144_000])

    assert loudness("sharp") > loudness("warm") + 2 > loudness("flat") + 2
    assert np.array_equal(soundtrack(board), soundtrack(board))


def test_same_storyboard_gives_the_same_bytes(
    film: RenderedFilm, board: Storyboard, tmp_path: Path
) -> None:
    again = render(board, tmp_path / "again")
    for first, second in zip(
        (film.video, film.reference, film.thumbnail),
        (again.video, again.reference, again.thumbnail),
        strict=True,
    ):
        assert sha(first) == sha(second), first.name


def test_reference_coding_reads_back(film: RenderedFilm, board: Storyboard) -> None:
    coding = Coding.read_csv(film.reference)
    events = coding.events
    assert len(coding) == len(board.codes)
    assert set(events["code"]) == {c.code for c in board.codes}
    assert set(events["clip"]) == {board.id}
    assert coding.coders == ("reference",)
    assert sorted(zip(events["onset"], events["offset"], strict=True)) == sorted(
        (c.onset, c.offset) for c in board.codes
    )


def test_thumbnail_is_the_frame_at_its_time(film: RenderedFilm, board: Storyboard) -> None:
    with Image.open(film.thumbnail) as picture:
        assert picture.format == "JPEG" and picture.size == (320, 180)
        thumb = np.asarray(picture.convert("RGB"), dtype=np.int32)
    painter = Painter(board)
    frame = painter.paint(painter.scene(board.thumbnail_at)).resize((320, 180))
    assert np.abs(thumb - np.asarray(frame, dtype=np.int32)).mean() < 3


def test_speech_is_large_enough_to_read() -> None:
    assert SPEECH_FONT >= 16


# --- failures leave nothing behind --------------------------------------------------------


def test_a_folder_in_the_way_stops_the_render_before_anything_is_written(
    board: Storyboard, tmp_path: Path
) -> None:
    (tmp_path / f"{board.id}.reference.csv").mkdir()
    with pytest.raises(MediaError, match="folder has this name"):
        render(board, tmp_path)
    assert os.listdir(tmp_path) == [f"{board.id}.reference.csv"]


def test_failing_ffmpeg_leaves_no_partial_file(
    board: Storyboard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken-ffmpeg"
    broken.write_text("#!/bin/sh\necho 'Conversion failed: disk full' >&2\nexit 1\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(broken))
    out = tmp_path / "out"
    with pytest.raises(MediaError, match=r"tiny-floor-play.*disk full"):
        render(board, out)
    assert os.listdir(out) == []


def test_previous_film_survives_a_failed_render(
    film: RenderedFilm, board: Storyboard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = render(board, out)
    before = {p.name: sha(p) for p in (first.video, first.reference, first.thumbnail)}
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", "/bin/false")
    with pytest.raises(MediaError):
        render(board, out)
    assert {p.name: sha(p) for p in out.iterdir()} == before


def test_output_that_is_a_file_is_a_clear_error(board: Storyboard, tmp_path: Path) -> None:
    (tmp_path / "film").write_text("not a folder")
    with pytest.raises(MediaError, match="cannot make this folder"):
        render(board, tmp_path / "film")
