"""Notebook widgets (anywidget): the film player, and later the Tagger built on it."""

from .player import Player

__all__ = ["Player"]
