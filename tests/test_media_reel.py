"""Shared-review reels, rendered with the real ffmpeg from the test films: timing, picture,
captions, freeze-frames, sound, and clear errors before any work is done."""

from __future__ import annotations

import hashlib
import importlib
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from vigkit.coding.scheme import load_scheme
from vigkit.core.errors import MediaError
from vigkit.media.cards import TITLE_BACKGROUND, caption_band, title_card
from vigkit.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from vigkit.media.fonts import dejavu
from vigkit.media.moment import Moment
from vigkit.media.probe import probe
from vigkit.media.reel import principle_label, reel
from vigkit.media.text import wrap_text

from films import frame_number

reel_module = importlib.import_module(
    "vigkit.media.reel"
)  # the module, not the function of the same name

FPS = 25
TITLE = 3.0
HOLD = 0.5
WAITING = "encouraging-initiatives.waiting"
RECEIVING = "receiving-initiatives"
WORDS = "You waited and she looked up at you"


@dataclass(frozen=True)
class Rendered:
    path: Path
    calls: list[list[str]]
    seconds: float
    frames: np.ndarray  # every frame, grey, shrunk to 320x180: (count, 180, 320)


def moments(film_dir: Path) -> list[Moment]:
    return [
        Moment(film_dir / "landscape.mp4", 1.0, 2.0, caption=WORDS, code=WAITING),
        Moment(film_dir / "silent.mp4", 2.0, 3.0, code=RECEIVING),
        Moment(film_dir / "portrait.mp4", 0.5, 1.5),
    ]


@pytest.fixture(scope="module")
def rendered(film_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    """The review reel, made once: a title, three moments, each held half a second."""
    out = tmp_path_factory.mktemp("reel") / "review.mp4"
    calls: list[list[str]] = []

    def recording(args: Sequence[str | Path], **kwargs: Any) -> Any:
        calls.append([str(a) for a in args])
        return run_ffmpeg(args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reel_module, "run_ffmpeg", recording)
        started = time.perf_counter()
        result = reel(
            moments(film_dir), out, title="Our shared review\nMaya and Sam", hold_still=HOLD
        )
        seconds = time.perf_counter() - started
    assert result == out
    yield Rendered(out, calls, seconds, all_frames(out))


def all_frames(film: Path) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(film), "-vf", "scale=320:180"]
        + ["-pix_fmt", "gray", "-f", "rawvideo", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 180, 320)


def frame_at(film: Path, seconds: float, folder: Path) -> Image.Image:
    """One frame of ``film`` as RGB, taken the way a person would (seek, one frame)."""
    still = folder / f"frame-{seconds:.2f}.png"
    run_ffmpeg(
        ["-ss", f"{seconds:.3f}", "-i", film, "-frames:v", "1", still], action="take a still"
    )
    return Image.open(still).convert("RGB")


def landscape_number(picture: Image.Image) -> int:
    """Frame number of a landscape film filling the frame, read above the caption band."""
    width, height = picture.size
    return frame_number(picture.crop((0, 0, width, height // 2)))


def portrait_number(picture: Image.Image) -> int:
    """Frame number of the portrait film: its pillarboxed area, turned back upright."""
    width, height = picture.size
    film_width = round(height * 180 / 320)
    left = (width - film_width) // 2
    area = picture.crop((left + 2, 0, left + film_width - 2, height))
    return frame_number(area.rotate(-90, expand=True))  # the phone turned it 90° anticlockwise


def colour_pixels(picture: Image.Image, colour: str, box: tuple[int, int, int, int]) -> int:
    """How many pixels in ``box`` are close to ``colour`` (``#RRGGBB``)."""
    wanted = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(picture.crop(box), dtype=int)
    return int((np.abs(pixels - wanted).max(axis=2) <= 24).sum())


def mid_grey_share(picture: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of pixels neither near black nor near white (the test films are only those)."""
    grey = np.asarray(picture.convert("L").crop(box), dtype=int)
    return float(((grey > 40) & (grey < 215)).mean())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the reel as a whole --------------------------------------------------------------


def test_reel_is_one_browser_playable_hd_film_of_the_right_length(rendered: Rendered) -> None:
    info = probe(rendered.path)
    expected = TITLE + (1.0 + HOLD) * 3
    assert abs(info.duration - expected) <= 2 / FPS
    assert (info.width, info.height) == (1280, 720)
    assert info.fps == FPS
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert info.has_audio
    assert info.browser_playable
    assert abs(len(rendered.frames) / FPS - expected) <= 2 / FPS


def test_reel_is_made_by_one_ffmpeg_command_seeking_each_moment(rendered: Rendered) -> None:
    [args] = rendered.calls
    assert args.count("-filter_complex") == 1
    graph = args[args.index("-filter_complex") + 1]
    assert "concat=n=4:v=1:a=1" in graph
    assert "drawtext" not in graph
    for moment in ("landscape.mp4", "silent.mp4", "portrait.mp4"):
        at = next(i for i, a in enumerate(args) if a.endswith(moment))
        assert args[at - 1] == "-i" and "-ss" in args[at - 5 : at - 1]  # seeked on the input
    assert args[args.index("-c:v") + 1] == "libx264"
    assert "+faststart" in args


def test_reel_left_nothing_behind_but_itself(rendered: Rendered) -> None:
    assert [p.name for p in rendered.path.parent.iterdir()] == ["review.mp4"]


# --- the picture ----------------------------------------------------------------------


def test_title_card_opens_the_reel_on_a_calm_background(rendered: Rendered, tmp_path: Path) -> None:
    picture = frame_at(rendered.path, 1.5, tmp_path)
    pixels = np.asarray(picture, dtype=int)
    near_background = np.abs(pixels - np.array(TITLE_BACKGROUND)).max(axis=2) <= 10
    assert near_background.mean() > 0.9  # mostly the background; the rest is the title
    assert near_background.mean() < 1.0
    assert (rendered.frames[10 : int(TITLE * FPS) - 10] > 200).mean() > 0.9  # no film stripes


@pytest.mark.parametrize(
    ("reel_time", "source_frame", "reader"),
    [
        (3.5, 37.5, landscape_number),  # landscape 1.0-2.0 s: its middle, 1.5 s
        (5.0, 62.5, landscape_number),  # silent 2.0-3.0 s: its middle, 2.5 s
        (6.5, 25.0, portrait_number),  # portrait 0.5-1.5 s: its middle, 1.0 s
    ],
)
def test_each_moment_shows_the_right_part_of_its_film(
    rendered: Rendered, tmp_path: Path, reel_time: float, source_frame: float, reader: Any
) -> None:
    picture = frame_at(rendered.path, reel_time, tmp_path)
    assert abs(reader(picture) - source_frame) <= 1.5


def test_every_shown_frame_follows_its_film_in_order(rendered: Rendered) -> None:
    """Away from the fades, reel frame k of a moment shows source frame start + k."""
    starts = [(TITLE, 25, landscape_number), (TITLE + 1.5, 50, landscape_number)]
    starts.append((TITLE + 3.0, 13, portrait_number))  # 0.5 s is between frames 12 and 13
    for begins, first, reader in starts:
        at = round(begins * FPS)
        for offset in range(8, 23):
            picture = Image.fromarray(rendered.frames[at + offset])
            assert abs(reader(picture) - (first + offset)) <= 1


def test_hold_freezes_each_moments_last_frame(rendered: Rendered) -> None:
    for ends, last, reader in [
        (TITLE + 1.0, 49, landscape_number),
        (TITLE + 2.5, 74, landscape_number),
        (TITLE + 4.0, 37, portrait_number),
    ]:
        at = round(ends * FPS)
        numbers = {reader(Image.fromarray(rendered.frames[k])) for k in range(at - 1, at + 5)}
        assert numbers == {last}


def test_captions_show_the_principle_colour_and_only_where_given(
    rendered: Rendered, tmp_path: Path
) -> None:
    scheme = load_scheme()
    lower = (0, 560, 1280, 720)
    waiting = frame_at(rendered.path, 3.5, tmp_path)
    receiving = frame_at(rendered.path, 5.0, tmp_path)
    uncaptioned = frame_at(rendered.path, 6.5, tmp_path)
    assert colour_pixels(waiting, scheme.colour_of(WAITING), lower) > 300
    assert colour_pixels(receiving, scheme.colour_of(RECEIVING), lower) > 300
    assert colour_pixels(waiting, scheme.colour_of(RECEIVING), lower) == 0
    assert mid_grey_share(waiting, lower) > 0.1  # the band and its words
    assert mid_grey_share(uncaptioned, lower) < 0.02  # no band: pure stripes and black
    assert colour_pixels(waiting, scheme.colour_of(WAITING), (0, 0, 1280, 500)) == 0


# --- the sound ------------------------------------------------------------------------


def test_every_part_has_sound_of_its_own_length(rendered: Rendered) -> None:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(rendered.path), "-map", "0:a"]
        + ["-ac", "1", "-ar", "48000", "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    sound = np.frombuffer(raw, np.int16).astype(float)
    assert abs(len(sound) / 48000 - len(rendered.frames) / FPS) <= 2 / FPS

    def loudness(start: float, end: float) -> float:
        return float(np.sqrt(np.mean(sound[int(start * 48000) : int(end * 48000)] ** 2)))

    assert loudness(0.5, 2.5) < 50  # the title is silent
    assert loudness(3.3, 3.7) > 1000  # the landscape film's tone
    assert loudness(4.05, 4.4) < 50  # its freeze-frame is silent
    assert loudness(4.8, 5.2) < 50  # the silent film gets silence
    assert loudness(6.3, 6.7) > 1000  # the portrait film's tone


# --- other shapes of reel ---------------------------------------------------------------


def test_mixed_codecs_at_a_chosen_size_without_title_hold_or_fade(
    film_dir: Path, tmp_path: Path
) -> None:
    out = reel(
        [
            Moment(film_dir / "hevc.mov", 0.4, 0.8, caption="Smiling back"),
            Moment(film_dir / "vp9.webm", 1.0, 1.4, code="guiding.scaffolding"),
            Moment(film_dir / "landscape.mp4", 5.6, 6.0),  # up to the film's very end
        ],
        tmp_path / "small.mp4",
        size=(320, 180),
        fade=0,
    )
    info = probe(out)
    assert (info.width, info.height) == (320, 180)
    assert abs(info.duration - 1.2) <= 2 / FPS
    frames = all_frames(out)
    numbers = [landscape_number(Image.fromarray(frame)) for frame in frames]
    assert numbers == list(range(10, 20)) + list(range(25, 35)) + list(range(140, 150))


def test_portrait_films_only_make_a_portrait_reel(film_dir: Path, tmp_path: Path) -> None:
    out = reel(
        [Moment(film_dir / "portrait.mp4", 0, 0.4, caption="Face to face")], tmp_path / "p.mp4"
    )
    info = probe(out)
    assert (info.width, info.height) == (720, 1280)
    assert abs(info.duration - 0.4) <= 2 / FPS


# --- errors before any work ------------------------------------------------------------


def test_errors_are_clear_and_leave_the_films_untouched(film_dir: Path, tmp_path: Path) -> None:
    films = {name: digest(film_dir / name) for name in ("landscape.mp4", "silent.mp4")}
    good = Moment(film_dir / "landscape.mp4", 1, 2)
    out = tmp_path / "reel.mp4"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"moments": []}, "at least one moment"),
        ({"moments": [good, Moment(tmp_path / "missing.mp4", 0, 1)]}, "missing.mp4"),
        ({"moments": [Moment(film_dir / "corrupt.mp4", 0, 1)]}, "corrupt.mp4"),
        ({"moments": [good, Moment(film_dir / "silent.mp4", 5, 7)]}, "runs past the end"),
        (
            {"moments": [good, Moment(film_dir / "silent.mp4", 0, 1, code="guiding.scafolding")]},
            "moment 2 (silent.mp4 ",
        ),
        ({"out": film_dir / "landscape.mp4"}, "this is the source film"),
        ({"hold_still": -0.5}, "hold_still must be 0 or more"),
        ({"fade": -1}, "fade must be 0 or more"),
        ({"out": tmp_path / "reel.avi"}, "ending in .mp4"),
        ({"size": (641, 360)}, "size must be two even numbers"),
        ({"fps": 0}, "fps must be more than 0"),
    ]
    for change, message in cases:
        arguments: dict[str, Any] = {"moments": [good], "out": out, **change}
        with pytest.raises(MediaError) as caught:
            reel(**arguments)
        assert message in str(caught.value), str(caught.value)
    unknown = [good, Moment(film_dir / "silent.mp4", 0, 1, code="guiding.scafolding")]
    with pytest.raises(MediaError, match=r"did you mean 'guiding\.scaffolding'"):
        reel(unknown, out)
    assert {name: digest(film_dir / name) for name in films} == films
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_keeps_the_previous_reel(
    film_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "reel.mp4"
    out.write_bytes(b"the reel from last week")

    def failing(args: Sequence[str | Path], **kwargs: Any) -> Any:
        return run_ffmpeg([*list(args)[:-1], "-bad-option", args[-1]], **kwargs)

    monkeypatch.setattr(reel_module, "run_ffmpeg", failing)
    with pytest.raises(MediaError, match="could not make the reel"):
        reel([Moment(film_dir / "landscape.mp4", 0, 0.2)], out, size=(320, 180))
    assert out.read_bytes() == b"the reel from last week"
    assert [p.name for p in tmp_path.iterdir()] == ["reel.mp4"]


# --- cards ------------------------------------------------------------------------------


def test_principle_label_names_category_then_behaviour() -> None:
    scheme = load_scheme()
    assert principle_label(scheme, WAITING) == "Encouraging initiatives: Waiting"
    assert principle_label(scheme, RECEIVING) == "Receiving initiatives"


def test_wrap_text_fits_the_width_and_marks_what_was_cut() -> None:
    font = dejavu(20)
    text = "You waited and she looked up at you, then held out the red cup for you to see. " * 3
    lines = wrap_text(text, font, 300)
    assert len(lines) > 3 and all(font.getlength(line) <= 300 for line in lines)
    assert " ".join(lines) == " ".join(text.split())
    short = wrap_text(text, font, 300, max_lines=2)
    assert len(short) == 2 and short[-1].endswith("…")
    assert all(font.getlength(line) <= 40 for line in wrap_text("Supercalifragilistic", font, 40))


def test_caption_band_is_a_lower_third_that_scales_with_the_frame() -> None:
    assert caption_band((1280, 720)) is None
    assert caption_band((1280, 720), principle="  ", words="") is None
    landscape = caption_band((1280, 720), "Encouraging initiatives: Waiting", WORDS, "#56B4E9")
    portrait = caption_band((720, 1280), "Encouraging initiatives: Waiting", WORDS, "#56B4E9")
    small = caption_band((640, 360), "Encouraging initiatives: Waiting", WORDS, "#56B4E9")
    assert landscape is not None and portrait is not None and small is not None
    assert landscape.mode == "RGBA" and landscape.width == 1280
    assert 80 < landscape.height < 720 / 3
    assert portrait.height >= landscape.height  # narrower: the words may wrap
    assert abs(small.height - landscape.height / 2) <= 4
    words_only = caption_band((1280, 720), words=WORDS)
    assert words_only is not None and words_only.height < landscape.height
    assert title_card("Our review", (1280, 720)).size == (1280, 720)
