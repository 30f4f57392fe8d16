"""The agreement engine: compare a coder's coding of a clip with a reference, or a group's.

Event-based (alignment kappa with its maximum), time-based (time-unit kappa with and
without tolerance), Krippendorff's alpha (nominal, and unitizing for intervals), per-code
recall and precision, and strengths-first feedback for learners. See docs/agreement.md.
"""

from .comparison import Comparison, compare
from .feedback import Feedback, FeedbackMoment
from .group import GroupComparison, compare_many

__all__ = [
    "Comparison",
    "Feedback",
    "FeedbackMoment",
    "GroupComparison",
    "compare",
    "compare_many",
]
