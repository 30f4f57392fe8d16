"""What several sub-commands share: reading a coding from whatever file a person has
(with ``--coder``/``--clip`` for files that do not say), and the ``--duration`` option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..coding.journal import replay
from ..coding.scheme import DEFAULT_SCHEME
from ..coding.table import Coding
from ..coding.workspace import JOURNAL_SUFFIX
from ..core.errors import VigkitError
from ..core.timecode import parse_time


def read_coding(
    path: Path,
    scheme: str | None,
    duration: float | None = None,
    *,
    coder: str | None = None,
    clip: str | None = None,
    observation: str | None = None,
    codes: Path | None = None,
) -> Coding:
    """A coding from a tagging journal (replayed), a CSV or JSON Lines file, or a file of
    another tool (.eaf, .boris, .vtt, .xlsx, read with each format's defaults).

    ``coder`` and ``clip`` are for files that may not say (BORIS, WebVTT; ELAN's clip),
    ``observation`` for BORIS projects, ``codes`` (a file mapping other tools' names to
    codes) for ELAN, BORIS and WebVTT files; given for a file they do not apply to, they are
    refused, not ignored."""
    from ..formats.dispatch import format_of, read_coding_file

    check_input_file(path)
    names = {"coder": coder, "clip": clip, "codes": codes}
    if observation is not None and format_of(path) != "boris":
        raise VigkitError(f"{path}: --observation is for BORIS projects (.boris, .boris.gz)")
    if names_itself(path):
        given = [f"--{name}" for name, value in names.items() if value is not None]
        if given:
            raise VigkitError(
                f"{path}: {' and '.join(given)} does not apply to this file: it names the "
                "clip, coder and code of each tag itself"
            )
        if path.name.endswith(JOURNAL_SUFFIX):
            return replay(path, scheme, duration=duration)
        if format_of(path) != "xlsx":
            return Coding.read(path, scheme, duration=duration)
    if format_of(path) == "elan" and coder is not None:
        raise VigkitError(
            f"{path}: --coder does not apply to ELAN files: each tier names its coder (to "
            "rename tiers, use vigkit import with --tier 'NAME=PSEUDONYM')"
        )
    return read_coding_file(
        path, scheme or DEFAULT_SCHEME, duration=duration, observation=observation, **names
    )


def check_input_file(path: Path) -> None:
    """Refuse a folder given where a file is read (before its name's ending is judged)."""
    if path.is_dir():
        raise VigkitError(f"{path}: this is a folder, not a file; give the coding file in it")


def names_itself(path: Path) -> bool:
    """Whether a coding file names the clip and coder in every tag (the kit's own files, a
    journal, a spreadsheet), so that ``--clip`` and ``--coder`` do not apply to it."""
    from ..formats.dispatch import format_of

    return path.name.endswith(JOURNAL_SUFFIX) or format_of(path) in ("csv", "jsonl", "xlsx")


def duration_option(text: str | None) -> float | None:
    """The ``--duration`` option in seconds (given as seconds or m:ss), checked."""
    if text is None:
        return None
    negative = text.strip().startswith("-")
    try:
        seconds = parse_time(text.strip()[1:] if negative else text)
    except ValueError as error:
        raise VigkitError(f"--duration: {error}") from None
    if negative or seconds <= 0:
        raise VigkitError("--duration: the clip's length must be more than 0 seconds")
    return seconds


def add_source_options(parser: Any, *, reference: bool = False) -> None:
    """``--coder``, ``--clip`` and ``--observation`` for a coding read from a file that may
    not say (BORIS, WebVTT); with ``reference``, ``--reference-coder`` and
    ``--reference-observation`` for a second file too."""
    parser.add_argument(
        "--coder",
        metavar="PSEUDONYM",
        help="whose coding a .boris or .vtt file is, when the file does not say",
    )
    parser.add_argument(
        "--clip",
        metavar="NAME",
        help="the clip a .vtt (or .eaf, .boris) file is of, when it "
        "does not say" + (" (default: the other coding's clip)" if reference else ""),
    )
    parser.add_argument("--observation", metavar="ID", help="BORIS: which observation")
    parser.add_argument(
        "--codes",
        type=Path,
        metavar="MAP",
        help="a file mapping an ELAN, BORIS or WebVTT file's code names to the scheme's codes",
    )
    if reference:
        parser.add_argument(
            "--reference-coder",
            metavar="PSEUDONYM",
            help="the same as --coder, for the second (supervisor's) file",
        )
        parser.add_argument(
            "--reference-observation",
            metavar="ID",
            help="the same as --observation, for the second (supervisor's) file",
        )
