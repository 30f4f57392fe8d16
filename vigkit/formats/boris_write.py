"""Writing a coding as a BORIS project (:func:`write_boris`): the scheme as the ethogram, one
observation per clip and coder, a linked film probed for its length and frame rate."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.atomic import atomic_write_bytes
from ..core.errors import Problem, VigkitError
from ..core.timecode import format_time
from .boris_project import (
    FORMAT_VERSION,
    PLAYERS,
    POINT_TYPES,
    STATE_TYPES,
)
from .common import FormatError, warn_links_left_out


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
    warn_links_left_out(coding, target, "BORIS project")
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
