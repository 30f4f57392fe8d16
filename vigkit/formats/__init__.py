"""Codings to and from other tools: ELAN (.eaf), BORIS projects, WebVTT captions and
spreadsheets (.xlsx). Every reader returns ``Coding`` objects checked against the
scheme (or raises one :class:`FormatError` naming the file and element: nothing is
half imported); every writer takes codings and writes atomically.

Each format loads on first use, so ``import vigkit.formats`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .common import CodeMap, FormatError

if TYPE_CHECKING:  # so type checkers see the real signatures of the lazy names
    from .boris import read_boris, write_boris
    from .elan import read_eaf, write_eaf
    from .spreadsheet import read_xlsx, write_xlsx
    from .webvtt import read_vtt, write_vtt

_LAZY = {
    "read_eaf": "elan",
    "write_eaf": "elan",
    "read_boris": "boris",
    "write_boris": "boris",
    "read_vtt": "webvtt",
    "write_vtt": "webvtt",
    "read_xlsx": "spreadsheet",
    "write_xlsx": "spreadsheet",
}

__all__ = [
    "CodeMap",
    "FormatError",
    "read_boris",
    "read_eaf",
    "read_vtt",
    "read_xlsx",
    "write_boris",
    "write_eaf",
    "write_vtt",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    """Load a format's module the first time one of its functions is asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'vigkit.formats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
