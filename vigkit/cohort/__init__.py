"""The exchange of a course on a shared folder (JupyterHub): trainees submit codings, records
and portfolios; supervisors collect them and return feedback. Storage and rights only; the
course layer composes it with the group comparison (docs/cohort.md)."""

from .collect import Collection, collect
from .course import Course, create_course, open_course, supervisors_group, trainees_group
from .feedback import Feedback, MomentComment, feedback_for, return_feedback
from .identity import Account, current_account
from .manifest import FileEntry, FilmRef, Manifest
from .settings import CohortError, CohortSettings, cohort_settings
from .store import Submission
from .submit import my_submissions, submit

__all__ = [
    "Account",
    "CohortError",
    "CohortSettings",
    "Collection",
    "Course",
    "Feedback",
    "FileEntry",
    "FilmRef",
    "Manifest",
    "MomentComment",
    "Submission",
    "cohort_settings",
    "collect",
    "create_course",
    "current_account",
    "feedback_for",
    "my_submissions",
    "open_course",
    "return_feedback",
    "submit",
    "supervisors_group",
    "trainees_group",
]
