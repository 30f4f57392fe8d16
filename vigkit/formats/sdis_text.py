"""What the SDIS writer and reader share: the kit's comment lines (``% vigkit-…`` with JSON),
SDIS code names made from scheme codes (and back), and times as the file writes them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

#: The version of the kit's data in ``% vigkit-…`` comments; newer files are refused.
DATA_FORMAT = 1
FILE_COMMENT = "vigkit-file"
CODE_COMMENT = "vigkit-code"
SESSION_COMMENT = "vigkit-session"
#: A moment (a tag without length) is written lasting this long, as BORIS writes its point
#: events into SDIS; in the kit's own files an event this long is read back as a moment.
POINT_SECONDS = 0.001
#: Characters SDIS uses for its own structure (and so never inside a code name):
#: separators and the marks of declarations, sessions, times, comments and variables.
SDIS_MARKS = " \t\r\n,;/-:()<>%&*=$.\"'"
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")


def comment(kind: str, data: Mapping[str, Any]) -> str:
    """A ``% vigkit-…`` comment line holding ``data`` as one line of JSON (``%`` escaped,
    so no comment mark appears inside it)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    escaped = text.replace("%", "\\u0025")
    return f"% {kind} {escaped}"


def sdis_name(code: str, subject: str = "") -> str:
    """A readable SDIS code name for a scheme code (and the subject it is about): ``.`` as
    ``__`` and ``-`` as ``_`` (scheme ids have neither ``_`` nor ``--``, so the code can be
    read back from the name), the subject in front as BORIS writes ``subject_behaviour``."""
    name = code.replace(".", "__").replace("-", "_")
    if subject:
        name = f"{_NOT_NAME.sub('_', subject).strip('_') or 'subject'}_{name}"
    return name if name[:1].isalpha() else f"c{name}"


def code_from_name(name: str) -> str:
    """The scheme id an :func:`sdis_name` stands for (``__`` as ``.``, ``_`` as ``-``)."""
    return name.replace("__", ".").replace("_", "-").lower()


def sdis_time(seconds: float) -> str:
    """Seconds with three decimals, as BORIS writes SDIS times (``12.345``)."""
    return f"{seconds:.3f}"
