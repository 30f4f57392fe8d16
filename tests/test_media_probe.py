"""probe: what a film is, read from ffmpeg's header summary (no ffprobe needed)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vigkit.core.errors import MediaError
from vigkit.media import Moment, probe
from vigkit.media.ffmpeg import check_output, ffmpeg_exe

from films import make_film


def test_probe_reads_a_phone_style_mp4(film_dir: Path) -> None:
    info = probe(film_dir / "landscape.mp4")
    assert abs(info.duration - 6.0) <= info.frame_duration
    assert (info.width, info.height, info.fps, info.rotation) == (320, 180, 25.0, 0)
    assert (info.video_codec, info.pixel_format, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert info.has_audio and not info.portrait
    assert info.size_bytes == (film_dir / "landscape.mp4").stat().st_size
    assert info.browser_playable


def test_portrait_phone_film_reports_its_displayed_size(film_dir: Path) -> None:
    info = probe(film_dir / "portrait.mp4")
    assert info.rotation in (90, 270)
    assert (info.width, info.height) == (180, 320) and info.portrait


@pytest.mark.parametrize(
    ("name", "playable", "codec", "audio"),
    [
        ("hevc.mov", False, "hevc", "aac"),  # iPhone default: needs a proxy
        ("vp9.webm", True, "vp9", "opus"),
        ("silent.mp4", True, "h264", None),
    ],
)
def test_browser_playability(
    film_dir: Path, name: str, playable: bool, codec: str, audio: str | None
) -> None:
    info = probe(film_dir / name)
    assert (info.browser_playable, info.video_codec, info.audio_codec) == (playable, codec, audio)
    assert info.has_audio == (audio is not None)


def test_h264_in_a_mov_or_with_4_4_4_colour_needs_a_proxy(tmp_path: Path) -> None:
    mov = make_film(tmp_path / "camera.mov", seconds=1)
    assert probe(mov).video_codec == "h264" and not probe(mov).browser_playable
    from vigkit.media.ffmpeg import run_ffmpeg

    full_colour = tmp_path / "yuv444.mp4"
    run_ffmpeg(
        ["-i", mov, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", full_colour],
        action="re-encode",
    )
    info = probe(full_colour)
    assert info.pixel_format == "yuv444p" and not info.browser_playable


def test_probe_is_quick_because_it_decodes_nothing(film_dir: Path) -> None:
    start = time.perf_counter()
    for _ in range(5):
        probe(film_dir / "landscape.mp4")
    assert (time.perf_counter() - start) / 5 < 0.5


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.mp4", "does not exist"),
        (lambda d: d, "is a folder"),
        (lambda d: d / "corrupt.mp4", "not a film the kit can read"),
    ],
)
def test_bad_films_give_a_clear_error(film_dir: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MediaError, match=message):
        probe(make(film_dir))


def test_a_text_file_and_an_audio_only_file_are_not_films(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a film")
    with pytest.raises(MediaError, match=r"notes\.mp4: this is not a film"):
        probe(text)
    from vigkit.media.ffmpeg import run_ffmpeg

    sound = tmp_path / "voice.m4a"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=duration=1", sound], action="make a sound file")
    with pytest.raises(MediaError, match="no picture"):
        probe(sound)


def test_a_film_of_zero_length_is_refused(tmp_path: Path) -> None:
    from vigkit.core.errors import MediaError as Error
    from vigkit.media.probe import parse_probe

    summary = (
        "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'empty.mp4':\n"
        "  Duration: 00:00:00.00, start: 0.000000, bitrate: N/A\n"
        "  Stream #0:0[0x1](und): Video: h264 (High), yuv420p(progressive), 320x180, 25 fps\n"
    )
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(Error, match="no length"):
        parse_probe(summary, empty)


def test_a_real_film_with_no_frames_is_refused(tmp_path: Path) -> None:
    from vigkit.media.ffmpeg import run_ffmpeg

    empty = tmp_path / "no-frames.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", "color=s=320x180:d=1", "-frames:v", "0", empty],
        action="make an empty film",
    )
    with pytest.raises(MediaError, match=r"no-frames\.mp4: this file has no picture"):
        probe(empty)


def test_imageio_ffmpeg_exe_is_honoured(monkeypatch: pytest.MonkeyPatch, film_dir: Path) -> None:
    real = ffmpeg_exe()
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", "/nonexistent/ffmpeg")
    with pytest.raises(MediaError, match="ffmpeg is not at /nonexistent/ffmpeg"):
        probe(film_dir / "landscape.mp4")
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", real)
    assert probe(film_dir / "landscape.mp4").duration > 0


def test_moments_check_their_times() -> None:
    with pytest.raises(MediaError, match="must end after it starts"):
        Moment("a.mp4", 5, 5)
    with pytest.raises(MediaError, match="starts before the film"):
        Moment("a.mp4", -1, 2)
    with pytest.raises(MediaError, match="not a time"):
        Moment("a.mp4", "soon", 2)
    moment = Moment("a.mp4", "0:01.5", "0:03", caption="waits", code="guiding")
    assert (moment.start, moment.end, moment.duration) == (1.5, 3.0, 1.5)


def test_a_moment_past_the_end_of_the_film_is_refused(film_dir: Path) -> None:
    info = probe(film_dir / "landscape.mp4")
    Moment(info.path, 5, 6).check_within(info)
    with pytest.raises(MediaError, match="runs past the end of the film"):
        Moment(info.path, 5, 9).check_within(info)


def test_outputs_never_replace_the_source_and_need_a_writable_folder(
    film_dir: Path, tmp_path: Path
) -> None:
    source = film_dir / "landscape.mp4"
    with pytest.raises(MediaError, match="this is the source film"):
        check_output(Path(os.path.relpath(source)), [source])
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(MediaError, match="cannot make this folder"):
        check_output(blocker / "sub" / "out.mp4", [source])
