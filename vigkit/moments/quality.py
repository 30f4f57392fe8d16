"""How good the candidates are: recall and precision against a reference coding.

The measure the issue sets and docs/moments.md reports: of the reference coding's moments
of the principles a finder is for (``TARGETS``), the share that some candidate among the
``recall_top`` best comes within ``tolerance`` seconds of (recall), and of the
``precision_top`` best candidates, the share within ``tolerance`` of such a moment
(precision). Pure: tests, the benchmark and the docs all call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

#: The principles the finder is measured on: what sound and movement can point to.
TARGETS = ("receiving-initiatives", "developing-attuned-interactions")


@dataclass(frozen=True)
class Quality:
    """Recall and precision of one film's candidates, with the counts behind them."""

    found: int  # reference moments that a top-``recall_top`` candidate comes near
    moments: int  # reference moments of the target principles
    hits: int  # top-``precision_top`` candidates near a reference moment
    looked: int  # how many candidates were judged for precision

    @property
    def recall(self) -> float:
        """The share of reference moments found (nan when there are none)."""
        return self.found / self.moments if self.moments else float("nan")

    @property
    def precision(self) -> float:
        """The share of the best candidates that are near a reference moment."""
        return self.hits / self.looked if self.looked else float("nan")


def quality(
    candidates: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    principles: Sequence[str] = TARGETS,
    tolerance: float = 2.0,
    recall_top: int = 20,
    precision_top: int = 10,
) -> Quality:
    """Recall (top ``recall_top``) and precision (top ``precision_top``) of ``candidates``
    (ranked best first) against ``reference``'s moments of ``principles`` (``code``,
    ``onset``, ``offset`` columns; ``offset`` may be empty for a point)."""
    category = reference["code"].astype(str).str.split(".").str[0]
    moments = reference[category.isin(list(principles))]
    spans = [
        (float(on), float(on) if pd.isna(off) else float(off))
        for on, off in zip(moments["onset"], moments["offset"], strict=True)
    ]
    ranked = candidates.sort_values("rank") if "rank" in candidates else candidates
    shown = [(float(a), float(b)) for a, b in zip(ranked["onset"], ranked["offset"], strict=True)]

    def near(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return a[0] <= b[1] + tolerance and b[0] <= a[1] + tolerance

    found = sum(any(near(m, c) for c in shown[:recall_top]) for m in spans)
    best = shown[:precision_top]
    hits = sum(any(near(c, m) for m in spans) for c in best)
    return Quality(found=found, moments=len(spans), hits=hits, looked=len(best))


__all__ = ["TARGETS", "Quality", "quality"]
