"""Choosing a format by the file's name, for the command line and for people who just
have "a file": ``read_coding_file``, ``write_coding_file`` and ``export_coding_file`` (which
also says what the format could not hold). A BORIS project or WebVTT
file that is not given its coder (or clip) gets it from the file where the file has it
(:mod:`vigkit.formats.file_names`), else one clear error saying which option to add."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.errors import VigkitError
from .common import Exported
from .file_names import names_from_file

#: File endings and the format they stand for (longest first: ".boris.gz" before ".gz").
SUFFIXES: tuple[tuple[str, str], ...] = (
    (".boris.gz", "boris"),
    (".boris", "boris"),
    (".eaf", "elan"),
    (".sds", "sdis"),
    (".strings.txt", "strings"),  # BORIS saves behavioural strings as .txt
    (".vtt", "webvtt"),
    (".xlsx", "xlsx"),
    (".csv", "csv"),
    (".tsv", "csv"),
    (".txt", "csv"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "jsonl"),
)
#: What each format needs to know that its file may not say.
_READ_OPTIONS = {
    "elan": ("tiers_as", "tiers", "codes", "coder", "role", "clip", "duration"),
    "boris": ("observation", "codes", "coder", "role", "clip", "duration"),
    "webvtt": ("codes", "coder", "role", "clip", "points"),
    "sdis": ("codes", "coder", "role", "clip", "duration"),
    "strings": (),
    "xlsx": ("sheet", "duration"),
    "csv": ("duration",),
    "jsonl": ("duration",),
}
_WRITE_OPTIONS = {
    "elan": ("media",),
    "boris": ("media",),
    "webvtt": ("text",),
    "xlsx": (),
    "sdis": (),
    "strings": (),
}
#: Each format's module and the names of its reader and writer.
_FUNCTIONS = {
    "elan": ("elan", "read_eaf", "write_eaf"),
    "boris": ("boris", "read_boris", "write_boris"),
    "webvtt": ("webvtt", "read_vtt", "write_vtt"),
    "xlsx": ("spreadsheet", "read_xlsx", "write_xlsx"),
    "sdis": ("sdis", "read_sdis", "write_sdis"),
    "strings": ("behavioural_strings", "", "write_behavioural_strings"),
}
#: Formats whose files hold several codings (several clips and coders) at once.
MANY_CODINGS = ("sdis", "strings", "csv", "jsonl", "xlsx", "boris")


def format_of(path: str | Path) -> str:
    """The format a file's name says it is in; a clear error for other endings."""
    name = Path(path).name.lower()
    for suffix, fmt in SUFFIXES:
        if name.endswith(suffix):
            return fmt
    suffix = Path(path).suffix.lower() or "no extension"
    raise VigkitError(
        f"{path}: the kit cannot read or write '{suffix}' files as codings; use .csv or "
        ".jsonl (the kit's own), .eaf (ELAN), .boris or .boris.gz (BORIS), .vtt (WebVTT "
        "captions), .xlsx (Excel), .sds (GSEQ's SDIS) or .strings.txt (BORIS's "
        "behavioural strings)"
    )


def read_coding_file(path: str | Path, scheme: Scheme | str, **options: Any) -> Coding:
    """Read a coding from any supported file; ``options`` the format does not use are
    refused (a mistake should not pass silently), ``None`` values are left out."""
    fmt = format_of(path)
    given = {key: value for key, value in options.items() if value is not None}
    if fmt == "strings":
        raise VigkitError(
            f"{path}: behavioural strings keep the order of tags but not their times, so they "
            "cannot become a coding; read them as sequences in Python with "
            "vigkit.formats.read_behavioural_strings"
        )
    _refuse_unused(path, fmt, given, _READ_OPTIONS[fmt])
    if fmt in ("csv", "jsonl"):
        return Coding.read(path, scheme, **given)
    given.update(names_from_file(Path(path), fmt, given))
    reader: Callable[..., Coding] = _function(fmt, "read")
    return reader(path, scheme, **given)


def write_coding_file(coding: Coding, path: str | Path, **options: Any) -> Path:
    """Write ``coding`` in the format the file's name says (atomically)."""
    return export_coding_file(coding, path, **options).path


def export_coding_file(coding: Coding, path: str | Path, **options: Any) -> Exported:
    """Write ``coding`` as :func:`write_coding_file` does, and say what the format could not
    hold (plain sentences; none for the formats that hold a whole coding)."""
    fmt = format_of(path)
    given = {key: value for key, value in options.items() if value is not None}
    if fmt == "csv":
        _refuse_unused(path, fmt, given, ())
        return Exported(coding.to_csv(path))
    if fmt == "jsonl":
        _refuse_unused(path, fmt, given, ())
        return Exported(coding.to_jsonl(path))
    _refuse_unused(path, fmt, given, _WRITE_OPTIONS[fmt])
    writer: Callable[..., Path | Exported] = _function(fmt, "write")
    written = writer(coding, path, **given)
    return written if isinstance(written, Exported) else Exported(written)


def _function(fmt: str, verb: str) -> Callable[..., Any]:
    module_name, reader, writer = _FUNCTIONS[fmt]
    module = importlib.import_module(f".{module_name}", __package__)
    function: Callable[..., Any] = getattr(module, reader if verb == "read" else writer)
    return function


def _refuse_unused(
    path: str | Path, fmt: str, given: dict[str, Any], allowed: tuple[str, ...]
) -> None:
    unused = sorted(set(given) - set(allowed))
    if unused:
        names = ", ".join(f"--{name.replace('_', '-')}" for name in unused)
        raise VigkitError(f"{path}: {names} does not apply to {fmt} files")
