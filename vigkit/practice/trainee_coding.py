"""A trainee's coding as an exercise compares it: read from any file the kit saves, and
narrowed to the exercise's principles at its level.
"""

from __future__ import annotations

from pathlib import Path

from ..agreement.comparison import Level
from ..coding.scheme import Scheme
from ..coding.table import Coding

_JOURNAL_SUFFIX = ".journal.jsonl"


def read_coding(path: str | Path, scheme: str | Scheme | None = None) -> Coding:
    """A trainee's coding from a CSV, a JSON Lines file or a tagging journal."""
    path = Path(path)
    if path.name.endswith(_JOURNAL_SUFFIX):
        from ..coding.journal import replay

        return replay(path, scheme)
    return Coding.read(path, scheme)


def restricted_to(coding: Coding, categories: tuple[str, ...], level: Level) -> Coding:
    """The events of ``categories`` only, rolled up to categories at category level."""
    frame = coding.events
    keep = [coding.scheme.rollup(code) in categories for code in frame["code"]]
    if not all(keep):
        coding = Coding(frame[keep], scheme=coding.scheme, duration=coding.duration)
    return coding.rolled_up() if level == "category" else coding
