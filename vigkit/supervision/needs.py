"""Who needs help with which principle: a supervisor's reading of a group's codings.

``help_table(group)`` takes a :class:`GroupComparison` made against the supervisor's coding
and says, for every trainee and principle (category), how many of the supervisor's
moments of that principle the trainee found, how many they named the same, and a verdict
in plain words:

- **secure**: named the same at least 3 in 4 (75 %) of the supervisor's moments;
- **developing**: at least half (50 %);
- **needs support**: fewer than half.

A moment is *found* when the alignment paired it with one of the trainee's tags (within
the group's tolerance, whatever principle the tag names) and *named the same* when that
tag names the same principle. The verdict looks only at the supervisor's moments: extra
tags are counted, and mentioned in the summary as something to talk through, but never
count against anyone. ``summary_text()`` puts it in words, strengths first.

``agreement_table(group)`` is the other half of the group view: each pair of coders'
alignment kappa and the group's Krippendorff's alpha, each with a one-line explanation
(:mod:`vigkit.supervision.groupagreement`; both import from here).

The counts are :mod:`vigkit.agreement.groupcodes`'s and the verdicts
:mod:`vigkit.supervision.verdicts`'; this module is the table and the words. Everything here
is pure: no files, no widgets (``vigkit.supervision`` loads and exports). Kept whole:
:class:`GroupHelp`'s table, look-ups and strengths-first sentences are one reading of the
same cells, and its sentences call its look-ups, so they read best in one class.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import pandas as pd

from ..agreement.comparison import Comparison
from ..agreement.group import GroupComparison
from ..agreement.groupcodes import TraineeTotals, principle_counts, trainee_totals
from ..coding.scheme import Scheme
from ..core.errors import VigkitError
from ..core.wording import counted, joined_with_and
from .groupagreement import GroupAgreement, agreement_table
from .verdicts import (
    DEVELOPING,
    SECURE,
    SYMBOLS,
    TINTS,
    VERDICT_RULE,
    VERDICTS,
    PrincipleHelp,
    Verdict,
    verdict,
)

#: The summary mentions a trainee whose typical tag is this many seconds off the supervisor's.
TIMING_NOTE = 0.75
#: The summary mentions a trainee with at least this many tags the supervisor did not mark.
EXTRAS_NOTE = 3

_TABLE_COLUMNS = [
    "trainee", "principle", "label", "of", "found", "same", "named_differently",
    "mostly_named_as", "extra", "share_same", "verdict",
]  # fmt: skip


@dataclass(frozen=True)
class GroupHelp:
    """Per trainee and principle: the supervisor's moments found, named the same, extra
    tags and a verdict; per trainee: totals and timing. Shows as a table in notebooks;
    ``summary_text()`` says it in words, strengths first."""

    clip: str
    reference: str
    tolerance: float
    scheme: Scheme
    #: The trainees, in the group's order (the reference left out).
    trainees: tuple[str, ...]
    #: The principles (category ids) the supervisor marked in this film, in the scheme's order.
    principles: tuple[str, ...]
    #: One per (trainee, principle), trainees in order, then principles.
    cells: tuple[PrincipleHelp, ...]
    #: One per trainee, in order.
    totals: tuple[TraineeTotals, ...]
    group: GroupComparison = field(repr=False, compare=False)

    # ---------------------------------------------------------------- tables
    @property
    def table(self) -> pd.DataFrame:
        """One row per (trainee, principle): label, of, found, same, named_differently,
        mostly_named_as (a principle id, "" if none), extra, share_same and verdict."""
        rows = [
            {
                "trainee": c.trainee, "principle": c.principle,
                "label": self.scheme.label_of(c.principle), "of": c.of, "found": c.found,
                "same": c.same, "named_differently": c.named_differently,
                "mostly_named_as": c.mostly_named_as, "extra": c.extra,
                "share_same": c.share_same, "verdict": c.verdict,
            }
            for c in self.cells
        ]  # fmt: skip
        table: pd.DataFrame = pd.DataFrame(rows, columns=_TABLE_COLUMNS)
        return table

    @property
    def per_trainee(self) -> pd.DataFrame:
        """One row per trainee: of, found, same, extra, typical_lateness (seconds), kappa,
        and how many principles are secure, developing and need support."""
        rows = []
        for t in self.totals:
            row: dict[str, object] = {
                "trainee": t.trainee, "of": t.of, "found": t.found, "same": t.same,
                "extra": t.extra, "typical_lateness": t.typical_lateness, "kappa": t.kappa,
            }  # fmt: skip
            for wanted in VERDICTS:
                row[wanted.replace(" ", "_")] = len(self.principles_with(t.trainee, wanted))
            rows.append(row)
        table: pd.DataFrame = pd.DataFrame(rows).set_index("trainee")
        return table

    def grid(self) -> pd.DataFrame:
        """Trainee × principle label, each cell in words: "● secure (4 of 4)"."""
        data = [[_cell_text(self.cell(t, p)) for p in self.principles] for t in self.trainees]
        labels = [self.scheme.label_of(p) for p in self.principles]
        grid: pd.DataFrame = pd.DataFrame(
            data, index=pd.Index(self.trainees, name="trainee"), columns=labels
        )
        return grid

    # ---------------------------------------------------------------- look-ups
    def cell(self, trainee: str, principle: str) -> PrincipleHelp:
        """``trainee`` on ``principle`` (a category id)."""
        for cell in self.cells:
            if cell.trainee == trainee and cell.principle == principle:
                return cell
        raise VigkitError(
            f"there is nothing for {trainee!r} on {principle!r}: the trainees are "
            f"{', '.join(self.trainees)} and the principles {', '.join(self.principles)}"
        )

    def with_verdict(self, principle: str, wanted: Verdict) -> tuple[str, ...]:
        """The trainees whose verdict on ``principle`` is ``wanted``, in the group's order."""
        return tuple(
            c.trainee for c in self.cells if c.principle == principle and c.verdict == wanted
        )

    def principles_with(self, trainee: str, wanted: Verdict) -> list[str]:
        """The principles on which ``trainee``'s verdict is ``wanted``, in the scheme's order."""
        return [c.principle for c in self.cells if c.trainee == trainee and c.verdict == wanted]

    def _total(self, trainee: str) -> TraineeTotals:
        return next(t for t in self.totals if t.trainee == trainee)

    # ---------------------------------------------------------------- words
    def summary_text(self) -> str:
        """The group in words, strengths first: what the group sees well, each trainee's
        strengths, then where to help (hardest principle first) and what else is worth a
        look (timing, extra tags). The same codings always give the same text."""
        if not self.principles:
            return (
                f"{self.reference} marked no moments in {self.clip}, so there is nothing for "
                f"the {counted(len(self.trainees), 'trainee')} to find yet: code the film as "
                "the reference first, then run this again."
            )
        paragraphs = [self._headline(), self._strengths(), self._help()]
        notes = self._notes()
        if notes:
            paragraphs.append(notes)
        return "\n\n".join(paragraphs)

    def _headline(self) -> str:
        moments = self.totals[0].of if self.totals else 0
        return (
            f"{counted(len(self.trainees), 'trainee')} coded {self.clip}, compared with "
            f"{self.reference}'s {counted(moments, 'moment')} (a moment counts as found when a "
            f"tag is within ±{self.tolerance:g} s)."
        )

    def _strengths(self) -> str:
        everyone = [p for p in self.principles if self._count_of(p, "secure") == len(self.trainees)]
        if everyone:
            opening = (
                f"What the group sees well: everyone is secure on {self._names(everyone)}, "
                f"finding and naming at least 3 in 4 of {self.reference}'s moments."
            )
        else:
            opening = f"What the group sees well: {self._best()}."
        lines = [f"{opening}\nEach trainee's strengths:"]
        lines += [f"- {t}: {self._trainee_strengths(t)}" for t in self.trainees]
        return "\n".join(lines)

    def _best(self) -> str:
        """The principle most trainees are secure on (else developing on), in words."""
        count = len(self.trainees)
        for wanted in ("secure", "developing"):
            best = min(self.principles, key=lambda p: (-self._count_of(p, wanted),
                                                       self.principles.index(p)))  # fmt: skip
            most = self._count_of(best, wanted)
            if most:
                are = "is" if most == 1 else "are"
                return f"{self._name(best)}, where {most} of {count} {are} {wanted}"
        return "everyone has made a start, and each trainee has moments to build on"

    def _trainee_strengths(self, trainee: str) -> str:
        secure = self.principles_with(trainee, "secure")
        if len(secure) == len(self.principles):
            return f"secure on all {len(self.principles)} principles"
        if len(secure) > 1:
            return f"secure on {len(secure)} of {len(self.principles)}: {self._names(secure)}"
        if secure:
            return f"secure on {self._names(secure)}"
        developing = self.principles_with(trainee, "developing")
        if developing:
            return f"developing on {self._names(developing)}"
        total = self._total(trainee)
        return f"found {total.found} of {total.of} moments – a start to build on"

    def _help(self) -> str:
        needing = [p for p in self.principles if self._count_of(p, "needs support")]
        if not needing:
            developing = [p for p in self.principles if self._count_of(p, "developing")]
            if not developing:
                return (
                    "Where to help: nobody needs support – everyone is secure on every principle."
                )
            items = [
                f"- {self._name(p, start=True)}: developing: "
                f"{', '.join(self.with_verdict(p, 'developing'))}"
                for p in developing
            ]
            return "Where to help: nobody needs support on any principle.\n" + "\n".join(items)
        needing.sort(key=self._difficulty)
        items = []
        for number, principle in enumerate(needing):
            names = self.with_verdict(principle, "needs support")
            need = "needs" if len(names) == 1 else "need"
            item = (
                f"- {self._name(principle, start=True)}"
                f"{' was the hardest' if number == 0 else ''}: {len(names)} of "
                f"{len(self.trainees)} {need} support ({', '.join(names)})"
            )
            still = self.with_verdict(principle, "developing")
            if still:
                item += f"; developing: {', '.join(still)}"
            item += "."
            for name in names:
                cell = self.cell(name, principle)
                if cell.named_as and cell.named_as[0][1] * 2 > cell.of:
                    item += (
                        f" {name} named most of these moments as "
                        f"{self._name(cell.mostly_named_as)}."
                    )
            items.append(item)
        return "Where to help:\n" + "\n".join(items)

    def _notes(self) -> str:
        items = []
        for total in self.totals:
            lateness = total.typical_lateness
            if math.isfinite(lateness) and abs(lateness) >= TIMING_NOTE:
                when = "after" if lateness > 0 else "before"
                items.append(
                    f"- {total.trainee} tends to tag about {abs(lateness):.1f} s {when} "
                    f"{self.reference}: still within ±{self.tolerance:g} s, and worth a look "
                    "together at what happens in that moment."
                )
        for total in self.totals:
            if total.extra >= EXTRAS_NOTE:
                items.append(
                    f"- {total.trainee} tagged {total.extra} moments {self.reference} did not "
                    "mark: talk them through – some may be worth adding."
                )
        return "Also worth a look:\n" + "\n".join(items) if items else ""

    def _difficulty(self, principle: str) -> tuple[int, int, float, int]:
        """Sort key, hardest first: most needing support, most developing, lowest share."""
        shares = [c.share_same for c in self.cells if c.principle == principle]
        return (
            -self._count_of(principle, "needs support"),
            -self._count_of(principle, "developing"),
            sum(shares) / len(shares),
            self.principles.index(principle),
        )

    def _count_of(self, principle: str, wanted: Verdict) -> int:
        return len(self.with_verdict(principle, wanted))

    def _name(self, principle: str, start: bool = False) -> str:
        label = self.scheme.label_of(principle)
        return label if start else _lower_first(label)

    def _names(self, principles: list[str]) -> str:
        return joined_with_and([self._name(p) for p in principles])

    # ---------------------------------------------------------------- showing
    def __str__(self) -> str:
        return self.summary_text()

    def __repr__(self) -> str:
        return (
            f"<GroupHelp: {counted(len(self.trainees), 'trainee')} on {self.clip} against "
            f"{self.reference}, {counted(len(self.principles), 'principle')}>"
        )

    def _repr_html_(self) -> str:
        """The table: a row per trainee, a column per principle, each cell its verdict in
        words with a symbol (never colour alone), the counts under it."""
        head = "".join(
            f'<th style="border-bottom:6px solid {self.scheme.colour_of(p)};text-align:left">'
            f"{html.escape(self.scheme.label_of(p))}</th>"
            for p in self.principles
        )
        rows = []
        for trainee in self.trainees:
            cells = "".join(self._html_cell(self.cell(trainee, p)) for p in self.principles)
            rows.append(f"<tr><th style='text-align:left'>{html.escape(trainee)}</th>{cells}</tr>")
        legend = " · ".join(f"{SYMBOLS[v]} {v}" for v in VERDICTS)
        return (
            f"<p><b>Who needs help with which principle</b> – {html.escape(self.clip)}, "
            f"against {html.escape(self.reference)}'s coding</p>"
            f"<table><thead><tr><th>trainee</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p><small>{legend}. {html.escape(_sentence(VERDICT_RULE))} A moment is found "
            f"when a tag is within ±{self.tolerance:g} s, whatever it names.</small></p>"
        )

    def _html_cell(self, cell: PrincipleHelp) -> str:
        wanted = cell.verdict
        if wanted is None:
            return "<td style='text-align:left'>– not in this film</td>"
        detail = f"found {cell.found} of {cell.of}, {cell.same} named the same"
        if cell.named_as:
            detail += "; " + ", ".join(f"{n} as {self._name(p)}" for p, n in cell.named_as)
        if cell.extra:
            detail += f"; {counted(cell.extra, 'extra tag')}"
        return (
            f"<td style='background:{TINTS[wanted]};color:#111;text-align:left'>"
            f"<b>{SYMBOLS[wanted]} {html.escape(wanted)}</b><br>"
            f"<small>{html.escape(detail)}</small></td>"
        )


def help_table(group: GroupComparison) -> GroupHelp:
    """Who needs help with which principle: every trainee against the group's reference
    (the supervisor), per principle. A group compared without a reference is refused."""
    if group.reference is None or not group.against_reference:
        raise VigkitError(
            "this group was compared without the supervisor's coding, so nobody's tags can "
            "be found or missed: name the supervisor's pseudonym as the reference, e.g. "
            'compare_many(codings, reference="S01") or '
            'supervision.load_group(FOLDER, reference="S01")'
        )
    comparisons = group.against_reference
    first = next(iter(comparisons.values()))
    scheme = first.scheme
    counted = {t: principle_counts(t, c, PrincipleHelp) for t, c in comparisons.items()}
    marked = tuple(
        c.id for c in scheme.categories if any(cells[c.id].of for cells in counted.values())
    )
    return GroupHelp(
        clip=first.clip,
        reference=group.reference,
        tolerance=first.tolerance,
        scheme=scheme,
        trainees=tuple(comparisons),
        principles=marked,
        cells=tuple(counted[t][p] for t in comparisons for p in marked),
        totals=tuple(trainee_totals(t, c) for t, c in comparisons.items()),
        group=group,
    )


def trainee_comparison(group: GroupComparison, trainee: str) -> Comparison:
    """``trainee``'s comparison with the group's reference (for CompareView and friends);
    a clear error naming the trainees when ``trainee`` is not one of them."""
    if group.reference is None or not group.against_reference:
        raise VigkitError(
            "this group was compared without the supervisor's coding: name the supervisor's "
            "pseudonym as the reference to compare each trainee with it"
        )
    if trainee not in group.against_reference:
        if trainee == group.reference:
            raise VigkitError(
                f"{trainee} is the reference (the supervisor's coding); choose one of the "
                f"trainees: {', '.join(group.against_reference)}"
            )
        raise VigkitError(
            f"{trainee!r} is not in this group; the trainees are "
            f"{', '.join(group.against_reference)}"
        )
    return group.against_reference[trainee]


# ------------------------------------------------------------------ words
def _cell_text(cell: PrincipleHelp) -> str:
    wanted = cell.verdict
    if wanted is None:
        return "– not in this film"
    return f"{SYMBOLS[wanted]} {wanted} ({cell.same} of {cell.of})"


def _lower_first(label: str) -> str:
    """ "Being attentive" → "being attentive" mid-sentence; "VERP goals" stays as it is."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


__all__ = [
    "DEVELOPING",
    "SECURE",
    "VERDICTS",
    "VERDICT_RULE",
    "GroupAgreement",
    "GroupHelp",
    "PrincipleHelp",
    "TraineeTotals",
    "Verdict",
    "agreement_table",
    "help_table",
    "trainee_comparison",
    "verdict",
]
