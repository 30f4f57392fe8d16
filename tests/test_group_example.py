"""The example group (examples/group/): the committed codings are what
examples/make_group_codings.py makes, they load cleanly as a group, and each made-up
trainee shows the pattern the course's supervisor notebook talks about."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from vigkit import Coding
from vigkit.core.coursedir import practice_dir
from vigkit.supervision.group import load_group
from vigkit.supervision.needs import GroupHelp, help_table

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "examples" / "group"
FILM = "group-bridge-building"
TRAINEES = ("T01", "T02", "T03", "T04", "T05")


def script() -> ModuleType:
    """examples/make_group_codings.py as a module (examples/ is not a package)."""
    path = ROOT / "examples" / "make_group_codings.py"
    spec = importlib.util.spec_from_file_location("make_group_codings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example() -> GroupHelp:
    return help_table(load_group(FOLDER, film=FILM, reference="S01"))


def test_the_committed_codings_are_what_the_script_makes(tmp_path: Path) -> None:
    made = script().build(tmp_path)
    assert sorted(p.name for p in made) == sorted(p.name for p in FOLDER.glob("*.csv"))
    for path in made:
        assert (FOLDER / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} is out of date: run `.venv/bin/python examples/make_group_codings.py` "
            "and commit examples/group/"
        )
    again = script().build(tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in made]


def test_the_group_loads_cleanly() -> None:
    group = load_group(FOLDER, film=FILM, reference="S01")
    assert set(group.coders) == {"S01", *TRAINEES}
    assert tuple(group.against_reference) == TRAINEES
    for path in FOLDER.glob("*.csv"):
        coding = Coding.read_csv(path)
        (coder,) = coding.coders
        assert path.name == f"{FILM}__{coder}.csv" and coding.clips == (FILM,)
        assert set(coding.events["role"]) == {"supervisor" if coder == "S01" else "trainee"}


def test_the_supervisor_coded_as_the_answer_key() -> None:
    supervisor = Coding.read_csv(FOLDER / f"{FILM}__S01.csv")
    answer_key = Coding.read_csv(practice_dir() / f"{FILM}.reference.csv")
    keep = ("id", "clip", "role", "code", "subject", "onset", "offset", "note")
    assert [{k: e[k] for k in keep} for e in supervisor.to_records()] == [
        {k: e[k] for k in keep} for e in answer_key.to_records()
    ]


def test_every_principle_is_in_the_film(example: GroupHelp) -> None:
    assert len(example.principles) == 6


def test_each_trainee_looks_like_a_real_learner(example: GroupHelp) -> None:
    def verdicts(trainee: str) -> dict[str, str | None]:
        return {p: example.cell(trainee, p).verdict for p in example.principles}

    assert set(verdicts("T01").values()) == {"secure"}  # a strong coder
    higher = {"guiding", "deepening-discussion"}
    assert {p for p, v in verdicts("T02").items() if v == "needs support"} == higher
    receiving = example.cell("T03", "receiving-initiatives")
    assert receiving.found == receiving.of and receiving.same == 0
    assert receiving.mostly_named_as == "encouraging-initiatives"
    totals = {t.trainee: t for t in example.totals}
    assert 0.7 <= totals["T04"].typical_lateness <= 1.3  # late by about a second
    assert all(abs(totals[t].typical_lateness) < 0.5 for t in TRAINEES if t != "T04")
    assert totals["T05"].extra >= 4 and totals["T05"].found == totals["T05"].of
    assert example.with_verdict("being-attentive", "secure") == TRAINEES


def test_the_summary_tells_the_groups_story(example: GroupHelp) -> None:
    text = example.summary_text()
    assert "everyone is secure on being attentive and encouraging initiatives" in text
    assert "- Receiving initiatives was the hardest: 2 of 5 need support (T03, T04)." in text
    assert "T03 named most of these moments as encouraging initiatives." in text
    assert "T04 tends to tag about 0.9 s after S01" in text
    assert "T05 tagged 5 moments S01 did not mark" in text
