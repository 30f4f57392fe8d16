"""Notebook widgets (anywidget): the film player and the Tagger built on it."""

from .player import Player
from .tagger import Tagger

__all__ = ["Player", "Tagger"]
