"""Who found what in a group compared against a reference: per coder and code, the
reference's moments found and named the same, extra tags and timing, as plain counts.

The figures behind :func:`vigkit.supervision.help_table`; the words for people (verdicts,
the strengths-first summary) are in :mod:`vigkit.supervision`.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .comparison import Comparison


@dataclass(frozen=True)
class PrincipleCounts:
    """One trainee on one principle: the supervisor's moments (``of``), how many the
    trainee found and named the same, which principles they gave the others, and their
    extra tags of this principle (tags with no supervisor's moment near them)."""

    trainee: str
    principle: str
    of: int
    found: int
    same: int
    extra: int
    #: The principles the moments found but named differently were given, with how many
    #: each, most first (then in the scheme's order).
    named_as: tuple[tuple[str, int], ...] = ()

    @property
    def mostly_named_as(self) -> str:
        """The principle most of the differently named moments were given ("" if none)."""
        return self.named_as[0][0] if self.named_as else ""

    @property
    def named_differently(self) -> int:
        """Moments found but given another principle."""
        return self.found - self.same

    @property
    def share_same(self) -> float:
        """The share of the supervisor's moments found and named the same (NaN if none)."""
        return self.same / self.of if self.of else math.nan


@dataclass(frozen=True)
class TraineeTotals:
    """One trainee against the supervisor over the whole film."""

    trainee: str
    of: int
    found: int
    same: int
    extra: int
    #: The median of (trainee's onset - supervisor's onset) over the found moments, in
    #: seconds: positive when the trainee tends to tag later (NaN when nothing was found).
    typical_lateness: float
    #: Alignment kappa with the supervisor.
    kappa: float


#: What :func:`principle_counts` makes for each principle: :class:`PrincipleCounts` or a
#: subclass that adds readings of the counts (no fields of its own).
Counts = TypeVar("Counts", bound=PrincipleCounts)


def principle_counts(trainee: str, comparison: Comparison, kind: type[Counts]) -> dict[str, Counts]:
    """Per principle: the reference's moments, found, named the same (and the others
    mostly as what), and the coder's extra tags, each as a ``kind``."""
    scheme = comparison.scheme
    coder = [scheme.rollup(c) for c in comparison.coder_events.codes]
    reference = [scheme.rollup(c) for c in comparison.reference_events.codes]
    principles = [c.id for c in scheme.categories]
    of = Counter(reference)
    found: Counter[str] = Counter()
    same: Counter[str] = Counter()
    named_as: dict[str, Counter[str]] = {p: Counter() for p in principles}
    for i, j in comparison.alignment.pairs:
        found[reference[j]] += 1
        if coder[i] == reference[j]:
            same[reference[j]] += 1
        else:
            named_as[reference[j]][coder[i]] += 1
    extra = Counter(coder[i] for i in comparison.alignment.only_a)
    cells = {}
    for principle in principles:
        others = named_as[principle]
        ranked = sorted(others.items(), key=lambda item: (-item[1], principles.index(item[0])))
        cells[principle] = kind(
            trainee, principle, of[principle], found[principle], same[principle],
            extra[principle], tuple(ranked),
        )  # fmt: skip
    return cells


def trainee_totals(trainee: str, comparison: Comparison) -> TraineeTotals:
    """One trainee's totals against the reference, with their typical lateness."""
    a, b = comparison.coder_events, comparison.reference_events
    pairs = comparison.alignment.pairs
    differences = [float(a.onsets[i] - b.onsets[j]) for i, j in pairs]
    rollup = comparison.scheme.rollup
    same = sum(1 for i, j in pairs if rollup(a.codes[i]) == rollup(b.codes[j]))
    return TraineeTotals(
        trainee=trainee,
        of=len(b.codes),
        found=len(pairs),
        same=same,
        extra=len(comparison.alignment.only_a),
        typical_lateness=round(float(np.median(differences)), 3) if differences else math.nan,
        kappa=float(comparison.alignment_kappa),
    )


def mean_with_others(kappas: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each coder's mean of a coder x coder matrix of kappas, the diagonal left out (NaN
    where none can be worked out)."""
    others = kappas.copy()
    np.fill_diagonal(others, np.nan)
    with warnings.catch_warnings():  # a coder with no defined kappa: NaN, no warning
        warnings.simplefilter("ignore", RuntimeWarning)
        means: npt.NDArray[np.float64] = np.nanmean(others, axis=1)
    return means


__all__ = [
    "PrincipleCounts",
    "TraineeTotals",
    "mean_with_others",
    "principle_counts",
    "trainee_totals",
]
