"""Reading a coding from a workbook (:func:`read_xlsx`): the kit's sheet or people's, times
as seconds, ``m:ss.s`` text or Excel time cells; every problem named by sheet and row."""

from __future__ import annotations

import difflib
import io
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel as _untyped_to_excel
from openpyxl.worksheet.worksheet import Worksheet

from ..coding.events import is_blank
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.errors import Problem, VigkitWarning
from ..core.limits import MAX_SHEET_CELLS, check_zip_size
from ..core.textfile import read_file_bytes
from ..core.timecode import format_time, parse_time
from .common import FormatError, Located, build_coding
from .spreadsheet_style import (
    CLOCK,
    CODING_SHEET,
    KNOWN_COLUMNS,
    xml_unescape,
)

#: How far ``onset`` and ``onset (m:ss.s)`` may differ (the text is rounded to 0.1 s).
CLOCK_TOLERANCE = 0.05 + 1e-6

_REQUIRED = ("clip", "coder", "code")
_TEXT_COLUMNS = tuple(c for c in KNOWN_COLUMNS if c not in ("onset", "offset"))

#: Excel's day number of a date-time (openpyxl's, which knows Excel's 1900 leap-year bug).
_excel_days: Callable[[datetime], float] = _untyped_to_excel
_BIG_HINT = "Copy the coding's rows into a new workbook, or save it as CSV."
_NOT_XLSX_HINT = (
    "Save the workbook in Excel as 'Excel Workbook (.xlsx)'; a CSV file is read by its own "
    "name (.csv)."
)


def read_xlsx(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    sheet: str | None = None,
    duration: float | None = None,
) -> Coding:
    """A coding from a workbook: the kit's "Coding" sheet, or any sheet with the columns
    of a coding CSV (header in row 1). Times may be seconds, m:ss.s text or time cells.
    Problems name the sheet and row (as Excel numbers them); nothing is half loaded."""
    source = Path(path)
    checked = load_scheme(scheme)
    table = _sheet(_open_workbook(source), sheet, source)
    _check_cells(table, source)
    rows = [list(row) for row in table.iter_rows(values_only=True)]
    columns = _columns(rows[0] if rows else [], table.title, source)
    located: list[Located] = []
    problems: list[Problem] = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(is_blank(cell) for cell in cells):
            continue
        element = f"sheet '{table.title}', row {number}"
        values, trouble = _row_values(cells, columns, element)
        problems += trouble
        located.append(Located(values, element))
    problems += _scheme_problems(located, checked, source)
    return build_coding(located, checked, source, duration=duration, problems=problems)


def _open_workbook(source: Path) -> Workbook:
    """The workbook, or one clear error: missing, old .xls or password-protected, not a
    workbook, or damaged."""
    data = read_file_bytes(source, FormatError)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problem = "this is an old Excel .xls file or a password-protected workbook"
        hint = "Open it in Excel and save it as .xlsx without a password."
        raise FormatError(source, [Problem(problem)], hint=hint)
    if not data.startswith(b"PK"):
        problem = "this is not an Excel workbook (.xlsx files are zip archives; this is not one)"
        raise FormatError(source, [Problem(problem)], hint=_NOT_XLSX_HINT)
    _check_unzipped_size(data, source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # e.g. "no default style"
            return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as failure:  # openpyxl raises many kinds for damaged archives
        problem = (
            f"the workbook is damaged and cannot be opened ({type(failure).__name__}: {failure})"
        )
        hint = "The file may be cut short: copy it again, or open it in Excel and save it again."
        raise FormatError(source, [Problem(problem)], hint=hint) from None


def _check_unzipped_size(data: bytes, source: Path) -> None:
    """Refuse a workbook whose parts unzip to more than the kit reads (a "zip bomb"),
    before openpyxl reads any; an archive zipfile cannot open is left to openpyxl's
    message."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with archive:
        check_zip_size(archive, source, FormatError, hint=_BIG_HINT)


def _check_cells(table: Worksheet, source: Path) -> None:
    """Refuse a sheet whose used range spans more cells than the kit reads: reading it
    row by row would make every empty cell of the range."""
    cells = table.max_row * table.max_column
    if cells > MAX_SHEET_CELLS:
        problem = (
            f"sheet '{table.title}' spans {table.max_row:,} rows and {table.max_column:,} "
            f"columns; the kit reads sheets of at most {MAX_SHEET_CELLS:,} cells"
        )
        raise FormatError(source, [Problem(problem)], hint=_BIG_HINT)


def _sheet(workbook: Workbook, wanted: str | None, source: Path) -> Worksheet:
    """The sheet asked for; else "Coding"; else the only sheet."""
    names = workbook.sheetnames
    listed = ", ".join(f"'{name}'" for name in names)
    if wanted is None:
        if CODING_SHEET not in names and len(names) != 1:
            raise FormatError(
                source,
                [Problem(f"there is no sheet '{CODING_SHEET}'; the sheets are {listed}")],
                hint="Give the sheet that holds the coding.",
            )
        wanted = CODING_SHEET if CODING_SHEET in names else names[0]
    same = [name for name in names if name.casefold() == wanted.strip().casefold()]
    if wanted not in names and len(same) != 1:
        problem = f"there is no sheet '{wanted}'; the sheets are {listed}"
        raise FormatError(source, [Problem(problem)])
    wanted = wanted if wanted in names else same[0]  # Excel's sheet names ignore case
    chosen = workbook[wanted]
    if not isinstance(chosen, Worksheet):
        raise FormatError(source, [Problem(f"sheet '{wanted}' is a chart, not a table")])
    return chosen


def _columns(header: Sequence[Any], title: str, source: Path) -> dict[int, str]:
    """Column positions of the header's known names (``label`` columns are for people
    and left out); unknown, repeated and missing columns are one error."""
    columns: dict[int, str] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        name = _canonical(str(cell))
        where = f"sheet '{title}', cell {get_column_letter(index + 1)}1"
        if name is None:
            problems.append(f"{where}: unknown column '{cell}'{_did_you_mean(str(cell))}")
        elif name in columns.values():
            problems.append(f"{where}: the column '{cell}' appears twice")
        elif name != "label":
            columns[index] = name
    found = set(columns.values())
    for name in _REQUIRED:
        if name not in found:
            problems.append(f"sheet '{title}', row 1: the required column '{name}' is missing")
    if not found & {"onset", "onset" + CLOCK}:
        problems.append(f"sheet '{title}', row 1: the required column 'onset' is missing")
    if problems:
        optional = [c for c in KNOWN_COLUMNS if c not in (*_REQUIRED, "onset")]
        raise FormatError(
            source,
            [Problem(problem) for problem in problems],
            hint=f"Row 1 must name the columns clip, coder, code, onset; it may also name "
            f"{', '.join(optional)}.",
        )
    return columns


def _canonical(header: str) -> str | None:
    """The column a header names: ``Onset``, ``scheme version``, ``onset (m:ss.s)``…"""
    plain = " ".join(header.lower().split())
    if plain == "label":
        return plain
    for name in ("onset", "offset"):
        if plain == name + CLOCK:
            return plain
    underscored = plain.replace(" ", "_")
    return underscored if underscored in KNOWN_COLUMNS else None


def _did_you_mean(header: str) -> str:
    """The nearest column name to a mistyped header, as a hint."""
    candidates = [*KNOWN_COLUMNS, "onset" + CLOCK, "offset" + CLOCK, "label"]
    best = difflib.get_close_matches(header.strip().lower(), candidates, n=1, cutoff=0.6)
    return f" (did you mean '{best[0]}'?)" if best else ""


def _row_values(
    cells: Sequence[Any], columns: Mapping[int, str], element: str
) -> tuple[dict[str, Any], list[Problem]]:
    """One row's values for the coding rules: texts as texts, times as seconds."""
    raw = {name: cells[index] for index, name in columns.items() if index < len(cells)}
    values: dict[str, Any] = {}
    for name in _TEXT_COLUMNS:
        if name in raw:
            values[name] = _text(raw[name])
    problems: list[Problem] = []
    for name in ("onset", "offset"):
        value, problem = _time(raw.get(name), raw.get(name + CLOCK), name, element)
        if problem:
            problems.append(Problem(problem))
        if not is_blank(value):
            values[name] = value
    return values, problems


def _text(cell: Any) -> Any:
    """A text cell as the kit's text (Excel's escapes undone); other cells as they are
    (whole numbers without ".0"; dates are taken by the ``created`` rule)."""
    if isinstance(cell, str):
        return xml_unescape(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return str(cell)
    return cell


def _time(seconds_cell: Any, clock_cell: Any, name: str, element: str) -> tuple[Any, str | None]:
    """A time from the seconds cell (preferred) or the m:ss.s cell; if both are filled
    they must agree, so an edit to only one of them is not lost silently."""
    seconds, clock = _cell_time(seconds_cell), _cell_time(clock_cell)
    if is_blank(seconds):
        return clock, None
    first, second = _parsed(seconds), _parsed(clock)
    if first is not None and second is not None and abs(first - second) > CLOCK_TOLERANCE:
        return seconds, (
            f"{element} ({name}): '{name}' is {format_time(first, 3)} but "
            f"'{name}{CLOCK}' says {format_time(second, 3)}; correct one of them "
            f"(or clear the '{name}{CLOCK}' cell)"
        )
    return seconds, None


def _cell_time(cell: Any) -> Any:
    """Seconds from a number, an Excel time of day, a duration or a date-time on Excel's
    first day; text (Excel's escapes undone) and anything else is left to the coding rules,
    which say what is wrong (a real date is shown as one)."""
    if is_blank(cell) or isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        return float(cell)
    if isinstance(cell, str):
        return xml_unescape(cell)
    if isinstance(cell, timedelta):
        return cell.total_seconds()
    if isinstance(cell, datetime):
        days = _excel_days(cell)
        return days * 86400 if days < 2 else f"{cell:%Y-%m-%d %H:%M}"
    if isinstance(cell, time):
        return cell.hour * 3600 + cell.minute * 60 + cell.second + cell.microsecond / 1e6
    return str(cell)


def _parsed(value: Any) -> float | None:
    """Seconds from a time value, or None where the coding rules will report it."""
    if is_blank(value) or isinstance(value, bool):
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None  # the coding rules report it


def _scheme_problems(located: Sequence[Located], scheme: Scheme, source: Path) -> list[Problem]:
    """Rows naming another scheme are a problem (the first is named); another version of
    this scheme is a warning, as for CSV codings."""
    for item in located:
        named = item.values.get("scheme")
        if not is_blank(named) and str(named).strip() != scheme.id:
            return [
                Problem(
                    f"{item.element} (scheme): the coding was made with scheme '{named}' but is "
                    f"being read with '{scheme.id}'"
                )
            ]
    versions = {
        str(v).strip() for item in located if not is_blank(v := item.values.get("scheme_version"))
    }
    if versions - {scheme.version}:
        warnings.warn(
            f"{source}: coded with {scheme.id} version {', '.join(sorted(versions))}, checked "
            f"against version {scheme.version}",
            VigkitWarning,
            stacklevel=4,
        )
    return []
