"""The practice record's frozen data (moments, comments, cycles, the record) and its value rules.

The classes check themselves when made (:class:`RecordError` lists every problem); the rules,
the schema constants and the helpers for problem paths are shared by reading and editing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..coding.events import check_name
from ..coding.scheme import DEFAULT_SCHEME, builtin_schemes, load_scheme
from ..core.timecode import parse_time
from .recordbase import Problems, RecordError, _at, _raise
from .stagedata import (
    StageWork,
    SupervisionSession,
    accreditation_problems,
    cycle_stage_problems,
)
from .tme import TmeScale, TmeTarget, is_whole_number, target_problems

if TYPE_CHECKING:
    from ..media.moment import Moment

SCHEMA_NAME = "vigkit.practice-record"
#: 2 added clients, cycle dates, supervision and stages (version-1 records are still read).
SCHEMA_VERSION = 2
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"
KINDS = ("vig-trainee", "verp", "vig-client")
RECORD_SUFFIX = ".record.json"

__all__ = ["Problems", "RecordError", "_at", "_raise"]


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


# ---------------------------------------------------------------- parts
@dataclass(frozen=True)
class SelectedMoment:
    """A moment chosen for review: part of a clip, the principle code(s) it shows, the
    practitioner's words for what was working, and times of stills to show from it.

    Times are seconds; text such as ``"1:02.5"`` is accepted and turned into seconds."""

    clip: str
    start: float
    end: float
    codes: tuple[str, ...] = ()
    working: str = ""
    stills: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "stills", tuple(_time(s) for s in self.stills))
        object.__setattr__(self, "start", _time(self.start))
        object.__setattr__(self, "end", _time(self.end))
        _raise(moment_problems(self))
        object.__setattr__(self, "start", float(self.start))
        object.__setattr__(self, "end", float(self.end))
        object.__setattr__(self, "stills", tuple(float(s) for s in self.stills))

    def to_moment(self, source: str | Path | None = None) -> Moment:
        """This moment as a media :class:`~vigkit.media.Moment` (film ``source``, or the clip)."""
        from ..media.moment import Moment

        return Moment(
            source if source is not None else self.clip,
            self.start,
            self.end,
            caption=self.working or None,
            code=self.codes[0] if self.codes else None,
        )


@dataclass(frozen=True)
class SupervisorComment:
    """A supervisor's (or group leader's) comment on a cycle."""

    author: str
    text: str
    date: dt.date

    def __post_init__(self) -> None:
        _raise(comment_problems(self))


@dataclass(frozen=True)
class Cycle:
    """One film and its review: the moments chosen, reflections (prompt id -> text),
    supervisor comments and, for trainee guiders, a self-assessment (key -> text); the
    client (a pseudonym from the record's clients), the film's and the shared review's
    days, the shared-review film (path or clip id) and, if chosen, the stage it counts for."""

    number: int
    film: str = ""
    moments: tuple[SelectedMoment, ...] = ()
    reflections: Mapping[str, str] = field(default_factory=dict)
    comments: tuple[SupervisorComment, ...] = ()
    self_assessment: Mapping[str, str] = field(default_factory=dict)
    client: str = ""
    filmed_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    review_film: str = ""
    stage: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "moments", tuple(self.moments))
        object.__setattr__(self, "comments", tuple(self.comments))
        object.__setattr__(self, "reflections", _frozen_map(self.reflections))
        object.__setattr__(self, "self_assessment", _frozen_map(self.self_assessment))
        _raise(cycle_problems(self))


@dataclass(frozen=True)
class PracticeRecord:
    """Everything one practitioner brings to review and supervision."""

    practitioner: str
    kind: str
    helping_question: str = ""
    cycles: tuple[Cycle, ...] = ()
    scale: TmeScale = field(default_factory=TmeScale)
    targets: tuple[TmeTarget, ...] = ()
    scheme: str = DEFAULT_SCHEME
    clients: tuple[str, ...] = ()
    supervision: tuple[SupervisionSession, ...] = ()
    stages: tuple[StageWork, ...] = ()
    accreditation_reflection: str = ""
    shared_films: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("cycles", "targets", "clients", "supervision", "stages", "shared_films"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _raise(record_problems(self))

    def cycle(self, number: int) -> Cycle:
        """Cycle ``number`` (1-based)."""
        if not 1 <= number <= len(self.cycles):
            _raise([("", f"there is no cycle {number}: this record has {len(self.cycles)}")])
        return self.cycles[number - 1]

    def target(self, target_id: str) -> TmeTarget:
        """The TME target with id ``target_id``."""
        for target in self.targets:
            if target.id == target_id:
                return target
        known = ", ".join(t.id for t in self.targets) or "none yet"
        _raise([("", f"there is no TME target '{target_id}' (targets: {known})")])
        raise AssertionError  # pragma: no cover - _raise raised


# ---------------------------------------------------------------- value rules
def moment_problems(moment: SelectedMoment) -> Problems:
    """Problems with a selected moment, as (field, message) pairs."""
    problems: Problems = []
    if not isinstance(moment.clip, str) or not moment.clip.strip():
        problems.append(("clip", "say which clip (or film) the moment is from"))
    times_ok = True
    for name in ("start", "end"):
        value = getattr(moment, name)
        if not _is_seconds(value):
            problems.append((name, f"must be a number of seconds, not {_shown(value)}"))
            times_ok = False
        elif value < 0:
            problems.append((name, f"must not be negative ({value:g})"))
            times_ok = False
    if times_ok and moment.end <= moment.start:
        problems.append(("end", f"must be after the start ({moment.start:g} s)"))
    for index, code in enumerate(moment.codes):
        if not isinstance(code, str) or not code.strip():
            problems.append((f"codes[{index}]", "each principle code must be a short text"))
    if not isinstance(moment.working, str):
        problems.append(("working", "must be text"))
    for index, still in enumerate(moment.stills):
        if not _is_seconds(still):
            problems.append(
                (f"stills[{index}]", f"must be a number of seconds, not {_shown(still)}")
            )
        elif times_ok and not moment.start <= still <= moment.end:
            problems.append(
                (
                    f"stills[{index}]",
                    f"{still:g} s is outside the moment ({moment.start:g} to {moment.end:g} s)",
                )
            )
    return problems


def comment_problems(comment: SupervisorComment) -> Problems:
    """Problems with a supervisor comment."""
    problems: Problems = []
    _, reason = check_name(comment.author, "author")
    if reason:
        problems.append(("author", reason))
    if not isinstance(comment.text, str) or not comment.text.strip():
        problems.append(("text", "the comment is empty"))
    if not isinstance(comment.date, dt.date) or isinstance(comment.date, dt.datetime):
        problems.append(("date", f"must be a date, not {comment.date!r}"))
    return problems


def _texts_problems(name: str, value: Mapping[str, str]) -> Problems:
    return [
        (_at(name, key) if key.isidentifier() else f"{name}[{key!r}]", "must be text")
        for key, text in value.items()
        if not isinstance(key, str) or not key.strip() or not isinstance(text, str)
    ]


def cycle_problems(cycle: Cycle) -> Problems:
    """Problems with a cycle (its parts were checked when they were made)."""
    problems: Problems = []
    if not is_whole_number(cycle.number) or cycle.number < 1:
        problems.append(("number", f"must be a whole number from 1, not {cycle.number!r}"))
    if not isinstance(cycle.film, str):
        problems.append(("film", "must be text: a path or clip id"))
    problems += _texts_problems("reflections", cycle.reflections)
    problems += _texts_problems("self_assessment", cycle.self_assessment)
    return problems + cycle_stage_problems(cycle)


def record_problems(record: PracticeRecord) -> Problems:
    """Problems with a whole record: names, kind, cycle numbers, targets on the scale."""
    problems: Problems = []
    _, reason = check_name(record.practitioner, "practitioner")
    if reason:
        problems.append(("practitioner", reason + " (use a pseudonym, e.g. P07)"))
    if record.kind not in KINDS:
        problems.append(("kind", f"'{record.kind}' is not a kind: choose {', '.join(KINDS)}"))
    if not isinstance(record.helping_question, str):
        problems.append(("helping_question", "must be text"))
    if not isinstance(record.scheme, str) or not record.scheme.strip():
        problems.append(("scheme", "name the coding scheme the principle codes come from"))
    for index, cycle in enumerate(record.cycles):
        if cycle.number != index + 1:
            problems.append(
                (f"cycles[{index}].number", f"must be {index + 1} (cycles are numbered in order)")
            )
        if record.kind != "vig-trainee" and cycle.self_assessment:
            problems.append(
                (
                    f"cycles[{index}].self_assessment",
                    "a self-assessment is for trainee guiders (kind 'vig-trainee')",
                )
            )
    problems += _code_problems(record)
    problems += accreditation_problems(record)
    seen: set[str] = set()
    for index, target in enumerate(record.targets):
        where = f"tme.targets[{index}]"
        problems += [(_at(where, p), m) for p, m in target_problems(target, record.scale)]
        if target.id in seen:
            problems.append((f"{where}.id", f"the id '{target.id}' is used twice"))
        seen.add(target.id)
        if len(target.ratings) > len(record.cycles):
            problems.append(
                (
                    f"{where}.ratings",
                    f"{len(target.ratings)} ratings but only {len(record.cycles)} cycles",
                )
            )
    return problems


def _time(value: Any) -> Any:
    """Seconds from a number or a time written as text ("1:02.5"); other values as given."""
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError:
            return value
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_seconds(value: object) -> bool:
    """A finite number a float can hold (a 400-digit whole number cannot)."""
    if not _is_number(value):
        return False
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except OverflowError:
        return False


def _shown(value: object) -> str:
    """A value as a message quotes it: ``repr``, cut short when it is long."""
    text = repr(value)
    return text if len(text) <= 24 else text[:24] + "…"


def _code_problems(record: PracticeRecord) -> Problems:
    """Moment codes that the record's scheme does not have (checked when the scheme is a
    built-in one; a supervisor's own scheme file may not be at hand where a record is read)."""
    if not any(m.codes for c in record.cycles for m in c.moments):
        return []  # (checked on every edit: stay quick when there is nothing to check)
    if not isinstance(record.scheme, str) or record.scheme not in builtin_schemes():
        return []
    scheme = load_scheme(record.scheme)
    problems: Problems = []
    for c, cycle in enumerate(record.cycles):
        for m, moment in enumerate(cycle.moments):
            for k, code in enumerate(moment.codes):
                if isinstance(code, str) and code.strip() and scheme.resolve(code) is None:
                    hint = scheme.suggest(code)
                    maybe = f"; did you mean '{hint}'?" if hint else ""
                    problems.append(
                        (
                            f"cycles[{c}].moments[{m}].codes[{k}]",
                            f"unknown code '{code}' in scheme '{scheme.id}'{maybe}",
                        )
                    )
    return problems
