"""A supervisor's side of the exchange: ``collect`` every trainee's submissions, the latest
per trainee and the history, each checked; a damaged, tampered or unknown person's
submission is named in ``problems`` and never shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..coding.table import Coding
from ..core.errors import VigkitError
from .course import Course, act_as, open_course
from .manifest import KINDS
from .settings import CohortError, CohortSettings
from .store import Submission, order_key, read_submissions


@dataclass
class Collection:
    """What a supervisor collected: latest per trainee, every trainee's history, problems."""

    course: Course
    latest: dict[str, Submission] = field(default_factory=dict)
    history: dict[str, list[Submission]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def codings(self, clip: str | None = None) -> list[tuple[str, Coding]]:
        """Each trainee's latest coding (of ``clip``), read from the exchange: (coder, coding)."""
        found = []
        for coder, submissions in sorted(self.history.items()):
            wanted = [s for s in submissions if s.kind == "coding" and clip in (None, s.clip)]
            if not wanted:
                continue
            submission = wanted[-1]
            try:
                found.append((coder, submission.coding()))
            except VigkitError as error:
                self.problems.append(f"{coder}'s submission {submission.id} was skipped: {error}")
        return found

    def find(self, submission_id: str) -> Submission:
        """The submission with this id."""
        for submissions in self.history.values():
            for submission in submissions:
                if submission.id == submission_id:
                    return submission
        raise CohortError(
            f"there is no submission {submission_id} in course {self.course.course}; "
            "'vigkit cohort collect' lists them"
        )


def collect(
    *,
    supervisor: str,
    clip: str | None = None,
    kind: str | None = "coding",
    settings: CohortSettings | None = None,
) -> Collection:
    """Every trainee's submissions of ``kind`` (None: all kinds) and ``clip`` (None: all)."""
    if kind is not None and kind not in KINDS:
        raise CohortError(f"'{kind}' is not a kind of submission: choose {', '.join(KINDS)}")
    course = open_course(settings)
    act_as(course, supervisor, "supervisor")
    result = Collection(course)
    try:
        names = sorted(e.name for e in os.scandir(course.people) if not e.name.startswith("."))
    except PermissionError:
        raise CohortError(
            f"you cannot read {course.people} (permission denied): in this course's exchange "
            f"only the group '{course.course}-supervisors' may; ask the hub's admin to add "
            "your account to it"
        ) from None
    except FileNotFoundError:
        names = []
    for name in names:
        if course.role_of(name) != "trainee":
            result.problems.append(
                f"people/{name} was skipped: {name} is not a trainee on the course's roster"
            )
            continue
        try:
            found, problems = read_submissions(course.person_folder(name), name, course.course)
        except PermissionError:
            result.problems.append(f"people/{name} was skipped: you may not read it")
            continue
        result.problems += problems
        chosen = [
            s
            for s in found
            if (kind is None or s.kind == kind) and (clip is None or s.clip == clip)
        ]
        if chosen:
            chosen.sort(key=order_key)
            result.history[name] = chosen
            result.latest[name] = chosen[-1]
    return result
