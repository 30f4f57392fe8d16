"""A BORIS project file opened: the format's fixed names, the JSON (gzip or not) checked, one
observation chosen, and what it says about its ethogram, clip and film."""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..coding.events import check_name
from ..core.errors import Problem
from ..core.limits import gunzip, load_json
from ..core.textfile import decode_text, read_file_bytes
from .common import FormatError

#: The project format BORIS 7, 8 and 9 write (``config.project_format_version``).
FORMAT_VERSION = "7.0"
STATE_TYPES = ("State event", "State event with coding map")
POINT_TYPES = ("Point event", "Point event with coding map")
#: How BORIS names the absence of a subject in its tables (files store "").
NO_FOCAL_SUBJECT = "No focal subject"
PLAYERS = tuple(str(number) for number in range(1, 9))
_NOT_A_PROJECT_HINT = (
    "A BORIS project is the file BORIS saves with File → Save project (.boris or .boris.gz); "
    "exported event tables (CSV, TSV, XLSX) are not projects."
)


def load_project(source: Path) -> dict[str, Any]:
    """The project as JSON data: gzip recognised by its first bytes, UTF-8 text, an object
    with ``observations`` and ``behaviors_conf``; otherwise one clear error."""
    data = read_file_bytes(source, FormatError)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source)
    text = decode_text(
        data, source, FormatError, "BORIS saves projects as UTF-8; save it again from BORIS."
    )
    try:
        project = load_json(text, source, FormatError, parse_constant=_refuse_constant)
    except ValueError as failure:
        raise FormatError(source, [_json_problem(failure)], hint=_NOT_A_PROJECT_HINT) from None
    missing = [
        key for key in ("observations", "behaviors_conf") if not _is_mapping_at(project, key)
    ]
    if missing:
        raise FormatError(
            source,
            [Problem(f"this is not a BORIS project: it has no {' or '.join(map(repr, missing))}")],
            hint=_NOT_A_PROJECT_HINT,
        )
    loaded: dict[str, Any] = project
    return loaded


def _json_problem(failure: ValueError) -> Problem:
    """Why the text is not JSON, with the line where the parser stopped."""
    if isinstance(failure, json.JSONDecodeError):
        return Problem(f"this is not valid JSON ({failure.msg})", failure.lineno)
    return Problem(f"this is not valid JSON ({failure})")


def _gunzip(data: bytes, source: Path) -> bytes:
    """The JSON inside a gzip file; a damaged or cut-short file is one clear error."""
    try:
        return gunzip(data, source, FormatError)
    except (EOFError, OSError, zlib.error) as failure:
        raise FormatError(
            source,
            [Problem(f"the gzip compression is damaged ({failure}); the file may be cut short")],
            hint="Copy the project again from where BORIS saved it.",
        ) from None


def _refuse_constant(name: str) -> Any:
    """NaN and Infinity are not JSON, and BORIS never writes them."""
    raise ValueError(f"{name} is not a value BORIS writes")


def _is_mapping_at(value: Any, key: str) -> bool:
    """Whether ``value`` is an object whose ``key`` is an object too."""
    return isinstance(value, dict) and isinstance(value.get(key), dict)


def choose_observation(
    project: Mapping[str, Any], source: Path, wanted: str | None
) -> tuple[str, Mapping[str, Any]]:
    """The observation to import: the one asked for, or the only one."""
    observations: Mapping[str, Any] = project["observations"]
    listed = ", ".join(f"'{name}'" for name in observations) or "none"
    if wanted is not None and wanted not in observations:
        problem = f"there is no observation '{wanted}'; the observations are: {listed}"
        raise FormatError(source, [Problem(problem)])
    if wanted is None and len(observations) != 1:
        problem = (
            f"the project has {len(observations)} observations; choose one: {listed}"
            if observations
            else "the project has no observations"
        )
        raise FormatError(source, [Problem(problem)], hint="Give the observation's id.")
    name = wanted if wanted is not None else next(iter(observations))
    chosen = observations[name]
    problems = _observation_problems(chosen, name)
    if problems:
        raise FormatError(source, problems)
    return name, chosen


def _observation_problems(chosen: Any, name: str) -> list[Problem]:
    """Why an observation cannot be imported (wrong kind, damaged), if it cannot."""
    where = f"observation '{name}'"
    if not isinstance(chosen, dict):
        return [Problem(f"{where} is not a JSON object")]
    if chosen.get("type", "MEDIA") not in ("MEDIA", "LIVE"):
        return [
            Problem(
                f"{where} is of type '{chosen.get('type')}'; only observations of films "
                "(MEDIA) and live observations (LIVE) can be imported"
            )
        ]
    if chosen.get("media_creation_date_as_offset"):
        return [Problem(f"{where} times events by the film's creation date, not film time")]
    if not isinstance(chosen.get("events", []), list):
        return [Problem(f"{where}: 'events' is not a list")]
    offset = chosen.get("time offset", 0)
    if not is_number(offset):
        return [Problem(f"{where}: the time offset {offset!r} is not a number")]
    return []


def ethogram_types(project: Mapping[str, Any], source: Path) -> dict[str, bool]:
    """Whether each ethogram behaviour is a state (True) or a point (False) event."""
    types: dict[str, bool] = {}
    problems: list[Problem] = []
    for key, entry in project["behaviors_conf"].items():
        code = entry.get("code") if isinstance(entry, dict) else None
        kind = entry.get("type") if isinstance(entry, dict) else None
        if not isinstance(code, str) or not code:
            problems.append(Problem(f"ethogram entry {key}: it has no behaviour code"))
        elif kind not in STATE_TYPES + POINT_TYPES:
            problems.append(
                Problem(f"ethogram entry {key} ('{code}'): unknown behaviour type {kind!r}")
            )
        else:
            types.setdefault(code, kind in STATE_TYPES)
    if problems:
        raise FormatError(source, problems, hint=_NOT_A_PROJECT_HINT)
    return types


def _media_files(chosen: Mapping[str, Any]) -> list[str]:
    """The films of player 1 (the clip); BORIS writes ``[]`` for live observations."""
    files = chosen.get("file")
    player = files.get("1", []) if isinstance(files, dict) else []
    return [name for name in player if isinstance(name, str)] if isinstance(player, list) else []


def clip_of(chosen: Mapping[str, Any], name: str, source: Path) -> str:
    """The clip id the observation is of: its ``clip`` independent variable (the kit writes
    one), else its film's name without folder or extension."""
    films = _media_files(chosen)
    variables = chosen.get("independent_variables")
    recorded = variables.get("clip") if isinstance(variables, dict) else None
    if isinstance(recorded, str) and not check_name(recorded, "clip")[1]:
        candidate = recorded
    elif len(films) == 1:
        candidate = _stem(films[0])
    else:
        what = f"{len(films)} films" if films else "no film"
        raise FormatError(
            source,
            [Problem(f"observation '{name}' has {what}, so its clip cannot be named")],
            hint="Give the clip's id (clip=... or --clip).",
        )
    clip_id, reason = check_name(candidate, "clip")
    if reason:
        raise FormatError(
            source,
            [Problem(f"observation '{name}': {reason}")],
            hint="Give the clip's id (clip=... or --clip).",
        )
    return clip_id


def _stem(film: str) -> str:
    """A film's name without folder or extension, for POSIX and Windows paths alike."""
    pure = PureWindowsPath(film) if "\\" in film else PurePosixPath(film)
    return pure.stem


def media_length(chosen: Mapping[str, Any]) -> float | None:
    """The film's length from ``media_info`` when the observation has exactly one film."""
    films = _media_files(chosen)
    info = chosen.get("media_info")
    lengths = info.get("length") if isinstance(info, dict) else None
    if len(films) != 1 or not isinstance(lengths, dict):
        return None
    length: Any = lengths.get(films[0])
    return float(length) if is_number(length) and length > 0 else None


def is_number(value: Any) -> bool:
    """A finite JSON number (not a boolean, which Python counts as one)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
