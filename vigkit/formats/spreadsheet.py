"""Codings and comparisons as Excel workbooks (``.xlsx``) for people, read back exactly.

Every time is written twice: in seconds (a number, for machines and exact round trips) and
as ``m:ss.s`` text (for people), e.g. columns ``onset`` and ``onset (m:ss.s)``. Reading
prefers the seconds and also takes ``m:ss.s`` text and cells Excel formats as times.
Text is stored with Excel's own ``_xHHHH_`` escapes for characters XML cannot hold, so
notes come back exactly.
"""

from __future__ import annotations

import difflib
import io
import math
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel as _untyped_to_excel
from openpyxl.worksheet.worksheet import Worksheet

from ..coding.events import COLUMNS, SCHEME_COLUMNS, is_blank
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.atomic import atomic_path
from ..core.errors import Problem, VigkitWarning
from ..core.textfile import read_file_bytes
from ..core.timecode import format_time, parse_time
from .common import FormatError, Located, build_coding

if TYPE_CHECKING:
    from ..agreement.comparison import Comparison

CODING_SHEET = "Coding"
SCHEME_SHEET = "Scheme"
#: The suffix of a time column's companion for people: ``onset (m:ss.s)``.
CLOCK = " (m:ss.s)"
#: How far ``onset`` and ``onset (m:ss.s)`` may differ (the text is rounded to 0.1 s).
CLOCK_TOLERANCE = 0.05 + 1e-6
_KNOWN = (*COLUMNS, *SCHEME_COLUMNS)
_REQUIRED = ("clip", "coder", "code")
_TEXT_COLUMNS = tuple(c for c in _KNOWN if c not in ("onset", "offset"))
#: Columns holding codes, written with a label column after them.
_CODE_COLUMNS = ("code", "reference_code")
#: What the confusion table's NIL (no event on that side) means.
_NIL_LABEL = "none: no matching tag"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_SECONDS_FORMAT = "0.000"
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Excel's day number of a date-time (openpyxl's, which knows Excel's 1900 leap-year bug).
_excel_days: Callable[[datetime], float] = _untyped_to_excel
_NOT_XLSX_HINT = (
    "Save the workbook in Excel as 'Excel Workbook (.xlsx)'; a CSV file is read by its own "
    "name (.csv)."
)

#: Plain names for the figures of ``Comparison.summary()``, in its order.
FIGURE_NAMES = {
    "clip": "Clip",
    "coder": "Coder compared",
    "reference": "Reference (e.g. the supervisor)",
    "scheme": "Scheme",
    "scheme_version": "Scheme version",
    "level": "Compared at the level of",
    "tolerance": "Tolerance (seconds either side)",
    "unit": "Time unit (seconds)",
    "coder_events": "Tags by the coder",
    "reference_events": "Tags in the reference",
    "matched": "Moments both tagged (matched)",
    "matched_same_code": "Matched with the same code",
    "misses": "Missed: only in the reference",
    "extras": "Extra: only the coder's",
    "alignment_kappa": "Alignment kappa: agreement on the moments beyond chance",
    "kappa_max": "Largest alignment kappa these totals allow",
    "raw_agreement": "Raw agreement: share of aligned moments with the same code",
    "time_unit_kappa": "Time-unit kappa: second-by-second agreement",
    "time_unit_kappa_tolerant": "Time-unit kappa allowing the tolerance",
    "time_unit_kappa_without_none": "Time-unit kappa leaving out time nobody coded",
    "none_share": "Share of time nobody coded",
    "alpha": "Krippendorff's alpha on the aligned moments",
    "unitizing_alpha": "Unitizing alpha: where stretches begin and end, and their codes",
    "boundary_alpha": "Unitizing alpha on the boundaries alone",
    "coding_alpha": "Unitizing alpha on the codes where both coded",
}


# ----------------------------------------------------------------------------- writing
def write_xlsx(data: Coding | Comparison, path: str | Path) -> Path:
    """Write a coding (sheets "Coding" and "Scheme") or a comparison (sheets "Summary",
    "Matched", "Missed", "Extra", "Per code", "Confusion") as a workbook, atomically."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    from ..agreement.comparison import Comparison  # only now: it loads the statistics

    if isinstance(data, Coding):
        _coding_sheets(workbook, data)
    elif isinstance(data, Comparison):
        _comparison_sheets(workbook, data)
    else:
        raise TypeError(f"write_xlsx writes a Coding or a Comparison, not {type(data).__name__}")
    target = Path(path)
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


def _coding_sheets(workbook: Workbook, coding: Coding) -> None:
    """The "Coding" sheet (columns of the CSV plus labels and m:ss.s) and "Scheme"."""
    records = coding.to_records(with_scheme=True)
    columns = list(_KNOWN)
    rows = [[record[column] for column in columns] for record in records]
    _table(workbook.create_sheet(CODING_SHEET), columns, rows, coding.scheme)
    _scheme_sheet(workbook.create_sheet(SCHEME_SHEET), coding.scheme)


def _comparison_sheets(workbook: Workbook, comparison: Comparison) -> None:
    """Six sheets: the summary's figures by name, then each table of the comparison."""
    scheme = comparison.scheme
    summary = comparison.summary()
    figures = [
        [FIGURE_NAMES.get(key, key.replace("_", " ")), value, key] for key, value in summary.items()
    ]
    _table(workbook.create_sheet("Summary"), ["figure", "value", "key"], figures, scheme)
    for title, frame in (
        ("Matched", comparison.pairs()),
        ("Missed", comparison.misses()),
        ("Extra", comparison.extras()),
        ("Per code", comparison.per_code().reset_index()),
    ):
        _table(
            workbook.create_sheet(title),
            [str(c) for c in frame.columns],
            frame.values.tolist(),
            scheme,
        )
    table = comparison.confusion()
    rows = [[str(code), *row] for code, row in zip(table.index, table.values.tolist(), strict=True)]
    header = ["code", *[f"reference: {_with_nil(str(code), scheme)}" for code in table.columns]]
    _table(workbook.create_sheet("Confusion"), header, rows, scheme)


def _with_nil(code: str, scheme: Scheme) -> str:
    """A confusion table's column code, saying what NIL (no event on that side) means."""
    return code if code in scheme else f"{code} (none)"


@dataclass(frozen=True)
class _Column:
    """One written column: its header, where its values come from, and how to show them."""

    name: str
    source: int
    kind: str  # "value", "seconds", "clock" (m:ss.s of a time) or "label" (of a code)


def _layout(columns: Sequence[str]) -> list[_Column]:
    """The columns as written: each time followed by its m:ss.s text, each code by its
    label (so people need not read ids)."""
    layout: list[_Column] = []
    for index, name in enumerate(columns):
        if _is_time(name):
            layout += [_Column(name, index, "seconds"), _Column(name + CLOCK, index, "clock")]
        elif name in _CODE_COLUMNS:
            layout += [_Column(name, index, "value"), _Column(name[:-4] + "label", index, "label")]
        else:
            layout.append(_Column(name, index, "value"))
    return layout


def _is_time(name: str) -> bool:
    """Whether a column holds times in seconds (``onset``, ``reference_offset``…)."""
    return name in ("onset", "offset") or name.endswith(("_onset", "_offset"))


def _table(
    sheet: Worksheet, columns: Sequence[str], rows: Sequence[Sequence[Any]], scheme: Scheme
) -> None:
    """A table with a styled, frozen header row, a filter and readable column widths."""
    layout = _layout(columns)
    sheet.append([column.name for column in layout])
    for row_number, row in enumerate(rows, start=2):
        for number, column in enumerate(layout, start=1):
            cell = sheet.cell(row_number, number)
            _put(cell, _shown(row[column.source], column.kind, scheme))
            if column.kind == "seconds":
                cell.number_format = _SECONDS_FORMAT
    style_header(sheet, len(layout))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_widths(sheet)


def _shown(value: Any, kind: str, scheme: Scheme) -> Any:
    """A value as the column shows it: numbers plain, times also as m:ss.s, codes as labels."""
    value = _plain(value)
    if value is None:
        return None
    if kind == "clock":
        return format_time(float(value), decimals=1)
    if kind == "label":
        return scheme.label_of(value) if value in scheme else _NIL_LABEL
    return value


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; NaN as an empty cell."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _put(cell: Any, value: Any) -> None:
    """Write a value; text is always text (never a formula, even if it starts with "=")."""
    if isinstance(value, str):
        cell.value = _xml_escape(value)
        cell.data_type = "s"
    else:
        cell.value = value


def _xml_escape(text: str) -> str:
    """Excel's escapes for characters XML cannot hold (``\\r`` → ``_x000D_``), and for
    text that looks like an escape (``_x0041_`` → ``_x005F_x0041_``)."""
    return _XML_UNSAFE.sub(
        lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text
    )


def _xml_unescape(text: str) -> str:
    """Undo Excel's ``_xHHHH_`` escapes (openpyxl leaves them in the text it reads)."""
    return _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def plain_table(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A table of plain values in the kit's workbook style: a styled, frozen header row, a
    filter, readable column widths, and text always kept as text (for the kit's other
    workbooks, e.g. a group's summary)."""
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    style_header(sheet, len(header))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_widths(sheet)


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Add a row after the last; text is always text (never a formula), NaN an empty cell."""
    sheet.append([_xml_escape(v) if isinstance(v, str) else _plain(v) for v in values])
    if any(v is not None for v in values):
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def style_header(sheet: Worksheet, width: int, row: int = 1) -> None:
    """Bold white on dark blue, so the header stands apart from the data."""
    for number in range(1, width + 1):
        cell = sheet.cell(row, number)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")


def _fit_widths(sheet: Worksheet) -> None:
    """Each column as wide as its longest value (within 8 to 60 characters)."""
    for number, cells in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(cell.value)) for cell in cells if cell.value is not None), default=0)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))


def _scheme_sheet(sheet: Worksheet, scheme: Scheme) -> None:
    """The scheme the codes belong to: id, version and label, then every code's label."""
    for key, value in (("scheme", scheme.id), ("version", scheme.version), ("label", scheme.label)):
        sheet.append([key, _xml_escape(value)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    table = scheme.table()
    sheet.append(list(table.columns))
    style_header(sheet, len(table.columns), sheet.max_row)
    for record in table.to_dict("records"):
        sheet.append([_xml_escape(str(record[column])) for column in table.columns])
        colour = str(record["colour"]).lstrip("#")
        sheet.cell(sheet.max_row, len(table.columns)).fill = PatternFill("solid", fgColor=colour)
    _fit_widths(sheet)


# ----------------------------------------------------------------------------- reading
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
        optional = [c for c in _KNOWN if c not in (*_REQUIRED, "onset")]
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
    return underscored if underscored in _KNOWN else None


def _did_you_mean(header: str) -> str:
    """The nearest column name to a mistyped header, as a hint."""
    candidates = [*_KNOWN, "onset" + CLOCK, "offset" + CLOCK, "label"]
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
        return _xml_unescape(cell)
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
        return _xml_unescape(cell)
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
