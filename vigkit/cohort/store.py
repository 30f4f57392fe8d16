"""Submissions on disk: written whole in a hidden temporary folder, every file fsynced and
made read-only, then renamed into ``submissions/<id>`` (a reader never sees half of one);
read back with every checksum verified.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from ..coding.table import Coding
from ..core.atomic import DiskFullError, fsync_directory, is_disk_full, temporary_folder
from .course import SUBMISSIONS
from .manifest import MANIFEST, MANIFEST_SUM, Manifest, entry_for, verify
from .settings import CohortError

FILE_MODE = 0o440
FOLDER_MODE = 0o750  # the group is inherited when made (setgid above)


@dataclass(frozen=True)
class Submission:
    """One submission: its manifest and its folder."""

    manifest: Manifest
    folder: Path

    @property
    def id(self) -> str:
        """The submission's id (sortable by time)."""
        return self.manifest.id

    @property
    def coder(self) -> str:
        """Whose it is (pseudonym)."""
        return self.manifest.coder

    @property
    def kind(self) -> str:
        """``coding``, ``record`` or ``portfolio``."""
        return self.manifest.kind

    @property
    def clip(self) -> str | None:
        """The clip it is about (codings), else None."""
        return self.manifest.clip

    @property
    def created(self) -> str:
        """When it was submitted (UTC ISO)."""
        return self.manifest.created

    def coding(self) -> Coding:
        """The submitted coding (a ``coding`` submission), read and checked."""
        if self.kind != "coding":
            raise CohortError(f"submission {self.id} is a {self.kind}, not a coding")
        return Coding.read_csv(self.path("coding.csv"))

    def path(self, name: str) -> Path:
        """The path of one of its files (as listed in the manifest)."""
        if name not in {f.name for f in self.manifest.files}:
            raise CohortError(f"submission {self.id} has no file {name}")
        return self.folder / name


def new_id(now: datetime | None = None) -> str:
    """A submission id: UTC time to the microsecond and a random tail (sorts by time)."""
    moment = now or datetime.now(timezone.utc)
    return f"{moment.strftime('%Y%m%dT%H%M%S%fZ')}-{secrets.token_hex(3)}"


def order_key(submission: Submission) -> tuple[str, str]:
    """How submissions sort: by time, then by id (two at the same instant stay in one order)."""
    return (submission.created, submission.id)


Writer = Callable[[Path], None]


def write_submission(person: Path, manifest: Manifest, writers: Mapping[str, Writer]) -> Path:
    """Write each file (``writers``: name → function writing it) into a temporary folder,
    add ``manifest`` with every file's checksum and rename the folder into place."""
    box = person / SUBMISSIONS
    try:
        with temporary_folder(box / "submission") as work:
            for name, write in writers.items():
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                write(target)
            entries = tuple(entry_for(work, name) for name in writers)
            text = replace(manifest, files=entries).to_json()
            (work / MANIFEST).write_text(text, encoding="utf-8")
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            (work / MANIFEST_SUM).write_text(f"{digest}  {MANIFEST}\n", encoding="ascii")
            _seal(work)
            final = box / manifest.id
            os.rename(work, final)
            fsync_directory(box)
            return final
    except (OSError, DiskFullError) as error:
        if isinstance(error, DiskFullError) or is_disk_full(error):
            raise CohortError(
                f"the exchange's disk is full while submitting into {box}; nothing was "
                "submitted – tell your supervisor (the exchange needs more space)"
            ) from None
        if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise CohortError(
                f"you cannot write to {box} ({error.strerror}); nothing was submitted – ask "
                "whoever runs the hub to let your account write in the exchange"
            ) from None
        raise


def _seal(work: Path) -> None:
    """fsync and make read-only every file, then the folders, bottom up."""
    for dirpath, dirnames, filenames in os.walk(work, topdown=False):
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
            os.chmod(path, FILE_MODE)
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), FOLDER_MODE)
        fsync_directory(dirpath)
    os.chmod(work, FOLDER_MODE)


def read_submissions(person: Path, coder: str, course: str) -> tuple[list[Submission], list[str]]:
    """Every complete submission of ``person`` (oldest first), checked; and the problems of
    those skipped, in words. Hidden (temporary) folders are not looked at."""
    box = person / SUBMISSIONS
    try:
        names = sorted(e.name for e in os.scandir(box) if e.is_dir() and not e.name.startswith("."))
    except FileNotFoundError:
        return [], []
    found, problems = [], []
    for name in names:
        folder = box / name
        manifest, problem = verify(folder)
        if manifest is not None:
            if manifest.id != name or manifest.coder != coder or manifest.course != course:
                problem = (
                    "its manifest names another submission, person or course than its folder "
                    "(it was changed or moved)"
                )
            else:
                found.append(Submission(manifest, folder))
                continue
        problems.append(f"{coder}'s submission {name} was skipped: {problem}")
    found.sort(key=order_key)
    return found, problems
