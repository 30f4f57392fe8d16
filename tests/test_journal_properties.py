"""Property: replaying any sequence of journal operations from disk gives the same coding
as applying them in memory (a model written independently of the journal's own code)."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit import Journal, load_scheme, replay

SCHEME = load_scheme()
notes = st.text(max_size=40)  # any text: quotes, newlines, emoji, NUL
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.sampled_from(SCHEME.codes),
            st.floats(0, 3600, allow_nan=False),
            st.floats(0, 30, allow_nan=False),
            notes,
        ),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("edit-note"), st.integers(0, 50), notes),
        st.tuples(st.just("undo")),
    ),
    max_size=40,
)


class MemoryCoding:
    """The reference model: a dict of events and a stack of ways to undo."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[str, float, float, str]] = {}
        self.undo_stack: list[tuple[str, str, tuple[str, float, float, str]]] = []

    def add(self, event_id: str, code: str, onset: float, offset: float, note: str) -> None:
        self.events[event_id] = (code, onset, offset, note)
        self.undo_stack.append(("remove", event_id, self.events[event_id]))

    def delete(self, event_id: str) -> None:
        self.undo_stack.append(("restore", event_id, self.events.pop(event_id)))

    def edit_note(self, event_id: str, note: str) -> None:
        self.undo_stack.append(("restore", event_id, self.events[event_id]))
        code, onset, offset, _ = self.events[event_id]
        self.events[event_id] = (code, onset, offset, note)

    def undo(self) -> None:
        if not self.undo_stack:
            return
        action, event_id, before = self.undo_stack.pop()
        if action == "remove":
            del self.events[event_id]
        else:
            self.events[event_id] = before


def on_disk(path: Path) -> dict[str, tuple[str, float, float, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean journal never needs recovery
        coding = replay(path)
    return {e["id"]: (e["code"], e["onset"], e["offset"], e["note"]) for e in coding.to_records()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_replaying_the_journal_equals_applying_the_operations_in_memory(ops: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.journal.jsonl"
        journal = Journal(path, clip="prop", coder="H1")
        model = MemoryCoding()
        for op in ops:
            live = sorted(model.events)
            if op[0] == "add":
                _, code, onset, length, note = op
                event = journal.add(code, onset, onset + length, note=note)
                model.add(event["id"], code, onset, onset + length, note)
            elif op[0] in ("delete", "edit-note") and live:
                target = live[op[1] % len(live)]
                if op[0] == "delete":
                    journal.delete(target)
                    model.delete(target)
                else:
                    journal.edit_note(target, op[2])
                    model.edit_note(target, op[2])
            elif op[0] == "undo":
                journal.undo()
                model.undo()
        assert on_disk(path) == model.events
        assert {e["id"] for e in journal.coding.to_records()} == set(model.events)
        # a second process opening the journal sees the same coding and can undo as far
        reopened = Journal.open(path)
        assert reopened.can_undo == bool(model.undo_stack)
