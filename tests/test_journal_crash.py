"""Kill a tagging process with SIGKILL at random moments: no acknowledged tag may be lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from vigkit import Journal, replay

TRIALS = 60

# The child tags as fast as it can. Before each operation it prints what it is about to
# do, and after the call returns (the line is fsynced) it prints "ok": only then is the
# operation acknowledged. Every fifth operation deletes an earlier tag, every seventh
# undoes the latest operation, so the kill lands on every kind of write.
CHILD = r"""
import os, sys, warnings
warnings.simplefilter("ignore")
from vigkit import Journal

def say(line):  # one write per line, so a kill cannot split a report line
    os.write(1, (line + "\n").encode())

journal = Journal.open(sys.argv[1])
live = [e["id"] for e in journal.coding.to_records()]
say("ready")
i = 0
while True:
    i += 1
    if i % 7 == 0 and journal.can_undo:
        say("undo")
        journal.undo()
        live = [e["id"] for e in journal.coding.to_records()]
    elif i % 5 == 0 and live:
        victim = live.pop(0)
        say("delete " + victim)
        journal.delete(victim)
    else:
        say("add")
        event = journal.add("guiding", (i % 600) / 10, note="x" * (i % 300))
        live.append(event["id"])
        say("id " + event["id"])
    say("ok")
"""


class Model:
    """What the child was told is saved: live tag ids and the undo stack, in memory."""

    def __init__(self) -> None:
        self.live: set[str] = set()
        self.stack: list[tuple[str, str]] = []

    def copy(self) -> Model:
        twin = Model()
        twin.live, twin.stack = set(self.live), list(self.stack)
        return twin

    def apply(self, op: list[str]) -> None:
        if op[0] == "add":
            self.live.add(op[1])
            self.stack.append(("add", op[1]))
        elif op[0] == "delete":
            self.live.discard(op[1])
            self.stack.append(("delete", op[1]))
        elif op[0] == "undo" and self.stack:
            kind, event_id = self.stack.pop()
            if kind == "add":
                self.live.discard(event_id)
            else:
                self.live.add(event_id)


def _replayed_ids(journal: Path) -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {e["id"] for e in replay(journal).to_records()}


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_tag(tmp_path: Path) -> None:
    path = tmp_path / "crash.journal.jsonl"
    Journal(path, clip="crash", coder="K1")
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rng = random.Random(20261124)
    model = Model()
    acknowledged = in_flight_landed = in_flight_lost = 0

    for trial in range(TRIALS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stderr is not None
        ready = child.stdout.readline().strip()
        assert ready == b"ready", child.stderr.read().decode()
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        report = child.stdout.read().decode().splitlines()
        child.stdout.close()
        child.stderr.close()

        in_flight: list[str] | None = None
        for line in report:
            word, _, value = line.partition(" ")
            if word in {"add", "delete", "undo"}:
                in_flight = [word] + ([value] if value else [])
            elif word == "id" and in_flight is not None:
                in_flight.append(value)
            elif word == "ok" and in_flight is not None:
                model.apply(in_flight)
                acknowledged += 1
                in_flight = None

        on_disk = _replayed_ids(path)
        if on_disk == model.live:
            if in_flight is not None and in_flight[0] == "add" and len(in_flight) == 1:
                in_flight_lost += 1
            continue
        # The only allowed difference: the operation in flight reached the disk.
        assert in_flight is not None, f"trial {trial}: journal differs with nothing in flight"
        landed = model.copy()
        if in_flight[0] == "add" and len(in_flight) == 1:  # killed before it printed the id
            new = on_disk - model.live
            assert len(new) == 1, f"trial {trial}: lost {model.live - on_disk}"
            in_flight.append(new.pop())
        landed.apply(in_flight)
        assert on_disk == landed.live, (
            f"trial {trial}: acknowledged tags lost: {model.live - on_disk}, "
            f"unexpected: {on_disk - landed.live}"
        )
        model = landed
        in_flight_landed += 1

    assert acknowledged > TRIALS  # the children really were writing when killed
    print(
        f"{TRIALS} kills, {acknowledged} acknowledged operations, "
        f"in-flight operation on disk {in_flight_landed}x, lost before fsync {in_flight_lost}x"
    )
