"""Words for people that several modules share: a count with its noun in the right number,
and a list joined as people write it."""

from __future__ import annotations

from collections.abc import Sequence


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 tag``, ``3 tags`` (or ``plural`` for nouns that do not just take an s)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def joined_with_and(items: Sequence[str]) -> str:
    """Items as people list them: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
