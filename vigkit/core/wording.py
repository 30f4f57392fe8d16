"""Words for people that several modules share: a count with its noun in the right number,
and a list joined as people write it."""

from __future__ import annotations

from collections.abc import Sequence


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 tag``, ``3 tags`` (or ``plural`` for nouns that do not just take an s)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


#: Small numbers as people write them in a sentence.
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(number: int) -> str:
    """``"four"`` for 4 (``"no"`` for 0), the digits from eleven on."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def joined_with_and(items: Sequence[str]) -> str:
    """Items as people list them: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
