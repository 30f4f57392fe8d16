"""The journal's on-disk record and its replay: the header line, one JSON operation a line,
what each operation does (``JournalState``), and a file read back into a coding."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import JournalError, Problem, SchemeError, VigkitWarning
from ..core.limits import JsonLimitError, load_json, parse_json
from ..core.textfile import read_file_bytes
from .events import COLUMNS, LATER_COLUMNS, NAME_PATTERN, Event, normalise_event
from .links import link_problem, loop_of
from .scheme import Scheme, load_scheme
from .table import Coding

FORMAT = 1
OPERATIONS = ("add", "delete", "edit-note", "link", "undo", "redo")
CHANGES = ("add", "delete", "edit-note", "link")  # what a writer does; undo and redo act on these
LEGACY = ""  # the writer of operations without "by" (journals from before writer ids)


@dataclass
class Step:
    """One change of one tag, on its writer's undo or redo stack: the tag ``before`` and
    ``after`` it (None: no such tag), and whether the change can still be undone or redone.

    An undo puts ``before`` back only if the tag is exactly ``after`` (a redo: the other
    way round). If another writer has changed or deleted the tag since, the undo or redo
    leaves it alone and the step is ``done`` with (it does nothing from then on).
    """

    op: dict[str, Any]
    before: Event | None
    after: Event | None
    done: bool = True

    @property
    def event_id(self) -> str:
        """The id of the tag the change is about."""
        return str((self.after or self.before or {}).get("id"))

    @property
    def about(self) -> Event:
        """The tag the change is about (for saying what was undone)."""
        return self.after or self.before or {}


@dataclass
class JournalState:
    """The coding a journal describes so far, and each writer's undo and redo stacks.

    Every operation carries the id of the journal handle that wrote it (``by``; missing
    in older journals, which then have one writer). An undo reverses the latest change
    of *its* writer not yet undone, a redo re-applies that writer's latest undone change,
    and a new change clears that writer's redo stack, as in an editor.
    """

    events: dict[str, Event] = field(default_factory=dict)
    undo_stacks: dict[str, list[Step]] = field(default_factory=dict)
    redo_stacks: dict[str, list[Step]] = field(default_factory=dict)
    last_seq: int = 0
    added_by: dict[str, int] = field(default_factory=dict)  # event id -> seq of its add

    def undoable(self, writer: str) -> Step | None:
        """The change ``writer`` would undo next (None: nothing)."""
        stack = self.undo_stacks.get(writer)
        return stack[-1] if stack else None

    def redoable(self, writer: str) -> Step | None:
        """The change ``writer`` would redo next (None: nothing)."""
        stack = self.redo_stacks.get(writer)
        return stack[-1] if stack else None

    def check(self, op: dict[str, Any]) -> None:
        """Raise ``ValueError`` saying why ``op`` cannot follow; change nothing."""
        kind = op.get("op")
        seq = op.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq != self.last_seq + 1:
            raise ValueError(f"operation number {seq!r} should be {self.last_seq + 1}")
        writer = writer_of(op)
        if kind == "add":
            event = op.get("event")
            if not isinstance(event, dict) or "id" not in event:
                raise ValueError("an 'add' needs the event")
            if event["id"] in self.events:
                raise ValueError(f"event {event['id']} is added twice")
            self.check_link(event, event.get("answers"))
        elif kind == "delete":
            self._require(op.get("id"))
            if not isinstance(op.get("event"), dict):
                raise ValueError("a 'delete' needs the deleted event, so it can be undone")
        elif kind == "edit-note":
            self._require(op.get("id"))
            if not isinstance(op.get("note"), str) or not isinstance(op.get("previous"), str):
                raise ValueError("an 'edit-note' needs the new and the previous note as text")
        elif kind == "link":
            self._require(op.get("id"))
            if not isinstance(op.get("answers"), str) or not isinstance(op.get("previous"), str):
                raise ValueError("a 'link' needs the answered tag and the previous one as text")
            self.check_link(self.events[op["id"]], op["answers"])
        elif kind in ("undo", "redo"):
            step = self.undoable(writer) if kind == "undo" else self.redoable(writer)
            target = op.get("target")
            whose = f"writer '{writer}'" if writer else "this journal"
            if not isinstance(target, int) or isinstance(target, bool):
                article = "an" if kind == "undo" else "a"
                raise ValueError(
                    f"{article} {kind} needs the number of the operation it {kind}es "
                    f"('target'), not {target!r}"
                )
            if step is None:
                raise ValueError(f"{kind} of operation {target}, but {whose} has nothing to {kind}")
            if step.op["seq"] != target:
                latest = "latest" if kind == "undo" else "latest undone"
                raise ValueError(
                    f"{kind} of operation {target} is not the {latest} operation of {whose} "
                    f"(that is operation {step.op['seq']})"
                )
        else:
            raise ValueError(f"unknown operation {kind!r}")

    def apply(self, op: dict[str, Any]) -> None:
        """Apply one operation, or raise ``ValueError`` (changing nothing) if it cannot."""
        self.check(op)
        kind, writer = op["op"], writer_of(op)
        if kind == "undo":
            step = self.undo_stacks[writer].pop()
            step.done = self._move(step, undo=True)
            self.redo_stacks.setdefault(writer, []).append(step)
        elif kind == "redo":
            step = self.redo_stacks[writer].pop()
            step.done = self._move(step, undo=False)
            self.undo_stacks.setdefault(writer, []).append(step)
        else:
            self.undo_stacks.setdefault(writer, []).append(self._change(op))
            self.redo_stacks.pop(writer, None)  # a new change: what was undone stays undone
        self.last_seq = op["seq"]

    def _change(self, op: dict[str, Any]) -> Step:
        """Make a new (checked) change and return it as a step its writer can undo."""
        if op["op"] == "add":
            event_id = op["event"]["id"]
            self.added_by[event_id] = op["seq"]
            step = Step(op, None, dict(op["event"]))
        else:
            before = self.events[op["id"]]
            changed = {"edit-note": "note", "link": "answers"}.get(op["op"])
            after = None if changed is None else {**before, changed: op[changed]}
            step = Step(op, dict(before), after)
        self._put(step.event_id, step.after)
        return step

    def check_link(self, event: Event, answers: Any) -> None:
        """Raise ``ValueError`` if ``event`` cannot answer the tag ``answers`` names now."""
        if not answers:
            return
        reason = link_problem(event, self.events.get(str(answers)), str(answers))
        if reason is None and self._would_loop(str(event["id"]), {**event, "answers": answers}):
            reason = "the tags would answer each other in a loop: a chain must start somewhere"
        if reason:
            raise ValueError(reason)

    def _would_loop(self, event_id: str, event: Event) -> bool:
        """Whether putting ``event`` in place would make tags answer each other in a loop."""
        return bool(loop_of({**self.events, event_id: event}, event_id))

    def _require(self, event_id: Any) -> None:
        if event_id not in self.events:
            raise ValueError(f"there is no event {event_id!r}")

    def _move(self, step: Step, undo: bool) -> bool:
        """Undo (or redo) ``step`` if the tag is as the step left it; say whether it was."""
        start, end = (step.after, step.before) if undo else (step.before, step.after)
        if not step.done or self.events.get(step.event_id) != start:
            return False
        if end is not None and end.get("answers") and self._would_loop(step.event_id, end):
            return False  # the other tag has come to answer this one since
        self._put(step.event_id, end)
        return True

    def _put(self, event_id: str, event: Event | None) -> None:
        if event is None:
            del self.events[event_id]
        else:
            self.events[event_id] = dict(event)


def writer_of(op: dict[str, Any]) -> str:
    """The writer of an operation: its ``by`` (checked), or the one writer of older journals."""
    writer = op.get("by", LEGACY)
    if writer == LEGACY and "by" not in op:
        return LEGACY
    if not isinstance(writer, str) or not NAME_PATTERN.match(writer):
        raise ValueError(
            f"the writer id {writer!r} is not usable: use up to 64 letters, digits, '-', '_' "
            "or '.', starting with a letter or digit"
        )
    return writer


def read_header(path: Path) -> dict[str, Any]:
    """The first line of a journal: which clip, coder and scheme it records."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
    except OSError as error:
        raise JournalError(path, [Problem(f"it cannot be read ({error.strerror})")]) from None
    return _parse_header(first, path)


def replay(
    path: str | Path,
    scheme: Scheme | str | Path | None = None,
    duration: float | None = None,
) -> Coding:
    """The coding a journal file describes, without opening it for writing.

    With ``duration`` (seconds), tags past the end of the clip are errors naming the
    journal line that added them.
    """
    path = Path(path)
    header = read_header(path)
    resolved = load_scheme(scheme) if scheme is not None else header_scheme(path, header)
    _, state, _, _, torn = replay_file(path, resolved)
    if torn:
        warn_torn(path, torn)
    if duration is not None:
        problems = [
            problem
            for event_id, event in state.events.items()
            for problem in normalise_event(
                event, resolved, duration=duration, line=state.added_by[event_id] + 1
            )[1]
        ]
        if problems:
            raise JournalError(path, sorted(problems, key=lambda p: p.line or 0))
    return Coding._from_events(list(state.events.values()), resolved, None)


def header_scheme(path: Path, header: dict[str, Any]) -> Scheme:
    """The scheme a journal's header names; if it cannot be loaded, say so of the journal."""
    scheme = header["scheme"]
    try:
        return load_scheme(scheme)
    except SchemeError as error:
        raise JournalError(
            path,
            [Problem(f"it was made with scheme '{scheme}' (not built in)", 1)],
            hint="Give the scheme's YAML file, e.g. vigkit validate FILE --scheme my-scheme.yaml",
        ) from error


def warn_torn(path: Path, line: int) -> None:
    """Tell the user a crash cut the journal's last line short, and that it is left out."""
    warnings.warn(
        f"{path}: the last line (line {line}) was cut off by a crash while it was being "
        "written and is left out; every tag before it is safe.",
        VigkitWarning,
        stacklevel=4,
    )


def _parse_header(first: bytes, path: Path) -> dict[str, Any]:
    try:
        header = load_json(first, path, JournalError)
    except ValueError:
        header = None
    if (
        not isinstance(header, dict)
        or header.get("journal") != "vigkit"
        or not all(isinstance(header.get(k), str) for k in ("clip", "coder", "scheme"))
    ):
        raise JournalError(
            path,
            [Problem("this is not a vigkit journal (its first line is not a journal header)", 1)],
        )
    if header.get("format") != FORMAT:
        raise JournalError(
            path,
            [Problem(f"journal format {header.get('format')!r} is not known to this vigkit", 1)],
            hint="Update vigkit to read it.",
        )
    return header


def replay_file(path: Path, scheme: Scheme) -> tuple[dict[str, Any], JournalState, int, int, int]:
    """Header, state, bytes and lines that replayed, and a torn last line's number (or 0)."""
    data = read_file_bytes(path, JournalError)  # a FIFO or device is refused, not waited on
    newline = data.find(b"\n")
    if newline < 0:
        raise JournalError(path, [Problem("the journal header is incomplete", 1)])
    header = _parse_header(data[: newline + 1], path)
    state = JournalState()
    good, count, torn = apply_lines(data[newline + 1 :], state, path, scheme, first_line=2)
    return header, state, newline + 1 + good, 1 + count, torn


def apply_lines(
    data: bytes, state: JournalState, path: Path, scheme: Scheme, first_line: int
) -> tuple[int, int, int]:
    """Apply complete lines to ``state``: bytes and lines used, and a torn line's number.

    Only the very last line may be torn by a crash mid-write: cut short (no newline) or
    not JSON at all (e.g. zero bytes a file system left after a power cut); it is left
    unapplied and its number returned (0 when there is none). Anything else that does
    not apply (a bad hand edit) is damage: :class:`JournalError` naming the line.
    """
    lines = data.split(b"\n")
    fragment = lines.pop()  # after the last newline: empty unless the write was torn
    consumed = 0
    for index, raw in enumerate(lines):
        number = first_line + index
        try:
            state.apply(_decode(raw, scheme))
        except ValueError as error:
            is_last = index == len(lines) - 1 and not fragment.strip(b"\x00")
            if is_last and isinstance(error, _NotJson):
                return consumed, index, number
            raise JournalError(
                path,
                [Problem(f"this line is damaged ({error})", number)],
                hint="Nothing was changed. Restore the journal from a backup, or remove the "
                "damaged line in a text editor and open the coding again.",
            ) from None
        consumed += len(raw) + 1
    return consumed, len(lines), (first_line + len(lines) if fragment else 0)


class _NotJson(ValueError):
    """A line that is not JSON: on the last line, the mark of a torn write."""


def _decode(raw: bytes, scheme: Scheme) -> dict[str, Any]:
    try:
        op = parse_json(raw)
    except JsonLimitError as error:  # whole JSON, just too deep or a key twice: damage
        raise ValueError(str(error)) from None
    except ValueError as error:
        raise _NotJson(f"not valid JSON: {error}") from None
    if not isinstance(op, dict) or op.get("op") not in OPERATIONS:
        raise ValueError("not a journal operation")
    if op["op"] in ("add", "delete"):
        event, problems = normalise_event(op.get("event") or {}, scheme)
        if event is None:
            raise ValueError("; ".join(p.describe() for p in problems))
        if set(op["event"]) | set(LATER_COLUMNS) != set(COLUMNS):
            raise ValueError("the event does not have every column")
        op["event"] = event
    return op
