"""What a film is: duration, size, rotation, codecs, and whether a browser can play it.

imageio-ffmpeg ships ffmpeg but not ffprobe, so this reads the stream summary that
``ffmpeg -i FILE`` prints (header only: nothing is decoded, so it is quick on any size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import MediaError
from .ffmpeg import film_header
from .inputs import check_film, no_picture, stream_kinds, unreadable_film

_MP4_SUFFIXES = {".mp4", ".m4v"}
_WEBM_SUFFIXES = {".webm"}


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

    @property
    def has_audio(self) -> bool:
        """Whether the film has a sound track."""
        return self.audio_codec is not None

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
    audio = re.search(r"Stream #0:\d+[^\n]*?: Audio: (\w+)", text)
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
    )


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
