"""What a portfolio draws on: a cycle's film and clip, the codings of it, and stills from it.

Missing things are not errors: the page says what was not found.
"""

from __future__ import annotations

import base64
import io
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from .recorddata import Cycle

#: The width of embedded stills, in pixels.
_STILL_WIDTH = 320


def cycle_clip(cycle: Cycle) -> str:
    """The clip id of a cycle's film (the file name without ``.mp4``), or ``""``."""
    if not cycle.film:
        return cycle.moments[0].clip if cycle.moments else ""
    name = Path(cycle.film).name
    return name[: -len(Path(name).suffix)] if Path(name).suffix else name


def resolve_film(film: str, workspace: Workspace | None = None) -> Path | None:
    """The film file for a path or clip id: as given, in the workspace, or a practice film."""
    from ..core.coursedir import practice_dir

    if not film:
        return None
    candidates = [Path(film)]
    if workspace is not None:
        candidates += [workspace.root / film, workspace.root / "clips" / f"{film}.mp4"]
        source = _registered_source(workspace, film)
        if source:
            candidates.append(Path(source))
    try:
        practice = practice_dir()
    except VigkitError:
        practice = None
    if practice is not None:
        stem = Path(film).stem if Path(film).suffix else Path(film).name
        candidates += [practice / Path(film).name, practice / f"{stem}.mp4"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def _registered_source(workspace: Workspace, film: str) -> str | None:
    try:
        return workspace.clip(film).source
    except VigkitError:
        return None


def _practitioner_coding(
    clip: str, practitioner: str, workspace: Workspace | None, codings: Mapping[str, Coding]
) -> Coding | None:
    if clip in codings:
        return codings[clip]
    if workspace is None or not clip:
        return None
    if (clip, practitioner) in workspace.codings(clip):
        return workspace.coding(clip, practitioner)
    for suffix in (".csv", ".jsonl"):
        path = workspace.codings_dir / clip / f"{practitioner}{suffix}"
        if path.is_file():
            return Coding.read(path)
    return None


def _reference_coding(
    clip: str, film: Path | None, workspace: Workspace | None, references: Mapping[str, Coding]
) -> Coding | None:
    if clip in references:
        return references[clip]
    if not clip:
        return None
    paths = []
    if workspace is not None:
        paths += sorted((workspace.codings_dir / clip).glob("*.reference.csv"))
    if film is not None:
        paths.append(film.with_name(f"{clip}.reference.csv"))
    for path in paths:
        if path.is_file():
            return Coding.read(path)
    return None


def _cycle_stills(
    cycle: Cycle,
    film: Path | None,
    override: str | None = None,
    blur_faces: bool = False,
    workspace: Workspace | None = None,
) -> list[list[str]]:
    """Per moment, its stills as JPEG data: URIs (none when the film is not found); the
    film must be consented for a ``portfolio``."""
    if film is None:
        return [[] for _ in cycle.moments]
    from PIL import Image

    from ..media.stills import stills

    times = [list(m.stills) or [m.start] for m in cycle.moments]
    flat = [t for group in times for t in group]
    if not flat:
        return [[] for _ in cycle.moments]
    work = Path(tempfile.mkdtemp(prefix="vigkit-portfolio-"))
    try:
        paths = stills(
            film, flat, work, width=_STILL_WIDTH, use="portfolio", override=override,
            blur_faces=blur_faces, workspace=workspace,
        )  # fmt: skip
        uris = []
        for path in paths:
            with Image.open(path) as image:
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, format="JPEG", quality=70, optimize=True)
            uris.append("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result: list[list[str]] = []
    index = 0
    for group in times:
        result.append(uris[index : index + len(group)])
        index += len(group)
    return result
