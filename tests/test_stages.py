"""The AVIGuk stage tracker: the record's clients, cycle dates, supervision and sign-offs
(round trip, version-1 records still read, bad input named by file and JSON path), the
stage targets file (checked with lines), the counting rules (against a hand count, with
hypothesis), the stage check's words, the CLI's exit codes and the portfolio's section."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit.cli import main
from vigkit.reflection import (
    SCHEMA,
    Cycle,
    PracticeRecord,
    RecordError,
    StageSignOff,
    StageTargetsError,
    StageWork,
    SupervisionSession,
    add_client,
    add_supervision,
    load_record,
    load_stage_targets,
    new_record,
    parse_stage_targets,
    record_to_data,
    save_record,
    set_accreditation_reflection,
    set_cycle_client,
    set_cycle_dates,
    set_cycle_stage,
    set_review_film,
    set_stage_assessment,
    sign_off_stage,
    stage_check,
    stage_progress,
    stage_table,
)
from vigkit.reflection.portfolio import export
from vigkit.reflection.record import add_shared_film

DAY = dt.date(2026, 1, 5)


def _day(n: int) -> str:
    return (DAY + dt.timedelta(days=n)).isoformat()


def _trainee(cycles: int = 4, clients: tuple[str, ...] = ("C1", "C2"), hours: float = 5) -> Any:
    """Stage 1 under way: ``cycles`` reviewed cycles, their clients in turn, ``hours``."""
    record = new_record("T07", "vig-trainee", cycles=cycles + 1)
    for n in range(1, cycles + 1):
        record = set_cycle_client(record, n, clients[(n - 1) % len(clients)])
        record = set_cycle_dates(record, n, filmed_on=_day(3 * n), reviewed_on=_day(3 * n + 2))
    return add_supervision(record, _day(4), hours, "S1", "first session")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "T07.record.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the record
def test_the_stage_parts_round_trip(tmp_path: Path) -> None:
    record = set_review_film(_trainee(), 1, "review-1")
    record = set_cycle_stage(record, 2, 1)
    record = set_stage_assessment(record, 1, "I am learning to wait.")
    record = sign_off_stage(record, 1, "S2", "2026-03-01", "Well done")
    record = set_accreditation_reflection(add_shared_film(record, "home-time-3"), "My path.")
    path = save_record(record, tmp_path / "T07.record.json")
    assert load_record(path) == record
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA
    assert data["clients"] == ["C1", "C2"]
    assert data["supervision"] == [
        {"date": "2026-01-09", "hours": 5, "supervisor": "S1", "note": "first session"}
    ]
    assert data["cycles"][0]["client"] == "C1"
    assert data["cycles"][0]["filmed_on"] == "2026-01-08"
    assert data["cycles"][0]["reviewed_on"] == "2026-01-10"
    assert data["cycles"][0]["review_film"] == "review-1" and data["cycles"][1]["stage"] == 1
    assert data["stages"][0]["sign_off"] == {"by": "S2", "date": "2026-03-01", "note": "Well done"}
    plain = record_to_data(new_record("P07", "verp"))
    assert not {"clients", "supervision", "stages", "accreditation"} & set(plain)
    assert "client" not in plain["cycles"][0]  # other records stay as short as before


def test_a_version_1_record_still_loads(tmp_path: Path) -> None:
    old = {
        "schema": "vigkit.practice-record/1",
        "practitioner": "T07",
        "kind": "vig-trainee",
        "helping_question": "How can I wait longer?",
        "scheme": "attuned-interactions",
        "tme": {"scale": {"low": 1, "high": 10}, "targets": []},
        "cycles": [
            {
                "number": 1,
                "film": "films/a.mp4",
                "moments": [],
                "reflections": {"what-is-working": "I waited."},
                "supervisor_comments": [{"author": "S1", "text": "Yes.", "date": "2025-03-01"}],
                "self_assessment": {"attuning": "Better."},
            }
        ],
    }
    record = load_record(_write(tmp_path, old))
    assert record.cycle(1).reflections == {"what-is-working": "I waited."}
    assert record.clients == () and record.cycle(1).reviewed_on is None
    saved = save_record(record, tmp_path / "again.record.json")
    assert json.loads(saved.read_text(encoding="utf-8"))["schema"].endswith("/2")
    assert load_record(saved) == record


BAD_RECORDS = [
    (
        lambda d: d["cycles"][0].update(reviewed_on="2026-01-01"),
        "cycles[0].reviewed_on: the shared review (1 January 2026) is dated before its film",
    ),
    (lambda d: d["supervision"][0].update(hours=-1), "supervision[0].hours: must be more than 0"),
    (lambda d: d["supervision"][0].update(hours=0), "supervision[0].hours: must be more than 0"),
    (
        lambda d: d["cycles"][1].update(client="C-1"),
        "cycles[1].client: 'C-1' is not one of the record's clients (C1, C2); did you mean 'C1'?",
    ),
    (
        lambda d: d.update(
            stages=[{"stage": 1, "sign_off": {"by": "Jane Smith", "date": _day(9)}}]
        ),
        "stages[0].sign_off.by: 'Jane Smith' cannot be used as a supervisor id",
    ),
    (
        lambda d: d["cycles"][0].update(filmed_on="next Tuesday"),
        'cycles[0].filmed_on: must be a date written YYYY-MM-DD, not "next Tuesday"',
    ),
    (
        lambda d: d["supervision"][0].update(date="2026-02-30"),
        "supervision[0].date: must be a date written YYYY-MM-DD",
    ),
    (
        lambda d: d.update(
            stages=[{"stage": 1}, {"stage": 2, "sign_off": {"by": "S1", "date": _day(1)}}]
        ),
        "stages[1].sign_off: stage 2 cannot be signed off before stage 1 is",
    ),
    (
        lambda d: d["supervision"][0].update(minutes=60),
        "supervision[0].minutes: unknown field",
    ),
]


@pytest.mark.parametrize(("change", "expected"), BAD_RECORDS)
def test_bad_stage_parts_name_the_file_and_json_path(
    tmp_path: Path, change: Any, expected: str
) -> None:
    data = record_to_data(_trainee())
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(RecordError) as caught:
        load_record(path)
    message = str(caught.value)
    assert str(path) in message and expected in message, message


def test_edits_refuse_what_the_file_would() -> None:
    record = _trainee()
    with pytest.raises(RecordError, match="cycle 1, reviewed_on: the shared review"):
        set_cycle_dates(record, 1, reviewed_on="2026-01-01")
    with pytest.raises(RecordError, match="more than 0 hours"):
        add_supervision(record, _day(1), -2, "S1")
    with pytest.raises(RecordError, match="is not a date"):
        add_supervision(record, "31/2/2026", 1, "S1")
    with pytest.raises(RecordError, match="supervisor id"):
        sign_off_stage(record, 1, "Dr Jones")
    with pytest.raises(RecordError, match="trainee guiders"):
        add_supervision(new_record("P07", "verp"), _day(1), 1, "S1")
    assert add_client(record, "C1") is record
    assert set_cycle_client(record, 5, "C9").clients == ("C1", "C2", "C9")


# ---------------------------------------------------------------- the targets file
def test_the_built_in_targets_are_avigukS() -> None:
    targets = load_stage_targets()
    assert targets.id == "aviguk" and targets.version == "1.0"
    assert [
        (t.cycles, t.new_clients, t.new_clients_at_most, t.supervision_hours)
        for t in targets.stages
    ] == [
        (6, 2, None, 7.0),
        (9, 3, None, 8.0),
        (12, 3, 4, 8.0),
    ]
    assert targets.meeting is not None and targets.meeting.written_reflection


def test_a_bad_targets_file_names_each_line(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(
        "id: ours\nversion: 2\nlabel: Our service\nstages:\n"
        "  - stage: 1\n    cycles: 0\n    new_client: 2\n    new_clients: 1\n"
        "    supervision_hours: -3\n"
        "  - stage: 3\n    cycles: six\n    new_clients: 1\n    supervision_hours: 2\n"
        "colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(StageTargetsError) as caught:
        load_stage_targets(path)
    message = str(caught.value)
    assert message.startswith(f"stage targets file {path} has 6 problems")
    for expected in (
        "line 6: 'cycles' must be a whole number from 1, not 0",
        "line 7: unknown field 'new_client'; did you mean 'new_clients'?",
        "line 9: 'supervision_hours' must be a number of hours (0 or more), not -3",
        "line 10: must be 2 (stages are listed in order, from 1)",
        "line 11: 'cycles' must be a whole number from 1, not six",
        "line 14: unknown field 'colour'",
    ):
        assert expected in message, message
    with pytest.raises(StageTargetsError, match="no built-in stage targets called 'avigku'"):
        load_stage_targets("avigku")
    ours = parse_stage_targets(
        "id: ours\nversion: 2\nlabel: Ours\nstages:\n"
        "  - {stage: 1, cycles: 2, new_clients: 1, supervision_hours: 1.5}\n"
    )
    assert ours.stages[0].supervision_hours == 1.5 and ours.meeting is None


# ---------------------------------------------------------------- counting
def test_progress_in_the_issues_words() -> None:
    progress = stage_progress(_trainee())
    assert progress.stage(1).summary() == "stage 1: 4 of 6 cycles, 2 of 2 clients, 5 of 7 hours"
    assert progress.current == 1 and progress.undated == (5,)


def test_work_after_a_sign_off_counts_for_the_next_stage() -> None:
    record = _trainee(cycles=7, clients=("C1", "C2", "C3"), hours=7)
    # cycles are reviewed on days 5, 8, 11, ... 23; stage 1 signed off on day 17
    record = sign_off_stage(set_stage_assessment(record, 1, "Done."), 1, "S2", _day(17))
    record = set_cycle_client(record, 7, "C4")
    record = add_supervision(record, _day(17), 1, "S1")  # on the day: still stage 1
    record = add_supervision(record, _day(18), 2, "S1")
    record = add_supervision(record, _day(2), 1, "S1", stage=2)  # named: counts for stage 2
    progress = stage_progress(record)
    one, two = progress.stage(1), progress.stage(2)
    assert one.cycles == (1, 2, 3, 4, 5) and two.cycles == (6, 7)
    assert one.new_clients == ("C1", "C2", "C3")
    assert two.new_clients == ("C4",)  # cycle 6's C3 was counted in stage 1
    assert (one.hours, two.hours) == (8, 3)
    assert one.signed_off and progress.current == 2
    table = stage_table(progress)
    assert list(table["cycles"]) == [5, 2, 0] and table["signed_off_by"][0] == "S2"


def _reference(record: PracticeRecord) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """A hand count: each reviewed cycle to its named stage, else to 1 + the stages signed
    off before its review; new clients are those not seen in a lower stage."""
    signed = [w.sign_off.date for w in record.stages if w.sign_off is not None]
    cycles: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}
    for c in record.cycles:
        if c.reviewed_on is not None:
            stage = c.stage or 1 + sum(1 for d in signed if d < c.reviewed_on)
            cycles[min(stage, 4)].append(c.number)
    clients: dict[int, list[str]] = {}
    seen: set[str] = set()
    for stage in (1, 2, 3):
        clients[stage] = []
        for n in cycles[stage]:
            name = record.cycles[n - 1].client
            if name and name not in seen:
                seen.add(name)
                clients[stage].append(name)
    return cycles, clients


@st.composite
def _records(draw: Any) -> PracticeRecord:
    clients = ("C1", "C2", "C3", "C4", "C5")
    cycles = []
    for n in range(1, draw(st.integers(0, 14)) + 1):
        filmed = draw(st.integers(0, 30))
        reviewed = draw(st.one_of(st.none(), st.integers(filmed, filmed + 5)))
        cycles.append(
            Cycle(
                n,
                client=draw(st.sampled_from(("", *clients))),
                filmed_on=DAY + dt.timedelta(days=filmed),
                reviewed_on=None if reviewed is None else DAY + dt.timedelta(days=reviewed),
                stage=draw(st.one_of(st.none(), st.none(), st.integers(1, 3))),
            )
        )
    sign_days = sorted(draw(st.lists(st.integers(0, 40), max_size=3)))
    stages = [
        StageWork(k + 1, "", StageSignOff("S1", DAY + dt.timedelta(days=d)))
        for k, d in enumerate(sign_days)
    ]
    sessions = [
        SupervisionSession(DAY + dt.timedelta(days=d), h, "S1", stage=s)
        for d, h, s in draw(
            st.lists(
                st.tuples(
                    st.integers(0, 40),
                    st.sampled_from((0.5, 1, 1.5, 2)),
                    st.one_of(st.none(), st.integers(1, 3)),
                ),
                max_size=12,
            )
        )
    ]
    return PracticeRecord(
        "T07",
        "vig-trainee",
        cycles=tuple(cycles),
        clients=clients,
        supervision=tuple(sessions),
        stages=tuple(stages),
    )


@settings(max_examples=150, deadline=None)
@given(_records())
def test_the_counts_agree_with_a_hand_count(record: PracticeRecord) -> None:
    progress = stage_progress(record)
    cycles, clients = _reference(record)
    for p in progress.stages:
        assert list(p.cycles) == cycles[p.stage]
        assert list(p.new_clients) == clients[p.stage]
    assert list(progress.later_cycles) == cycles[4]
    # every session is counted exactly once, and the hours add up
    counted = sorted(i for p in progress.stages for i in p.sessions) + list(progress.later_sessions)
    assert sorted(counted) == list(range(len(record.supervision)))
    total = sum(p.hours for p in progress.stages) + sum(
        record.supervision[i].hours for i in progress.later_sessions
    )
    assert total == pytest.approx(sum(s.hours for s in record.supervision))
    # new clients are never counted twice
    named = [c for p in progress.stages for c in p.new_clients]
    assert len(named) == len(set(named))


# ---------------------------------------------------------------- the check
def test_the_check_names_what_is_done_first_then_what_is_missing() -> None:
    check = stage_check(_trainee())
    assert not check.ready
    text = check.text
    assert text.index("What you have done:") < text.index("Still to do:")
    assert "- 4 of the 6 cycles" in text and "- 2 clients (C1, C2): all the stage asks for" in text
    assert "- 5 of the 7 hours of supervision" in text
    assert "- 2 more cycles: a film and its shared review each" in text
    assert "- 2 more hours of supervision" in text
    assert "- your self-assessment for stage 1" in text
    assert "Cycle 5 has no shared review date yet" in text


def test_a_complete_stage_is_ready_and_then_the_next_one_is_checked() -> None:
    record = set_stage_assessment(_trainee(cycles=6, hours=7), 1, "I wait now.")
    check = stage_check(record)
    assert check.ready and "ready for your supervisor's sign-off" in check.text
    record = sign_off_stage(record, 1, "S2", _day(30))
    assert stage_check(record, stage=1).ready
    assert stage_check(record).stage == 2
    for stage in (2, 3):
        record = sign_off_stage(record, stage, "S2", _day(30 + stage))
    meeting = stage_check(record)
    assert meeting.stage is None and not meeting.ready
    assert "your written reflection for the accreditation meeting" in meeting.missing
    record = set_accreditation_reflection(add_shared_film(record, "home-3"), "My path.")
    assert stage_check(record).ready


# ---------------------------------------------------------------- the command line
def test_cli_check_exits_0_when_ready_1_when_missing_2_for_bad_input(
    tmp_path: Path, capsys: Any
) -> None:
    path = save_record(_trainee(), tmp_path / "T07.record.json")
    assert main(["stage", "check", str(path)]) == 1
    assert "- 2 more cycles" in capsys.readouterr().out
    assert (
        main(
            [
                "stage",
                "add-session",
                str(path),
                "--date",
                "20/1/2026",
                "--hours",
                "2",
                "--supervisor",
                "S1",
            ]
        )
        == 0
    )
    assert main(["stage", "show", str(path)]) == 0
    assert "stage 1: 4 of 6 cycles, 2 of 2 clients, 7 of 7 hours" in capsys.readouterr().out
    ours = tmp_path / "ours.yaml"
    ours.write_text(
        "id: ours\nversion: '2'\nlabel: Our service\nstages:\n"
        "  - {stage: 1, cycles: 4, new_clients: 2, supervision_hours: 6, self_assessment: false}\n",
        encoding="utf-8",
    )
    assert main(["stage", "check", str(path), "--targets", str(ours)]) == 0
    assert "ready for your supervisor's sign-off" in capsys.readouterr().out
    ours.write_text(ours.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    assert main(["stage", "check", str(path), "--targets", str(ours)]) == 2
    err = capsys.readouterr().err
    assert f"stage targets file {ours}" in err and "line 6: unknown field 'extra'" in err
    assert "Traceback" not in err
    assert (
        main(
            [
                "stage",
                "add-session",
                str(path),
                "--date",
                "2026-01-20",
                "--hours",
                "-1",
                "--supervisor",
                "S1",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "hours: must be more than 0 hours" in err and "the record was not changed" in err
    assert len(load_record(path).supervision) == 2
    assert (
        main(["stage", "sign-off", str(path), "--stage", "1", "--by", "S2", "--date", "2026-02-01"])
        == 0
    )
    assert load_record(path).stages[0].sign_off == StageSignOff("S2", dt.date(2026, 2, 1))
    verp = save_record(new_record("P07", "verp"), tmp_path / "P07.record.json")
    assert main(["stage", "check", str(verp)]) == 2
    assert "for trainee guiders" in capsys.readouterr().err


# ---------------------------------------------------------------- the portfolio
def test_the_portfolio_shows_the_stages_as_a_table_and_a_chart(tmp_path: Path) -> None:
    record = sign_off_stage(
        set_stage_assessment(_trainee(6, hours=7), 1, "Yes."), 1, "S2", _day(30)
    )
    text = export(record, tmp_path / "p.html").read_text(encoding="utf-8")
    section = text[text.index('<section class="stages"') :]
    section = section[: section.index("</section>")]
    assert '<h2 id="stages-title">Your accreditation stages</h2>' in section
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", section)
    assert rows[0].startswith("Stage 1</th><td>6 of 6</td><td>2 of 2</td><td>7 of 7</td>")
    assert "S2, 4 February 2026" in rows[0] and "signed off" in rows[0]
    assert 'class="chart stage-chart"' in section and "<svg" in section
    assert re.search(r'aria-label="Bar chart: Stage 1: 6 of 6 cycles', section)
    assert "striped" in section  # the caption says how the bars differ besides colour
    assert rows[1].endswith("<td>not started</td>") and len(rows) == 3
    ours = tmp_path / "ours.yaml"
    ours.write_text(
        "id: ours\nversion: '3'\nlabel: Our service\nstages:\n"
        "  - {stage: 1, cycles: 8, new_clients: 2, supervision_hours: 6}\n",
        encoding="utf-8",
    )
    path = save_record(record, tmp_path / "T07.record.json")
    assert main(["portfolio", str(path), str(tmp_path / "o.html"), "--targets", str(ours)]) == 0
    theirs = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert "Targets: Our service (version 3)" in theirs and "<td>6 of 8</td>" in theirs
    plain = export(new_record("P07", "verp"), tmp_path / "v.html").read_text(encoding="utf-8")
    assert "stages-title" not in plain


# ---------------------------------------------------------------- notebook 06's steps
def test_the_notebook_steps_note_cycles_and_sessions_and_show_the_stages(tmp_path: Path) -> None:
    from vigkit import guide

    record = guide.my_record("T07", "vig-trainee", workspace=tmp_path)
    assert "Nothing changed for cycle 1" in str(guide.cycle_details(record, 1))
    said = str(
        guide.cycle_details(record, 1, client="C1", filmed_on="2/3/2026", reviewed_on="2026-03-09")
    )
    assert (
        said == "Cycle 1: client C1, filmed on 2 March 2026, shared review on 9 March 2026. "
        "It counts towards your stage."
    )
    refused = str(guide.cycle_details(record, 2, filmed_on="2026-03-10", reviewed_on="2026-03-01"))
    assert refused.startswith("Not noted yet") and "dated before its film" in refused
    assert "No supervision session added" in str(
        guide.add_session(record, "", hours=1, supervisor="")
    )
    assert str(guide.add_session(record, "2026-03-10", hours=1.5, supervisor="S1")) == (
        "Added 1.5 hours of supervision with S1 on 10 March 2026."
    )
    assert "already have a session" in str(
        guide.add_session(record, "10/3/2026", hours=1, supervisor="S1")
    )
    assert "more than 0 hours" in str(
        guide.add_session(record, "2026-03-11", hours=0, supervisor="S1")
    )
    stages = guide.my_stages(record)
    assert (
        stages.paragraphs[0].splitlines()[1]
        == "- Stage 1: 1 of 6 cycles, 1 of 2 clients, 1.5 of 7 hours"
    )
    assert "What you have done:\n- 1 of the 6 cycles" in stages.text
    assert "<ul><li>1 of the 6 cycles" in stages._repr_html_()
    verp = guide.my_record("P07", "verp", workspace=tmp_path)
    assert "for trainee guiders" in str(guide.my_stages(verp))


def test_the_stage_form_saves_the_open_stages_self_assessment(tmp_path: Path) -> None:
    from vigkit.reflection import StageForm

    path = save_record(sign_off_stage(_trainee(), 1, "S2", _day(40)), tmp_path / "T07.record.json")
    form = StageForm(path, delay=0)
    assert form.stage == 2
    form.text.value = "I follow the parent's lead now."
    assert load_record(path).stages[1].self_assessment == "I follow the parent's lead now."
    assert "Saved" in form.status.value
    verp = save_record(new_record("P07", "verp"), tmp_path / "P07.record.json")
    assert StageForm(verp).text is None


def test_more_new_clients_than_a_stage_asks_is_noted_not_refused(capsys: Any) -> None:
    record = _trainee(cycles=6, clients=("C1", "C2"), hours=7)
    for stage in (1, 2):
        record = sign_off_stage(record, stage, "S2", _day(20 + stage))
    for n, client in zip(range(1, 7), ("C3", "C4", "C5", "C6", "C7", "C3"), strict=True):
        record = set_cycle_client(set_cycle_stage(record, n, 3), n, client)
    check = stage_check(record)
    assert "- 5 new clients (C3, C4, C5, C6, C7): more than the stage asks for" in check.text
    assert check.stage == 3
    assert "You have 5 new clients in this stage; it asks for 3 to 4" in check.text
    assert main(["stage", "targets"]) == 0
    out = capsys.readouterr().out
    assert "- Stage 3: 12 cycles, 3 to 4 new clients, 8 hours of supervision" in out
    assert "- The accreditation meeting: a written reflection, 1 film shared with the group" in out
