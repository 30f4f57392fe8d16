"""The consent register: round trip, dates, vocabulary, damaged and newer files, and a
register that is never half-written, even with two writers at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit.core.errors import ConsentError
from vigkit.privacy.consent import ROLES, USES, Person, UseConsent
from vigkit.privacy.dates import format_day, parse_day
from vigkit.privacy.identity import film_fingerprint
from vigkit.privacy.register import AUDIT_FILE, REGISTER_FILE, ConsentRegister, record_consent


def film(folder: Path, name: str = "home-play.mp4", content: bytes = b"") -> Path:
    """A real file standing for a film (consent needs its content, not its pictures)."""
    path = folder / name
    path.write_bytes(content or os.urandom(4096))
    return path


def record(path: Path, ws: Path, **changes: object) -> object:
    terms: dict[str, object] = {
        "people": ["P1:client-adult", ("C1", "child"), Person("G07", "guider")],
        "given_on": "3/3/2026",
        "uses": {"own-review": None, "supervision": "31/12/2026"},
        "erase_by": "2026-12-31",
        "notes": "form in the locked cabinet",
        "recorded_by": "G07",
        "workspace": ws,
    }
    terms.update(changes)
    return record_consent(path, **terms)  # type: ignore[arg-type]


def test_parse_day_forms_and_impossible_days() -> None:
    assert parse_day("2027-03-31", "x") == date(2027, 3, 31)
    assert parse_day("31/3/2027", "x") == date(2027, 3, 31)
    assert parse_day("1.12.2027", "x") == date(2027, 12, 1)
    assert parse_day(date(2027, 1, 2), "x") == date(2027, 1, 2)
    assert format_day(date(2027, 1, 2)) == "2027-01-02"
    with pytest.raises(ConsentError) as caught:
        parse_day("31/02/2027", "--given-on")
    message = str(caught.value)
    assert message.startswith("--given-on:")
    assert "February 2027 has 28 days" in message
    assert "YYYY-MM-DD" in message and "31/3/2027" in message
    with pytest.raises(ConsentError, match="February 2028 has 29 days"):
        parse_day("30/2/2028", "x")
    for bad in ("2027-13-01", "yesterday", "", "3/3/27", "12/31/2027"):
        with pytest.raises(ConsentError, match="not a"):
            parse_day(bad, "erase by")


def test_round_trip_and_audit(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    path = film(tmp_path)
    made = record(path, ws)
    register = ConsentRegister(ws)
    again = register.get("home-play")
    assert again == made
    assert again is not None
    assert again.source == str(path.absolute())
    assert again.fingerprint == film_fingerprint(path)
    assert [p.role for p in again.people] == ["client-adult", "child", "guider"]
    assert again.given_on == date(2026, 3, 3)
    assert again.use("supervision") == UseConsent("supervision", date(2026, 12, 31))
    assert again.use("research") is None
    assert register.find(path) == again
    moved = tmp_path / "moved.mp4"
    path.rename(moved)
    assert register.find(moved) == again  # by content
    assert register.find(path) == again  # by the path it was recorded at
    data = json.loads((ws / REGISTER_FILE).read_text())
    assert data["format"] == 1
    assert data["films"]["home-play"]["uses"]["supervision"] == {
        "until": "2026-12-31",
        "faces_blurred": False,
    }
    (event,) = register.audit_trail()
    assert event["what"] == "set" and event["clip"] == "home-play" and event["by"] == "G07"
    assert "P1" not in json.dumps(event)  # no people in the trail, only who recorded it


def test_allows_says_why(tmp_path: Path) -> None:
    consent = record(
        film(tmp_path),
        tmp_path / "ws",
        uses=[UseConsent("own-review"), UseConsent("training-group", date(2026, 6, 30), True)],
    )
    assert consent.allows("own-review", date(2026, 5, 1))[0]  # type: ignore[attr-defined]
    allowed, why = consent.allows("supervision", date(2026, 5, 1))  # type: ignore[attr-defined]
    assert not allowed
    assert "own-review" in why and "training-group" in why and "not for supervision" in why
    allowed, why = consent.allows("training-group", date(2026, 5, 1))  # type: ignore[attr-defined]
    assert not allowed and "blur_faces=True" in why
    assert consent.allows("training-group", date(2026, 6, 30), True)[0]  # type: ignore[attr-defined]
    allowed, why = consent.allows("training-group", date(2026, 7, 1), True)  # type: ignore[attr-defined]
    assert not allowed and "until 30 June 2026" in why
    allowed, why = consent.allows("own-review", date(2027, 1, 1))  # type: ignore[attr-defined]
    assert not allowed and "erased by 31 December 2026" in why


def test_unknown_use_role_and_names_are_refused(tmp_path: Path) -> None:
    path = film(tmp_path)
    ws = tmp_path / "ws"
    with pytest.raises(ConsentError, match="did you mean 'supervision'"):
        record(path, ws, uses=["supervison"])
    with pytest.raises(ConsentError, match="did you mean 'training-group'"):
        record(path, ws, uses={"training": None})
    with pytest.raises(ConsentError, match="did you mean 'child'"):
        record(path, ws, people=["C1:chlid"])
    with pytest.raises(ConsentError, match="pseudonym"):
        record(path, ws, people=["Anna Smith:child"])
    with pytest.raises(ConsentError, match="PSEUDONYM:ROLE"):
        record(path, ws, people=["C1"])
    with pytest.raises(ConsentError, match="February 2026 has 28 days"):
        record(path, ws, given_on="31/02/2026")
    with pytest.raises(ConsentError, match="after today"):
        record(path, ws, given_on=date(2999, 1, 1))
    with pytest.raises(ConsentError, match="before the consent was given"):
        record(path, ws, erase_by="1/1/2026")
    with pytest.raises(ConsentError, match="no film here"):
        record(tmp_path / "missing.mp4", ws)
    assert not ws.exists()  # nothing was recorded, no workspace made


def test_looking_does_not_make_a_workspace(tmp_path: Path) -> None:
    register = ConsentRegister(tmp_path / "nothing")
    assert register.films() == []
    assert register.get("x") is None
    assert register.find(film(tmp_path)) is None
    assert register.audit_trail() == []
    assert not (tmp_path / "nothing").exists()


def test_another_film_under_the_same_clip_id_is_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    record(film(tmp_path), ws)
    (tmp_path / "b").mkdir()
    with pytest.raises(ConsentError, match="another clip id"):
        record(film(tmp_path / "b"), ws)
    record(film(tmp_path / "b"), ws, clip="home-play-2")
    assert [f.clip for f in ConsentRegister(ws).films()] == ["home-play", "home-play-2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a vigkit consent register"),
        ('{"format": 1, "films": []}', "'films' must be an object"),
        ('{"format": 1, "films": {"a": {"given_on": "31/02/2026"}}}', "film 'a': field 'given_on'"),
        (
            '{"format": 1, "films": {"a": {"uses": {"traning": {}}}}}',
            "film 'a': field 'uses', use 'traning'",
        ),
        (
            '{"format": 1, "films": {"a": {"people": [{"pseudonym": "P1", "role": "mum"}]}}}',
            "film 'a': field 'people', person 1",
        ),
        ('{"format": 1, "films": {"a": {"notes": 3}}}', "film 'a': field 'notes'"),
        ('{"format": 1, "format": 1}', "damaged"),
    ],
)
def test_damaged_register_is_refused_naming_file_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    ws = tmp_path / "ws"
    record(film(tmp_path), ws)
    (ws / REGISTER_FILE).write_text(text)
    with pytest.raises(ConsentError) as caught:
        ConsentRegister(ws).films()
    message = str(caught.value)
    assert str(ws / REGISTER_FILE) in message and expected in message
    assert "backup" in message
    with pytest.raises(ConsentError):  # recording refuses too, and leaves the file alone
        record(film(tmp_path, "other.mp4"), ws, clip="other")
    assert (ws / REGISTER_FILE).read_text() == text


def test_newer_format_is_refused_and_left_alone(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    record(film(tmp_path), ws)
    text = json.dumps({"format": 2, "films": {}, "signatures": []})
    (ws / REGISTER_FILE).write_text(text)
    with pytest.raises(ConsentError, match=r"newer vigkit \(format 2"):
        ConsentRegister(ws).get("home-play")
    with pytest.raises(ConsentError, match="newer vigkit"):
        record(film(tmp_path, "b.mp4"), ws, clip="b")
    assert (ws / REGISTER_FILE).read_text() == text


def test_a_failed_write_leaves_the_old_register(tmp_path: Path) -> None:
    """The file system refuses the new register half-way (a file size limit, as a full disk
    would): the old register stays whole and no temporary file is left."""
    ws = tmp_path / "ws"
    record(film(tmp_path), ws)
    before = (ws / REGISTER_FILE).read_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 100, hard))
    try:
        with pytest.raises(OSError):
            record(film(tmp_path, "b.mp4"), ws, clip="b", notes="n" * 500)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert (ws / REGISTER_FILE).read_bytes() == before
    assert [f.clip for f in ConsentRegister(ws).films()] == ["home-play"]
    assert not [p for p in ws.iterdir() if p.name.startswith(".")]
    assert len(ConsentRegister(ws).audit_trail()) == 1  # no "set" for what was not recorded


def _record_many(ws: str, folder: str, prefix: str, count: int) -> None:
    for number in range(count):
        path = film(Path(folder), f"{prefix}-{number}.mp4")
        record(path, Path(ws))


def test_two_processes_recording_at_once_keep_both(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    record(film(tmp_path, "first.mp4"), ws)
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=_record_many, args=(str(ws), str(tmp_path), name, 12))
        for name in ("a", "b")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    clips = {f.clip for f in ConsentRegister(ws).films()}
    assert clips == {"first"} | {f"{p}-{n}" for p in "ab" for n in range(12)}
    assert len(ConsentRegister(ws).audit_trail()) == 25
    assert (ws / AUDIT_FILE).read_bytes().count(b"\n") == 25


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(
        st.tuples(
            st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True), st.sampled_from(ROLES)
        ),
        max_size=4,
        unique_by=lambda p: p[0],
    ),
    uses=st.lists(
        st.builds(
            UseConsent,
            st.sampled_from(USES),
            st.one_of(st.none(), st.dates(date(2026, 3, 3), date(2040, 1, 1))),
            st.booleans(),
        ),
        max_size=5,
        unique_by=lambda u: u.use,
    ),
    erase_by=st.one_of(st.none(), st.dates(date(2026, 3, 3), date(2040, 1, 1))),
    notes=st.text(max_size=40),
)
def test_register_round_trip_property(
    tmp_path: Path,
    people: list[tuple[str, str]],
    uses: list[UseConsent],
    erase_by: date | None,
    notes: str,
) -> None:
    path = tmp_path / "film.mp4"
    if not path.exists():
        path.write_bytes(os.urandom(1000))
    made = record_consent(
        path,
        people=people,
        given_on="3/3/2026",
        uses=uses,
        erase_by=erase_by,
        notes=notes,
        recorded_by="G07",
        workspace=tmp_path / "ws",
    )
    assert ConsentRegister(tmp_path / "ws").get("film") == made
    assert {u.use: u for u in made.uses} == {u.use: u for u in uses}
