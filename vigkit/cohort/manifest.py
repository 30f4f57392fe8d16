"""A submission's manifest: who (pseudonym), what, when, kit and scheme versions, and the
sha256 and size of every file; ``manifest.sha256`` holds the manifest's own checksum.

:func:`verify` reads a submission folder back and says in words what does not match, so a
damaged or tampered submission is named and skipped, never shown.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.limits import parse_json

MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SHARED_FILMS = "films/"
FORMAT = 1
KINDS = ("coding", "record", "portfolio")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileEntry:
    """One file of a submission: its name inside the folder, checksum and size."""

    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class FilmRef:
    """A film a submission refers to: its clip id and content fingerprint."""

    clip: str
    fingerprint: str


@dataclass(frozen=True)
class Manifest:
    """What a submission says about itself."""

    id: str
    course: str
    coder: str
    kind: str
    clip: str | None
    created: str
    kit: str
    scheme: str | None
    scheme_version: str | None
    files: tuple[FileEntry, ...]
    films: tuple[FilmRef, ...] = ()

    def to_json(self) -> str:
        """The manifest as the JSON text written to ``manifest.json``."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "id": self.id,
            "course": self.course,
            "coder": self.coder,
            "kind": self.kind,
            "clip": self.clip,
            "created": self.created,
            "kit": self.kit,
            "scheme": {"id": self.scheme, "version": self.scheme_version},
            "files": [{"name": f.name, "sha256": f.sha256, "bytes": f.bytes} for f in self.files],
            "films": [{"clip": f.clip, "fingerprint": f.fingerprint} for f in self.films],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def sha256_of(path: Path) -> str:
    """The sha256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def entry_for(folder: Path, name: str) -> FileEntry:
    """The manifest entry of ``folder/name``."""
    path = folder / name
    return FileEntry(name, sha256_of(path), path.stat().st_size)


def parse_manifest(text: str) -> Manifest:
    """A manifest from its JSON text; ``ValueError`` saying which field is wrong."""
    data = parse_json(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("it is not a manifest of this kit's format")
    words = ("id", "course", "coder", "kind", "created", "kit")
    for field in words:
        if not isinstance(data.get(field), str) or not data[field]:
            raise ValueError(f"the field '{field}' is missing or not text")
    if data["kind"] not in KINDS:
        raise ValueError(f"'{data['kind']}' is not a kind of submission")
    clip = data.get("clip")
    scheme = data.get("scheme") or {}
    if (clip is not None and not isinstance(clip, str)) or not isinstance(scheme, dict):
        raise ValueError("the clip or the scheme is not as the kit writes it")
    try:
        files = tuple(
            FileEntry(str(f["name"]), str(f["sha256"]), int(f["bytes"])) for f in data["files"]
        )
        films = tuple(FilmRef(str(f["clip"]), str(f["fingerprint"])) for f in data["films"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("the list of files or films is not as the kit writes it") from None
    return Manifest(
        data["id"], data["course"], data["coder"], data["kind"], clip, data["created"],
        data["kit"], _text(scheme.get("id")), _text(scheme.get("version")), files, films,
    )  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def listed_files(folder: Path) -> set[str]:
    """Every file in a submission folder (relative names), the manifest's two files aside."""
    found = set()
    for dirpath, _, names in os.walk(folder):
        for name in names:
            relative = os.path.relpath(os.path.join(dirpath, name), folder)
            found.add(Path(relative).as_posix())
    return found - {MANIFEST, MANIFEST_SUM}


def verify(folder: Path) -> tuple[Manifest | None, str | None]:
    """Read and check a submission folder: its manifest, or None and what is wrong."""
    try:
        raw = (folder / MANIFEST).read_bytes()
        said = (folder / MANIFEST_SUM).read_text(encoding="ascii").split()
    except FileNotFoundError as error:
        return None, f"{Path(str(error.filename)).name} is missing"
    except (OSError, UnicodeDecodeError) as error:
        return None, f"it cannot be read ({error})"
    if not said or said[0] != hashlib.sha256(raw).hexdigest():
        return None, "the manifest was changed after it was submitted (its checksum differs)"
    try:
        manifest = parse_manifest(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return None, f"the manifest cannot be read ({error})"
    wanted = {f.name for f in manifest.files}
    present = listed_files(folder)
    if extra := sorted(present - wanted):
        return None, f"it holds files its manifest does not list ({', '.join(extra)})"
    # A shared film erased with its original (vigkit privacy erase) leaves the rest valid.
    if missing := sorted(n for n in wanted - present if not n.startswith(SHARED_FILMS)):
        return None, f"files listed in its manifest are missing ({', '.join(missing)})"
    for entry in manifest.files:
        path = folder / entry.name
        if entry.name not in present:
            continue
        try:
            if path.stat().st_size != entry.bytes or sha256_of(path) != entry.sha256:
                return None, f"{entry.name} was changed after it was submitted (checksum mismatch)"
        except OSError as error:
            return None, f"{entry.name} cannot be read ({error.strerror})"
    return manifest, None
