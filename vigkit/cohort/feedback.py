"""Feedback from the supervisor: comments on moments, the comparison's figures and a note,
one file per return in ``people/T01/feedback/<submission>/``, written whole and never
overwritten; ``feedback_for`` shows a trainee their own, newest first.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..coding.events import utc_now
from ..core.atomic import fsync_directory, is_disk_full
from ..core.errors import VigkitWarning
from ..core.limits import parse_json
from .course import FEEDBACK, SUBMISSIONS, act_as, open_course
from .manifest import verify
from .settings import CohortError, CohortSettings
from .store import Submission

Figure = int | float | str
FEEDBACK_MODE = 0o644
FOLDER_MODE = 0o2775


@dataclass(frozen=True)
class MomentComment:
    """A comment on one moment of the film (seconds), optionally about one code."""

    time: float
    text: str
    code: str | None = None


@dataclass(frozen=True)
class Feedback:
    """One return of feedback on a submission."""

    submission: str
    coder: str
    clip: str | None
    kind: str
    supervisor: str
    created: str
    note: str
    comments: tuple[MomentComment, ...]
    figures: dict[str, Figure]
    path: Path


def _checked(
    note: str, comments: Iterable[MomentComment], figures: Mapping[str, Figure] | None
) -> tuple[tuple[MomentComment, ...], dict[str, Figure]]:
    if not isinstance(note, str):
        raise CohortError("the note must be text")
    said = tuple(comments)
    for comment in said:
        if not isinstance(comment, MomentComment):
            raise CohortError("each comment must be a MomentComment(time, text, code=None)")
        if (
            not isinstance(comment.time, int | float)
            or not math.isfinite(comment.time)
            or comment.time < 0
        ):
            raise CohortError(
                f"a comment's time must be seconds from the start, not {comment.time!r}"
            )
        if not isinstance(comment.text, str) or not comment.text.strip():
            raise CohortError(f"the comment at {comment.time} s has no text")
    numbers = dict(figures or {})
    for name, value in numbers.items():
        ok = isinstance(value, str) or (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
        if not isinstance(name, str) or not ok:
            raise CohortError(f"figure {name!r}: give a number or a short text, not {value!r}")
    if not note.strip() and not said and not numbers:
        raise CohortError("the feedback is empty: write a note, a comment or figures")
    return said, numbers


def return_feedback(
    submission: Submission,
    *,
    supervisor: str,
    note: str,
    comments: Iterable[MomentComment] = (),
    figures: Mapping[str, Figure] | None = None,
    settings: CohortSettings | None = None,
) -> Feedback:
    """Give ``submission``'s trainee feedback (a new file; earlier feedback is kept)."""
    said, numbers = _checked(note, comments, figures)
    course = open_course(settings)
    act_as(course, supervisor, "supervisor")
    box = course.person_folder(submission.coder) / SUBMISSIONS / submission.id
    if submission.folder.resolve() != box.resolve() or submission.manifest.course != course.course:
        raise CohortError(f"submission {submission.id} is not one of course {course.course}'s")
    if verify(submission.folder)[1] is not None:
        raise CohortError(
            f"submission {submission.id} has changed since it was collected; collect again"
        )
    folder = course.person_folder(submission.coder) / FEEDBACK / submission.id
    created = utc_now()
    data = {
        "format": 1,
        "submission": submission.id,
        "coder": submission.coder,
        "clip": submission.clip,
        "kind": submission.kind,
        "supervisor": supervisor,
        "created": created,
        "note": note,
        "comments": [{"time": c.time, "text": c.text, "code": c.code} for c in said],
        "figures": numbers,
    }
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{secrets.token_hex(3)}.json"
    try:
        if not folder.is_dir():
            folder.mkdir(exist_ok=True)
            os.chmod(folder, FOLDER_MODE)
        _write_new(target, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as error:
        why = "the disk is full" if is_disk_full(error) else (error.strerror or str(error))
        raise CohortError(
            f"the feedback could not be written to {folder} ({why}); nothing was sent"
        ) from None
    return _feedback(data, target)


def _write_new(target: Path, text: str) -> None:
    """Write a new file whole (readable by its trainee from the first moment) or not at all."""
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), FEEDBACK_MODE)
            os.fsync(handle.fileno())
        os.link(name, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    fsync_directory(target.parent)


def _feedback(data: dict[str, object], path: Path) -> Feedback:
    raw = data["comments"]
    assert isinstance(raw, list)
    comments = tuple(MomentComment(float(c["time"]), str(c["text"]), c.get("code")) for c in raw)
    figures = data["figures"]
    assert isinstance(figures, dict)
    clip = data["clip"]
    return Feedback(
        str(data["submission"]), str(data["coder"]), None if clip is None else str(clip),
        str(data["kind"]), str(data["supervisor"]), str(data["created"]), str(data["note"]),
        comments, dict(figures), path,
    )  # fmt: skip


def feedback_for(
    coder: str, *, clip: str | None = None, settings: CohortSettings | None = None
) -> list[Feedback]:
    """``coder``'s own feedback (on ``clip``), newest first."""
    course = open_course(settings)
    person = act_as(course, coder, "trainee")
    found = []
    for path in sorted((person / FEEDBACK).glob("[!.]*/[!.]*.json")):
        try:
            data = parse_json(path.read_text(encoding="utf-8"))
            item = _feedback(data, path)
        except (OSError, ValueError, KeyError, TypeError, AssertionError, AttributeError) as error:
            warnings.warn(
                f"{path}: this feedback cannot be read ({error}); skipped",
                VigkitWarning,
                stacklevel=2,
            )
            continue
        if item.coder == coder and clip in (None, item.clip):
            found.append(item)
    return sorted(found, key=lambda f: (f.created, f.path.name), reverse=True)
