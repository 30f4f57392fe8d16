"""How much a group agrees, for a supervisor: each pair's alignment kappa, each coder's
mean with the others and the group's Krippendorff's alpha, each with a line in plain words.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..agreement.group import GroupComparison
from ..agreement.groupcodes import mean_with_others


@dataclass(frozen=True)
class GroupAgreement:
    """How much the group agrees: each pair's alignment kappa, each coder's mean kappa
    with the others, and Krippendorff's alpha for everyone at once, each explained."""

    coders: tuple[str, ...]
    #: ``kappas[i, j]``: the alignment kappa of coders ``i`` and ``j`` (1 on the diagonal).
    kappas: npt.NDArray[np.float64]
    alpha: float
    tolerance: float | None
    reference: str | None

    @property
    def means(self) -> npt.NDArray[np.float64]:
        """Each coder's mean kappa with the others (NaN where none can be worked out)."""
        return mean_with_others(self.kappas)

    @property
    def pairwise(self) -> pd.DataFrame:
        """The kappas as a coder × coder table, with a ``mean`` column."""
        table: pd.DataFrame = pd.DataFrame(
            self.kappas, index=list(self.coders), columns=list(self.coders)
        )
        table["mean"] = self.means
        return table

    def explanations(self) -> list[str]:
        """One line per figure, in plain words."""
        window = (
            f" (a moment counts as the same within ±{self.tolerance:g} s)"
            if self.tolerance is not None
            else ""
        )
        return [
            "Each number is the alignment kappa of two coders: how well they agree on which "
            f"moments there are and which principle each shows, beyond chance{window}. 1 is "
            "full agreement, 0 no better than chance; Landis & Koch call above .60 "
            "substantial and above .80 almost perfect.",
            "Mean: each coder's average kappa with everyone else – a quick sense of who codes "
            "most like the rest of the group (not a ranking).",
            f"Krippendorff's alpha for the whole group: {_number(self.alpha)} – everyone's "
            "agreement second by second, one figure for any number of coders. "
            f"{_alpha_reading(self.alpha)}",
        ]

    def __str__(self) -> str:
        names = [self._shown(c) for c in self.coders]
        width = max(len(n) for n in names)
        header = " " * width + "".join(f"{c:>6}" for c in self.coders) + "   mean"
        lines = [header]
        for i, name in enumerate(names):
            cells = "".join(
                f"{'–' if i == j else _number(float(self.kappas[i, j])):>6}"
                for j in range(len(self.coders))
            )
            lines.append(f"{name:<{width}}{cells}{_number(float(self.means[i])):>7}")
        return "\n".join(lines) + "\n\n" + "\n".join(f"- {x}" for x in self.explanations())

    def __repr__(self) -> str:
        return f"<GroupAgreement of {len(self.coders)} coders: alpha {_number(self.alpha)}>"

    def _repr_html_(self) -> str:
        """The table (the diagonal left empty, the mean in italics) and the explanations."""
        head = "".join(f"<th>{html.escape(self._shown(c))}</th>" for c in self.coders)
        rows = []
        for i, name in enumerate(self.coders):
            cells = "".join(
                "<td style='text-align:center;color:#767676'>–</td>"
                if i == j
                else f"<td style='text-align:center'>{_number(float(self.kappas[i, j]))}</td>"
                for j in range(len(self.coders))
            )
            mean = _number(float(self.means[i]))
            rows.append(
                f"<tr><th style='text-align:left'>{html.escape(self._shown(name))}</th>{cells}"
                f"<td style='text-align:center'><i>{mean}</i></td></tr>"
            )
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in self.explanations())
        return (
            "<p><b>How much the group agrees</b></p>"
            f"<table><thead><tr><th></th>{head}<th><i>mean</i></th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><ul>{lines}</ul>"
        )

    def _shown(self, coder: str) -> str:
        return f"{coder} (reference)" if coder == self.reference else coder


def agreement_table(group: GroupComparison) -> GroupAgreement:
    """The group's pairwise alignment kappas, each coder's mean with the others and
    Krippendorff's alpha, ready to show with one-line explanations."""
    coders = tuple(str(c) for c in group.pairwise_kappa.index)
    kappas = group.pairwise_kappa.loc[list(coders), list(coders)].to_numpy(dtype=np.float64)
    comparisons = list(group.against_reference.values())
    tolerance = comparisons[0].tolerance if comparisons else None
    return GroupAgreement(coders, kappas, float(group.alpha), tolerance, group.reference)


def _alpha_reading(alpha: float) -> str:
    """What alpha says, after Krippendorff (2004): .80 reliable, .667 tentative."""
    if math.isnan(alpha):
        return "It cannot be worked out for these codings (nobody tagged anything)."
    if alpha >= 0.8:
        return "At .80 or more, Krippendorff counts the codings as reliable."
    if alpha >= 0.667:
        return "Between .67 and .80, Krippendorff counts it as enough for tentative conclusions."
    return (
        "Below .67, Krippendorff advises caution: look at where the coders differ before "
        "relying on the codings."
    )


def _number(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


__all__ = ["GroupAgreement", "agreement_table"]
