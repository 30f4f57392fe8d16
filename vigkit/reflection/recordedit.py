"""Editing a practice record: each function returns a new record with one change.

Records are frozen; a change is checked by the data classes when the new record is made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..coding.scheme import DEFAULT_SCHEME
from .recorddata import Cycle, PracticeRecord, SelectedMoment, SupervisorComment, _raise
from .tme import TmeScale, TmeTarget, is_whole_number


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
    if not is_whole_number(cycles) or cycles < 0:
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
