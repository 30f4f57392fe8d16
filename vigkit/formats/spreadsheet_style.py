"""The kit's workbooks as both sides know them: sheet and column names, the header style, and
cell values kept exactly (text never a formula; Excel's ``_xHHHH_`` escapes)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..coding.events import COLUMNS, SCHEME_COLUMNS

CODING_SHEET = "Coding"
SCHEME_SHEET = "Scheme"
#: The suffix of a time column's companion for people: ``onset (m:ss.s)``.
CLOCK = " (m:ss.s)"

KNOWN_COLUMNS = (*COLUMNS, *SCHEME_COLUMNS)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def plain_value(value: Any) -> Any:
    """numpy scalars as Python values; NaN as an empty cell."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def put_cell(cell: Any, value: Any) -> None:
    """Write a value; text is always text (never a formula, even if it starts with "=")."""
    if isinstance(value, str):
        cell.value = xml_escape(value)
        cell.data_type = "s"
    else:
        cell.value = value


def xml_escape(text: str) -> str:
    """Excel's escapes for characters XML cannot hold (``\\r`` → ``_x000D_``), and for
    text that looks like an escape (``_x0041_`` → ``_x005F_x0041_``)."""
    return _XML_UNSAFE.sub(
        lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text
    )


def xml_unescape(text: str) -> str:
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
    fit_widths(sheet)


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Add a row after the last; text is always text (never a formula), NaN an empty cell."""
    sheet.append([xml_escape(v) if isinstance(v, str) else plain_value(v) for v in values])
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


def fit_widths(sheet: Worksheet) -> None:
    """Each column as wide as its longest value (within 8 to 60 characters)."""
    for number, cells in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(cell.value)) for cell in cells if cell.value is not None), default=0)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
