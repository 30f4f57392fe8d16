"""Tags that answer tags (the ``answers`` link): coding files, the journal and its replay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit import Coding, CodingError, Journal, JournalError, replay
from vigkit.coding.links import last_initiative


def tag(id: str, onset: float, **values: Any) -> dict[str, Any]:
    return {"id": id, "clip": "C1", "coder": "T01", "code": "guiding", "onset": onset, **values}


def new_journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "C1" / "T01.journal.jsonl", clip="C1", coder="T01")


def test_a_coding_keeps_links_and_writes_them_to_csv_and_back(tmp_path: Path) -> None:
    coding = Coding(
        [
            tag("i1", 1, subject="child", code="being-attentive"),
            tag("r1", 2, subject="adult", code="receiving-initiatives", answers="i1"),
            tag("r2", 3, subject="child", answers=" r1 "),
        ]
    )
    assert list(coding.events["answers"]) == ["", "i1", "r1"]
    again = Coding.read_csv(coding.to_csv(tmp_path / "c.csv"))
    assert again == coding
    assert Coding.read_jsonl(coding.to_jsonl(tmp_path / "c.jsonl")) == coding


def test_an_old_file_without_the_column_reads_with_no_links(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text("clip,coder,code,onset\nC1,T01,guiding,1\n", encoding="utf-8")
    assert list(Coding.read_csv(path).events["answers"]) == [""]


@pytest.mark.parametrize(
    ("rows", "row", "words"),
    [
        ([tag("a", 1, answers="gone")], 2, "no tag of this coding has that id"),
        ([tag("a", 1), tag("b", 0.5, answers="a")], 3, "which comes after it"),
        ([tag("a", 1, answers="a")], 2, "cannot answer itself"),
        ([tag("a", 1), tag("b", 2, coder="S01", answers="a")], 3, "same coding"),
        ([tag("a", 1, answers="b"), tag("b", 1, answers="a")], 2, "comes back to it"),
    ],
)
def test_a_file_with_a_link_that_cannot_stand_names_the_row(
    tmp_path: Path, rows: list[dict[str, Any]], row: int, words: str
) -> None:
    path = tmp_path / "links.csv"
    Coding([{k: v for k, v in r.items() if k != "answers"} for r in rows]).to_csv(path)
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    by_id = {line.split(",")[0]: line for line in text[1:]}
    lines = [text[0]]
    for r in rows:
        cells = by_id[r["id"]].split(",")
        cells[header.index("answers")] = str(r.get("answers", ""))
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CodingError) as caught:
        Coding.read_csv(path)
    message = str(caught.value)
    assert str(path) in message and f"row {row}, column 'answers'" in message
    assert words in message


def test_the_journal_links_unlinks_and_undoes_a_link(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    initiative = journal.add("being-attentive", 1, subject="child")
    reception = journal.add("receiving-initiatives", 2, subject="adult")
    linked = journal.link(reception["id"], initiative["id"])
    assert linked["answers"] == initiative["id"]
    assert (
        replay(journal.path).events.set_index("id")["answers"][reception["id"]]
        == (initiative["id"])
    )
    assert journal.undo() == "put back the earlier link of Receiving initiatives at 0:02.00"
    assert journal.coding.events["answers"].tolist() == ["", ""]
    assert journal.redo() == "linked Receiving initiatives at 0:02.00 again"
    journal.link(reception["id"], None)
    assert journal.coding.events["answers"].tolist() == ["", ""]
    ops = [json.loads(line)["op"] for line in journal.path.read_text().splitlines()[1:]]
    assert ops == ["add", "add", "link", "undo", "redo", "link"]


def test_deleting_the_initiative_unlinks_its_reception_and_undo_links_it_again(
    tmp_path: Path,
) -> None:
    journal = new_journal(tmp_path)
    initiative = journal.add("being-attentive", 1)
    reception = journal.add("receiving-initiatives", 2, answers=initiative["id"])
    journal.delete(initiative["id"])
    assert journal.coding.events["answers"].tolist() == [""]
    assert replay(journal.path).events["answers"].tolist() == [""]
    journal.undo()
    answers = journal.coding.events.set_index("id")["answers"]
    assert answers[reception["id"]] == initiative["id"]


@pytest.mark.parametrize(
    ("make_link", "words"),
    [
        (lambda j, a, b: j.link(a["id"], "no-such-tag"), "no tag of this coding has that id"),
        (lambda j, a, b: j.link(a["id"], b["id"]), "which comes after it"),
        (lambda j, a, b: j.add("guiding", 3, answers="gone"), "no tag of this coding"),
    ],
)
def test_the_journal_refuses_a_link_it_could_not_replay_and_writes_nothing(
    tmp_path: Path, make_link: Any, words: str
) -> None:
    journal = new_journal(tmp_path)
    first, second = journal.add("guiding", 1), journal.add("guiding", 2)
    before = journal.path.read_bytes()
    with pytest.raises(CodingError) as caught:
        make_link(journal, first, second)
    assert str(journal.path) in str(caught.value) and words in str(caught.value)
    assert journal.path.read_bytes() == before


def test_a_deleted_tag_cannot_be_linked_to(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    first, second = journal.add("guiding", 1), journal.add("guiding", 2)
    journal.delete(first["id"])
    with pytest.raises(CodingError, match="deleted or undone"):
        journal.link(second["id"], first["id"])


def test_a_hand_edited_link_to_a_missing_tag_is_damage_on_its_line(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    a = journal.add("guiding", 1)
    with open(journal.path, "a", encoding="utf-8") as handle:
        op = {"seq": 2, "op": "link", "id": a["id"], "answers": "zz", "previous": "", "by": "w1"}
        handle.write(json.dumps(op) + "\n")
    with pytest.raises(JournalError) as caught:
        replay(journal.path)
    assert "line 3" in str(caught.value) and "no tag of this coding" in str(caught.value)


def test_a_journal_written_before_links_still_replays(tmp_path: Path) -> None:
    journal = new_journal(tmp_path)
    journal.add("guiding", 1, event_id="e1")
    lines = journal.path.read_text(encoding="utf-8").splitlines()
    op = json.loads(lines[1])
    del op["event"]["answers"]
    journal.path.write_text("\n".join([lines[0], json.dumps(op)]) + "\n", encoding="utf-8")
    assert replay(journal.path).events["answers"].tolist() == [""]


def test_last_initiative_prefers_the_other_persons_latest_earlier_tag() -> None:
    events = [
        tag("c1", 1, subject="child"),
        tag("a1", 2, subject="adult"),
        tag("c2", 3, subject="child"),
        tag("later", 9, subject="child"),
    ]
    reception = tag("a2", 4, subject="adult")
    assert last_initiative([*events, reception], reception)["id"] == "c2"  # type: ignore[index]
    assert last_initiative(events[:2], tag("a9", 5, subject="adult"))["id"] == "c1"  # type: ignore[index]
    assert last_initiative(events[1:2], tag("x", 5))["id"] == "a1"  # type: ignore[index]
    assert last_initiative([], reception) is None
    assert last_initiative(events, tag("first", 0.5)) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(-1, 8)), min_size=1, max_size=9))
def test_every_link_the_journal_takes_replays_and_every_refusal_writes_nothing(
    tmp_path_factory: pytest.TempPathFactory, plan: list[tuple[int, int]]
) -> None:
    journal = new_journal(tmp_path_factory.mktemp("j"))
    made: list[dict[str, Any]] = []
    for onset, target in plan:
        answered = made[target]["id"] if 0 <= target < len(made) else ""
        before = journal.path.read_bytes()
        try:
            made.append(journal.add("guiding", onset, answers=answered))
        except CodingError:
            assert journal.path.read_bytes() == before
            assert any(m["id"] == answered and m["onset"] > onset for m in made)
    coding = replay(journal.path)
    assert coding == journal.coding
    ids = dict(zip(coding.events["id"], coding.events["onset"], strict=True))
    for answers, onset in zip(coding.events["answers"], coding.events["onset"], strict=True):
        assert not answers or ids[answers] <= onset


def linked_coding() -> Coding:
    return Coding(
        [
            tag("a", 1, subject="child", code="being-attentive"),
            tag("b", 2, subject="adult", code="receiving-initiatives", answers="a"),
        ],
        duration=10,
    )


def test_webvtt_and_excel_keep_links_and_elan_and_boris_say_they_leave_them_out(
    tmp_path: Path,
) -> None:
    from vigkit.core.errors import VigkitWarning
    from vigkit.formats.boris import write_boris
    from vigkit.formats.elan import write_eaf
    from vigkit.formats.spreadsheet import read_xlsx, write_xlsx
    from vigkit.formats.webvtt import read_vtt, write_vtt

    coding = linked_coding()
    vtt = read_vtt(write_vtt(coding, tmp_path / "c.vtt"), coder="T01", clip="C1")
    assert vtt.events["answers"].tolist() == ["", "a"]
    assert read_xlsx(write_xlsx(coding, tmp_path / "c.xlsx")).events["answers"].tolist() == [
        "",
        "a",
    ]
    for write, name, words in [(write_eaf, "c.eaf", "ELAN"), (write_boris, "c.boris", "BORIS")]:
        with pytest.warns(VigkitWarning) as caught:
            write(coding, tmp_path / name)
        [warning] = [w for w in caught if "answers" in str(w.message)]
        message = str(warning.message)
        assert name in message and words in message and "the 1 link " in message
        assert "is left out" in message


class LinkModel:
    """The reference model of tags with links: id -> (onset, answers), each writer's undo
    and redo stacks; an undo or redo that would make a loop of links does nothing."""

    def __init__(self, writers: int) -> None:
        self.tags: dict[str, tuple[float, str]] = {}
        self.undo: list[list[list[Any]]] = [[] for _ in range(writers)]
        self.redo: list[list[list[Any]]] = [[] for _ in range(writers)]

    def loops(self, tags: dict[str, tuple[float, str]], start: str) -> bool:
        seen, current = set(), start
        while True:
            answered = tags[current][1]
            if not answered or answered not in tags:
                return False
            if answered == start:
                return True
            if answered in seen:
                return False
            seen.add(current)
            current = answered

    def can_link(self, tag: str, answered: str) -> bool:
        if tag == answered or self.tags[answered][0] > self.tags[tag][0]:
            return False
        return not self.loops({**self.tags, tag: (self.tags[tag][0], answered)}, tag)

    def change(self, who: int, tag: str, after: tuple[float, str] | None) -> None:
        self.undo[who].append([tag, self.tags.get(tag), after, True])
        self.redo[who].clear()
        self.put(tag, after)

    def put(self, tag: str, value: tuple[float, str] | None) -> None:
        if value is None:
            self.tags.pop(tag, None)
        else:
            self.tags[tag] = value

    def step(self, who: int, undo: bool) -> None:
        source, target = (self.undo, self.redo) if undo else (self.redo, self.undo)
        if not source[who]:
            return
        change = source[who].pop()
        target[who].append(change)
        tag, before, after, alive = change
        now, then = (after, before) if undo else (before, after)
        closes_loop = bool(then and then[1]) and self.loops({**self.tags, tag: then}, tag)
        if not alive or self.tags.get(tag) != now or closes_loop:
            change[3] = False
        else:
            self.put(tag, then)

    def visible(self) -> dict[str, tuple[float, str]]:
        return {
            t: (onset, answers if answers in self.tags else "")
            for t, (onset, answers) in self.tags.items()
        }


link_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 1), st.integers(0, 3)),
        st.tuples(st.just("link"), st.integers(0, 1), st.integers(0, 9), st.integers(0, 9)),
        st.tuples(st.just("unlink"), st.integers(0, 1), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.integers(0, 1), st.integers(0, 9)),
        st.tuples(st.just("undo"), st.integers(0, 1)),
        st.tuples(st.just("redo"), st.integers(0, 1)),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(link_ops)
def test_links_by_two_writers_replay_as_the_model_says_and_never_loop(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[Any, ...]]
) -> None:
    path = tmp_path_factory.mktemp("links") / "C1" / "T01.journal.jsonl"
    journals = [Journal(path, clip="C1", coder="T01", writer=f"tab{i}") for i in range(2)]
    model = LinkModel(2)
    for op in ops:
        kind, who = op[0], op[1]
        journal, live = journals[who], sorted(model.tags)
        if kind == "add":
            event = journal.add("guiding", op[2])
            model.change(who, event["id"], (float(op[2]), ""))
        elif kind in ("link", "unlink", "delete") and live:
            tag_id = live[op[2] % len(live)]
            if kind == "delete":
                journal.delete(tag_id)
                model.change(who, tag_id, None)
            elif kind == "unlink":
                journal.link(tag_id, None)
                model.change(who, tag_id, (model.tags[tag_id][0], ""))
            else:
                answered = live[op[3] % len(live)]
                if model.can_link(tag_id, answered):
                    journal.link(tag_id, answered)
                    model.change(who, tag_id, (model.tags[tag_id][0], answered))
                else:
                    before = path.read_bytes()
                    with pytest.raises(CodingError):
                        journal.link(tag_id, answered)
                    assert path.read_bytes() == before
        elif kind in ("undo", "redo"):
            (journal.undo if kind == "undo" else journal.redo)()
            model.step(who, undo=kind == "undo")
    coding = replay(path)
    shown = {e["id"]: (e["onset"], e["answers"]) for e in coding.to_records()}
    assert shown == model.visible()
    for journal in journals:
        assert {e["id"]: (e["onset"], e["answers"]) for e in journal.coding.to_records()} == shown
    Coding(coding.to_records())  # every link of the replayed coding stands in a file too


def test_a_redo_that_would_close_a_loop_of_links_does_nothing_and_says_so(
    tmp_path: Path,
) -> None:
    journal = new_journal(tmp_path)
    other = Journal.open(journal.path)  # a second tab on the same coding
    a, b = journal.add("guiding", 1), journal.add("guiding", 1)
    journal.link(a["id"], b["id"])
    journal.undo()
    other.link(b["id"], a["id"])
    assert journal.redo() == (
        "redid nothing: the tag Guiding at 0:01.00 was changed since, or its link would now "
        "make tags answer each other in a loop"
    )
    answers = replay(journal.path).events.set_index("id")["answers"]
    assert (answers[a["id"]], answers[b["id"]]) == ("", a["id"])
