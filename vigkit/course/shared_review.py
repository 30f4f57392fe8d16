"""Notebook 09, my shared review: the film of a shared review (guider and client watching
clips together) is found and kept as a ``shared-review`` clip (:func:`my_review`), tagged
with the shared-review scheme (:func:`tag_review`, :func:`review_tags`), compared with the
supervisor's coding of the same review by the same engine as notebook 04
(:func:`compare_review`), and reflected on (:func:`review_questions`). The steps in between
(consent, the player, the time line, replay, statistics, saving) are notebook 04's and 05's
own. The film is never changed.

For supervisors (notebook 07's shared-review section): a trainee's coding of their review
and yours are loaded as a group (:func:`vigkit.course.load_group`); :func:`review_feedback`
is what the trainee reads, strengths first, with the figures, and :func:`replay_review` the
film of the review with both codings under it, if the trainee shared the film.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..coding.events import clip_name
from ..coding.scheme import load_scheme
from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.wording import counted
from ..privacy.identity import is_practice_film
from .compare import SupervisorCheck, _find_file, _saved_reference, my_coding, supervisor_coding
from .note import Note, WorkspaceLike, _check_id, _workspace
from .own_film import Film, _find_film

if TYPE_CHECKING:
    from ..agreement.comparison import Comparison
    from ..agreement.group import GroupComparison
    from ..views import CompareView
    from ..widgets import Tagger

#: The built-in scheme a shared review is tagged with (the guider's attuned guidance).
REVIEW_SCHEME = "shared-review"
#: Who is tagged in a shared review.
REVIEW_SUBJECTS = ("guider", "client")
#: The step of notebook 09 where the review is tagged (its notes point back to it).
REVIEW_TAG_STEP = 6
#: The prompts for looking at your own shared review (``vigkit/reflection/prompt_sets``).
REVIEW_PROMPTS = "trainee-self-assessment"

__all__ = [
    "REVIEW_SCHEME",
    "REVIEW_TAG_STEP",
    "compare_review",
    "my_review",
    "replay_review",
    "review_feedback",
    "review_questions",
    "review_tags",
    "tag_review",
]


def _review_clip(path: Path, clip: str | None) -> str:
    """The review's name in your work: ``clip``, else from the film's name; a practice
    film standing in for a review gets ``-shared-review`` added, as its own name is
    already that of an interaction film (its exercises)."""
    if clip is not None:
        return _check_id(clip, "clip")
    name = clip_name(path)
    return f"{name}-shared-review" if is_practice_film(path) else name


def _register(workspace: Workspace, clip: str, path: Path, duration: float) -> None:
    """Keep ``clip`` as the shared-review film ``path``, refusing a name already used for
    another film, or for this film tagged as an interaction film."""
    record = workspace.clip(clip)
    known = Path(record.source) if record.source else None
    if known is not None and known.exists() and not known.samefile(path):
        raise VigkitError(
            f"the name '{clip}' in your work is another film ({known.name}), not {path.name}: "
            f'give this review its own name in CLIP, e.g. CLIP = "{clip}-review"'
        )
    if record.kind != "shared-review" and workspace.codings(clip):
        raise VigkitError(
            f"you have tagged {clip} as a film of an interaction (notebook 05); a shared review "
            f'is tagged differently, so give it its own name in CLIP, e.g. CLIP = "{clip}-review"'
        )
    workspace.register_clip(clip, path, record.duration or duration, kind="shared-review")


def my_review(film: str | Path, clip: str | None = None, workspace: WorkspaceLike = None) -> Film:
    """The film of your shared review, ``film`` (a path from the notebook's folder, or a
    name in your films folder), with its facts, kept in your workspace as a shared-review
    clip named ``clip`` (default: from the film's name)."""
    from ..media.probe import probe

    ws = _workspace(workspace)
    path = Path(os.path.abspath(_find_film(film, ws)))
    name = _review_clip(path, clip)
    info = probe(path)
    _register(ws, name, path, info.duration)
    return Film(path, name, info)


def tag_review(review: Film, coder: str, workspace: WorkspaceLike = None) -> Tagger:
    """The Tagger for ``review`` with the shared-review scheme: the guider's and the
    client's part (number keys 1–4 for the principles of guidance in the review)."""
    from ..widgets.tagger import Tagger

    ws = _workspace(workspace)
    if ws.clip(review.clip).kind != "shared-review":
        _register(ws, review.clip, review.path, review.info.duration)
    return Tagger(
        review.path,
        REVIEW_SCHEME,
        coder=_check_id(coder, "coder"),
        clip=review.clip,
        subjects=REVIEW_SUBJECTS,
        workspace=ws,
    )


def _review_coding(coder: str, clip: str, workspace: Workspace) -> Coding:
    """``coder``'s tags of the review ``clip``, refused if tagged with another scheme."""
    coding = my_coding(coder, clip, workspace)
    if len(coding) and coding.scheme.id != REVIEW_SCHEME:
        raise VigkitError(
            f"your tags of {clip} use the scheme '{coding.scheme.id}', not the shared-review "
            f"scheme: tag the review in step {REVIEW_TAG_STEP} of this notebook, under a name "
            "of its own (set CLIP)"
        )
    return coding


def review_tags(review: Film, coder: str, workspace: WorkspaceLike = None) -> Note:
    """How many moments of the review ``coder`` has tagged, principle by principle."""
    coding = _review_coding(coder, review.clip, _workspace(workspace))
    if not len(coding):
        return Note(
            f"You have not tagged any moments of your review yet – go back to step "
            f"{REVIEW_TAG_STEP}, play the film and press a principle's number key (or click "
            "it) each time you see yourself use it. Then come back here and carry on."
        )
    scheme = coding.scheme
    counts: dict[str, int] = {}
    for code in coding.events["code"]:
        category = scheme.rollup(str(code))
        counts[category] = counts.get(category, 0) + 1
    lines = [f"- {c.label}: {counts[c.id]}" for c in scheme.categories if c.id in counts]
    return Note(
        f"You have tagged {counted(len(coding), 'moment')} of your review {review.clip}:\n"
        + "\n".join(lines),
        "Next, compare them with your supervisor's coding of the same review.",
    )


def compare_review(
    coder: str,
    review: Film,
    *,
    supervisor_file: str | Path | None = None,
    supervisor: str | None = None,
    tolerance: float = 2.0,
    level: Literal["category", "behaviour"] = "category",
    workspace: WorkspaceLike = None,
) -> SupervisorCheck:
    """``coder``'s tags of ``review`` beside their supervisor's coding of the same review:
    ``supervisor_file`` (any file notebook 04 reads, coded with the shared-review scheme),
    else one kept in the workspace by an earlier comparison. Compared by the same engine
    as notebook 04 (:func:`vigkit.agreement.compare`), within ``tolerance`` seconds."""
    from ..agreement import compare

    ws = _workspace(workspace)
    mine = _review_coding(_check_id(coder, "coder"), review.clip, ws)
    file_path: Path | None = None
    if supervisor_file is not None:
        file_path = _find_file(supervisor_file, ws)
        theirs = supervisor_coding(
            file_path, clip=review.clip, supervisor=supervisor, scheme=REVIEW_SCHEME, workspace=ws
        )
        source = f"from {file_path.name}"
    else:
        found = _saved_reference(review.clip, ws)
        if found is None:
            raise VigkitError(
                f"there is no supervisor's coding of your review {review.clip} yet: set "
                "SUPERVISOR_FILE to the file your supervisor gave you"
            )
        theirs = found.filter(clip=review.clip)
        source = "kept in your workspace"
    if theirs.scheme.id != REVIEW_SCHEME:
        raise VigkitError(
            f"your supervisor's coding of {review.clip} ({source}) uses the scheme "
            f"'{theirs.scheme.id}': a shared review is compared on the shared-review scheme, "
            "so ask them for their coding of the review with it"
        )
    comparison = compare(mine, theirs, tolerance=tolerance, level=level) if len(mine) else None
    return SupervisorCheck(
        coder=coder,
        clip=review.clip,
        mine=mine if len(mine) else Coding(scheme=load_scheme(REVIEW_SCHEME)),
        supervisor=theirs,
        supervisor_name=(theirs.coders or (supervisor or "supervisor",))[0],
        source=source,
        comparison=comparison,
        result=None,
        exercise=None,
        film=review.path,
        workspace=ws,
        supervisor_file=file_path,
        where_to_tag=f"Tag it in step {REVIEW_TAG_STEP} of this notebook (My shared review)",
    )


def review_questions() -> Note:
    """Questions for looking back at your own shared review, strengths first (the
    built-in ``trainee-self-assessment`` prompts), to answer in notebook 06 or take to
    supervision."""
    from ..reflection.prompts import load_prompts

    prompts = load_prompts(REVIEW_PROMPTS)
    lines = [
        f"- {prompt.text} {' '.join(prompt.help.split())}".rstrip() for prompt in prompts.prompts
    ]
    return Note(
        "Questions to look back on your shared review with, starting with what went well:\n"
        + "\n".join(lines),
        "Keep your answers with your practice record (notebook 06), and take them to "
        "supervision with the moments you and your supervisor saw differently.",
    )


# ---------------------------------------------------------------- 07: for supervisors
def _trainee_review(group: GroupComparison, trainee: str) -> Comparison:
    """``trainee``'s coding of their review compared with yours, refused unless both use
    the shared-review scheme (a review coded with another scheme is not a review's coding)."""
    from ..supervision import trainee_comparison

    comparison = trainee_comparison(group, _check_id(trainee, "coder"))
    if comparison.scheme.id != REVIEW_SCHEME:
        raise VigkitError(
            f"the codings of {comparison.clip} use the scheme '{comparison.scheme.id}': a "
            "shared review is coded with the shared-review scheme (notebook 09); set "
            "REVIEW_FOLDER to the folder of the codings of a review"
        )
    return comparison


def _review_film(film: str | Path, workspace: Workspace) -> Path:
    """The film of a trainee's review: as given (from the notebook's folder), else in the
    workspace."""
    given = Path(film).expanduser()
    for candidate in [given] if given.is_absolute() else [given, workspace.root / given]:
        if candidate.is_file():
            return candidate
    raise VigkitError(
        f"there is no film '{film}' (looked in this notebook's folder and in your workspace, "
        f"{workspace.root}): put the film of the review there and set REVIEW_FILM to its "
        "name, or set REVIEW_FILM = None to look at the codings only"
    )


def review_feedback(group: GroupComparison, trainee: str) -> Note:
    """``trainee``'s coding of their shared review beside yours: the feedback as they read
    it (strengths first), then the figures, each explained in a line."""
    comparison = _trainee_review(group, trainee)
    return Note(
        f"{trainee}'s coding of their shared review {comparison.clip}, beside yours "
        f"({group.reference}). What {trainee} reads, strengths first:",
        *comparison.feedback(detail="supervisor").paragraphs,
    )


def replay_review(
    group: GroupComparison,
    trainee: str,
    film: str | Path | None = None,
    workspace: WorkspaceLike = None,
) -> CompareView | Note:
    """The film of ``trainee``'s shared review (``film``, if they shared it with you) with
    their tags and yours under it and the feedback beside it; the film's consent must
    allow ``supervision``. Without a film, a note that the codings are all there is."""
    comparison = _trainee_review(group, trainee)
    if film is None:
        return Note(
            f"{trainee} kept the film of the review, so there is nothing to replay – the "
            "feedback above is all there is, and that is fine. If they share the film with "
            "you, put it in your workspace and set REVIEW_FILM to its name."
        )
    from ..privacy.gate import check_use
    from ..views.compareview import CompareView

    ws = _workspace(workspace)
    path = Path(os.path.abspath(_review_film(film, ws)))
    check_use(
        path, "supervision", action=f"showing {trainee}'s shared review in supervision",
        workspace=ws,
    )  # fmt: skip
    return CompareView(comparison, path, workspace=ws)
