"""What every part of the practice record shares: ``RecordError``, problem paths, dates, and the
field-by-field JSON reader the record's readers build on.

Kept apart so that the record's data (``recorddata``) and the accreditation parts
(``stagedata``) can both use it without importing each other.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..core.errors import Problem, ProblemsError, VigkitError

Problems = list[tuple[str, str]]


class RecordError(ProblemsError):
    """A practice record (file or value) breaks the format; every problem is listed."""

    kind = "practice record"


def _raise(problems: Problems, source: str | Path | None = None) -> None:
    if problems:
        raise RecordError(
            source,
            [Problem(f"{where}: {what}" if where else what) for where, what in problems],
            hint="The record format is described in docs/reflection.md.",
            consequence="nothing was loaded" if source is not None else "nothing was changed",
        )


def _at(path: str, key: str | int) -> str:
    if key == "":
        return path
    if isinstance(key, int) or key.startswith("["):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def is_day(value: object) -> bool:
    """Whether ``value`` is a calendar day (a ``date``, not a ``datetime``)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def as_day(value: dt.date | str | None, where: str) -> dt.date | None:
    """A day given as a ``date`` or as text (``2026-03-31`` or ``31/3/2026``); None or blank
    text is no day. A bad day raises :class:`RecordError` naming ``where``."""
    from ..privacy.dates import parse_optional_day

    try:
        return parse_optional_day(value, where)
    except VigkitError as error:
        raise RecordError(None, [Problem(str(error))]) from None


class FieldReader:
    """Checks JSON data field by field, collecting every problem with its JSON path."""

    def __init__(self) -> None:
        self.problems: Problems = []

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def mapping(
        self, data: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.add(path, f"must be an object {{...}} with {', '.join(required or optional)}")
            return None
        allowed = set(required) | set(optional)
        for key in data:
            if key not in allowed:
                self.add(_at(path, key), f"unknown field (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in data:
                self.add(path, f"the field '{key}' is missing")
        return data

    def text(self, data: dict[str, Any], key: str, path: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.add(_at(path, key), f"must be text in quotes, not {json.dumps(value)}")
            return default
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(_at(path, key), "must be a list [...]")
            return []
        return value

    def texts(self, data: dict[str, Any], key: str, path: str) -> dict[str, str]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.add(_at(path, key), 'must be an object {"id": "text", ...}')
            return {}
        good = {}
        for name, text in value.items():
            if isinstance(text, str) and name.strip():
                good[name] = text
            else:
                self.add(f"{_at(path, key)}[{json.dumps(name)}]", "must be text in quotes")
        return good

    def day(self, data: dict[str, Any], key: str, path: str) -> tuple[bool, dt.date | None]:
        """(ok, the day) for an optional ``YYYY-MM-DD`` field; absent or null is no day."""
        raw = data.get(key)
        if raw is None:
            return True, None
        try:
            day = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            day = None
        if day is None:
            self.add(_at(path, key), f"must be a date written YYYY-MM-DD, not {json.dumps(raw)}")
            return False, None
        return True, day

    def checked(self, path: str, problems: Problems) -> bool:
        for where, what in problems:
            self.add(_at(path, where), what)
        return not problems
