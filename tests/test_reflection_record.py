"""The practice record: round trips, clear errors with JSON paths, schema versions, atomic saves."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit import Workspace, load_scheme
from vigkit.reflection import (
    SCHEMA,
    PracticeRecord,
    RecordError,
    SelectedMoment,
    add_comment,
    add_cycle,
    add_moment,
    add_target,
    load_record,
    new_record,
    rate_target,
    record_path,
    record_to_data,
    remove_moment,
    replace_moment,
    save_record,
    set_film,
    set_helping_question,
    set_reflection,
    set_self_assessment,
)
from vigkit.reflection.record import Cycle, SupervisorComment
from vigkit.reflection.tme import TmeScale, TmeTarget


def _example() -> PracticeRecord:
    record = new_record("T03", "vig-trainee", "How can I help Sam feel heard at home time?")
    record = set_film(record, 1, "films/home-time-1.mp4")
    record = add_moment(
        record,
        1,
        SelectedMoment("home-time-1", 12.5, "0:18", ("receiving-initiatives",), "I waited", (14,)),
    )
    record = set_reflection(record, 1, "what-is-working", "Sam looked up and I smiled back.")
    record = set_self_assessment(record, 1, "attuning", "I gave the parent time to notice.")
    record = add_comment(record, 1, "S1", "A lovely pause – well spotted.", dt.date(2025, 3, 1))
    record = add_target(record, "Sam tells me about his day", 3, 7)
    return rate_target(record, "target-1", 1, 5)


def test_new_record_has_three_empty_cycles() -> None:
    record = new_record("P07", "verp")
    assert [c.number for c in record.cycles] == [1, 2, 3]
    assert record.scale == TmeScale(1, 10)
    assert len(add_cycle(record).cycles) == 4


def test_round_trip(tmp_path: Path) -> None:
    record = _example()
    path = save_record(record, tmp_path / "T03.record.json")
    assert load_record(path) == record
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA == "vigkit.practice-record/2"
    assert data["cycles"][0]["moments"][0]["end"] == 18.0
    assert path.read_text(encoding="utf-8").startswith('{\n  "schema"')  # pretty-printed


def test_editing_returns_new_records() -> None:
    record = _example()
    edited = set_helping_question(record, "A new question")
    assert record.helping_question != edited.helping_question
    moment = SelectedMoment("c", 1, 2)
    replaced = replace_moment(record, 1, 0, moment)
    assert replaced.cycle(1).moments == (moment,)
    assert remove_moment(replaced, 1, 0).cycle(1).moments == ()
    assert set_reflection(record, 1, "what-is-working", " ").cycle(1).reflections == {}
    assert rate_target(record, "target-1", 1, None).target("target-1").ratings == ()
    assert rate_target(record, "target-1", 3, 9).target("target-1").ratings == (5, None, 9)
    with pytest.raises(RecordError, match="no cycle 4"):
        set_film(record, 4, "x")
    with pytest.raises(RecordError, match="no TME target 'nope'"):
        rate_target(record, "nope", 1, 3)
    with pytest.raises(RecordError, match="outside the scale"):
        rate_target(record, "target-1", 1, 11)
    with pytest.raises(RecordError, match="for trainee guiders"):
        set_self_assessment(new_record("P07", "verp"), 1, "attuning", "x")


def test_record_path_in_workspace(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    path = record_path(workspace, "P07")
    assert path == workspace.reflections_dir / "P07.record.json"
    with pytest.raises(RecordError, match="pseudonym"):
        record_path(workspace, "Jane Smith")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "P07.record.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_errors_name_the_file_and_json_path(tmp_path: Path) -> None:
    data = record_to_data(_example())
    data["cycles"][1]["moments"] = [{"clip": "c", "start": "soon", "end": 2}]
    data["cycles"][0]["moments"][0]["stills"] = [99]
    data["cycles"][0]["supervisor_comments"][0]["date"] = "1 March"
    data["cycles"][2]["colour"] = "red"
    data["tme"]["targets"][0]["ratings"] = [11]
    del data["kind"]
    path = _write(tmp_path, data)
    with pytest.raises(RecordError) as caught:
        load_record(path)
    message = str(caught.value)
    assert str(path) in message
    for expected in (
        "cycles[1].moments[0].start: must be a number of seconds",
        "cycles[0].moments[0].stills[0]: 99 s is outside the moment",
        "cycles[0].supervisor_comments[0].date: must be a date written YYYY-MM-DD",
        "cycles[2].colour: unknown field",
        "tme.targets[0].ratings[0]: 11 is outside the scale 1 to 10",
        "the field 'kind' is missing",
    ):
        assert expected in message


def test_bad_values_are_explained(tmp_path: Path) -> None:
    data = record_to_data(_example())
    data["kind"] = "teacher"
    data["tme"]["targets"][0]["hoped_for"] = 3
    data["cycles"][0]["number"] = 2
    data["cycles"][0]["moments"][0]["end"] = 1
    with pytest.raises(RecordError) as caught:
        load_record(_write(tmp_path, data))
    message = str(caught.value)
    assert "kind: 'teacher' is not a kind" in message
    assert "tme.targets[0].hoped_for: the hoped-for rating must differ" in message
    assert "cycles[0].number: must be 1" in message
    assert "cycles[0].moments[0].end: must be after the start" in message


def test_not_json_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "P07.record.json"
    path.write_text('{\n  "schema": "vigkit.practice-record/1",\n  "kind" "verp"\n}\n')
    with pytest.raises(RecordError, match="line 3: this is not valid JSON"):
        load_record(path)
    with pytest.raises(RecordError, match="does not exist"):
        load_record(tmp_path / "missing.record.json")


def test_newer_schema_asks_to_update(tmp_path: Path) -> None:
    data = record_to_data(_example())
    data["schema"] = "vigkit.practice-record/3"
    data["something_new"] = True
    with pytest.raises(RecordError) as caught:
        load_record(_write(tmp_path, data))
    assert "newer vigkit" in str(caught.value) and "Update vigkit" in str(caught.value)
    assert "something_new" not in str(caught.value)  # no noise about fields we cannot know
    data["schema"] = "something-else/1"
    with pytest.raises(RecordError, match="not a practice record schema"):
        load_record(_write(tmp_path, data))


def test_times_written_as_text_are_read() -> None:
    data = record_to_data(_example())
    data["cycles"][0]["moments"][0]["start"] = "0:12.5"
    path = Path("unused")
    from vigkit.reflection import record_from_data

    assert record_from_data(data, path).cycle(1).moments[0].start == 12.5


def test_a_moment_code_the_scheme_does_not_have_is_an_error(tmp_path: Path) -> None:
    data = record_to_data(_example())
    data["cycles"][0]["moments"][0]["codes"] = ["being-atentive"]
    with pytest.raises(
        RecordError,
        match=r"codes\[0\]: unknown code 'being-atentive'.*"
        r"did you mean 'being-attentive'",
    ):
        load_record(_write(tmp_path, data))


def test_a_field_given_twice_is_an_error(tmp_path: Path) -> None:
    text = json.dumps(record_to_data(_example()), indent=2)
    path = tmp_path / "P07.record.json"
    path.write_text(text.replace('"kind": ', '"kind": "verp",\n  "kind": ', 1), encoding="utf-8")
    with pytest.raises(RecordError, match="line 5: the key 'kind' is given twice"):
        load_record(path)


def test_a_moment_time_too_big_for_a_float_is_an_error(tmp_path: Path) -> None:
    text = json.dumps(record_to_data(_example()), indent=2)
    data = record_to_data(_example())
    start = data["cycles"][0]["moments"][0]["start"]
    path = tmp_path / "P07.record.json"
    path.write_text(text.replace(f'"start": {start}', '"start": ' + "9" * 400, 1), encoding="utf-8")
    with pytest.raises(RecordError, match="must be a number of seconds"):
        load_record(path)


# ---------------------------------------------------------------- property
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_names = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,10}\Z")
_ids = st.from_regex(r"\A[a-z][a-z0-9-]{0,10}\Z")


@st.composite
def _moments(draw: st.DrawFn) -> SelectedMoment:
    start = draw(st.floats(0, 1e5, allow_nan=False))
    end = draw(st.floats(start, 2e5, allow_nan=False).filter(lambda e: e > start))
    stills = draw(st.lists(st.floats(start, end), max_size=2))
    codes = draw(st.lists(st.sampled_from(load_scheme().codes), max_size=3))
    return SelectedMoment(draw(_names), start, end, tuple(codes), draw(_text), tuple(stills))


@st.composite
def _records(draw: st.DrawFn) -> PracticeRecord:
    kind = draw(st.sampled_from(["vig-trainee", "verp", "vig-client"]))
    low = draw(st.integers(-5, 5))
    high = draw(st.integers(low + 1, low + 12))
    count = draw(st.integers(0, 4))
    cycles = tuple(
        Cycle(
            n,
            draw(_text),
            tuple(draw(st.lists(_moments(), max_size=2))),
            draw(st.dictionaries(_ids, _text, max_size=2)),
            tuple(
                SupervisorComment(draw(_names), draw(_text.filter(str.strip)), draw(st.dates()))
                for _ in range(draw(st.integers(0, 2)))
            ),
            draw(st.dictionaries(_ids, _text, max_size=2)) if kind == "vig-trainee" else {},
        )
        for n in range(1, count + 1)
    )
    rating = st.integers(low, high)
    targets = []
    for index in range(draw(st.integers(0, 3))):
        baseline = draw(rating)
        hoped = draw(rating.filter(lambda h, b=baseline: h != b))
        ratings = draw(st.lists(st.none() | rating, max_size=count))
        targets.append(
            TmeTarget(f"t{index}", draw(_text.filter(str.strip)), baseline, hoped, tuple(ratings))
        )
    return PracticeRecord(
        draw(_names), kind, draw(_text), cycles, TmeScale(low, high), tuple(targets)
    )


@settings(max_examples=60, deadline=None)
@given(_records())
def test_any_record_survives_a_round_trip(record: PracticeRecord) -> None:
    from vigkit.reflection import dumps_record, parse_record

    assert parse_record(dumps_record(record)) == record


# ---------------------------------------------------------------- crash
TRIALS = 25

CHILD = r"""
import os, sys
from vigkit.reflection import add_target, new_record, rate_target, save_record, set_reflection

path = sys.argv[1]
record = add_target(new_record("P07", "verp", "q"), "target", 1, 9)
os.write(1, b"ready\n")
i = 0
while True:
    i += 1
    record = set_reflection(record, 1 + i % 3, "what-is-working", str(i) + " " + "x" * (i % 5000))
    record = rate_target(record, "target-1", 1 + i % 3, 1 + i % 9)
    save_record(record, path)
"""


@pytest.mark.slow
def test_killing_a_save_never_leaves_a_half_written_record(tmp_path: Path) -> None:
    path = tmp_path / "P07.record.json"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rng = random.Random(20250301)
    seen_versions = set()
    for trial in range(TRIALS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline().strip() == b"ready", child.stderr.read().decode()
        time.sleep(rng.uniform(0.02, 0.2))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()
        if not path.exists():
            continue  # killed before the first save finished: no file, not a broken one
        record = load_record(path)  # raises if the file were half written
        assert record.practitioner == "P07", f"trial {trial}"
        seen_versions.add(json.dumps(record_to_data(record), sort_keys=True))
        leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".P07.")]
        # A kill between creating and renaming the temporary file may leave it behind;
        # the record itself is always whole.
        assert all(p.suffix == ".json" for p in leftovers)
    assert len(seen_versions) > TRIALS // 2  # the children really were saving when killed
