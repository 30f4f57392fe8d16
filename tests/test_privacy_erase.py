"""Erasing a film on real files: exactly what the kit made from it goes (a file of several
films too), the original only when asked, everything else stays byte-identical, a second
run removes nothing, and the erase log holds no names or paths. The command line too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from retention_setup import TODAY, Setup, make_setup, snapshot, write_register

from vigkit.core.errors import VigkitError
from vigkit.privacy.audit import overdue_warnings, privacy_audit
from vigkit.privacy.erase import erase_film, plan_erase
from vigkit.privacy.ledger import LEDGER_FILE, derived_files

ROOT = Path(__file__).resolve().parents[1]
KIT_RECORDS = {LEDGER_FILE, "erase-log.jsonl", "consent-audit.jsonl"}


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return make_setup(tmp_path)


def _root(setup: Setup) -> Path:
    return setup.workspace.parent


def _unchanged_except(before: dict[str, bytes], after: dict[str, bytes], gone: set[str]) -> None:
    kept = {k: v for k, v in before.items() if k not in gone and Path(k).name not in KIT_RECORDS}
    assert {k: v for k, v in after.items() if Path(k).name not in KIT_RECORDS} == kept


def test_erase_removes_exactly_what_was_made_from_the_film(setup: Setup) -> None:
    root = _root(setup)
    before = snapshot(root)
    expected = {*setup.made["home-a"], setup.shared}
    plan = plan_erase("home-a", setup.workspace)
    assert {f.path for f in plan.files} == expected
    assert snapshot(root) == before  # a plan removes nothing
    report = erase_film("home-a", setup.workspace)
    assert report.done and report.count == 4
    gone = {str(p.relative_to(root)) for p in expected}
    _unchanged_except(before, snapshot(root), gone)
    assert setup.films["home-a"].is_file()  # the user's original stays
    assert all(p.is_file() for p in setup.unrelated)  # journals and notes stay
    text = str(report)
    assert "other films are in it too" in text and "removed too" in text
    assert "original film" in text and "--original" in text
    assert "journals and codings are kept" in text


def test_a_second_erase_removes_nothing(setup: Setup) -> None:
    erase_film("home-a", setup.workspace)
    log = (setup.workspace / "erase-log.jsonl").read_bytes()
    before = snapshot(_root(setup))
    again = erase_film("home-a", setup.workspace)
    assert again.count == 0
    assert "Nothing left to erase for film home-a (it was erased on" in str(again)
    assert snapshot(_root(setup)) == before
    assert (setup.workspace / "erase-log.jsonl").read_bytes() == log


def test_the_erase_log_has_no_names_or_paths(setup: Setup) -> None:
    sizes = sum(p.stat().st_size for p in [*setup.made["home-a"], setup.shared])
    erase_film("home-a", setup.workspace)
    text = (setup.workspace / "erase-log.jsonl").read_text()
    (event,) = [json.loads(line) for line in text.splitlines()]
    untimed = text.replace(event["erased"], "")  # "2026-12-07T10:54…" holds "T1" from 10:00 UTC
    for private in ("home-a", "a.mp4", str(_root(setup)), "M1", "T1", "child", "stills-a"):
        assert private not in untimed
    assert event["film"].startswith("v1-")
    assert event["kinds"] == {"still": 2, "cut": 1, "sheet": 1}
    assert (event["files"], event["bytes"], event["original"]) == (4, sizes, False)
    # and the ledger no longer names the erased files or the film's path
    ledger = (setup.workspace / LEDGER_FILE).read_text()
    assert "a.mp4" not in ledger and "stills-a" not in ledger and "sheet.png" not in ledger
    assert {e.path for e in derived_files(setup.workspace)} == {
        *setup.made["home-b"],
        *setup.made["c"],
    }


def test_the_original_only_when_asked(setup: Setup) -> None:
    erase_film("home-a", setup.workspace)
    assert setup.films["home-a"].is_file()
    lines = overdue_warnings(setup.workspace, TODAY)
    assert lines == [
        "film home-a was to be erased by 2026-11-28 (3 days ago): the kit's files are erased "
        "but your original is still there: run `vigkit privacy erase home-a --original`"
    ]
    report = erase_film("home-a", setup.workspace, original=True)
    assert report.original == setup.films["home-a"].resolve() and report.count == 1
    assert not setup.films["home-a"].exists()
    assert overdue_warnings(setup.workspace, TODAY) == []
    table = privacy_audit(setup.workspace, TODAY).table.set_index("film")
    assert table.loc["home-a", "status"] == "erased"
    assert all(p.is_file() for p in setup.made["home-b"])


def test_erase_by_path_and_unregistered(setup: Setup) -> None:
    before = snapshot(_root(setup))
    report = erase_film(setup.films["c"], setup.workspace)
    assert [f.path for f in report.files] == setup.made["c"]
    _unchanged_except(before, snapshot(_root(setup)), {"elsewhere/c-cut.mp4"})
    assert "c.mp4" not in str(privacy_audit(setup.workspace, TODAY))
    assert erase_film(setup.films["c"], setup.workspace).count == 0  # known from the log


def test_a_changed_file_is_left_alone(setup: Setup) -> None:
    changed = setup.made["home-b"][-1]
    changed.write_bytes(b"someone else's picture now")
    erase_film("home-b", setup.workspace)
    assert changed.read_bytes() == b"someone else's picture now"
    assert not setup.made["home-b"][0].exists()


def test_an_unknown_film(setup: Setup) -> None:
    with pytest.raises(VigkitError, match=r"nope: the kit knows no such film.*home-a, home-b"):
        erase_film("nope", setup.workspace)


# ---------------------------------------------------------------- the command line
def vigkit(*args: str | Path, workspace: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VIGKIT_WORKSPACE": str(workspace)}
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=workspace.parent,
        timeout=120,
        check=False,
    )


def _overdue_today(setup: Setup) -> None:
    """The register with home-a and home-b past their dates today (the command's today)."""
    today = date.today()
    write_register(
        setup.workspace,
        {
            "home-a": (setup.films["home-a"], today - timedelta(days=2)),
            "home-b": (setup.films["home-b"], today - timedelta(days=1)),
            "home-d": (setup.films["home-d"], today + timedelta(days=30)),
        },
    )


def test_cli_audit_and_warnings(setup: Setup) -> None:
    _overdue_today(setup)
    done = vigkit("privacy", "audit", "--workspace", setup.workspace, workspace=setup.workspace)
    assert done.returncode == 0, done.stderr
    assert "2 films are past the erase-by date: home-a" in done.stdout
    warnings = done.stderr.splitlines()
    assert [w.split()[:3] for w in warnings] == [
        ["vigkit:", "warning:", "film"],
        ["vigkit:", "warning:", "film"],
    ]
    assert "home-a was to be erased" in warnings[0] and "home-b" in warnings[1]
    # any command warns first (here the workspace comes from VIGKIT_WORKSPACE)
    other = vigkit("scheme", workspace=setup.workspace)
    assert other.returncode == 0 and other.stderr.count("vigkit: warning: film") == 2


def test_cli_erase_asks_then_removes(setup: Setup) -> None:
    ws = setup.workspace
    refused = vigkit("privacy", "erase", "home-a", workspace=ws, stdin="no\n")
    assert refused.returncode == 0 and "Nothing was removed" in refused.stdout
    assert "contact sheet:" in refused.stdout and "kB)" in refused.stdout
    assert all(p.exists() for p in setup.made["home-a"])
    done = vigkit("privacy", "erase", "home-a", "--yes", workspace=ws)
    assert done.returncode == 0, done.stderr
    assert "Removed 4 files of film home-a" in done.stdout
    assert not any(p.exists() for p in setup.made["home-a"])
    again = vigkit("privacy", "erase", "home-a", "--yes", workspace=ws)
    assert again.returncode == 0 and "Nothing left to erase" in again.stdout
    original = vigkit("privacy", "erase", "home-a", "--original", "--yes", workspace=ws)
    assert original.returncode == 0 and not setup.films["home-a"].exists()


def test_cli_unknown_film(setup: Setup) -> None:
    done = vigkit("privacy", "erase", "nope", "--yes", workspace=setup.workspace)
    assert done.returncode == 2
    assert "vigkit: nope: the kit knows no such film" in done.stderr
    assert "Traceback" not in done.stderr
