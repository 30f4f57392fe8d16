"""Links and turns in the notebooks: a trainee's own coding of a film
(:func:`links_and_turns`: the chains of linked turns, the share of initiatives received,
the transitions between principles) and a group's codings of one film for a supervisor
(:func:`group_sequences`), each strengths first and shown as a short note with a table.

The reckoning is :mod:`vigkit.sequences`; these steps only put it in plain words.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..agreement.group import GroupComparison
from ..core.errors import VigkitError
from ..core.wording import counted
from ..sequences import (
    DEFAULT_WITHIN,
    ChainCounts,
    Reception,
    TransitionTable,
    chain_counts,
    initiators_option,
    reception,
    series_of_all,
    transition_sentences,
    transitions_across,
)
from ..sequences.transitions import FloatArray
from ..sequences.words import NOTABLE, summary_sentences, table_text
from ..supervision.group import read_group
from .compare import my_coding
from .note import Note, WorkspaceLike, _check_id, _workspace
from .record import MyRecord

__all__ = ["SequenceView", "group_sequences", "links_and_turns", "turns_over_cycles"]

#: What the table shows, in a sentence for people who have not met residuals.
TABLE_EXPLAINED = (
    "How to read the table: each row is a principle you tagged, each column the principle "
    "of the very next tag; the number is how often that step happened, and the figure in "
    "brackets (the adjusted residual) says how far that is from chance – about 2 or more "
    "means the step came clearly more often than chance would give, about -2 or less "
    "clearly less often. Green cells came more often, grey ones less often."
)


@dataclass(frozen=True, eq=False)
class SequenceView:
    """What a sequences step shows: a few sentences and the transition table."""

    note: Note
    table: TransitionTable | None
    residuals: FloatArray | None = None
    title: str = "Steps between principles"

    @property
    def text(self) -> str:
        """The sentences and the table as plain text."""
        if self.table is None:
            return self.note.text
        return f"{self.note.text}\n\n{self.title}:\n{table_text(self.table, self.residuals)}"

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        html_note = self.note._repr_html_()
        if self.table is None or self.table.total == 0:
            return html_note
        return html_note + _table_html(self.table, self.residuals, self.title)


def _table_html(table: TransitionTable, residuals: FloatArray | None, title: str) -> str:
    """The counts with each cell's adjusted residual, tinted when it is notable."""
    z = table.residuals if residuals is None else residuals
    head = "".join(f"<th>{html.escape(label)}</th>" for label in table.labels)
    rows = []
    for i, label in enumerate(table.labels):
        cells = []
        for j in range(len(table.labels)):
            value = float(z[i, j])
            tint = ""
            if math.isfinite(value) and value >= NOTABLE:
                tint = "background:#d9f0d3;"
            elif math.isfinite(value) and value <= -NOTABLE:
                tint = "background:#eeeeee;"
            shown = "–" if not math.isfinite(value) else f"{value:.1f}"
            cells.append(
                f"<td style='text-align:center;{tint}'>{int(table.counts[i, j])} "
                f"<span style='color:#555'>({shown})</span></td>"
            )
        rows.append(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>{''.join(cells)}</tr>"
        )
    return (
        f"<p><b>{html.escape(title)}</b> (rows: a tag's principle; columns: the next tag's)</p>"
        f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _check_within(within: float) -> float:
    """WITHIN as a number of seconds, 0 or more, or a plain message saying what to give."""
    if (
        isinstance(within, bool)
        or not isinstance(within, (int, float))
        or not (math.isfinite(within) and within >= 0)
    ):
        raise VigkitError(f"WITHIN must be a number of seconds, 0 or more (e.g. 3), not {within!r}")
    return float(within)


def _film_words(chains: ChainCounts, received: Reception, steps: str) -> list[str]:
    """One film in sentences, strengths first: the links when there are some (chains and
    initiatives received), else the steps between principles, then how to link turns."""
    links = [f"Linked turns: {chains.sentence()}", f"Initiatives: {received.sentence()}"]
    if chains.chains or received.received:
        return [*links, steps]
    return [steps, *links[::-1]]


def links_and_turns(
    clip: str,
    coder: str,
    workspace: WorkspaceLike = None,
    *,
    within: float = DEFAULT_WITHIN,
    initiators: str | Iterable[str] | None = None,
) -> SequenceView | Note:
    """Your own coding of ``clip``: the chains of linked turns, the share of initiatives
    received within ``within`` seconds (initiatives: tags of the ``initiators`` – the
    child, pupil or client unless you say – and every tag you linked a reply to), and the
    steps between principles with a short explanation."""
    within = _check_within(within)
    ws = _workspace(workspace)
    coding = my_coding(_check_id(coder, "coder"), _check_id(clip, "clip"), ws)
    if not len(coding):
        return Note(
            f"You have not tagged {clip} as {coder} yet. Tag the film first (notebook 05); "
            "when a tag receives the child's or client's initiative, link it to that "
            "initiative, and this step shows your chains of turns."
        )
    (series,) = series_of_all([coding])
    chains = chain_counts(series)
    received = reception(series, within=within, initiators=initiators_option(initiators))
    (table,) = transitions_across([coding]).films
    return SequenceView(
        note=Note(
            f"Your coding of {clip}: {counted(len(series), 'tag')}.",
            *_film_words(chains, received, " ".join(transition_sentences(table))),
            TABLE_EXPLAINED,
        ),
        table=table,
    )


def group_sequences(
    group: GroupComparison | str | Path,
    *,
    film: str | None = None,
    within: float = DEFAULT_WITHIN,
    initiators: str | Iterable[str] | None = None,
    workspace: WorkspaceLike = None,
) -> SequenceView:
    """A group's codings of one film – the group notebook 07 loaded (``guide.load_group``),
    or the codings of ``film`` in a folder: each coder's chains and initiatives received,
    strengths first, and the group's steps between principles (the mean of each coder's own
    figures, so no one coding outweighs the rest)."""
    within = _check_within(within)
    if isinstance(group, GroupComparison):
        codings = list(group.codings.values())
        film = film or " and ".join(sorted({c for coding in codings for c in coding.clips}))
    elif film is None:
        raise VigkitError("give the film the group coded: group_sequences(FOLDER, film=FILM)")
    else:
        codings = read_group(group, film=film, workspace=workspace)
    subjects = initiators_option(initiators)
    all_series = series_of_all(codings)
    people = []
    for series in all_series:
        chains = chain_counts(series)
        received = reception(series, within=within, initiators=subjects)
        people.append((series.coder, chains, received))
    people.sort(key=lambda p: (-(p[2].share if p[2].initiatives else -1.0), p[0]))
    lines = [_person_line(coder, chains, received) for coder, chains, received in people]
    result = transitions_across(codings, by="coder")
    best = _strongest(people)
    return SequenceView(
        note=Note(
            f"{counted(len(people), 'coding')} of {film}." + (f" {best}" if best else ""),
            f"Each coder, the most initiatives received within {within:g} s first:\n"
            + "\n".join(f"- {line}" for line in lines),
            " ".join(summary_sentences(result.group)[1:]),
            TABLE_EXPLAINED.replace("you tagged", "tagged"),
        ),
        table=result.group.pooled,
        residuals=result.group.mean_residuals if len(result.films) > 1 else None,
        title="The group's steps between principles (counts in all; mean adjusted residual)",
    )


def _person_line(coder: str, chains: ChainCounts, received: Reception) -> str:
    return f"{coder}: {_turns_words(chains, received)}"


def _turns_words(chains: ChainCounts, received: Reception) -> str:
    """One film's initiatives received and chains, in a few words."""
    share = (
        f"{received.received} of {len(received.initiatives)} initiatives received"
        if received.initiatives
        else "no initiatives noted"
    )
    longest = chains.longest
    linked = (
        f"{counted(len(chains.chains), 'chain')}, the longest {longest.length} turns"
        if longest is not None
        else "no linked turns yet"
    )
    return f"{share}; {linked}"


def _strongest(people: list[tuple[str, ChainCounts, Reception]]) -> str:
    """A sentence naming the longest chain in the group, if there is one."""
    longest = sorted(
        (chains.longest.length, coder) for coder, chains, _ in people if chains.longest
    )
    if not longest:
        return ""
    turns = longest[-1][0]
    coder = next(name for length, name in longest if length == turns)
    return f"The longest chain of turns: {turns}, in {coder}'s coding."


def turns_over_cycles(
    record: MyRecord,
    *,
    within: float = DEFAULT_WITHIN,
    initiators: str | Iterable[str] | None = None,
) -> SequenceView | Note:
    """Your films over the cycles of your record (notebook 06): each cycle's chains of
    linked turns and initiatives received, and your steps between principles averaged
    over the films (the mean of each film's own figures, as Bakeman and Quera advise)."""
    within = _check_within(within)
    data = record.record
    subjects = initiators_option(initiators)
    lines: list[str] = []
    codings = []
    for cycle in data.cycles:
        coding = my_coding(data.practitioner, cycle.film, record.workspace) if cycle.film else None
        if coding is None or not len(coding):
            missing = f"{cycle.film} is not tagged yet" if cycle.film else "no film yet"
            lines.append(f"- Cycle {cycle.number}: {missing}")
            continue
        (series,) = series_of_all([coding])
        chains, received = (
            chain_counts(series),
            reception(series, within=within, initiators=subjects),
        )
        lines.append(f"- Cycle {cycle.number} ({cycle.film}): {_turns_words(chains, received)}")
        codings.append(coding)
    if not codings:
        return Note(
            "None of your cycles has a tagged film yet: tag the film of a cycle in notebook 05 "
            "(link each reception to the initiative it receives with r), and this step follows "
            "your turns from cycle to cycle.",
            "Your cycles:\n" + "\n".join(lines),
        )
    result = transitions_across(codings, by="coder")
    (mine,) = result.per.values()
    return SequenceView(
        note=Note(
            f"Your films over {counted(len(codings), 'cycle')}, initiatives received within "
            f"{within:g} s:\n" + "\n".join(lines),
            " ".join(summary_sentences(mine)[1:]),
            TABLE_EXPLAINED,
        ),
        table=mine.pooled,
        residuals=mine.mean_residuals if len(codings) > 1 else None,
        title="Your steps between principles over your cycles (counts in all; mean adjusted "
        "residual)",
    )
