"""Words for people that several modules share: a count with its noun in the right number."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 tag``, ``3 tags`` (or ``plural`` for nouns that do not just take an s)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
