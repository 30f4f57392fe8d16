"""Reading and writing coding tables as CSV and JSON Lines, keeping row numbers.

Reading gives raw rows with the row (CSV: as a spreadsheet numbers it, header = 1) or
line (JSON Lines) they came from, so validation can point at them. Writing is atomic.
CSV text cells are formula-safe both ways (:mod:`vigkit.core.csvsafe`).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core.atomic import atomic_writer
from ..core.csvsafe import safe_cell, unprotect
from ..core.errors import CodingError, Problem
from ..core.limits import load_json
from ..core.textfile import read_text_file
from .events import COLUMNS, REQUIRED_COLUMNS, SCHEME_COLUMNS

RawRow = tuple[int, dict[str, Any]]
KNOWN_COLUMNS = (*COLUMNS, *SCHEME_COLUMNS)
_EXCEL_HINT = "In Excel choose 'Save as: CSV UTF-8'; in other programs choose UTF-8 encoding."


def read_text(path: Path) -> str:
    """A whole coding file as UTF-8 (a byte-order mark is allowed), or a ``CodingError``."""
    return read_text_file(path, CodingError, encoding_hint=_EXCEL_HINT)


def parse_csv(
    text: str,
    source: Path | str,
    required: Sequence[str] = REQUIRED_COLUMNS,
    known: Sequence[str] = KNOWN_COLUMNS,
) -> list[RawRow]:
    """Rows of a CSV table (a coding, by default) with their spreadsheet row numbers.

    ``required`` columns must be in the header and every other column ``known``; bad
    structure raises :class:`CodingError` listing every problem. The ``'`` the kit's
    writer puts before formula-like text is taken off again (:func:`unprotect`).
    """
    delimiter = _guess_delimiter(text)
    # The csv module refuses cells over 128 KB; the kit writes notes of any length, so it
    # must read them back (the whole text is in memory already, so no cell can be larger).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise CodingError(source, [Problem(f"the header cannot be read ({error})", 1)]) from None
    if header is None or not any(cell.strip() for cell in header):
        raise CodingError(
            source,
            [Problem(f"the file is empty: it needs a header row, e.g. {','.join(required)}", 1)],
            unit="row",
        )
    columns = [cell.strip().lower().replace(" ", "_") for cell in header]
    _check_columns(columns, source, required, known)

    rows: list[RawRow] = []
    problems: list[Problem] = []
    row = 1  # spreadsheet numbering: a note spanning lines is still one row
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(f"this row cannot be read ({error})", row))
            break
        if not any(cell.strip() for cell in cells):
            continue  # blank rows, e.g. a spreadsheet's trailing ",,,,"
        if len(cells) != len(columns):
            extra = cells[len(columns) :]
            if len(cells) > len(columns) and not any(c.strip() for c in extra):
                cells = cells[: len(columns)]
            else:
                problems.append(
                    Problem(f"has {len(cells)} cells but the header has {len(columns)}", row)
                )
                continue
        rows.append((row, dict(zip(columns, map(unprotect, cells), strict=True))))
    if problems:
        raise CodingError(source, problems, unit="row")
    return rows


def parse_jsonl(text: str, source: Path | str) -> list[RawRow]:
    """Objects of a JSON Lines coding with their line numbers; bad lines → error."""
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = load_json(
                line, source, CodingError, line=number, parse_constant=_refuse_constant
            )
        except ValueError as error:
            problems.append(Problem(f"this line is not valid JSON ({error})", number))
            continue
        broken = _broken_character(value)
        if broken:
            problems.append(
                Problem(
                    f"the text holds half of a character ({broken}), which no file can "
                    "store: the program that wrote this line broke a character in two",
                    number,
                )
            )
            continue
        if not isinstance(value, dict):
            problems.append(Problem("each line must be a JSON object {...}", number))
            continue
        unknown = [key for key in value if key not in KNOWN_COLUMNS]
        for key in unknown:
            problems.append(Problem(f"unknown field '{key}'{_did_you_mean(key)}", number))
        rows.append((number, value))
    if problems:
        raise CodingError(source, problems)
    missing = [c for c in REQUIRED_COLUMNS if rows and not any(c in values for _, values in rows)]
    if missing:
        raise CodingError(
            source, [Problem(f"no event has the required field '{c}'") for c in missing]
        )
    return rows


def write_csv(path: Path | str, records: Iterable[Mapping[str, Any]]) -> None:
    """Write records as CSV (times in seconds, shortest exact form), atomically.

    Lines end in CRLF as RFC 4180 and spreadsheet programs expect; that also makes the
    writer quote any text holding a carriage return, so notes survive a round trip. Text
    a spreadsheet would run as a formula gets a leading ``'`` (:mod:`vigkit.core.csvsafe`).
    """
    with atomic_writer(path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(KNOWN_COLUMNS)
        for record in records:
            writer.writerow([_cell(record.get(column)) for column in KNOWN_COLUMNS])


def write_jsonl(path: Path | str, records: Iterable[Mapping[str, Any]]) -> None:
    """Write records as JSON Lines, one object per event, atomically."""
    with atomic_writer(path) as handle:
        for record in records:
            handle.write(dumps_line({k: record.get(k) for k in KNOWN_COLUMNS}))


def dumps_line(value: Mapping[str, Any]) -> str:
    """One compact JSON object and a newline; NaN and infinity are refused."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def _cell(value: Any) -> str:
    """One CSV cell: empty for none, a number as its shortest exact form, text made
    formula-safe."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return str(safe_cell(value))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a time or a value the kit accepts")


def _broken_character(value: Any) -> str:
    """The first lone surrogate (``\\ud800``) in a parsed JSON value, or ``""``: such text
    reads but can never be written again, so it is refused when read. (A loop, not
    recursion, so a deeply nested value cannot exhaust the stack.)"""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            for char in item:
                if "\ud800" <= char <= "\udfff":
                    return f"\\u{ord(char):04x}"
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return ""


def _guess_delimiter(text: str) -> str:
    """Comma, or semicolon/tab when the header clearly uses those (European Excel)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _check_columns(
    columns: list[str], source: Path | str, required: Sequence[str], known: Sequence[str]
) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in columns:
        if not name:
            problems.append(Problem("a column has no name in the header row", 1))
        elif name in seen:
            problems.append(Problem(f"the column '{name}' appears twice", 1))
        elif name not in known:
            problems.append(Problem(f"unknown column '{name}'{_did_you_mean(name, known)}", 1))
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(Problem(f"the required column '{name}' is missing", 1))
    if problems:
        optional = [c for c in known if c not in required]
        raise CodingError(
            source,
            problems,
            hint=f"The file needs the columns {', '.join(required)}; it may also have "
            f"{', '.join(optional)}.",
            unit="row",
        )


def _did_you_mean(name: str, known: Sequence[str] = KNOWN_COLUMNS) -> str:
    best = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{best[0]}'?)" if best else ""
