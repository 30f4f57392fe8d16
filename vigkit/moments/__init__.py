"""The moment finder: where a long film may show attuned interaction, to look at first.

From the sound (voice activity, a split into voices, turns) and the movement (motion
energy per person, and how it rises and falls together) it ranks candidate moments with a
reason in plain words. Suggestions only: the guider decides, and the training exercises
never show them.
"""

from __future__ import annotations

from .segments import HALVES, Region, Segment

__all__ = ["HALVES", "Region", "Segment"]
