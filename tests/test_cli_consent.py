"""``vigkit consent show|set|check``, run for real in a subprocess: exit 0 allowed, 1
refused with the reason, 2 bad input with one message and no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vigkit.privacy.ledger import note_made


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m vigkit ARGS`` in ``cwd``, with the workspace ``cwd/ws``."""
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "VIGKIT_WORKSPACE": str(cwd / "ws")},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def bad(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("vigkit: ")
    for text in expected:
        assert text in result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "Home play.mp4").write_bytes(os.urandom(5000))
    return tmp_path


SET = (
    "consent",
    "set",
    "Home play.mp4",
    "--person",
    "P1:client-adult",
    "--person",
    "C1:child",
    "--given-on",
    "3/3/2026",
    "--use",
    "own-review",
    "--use",
    "training-group:30/6/2026:blurred",
    "--erase-by",
    "2026-09-30",
    "--notes",
    "signed form in the cabinet",
    "--by",
    "G07",
)


def test_set_show_check(folder: Path) -> None:
    result = run("consent", "show", cwd=folder)
    assert result.returncode == 0 and "no consent is recorded yet" in result.stdout
    assert not (folder / "ws").exists()
    result = run(*SET, cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "recorded in" in result.stdout and "Home-play" in result.stdout
    shown = run("consent", "show", "Home-play", cwd=folder)
    assert shown.returncode == 0
    assert "P1 (client-adult), C1 (child)" in shown.stdout
    assert "until 30 June 2026, only with faces blurred" in shown.stdout
    assert "erase by 30 September 2026" in shown.stdout
    data = json.loads(run("consent", "show", "--json", cwd=folder).stdout)
    assert data["Home-play"]["uses"]["training-group"]["faces_blurred"] is True

    allowed = run(
        "consent", "check", "Home play.mp4", "--use", "own-review", "--on", "1/5/2026", cwd=folder
    )
    assert allowed.returncode == 0 and allowed.stdout.startswith("allowed: ")
    refused = run(
        "consent", "check", "Home-play", "--use", "supervision", "--on", "1/5/2026", cwd=folder
    )
    assert refused.returncode == 1
    assert "refused: " in refused.stdout and "not for supervision" in refused.stdout
    blurred = ("consent", "check", "Home play.mp4", "--use", "training-group")
    assert "blur_faces=True" in run(*blurred, "--on", "1/5/2026", cwd=folder).stdout
    assert run(*blurred, "--blurred", "--on", "1/5/2026", cwd=folder).returncode == 0
    ended = run(*blurred, "--blurred", "--on", "1/7/2026", cwd=folder)
    assert ended.returncode == 1 and "until 30 June 2026" in ended.stdout
    erased = run(
        "consent", "check", "Home-play", "--use", "own-review", "--on", "1/10/2026", cwd=folder
    )
    assert erased.returncode == 1 and "erased by 30 September 2026" in erased.stdout


def test_set_again_keeps_what_is_not_given(folder: Path) -> None:
    assert run(*SET, cwd=folder).returncode == 0
    result = run(
        "consent", "set", "Home-play", "--erase-by", "31/12/2026", "--by", "G07", cwd=folder
    )
    assert result.returncode == 0, result.stderr
    shown = run("consent", "show", "Home play.mp4", cwd=folder).stdout
    assert "erase by 31 December 2026" in shown and "C1 (child)" in shown
    assert "signed form" in shown


def test_check_something_the_kit_made(folder: Path) -> None:
    assert run(*SET, cwd=folder).returncode == 0
    still = folder / "still.jpg"
    still.write_bytes(os.urandom(800))
    note_made(still, [folder / "Home play.mp4"], "still", workspace=folder / "ws")
    result = run("consent", "check", "still.jpg", "--use", "portfolio", cwd=folder)
    assert result.returncode == 1
    assert "made from Home play.mp4 (clip Home-play)" in result.stdout


def test_no_consent_recorded(folder: Path) -> None:
    result = run("consent", "check", "Home play.mp4", "--use", "supervision", cwd=folder)
    assert result.returncode == 1
    assert "no consent recorded" in result.stdout and "vigkit consent set" in result.stdout
    bad(run("consent", "show", "Home play.mp4", cwd=folder), "no consent is recorded")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--given-on", "31/02/2026"), "February 2026 has 28 days"),
        (("--use", "supervison"), "did you mean 'supervision'"),
        (("--use", "research:1/1/2027:2/2/2027"), "at most one end date"),
        (("--person", "Anna Smith:child"), "pseudonym"),
        (("--person", "C1:kid"), "is not a role"),
        (("--erase-by", "1/1/2020"), "before the consent was given"),
        (("--by", "Mrs Jones"), "recorded by"),
    ],
)
def test_bad_input_exits_2(folder: Path, args: tuple[str, ...], expected: str) -> None:
    options = list(SET[3:])
    for flag, value in zip(args[::2], args[1::2], strict=True):
        options[options.index(flag) + 1] = value
    bad(run("consent", "set", "Home play.mp4", *options, cwd=folder), expected)
    assert not (folder / "ws" / "consent.json").exists()


def test_other_bad_input(folder: Path) -> None:
    bad(run("consent", "check", "gone.mp4", "--use", "research", cwd=folder), "no such file")
    bad(run("consent", "check", "Home play.mp4", "--use", "reserch", cwd=folder), "did you mean")
    bad(
        run("consent", "set", "gone.mp4", "--use", "research", "--by", "G07", cwd=folder),
        "gone.mp4",
    )
    bad(run("consent", "set", "Home play.mp4", "--by", "G07", cwd=folder), "--use")
    assert run(*SET, cwd=folder).returncode == 0
    (folder / "ws" / "consent.json").write_text(
        '{"format": 1, "films": {"x": {"given_on": "3/13/2026"}}}'
    )
    bad(
        run("consent", "show", cwd=folder),
        "consent.json: film 'x': field 'given_on'",
        "no month 13",
    )
