"""The ``vigkit`` command line, run for real.

The bad-input corpus lives in ``tests/data/bad/``; each ``cases*.yaml`` there says, for
each file, which command to run and what the error message must say. Every bad input must
exit 2 with one message on stderr naming the file and the problem, no traceback and never
"inside the kit", within 10 s and 1 GB of address space (``tests/corpus.py`` runs them).
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from corpus import MEMORY_LIMIT_BYTES, CorpusRunner

import vigkit

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
MANIFESTS = sorted(BAD.glob("cases*.yaml"))
GOOD_CSV = DATA / "good.csv"
GOOD_JSONL = DATA / "good.jsonl"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m vigkit ARGS`` in ``cwd``, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for manifest in MANIFESTS:
        for case in yaml.safe_load(manifest.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "manifest": manifest.name})
    return cases


def case_id(case: dict[str, Any]) -> str:
    return str(case.get("file") or case["name"])


def expand(arg: str, case: dict[str, Any], folder: Path) -> str:
    if "file" in case:
        arg = arg.replace("{file}", str(BAD / case["file"]))
    return arg.replace("{data}", str(DATA)).replace("{tmp}", str(folder))


def make_inputs(case: dict[str, Any], folder: Path) -> None:
    """Run the case's ``make: module:function`` (from ``tests/corpus_makers/``) in its folder."""
    if "make" in case:
        module, function = case["make"].split(":")
        maker = getattr(importlib.import_module(f"corpus_makers.{module}"), function)
        maker(folder)


CASES = load_cases()


@pytest.fixture(scope="module")
def corpus() -> Iterator[CorpusRunner]:
    runner = CorpusRunner()
    yield runner
    runner.close()


# ---------------------------------------------------------------- the bad-input corpus
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_bad_input_exits_2_with_a_clear_message(
    case: dict[str, Any], tmp_path: Path, corpus: CorpusRunner
) -> None:
    if "file" in case:
        path = BAD / case["file"]
        if case.get("missing"):
            assert not path.exists(), f"{path} must not exist: the case is about a missing file"
        else:
            assert path.is_file(), f"{path} is missing from the corpus"
    make_inputs(case, tmp_path)
    memory = int(case.get("memory_mb", MEMORY_LIMIT_BYTES >> 20)) << 20
    args = [expand(arg, case, tmp_path) for arg in case["args"]]
    result = corpus.run(args, cwd=tmp_path, memory=memory)
    assert not result.timed_out, f"over {result.seconds:.1f} s:\n{result.stderr}"
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "inside the kit" not in result.stderr
    assert result.stderr.startswith("vigkit: "), result.stderr
    if "file" in case:
        assert case["file"] in result.stderr, (
            f"the message does not name the file:\n{result.stderr}"
        )
    for expected in case["expect"]:
        assert expected in result.stderr, f"{expected!r} not in:\n{result.stderr}"


def test_corpus_is_complete() -> None:
    assert len(CASES) >= 250
    ids = [case_id(c) for c in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"two cases have the same file or name: {duplicates}"
    for case in CASES:
        assert case["args"] and case["expect"], case_id(case)
        assert ("file" in case) != ("name" in case), case_id(case)
    used = {c["file"] for c in CASES if "file" in c and not c.get("missing")}
    present = {p.name for p in BAD.iterdir() if p.is_file() and p not in MANIFESTS}
    assert present - used == set(), "files in tests/data/bad/ that no case uses"
    assert used - present == set(), "cases whose file is missing from tests/data/bad/"


def test_corpus_covers_every_kind_of_file() -> None:
    files = [c["file"] for c in CASES if "file" in c]
    for suffix in (".csv", ".jsonl", ".journal.jsonl", ".yaml"):
        assert sum(f.endswith(suffix) for f in files) >= 2, suffix


def test_corpus_runner_enforces_its_limits(tmp_path: Path, corpus: CorpusRunner) -> None:
    """The limits are real: a case that overruns its time is killed, and a case cannot
    take more than 1 GB, though the machine has it to give."""
    slow = corpus.run([], cwd=tmp_path, code="import time; time.sleep(5)", timeout=0.5)
    assert slow.timed_out and slow.seconds < 2
    greedy = corpus.run([], cwd=tmp_path, code="bytearray(1 << 30)")
    assert greedy.returncode == 1 and "MemoryError" in greedy.stderr
    modest = corpus.run([], cwd=tmp_path, code="bytearray(200 << 20)")
    assert modest.returncode == 0, modest.stderr


# ---------------------------------------------------------------- --debug and --version
def test_debug_shows_the_traceback_and_still_exits_2(tmp_path: Path) -> None:
    result = run("--debug", "validate", BAD / "unknown_code.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert "CodingError" in result.stderr
    assert "unknown code 'guiding.scafolding'" in result.stderr
    assert result.stdout == ""


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"vigkit {vigkit.__version__}"


def test_no_command_prints_help(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 0
    assert "scheme" in result.stdout and "validate" in result.stdout


# ---------------------------------------------------------------- vigkit scheme
def test_scheme_lists_every_code(tmp_path: Path) -> None:
    result = run("scheme", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    scheme = vigkit.load_scheme()
    assert len(scheme.categories) == 6
    assert len(scheme.behaviours) == 41
    assert "6 categories, 41 behaviours" in result.stdout
    words = set(result.stdout.split())
    for category in scheme.categories:
        assert category.id in words
        assert category.label.upper() in result.stdout
    for behaviour in scheme.behaviours:
        assert behaviour.id in words
    code_rows = [line for line in result.stdout.splitlines() if re.match(r"^(\d| ) +[a-z]", line)]
    assert len(code_rows) == 6 + 41


def test_scheme_by_name_and_by_path_agree(tmp_path: Path) -> None:
    path = Path(vigkit.__file__).parent / "coding" / "schemes" / "attuned-interactions.yaml"
    by_name = run("scheme", "attuned-interactions", cwd=tmp_path)
    by_path = run("scheme", path, cwd=tmp_path)
    assert by_name.returncode == by_path.returncode == 0
    assert by_name.stdout == by_path.stdout == run("scheme", cwd=tmp_path).stdout


def test_scheme_long_shows_descriptions(tmp_path: Path) -> None:
    short = run("scheme", cwd=tmp_path)
    long = run("scheme", "--long", cwd=tmp_path)
    assert long.returncode == 0, long.stderr
    scheme = vigkit.load_scheme()
    # Compare without white space: wrapping may break a line after a hyphen (yes-cycle).
    flat_long = "".join(long.stdout.split())
    flat_short = "".join(short.stdout.split())
    items: list[vigkit.Category | vigkit.Behaviour] = [*scheme.categories, *scheme.behaviours]
    for item in items:
        description = "".join(item.description.split())
        assert description, item.id
        assert description in flat_long, item.id
        assert description not in flat_short, item.id


# ---------------------------------------------------------------- vigkit validate: good files
def test_validate_good_csv(tmp_path: Path) -> None:
    result = run("validate", GOOD_CSV, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "good.csv: OK: 3 events (1 point, 2 intervals)" in result.stdout
    assert "clips clip01, coders T07, scheme attuned-interactions 1.0" in result.stdout


def test_validate_good_jsonl(tmp_path: Path) -> None:
    result = run("validate", GOOD_JSONL, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "good.jsonl: OK: 2 events (1 point, 1 interval)" in result.stdout
    assert "coders S02" in result.stdout


def test_good_fixtures_read_as_intended() -> None:
    csv_coding = vigkit.Coding.read(GOOD_CSV)
    events = csv_coding.events.set_index("id")
    assert events.loc["e2", "code"] == "being-attentive"  # given as the label
    assert events.loc["e2", "note"] == "turns, then smiles"
    assert (events.loc["e3", "onset"], events.loc["e3", "offset"]) == (62.0, 70.5)
    assert events.loc["e1", "offset"] == events.loc["e1", "onset"] == 5.0
    jsonl_coding = vigkit.Coding.read(GOOD_JSONL)
    assert jsonl_coding.events.set_index("id").loc["j1", "note"] == "nods, then answers"


def test_validate_good_journal(tmp_path: Path) -> None:
    path = tmp_path / "clip01" / "T07.journal.jsonl"
    journal = vigkit.Journal(path, clip="clip01", coder="T07")
    first = journal.add("guiding", 1.0)
    journal.add("being-attentive", "0:02", "0:03.5", subject="adult", note="a, b")
    journal.add("encouraging-initiatives.waiting", 4.0)
    journal.edit_note(first["id"], "changed")
    journal.undo()  # the note edit
    journal.delete(first["id"])
    journal.undo()  # the deletion
    result = run("validate", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "T07.journal.jsonl: OK: 3 events (2 points, 1 interval)" in result.stdout
    assert "clips clip01, coders T07" in result.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("empty-coding.csv", "clip,coder,code,onset\n"),  # a header and no rows
        ("empty-coding.jsonl", "\n\n"),  # what Coding.to_jsonl writes for no events
    ],
)
def test_validate_a_file_with_no_events_is_an_empty_coding(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("validate", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK: 0 events (0 points, 0 intervals), clips -, coders -" in result.stdout


def test_validate_jsonl_with_a_line_separator_in_a_note(tmp_path: Path) -> None:
    # JSON allows U+2028 inside strings, and Coding.to_jsonl writes it unescaped.
    coding = vigkit.Coding(
        [{"clip": "c1", "coder": "T1", "code": "guiding", "onset": 1, "note": "a\u2028b"}]
    )
    path = coding.to_jsonl(tmp_path / "separator.jsonl")
    result = run("validate", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK: 1 event" in result.stdout


def test_validate_relative_path(tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_bytes(GOOD_CSV.read_bytes())
    result = run("validate", "mine.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("mine.csv: OK: 3 events")


# ---------------------------------------------------------------- vigkit validate --duration
@pytest.mark.parametrize("duration", ["1:00", "60", "1:00.0", "0:01:00"])
def test_validate_duration_accepts_seconds_and_clock_times(duration: str, tmp_path: Path) -> None:
    result = run("validate", GOOD_JSONL, "--duration", duration, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK: 2 events" in result.stdout


def test_validate_duration_in_minutes_is_enforced(tmp_path: Path) -> None:
    # good.csv ends at 1:10.5: too long for a one-minute clip, fine for 1:15.
    result = run("validate", GOOD_CSV, "--duration", "1:00", cwd=tmp_path)
    assert result.returncode == 2
    assert "row 4, column 'offset'" in result.stderr
    assert "past the end of the clip (1:00.00)" in result.stderr
    assert run("validate", GOOD_CSV, "--duration", "1:15", cwd=tmp_path).returncode == 0


def test_validate_duration_applies_to_journals(tmp_path: Path) -> None:
    path = tmp_path / "c1.journal.jsonl"
    vigkit.Journal(path, clip="c1", coder="T1").add("guiding", 40.0)
    assert run("validate", path, "--duration", "1:00", cwd=tmp_path).returncode == 0
    result = run("validate", path, "--duration", "30", cwd=tmp_path)
    assert result.returncode == 2
    assert "past the end of the clip (0:30.00)" in result.stderr


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("abc", "'abc' is not a time"),
        ("1:75", "'1:75' is not a time"),
        ("nan", "finite number of seconds"),
        ("0", "more than 0 seconds"),
        ("-5", "more than 0 seconds"),
    ],
)
def test_validate_bad_duration(duration: str, message: str, tmp_path: Path) -> None:
    result = run("validate", GOOD_CSV, f"--duration={duration}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "--duration" in result.stderr
    assert message in result.stderr
