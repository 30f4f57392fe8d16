"""vigkit: a Jupyter training and reflection kit for Video Interaction Guidance and VERP.

The public API is re-exported here; everything else is an implementation detail.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .agreement import Comparison, GroupComparison, compare, compare_many
from .coding.journal import Journal, replay
from .coding.scheme import Behaviour, Category, Scheme, builtin_schemes, load_scheme
from .coding.table import Coding
from .coding.workspace import ClipRecord, Workspace
from .core.errors import (
    CodingError,
    ConsentError,
    JournalError,
    MediaError,
    SchemeError,
    VigkitError,
    VigkitWarning,
)
from .core.timecode import format_time, parse_time

if TYPE_CHECKING:
    from . import (
        cohort,
        course,
        formats,
        moments,
        practice,
        privacy,
        reflection,
        supervision,
        views,
    )
    from . import course as guide
    from .course.principles import principles
    from .media.blur import BlurResult, blur_faces
    from .media.facetrack import KeepFace
    from .moments import find_moments
    from .practice import exercises
    from .practice import library as practice_library
    from .reflection import portfolio
    from .widgets import Player, Tagger

#: Parts loaded on first use (name -> module, attribute), so the command line starts fast.
_LAZY: dict[str, tuple[str, str | None]] = {
    "BlurResult": (".media.blur", "BlurResult"),
    "KeepFace": (".media.facetrack", "KeepFace"),
    "blur_faces": (".media.blur", "blur_faces"),
    "cohort": (".cohort", None),
    "course": (".course", None),
    "exercises": (".practice.exercises", None),
    "formats": (".formats", None),
    "find_moments": (".moments", "find_moments"),
    "moments": (".moments", None),
    "guide": (".course", None),  # the course's step helpers, by their first name
    "practice_library": (".practice.library", None),
    "principles": (".course.principles", "principles"),
    "portfolio": (".reflection.portfolio", None),
    "practice": (".practice", None),
    "privacy": (".privacy", None),
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
    "BlurResult",
    "Category",
    "ClipRecord",
    "Coding",
    "CodingError",
    "Comparison",
    "ConsentError",
    "GroupComparison",
    "Journal",
    "JournalError",
    "KeepFace",
    "MediaError",
    "Player",
    "Scheme",
    "SchemeError",
    "Tagger",
    "VigkitError",
    "VigkitWarning",
    "Workspace",
    "__version__",
    "blur_faces",
    "builtin_schemes",
    "cohort",
    "compare",
    "compare_many",
    "course",
    "exercises",
    "find_moments",
    "format_time",
    "formats",
    "guide",
    "load_scheme",
    "moments",
    "parse_time",
    "portfolio",
    "practice",
    "practice_library",
    "principles",
    "privacy",
    "reflection",
    "replay",
    "supervision",
    "views",
]
