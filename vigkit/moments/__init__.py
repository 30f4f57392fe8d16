"""The moment finder: where a long film may show attuned interaction, to look at first.

From the sound (voice activity, a split into voices, turns) and the movement (motion
energy per person, and how it rises and falls together) it ranks candidate moments with a
reason in plain words. Suggestions only: the guider decides, and the training exercises
never show them.
"""

from __future__ import annotations

from .finder import COLUMNS, find_moments, save_moments
from .listening import SoundAnalysis, analyse_sound
from .quality import TARGETS, Quality, quality
from .segments import HALVES, Region, Segment

__all__ = [
    "COLUMNS",
    "HALVES",
    "TARGETS",
    "Quality",
    "Region",
    "Segment",
    "SoundAnalysis",
    "analyse_sound",
    "find_moments",
    "quality",
    "save_moments",
]
