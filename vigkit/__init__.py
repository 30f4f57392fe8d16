"""vigkit: a Jupyter training and reflection kit for Video Interaction Guidance and VERP.

The public API is re-exported here; everything else is an implementation detail.
"""

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
    "format_time",
    "load_scheme",
    "parse_time",
    "replay",
]
