"""Errors and warnings that vigkit shows to people.

Every error a user can cause by giving the kit a bad file or value is a
:class:`VigkitError`: its message names the file (and line or row) and says what to
do, and the command line prints it without a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class VigkitError(Exception):
    """A problem with the user's input, explained in plain words."""


class VigkitWarning(UserWarning):
    """Something was recovered or skipped; the user should know, nothing is lost."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong at one place in a file: ``line`` is 1-based, as editors count."""

    message: str
    line: int | None = None
    column: str | None = None

    def describe(self, unit: str = "line") -> str:
        """The problem as one readable line, e.g. ``row 4, column 'onset': ...``.

        ``unit`` is what ``line`` counts: "line" for text files, "row" for spreadsheets
        (a CSV's row number as a spreadsheet program shows it, header = row 1).
        """
        where = []
        if self.line is not None:
            where.append(f"{unit} {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ProblemsError(VigkitError):
    """An error that lists every problem found in one file, not just the first."""

    kind = "file"
    max_listed = 50

    def __init__(
        self,
        source: str | Path | None,
        problems: Sequence[Problem],
        hint: str = "",
        unit: str = "line",
        consequence: str = "nothing was loaded",
    ) -> None:
        self.source = str(source) if source is not None else None
        self.problems = list(problems)
        self.hint = hint
        self.unit = unit
        self.consequence = consequence
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        subject = f"{self.kind} {self.source}" if self.source else f"this {self.kind}"
        noun = "problem" if count == 1 else "problems"
        lines = [f"{subject} has {count} {noun}; {self.consequence}:"]
        lines += [f"  {p.describe(self.unit)}" for p in self.problems[: self.max_listed]]
        if count > self.max_listed:
            lines.append(f"  ... and {count - self.max_listed} more")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class SchemeError(ProblemsError):
    """A coding scheme file is malformed or cannot be found."""

    kind = "coding scheme"


class CodingError(ProblemsError):
    """A coding (a table of tagged events) has invalid rows or columns."""

    kind = "coding"


class JournalError(ProblemsError):
    """A tagging journal is damaged somewhere other than a torn last line."""

    kind = "journal"


class MediaError(VigkitError):
    """A film cannot be read, cut or written: missing, not a video, corrupt, bad times."""


class ConsentError(VigkitError):
    """A film may not be used this way: no consent recorded, consent for other uses only,
    consent that has ended, or a consent register that cannot be read."""
