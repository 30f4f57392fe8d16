"""Who needs help with which principle: the verdicts and their thresholds, the counts behind
them, the strengths-first summary, the group's agreement table, loading a group's folder,
the exported workbook and the movement line (vigkit.supervision.needs,
vigkit.supervision, vigkit.views.movement)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from vigkit import Coding, VigkitError, compare_many
from vigkit.supervision.group import (
    export_group_summary,
    film_for,
    find_folder,
    group_summary,
    group_timeline,
    load_group,
    read_group,
)
from vigkit.supervision.needs import (
    DEVELOPING,
    SECURE,
    SYMBOLS,
    VERDICTS,
    GroupHelp,
    agreement_table,
    help_table,
    trainee_comparison,
    verdict,
)
from vigkit.views.motion import MotionEnergy
from vigkit.views.movement import binned, movement_figure, movement_picture

ATTENTIVE = "being-attentive"
ENCOURAGING = "encouraging-initiatives"
RECEIVING = "receiving-initiatives"
GUIDING = "guiding"
CLIP = "home-play"

Event = tuple[str, float]


def coding(coder: str, events: list[Event], role: str = "trainee", clip: str = CLIP) -> Coding:
    return Coding(
        [
            {
                "id": f"{coder}-{n}",
                "clip": clip,
                "coder": coder,
                "role": role,
                "code": code,
                "onset": onset,
                "offset": onset,
            }
            for n, (code, onset) in enumerate(events)
        ],
        duration=60.0,
    )


#: The supervisor: 4 receiving moments, 2 attentive, 1 guiding.
SUPERVISOR = coding(
    "S01",
    [(ATTENTIVE, 2.0), (RECEIVING, 8.0), (RECEIVING, 14.0), (RECEIVING, 20.0), (RECEIVING, 26.0),
     (ATTENTIVE, 32.0), (GUIDING, 40.0)],
    role="supervisor",
)  # fmt: skip
#: Finds everything, names everything the same: secure everywhere.
STRONG = coding(
    "T01",
    [(ATTENTIVE, 2.2), (RECEIVING, 8.1), (RECEIVING, 14.3), (RECEIVING, 20.0), (RECEIVING, 26.4),
     (ATTENTIVE, 32.5), (GUIDING, 40.1)],
)  # fmt: skip
#: Names receiving as encouraging (3 of 4), misses guiding, one extra tag, tags 1 s late.
LEARNING = coding(
    "T02",
    [(ATTENTIVE, 3.0), (ENCOURAGING, 9.0), (ENCOURAGING, 15.0), (ENCOURAGING, 21.0),
     (RECEIVING, 27.0), (ATTENTIVE, 33.0), (ATTENTIVE, 50.0)],
)  # fmt: skip


@pytest.fixture(scope="module")
def group_help() -> GroupHelp:
    return help_table(compare_many([STRONG, LEARNING, SUPERVISOR], reference="S01"))


# ------------------------------------------------------------------ verdicts
@pytest.mark.parametrize(
    ("same", "of", "expected"),
    [
        (4, 4, "secure"), (3, 4, "secure"), (7, 9, "secure"), (2, 3, "developing"),
        (2, 4, "developing"), (1, 3, "needs support"), (0, 4, "needs support"),
        (1, 1, "secure"), (0, 1, "needs support"), (0, 0, None),
    ],
)  # fmt: skip
def test_the_verdict_thresholds(same: int, of: int, expected: str | None) -> None:
    assert verdict(same, of) == expected
    assert (SECURE, DEVELOPING) == (0.75, 0.5)
    assert VERDICTS == ("secure", "developing", "needs support")


def test_counts_per_trainee_and_principle(group_help: GroupHelp) -> None:
    assert group_help.trainees == ("T01", "T02") and group_help.reference == "S01"
    assert group_help.principles == (ATTENTIVE, RECEIVING, GUIDING)  # only those marked
    receiving = group_help.cell("T02", RECEIVING)
    assert (receiving.of, receiving.found, receiving.same) == (4, 4, 1)
    assert receiving.named_differently == 3 and receiving.named_as == ((ENCOURAGING, 3),)
    assert receiving.mostly_named_as == ENCOURAGING
    assert receiving.share_same == 0.25 and receiving.verdict == "needs support"
    attentive = group_help.cell("T02", ATTENTIVE)
    assert (attentive.of, attentive.same, attentive.extra) == (2, 2, 1)
    assert attentive.verdict == "secure"  # an extra tag never counts against anyone
    guiding = group_help.cell("T02", GUIDING)
    assert (guiding.found, guiding.verdict) == (0, "needs support")
    assert all(c.verdict == "secure" for c in group_help.cells if c.trainee == "T01")
    with pytest.raises(VigkitError, match="the trainees are T01, T02"):
        group_help.cell("T09", RECEIVING)


def test_tables_for_people_and_machines(group_help: GroupHelp) -> None:
    table = group_help.table
    assert len(table) == 6 and list(table["trainee"]).count("T02") == 3
    assert {"of", "found", "same", "extra", "share_same", "verdict"} <= set(table.columns)
    totals = group_help.per_trainee
    assert totals.loc["T02", "found"] == 6 and totals.loc["T02", "extra"] == 1
    assert totals.loc["T02", "typical_lateness"] == pytest.approx(1.0)
    assert totals.loc["T01", "secure"] == 3 and totals.loc["T02", "needs_support"] == 2
    grid = group_help.grid()
    assert list(grid.columns) == ["Being attentive", "Receiving initiatives", "Guiding"]
    assert grid.loc["T02", "Receiving initiatives"] == "○ needs support (1 of 4)"
    assert grid.loc["T01", "Guiding"] == f"{SYMBOLS['secure']} secure (1 of 1)"


def test_the_summary_puts_strengths_first(group_help: GroupHelp) -> None:
    text = group_help.summary_text()
    assert text == group_summary(group_help.group) == str(group_help)
    assert text.startswith("2 trainees coded home-play, compared with S01's 7 moments")
    sees_well = text.index("What the group sees well: everyone is secure on being attentive")
    assert sees_well < text.index("Each trainee's strengths:") < text.index("Where to help:")
    assert "- T01: secure on all 3 principles" in text
    assert "- T02: secure on being attentive" in text
    # the lowest share named the same comes first when as many need support
    assert (
        "- Guiding was the hardest: 1 of 2 needs support (T02).\n- Receiving initiatives: " in text
    )
    assert (
        "- Receiving initiatives: 1 of 2 needs support (T02). T02 named most of these moments "
        "as encouraging initiatives." in text
    )
    assert "T02 tends to tag about 1.0 s after S01" in text
    assert "did not mark" not in text  # one extra tag is not worth a note
    assert (
        text
        == help_table(compare_many([STRONG, LEARNING, SUPERVISOR], reference="S01")).summary_text()
    )


def test_a_secure_group_and_the_extra_tags_note() -> None:
    extra = [(ATTENTIVE, 47.0), (ATTENTIVE, 50.0), (ENCOURAGING, 53.0)]
    keen = coding("T05", [*((c, t + 0.2) for c, t in _events(SUPERVISOR)), *extra])
    text = help_table(compare_many([STRONG, keen, SUPERVISOR], reference="S01")).summary_text()
    assert "Where to help: nobody needs support – everyone is secure on every principle." in text
    assert "- T05 tagged 3 moments S01 did not mark: talk them through" in text


def test_without_a_secure_principle_the_best_one_is_named() -> None:
    quiet = coding("T03", [(RECEIVING, 8.0), (ATTENTIVE, 2.0)])
    shy = coding("T04", [(ATTENTIVE, 32.0)])
    text = help_table(compare_many([quiet, shy, SUPERVISOR], reference="S01")).summary_text()
    assert "What the group sees well: being attentive, where 2 of 2 are developing." in text
    assert "- T04: developing on being attentive" in text
    assert "- T03: developing on being attentive" in text


def test_a_supervisor_who_marked_nothing_yet() -> None:
    empty = Coding([], duration=60.0)
    helped = help_table(compare_many([STRONG, LEARNING], reference=empty))
    assert helped.principles == () and helped.cells == ()
    assert helped.summary_text().startswith(
        "reference marked no moments in home-play, so there is nothing for the 2 trainees"
    )
    assert "<table>" in helped._repr_html_()


def test_a_group_without_a_reference_is_refused() -> None:
    group = compare_many([STRONG, LEARNING])
    with pytest.raises(VigkitError, match=r"without the supervisor's coding.*reference="):
        help_table(group)
    with pytest.raises(VigkitError, match="without the supervisor's coding"):
        trainee_comparison(group, "T01")


def test_one_trainees_comparison() -> None:
    group = compare_many([STRONG, LEARNING, SUPERVISOR], reference="S01")
    assert trainee_comparison(group, "T02").coder_name == "T02"
    with pytest.raises(VigkitError, match="'T9' is not in this group; the trainees are T01, T02"):
        trainee_comparison(group, "T9")
    with pytest.raises(VigkitError, match="S01 is the reference"):
        trainee_comparison(group, "S01")


def test_the_table_reads_without_colour(group_help: GroupHelp) -> None:
    page = group_help._repr_html_()
    for word in ("secure", "needs support", "found 4 of 4, 1 named the same"):
        assert word in page
    assert "3 as encouraging initiatives" in page and "1 extra tag" in page
    assert "● secure · ◐ developing · ○ needs support" in page
    assert "<script" not in page and "data:" not in page


def test_the_agreement_table_explains_each_figure() -> None:
    group = compare_many([STRONG, LEARNING, SUPERVISOR], reference="S01")
    agreement = agreement_table(group)
    assert agreement.coders == tuple(group.pairwise_kappa.index)
    assert np.allclose(agreement.kappas, group.pairwise_kappa.to_numpy(dtype=float))
    means = agreement.means
    first = agreement.coders.index("T01")
    others = [agreement.kappas[first, j] for j in range(3) if j != first]
    assert means[first] == pytest.approx(sum(others) / 2)
    assert list(agreement.pairwise.columns) == [*agreement.coders, "mean"]
    lines = agreement.explanations()
    assert len(lines) == 3 and "alignment kappa" in lines[0] and "±2 s" in lines[0]
    assert f"Krippendorff's alpha for the whole group: {group.alpha:.2f}" in lines[2]
    assert "S01 (reference)" in str(agreement) and "S01 (reference)" in agreement._repr_html_()


# ------------------------------------------------------------------ loading a group
def write_group(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for piece in (STRONG, LEARNING, SUPERVISOR):
        piece.to_csv(folder / f"{CLIP}__{piece.coders[0]}.csv")
    (folder / "README.md").write_text("not a coding\n", encoding="utf-8")
    return folder


def test_load_group_reads_every_coding_of_the_film(tmp_path: Path) -> None:
    folder = write_group(tmp_path / "group")
    coding("T03", [(ATTENTIVE, 3.0)], clip="other-film").to_csv(folder / "other.csv")
    group = load_group(folder, film=CLIP, reference="S01", tolerance=1.5)
    assert set(group.coders) == {"S01", "T01", "T02"}
    assert set(group.against_reference) == {"T01", "T02"}
    assert group.against_reference["T01"].tolerance == 1.5
    assert [c.coders for c in read_group(folder, film=CLIP)] == [("S01",), ("T01",), ("T02",)]


def test_load_group_says_what_is_wrong(tmp_path: Path) -> None:
    folder = write_group(tmp_path / "group")
    with pytest.raises(VigkitError, match=r"no coding by 'S02'.*S01 \(supervisor\), T01, T02"):
        load_group(folder, film=CLIP, reference="S02")
    with pytest.raises(VigkitError, match="'home-pla' \\(did you mean 'home-play'\\?\\)"):
        load_group(folder, film="home-pla")
    coding("T03", [(ATTENTIVE, 3.0)], clip="other-film").to_csv(folder / "other.csv")
    with pytest.raises(VigkitError, match="of 2 films \\(home-play, other-film\\); set FILM"):
        load_group(folder)
    with pytest.raises(VigkitError, match="only one coder \\(T03\\)"):
        load_group(folder, film="other-film")
    (folder / "other.csv").unlink()
    STRONG.to_csv(folder / "T01-again.csv")
    with pytest.raises(VigkitError, match=r"T01 in T01-again\.csv, home-play__T01\.csv"):
        load_group(folder, film=CLIP)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(VigkitError, match="has no codings in it"):
        load_group(empty)
    with pytest.raises(VigkitError, match="cannot find the folder 'nowhere'"):
        load_group("nowhere", workspace=tmp_path / "ws")
    with pytest.raises(VigkitError, match="is a file"):
        find_folder(folder / "README.md")


def test_a_relative_folder_is_looked_for_in_the_workspace_and_the_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    write_group(workspace / "my-group")
    monkeypatch.chdir(tmp_path)
    assert find_folder("my-group", workspace=workspace) == (workspace / "my-group").resolve()
    assert find_folder("examples/group").name == "group"  # the course's example group
    here = write_group(tmp_path / "my-group")
    assert find_folder("my-group", workspace=workspace) == here.resolve()  # current folder first


def test_film_for_finds_the_practice_film_or_the_registered_one(tmp_path: Path) -> None:
    from vigkit import Workspace

    assert film_for("group-bridge-building", workspace=tmp_path / "none").name == (
        "group-bridge-building.mp4"
    )
    assert not (tmp_path / "none").exists()  # never made just to look in it
    film = tmp_path / "home.mp4"
    film.write_bytes(b"")
    Workspace(tmp_path / "ws").register_clip("home-play", source=film, duration=60.0)
    assert film_for("home-play", workspace=tmp_path / "ws") == film
    with pytest.raises(VigkitError, match="cannot find the film of 'elsewhere'"):
        film_for("elsewhere", workspace=tmp_path / "ws")


# ------------------------------------------------------------------ exporting
def test_the_summary_workbook(tmp_path: Path, group_help: GroupHelp) -> None:
    saved = export_group_summary(group_help, workspace=tmp_path)
    assert saved.path == tmp_path / "exports" / "home-play__group-summary.xlsx"
    assert saved.shown == "exports/home-play__group-summary.xlsx" and os.fspath(saved) == str(
        saved.path
    )
    assert repr(saved) == "Saved the summary of home-play as exports/home-play__group-summary.xlsx"
    assert [p.name for p in saved.path.parent.iterdir()] == [saved.path.name]  # no temp file
    book = load_workbook(saved.path)
    assert book.sheetnames == ["Summary", "Who needs help", "Details", "Trainees", "Agreement"]
    summary = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[0] == "Group summary: home-play, against S01's coding"
    assert summary[1 : 1 + len(group_help.summary_text().split("\n"))] == [
        line or None for line in group_help.summary_text().split("\n")
    ]
    grid = list(book["Who needs help"].iter_rows(values_only=True))
    assert grid[0] == ("trainee", "Being attentive", "Receiving initiatives", "Guiding")
    assert grid[2] == ("T02", "● secure (2 of 2)", "○ needs support (1 of 4)",
                       "○ needs support (0 of 1)")  # fmt: skip
    details = list(book["Details"].iter_rows(values_only=True))
    assert details[5][:8] == ("T02", "Receiving initiatives", RECEIVING, 4, 4, 1, 3,
                              "Encouraging initiatives (3)")  # fmt: skip
    assert details[5][9] == 0.25 and details[5][10] == "needs support"
    trainees = list(book["Trainees"].iter_rows(values_only=True))
    assert trainees[2][:5] == ("T02", 7, 6, 3, 1) and trainees[2][-3:] == (1, 0, 2)
    agreement = list(book["Agreement"].iter_rows(values_only=True))
    assert agreement[0][0] == "coder" and agreement[0][-1] == "mean"
    alpha_row = next(row for row in agreement if row[0] == "Krippendorff's alpha (whole group)")
    assert alpha_row[1] == pytest.approx(group_help.group.alpha)
    assert book["Details"].freeze_panes == "A2" and book["Details"].auto_filter.ref


def test_the_summary_workbook_elsewhere_and_from_a_group(tmp_path: Path) -> None:
    group = compare_many([STRONG, LEARNING, SUPERVISOR], reference="S01")
    target = tmp_path / "notes.xlsx"
    saved = export_group_summary(group, target, workspace=tmp_path / "ws")
    assert saved.path == target and saved.shown == "notes.xlsx" and target.is_file()
    with pytest.raises(VigkitError, match=r"name it …\.xlsx"):
        export_group_summary(group, tmp_path / "notes.csv")
    with pytest.raises(VigkitError, match="is not a folder"):
        export_group_summary(group, tmp_path / "missing" / "notes.xlsx")
    with pytest.raises(VigkitError, match="without the supervisor's coding"):
        export_group_summary(compare_many([STRONG, LEARNING]), target)


# ------------------------------------------------------------------ pictures
def test_the_group_timeline_is_a_picture_with_words(group_help: GroupHelp) -> None:
    picture = group_timeline(group_help.group)
    assert repr(picture).startswith("What 2 coders tagged, against S01")
    assert picture._repr_png_().startswith(b"\x89PNG")


def motion(values: list[float], fps: float = 10.0) -> MotionEnergy:
    energy = np.asarray(values, dtype=np.float32)[:, None, None] * np.ones((1, 2, 3), np.float32)
    times = (np.arange(len(values), dtype=np.float64) + 0.5) / fps
    return MotionEnergy(Path("home-play.mp4"), fps, len(values) / fps, energy, times)


def test_movement_is_averaged_per_second() -> None:
    moving = motion([0.0] * 10 + [0.5] * 10 + [0.1] * 5)
    times, values = binned(moving)
    assert times.tolist() == [0.5, 1.5, 2.5] and np.allclose(values, [0.0, 0.5, 0.1])
    halves, _ = binned(moving, 0.5)
    assert len(halves) == 5
    for bad in (0, -1.0, math.nan):
        with pytest.raises(VigkitError, match="seconds must be a number above 0"):
            binned(moving, bad)
    figure = movement_figure(moving)
    line = figure.axes[0].get_lines()[0].get_xydata()
    assert np.allclose(line, [[0.5, 0.0], [1.5, 0.5], [2.5, 0.1]])
    picture = movement_picture(moving)
    assert repr(picture) == (
        "How much the picture moves in home-play, second by second: most movement around "
        "0:01, stillest around 0:00."
    )
    assert picture._repr_png_().startswith(b"\x89PNG")


def _events(piece: Coding) -> list[Event]:
    return [(str(e["code"]), float(e["onset"])) for e in piece.to_records()]
