"""Reading an MP4 or QuickTime film's index (its ``moov`` box) without starting ffmpeg:
the movie's length and the kinds of its tracks. Used to check a stream copy the kit just
wrote (where starting ffmpeg is much of the cost) and to say what a file that ffmpeg
cannot open holds (only a timecode or data track, say)."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(frozen=True)
class Written:
    """What a film the kit wrote holds, as its header says."""

    duration: float | None
    has_video: bool
    has_audio: bool
    #: The tracks' handler types as the index names them ("vide", "soun", "tmcd", "meta"
    #: ...), where the index was read here; empty when ffmpeg read the header.
    tracks: tuple[str, ...] = ()


#: The largest index the kit reads itself (a 20-minute film's is a few MB); bigger ones go
#: to ffmpeg.
_MAX_INDEX = 256 << 20


def read_mp4_index(path: Path) -> Written | None:
    """What a plain (not fragmented) MP4 or QuickTime film holds, from its ``moov`` box:
    the length ffmpeg reports (the movie header's duration; ffmpeg's muxer writes a track
    only when it has samples) and whether it has picture and sound tracks. None when the
    file is anything else, fragmented or unreadable: then ffmpeg is asked."""
    try:
        if not path.is_file():  # never open a pipe or device: it could block for ever
            return None
        with open(path, "rb") as handle:
            moov = _find_box(handle, b"moov")
        if moov is None:
            return None
        return _read_moov(moov)
    except (OSError, ValueError, struct.error):
        return None


def _read_moov(moov: bytes) -> Written | None:
    """The facts in a ``moov`` box's body (``ValueError`` if it is damaged)."""
    boxes = dict(_boxes(moov))
    header = boxes.get(b"mvhd")
    if header is None or b"mvex" in boxes or len(header) < 32:
        return None
    if header[0] == 1:
        scale, length = struct.unpack(">IQ", header[20:32])
    else:
        scale, length = struct.unpack(">II", header[12:20])
    if scale == 0:
        return None
    kinds: list[str] = []
    for name, trak in _boxes(moov):
        if name == b"trak":
            hdlr = dict(_boxes(dict(_boxes(trak)).get(b"mdia", b""))).get(b"hdlr", b"")
            kinds.append(hdlr[8:12].decode("latin-1"))
    return Written(
        duration=length / scale,
        has_video="vide" in kinds,
        has_audio="soun" in kinds,
        tracks=tuple(kinds),
    )


def _find_box(handle: BinaryIO, wanted: bytes) -> bytes | None:
    """The body of the top-level box ``wanted``, skipping the others (the film's data)."""
    while True:
        head = handle.read(8)
        if len(head) < 8:
            return None
        size, name = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            large = handle.read(8)
            if len(large) < 8:
                return None
            size, header = struct.unpack(">Q", large)[0], 16
        if size == 0 or size < header:  # "to the end of the file", or damaged
            return None
        if name == wanted:
            if size - header > _MAX_INDEX:
                return None
            body = handle.read(size - header)
            return body if len(body) == size - header else None
        handle.seek(size - header, 1)


def _boxes(data: bytes) -> list[tuple[bytes, bytes]]:
    """The boxes directly inside ``data`` (name, body); ``ValueError`` if one is damaged
    (or of a kind of size this reader leaves to ffmpeg)."""
    found, at = [], 0
    while at + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[at : at + 8])
        if size < 8 or at + size > len(data):
            raise ValueError(f"a damaged box at byte {at}")
        found.append((name, data[at + 8 : at + size]))
        at += size
    return found
