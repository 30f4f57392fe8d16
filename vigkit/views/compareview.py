"""``CompareView``: a comparison you can watch. The film on top, each coder's marks on a
timeline under it, and the feedback beside it; clicking a mark loops that moment.

Python works out everything the browser shows (marks, shapes, sentences, the stretch each
mark replays, the order of the moments to look at again) from
:func:`vigkit.views.marks.timeline`; the browser draws it and plays a clicked moment at
once, without waiting for the kernel, which hears the browser only when it is idle.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import pandas as pd
import traitlets

from ..agreement import Comparison
from ..agreement.feedback import FeedbackMoment, MomentKind
from ..agreement.group import GroupComparison
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.timecode import format_time
from ..media.films import clip_film
from ..widgets.esm import css, esm
from ..widgets.player import Player
from .comparefeedback import CheckedCoding, group_feedback, learner_feedback, paragraphs
from .marks import STATUS_FILLED, STATUS_SHAPES, STATUSES, Comparable, Timeline, timeline

_HERE = Path(__file__).parent
#: The shortest stretch a mark replays (seconds): a shorter loop is over before it is seen.
MIN_LOOP = 1.0
#: How far past the film's end a tag may be (seconds) before the film is taken as the wrong
#: one: a film's length as probed and as coded can differ by a few frames.
LENGTH_SLACK = 0.5


class CompareView(anywidget.AnyWidget):
    """Watch ``comparison`` (a :class:`Comparison`, a :class:`GroupComparison` or an
    exercise's result) with ``video`` (default: the exercise's film, or the film the
    workspace or the practice films have for the clip).

    Clicking a mark, or :meth:`play`, loops its moment with ``padding`` seconds either
    side; :meth:`next` and :meth:`previous` step through the moments to look at again.
    ``selected`` is the row of the chosen mark in ``view.timeline.marks`` (-1: none).
    ``workspace`` and ``root`` are passed to the :class:`Player`.
    """

    _esm = esm(_HERE / "compareview.js")  # dom.js + compareview.js
    _css = css(_HERE / "compareview.css")  # common.css + compareview.css

    #: The film player on top (a child widget).
    player = anywidget.WidgetTrait().tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    subtitle = traitlets.Unicode("").tag(sync=True)
    #: One per lane, top to bottom: name, label, role ("coder" or "reference").
    lanes = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: The codes that appear, in the scheme's order: code, label, colour.
    codes = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: Every status: its shape, whether it is filled, and what it means (for the legend).
    shapes = traitlets.Dict().tag(sync=True)
    #: One per mark, in the rows of ``timeline.marks``: lane, code, onset, offset, status,
    #: partner, found_by, the stretch it replays (start, end), the moment in words, and
    #: its place among the moments to look at again (step, next, previous).
    marks = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: The rows of the moments to look at again, in time order.
    moments = traitlets.List(traitlets.Int()).tag(sync=True)
    #: The length of the time axis (the film's), in seconds.
    end = traitlets.Float(0.0).tag(sync=True)
    #: The feedback, strengths first: paragraphs of text, each with its list items.
    feedback = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: The row of the chosen mark (-1: none); the browser sets it when a mark is clicked.
    selected = traitlets.Int(-1).tag(sync=True)

    def __init__(
        self,
        comparison: Comparison | GroupComparison | CheckedCoding,
        video: str | Path | None = None,
        *,
        padding: float = 2.0,
        workspace: Workspace | str | Path | None = None,
        root: str | Path | None = None,
    ) -> None:
        source = _comparable(comparison)
        number = isinstance(padding, (int, float)) and not isinstance(padding, bool)
        if not (number and math.isfinite(padding) and padding >= 0):
            raise VigkitError(f"padding must be 0 seconds or more, not {padding!r}")
        self.timeline: Timeline = timeline(source)
        self.padding = float(padding)
        film = video if video is not None else _film_for(comparison, source, workspace)
        player = Player(film, workspace=workspace, root=root)  # a missing film stops here
        try:
            _check_length(self.timeline, player)
            data = _view_data(self.timeline, player.duration, self.padding)
            data["feedback"] = paragraphs(learner_feedback(comparison))
        except BaseException:
            player.close()
            raise
        super().__init__(player=player, **data)

    # ------------------------------------------------------------ Python → browser
    def play(self, mark: int | pd.Series) -> None:
        """Loop the moment of ``mark`` (a row number of ``view.timeline.marks``, or one of
        its rows, e.g. from ``view.timeline.disagreements().iterrows()``) and select it."""
        row = self._row(mark)
        start, end = self.replay_window(row)
        self.selected = row
        self.player.loop = True
        self.player.play_moment(start, end)

    def next(self) -> int | None:
        """Play the next moment to look at again after the selected mark; its row, or
        ``None`` (nothing played) after the last one."""
        return self._step("next")

    def previous(self) -> int | None:
        """Play the moment to look at again before the selected mark; its row, or ``None``
        (nothing played) before the first one."""
        return self._step("previous")

    def replay_window(self, mark: int | pd.Series) -> tuple[float, float]:
        """The stretch of film ``mark`` replays: its moment with the padding either side,
        inside the film."""
        info = self.marks[self._row(mark)]
        return float(info["start"]), float(info["end"])

    # ------------------------------------------------------------ internals
    def _step(self, direction: str) -> int | None:
        if self.selected < 0:
            target = self.moments[0] if self.moments and direction == "next" else -1
        else:
            target = int(self.marks[self.selected][direction])
        if target < 0:
            return None
        self.play(target)
        return target

    def _row(self, mark: Any) -> int:
        """The row number of ``mark`` (a number or a row of the marks table), checked."""
        row = mark.name if isinstance(mark, pd.Series) else mark
        if (
            isinstance(row, numbers.Integral)
            and not isinstance(row, bool)
            and 0 <= int(row) < len(self.marks)
        ):
            return int(row)
        rows = f"rows 0–{len(self.marks) - 1}" if self.marks else "it has none"
        raise VigkitError(
            f"there is no mark {row!r} to play: give a row number of view.timeline.marks ({rows})"
        )

    @traitlets.validate("selected")
    def _check_selected(self, proposal: dict[str, Any]) -> int:
        row = int(proposal["value"])
        return row if 0 <= row < len(self.marks) else -1

    def __repr__(self) -> str:
        return f"<CompareView {self.timeline.title}: {len(self.marks)} marks>"


# ---------------------------------------------------------------- what is compared
def _comparable(comparison: object) -> Comparable:
    """The comparison to draw: the object itself, or an exercise result's comparison."""
    if isinstance(comparison, CheckedCoding):
        return comparison.comparison
    if isinstance(comparison, (Comparison, GroupComparison)):
        return comparison
    raise VigkitError(
        "CompareView needs a comparison: vigkit.compare(mine, supervisor), "
        "vigkit.compare_many(codings, reference) or an exercise's check(...) result, not "
        f"{type(comparison).__name__}"
    )


def _clip(source: Comparable) -> str:
    if isinstance(source, Comparison):
        return source.clip
    clips = {clip for coding in source.codings.values() for clip in coding.clips}
    return next(iter(clips)) if len(clips) == 1 else ""


def _film_for(
    comparison: object, source: Comparable, workspace: Workspace | str | Path | None
) -> Path:
    """The film of the comparison when none is given: the exercise's, the one registered
    for the clip in the workspace, or the practice film of that name."""
    if isinstance(comparison, CheckedCoding):
        return comparison.video
    clip = _clip(source)
    found = clip_film(clip, workspace) if clip else None
    if found is not None:
        return found
    named = f"clip '{clip}'" if clip else "these codings"
    raise VigkitError(
        f"which film is {named}? Give it as the second argument, e.g. "
        "CompareView(comparison, 'films/home-play.mp4')"
    )


def _check_length(timeline: Timeline, player: Player) -> None:
    """A film shorter than the coded times is the wrong film (or a cut of it): say so."""
    marks = timeline.marks
    latest = float(marks["offset"].max()) if len(marks) else 0.0
    if latest > player.duration + LENGTH_SLACK:
        raise VigkitError(
            f"{player.film.name} is {format_time(player.duration, 0)} long, but the codings "
            f"have tags up to {format_time(latest, 0)}: is it the film that was coded?"
        )


# ---------------------------------------------------------------- what the browser shows
#: A row of ``Timeline.marks`` as a plain dict (columns :data:`vigkit.views.marks.MARK_COLUMNS`).
Mark = dict[str, Any]


def _records(marks: pd.DataFrame) -> list[Mark]:
    """The marks table as plain dicts with Python numbers, in row order."""
    return [{str(k): v for k, v in row.items()} for row in marks.to_dict("records")]


def _view_data(timeline: Timeline, duration: float, padding: float) -> dict[str, Any]:
    """Every trait the browser draws from, built from the timeline."""
    marks = _records(timeline.marks)
    moments = [int(row) for row in timeline.disagreements().index]
    words = sentences(timeline)
    steps = moment_steps(marks, moments)
    rows = []
    for row, mark in enumerate(marks):
        start, end = replay_window(mark["replay_start"], mark["replay_end"], padding, duration)
        rows.append(
            {
                "lane": int(mark["lane"]), "code": str(mark["code"]),
                "onset": round(float(mark["onset"]), 3), "offset": round(float(mark["offset"]), 3),
                "status": str(mark["status"]), "partner": int(mark["partner"]),
                "found_by": int(mark["found_by"]), "start": start, "end": end,
                "words": words[row], **steps[row],
            }
        )  # fmt: skip
    scheme = timeline.scheme
    return {
        "title": timeline.title,
        "subtitle": timeline.subtitle,
        "lanes": [{"name": x.name, "label": x.label, "role": x.role} for x in timeline.lanes],
        "codes": [
            {"code": c, "label": scheme.label_of(c), "colour": scheme.colour_of(c)}
            for c in timeline.codes
        ],
        "shapes": {
            status: {
                "shape": STATUS_SHAPES[status],
                "filled": STATUS_FILLED[status],
                "words": timeline.status_words(status),
            }
            for status in STATUSES
        },
        "marks": rows,
        "moments": moments,
        "end": max(duration, 0.0),
    }


def replay_window(
    replay_start: float, replay_end: float, padding: float, duration: float
) -> tuple[float, float]:
    """The stretch a mark replays: ``padding`` either side of its moment, inside the film,
    and at least :data:`MIN_LOOP` long (as far as the film allows)."""
    start = max(0.0, float(replay_start) - padding)
    end = min(duration, float(replay_end) + padding)
    if end - start < MIN_LOOP:
        end = min(duration, start + MIN_LOOP)
        start = max(0.0, end - MIN_LOOP)
    return round(start, 3), round(end, 3)


def moment_steps(marks: Sequence[Mark], moments: Sequence[int]) -> list[dict[str, int]]:
    """For each mark: its place among the moments to look at again (``step``, 1-based; 0
    when it is not one – a pair counts by either mark) and the rows ``next`` and
    ``previous`` go to from it (-1: none)."""
    place = {row: i for i, row in enumerate(moments)}
    keys = [_time_order(marks[m]) for m in moments]
    steps = []
    for row, mark in enumerate(marks):
        here = place.get(row, place.get(int(mark["partner"])))
        if here is not None:
            before, after = here - 1, here + 1
        else:
            after = sum(1 for key in keys if key < _time_order(mark))
            before = after - 1
        steps.append(
            {
                "step": here + 1 if here is not None else 0,
                "next": moments[after] if after < len(moments) else -1,
                "previous": moments[before] if before >= 0 else -1,
            }
        )
    return steps


def _time_order(mark: Mark) -> tuple[float, int]:
    """How :meth:`Timeline.disagreements` orders marks: by replay start, then lane."""
    return float(mark["replay_start"]), int(mark["lane"])


def sentences(timeline: Timeline) -> list[str]:
    """Each mark's moment in words: the learner feedback's sentence for one coder against
    a supervisor (lane 0 the learner's), the coders' names in a group."""
    marks = _records(timeline.marks)
    if timeline.coder_count == 1 and timeline.reference_lane == 1:
        return [_feedback_moment(marks, mark).sentence() for mark in marks]
    return [_group_sentence(timeline, marks, mark) for mark in marks]


def _feedback_moment(marks: Sequence[Mark], mark: Mark) -> FeedbackMoment:
    """The feedback's moment for a mark of a pair, as :meth:`Comparison.moments` has it."""
    at, until = float(mark["replay_start"]), float(mark["replay_end"])
    label = str(mark["label"])
    if mark["status"] == "missed":
        return FeedbackMoment("missed", at, until, None, label)
    if mark["status"] == "extra":
        return FeedbackMoment("only-you", at, until, label, None)
    mate = str(marks[int(mark["partner"])]["label"])
    yours, theirs = (label, mate) if mark["lane"] == 0 else (mate, label)
    kind: MomentKind = "seen" if mark["status"] == "agreed" else "named-differently"
    return FeedbackMoment(kind, at, until, yours, theirs)


def _group_sentence(timeline: Timeline, marks: Sequence[Mark], mark: Mark) -> str:
    """A group's mark in words, with the coders' names."""
    at = format_time(float(mark["replay_start"]), 0)
    who, label = timeline.lanes[int(mark["lane"])].name, str(mark["label"])
    lane = timeline.reference_lane
    reference = timeline.lanes[lane].name if lane >= 0 else ""
    if mark["found_by"] >= 0:
        found = f"{mark['found_by']} of {timeline.coder_count}"
        return f"{at} – {who} saw {label}; {found} coders found it."
    if mark["status"] == "agreed":
        return f"{at} – {who} and {reference} both saw {label}."
    if mark["status"] == "named-differently":
        theirs = str(marks[int(mark["partner"])]["label"])
        return (
            f"{at} – {who} saw {label}; {reference} saw {theirs}. Both may be there: look "
            "again together."
        )
    if mark["status"] == "extra":
        return f"{at} – {who} saw {label}; {reference} did not mark this moment."
    return f"{at} – {who} tagged {label}."


__all__ = [
    "CheckedCoding",
    "CompareView",
    "group_feedback",
    "moment_steps",
    "paragraphs",
    "replay_window",
]
