"""Shared fixtures: small generated films (made once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from films import make_film


@pytest.fixture(scope="session")
def film_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of test films, each showing its frame numbers:

    - ``landscape.mp4``: 320x180, 25 fps, 6 s, H.264/AAC, a keyframe every 50 frames
    - ``silent.mp4``: the same without a sound track
    - ``portrait.mp4``: filmed 320x180 with a phone's rotation tag (shown 180x320)
    - ``hevc.mov``: HEVC in QuickTime, as iPhones record (not browser-playable)
    - ``vp9.webm``: VP9/Opus WebM (browser-playable)
    - ``corrupt.mp4``: the first half of ``landscape.mp4``'s bytes reversed
    """
    folder = tmp_path_factory.mktemp("films")
    make_film(folder / "landscape.mp4", keyframe_every=50)
    make_film(folder / "silent.mp4", audio=False, keyframe_every=50)
    make_film(folder / "portrait.mp4", rotation=90, seconds=3)
    make_film(folder / "hevc.mov", video_codec="libx265", seconds=3)
    make_film(folder / "vp9.webm", video_codec="libvpx-vp9", seconds=2)
    data = (folder / "landscape.mp4").read_bytes()
    (folder / "corrupt.mp4").write_bytes(data[: len(data) // 2][::-1])
    return folder


@pytest.fixture(scope="session")
def phone_films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format phones record (``tests/phonefilms.py`` FORMATS), by name, made once."""
    from phonefilms import make_phone_films

    return make_phone_films(tmp_path_factory.mktemp("phone"))


@pytest.fixture(scope="session")
def phone_copies(
    phone_films: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The playable copy of each phone film (the film itself when browsers play it)."""
    from vigkit.media.proxy import proxy

    folder = tmp_path_factory.mktemp("phone-copies")
    return {
        name: proxy(film, folder / f"{Path(name).stem}.mp4") for name, film in phone_films.items()
    }
