"""A practitioner's practice record: helping question, cycles, moments, reflections, TME.

The record is one pretty-printed JSON file per practitioner
(``WORKSPACE/reflections/PRACTITIONER.record.json``, format in docs/reflection.md),
written atomically. Records are immutable; the editing functions return a new record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..coding.events import check_name
from ..coding.scheme import DEFAULT_SCHEME
from ..core.atomic import atomic_write_text
from ..core.errors import Problem, ProblemsError
from ..core.textfile import read_text_file
from ..core.timecode import parse_time
from .tme import TmeScale, TmeTarget, scale_problems, target_problems

if TYPE_CHECKING:
    from ..coding.workspace import Workspace
    from ..media.moment import Moment

SCHEMA_NAME = "vigkit.practice-record"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"
KINDS = ("vig-trainee", "verp", "vig-client")
RECORD_SUFFIX = ".record.json"

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
        )


def _at(path: str, key: str | int) -> str:
    if key == "":
        return path
    if isinstance(key, int) or key.startswith("["):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


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
    supervisor comments and, for trainee guiders, a self-assessment (key -> text)."""

    number: int
    film: str = ""
    moments: tuple[SelectedMoment, ...] = ()
    reflections: Mapping[str, str] = field(default_factory=dict)
    comments: tuple[SupervisorComment, ...] = ()
    self_assessment: Mapping[str, str] = field(default_factory=dict)

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "cycles", tuple(self.cycles))
        object.__setattr__(self, "targets", tuple(self.targets))
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
        if not _is_number(value) or not math.isfinite(value):
            problems.append((name, f"must be a number of seconds, not {value!r}"))
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
        if not _is_number(still) or not math.isfinite(still):
            problems.append((f"stills[{index}]", f"must be a number of seconds, not {still!r}"))
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
    if not _is_int(cycle.number) or cycle.number < 1:
        problems.append(("number", f"must be a whole number from 1, not {cycle.number!r}"))
    if not isinstance(cycle.film, str):
        problems.append(("film", "must be text: a path or clip id"))
    problems += _texts_problems("reflections", cycle.reflections)
    problems += _texts_problems("self_assessment", cycle.self_assessment)
    return problems


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


def _stand_in(raw: Any, index: int) -> Cycle:
    """An empty cycle with the number a broken cycle gave (to check the numbering)."""
    number: Any = raw.get("number") if isinstance(raw, dict) else None
    ok = isinstance(number, int) and not isinstance(number, bool) and number >= 1
    return Cycle(int(number) if ok else index + 1)


def _time(value: Any) -> Any:
    """Seconds from a number or a time written as text ("1:02.5"); other values as given."""
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError:
            return value
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------- making and editing
def new_record(
    practitioner: str,
    kind: str,
    helping_question: str = "",
    *,
    cycles: int = 3,
    scale: TmeScale | None = None,
    scheme: str = DEFAULT_SCHEME,
) -> PracticeRecord:
    """An empty record with ``cycles`` cycles (three, as VIG and VERP usually have)."""
    if not _is_int(cycles) or cycles < 0:
        _raise([("cycles", f"must be a whole number, not {cycles!r}")])
    return PracticeRecord(
        practitioner=practitioner,
        kind=kind,
        helping_question=helping_question,
        cycles=tuple(Cycle(n) for n in range(1, cycles + 1)),
        scale=scale or TmeScale(),
        scheme=scheme,
    )


def _with_cycle(record: PracticeRecord, number: int, **changes: Any) -> PracticeRecord:
    cycle = dataclasses.replace(record.cycle(number), **changes)
    cycles = list(record.cycles)
    cycles[number - 1] = cycle
    return dataclasses.replace(record, cycles=tuple(cycles))


def set_helping_question(record: PracticeRecord, text: str) -> PracticeRecord:
    """The record with a new helping question."""
    return dataclasses.replace(record, helping_question=text)


def add_cycle(record: PracticeRecord) -> PracticeRecord:
    """The record with one more (empty) cycle at the end."""
    return dataclasses.replace(record, cycles=(*record.cycles, Cycle(len(record.cycles) + 1)))


def set_film(record: PracticeRecord, cycle: int, film: str | Path) -> PracticeRecord:
    """The record with cycle ``cycle``'s film (a path or clip id) set."""
    return _with_cycle(record, cycle, film=str(film))


def add_moment(record: PracticeRecord, cycle: int, moment: SelectedMoment) -> PracticeRecord:
    """The record with ``moment`` added to cycle ``cycle``'s review."""
    return _with_cycle(record, cycle, moments=(*record.cycle(cycle).moments, moment))


def replace_moment(
    record: PracticeRecord, cycle: int, index: int, moment: SelectedMoment
) -> PracticeRecord:
    """The record with moment ``index`` (0-based) of cycle ``cycle`` replaced."""
    moments = list(record.cycle(cycle).moments)
    _check_index(index, len(moments), "moment")
    moments[index] = moment
    return _with_cycle(record, cycle, moments=tuple(moments))


def remove_moment(record: PracticeRecord, cycle: int, index: int) -> PracticeRecord:
    """The record without moment ``index`` (0-based) of cycle ``cycle``."""
    moments = list(record.cycle(cycle).moments)
    _check_index(index, len(moments), "moment")
    del moments[index]
    return _with_cycle(record, cycle, moments=tuple(moments))


def set_reflection(record: PracticeRecord, cycle: int, prompt: str, text: str) -> PracticeRecord:
    """The record with the answer to ``prompt`` in cycle ``cycle`` (empty text removes it)."""
    reflections = _with_text(record.cycle(cycle).reflections, prompt, text)
    return _with_cycle(record, cycle, reflections=reflections)


def set_self_assessment(record: PracticeRecord, cycle: int, key: str, text: str) -> PracticeRecord:
    """The record with a trainee's self-assessment for ``key`` (a prompt id or principle)."""
    assessment = _with_text(record.cycle(cycle).self_assessment, key, text)
    return _with_cycle(record, cycle, self_assessment=assessment)


def _with_text(answers: Mapping[str, str], key: str, text: str) -> dict[str, str]:
    """``answers`` with ``text`` under ``key``, or without ``key`` when the text is blank."""
    changed = dict(answers)
    if text.strip():
        changed[key] = text
    else:
        changed.pop(key, None)
    return changed


def add_comment(
    record: PracticeRecord, cycle: int, author: str, text: str, date: dt.date | None = None
) -> PracticeRecord:
    """The record with a supervisor's comment on cycle ``cycle`` (dated today by default)."""
    comment = SupervisorComment(author, text, date or dt.date.today())
    return _with_cycle(record, cycle, comments=(*record.cycle(cycle).comments, comment))


def add_target(
    record: PracticeRecord,
    description: str,
    baseline: int,
    hoped_for: int,
    *,
    target_id: str | None = None,
) -> PracticeRecord:
    """The record with a new TME target (id ``target-N`` unless given)."""
    if target_id is None:
        used = {t.id for t in record.targets}
        target_id = next(
            f"target-{n}" for n in range(1, len(used) + 2) if f"target-{n}" not in used
        )
    target = TmeTarget(target_id, description, baseline, hoped_for)
    return dataclasses.replace(record, targets=(*record.targets, target))


def edit_target(record: PracticeRecord, target_id: str, **changes: Any) -> PracticeRecord:
    """The record with fields of one target changed (description, baseline, hoped_for)."""
    old = record.target(target_id)
    targets = tuple(dataclasses.replace(old, **changes) if t is old else t for t in record.targets)
    return dataclasses.replace(record, targets=targets)


def rate_target(
    record: PracticeRecord, target_id: str, cycle: int, rating: int | None
) -> PracticeRecord:
    """The record with ``target_id`` rated ``rating`` after cycle ``cycle`` (None clears)."""
    record.cycle(cycle)
    ratings = list(record.target(target_id).ratings)
    ratings += [None] * (cycle - len(ratings))
    ratings[cycle - 1] = rating
    while ratings and ratings[-1] is None:
        ratings.pop()
    return edit_target(record, target_id, ratings=tuple(ratings))


def _check_index(index: int, length: int, what: str) -> None:
    if not 0 <= index < length:
        _raise([("", f"there is no {what} {index} (there are {length})")])


# ---------------------------------------------------------------- JSON
def record_to_data(record: PracticeRecord) -> dict[str, Any]:
    """The record as plain JSON data, in the documented order."""
    return {
        "schema": SCHEMA,
        "practitioner": record.practitioner,
        "kind": record.kind,
        "helping_question": record.helping_question,
        "scheme": record.scheme,
        "tme": {
            "scale": {"low": record.scale.low, "high": record.scale.high},
            "targets": [
                {
                    "id": t.id,
                    "description": t.description,
                    "baseline": t.baseline,
                    "hoped_for": t.hoped_for,
                    "ratings": list(t.ratings),
                }
                for t in record.targets
            ],
        },
        "cycles": [
            {
                "number": c.number,
                "film": c.film,
                "moments": [
                    {
                        "clip": m.clip,
                        "start": m.start,
                        "end": m.end,
                        "codes": list(m.codes),
                        "working": m.working,
                        "stills": list(m.stills),
                    }
                    for m in c.moments
                ],
                "reflections": dict(c.reflections),
                "supervisor_comments": [
                    {"author": s.author, "text": s.text, "date": s.date.isoformat()}
                    for s in c.comments
                ],
                "self_assessment": dict(c.self_assessment),
            }
            for c in record.cycles
        ],
    }


def dumps_record(record: PracticeRecord) -> str:
    """The record as pretty-printed JSON text (UTF-8, non-ASCII kept readable)."""
    return _pretty(record_to_data(record)) + "\n"


def _pretty(value: Any, indent: str = "") -> str:
    """JSON indented by two spaces, with short lists of plain values kept on one line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(inner + _pretty(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def save_record(record: PracticeRecord, path: str | Path) -> Path:
    """Write ``record`` to ``path`` atomically (the old file or the new, never half)."""
    target = Path(path)
    atomic_write_text(target, dumps_record(record))
    return target


def record_path(workspace: Workspace, practitioner: str) -> Path:
    """Where ``practitioner``'s record lives in ``workspace``."""
    _, reason = check_name(practitioner, "practitioner")
    if reason:
        _raise([("practitioner", reason + " (use a pseudonym, e.g. P07)")])
    return workspace.reflections_dir / f"{practitioner}{RECORD_SUFFIX}"


def load_record(path: str | Path) -> PracticeRecord:
    """Read a record, checking everything; every problem is reported with its JSON path."""
    source = Path(path)
    text = read_text_file(source, RecordError)
    return parse_record(text, source)


def parse_record(text: str, source: str | Path = "<text>") -> PracticeRecord:
    """Build a record from JSON text (see :func:`load_record`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(
            source,
            [Problem(f"this is not valid JSON ({error.msg}, column {error.colno})", error.lineno)],
            hint="A missing comma or quote is the usual cause.",
        ) from None
    return record_from_data(data, source)


def record_from_data(data: Any, source: str | Path | None = None) -> PracticeRecord:
    """Build a record from plain JSON data, or raise :class:`RecordError` for ``source``."""
    reader = _Reader()
    record = reader.record(data)
    _raise(reader.problems, source)
    assert record is not None
    return record


class _Reader:
    """Checks JSON data field by field, collecting every problem with its JSON path."""

    def __init__(self) -> None:
        self.problems: Problems = []

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def mapping(
        self, data: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.add(path, f"must be an object {{...}} with {', '.join(required)}")
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

    def checked(self, path: str, problems: Problems) -> bool:
        for where, what in problems:
            self.add(_at(path, where), what)
        return not problems

    def record(self, data: Any) -> PracticeRecord | None:
        if not isinstance(data, dict):
            self.add("", "a practice record must be a JSON object {...}")
            return None
        schema = data.get("schema")
        if not self.schema(schema):
            return None
        top = self.mapping(
            data,
            "",
            ("schema", "practitioner", "kind", "cycles"),
            ("helping_question", "scheme", "tme"),
        )
        assert top is not None
        practitioner = self.text(data, "practitioner", "")
        kind = self.text(data, "kind", "")
        question = self.text(data, "helping_question", "")
        scheme = self.text(data, "scheme", "", DEFAULT_SCHEME)
        scale, targets = self.tme(data.get("tme", {}))
        raw_cycles = self.items(data, "cycles", "")
        cycles = [self.cycle(item, f"cycles[{i}]") for i, item in enumerate(raw_cycles)]
        complete = not self.problems
        # Check the whole even when parts failed (stand-ins keep the paths right), so the
        # person sees every problem at once; repeats are dropped.
        candidate = PracticeRecord.__new__(PracticeRecord)
        for name, value in (
            ("practitioner", practitioner),
            ("kind", kind),
            ("helping_question", question),
            (
                "cycles",
                tuple(
                    c or _stand_in(raw, i)
                    for i, (c, raw) in enumerate(zip(cycles, raw_cycles, strict=True))
                ),
            ),
            ("scale", scale),
            ("targets", tuple(t for t in targets if t is not None) if None not in targets else ()),
            ("scheme", scheme),
        ):
            object.__setattr__(candidate, name, value)
        self.checked("", record_problems(candidate))
        self.problems = list(dict.fromkeys(self.problems))
        return candidate if complete and not self.problems else None

    def schema(self, schema: Any) -> bool:
        if not isinstance(schema, str) or "/" not in schema:
            self.add(
                "schema",
                f"missing or not understood ({json.dumps(schema)}); a practice record starts with "
                f'"schema": "{SCHEMA}"',
            )
            return False
        name, _, version = schema.rpartition("/")
        if name != SCHEMA_NAME or not version.isdigit():
            self.add("schema", f"'{schema}' is not a practice record schema (expected '{SCHEMA}')")
            return False
        if int(version) > SCHEMA_VERSION:
            self.add(
                "schema",
                f"this record was written by a newer vigkit (format version {version}; this "
                f"vigkit reads up to {SCHEMA_VERSION}). Update vigkit to open it "
                "(pip install --upgrade vigkit)",
            )
            return False
        return True

    def tme(self, data: Any) -> tuple[TmeScale, list[TmeTarget | None]]:
        tme = self.mapping(data, "tme", (), ("scale", "targets"))
        scale = TmeScale()
        if tme is None:
            return scale, []
        raw_scale = self.mapping(
            tme.get("scale", {"low": 1, "high": 10}), "tme.scale", ("low", "high")
        )
        if raw_scale is not None and "low" in raw_scale and "high" in raw_scale:
            low, high = raw_scale["low"], raw_scale["high"]
            if self.checked("tme.scale", scale_problems(low, high)):
                scale = TmeScale(low, high)
        targets = [
            self.target(item, f"tme.targets[{i}]", scale)
            for i, item in enumerate(self.items(tme, "targets", "tme"))
        ]
        return scale, targets

    def target(self, data: Any, path: str, scale: TmeScale) -> TmeTarget | None:
        item = self.mapping(
            data, path, ("id", "description", "baseline", "hoped_for"), ("ratings",)
        )
        if item is None or any(
            k not in item for k in ("id", "description", "baseline", "hoped_for")
        ):
            return None
        ratings = self.items(item, "ratings", path)
        candidate = TmeTarget.__new__(TmeTarget)
        for name in ("id", "description", "baseline", "hoped_for"):
            object.__setattr__(candidate, name, item[name])
        object.__setattr__(candidate, "ratings", tuple(ratings))
        return candidate if self.checked(path, target_problems(candidate, scale)) else None

    def cycle(self, data: Any, path: str) -> Cycle | None:
        item = self.mapping(
            data,
            path,
            ("number",),
            ("film", "moments", "reflections", "supervisor_comments", "self_assessment"),
        )
        if item is None:
            return None
        number = item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            self.add(
                _at(path, "number"), f"must be a whole number from 1, not {json.dumps(number)}"
            )
            return None
        film = self.text(item, "film", path)
        moments = [
            self.moment(m, f"{path}.moments[{i}]")
            for i, m in enumerate(self.items(item, "moments", path))
        ]
        comments = [
            self.comment(c, f"{path}.supervisor_comments[{i}]")
            for i, c in enumerate(self.items(item, "supervisor_comments", path))
        ]
        reflections = self.texts(item, "reflections", path)
        assessment = self.texts(item, "self_assessment", path)
        if any(m is None for m in moments) or any(c is None for c in comments):
            return None
        return Cycle(
            number,
            film,
            tuple(m for m in moments if m is not None),
            reflections,
            tuple(c for c in comments if c is not None),
            assessment,
        )

    def moment(self, data: Any, path: str) -> SelectedMoment | None:
        item = self.mapping(data, path, ("clip", "start", "end"), ("codes", "working", "stills"))
        if item is None or any(k not in item for k in ("clip", "start", "end")):
            return None
        candidate = SelectedMoment.__new__(SelectedMoment)
        object.__setattr__(candidate, "clip", item["clip"])
        for name in ("start", "end"):
            object.__setattr__(candidate, name, _time(item[name]))
        object.__setattr__(candidate, "codes", tuple(self.items(item, "codes", path)))
        object.__setattr__(candidate, "working", item.get("working", ""))
        object.__setattr__(candidate, "stills", tuple(self.items(item, "stills", path)))
        if not self.checked(path, moment_problems(candidate)):
            return None
        for name in ("start", "end"):
            object.__setattr__(candidate, name, float(getattr(candidate, name)))
        object.__setattr__(candidate, "stills", tuple(float(s) for s in candidate.stills))
        return candidate

    def comment(self, data: Any, path: str) -> SupervisorComment | None:
        item = self.mapping(data, path, ("author", "text", "date"))
        if item is None or any(k not in item for k in ("author", "text", "date")):
            return None
        raw_date = item["date"]
        try:
            date = dt.date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
        except ValueError:
            date = None
        if date is None:
            self.add(
                _at(path, "date"), f"must be a date written YYYY-MM-DD, not {json.dumps(raw_date)}"
            )
            return None
        candidate = SupervisorComment.__new__(SupervisorComment)
        for name, value in (("author", item["author"]), ("text", item["text"]), ("date", date)):
            object.__setattr__(candidate, name, value)
        return candidate if self.checked(path, comment_problems(candidate)) else None
