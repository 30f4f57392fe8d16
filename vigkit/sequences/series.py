"""A coding as plain arrays, one :class:`TagSeries` per clip and coder: the tags in event
order, their principle (the code rolled up to its category) and the tag each answers.

Everything else in :mod:`vigkit.sequences` works on these arrays, not on pandas frames, so
that hundreds of codings are reckoned in well under a second.

**Event order.** Tags are ordered by onset; tags that start at the same moment by offset
(the one that ends first comes first, so a point tag comes before an interval starting
with it), then by code id, then by tag id – except that a tag answering a tag that starts
at the same moment comes after it (a reception follows the initiative it receives). This is
the order a coding keeps its rows in, links apart, so the same coding always gives the same
sequence, whatever order the file had.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..coding.scheme_data import Scheme
from ..coding.table import Coding

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The column that links a tag to the tag it answers ("" when it answers none).
ANSWERS = "answers"


@dataclass(frozen=True, eq=False)
class TagSeries:
    """The tags of one clip by one coder in event order, as parallel arrays.

    ``principles`` holds, for each tag, the index of its category in ``categories`` (the
    scheme's order); ``answers`` the id of the tag it answers, or ``""``.
    """

    clip: str
    coder: str
    ids: tuple[str, ...]
    codes: tuple[str, ...]
    subjects: tuple[str, ...]
    answers: tuple[str, ...]
    onsets: FloatArray
    offsets: FloatArray
    principles: IntArray
    categories: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)


def event_order(
    onsets: Sequence[float],
    offsets: Sequence[float],
    codes: Sequence[str],
    ids: Sequence[str],
    answers: Sequence[str] | None = None,
) -> list[int]:
    """The positions of tags in event order (onset; a same-moment answer after what it
    answers; then offset, code and id): the rule in this module's docstring, for tags given
    in any order."""
    depth = _same_moment_depth(onsets, ids, answers) if answers else [0] * len(ids)
    return sorted(
        range(len(ids)),
        key=lambda i: (float(onsets[i]), depth[i], float(offsets[i]), codes[i], ids[i]),
    )


def _same_moment_depth(
    onsets: Sequence[float], ids: Sequence[str], answers: Sequence[str]
) -> list[int]:
    """For each tag, how many links back it goes without the onset changing (0 for most)."""
    position = {tag: index for index, tag in enumerate(ids)}
    depth = []
    for index in range(len(ids)):
        steps, current, seen = 0, index, {index}
        while True:
            parent = position.get(answers[current]) if answers[current] else None
            if parent is None or parent in seen or onsets[parent] != onsets[index]:
                break
            steps, current = steps + 1, parent
            seen.add(parent)
        depth.append(steps)
    return depth


def series_of(coding: Coding) -> list[TagSeries]:
    """One :class:`TagSeries` per clip and coder of ``coding``, sorted by clip then coder."""
    frame = coding.events
    scheme = coding.scheme
    categories = tuple(category.id for category in scheme.categories)
    if not len(frame):
        return []
    # A coding keeps its rows sorted by clip, coder, onset, offset, code and id: the
    # event order within each clip and coder, but for answers starting with what they answer.
    clips = frame["clip"].to_numpy(dtype=object)
    coders = frame["coder"].to_numpy(dtype=object)
    principle = _principle_index(frame["code"].to_numpy(dtype=object), scheme, categories)
    onsets = frame["onset"].to_numpy(dtype=np.float64)
    offsets = frame["offset"].to_numpy(dtype=np.float64)
    ids = frame["id"].tolist()
    codes = frame["code"].tolist()
    subjects = frame["subject"].tolist()
    answers = frame[ANSWERS].tolist() if ANSWERS in frame else [""] * len(frame)
    change = np.flatnonzero((clips[1:] != clips[:-1]) | (coders[1:] != coders[:-1])) + 1
    starts = [0, *change.tolist()]
    ends = [*change.tolist(), len(frame)]
    order = np.arange(len(frame))
    for start, end in zip(starts, ends, strict=True):
        _answers_after_answered(order, start, end, onsets, answers, ids)
    if (order != np.arange(len(frame))).any():
        principle, onsets, offsets = principle[order], onsets[order], offsets[order]
        ids, codes = [ids[i] for i in order], [codes[i] for i in order]
        subjects, answers = [subjects[i] for i in order], [answers[i] for i in order]
    return [
        TagSeries(
            clip=str(clips[start]),
            coder=str(coders[start]),
            ids=tuple(ids[start:end]),
            codes=tuple(codes[start:end]),
            subjects=tuple(subjects[start:end]),
            answers=tuple("" if not a else str(a) for a in answers[start:end]),
            onsets=onsets[start:end],
            offsets=offsets[start:end],
            principles=principle[start:end],
            categories=categories,
        )
        for start, end in zip(starts, ends, strict=True)
    ]


def series_of_all(codings: Sequence[Coding]) -> list[TagSeries]:
    """Every clip-and-coder series of several codings, in the order given."""
    return [series for coding in codings for series in series_of(coding)]


def _answers_after_answered(
    order: IntArray, start: int, end: int, onsets: FloatArray, answers: list[str], ids: list[str]
) -> None:
    """Within one series (rows ``start:end``), put a tag that answers a same-moment tag
    after it, in place; other tags keep their row order (offset, code, id)."""
    if not any(answers[start:end]):
        return
    part = slice(start, end)
    depth = _same_moment_depth(onsets[part].tolist(), ids[part], answers[part])
    if not any(depth):
        return  # the usual case: no answer starts with what it answers
    rows = sorted(range(end - start), key=lambda i: (float(onsets[start + i]), depth[i], i))
    order[part] = np.array(rows, dtype=np.int64) + start


def _principle_index(
    codes: npt.NDArray[np.object_], scheme: Scheme, categories: tuple[str, ...]
) -> IntArray:
    """Each code's category as its index in ``categories`` (one look-up per distinct code)."""
    distinct, inverse = np.unique(codes.astype(str), return_inverse=True)
    position = {category: index for index, category in enumerate(categories)}
    lookup = np.array([position[scheme.rollup(str(code))] for code in distinct], dtype=np.int64)
    result: IntArray = lookup[inverse.reshape(-1)]
    return result
