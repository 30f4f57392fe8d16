"""The notebooks' exchange steps (``vigkit.guide``), on a real exchange folder: trainees send
their codings and records (notebooks 03, 05, 06), the supervisor compares the group from the
exchange and returns feedback (07), and each trainee reads only their own (04, 06). Without a
course set up, each step says so kindly and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigkit import Coding, Workspace, cohort, guide
from vigkit.core.errors import VigkitError

ROOT = Path(__file__).resolve().parent.parent
GROUP = ROOT / "examples" / "group"
FILM = "group-bridge-building"
TRAINEES = ("T01", "T02", "T03")


def _tag(ws: Workspace, coder: str, role: str = "trainee") -> int:
    """``coder``'s tags of the practice film from examples/group, pressed into a journal."""
    coding = Coding.read(GROUP / f"{FILM}__{coder}.csv")
    journal = ws.journal(FILM, coder, role=role)
    for event in coding.events.itertuples():
        offset = None if event.offset == event.onset else event.offset
        journal.add(event.code, event.onset, offset, subject=event.subject)
    return len(coding)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course ``vig-test`` with supervisor S01 and trainees T01–T03 on an exchange in
    ``tmp_path``; ``VIGKIT_COHORT`` names its settings file."""
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    cohort.create_course("vig-test", exchange, supervisors=["S01"], trainees=TRAINEES)
    settings = tmp_path / "cohort.yaml"
    settings.write_text(f"course: vig-test\nexchange: {exchange}\n", "utf-8")
    monkeypatch.setenv("VIGKIT_COHORT", str(settings))
    return exchange


def test_without_a_course_each_step_says_there_is_nowhere_to_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGKIT_COHORT", raising=False)
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(ROOT))
    ws = Workspace(tmp_path / "work")
    _tag(ws, "T01")
    for note in (
        guide.send_coding("T01", FILM, workspace=ws),
        guide.supervisor_feedback("T01"),
    ):
        assert "not part of a course yet" in note.text
    assert not any((tmp_path / "work").rglob("*exchange*"))


def test_a_trainee_sends_the_supervisor_compares_and_feedback_comes_back(
    course: Path, tmp_path: Path
) -> None:
    trainees = {who: Workspace(tmp_path / who) for who in TRAINEES}
    for who, ws in trainees.items():
        tags = _tag(ws, who)
        sent = guide.send_coding(who, FILM, workspace=ws)
        assert f"Sent: your coding of {FILM}, {tags} tags" in sent.text
        assert "The film itself stays with you" in sent.text
    assert "nothing to send" in guide.send_coding("T01", "tea-time", workspace=trainees["T01"]).text

    supervisor = Workspace(tmp_path / "S01")
    _tag(supervisor, "S01", role="supervisor")
    group = guide.load_group("exchange", film=FILM, reference="S01", workspace=supervisor)
    assert sorted(group.coders) == ["S01", *TRAINEES]
    assert set(group.against_reference) == set(TRAINEES)
    expected = guide.load_group(GROUP, film=FILM, reference="S01", workspace=supervisor)
    got = group.summary().loc[list(TRAINEES), "kappa_vs_reference"]
    assert got.to_list() == pytest.approx(
        expected.summary().loc[list(TRAINEES), "kappa_vs_reference"].to_list()
    )

    assert "Nothing sent yet" in guide.send_feedback(group, "T02", film=FILM, note="").text
    done = guide.send_feedback(
        group, "T02", film=FILM, note="You saw the waiting well.",
        comments=[("0:05.5", "Lovely: you caught the teacher waiting"), ("12", "Look again")],
    )  # fmt: skip
    assert "Sent to T02" in done.text and "2 comments" in done.text

    mine = guide.supervisor_feedback("T02", FILM).text
    assert "Feedback from your supervisor S01" in mine
    assert "You saw the waiting well." in mine
    assert "0:05.50: Lovely: you caught the teacher waiting" in mine
    assert "alignment kappa" in mine
    # strengths first: the note comes before the figures
    assert mine.index("You saw the waiting well.") < mine.index("The figures")
    # nobody else's feedback is shown
    assert "No feedback from your supervisor" in guide.supervisor_feedback("T01", FILM).text


def test_feedback_to_someone_who_sent_nothing_names_who_did(course: Path, tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "T01")
    _tag(ws, "T01")
    guide.send_coding("T01", FILM, workspace=ws)
    supervisor = Workspace(tmp_path / "S01")
    _tag(supervisor, "S01", role="supervisor")
    _tag(supervisor, "T03")  # a coding the supervisor has, but T03 never sent
    group = guide.load_group(GROUP, film=FILM, reference="S01", workspace=supervisor)
    with pytest.raises(VigkitError, match=r"T03 has not sent a coding of .*: T01"):
        guide.send_feedback(group, "T03", film=FILM, note="Well seen")
    with pytest.raises(VigkitError, match=r"COMMENTS: 'soon' is not a time"):
        guide.send_feedback(group, "T01", film=FILM, note="x", comments=[("soon", "?")])


def test_the_record_goes_and_a_portfolio_with_it(course: Path, tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "T01")
    record = guide.my_record("T01", "vig-trainee", workspace=ws)
    assert guide.send_record(record).text.startswith("Sent: your practice record, on")
    guide.export_portfolio(record)
    assert "your practice record and your portfolio" in guide.send_record(record).text
    kinds = sorted(s.kind for s in cohort.my_submissions("T01"))
    assert kinds == ["portfolio", "record", "record"]


def test_a_portfolio_with_stills_goes_only_if_the_films_consent_allows_supervision(
    course: Path, tmp_path: Path
) -> None:
    import shutil

    from test_portfolio import DEMO
    from test_privacy_enforced import _record, make_film

    from vigkit.core.errors import ConsentError
    from vigkit.reflection import load_record
    from vigkit.reflection.portfolio import cycle_clip, export

    workspace = tmp_path / "demo"
    shutil.copytree(DEMO, workspace)
    film = make_film(tmp_path / "home.mp4", seconds=60.0, size=(160, 90), consent=False)
    record = load_record(workspace / "reflections" / "P-demo.record.json")
    clip = next(cycle_clip(c) for c in record.cycles if c.moments)
    Workspace(workspace).register_clip(clip, source=film)
    _record(film, workspace, ["own-review", "portfolio"])  # a portfolio, not supervision
    out = export(record, tmp_path / "portfolio.html", workspace=workspace, include_stills=True)
    cohort.create_course("vig-test", course, supervisors=["S01"], trainees=["P-demo"])
    with pytest.raises(ConsentError, match="supervision"):
        cohort.submit("portfolio", coder="P-demo", path=out, workspace=workspace)
    assert cohort.my_submissions("P-demo") == []
    plain = export(record, tmp_path / "plain.html", workspace=workspace)  # no stills: it goes
    assert cohort.submit("portfolio", coder="P-demo", path=plain, workspace=workspace).kind


def test_one_user_mode_makes_each_trainees_folder_for_the_hub_to_mount(course: Path) -> None:
    people = course / "vig-test" / "people"
    assert sorted(p.name for p in people.iterdir()) == list(TRAINEES)
    assert sorted(p.name for p in (people / "T01").iterdir()) == ["feedback", "submissions"]
    assert cohort.my_submissions("T01") == []  # an empty folder is no submission
