"""Writing a coding or a comparison as a workbook (:func:`write_xlsx`): every time in seconds
and as ``m:ss.s``, every code with its label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.atomic import atomic_path
from ..core.timecode import format_time
from .spreadsheet_style import (
    CLOCK,
    CODING_SHEET,
    KNOWN_COLUMNS,
    SCHEME_SHEET,
    fit_widths,
    plain_value,
    put_cell,
    style_header,
    xml_escape,
)

if TYPE_CHECKING:
    from ..agreement.comparison import Comparison

#: Columns holding codes, written with a label column after them.
_CODE_COLUMNS = ("code", "reference_code")
#: What the confusion table's NIL (no event on that side) means.
_NIL_LABEL = "none: no matching tag"

_SECONDS_FORMAT = "0.000"

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
    columns = list(KNOWN_COLUMNS)
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
            put_cell(cell, _shown(row[column.source], column.kind, scheme))
            if column.kind == "seconds":
                cell.number_format = _SECONDS_FORMAT
    style_header(sheet, len(layout))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_widths(sheet)


def _shown(value: Any, kind: str, scheme: Scheme) -> Any:
    """A value as the column shows it: numbers plain, times also as m:ss.s, codes as labels."""
    value = plain_value(value)
    if value is None:
        return None
    if kind == "clock":
        return format_time(float(value), decimals=1)
    if kind == "label":
        return scheme.label_of(value) if value in scheme else _NIL_LABEL
    return value


def _scheme_sheet(sheet: Worksheet, scheme: Scheme) -> None:
    """The scheme the codes belong to: id, version and label, then every code's label."""
    for key, value in (("scheme", scheme.id), ("version", scheme.version), ("label", scheme.label)):
        sheet.append([key, xml_escape(value)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    table = scheme.table()
    sheet.append(list(table.columns))
    style_header(sheet, len(table.columns), sheet.max_row)
    for record in table.to_dict("records"):
        sheet.append([xml_escape(str(record[column])) for column in table.columns])
        colour = str(record["colour"]).lstrip("#")
        sheet.cell(sheet.max_row, len(table.columns)).fill = PatternFill("solid", fgColor=colour)
    fit_widths(sheet)
