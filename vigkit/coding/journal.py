"""The crash-safe tagging journal: one append-only JSON Lines file per (clip, coder).

Every tag, deletion, note edit and undo is one line, written with a single ``write``
and fsynced before the call returns, so a tag the kit has acknowledged survives a
killed kernel or a power cut. The current coding is the replay of the journal. A last
line torn by a crash mid-write is dropped with a warning; damage anywhere else stops
the replay with an error naming the line, and the file is left as it is.

Several writers (two notebooks on the same coding) are safe: each append takes a
file lock, first reads what others appended, then writes.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.atomic import atomic_path, fsync_directory
from ..core.errors import (
    CodingError,
    JournalError,
    Problem,
    SchemeError,
    VigkitError,
    VigkitWarning,
)
from ..core.timecode import format_time
from .events import COLUMNS, Event, check_name, normalise_event, utc_now
from .rowfiles import dumps_line
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .table import Coding

try:  # POSIX file locks; on Windows appends still work, without cross-process locking
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

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


class Journal:
    """The append-only record of one coder's tagging of one clip.

    ``Journal(path, clip=..., coder=...)`` creates the file if needed (or checks that
    an existing one belongs to that clip and coder). Every method that changes the
    coding returns only after the operation is on disk.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        clip: str,
        coder: str,
        role: str = "trainee",
        scheme: Scheme | str | Path = DEFAULT_SCHEME,
        duration: float | None = None,
    ) -> None:
        self.path = Path(path)
        self.scheme = load_scheme(scheme)
        self.duration = duration
        problems = [
            Problem(r) for r in (check_name(clip, "clip")[1], check_name(coder, "coder")[1]) if r
        ]
        if problems:
            raise JournalError(self.path, problems)
        wanted = {
            "journal": "vigkit",
            "format": FORMAT,
            "clip": clip,
            "coder": coder,
            "role": role,
            "scheme": self.scheme.id,
            "scheme_version": self.scheme.version,
        }
        if not self.path.exists():
            _create(self.path, {**wanted, "created": utc_now()})
        self.header, self.state, self._size, self._lines, _ = _replay_file(self.path, self.scheme)
        for key in ("clip", "coder", "scheme"):
            if self.header.get(key) != wanted[key]:
                raise JournalError(
                    self.path,
                    [
                        Problem(
                            f"this journal is for {key} '{self.header.get(key)}', "
                            f"not '{wanted[key]}'",
                            1,
                        )
                    ],
                )
        with self._locked():
            pass  # cuts off a line torn by an earlier crash, with a warning

    @classmethod
    def open(
        cls,
        path: str | Path,
        scheme: Scheme | str | Path | None = None,
        duration: float | None = None,
    ) -> Journal:
        """Open an existing journal, taking clip, coder, role and scheme from its header."""
        header = read_header(Path(path))
        return cls(
            path,
            clip=header["clip"],
            coder=header["coder"],
            role=header.get("role", "trainee"),
            scheme=scheme if scheme is not None else _header_scheme(Path(path), header),
            duration=duration,
        )

    # ------------------------------------------------------------ reading
    @property
    def clip(self) -> str:
        """The clip this journal codes."""
        return str(self.header["clip"])

    @property
    def coder(self) -> str:
        """The coder's pseudonym."""
        return str(self.header["coder"])

    @property
    def role(self) -> str:
        """The coder's role (trainee, supervisor, self or peer)."""
        return str(self.header.get("role", "trainee"))

    @property
    def coding(self) -> Coding:
        """The current coding: the replay of every operation so far."""
        self._catch_up()
        return Coding._from_events(list(self.state.events.values()), self.scheme, self.duration)

    @property
    def can_undo(self) -> bool:
        """Whether there is an operation to undo."""
        return bool(self.state.undo_stack)

    # ------------------------------------------------------------ writing
    def add(
        self,
        code: str,
        onset: float | str,
        offset: float | str | None = None,
        *,
        subject: str = "",
        note: str = "",
        event_id: str | None = None,
        created: str | None = None,
    ) -> Event:
        """Record one tag and return it (with its id) once it is safely on disk."""
        event, problems = normalise_event(
            {
                "id": event_id,
                "clip": self.clip,
                "coder": self.coder,
                "role": self.role,
                "code": code,
                "subject": subject,
                "onset": onset,
                "offset": offset,
                "note": note,
                "created": created,
            },
            self.scheme,
            duration=self.duration,
        )
        if event is None:
            raise CodingError(self.path, problems, consequence="the tag was not saved")
        self._append({"op": "add", "event": event})
        return dict(event)

    def delete(self, event_id: str) -> None:
        """Remove an event (undoable)."""
        with self._locked():
            self._check_event(event_id)
            self._write({"op": "delete", "id": event_id, "event": self.state.events[event_id]})

    def edit_note(self, event_id: str, note: str) -> None:
        """Replace an event's note (undoable)."""
        with self._locked():
            self._check_event(event_id)
            previous = self.state.events[event_id]["note"]
            self._write(
                {"op": "edit-note", "id": event_id, "note": str(note), "previous": previous}
            )

    def undo(self) -> str | None:
        """Reverse the latest add, delete or note edit; say what was undone (None: nothing)."""
        with self._locked():
            if not self.state.undo_stack:
                return None
            target = self.state.undo_stack[-1]
            self._write({"op": "undo", "target": target["seq"]})
        event = target.get("event") or self.state.events[target["id"]]
        moment = f"{self.scheme.label_of(event['code'])} at {format_time(event['onset'])}"
        return {
            "add": f"removed the tag {moment}",
            "delete": f"brought back the tag {moment}",
            "edit-note": f"put back the earlier note on {moment}",
        }[target["op"]]

    def _check_event(self, event_id: str) -> None:
        if event_id not in self.state.events:
            raise VigkitError(f"{self.path}: there is no event with id '{event_id}' in this coding")

    def _append(self, op: dict[str, Any]) -> None:
        with self._locked():
            self._write(op)

    def _write(self, op: dict[str, Any]) -> None:
        """Write one operation (the lock is held and the state is current)."""
        record = {"seq": self.state.last_seq + 1, "op": op["op"], "at": utc_now()}
        record.update({k: v for k, v in op.items() if k != "op"})
        self.state.check(record)  # never write an operation that would not replay
        data = dumps_line(record).encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(f"only {written} of {len(data)} bytes could be written")
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.truncate(self.path, self._size)  # leave no torn line behind
            raise
        finally:
            os.close(fd)
        self._size += len(data)
        self._lines += 1
        self.state.apply(record)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the journal's lock and bring the state up to date with the file."""
        with open(self.path, "rb") as lock_file:
            if fcntl is not None:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
            try:
                self._catch_up(repair=True)
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)

    def _catch_up(self, repair: bool = False) -> None:
        """Apply what other writers appended; with ``repair``, cut a torn tail off."""
        size = self.path.stat().st_size
        if size == self._size:
            return
        if size < self._size:
            raise JournalError(
                self.path,
                [Problem("the journal got shorter while it was open")],
                hint="Another program changed it; re-open the coding to continue.",
            )
        with open(self.path, "rb") as handle:
            handle.seek(self._size)
            tail = handle.read()
        good, count, torn = _apply_lines(
            tail, self.state, self.path, self.scheme, first_line=self._lines + 1
        )
        self._size += good
        self._lines += count
        if torn and repair:
            os.truncate(self.path, self._size)
            warn_torn(self.path, torn)

    def __repr__(self) -> str:
        return (
            f"<Journal {self.path.name}: clip {self.clip}, coder {self.coder}, "
            f"{len(self.state.events)} events>"
        )


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
    resolved = load_scheme(scheme) if scheme is not None else _header_scheme(path, header)
    _, state, _, _, torn = _replay_file(path, resolved)
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


def _header_scheme(path: Path, header: dict[str, Any]) -> Scheme:
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


def _create(path: Path, header: dict[str, Any]) -> None:
    """Create a journal holding only its header, atomically, never replacing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path.with_name(path.name + ".new")) as tmp:
        tmp.write_text(dumps_line(header), encoding="utf-8")
    staged = path.with_name(path.name + ".new")
    try:
        os.link(staged, path)  # fails if another writer created it first: keep theirs
    except FileExistsError:
        pass
    finally:
        staged.unlink(missing_ok=True)
    fsync_directory(path.parent)


def _parse_header(first: bytes, path: Path) -> dict[str, Any]:
    try:
        header = json.loads(first)
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


def _replay_file(path: Path, scheme: Scheme) -> tuple[dict[str, Any], JournalState, int, int, int]:
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
    good, count, torn = _apply_lines(data[newline + 1 :], state, path, scheme, first_line=2)
    return header, state, newline + 1 + good, 1 + count, torn


def _apply_lines(
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
        op = json.loads(raw)
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
