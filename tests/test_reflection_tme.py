"""TME maths worked by hand, scale checks, and the chart's lines, labels and title."""

from __future__ import annotations

import pytest

from vigkit.reflection import (
    TmeError,
    TmeScale,
    TmeTarget,
    add_target,
    changes,
    first_reached,
    new_record,
    progress,
    rate_target,
    reached,
    tme_figure,
    tme_summary,
    tme_table,
)


def test_maths_by_hand() -> None:
    target = TmeTarget("t", "Pupils wait for each other", 2, 6, (3, None, 7))
    assert changes(target) == (1, None, 5)
    assert reached(target) == (False, None, True)
    assert first_reached(target) == 3
    assert progress(target) == pytest.approx(5 / 4)  # (7 - 2) / (6 - 2)
    assert progress(target, 4) == pytest.approx(0.5)
    assert progress(TmeTarget("u", "x", 2, 6)) is None


def test_a_target_can_aim_down() -> None:
    worry = TmeTarget("w", "How worried I feel", 8, 4, (6, 4))
    assert changes(worry) == (-2, -4)
    assert reached(worry) == (False, True)
    assert first_reached(worry) == 2
    assert progress(worry) == pytest.approx(1.0)


def test_scale_and_rating_checks() -> None:
    with pytest.raises(TmeError, match="must be above the bottom"):
        TmeScale(5, 5)
    with pytest.raises(TmeError, match="must differ from the baseline"):
        TmeTarget("t", "x", 4, 4)
    record = new_record("P07", "verp", scale=TmeScale(0, 10))
    assert add_target(record, "x", 0, 10).targets[0].baseline == 0
    with pytest.raises(Exception, match="outside the scale 0 to 10"):
        add_target(record, "x", 0, 11)
    with pytest.raises(Exception, match="whole number"):
        TmeTarget("t", "x", 2.5, 4)  # type: ignore[arg-type]


def _record() -> object:
    record = new_record("P07", "verp")
    record = add_target(record, "Pupils answer in full sentences", 3, 7)
    record = add_target(record, "I wait after asking", 2, 8)
    record = rate_target(record, "target-1", 1, 5)
    record = rate_target(record, "target-1", 2, 7)
    return rate_target(record, "target-2", 1, 4)


def test_tidy_table() -> None:
    record = _record()
    table = tme_table(record)  # type: ignore[arg-type]
    assert len(table) == 2 * 4  # baseline + three cycles per target
    first = table[table["target"] == "target-1"].reset_index()
    assert list(first["rating"].astype("float").fillna(-1)) == [3, 5, 7, -1]
    assert list(first["change"].astype("float").fillna(-1)) == [0, 2, 4, -1]
    assert bool(first.loc[2, "reached"]) and not bool(first.loc[1, "reached"])
    assert first.loc[1, "progress"] == pytest.approx(0.5)
    summary = tme_summary(record).set_index("target")  # type: ignore[arg-type]
    assert summary.loc["target-1", "first_reached"] == 2
    assert summary.loc["target-2", "latest"] == 4
    assert summary.loc["target-2", "progress"] == pytest.approx(2 / 6)


def test_figure_has_one_line_and_one_hoped_for_line_per_target() -> None:
    figure = tme_figure(_record())  # type: ignore[arg-type]
    axes = figure.axes[0]
    journeys = [line for line in axes.get_lines() if line.get_gid().startswith("tme-target:")]
    hoped = [line for line in axes.get_lines() if line.get_gid().startswith("tme-hoped:")]
    assert len(journeys) == len(hoped) == 2
    assert all(line.get_linestyle() == "--" for line in hoped)
    assert list(hoped[0].get_ydata()) == [7, 7]
    assert list(journeys[0].get_ydata()) == [3, 5, 7]
    assert len({line.get_marker() for line in journeys}) == 2  # not colour alone
    labels = [text.get_text() for text in axes.texts]
    assert any("Pupils answer" in label and "hoped for 7" in label for label in labels)
    assert axes.get_title() == "How each target has moved since the start"
    assert axes.get_ylabel() == "Rating (1 to 10)"
    assert axes.get_xlabel() == "When it was rated"
    assert axes.get_ylim() == (0.5, 10.5)
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert ticks == ["Start", "After cycle 1", "After cycle 2", "After cycle 3"]


def test_figure_without_targets_says_so() -> None:
    figure = tme_figure(new_record("P07", "verp"))
    assert [t.get_text() for t in figure.axes[0].texts] == ["No targets yet"]
