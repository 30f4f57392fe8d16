"""``vigkit import`` / ``vigkit export`` and the choice of format by file name: every
format through the command line, a supervisor's ELAN file compared directly, and bad
input refused with exit 2, no traceback and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_views_marks import SUPERVISOR, TRAINEE

from vigkit import Coding, VigkitError
from vigkit.formats.dispatch import format_of, read_coding_file, write_coding_file

FOREIGN = ["out.eaf", "out.boris", "out.boris.gz", "out.vtt", "out.xlsx"]


def vigkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)], cwd=cwd, capture_output=True, text=True
    )


def same_events(first: Coding, second: Coding) -> None:
    columns = ["clip", "coder", "role", "code", "subject", "onset", "offset", "note"]
    a = first.events[columns].reset_index(drop=True)
    b = second.events[columns].reset_index(drop=True)
    assert a[["clip", "coder", "code"]].equals(b[["clip", "coder", "code"]])
    assert (abs(a["onset"] - b["onset"]) <= 0.001).all()
    assert (abs(a["offset"] - b["offset"]) <= 0.001).all()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.eaf", "elan"), ("A.BORIS", "boris"), ("a.boris.gz", "boris"), ("a.vtt", "webvtt"),
     ("a.xlsx", "xlsx"), ("a.csv", "csv"), ("a.jsonl", "jsonl")],
)  # fmt: skip
def test_the_format_is_chosen_by_the_name(name: str, fmt: str) -> None:
    assert format_of(name) == fmt


def test_unknown_endings_and_options_that_do_not_apply_are_refused(tmp_path: Path) -> None:
    unknown = r"a.docx: the kit cannot read or write '.docx' files as codings"
    with pytest.raises(VigkitError, match=unknown):
        format_of("a.docx")
    with pytest.raises(VigkitError, match="--observation does not apply to elan files"):
        read_coding_file(tmp_path / "a.eaf", "attuned-interactions", observation="1")
    with pytest.raises(VigkitError, match="--media does not apply to webvtt files"):
        write_coding_file(TRAINEE, tmp_path / "a.vtt", media="film.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", FOREIGN)
def test_export_then_import_gives_the_coding_back(tmp_path: Path, out: str) -> None:
    TRAINEE.to_csv(tmp_path / "T07.csv")
    exported = vigkit("export", "T07.csv", out, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert f"T07.csv → {out}: 4 events" in exported.stderr
    needs_names = out.endswith((".vtt", ".boris", ".boris.gz"))
    extra = ["--coder", "T07", "--clip", "home-play"] if needs_names else []
    imported = vigkit("import", out, "back.csv", *extra, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    same_events(TRAINEE, Coding.read(tmp_path / "back.csv"))


def test_a_supervisors_elan_file_is_compared_directly(tmp_path: Path) -> None:
    write_coding_file(SUPERVISOR, tmp_path / "supervisor.eaf")
    TRAINEE.to_csv(tmp_path / "T07.csv")
    done = vigkit("compare", "T07.csv", "supervisor.eaf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("You spotted 3 of the 4 moments")


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "broken.eaf").write_text("<ANNOTATION_DOCUMENT><TIER", encoding="utf-8")
    TRAINEE.to_csv(tmp_path / "T07.csv")
    cases = [
        (("import", "broken.eaf", "out.csv"), "broken.eaf"),
        (("import", "T07.csv", "out.csv"), "already a coding file"),
        (("import", "broken.eaf", "out.eaf"), "import writes a coding as .csv or .jsonl"),
        (("export", "T07.csv", "out.csv"), "export writes .eaf"),
        (("export", "missing.csv", "out.eaf"), "missing.csv"),
        (("import", "broken.eaf", "out.csv", "--tier", "nonsense"), "NAME=PSEUDONYM"),
        (("import", "broken.eaf", "out.csv", "--duration", "-3"), "--duration"),
    ]
    for args, message in cases:
        done = vigkit(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["T07.csv", "broken.eaf"]
