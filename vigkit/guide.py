"""The workbook's conveniences for the guided course's notebooks 04–06.

Each function here is one step of a notebook, so that a cell stays one call with no logic
in it (docs/notebooks.md):

- **04, compare with your supervisor**: :func:`compare_with_supervisor` loads your coding
  of a film and your supervisor's (a file they gave you, or an exercise's reference
  coding); :func:`timeline`, :func:`replay`, :func:`confusion`, :func:`statistics` and
  :func:`save_comparison` show and keep what it found.
- **05, your own film**: :func:`films_folder`, :func:`my_film` (the film in plain words),
  :func:`my_tags`, :func:`pick_moments`, :func:`moment_stills`, :func:`review_reel` and
  :func:`watch_reel`.
- **06, reflect and track**: :func:`my_record`, :func:`add_target`, :func:`targets_chart`
  and :func:`export_portfolio`.

A step that needs something the user has not made yet (tags, chosen moments, targets)
returns a :class:`Note` saying kindly what to do first, and writes nothing. Films are
never changed: stills, reels, figures and portfolios go into the workspace.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .atomic import atomic_write_text
from .coding import Coding
from .errors import VigkitError
from .events import check_name
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .timecode import format_time
from .views.figures import Picture
from .workspace import Workspace

if TYPE_CHECKING:
    from .agreement import Comparison
    from .exercises import Exercise, ExerciseResult
    from .media.probe import MediaInfo
    from .reflection import MomentPicker, PracticeRecord, SelectedMoment
    from .views import CompareView
    from .widgets import Player

WorkspaceLike = Workspace | str | Path | None

#: The steps of notebook 05 that its notes point back to (tests check the notebook agrees).
TAG_STEP = 5
CHOOSE_STEP = 7
#: The step of notebook 06 where a target is added.
TARGET_STEP = 4
#: Where people put their own films: this folder inside the workspace.
FILMS_FOLDER = "films"
#: The most cycles a record is given here (AVIGuk's stage 3 has twelve supervised cycles).
MAX_CYCLES = 24
#: File endings taken for films when listing the films folder.
FILM_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".mts", ".3gp")
KIND_NAMES = {
    "verp": "VERP (Video Enhanced Reflective Practice)",
    "vig-trainee": "VIG, as a guider in training",
    "vig-client": "VIG (Video Interaction Guidance)",
}

__all__ = [
    "CHOOSE_STEP",
    "FILMS_FOLDER",
    "TAG_STEP",
    "TARGET_STEP",
    "Film",
    "MyRecord",
    "Note",
    "SupervisorCheck",
    "add_target",
    "compare_with_supervisor",
    "confusion",
    "export_portfolio",
    "films_folder",
    "moment_stills",
    "my_coding",
    "my_film",
    "my_record",
    "my_tags",
    "pick_moments",
    "reel_path",
    "replay",
    "review_reel",
    "save_comparison",
    "statistics",
    "supervisor_coding",
    "targets_chart",
    "timeline",
    "watch_reel",
]


# ---------------------------------------------------------------- what a step shows
class Note:
    """A few plain sentences a step shows: what it did, or kindly why it did nothing yet.

    A paragraph whose lines after the first start with ``- `` is shown as a list, and
    text between backticks as a file name (in HTML; the text, ``str`` and ``repr``,
    leaves the backticks out), so a printed note reads as plain sentences.
    """

    def __init__(self, *paragraphs: str) -> None:
        self.paragraphs = tuple(p for p in paragraphs if p)

    @property
    def text(self) -> str:
        """Every paragraph, separated by blank lines."""
        return "\n\n".join(self.paragraphs).replace("`", "")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and other.paragraphs == self.paragraphs

    __hash__ = None  # type: ignore[assignment]

    def _repr_html_(self) -> str:
        parts = []
        for paragraph in self.paragraphs:
            lines = paragraph.split("\n")
            items = lines[1:]
            if items and all(line.startswith("- ") for line in items):
                listed = "".join(f"<li>{_inline(line[2:])}</li>" for line in items)
                parts.append(f"<p>{_inline(lines[0])}</p><ul>{listed}</ul>")
            else:
                parts.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
        return (
            '<div class="vigkit-note" style="border-left:4px solid #0072B2;'
            'padding:0.1em 0.9em;margin:0.4em 0">' + "".join(parts) + "</div>"
        )


def _inline(text: str) -> str:
    """Escaped text with `file names` in code style."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _workspace(where: WorkspaceLike) -> Workspace:
    return where if isinstance(where, Workspace) else Workspace(where)


def _shown(path: Path, workspace: Workspace) -> str:
    """A path inside the workspace as people see it there (``exports/x.png``)."""
    try:
        return path.relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _done(number: int, noun: str, verb: str) -> str:
    """``2 moments chosen``, or ``no moments chosen yet``."""
    return f"{_count(number, noun)} {verb}" if number else f"no {noun}s {verb} yet"


def _check_id(value: str, what: str) -> str:
    text, reason = check_name(value, what)
    if reason:
        raise VigkitError(reason)
    return text


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
    from .formats.dispatch import format_of, read_coding_file

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
    from .course import practice_dir

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


def _film_of(clip: str, workspace: Workspace) -> Path | None:
    """The film of ``clip``: the one the workspace registered (by tagging), else the
    practice film of that name."""
    from .course import practice_dir

    source = workspace.clip(clip).source
    if source and Path(source).is_file():
        return Path(source)
    try:
        practice = practice_dir() / f"{clip}.mp4"
    except VigkitError:
        return None
    return practice if practice.is_file() else None


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
            f"Your supervisor's coding: {_count(len(self.supervisor), 'tag')}{by} ({self.source})."
        )
        if self.comparison is None:
            return Note(
                f"You have not tagged {self.clip} as {self.coder} yet, so there is nothing of "
                f"yours to compare – that is fine. {self.where_to_tag}, then come back and "
                "run this notebook again from the top.",
                theirs,
                "Until then, the steps below will simply remind you of this.",
            )
        mine = f"Your coding: {_count(len(self.mine), 'tag')} of {self.clip} by {self.coder}."
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
    from . import exercises
    from .agreement import compare

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
        film=chosen.video if chosen is not None else _film_of(clip_id, ws),
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
    from .views.marks import timeline as timeline_data
    from .views.timeline import timeline_figure

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
    from .views.compareview import CompareView

    shown = check.result if check.result is not None else check.comparison
    return CompareView(shown, check.film, padding=padding, workspace=check.workspace)


def confusion(check: SupervisorCheck) -> Picture | Note:
    """Which principle each of you named for the same moments, as a table of counts."""
    if check.comparison is None:
        return check.not_yet("No table of principles yet")
    from .views.confusion import confusion_figure

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
    from .formats.spreadsheet import write_xlsx
    from .views.confusion import confusion_figure
    from .views.figures import save_figure
    from .views.timeline import timeline_figure

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


# ---------------------------------------------------------------- 05: your film
def films_folder(workspace: WorkspaceLike = None) -> Note:
    """Where to put your own films (``WORKSPACE/films``, made if needed), what is there,
    and how to choose one."""
    from .serving import server_root

    ws = _workspace(workspace)
    folder = ws.root / FILMS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    root = server_root(folder)
    try:
        shown = Path(os.path.abspath(folder)).relative_to(Path(os.path.abspath(root)))
        where = f"`{shown.as_posix()}` (in the file browser on the left)"
        servable = True
    except ValueError:
        where, servable = f"`{folder}`", False
    films = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in FILM_SUFFIXES)
    paragraphs = [
        f"Put your own films in your films folder: {where}. Drag a film onto that folder, "
        "or open it and use the Upload button (↑). Then set FILM to the film's name in "
        'your settings at the top (for example FILM = "home-play.mp4") and run the '
        "notebook again from the top.",
        f"Films in it now: {', '.join(films)}." if films else "It has no films in it yet.",
        "Your films stay on this computer, and the kit never changes them: playable "
        "copies, stills and reels go into your workspace.",
    ]
    if not servable:
        paragraphs.append(
            f"This folder is outside the folder JupyterLab was started in ({root}), so films "
            "in it cannot play here: start JupyterLab with 'make lab', which keeps your "
            "workspace inside it."
        )
    return Note(*paragraphs)


@dataclass(frozen=True, repr=False)
class Film:
    """A film you chose: where it is, its short name (``clip``) in your work, and what
    the media engine found out about it."""

    path: Path
    clip: str
    info: MediaInfo

    def describe(self) -> Note:
        """The film in plain words: length, picture, sound, size, and whether the browser
        plays it as it is."""
        info = self.info
        shape = "portrait" if info.portrait else "landscape"
        if info.rotation:
            shape += ", shown upright (the camera was turned)"
        facts = [
            f"- Length: {format_time(info.duration, 0)}",
            f"- Picture: {info.width} × {info.height} pixels, {shape}, "
            f"{info.fps:g} frames a second",
            f"- Sound: {'yes' if info.has_audio else 'none'}",
            f"- File size: {_size(info.size_bytes)}",
        ]
        if info.browser_playable:
            plays = "Your browser can play it as it is."
        else:
            plays = (
                f"Browsers cannot play it as it is ({info.video_codec.upper()} video in a "
                f"{self.path.suffix or 'plain'} file, as many phones record) – that is fine: "
                "the player in the next step offers a Make a playable copy button. The copy "
                "goes into your workspace; your film is not changed."
            )
        return Note(
            f"Your film {self.path.name} (called {self.clip} in your work):\n" + "\n".join(facts),
            plays,
        )

    def __repr__(self) -> str:
        return self.describe().text

    def _repr_html_(self) -> str:
        return self.describe()._repr_html_()


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    if size < 1_000_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1_000_000_000:.1f} GB"


def _find_film(film: str | Path, workspace: Workspace) -> Path:
    """``film`` from the notebook's folder, else by name in the workspace's films folder."""
    given = Path(film).expanduser()
    folder = workspace.root / FILMS_FOLDER
    candidates = [given] if given.is_absolute() else [given, folder / given]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    there = (
        sorted(p.name for p in folder.iterdir() if p.suffix.lower() in FILM_SUFFIXES)
        if folder.is_dir()
        else []
    )
    listed = f"Films there now: {', '.join(there)}." if there else "It has no films yet."
    raise VigkitError(
        f"there is no film '{film}': put your film in your films folder ({folder}) and set "
        f'FILM to its name, e.g. FILM = "home-play.mp4". {listed}'
    )


def my_film(film: str | Path, clip: str | None = None, workspace: WorkspaceLike = None) -> Film:
    """The film ``film`` (a path from the notebook's folder, or a name in the films
    folder) with its facts; ``clip`` names it in your work (default: from its name)."""
    from .media.probe import probe
    from .widgets.tagger import clip_name

    ws = _workspace(workspace)
    path = Path(os.path.abspath(_find_film(film, ws)))
    name = _check_id(clip, "clip") if clip is not None else clip_name(path)
    return Film(path, name, probe(path))


def _no_tags() -> Note:
    return Note(
        f"You have not tagged any moments yet – go back to step {TAG_STEP}, play your film "
        "and press a principle's number key (or click the principle) each time you see it. "
        "Then come back here and carry on."
    )


def my_tags(film: Film, coder: str, workspace: WorkspaceLike = None) -> Note:
    """How many moments ``coder`` has tagged in ``film``, principle by principle."""
    coding = my_coding(coder, film.clip, workspace)
    if not len(coding):
        return _no_tags()
    scheme = coding.scheme
    counts: dict[str, int] = {}
    for code in coding.events["code"]:
        category = scheme.rollup(str(code))
        counts[category] = counts.get(category, 0) + 1
    lines = [
        f"- {category.label}: {counts[category.id]}"
        for category in scheme.categories
        if category.id in counts
    ]
    return Note(
        f"You have tagged {_count(len(coding), 'moment')} of {film.clip}:\n" + "\n".join(lines),
        f"Next, in step {CHOOSE_STEP}, choose the ones to show in your review.",
    )


def pick_moments(
    film: Film,
    coder: str,
    cycle: int = 1,
    *,
    kind: str = "verp",
    workspace: WorkspaceLike = None,
) -> MomentPicker | Note:
    """Your tags of ``film`` to tick into cycle ``cycle`` of your practice record (made
    with ``kind`` if you have none yet), each with your words for what is working.

    The cycle's film is set to this film; a cycle that already has moments of another
    film is refused (choose another cycle)."""
    from .portfolio import cycle_clip
    from .reflection import load_record, save_record, set_film
    from .reflection.forms import MomentPicker

    ws = _workspace(workspace)
    coding = my_coding(coder, film.clip, ws)
    if not len(coding):
        return _no_tags()
    handle = my_record(coder, kind, cycle=cycle, workspace=ws)
    record = load_record(handle.path)
    current = record.cycle(cycle)
    if cycle_clip(current) != film.clip:
        others = [m for m in current.moments if m.clip != film.clip]
        if others:
            raise VigkitError(
                f"cycle {cycle} of your record is about the film {cycle_clip(current)} (with "
                f"{_count(len(others), 'moment')} chosen): set CYCLE to another cycle for "
                f"{film.clip}"
            )
        save_record(set_film(record, cycle, film.clip), handle.path)
    return MomentPicker(handle.path, cycle, coding, film.path, ws)


def _chosen(
    film: Film, coder: str, cycle: int, workspace: Workspace
) -> tuple[PracticeRecord, list[SelectedMoment], Coding] | Note:
    """The record and the moments of ``film`` chosen for cycle ``cycle``, or what to do
    first (tag the film, choose moments)."""
    from .reflection import load_record, record_path

    coding = my_coding(coder, film.clip, workspace)
    if not len(coding):
        return _no_tags()
    not_chosen = Note(
        f"You have not chosen any moments for cycle {cycle} yet – go back to step "
        f"{CHOOSE_STEP} and tick the moments you would like to show, with a few words about "
        "what is working. Then run this step again."
    )
    path = record_path(workspace, coder)
    if not path.is_file():
        return not_chosen
    record = load_record(path)
    if not 1 <= cycle <= len(record.cycles):
        return not_chosen
    moments = [m for m in record.cycle(cycle).moments if m.clip == film.clip]
    return (record, moments, coding) if moments else not_chosen


def _still_time(moment: SelectedMoment) -> float:
    """The moment's first still time, else its middle (for a tagged instant, close to it)."""
    return moment.stills[0] if moment.stills else round((moment.start + moment.end) / 2, 2)


def moment_stills(
    film: Film,
    coder: str,
    cycle: int = 1,
    *,
    width: int = 640,
    workspace: WorkspaceLike = None,
) -> Note:
    """A still of each moment chosen for cycle ``cycle`` (PNG, at most ``width`` pixels
    wide) into ``exports/CODER-cycle-N-stills/``, and a contact sheet of them with your
    words, ``exports/CODER-cycle-N-contact-sheet.png``. Does nothing until there are
    tags and chosen moments."""
    from .media.sheet import contact_sheet
    from .media.stills import stills

    ws = _workspace(workspace)
    chosen = _chosen(film, coder, cycle, ws)
    if isinstance(chosen, Note):
        return chosen
    _, moments, coding = chosen
    folder = ws.exports_dir / f"{coder}-cycle-{cycle}-stills"
    folder.mkdir(parents=True, exist_ok=True)
    pictures = stills(
        film.path, [_still_time(m) for m in moments], folder, width=min(width, film.info.width)
    )
    captions = [
        m.working or (coding.scheme.label_of(m.codes[0]) if m.codes else None) for m in moments
    ]
    sheet = contact_sheet(
        pictures,
        ws.exports_dir / f"{coder}-cycle-{cycle}-contact-sheet.png",
        captions,
        columns=min(4, len(pictures)),
    )
    return Note(
        f"Stills of your {_count(len(moments), 'chosen moment')} are saved in your workspace:\n"
        f"- `{_shown(folder, ws)}/` (one picture per moment)\n"
        f"- `{_shown(sheet, ws)}` (all of them on one page, with your words)",
        "They stay on this computer: share them only as your consent allows. Your film has "
        "not been changed.",
    )


def reel_path(coder: str, cycle: int, workspace: WorkspaceLike = None) -> Path:
    """Where the review reel of ``coder``'s cycle ``cycle`` goes (the same file the
    MomentPicker's "Make the reel" button makes)."""
    ws = _workspace(workspace)
    return ws.exports_dir / f"{_check_id(coder, 'coder')}-cycle-{cycle}-reel.mp4"


def review_reel(
    film: Film,
    coder: str,
    cycle: int = 1,
    *,
    hold_still: float = 1.0,
    size: tuple[int, int] | None = None,
    workspace: WorkspaceLike = None,
) -> Note:
    """The moments chosen for cycle ``cycle`` as one film for the shared review: a title
    card (the cycle and your helping question), then each moment with its principle and
    your words, held still ``hold_still`` seconds at its end. Rendered by the media engine
    into ``exports/CODER-cycle-N-reel.mp4``; does nothing until there are tags and
    chosen moments."""
    from .media.probe import probe
    from .media.reel import reel

    ws = _workspace(workspace)
    chosen = _chosen(film, coder, cycle, ws)
    if isinstance(chosen, Note):
        return chosen
    record, moments, coding = chosen
    title = f"Cycle {cycle}"
    if record.helping_question.strip():
        title += "\n" + record.helping_question.strip()
    made = reel(
        [m.to_moment(film.path) for m in moments],
        reel_path(coder, cycle, ws),
        title=title,
        hold_still=hold_still,
        size=size,
        scheme=coding.scheme,
    )
    length = format_time(probe(made).duration, 0)
    return Note(
        f"Your review reel is saved in your workspace as `{_shown(made, ws)}`: {length} long, "
        f"{_count(len(moments), 'moment')}, each with your words. Watch it in the next step.",
        "It stays on this computer: share it only as your consent allows. Your film has not "
        "been changed.",
    )


def watch_reel(coder: str, cycle: int = 1, workspace: WorkspaceLike = None) -> Player | Note:
    """A player for the review reel of cycle ``cycle``, once it is made."""
    ws = _workspace(workspace)
    path = reel_path(coder, cycle, ws)
    if not path.is_file():
        return Note(
            f"There is no reel for cycle {cycle} yet – make it in the step above (after "
            "tagging your film and choosing moments)."
        )
    from .widgets.player import Player

    return Player(path, workspace=ws)


# ---------------------------------------------------------------- 06: the practice record
@dataclass(frozen=True, repr=False)
class MyRecord:
    """Your practice record file in the workspace; ``record`` reads it as it is now
    (the forms save into the same file)."""

    path: Path
    workspace: Workspace
    notes: tuple[str, ...] = ()

    @property
    def record(self) -> PracticeRecord:
        """The record as it is on disk now."""
        from .reflection import load_record

        return load_record(self.path)

    def summary(self) -> Note:
        """The record in plain words: the helping question, each cycle and the targets."""
        record = self.record
        question = (
            f"Your helping question: “{record.helping_question.strip()}”"
            if record.helping_question.strip()
            else "Your helping question: not written yet – you can write it in the next step."
        )
        cycles = [
            f"- Cycle {c.number}: "
            + (f"film {Path(c.film).name}" if c.film else "no film yet")
            + f"; {_done(len(c.moments), 'moment', 'chosen')}"
            + f"; {_done(len(c.reflections), 'reflection', 'written')}"
            for c in record.cycles
        ]
        if record.targets:
            targets = "Your targets (TME):\n" + "\n".join(
                f"- {t.description}: {t.baseline} at the start, hoped for {t.hoped_for}"
                + (f", {_latest_rating(t.ratings)} now" if any(t.ratings) else "")
                for t in record.targets
            )
        else:
            targets = f"Your targets (TME): none yet – you can add one in step {TARGET_STEP}."
        return Note(
            f"Your practice record – {KIND_NAMES.get(record.kind, record.kind)} – is kept in "
            f"your workspace as `{_shown(self.path, self.workspace)}`. What you write below is "
            "saved there as you type.",
            question,
            "Your cycles:\n" + "\n".join(cycles),
            targets,
            *self.notes,
        )

    def __repr__(self) -> str:
        return self.summary().text

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()


def _latest_rating(ratings: Sequence[int | None]) -> int | None:
    return next((r for r in reversed(ratings) if r is not None), None)


def my_record(
    practitioner: str,
    kind: str = "verp",
    *,
    cycle: int = 1,
    workspace: WorkspaceLike = None,
) -> MyRecord:
    """Your practice record, made (of ``kind``, with three cycles or up to ``cycle``) if
    you have none yet, with cycles added up to ``cycle`` if it has fewer."""
    from .reflection import KINDS, add_cycle, load_record, new_record, record_path, save_record

    if kind not in KINDS:
        raise VigkitError(
            f"'{kind}' is not a kind of practice the kit knows: set KIND to one of "
            f"{', '.join(KINDS)}"
        )
    if isinstance(cycle, bool) or not isinstance(cycle, int) or not 1 <= cycle <= MAX_CYCLES:
        raise VigkitError(f"CYCLE must be a whole number from 1 to {MAX_CYCLES}, not {cycle!r}")
    ws = _workspace(workspace)
    path = record_path(ws, practitioner)
    notes: list[str] = []
    if not path.is_file():
        save_record(new_record(practitioner, kind, cycles=max(3, cycle)), path)
        return MyRecord(path, ws)
    record = load_record(path)
    if record.kind != kind:
        notes.append(
            f"Your record was started as a record of {KIND_NAMES.get(record.kind, record.kind)}"
            f" and stays one (KIND = '{kind}' is used only when a record is first made)."
        )
    added = cycle - len(record.cycles)
    for _ in range(added):
        record = add_cycle(record)
    if added > 0:
        save_record(record, path)
        first = len(record.cycles) - added + 1
        which = f"Cycle {cycle} was" if added == 1 else f"Cycles {first} to {cycle} were"
        notes.append(f"{which} added to your record.")
    return MyRecord(path, ws, tuple(notes))


def add_target(record: MyRecord, description: str | None, *, start: int, hoped_for: int) -> Note:
    """Add a TME target in your own words, rated ``start`` now and ``hoped_for`` where
    you hope it gets to; nothing is added for an empty description or one you have."""
    from .reflection import add_target as add
    from .reflection import save_record

    text = " ".join((description or "").split())
    if not text:
        return Note(
            "No target added. To add one, write it in NEW_TARGET in your settings at the top "
            '(for example NEW_TARGET = "I wait after a question before I speak again"), '
            "choose TARGET_START and TARGET_HOPED_FOR, and run the notebook again."
        )
    current = record.record
    if any(t.description.casefold() == text.casefold() for t in current.targets):
        return Note(
            f"“{text}” is already one of your targets, so nothing was added. Change its "
            "ratings with the sliders in the next step."
        )
    low, high = current.scale.low, current.scale.high
    numbers = (start, hoped_for)
    if any(isinstance(n, bool) or not isinstance(n, int) or not low <= n <= high for n in numbers):
        return Note(
            f"Not added yet: TARGET_START and TARGET_HOPED_FOR must be whole numbers from "
            f"{low} to {high} (they are {start!r} and {hoped_for!r})."
        )
    if start == hoped_for:
        return Note(
            "Not added yet: TARGET_HOPED_FOR must differ from TARGET_START – where would you "
            "like it to be after your cycles?"
        )
    save_record(add(current, text, start, hoped_for), record.path)
    return Note(
        f"Added your target “{text}”: {start} now, hoped for {hoped_for}. Rate it after each "
        "cycle in the next step."
    )


def targets_chart(record: MyRecord) -> Picture | Note:
    """How each TME target has moved since the start, against its hoped-for level."""
    from .reflection import tme_figure

    current = record.record
    if not current.targets:
        return Note(
            f"You have no targets yet – add one in step {TARGET_STEP}, and the chart will show "
            "how it moves from cycle to cycle."
        )
    described = "; ".join(
        f"{t.description}: {t.baseline} at the start, hoped for {t.hoped_for}"
        + "".join(
            f", {r} after cycle {n}" for n, r in enumerate(t.ratings, start=1) if r is not None
        )
        for t in current.targets
    )
    return Picture(tme_figure(current), f"How each target has moved since the start: {described}.")


def export_portfolio(record: MyRecord, *, include_stills: bool = False) -> Note:
    """Your portfolio as one HTML page in ``exports/PRACTITIONER-portfolio.html``; stills
    from your films only when ``include_stills`` is true."""
    from .portfolio import export

    current = record.record
    out = record.workspace.exports_dir / f"{current.practitioner}-portfolio.html"
    export(current, out, workspace=record.workspace, include_stills=include_stills)
    stills = (
        "Stills of your chosen moments are included, as you asked: share it only as your "
        "consent allows."
        if include_stills
        else "It holds no pictures from your films: stills are only included when you ask "
        "for them (INCLUDE_STILLS = True in your settings)."
    )
    return Note(
        f"Your portfolio is saved in your workspace as `{_shown(out, record.workspace)}`: one "
        "page to take to supervision. To open it, right-click it in the file browser and "
        "choose Open in New Browser Tab; your browser can print it or save it as a PDF.",
        stills,
        "It shows your pseudonym, never your name. Read your reflections through before you "
        "share it.",
    )
