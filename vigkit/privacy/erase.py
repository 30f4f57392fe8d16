"""Erasing a film: every file the kit made from it (copies, cuts, stills, sheets, reels,
captions, motion caches, portfolios with stills), the user's original only when asked,
and an erase log (``erase-log.jsonl``) that says what went and when, without names.

Files are unlinked: on today's file systems (journalling, copy-on-write, SSDs) no program
can promise to overwrite the bytes, so the kit does not pretend to shred them. Journals
and codings stay: they hold pseudonymous tags and times, not pictures.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..coding.events import utc_now
from ..coding.workspace import workspace_folder
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError
from ..core.wording import counted
from .audit import KIND_WORDS, _clip_records, _size_now, current_files
from .identity import is_practice_film
from .ledger import LEDGER_FILE, _append, _from_json, _locked, derived_files
from .register import ConsentRegister
from .retention import (
    ERASE_LOG,
    WorkspaceLike,
    _fingerprint_or_none,
    _register_entries,
    erased_films,
    human_size,
)


@dataclass(frozen=True)
class ToRemove:
    """One file to remove: where, what kind, how big, and whether other films are in it."""

    path: Path
    kind: str
    size: int
    with_other_films: bool = False


@dataclass
class EraseReport:
    """What an erase removes (a plan) or removed (after :func:`erase_film`)."""

    film: str
    fingerprint: str | None
    files: list[ToRemove] = field(default_factory=list)
    original: Path | None = None
    original_kept: Path | None = None
    done: bool = False
    erased_before: str | None = None

    @property
    def size(self) -> int:
        """Bytes of everything listed (the original included when it goes)."""
        return sum(f.size for f in self.files) + (_size_now(self.original) if self.original else 0)

    @property
    def count(self) -> int:
        """How many files are listed (the original included when it goes)."""
        return len(self.files) + (self.original is not None)

    def lines(self) -> list[str]:
        """The report in plain sentences."""
        did = "removed" if self.done else "will remove"
        if not self.count:
            before = f" (it was erased on {self.erased_before[:10]})" if self.erased_before else ""
            return [
                f"Nothing left to erase for film {self.film}{before}: the kit has no file made "
                "from it that is still there."
            ]
        lines = [
            f"Film {self.film}: {did} {counted(self.count, 'file')} ({human_size(self.size)}):"
        ]
        lines += [
            f"  {KIND_WORDS.get(f.kind, f.kind)}: {f.path} ({human_size(f.size)})"
            + (" – other films are in it too" if f.with_other_films else "")
            for f in self.files
        ]
        if self.original is not None:
            lines.append(
                f"  your original film: {self.original} ({human_size(_size_now(self.original))})"
            )
        shared = sum(f.with_other_films for f in self.files)
        if shared:
            lines.append(
                f"{counted(shared, 'file')} also {'shows' if shared == 1 else 'show'} other "
                "films (a reel or sheet of several films): removed too, as each contains this "
                "film's frames."
            )
        if self.original_kept is not None:
            lines.append(
                f"Your original film {self.original_kept} is kept; pass --original (Python: "
                "original=True) to erase it too."
            )
        lines.append(
            "Tagging journals and codings are kept: they hold pseudonymous tags and times, "
            "no pictures. Files are deleted, not overwritten (no program can promise that on "
            "today's disks)."
        )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())

    __repr__ = __str__


@dataclass(frozen=True)
class _Film:
    label: str
    clip: str | None
    fingerprints: frozenset[str]
    sources: tuple[str, ...]


def plan_erase(
    film: str | Path, workspace: WorkspaceLike = None, *, original: bool = False
) -> EraseReport:
    """What :func:`erase_film` would remove, without removing anything."""
    found = _find_film(film, workspace)
    files = []
    for entry in current_files(workspace):
        origins = {o.fingerprint for o in entry.origins}
        if origins & found.fingerprints:
            files.append(ToRemove(entry.path, entry.kind, _size_now(entry.path), len(origins) > 1))
    report = EraseReport(
        found.label, min(found.fingerprints) if found.fingerprints else None, files
    )
    for source in found.sources:
        path = Path(source)
        if (
            path.is_file()
            and _fingerprint_or_none(path) in found.fingerprints
            and not is_practice_film(path)
        ):
            if original:
                report.original = path
            else:
                report.original_kept = path
            break
    if not report.count:
        report.erased_before = _erased_on(workspace, found.fingerprints)
    return report


def erase_film(
    film: str | Path, workspace: WorkspaceLike = None, *, original: bool = False
) -> EraseReport:
    """Remove every file the kit made from ``film`` (a clip id or the film's path), and the
    original only with ``original=True``; log the erase without names. Running it again
    removes nothing and says so."""
    report = plan_erase(film, workspace, original=original)
    if not report.count:
        report.done = True
        return report
    removed: list[tuple[str, int]] = []
    try:
        for item in report.files:
            size = _size_now(item.path)
            if _remove(item.path):
                removed.append((item.kind, size))
        if report.original is not None:
            size = _size_now(report.original)
            if _remove(report.original):
                removed.append(("original", size))
    finally:  # an interrupted erase logs what went; running it again removes the rest
        if removed:
            _forget(workspace, report)
            _log(workspace, report, removed)
    report.done = True
    return report


def _remove(path: Path) -> bool:
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    return True


def _find_film(film: str | Path, workspace: WorkspaceLike) -> _Film:
    """The film named by a clip id or a path: its fingerprints and where its original was."""
    text = str(film)
    entries = _register_entries(workspace)
    origins: dict[str, set[str]] = {}  # fingerprint -> paths the ledger saw it at
    for made in derived_files(workspace):
        for origin in made.origins:
            origins.setdefault(origin.fingerprint, set()).add(os.path.abspath(origin.path))
    clips = {clip: source for source, clip in _clip_records(workspace).items()}
    for entry in entries:
        if text == entry.clip:
            return _with_sources(entry.clip, entry.clip, {entry.fingerprint}, entry.source, origins)
    if text in clips:
        source = clips[text]
        prints = {fp for fp, paths in origins.items() if source in paths}
        return _with_sources(text, text, prints, source, origins)
    path = Path(os.path.abspath(Path(text).expanduser()))
    prints = {fp for fp, paths in origins.items() if str(path) in paths}
    if path.is_file() and (fingerprint := _fingerprint_or_none(path)) is not None:
        prints.add(fingerprint)
    known = {e.fingerprint: e for e in entries}
    for fingerprint in prints:
        if fingerprint in known:
            entry = known[fingerprint]
            return _with_sources(entry.clip, entry.clip, prints, entry.source, origins)
    if prints & (set(origins) | _erased_fingerprints(workspace)):
        return _with_sources(path.name, None, prints, str(path), origins)
    names = sorted({e.clip for e in entries} | set(clips.values()))
    raise VigkitError(
        f"{text}: the kit knows no such film (not in the consent register, not a clip of "
        f"this workspace, nothing made from it); known films: {', '.join(names) or 'none'}. "
        "Give a clip id from `vigkit privacy audit` or the path of the film."
    )


def _with_sources(
    label: str,
    clip: str | None,
    prints: set[str],
    source: str | None,
    origins: dict[str, set[str]],
) -> _Film:
    sources = [os.path.abspath(source)] if source else []
    for fingerprint in prints:
        sources += sorted(origins.get(fingerprint, ()))
    return _Film(label, clip, frozenset(prints), tuple(dict.fromkeys(sources)))


def _forget(workspace: WorkspaceLike, report: EraseReport) -> None:
    """Drop the ledger's lines of the erased files, so no path of the film stays in it."""
    path = workspace_folder(workspace) / LEDGER_FILE
    if not path.is_file():
        return
    gone = {f.path for f in report.files}
    with _locked(path):
        kept = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            entry = _from_json(line, path.parent)
            if entry is not None and entry.path not in gone:
                kept.append(line + "\n")
        atomic_write_text(path, "".join(kept))


def _log(workspace: WorkspaceLike, report: EraseReport, removed: list[tuple[str, int]]) -> None:
    """One line in the erase log: when, which film (fingerprint only), kinds, count, bytes."""
    kinds: dict[str, int] = {}
    for kind, _ in removed:
        kinds[kind] = kinds.get(kind, 0) + 1
    event: dict[str, Any] = {
        "erased": utc_now(),
        "film": report.fingerprint,
        "kinds": kinds,
        "files": len(removed),
        "bytes": sum(size for _, size in removed),
        "original": any(kind == "original" for kind, _ in removed),
    }
    _append(workspace_folder(workspace) / ERASE_LOG, event)
    ConsentRegister(workspace).log({"what": "erase", **event})  # the audit trail too


def _erased_fingerprints(workspace: WorkspaceLike) -> set[str]:
    return set(erased_films(workspace))


def _erased_on(workspace: WorkspaceLike, prints: frozenset[str]) -> str | None:
    erased = erased_films(workspace)
    times = sorted(erased[p] for p in prints if p in erased)
    return times[-1] if times else None


__all__ = ["ERASE_LOG", "EraseReport", "ToRemove", "erase_film", "plan_erase"]
