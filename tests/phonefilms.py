"""Test films in the formats phones and tablets record, each frame showing its number.

The picture is :mod:`films`' counter (16 black or white stripes, bit ``b`` of the frame
number in stripe ``b``), drawn upright as the film is *displayed*, so
:func:`films.frame_number` reads it from any still or upright frame. Rotated films store
the picture turned the other way and carry a rotation tag, as phones do. Each film is
consented (:func:`films.consent_everything`) in the workspace given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigkit.media.ffmpeg import run_ffmpeg

from films import BITS, consent_everything


@dataclass(frozen=True)
class PhoneFilm:
    """One format: how to make it and what the kit should find in it.

    ``size`` is as displayed; ``rotation`` clockwise degrees (as ``MediaInfo.rotation``);
    ``channels`` 0 for no sound; ``offset`` the frame shown at time 0 (an edit list that
    starts the film later than its first frame)."""

    name: str
    size: tuple[int, int]
    fps: int
    seconds: float
    codec: str = "h264"
    rotation: int = 0
    hdr: bool = False
    vfr: bool = False
    channels: int = 2
    offset: int = 0


#: Every format the kit must handle (issue 18).
FORMATS: tuple[PhoneFilm, ...] = (
    PhoneFilm("hevc-portrait-90.MOV", (1080, 1920), 30, 2, "hevc", rotation=90),
    PhoneFilm("hevc-portrait-270.MOV", (1080, 1920), 30, 2, "hevc", rotation=270, channels=1),
    PhoneFilm("hevc-4k60.MOV", (3840, 2160), 60, 1, "hevc"),
    PhoneFilm("hlg-hdr.MOV", (320, 180), 25, 2, "hevc", hdr=True),
    PhoneFilm("vfr.MOV", (320, 180), 30, 3, "h264", vfr=True),
    PhoneFilm("vfr.mp4", (320, 180), 30, 3, "h264", vfr=True, channels=1),
    PhoneFilm("bframes-editlist.mp4", (320, 180), 25, 2.5, "h264", offset=12),
    PhoneFilm("vp9-opus.webm", (320, 180), 25, 2, "vp9"),
    PhoneFilm("aac-mono.mp4", (320, 180), 25, 2, "h264", channels=1),
    PhoneFilm("silent.MOV", (320, 180), 25, 2, "h264", channels=0),
)


def counter(size: tuple[int, int], fps: int, seconds: float) -> str:
    """The counter picture as an ffmpeg lavfi source: drawn 16 pixels wide (one per
    stripe) and scaled up without blending, so even 4K costs little."""
    width, height = size
    return (
        f"color=black:s={BITS}x2:r={fps}:d={seconds},format=gray,"
        f"geq=lum='255*mod(floor(N/pow(2\\,X))\\,2)',"
        f"scale={width}:{height}:flags=neighbor,setsar=1,format=yuv420p"
    )


def vfr_times(fps: int) -> str:
    """``setpts`` (in a fine time base) for a phone's uneven frame times: each frame is
    late by a different amount (0 to 0.8 of a frame), so frames last 0.2 to 1.8 frames."""
    return f"settb=1/90000,setpts='(N/{fps}+0.2*mod(7*N\\,5)/{fps})/TB'"


def vfr_time(frame: int, fps: int) -> float:
    """The time of ``frame`` in a film made with :func:`vfr_times`."""
    return (frame + 0.2 * ((7 * frame) % 5)) / fps


def make_phone_film(spec: PhoneFilm, folder: Path, workspace: Path | None = None) -> Path:
    """Write the film ``spec`` describes into ``folder`` and consent it."""
    path = folder / spec.name
    picture = counter(spec.size, spec.fps, spec.seconds)
    if spec.rotation == 90:  # shown turned clockwise: stored turned counter-clockwise
        picture += ",transpose=cclock"
    elif spec.rotation == 270:
        picture += ",transpose=clock"
    if spec.vfr:
        picture += "," + vfr_times(spec.fps)
    if spec.hdr:
        picture += ",format=yuv420p10le"
    args: list[str | Path] = ["-f", "lavfi", "-i", picture]
    if spec.channels:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={spec.seconds}"]
        args += ["-ac", str(spec.channels), "-ar", "48000"]
    args += _video_args(spec)
    if spec.channels:
        args += ["-c:a", "libopus" if spec.codec == "vp9" else "aac"]
    if spec.vfr:
        # each frame's own time, not rounded to the encoder's 1/fps grid
        args += ["-fps_mode", "passthrough", "-enc_time_base", "1:90000"]
        args += ["-video_track_timescale", "90000"]
    target = path if not (spec.rotation or spec.offset) else folder / ("raw-" + spec.name)
    run_ffmpeg([*args, target], action="make a phone test film")
    if spec.rotation:  # the tag says how a player turns the picture: counter-clockwise
        run_ffmpeg(
            ["-display_rotation", str(-spec.rotation), "-i", target, "-c", "copy", path],
            action="tag a test film's rotation",
        )
        target.unlink()
    elif spec.offset:  # a copy from a frame between keyframes: the edit list hides the rest
        seek = f"{spec.offset / spec.fps:.6f}"
        run_ffmpeg(["-ss", seek, "-i", target, "-c", "copy", path], action="copy a test film")
        target.unlink()
    return consent_everything(path, workspace)


def _video_args(spec: PhoneFilm) -> list[str | Path]:
    if spec.codec == "vp9":
        return ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "0"]
    if spec.codec == "h264":
        # B-frames (as phones and cameras write), a keyframe every second
        return ["-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", str(spec.fps)]
    # no look-ahead or B-frames, a thread per core: a 4K film in a few seconds
    params = "log-level=error:rc-lookahead=0:bframes=0:frame-threads=2"
    args: list[str | Path] = ["-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1"]
    if spec.hdr:  # 10-bit HLG in BT.2020, tagged in the stream and the container
        params += ":colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc"
        args += ["-color_primaries", "bt2020", "-color_trc", "arib-std-b67"]
        args += ["-colorspace", "bt2020nc", "-pix_fmt", "yuv420p10le"]
    return [*args, "-g", str(spec.fps), "-x265-params", params]


def make_phone_films(folder: Path, workspace: Path | None = None) -> dict[str, Path]:
    """Every film of :data:`FORMATS`, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {spec.name: make_phone_film(spec, folder, workspace) for spec in FORMATS}
