"""What a comparison timeline shows, as plain data: one lane per coder and one mark per
tag, each saying whether the other side saw it too.

Both faces of the timeline read this: the static figure (:func:`timeline_figure`) and the
interactive :class:`CompareView`. Keeping it here means they never disagree about which
moment is a miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from ..agreement import Comparison
from ..agreement.align import Events
from ..agreement.comparison import _events
from ..agreement.group import GroupComparison
from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.errors import VigkitError
from ..core.wording import counted

#: How a mark relates to the other side: both saw it and named it the same, both saw it
#: and named it differently, only the reference saw it, only the coder saw it, or (a
#: group with no reference, and the reference lane of a group) nothing to compare with.
Status = Literal["agreed", "named-differently", "missed", "extra", "coded"]
STATUSES: tuple[Status, ...] = ("agreed", "named-differently", "missed", "extra", "coded")
#: The shape of each status's mark, the same in figures and widgets, so status never
#: rests on colour (colour is the code's): filled shapes were paired, hollow ones not.
STATUS_SHAPES: dict[Status, str] = {
    "agreed": "circle",
    "named-differently": "diamond",
    "missed": "triangle",
    "extra": "square",
    "coded": "circle",
}
#: Whether a status's mark is filled with the code's colour (else white, coloured edge).
STATUS_FILLED: dict[Status, bool] = {
    "agreed": True,
    "named-differently": True,
    "missed": False,
    "extra": False,
    "coded": True,
}
Role = Literal["coder", "reference"]
Comparable: TypeAlias = Comparison | GroupComparison

MARK_COLUMNS = [
    "lane", "coder", "code", "label", "colour", "onset", "offset", "status", "partner",
    "found_by", "replay_start", "replay_end",
]  # fmt: skip


@dataclass(frozen=True)
class Lane:
    """One row of the timeline: a coder, and whether they are the reference."""

    name: str
    role: Role
    label: str


@dataclass(frozen=True)
class Timeline:
    """The lanes and marks of a comparison, with words for people.

    ``marks`` has one row per tag (columns :data:`MARK_COLUMNS`): its lane, code, label
    and colour, times, :data:`Status`, the row of the mark it was paired with
    (``partner``, -1 for none), how many coders found a reference mark (``found_by``, in a
    group) and the stretch to replay (both sides of a pair).
    """

    title: str
    subtitle: str
    lanes: tuple[Lane, ...]
    marks: pd.DataFrame
    end: float
    scheme: Scheme
    level: str
    coder_count: int

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes that appear, in the scheme's order (for legends)."""
        present = set(self.marks["code"])
        order = [c.id for c in self.scheme.categories] + list(self.scheme.codes)
        return tuple(dict.fromkeys(c for c in order if c in present))

    def disagreements(self) -> pd.DataFrame:
        """The moments to look at again (named differently, missed, extra), in time order;
        a pair appears once, by its coder's mark."""
        marks = self.marks
        wanted = marks["status"].isin(["missed", "extra"]) | (
            (marks["status"] == "named-differently") & (marks["lane"] != self.reference_lane)
        )
        chosen: pd.DataFrame = marks[wanted].sort_values(["replay_start", "lane"], kind="stable")
        return chosen

    @property
    def reference_lane(self) -> int:
        """The index of the reference's lane, or -1 when there is none."""
        return next((i for i, lane in enumerate(self.lanes) if lane.role == "reference"), -1)

    def status_words(self, status: Status) -> str:
        """What a status means, in the words of this comparison (for legends)."""
        reference = self.lanes[self.reference_lane].name if self.reference_lane >= 0 else ""
        coder = self.lanes[0].name if self.coder_count == 1 else "a coder"
        return {
            "agreed": "both tagged it, same code",
            "named-differently": "both tagged it, different codes",
            "missed": f"only {reference} tagged it (missed)",
            "extra": f"only {coder} tagged it (extra)",
            "coded": (
                f"tagged by {reference} (n/m: how many of the m coders found it)"
                if reference
                else "tagged"
            ),
        }[status]


def timeline(source: Comparable) -> Timeline:
    """The lanes and marks of a :class:`Comparison` (coder above, reference below) or of
    a :class:`GroupComparison` (the reference on top, then each coder)."""
    if isinstance(source, Comparison):
        return _pair_timeline(source)
    if isinstance(source, GroupComparison):
        return _group_timeline(source)
    raise VigkitError(
        f"a timeline needs a comparison (vigkit.compare or vigkit.compare_many), not "
        f"{type(source).__name__}"
    )


# ---------------------------------------------------------------- one coder vs a reference
def _pair_timeline(comparison: Comparison) -> Timeline:
    a, b = comparison.coder_events, comparison.reference_events
    alignment = comparison.alignment
    status_a: list[Status] = ["extra"] * len(a)
    status_b: list[Status] = ["missed"] * len(b)
    partner_a, partner_b = [-1] * len(a), [-1] * len(b)
    for i, j in alignment.pairs:
        same: Status = "agreed" if a.codes[i] == b.codes[j] else "named-differently"
        status_a[i] = status_b[j] = same
        partner_a[i], partner_b[j] = len(a) + j, i
    rows = _rows(comparison.scheme, 0, comparison.coder_name, a, status_a, partner_a)
    rows += _rows(comparison.scheme, 1, comparison.reference_name, b, status_b, partner_b)
    marks = _frame(rows)
    lanes = (
        Lane(comparison.coder_name, "coder", _lane_label(comparison.coder)),
        Lane(comparison.reference_name, "reference", _lane_label(comparison.reference)),
    )
    agreed = int((marks["status"] == "agreed").sum()) // 2
    different = int((marks["status"] == "named-differently").sum()) // 2
    return Timeline(
        title=f"What {comparison.coder_name} and {comparison.reference_name} tagged in "
        f"{comparison.clip}",
        subtitle=(
            f"{counted(agreed + different, 'moment')} tagged by both ({agreed} with the same "
            f"code), {len(alignment.only_b)} missed, {len(alignment.only_a)} extra; "
            f"tags within {comparison.tolerance:g} s count as the same moment"
        ),
        lanes=lanes,
        marks=marks,
        end=comparison.end,
        scheme=comparison.scheme,
        level=comparison.level,
        coder_count=1,
    )


# ---------------------------------------------------------------- a group
def _group_timeline(group: GroupComparison) -> Timeline:
    if not group.codings:
        raise VigkitError("this group comparison has no codings to draw; make it again")
    scheme = next(iter(group.codings.values())).scheme
    rows: list[dict[str, object]] = []
    lanes: list[Lane] = []
    reference = group.reference
    reference_rows: dict[int, int] = {}
    if reference is not None and group.against_reference:
        first = next(iter(group.against_reference.values()))
        b = first.reference_events
        found_by = [0] * len(b)
        for each in group.against_reference.values():
            for _, j in each.alignment.pairs:
                found_by[j] += 1
        lanes.append(Lane(reference, "reference", _lane_label(first.reference)))
        rows += _rows(scheme, 0, reference, b, ["coded"] * len(b), [-1] * len(b), found_by)
        reference_rows = {j: j for j in range(len(b))}
    end = max(
        [0.0]
        + [c.end for c in group.against_reference.values()]
        + [float(c.events["offset"].max()) for c in group.codings.values() if len(c)]
    )
    for name in group.coders:
        if name == reference:
            continue
        coding = group.codings[name]
        lane = len(lanes)
        lanes.append(Lane(name, "coder", _lane_label(coding)))
        comparison = group.against_reference.get(name)
        if comparison is None:
            events = _events(coding)
            rows += _rows(scheme, lane, name, events, ["coded"] * len(events), [-1] * len(events))
            continue
        a, b = comparison.coder_events, comparison.reference_events
        status: list[Status] = ["extra"] * len(a)
        partner = [-1] * len(a)
        for i, j in comparison.alignment.pairs:
            status[i] = "agreed" if a.codes[i] == b.codes[j] else "named-differently"
            partner[i] = reference_rows[j]
        rows += _rows(scheme, lane, name, a, status, partner)
    marks = _frame(rows)
    with_reference = reference is not None and bool(group.against_reference)
    coders = len(lanes) - (1 if with_reference else 0)
    return Timeline(
        title=(
            f"What {coders} coders tagged, against {reference}"
            if with_reference
            else f"What {coders} coders tagged"
        ),
        subtitle=(
            "each number on the top lane says how many coders found that moment"
            if with_reference
            else "no reference was named, so no tag is marked as missed or extra"
        ),
        lanes=tuple(lanes),
        marks=marks,
        end=end,
        scheme=scheme,
        level="category" if all(scheme.is_category(c) for c in marks["code"]) else "behaviour",
        coder_count=coders,
    )


# ---------------------------------------------------------------- helpers
def _rows(
    scheme: Scheme,
    lane: int,
    coder: str,
    events: Events,
    status: list[Status],
    partner: list[int],
    found_by: Iterable[int] | None = None,
) -> list[dict[str, object]]:
    found = list(found_by) if found_by is not None else [-1] * len(events)
    return [
        {
            "lane": lane, "coder": coder, "code": code, "label": scheme.label_of(code),
            "colour": scheme.colour_of(code), "onset": float(events.onsets[k]),
            "offset": float(events.offsets[k]), "status": status[k], "partner": partner[k],
            "found_by": found[k],
        }
        for k, code in enumerate(events.codes)
    ]  # fmt: skip


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The marks table with the stretch to replay: a mark's own, or its pair's whole span
    (``partner`` is already the partner's row number)."""
    marks: pd.DataFrame = pd.DataFrame(rows, columns=MARK_COLUMNS[:-2])
    partner = marks["partner"].to_numpy(int)
    onset, offset = marks["onset"].to_numpy(float), marks["offset"].to_numpy(float)
    start, end = onset.copy(), offset.copy()
    paired = partner >= 0
    mates = partner[paired]
    start[paired] = np.minimum(onset[paired], onset[mates])
    end[paired] = np.maximum(offset[paired], offset[mates])
    marks["replay_start"], marks["replay_end"] = start, end
    return marks


def _lane_label(coding: Coding) -> str:
    """``name (role)`` for a lane, e.g. ``S-demo (supervisor)``."""
    name = (coding.coders or ("coder",))[0]
    roles = sorted(set(coding.events["role"])) if len(coding) else []
    return f"{name} ({roles[0]})" if len(roles) == 1 and roles[0] else name
