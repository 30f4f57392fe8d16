"""Alignment kappa and friends: agreement statistics from an :class:`Alignment` of two codings.

Coder ``a`` is the one being checked (the trainee) and ``b`` the reference (the
supervisor). Paired events count in cell ``(code_a, code_b)``; unpaired ones in
``(code_a, NIL)`` or ``(NIL, code_b)``; ``(NIL, NIL)`` is structurally zero, which is why
:func:`kappa_max` is below 1 (Quera, Bakeman & Gnisci 2007).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from vigkit.agreement.align import Alignment, EventsLike, as_events

#: Row and column label for "no event from this coder" in a confusion table.
NIL = "NIL"


def confusion(
    alignment: Alignment, a_codes: Sequence[str], b_codes: Sequence[str], codes: Sequence[str]
) -> pd.DataFrame:
    """The (K+1) x (K+1) table of an alignment: rows a's codes, columns b's, ``NIL`` last.

    ``ValueError`` if a code is not in ``codes`` or the alignment does not fit the events.
    """
    labels = _labels(codes)
    a_ids = _code_ids(a_codes, labels, "a")
    b_ids = _code_ids(b_codes, labels, "b")
    _check_alignment(alignment, len(a_ids), len(b_ids))
    nil = len(labels)
    size = nil + 1
    rows = [a_ids[i] for i, _ in alignment.pairs] + [a_ids[i] for i in alignment.only_a]
    rows += [nil] * len(alignment.only_b)
    cols = [b_ids[j] for _, j in alignment.pairs] + [nil] * len(alignment.only_a)
    cols += [b_ids[j] for j in alignment.only_b]
    flat = np.bincount(
        np.asarray(rows, dtype=np.int64) * size + np.asarray(cols, dtype=np.int64),
        minlength=size * size,
    )
    names = [*labels, NIL]
    table: pd.DataFrame = pd.DataFrame(
        flat.reshape(size, size),
        index=pd.Index(names, name="a"),
        columns=pd.Index(names, name="b"),
    )
    return table


def alignment_kappa(table: pd.DataFrame) -> float:
    """Cohen's kappa (p_o - p_e) / (1 - p_e) over the whole table, NIL row and column included.

    Empty table: nan. p_e == 1 happens only when every unit sits in one diagonal cell
    (e.g. all events paired and of one code): the formula is then 0 / 0 and kappa is 1.0.
    """
    counts, _ = _square(table)
    total = counts.sum()
    if total == 0:
        return float("nan")
    chance = float(counts.sum(axis=1) @ counts.sum(axis=0))
    observed = float(np.trace(counts))
    return _kappa(observed, chance, float(total))


def kappa_max(table: pd.DataFrame) -> float:
    """The largest kappa the table's marginals allow when ``NIL x NIL`` must stay 0.

    p_o,max = sum over real codes of min(row_k, col_k) / N, with p_e as in
    :func:`alignment_kappa`. Empty table: nan; p_e == 1: 1.0 (0.0 if that cell is NIL x NIL).
    """
    counts, labels = _square(table)
    total = counts.sum()
    if total == 0:
        return float("nan")
    rows, cols = counts.sum(axis=1), counts.sum(axis=0)
    real = np.array([label != NIL for label in labels], dtype=bool)
    observed = float(np.minimum(rows, cols)[real].sum())
    return _kappa(observed, float(rows @ cols), float(total))


def raw_agreement(table: pd.DataFrame) -> float:
    """Share of all units (pairs and unpaired events) that are same-code pairs; nan if empty."""
    counts, labels = _square(table)
    total = counts.sum()
    if total == 0:
        return float("nan")
    real = np.array([label != NIL for label in labels], dtype=bool)
    return float(np.diagonal(counts)[real].sum() / total)


def per_code(
    alignment: Alignment, a: EventsLike, b: EventsLike, codes: Sequence[str]
) -> pd.DataFrame:
    """Per code: b's count (``reference``), a's (``coder``), same-code pairs and timing.

    ``recall`` = matched / reference, ``precision`` = matched / coder (nan for 0 / 0);
    ``mean_onset_difference`` is the mean onset_a - onset_b over matched pairs (nan if none).
    """
    ev_a, ev_b = as_events(a), as_events(b)
    labels = _labels(codes)
    a_ids = _code_ids(ev_a.codes, labels, "a")
    b_ids = _code_ids(ev_b.codes, labels, "b")
    _check_alignment(alignment, len(a_ids), len(b_ids))
    k = len(labels)
    coder = np.bincount(np.asarray(a_ids, dtype=np.int64), minlength=k)
    reference = np.bincount(np.asarray(b_ids, dtype=np.int64), minlength=k)
    hits = [(i, j) for i, j in alignment.pairs if a_ids[i] == b_ids[j]]
    hit_code = np.asarray([a_ids[i] for i, _ in hits], dtype=np.int64)
    hit_diff = np.asarray([ev_a.onsets[i] - ev_b.onsets[j] for i, j in hits], dtype=np.float64)
    matched = np.bincount(hit_code, minlength=k)
    diff_sum = np.bincount(hit_code, weights=hit_diff, minlength=k)
    frame: pd.DataFrame = pd.DataFrame(
        {
            "reference": reference,
            "coder": coder,
            "matched": matched,
            "recall": _ratio(matched, reference),
            "precision": _ratio(matched, coder),
            "mean_onset_difference": _ratio(diff_sum, matched),
        },
        index=pd.Index(labels, name="code"),
    )
    return frame


def _kappa(observed: float, chance: float, total: float) -> float:
    """Kappa from agreement count and sum of row x column marginals, with degenerate cases.

    Multiplied through by N squared, so integer counts give exact numerator and denominator.
    """
    denominator = total * total - chance
    if denominator == 0:  # p_e == 1: all units in one diagonal cell
        return 1.0 if observed == total else 0.0
    return (total * observed - chance) / denominator


def _ratio(
    top: npt.NDArray[np.float64] | npt.NDArray[np.int64], bottom: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Elementwise ``top / bottom`` as floats, nan where ``bottom`` is 0."""
    top_f = np.asarray(top, dtype=np.float64)
    bottom_f = np.asarray(bottom, dtype=np.float64)
    out = np.full(top_f.shape, np.nan)
    np.divide(top_f, bottom_f, out=out, where=bottom_f != 0)
    return out


def _labels(codes: Sequence[str]) -> list[str]:
    """The code list as labels, or ``ValueError`` for duplicates, non-strings or NIL."""
    if isinstance(codes, str):
        raise ValueError("codes must be a sequence of strings, not one string")
    labels = list(codes)
    if any(not isinstance(code, str) for code in labels):
        raise ValueError("every code must be a string")
    if len(set(labels)) != len(labels):
        raise ValueError("codes contains duplicates")
    if NIL in labels:
        raise ValueError(f"{NIL!r} is reserved for unpaired events and cannot be a code")
    return labels


def _code_ids(values: Sequence[str], labels: list[str], side: str) -> list[int]:
    """Each event's position in ``labels``, or ``ValueError`` naming the unknown codes."""
    position = {label: i for i, label in enumerate(labels)}
    unknown = sorted({str(v) for v in values if v not in position})
    if unknown:
        raise ValueError(f"codes of {side} not in the code list: {', '.join(unknown)}")
    return [position[v] for v in values]


def _check_alignment(alignment: Alignment, n_a: int, n_b: int) -> None:
    """``ValueError`` unless every event of each side appears exactly once in the alignment."""
    seen_a = sorted([i for i, _ in alignment.pairs] + list(alignment.only_a))
    seen_b = sorted([j for _, j in alignment.pairs] + list(alignment.only_b))
    if seen_a != list(range(n_a)) or seen_b != list(range(n_b)):
        raise ValueError("the alignment does not match these events (wrong lengths or indices)")


def _square(table: pd.DataFrame) -> tuple[npt.NDArray[np.float64], list[object]]:
    """The table's counts as floats and its labels, after checking it is a valid square table."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError("table must be a pandas DataFrame, as made by confusion()")
    if table.shape[0] != table.shape[1] or list(table.index) != list(table.columns):
        raise ValueError("table must be square with the same labels on rows and columns")
    counts = table.to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(counts)) or (counts < 0).any():
        raise ValueError("table counts must be finite and non-negative")
    return counts, list(table.index)
