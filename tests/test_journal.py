"""The tagging journal: replay, undo, torn last lines, damage, several writers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigkit import Journal, JournalError, VigkitError, VigkitWarning, replay
from vigkit.core.errors import CodingError


def new_journal(tmp_path: Path, **kwargs: object) -> Journal:
    return Journal(tmp_path / "c1" / "T07.journal.jsonl", clip="c1", coder="T07", **kwargs)  # type: ignore[arg-type]


def codes_and_notes(journal_or_path: Journal | Path) -> list[tuple[str, float, str]]:
    coding = (
        journal_or_path.coding if isinstance(journal_or_path, Journal) else replay(journal_or_path)
    )
    return [(e["code"], e["onset"], e["note"]) for e in coding.to_records()]


def test_add_returns_the_saved_event_and_replay_gives_it_back(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    event = journal.add("guiding", "0:10.5", 12, subject="adult", note="offers a choice")
    assert event["code"] == "guiding" and event["onset"] == 10.5 and event["offset"] == 12.0
    assert event["clip"] == "c1" and event["coder"] == "T07" and event["role"] == "trainee"
    again = replay(journal.path)
    assert again.to_records() == journal.coding.to_records()
    assert again.to_records()[0] == {**event}


def test_every_operation_is_one_line_on_disk_before_the_call_returns(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    first = journal.add("waiting", 1)
    assert len(journal.path.read_text().splitlines()) == 2  # header + add
    journal.edit_note(first["id"], "waits for her to look up")
    journal.delete(first["id"])
    journal.undo()
    ops = [json.loads(line)["op"] for line in journal.path.read_text().splitlines()[1:]]
    assert ops == ["add", "edit-note", "delete", "undo"]
    assert codes_and_notes(journal.path) == [
        ("encouraging-initiatives.waiting", 1.0, "waits for her to look up")
    ]


def test_undo_walks_back_through_adds_deletes_and_notes(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    a = journal.add("waiting", 1)
    b = journal.add("guiding", 2)
    journal.edit_note(a["id"], "first note")
    journal.delete(b["id"])
    assert journal.undo() == "brought back the tag Guiding at 0:02.00"
    assert journal.undo() == "put back the earlier note on Waiting at 0:01.00"
    assert codes_and_notes(journal) == [
        ("encouraging-initiatives.waiting", 1.0, ""),
        ("guiding", 2.0, ""),
    ]
    assert journal.undo() == "removed the tag Guiding at 0:02.00"
    assert journal.undo() == "removed the tag Waiting at 0:01.00"
    assert journal.undo() is None
    assert not journal.can_undo
    assert len(replay(journal.path)) == 0


def test_a_rejected_tag_is_not_written(tmp_path: Path) -> None:
    journal = new_journal(tmp_path, duration=30.0)
    before = journal.path.read_bytes()
    with pytest.raises(CodingError) as caught:
        journal.add("waitng", 31)
    message = str(caught.value)
    assert "the tag was not saved" in message
    assert "did you mean 'encouraging-initiatives.waiting'" in message
    assert "past the end of the clip (0:30.00)" in message
    assert journal.path.read_bytes() == before
    with pytest.raises(VigkitError, match="no event with id 'nope'"):
        journal.delete("nope")
    assert journal.path.read_bytes() == before


def test_reopening_checks_the_journal_belongs_to_that_clip_and_coder(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    journal.add("guiding", 1)
    with pytest.raises(JournalError, match="this journal is for coder 'T07', not 'T08'"):
        Journal(journal.path, clip="c1", coder="T08")
    reopened = Journal.open(journal.path)
    assert (reopened.clip, reopened.coder, len(reopened.coding)) == ("c1", "T07", 1)


def test_coder_ids_must_be_pseudonyms_fit_for_file_names(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="coder ids are pseudonyms"):
        Journal(tmp_path / "x.journal.jsonl", clip="c1", coder="Jane Smith")


@pytest.mark.parametrize("keep", ["all-but-newline", "half", "one-byte", "garbage"])
def test_a_torn_last_line_is_dropped_with_a_warning_and_nothing_else_is_lost(
    tmp_path: Path, keep: str
) -> None:
    journal = new_journal(tmp_path)
    for second in range(3):
        journal.add("guiding", second)
    saved = journal.path.read_bytes()
    journal.add("waiting", 9)
    last = journal.path.read_bytes()[len(saved) :]
    torn = {
        "all-but-newline": last[:-1],
        "half": last[: len(last) // 2],
        "one-byte": last[:1],
        "garbage": b"\x00" * 40 + b"\n",
    }[keep]
    journal.path.write_bytes(saved + torn)

    with pytest.warns(VigkitWarning, match="line 5.* cut off by a crash"):
        coding = replay(journal.path)
    assert [e["onset"] for e in coding.to_records()] == [0.0, 1.0, 2.0]
    assert journal.path.read_bytes() == saved + torn  # reading changes nothing

    with pytest.warns(VigkitWarning, match="cut off by a crash"):
        writer = Journal.open(journal.path)
    writer.add("waiting", 10)
    assert [e["onset"] for e in replay(journal.path).to_records()] == [0.0, 1.0, 2.0, 10.0]


def test_every_cut_through_the_last_line_replays_to_the_earlier_events(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    journal.add("guiding", 1, note='ä note with unicode and "quotes"')
    saved = journal.path.read_bytes()
    journal.add("waiting", 2)
    full = journal.path.read_bytes()
    for cut in range(len(saved) + 1, len(full)):
        journal.path.write_bytes(full[:cut])
        with pytest.warns(VigkitWarning):
            assert [e["onset"] for e in replay(journal.path).to_records()] == [1.0]
    journal.path.write_bytes(full)
    assert len(replay(journal.path)) == 2


def test_damage_before_the_last_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    for second in range(3):
        journal.add("guiding", second)
    lines = journal.path.read_text().splitlines(keepends=True)
    lines[2] = '{"seq": 2, "op": "add", "event": {"code": "guiding"\n'
    journal.path.write_text("".join(lines))
    before = journal.path.read_bytes()
    with pytest.raises(JournalError) as caught:
        replay(journal.path)
    assert "line 3" in str(caught.value) and "damaged" in str(caught.value)
    with pytest.raises(JournalError):
        Journal.open(journal.path)
    assert journal.path.read_bytes() == before  # never "repaired" behind the user's back


def test_an_edited_journal_with_an_unknown_code_is_refused(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    journal.add("guiding", 1)
    journal.add("guiding", 2)
    text = journal.path.read_text().replace('"code":"guiding"', '"code":"bogus"', 1)
    journal.path.write_text(text)
    with pytest.raises(JournalError, match=r"line 2.*unknown code 'bogus'"):
        replay(journal.path)


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.journal.jsonl"
    path.write_text("clip,coder,code,onset\n")
    with pytest.raises(JournalError, match="not a vigkit journal"):
        replay(path)


def test_two_writers_on_one_journal_see_each_other(tmp_path: Path) -> None:
    first = new_journal(tmp_path)
    second = Journal.open(first.path)
    a = first.add("guiding", 1)
    b = second.add("waiting", 2)
    first.delete(b["id"])  # first catches up with second's tag before deleting it
    second.edit_note(a["id"], "seen by both")
    assert codes_and_notes(first) == codes_and_notes(second) == [("guiding", 1.0, "seen by both")]
    seqs = [json.loads(line)["seq"] for line in first.path.read_text().splitlines()[1:]]
    assert seqs == [1, 2, 3, 4]


def test_a_complete_but_wrong_last_line_is_damage_not_a_crash(tmp_path: Path) -> None:
    """Only a cut-short or non-JSON last line can come from a crash; a well-formed line
    that does not apply (a bad hand edit) is reported, never cut off."""
    journal = new_journal(tmp_path)
    journal.add("guiding", 1)
    journal.add("guiding", 2)
    lines = journal.path.read_text().splitlines(keepends=True)
    lines[-1] = lines[-1].replace('"code":"guiding"', '"code":"bogus"')
    journal.path.write_text("".join(lines))
    before = journal.path.read_bytes()
    with pytest.raises(JournalError, match=r"line 3.*unknown code 'bogus'"):
        replay(journal.path)
    with pytest.raises(JournalError, match="line 3"):
        Journal.open(journal.path)
    assert journal.path.read_bytes() == before


def test_each_handle_undoes_only_its_own_changes_and_can_redo_them(tmp_path: Path) -> None:
    tab_a = new_journal(tmp_path)
    tab_b = Journal.open(tab_a.path)
    assert tab_a.writer != tab_b.writer
    a = tab_a.add("guiding", 1)
    b = tab_b.add("waiting", 2)
    assert tab_a.undo() == "removed the tag Guiding at 0:01.00"
    assert [e["id"] for e in tab_b.coding.to_records()] == [b["id"]]  # B's tag stays
    assert tab_a.undo() is None and not tab_a.can_undo and tab_a.can_redo
    assert tab_a.redo() == "put back the tag Guiding at 0:01.00"
    assert tab_a.redo() is None
    assert {e["id"] for e in replay(tab_a.path).to_records()} == {a["id"], b["id"]}
    # redo walks forward through deletes and notes too; a new change clears redo
    tab_b.edit_note(a["id"], "B's note on A's tag")
    tab_b.delete(b["id"])
    assert tab_b.undo() == "brought back the tag Waiting at 0:02.00"
    assert tab_b.undo() == "put back the earlier note on Guiding at 0:01.00"
    assert tab_b.redo() == "put the later note back on Guiding at 0:01.00"
    assert tab_b.can_redo
    tab_b.add("guiding", 5)
    assert not tab_b.can_redo
    ops = [json.loads(line) for line in tab_a.path.read_text().splitlines()[1:]]
    assert [(op["op"], op["by"] == tab_a.writer) for op in ops[:4]] == [
        ("add", True),
        ("add", False),
        ("undo", True),
        ("redo", True),
    ]


def test_an_undo_never_overrides_what_another_tab_did_since(tmp_path: Path) -> None:
    """If another writer has changed or deleted the tag since, undo (and then redo) leave
    it alone and say so; the journal still replays to what both tabs see."""
    tab_a = new_journal(tmp_path)
    tab_b = Journal.open(tab_a.path)
    a = tab_a.add("guiding", 1)
    tab_b.edit_note(a["id"], "B's note")
    assert (
        tab_a.undo() == "undid nothing: the tag Guiding at 0:01.00 was changed in another tab since"
    )
    assert codes_and_notes(tab_a.path) == [("guiding", 1.0, "B's note")]
    assert (
        tab_a.redo() == "redid nothing: the tag Guiding at 0:01.00 was changed in another tab since"
    )
    tab_b.delete(a["id"])
    assert tab_b.undo() == "brought back the tag Guiding at 0:01.00"
    assert codes_and_notes(tab_a) == codes_and_notes(tab_b) == [("guiding", 1.0, "B's note")]


def test_the_same_writer_carries_on_undoing_after_a_restart(tmp_path: Path) -> None:
    first = new_journal(tmp_path, writer="notebook-1")
    first.add("guiding", 1)
    first.add("waiting", 2)
    first.undo()
    again = Journal.open(first.path, writer="notebook-1")
    assert again.redo() == "put back the tag Waiting at 0:02.00"
    assert again.undo() == "removed the tag Waiting at 0:02.00"
    assert again.undo() == "removed the tag Guiding at 0:01.00"
    assert not Journal.open(first.path).can_undo  # a new writer has nothing of its own
    with pytest.raises(JournalError, match="'tab 1' cannot be used as a writer id"):
        Journal.open(first.path, writer="tab 1")


def test_a_journal_from_before_writer_ids_reads_and_is_one_writer(tmp_path: Path) -> None:
    """Older journals have no "by": they replay as before (one undo stack for all), and a
    new writer appends to them without touching their undo history."""
    path = tmp_path / "old.journal.jsonl"
    event = {
        "id": "e1", "clip": "c1", "coder": "T07", "role": "trainee", "code": "guiding",
        "subject": "", "onset": 1.0, "offset": 1.0, "note": "", "created": "2026-03-01",
    }  # fmt: skip
    second = {**event, "id": "e2", "onset": 2.0, "offset": 2.0}
    lines = [
        {"journal": "vigkit", "format": 1, "clip": "c1", "coder": "T07", "role": "trainee",
         "scheme": "attuned-interactions", "scheme_version": "1.0", "created": "…"},
        {"seq": 1, "op": "add", "at": "…", "event": event},
        {"seq": 2, "op": "add", "at": "…", "event": second},
        {"seq": 3, "op": "edit-note", "at": "…", "id": "e1", "note": "n", "previous": ""},
        {"seq": 4, "op": "undo", "at": "…", "target": 3},
        {"seq": 5, "op": "undo", "at": "…", "target": 2},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert codes_and_notes(path) == [("guiding", 1.0, "")]
    journal = Journal.open(path)
    assert not journal.can_undo
    journal.add("waiting", 3)
    assert journal.undo() == "removed the tag Waiting at 0:03.00"
    assert journal.undo() is None  # e1 was added by the older kit's writer, not this one
    assert codes_and_notes(path) == [("guiding", 1.0, "")]
