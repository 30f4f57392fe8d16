"""A coding as plain arrays, one :class:`TagSeries` per clip and coder: the tags in event
order, their principle (the code rolled up to its category) and the tag each answers.

Everything else in :mod:`vigkit.sequences` works on these arrays, not on pandas frames, so
that hundreds of codings are reckoned in well under a second.

**Event order.** Tags are ordered by onset; tags that start at the same moment by offset
(the one that ends first comes first, so a point tag comes before an interval starting
with it), then by code id, then by tag id. This is the order a coding keeps its rows in,
so the same coding always gives the same sequence, whatever order the file had.
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
    onsets: Sequence[float], offsets: Sequence[float], codes: Sequence[str], ids: Sequence[str]
) -> list[int]:
    """The positions of tags in event order (onset, then offset, code and id): the rule
    stated in this module's docstring, for tags given in any order."""
    return sorted(
        range(len(ids)), key=lambda i: (float(onsets[i]), float(offsets[i]), codes[i], ids[i])
    )


def series_of(coding: Coding) -> list[TagSeries]:
    """One :class:`TagSeries` per clip and coder of ``coding``, sorted by clip then coder."""
    frame = coding.events
    scheme = coding.scheme
    categories = tuple(category.id for category in scheme.categories)
    if not len(frame):
        return []
    # A coding keeps its rows sorted by clip, coder, onset, offset, code and id: the
    # event order within each clip and coder, so no sorting is needed here.
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


def _principle_index(
    codes: npt.NDArray[np.object_], scheme: Scheme, categories: tuple[str, ...]
) -> IntArray:
    """Each code's category as its index in ``categories`` (one look-up per distinct code)."""
    distinct, inverse = np.unique(codes.astype(str), return_inverse=True)
    position = {category: index for index, category in enumerate(categories)}
    lookup = np.array([position[scheme.rollup(str(code))] for code in distinct], dtype=np.int64)
    result: IntArray = lookup[inverse.reshape(-1)]
    return result
