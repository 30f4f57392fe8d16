"""Comparing a group's codings of one clip: a VERP group, or a cohort of trainees.

``compare_many`` gives the pairwise matrix of alignment kappas, Krippendorff's alpha over
all coders at once (on time units), and each coder against a reference when one is
named (usually the supervisor).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..coding.table import Coding
from ..core.errors import VigkitError
from .align import align
from .alpha import nominal_alpha
from .comparison import Comparison, Level, _events
from .eventkappa import alignment_kappa, confusion
from .timeunits import check_unit_count, unit_presence


@dataclass(frozen=True)
class GroupComparison:
    """Agreement across a group: pairwise kappas, one alpha for all, each vs the reference."""

    coders: tuple[str, ...]
    pairwise_kappa: pd.DataFrame
    alpha: float
    against_reference: dict[str, Comparison]
    reference: str | None
    #: Each coder's coding as compared (rolled up at category level), the reference too.
    codings: dict[str, Coding] = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """One row per coder: mean kappa with the others, and figures against the reference."""
        rows = []
        for coder in self.coders:
            others = self.pairwise_kappa.loc[coder].drop(coder)
            row: dict[str, object] = {"coder": coder, "mean_pairwise_kappa": others.mean()}
            comparison = self.against_reference.get(coder)
            if comparison is not None:
                s = comparison.summary()
                row |= {
                    "kappa_vs_reference": s["alignment_kappa"],
                    "found": s["matched"],
                    "of": s["reference_events"],
                    "misses": s["misses"],
                    "extras": s["extras"],
                }
            rows.append(row)
        table: pd.DataFrame = pd.DataFrame(rows).set_index("coder")
        return table


def compare_many(
    codings: Sequence[Coding] | Coding,
    reference: Coding | str | None = None,
    tolerance: float = 2.0,
    level: Level = "category",
    unit: float = 1.0,
) -> GroupComparison:
    """Compare every coder in ``codings`` (one clip, one scheme) with every other, and
    each with ``reference`` (a coding, or the pseudonym of one of the coders)."""
    pieces = list(codings) if not isinstance(codings, Coding) else [codings]
    everyone = Coding.concat(pieces) if pieces else None
    if everyone is None or len(everyone.coders) < 2:
        raise VigkitError("compare_many needs the codings of at least two coders")
    if len(everyone.clips) > 1:
        raise VigkitError(f"the codings are of different clips ({', '.join(everyone.clips)})")
    scheme = everyone.scheme
    if level == "category":
        everyone = everyone.rolled_up()
    by_coder = {name: everyone.filter(coder=name) for name in everyone.coders}

    reference_name: str | None = None
    if isinstance(reference, str):
        if reference not in by_coder:
            raise VigkitError(f"the reference '{reference}' is not one of the coders")
        reference_name = reference
        reference_coding: Coding | None = by_coder[reference]
    else:
        reference_coding = reference
        if reference is not None:
            reference_name = (reference.coders or ("reference",))[0]
    coders = tuple(name for name in by_coder if name != reference_name)

    codes = [c.id for c in scheme.categories] if level == "category" else list(scheme.codes)
    events = {name: _events(coding) for name, coding in by_coder.items()}
    matrix = pd.DataFrame(np.nan, index=list(by_coder), columns=list(by_coder))
    for first, second in itertools.combinations(by_coder, 2):
        alignment = align(events[first], events[second], tolerance)
        table = confusion(alignment, events[first].codes, events[second].codes, codes)
        matrix.loc[first, second] = matrix.loc[second, first] = alignment_kappa(table)
    for name in by_coder:
        matrix.loc[name, name] = 1.0

    durations = [c.duration for c in pieces if c.duration is not None]
    end = max([0.0, *everyone.events["offset"], *durations]) or unit
    check_unit_count(
        0.0, end, unit, len(codes), f"the group on clip {(everyone.clips or ('',))[0]}"
    )
    labels = []
    for name in by_coder:
        e = events[name]
        present = unit_presence(e.codes, e.onsets, e.offsets, codes, 0.0, end, unit)
        labels.append(
            [
                "+".join(c for c, on in zip(codes, row, strict=True) if on) or "none"
                for row in present
            ]
        )
    alpha = nominal_alpha(labels)

    against: dict[str, Comparison] = {}
    if reference_coding is not None:
        for name in coders:
            against[name] = Comparison(
                by_coder[name], reference_coding, tolerance=tolerance, level=level, unit=unit
            )
    return GroupComparison(
        coders=tuple(by_coder),
        pairwise_kappa=matrix,
        alpha=alpha,
        against_reference=against,
        reference=reference_name,
        codings=_with_reference(by_coder, reference_coding, reference_name, level),
    )


def _with_reference(
    by_coder: dict[str, Coding], reference: Coding | None, name: str | None, level: Level
) -> dict[str, Coding]:
    """Every coding the group compared, the reference included, at the compared level."""
    if reference is None or name is None or name in by_coder:
        return dict(by_coder)
    return {**by_coder, name: reference.rolled_up() if level == "category" else reference}
