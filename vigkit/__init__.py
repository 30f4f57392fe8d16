"""vigkit: a Jupyter training and reflection kit for Video Interaction Guidance and VERP.

The public API is re-exported here; everything else is an implementation detail.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .agreement import Comparison, GroupComparison, compare, compare_many
from .coding import Coding
from .errors import (
    CodingError,
    JournalError,
    MediaError,
    SchemeError,
    VigkitError,
    VigkitWarning,
)
from .journal import Journal, replay
from .scheme import Behaviour, Category, Scheme, builtin_schemes, load_scheme
from .timecode import format_time, parse_time
from .workspace import ClipRecord, Workspace

if TYPE_CHECKING:
    from . import exercises, practice

#: Sub-packages loaded on first use, so that ``vigkit --version`` and friends start fast.
_LAZY = {"exercises", "practice"}


def __getattr__(name: str) -> Any:
    """Import ``vigkit.practice`` and ``vigkit.exercises`` when first used."""
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'vigkit' has no attribute {name!r}")

__all__ = [
    "Behaviour",
    "Category",
    "ClipRecord",
    "Coding",
    "CodingError",
    "Comparison",
    "GroupComparison",
    "Journal",
    "JournalError",
    "MediaError",
    "Scheme",
    "SchemeError",
    "VigkitError",
    "VigkitWarning",
    "Workspace",
    "__version__",
    "builtin_schemes",
    "compare",
    "compare_many",
    "exercises",
    "format_time",
    "load_scheme",
    "parse_time",
    "practice",
    "replay",
]
