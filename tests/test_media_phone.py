"""Every format phones record (issue 18): probe, playable copy, cuts and stills are right by
what is *in* the picture (each frame shows its number), and HDR becomes SDR."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from phonefilms import FORMATS, PhoneFilm, vfr_time
from PIL import Image, ImageStat

from vigkit.media.cut import cut
from vigkit.media.ffmpeg import ffmpeg_exe, film_header, run_ffmpeg
from vigkit.media.moment import Moment
from vigkit.media.probe import probe, variable_frame_rate
from vigkit.media.proxy import proxy
from vigkit.media.stills import stills

from films import BITS, consent_everything, frame_number

NAMES = [spec.name for spec in FORMATS]
SPECS = {spec.name: spec for spec in FORMATS}


def frame_at(spec: PhoneFilm, t: float) -> int:
    """The number of the frame on screen at ``t`` (the last one starting at or before)."""
    if spec.vfr:
        return max(n for n in range(int(t * spec.fps) + 2) if vfr_time(n, spec.fps) <= t + 1e-9)
    return spec.offset + math.floor(t * spec.fps + 1e-9)


def still_at(spec: PhoneFilm, t: float, fps: float) -> int:
    """The frame :func:`stills` takes at ``t``: the first starting at or after half a frame
    (at the film's average ``fps``) before ``t``, i.e. the frame nearest ``t``. In a
    variable frame rate film it may be the one before the frame on screen at ``t``."""
    if not spec.vfr:
        return spec.offset + math.ceil((t - 0.5 / fps) * spec.fps - 1e-9)
    return next(n for n in range(10**6) if vfr_time(n, spec.fps) >= t - 0.5 / fps - 1e-9)


def numbers(film: Path) -> list[int]:
    """The number shown in every frame of ``film``, in order (decoded small, as is)."""
    command = [ffmpeg_exe(), "-v", "error", "-i", str(film), "-map", "0:v:0"]
    command += ["-vf", f"scale={BITS * 4}:8:flags=area", "-fps_mode", "passthrough"]
    command += ["-f", "rawvideo", "-pix_fmt", "gray", "-"]
    data = subprocess.run(command, capture_output=True, check=True).stdout
    size = BITS * 4 * 8
    return [
        frame_number(Image.frombytes("L", (BITS * 4, 8), data[i : i + size]))
        for i in range(0, len(data), size)
    ]


def times_in(spec: PhoneFilm) -> list[float]:
    """Times inside frames (a third of the way in), spread over the film."""
    frames = round(spec.seconds * spec.fps) - spec.offset
    picks = [0, 7, round(frames * 0.55), frames - 4]
    if spec.vfr:
        return [
            vfr_time(n, spec.fps) + 0.3 * (vfr_time(n + 1, spec.fps) - vfr_time(n, spec.fps))
            for n in picks
        ]
    return [(n + 0.3) / spec.fps for n in picks]


@pytest.mark.parametrize("name", NAMES)
def test_probe_sees_the_format(phone_films: dict[str, Path], name: str) -> None:
    spec = SPECS[name]
    info = probe(phone_films[name])
    assert (info.width, info.height) == spec.size
    assert info.rotation == spec.rotation
    assert info.fps == pytest.approx(spec.fps, rel=0.03)
    assert info.hdr is spec.hdr
    assert info.hdr_format == ("HLG" if spec.hdr else None)
    assert info.audio_channels == spec.channels
    assert info.has_audio is (spec.channels > 0)
    assert variable_frame_rate(info) is spec.vfr


@pytest.mark.parametrize("name", NAMES)
def test_playable_copy_keeps_the_films_timeline(
    phone_films: dict[str, Path], phone_copies: dict[str, Path], name: str, tmp_path: Path
) -> None:
    spec, copy = SPECS[name], phone_copies[name]
    info = probe(copy)
    assert info.browser_playable and info.rotation == 0 and not info.hdr
    assert info.audio_channels == spec.channels
    assert info.height <= 720 and info.portrait is (spec.size[1] > spec.size[0])
    assert abs(info.width / info.height - spec.size[0] / spec.size[1]) < 0.01
    times = times_in(spec)
    expected = [still_at(spec, t, probe(phone_films[name]).fps) for t in times]
    if spec.size[0] < 3840:  # (stills of a 4K film are slow; its copy's are checked)
        from_film = [frame_number(p) for p in stills(phone_films[name], times, tmp_path / "f")]
        assert from_film == expected
    from_copy = [frame_number(p) for p in stills(copy, times, tmp_path / "copy")]
    assert from_copy == expected
    if copy != phone_films[name]:  # every frame kept once, none repeated or dropped
        made = range(round(spec.seconds * spec.fps))  # (a 4K film is slow to decode)
        assert numbers(copy) == (numbers(phone_films[name]) if spec.vfr else list(made))


@pytest.mark.parametrize("name", [n for n in NAMES if n != "hevc-4k60.MOV"])  # 4K: as 1080p
def test_exact_cut_holds_the_frames_of_the_moment(
    phone_films: dict[str, Path], name: str, tmp_path: Path
) -> None:
    spec = SPECS[name]
    start, end = times_in(spec)[1], times_in(spec)[2]
    result = cut(Moment(phone_films[name], start, end), tmp_path / "clip.mp4")
    shown = numbers(result.path)
    first = frame_at(spec, start) + 1  # the first frame starting at or after ``start``
    last = frame_at(spec, end)
    assert shown[0] == first and shown[-1] in (last - 1, last)
    assert shown == list(range(first, shown[-1] + 1))  # none repeated, none missing
    clip = probe(result.path)
    assert clip.audio_channels == spec.channels
    assert not clip.hdr and clip.color_transfer == ("bt709" if spec.hdr else clip.color_transfer)


def test_hdr_stills_and_copies_keep_the_colours_of_sdr(tmp_path: Path) -> None:
    """A colour pattern as an SDR film and as a phone's HLG film (white at 203 cd/m²): the
    kit's still of the HLG film and of its playable copy have the SDR film's mean luma and
    saturation; a plain conversion (no tone mapping) fails the same check."""
    sdr, hlg = tmp_path / "sdr.mp4", tmp_path / "hlg.MOV"
    pattern = "testsrc2=s=320x180:r=25:d=1,format=yuv420p,"
    bt709 = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"
    run_ffmpeg(
        ["-f", "lavfi", "-i", pattern + bt709, "-c:v", "libx264", "-colorspace", "bt709",
         "-color_primaries", "bt709", "-color_trc", "bt709", sdr],
        action="make the SDR pattern",
    )  # fmt: skip
    to_hlg = (
        f"{bt709},zscale=t=linear:npl=203,format=gbrpf32le,"
        "zscale=p=bt2020:t=arib-std-b67:m=bt2020nc:r=tv:npl=203,format=yuv420p10le"
    )
    params = "log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc"
    run_ffmpeg(
        ["-f", "lavfi", "-i", pattern + to_hlg, "-c:v", "libx265", "-tag:v", "hvc1",
         "-x265-params", params, "-color_primaries", "bt2020", "-color_trc", "arib-std-b67",
         "-colorspace", "bt2020nc", hlg],
        action="make the HLG pattern",
    )  # fmt: skip
    for film in (sdr, hlg):
        consent_everything(film)
    assert "arib-std-b67" in film_header(hlg) and probe(hlg).hdr
    reference = colours(stills(sdr, [0.5], tmp_path / "sdr")[0])
    copy = proxy(hlg, tmp_path / "copy.mp4")
    assert "yuv420p(tv, bt709," in film_header(copy) and not probe(copy).hdr
    kit = [stills(film, [0.5], tmp_path / film.stem)[0] for film in (hlg, copy)]
    naive = tmp_path / "naive.png"
    run_ffmpeg(
        ["-ss", "0.5", "-i", hlg, "-frames:v", "1", "-pix_fmt", "rgb24", naive],
        action="a still without tone mapping",
    )
    assert [close_to(colours(p), reference) for p in kit] == [True, True], (
        reference,
        [colours(p) for p in kit],
    )
    assert not close_to(colours(naive), reference), (reference, colours(naive))


def colours(picture: Path) -> tuple[float, float]:
    """Mean luma and mean saturation (HSV), 0-255."""
    with Image.open(picture) as image:
        rgb = image.convert("RGB")
        return ImageStat.Stat(rgb.convert("L")).mean[0], ImageStat.Stat(rgb.convert("HSV")).mean[1]


def close_to(got: tuple[float, float], want: tuple[float, float]) -> bool:
    """Luma within 8 % and saturation within 12 % of the SDR render."""
    return abs(got[0] - want[0]) <= 0.08 * want[0] and abs(got[1] - want[1]) <= 0.12 * want[1]


@pytest.mark.parametrize(
    "name",
    ["aac-mono.mp4", "vfr.mp4", "bframes-editlist.mp4"],
)
def test_quick_cut_starts_where_it_says(
    phone_films: dict[str, Path], name: str, tmp_path: Path
) -> None:
    spec = SPECS[name]
    start = 1.1
    result = cut(Moment(phone_films[name], start, 1.6), tmp_path / "quick.mp4", exact=False)
    assert numbers(result.path)[0] == frame_at(spec, result.start)


def test_vigkit_probe_says_what_a_phone_recorded(phone_films: dict[str, Path]) -> None:
    def said(name: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "vigkit", "probe", phone_films[name]],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout

    assert "HDR (HLG): made SDR in copies" in said("hlg-hdr.MOV")
    vfr = said("vfr.mp4")
    assert "fps (varies)" in vfr and ", mono" in vfr and ", SDR" in vfr
    portrait = said("hevc-portrait-90.MOV")
    assert "1080x1920 at 30 fps, turned 90°" in portrait and ", stereo" in portrait
