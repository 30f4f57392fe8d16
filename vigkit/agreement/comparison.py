"""Comparing one coder's coding of a clip with a reference (a supervisor's): every figure
a supervisor needs, and feedback a learner can use.

``compare(coder, reference)`` aligns the two codings' events one to one (an event is a
*miss* when only the reference has it, an *extra* when only the coder has it), then
computes event-based agreement (alignment kappa and its maximum), time-unit kappa (with
and without tolerance), nominal alpha over the aligned events and unitizing alpha for
intervals. All figures are computed once, when the comparison is made.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any, Literal

import pandas as pd

from ..coding.table import Coding
from ..core.errors import VigkitError
from .align import Alignment, Events, align
from .alpha import nominal_alpha
from .eventkappa import NIL, alignment_kappa, confusion, kappa_max, per_code, raw_agreement
from .feedback import Feedback, FeedbackMoment, landis_koch, learner_paragraphs
from .timeunits import TimeUnitKappa, check_unit_count, time_unit_kappa
from .unitizing import UnitizingAlpha, unitizing_alpha

Level = Literal["category", "behaviour"]


class Comparison:
    """Agreement between ``coder`` (e.g. a trainee) and ``reference`` (e.g. a supervisor)
    on one clip, at ``level`` (behaviours rolled up to categories, or as coded)."""

    def __init__(
        self,
        coder: Coding,
        reference: Coding,
        *,
        tolerance: float = 2.0,
        level: Level = "category",
        unit: float = 1.0,
    ) -> None:
        _check_pair(coder, reference, tolerance, level, unit)
        self.scheme = reference.scheme
        self.level: Level = level
        self.tolerance = tolerance
        self.unit = unit
        self.coder = coder.rolled_up() if level == "category" else coder
        self.reference = reference.rolled_up() if level == "category" else reference
        self.clip = reference.clips[0] if reference.clips else (coder.clips or ("",))[0]
        self.coder_name = (coder.coders or ("coder",))[0]
        self.reference_name = (reference.coders or ("reference",))[0]
        self._a = _events(self.coder)
        self._b = _events(self.reference)
        self.alignment: Alignment = align(self._a, self._b, tolerance)
        durations = [d for d in (coder.duration, reference.duration) if d is not None]
        latest = max([0.0, *self._a.offsets, *self._b.offsets])
        self.end = max([latest, *durations]) if durations or latest else unit
        check_unit_count(
            0.0,
            self.end,
            unit,
            len(self.codes),
            f"{self.coder_name} with {self.reference_name} on clip {self.clip}",
        )

    @property
    def coder_events(self) -> Events:
        """The coder's events in the order ``alignment`` indexes them (by onset)."""
        return self._a

    @property
    def reference_events(self) -> Events:
        """The reference's events in the order ``alignment`` indexes them (by onset)."""
        return self._b

    # ------------------------------------------------------------ the codes compared
    @cached_property
    def codes(self) -> list[str]:
        """The codes the comparison can meet, in the scheme's order."""
        if self.level == "category":
            return [c.id for c in self.scheme.categories]
        return list(self.scheme.codes)

    # ------------------------------------------------------------ event-based
    def confusion(self) -> pd.DataFrame:
        """Counts of (coder's code, reference's code) over the aligned events, NIL for none."""
        return confusion(self.alignment, self._a.codes, self._b.codes, self.codes)

    @cached_property
    def _table(self) -> pd.DataFrame:
        return self.confusion()

    @property
    def alignment_kappa(self) -> float:
        """Cohen's kappa over the aligned events, unpaired ones against NIL."""
        return alignment_kappa(self._table)

    @property
    def kappa_max(self) -> float:
        """The largest alignment kappa these codings' totals allow (NIL×NIL cannot agree)."""
        return kappa_max(self._table)

    @property
    def raw_agreement(self) -> float:
        """Share of aligned units where both gave the same code."""
        return raw_agreement(self._table)

    @cached_property
    def alpha(self) -> float:
        """Krippendorff's nominal alpha over the aligned events (NIL as a value)."""
        pairs = [(self._a.codes[i], self._b.codes[j]) for i, j in self.alignment.pairs]
        pairs += [(self._a.codes[i], NIL) for i in self.alignment.only_a]
        pairs += [(NIL, self._b.codes[j]) for j in self.alignment.only_b]
        if not pairs:
            return math.nan
        return nominal_alpha([[p[0] for p in pairs], [p[1] for p in pairs]])

    def per_code(self) -> pd.DataFrame:
        """Per code: reference and coder counts, matched, recall, precision, onset offset."""
        return per_code(self.alignment, self._a, self._b, self.codes)

    # ------------------------------------------------------------ time-based
    @cached_property
    def _time_units(self) -> TimeUnitKappa:
        return time_unit_kappa(
            self._a.codes, self._a.onsets, self._a.offsets,
            self._b.codes, self._b.onsets, self._b.offsets,
            code_list=self.codes, start=0.0, end=self.end, unit=self.unit,
            tolerance=self.tolerance,
        )  # fmt: skip

    @property
    def time_unit_kappa(self) -> float:
        """Cohen's kappa over time units (the set of codes active in each unit)."""
        return self._time_units.kappa

    @property
    def time_unit_kappa_tolerant(self) -> float:
        """Time-unit kappa where the other coder's same code within ±tolerance agrees."""
        return self._time_units.kappa_tolerant

    @property
    def time_units(self) -> TimeUnitKappa:
        """All time-unit figures: with and without tolerance, without none/none units,
        the share of units nobody coded, and per code (present/absent)."""
        return self._time_units

    @property
    def unitizing_alpha(self) -> float | None:
        """Krippendorff's uα over the interval events; None when neither side has any."""
        return None if self.unitizing is None else self.unitizing.u_alpha

    @cached_property
    def unitizing(self) -> UnitizingAlpha | None:
        """uα, |uα (boundaries only), cuα (codes where units meet), (k)uα per code and the
        per-code uα (where each code is); None when neither side has an interval event."""
        intervals = [
            [
                (c, on, off)
                for c, on, off in zip(e.codes, e.onsets, e.offsets, strict=True)
                if off > on
            ]
            for e in (self._a, self._b)
        ]
        if not any(intervals):
            return None
        return unitizing_alpha(intervals, 0.0, self.end)

    # ------------------------------------------------------------ moments
    def pairs(self) -> pd.DataFrame:
        """The matched moments: onset, offset and code of each side, and whether they agree."""
        rows = [
            {
                "onset": self._a.onsets[i], "offset": self._a.offsets[i], "code": self._a.codes[i],
                "reference_onset": self._b.onsets[j], "reference_offset": self._b.offsets[j],
                "reference_code": self._b.codes[j],
                "same_code": self._a.codes[i] == self._b.codes[j],
            }
            for i, j in self.alignment.pairs
        ]  # fmt: skip
        table: pd.DataFrame = pd.DataFrame(rows, columns=_PAIR_COLUMNS)
        return table

    def misses(self) -> pd.DataFrame:
        """Moments only the reference marked."""
        return _side(self._b, self.alignment.only_b)

    def extras(self) -> pd.DataFrame:
        """Moments only the coder marked."""
        return _side(self._a, self.alignment.only_a)

    def moments(self) -> list[FeedbackMoment]:
        """Every aligned moment in time order, labelled for people, for replay."""
        label = self.scheme.label_of
        found: list[FeedbackMoment] = []
        for i, j in self.alignment.pairs:
            same = self._a.codes[i] == self._b.codes[j]
            found.append(
                FeedbackMoment(
                    "seen" if same else "named-differently",
                    min(self._a.onsets[i], self._b.onsets[j]),
                    max(self._a.offsets[i], self._b.offsets[j]),
                    label(self._a.codes[i]),
                    label(self._b.codes[j]),
                )
            )
        for j in self.alignment.only_b:
            found.append(
                FeedbackMoment(
                    "missed", self._b.onsets[j], self._b.offsets[j], None, label(self._b.codes[j])
                )
            )
        for i in self.alignment.only_a:
            found.append(
                FeedbackMoment(
                    "only-you", self._a.onsets[i], self._a.offsets[i], label(self._a.codes[i]), None
                )
            )
        return sorted(found, key=lambda m: (m.onset, m.kind))

    # ------------------------------------------------------------ reporting
    def summary(self) -> dict[str, Any]:
        """Every figure of the comparison, as plain values (for JSON and portfolios)."""
        units = self._time_units
        return {
            "clip": self.clip,
            "coder": self.coder_name,
            "reference": self.reference_name,
            "scheme": self.scheme.id,
            "scheme_version": self.scheme.version,
            "level": self.level,
            "tolerance": self.tolerance,
            "unit": self.unit,
            "coder_events": len(self._a.codes),
            "reference_events": len(self._b.codes),
            "matched": len(self.alignment.pairs),
            "matched_same_code": int(sum(1 for i, j in self.alignment.pairs
                                         if self._a.codes[i] == self._b.codes[j])),
            "misses": len(self.alignment.only_b),
            "extras": len(self.alignment.only_a),
            "alignment_kappa": self.alignment_kappa,
            "kappa_max": self.kappa_max,
            "raw_agreement": self.raw_agreement,
            "time_unit_kappa": units.kappa,
            "time_unit_kappa_tolerant": units.kappa_tolerant,
            "time_unit_kappa_without_none": units.kappa_without_none,
            "none_share": units.none_share,
            "alpha": self.alpha,
            "unitizing_alpha": self.unitizing_alpha,
            "boundary_alpha": None if self.unitizing is None else self.unitizing.boundary_alpha,
            "coding_alpha": None if self.unitizing is None else self.unitizing.coding_alpha,
        }  # fmt: skip

    def feedback(self, detail: Literal["learner", "supervisor"] = "learner") -> Feedback:
        """Plain-English feedback, strengths first; ``detail="supervisor"`` adds the
        statistics, each with a one-line explanation."""
        if detail not in ("learner", "supervisor"):
            raise VigkitError(f"feedback detail must be 'learner' or 'supervisor', not {detail!r}")
        moments = self.moments()
        table = self.per_code()
        strengths = [
            f"{self.scheme.label_of(str(code))}: you found {int(row.matched)} of "
            f"{int(row.reference)}"
            for code, row in table.iterrows()
            if row.reference > 0 and row.matched / row.reference >= 0.75
        ]
        paragraphs = learner_paragraphs(moments, len(self._b.codes), strengths)
        if detail == "supervisor":
            paragraphs += _statistics(self)
        return Feedback(tuple(paragraphs), tuple(moments))

    def __repr__(self) -> str:
        return (
            f"<Comparison {self.coder_name} vs {self.reference_name} on {self.clip}: "
            f"alignment kappa {self.alignment_kappa:.2f}, {len(self.alignment.pairs)} matched, "
            f"{len(self.alignment.only_b)} missed, {len(self.alignment.only_a)} extra>"
        )


def compare(
    a: Coding,
    b: Coding,
    tolerance: float = 2.0,
    level: Level = "category",
    unit: float = 1.0,
) -> Comparison:
    """Compare coding ``a`` (e.g. a trainee's) with ``b`` (the reference, e.g. the
    supervisor's) of the same clip in the same scheme."""
    return Comparison(a, b, tolerance=tolerance, level=level, unit=unit)


_PAIR_COLUMNS = [
    "onset", "offset", "code", "reference_onset", "reference_offset", "reference_code",
    "same_code",
]  # fmt: skip


def _events(coding: Coding) -> Events:
    frame = coding.events.sort_values(["onset", "offset", "code"], kind="stable")
    return Events.from_arrays(
        tuple(frame["code"]), frame["onset"].to_numpy(float), frame["offset"].to_numpy(float)
    )


def _side(events: Events, indices: tuple[int, ...]) -> pd.DataFrame:
    rows = [
        {"onset": events.onsets[i], "offset": events.offsets[i], "code": events.codes[i]}
        for i in indices
    ]
    table: pd.DataFrame = pd.DataFrame(rows, columns=["onset", "offset", "code"])
    return table


def _check_pair(a: Coding, b: Coding, tolerance: float, level: str, unit: float) -> None:
    problems = []
    if (a.scheme.id, a.scheme.version) != (b.scheme.id, b.scheme.version):
        problems.append(
            f"the codings use different schemes ({a.scheme.id} {a.scheme.version} and "
            f"{b.scheme.id} {b.scheme.version})"
        )
    clips = set(a.clips) | set(b.clips)
    if len(clips) > 1:
        problems.append(f"the codings are of different clips ({', '.join(sorted(clips))})")
    for name, coding in (("first", a), ("second", b)):
        if len(coding.coders) > 1:
            problems.append(
                f"the {name} coding has several coders ({', '.join(coding.coders)}); compare "
                "one coder with another, or use compare_many for a group"
            )
    if level not in ("category", "behaviour"):
        problems.append(f"level must be 'category' or 'behaviour', not {level!r}")
    if not (tolerance >= 0 and math.isfinite(tolerance)):
        problems.append(f"the tolerance must be 0 seconds or more, not {tolerance!r}")
    if not (unit > 0 and math.isfinite(unit)):
        problems.append(f"the time unit must be more than 0 seconds, not {unit!r}")
    if problems:
        raise VigkitError("cannot compare these codings: " + "; ".join(problems))


def _statistics(comparison: Comparison) -> list[str]:
    """The figures for supervisors and portfolios, each explained in one line."""
    s = comparison.summary()

    def number(value: float | None) -> str:
        return (
            "–"
            if value is None or (isinstance(value, float) and math.isnan(value))
            else f"{value:.2f}"
        )

    units = comparison.time_units
    lines = [
        f"Statistics (tolerance {s['tolerance']:g} s, {s['level']} level, time unit "
        f"{s['unit']:g} s):",
        f"- Alignment kappa {number(s['alignment_kappa'])} ({landis_koch(s['alignment_kappa'])},"
        f" Landis & Koch), of at most {number(s['kappa_max'])}: agreement on the aligned "
        "moments beyond chance; unmatched moments count against NIL, so 1 is out of reach.",
        f"- Raw agreement {number(s['raw_agreement'])}: the share of aligned moments given the "
        "same code.",
        f"- Time-unit kappa {number(s['time_unit_kappa'])}, with ±{s['tolerance']:g} s tolerance "
        f"{number(s['time_unit_kappa_tolerant'])}, without the units nobody coded "
        f"{number(units.kappa_without_none)}: second-by-second agreement; "
        f"{units.none_share:.0%} of units were coded by neither, which inflates it.",
        f"- Krippendorff's alpha {number(s['alpha'])}: agreement on the aligned moments, "
        "comparable across any number of coders.",
    ]
    if s["unitizing_alpha"] is not None:
        lines.append(
            f"- Unitizing alpha {number(s['unitizing_alpha'])}: agreement on where the coded "
            f"stretches begin and end and what they are; on the boundaries alone "
            f"{number(s['boundary_alpha'])}, on the codes where both coded "
            f"{number(s['coding_alpha'])}."
        )
    lines.append(
        "- Bakeman's caveat: no value is good everywhere; kappa depends on the number of codes "
        "and how unevenly they are used, so read it beside raw agreement."
    )
    return ["\n".join(lines)]
