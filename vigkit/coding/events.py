"""The rules for one tagged event, shared by codings read from files and by the journal.

An event is one row of a coding: who (``coder``, ``role``) tagged which moment
(``onset``/``offset`` in seconds) of which ``clip`` with which ``code``. This module
turns what a person or a program gave into a clean record, or says exactly what is
wrong with it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.errors import Problem, VigkitError
from ..core.timecode import format_time, parse_time
from .scheme import Scheme

#: The columns of a coding table, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "clip",
    "coder",
    "role",
    "code",
    "subject",
    "onset",
    "offset",
    "note",
    "created",
    "answers",
)
#: Columns a journal written before tags could answer tags may lack (filled with ``""``).
LATER_COLUMNS: tuple[str, ...] = ("answers",)
#: Columns a person must fill in; the rest have defaults.
REQUIRED_COLUMNS: tuple[str, ...] = ("clip", "coder", "code", "onset")
#: Columns that record the scheme in files (metadata, the same on every row).
SCHEME_COLUMNS: tuple[str, ...] = ("scheme", "scheme_version")
ROLES: tuple[str, ...] = ("trainee", "supervisor", "self", "peer")
DEFAULT_ROLE = "trainee"
#: Clip and coder ids become file names in a workspace, so they are kept simple.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: Times may pass a clip's known duration by this much (rounding of the last frame).
DURATION_SLACK = 0.001

Event = dict[str, Any]


def is_blank(value: Any) -> bool:
    """Whether a cell counts as empty: missing, ``None``, ``pd.NA`` or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return _is_missing(value)


def _is_missing(value: Any) -> bool:
    """pandas' missing-value markers, without importing pandas here."""
    return type(value).__name__ in {"NAType", "NaTType"}


def utc_now() -> str:
    """The current time as the kit stores it: UTC ISO 8601 with milliseconds."""
    return format_created(datetime.now(timezone.utc))


def format_created(moment: datetime) -> str:
    """``2026-11-24T15:16:46.123Z``: UTC, milliseconds, sortable as text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_created(value: Any) -> str:
    """Normalise a creation time (ISO 8601 text or datetime) to the stored form."""
    if isinstance(value, datetime):
        return format_created(value)
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return format_created(datetime.fromisoformat(text))
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date and time: write ISO 8601, e.g. 2026-03-01T10:15:00Z"
        ) from None


def check_name(value: Any, what: str) -> tuple[str, str | None]:
    """A clip or coder id, stripped, or the reason it cannot be used."""
    text = "" if is_blank(value) else str(value).strip()
    if not text:
        return "", f"the {what} is missing"
    if not NAME_PATTERN.match(text):
        return text, (
            f"'{text}' cannot be used as a {what} id: use up to 64 letters, digits, '-', '_' "
            "or '.', starting with a letter or digit"
            + (" (coder ids are pseudonyms, e.g. T07, not names)" if what == "coder" else "")
        )
    return text, None


def clip_name(film: str | Path) -> str:
    """A clip id from a film's name (letters, digits, ``.``, ``_``, ``-``; 64 at most)."""
    film = Path(film)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", film.stem).lstrip("._-")[:64]
    if not name or not NAME_PATTERN.match(name):
        raise VigkitError(f"{film.name}: give the clip a name (clip='...') for this film")
    return name


def normalise_event(
    values: Mapping[str, Any],
    scheme: Scheme,
    *,
    duration: float | None = None,
    line: int | None = None,
) -> tuple[Event | None, list[Problem]]:
    """Check one event and fill its defaults; return it, or every problem it has."""
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(message, line, column))

    for column in _TEXT_COLUMNS:
        kind = _not_text(values.get(column))
        if kind:
            problem(column, f"the {column} must be text, not {kind}")
    if problems:  # a list or object where text belongs: nothing else is worth checking
        return None, problems

    event: Event = {}
    for column, what in (("clip", "clip"), ("coder", "coder")):
        event[column], reason = check_name(values.get(column), what)
        if reason:
            problem(column, reason)

    role = values.get("role")
    event["role"] = DEFAULT_ROLE if is_blank(role) else str(role).strip().lower()
    if event["role"] not in ROLES:
        problem("role", f"unknown role '{role}' (use one of: {', '.join(ROLES)})")

    code = values.get("code")
    if is_blank(code):
        problem("code", "the code is missing")
        event["code"] = ""
    else:
        resolved = scheme.resolve(str(code))
        if resolved is None:
            hint = scheme.suggest(str(code))
            maybe = f"; did you mean '{hint}'?" if hint else f"; see: vigkit scheme {scheme.id}"
            problem("code", f"unknown code '{code}' in scheme '{scheme.id}'{maybe}")
        event["code"] = resolved or str(code)

    subject = values.get("subject")
    event["subject"] = "" if is_blank(subject) else str(subject).strip()

    onset = _time(values.get("onset"), "onset", problem)
    offset_value = values.get("offset")
    offset = onset if is_blank(offset_value) else _time(offset_value, "offset", problem)
    if onset is not None and onset < 0:
        problem("onset", f"the onset {onset:g} s is before the start of the clip")
    if onset is not None and offset is not None and offset < onset:
        problem(
            "offset",
            f"the offset {format_time(offset)} is before the onset {format_time(onset)}",
        )
    if duration is not None:
        latest = max(t for t in (onset, offset, 0.0) if t is not None)
        if latest > duration + DURATION_SLACK:
            problem(
                "offset" if offset is not None and offset > (onset or 0) else "onset",
                f"the time {format_time(latest)} is past the end of the clip "
                f"({format_time(duration)})",
            )
    event["onset"] = onset
    event["offset"] = offset

    note = values.get("note")  # the coder's own words: kept exactly, spaces and all
    event["note"] = "" if note is None or _is_missing(note) else str(note)

    event_id = values.get("id")
    event["id"] = str(uuid.uuid4()) if is_blank(event_id) else str(event_id).strip()

    answers = values.get("answers")  # the id of the earlier tag this one receives
    event["answers"] = "" if is_blank(answers) else str(answers).strip()
    if event["answers"] and event["answers"] == event["id"]:
        problem("answers", "a tag cannot answer itself: name the tag it receives, or leave it out")

    created = values.get("created")
    if is_blank(created):
        event["created"] = utc_now()
    else:
        try:
            event["created"] = parse_created(created)
        except ValueError as error:
            problem("created", str(error))
    return (None if problems else {c: event[c] for c in COLUMNS}), problems


#: Columns that hold text (JSON Lines and DataFrames can give anything).
_TEXT_COLUMNS = ("id", "clip", "coder", "role", "code", "subject", "note", "answers")
#: Times longer than this are not quoted whole in messages.
_SHOWN_LENGTH = 24


def _not_text(value: Any) -> str:
    """What a value is when it cannot be text (a list, an object, true/false), else ``""``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (write it in quotes if it is meant as text)"
    if isinstance(value, Mapping):
        return "an object {...}"
    if isinstance(value, list | tuple | set):
        return "a list [...]"
    return ""


def _time(value: Any, column: str, problem: Callable[[str, str], None]) -> float | None:
    """Seconds from a time cell, or ``None`` after saying what is wrong with it."""
    if is_blank(value):
        problem(column, f"the {column} is missing")
        return None
    kind = _not_text(value)
    if kind and not isinstance(value, bool):
        problem(column, f"the {column} must be a time (seconds or m:ss.s), not {kind}")
        return None
    shown = str(value).strip()
    if len(shown) > _SHOWN_LENGTH:
        shown = shown[:_SHOWN_LENGTH] + "…"
    try:
        if isinstance(value, str) and "_" in value:  # float() would read 1_000 as 1000
            raise ValueError(
                f"'{shown}' is not a time: write seconds (75.5) or minutes:seconds (1:15.5)"
            )
        seconds = parse_time(value)
    except ValueError as error:
        message = str(error)
        problem(column, message if len(message) < 200 else f"'{shown}' is not a time")
        return None
    except OverflowError:  # e.g. a 400-digit hour or a 400-digit JSON number
        problem(column, f"'{shown}' is too big to be a time")
        return None
    return seconds
