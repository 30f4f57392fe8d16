"""Views of codings against each other and the film: the time line, the confusion
heatmap, saved figures, the CompareView widget and the space-time block.

Every name loads on first use (module ``__getattr__``), so ``import vigkit.views`` is
quick and never imports matplotlib, anywidget or ipyvolume until a view is asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compareview import CompareView
    from .confusion import confusion_figure, confusion_table
    from .figures import save_figure
    from .marks import Lane, Timeline, timeline
    from .motion import MotionEnergy, motion_energy
    from .movement import movement_figure, movement_picture
    from .spacetime import SpaceTimeView
    from .timeline import timeline_figure

#: Names loaded on first use: name -> (module, attribute).
_LAZY: dict[str, tuple[str, str]] = {
    "CompareView": (".compareview", "CompareView"),
    "Lane": (".marks", "Lane"),
    "Timeline": (".marks", "Timeline"),
    "confusion_figure": (".confusion", "confusion_figure"),
    "confusion_table": (".confusion", "confusion_table"),
    "save_figure": (".figures", "save_figure"),
    "timeline": (".marks", "timeline"),
    "timeline_figure": (".timeline", "timeline_figure"),
    # the space-time block (ipyvolume is imported only when a SpaceTimeView is made)
    "MotionEnergy": (".motion", "MotionEnergy"),
    "SpaceTimeView": (".spacetime", "SpaceTimeView"),
    "motion_energy": (".motion", "motion_energy"),
    "movement_figure": (".movement", "movement_figure"),
    "movement_picture": (".movement", "movement_picture"),
}


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` (see ``_LAZY``) on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'vigkit.views' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    return getattr(importlib.import_module(module_name, __name__), attribute)


__all__ = [
    "CompareView",
    "Lane",
    "MotionEnergy",
    "SpaceTimeView",
    "Timeline",
    "confusion_figure",
    "confusion_table",
    "motion_energy",
    "movement_figure",
    "movement_picture",
    "save_figure",
    "timeline",
    "timeline_figure",
]
