"""Proxies: films browsers cannot play become small H.264/AAC MP4s; playable ones are kept."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.media.probe import probe
from vigkit.media.proxy import proxy

from films import frame_number, make_film


@pytest.fixture(scope="module")
def extra_films(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``hd.mov`` (1280x720, 1 s) and ``portrait.mov`` (a phone's rotation tag), both
    H.264 in QuickTime, which browsers are not trusted to play."""
    folder = tmp_path_factory.mktemp("proxy-films")
    make_film(folder / "hd.mov", size=(1280, 720), seconds=1)
    make_film(folder / "portrait.mov", rotation=90, seconds=2)
    return folder


def top_level_boxes(path: Path) -> list[str]:
    """The types of an MP4's top-level boxes, in file order."""
    data = path.read_bytes()
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        boxes.append(kind.decode("latin-1"))
        offset += size
    return boxes


def first_frame(film: Path, still: Path, at: float = 0.0) -> Image.Image:
    """The frame shown at ``at`` seconds (ffmpeg turns rotated films upright)."""
    run_ffmpeg(["-ss", str(at), "-i", film, "-frames:v", "1", still], action="take a test still")
    return Image.open(still)


def test_hevc_mov_becomes_playable_faststart_mp4(film_dir: Path, tmp_path: Path) -> None:
    source = film_dir / "hevc.mov"
    assert not probe(source).browser_playable
    out = proxy(source, tmp_path / "hevc.mp4")
    assert out == tmp_path / "hevc.mp4"
    info = probe(out)
    assert (info.video_codec, info.pixel_format, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert "mp4" in info.container
    assert info.browser_playable
    assert (info.width, info.height, info.fps) == (320, 180, 25.0)
    assert abs(info.duration - probe(source).duration) <= info.frame_duration
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat"), boxes
    assert frame_number(first_frame(out, tmp_path / "first.png")) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_scaled_down_to_max_height(extra_films: Path, tmp_path: Path) -> None:
    info = probe(proxy(extra_films / "hd.mov", tmp_path / "hd.mp4", max_height=360))
    assert (info.width, info.height, info.fps) == (640, 360, 25.0)


def test_never_scaled_up(film_dir: Path, tmp_path: Path) -> None:
    info = probe(proxy(film_dir / "hevc.mov", tmp_path / "small.mp4", max_height=1080))
    assert (info.width, info.height) == (320, 180)


def test_portrait_keeps_its_orientation_without_rotation_tag(
    extra_films: Path, tmp_path: Path
) -> None:
    source = extra_films / "portrait.mov"
    assert probe(source).rotation != 0 and probe(source).portrait
    out = proxy(source, tmp_path / "portrait.mp4")
    info = probe(out)
    assert info.rotation == 0
    assert (info.width, info.height) == (180, 320)
    assert info.browser_playable
    # The picture itself is upright: turn it back to read the stripes.
    still = first_frame(out, tmp_path / "still.png", at=1.0)
    assert frame_number(still.rotate(-90, expand=True)) == 25


def test_portrait_scaled_by_displayed_height(extra_films: Path, tmp_path: Path) -> None:
    info = probe(proxy(extra_films / "portrait.mov", tmp_path / "small.mp4", max_height=160))
    assert (info.width, info.height, info.rotation) == (90, 160, 0)


@pytest.mark.parametrize("name", ["landscape.mp4", "portrait.mp4", "vp9.webm"])
def test_playable_source_is_used_as_is(film_dir: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "sub" / "proxy.mp4"
    assert proxy(film_dir / name, out) == film_dir / name
    assert not out.exists()
    assert not out.parent.exists()


def test_silent_film_gives_silent_proxy(film_dir: Path, tmp_path: Path) -> None:
    mov = tmp_path / "silent.mov"  # the same film in QuickTime, so that a proxy is needed
    run_ffmpeg(["-i", film_dir / "silent.mp4", "-c", "copy", mov], action="rewrap")
    info = probe(proxy(mov, tmp_path / "silent.mp4"))
    assert not info.has_audio
    assert info.browser_playable


@pytest.mark.parametrize("name", ["corrupt.mp4", "missing.mov"])
def test_bad_source_is_media_error(film_dir: Path, tmp_path: Path, name: str) -> None:
    with pytest.raises(MediaError, match=name):
        proxy(film_dir / name, tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []


def test_out_is_source_is_refused_and_source_untouched(extra_films: Path, tmp_path: Path) -> None:
    source = tmp_path / "film.mov"  # H.264 in QuickTime: not playable as is
    source.write_bytes((extra_films / "portrait.mov").read_bytes())
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    with pytest.raises(MediaError, match="source film"):
        proxy(source, source)
    with pytest.raises(MediaError, match="source film"):
        proxy(source, tmp_path / "." / "film.mov")
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.mov"]


def test_unwritable_folder_is_media_error(film_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(MediaError, match="not-a-folder"):
        proxy(film_dir / "hevc.mov", blocker / "hevc.mp4")
    if os.geteuid() != 0:  # root may write anywhere, so this half only runs for users
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        try:
            with pytest.raises(MediaError, match="cannot write"):
                proxy(film_dir / "hevc.mov", locked / "hevc.mp4")
        finally:
            locked.chmod(0o700)


def test_output_must_be_mp4(film_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r"\.mp4"):
        proxy(film_dir / "hevc.mov", tmp_path / "hevc.mkv")
    assert list(tmp_path.iterdir()) == []
