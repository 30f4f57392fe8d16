"""The crash-safe tagging journal: one append-only JSON Lines file per (clip, coder).

Every tag, deletion, note edit, undo and redo is one line, written with a single ``write``
and fsynced before the call returns, so a tag the kit has acknowledged survives a
killed kernel or a power cut. The current coding is the replay of the journal. A last
line torn by a crash mid-write is dropped with a warning; damage anywhere else stops
the replay with an error naming the line, and the file is left as it is.

Several writers (two notebooks or two tabs on the same coding) are safe: each append
takes a file lock, first reads what others appended, then writes. Each ``Journal`` handle
is one writer with its own id (``by`` on its lines) and its own undo and redo, as in an
editor: undo in one tab never takes back what another tab did. This module is the writer;
the record's format and its replay are in :mod:`vigkit.coding.journal_replay`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.atomic import atomic_path, fsync_directory
from ..core.errors import CodingError, JournalError, Problem, VigkitError
from ..core.timecode import format_time
from .events import Event, check_name, normalise_event, utc_now
from .journal_replay import (
    FORMAT,
    JournalState,
    Step,
    apply_lines,
    header_scheme,
    read_header,
    replay,
    replay_file,
    warn_torn,
)
from .rowfiles import dumps_line
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .table import Coding

try:  # POSIX file locks; on Windows appends still work, without cross-process locking
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class Journal:
    """The append-only record of one coder's tagging of one clip.

    ``Journal(path, clip=..., coder=...)`` creates the file if needed (or checks that
    an existing one belongs to that clip and coder). Every method that changes the
    coding returns only after the operation is on disk. ``writer`` names this handle in
    the journal (default: a new random id); undo and redo reach only that writer's
    changes, so give the same ``writer`` again to carry on undoing after a restart.
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
        writer: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.writer = new_writer_id() if writer is None else writer
        self.scheme = load_scheme(scheme)
        self.duration = duration
        problems = [
            Problem(r)
            for r in (
                check_name(clip, "clip")[1],
                check_name(coder, "coder")[1],
                check_name(self.writer, "writer")[1] if writer is not None else None,
            )
            if r
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
        self.header, self.state, self._size, self._lines, _ = replay_file(self.path, self.scheme)
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
        writer: str | None = None,
    ) -> Journal:
        """Open an existing journal, taking clip, coder, role and scheme from its header."""
        header = read_header(Path(path))
        return cls(
            path,
            clip=header["clip"],
            coder=header["coder"],
            role=header.get("role", "trainee"),
            scheme=scheme if scheme is not None else header_scheme(Path(path), header),
            duration=duration,
            writer=writer,
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
        """Whether this writer has a change to undo (another writer's changes do not count)."""
        self._catch_up()
        return self.state.undoable(self.writer) is not None

    @property
    def can_redo(self) -> bool:
        """Whether this writer has an undone change to redo."""
        self._catch_up()
        return self.state.redoable(self.writer) is not None

    def latest_own_tag(self) -> Event | None:
        """The tag this writer added last that is still in the coding (None: none)."""
        self._catch_up()
        for step in reversed(self.state.undo_stacks.get(self.writer, [])):
            if step.op["op"] == "add" and step.event_id in self.state.events:
                return dict(self.state.events[step.event_id])
        return None

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
        answers: str = "",
    ) -> Event:
        """Record one tag and return it (with its id) once it is safely on disk;
        ``answers``: the id of the earlier tag it receives."""
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
                "answers": answers,
            },
            self.scheme,
            duration=self.duration,
        )
        if event is None:
            raise CodingError(self.path, problems, consequence="the tag was not saved")
        with self._locked():
            self._check_answer(event, event["answers"])
            self._write({"op": "add", "event": event})
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

    def link(self, event_id: str, answers: str | None) -> Event:
        """Mark tag ``event_id`` as receiving tag ``answers`` (None or ``""``: as answering
        nothing); undoable. Return the tag as it is now."""
        with self._locked():
            self._check_event(event_id)
            event = self.state.events[event_id]
            target = answers or ""
            self._check_answer(event, target)
            self._write(
                {"op": "link", "id": event_id, "answers": target, "previous": event["answers"]}
            )
            return dict(self.state.events[event_id])

    def _check_answer(self, event: Event, answers: str) -> None:
        """Refuse, naming the journal, a link the journal could not replay."""
        try:
            self.state.check_link(event, answers)
        except ValueError as error:
            raise CodingError(
                self.path, [Problem(str(error), column="answers")], consequence="nothing was saved"
            ) from None

    def undo(self) -> str | None:
        """Reverse this writer's latest add, delete or note edit not yet undone; say what
        was undone (None: nothing to undo)."""
        with self._locked():
            step = self.state.undoable(self.writer)
            if step is None:
                return None
            self._write({"op": "undo", "target": step.op["seq"]})
        return self._say(step, UNDONE, "undid")

    def redo(self) -> str | None:
        """Make this writer's latest undone change again; say what was redone (None: nothing)."""
        with self._locked():
            step = self.state.redoable(self.writer)
            if step is None:
                return None
            self._write({"op": "redo", "target": step.op["seq"]})
        return self._say(step, REDONE, "redid")

    def _say(self, step: Step, words: dict[str, str], verb: str) -> str:
        """What an undo or redo of ``step`` did, in words."""
        event = step.about
        moment = f"{self.scheme.label_of(event['code'])} at {format_time(event['onset'])}"
        if not step.done and step.op["op"] == "link":
            return (
                f"{verb} nothing: the tag {moment} was changed since, or its link would now "
                "make tags answer each other in a loop"
            )
        if not step.done:
            return f"{verb} nothing: the tag {moment} was changed in another tab since"
        return words[step.op["op"]].format(moment=moment)

    def _check_event(self, event_id: str) -> None:
        if event_id not in self.state.events:
            raise VigkitError(f"{self.path}: there is no event with id '{event_id}' in this coding")

    def _append(self, op: dict[str, Any]) -> None:
        with self._locked():
            self._write(op)

    def _write(self, op: dict[str, Any]) -> None:
        """Write one operation (the lock is held and the state is current)."""
        record = {"seq": self.state.last_seq + 1, "op": op["op"], "at": utc_now()}
        record["by"] = self.writer
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

    def catch_up(self) -> bool:
        """Read what other writers appended since; say whether there was anything new."""
        lines = self._lines
        self._catch_up()
        return self._lines != lines

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
        good, count, torn = apply_lines(
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
            f"{len(self.state.events)} events, writer {self.writer}>"
        )


UNDONE = {
    "add": "removed the tag {moment}",
    "delete": "brought back the tag {moment}",
    "edit-note": "put back the earlier note on {moment}",
    "link": "put back the earlier link of {moment}",
}
REDONE = {
    "add": "put back the tag {moment}",
    "delete": "deleted the tag {moment} again",
    "edit-note": "put the later note back on {moment}",
    "link": "linked {moment} again",
}


def new_writer_id() -> str:
    """A fresh id for one journal handle (one tab, one notebook), unique in practice."""
    return "w" + secrets.token_hex(5)


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


__all__ = ["Journal", "JournalState", "replay"]
