"""Transition tables from codings: the event order, per film, per trainee and for a group,
checked against a simple reference computation on the full-size job (30 trainees x 12
cycles x 200 tags)."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import numpy as np
import pytest

import vigkit.coding.scheme
from vigkit import Coding, load_scheme
from vigkit.sequences import event_order, series_of, summary_sentences, table_text, transitions
from vigkit.sequences import transitions_across as across
from vigkit.sequences.words import transition_sentences

SCHEME = load_scheme()
CATEGORIES = [category.id for category in SCHEME.categories]


def big_job(trainees: int = 30, cycles: int = 12, tags: int = 200) -> list[Coding]:
    """One coding per trainee and cycle, codes drawn from the whole scheme."""
    rng = random.Random(21)
    codes = SCHEME.codes
    codings = []
    for trainee in range(trainees):
        for cycle in range(cycles):
            rows = [
                {"clip": f"cycle-{cycle:02d}", "coder": f"T{trainee:02d}",
                 "code": rng.choice(codes), "onset": round(rng.uniform(0, 600), 1),
                 "id": f"{trainee}-{cycle}-{n}"}
                for n in range(tags)
            ]  # fmt: skip
            codings.append(Coding(rows))
    return codings


def reference_counts(coding: Coding) -> np.ndarray:
    """A simple count, no numpy: sort the tags by time, roll each code up, count each
    principle and the next one's."""
    tags = sorted(coding.to_records(), key=lambda t: (t["onset"], t["offset"], t["code"], t["id"]))
    principles = [CATEGORIES.index(SCHEME.rollup(t["code"])) for t in tags]
    table = [[0] * len(CATEGORIES) for _ in CATEGORIES]
    for before, after in itertools.pairwise(principles):
        table[before][after] += 1
    return np.array(table)


def reference_residual(x: np.ndarray, i: int, j: int) -> float:
    """The adjusted residual of one cell, by the textbook formula, cell by cell."""
    n = x.sum()
    r, c = x[i].sum(), x[:, j].sum()
    if n == 0:
        return math.nan
    e = r * c / n
    v = e * (1 - r / n) * (1 - c / n)
    return (x[i, j] - e) / math.sqrt(v) if v > 0 else math.nan


def test_the_full_size_job_gives_the_reference_tables() -> None:
    codings = big_job()
    result = across(codings, by="coder")
    assert len(result.films) == 360 and len(result.per) == 30
    references = [reference_counts(coding) for coding in codings]
    for table, reference in zip(result.films, references, strict=True):
        assert (table.counts == reference).all()
    # The group's pooled table is the sum of every film's counts.
    assert (result.group.pooled.counts == sum(references)).all()
    assert result.group.pooled.total == 360 * 199
    # One trainee's mean residual per cell: the mean over the films where it is defined.
    k = len(CATEGORIES)
    mine = references[12:24]  # T01's twelve cycles
    summary = result.per["T01"]
    assert (summary.pooled.counts == sum(mine)).all() and summary.films == 12
    for i in range(k):
        for j in range(k):
            values = [reference_residual(x, i, j) for x in mine]
            defined = [v for v in values if not math.isnan(v)]
            expected = sum(defined) / len(defined) if defined else math.nan
            assert summary.mean_residuals[i, j] == pytest.approx(expected, nan_ok=True)
            assert summary.defined[i, j] == len(defined)
    assert summary.pooled.residuals[0, 0] == pytest.approx(
        reference_residual(sum(mine), 0, 0), nan_ok=True
    )


def test_tags_starting_together_keep_one_order_whatever_the_file_order() -> None:
    rows = [
        {"clip": "f", "coder": "T01", "code": "guiding", "onset": 5, "offset": 9, "id": "b"},
        {"clip": "f", "coder": "T01", "code": "being-attentive", "onset": 5, "id": "z"},
        {"clip": "f", "coder": "T01", "code": "encouraging-initiatives", "onset": 5,
         "offset": 9, "id": "a"},
        {"clip": "f", "coder": "T01", "code": "being-attentive", "onset": 1, "id": "y"},
    ]  # fmt: skip
    orders = {series_of(Coding(order))[0].ids for order in (rows, rows[::-1], rows[1:] + rows[:1])}
    # By onset; then the point tag (ends first); then by code id ("encouraging…" < "guiding").
    assert orders == {("y", "z", "a", "b")}


def test_an_answer_starting_with_its_initiative_comes_after_it() -> None:
    rows = [
        {"clip": "f", "coder": "T01", "code": "guiding", "onset": 5, "id": "a", "answers": "b"},
        {"clip": "f", "coder": "T01", "code": "receiving-initiatives", "onset": 5, "id": "b",
         "answers": "c"},
        {"clip": "f", "coder": "T01", "code": "encouraging-initiatives", "onset": 5, "id": "c"},
        {"clip": "f", "coder": "T01", "code": "being-attentive", "onset": 5, "id": "d"},
        {"clip": "f", "coder": "T01", "code": "being-attentive", "onset": 9, "id": "e"},
    ]  # fmt: skip
    # By code alone the order would be d (being-…), c (encouraging-…), a (guiding), b.
    assert series_of(Coding(rows))[0].ids == ("d", "c", "b", "a", "e")
    onsets = [5.0, 5.0, 5.0, 5.0, 9.0]
    ids = [str(row["id"]) for row in rows]
    answers = [str(row.get("answers", "")) for row in rows]
    codes = [str(row["code"]) for row in rows]
    assert [ids[i] for i in event_order(onsets, onsets, codes, ids, answers)] == list("dcbae")
    assert [ids[i] for i in event_order(onsets, onsets, codes, ids)] == list("dcabe")


def test_one_coding_of_several_films_gives_a_table_for_each() -> None:
    rows = [
        {"clip": clip, "coder": coder, "code": code, "onset": n}
        for clip in ("film-a", "film-b")
        for coder in ("T01", "S01")
        for n, code in enumerate(["being-attentive", "guiding", "being-attentive"])
    ]
    tables = transitions(Coding(rows))
    assert [t.name for t in tables] == [
        "S01 on film-a", "T01 on film-a", "S01 on film-b", "T01 on film-b",
    ]  # fmt: skip
    attentive, guiding = CATEGORIES.index("being-attentive"), CATEGORIES.index("guiding")
    assert tables[0].counts[attentive, guiding] == 1 and tables[0].total == 2
    assert tables[0].figure("counts").loc["Being attentive"].sum() == 1
    cells = tables[0].cells()
    assert len(cells) == len(CATEGORIES) ** 2 and cells[0]["before"] == CATEGORIES[0]
    text = table_text(tables[0])
    assert text.splitlines()[0].startswith("before \\ after") and "1 (" in text


def test_across_by_clip_and_the_words() -> None:
    rows = []
    for coder in ("T01", "T02"):
        for n in range(40):  # attentive → guiding, again and again: a strong step
            code = "being-attentive" if n % 2 == 0 else "guiding"
            rows.append({"clip": "film", "coder": coder, "code": code, "onset": n})
    result = across([Coding(rows)], by="clip")
    assert list(result.per) == ["film"] and result.by == "clip"
    words = summary_sentences(result.per["film"])
    assert words[0] == "film: 2 films, 78 transitions."
    assert words[1].startswith("Steps that came more often than chance on average over the films: ")
    assert "Being attentive → Guiding (40 times in all, mean z = 6.2)" in words[1]
    assert words[2].startswith("Rarer than chance: ")
    assert words[-1] == (
        "No step starts from Encouraging initiatives, Receiving initiatives, Developing "
        "attuned interactions and Deepening discussion here, so their rows have no "
        "probabilities or residuals (shown as –)."
    )
    empty = transitions(Coding([{"clip": "f", "coder": "T01", "code": "guiding", "onset": 1}]))
    assert transition_sentences(empty[0])[0].startswith("Too few tags for transitions yet")


def test_across_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one coding"):
        across([])
    with pytest.raises(ValueError, match="no tags"):
        across([Coding()])
    builtin = Path(vigkit.coding.scheme.BUILTIN_DIR / "attuned-interactions.yaml")
    other = tmp_path / "other.yaml"
    other.write_text(builtin.read_text(encoding="utf-8").replace(
        "id: attuned-interactions", "id: my-own-scheme", 1), encoding="utf-8")  # fmt: skip
    row = {"clip": "f", "coder": "T01", "code": "guiding", "onset": 1}
    with pytest.raises(ValueError, match="different schemes"):
        across([Coding([row]), Coding([row], scheme=other)])
