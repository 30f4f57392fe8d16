"""The practice library as the course uses it: each practice film by its id, with its title,
what it shows, the film to play and the supervisor's reference coding.

The films are drawn from storyboards (``exercises/storyboards/FILM.yaml``) and rendered
into ``media/practice/`` (see docs/storyboards.md); this module only reads them, so the
notebooks can say ``watch("baby-floor-faces")`` instead of building paths. Paths shown to
people are relative to the course folder: notebooks never carry an absolute path.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..coding.table import Coding
from ..core.coursedir import course_root, practice_dir, storyboards_dir
from ..core.errors import VigkitError
from ..core.timecode import format_time
from ..media.films import film_video

if TYPE_CHECKING:
    from ..widgets.player import Player


def film_reference_path(film_id: str) -> Path:
    """Where its reference coding is rendered: ``media/practice/FILM.reference.csv``."""
    return practice_dir() / f"{film_id}.reference.csv"


def film_storyboard_path(film_id: str) -> Path:
    """Its storyboard: ``exercises/storyboards/FILM.yaml``."""
    return storyboards_dir() / f"{film_id}.yaml"


def reference_of(film_id: str, scheme: str, *, duration: float | None = None) -> Coding | None:
    """A practice film's reference coding: the one rendered with the film (it matches the
    film even if the storyboard was edited since), else, before the films are rendered,
    the storyboard's own answer key; None when there is neither."""
    rendered = film_reference_path(film_id)
    if rendered.is_file():
        return Coding.read_csv(rendered, scheme, duration=duration)
    storyboard = film_storyboard_path(film_id)
    if not storyboard.is_file():
        return None
    from .reference import reference_coding
    from .storyboard import load_storyboard

    return reference_coding(load_storyboard(storyboard))


@dataclass(frozen=True)
class PracticeFilm:
    """One practice film of the course: its id (the storyboard's), title, description,
    length in seconds, the storyboard it is drawn from and the scheme it is coded in."""

    id: str
    title: str
    description: str
    duration: float
    storyboard: Path
    scheme: str

    @property
    def video(self) -> Path:
        """The rendered film (``media/practice/FILM.mp4``)."""
        return film_video(self.id)

    @property
    def reference_path(self) -> Path:
        """The reference coding rendered with the film (``media/practice/FILM.reference.csv``)."""
        return film_reference_path(self.id)

    def reference(self) -> Coding:
        """The supervisor's reference coding of the film (see :func:`reference_of`)."""
        coding = reference_of(self.id, self.scheme, duration=self.duration)
        if coding is None:
            raise VigkitError(f"practice film {self.id}: its storyboard {self.storyboard} is gone")
        return coding

    def describe(self) -> str:
        """The film in a few lines for a person about to watch it: title, what to watch
        for, and where the film is (relative to the course folder) and how long it is."""
        return (
            f"{self.title}\n\n{self.description}\n\n"
            f"Film: {shown_path(self.video)} ({format_time(self.duration, 0)} long)"
        )

    def __repr__(self) -> str:
        return f"<PracticeFilm {self.id}: {self.title!r}, {format_time(self.duration, 0)}>"


def films() -> list[PracticeFilm]:
    """Every practice film of the course (one per storyboard), by id.

    A broken storyboard raises its ``StoryboardError``, naming the file and the line.
    """
    return [_read(path) for path in sorted(storyboards_dir().glob("*.yaml"))]


def film(film_id: str) -> PracticeFilm:
    """The practice film with this id; an unknown id gets the list and a "did you mean"."""
    path = storyboards_dir() / f"{film_id}.yaml"
    if path.is_file():
        return _read(path)
    known = sorted(p.stem for p in storyboards_dir().glob("*.yaml"))
    close = difflib.get_close_matches(film_id.strip().casefold(), known, n=1, cutoff=0.6)
    maybe = f" (did you mean '{close[0]}'?)" if close else ""
    listed = ", ".join(known) if known else "none yet"
    raise VigkitError(f"there is no practice film '{film_id}'{maybe}; the films are: {listed}")


def watch(
    film_id: str,
    start: float | str | None = None,
    end: float | str | None = None,
    **kwargs: Any,
) -> Player:
    """A :class:`~vigkit.widgets.Player` on a practice film (optionally looping
    ``start``–``end``); other keywords go to the Player (``loop``, ``workspace``, ``root``).

    A film that has not been rendered yet gets a message saying how to render it.
    """
    from ..widgets.player import Player

    chosen = film(film_id)
    if not chosen.video.is_file():
        raise VigkitError(
            f"the practice film '{film_id}' has not been made yet ({shown_path(chosen.video)} "
            "is missing); run 'make lab' or 'vigkit practice build' to make the practice films"
        )
    return Player(chosen.video, start, end, **kwargs)


def shown_path(path: Path) -> str:
    """A course file's path as shown to people: relative to the course folder, else its
    name (so no notebook output ever holds an absolute path)."""
    try:
        return path.resolve().relative_to(course_root()).as_posix()
    except ValueError:
        return path.name


def _read(path: Path) -> PracticeFilm:
    from .storyboard import load_storyboard

    board = load_storyboard(path)
    return PracticeFilm(
        id=board.id,
        title=board.title,
        description=board.description,
        duration=board.duration,
        storyboard=path,
        scheme=board.scheme,
    )


__all__ = ["PracticeFilm", "film", "films", "shown_path", "watch"]
