"""Coding: the scheme of principles, the rules for one tag, coding files, the validated
:class:`Coding` table, the crash-safe tagging journal and the workspace folder.

Stands on :mod:`vigkit.core` only.
"""

from .journal import Journal, JournalState, replay
from .scheme import Behaviour, Category, Scheme, builtin_schemes, load_scheme
from .table import Coding
from .workspace import ClipRecord, Workspace

__all__ = [
    "Behaviour",
    "Category",
    "ClipRecord",
    "Coding",
    "Journal",
    "JournalState",
    "Scheme",
    "Workspace",
    "builtin_schemes",
    "load_scheme",
    "replay",
]
