"""Notebook widgets (anywidget): the film player, the Tagger built on it, the
FacePicker (which faces stay visible when a film is blurred; loads the face detector on
first use) and the RegionPicker (boxes drawn on a still: where each person is)."""

import importlib
from typing import TYPE_CHECKING, Any

from .player import Player
from .tagger import Tagger

if TYPE_CHECKING:
    from .facepicker import FacePicker
    from .regionpicker import RegionPicker

#: Names loaded on first use: name -> module.
_LAZY = {"FacePicker": ".facepicker", "RegionPicker": ".regionpicker"}


def __getattr__(name: str) -> Any:
    """Import the pickers (the FacePicker loads numpy and the face detector) on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'vigkit.widgets' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name], __name__), name)


__all__ = ["FacePicker", "Player", "RegionPicker", "Tagger"]
