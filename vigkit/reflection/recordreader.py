"""Reading a practice record from JSON data, checking field by field.

Every problem is collected with its JSON path (``cycles[1].moments[0].end``), so a person
sees them all at once.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..coding.scheme import DEFAULT_SCHEME
from .recordbase import _at, _raise
from .recorddata import (
    SCHEMA,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    Cycle,
    PracticeRecord,
    SelectedMoment,
    SupervisorComment,
    _time,
    comment_problems,
    cycle_problems,
    moment_problems,
    record_problems,
)
from .stagereader import CYCLE_FIELDS, RECORD_FIELDS, StageReader
from .tme import TmeScale, TmeTarget, scale_problems, target_problems


def record_from_data(data: Any, source: str | Path | None = None) -> PracticeRecord:
    """Build a record from plain JSON data, or raise :class:`RecordError` for ``source``."""
    reader = _Reader()
    record = reader.record(data)
    _raise(reader.problems, source)
    assert record is not None
    return record


def _stand_in(raw: Any, index: int) -> Cycle:
    """An empty cycle with the number a broken cycle gave (to check the numbering)."""
    number: Any = raw.get("number") if isinstance(raw, dict) else None
    ok = isinstance(number, int) and not isinstance(number, bool) and number >= 1
    return Cycle(int(number) if ok else index + 1)


class _Reader(StageReader):
    """Checks JSON data field by field, collecting every problem with its JSON path."""

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
            ("helping_question", "scheme", "tme", *RECORD_FIELDS),
        )
        assert top is not None
        practitioner = self.text(data, "practitioner", "")
        kind = self.text(data, "kind", "")
        question = self.text(data, "helping_question", "")
        scheme = self.text(data, "scheme", "", DEFAULT_SCHEME)
        scale, targets = self.tme(data.get("tme", {}))
        raw_cycles = self.items(data, "cycles", "")
        cycles = [self.cycle(item, f"cycles[{i}]") for i, item in enumerate(raw_cycles)]
        stage_parts = self.record_parts(data)
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
            *stage_parts.items(),
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
            (
                "film",
                "moments",
                "reflections",
                "supervisor_comments",
                "self_assessment",
                *CYCLE_FIELDS,
            ),
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
        parts = self.cycle_parts(item, path)
        if any(m is None for m in moments) or any(c is None for c in comments) or parts is None:
            return None
        candidate = Cycle(number, film, reflections=reflections, self_assessment=assessment)
        for name, value in (
            ("moments", tuple(m for m in moments if m is not None)),
            ("comments", tuple(c for c in comments if c is not None)),
            *parts.items(),
        ):
            object.__setattr__(candidate, name, value)
        return candidate if self.checked(path, cycle_problems(candidate)) else None

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
