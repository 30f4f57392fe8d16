"""The ``vigkit sequences`` sub-command: for each coding file, the chains of linked turns,
the share of initiatives received within N seconds and the transitions between principles;
then the same across the files (per coder and for the whole group), ``--csv`` for every
figure of every table."""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path
from typing import Any

from ..core.atomic import atomic_writer
from ..core.csvsafe import safe_cell
from ..core.errors import VigkitError
from ..core.wording import counted
from ..sequences import (
    DEFAULT_WITHIN,
    AcrossFilms,
    TransitionSummary,
    TransitionTable,
    chain_counts,
    initiators_option,
    reception,
    series_of,
    summary_sentences,
    table_text,
    transition_sentences,
    transitions_across,
)
from .common import read_coding
from .options import OUTPUT_RULE, output_file, seconds_at_least

#: The columns of ``--csv``: one row per cell of every table.
CSV_COLUMNS = (
    "scope", "name", "films", "before", "after", "count", "expected", "probability",
    "adjusted_residual", "yules_q", "mean_probability", "mean_adjusted_residual",
    "mean_yules_q",
)  # fmt: skip


def add_sequences_command(commands: Any) -> None:
    """Register ``sequences`` on the main parser's sub-parsers."""
    parser = commands.add_parser(
        "sequences",
        help="chains of linked turns, initiatives received and transitions between principles",
    )
    parser.add_argument("files", type=Path, nargs="+", metavar="CODING_FILE")
    parser.add_argument(
        "--within",
        type=seconds_at_least(0),
        default=DEFAULT_WITHIN,
        metavar="SECONDS",
        help=f"an initiative is received if answered this soon after it ends (default "
        f"{DEFAULT_WITHIN:g})",
    )
    parser.add_argument(
        "--initiators",
        metavar="SUBJECTS",
        help="whose tags are initiatives, e.g. child,pupil (default: child,pupil,client)",
    )
    parser.add_argument("--scheme", metavar="NAME|PATH", help="the scheme the files use")
    parser.add_argument(
        "--csv",
        type=output_file,
        metavar="OUT",
        help=f"write every figure of every table to this CSV file; {OUTPUT_RULE}",
    )
    parser.set_defaults(run=_run_sequences)


def _run_sequences(args: argparse.Namespace) -> int:
    initiators = initiators_option(args.initiators)
    if not initiators:
        raise VigkitError("--initiators: name at least one subject, e.g. --initiators child")
    codings = [read_coding(path, args.scheme) for path in args.files]
    named = ", ".join(map(str, args.files))
    if not any(len(coding) for coding in codings):
        raise VigkitError(f"{named}: no tags in any file; tag a film first")
    try:  # first, so that codings of different schemes are refused before anything is said
        result = transitions_across([coding for coding in codings if len(coding)], by="coder")
    except ValueError as error:
        raise VigkitError(f"{named}: {error}") from None
    tables = iter(result.films)  # in the order of the files, then of clip and coder
    for path, coding in zip(args.files, codings, strict=True):
        if not len(coding):
            print(f"{path}: no tags yet, so nothing to count.\n")
            continue
        for series in series_of(coding):
            print(f"{path}: {series.coder} on {series.clip} ({counted(len(series), 'tag')})")
            print(f"  Linked turns: {chain_counts(series).sentence()}")
            received = reception(series, within=args.within, initiators=initiators)
            print(f"  Initiatives: {received.sentence()}")
            table = next(tables)
            _print_table(table, transition_sentences(table))
    if len(result.films) > 1:
        print("Across the files:")
        for summary in result.per.values():
            print("  " + " ".join(summary_sentences(summary)))
        _print_table(
            result.group.pooled,
            summary_sentences(result.group),
            title="All the films together, count (adjusted residual of the pooled counts):",
        )
    if args.csv is not None:
        _write_csv(args.csv, result)
        print(f"saved {args.csv}")
    return 0


def _print_table(
    table: TransitionTable,
    sentences: list[str],
    indent: str = "  ",
    title: str = "Transitions between principles, count (adjusted residual):",
) -> None:
    print(f"{indent}{title}")
    for line in table_text(table).splitlines():
        print(f"{indent}  {line}")
    for sentence in sentences:
        print(f"{indent}{sentence}")
    print()


def _number(value: float) -> object:
    return "" if not math.isfinite(value) else round(float(value), 6)


def _rows(
    scope: str, table: TransitionTable, summary: TransitionSummary | None
) -> list[list[object]]:
    rows = []
    k = len(table.categories)
    for i in range(k):
        for j in range(k):
            means = (
                [_number(summary.mean_probabilities[i, j]), _number(summary.mean_residuals[i, j]),
                 _number(summary.mean_yules_q[i, j])]
                if summary is not None else ["", "", ""]
            )  # fmt: skip
            rows.append(
                [scope, table.name, table.films, table.categories[i], table.categories[j],
                 int(table.counts[i, j]), _number(table.expected[i, j]),
                 _number(table.probabilities[i, j]), _number(table.residuals[i, j]),
                 _number(table.yules_q[i, j]), *means]
            )  # fmt: skip
    return rows


def _write_csv(path: Path, result: AcrossFilms) -> None:
    """Every cell of every film's table, each coder's and the group's, atomically."""
    rows = [row for table in result.films for row in _rows("film", table, None)]
    for summary in result.per.values():
        rows += _rows("coder", summary.pooled, summary)
    rows += _rows("group", result.group.pooled, result.group)
    with atomic_writer(path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
