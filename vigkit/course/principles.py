"""The principles ladder with a practice moment for each principle, playing in a loop.

Reading "receiving initiatives: returning eye contact, smiling, nodding" is one thing;
seeing Kwame smile back at Maya is another. :func:`principles` shows every category of the
scheme – its key, colour, description and behaviours – beside a short loop of a practice
film where the supervisor's reference coding has that principle.

The choice of moment is pure and deterministic (:func:`choose_moments`), so the same
course always shows the same clips and the rule can be tested without films:

1. only moments whose code rolls up to the category count;
2. the clearest first: the fewest reference events of *other* principles inside the
   clip, so the clip is about this principle;
3. then from the film most about this principle (the largest share of its reference
   events in the category), so a trainee meets the principle where it is the theme;
4. then the earliest moment in that film, then the film id and code, to break ties.

Each moment is padded (``before`` / ``after`` seconds), a long stretch shows only its first
``longest`` seconds, and a clip is at least ``shortest`` seconds, always inside the film.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coding.scheme import Category, Scheme
from ..coding.table import Coding
from ..core.errors import VigkitError
from ..core.timecode import format_time

#: Seconds of film shown before and after a reference moment (after is longer: a reference
#: point marks where a reception or a sentence starts, and it takes a moment to unfold).
BEFORE = 1.5
AFTER = 2.5
#: A long stretch (an interval tag) shows at most this many seconds of itself.
LONGEST = 6.0
#: The shortest clip (seconds): a shorter loop is over before it is seen.
SHORTEST = 3.0


@dataclass(frozen=True)
class PrincipleMoment:
    """One example of a principle: the clip ``start``–``end`` (seconds) of practice film
    ``film`` around the reference event ``code`` at ``onset``–``offset``, with the
    supervisor's note and who shows it (``subject``)."""

    category: str
    film: str
    start: float
    end: float
    code: str
    onset: float
    offset: float
    note: str
    subject: str

    @property
    def length(self) -> float:
        """How long the clip lasts, in seconds."""
        return self.end - self.start


def choose_moments(
    references: Sequence[Coding],
    *,
    before: float = BEFORE,
    after: float = AFTER,
    longest: float = LONGEST,
    shortest: float = SHORTEST,
) -> tuple[PrincipleMoment, ...]:
    """One example moment per category of the references' scheme, in ladder order.

    ``references`` are reference codings of practice films, each of one clip (the film's
    id) and with its ``duration``. A category no film shows is left out. The rule is in
    the module's docstring; the result depends only on the arguments.
    """
    for name, value in (("before", before), ("after", after), ("longest", longest)):
        if not (math.isfinite(value) and value >= 0):
            raise VigkitError(f"{name} must be 0 seconds or more, not {value!r}")
    if not (math.isfinite(shortest) and shortest > 0):
        raise VigkitError(f"shortest must be more than 0 seconds, not {shortest!r}")
    if not references:
        return ()
    scheme = _one_scheme(references)
    films = [_FilmEvents.of(coding, scheme) for coding in references]
    chosen = []
    for category in scheme.categories:
        best: tuple[tuple[Any, ...], PrincipleMoment] | None = None
        for events in films:
            for event in events.rows:
                if event.category != category.id:
                    continue
                moment = _moment(event, events, before, after, longest, shortest)
                rank = (
                    events.others_in(category.id, moment.start, moment.end),
                    -events.share(category.id),
                    event.onset,
                    events.film,
                    event.code,
                )
                if best is None or rank < best[0]:
                    best = (rank, moment)
        if best is not None:
            chosen.append(best[1])
    return tuple(chosen)


def principle_moments(**padding: float) -> tuple[PrincipleMoment, ...]:
    """The example moments of the course's practice library (see :func:`choose_moments`,
    which takes the same keywords)."""
    from ..practice.library import films

    return choose_moments([film.reference() for film in films()], **padding)


class PrinciplesGallery:
    """The ladder as a notebook widget: one row per principle, its words on the left and
    its example moment looping in a player on the right (``widget`` is the ipywidgets
    box; ``moments`` and ``players`` are the moments shown and their players)."""

    widget: Any

    def __init__(
        self,
        moments: Sequence[PrincipleMoment],
        scheme: Scheme,
        *,
        titles: dict[str, str] | None = None,
        videos: dict[str, Path] | None = None,
        workspace: Any = None,
        root: str | Path | None = None,
    ) -> None:
        import ipywidgets as widgets  # type: ignore[import-untyped]

        from ..widgets.player import Player

        titles = titles or {}
        videos = videos or {}
        by_category = {moment.category: moment for moment in moments}
        players: list[Player] = []
        rows: list[Any] = []
        try:
            for category in scheme.categories:
                moment = by_category.get(category.id)
                text = widgets.HTML(
                    value=principle_html(category, scheme, moment, titles),
                    layout=widgets.Layout(flex="1 1 20rem", min_width="16rem"),
                )
                row = [text]
                if moment is not None:
                    video = videos.get(moment.film)
                    if video is None:
                        raise VigkitError(f"no film was given for practice film '{moment.film}'")
                    player = Player(
                        video, moment.start, moment.end, loop=True, workspace=workspace, root=root
                    )
                    player.layout = widgets.Layout(flex="1 1 22rem", min_width="18rem")
                    players.append(player)
                    row.append(player)
                rows.append(
                    widgets.HBox(
                        row,
                        layout=widgets.Layout(
                            flex_flow="row wrap",
                            align_items="flex-start",
                            width="100%",
                            border_left=f"6px solid {category.colour}",
                            padding="0 0 0 0.75rem",
                            margin="0 0 1.25rem 0",
                        ),
                    )
                )
        except BaseException:
            for player in players:
                player.close()
            raise
        self.moments = tuple(moments)
        self.players = tuple(players)
        self.widget = widgets.VBox(rows, layout=widgets.Layout(width="100%"))
        self.widget.add_class("vigkit-principles")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<PrinciplesGallery: {len(self.moments)} principles with a practice moment>"


def principles(*, before: float = BEFORE, after: float = AFTER, **kwargs: Any) -> PrinciplesGallery:
    """The principles ladder of the course's practice library, each principle beside a
    practice moment that plays in a loop (press ▶ Play), with ``before`` / ``after``
    seconds around the moment. Other keywords go to the players (``workspace``, ``root``)."""
    from ..practice.library import films

    library = films()
    if not library:
        raise VigkitError(
            "there are no practice films in this course yet (exercises/storyboards/ is "
            "empty); the principles gallery needs at least one"
        )
    moments = choose_moments([film.reference() for film in library], before=before, after=after)
    from ..coding.scheme import load_scheme

    return PrinciplesGallery(
        moments,
        load_scheme(library[0].scheme),
        titles={film.id: film.title for film in library},
        videos={film.id: film.video for film in library},
        **kwargs,
    )


def principle_html(
    category: Category,
    scheme: Scheme,
    moment: PrincipleMoment | None,
    titles: dict[str, str] | None = None,
) -> str:
    """A principle in words (key, name, description, behaviours) and what its clip shows."""
    e = html.escape
    behaviours = "".join(
        f'<li title="{e(b.description)}">{e(b.label)}</li>' for b in category.behaviours
    )
    if moment is None:
        clip = "<p><i>No practice film shows this principle yet.</i></p>"
    else:
        title = (titles or {}).get(moment.film, moment.film)
        clip = (
            f"<p><b>In the clip</b> from <i>{e(title)}</i> ({format_time(moment.start, 0)}–"
            f"{format_time(moment.end, 0)}): {e(moment.note or scheme.label_of(moment.code))}"
            f" <i>({e(scheme.label_of(moment.code))})</i>. Press ▶ Play; it plays in a loop.</p>"
        )
    return (
        f'<h3 style="margin:0.25rem 0"><kbd>{e(category.key)}</kbd> '
        f'<span style="color:{e(category.colour)}">●</span> {e(category.label)}</h3>'
        f"<p>{e(category.description)}</p>"
        f'<p style="margin-bottom:0">What it can look like:</p>'
        f'<ul style="margin-top:0.25rem">{behaviours}</ul>{clip}'
    )


# ---------------------------------------------------------------- helpers
@dataclass(frozen=True)
class _Event:
    """One reference event, with the category its code rolls up to."""

    code: str
    category: str
    onset: float
    offset: float
    note: str
    subject: str


class _FilmEvents:
    """One reference coding's events as plain rows, with the counts the ranking needs."""

    def __init__(self, film: str, duration: float, rows: list[_Event]) -> None:
        self.film = film
        self.duration = duration
        self.rows = rows

    @classmethod
    def of(cls, coding: Coding, scheme: Scheme) -> _FilmEvents:
        clips = coding.clips
        if len(clips) > 1:
            raise VigkitError(
                f"a reference coding must be of one practice film, not of {', '.join(clips)}"
            )
        if coding.duration is None or not coding.duration > 0:
            raise VigkitError(
                f"the reference coding of {clips[0] if clips else 'a film'} has no length; "
                "give it the film's duration"
            )
        rows = [
            _Event(
                code=str(record["code"]),
                category=scheme.rollup(str(record["code"])),
                onset=float(record["onset"]),
                offset=float(record["offset"]),
                note=str(record.get("note") or ""),
                subject=str(record.get("subject") or ""),
            )
            for record in coding.to_records()
        ]
        return cls(clips[0] if clips else "", float(coding.duration), rows)

    def share(self, category: str) -> float:
        """The share of this film's reference events that are of ``category``."""
        if not self.rows:
            return 0.0
        return sum(row.category == category for row in self.rows) / len(self.rows)

    def others_in(self, category: str, start: float, end: float) -> int:
        """How many events of other categories overlap ``start``–``end``."""
        return sum(
            row.category != category and row.onset <= end and row.offset >= start
            for row in self.rows
        )


def _moment(
    event: _Event,
    events: _FilmEvents,
    before: float,
    after: float,
    longest: float,
    shortest: float,
) -> PrincipleMoment:
    """The clip for one event: padded, a long stretch cut short, at least ``shortest``
    long where the film allows, and inside the film."""
    onset, offset = event.onset, event.offset
    start = onset - before
    end = min(offset, onset + longest) + after
    missing = shortest - (end - start)
    if missing > 0:  # widen evenly, then push back inside the film
        start, end = start - missing / 2, end + missing / 2
    if start < 0:
        start, end = 0.0, end - start
    if end > events.duration:
        start, end = max(0.0, start - (end - events.duration)), events.duration
    return PrincipleMoment(
        category=event.category,
        film=events.film,
        start=round(start, 3),
        end=round(end, 3),
        code=event.code,
        onset=onset,
        offset=offset,
        note=event.note,
        subject=event.subject,
    )


def _one_scheme(references: Sequence[Coding]) -> Scheme:
    """The scheme all references share (mixed schemes cannot make one ladder)."""
    schemes = {(c.scheme.id, c.scheme.version) for c in references}
    if len(schemes) > 1:
        listed = ", ".join(f"{i} {v}" for i, v in sorted(schemes))
        raise VigkitError(f"the practice films are coded in different schemes ({listed})")
    return references[0].scheme


__all__ = [
    "AFTER",
    "BEFORE",
    "LONGEST",
    "SHORTEST",
    "PrincipleMoment",
    "PrinciplesGallery",
    "choose_moments",
    "principle_html",
    "principle_moments",
    "principles",
]
