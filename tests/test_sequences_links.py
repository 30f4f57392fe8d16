"""Chains of linked turns and initiatives received, on plain tag series."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vigkit.sequences import (
    TagSeries,
    chain_counts,
    find_chains,
    initiators_option,
    reception,
)

#: (id, subject, onset, offset, answers)
Tag = tuple[str, str, float, float, str]


def series(tags: list[Tag]) -> TagSeries:
    return TagSeries(
        clip="film",
        coder="T01",
        ids=tuple(t[0] for t in tags),
        codes=tuple("being-attentive" for _ in tags),
        subjects=tuple(t[1] for t in tags),
        answers=tuple(t[4] for t in tags),
        onsets=np.array([t[2] for t in tags], dtype=np.float64),
        offsets=np.array([t[3] for t in tags], dtype=np.float64),
        principles=np.zeros(len(tags), dtype=np.int64),
        categories=("being-attentive",),
    )


def test_a_chain_runs_from_the_initiative_through_each_answer() -> None:
    tags = [
        ("a", "child", 12.0, 12.0, ""),
        ("b", "adult", 13.0, 14.0, "a"),
        ("c", "child", 15.0, 15.0, "b"),
        ("d", "adult", 16.0, 18.5, "c"),
        ("e", "child", 30.0, 30.0, ""),  # not linked: no chain
        ("f", "child", 40.0, 40.0, ""),
        ("g", "adult", 41.0, 41.0, "f"),
    ]
    counts = chain_counts(series(tags))
    assert [chain.ids for chain in counts.chains] == [("a", "b", "c", "d"), ("f", "g")]
    assert counts.lengths == (4, 2)
    first = counts.chains[0]
    assert (first.onset, first.offset, first.length, first.others) == (12.0, 18.5, 4, 0)
    assert counts.longest == first
    assert counts.at_least(3) == 1
    assert counts.sentence() == (
        "1 chain of three or more turns, and 1 shorter one; the longest ran 4 turns from 0:12."
    )


def test_a_branching_exchange_is_one_chain_along_its_longest_branch() -> None:
    tags = [
        ("root", "child", 1.0, 1.0, ""),
        ("early", "adult", 2.0, 2.0, "root"),  # answered by nobody
        ("late", "adult", 3.0, 3.0, "root"),
        ("next", "child", 4.0, 4.0, "late"),
        ("tie1", "child", 6.0, 6.0, ""),
        ("tie2", "adult", 7.5, 7.5, "tie1"),
        ("tie3", "adult", 7.0, 7.0, "tie1"),
    ]
    chains = find_chains(series(tags))
    assert [chain.ids for chain in chains] == [("root", "late", "next"), ("tie1", "tie3")]
    assert [chain.others for chain in chains] == [1, 1]


def test_links_in_a_circle_or_to_a_missing_tag_do_not_break_the_count() -> None:
    tags = [
        ("x", "adult", 1.0, 1.0, "y"),  # x and y answer each other: no start
        ("y", "adult", 2.0, 2.0, "x"),
        ("self", "adult", 3.0, 3.0, "self"),
        ("orphan", "adult", 4.0, 4.0, "gone"),  # names no tag: starts a tree
        ("reply", "child", 5.0, 5.0, "orphan"),
    ]
    assert [chain.ids for chain in find_chains(series(tags))] == [("orphan", "reply")]


def test_a_very_long_chain_does_not_overflow() -> None:
    tags = [(f"t{i}", "adult", float(i), float(i), f"t{i - 1}" if i else "") for i in range(5000)]
    (chain,) = find_chains(series(tags))
    assert chain.length == 5000


def test_without_links_the_sentence_says_how_to_make_them() -> None:
    counts = chain_counts(series([("a", "child", 1.0, 1.0, "")]))
    assert counts.chains == () and counts.longest is None
    assert "link it to that initiative" in counts.sentence()
    two = chain_counts(series([("a", "child", 1.0, 1.0, ""), ("b", "adult", 2.0, 2.0, "a")]))
    assert two.sentence().startswith("1 chain of two turns (an initiative received): the longest")


def test_initiatives_received_within_n_seconds() -> None:
    tags = [
        ("i1", "Child", 10.0, 12.0, ""),  # answered 1.5 s after it ends
        ("r1", "adult", 13.5, 14.0, "i1"),
        ("r1b", "adult", 16.0, 16.0, "i1"),  # a later second answer: the first counts
        ("i2", "client", 20.0, 20.0, ""),  # answered 4 s later: too late for 3 s
        ("r2", "adult", 24.0, 24.0, "i2"),
        ("i3", "pupil", 30.0, 35.0, ""),  # answered while it goes on: at once
        ("r3", "adult", 33.0, 33.0, "i3"),
        ("i4", "child", 40.0, 40.0, ""),  # nobody answers
        ("adult-initiative", "adult", 50.0, 50.0, ""),  # answered, so an initiative
        ("r5", "child", 52.0, 52.0, "adult-initiative"),
    ]
    result = reception(series(tags), within=3.0)
    by_id = {i.id: i for i in result.initiatives}
    assert list(by_id) == ["i1", "i2", "i3", "i4", "adult-initiative", "r5"]
    assert by_id["i1"].latency == pytest.approx(1.5) and by_id["i1"].received
    assert by_id["i2"].latency == pytest.approx(4.0) and not by_id["i2"].received
    assert by_id["i3"].latency == 0.0 and by_id["i3"].received
    assert by_id["i4"].latency is None and not by_id["i4"].received
    assert by_id["adult-initiative"].received  # answered 2 s after
    assert not by_id["r5"].received  # a child's tag nobody answers
    assert result.received == 3
    assert result.share == 0.5
    assert result.latencies == pytest.approx((1.5, 0.0, 2.0))
    assert result.sentence() == (
        "3 of 6 initiatives received within 3 s (50%), after 1.2 s on average."
    )
    assert reception(series(tags), within=4.0).received == 4  # the boundary counts
    only_clients = reception(series(tags), within=3.0, initiators=("client",))
    assert [i.id for i in only_clients.initiatives] == ["i1", "i2", "i3", "adult-initiative"]


def test_no_initiatives_is_said_kindly_and_the_share_is_nan() -> None:
    result = reception(series([("a", "adult", 1.0, 1.0, "")]))
    assert result.initiatives == () and math.isnan(result.share)
    assert result.sentence().startswith("No initiatives to receive yet")
    with pytest.raises(ValueError, match="0 or more"):
        reception(series([]), within=-1)


def test_the_initiators_option() -> None:
    assert initiators_option(None) == ("child", "pupil", "client")
    assert initiators_option(" Child, pupil ,,child") == ("child", "pupil")
    assert initiators_option(["Client"]) == ("client",)
