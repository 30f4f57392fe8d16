"""Property: replaying any sequence of journal operations by several writers from disk gives
the same coding as applying them in memory (a model written independently of the journal's
own code): each writer undoes and redoes only its own changes, as in an editor."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit import Journal, load_scheme, replay

SCHEME = load_scheme()
WRITERS = 2
notes = st.text(max_size=40)  # any text: quotes, newlines, emoji, NUL
writer = st.integers(0, WRITERS - 1)
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            writer,
            st.sampled_from(SCHEME.codes),
            st.floats(0, 3600, allow_nan=False),
            st.floats(0, 30, allow_nan=False),
            notes,
        ),
        st.tuples(st.just("delete"), writer, st.integers(0, 50)),
        st.tuples(st.just("edit-note"), writer, st.integers(0, 50), notes),
        st.tuples(st.just("undo"), writer),
        st.tuples(st.just("redo"), writer),
    ),
    max_size=40,
)

Tag = tuple[str, float, float, str]


class Change:
    """One writer's change of one tag: the tag before and after (None: not there)."""

    def __init__(self, event_id: str, before: Tag | None, after: Tag | None) -> None:
        self.event_id, self.before, self.after = event_id, before, after
        self.alive = True  # False once another writer got in the way


class MemoryCoding:
    """The reference model: the tags, and each writer's undo and redo stacks of changes.

    An undo (redo) acts only if the tag is still exactly as the change (its undo) left it;
    otherwise it does nothing, then and ever after.
    """

    def __init__(self) -> None:
        self.events: dict[str, Tag] = {}
        self.undo_stacks: list[list[Change]] = [[] for _ in range(WRITERS)]
        self.redo_stacks: list[list[Change]] = [[] for _ in range(WRITERS)]

    def change(self, who: int, event_id: str, after: Tag | None) -> None:
        self.undo_stacks[who].append(Change(event_id, self.events.get(event_id), after))
        self.redo_stacks[who].clear()
        self.set(event_id, after)

    def set(self, event_id: str, tag: Tag | None) -> None:
        if tag is None:
            self.events.pop(event_id, None)
        else:
            self.events[event_id] = tag

    def step(self, who: int, undo: bool) -> bool | None:
        """Undo (redo) ``who``'s latest change: None if none, else whether it acted."""
        source, target = (
            (self.undo_stacks[who], self.redo_stacks[who])
            if undo
            else (self.redo_stacks[who], self.undo_stacks[who])
        )
        if not source:
            return None
        change = source.pop()
        target.append(change)
        now, then = (change.after, change.before) if undo else (change.before, change.after)
        if change.alive and self.events.get(change.event_id) == now:
            self.set(change.event_id, then)
        else:
            change.alive = False
        return change.alive


def on_disk(path: Path) -> dict[str, Tag]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean journal never needs recovery
        coding = replay(path)
    return {e["id"]: (e["code"], e["onset"], e["offset"], e["note"]) for e in coding.to_records()}


def in_memory(journal: Journal) -> dict[str, Tag]:
    records = journal.coding.to_records()
    return {e["id"]: (e["code"], e["onset"], e["offset"], e["note"]) for e in records}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_replay_equals_the_model_with_each_writer_undoing_its_own_changes(ops: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.journal.jsonl"
        journals = [
            Journal(path, clip="prop", coder="H1", writer=f"tab{i}") for i in range(WRITERS)
        ]
        model = MemoryCoding()
        for op in ops:
            kind, who = op[0], op[1]
            journal = journals[who]
            live = sorted(model.events)
            if kind == "add":
                _, _, code, onset, length, note = op
                event = journal.add(code, onset, onset + length, note=note)
                model.change(who, event["id"], (code, onset, onset + length, note))
            elif kind in ("delete", "edit-note") and live:
                target = live[op[2] % len(live)]
                if kind == "delete":
                    journal.delete(target)
                    model.change(who, target, None)
                else:
                    journal.edit_note(target, op[3])
                    code, onset, offset, _ = model.events[target]
                    model.change(who, target, (code, onset, offset, op[3]))
            elif kind in ("undo", "redo"):
                said = journal.undo() if kind == "undo" else journal.redo()
                acted = model.step(who, undo=kind == "undo")
                if acted is None:
                    assert said is None
                else:
                    assert said is not None
                    assert said.startswith(("undid nothing", "redid nothing")) != acted, said
        assert on_disk(path) == model.events
        for who, journal in enumerate(journals):  # every writer sees every writer's changes
            assert in_memory(journal) == model.events
            assert journal.can_undo == bool(model.undo_stacks[who])
            assert journal.can_redo == bool(model.redo_stacks[who])
            # the same writer, opened again (another process, after a restart), carries on
            again = Journal.open(path, writer=f"tab{who}")
            assert (again.can_undo, again.can_redo) == (journal.can_undo, journal.can_redo)
        # a new writer has nothing to undo or redo
        fresh = Journal.open(path)
        assert not fresh.can_undo and not fresh.can_redo


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_one_writer_gives_the_single_stack_undo_of_older_journals(ops: list) -> None:
    """With one writer, undo walks back through every change and redo forward again,
    whatever came in between: the same coding as before writer ids existed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.journal.jsonl"
        journal = Journal(path, clip="prop", coder="H1")
        model = MemoryCoding()
        for op in ops:
            kind = op[0]
            live = sorted(model.events)
            if kind == "add":
                _, _, code, onset, length, note = op
                event = journal.add(code, onset, onset + length, note=note)
                model.change(0, event["id"], (code, onset, onset + length, note))
            elif kind == "delete" and live:
                journal.delete(live[op[2] % len(live)])
                model.change(0, live[op[2] % len(live)], None)
            elif kind in ("undo", "redo"):
                said = journal.undo() if kind == "undo" else journal.redo()
                acted = model.step(0, undo=kind == "undo")
                assert acted is not False  # alone, an undo or redo always acts
                assert (said is None) == (acted is None)
        assert on_disk(path) == model.events == in_memory(journal)
