"""A film shared with the supervisor: only when its consent allows ``supervision``, and then
as a copy without the source's metadata (title, filmer, GPS, device, comments), checked
after it is made; otherwise a submission names its films by clip id and fingerprint only.
"""

from __future__ import annotations

import mmap
from pathlib import Path

from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..media.ffmpeg import WITHOUT_METADATA, run_ffmpeg
from ..media.probe import probe
from ..media.proxy import proxy
from ..privacy.gate import check_use
from ..privacy.identity import film_fingerprint
from .manifest import FilmRef
from .settings import CohortError

#: Tags ffmpeg and the kit write themselves (no one's secret).
_HARMLESS_KEYS = {"major_brand", "minor_version", "compatible_brands", "encoder", "language"}
_HARMLESS_VALUES = {"VideoHandler", "SoundHandler", "Core Media Video", "Core Media Audio"}


def film_of(workspace: Workspace, clip: str) -> Path | None:
    """The film of ``clip`` as the workspace knows it, if it is there."""
    source = workspace.clip(clip).source
    if source is None:
        return None
    path = Path(source)
    if not path.is_absolute():
        path = workspace.root / path
    return path if path.is_file() else None


def film_ref(clip: str, film: Path | None) -> tuple[FilmRef, ...]:
    """The manifest's reference to a film: clip id and content fingerprint."""
    return (FilmRef(clip, film_fingerprint(film)),) if film is not None else ()


def check_shareable(film: Path | None, clip: str, workspace: Workspace) -> Path:
    """The film of ``clip``, once its consent is known to allow ``supervision``."""
    if film is None:
        raise CohortError(
            f"the film of clip {clip} is not in this workspace, so it cannot be shared; "
            "submit without share_film, or register the clip's film first"
        )
    check_use(
        film, "supervision", action="sharing the film with your supervisor", workspace=workspace
    )
    return film


def write_shared_copy(film: Path, out: Path, workspace: Workspace) -> None:
    """Write a copy of ``film`` at ``out`` with no source metadata; refuse if any survived."""
    if probe(film).browser_playable:
        args: list[str | Path] = ["-i", film, "-map", "0:V:0", "-map", "0:a:0?", "-sn", "-dn"]
        args += ["-c", "copy", "-movflags", "+faststart", *WITHOUT_METADATA, "-f", "mp4", out]
        run_ffmpeg(args, action="copy the film without its metadata", source=film)
    else:
        proxy(film, out, workspace=workspace, show_bar=False, what="making the shared copy")
    leaked = leaked_tags(film, out)
    if leaked:
        raise CohortError(
            f"{film}: the shared copy still carried the film's metadata ({', '.join(leaked)}), "
            "so nothing was submitted; submit without sharing the film"
        )


def source_tags(film: Path) -> dict[str, str]:
    """The film's own tags (container, first video and audio stream): key → value."""
    tags: dict[str, str] = {}
    for part in ("0", "0:s:v:0", "0:s:a:0"):
        mapping = ["-map_metadata", part] if part != "0" else []
        try:
            said = run_ffmpeg(
                ["-i", film, *mapping, "-f", "ffmetadata", "-"], action="read the film's tags"
            ).stdout
        except VigkitError:  # a film without an audio stream, say
            continue
        for line in said.splitlines()[1:]:
            key, sep, value = line.partition("=")
            if sep and key not in _HARMLESS_KEYS and value not in _HARMLESS_VALUES:
                tags[key] = value.replace("\\", "")
    return tags


def leaked_tags(film: Path, copy: Path) -> list[str]:
    """The names of the film's tags whose values are found anywhere in ``copy``."""
    wanted = {key: value for key, value in source_tags(film).items() if len(value) >= 4}
    if not wanted:
        return []
    with open(copy, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return sorted(key for key, value in wanted.items() if data.find(value.encode()) >= 0)
