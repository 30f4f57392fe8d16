"""The verdicts on a trainee's principle (secure, developing, needs support), their
thresholds, symbols and tints, and a principle's counts with its verdict.

Words for people over the counts of :mod:`vigkit.agreement.groupcodes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..agreement.groupcodes import PrincipleCounts

Verdict = Literal["secure", "developing", "needs support"]
#: The verdicts, best first.
VERDICTS: tuple[Verdict, ...] = ("secure", "developing", "needs support")
#: The least share of the supervisor's moments named the same for each verdict.
SECURE = 0.75
DEVELOPING = 0.5
#: A symbol per verdict, so the table reads without colour (and in print).
SYMBOLS: dict[Verdict, str] = {"secure": "●", "developing": "◐", "needs support": "○"}
#: Light cell tints per verdict (a help for the eye only: the words carry the verdict).
TINTS: dict[Verdict, str] = {
    "secure": "#E3EEF9",
    "developing": "#FFF4D1",
    "needs support": "#FBE1D3",
}
#: What the verdicts mean, in one line (for tables, legends and the exported workbook).
VERDICT_RULE = (
    "secure: found and named the same at least 3 in 4 of the supervisor's moments of that "
    "principle; developing: at least half; needs support: fewer than half"
)


def verdict(same: int, of: int) -> Verdict | None:
    """The verdict for ``same`` of the supervisor's ``of`` moments named the same
    (``None`` when the supervisor marked none: there is nothing to judge)."""
    if of <= 0:
        return None
    share = same / of
    if share >= SECURE:
        return "secure"
    if share >= DEVELOPING:
        return "developing"
    return "needs support"


@dataclass(frozen=True)
class PrincipleHelp(PrincipleCounts):
    """One trainee on one principle: the supervisor's moments (``of``), how many the
    trainee found and named the same, which principles they gave the others, and their
    extra tags of this principle (tags with no supervisor's moment near them), with the
    verdict they add up to."""

    @property
    def verdict(self) -> Verdict | None:
        """secure, developing or needs support (``None``: the supervisor marked none)."""
        return verdict(self.same, self.of)


__all__ = [
    "DEVELOPING",
    "SECURE",
    "SYMBOLS",
    "TINTS",
    "VERDICTS",
    "VERDICT_RULE",
    "PrincipleHelp",
    "Verdict",
    "verdict",
]
