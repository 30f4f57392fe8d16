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
    from . import (
        exercises,
        formats,
        guide,
        portfolio,
        practice,
        practice_library,
        reflection,
        supervision,
        views,
    )
    from .principles_gallery import principles
    from .widgets import Player, Tagger

#: Parts loaded on first use (name -> module, attribute), so the command line starts fast.
_LAZY: dict[str, tuple[str, str | None]] = {
    "exercises": (".exercises", None),
    "formats": (".formats", None),
    "guide": (".guide", None),
    "practice_library": (".practice_library", None),
    "principles": (".principles_gallery", "principles"),
    "portfolio": (".portfolio", None),
    "practice": (".practice", None),
    "reflection": (".reflection", None),
    "supervision": (".supervision", None),
    "views": (".views", None),
    "Player": (".widgets", "Player"),
    "Tagger": (".widgets", "Tagger"),
}


def __getattr__(name: str) -> Any:
    """Import the sub-packages and widgets named in ``_LAZY`` on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'vigkit' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name, __name__)
    return module if attribute is None else getattr(module, attribute)


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
    "Player",
    "Scheme",
    "SchemeError",
    "Tagger",
    "VigkitError",
    "VigkitWarning",
    "Workspace",
    "__version__",
    "builtin_schemes",
    "compare",
    "compare_many",
    "exercises",
    "format_time",
    "formats",
    "guide",
    "load_scheme",
    "parse_time",
    "portfolio",
    "practice",
    "practice_library",
    "principles",
    "reflection",
    "replay",
    "supervision",
    "views",
]
