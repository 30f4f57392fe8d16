"""The Tagger's Python side: browser messages become journal lines on disk at once."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from vigkit.coding.journal import replay
from vigkit.coding.scheme import load_scheme
from vigkit.coding.workspace import Workspace
from vigkit.core.errors import VigkitError
from vigkit.widgets.player import Player
from vigkit.widgets.tagger import Tagger, clip_name, code_buttons


class Sent:
    """Records the custom messages a widget sends to the browser."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def __call__(self, content: dict[str, Any], buffers: object = None) -> None:
        self.messages.append(content)


@pytest.fixture
def tagger(film_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tagger:
    widget = Tagger(
        film_dir / "landscape.mp4", coder="ana", workspace=tmp_path / "work", root=film_dir
    )
    monkeypatch.setattr(widget, "send", Sent())
    return widget


def press(tagger: Tagger, **message: Any) -> None:
    """What the browser sends for a key or button press."""
    tagger._handle_custom_msg({"type": "tag", "subject": "", "interval": None, **message}, [])


def on_disk(tagger: Tagger) -> list[dict[str, Any]]:
    """The journal's operations, read from the file."""
    lines = tagger.journal.path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def sent(tagger: Tagger) -> list[dict[str, Any]]:
    return tagger.send.messages  # type: ignore[attr-defined,no-any-return]


def test_a_tagger_holds_a_player_and_registers_the_clip(tagger: Tagger, tmp_path: Path) -> None:
    assert isinstance(tagger.player, Player) and tagger.player.src == "landscape.mp4"
    assert (tagger.clip, tagger.coder, tagger.level) == ("landscape", "ana", "category")
    record = Workspace(tmp_path / "work").clip("landscape")
    assert record.duration == pytest.approx(6.0, abs=0.05)
    assert record.source is not None and record.source.endswith("landscape.mp4")
    assert tagger.journal.path == tmp_path / "work/codings/landscape/ana.journal.jsonl"
    keys = [(c["key"], c["code"]) for c in tagger.codes]
    assert keys[0] == ("1", "being-attentive") and len(keys) == 6
    assert tagger.subjects == list(tagger.scheme.subjects) and tagger.events == []
    assert tagger.get_state()["player"] == f"anywidget:{tagger.player.model_id}"


def test_a_tap_is_saved_at_once_with_the_browser_time(tagger: Tagger) -> None:
    press(tagger, code="being-attentive", time=1.234, ref=7)
    [op] = on_disk(tagger)  # on disk before the handler returned
    assert op["op"] == "add"
    event = op["event"]
    assert (event["code"], event["onset"], event["offset"]) == ("being-attentive", 1.234, 1.234)
    assert (event["coder"], event["clip"], event["role"]) == ("ana", "landscape", "trainee")
    assert sent(tagger) == [{"type": "ack", "ref": 7, "id": event["id"]}]
    assert tagger.events == [
        {
            "id": event["id"],
            "code": "being-attentive",
            "subject": "",
            "onset": 1.234,
            "offset": 1.234,
            "note": "",
            "answers": "",
        }
    ]
    assert len(tagger.coding) == 1 and len(replay(tagger.journal.path)) == 1


def test_an_interval_is_written_when_it_ends(tagger: Tagger) -> None:
    press(tagger, code="encouraging-initiatives", time=2.0, interval="start", subject="child")
    assert on_disk(tagger) == []
    assert tagger.running == {"encouraging-initiatives": {"time": 2.0, "subject": "child"}}
    press(tagger, code="being-attentive", time=2.5)  # other tags meanwhile
    press(tagger, code="encouraging-initiatives", time=3.5, interval="end", ref="r2")
    assert tagger.running == {}
    event = on_disk(tagger)[-1]["event"]
    assert (event["onset"], event["offset"], event["subject"]) == (2.0, 3.5, "child")
    assert sent(tagger)[-1] == {"type": "ack", "ref": "r2", "id": event["id"]}
    # Ended before it started (someone jumped back): the times are put in order.
    press(tagger, code="being-attentive", time=4.0, interval="start")
    press(tagger, code="being-attentive", time=1.0, interval="end")
    event = on_disk(tagger)[-1]["event"]
    assert (event["onset"], event["offset"]) == (1.0, 4.0)


def test_undo_delete_and_note_go_to_the_journal(tagger: Tagger) -> None:
    press(tagger, code="being-attentive", time=1.0)
    press(tagger, code=tagger.codes[2]["code"], time=3.0)
    first, *_ = (e["id"] for e in tagger.events)
    tagger._handle_custom_msg({"type": "note", "id": first, "note": "looks up, smiles"}, [])
    assert tagger.events[0]["note"] == "looks up, smiles"
    tagger._handle_custom_msg({"type": "undo"}, [])  # the note
    assert tagger.events[0]["note"] == "" and "earlier note" in tagger.status
    tagger._handle_custom_msg({"type": "undo"}, [])  # the last tag
    assert [e["code"] for e in tagger.events] == ["being-attentive"]
    tagger._handle_custom_msg({"type": "delete", "id": first}, [])
    assert tagger.events == []
    assert [op["op"] for op in on_disk(tagger)] == [
        "add",
        "add",
        "edit-note",
        "undo",
        "undo",
        "delete",
    ]
    assert len(replay(tagger.journal.path)) == 0
    tagger._handle_custom_msg({"type": "delete", "id": "nope"}, [])
    assert "no event with id 'nope'" in tagger.warning and len(on_disk(tagger)) == 6


@pytest.mark.parametrize(
    "message",
    [
        {"code": "not-a-code", "time": 1.0},
        {"code": "being-attentive", "time": "soon"},
        {"code": "being-attentive", "time": float("nan")},
        {"code": "being-attentive", "time": 1.0, "interval": "sideways"},
        {"code": "being-attentive", "time": 1.0, "subject": "dog"},
        {"code": "being-attentive", "time": 1.0, "interval": "end"},  # never started
    ],
)
def test_bad_messages_are_ignored_with_a_warning(tagger: Tagger, message: dict[str, Any]) -> None:
    press(tagger, ref=1, **message)
    assert on_disk(tagger) == [] and tagger.events == []
    assert tagger.warning.startswith("Ignored")
    assert sent(tagger) == [{"type": "ack", "ref": 1, "id": None, "warning": tagger.warning}]
    tagger._handle_custom_msg(["not", "a", "dict"], [])
    tagger._handle_custom_msg({"type": "unknown"}, [])
    assert on_disk(tagger) == []


def test_the_subject_goes_with_the_tag(tagger: Tagger) -> None:
    press(tagger, code="being-attentive", time=0.5, subject="adult")
    assert on_disk(tagger)[0]["event"]["subject"] == "adult"
    assert tagger.coding.events["subject"].tolist() == ["adult"]


def test_a_tag_past_the_end_is_clamped(tagger: Tagger) -> None:
    press(tagger, code="being-attentive", time=99.0)
    assert on_disk(tagger)[0]["event"]["onset"] == pytest.approx(tagger.player.duration)


def test_behaviour_level_and_chosen_subjects(film_dir: Path, tmp_path: Path) -> None:
    tagger = Tagger(
        film_dir / "landscape.mp4",
        coder="ben",
        role="supervisor",
        workspace=tmp_path / "w",
        level="behaviour",
        subjects=["mum", "baby"],
        clip="home-play-1",
        root=film_dir,
    )
    scheme = load_scheme("attuned-interactions")
    assert [c["code"] for c in tagger.codes] == [b.id for b in scheme.behaviours]
    assert all(c["key"] == "" for c in tagger.codes)
    assert tagger.codes[0]["colour"] == scheme.categories[0].colour
    assert tagger.subjects == ["mum", "baby"] and tagger.clip == "home-play-1"
    behaviour = scheme.behaviours[3].id
    tagger._handle_custom_msg(
        {"type": "tag", "code": behaviour, "time": 1.0, "subject": "baby", "interval": None}, []
    )
    event = tagger.coding.to_records()[0]
    assert (event["code"], event["subject"], event["role"]) == (behaviour, "baby", "supervisor")


def test_reopening_shows_the_saved_tags(tagger: Tagger, film_dir: Path, tmp_path: Path) -> None:
    press(tagger, code="being-attentive", time=1.0)
    again = Tagger(
        film_dir / "landscape.mp4", coder="ana", workspace=tmp_path / "work", root=film_dir
    )
    assert again.events == tagger.events and len(again.coding) == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"scheme": "no-such-scheme"}, "no-such-scheme"),
        ({"level": "everything"}, "level must be"),
        ({"role": "boss"}, "unknown role"),
        ({"coder": "a b/c"}, "coder"),
        ({"subjects": ["", "child"]}, "subjects must be"),
    ],
)
def test_bad_arguments_are_clear_errors(
    film_dir: Path, tmp_path: Path, kwargs: dict[str, Any], match: str
) -> None:
    arguments: dict[str, Any] = {"coder": "ana", "workspace": tmp_path / "w", "root": film_dir}
    with pytest.raises(VigkitError, match=match):
        Tagger(film_dir / "landscape.mp4", **{**arguments, **kwargs})


def test_a_missing_film_is_a_clear_error_and_makes_no_workspace(
    film_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(VigkitError, match=r"nope\.mp4"):
        Tagger(film_dir / "nope.mp4", coder="ana", workspace=tmp_path / "w", root=film_dir)
    assert not (tmp_path / "w").exists()


def test_clip_names_and_code_buttons() -> None:
    assert clip_name(Path("films/Home play (Zoë) 2.mp4")) == "Home-play-Zo-2"
    with pytest.raises(VigkitError, match="give the clip a name"):
        clip_name(Path("ÉÉ.mp4"))
    buttons = code_buttons(load_scheme("attuned-interactions"), "category")
    assert {"code", "label", "description", "colour", "key"} <= set(buttons[0])


def test_an_interval_can_be_dropped_and_a_zero_length_one_is_a_point(tagger: Tagger) -> None:
    press(tagger, code="guiding", time=1.0, interval="start")
    tagger._handle_custom_msg({"type": "cancel", "code": "guiding"}, [])
    assert tagger.running == {} and on_disk(tagger) == []
    press(tagger, code="guiding", time=2.0, interval="start")
    press(tagger, code="guiding", time=2.0, interval="end")
    event = on_disk(tagger)[0]["event"]
    assert (event["onset"], event["offset"]) == (2.0, 2.0)


def test_undo_from_python_says_what_it_undid(tagger: Tagger) -> None:
    assert tagger.undo() is None and tagger.status == "nothing to undo"
    press(tagger, code="guiding", time=1.5)
    assert tagger.undo() == "removed the tag Guiding at 0:01.50"
    assert tagger.events == [] and "Tagger landscape by ana: 0 tags" in repr(tagger)


def test_two_films_with_one_name_do_not_share_a_clip(film_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "root" / "landscape.mp4"
    other.parent.mkdir()
    shutil.copy(film_dir / "silent.mp4", other)
    Tagger(film_dir / "landscape.mp4", coder="ana", workspace=tmp_path / "w", root=film_dir)
    with pytest.raises(VigkitError, match="is another film"):
        Tagger(other, coder="ana", workspace=tmp_path / "w", root=other.parent)
    again = Tagger(
        other, coder="ana", workspace=tmp_path / "w", root=other.parent, clip="landscape-2"
    )
    assert again.clip == "landscape-2"


def test_a_film_browsers_cannot_play_can_still_be_set_up(film_dir: Path, tmp_path: Path) -> None:
    tagger = Tagger(film_dir / "hevc.mov", coder="ana", workspace=tmp_path / "w", root=film_dir)
    assert tagger.player.status == "unplayable" and tagger.clip == "hevc"
    assert Workspace(tmp_path / "w").clip("hevc").duration == pytest.approx(3.0, abs=0.05)


def test_two_taggers_on_one_journal_undo_their_own_and_see_each_other(
    film_dir: Path, tmp_path: Path
) -> None:
    """Two tabs on the same film, coder and workspace: undo in one leaves the other's tag;
    each shows the other's tags on its own (its watcher reads the journal), and redo works."""
    film, work = film_dir / "landscape.mp4", tmp_path / "work"
    tab_a = Tagger(film, coder="ana", workspace=work, root=film_dir)
    tab_b = Tagger(film, coder="ana", workspace=work, root=film_dir)
    for tab in (tab_a, tab_b):
        tab.send = Sent()  # type: ignore[method-assign]
    try:
        assert tab_a.journal.path == tab_b.journal.path
        press(tab_a, code="guiding", time=1.0, ref=1)
        press(tab_b, code="being-attentive", time=2.0, ref=1)
        wait_for(lambda: len(tab_a.events) == 2)  # B's tag reaches A with nothing pressed in A
        assert tab_a.can_undo and not tab_a.can_redo
        tab_a._handle_custom_msg({"type": "undo", "ref": 2}, [])
        assert tab_a.status == "removed the tag Guiding at 0:01.00"
        assert [e["code"] for e in tab_a.events] == ["being-attentive"]  # B's tag stays
        wait_for(lambda: [e["code"] for e in tab_b.events] == ["being-attentive"])
        assert [e["code"] for e in replay(tab_a.journal.path).to_records()] == ["being-attentive"]
        assert {"type": "ack", "ref": 2, "id": None} in sent(tab_a)
        assert not tab_a.can_undo and tab_a.can_redo and tab_b.can_undo and not tab_b.can_redo
        tab_a._handle_custom_msg({"type": "redo", "ref": 3}, [])
        assert tab_a.status == "put back the tag Guiding at 0:01.00"
        wait_for(lambda: len(tab_b.events) == 2)
        tab_b.undo()
        assert [e["code"] for e in tab_b.events] == ["guiding"]
        assert tab_b.redo() == "put back the tag Being attentive at 0:02.00"
        assert tab_b.redo() is None and tab_b.status == "nothing to redo"
    finally:
        tab_a.close()
        tab_b.close()


def wait_for(condition: Any, timeout: float = 5.0) -> None:
    """Wait until ``condition()`` holds (a tagger's watcher runs in its own thread)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_r_links_the_latest_tag_to_the_other_persons_initiative(tagger: Tagger) -> None:
    link = {"type": "link", "ref": 9}
    tagger._handle_custom_msg(link, [])
    assert "Nothing to link yet" in tagger.warning and sent(tagger)[-1]["id"] is None
    press(tagger, code="being-attentive", time=1.0, subject="child", ref=1)
    press(tagger, code="guiding", time=1.5, subject="adult", ref=2)
    press(tagger, code="receiving-initiatives", time=2.0, subject="adult", ref=3)
    tagger._handle_custom_msg(link, [])
    child, _, reception = tagger.events
    assert reception["answers"] == child["id"] and sent(tagger)[-1]["id"] == reception["id"]
    assert tagger.status == (
        "Linked: Receiving initiatives (adult) at 0:02.00 receives "
        "Being attentive (child) at 0:01.00"
    )
    assert on_disk(tagger)[-1]["op"] == "link"
    tagger._handle_custom_msg({"type": "undo", "ref": 10}, [])
    assert tagger.events[2]["answers"] == ""
    assert replay(tagger.journal.path).events["answers"].tolist() == ["", "", ""]


def test_r_on_the_first_tag_says_there_is_nothing_before_it(tagger: Tagger) -> None:
    press(tagger, code="being-attentive", time=1.0, ref=1)
    tagger._handle_custom_msg({"type": "link", "ref": 2}, [])
    assert "has no tag before it to receive" in tagger.warning
    assert [op["op"] for op in on_disk(tagger)] == ["add"]
