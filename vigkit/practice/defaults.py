"""Default looks and voices for a storyboard's people and props, so no two look or sound alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# Defaults: a colour-blind-safe palette for clothes and props, and varied skin and hair.
TOPS = ("#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#D55E00", "#F0E442")
SKINS = ("#E0B89A", "#8D5524", "#F1C9A5", "#A16E4B", "#C68642", "#5C3A21", "#FFDBAC")
HAIRS = ("#2B1B0E", "#6B4F2A", "#141010", "#C8A25A", "#3B2A20", "#A0522D", "#8A8A8A")
PROP_COLOURS = {
    "blocks": "#D55E00",
    "ball": "#0072B2",
    "book": "#009E73",
    "cup": "#CC79A7",
    "toy-car": "#F0E442",
    "paper": "#F5F5F0",
    "teddy": "#A0522D",
    "bowl": "#56B4E9",
    "mug": "#E69F00",
}
# Voices: adults vary across 120-220 Hz so two adults never sound alike; children higher.
_ADULT_PITCHES = (200.0, 130.0, 175.0, 150.0, 220.0, 120.0)
_BASE_PITCH = {"child": 260.0, "toddler": 300.0, "baby": 350.0}
_PITCH_STEPS = (0.0, 20.0, -15.0, 35.0, -30.0)
DEFAULT_SUBJECT = {"adult": "adult", "child": "child", "toddler": "child", "baby": "child"}


def default_pitch(size: str, nth_of_size: int) -> float:
    """The default voice pitch (Hz) of the ``nth_of_size`` person (from 0) of a size."""
    if size == "adult":
        return _ADULT_PITCHES[nth_of_size % len(_ADULT_PITCHES)]
    return _BASE_PITCH[size] + _PITCH_STEPS[nth_of_size % len(_PITCH_STEPS)]


@dataclass
class Defaults:
    """Hands out default colours and voices, so that no two people look or sound alike.

    A default colour skips colours the storyboard gives anyone and colours already handed
    out, while the palette lasts; a default pitch depends on how many of that size came before.
    """

    taken: dict[str, set[str]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def avoiding(cls, items: Sequence[Any]) -> Defaults:
        """Defaults that avoid every colour given explicitly to any participant in ``items``."""
        defaults = cls()
        for item in items:
            for part in ("skin", "hair", "top"):
                value = item.get(part) if isinstance(item, dict) else None
                if isinstance(value, str):
                    defaults.taken.setdefault(part, set()).add(value.upper())
        return defaults

    def colour(self, part: str, palette: Sequence[str], index: int) -> str:
        taken = self.taken.setdefault(part, set())
        shifted = [palette[(index + step) % len(palette)] for step in range(len(palette))]
        choice = next((c for c in shifted if c not in taken), shifted[0])
        taken.add(choice)
        return choice

    def pitch(self, size: str) -> float:
        nth = self.sizes.get(size, 0)
        self.sizes[size] = nth + 1
        return default_pitch(size, nth)
