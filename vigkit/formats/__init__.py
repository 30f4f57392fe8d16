"""Codings to and from other tools: ELAN (.eaf), BORIS projects, WebVTT captions,
spreadsheets (.xlsx), GSEQ's SDIS (.sds) and BORIS's behavioural strings (read as
sequences, not codings: they have no times). Every reader returns ``Coding`` objects
checked against the scheme (or raises one :class:`FormatError` naming the file and
element: nothing is half imported); every writer takes codings and writes atomically.

Each format loads on first use, so ``import vigkit.formats`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .common import CodeMap, FormatError

if TYPE_CHECKING:  # so type checkers see the real signatures of the lazy names
    from .behavioural_strings import read_behavioural_strings, write_behavioural_strings
    from .boris import read_boris, write_boris
    from .elan import read_eaf, write_eaf
    from .sdis import read_sdis, write_sdis
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
    "read_sdis": "sdis",
    "write_sdis": "sdis",
    "read_behavioural_strings": "behavioural_strings",
    "write_behavioural_strings": "behavioural_strings",
}

__all__ = [
    "CodeMap",
    "FormatError",
    "read_behavioural_strings",
    "read_boris",
    "read_eaf",
    "read_sdis",
    "read_vtt",
    "read_xlsx",
    "write_behavioural_strings",
    "write_boris",
    "write_eaf",
    "write_sdis",
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
