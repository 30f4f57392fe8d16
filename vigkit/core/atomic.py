"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Everything is written to a temporary file in the same folder, flushed and fsynced, then
``os.replace``-d over the target and the folder fsynced, so a crash, a killed kernel or
a full disk leaves the previous version intact. A full disk is a :class:`DiskFullError`
naming the file. Temporary files are named ``.{name}.vigkit-{pid}-{random}.tmp{suffix}``,
so ones left by a killed writer are recognised and swept at the next write in that folder
(work folders of several files too: :func:`temporary_folder`).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .errors import VigkitError

STALE_AFTER_SECONDS = 3600.0
"""A kit temporary file not touched for this long is swept even if its writer seems alive
(its process number may have been reused, or the folder is shared with another machine)."""

_FULL = (errno.ENOSPC, errno.EDQUOT)
_TEMPORARY = re.compile(r"^\..*\.vigkit-(?P<pid>\d+)-[a-z0-9_]+\.tmp(\.[^.]*)?$")
# Before issue 16 the kit named its temporary files ``.{stem}.{8 random}.tmp{suffix}``; those
# are swept once they are stale by age, as their writer cannot be known.
_OLD_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp(\.[^.]*)?$")
_STEM_CHARS = 100  # keeps the temporary name within the 255 bytes file systems allow


class DiskFullError(VigkitError):
    """The disk (or the user's quota) filled up while the kit was writing a file."""

    def __init__(self, path: str | Path, into_folder: bool = False) -> None:
        self.path = Path(path)
        what = f"into {self.path}" if into_folder else str(self.path)
        super().__init__(
            f"the disk is full while writing {what} – free some space and run again "
            "(nothing was written)"
        )


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` is the operating system saying the disk or the quota is full."""
    return isinstance(error, OSError) and error.errno in _FULL


def fsync_directory(folder: str | Path) -> None:
    """Make a rename or a new file in ``folder`` durable (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` that replaces it when the block succeeds.

    The temporary name keeps the target's suffix, so tools that choose a format from the
    extension (ffmpeg, Pillow) can write to it directly. On any error (an interrupt too)
    it is removed and the target is untouched; a full disk becomes a ``DiskFullError``.
    """
    target = Path(path)
    if target.exists() and not target.is_file():
        raise VigkitError(
            f"{target}: this is not a plain file (a folder, device or pipe), so the kit "
            "will not write over it; choose a file name"
        )
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale_temporaries(target.parent)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem[:_STEM_CHARS]}.vigkit-{os.getpid()}-",
            suffix=f".tmp{target.suffix}",
            dir=target.parent,
        )
        os.close(fd)
        tmp = Path(tmp_name)
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_current_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as error:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        if is_disk_full(error) or (isinstance(error, DiskFullError) and error.path == tmp):
            _let_go_quietly(error)
            raise DiskFullError(target) from None
        raise
    fsync_directory(target.parent)


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """Open a UTF-8 text file that replaces ``path`` only if the block finishes cleanly."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        yield handle


def atomic_write_text(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically."""
    with atomic_writer(path) as handle:
        handle.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


@contextlib.contextmanager
def temporary_folder(beside: str | Path) -> Iterator[Path]:
    """A hidden work folder in the folder of ``beside`` (the output it works towards),
    removed with everything in it afterwards. Named as temporary files are, so the folder
    of a killed run is swept at the next write there, like a half-written file."""
    target = Path(beside)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temporaries(target.parent)
    folder = Path(
        tempfile.mkdtemp(
            prefix=f".{target.stem[:_STEM_CHARS]}.vigkit-{os.getpid()}-",
            suffix=".tmp",
            dir=target.parent,
        )
    )
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def is_kit_temporary(name: str) -> bool:
    """Whether a file name is one of the kit's temporary names (this or an older version)."""
    return bool(_TEMPORARY.match(name) or _OLD_TEMPORARY.match(name))


def sweep_stale_temporaries(folder: str | Path) -> list[Path]:
    """Remove the kit's temporary files (and work folders, see :func:`temporary_folder`) in
    ``folder`` left by writers that were killed; return what was removed. Only names of
    the kit's pattern are touched (no symbolic links), and only when
    their writer's process is gone or they are older than ``STALE_AFTER_SECONDS``, so a
    write under way in another process or notebook keeps its file. Never raises."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".") or not is_kit_temporary(entry.name):
            continue
        match = _TEMPORARY.match(entry.name)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            if not (entry.is_file(follow_symlinks=False) or (is_folder and match)):
                continue
            modified = _last_change(entry.path) if is_folder else entry.stat().st_mtime
            if now - modified < STALE_AFTER_SECONDS and (
                match is None or writer_alive(int(match["pid"]), modified)
            ):
                continue
            if is_folder:
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:  # gone already, or not ours to remove: leave it
            continue
    return removed


def _last_change(folder: str) -> float:
    """The latest modification time of a work folder or of any file directly in it."""
    times = [os.stat(folder, follow_symlinks=False).st_mtime]
    with os.scandir(folder) as entries:
        times += [e.stat(follow_symlinks=False).st_mtime for e in entries]
    return max(times)


def writer_alive(pid: int, modified: float) -> bool:
    """Whether process ``pid`` is running and could have written a file last modified at
    ``modified`` (a process that started after that is another one with a reused number)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        pass
    except OSError:  # pragma: no cover - e.g. pid out of range
        return False
    started = _process_start(pid)
    return started is None or started <= modified + 2.0  # /proc/stat's boot time is whole seconds


def _process_start(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), from Linux's /proc; else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text(encoding="ascii").splitlines()
            if line.startswith("btime ")
        )
        ticks = float(stat.rpartition(")")[2].split()[19])  # field 22: start time in ticks
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _let_go_quietly(error: BaseException) -> None:
    """Free what the failed writer still holds (e.g. a zip archive of an .xlsx, whose
    clean-up writes again and fails again) now, so the disk-full errors of that clean-up
    are not printed later as "Exception ignored ... Traceback" after the kit's message."""
    hook = sys.unraisablehook

    def quiet(unraisable: Any) -> None:
        if not is_disk_full(unraisable.exc_value):
            hook(unraisable)

    sys.unraisablehook = quiet
    try:
        if error.__traceback__ is not None:
            traceback.clear_frames(error.__traceback__)
        error.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
