"""Notebook 04, compare with your supervisor: your coding and your supervisor's
(:func:`my_coding`, :func:`supervisor_coding`), :func:`compare_with_supervisor`, and the
steps that show and keep what it found: :func:`timeline`, :func:`replay`,
:func:`confusion`, :func:`statistics` and :func:`save_comparison`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError
from ..core.wording import counted
from ..media.films import clip_film
from ..views.figures import Picture
from .note import TAG_STEP, Note, WorkspaceLike, _check_id, _shown, _workspace

if TYPE_CHECKING:
    from ..agreement import Comparison
    from ..practice.exercises import Exercise, ExerciseResult
    from ..views import CompareView

__all__ = [
    "SupervisorCheck",
    "compare_with_supervisor",
    "confusion",
    "my_coding",
    "replay",
    "save_comparison",
    "statistics",
    "supervisor_coding",
    "timeline",
]


# ---------------------------------------------------------------- 04: codings
def my_coding(coder: str, clip: str, workspace: WorkspaceLike = None) -> Coding:
    """``coder``'s tags of ``clip`` in the workspace: the tagging journal, else a coding
    file ``codings/CLIP/CODER.csv`` (or ``.jsonl``) put there; an empty coding if there
    is neither (nobody has tagged yet), so a notebook can say so instead of failing."""
    ws = _workspace(workspace)
    journal = ws.journal_path(_check_id(clip, "clip"), _check_id(coder, "coder"))
    if journal.is_file():
        coding = ws.coding(clip, coder)
    else:
        files = [ws.codings_dir / clip / f"{coder}{suffix}" for suffix in (".csv", ".jsonl")]
        found = next((path for path in files if path.is_file()), None)
        if found is None:
            return Coding()
        coding = Coding.read(found)
    return coding.filter(clip=clip, coder=coder)


def _find_file(path: str | Path, workspace: Workspace) -> Path:
    """``path`` as given (from the notebook's folder), else inside the workspace."""
    given = Path(path).expanduser()
    candidates = [given] if given.is_absolute() else [given, workspace.root / given]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise VigkitError(
        f"there is no file '{path}' (looked in this notebook's folder and in your workspace, "
        f"{workspace.root}); put the file your supervisor gave you in your workspace and set "
        "SUPERVISOR_FILE to its name"
    )


def supervisor_coding(
    path: str | Path,
    *,
    clip: str,
    supervisor: str | None = None,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    workspace: WorkspaceLike = None,
) -> Coding:
    """Your supervisor's tags of ``clip`` from the file they gave you: a coding CSV or JSON
    Lines file, an Excel workbook, an ELAN (``.eaf``) or BORIS file or WebVTT captions.

    ``supervisor`` picks their tags from a file holding several people's (else the one
    coder, or the one with the role ``supervisor``); it also names them for BORIS and
    WebVTT files, which do not say who coded. A relative path is looked for from the
    notebook's folder, then in the workspace."""
    from ..formats.dispatch import format_of, read_coding_file

    ws = _workspace(workspace)
    found = _find_file(path, ws)
    fmt = format_of(found)
    options: dict[str, object] = {}
    if fmt in ("elan", "boris", "webvtt"):
        options.update(clip=clip, role="supervisor")
    if fmt in ("boris", "webvtt"):
        options["coder"] = _check_id(supervisor, "coder") if supervisor else "supervisor"
    coding = read_coding_file(found, load_scheme(scheme), **options)
    coders = coding.coders
    if supervisor is not None:
        if supervisor not in coders:
            raise VigkitError(
                f"{found.name} has no tags by '{supervisor}'; it has tags by "
                f"{', '.join(coders) or 'nobody'}: set SUPERVISOR to one of them"
            )
        coding = coding.filter(coder=supervisor)
    elif len(coders) > 1:
        events = coding.events
        named = sorted(set(events.loc[events["role"] == "supervisor", "coder"]))
        if len(named) != 1:
            raise VigkitError(
                f"{found.name} holds the tags of {len(coders)} people ({', '.join(coders)}): "
                "set SUPERVISOR to your supervisor's pseudonym"
            )
        coding = coding.filter(coder=named[0])
    if coding.clips and clip not in coding.clips:
        raise VigkitError(
            f"{found.name} is about {'clip' if len(coding.clips) == 1 else 'clips'} "
            f"{', '.join(coding.clips)}, not '{clip}': check that it is your supervisor's "
            "coding of the film you tagged"
        )
    return coding.filter(clip=clip)


def _saved_reference(clip: str, workspace: Workspace) -> Coding | None:
    """A supervisor's coding of ``clip`` kept in the workspace by :func:`save_comparison`,
    else the practice film's reference coding of that name."""
    from ..core.coursedir import practice_dir

    paths = sorted((workspace.codings_dir / clip).glob("*.reference.csv"))
    with contextlib.suppress(VigkitError):  # no course here: only the workspace counts
        paths.append(practice_dir() / f"{clip}.reference.csv")
    found = next((path for path in paths if path.is_file()), None)
    return Coding.read(found) if found is not None else None


def _only(coding: Coding, categories: Sequence[str]) -> Coding:
    """The events of ``categories`` (principles) only."""
    if not len(coding):
        return coding
    frame = coding.events
    keep = [coding.scheme.rollup(code) in categories for code in frame["code"]]
    return coding if all(keep) else Coding(frame[keep], coding.scheme, duration=coding.duration)


@dataclass(frozen=True, repr=False)
class SupervisorCheck:
    """Your coding of a film beside your supervisor's, compared when you have tagged it.

    ``comparison`` (and, for an exercise's reference coding, ``result``) is ``None``
    while you have no tags: the steps then say where to tag the film first.
    """

    coder: str
    clip: str
    mine: Coding
    supervisor: Coding
    supervisor_name: str
    source: str
    comparison: Comparison | None
    result: ExerciseResult | None
    exercise: Exercise | None
    film: Path | None
    workspace: Workspace
    supervisor_file: Path | None
    where_to_tag: str

    @property
    def tagged(self) -> bool:
        """Whether you have tags to compare."""
        return self.comparison is not None

    def not_yet(self, nothing: str) -> Note:
        """What a step says while you have no tags: ``nothing`` ("No time line yet") and
        where to tag the film."""
        return Note(
            f"{nothing}: you have not tagged {self.clip} as {self.coder} yet. "
            f"{self.where_to_tag}, then run this notebook again from the top."
        )

    def feedback(self) -> Note:
        """Strengths first, then the moments to look at again (the exercise's words when
        the supervisor's coding is an exercise's reference)."""
        if self.comparison is None:
            return self.not_yet("Nothing to compare yet")
        feedback = self.result.feedback() if self.result else self.comparison.feedback()
        return Note(*feedback.paragraphs)

    def summary(self) -> Note:
        """Whose tags are compared, and the feedback (or where to tag first)."""
        by = "" if self.exercise and not self.supervisor_file else f" by {self.supervisor_name}"
        theirs = (
            f"Your supervisor's coding: {counted(len(self.supervisor), 'tag')}{by} ({self.source})."
        )
        if self.comparison is None:
            return Note(
                f"You have not tagged {self.clip} as {self.coder} yet, so there is nothing of "
                f"yours to compare – that is fine. {self.where_to_tag}, then come back and "
                "run this notebook again from the top.",
                theirs,
                "Until then, the steps below will simply remind you of this.",
            )
        mine = f"Your coding: {counted(len(self.mine), 'tag')} of {self.clip} by {self.coder}."
        return Note(mine, theirs, *self.feedback().paragraphs)

    def __repr__(self) -> str:
        return self.summary().text

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()


def _where_to_tag(exercise: Exercise | None, scheme: Scheme) -> str:
    if exercise is None:
        return f"Tag it in notebook 05 (My own film), step {TAG_STEP}"
    if len(exercise.categories) == len(scheme.categories):
        return "Tag it in notebook 03 (Code a film)"
    return f"Tag it in notebook 02 (Spot initiatives), with the exercise '{exercise.id}'"


def compare_with_supervisor(
    coder: str,
    *,
    exercise: str | None = None,
    clip: str | None = None,
    supervisor_file: str | Path | None = None,
    supervisor: str | None = None,
    workspace: WorkspaceLike = None,
    level: Literal["category", "behaviour"] | None = None,
    tolerance: float | None = None,
) -> SupervisorCheck:
    """``coder``'s tags of a film compared with a supervisor's.

    The film is ``clip`` (one you tagged), else the ``exercise``'s practice film. The
    supervisor's coding is ``supervisor_file`` (see :func:`supervisor_coding`), else the
    exercise's reference coding, else one kept in the workspace or the practice film's.
    With an exercise, only its principles are compared, at its level and tolerance
    (``level`` and ``tolerance`` choose otherwise; default category level, 2 s).
    """
    from ..agreement import compare
    from ..practice import exercises

    ws = _workspace(workspace)
    chosen = exercises.load(exercise) if exercise is not None and clip is None else None
    if chosen is None and clip is None:
        raise VigkitError(
            "choose the film to compare: set EXERCISE to an exercise (e.g. 'code-all-six') "
            "or CLIP to the name of a film you tagged"
        )
    clip_id = _check_id(clip, "clip") if clip is not None else chosen.film if chosen else ""
    mine = my_coding(coder, clip_id, ws)
    file_path: Path | None = None
    if supervisor_file is not None:
        file_path = _find_file(supervisor_file, ws)
        theirs = supervisor_coding(
            file_path, clip=clip_id, supervisor=supervisor, scheme=mine.scheme, workspace=ws
        )
        source = f"from {file_path.name}"
    elif chosen is not None:
        theirs = chosen.reference()
        source = f"the reference coding of the exercise '{chosen.id}'"
    else:
        found = _saved_reference(clip_id, ws)
        if found is None:
            raise VigkitError(
                f"there is no supervisor's coding of {clip_id} yet: set SUPERVISOR_FILE to "
                "the file your supervisor gave you"
            )
        theirs = found.filter(clip=clip_id)
        source = "kept in your workspace"
    if chosen is not None:
        mine_compared = _only(mine, chosen.categories)
        theirs = _only(theirs, chosen.categories)
    else:
        mine_compared = mine
    comparison: Comparison | None = None
    result: ExerciseResult | None = None
    if len(mine):
        if chosen is not None and supervisor_file is None and level is None and tolerance is None:
            result = chosen.check(mine)
            comparison = result.comparison
        else:
            comparison = compare(
                mine_compared,
                theirs,
                tolerance=tolerance if tolerance is not None else _tolerance(chosen),
                level=level or (chosen.level if chosen is not None else "category"),
            )
    return SupervisorCheck(
        coder=coder,
        clip=clip_id,
        mine=mine,
        supervisor=theirs,
        supervisor_name=(theirs.coders or (supervisor or "supervisor",))[0],
        source=source,
        comparison=comparison,
        result=result,
        exercise=chosen,
        film=chosen.video if chosen is not None else clip_film(clip_id, ws),
        workspace=ws,
        supervisor_file=file_path,
        where_to_tag=_where_to_tag(chosen, mine.scheme),
    )


def _tolerance(exercise: Exercise | None) -> float:
    return exercise.tolerance if exercise is not None else 2.0


# ---------------------------------------------------------------- 04: seeing and keeping
def timeline(check: SupervisorCheck) -> Picture | Note:
    """The time line of both codings (shapes for matched, missed and extra moments)."""
    if check.comparison is None:
        return check.not_yet("No time line yet")
    from ..views.marks import timeline as timeline_data
    from ..views.timeline import timeline_figure

    drawn = timeline_data(check.comparison)
    return Picture(timeline_figure(check.comparison), f"{drawn.title}: {drawn.subtitle}.")


def replay(check: SupervisorCheck, padding: float = 2.0) -> CompareView | Note:
    """The film with both codings' marks under it: click one to replay that moment."""
    if check.comparison is None:
        return check.not_yet("Nothing to replay yet")
    if check.film is None:
        return Note(
            f"The kit does not know which film {check.clip} is, so it cannot replay it here. "
            f"Open it with the Tagger in notebook 05 (step {TAG_STEP}), which remembers the "
            "film, then run this notebook again."
        )
    from ..views.compareview import CompareView

    shown = check.result if check.result is not None else check.comparison
    return CompareView(shown, check.film, padding=padding, workspace=check.workspace)


def confusion(check: SupervisorCheck) -> Picture | Note:
    """Which principle each of you named for the same moments, as a table of counts."""
    if check.comparison is None:
        return check.not_yet("No table of principles yet")
    from ..views.confusion import confusion_figure

    return Picture(
        confusion_figure(check.comparison),
        f"How often {check.coder} and {check.supervisor_name} gave each pair of principles "
        f"to the same moment of {check.clip}.",
    )


def statistics(check: SupervisorCheck) -> Note:
    """The feedback with the agreement statistics, each explained in a line (for the
    portfolio and supervision)."""
    if check.comparison is None:
        return check.not_yet("No statistics yet")
    return Note(*check.comparison.feedback(detail="supervisor").paragraphs)


def save_comparison(check: SupervisorCheck) -> Note:
    """Save the time line and the table of principles (PNG), the statistics (text) and
    an Excel summary into the workspace's ``exports``; keep a copy of a supervisor's file
    as ``codings/CLIP/SUPERVISOR.reference.csv`` so the portfolio can compare too."""
    if check.comparison is None:
        return check.not_yet("Nothing saved yet")
    from ..formats.spreadsheet import write_xlsx
    from ..views.confusion import confusion_figure
    from ..views.figures import save_figure
    from ..views.timeline import timeline_figure

    ws, comparison = check.workspace, check.comparison
    base = ws.exports_dir / f"{check.clip}__{check.coder}-vs-{check.supervisor_name}"
    saved = [
        save_figure(timeline_figure(comparison), f"{base}-timeline.png"),
        save_figure(confusion_figure(comparison), f"{base}-principles.png"),
        write_xlsx(comparison, f"{base}.xlsx"),
    ]
    statistics_file = Path(f"{base}-statistics.txt")
    atomic_write_text(statistics_file, statistics(check).text + "\n")
    saved.append(statistics_file)
    lines = [f"- `{_shown(path, ws)}`" for path in saved]
    kept = ""
    if check.supervisor_file is not None:
        folder = ws.codings_dir / check.clip
        folder.mkdir(parents=True, exist_ok=True)
        copy = check.supervisor.to_csv(folder / f"{check.supervisor_name}.reference.csv")
        kept = (
            f"A copy of {check.supervisor_name}'s coding is kept as `{_shown(copy, ws)}`, so "
            "your portfolio (notebook 06) shows how your codings compare in the cycle about "
            "this film."
        )
    return Note(
        "Saved in your workspace, ready for your portfolio and supervision:\n" + "\n".join(lines),
        kept,
        "They hold tags and figures only – no pictures from the film.",
    )
