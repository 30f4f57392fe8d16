"""Inputs for the exchange cases (``cases-cohort.yaml``): settings files, a course in
``{tmp}/ex`` with a roster, a workspace with a coding, and damaged or claimed pieces."""

from __future__ import annotations

import json
from pathlib import Path

from vigkit.coding import Workspace, load_scheme
from vigkit.cohort import create_course
from vigkit.cohort.identity import account_hash


def _settings(folder: Path, text: str) -> None:
    (folder / "cohort.yaml").write_text(text, encoding="utf-8")


def bad_settings(folder: Path) -> None:
    """A course id with capitals and a space, and a misspelt field."""
    _settings(folder, "course: VIG 2027\nexchange: ex\nexhange: ex\n")


def no_exchange(folder: Path) -> None:
    """Settings naming an exchange folder that is not there."""
    _settings(folder, "course: vig-2027\nexchange: gone\n")


def no_course(folder: Path) -> None:
    """An exchange folder with no course in it."""
    (folder / "ex").mkdir()
    _settings(folder, "course: vig-2027\nexchange: ex\n")


def course(folder: Path) -> None:
    """Course vig-2027 (S01; T01, T02) in ``ex``; workspace ``ws`` where T01 tagged ``clip``."""
    no_course(folder)
    create_course("vig-2027", folder / "ex", supervisors=["S01"], trainees=["T01", "T02"])
    journal = Workspace(folder / "ws").journal("clip", "T01")
    journal.add(code=load_scheme().codes[0], onset=1.0)
    code = load_scheme().codes[0]
    (folder / "other.csv").write_text(
        f"clip,coder,code,onset\nclip,T09,{code},1.0\n", encoding="utf-8"
    )
    (folder / "record.json").write_text('{"schema": 1, "cycles": "many"}', encoding="utf-8")
    (folder / "portfolio.docx").write_bytes(b"PK\x03\x04")


def damaged_roster(folder: Path) -> None:
    """A roster cut off by hand editing."""
    course(folder)
    (folder / "ex" / "vig-2027" / "course.yaml").write_text("course: vig-2027\nmode: [\n")


def claimed(folder: Path) -> None:
    """T01 was first used by another account."""
    course(folder)
    person = folder / "ex" / "vig-2027" / "people" / "T01"
    person.mkdir(parents=True, exist_ok=True)  # create_course makes it in one-user mode
    salt = "00" * 16
    owner = {"pseudonym": "T01", "salt": salt, "account": account_hash("somebody-else", salt)}
    (person / "owner.json").write_text(json.dumps(owner), encoding="utf-8")
