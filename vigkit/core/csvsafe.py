"""Formula-safe CSV cells: text a spreadsheet would run as a formula is written with a
leading ``'``, and the kit's CSV readers take exactly that ``'`` off again.

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (CSV injection), so a note such as
``=HYPERLINK("http://…")`` in an export could run when a supervisor opens it.

The rule, exactly invertible so that every round trip is lossless:

* **writing** a text cell: if it is any number of ``'`` followed by a dangerous first
  character (``=foo``, ``'=foo``, ``''+1``), one more ``'`` is put in front; any other text
  is written as it is (``'tis``, ``- `` inside a word, empty text);
* **reading** a cell: if it is one or more ``'`` followed by a dangerous character, one
  ``'`` is taken off; anything else is read as it is.

Numbers (``int``/``float`` values, e.g. a negative rating change or a kappa) are not
text and are written as plain numbers: a cell holding only ``-0.25`` is a number to a
spreadsheet, never a formula.
"""

from __future__ import annotations

import re
from typing import Any

#: First characters that make a spreadsheet read a cell as a formula.
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"

_NEEDS_PREFIX = re.compile(r"'*[=+\-@\t\r]")
_HAS_PREFIX = re.compile(r"'+[=+\-@\t\r]")


def protect(text: str) -> str:
    """A text cell as written to CSV: ``'`` in front when a spreadsheet would see a
    formula (also when the text already starts with ``'`` and then a dangerous character,
    so that :func:`unprotect` gives back exactly the text)."""
    return PREFIX + text if _NEEDS_PREFIX.match(text) else text


def unprotect(cell: str) -> str:
    """A CSV cell as the kit reads it: the one ``'`` that :func:`protect` added is taken
    off; every other cell is kept exactly."""
    return cell[1:] if _HAS_PREFIX.match(cell) else cell


def safe_cell(value: Any) -> Any:
    """A value for a CSV writer: text protected, numbers (not ``bool``) left as numbers."""
    if isinstance(value, str):
        return protect(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return protect(str(value))
