"""No film the kit makes carries the source's metadata: not the title, the filmer's name,
where it was filmed (GPS), a comment, when, nor the device (container or stream tags)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigkit.media import Moment, cut, proxy, reel
from vigkit.media.ffmpeg import run_ffmpeg

from films import make_film

#: What a phone or an editing program writes into a film, each a string that must not leak.
SECRETS = {
    "title": "Maya at home with Jane",
    "artist": "Jane Smith",
    "comment": "Private: the Smith family, do not share",
    "location": "+51.5074-000.1278/",
    "creation_time": "2026-03-14T09:26:53.000000Z",
    "com.apple.quicktime.model": "iPhone 15 Pro of Jane",
}
STREAM_SECRETS = {"handler_name": "Jane's iPhone camera"}


@pytest.fixture(scope="module")
def tagged_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A film with its frame numbers drawn in, and a phone's metadata in container and streams."""
    folder = tmp_path_factory.mktemp("metadata")
    plain = make_film(folder / "plain.mp4", seconds=4.0, keyframe_every=25)
    args: list[str | Path] = ["-i", plain, "-map", "0", "-c", "copy"]
    for key, value in SECRETS.items():
        args += ["-metadata", f"{key}={value}"]
    for key, value in STREAM_SECRETS.items():
        args += ["-metadata:s", f"{key}={value}"]
    args += ["-movflags", "use_metadata_tags"]
    film = folder / "IMG_0042.mov"
    run_ffmpeg([*args, film], action="tag a test film")
    assert _leaks(film), "the test film should carry the metadata it is meant to test"
    return film


def _leaks(path: Path) -> list[str]:
    """The secrets found in a file: in what ffmpeg reads from it, or anywhere in its bytes."""
    said = run_ffmpeg(["-i", path, "-f", "ffmetadata", "-"], action="read metadata").stdout
    data = path.read_bytes()
    found = []
    for value in [*SECRETS.values(), *STREAM_SECRETS.values()]:
        if value in said or value.encode() in data:
            found.append(value)
    return found


@pytest.mark.parametrize("exact", [True, False], ids=["exact cut", "quick cut"])
def test_a_cut_keeps_none_of_the_source_metadata(
    tagged_film: Path, tmp_path: Path, exact: bool
) -> None:
    result = cut(Moment(tagged_film, 1.0, 2.5), tmp_path / "clip.mp4", exact=exact)
    assert _leaks(result.path) == []


def test_a_proxy_keeps_none_of_the_source_metadata(tagged_film: Path, tmp_path: Path) -> None:
    copy = proxy(tagged_film, tmp_path / "proxy.mp4", max_height=120)
    assert copy != tagged_film  # a .mov with these tags is copied, not played as it is
    assert _leaks(copy) == []


def test_a_reel_keeps_none_of_the_source_metadata(tagged_film: Path, tmp_path: Path) -> None:
    moments = [Moment(tagged_film, 0.5, 1.5, caption="A look"), Moment(tagged_film, 2, 3)]
    made = reel(moments, tmp_path / "reel.mp4", title="Better than usual")
    assert _leaks(made) == []


def test_the_source_film_is_left_as_it_was(tagged_film: Path, tmp_path: Path) -> None:
    before = tagged_film.read_bytes()
    cut(Moment(tagged_film, 1.0, 2.0), tmp_path / "clip.mp4")
    assert tagged_film.read_bytes() == before
