"""What a film is: duration, size, rotation, codecs, colours (HDR or not), sound channels,
and whether a browser can play it.

imageio-ffmpeg ships ffmpeg but not ffprobe, so this reads the stream summary that
``ffmpeg -i FILE`` prints (header only: nothing is decoded, so it is quick on any size).
Whether the frame rate varies is not in the header: :func:`variable_frame_rate` reads the
first seconds' packet times (one short ffmpeg run, nothing decoded) when asked.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import MediaError
from .ffmpeg import film_header, run_ffmpeg
from .inputs import check_film, no_picture, stream_kinds, unreadable_film

_MP4_SUFFIXES = {".mp4", ".m4v"}
_WEBM_SUFFIXES = {".webm"}

#: The transfers of high dynamic range video (ffmpeg's names): HLG, as iPhones and many
#: Android phones record (Dolby Vision on iPhones carries an HLG picture too), and PQ.
HDR_TRANSFERS = {"arib-std-b67": "HLG", "smpte2084": "PQ"}
_CHANNELS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "5.0": 5, "5.1": 6, "7.1": 8}


@dataclass(frozen=True)
class MediaInfo:
    """The facts about a film that the kit needs. ``width``/``height`` are as displayed
    (after ``rotation``, the clockwise degrees a player turns the picture)."""

    path: Path
    duration: float
    fps: float
    width: int
    height: int
    rotation: int
    video_codec: str
    pixel_format: str
    audio_codec: str | None
    container: str
    size_bytes: int
    #: ffmpeg's names for how the picture's colours are coded ("unknown" when the film
    #: does not say): ``bt709`` for HD, ``bt2020`` primaries with an ``arib-std-b67``
    #: (HLG) or ``smpte2084`` (PQ) transfer for HDR.
    color_transfer: str = "unknown"
    color_primaries: str = "unknown"
    color_matrix: str = "unknown"
    #: Sound channels (0: no sound).
    audio_channels: int = 0

    @property
    def has_audio(self) -> bool:
        """Whether the film has a sound track."""
        return self.audio_codec is not None

    @property
    def hdr(self) -> bool:
        """Whether the picture is high dynamic range (HLG or PQ): the kit tone-maps it to
        SDR BT.709 when it copies or stills it (:mod:`vigkit.media.colour`)."""
        return self.color_transfer in HDR_TRANSFERS

    @property
    def hdr_format(self) -> str | None:
        """``"HLG"`` or ``"PQ"`` for an HDR film, else None."""
        return HDR_TRANSFERS.get(self.color_transfer)

    @property
    def frame_duration(self) -> float:
        """Seconds per frame."""
        return 1.0 / self.fps

    @property
    def portrait(self) -> bool:
        """Whether the film is taller than wide, as displayed."""
        return self.height > self.width

    @property
    def browser_playable(self) -> bool:
        """Whether browsers play the file as it is: H.264 (4:2:0) + AAC/MP3 in MP4, or
        VP8/VP9/AV1 + Opus/Vorbis in WebM. Otherwise the kit makes a proxy."""
        suffix = self.path.suffix.lower()
        if suffix in _MP4_SUFFIXES and "mp4" in self.container:
            return (
                self.video_codec == "h264"
                and self.pixel_format in {"yuv420p", "yuvj420p"}
                and self.audio_codec in {None, "aac", "mp3"}
            )
        if suffix in _WEBM_SUFFIXES and "webm" in self.container:
            return self.video_codec in {"vp8", "vp9", "av1"} and self.audio_codec in {
                None,
                "opus",
                "vorbis",
            }
        return False


def probe(path: str | Path) -> MediaInfo:
    """Read a film's facts; a missing, non-video, corrupt or empty file is a ``MediaError``,
    and so is a FIFO, device or folder (refused before ffmpeg could wait on it for ever)."""
    source = check_film(path)
    return parse_probe(film_header(source), source)


def parse_probe(text: str, source: Path) -> MediaInfo:
    """Turn ``ffmpeg -i`` output into :class:`MediaInfo` (separate so it can be tested)."""
    container = re.search(r"^Input #0, (.+?), from '", text, re.M)
    if container is None:
        raise MediaError(unreadable_film(source, text))
    video = _first_video_stream(text)
    if video is None:
        raise MediaError(no_picture(source, stream_kinds(text)))
    fields = _split_top_level(video.group("spec"))
    codec = fields[0].split()[0] if fields else "unknown"
    pixel_format = fields[1].split("(")[0].strip() if len(fields) > 1 else "unknown"
    size = next((m for f in fields if (m := re.match(r"^(\d+)x(\d+)", f))), None)
    if size is None or int(size[1]) == 0 or int(size[2]) == 0:
        raise MediaError(f"{source}: the picture size cannot be read; the file may be damaged")
    fps = _frame_rate(fields)
    duration_match = re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", text)
    if duration_match is None:
        raise MediaError(f"{source}: the film's length cannot be read; it may be damaged")
    hours, minutes, seconds = duration_match.groups()
    duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    if duration <= 0:
        raise MediaError(f"{source}: the film has no length (0 seconds)")
    rotation = _rotation(text[video.start() :])
    width, height = int(size[1]), int(size[2])
    if rotation in (90, 270):
        width, height = height, width
    audio = re.search(r"Stream #0:\d+[^\n]*?: Audio: (\w+)(?P<spec>[^\n]*)", text)
    matrix, primaries, transfer = _colours(fields[1] if len(fields) > 1 else "")
    return MediaInfo(
        path=source,
        duration=duration,
        fps=fps,
        width=width,
        height=height,
        rotation=rotation,
        video_codec=codec,
        pixel_format=pixel_format,
        audio_codec=audio[1] if audio else None,
        container=container[1],
        size_bytes=source.stat().st_size,
        color_transfer=transfer,
        color_primaries=primaries,
        color_matrix=matrix,
        audio_channels=_channels(audio.group("spec")) if audio else 0,
    )


def variable_frame_rate(info: MediaInfo, seconds: float = 10.0) -> bool:
    """Whether the film's frames last different lengths of time, as phones record in dim
    light or under load (the header's fps is then only an average). Reads the packet times
    of the first ``seconds`` without decoding: one short ffmpeg run."""
    args: list[str | Path] = ["-t", f"{seconds:.3f}", "-i", info.path, "-map", "0:V:0"]
    args += ["-c", "copy", "-f", "framecrc", "-"]
    listed = run_ffmpeg(args, action="read the film's frame times", source=info.path).stdout
    return is_variable(frame_times(listed))


def frame_times(framecrc: str) -> list[int]:
    """The picture packets' time stamps (in the stream's time base) in ``framecrc``
    output, in display order."""
    times = []
    for line in framecrc.splitlines():
        fields = [field.strip() for field in line.split(",")]
        if line.startswith("#") or len(fields) < 4 or fields[0] != "0":
            continue
        try:
            times.append(int(fields[2]))
        except ValueError:
            continue
    return sorted(t for t in times if t >= 0)


def is_variable(times: list[int]) -> bool:
    """Whether the gaps between ``times`` differ by more than a tenth of the usual gap
    (and more than rounding: two ticks of the time base)."""
    gaps = sorted(b - a for a, b in itertools.pairwise(times) if b > a)
    if len(gaps) < 2:
        return False
    usual = gaps[len(gaps) // 2]
    return gaps[-1] - gaps[0] > max(2, usual / 10)


def _colours(pixel_field: str) -> tuple[str, str, str]:
    """Matrix, primaries and transfer from ``yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67,
    progressive)``: ffmpeg writes one name when all three are the same."""
    inside = re.search(r"\((.*)\)", pixel_field)
    for part in inside[1].split(",") if inside else []:
        names = part.strip().split("/")
        if len(names) == 3:
            return names[0], names[1], names[2]
        if names[0] in {"bt709", "bt2020nc", "bt470bg", "smpte170m", "bt2020"}:
            return names[0], names[0], names[0]
    return "unknown", "unknown", "unknown"


def _channels(spec: str) -> int:
    """Channels from ``, 48000 Hz, stereo, fltp, ...`` (a layout name or ``N channels``)."""
    for field in _split_top_level(spec):
        layout = field.split("(")[0].strip()
        if layout in _CHANNELS:
            return _CHANNELS[layout]
        counted = re.match(r"^(\d+) channels", layout)
        if counted:
            return int(counted[1])
    return 1


def _first_video_stream(text: str) -> re.Match[str] | None:
    for match in re.finditer(r"Stream #0:\d+[^\n]*?: Video: (?P<spec>[^\n]*)", text):
        if "(attached pic)" not in match.group("spec"):  # cover art is not the film
            return match
    return None


def _split_top_level(spec: str) -> list[str]:
    """Split ``h264 (High), yuv420p(tv, bt709), 1280x720 [SAR 1:1], 25 fps`` on commas
    that are not inside brackets."""
    parts, depth, current = [], 0, ""
    for char in spec:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def _frame_rate(fields: list[str]) -> float:
    for unit in ("fps", "tbr"):
        for field in fields:
            match = re.match(rf"^([\d.]+)(k?) {unit}$", field)
            if match:
                rate = float(match[1]) * (1000 if match[2] else 1)
                if rate > 0:
                    return rate
    return 25.0


def _rotation(stream_text: str) -> int:
    """Clockwise degrees a player turns the picture (phones film portrait this way)."""
    block = stream_text.split("Stream #0:", 2)
    text = "Stream #0:".join(block[:2])
    matrix = re.search(r"display ?matrix: rotation of (-?[\d.]+) degrees", text, re.I)
    if matrix:
        return round(-float(matrix[1])) % 360
    tag = re.search(r"^\s*rotate\s*:\s*(-?\d+)", text, re.M)
    return int(tag[1]) % 360 if tag else 0
