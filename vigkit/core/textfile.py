"""Reading a user's file whole (bytes, or UTF-8 text), with one clear error for each way
it can go wrong: missing, not a regular file (a folder, pipe or device, refused before it
is opened, so nothing hangs), too big, unreadable, UTF-16/UTF-32 or otherwise not UTF-8."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import Problem, ProblemsError
from .limits import MAX_FILE_BYTES, megabytes

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)
#: Where the zero bytes of plain (ASCII) text fall, position by position in 4 bytes.
_ZERO_PATTERNS = (
    ((False, True, True, True), "UTF-32 (little-endian)"),
    ((True, True, True, False), "UTF-32 (big-endian)"),
    ((False, True, False, True), "UTF-16 (little-endian)"),
    ((True, False, True, False), "UTF-16 (big-endian)"),
)


def read_file_bytes(
    path: Path, error: type[ProblemsError], missing_hint: str = "Check the path."
) -> bytes:
    """The bytes of a regular file, or ``error`` raised for the file: missing, a folder,
    a pipe, device or socket (never opened: reading a pipe would wait for ever), bigger
    than :data:`~vigkit.core.limits.MAX_FILE_BYTES`, or unreadable."""
    try:
        info = os.stat(path)
        kind = kind_of_file(info.st_mode)
        if kind:
            raise error(path, [Problem(f"it is {kind}, not a file")], hint="Give a file.")
        if info.st_size > MAX_FILE_BYTES:
            raise error(path, [_too_big(info.st_size)])
        with open(path, "rb") as handle:
            data = _read_at_most(handle, info.st_size, path, error)
    except FileNotFoundError:
        raise error(path, [Problem("the file does not exist")], hint=missing_hint) from None
    except IsADirectoryError:
        raise error(path, [Problem("it is a folder, not a file")]) from None
    except OSError as failure:
        raise error(path, [Problem(f"it cannot be read ({failure.strerror})")]) from None
    return data


def _read_at_most(handle: BinaryIO, size: int, path: Path, error: type[ProblemsError]) -> bytes:
    """The file's ``size`` bytes (read in one go, so no bigger buffer is made), and any it
    gained since, up to the size limit."""
    chunks = [handle.read(size)]
    total = len(chunks[0])
    while chunk := handle.read(1 << 20):
        total += len(chunk)
        if total > MAX_FILE_BYTES:  # it grew while being read
            raise error(path, [_too_big(total)])
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def kind_of_file(mode: int) -> str:
    """What a path that is not a regular file is ("a folder", "a named pipe (FIFO)"...), in
    words for a message, or "" for a regular file (``mode`` is ``os.stat``'s ``st_mode``)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - no other kinds on POSIX


def _too_big(size: int) -> Problem:
    return Problem(
        f"it is {megabytes(size)}; the kit reads files of at most {megabytes(MAX_FILE_BYTES)}"
    )


def read_text_file(
    path: Path,
    error: type[ProblemsError],
    missing_hint: str = "Check the path.",
    encoding_hint: str = "Save the file as UTF-8 in your text editor.",
) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed), or ``error`` raised for the
    file: missing, a folder, unreadable, UTF-16 or UTF-32, or not UTF-8 (naming the line
    of the bad byte)."""
    return decode_text(read_file_bytes(path, error, missing_hint), path, error, encoding_hint)


def decode_text(
    data: bytes,
    path: Path,
    error: type[ProblemsError],
    encoding_hint: str = "Save the file as UTF-8 in your text editor.",
) -> str:
    """``data`` as UTF-8 text (a byte-order mark is allowed); UTF-16 or UTF-32 text (with or
    without its byte-order mark) is one clear error saying so, as is any other non-UTF-8."""
    wide = wide_encoding(data)
    if wide:
        problem = Problem(f"it is saved as {wide} text, not UTF-8")
        raise error(path, [problem], hint=encoding_hint)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        problem = Problem(f"it is not UTF-8 text (byte {failure.start} cannot be read)", line)
        raise error(path, [problem], hint=encoding_hint) from None


def wide_encoding(data: bytes) -> str:
    """The UTF-16 or UTF-32 flavour ``data`` is written in, or "": by its byte-order mark,
    else by where the zero bytes of its first 4 KB fall (mostly-ASCII text, as codings
    and schemes are, has a zero in every other, or three of every four, bytes)."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return ""
    usable = len(sample) - len(sample) % 4
    zeros = [
        sample[offset:usable:4].count(0) / (usable // 4) for offset in range(4)
    ]  # share of zero bytes at each position of 4
    for pattern, name in _ZERO_PATTERNS:
        if all(
            (share > 0.7) if zero else (share < 0.3)
            for share, zero in zip(zeros, pattern, strict=True)
        ):
            return name
    return ""
