"""BORIS projects (``.boris`` JSON, ``.boris.gz`` gzip JSON): one observation's events read
as a coding, and a coding written as a project BORIS opens, with the scheme as its ethogram.

BORIS stores no START/STOP flags: each event of a *state* behaviour toggles it for its
(subject, behaviour, modifiers), in time order, so the 1st, 3rd, 5th… events start a
stretch and the 2nd, 4th… stop it. Times are seconds of the observation: the media time
plus the observation's ``time offset``.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..coding.events import DEFAULT_ROLE, check_name, parse_created
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.atomic import atomic_write_bytes
from ..core.errors import Problem, VigkitError
from ..core.textfile import read_file_bytes
from ..core.timecode import format_time
from .common import CodeMap, FormatError, Located, build_coding, unknown_code

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
_UNPAIRED_HINT = (
    "Open the project in BORIS, stop the state events left running (or delete them) and "
    "save it, then import it again."
)


@dataclass(frozen=True)
class _BorisEvent:
    """One row of an observation's ``events`` list, with its 1-based place in the file."""

    number: int
    time: float
    subject: str
    behaviour: str
    modifiers: str
    comment: str

    def describe(self, observation: str) -> str:
        """Where the event is, for problems: observation, number and time."""
        return f"observation '{observation}', event {self.number} ({format_time(self.time)})"


# ----------------------------------------------------------------------------- reading
def read_boris(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    observation: str | None = None,
    codes: CodeMap | str | Path | None = None,
    coder: str,
    role: str = DEFAULT_ROLE,
    clip: str | None = None,
    duration: float | None = None,
) -> Coding:
    """One observation of a BORIS project as a coding by ``coder``.

    State events become intervals (each START with the next STOP of the same subject,
    behaviour and modifiers), point events points; modifiers and comments become the
    note; behaviour names map to codes through ``codes`` (a :class:`CodeMap` or its file)
    or as scheme ids and labels. ``clip`` defaults to the observation's ``clip`` variable
    (the kit writes one) or its film's name, ``duration`` to the film's length. Every
    problem is reported at once and nothing is imported.
    """
    source = Path(path)
    checked = load_scheme(scheme)
    project = _load_project(source)
    name, chosen = _choose_observation(project, source, observation)
    types = _ethogram_types(project, source)
    clip_id = clip if clip is not None else _clip_of(chosen, name, source)
    length = duration if duration is not None else _media_length(chosen)
    events, problems = _parse_events(chosen, name)
    base = {"clip": clip_id, "coder": coder, "role": role, **_created(chosen)}
    located, more = _located_events(events, types, name, base, CodeMap.of(codes), checked)
    found = problems + more
    return build_coding(
        located, checked, source, duration=length, problems=found, hint=_hint(found)
    )


def _hint(problems: Sequence[Problem]) -> str:
    """What to do about unstopped state events, if there are any."""
    return _UNPAIRED_HINT if any("never stops" in p.message for p in problems) else ""


def _load_project(source: Path) -> dict[str, Any]:
    """The project as JSON data: gzip recognised by its first bytes, UTF-8 text, an object
    with ``observations`` and ``behaviors_conf``; otherwise one clear error."""
    data = read_file_bytes(source, FormatError)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        raise FormatError(
            source,
            [Problem(f"it is not UTF-8 text (byte {failure.start} cannot be read)", line)],
            hint="BORIS saves projects as UTF-8; save it again from BORIS.",
        ) from None
    try:
        project = json.loads(text, parse_constant=_refuse_constant)
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
        return gzip.decompress(data)
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


def _choose_observation(
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
    if not _is_number(offset):
        return [Problem(f"{where}: the time offset {offset!r} is not a number")]
    return []


def _ethogram_types(project: Mapping[str, Any], source: Path) -> dict[str, bool]:
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


def _clip_of(chosen: Mapping[str, Any], name: str, source: Path) -> str:
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


def _media_length(chosen: Mapping[str, Any]) -> float | None:
    """The film's length from ``media_info`` when the observation has exactly one film."""
    films = _media_files(chosen)
    info = chosen.get("media_info")
    lengths = info.get("length") if isinstance(info, dict) else None
    if len(films) != 1 or not isinstance(lengths, dict):
        return None
    length: Any = lengths.get(films[0])
    return float(length) if _is_number(length) and length > 0 else None


def _is_number(value: Any) -> bool:
    """A finite JSON number (not a boolean, which Python counts as one)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _parse_events(chosen: Mapping[str, Any], name: str) -> tuple[list[_BorisEvent], list[Problem]]:
    """The observation's events in time order (BORIS's order for equal times), in clip
    time (the time offset taken off), with a problem for each malformed row."""
    offset = float(chosen.get("time offset", 0) or 0)
    events: list[_BorisEvent] = []
    problems: list[Problem] = []
    for number, row in enumerate(chosen.get("events", []), start=1):
        event, problem = _parse_event(row, number, offset, name)
        if problem:
            problems.append(Problem(problem))
        elif event is not None:
            events.append(event)
    events.sort(key=lambda event: event.time)
    return events, problems


def _parse_event(
    row: Any, number: int, offset: float, name: str
) -> tuple[_BorisEvent | None, str | None]:
    """One event row, or what is wrong with it (naming the observation and event)."""
    where = f"observation '{name}', event {number}"
    if not isinstance(row, list) or len(row) < 5:
        return None, f"{where}: expected [time, subject, behaviour, modifiers, comment]"
    time, subject, behaviour, modifiers, comment = row[:5]
    if not _is_number(time):
        return None, f"{where}: the time {time!r} is not a number of seconds"
    texts = (subject, behaviour, modifiers, comment)
    if not all(isinstance(value, str) or value is None for value in texts):
        return None, f"{where}: subject, behaviour, modifiers and comment must be texts"
    if not behaviour:
        return None, f"{where}: the behaviour is missing"
    return (
        _BorisEvent(
            number, time - offset, subject or "", behaviour, modifiers or "", comment or ""
        ),
        None,
    )


def _created(chosen: Mapping[str, Any]) -> dict[str, str]:
    """The observation's date as the events' creation time, when it is one."""
    try:
        return {"created": parse_created(chosen.get("date"))}
    except ValueError:
        return {}


def _located_events(
    events: Sequence[_BorisEvent],
    types: Mapping[str, bool],
    name: str,
    base: Mapping[str, Any],
    code_map: CodeMap,
    scheme: Scheme,
) -> tuple[list[Located], list[Problem]]:
    """Points and paired stretches as located values, with every problem on the way.
    Behaviours mapped to "" are left out before pairing; each unknown name is one problem
    (at its first use, with how many more use it)."""
    codes = {event.behaviour: code_map.code_for(event.behaviour, scheme) for event in events}
    wanted = [event for event in events if codes[event.behaviour] != ""]
    located: list[Located] = []
    problems: list[Problem] = []
    unknown: dict[str, list[str]] = {}
    for first, last in _paired(wanted, types, name, problems):
        element = first.describe(name)
        if last is not first:
            element = f"observation '{name}', events {first.number} to {last.number}"
        code = codes[first.behaviour]
        if code is None:
            unknown.setdefault(first.behaviour, []).append(element)
            continue
        values = dict(base)
        values.update(
            id=f"boris:{name}:{first.number}",  # the same each time the file is read
            code=code,
            subject="" if first.subject == NO_FOCAL_SUBJECT else first.subject,
            onset=first.time,
            offset=last.time,
            note=_note(first.modifiers, dict.fromkeys([first.comment, last.comment])),
        )
        located.append(Located(values, element))
    for behaviour, elements in unknown.items():
        more = f" ({len(elements) - 1} more events use it)" if len(elements) > 1 else ""
        problems.append(Problem(unknown_code(behaviour, scheme, elements[0]) + more))
    return located, problems


def _paired(
    events: Sequence[_BorisEvent],
    types: Mapping[str, bool],
    name: str,
    problems: list[Problem],
) -> list[tuple[_BorisEvent, _BorisEvent]]:
    """(first, last) of each point (the same event twice) and of each START/STOP pair, in
    time order; behaviours missing from the ethogram and unstopped states are problems."""
    found: list[tuple[_BorisEvent, _BorisEvent]] = []
    running: dict[tuple[str, str, str], _BorisEvent] = {}
    for event in events:
        state = types.get(event.behaviour)
        if state is None:
            problems.append(
                Problem(
                    f"{event.describe(name)}: the behaviour '{event.behaviour}' is not in the "
                    "project's ethogram"
                )
            )
        elif not state:
            found.append((event, event))
        else:
            key = (event.subject, event.behaviour, event.modifiers)
            start = running.pop(key, None)
            if start is None:
                running[key] = event
            else:
                found.append((start, event))
    for start in running.values():
        problems.append(Problem(_unpaired(start, name)))
    return sorted(found, key=lambda pair: (pair[0].time, pair[0].number))


def _unpaired(start: _BorisEvent, name: str) -> str:
    """The problem text for a state event that starts and never stops."""
    who = f" of subject '{start.subject}'" if start.subject else ""
    with_modifiers = f" with modifiers '{start.modifiers}'" if start.modifiers else ""
    return (
        f"{start.describe(name)}: the state event '{start.behaviour}'{who}{with_modifiers} "
        "starts here but never stops (no later event of the same behaviour, subject and "
        "modifiers)"
    )


def _note(modifiers: str, comments: Iterable[str]) -> str:
    """The coder's words: ``[modifiers] comment``; comments of a START and its STOP are
    joined with " / ". Comments are kept exactly (spaces and all)."""
    chosen = [part for part in modifiers.split("|") if part.strip() and part.strip() != "None"]
    said = [comment for comment in comments if comment]
    text = " / ".join(said)
    if not chosen:
        return text
    label = f"[{', '.join(part.strip() for part in chosen)}]"
    return f"{label} {text}" if text else label


# ----------------------------------------------------------------------------- writing
def write_boris(coding: Coding, path: str | Path, *, media: str | Path | None = None) -> Path:
    """Write ``coding`` as a BORIS project (gzip-compressed if the name ends in ``.gz``),
    atomically; return the path.

    The ethogram is the scheme at the coding's level; one observation per (clip, coder).
    A code used for any stretch is a *State event* (its moments become zero-length
    stretches), otherwise a *Point event*. ``media`` is the clip's film, linked by its path
    relative to the project; without it the observations are *live* ones (no film).
    """
    target = Path(path)
    records = coding.to_records()
    states = {record["code"] for record in records if record["offset"] > record["onset"]}
    _refuse_overlaps(records, states, target)
    film = _film(media, target, coding)
    ethogram_codes = _ethogram_codes(coding)
    project = {
        "time_format": "hh:mm:ss",
        "project_date": _date([record["created"] for record in records]),
        "project_name": _project_name(coding),
        "project_description": (
            f"Exported by vigkit from a coding in scheme {coding.scheme.id} "
            f"{coding.scheme.version}. Behaviour codes are the scheme's codes."
        ),
        "project_format_version": FORMAT_VERSION,
        "subjects_conf": _subjects(records),
        "behaviors_conf": _ethogram(ethogram_codes, states, coding.scheme),
        "behavioral_categories": [category.label for category in coding.scheme.categories],
        "behavioral_categories_config": _categories(coding.scheme),
        "independent_variables": _variables(),
        "coding_map": {},
        "behaviors_coding_map": [],
        "converters": {},
        "observations": _observations(records, states, film),
    }
    text = json.dumps(project, indent=1, ensure_ascii=True, allow_nan=False)
    data = text.encode("ascii")
    if target.name.lower().endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    atomic_write_bytes(target, data)
    return target


@dataclass(frozen=True)
class _Film:
    """The clip's film as the project names it, with what BORIS records about it."""

    path: str
    length: float
    fps: float
    has_audio: bool


def _film(media: str | Path | None, target: Path, coding: Coding) -> _Film | None:
    """The film, probed (its header only), named by its path relative to the project's
    folder: never an absolute path, so no private folder names leave the computer."""
    if media is None:
        return None
    from ..media.probe import probe  # only when a film is linked: it runs ffmpeg

    if len(coding.clips) > 1:
        raise VigkitError(
            f"{target}: one film was given but the coding has clips {', '.join(coding.clips)}; "
            "export one clip at a time"
        )
    info = probe(media)
    film = Path(media).resolve()
    try:
        name = os.path.relpath(film, target.resolve().parent)
    except ValueError:  # another drive (Windows): the name alone, never a private folder
        name = film.name
    return _Film(Path(name).as_posix(), info.duration, info.fps, info.has_audio)


def _refuse_overlaps(records: Sequence[Mapping[str, Any]], states: set[str], target: Path) -> None:
    """BORIS pairs a state behaviour's events by turns, so two stretches of one code for
    one subject (in one observation) must not overlap; say which do, write nothing."""
    problems: list[Problem] = []
    groups: dict[tuple[str, str, str, str], list[Mapping[str, Any]]] = {}
    for record in records:
        if record["code"] in states:
            key = (record["clip"], record["coder"], record["subject"], record["code"])
            groups.setdefault(key, []).append(record)
    for (clip, coder, subject, code), group in groups.items():
        group.sort(key=lambda record: (record["onset"], record["offset"]))
        reach = group[0]  # the stretch reaching furthest so far
        for after in group[1:]:
            if after["onset"] < reach["offset"]:
                who = f" (subject '{subject}')" if subject else ""
                problems.append(
                    Problem(
                        f"clip '{clip}', coder '{coder}': two '{code}' events{who} overlap, "
                        f"{_span(reach)} and {_span(after)}"
                    )
                )
            reach = max(reach, after, key=lambda record: record["offset"])
    if problems:
        raise FormatError(
            target,
            problems,
            hint="BORIS cannot hold overlapping stretches of one behaviour for one subject; "
            "merge or shorten them (or give them different subjects) and export again.",
            consequence="nothing was written",
        )


def _span(record: Mapping[str, Any]) -> str:
    """An event's times for people: a moment or a stretch."""
    onset, offset = record["onset"], record["offset"]
    if offset == onset:
        return f"the moment at {format_time(onset)}"
    return f"{format_time(onset)} to {format_time(offset)}"


def _ethogram_codes(coding: Coding) -> list[str]:
    """The scheme's categories if the coding uses only categories, else every code."""
    scheme = coding.scheme
    used = set(coding.events["code"])
    if all(scheme.is_category(code) for code in used):
        return [category.id for category in scheme.categories]
    return list(scheme.codes)


def _ethogram(codes: Sequence[str], states: set[str], scheme: Scheme) -> dict[str, Any]:
    """BORIS's ``behaviors_conf``: one behaviour per code, numbered from "0"."""
    keys = _keys(codes, scheme)
    ethogram: dict[str, Any] = {}
    for index, code in enumerate(codes):
        category = scheme.category_of(code)
        description = scheme.description_of(code)
        ethogram[str(index)] = {
            "type": STATE_TYPES[0] if code in states else POINT_TYPES[0],
            "key": keys[code],
            "code": code,
            "description": scheme.label_of(code) + (f": {description}" if description else ""),
            "color": category.colour,
            "category": category.label,
            "modifiers": {},
            "excluded": "",
            "coding map": "",
        }
    return ethogram


def _keys(codes: Sequence[str], scheme: Scheme) -> dict[str, str]:
    """Each code's keyboard key: its category's key where no other code shares it (the
    category itself keeps it when present); otherwise none."""
    keys: dict[str, str] = {}
    for code in codes:
        category = scheme.category_of(code)
        siblings = [other for other in codes if scheme.rollup(other) == category.id]
        owns = code == category.id or (len(siblings) == 1 and category.id not in codes)
        keys[code] = category.key if owns else ""
    return keys


def _categories(scheme: Scheme) -> dict[str, Any]:
    """BORIS's behavioural categories with the scheme's colours."""
    return {
        str(index): {"name": category.label, "color": category.colour}
        for index, category in enumerate(scheme.categories)
    }


def _subjects(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """BORIS's ``subjects_conf`` from the coding's subjects (without keys)."""
    names = sorted({record["subject"] for record in records if record["subject"]})
    return {
        str(index): {"key": "", "name": name, "description": ""} for index, name in enumerate(names)
    }


def _variables() -> dict[str, Any]:
    """Independent variables recording whose coding each observation is, for BORIS's
    filters (and so a live observation still names its clip)."""
    described = (
        ("clip", "the clip's id in vigkit"),
        ("coder", "the coder's pseudonym"),
        ("role", "trainee, supervisor, self or peer"),
    )
    return {
        str(index): {
            "label": label,
            "description": description,
            "type": "text",
            "default value": "",
            "possible values": "",
        }
        for index, (label, description) in enumerate(described)
    }


def _project_name(coding: Coding) -> str:
    """The project's name in BORIS: its clips and the scheme."""
    clips = ", ".join(coding.clips) or "no clip"
    return f"{clips} ({coding.scheme.label})"


def _date(created: Sequence[str]) -> str:
    """An ISO date for BORIS (seconds, no zone): the latest tag's, so files are reproducible."""
    latest = max(created, default="2000-01-01T00:00:00.000Z")
    return latest[:19]


def _observations(
    records: Sequence[Mapping[str, Any]], states: set[str], film: _Film | None
) -> dict[str, Any]:
    """One observation per (clip, coder), named "CLIP by CODER"."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for record in records:
        groups.setdefault((record["clip"], record["coder"]), []).append(record)
    return {
        f"{clip} by {coder}": _observation(group, states, film)
        for (clip, coder), group in sorted(groups.items())
    }


def _observation(
    records: Sequence[Mapping[str, Any]], states: set[str], film: _Film | None
) -> dict[str, Any]:
    """One observation as BORIS writes it: a film's (MEDIA) or a live one."""
    first = records[0]
    observation: dict[str, Any] = {
        "file": {player: [] for player in PLAYERS} if film else {},  # live: no players
        "type": "MEDIA" if film else "LIVE",
        "date": _date([min(record["created"] for record in records)]),
        "description": f"{first['coder']}'s coding of {first['clip']} ({first['role']})",
        "time offset": 0.0,
        "events": _events(records, states, film.fps if film else None),
        "observation time interval": [0, 0],
        "independent_variables": {
            "clip": first["clip"],
            "coder": first["coder"],
            "role": first["role"],
        },
        "visualize_spectrogram": False,
        "visualize_waveform": False,
        "media_creation_date_as_offset": False,
        "media_scan_sampling_duration": 0,
        "image_display_duration": 1,
        "close_behaviors_between_videos": False,
    }
    if film:
        observation["file"]["1"] = [film.path]
        observation["media_info"] = {
            "length": {film.path: film.length},
            "fps": {film.path: film.fps},
            "hasVideo": {film.path: True},
            "hasAudio": {film.path: film.has_audio},
            "offset": {"1": 0.0},
        }
    else:
        observation["scan_sampling_time"] = 0
        observation["start_from_current_time"] = False
    return observation


def _events(
    records: Sequence[Mapping[str, Any]], states: set[str], fps: float | None
) -> list[list[Any]]:
    """BORIS event rows in time order: a point once; a stretch as START (with the note)
    then STOP, so each behaviour's events alternate as BORIS pairs them."""
    rows: list[tuple[float, list[Any]]] = []
    ordered = sorted(records, key=lambda record: (record["onset"], record["offset"]))
    for record in ordered:
        subject, code = record["subject"], record["code"]
        rows.append((record["onset"], [record["onset"], subject, code, "", record["note"]]))
        if code in states:
            rows.append((record["offset"], [record["offset"], subject, code, "", ""]))
    rows.sort(key=lambda row: row[0])  # stable: each behaviour's START stays before its STOP
    if fps is None:
        return [row for _, row in rows]
    return [[*row, round(time * fps)] for time, row in rows]
