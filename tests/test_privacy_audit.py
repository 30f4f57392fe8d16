"""The retention audit on real films and real files made from them: every film of the
register and of the ledger, its erase-by status around the 14-day boundary, and exactly the
files made from it that are still there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from retention_setup import TODAY, Setup, make_setup, write_register

from vigkit.core.errors import ConsentError
from vigkit.course import Note, privacy_audit_step
from vigkit.privacy.audit import (
    overdue_warnings,
    privacy_audit,
    status_of,
    warn_overdue_once,
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    return make_setup(tmp_path_factory.mktemp("retention"))


def _listed(report_files: object) -> set[Path]:
    return {Path(p) for p in report_files["path"]}  # type: ignore[index]


def test_every_film_with_its_status(setup: Setup) -> None:
    table = privacy_audit(setup.workspace, TODAY).table.set_index("film")
    assert table.loc["home-a", "status"] == "overdue"
    assert table.loc["home-a", "days_left"] == -3
    assert table.loc["home-b", "status"] == "due soon"  # 14 days: still due soon
    assert table.loc["home-b", "days_left"] == 14
    assert table.loc["home-d", "status"] == "keep"  # 15 days
    assert table.loc["home-d", "files"] == 0
    # a film the ledger knows but the register does not
    assert table.loc["c.mp4", "status"] == "no date"
    assert not table.loc["c.mp4", "registered"]
    assert list(table.index) == ["home-a", "home-b", "home-d", "c.mp4"]  # urgent first


def test_the_files_made_from_each_film(setup: Setup) -> None:
    report = privacy_audit(setup.workspace, TODAY)
    assert _listed(report.files("home-a")) == {*setup.made["home-a"], setup.shared}
    # the still of home-b was made from a cut of it: it inherits the film
    assert _listed(report.files("home-b")) == {*setup.made["home-b"], setup.shared}
    assert _listed(report.files("c.mp4")) == set(setup.made["c"])
    files = report.files("home-a").set_index("path")
    assert files.loc[str(setup.shared), "with_other_films"]
    assert files.loc[str(setup.shared), "kind"] == "sheet"
    assert files.loc[str(setup.shared), "bytes"] == setup.shared.stat().st_size
    table = report.table.set_index("film")
    assert table.loc["home-a", "bytes"] == sum(
        p.stat().st_size for p in [*setup.made["home-a"], setup.shared]
    )
    assert table.loc["home-a", "kinds"] == "1 cut, 2 stills, 1 contact sheet"
    assert table.loc["home-a", "original"] == "here"


@pytest.mark.parametrize(
    ("shift", "b_status", "d_status"),
    [(-1, "keep", "keep"), (0, "due soon", "keep"), (1, "due soon", "due soon")],
)
def test_the_14_day_boundary(setup: Setup, shift: int, b_status: str, d_status: str) -> None:
    table = privacy_audit(setup.workspace, TODAY + timedelta(days=shift)).table
    statuses = dict(zip(table["film"], table["status"], strict=True))
    assert (statuses["home-b"], statuses["home-d"]) == (b_status, d_status)


def test_status_of_days() -> None:
    assert status_of(TODAY, TODAY) == ("due soon", 0)  # erase *by* today: not yet overdue
    assert status_of(TODAY - timedelta(days=1), TODAY) == ("overdue", -1)
    assert status_of(None, TODAY) == ("no date", None)


def test_overdue_warnings_one_line_per_film(setup: Setup) -> None:
    lines = overdue_warnings(setup.workspace, TODAY)
    assert lines == [
        "film home-a was to be erased by 2026-11-28 (3 days ago): run `vigkit privacy erase home-a`"
    ]
    later = overdue_warnings(setup.workspace, TODAY + timedelta(days=16))
    assert [line.split()[1] for line in later] == ["home-a", "home-b", "home-d"]


def test_plain_words(setup: Setup) -> None:
    report = privacy_audit(setup.workspace, TODAY)
    text = str(report)
    assert "1 film is past the erase-by date: home-a (by 2026-11-28)" in text
    assert "vigkit privacy erase FILM" in text
    assert "due to be erased within 14 days: home-b" in text
    assert "c.mp4: erase by no date (no date)" in text and "not in the consent register" in text
    assert "<table>" in report._repr_html_() and "home-a" in report._repr_html_()


def test_the_notebook_step(setup: Setup) -> None:
    note = privacy_audit_step(setup.workspace, TODAY)
    assert isinstance(note, Note)
    assert "past the erase-by date: home-a" in note.text
    assert "- home-a: erase by 2026-11-28 (overdue); 4 files made from it" in note.text


def test_a_changed_file_is_not_the_kits_any_more(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    changed = setup.made["home-a"][0]
    changed.write_bytes(b"the user drew on this still in another program")
    listed = _listed(privacy_audit(setup.workspace, TODAY).files("home-a"))
    assert changed not in listed and setup.shared in listed
    setup.shared.unlink()  # gone: not listed
    assert _listed(privacy_audit(setup.workspace, TODAY).files("home-a")) == set(
        setup.made["home-a"][1:]
    )


def test_no_films(tmp_path: Path) -> None:
    report = privacy_audit(tmp_path / "none", TODAY)
    assert report.table.empty
    assert "knows no film" in str(report)
    assert overdue_warnings(tmp_path / "none", TODAY) == []
    assert not (tmp_path / "none").exists()  # looking makes no workspace


def test_a_damaged_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "consent.json").write_text('{"format": 1, "films": {"x": {"clip": ')
    with pytest.raises(ConsentError, match=r"consent\.json: the consent register is damaged"):
        privacy_audit(tmp_path, TODAY)
    assert warn_overdue_once(tmp_path, TODAY) == []  # opening the kit stays quiet
    assert capsys.readouterr().err == ""


def test_warned_once_per_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    film = tmp_path / "own" / "film.bin"
    film.parent.mkdir()
    film.write_bytes(b"not really a film, but a file with content")
    workspace = tmp_path / "ws"
    write_register(workspace, {"home-x": (film, TODAY - timedelta(days=1))})
    assert len(warn_overdue_once(workspace, TODAY)) == 1
    assert warn_overdue_once(workspace, TODAY) == []
    assert capsys.readouterr().err.count("vigkit: warning: film home-x") == 1
