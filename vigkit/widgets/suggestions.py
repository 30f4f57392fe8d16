"""The Tagger's suggestions lane, in Python: checked rows from plain data, stable ids, and
which ones a coder has tagged or set aside, kept per (clip, coder) in the workspace.

Suggestions come as plain data (a pandas DataFrame or mappings with ``onset``, ``offset``,
``kind``, ``principle``, ``code``, ``reason``, ``score``, optional ``rank`` and ``id``), so
this layer never needs the moment finder that makes them. What the coder decided lives in
``WORKSPACE/moments/CLIP--CODER.json`` (written atomically), so a re-run of the notebook
does not offer them again; an unreadable file is said and treated as empty, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..coding.events import is_blank, utc_now
from ..coding.scheme_data import Scheme
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError
from ..core.limits import parse_json
from ..core.timecode import format_time

#: Where decisions on suggestions are kept, under the workspace.
FOLDER = "moments"
FORMAT = 1
REQUIRED = ("onset", "offset", "principle", "reason")
#: How far past the film's end a suggestion may reach (rounding of the finder's times).
SLACK = 0.5


@dataclass(frozen=True)
class Suggestion:
    """One place to look: ``onset``–``offset`` (s) may show ``principle`` (a category id),
    perhaps as behaviour ``code``, for ``reason`` (plain words)."""

    id: str
    rank: int
    onset: float
    offset: float
    kind: str
    principle: str
    code: str
    reason: str
    score: float | None

    def tag_code(self, level: str) -> str:
        """The code a tag of this suggestion gets at the Tagger's ``level``."""
        return self.code if level == "behaviour" and self.code else self.principle

    def shown(self, scheme: Scheme, level: str) -> dict[str, Any]:
        """What the browser's lane needs of it (labels and colour from ``scheme``)."""
        tag = self.tag_code(level)
        return {
            "id": self.id,
            "rank": self.rank,
            "onset": self.onset,
            "offset": self.offset,
            "kind": self.kind,
            "principle": self.principle,
            "principle_label": scheme.label_of(self.principle),
            "code": self.code,
            "tag_code": tag,
            "tag_label": scheme.label_of(tag),
            "colour": scheme.colour_of(self.principle),
            "reason": self.reason,
            "score": self.score,
        }


def suggestion_id(clip: str, kind: str, onset: float, offset: float) -> str:
    """A stable id for a suggestion without one: the same clip, kind and times (to the
    hundredth of a second) give the same id in every run."""
    key = f"{clip}|{kind}|{onset:.2f}|{offset:.2f}"
    return "s-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def read_suggestions(data: Any, scheme: Scheme, *, clip: str, duration: float) -> list[Suggestion]:
    """Checked suggestions from a DataFrame or a sequence of mappings, in time order; a
    row that cannot be used is a :class:`VigkitError` naming it and what to change."""
    if data is None:
        return []
    rows = _rows(data)
    found: dict[str, Suggestion] = {}
    for number, row in enumerate(rows, 1):
        item = _suggestion(number, row, scheme, clip, duration)
        if item.id in found:
            if not _blank(row.get("id")):
                raise VigkitError(f"suggestion {number}: the id {item.id!r} is given twice")
            continue  # the same kind at the same times twice: shown once
        found[item.id] = item
    return sorted(found.values(), key=lambda s: (s.onset, s.offset, s.rank))


def _rows(data: Any) -> list[Mapping[str, Any]]:
    if isinstance(data, pd.DataFrame):
        if data.empty:
            return []  # no suggestions (with or without columns)
        missing = [c for c in REQUIRED if c not in data.columns]
        if missing:
            raise VigkitError(f"the suggestions have no column {', '.join(map(repr, missing))}")
        return [{str(k): v for k, v in row.items()} for row in data.to_dict("records")]
    if isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
        raise VigkitError(
            "suggestions must be a table (a pandas DataFrame) or a list of rows with "
            f"onset, offset, principle and reason, not {type(data).__name__}"
        )
    rows = list(data)
    for number, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise VigkitError(f"suggestion {number} is not a row of named values: {row!r}")
    return rows


def _suggestion(
    number: int, row: Mapping[str, Any], scheme: Scheme, clip: str, duration: float
) -> Suggestion:
    where = f"suggestion {number}"
    missing = [c for c in REQUIRED if _blank(row.get(c))]
    if missing:
        raise VigkitError(f"{where} has no {', '.join(missing)}")
    onset = _time(row["onset"], f"{where}: the onset")
    offset = _time(row["offset"], f"{where}: the offset")
    end = f" (the film is {format_time(duration)} long)" if duration > 0 else ""
    if onset < 0 or (duration > 0 and onset > duration + SLACK):
        raise VigkitError(f"{where}: the onset {format_time(onset)} is not inside the film{end}")
    if offset < onset:
        raise VigkitError(
            f"{where}: it ends ({format_time(offset)}) before it starts ({format_time(onset)})"
        )
    if duration > 0 and offset > duration + SLACK:
        raise VigkitError(f"{where}: the offset {format_time(offset)} is past the film's end{end}")
    if duration > 0:
        onset, offset = min(onset, duration), min(offset, duration)
    principle = str(row["principle"]).strip()
    at = f"{where} (at {format_time(onset)})"
    if principle not in scheme or not scheme.is_category(principle):
        known = ", ".join(c.id for c in scheme.categories)
        raise VigkitError(
            f"{at}: '{principle}' is not a principle of the scheme '{scheme.id}' (use one of: "
            f"{known})"
        )
    code = "" if _blank(row.get("code")) else str(row["code"]).strip()
    if code and (
        code not in scheme or scheme.is_category(code) or scheme.rollup(code) != principle
    ):
        behaviours = ", ".join(b.id for b in scheme.category_of(principle).behaviours)
        raise VigkitError(
            f"{at}: '{code}' is not a behaviour of '{principle}' in the scheme '{scheme.id}' "
            f"(use one of: {behaviours})"
        )
    kind = "" if _blank(row.get("kind")) else str(row["kind"]).strip()
    score = None if _blank(row.get("score")) else _number(row["score"], f"{at}: the score")
    rank = number if _blank(row.get("rank")) else int(_number(row["rank"], f"{at}: the rank"))
    given = row.get("id")
    ident = suggestion_id(clip, kind, onset, offset) if _blank(given) else str(given).strip()
    reason = " ".join(str(row["reason"]).split())
    return Suggestion(ident, rank, onset, offset, kind, principle, code, reason, score)


def _blank(value: Any) -> bool:
    """Missing: ``None``, blank text, pandas' markers, or NaN (a DataFrame's empty cell)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return math.isnan(float(value))
    return is_blank(value)


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise VigkitError(f"{what} must be a number, not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise VigkitError(f"{what} must be a finite number, not {value!r}")
    return number


def _time(value: Any, what: str) -> float:
    return _number(value, f"{what} (in seconds)")


# ------------------------------------------------------------------ decisions on disk


def decisions_path(workspace: Path, clip: str, coder: str) -> Path:
    """Where ``coder``'s decisions on the suggestions for ``clip`` are kept."""
    return workspace / FOLDER / f"{clip}--{coder}.json"


class Decisions:
    """The suggestions one coder tagged (with the tag's event id) or set aside, for one clip."""

    def __init__(self, path: Path, clip: str, coder: str) -> None:
        self.path, self.clip, self.coder = path, clip, coder
        self.accepted: dict[str, dict[str, Any]] = {}
        self.dismissed: dict[str, dict[str, Any]] = {}
        #: Why the file could not be read (it was treated as empty), or "".
        self.problem = ""
        self._read()

    def _read(self) -> None:
        if not self.path.exists():
            return
        try:
            data = parse_json(self.path.read_text(encoding="utf-8"))
            accepted, dismissed = data["accepted"], data["dismissed"]
            if not (isinstance(accepted, dict) and isinstance(dismissed, dict)):
                raise ValueError("'accepted' and 'dismissed' must be mappings")
            for value in [*accepted.values(), *dismissed.values()]:
                if not isinstance(value, dict):
                    raise ValueError(f"{value!r} is not a mapping")
        except (OSError, ValueError, TypeError, KeyError) as error:
            self.problem = (
                f"{self.path} could not be read ({error}): every suggestion is shown again, "
                "and your next tag or set-aside from the lane replaces that file"
            )
            return
        self.accepted, self.dismissed = accepted, dismissed

    def accept(self, suggestion: str, event: str) -> None:
        """Note that ``suggestion`` was tagged as ``event`` and save."""
        self.dismissed.pop(suggestion, None)
        self.accepted[suggestion] = {"event": event, "at": utc_now()}
        self.save()

    def dismiss(self, suggestion: str) -> None:
        """Note that ``suggestion`` was set aside and save."""
        self.dismissed[suggestion] = {"at": utc_now()}
        self.save()

    def hides(self, suggestion: str, events: set[str]) -> bool:
        """Whether the lane leaves ``suggestion`` out: set aside, or tagged as an event that
        is still in the coding (an undone or deleted tag brings its suggestion back)."""
        if suggestion in self.dismissed:
            return True
        taken = self.accepted.get(suggestion)
        return taken is not None and taken.get("event") in events

    def save(self) -> None:
        """Write the file atomically (the folder is made on first use)."""
        data = {
            "format": FORMAT,
            "clip": self.clip,
            "coder": self.coder,
            "accepted": self.accepted,
            "dismissed": self.dismissed,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")
        self.problem = ""


__all__ = ["Decisions", "Suggestion", "decisions_path", "read_suggestions", "suggestion_id"]
