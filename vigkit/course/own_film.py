"""Notebook 05, your own film: :func:`films_folder`, :func:`my_film` (the film in plain
words), :func:`my_tags`, :func:`pick_moments`, :func:`moment_stills`, :func:`review_reel`
and :func:`watch_reel`. Your film is never changed: stills and reels go into the
workspace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.timecode import format_time
from ..core.wording import counted
from ..media.reviewrules import reel_warnings, review_order
from .compare import my_coding
from .note import TAG_STEP, Note, WorkspaceLike, _check_id, _shown, _workspace
from .record import my_record

if TYPE_CHECKING:
    from ..media.probe import MediaInfo
    from ..reflection import MomentPicker, PracticeRecord, SelectedMoment
    from ..widgets import Player

#: The step of notebook 05 where moments are chosen (its notes point back to it).
CHOOSE_STEP = 10
#: Where people put their own films: this folder inside the workspace.
FILMS_FOLDER = "films"
#: File endings taken for films when listing the films folder.
FILM_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".mts", ".3gp")

__all__ = [
    "CHOOSE_STEP",
    "FILMS_FOLDER",
    "FILM_SUFFIXES",
    "TAG_STEP",
    "Film",
    "films_folder",
    "moment_stills",
    "my_film",
    "my_tags",
    "pick_moments",
    "reel_path",
    "review_reel",
    "watch_reel",
]


# ---------------------------------------------------------------- 05: your film
def films_folder(workspace: WorkspaceLike = None) -> Note:
    """Where to put your own films (``WORKSPACE/films``, made if needed), what is there,
    and how to choose one."""
    from ..widgets.serving import server_root

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
    from ..coding.events import clip_name
    from ..media.probe import probe

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
        f"You have tagged {counted(len(coding), 'moment')} of {film.clip}:\n" + "\n".join(lines),
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
    from ..reflection import load_record, save_record, set_film
    from ..reflection.forms import MomentPicker
    from ..reflection.portfolio import cycle_clip

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
                f"{counted(len(others), 'moment')} chosen): set CYCLE to another cycle for "
                f"{film.clip}"
            )
        save_record(set_film(record, cycle, film.clip), handle.path)
    return MomentPicker(handle.path, cycle, coding, film.path, ws)


def _chosen(
    film: Film, coder: str, cycle: int, workspace: Workspace
) -> tuple[PracticeRecord, list[SelectedMoment], Coding] | Note:
    """The record and the moments of ``film`` chosen for cycle ``cycle``, or what to do
    first (tag the film, choose moments)."""
    from ..reflection import load_record, record_path

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
    from ..media.sheet import contact_sheet
    from ..media.stills import stills

    ws = _workspace(workspace)
    chosen = _chosen(film, coder, cycle, ws)
    if isinstance(chosen, Note):
        return chosen
    _, moments, coding = chosen
    folder = ws.exports_dir / f"{coder}-cycle-{cycle}-stills"
    folder.mkdir(parents=True, exist_ok=True)
    pictures = stills(
        film.path,
        [_still_time(m) for m in moments],
        folder,
        width=min(width, film.info.width),
        workspace=ws,
    )
    captions = [
        m.working or (coding.scheme.label_of(m.codes[0]) if m.codes else None) for m in moments
    ]
    sheet = contact_sheet(
        pictures,
        ws.exports_dir / f"{coder}-cycle-{cycle}-contact-sheet.png",
        captions,
        columns=min(4, len(pictures)),
        workspace=ws,
    )
    return Note(
        f"Stills of your {counted(len(moments), 'chosen moment')} are saved in your workspace:\n"
        f"- `{_shown(folder, ws)}/` (one picture per moment)\n"
        f"- `{_shown(sheet, ws)}` (all of them on one page, with your words)",
        "They stay on this computer: share them only as your consent allows. Your film has "
        "not been changed.",
    )


def reel_path(
    coder: str, cycle: int, workspace: WorkspaceLike = None, *, for_group: bool = False
) -> Path:
    """Where the review reel of ``coder``'s cycle ``cycle`` goes (the same file the
    MomentPicker's "Make the reel" button makes); ``for_group``: the training group's
    reel, with faces blurred."""
    ws = _workspace(workspace)
    group = "-group" if for_group else ""
    return ws.exports_dir / f"{_check_id(coder, 'coder')}-cycle-{cycle}{group}-reel.mp4"


def review_reel(
    film: Film,
    coder: str,
    cycle: int = 1,
    *,
    hold_still: float = 1.0,
    size: tuple[int, int] | None = None,
    for_group: bool = False,
    workspace: WorkspaceLike = None,
) -> Note:
    """The moments chosen for cycle ``cycle`` as one film for the shared review: a title
    card (the cycle and your helping question), then each moment with its principle and
    your words, held still ``hold_still`` seconds at its end, in review order (the
    film's, :mod:`vigkit.media.reviewrules`). Rendered by the media engine into
    ``exports/CODER-cycle-N-reel.mp4``; does nothing until there are tags and chosen
    moments. More than 3 clips, or a clip over 10 s, is made all the same, with a
    warning saying why a shared review usually keeps to fewer, shorter clips.

    ``for_group=True`` makes the reel for a training group instead
    (``exports/CODER-cycle-N-group-reel.mp4``), with every face blurred: the film's
    consent must allow ``training-group`` use."""
    from ..media.probe import probe
    from ..media.reel import reel

    ws = _workspace(workspace)
    chosen = _chosen(film, coder, cycle, ws)
    if isinstance(chosen, Note):
        return chosen
    record, moments, coding = chosen
    moments = review_order(moments)
    title = f"Cycle {cycle}"
    if record.helping_question.strip():
        title += "\n" + record.helping_question.strip()
    made = reel(
        [m.to_moment(film.path) for m in moments],
        reel_path(coder, cycle, ws, for_group=for_group),
        title=title,
        hold_still=hold_still,
        size=size,
        scheme=coding.scheme,
        use="training-group" if for_group else "own-review",
        blur_faces=for_group,
        workspace=ws,
    )
    length = format_time(probe(made).duration, 0)
    warnings = [warning.text for warning in reel_warnings(moments)]
    if for_group:
        return Note(
            f"The reel for your training group is saved as `{_shown(made, ws)}`: {length} "
            f"long, {counted(len(moments), 'moment')}, with every face blurred.",
            *warnings,
            "Show it only to the group your consent names. Your film has not been changed.",
        )
    return Note(
        f"Your review reel is saved in your workspace as `{_shown(made, ws)}`: {length} long, "
        f"{counted(len(moments), 'moment')} in the order of your film, each with your words. "
        "Watch it in the next step.",
        *warnings,
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
    from ..widgets.player import Player

    return Player(path, workspace=ws)
