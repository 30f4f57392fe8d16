"""The text of an SDIS file as the reader needs it: tokens with their lines (labels
``<…>`` whole; ``; / ( ) & * =`` on their own) and the kit's ``% vigkit-…`` comments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..core.limits import load_json
from .common import FormatError
from .sdis_text import CODE_COMMENT, FILE_COMMENT, SESSION_COMMENT

#: Characters that are tokens of their own.
SINGLE = set(";/()&*=")


@dataclass(frozen=True)
class Token:
    """One word of the file's data and the line it is on."""

    text: str
    line: int


@dataclass
class Parsed:
    """What the file says: its tokens and the kit's comments (data, line), in order."""

    items: list[Token | tuple[str, Mapping[str, Any], int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    file_data: Mapping[str, Any] | None = None
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # sdis name: code, subject


def parse(text: str, source: Path) -> Parsed:
    """Tokens (labels ``<…>`` whole; ``; / ( ) & * =`` on their own) and the kit's comments,
    with their lines; ``%`` starts a comment to the end of the line."""
    parsed = Parsed()
    for number, line in enumerate(text.splitlines(), start=1):
        data, _, note = line.partition("%")
        _comment(note.strip(), number, parsed, source)
        for token in _split(data, number, parsed.problems):
            parsed.items.append(Token(token, number))
    return parsed


def _split(data: str, number: int, problems: list[Problem]) -> Iterator[str]:
    """The tokens of one line's data."""
    word = ""
    index = 0
    while index < len(data):
        char = data[index]
        if char == "<":
            end = data.find(">", index)
            if end < 0:
                problems.append(Problem("a session label '<…' is not closed with '>'", number))
                return
            if word:
                yield word
            word = ""
            yield data[index : end + 1]
            index = end + 1
            continue
        if char.isspace() or char in SINGLE:
            if word:
                yield word
            word = ""
            if char in SINGLE:
                yield char
        else:
            word += char
        index += 1
    if word:
        yield word


def _comment(note: str, number: int, parsed: Parsed, source: Path) -> None:
    """Keep the kit's data from a ``% vigkit-…`` comment; other comments are ignored."""
    kind, _, payload = note.partition(" ")
    if kind not in (FILE_COMMENT, CODE_COMMENT, SESSION_COMMENT):
        return
    try:
        data = load_json(payload, source, FormatError, line=number)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        parsed.problems.append(Problem(f"the {kind} data in this comment cannot be read", number))
        return
    if kind == FILE_COMMENT:
        parsed.file_data = data
    elif kind == CODE_COMMENT:
        name, code, subject = data.get("sdis"), data.get("code"), data.get("subject", "")
        if not (isinstance(name, str) and isinstance(code, str) and isinstance(subject, str)):
            parsed.problems.append(Problem(f"the {kind} data needs sdis, code, subject", number))
            return
        parsed.names[name] = (code, subject)
    else:
        parsed.items.append((kind, data, number))
