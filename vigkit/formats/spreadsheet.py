"""Codings and comparisons as Excel workbooks (``.xlsx``) for people, read back exactly.

Every time is written twice: in seconds (a number, for machines and exact round trips) and
as ``m:ss.s`` text (for people), e.g. columns ``onset`` and ``onset (m:ss.s)``. Reading
prefers the seconds and also takes ``m:ss.s`` text and cells Excel formats as times.
Text is stored with Excel's own ``_xHHHH_`` escapes for characters XML cannot hold, so
notes come back exactly.
"""

from __future__ import annotations

from .spreadsheet_read import CLOCK_TOLERANCE, read_xlsx
from .spreadsheet_style import (
    CLOCK,
    CODING_SHEET,
    SCHEME_SHEET,
    append_row,
    plain_table,
    style_header,
)
from .spreadsheet_write import FIGURE_NAMES, write_xlsx

__all__ = [
    "CLOCK",
    "CLOCK_TOLERANCE",
    "CODING_SHEET",
    "FIGURE_NAMES",
    "SCHEME_SHEET",
    "append_row",
    "plain_table",
    "read_xlsx",
    "style_header",
    "write_xlsx",
]
