"""No film, still, contact sheet or caption file the kit makes carries the source's
metadata: not the title, the filmer's name, where it was filmed (GPS), a comment, when, nor
the device (container or stream tags; EXIF, XMP, comments, ICC and text chunks of pictures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from vigkit.formats.webvtt_reel import write_reel_vtt
from vigkit.media import Moment, contact_sheet, cut, proxy, reel, stills
from vigkit.media.ffmpeg import run_ffmpeg

from films import consent_everything, make_film

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
    consent_everything(film)
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


# --- pictures and caption files ------------------------------------------------------------


def _picture_leaks(path: Path) -> list[str]:
    """The secrets in a picture, and any EXIF, XMP, comment, ICC or text chunk it carries
    (the kit's pictures carry none: they are drawn or decoded afresh)."""
    found = _leaks(path)
    with Image.open(path) as picture:
        carried = {key for key in picture.info if key not in {"aspect", "dpi", "gamma"}}
        found += sorted(carried)
        found += [f"text chunk {key}" for key in getattr(picture, "text", {})]
        if picture.getexif():
            found.append("EXIF")
    return found


@pytest.fixture(scope="module")
def tagged_pictures(tmp_path_factory: pytest.TempPathFactory, tagged_film: Path) -> list[Path]:
    """Stills as a phone or an editor saves them: a JPEG with EXIF (the camera owner, GPS,
    the device), XMP and a comment, and a PNG with text chunks and an ICC profile."""
    folder = tmp_path_factory.mktemp("tagged-pictures")
    picture = Image.new("RGB", (64, 36), (120, 160, 200))
    exif = Image.Exif()
    exif[0x013B] = SECRETS["artist"]  # Artist
    exif[0x010F] = SECRETS["com.apple.quicktime.model"]  # Make
    exif[0x010E] = SECRETS["title"]  # ImageDescription
    exif[0x8825] = {2: (51.0, 30.0, 26.0)}  # GPS latitude
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRETS["comment"]}'
    xmp += "</rdf:Description></x:xmpmeta>"
    jpeg = folder / "still_00m01.00s.jpg"
    picture.save(jpeg, exif=exif, xmp=xmp.encode(), comment=SECRETS["comment"].encode())
    text = PngInfo()
    text.add_text("Author", SECRETS["artist"])
    text.add_itxt("Description", SECRETS["title"])
    png = folder / "still_00m02.00s.png"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture.save(png, pnginfo=text, icc_profile=icc, exif=exif)
    for path in (jpeg, png):
        assert _picture_leaks(path), f"{path.name} should carry what it is meant to test"
        consent_everything(path)
    return [jpeg, png]


def test_stills_keep_none_of_the_source_metadata(tagged_film: Path, tmp_path: Path) -> None:
    made = stills(tagged_film, [0.5, "0:02.5"], tmp_path, width=160)
    assert [p.suffix for p in made] == [".png", ".png"]
    for path in made:
        assert _picture_leaks(path) == []


def test_a_contact_sheet_keeps_none_of_its_stills_metadata(
    tagged_pictures: list[Path], tagged_film: Path, tmp_path: Path
) -> None:
    own = stills(tagged_film, [1.0], tmp_path / "stills")
    sheet = contact_sheet(
        [*tagged_pictures, *own], tmp_path / "sheet.png", captions=["a look", "a smile", None]
    )
    assert _picture_leaks(sheet) == []


def test_the_reel_captions_keep_none_of_the_source_metadata(
    tagged_film: Path, tmp_path: Path
) -> None:
    moments = [Moment(tagged_film, 0.5, 1.5, caption="A look"), Moment(tagged_film, 2, 3)]
    vtt = write_reel_vtt(moments, tmp_path / "reel.vtt", title="Better than usual")
    text = vtt.read_text(encoding="utf-8")
    assert "A look" in text
    assert [value for value in [*SECRETS.values(), *STREAM_SECRETS.values()] if value in text] == []
    assert tagged_film.name not in text and str(tagged_film.parent) not in text
