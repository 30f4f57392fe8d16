"""The consent check: each refusal in plain words, the override and its audit line,
practice films, things the kit made checked against their original, blurred faces, end
dates and the erase-by day."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from vigkit.core.errors import ConsentError
from vigkit.privacy.consent import UseConsent
from vigkit.privacy.gate import check_use, consent_status
from vigkit.privacy.ledger import note_made
from vigkit.privacy.register import ConsentRegister, record_consent

DAY = date(2026, 5, 1)


def film(folder: Path, name: str = "home-play.mp4") -> Path:
    path = folder / name
    path.write_bytes(os.urandom(4096))
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return tmp_path / "ws"


def consented(path: Path, ws: Path, *uses: UseConsent | str, erase_by: str | None = None) -> None:
    record_consent(
        path,
        people=["P1:client-adult", "C1:child"],
        given_on="1/3/2026",
        uses=list(uses),
        erase_by=erase_by,
        recorded_by="G07",
        workspace=ws,
    )


def refusal(*args: object, **kwargs: object) -> str:
    with pytest.raises(ConsentError) as caught:
        check_use(*args, today=DAY, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def test_no_consent_recorded_says_how_to_record_it(tmp_path: Path, ws: Path) -> None:
    path = film(tmp_path)
    message = refusal(path, "supervision", action="making a reel", workspace=ws)
    assert message.startswith("making a reel was refused")
    assert str(path) in message and "no consent recorded" in message
    assert f"vigkit consent set {path.absolute()} --given-on DATE --use supervision" in message
    assert "notebook 05" in message and 'override="reason"' in message
    assert not ws.exists()  # checking makes no workspace


def test_consent_for_other_uses_names_them(tmp_path: Path, ws: Path) -> None:
    path = film(tmp_path)
    consented(path, ws, "own-review", "portfolio")
    check_use(path, "own-review", action="making stills", workspace=ws, today=DAY)
    message = refusal([path], "training-group", action="making stills", workspace=ws)
    assert f"{path} (clip home-play) is consented for" in message
    assert "own-review (the shared review with the client)" in message
    assert "portfolio" in message and "not for training-group" in message


def test_ended_consent_and_erase_by_are_refused(tmp_path: Path, ws: Path) -> None:
    path = film(tmp_path)
    consented(path, ws, UseConsent("supervision", date(2026, 4, 30)), erase_by="2026-06-30")
    message = refusal(path, "supervision", action="making a reel", workspace=ws)
    assert "until 30 April 2026" in message and "ended" in message
    check_use(path, "supervision", action="x", workspace=ws, today=date(2026, 4, 30))
    consented(path, ws, "supervision", erase_by="2026-04-01")
    message = refusal(path, "supervision", action="making a reel", workspace=ws)
    assert "erased by 1 April 2026" in message and "vigkit privacy erase" in message


def test_training_group_may_need_blurred_faces(tmp_path: Path, ws: Path) -> None:
    path = film(tmp_path)
    consented(path, ws, UseConsent("training-group", faces_blurred=True))
    message = refusal(path, "training-group", action="making a reel", workspace=ws)
    assert "only with faces blurred" in message and "blur_faces=True" in message
    check_use(path, "training-group", action="a reel", faces_blurred=True, workspace=ws, today=DAY)


def test_something_the_kit_made_is_checked_against_its_original(tmp_path: Path, ws: Path) -> None:
    original = film(tmp_path)
    consented(original, ws, "supervision", UseConsent("training-group", faces_blurred=True))
    cut = film(tmp_path, "cut.mp4")
    note_made(cut, [original], "cut", workspace=ws)
    still = film(tmp_path, "still.jpg")
    note_made(still, [cut], "still", workspace=ws)
    check_use(still, "supervision", action="a sheet", workspace=ws, today=DAY)
    message = refusal(still, "portfolio", action="a portfolio", workspace=ws)
    assert f"{still}: made from home-play.mp4 (clip home-play), which is consented" in message
    assert "blur_faces" in refusal(cut, "training-group", action="a reel", workspace=ws)
    blurred = film(tmp_path, "blurred.mp4")
    note_made(blurred, [cut], "blurred", workspace=ws, faces_blurred=True)
    check_use(blurred, "training-group", action="a reel", workspace=ws, today=DAY)
    # a reel of two films: both must allow it
    other = film(tmp_path, "other.mp4")
    reel = film(tmp_path, "reel.mp4")
    note_made(reel, [cut, other], "reel", workspace=ws)
    message = refusal(reel, "supervision", action="sharing a reel", workspace=ws)
    assert "other.mp4 has no consent" not in message
    assert "made from other.mp4, which has no consent recorded" in message
    assert "home-play" not in message  # only what refused is listed


def test_practice_films_are_free(tmp_path: Path, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    (course / "media" / "practice").mkdir(parents=True)
    practice = film(course / "media" / "practice", "baby-floor.mp4")
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(course))
    for use in ("own-review", "supervision", "training-group", "portfolio", "research"):
        check_use(practice, use, action="making a reel", workspace=ws, today=DAY)
    assert consent_status(practice, "research", workspace=ws)[0]


def test_override_lets_it_through_and_is_logged(tmp_path: Path, ws: Path) -> None:
    path = film(tmp_path)
    consented(path, ws, "own-review")
    with pytest.raises(ConsentError, match="give the reason"):
        check_use(path, "supervision", action="a reel", override="  ", workspace=ws, today=DAY)
    check_use(
        path,
        "supervision",
        action="making a reel",
        override="family agreed by phone, form follows",
        workspace=ws,
        today=DAY,
        by="G07",
    )
    events = ConsentRegister(ws).audit_trail()
    assert [e["what"] for e in events] == ["set", "override"]
    override = events[-1]
    assert override["action"] == "making a reel" and override["use"] == "supervision"
    assert override["clips"] == ["home-play"] and override["by"] == "G07"
    assert override["reason"] == "family agreed by phone, form follows"
    assert override["time"].endswith("Z")
    # an allowed use needs no override and logs nothing
    check_use(path, "own-review", action="a reel", override="x", workspace=ws, today=DAY)
    assert len(ConsentRegister(ws).audit_trail()) == 2


def test_bad_input(tmp_path: Path, ws: Path) -> None:
    with pytest.raises(ConsentError, match="did you mean 'research'"):
        check_use(film(tmp_path), "reserch", action="x", workspace=ws)
    with pytest.raises(ConsentError, match="no file here"):
        check_use(tmp_path / "gone.mp4", "research", action="x", workspace=ws)


def test_consent_status(tmp_path: Path, ws: Path) -> None:
    path = film(tmp_path)
    assert consent_status(path, "supervision", workspace=ws)[0] is False
    consented(path, ws, "supervision")
    allowed, why = consent_status(path, "supervision", workspace=ws, today=DAY)
    assert allowed and "is consented for supervision" in why
