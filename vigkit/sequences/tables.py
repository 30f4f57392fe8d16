"""Transition tables between principles, per film and across films.

Per film (one clip by one coder): :func:`transitions` gives a :class:`TransitionTable` of
the lag-1 counts between principles and every figure GSEQ reports for them
(:mod:`vigkit.sequences.transitions`). Across films, :func:`transitions_across` gives, for
each trainee (or clip) and for the whole group, a :class:`TransitionSummary`: the **pooled**
table (every film's counts added up, then the figures of that sum) and the **mean of the
per-film figures** (each film's probabilities, residuals and Yule's Q, averaged over the
films where they are defined), as Bakeman & Quera recommend for comparing people: one
talkative film then does not outweigh the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..coding.table import Coding
from .series import TagSeries, series_of
from .transitions import FloatArray, IntArray, count_transitions, nan_mean, table_figures

#: The figures a table holds, by the names people see.
FIGURES: dict[str, str] = {
    "counts": "transitions counted",
    "expected": "expected by chance",
    "probabilities": "transitional probability",
    "residuals": "adjusted residual",
    "yules_q": "Yule's Q",
}
Figure = Literal["counts", "expected", "probabilities", "residuals", "yules_q"]
By = Literal["coder", "clip"]


@dataclass(frozen=True, eq=False)
class TransitionTable:
    """The lag-1 transitions between principles of one film, or pooled over films.

    Rows are the principle before (the *given*), columns the principle after (the
    *target*), both in the scheme's order; NaN marks a figure that cannot be worked out.
    """

    name: str
    categories: tuple[str, ...]
    labels: tuple[str, ...]
    counts: FloatArray
    expected: FloatArray
    probabilities: FloatArray
    residuals: FloatArray
    yules_q: FloatArray
    films: int = 1

    @property
    def total(self) -> int:
        """How many transitions the table counts."""
        return int(self.counts.sum())

    def figure(self, which: Figure = "counts") -> pd.DataFrame:
        """One figure as a labelled table (rows: before, columns: after)."""
        values: FloatArray = getattr(self, which)
        frame: pd.DataFrame = pd.DataFrame(
            values, index=list(self.labels), columns=list(self.labels)
        )
        return frame

    def cells(self) -> list[dict[str, object]]:
        """Every cell with every figure, one dict each (for CSV and JSON)."""
        rows: list[dict[str, object]] = []
        for i, given in enumerate(self.categories):
            for j, target in enumerate(self.categories):
                rows.append(
                    {
                        "before": given,
                        "after": target,
                        **{name: float(getattr(self, name)[i, j]) for name in FIGURES},
                    }
                )
        return rows


@dataclass(frozen=True, eq=False)
class TransitionSummary:
    """One trainee's (or the group's) transitions over several films: the pooled table and
    the per-film figures averaged (``defined``: over how many films each mean is)."""

    name: str
    pooled: TransitionTable
    mean_probabilities: FloatArray
    mean_residuals: FloatArray
    mean_yules_q: FloatArray
    defined: IntArray
    films: int

    def mean_figure(self, which: Literal["probabilities", "residuals", "yules_q"]) -> pd.DataFrame:
        """A mean per-film figure as a labelled table."""
        values: FloatArray = getattr(self, f"mean_{which}")
        labels = list(self.pooled.labels)
        frame: pd.DataFrame = pd.DataFrame(values, index=labels, columns=labels)
        return frame


@dataclass(frozen=True, eq=False)
class AcrossFilms:
    """Every film's table, each trainee's (or clip's) summary and the group's."""

    films: tuple[TransitionTable, ...]
    per: dict[str, TransitionSummary]
    group: TransitionSummary
    by: str


def _stack_tables(
    all_series: Sequence[TagSeries], labels: tuple[str, ...], names: Sequence[str]
) -> tuple[IntArray, list[TransitionTable]]:
    """The counts of every series (one ``bincount``) and each one's table (figures of the
    whole stack at once)."""
    categories = all_series[0].categories if all_series else ()
    k = len(categories)
    counts = count_transitions([series.principles for series in all_series], k)
    figures = table_figures(counts)
    tables = [
        TransitionTable(
            name=name,
            categories=categories,
            labels=labels,
            counts=figures.counts[index],
            expected=figures.expected[index],
            probabilities=figures.probabilities[index],
            residuals=figures.residuals[index],
            yules_q=figures.yules_q[index],
        )
        for index, name in enumerate(names)
    ]
    return counts, tables


def _labels(coding: Coding) -> tuple[str, ...]:
    return tuple(category.label for category in coding.scheme.categories)


def transitions(coding: Coding) -> list[TransitionTable]:
    """A :class:`TransitionTable` for each clip and coder of ``coding``."""
    all_series = series_of(coding)
    names = [f"{series.coder} on {series.clip}" for series in all_series]
    return _stack_tables(all_series, _labels(coding), names)[1]


def summarise(name: str, tables: Sequence[TransitionTable], counts: IntArray) -> TransitionSummary:
    """The pooled table and the mean per-film figures of some films' tables."""
    figures = table_figures(counts.sum(axis=0))
    first = tables[0]
    pooled = TransitionTable(
        name=name,
        categories=first.categories,
        labels=first.labels,
        counts=figures.counts,
        expected=figures.expected,
        probabilities=figures.probabilities,
        residuals=figures.residuals,
        yules_q=figures.yules_q,
        films=len(tables),
    )
    means = {
        which: nan_mean(np.stack([getattr(table, which) for table in tables]))
        for which in ("probabilities", "residuals", "yules_q")
    }
    return TransitionSummary(
        name=name,
        pooled=pooled,
        mean_probabilities=means["probabilities"][0],
        mean_residuals=means["residuals"][0],
        mean_yules_q=means["yules_q"][0],
        defined=means["residuals"][1],
        films=len(tables),
    )


def transitions_across(codings: Sequence[Coding], *, by: By = "coder") -> AcrossFilms:
    """Every film's table of several codings, a summary per coder (a trainee over their
    cycles; ``by="clip"``: per film over its coders) and one for the whole group.

    The codings must use one scheme (the principles are the table's rows)."""
    if not codings:
        raise ValueError("transitions_across needs at least one coding")
    schemes = {(coding.scheme.id, coding.scheme.version) for coding in codings}
    if len(schemes) > 1:
        listed = ", ".join(f"{sid} {version}" for sid, version in sorted(schemes))
        raise ValueError(f"the codings use different schemes ({listed}); use codings of one")
    all_series = [series for coding in codings for series in series_of(coding)]
    if not all_series:
        raise ValueError("the codings have no tags, so there are no transitions to count")
    names = [f"{series.coder} on {series.clip}" for series in all_series]
    counts, tables = _stack_tables(all_series, _labels(codings[0]), names)
    keys = [series.coder if by == "coder" else series.clip for series in all_series]
    per: dict[str, TransitionSummary] = {}
    for key in sorted(set(keys)):
        chosen = [index for index, each in enumerate(keys) if each == key]
        per[key] = summarise(key, [tables[i] for i in chosen], counts[chosen])
    group = summarise("group", tables, counts)
    return AcrossFilms(films=tuple(tables), per=per, group=group, by=by)
