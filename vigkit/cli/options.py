"""How the ``vigkit`` command reads its arguments: a parser whose errors are one
"vigkit: ..." message (exit 2) and which takes ``-0:01`` as a value, not an option; argument
types for times, seconds and counts that refuse NaN, infinity and negative values; and the
rule for output paths (a missing folder is made only inside an existing one)."""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from ..core.timecode import parse_time

#: Said in the ``--help`` of every option that names a file or folder to write.
OUTPUT_RULE = (
    "a missing folder is made only if the folder above it exists (so a typo cannot make "
    "folders anywhere)"
)

# Values that start with '-' but are numbers or times, e.g. -3, -.5, -1e3, -0:01, -1:02.5,
# -inf: they are values (to be refused as values, e.g. a time before the film's start),
# never options.
_NEGATIVE_VALUE = re.compile(
    r"^-(?:\d[\d:.]*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf(?:inity)?|nan)$", re.IGNORECASE
)


class VigkitParser(argparse.ArgumentParser):
    """An argument parser whose mistakes end as one "vigkit: ..." message and exit 2, and
    which reads ``-0:01`` as a (negative) time rather than as an unknown option."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._negative_number_matcher = _NEGATIVE_VALUE

    def error(self, message: str) -> NoReturn:
        """Print the mistake plainly, with where to look for the command's options."""
        command = self.prog.removeprefix("vigkit").strip()
        print(
            f"vigkit: {command + ': ' if command else ''}{message}\n"
            f"(see '{self.prog} --help' for what this command takes)",
            file=sys.stderr,
        )
        sys.exit(2)


def film_time(text: str) -> float:
    """A time in a film (seconds or m:ss.s, 0 or later), as an argument type; ``-0:01`` is
    understood as a time, and refused as one before the film's start."""
    negative = text.strip().startswith("-")
    try:
        seconds = parse_time(text.strip()[1:] if negative else text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if (negative and seconds > 0) or seconds < 0:
        raise argparse.ArgumentTypeError(
            f"'{text}' is before the start of the film: times count from 0:00 (the film's "
            "first frame)"
        )
    return seconds


def seconds_at_least(
    minimum: float, *, more_than: bool = False, maximum: float = math.inf
) -> Callable[[str], float]:
    """An argument type for a finite number of seconds (or m:ss), at least ``minimum`` (or
    more than it) and at most ``maximum``: NaN, infinity and values out of range are refused
    with what would do."""

    def seconds(text: str) -> float:
        try:
            value = parse_time(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        if value < minimum or (more_than and value == minimum) or value > maximum:
            bound = "more than" if more_than else "at least"
            most = f" and at most {maximum:g}" if math.isfinite(maximum) else ""
            raise argparse.ArgumentTypeError(
                f"'{text}' is not allowed here: give {bound} {minimum:g}{most} seconds"
            )
        return value

    return seconds


def whole_number(minimum: int = 1, maximum: int = 100_000) -> Callable[[str], int]:
    """An argument type for a whole number in a range (pixels, columns)."""

    def number(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"'{text}' is out of range: give a whole number from {minimum} to {maximum}"
            )
        return value

    return number


def finite_number(text: str) -> float:
    """A finite number (not NaN or infinity), as an argument type."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not allowed here: give a finite number")
    return value


def output_file(text: str) -> Path:
    """A file to write: not an existing folder, in a folder that exists or can be made
    inside one that exists (checked before any work is done)."""
    path = Path(text)
    if not text.strip():
        raise argparse.ArgumentTypeError("the file name is empty")
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            f"{path} is a folder; give the name of a file to write (in it or elsewhere)"
        )
    _check_folder(path.parent, path)
    return path


def output_folder(text: str) -> Path:
    """A folder to write into: an existing folder, or a new one inside an existing one."""
    path = Path(text)
    if not text.strip():
        raise argparse.ArgumentTypeError("the folder name is empty")
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a file, not a folder; give a folder")
    if not path.exists():
        _check_folder(path.parent, path)
    return path


def _check_folder(folder: Path, target: Path) -> None:
    """``folder`` exists, or is missing but its own parent is a folder (then the kit makes
    it); anything else is refused with what to do."""
    if folder.is_dir():
        return
    if folder.exists():
        raise argparse.ArgumentTypeError(
            f"{target}: {folder} is a file, not a folder; choose another place to write"
        )
    above = folder.parent
    if above.is_dir():
        return  # one new folder inside an existing one: the kit makes it
    raise argparse.ArgumentTypeError(
        f"{target}: the folder {above} does not exist, so the kit will not make {folder}; "
        "check the path for a typo, or make the folders first"
    )
