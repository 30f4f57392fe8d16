"""The journal's on-disk record and its replay: the header line, one JSON operation a line,
what each operation does (``JournalState``), and a file read back into a coding."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import JournalError, Problem, SchemeError, VigkitWarning
from ..core.limits import load_json, parse_json
from .events import COLUMNS, Event, normalise_event
from .scheme import Scheme, load_scheme
from .table import Coding

FORMAT = 1
OPERATIONS = ("add", "delete", "edit-note", "undo")


@dataclass
class JournalState:
    """The coding a journal describes so far, and the operations undo can reverse."""

    events: dict[str, Event] = field(default_factory=dict)
    undo_stack: list[dict[str, Any]] = field(default_factory=list)
    last_seq: int = 0
    added_by: dict[str, int] = field(default_factory=dict)  # event id -> seq of its add

    def check(self, op: dict[str, Any]) -> None:
        """Raise ``ValueError`` saying why ``op`` cannot follow; change nothing."""
        kind = op.get("op")
        seq = op.get("seq")
        if not isinstance(seq, int) or seq != self.last_seq + 1:
            raise ValueError(f"operation number {seq!r} should be {self.last_seq + 1}")
        if kind == "add":
            event = op.get("event")
            if not isinstance(event, dict) or "id" not in event:
                raise ValueError("an 'add' needs the event")
            if event["id"] in self.events:
                raise ValueError(f"event {event['id']} is added twice")
        elif kind == "delete":
            self._require(op.get("id"))
            if not isinstance(op.get("event"), dict):
                raise ValueError("a 'delete' needs the deleted event, so it can be undone")
        elif kind == "edit-note":
            self._require(op.get("id"))
            if not isinstance(op.get("note"), str) or not isinstance(op.get("previous"), str):
                raise ValueError("an 'edit-note' needs the new and the previous note as text")
        elif kind == "undo":
            if not self.undo_stack or self.undo_stack[-1]["seq"] != op.get("target"):
                raise ValueError(f"undo of operation {op.get('target')!r} is not the latest")
        else:
            raise ValueError(f"unknown operation {kind!r}")

    def apply(self, op: dict[str, Any]) -> None:
        """Apply one operation, or raise ``ValueError`` (changing nothing) if it cannot."""
        self.check(op)
        kind = op["op"]
        if kind == "add":
            self.events[op["event"]["id"]] = dict(op["event"])
            self.added_by[op["event"]["id"]] = op["seq"]
        elif kind == "delete":
            del self.events[op["id"]]
        elif kind == "edit-note":
            self.events[op["id"]]["note"] = op["note"]
        if kind == "undo":
            self._reverse(self.undo_stack.pop())
        else:
            self.undo_stack.append(op)
        self.last_seq = op["seq"]

    def _require(self, event_id: Any) -> None:
        if event_id not in self.events:
            raise ValueError(f"there is no event {event_id!r}")

    def _reverse(self, op: dict[str, Any]) -> None:
        if op["op"] == "add":
            del self.events[op["event"]["id"]]
        elif op["op"] == "delete":
            self.events[op["id"]] = dict(op["event"])
        else:
            self.events[op["id"]]["note"] = op["previous"]


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
    try:
        data = path.read_bytes()
    except OSError as error:
        raise JournalError(path, [Problem(f"it cannot be read ({error.strerror})")]) from None
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
    except ValueError as error:
        raise _NotJson(f"not valid JSON: {error}") from None
    if not isinstance(op, dict) or op.get("op") not in OPERATIONS:
        raise ValueError("not a journal operation")
    if op["op"] in ("add", "delete"):
        event, problems = normalise_event(op.get("event") or {}, scheme)
        if event is None:
            raise ValueError("; ".join(p.describe() for p in problems))
        if set(op["event"]) != set(COLUMNS):
            raise ValueError("the event does not have every column")
        op["event"] = event
    return op
