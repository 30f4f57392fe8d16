"""The consent form, driven in Python as a person would fill it in (no browser)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from vigkit.privacy.register import ConsentRegister
from vigkit.widgets.consentform import ConsentForm, months_later


def film(folder: Path) -> Path:
    path = folder / "Home play.mp4"
    path.write_bytes(os.urandom(3000))
    return path


def test_fill_in_and_save(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    form = ConsentForm(film(tmp_path), workspace=ws, recorded_by="G07")
    assert not ws.exists()  # showing the form makes nothing
    form.add_button.click()
    form.add_button.click()
    form.people[0].pseudonym.value = "P1"
    form.people[0].role.value = "client-adult"
    form.people[1].pseudonym.value = "C1"
    form.people[1].role.value = "child"
    form.given_on.value = "3/3/2026"
    assert "3/5/2026" in form.erase_by.placeholder  # two months on, suggested
    form.uses["own-review"].consented.value = True
    form.uses["training-group"].consented.value = True
    form.uses["training-group"].until.value = "30/6/2026"
    form.uses["training-group"].blurred.value = True
    form.erase_by.value = "2026-09-30"
    form.notes.value = "form in the cabinet"
    form.save_button.click()
    assert form.status.value.startswith("Saved"), form.status.value
    entry = ConsentRegister(ws).get("Home-play")
    assert entry is not None
    assert [(p.pseudonym, p.role) for p in entry.people] == [
        ("P1", "client-adult"),
        ("C1", "child"),
    ]
    assert entry.consented_uses == ("own-review", "training-group")
    blurred = entry.use("training-group")
    assert blurred is not None and blurred.faces_blurred and blurred.until == date(2026, 6, 30)
    assert entry.erase_by == date(2026, 9, 30) and entry.recorded_by == "G07"

    again = ConsentForm(tmp_path / "Home play.mp4", workspace=ws)  # filled from the register
    assert [row.pseudonym.value for row in again.people] == ["P1", "C1"]
    assert again.given_on.value == "3/3/2026"
    assert again.uses["training-group"].blurred.value is True
    assert again.uses["supervision"].consented.value is False
    assert again.recorded_by.value == "G07"
    again.people[1].remove.click()
    again.uses["supervision"].consented.value = True
    again.save_button.click()
    assert again.status.value.startswith("Saved")
    entry = ConsentRegister(ws).get("Home-play")
    assert entry is not None and len(entry.people) == 1 and entry.use("supervision") is not None


def test_mistakes_are_shown_in_plain_words(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    form = ConsentForm(film(tmp_path), workspace=ws, recorded_by="G07")
    form.save_button.click()
    assert form.status.value.startswith("Not saved: consent given on")
    form.given_on.value = "31/02/2026"
    form.save_button.click()
    assert "February 2026 has 28 days" in form.status.value
    form.given_on.value = "1/2/2026"
    form.uses["research"].consented.value = True
    form.uses["research"].until.value = "soon"
    form.save_button.click()
    assert "research, until: 'soon' is not a date" in form.status.value
    form.uses["research"].until.value = ""
    form.add_person()
    form.people[0].pseudonym.value = "Anna Smith"
    form.save_button.click()
    assert "pseudonym" in form.status.value and "Traceback" not in form.status.value
    assert ConsentRegister(ws).films() == []
    form.people[0].pseudonym.value = "C1"
    form.save_button.click()
    assert form.status.value.startswith("Saved")


def test_a_damaged_register_is_said_at_once(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "consent.json").write_text("{oops")
    form = ConsentForm(film(tmp_path), workspace=ws)
    assert form.status.value.startswith("Not read:") and "consent.json" in form.status.value


def test_months_later() -> None:
    assert months_later(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert months_later(date(2026, 3, 3), 2) == date(2026, 5, 3)
