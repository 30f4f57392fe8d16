"""The static figures render, with the lanes, labels, marks and counts they promise, and
are saved atomically (and reproducibly) for portfolios."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image
from test_views_marks import ATTENTIVE, ENCOURAGING, GUIDING, SUPERVISOR, TRAINEE, coding

from vigkit import VigkitError, compare, compare_many
from vigkit.views import confusion_figure, save_figure, timeline_figure
from vigkit.views.confusion import confusion_table
from vigkit.views.figures import svg_markup

matplotlib.use("Agg")


def texts(figure: Figure) -> list[str]:
    """Every piece of text drawn in the figure (titles, ticks, legends, annotations)."""
    figure.canvas.draw()
    return [t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text()]


def by_gid(figure: Figure, gid: str) -> list[object]:
    return [a for a in figure.findobj() if a.get_gid() == gid]


def rendered(figure: Figure, path: Path) -> np.ndarray:
    save_figure(figure, path)
    return np.asarray(Image.open(path).convert("RGB"))


def has_colour(pixels: np.ndarray, hex_colour: str, slack: int = 6) -> bool:
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(pixels.astype(int) - target).max(axis=2) <= slack).any())


# ---------------------------------------------------------------- timeline_figure
def test_the_timeline_has_a_lane_per_coder_and_a_mark_per_tag(tmp_path: Path) -> None:
    figure = timeline_figure(compare(TRAINEE, SUPERVISOR))
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["T07 (trainee)", "S01 (supervisor)"]
    assert figure.get_suptitle() == "What T07 and S01 tagged in home-play"
    offsets = {
        status: sum(len(c.get_offsets()) for c in by_gid(figure, f"marks:{status}"))
        for status in ("agreed", "named-differently", "missed", "extra")
    }
    assert offsets == {"agreed": 4, "named-differently": 2, "missed": 1, "extra": 1}
    assert len(by_gid(figure, "join:agreed")) == 2
    assert len(by_gid(figure, "join:named-differently")) == 1
    words = texts(figure)
    for label in ("Encouraging initiatives", "Being attentive", "Guiding",
                  "only S01 tagged it (missed)", "only T07 tagged it (extra)",
                  "both tagged it, different codes", "Time in the film (m:ss)"):  # fmt: skip
        assert label in words, label
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert "0:10" in ticks and "1:00" in ticks
    pixels = rendered(figure, tmp_path / "timeline.png")
    assert pixels.shape[0] > 200 and pixels.shape[1] > 1000
    for code in (ENCOURAGING, ATTENTIVE, GUIDING):  # the scheme's colours are drawn
        assert has_colour(pixels, SUPERVISOR.scheme.colour_of(code)), code


def test_intervals_are_bars_and_unpaired_ones_are_hatched() -> None:
    figure = timeline_figure(compare(TRAINEE, coding("S01", [(ATTENTIVE, 20.0, 25.0)])))
    bars = [c for c in figure.axes[0].collections if c.get_gid() is None and c.get_hatch()]
    assert len(bars) == 2  # the trainee's 10.5–13 (extra) and the supervisor's 20–25 (missed)


def test_a_group_timeline_counts_who_found_each_moment() -> None:
    other = coding("T09", [(ENCOURAGING, 4.5, None), (GUIDING, 49.0, None)])
    figure = timeline_figure(compare_many([TRAINEE, other, SUPERVISOR], reference="S01"))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["S01 (supervisor)", "T07 (trainee)", "T09 (trainee)"]
    assert labels and figure.axes[0].get_yticklabels()[0].get_fontweight() == "bold"
    words = texts(figure)
    assert words.count("2/2") == 1 and words.count("1/2") == 3
    assert "What 2 coders tagged, against S01" in words


def test_an_empty_comparison_says_so() -> None:
    empty = coding("T07", [])
    figure = timeline_figure(compare(empty, coding("S01", [], role="supervisor")))
    assert "No tags yet" in texts(figure)


def test_a_long_film_gets_minute_ticks() -> None:
    long_one = coding("T07", [(ATTENTIVE, 590.0, None)], duration=600.0)
    figure = timeline_figure(compare(long_one, coding("S01", [(ATTENTIVE, 10.0, None)])))
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert "1:00" in ticks and "10:00" in ticks and "0:10" not in ticks
    assert len(ticks) <= 14


# ---------------------------------------------------------------- confusion_figure
def test_the_confusion_heatmap_writes_every_count() -> None:
    result = compare(TRAINEE, SUPERVISOR)
    table, coder, reference = confusion_table(result)
    assert (coder, reference) == ("T07", "S01")
    assert table.loc[GUIDING, "receiving-initiatives"] == 1  # named differently at 0:30
    assert table.loc[GUIDING, "NIL"] == 1  # the miss at 0:50
    assert table.loc["NIL", ATTENTIVE] == 1  # the extra at 0:40
    figure = confusion_figure(result)
    axes = figure.axes[0]
    rows = [t.get_text() for t in axes.get_yticklabels()]
    columns = [t.get_text() for t in axes.get_xticklabels()]
    assert rows == ["Being attentive", "Encouraging initiatives", "Receiving initiatives",
                    "Guiding", "not tagged by S01"]  # fmt: skip
    assert columns[-1] == "not tagged by T07" and len(columns) == len(rows)
    cells = [t.get_text() for t in axes.texts]
    assert cells.count("1") == 5 and cells.count("–") == 1  # NIL × NIL is not a moment
    assert len([p for p in axes.patches if str(p.get_gid()).startswith("same-code:")]) == 4
    assert axes.get_xlabel() == "What T07 tagged" and axes.get_ylabel() == "What S01 tagged"


def test_a_group_heatmap_adds_up_every_coder() -> None:
    other = coding("T09", [(ENCOURAGING, 4.5, None), (GUIDING, 49.0, None)])
    group = compare_many([TRAINEE, other, SUPERVISOR], reference="S01")
    table, coder, _ = confusion_table(group)
    assert coder == "the 2 coders"
    assert table.to_numpy().sum() == sum(
        c.confusion().to_numpy().sum() for c in group.against_reference.values()
    )
    assert "Which code the 2 coders and S01 gave the same moments" in texts(confusion_figure(group))


def test_a_group_heatmap_needs_a_reference() -> None:
    with pytest.raises(VigkitError, match="needs a reference"):
        confusion_figure(compare_many([TRAINEE, SUPERVISOR]))


# ---------------------------------------------------------------- saving
@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_figures_save_atomically_and_reproducibly(tmp_path: Path, suffix: str) -> None:
    result = compare(TRAINEE, SUPERVISOR)
    first = save_figure(timeline_figure(result), tmp_path / f"one{suffix}").read_bytes()
    second = save_figure(timeline_figure(result), tmp_path / f"two{suffix}").read_bytes()
    assert first == second and len(first) > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"one{suffix}", f"two{suffix}"]


def test_saving_refuses_unknown_formats_and_missing_folders(tmp_path: Path) -> None:
    figure = timeline_figure(compare(TRAINEE, SUPERVISOR))
    with pytest.raises(VigkitError, match=r"figure.jpg: a figure can be saved as .png, .svg"):
        save_figure(figure, tmp_path / "figure.jpg")
    with pytest.raises(VigkitError, match="does not exist"):
        save_figure(figure, tmp_path / "nowhere" / "figure.png")
    assert list(tmp_path.iterdir()) == []


def test_inline_svg_is_labelled_for_screen_readers() -> None:
    markup = svg_markup(timeline_figure(compare(TRAINEE, SUPERVISOR)), 'Tags & "you"', "chart")
    expected = '<svg role="img" aria-label="Tags &amp; &quot;you&quot;" class="chart"'
    assert markup.startswith(expected)
    assert "<?xml" not in markup and 'href="http' not in markup  # nothing fetched


def test_the_compare_command_saves_the_figures(tmp_path: Path) -> None:
    TRAINEE.to_csv(tmp_path / "t.csv")
    SUPERVISOR.to_csv(tmp_path / "s.csv")
    run = [sys.executable, "-m", "vigkit", "compare", "t.csv", "s.csv"]
    done = subprocess.run([*run, "--timeline", "line.svg", "--confusion", "heat.png"],
                          cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "saved line.svg" in done.stderr and "saved heat.png" in done.stderr
    assert (tmp_path / "line.svg").read_text().lstrip().startswith("<?xml")
    assert Image.open(tmp_path / "heat.png").size[0] > 500
    typo = subprocess.run([*run, "--timeline", "line.jpeg"], cwd=tmp_path, capture_output=True,
                          text=True)  # fmt: skip
    assert typo.returncode == 2 and "line.jpeg: a figure can be saved as" in typo.stderr
    assert typo.stdout == "" and "Traceback" not in typo.stderr  # refused before any work
