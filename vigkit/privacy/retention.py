"""When each film must be erased: the consent register's erase-by dates read in one place,
a film's status on a day, the erase log, and the overdue lines the kit prints on opening.

Kept apart from the audit so the command line's start-up check reads two small files and
loads nothing heavy.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Protocol

from ..coding.workspace import Workspace, workspace_folder
from ..core.errors import VigkitError
from ..core.wording import counted
from .identity import film_fingerprint

#: Films whose erase-by date is this many days away or fewer are "due soon".
DUE_SOON_DAYS = 14
STATUSES = ("overdue", "due soon", "keep", "no date", "erased")
ERASE_LOG = "erase-log.jsonl"

WorkspaceLike = Workspace | str | Path | None


class RegisteredFilm(Protocol):
    """What the audit reads of a film in the consent register (a ``FilmConsent`` has it)."""

    @property
    def clip(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def erase_by(self) -> date | None: ...


def _register_entries(workspace: WorkspaceLike) -> list[RegisteredFilm]:
    """The films of the workspace's consent register (none if there is no register)."""
    from .register import ConsentRegister

    return list(ConsentRegister(workspace).films())


def status_of(erase_by: date | None, today: date) -> tuple[str, int | None]:
    """``overdue`` (the day has passed), ``due soon`` (within 14 days, today included),
    ``keep`` or ``no date``, and the days left (negative when overdue)."""
    if erase_by is None:
        return "no date", None
    days = (erase_by - today).days
    if days < 0:
        return "overdue", days
    return ("due soon" if days <= DUE_SOON_DAYS else "keep"), days


def overdue_warnings(workspace: WorkspaceLike = None, today: date | None = None) -> list[str]:
    """One line per registered film past its erase-by date (reads the register and the
    erase log only; a film erased since, original included, is not named)."""
    today = today or date.today()
    lines = []
    erased = None
    for entry in sorted(_register_entries(workspace), key=lambda e: (e.erase_by or today, e.clip)):
        status, days = status_of(entry.erase_by, today)
        if status != "overdue" or days is None:
            continue
        erased = erased_films(workspace) if erased is None else erased
        when = (
            f"film {entry.clip} was to be erased by {entry.erase_by} ({counted(-days, 'day')} ago)"
        )
        if entry.fingerprint not in erased:
            lines.append(f"{when}: run `vigkit privacy erase {entry.clip}`")
        elif _is_film(entry.source, entry.fingerprint):
            lines.append(
                f"{when}: the kit's files are erased but your original is still there: run "
                f"`vigkit privacy erase {entry.clip} --original`"
            )
    return lines


def erased_films(workspace: WorkspaceLike = None) -> dict[str, str]:
    """The erase log as {film fingerprint: when it was last erased (UTC, ISO 8601)}."""
    path = workspace_folder(workspace) / ERASE_LOG
    if not path.is_file():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
            found[str(event["film"])] = str(event["erased"])
        except (ValueError, TypeError, KeyError):
            continue  # a torn last line
    return found


_warned: set[Path] = set()


def warn_overdue_once(workspace: WorkspaceLike = None, today: date | None = None) -> list[str]:
    """Print the overdue lines to stderr, once per workspace per process (the command line
    and the course's first import both ask; a register that cannot be read stays quiet
    here, the consent commands say what is wrong with it)."""
    folder = workspace_folder(workspace)
    if folder in _warned:
        return []
    _warned.add(folder)
    try:
        lines = overdue_warnings(folder, today)
    except (VigkitError, OSError):
        return []
    for line in lines:
        print(f"vigkit: warning: {line}", file=sys.stderr)
    return lines


def human_size(size: int) -> str:
    """``840 kB``, ``12.3 MB``, ``1.2 GB``."""
    if size >= 1_000_000_000:
        return f"{size / 1e9:.1f} GB"
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    if size >= 1000:
        return f"{size / 1000:.0f} kB"
    return counted(size, "byte")


def _fingerprint_or_none(path: Path) -> str | None:
    try:
        return film_fingerprint(path)
    except VigkitError:
        return None


def _is_film(path: str | None, fingerprint: str) -> bool:
    """Whether ``path`` is still a file with this film's content."""
    return (
        bool(path)
        and Path(str(path)).is_file()
        and _fingerprint_or_none(Path(str(path))) == (fingerprint)
    )
