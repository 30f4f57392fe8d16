"""Two real processes writing one journal: each undoes and redoes only its own changes,
and each sees the other's tags as soon as it reads the journal again (no restart)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vigkit import Journal, replay

# A writer process: one JSON command a line on stdin, one JSON answer a line on stdout.
# "run" makes many random changes of its own tags at once (for the concurrent test).
CHILD = r"""
import json, random, sys, warnings
warnings.simplefilter("ignore")
from vigkit import Journal

try:
    journal = Journal.open(sys.argv[1], writer=sys.argv[2])
except TypeError:  # a vigkit from before writer ids: lets the test show what went wrong there
    journal = Journal.open(sys.argv[1])

def answer(**values):
    ids = sorted(e["id"] for e in journal.coding.to_records())
    sys.stdout.write(json.dumps({**values, "coding": ids}) + "\n")
    sys.stdout.flush()

answer(ready=True)
for line in sys.stdin:
    command = json.loads(line)
    do = command["do"]
    if do == "add":
        answer(id=journal.add(command["code"], command["onset"])["id"])
    elif do == "undo":
        answer(said=journal.undo())
    elif do == "redo":
        answer(said=journal.redo())
    elif do == "look":
        answer(can_undo=journal.can_undo, can_redo=getattr(journal, "can_redo", None))
    elif do == "run":
        rng = random.Random(command["seed"])
        for i in range(command["count"]):
            roll = rng.random()
            if roll < 0.55:
                journal.add("guiding", rng.uniform(0, 60))
            elif roll < 0.8:
                journal.undo()
            else:
                journal.redo()
        answer(done=True)
"""


class Writer:
    """A child process holding one journal handle, driven one command at a time."""

    def __init__(self, script: Path, journal: Path, name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script), str(journal), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.read()["ready"]

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None and self.process.stderr is not None
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read()
        return dict(json.loads(line))

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def __call__(self, do: str, **values: Any) -> dict[str, Any]:
        self.send(do=do, **values)
        return self.read()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "c1" / "T07.journal.jsonl"
    Journal(path, clip="c1", coder="T07")
    return path


@pytest.fixture
def writers(tmp_path: Path, journal: Path) -> Iterator[tuple[Writer, Writer]]:
    script = tmp_path / "writer.py"
    script.write_text(CHILD)
    a, b = Writer(script, journal, "tab-a"), Writer(script, journal, "tab-b")
    yield a, b
    a.close()
    b.close()


def test_undo_in_each_process_takes_back_only_its_own_tag(
    writers: tuple[Writer, Writer], journal: Path
) -> None:
    a, b = writers
    mine = a("add", code="guiding", onset=1.0)["id"]
    theirs = b("add", code="waiting", onset=2.0)["id"]
    assert a("look")["coding"] == sorted([mine, theirs])  # A sees B's tag: no restart

    # A undoes: its own tag goes, the tag B just saved stays (in A, in B and on disk)
    assert a("undo")["said"] == "removed the tag Guiding at 0:01.00"
    assert a("look")["coding"] == b("look")["coding"] == [theirs]
    assert [e["id"] for e in replay(journal).to_records()] == [theirs]
    assert a("undo")["said"] is None  # A has nothing more: B's tag is not A's to undo
    assert a("look")["can_redo"] and not a("look")["can_undo"]

    # B undoes its own; A redoes its own; B redoes its own: both tags are back
    assert b("undo")["said"] == "removed the tag Waiting at 0:02.00"
    assert b("look")["coding"] == []
    assert a("redo")["said"] == "put back the tag Guiding at 0:01.00"
    assert b("look")["coding"] == [mine]
    assert b("redo")["said"] == "put back the tag Waiting at 0:02.00"
    assert a("look")["coding"] == b("look")["coding"] == sorted([mine, theirs])
    assert a("redo")["said"] is None and b("redo")["said"] is None

    # a new tag clears that writer's redo, not the other's
    a("undo")
    b("undo")
    b("add", code="guiding", onset=3.0)
    assert not b("look")["can_redo"] and a("look")["can_redo"]

    ops = [json.loads(line) for line in journal.read_text().splitlines()[1:]]
    assert {op["by"] for op in ops} == {"tab-a", "tab-b"}
    assert [op["seq"] for op in ops] == list(range(1, len(ops) + 1))


def _own_model(ops: list[dict[str, Any]], writer: str) -> set[str]:
    """The tags one writer's own adds, undos and redos leave (an editor's undo and redo)."""
    live: set[str] = set()
    done: list[str] = []
    undone: list[str] = []
    for op in ops:
        if op["by"] != writer:
            continue
        if op["op"] == "add":
            live.add(op["event"]["id"])
            done.append(op["event"]["id"])
            undone.clear()
        elif op["op"] == "undo":
            undone.append(done.pop())
            live.discard(undone[-1])
        elif op["op"] == "redo":
            done.append(undone.pop())
            live.add(done[-1])
    return live


@pytest.mark.slow
def test_two_processes_at_once_keep_their_undo_and_redo_apart(
    writers: tuple[Writer, Writer], journal: Path
) -> None:
    """Both processes add, undo and redo as fast as they can, at the same time: the journal
    replays to exactly the tags each one's own history leaves, and both read it alike."""
    a, b = writers
    a.send(do="run", seed=1, count=300)
    b.send(do="run", seed=2, count=300)
    assert a.read()["done"] and b.read()["done"]
    ops = [json.loads(line) for line in journal.read_text().splitlines()[1:]]
    assert len(ops) > 400  # an undo or redo with nothing to do writes nothing
    by_a = [op for op in ops if op["by"] == "tab-a"]
    first_b = next(i for i, op in enumerate(ops) if op["by"] == "tab-b")
    assert any(op["by"] == "tab-b" for op in ops[: ops.index(by_a[-1])]), "no interleaving"
    assert first_b < ops.index(by_a[-1])
    expected = _own_model(ops, "tab-a") | _own_model(ops, "tab-b")
    assert {e["id"] for e in replay(journal).to_records()} == expected
    assert set(a("look")["coding"]) == set(b("look")["coding"]) == expected
