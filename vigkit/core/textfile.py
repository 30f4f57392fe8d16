"""Reading a user's file whole (bytes, or UTF-8 text), with one clear error for each way
it can go wrong."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, ProblemsError


def read_file_bytes(
    path: Path, error: type[ProblemsError], missing_hint: str = "Check the path."
) -> bytes:
    """The bytes of a file, or ``error`` raised for the file: missing, a folder or
    unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(path, [Problem("the file does not exist")], hint=missing_hint) from None
    except IsADirectoryError:
        raise error(path, [Problem("it is a folder, not a file")]) from None
    except OSError as failure:
        raise error(path, [Problem(f"it cannot be read ({failure.strerror})")]) from None


def read_text_file(
    path: Path,
    error: type[ProblemsError],
    missing_hint: str = "Check the path.",
    encoding_hint: str = "Save the file as UTF-8 in your text editor.",
) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed), or ``error`` raised for the
    file: missing, a folder, unreadable, or not UTF-8 (naming the line of the bad byte)."""
    data = read_file_bytes(path, error, missing_hint)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        problem = Problem(f"it is not UTF-8 text (byte {failure.start} cannot be read)", line)
        raise error(path, [problem], hint=encoding_hint) from None
