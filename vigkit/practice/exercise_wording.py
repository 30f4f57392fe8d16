"""How exercise feedback names things in words: principles, keys to press, steps."""

from __future__ import annotations

from ..coding.scheme import Scheme
from ..core.wording import joined_with_and


def principles_in_words(scheme: Scheme, categories: tuple[str, ...]) -> str:
    """What to look for, in words: the principles' labels (or "the principles")."""
    if len(categories) == len(scheme.categories):
        return "the principles"
    return joined_with_and([scheme.label_of(c) for c in categories])


def keys_to_press(scheme: Scheme, categories: tuple[str, ...]) -> str:
    """Which key to press, e.g. "3", or "its key (1 Being attentive, 3 Receiving …)"."""
    if len(categories) == 1:
        return scheme.category_of(categories[0]).key
    listed = ", ".join(f"{scheme.category_of(c).key} {scheme.label_of(c)}" for c in categories)
    return f"the key of the principle you see ({listed})"


def as_sentences(steps: list[str]) -> str:
    """Steps as sentences: "Do this. Also, do that."."""
    return " Also, ".join(step + "." for step in steps)
