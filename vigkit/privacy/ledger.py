"""The ledger of what the kit made from which film (``WORKSPACE/derived-files.jsonl``).

Every job that writes something from a film (a playable copy, a cut, stills, a contact
sheet, a reel, its captions, a motion cache, a portfolio with stills, a blurred copy)
appends one line: the output, its fingerprint, its kind and the original films it comes
from. Something made from something the kit made (a sheet of stills, a reel of a cut)
inherits the originals, so the audit and erase find everything a film went into, and
the consent check knows which film a still shows. Lines are appended under a file lock and
fsynced; a torn last line (a killed kernel) is skipped when reading.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coding.events import utc_now
from ..coding.workspace import Workspace, workspace_folder
from .identity import film_fingerprint, is_practice_film

try:  # POSIX file locks; elsewhere appends still work, without cross-process locking
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LEDGER_FILE = "derived-files.jsonl"
#: What the kit makes from films. ``proxy``, ``cut`` and ``blurred`` are copies of film.
KINDS = (
    "proxy", "cut", "blurred", "still", "sheet", "reel", "captions", "motion", "moments",
    "portfolio",
)  # fmt: skip
FILM_COPIES = ("proxy", "cut", "blurred")


@dataclass(frozen=True)
class Origin:
    """An original film something was made from: its fingerprint and where it was."""

    fingerprint: str
    path: str


@dataclass(frozen=True)
class MadeFile:
    """One thing the kit made: where, what kind, from which films, when, how big."""

    path: Path
    kind: str
    fingerprint: str
    origins: tuple[Origin, ...]
    faces_blurred: bool
    made: str
    size: int


def ledger_path(workspace: Workspace | str | Path | None = None) -> Path:
    """Where the ledger of ``workspace`` is (it may not exist yet)."""
    return workspace_folder(workspace) / LEDGER_FILE


def note_made(
    output: str | Path,
    sources: Sequence[str | Path],
    kind: str,
    *,
    workspace: Workspace | str | Path | None = None,
    faces_blurred: bool = False,
) -> MadeFile | None:
    """Record that the kit made ``output`` from ``sources``; returns the entry, or None when
    every source is a practice film (nothing there to erase or consent to)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of made file: {kind!r}")
    made_files = derived_files(workspace)
    origins: dict[str, Origin] = {}
    inherited_blur = bool(sources)
    for source in sources:
        earlier = _find(made_files, Path(source))
        if earlier is not None:
            origins.update((o.fingerprint, o) for o in earlier.origins)
            inherited_blur = inherited_blur and earlier.faces_blurred
        elif not is_practice_film(source):
            resolved = str(Path(os.path.abspath(source)))
            origins[film_fingerprint(source)] = Origin(film_fingerprint(source), resolved)
            inherited_blur = False
    if not origins:
        return None
    target = Path(output)
    entry = MadeFile(
        path=Path(os.path.abspath(target)),
        kind=kind,
        fingerprint=film_fingerprint(target),
        origins=tuple(origins.values()),
        faces_blurred=faces_blurred or inherited_blur,
        made=utc_now(),
        size=target.stat().st_size if target.is_file() else _folder_size(target),
    )
    folder = workspace_folder(workspace)
    Workspace(folder)  # made if needed: the ledger lives in it
    _append(folder / LEDGER_FILE, _to_json(entry, folder))
    return entry


def made_from(path: str | Path, workspace: Workspace | str | Path | None = None) -> MadeFile | None:
    """The ledger's entry for ``path`` (found by content, so a moved file is found too),
    or None if the kit did not make it."""
    return _find(derived_files(workspace), Path(path))


def origins_of(
    path: str | Path, workspace: Workspace | str | Path | None = None
) -> list[Origin] | None:
    """The original films ``path`` was made from, or None if the kit did not make it."""
    entry = made_from(path, workspace)
    return list(entry.origins) if entry is not None else None


def derived_files(workspace: Workspace | str | Path | None = None) -> list[MadeFile]:
    """Every entry of the ledger, oldest first (a file made again appears again)."""
    folder = workspace_folder(workspace)
    path = folder / LEDGER_FILE
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        entry = _from_json(line, folder)
        if entry is not None:
            entries.append(entry)
    return entries


def _find(entries: Sequence[MadeFile], path: Path) -> MadeFile | None:
    if not path.exists():
        return None
    absolute = Path(os.path.abspath(path))
    fingerprint = film_fingerprint(path) if path.is_file() else None
    for entry in reversed(entries):
        if fingerprint is not None and entry.fingerprint == fingerprint:
            return entry
        if fingerprint is None and entry.path == absolute:
            return entry
    return None


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _to_json(entry: MadeFile, folder: Path) -> dict[str, Any]:
    try:
        shown = entry.path.relative_to(Path(os.path.abspath(folder))).as_posix()
    except ValueError:
        shown = str(entry.path)
    return {
        "path": shown,
        "kind": entry.kind,
        "fingerprint": entry.fingerprint,
        "origins": [{"fingerprint": o.fingerprint, "path": o.path} for o in entry.origins],
        "faces_blurred": entry.faces_blurred,
        "made": entry.made,
        "size": entry.size,
    }


def _from_json(line: str, folder: Path) -> MadeFile | None:
    """One ledger line, or None for a torn or foreign line (the kit only appends, so such a
    line is the tail of a killed write)."""
    try:
        data = json.loads(line)
        where = Path(data["path"])
        return MadeFile(
            path=where if where.is_absolute() else Path(os.path.abspath(folder / where)),
            kind=str(data["kind"]),
            fingerprint=str(data["fingerprint"]),
            origins=tuple(Origin(str(o["fingerprint"]), str(o["path"])) for o in data["origins"]),
            faces_blurred=bool(data.get("faces_blurred", False)),
            made=str(data["made"]),
            size=int(data.get("size", 0)),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _append(path: Path, data: dict[str, Any]) -> None:
    line = (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    with _locked(path) as handle:
        end = handle.seek(0, os.SEEK_END)
        if end:
            handle.seek(end - 1)
            if handle.read(1) != b"\n":  # a torn line from a killed writer: start afresh
                handle.write(b"\n")
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[Any]:
    with open(path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
