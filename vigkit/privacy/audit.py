"""Retention audit: every film the kit knows (registered, or something was made from it),
its erase-by date and status, and every file the kit made from it that is still there.

A film is known by its fingerprint: from the consent register (``consent.json``) and from
the ledger's origins (``derived-files.jsonl``). Only files the ledger names, that still
exist and still have the content the kit wrote, are listed: nothing is guessed.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..coding.workspace import workspace_folder
from ..core.errors import VigkitError
from ..core.wording import counted, joined_with_and
from .ledger import MadeFile, derived_files
from .retention import (
    DUE_SOON_DAYS,
    STATUSES,
    WorkspaceLike,
    _fingerprint_or_none,
    _is_film,
    _register_entries,
    erased_films,
    human_size,
    overdue_warnings,
    status_of,
    warn_overdue_once,
)

if TYPE_CHECKING:  # pandas is loaded for the tables only: the command line starts fast
    import pandas as pd

#: What each kind of made file is, in plain words (singular).
KIND_WORDS = {
    "proxy": "playable copy",
    "cut": "cut",
    "blurred": "blurred copy",
    "still": "still",
    "sheet": "contact sheet",
    "reel": "reel",
    "captions": "caption file",
    "motion": "motion cache",
    "portfolio": "portfolio with stills",
}


@dataclass(frozen=True)
class FilmRetention:
    """One film: who it is in the register (``clip``), its dates and what was made of it."""

    label: str
    clip: str | None
    fingerprint: str
    source: str | None
    erase_by: date | None
    status: str
    days_left: int | None
    files: tuple[MadeFile, ...] = field(default=())
    original_here: bool = False
    registered: bool = False

    @property
    def size(self) -> int:
        """Bytes of every made file still there."""
        return sum(_size_now(f.path) for f in self.files)


def current_files(workspace: WorkspaceLike = None) -> list[MadeFile]:
    """The ledger's latest entry for each path that is still there with the content the kit
    wrote (a file changed or replaced since is not the kit's any more and is left out)."""
    latest: dict[Path, MadeFile] = {}
    for entry in derived_files(workspace):
        latest[entry.path] = entry
    found = []
    for entry in latest.values():
        if entry.path.is_dir() or (
            entry.path.is_file() and _fingerprint_or_none(entry.path) == entry.fingerprint
        ):
            found.append(entry)
    return found


def privacy_audit(workspace: WorkspaceLike = None, today: date | None = None) -> AuditReport:
    """Every film of the register and of the ledger, with its erase-by status and the files
    the kit made from it that still exist."""
    today = today or date.today()
    registered = {entry.fingerprint: entry for entry in _register_entries(workspace)}
    made = current_files(workspace)
    origin_paths: dict[str, str] = {}
    for made_file in derived_files(workspace):
        for origin in made_file.origins:
            origin_paths.setdefault(origin.fingerprint, origin.path)
    clips = _clip_records(workspace)
    erased = erased_films(workspace)
    films = []
    for fingerprint in dict.fromkeys([*registered, *origin_paths]):
        entry = registered.get(fingerprint)
        source = entry.source if entry is not None else origin_paths.get(fingerprint)
        clip = entry.clip if entry is not None else clips.get(_absolute(source))
        erase_by = entry.erase_by if entry is not None else None
        status, days = status_of(erase_by, today)
        files = tuple(f for f in made if fingerprint in {o.fingerprint for o in f.origins})
        original_here = _is_film(source, fingerprint)
        if fingerprint in erased and not files and not original_here:
            status = "erased"
        films.append(
            FilmRetention(
                label=clip or (Path(source).name if source else fingerprint),
                clip=clip,
                fingerprint=fingerprint,
                source=source,
                erase_by=erase_by,
                status=status,
                days_left=days,
                files=files,
                original_here=original_here,
                registered=entry is not None,
            )
        )
    order = {status: number for number, status in enumerate(STATUSES)}
    films.sort(key=lambda f: (order[f.status], f.days_left or 0, f.label))
    return AuditReport(tuple(films), today)


class AuditReport:
    """The audit: ``table`` (one row per film), ``files(film)``, and plain sentences."""

    def __init__(self, films: tuple[FilmRetention, ...], today: date) -> None:
        self.films = films
        self.today = today

    def with_status(self, status: str) -> list[FilmRetention]:
        """The films with this status (one of :data:`STATUSES`)."""
        return [f for f in self.films if f.status == status]

    def film(self, film: str) -> FilmRetention:
        """A film by its clip id, label or fingerprint."""
        for candidate in self.films:
            if film in (candidate.clip, candidate.label, candidate.fingerprint):
                return candidate
        known = ", ".join(f.label for f in self.films) or "none"
        raise VigkitError(f"the audit knows no film '{film}' (films: {known})")

    @property
    def table(self) -> pd.DataFrame:
        """One row per film: erase-by date, status, days left, made files, bytes, kinds."""
        import pandas as pd

        rows = [
            {
                "film": f.label,
                "registered": f.registered,
                "erase_by": f.erase_by,
                "status": f.status,
                "days_left": f.days_left,
                "files": len(f.files),
                "bytes": f.size,
                "kinds": _kinds(f.files),
                "original": "here" if f.original_here else "not found",
            }
            for f in self.films
        ]
        columns = ["film", "registered", "erase_by", "status", "days_left", "files", "bytes"]
        frame: pd.DataFrame = pd.DataFrame(rows, columns=[*columns, "kinds", "original"])
        frame["days_left"] = frame["days_left"].astype("Int64")
        return frame

    def files(self, film: str) -> pd.DataFrame:
        """What the kit made from ``film`` that is still there: path, kind, bytes, when made,
        and whether other films are in it too (a reel of several films)."""
        import pandas as pd

        chosen = self.film(film)
        rows = [
            {
                "path": str(f.path),
                "kind": f.kind,
                "bytes": _size_now(f.path),
                "made": f.made,
                "with_other_films": len(f.origins) > 1,
            }
            for f in chosen.files
        ]
        shown: pd.DataFrame = pd.DataFrame(
            rows, columns=["path", "kind", "bytes", "made", "with_other_films"]
        )
        return shown

    def summary(self) -> list[str]:
        """The audit in a few plain sentences, most urgent first."""
        if not self.films:
            return [
                "The kit knows no film in this workspace: none is in the consent register "
                "and nothing has been made from one."
            ]
        lines = []
        overdue = self.with_status("overdue")
        if overdue:
            verb = "is" if len(overdue) == 1 else "are"
            lines.append(
                f"{counted(len(overdue), 'film')} {verb} past the erase-by date: "
                f"{joined_with_and([_dated(f) for f in overdue])}. Erase with "
                "`vigkit privacy erase FILM` (or `erase_film` in Python)."
            )
        soon = self.with_status("due soon")
        if soon:
            verb = "is" if len(soon) == 1 else "are"
            lines.append(
                f"{counted(len(soon), 'film')} {verb} due to be erased within "
                f"{DUE_SOON_DAYS} days: {joined_with_and([_dated(f) for f in soon])}."
            )
        undated = self.with_status("no date")
        if undated:
            lines.append(
                f"{counted(len(undated), 'film')} without an erase-by date: "
                f"{joined_with_and([f.label for f in undated])}. Record one with the consent "
                "(`vigkit consent set FILM`)."
            )
        gone = self.with_status("erased")
        if gone:
            lines.append(
                f"{counted(len(gone), 'film')} erased: {joined_with_and([f.label for f in gone])}."
            )
        kept = self.with_status("keep")
        if kept:
            lines.append(f"{counted(len(kept), 'film')} to keep for now (erase-by date later).")
        total = sum(len(f.files) for f in self.films)
        size = sum(f.size for f in self.films)
        lines.append(
            f"The kit made {counted(total, 'file')} from these films ({human_size(size)})."
        )
        return lines

    def __str__(self) -> str:
        lines = [f"Films and what the kit made from them, on {self.today.isoformat()}:"]
        for f in self.films:
            when = f.erase_by.isoformat() if f.erase_by else "no date"
            lines.append(
                f"  {f.label}: erase by {when} ({f.status}); {counted(len(f.files), 'file')}"
                f" made, {human_size(f.size)}"
                + (f" ({_kinds(f.files)})" if f.files else "")
                + ("" if f.registered else "; not in the consent register")
            )
        return "\n".join([*lines, "", *(s.replace("`", "") for s in self.summary())])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        summary = "".join(f"<p>{html.escape(s.replace('`', ''))}</p>" for s in self.summary())
        if not self.films:
            return f'<div class="vigkit-audit">{summary}</div>'
        rows = "".join(
            "<tr>"
            f"<td>{html.escape(f.label)}</td>"
            f"<td>{f.erase_by.isoformat() if f.erase_by else 'no date'}</td>"
            f"<td>{html.escape(f.status)}</td>"
            f"<td>{len(f.files)}</td><td>{human_size(f.size)}</td>"
            f"<td>{html.escape(_kinds(f.files))}</td></tr>"
            for f in self.films
        )
        head = "".join(
            f"<th>{h}</th>" for h in ("film", "erase by", "status", "files", "size", "what")
        )
        return (
            f'<div class="vigkit-audit">{summary}<table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )


def _kinds(files: Iterable[MadeFile]) -> str:
    counts: dict[str, int] = {}
    for f in files:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    order = {kind: number for number, kind in enumerate(KIND_WORDS)}
    return ", ".join(
        counted(n, KIND_WORDS.get(kind, kind))
        for kind, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], 99))
    )


def _dated(film: FilmRetention) -> str:
    return f"{film.label} (by {film.erase_by.isoformat()})" if film.erase_by else film.label


def _clip_records(workspace: WorkspaceLike) -> dict[str, str]:
    """The workspace's clip records as {source film (absolute path): clip id}."""
    folder = workspace_folder(workspace) / "clips"
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("source"):
                found[_absolute(str(data["source"]))] = str(data.get("id", path.stem))
        except (ValueError, OSError, AttributeError):
            continue  # the clip record's own reader says what is wrong with it
    return found


def _absolute(path: str | None) -> str:
    return os.path.abspath(path) if path else ""


def _size_now(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


__all__ = [
    "DUE_SOON_DAYS",
    "KIND_WORDS",
    "STATUSES",
    "AuditReport",
    "FilmRetention",
    "current_files",
    "erased_films",
    "human_size",
    "overdue_warnings",
    "privacy_audit",
    "status_of",
    "warn_overdue_once",
]
