"""The course's exchange in the notebooks: a trainee sends work to the supervisor
(:func:`send_coding`, :func:`send_record`) and reads what came back
(:func:`supervisor_feedback`); a supervisor compares the group's submitted codings
(:func:`load_group` with ``"exchange"``) and returns feedback (:func:`send_feedback`).

The exchange itself (where submissions live, checksums, who may read what) is
:mod:`vigkit.cohort`; these steps only put it in plain words. Without a course set up
(``cohort.yaml``, docs/cohort.md) each step says so kindly and does nothing.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from ..agreement.comparison import Level
from ..agreement.group import GroupComparison
from ..coding.workspace import Workspace
from ..cohort import (
    Feedback,
    MomentComment,
    Submission,
    collect,
    feedback_for,
    my_submissions,
    return_feedback,
    submit,
)
from ..cohort.settings import COHORT_ENV, settings_path
from ..core.errors import VigkitError
from ..core.timecode import format_time, parse_time
from ..core.wording import counted
from ..supervision import load_group as load_folder
from ..supervision import trainee_comparison
from .compare import my_coding
from .note import Note, WorkspaceLike, _check_id, _workspace
from .record import MyRecord

#: The folder name that tells notebook 07 to read the course's exchange.
EXCHANGE = "exchange"
#: Where the codings collected for a comparison are put: ``WORKSPACE/collected/CLIP``.
COLLECTED = "collected"

__all__ = [
    "EXCHANGE",
    "load_group",
    "send_coding",
    "send_feedback",
    "send_record",
    "supervisor_feedback",
]


def _not_set_up() -> Note | None:
    """A kind note when this kit is not part of a course's exchange, else ``None``."""
    if os.environ.get(COHORT_ENV) or settings_path().exists():
        return None  # set up (a named file that is missing is an error, said by the exchange)
    return Note(
        "This kit is not part of a course yet, so there is nowhere to send to – that is "
        "fine when you work on your own. On a course's hub your supervisor sets this up "
        "(a `cohort.yaml` file, see docs/cohort.md); then this step sends your work to them.",
    )


def _when(submission_or_feedback: Submission | Feedback) -> str:
    """A submission's or a feedback's time as people write it: "7 Dec 2026 at 10:15 UTC"."""
    created = datetime.fromisoformat(submission_or_feedback.created.replace("Z", "+00:00"))
    created = created.astimezone(timezone.utc)
    return f"{created.day} {created:%b %Y} at {created:%H:%M} UTC"


# ---------------------------------------------------------------- trainees
def send_coding(
    coder: str, clip: str, *, share_film: bool = False, workspace: WorkspaceLike = None
) -> Note:
    """Send ``coder``'s coding of ``clip`` (as tagged so far) to the course's exchange; with
    ``share_film`` a playable copy of the film goes too, if its consent allows supervision."""
    note = _not_set_up()
    if note is not None:
        return note
    ws = _workspace(workspace)
    coding = my_coding(_check_id(coder, "coder"), _check_id(clip, "clip"), ws)
    if len(coding) == 0:
        return Note(
            f"You have not tagged {clip} as {coder} yet, so there is nothing to send. Tag the "
            "film first, then run this step again."
        )
    journal = ws.journal_path(clip, coder)
    sent = submit(
        "coding", coder=coder, clip=clip, workspace=ws, share_film=share_film,
        path=None if journal.is_file() else _coding_file(ws, clip, coder),
    )  # fmt: skip
    film = (
        " A playable copy of the film went with it (its consent allows supervision)."
        if any(entry.name.startswith("films/") for entry in sent.manifest.files)
        else " The film itself stays with you: your supervisor sees which film it is, not the film."
    )
    earlier = len(my_submissions(coder)) - 1
    again = f" (your supervisor keeps the {counted(earlier, 'earlier one')} too)" if earlier else ""
    return Note(
        f"Sent: your coding of {clip}, {counted(len(coding), 'tag')}, on {_when(sent)}{again}."
        + film,
        "You can go on tagging; send again whenever you like – your supervisor sees the "
        "newest. Their feedback will appear in notebook 04.",
    )


def _coding_file(ws: Workspace, clip: str, coder: str) -> Path:
    """The coding file put in the workspace in place of a journal (as :func:`my_coding` reads)."""
    folder = ws.codings_dir / clip
    return next(p for p in (folder / f"{coder}.csv", folder / f"{coder}.jsonl") if p.is_file())


def send_record(record: MyRecord) -> Note:
    """Send the practice record (notebook 06) and, if exported, the portfolio to the
    course's exchange; a portfolio with stills only as the films' consent allows."""
    note = _not_set_up()
    if note is not None:
        return note
    coder = record.record.practitioner
    sent = [submit("record", coder=coder, path=record.path)]
    portfolio = record.workspace.exports_dir / f"{coder}-portfolio.html"
    if portfolio.is_file():  # with stills only as the films' consent allows (submit checks)
        sent.append(submit("portfolio", coder=coder, path=portfolio, workspace=record.workspace))
    what = "your practice record and your portfolio" if len(sent) == 2 else "your practice record"
    return Note(f"Sent: {what}, on {_when(sent[-1])}. Your supervisor can read them now.")


def supervisor_feedback(coder: str, clip: str | None = None) -> Note:
    """The feedback ``coder``'s supervisor returned (on ``clip``, or on everything), newest
    first: their note, their comments on moments, then the figures."""
    note = _not_set_up()
    if note is not None:
        return note
    returned = feedback_for(_check_id(coder, "coder"), clip=clip)
    if not returned:
        what = f"your coding of {clip}" if clip else "your work"
        return Note(
            f"No feedback from your supervisor on {what} yet. When they have looked at what "
            "you sent, it appears here: run this step again then."
        )
    return Note(*(paragraph for fb in returned for paragraph in _feedback_words(fb)))


def _feedback_words(feedback: Feedback) -> list[str]:
    """One feedback in paragraphs: who and when, the note, each moment, the figures."""
    about = f"your coding of {feedback.clip}" if feedback.clip else f"your {feedback.kind}"
    words = [f"Feedback from your supervisor {feedback.supervisor} on {about} ({_when(feedback)}):"]
    if feedback.note:
        words.append(feedback.note)
    if feedback.comments:
        words.append(
            "On moments of the film:\n"
            + "\n".join(
                f"- {format_time(c.time)}{f' ({c.code})' if c.code else ''}: {c.text}"
                for c in feedback.comments
            )
        )
    if feedback.figures:
        figures = [f"- {name}: {value}" for name, value in feedback.figures.items()]
        words.append("The figures:\n" + "\n".join(figures))
    return words


# ---------------------------------------------------------------- supervisors
def load_group(
    folder: str | Path,
    *,
    film: str,
    reference: str,
    tolerance: float = 2.0,
    level: Level = "category",
    workspace: WorkspaceLike = None,
) -> GroupComparison:
    """Notebook 07's group: the coding files in ``folder``, or with ``"exchange"`` the
    newest coding of ``film`` each trainee submitted beside ``reference``'s own."""
    if str(folder) != EXCHANGE:
        return load_folder(
            folder, film=film, reference=reference, tolerance=tolerance, level=level,
            workspace=workspace,
        )  # fmt: skip
    ws = _workspace(workspace)
    collection = collect(supervisor=reference, clip=film)
    for problem in collection.problems:
        print(problem)
    mine = my_coding(reference, film, ws)
    if len(mine) == 0:
        raise VigkitError(
            f"you ({reference}) have not coded {film} yet: code it in notebook 03 or 05 with "
            f"CODER = {reference!r}, then run this step again"
        )
    folder_path = ws.root / COLLECTED / film
    folder_path.mkdir(parents=True, exist_ok=True)
    for old in folder_path.glob("*.csv"):
        old.unlink()
    for coder, coding in [(reference, mine), *collection.codings(film)]:
        coding.to_csv(folder_path / f"{coder}.csv")
    return load_folder(
        folder_path, film=film, reference=reference, tolerance=tolerance, level=level,
        workspace=ws,
    )  # fmt: skip


def send_feedback(
    group: GroupComparison,
    trainee: str,
    *,
    film: str,
    note: str,
    comments: Sequence[tuple[str, str]] = (),
) -> Note:
    """Return feedback on ``trainee``'s newest submitted coding of ``film``: ``note`` in
    your words, ``comments`` per moment (``[("0:42", "...")]``) and the comparison figures."""
    not_set_up = _not_set_up()
    if not_set_up is not None:
        return not_set_up
    if not note.strip() and not comments:
        return Note(
            f"Nothing sent yet: write your note to {trainee} in NOTE at the top (and any "
            "comments on moments in COMMENTS), then run this step again."
        )
    if group.reference is None:
        raise VigkitError("load the group with your pseudonym as REFERENCE first (Step 1)")
    collection = collect(supervisor=group.reference, clip=film)
    submission = collection.latest.get(trainee)
    if submission is None:
        raise VigkitError(
            f"{trainee} has not sent a coding of {film} through the course's exchange; the "
            f"trainees who have: {', '.join(sorted(collection.latest)) or 'nobody yet'}"
        )
    comparison = trainee_comparison(group, trainee)
    summary = comparison.summary()
    kappa = float(summary["alignment_kappa"])
    figures: dict[str, str] = {
        "your supervisor's moments you found": f"{summary['matched']} of "
        f"{summary['reference_events']}",
        "alignment kappa (agreement beyond chance, 1 at most)": f"{kappa:.2f}"
        if math.isfinite(kappa)
        else "too few moments to work it out",
    }
    moment_comments = [MomentComment(time=_moment_time(when), text=text) for when, text in comments]
    returned = return_feedback(
        submission, supervisor=group.reference, note=note, comments=moment_comments, figures=figures
    )
    return Note(
        f"Sent to {trainee}: your note, {counted(len(moment_comments), 'comment')} on moments "
        f"and the figures, on {_when(returned)}. {trainee} sees them in notebook 04."
    )


def _moment_time(when: str) -> float:
    """A comment's moment, "0:42" or "42", in seconds, with the setting named if wrong."""
    try:
        return parse_time(when)
    except ValueError as err:
        raise VigkitError(f"COMMENTS: {when!r} is not a time of the film ({err})") from None
