"""A learner's workspace on disk: clips, codings (as journals), reflections and exports.

Layout (created on first use)::

    WORKSPACE/
      vigkit-workspace.json        marker: format version, when it was made
      clips/CLIP.json              what the kit knows of a clip (source film, duration)
      codings/CLIP/CODER.journal.jsonl   one append-only journal per (clip, coder)
      reflections/                 practice records (written atomically)
      exports/                     CSV/JSON Lines copies of codings for sharing

Everything but the journals is written atomically; journals are appended and fsynced.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic import atomic_write_text
from ..core.errors import JournalError, Problem, VigkitError
from ..core.limits import parse_json
from .events import check_name, utc_now
from .journal import Journal, replay
from .scheme import DEFAULT_SCHEME, Scheme
from .table import Coding

FORMAT = 1
MARKER = "vigkit-workspace.json"
FOLDERS = ("clips", "codings", "reflections", "exports")
JOURNAL_SUFFIX = ".journal.jsonl"
#: What a clip can be: a film of the client's interaction (the default), or a film of the
#: shared review in which guider and client watch clips of it together.
CLIP_KINDS = ("interaction", "shared-review")
#: The built-in scheme each kind of clip is tagged with unless another is chosen.
KIND_SCHEMES = {"interaction": DEFAULT_SCHEME, "shared-review": "shared-review"}
#: Environment variable naming the default workspace folder (set by ``make lab``).
WORKSPACE_ENV = "VIGKIT_WORKSPACE"


def _kinds_in_words() -> str:
    """The clip kinds as a choice: '"interaction" or "shared-review"'."""
    return " or ".join(f'"{kind}"' for kind in CLIP_KINDS)


def registered_kind(where: Workspace | str | Path | None, clip: str) -> str:
    """The kind a workspace has recorded for ``clip`` ("interaction" when it has none),
    read without making the workspace."""
    folder = workspace_folder(where)
    if not (folder / "clips" / f"{clip}.json").is_file():
        return "interaction"
    return Workspace(folder).clip(clip).kind


def default_workspace_path() -> Path:
    """``$VIGKIT_WORKSPACE``, or ``vigkit-work`` in the current folder."""
    return Path(os.environ.get(WORKSPACE_ENV) or "vigkit-work").expanduser().resolve()


def workspace_folder(where: Workspace | str | Path | None) -> Path:
    """The folder of a workspace given as a ``Workspace``, a path or ``None`` (the
    default), without making it (looking must not create a workspace)."""
    if isinstance(where, Workspace):
        return where.root
    return Path(where).expanduser().resolve() if where is not None else default_workspace_path()


@dataclass(frozen=True)
class ClipRecord:
    """What a workspace knows of one clip: its id, its source film, its duration and its
    kind (:data:`CLIP_KINDS`: an interaction film, or the film of a shared review)."""

    id: str
    source: str | None = None
    duration: float | None = None
    kind: str = "interaction"


class Workspace:
    """A folder that holds one person's (or one group's) work with the kit."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.root = Path(path).expanduser() if path is not None else default_workspace_path()
        if self.root.exists() and not self.root.is_dir():
            raise VigkitError(f"{self.root}: this is a file; a workspace must be a folder")
        marker = self.root / MARKER
        if (
            self.root.is_dir()
            and not marker.exists()
            and any(self.root.iterdir())
            and not any((self.root / folder).is_dir() for folder in FOLDERS)
        ):
            raise VigkitError(
                f"{self.root}: this folder has other files in it and is not a vigkit "
                "workspace; choose an empty or new folder"
            )
        for folder in FOLDERS:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        if not marker.exists():
            atomic_write_text(marker, json.dumps({"format": FORMAT, "created": utc_now()}) + "\n")

    @property
    def clips_dir(self) -> Path:
        """Where clip records live."""
        return self.root / "clips"

    @property
    def codings_dir(self) -> Path:
        """Where tagging journals live, one folder per clip."""
        return self.root / "codings"

    @property
    def reflections_dir(self) -> Path:
        """Where practice records and reflections live."""
        return self.root / "reflections"

    @property
    def exports_dir(self) -> Path:
        """Where exported copies of codings go."""
        return self.root / "exports"

    # ------------------------------------------------------------ clips
    def register_clip(
        self,
        clip: str,
        source: str | Path | None = None,
        duration: float | None = None,
        kind: str | None = None,
    ) -> ClipRecord:
        """Record a clip's source film, duration (times tagged later are checked) and
        kind (:data:`CLIP_KINDS`); without ``kind`` a registered clip keeps its own, so
        registering a film again (as the Tagger does) never turns a review back."""
        _check_id(clip, "clip")
        if duration is not None and not duration > 0:
            raise VigkitError(f"clip {clip}: the duration must be a positive number of seconds")
        if kind is not None and kind not in CLIP_KINDS:
            raise VigkitError(
                f"clip {clip}: '{kind}' is not a kind of clip; choose {_kinds_in_words()}"
            )
        chosen = kind if kind is not None else self.clip(clip).kind
        record = ClipRecord(clip, str(source) if source is not None else None, duration, chosen)
        data = {
            "id": record.id,
            "source": record.source,
            "duration": record.duration,
            "kind": record.kind,
        }
        atomic_write_text(self.clips_dir / f"{clip}.json", json.dumps(data, indent=2) + "\n")
        return record

    def clip(self, clip: str) -> ClipRecord:
        """The record of a clip (with no source or duration if it was never registered)."""
        _check_id(clip, "clip")
        path = self.clips_dir / f"{clip}.json"
        if not path.exists():
            return ClipRecord(clip)
        try:
            data: dict[str, Any] = parse_json(path.read_text(encoding="utf-8"))
            duration = data.get("duration")
            kind = data.get("kind", "interaction")
            record = ClipRecord(
                clip, data.get("source"), float(duration) if duration is not None else None
            )
        except (ValueError, TypeError, AttributeError) as error:
            raise VigkitError(
                f"{path}: this clip record cannot be read ({error}); delete it and register "
                "the clip again"
            ) from None
        if kind not in CLIP_KINDS:
            raise VigkitError(
                f'{path}: the clip\'s kind {kind!r} is not one the kit knows; set "kind" to '
                f"{_kinds_in_words()}, or delete the file and register the clip again"
            )
        return ClipRecord(record.id, record.source, record.duration, kind)

    # ------------------------------------------------------------ codings
    def journal_path(self, clip: str, coder: str) -> Path:
        """Where the journal of ``coder``'s tagging of ``clip`` is kept."""
        _check_id(clip, "clip")
        _check_id(coder, "coder")
        return self.codings_dir / clip / f"{coder}{JOURNAL_SUFFIX}"

    def journal(
        self,
        clip: str,
        coder: str,
        *,
        role: str = "trainee",
        scheme: Scheme | str | Path = DEFAULT_SCHEME,
        writer: str | None = None,
    ) -> Journal:
        """Open (or start) the journal to tag ``clip`` as ``coder``, as one writer (its
        own undo and redo; default: a new writer id)."""
        return Journal(
            self.journal_path(clip, coder),
            clip=clip,
            coder=coder,
            role=role,
            scheme=scheme,
            duration=self.clip(clip).duration,
            writer=writer,
        )

    def coding(self, clip: str, coder: str) -> Coding:
        """The current coding of ``clip`` by ``coder`` (replayed from the journal)."""
        path = self.journal_path(clip, coder)
        if not path.exists():
            raise JournalError(
                path,
                [Problem(f"{coder} has not tagged clip {clip} in this workspace yet")],
                hint=f"Known codings: {', '.join(f'{c}/{k}' for c, k in self.codings()) or 'none'}",
            )
        return replay(path)

    def codings(self, clip: str | None = None) -> list[tuple[str, str]]:
        """The (clip, coder) pairs that have a journal, sorted."""
        pattern = f"{clip}/*{JOURNAL_SUFFIX}" if clip else f"*/*{JOURNAL_SUFFIX}"
        return sorted(
            (p.parent.name, p.name[: -len(JOURNAL_SUFFIX)]) for p in self.codings_dir.glob(pattern)
        )

    def export_coding(self, clip: str, coder: str, format: str = "csv") -> Path:
        """Write a copy of a coding to exports/ (csv or jsonl) and return its path."""
        coding = self.coding(clip, coder)
        if format not in ("csv", "jsonl"):
            raise VigkitError(f"cannot export as '{format}': choose csv or jsonl")
        target = self.exports_dir / f"{clip}__{coder}.{format}"
        return coding.to_csv(target) if format == "csv" else coding.to_jsonl(target)

    def __repr__(self) -> str:
        return f"<Workspace {self.root}: {len(self.codings())} codings>"

    def _repr_html_(self) -> str:
        count = len(self.codings())
        return (
            f"<p>Your work is saved in <code>{html.escape(str(self.root))}</code> "
            f"({count} coding{'' if count == 1 else 's'} so far). It stays on this computer.</p>"
        )


def _check_id(value: str, what: str) -> None:
    _, reason = check_name(value, what)
    if reason:
        raise VigkitError(reason)
