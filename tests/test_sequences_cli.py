"""``vigkit sequences`` run for real, and the notebook steps links_and_turns and
group_sequences on real files."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from pathlib import Path

import pytest

from vigkit.cli.main import main
from vigkit.core.errors import VigkitError
from vigkit.course import Note, SequenceView, group_sequences, links_and_turns

#: (id, code, subject, onset, answers): a chain of three turns, an initiative received
#: 1 s after, one answered too late (5 s) and one nobody answered.
TAGS = [
    ("a1", "encouraging-initiatives", "child", 1.0, ""),
    ("a2", "receiving-initiatives", "adult", 2.0, "a1"),
    ("a3", "being-attentive", "child", 3.0, "a2"),
    ("b1", "guiding", "child", 10.0, ""),
    ("b2", "receiving-initiatives", "adult", 15.0, "b1"),
    ("c1", "being-attentive", "child", 20.0, ""),
]


def write_coding(path: Path, coder: str, clip: str = "home-play", tags=TAGS) -> Path:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "clip", "coder", "code", "subject", "onset", "answers"])
        for tag, code, subject, onset, answers in tags:
            answer = f"{coder}-{answers}" if answers else ""
            writer.writerow([f"{coder}-{tag}", clip, coder, code, subject, onset, answer])
    return path


def test_the_command_prints_chains_initiatives_and_steps_and_writes_every_figure(
    tmp_path: Path,
) -> None:
    one = write_coding(tmp_path / "T01.csv", "T01")
    two = write_coding(tmp_path / "T02.csv", "T02", tags=TAGS[:3])
    out = tmp_path / "tables" / "steps.csv"
    done = subprocess.run(
        [sys.executable, "-m", "vigkit", "sequences", str(one), str(two), "--within", "4",
         "--csv", str(out)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert f"{one}: T01 on home-play (6 tags)" in text
    assert "Linked turns: 1 chain of three or more turns, and 1 shorter one; the longest ran 3 " \
        "turns from 0:01." in text  # fmt: skip
    assert "Initiatives: 2 of 5 initiatives received within 4 s (40%)" in text
    assert "before \\ after" in text and "Across the files:" in text
    assert "T02: 1 film, 2 transitions." in text
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["scope"] for row in rows} == {"film", "coder", "group"}
    six = 6 * 6
    assert len(rows) == 2 * six + 2 * six + six
    group = [row for row in rows if row["scope"] == "group"]
    assert sum(int(row["count"]) for row in group) == 5 + 2
    step = next(r for r in rows if r["name"] == "T01 on home-play" and r["before"] ==
                "encouraging-initiatives" and r["after"] == "receiving-initiatives")  # fmt: skip
    assert step["count"] == "1" and step["probability"] == "1.0"
    empty = next(r for r in rows if r["scope"] == "film" and r["before"] == "deepening-discussion")
    assert empty["probability"] == "" and empty["adjusted_residual"] == ""  # never tagged


def status_of(argv: list[str]) -> int:
    """The exit status of ``vigkit ARGV`` run in this process (argparse exits itself)."""
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--initiators", " , "], "--initiators: name at least one subject"),
        (["--within", "-1"], "--within"),
        (["--within", "nan"], "--within"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], said: str
) -> None:
    coding = write_coding(tmp_path / "T01.csv", "T01")
    assert status_of(["sequences", str(coding), *extra]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_bad_files_exit_2_naming_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("clip,coder,code,onset\n", encoding="utf-8")
    assert main(["sequences", str(empty)]) == 2
    err = capsys.readouterr().err
    assert f"{empty}: no tags in any file" in err
    assert main(["sequences", str(tmp_path)]) == 2
    assert "this is a folder" in capsys.readouterr().err
    broken = write_coding(tmp_path / "broken.csv", "T01", tags=[*TAGS, ("d", "guiding", "adult",
                          30.0, "nowhere")])  # fmt: skip
    assert main(["sequences", str(broken)]) == 2
    assert str(broken) in capsys.readouterr().err


def test_links_and_turns_for_a_trainee(tmp_path: Path) -> None:
    assert isinstance(links_and_turns("home-play", "T01", tmp_path), Note)
    write_coding(tmp_path / "codings" / "home-play" / "T01.csv", "T01")
    view = links_and_turns("home-play", "T01", tmp_path, within=4, initiators="child")
    assert isinstance(view, SequenceView)
    lines = view.text.split("\n\n")
    assert lines[0] == "Your coding of home-play: 6 tags."
    assert lines[1].startswith("Linked turns: 1 chain of three or more turns")
    assert lines[2].startswith("Initiatives: 2 of 5 initiatives received within 4 s")
    assert "How to read the table" in view.text
    page = view._repr_html_()
    assert "<table>" in page and "Encouraging initiatives" in page


def test_group_sequences_for_a_supervisor(tmp_path: Path) -> None:
    folder = tmp_path / "group"
    write_coding(folder / "T01.csv", "T01")
    write_coding(folder / "T02.csv", "T02", tags=TAGS[:3])
    view = group_sequences(folder, film="home-play", within=4)
    text = view.text
    assert text.startswith("2 codings of home-play. The longest chain of turns: 3, in T01's")
    listed = text.split("first:\n")[1].split("\n\n")[0].splitlines()
    assert listed == [  # the most received first: T02 received its only initiative
        "- T02: 2 of 3 initiatives received; 1 chain, the longest 3 turns",
        "- T01: 2 of 5 initiatives received; 2 chains, the longest 3 turns",
    ]
    assert "mean adjusted residual" in view._repr_html_()


def test_links_made_in_a_journal_count_and_a_deleted_initiative_takes_its_link_along(
    tmp_path: Path,
) -> None:
    from vigkit.coding import Workspace

    journal = Workspace(tmp_path).journal("home-play", "T01")
    first = journal.add("encouraging-initiatives", 4.0, subject="child")
    reply = journal.add("receiving-initiatives", 5.0, subject="adult")
    journal.link(reply["id"], first["id"])
    journal.add("being-attentive", 6.0, subject="child", answers=reply["id"])
    view = links_and_turns("home-play", "T01", tmp_path)
    assert "the longest ran 3 turns from 0:04" in view.text
    journal.delete(first["id"])  # the reply loses its link; the child's answer keeps its own
    view = links_and_turns("home-play", "T01", tmp_path)
    assert "1 chain of two turns (an initiative received): the longest ran 2 turns from 0:05" \
        in view.text  # fmt: skip


def test_without_links_the_steps_come_first_then_how_to_link(tmp_path: Path) -> None:
    unlinked = [(tag, code, subject, onset, "") for tag, code, subject, onset, _ in TAGS]
    write_coding(tmp_path / "codings" / "home-play" / "T01.csv", "T01", tags=unlinked)
    paragraphs = links_and_turns("home-play", "T01", tmp_path).text.split("\n\n")
    assert paragraphs[1] == (  # the strength first: what followed what
        "Steps that came more often than chance: Being attentive → Guiding (once, z = 2.2); "
        "Receiving initiatives → Being attentive (2 times, z = 2.2). No step starts from "
        "Developing attuned interactions and Deepening discussion here, so their rows have no "
        "probabilities or residuals (shown as –)."
    )
    assert paragraphs[2].startswith("Initiatives: 4 initiatives noted; none was received")
    assert paragraphs[3].startswith("Linked turns: No linked turns yet")


def test_an_empty_file_among_others_is_said_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("clip,coder,code,onset\n", encoding="utf-8")
    coding = write_coding(tmp_path / "T01.csv", "T01")
    assert main(["sequences", str(empty), str(coding)]) == 0
    out = capsys.readouterr().out
    assert f"{empty}: no tags yet, so nothing to count." in out
    assert f"{coding}: T01 on home-play (6 tags)" in out and "Across the files" not in out


@pytest.mark.parametrize("within", [-1, math.nan, "3"])
def test_a_bad_within_in_a_notebook_is_said_plainly(tmp_path: Path, within: object) -> None:
    with pytest.raises(VigkitError, match="WITHIN must be a number of seconds"):
        links_and_turns("home-play", "T01", tmp_path, within=within)  # type: ignore[arg-type]


def test_group_sequences_takes_the_group_notebook_07_loaded(tmp_path: Path) -> None:
    from vigkit.course import load_group

    folder = tmp_path / "group"
    write_coding(folder / "T01.csv", "T01")
    write_coding(folder / "T02.csv", "T02", tags=TAGS[:3])
    group = load_group(folder, film="home-play", reference="T01", workspace=tmp_path)
    assert group_sequences(group).text == group_sequences(folder, film="home-play").text
    with pytest.raises(VigkitError, match="give the film the group coded"):
        group_sequences(folder)


def test_turns_over_cycles_follows_a_trainee_from_cycle_to_cycle(tmp_path: Path) -> None:
    from vigkit.course import my_record, turns_over_cycles
    from vigkit.reflection import load_record, save_record, set_film

    record = my_record("T01", "vig-trainee", workspace=tmp_path)
    first = turns_over_cycles(record)
    assert isinstance(first, Note) and "None of your cycles has a tagged film yet" in first.text
    data = set_film(set_film(load_record(record.path), 1, "home-play"), 2, "park-play")
    save_record(data, record.path)
    write_coding(tmp_path / "codings" / "home-play" / "T01.csv", "T01")
    write_coding(tmp_path / "codings" / "park-play" / "T01.csv", "T01", "park-play", TAGS[:3])
    view = turns_over_cycles(record, within=4)
    assert isinstance(view, SequenceView)
    lines = view.text.splitlines()
    assert lines[0] == "Your films over 2 cycles, initiatives received within 4 s:"
    assert lines[1:4] == [
        "- Cycle 1 (home-play): 2 of 5 initiatives received; 2 chains, the longest 3 turns",
        "- Cycle 2 (park-play): 2 of 3 initiatives received; 1 chain, the longest 3 turns",
        "- Cycle 3: no film yet",
    ]
    assert "mean adjusted residual" in view._repr_html_()
