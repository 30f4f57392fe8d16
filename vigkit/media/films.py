"""Where a clip's film is: the one the workspace registered for it, else the course's
practice film of that name. Shared by the compare view, the course steps and supervision."""

from __future__ import annotations

from pathlib import Path

from ..coding.workspace import Workspace, workspace_folder
from ..core.coursedir import practice_dir
from ..core.errors import VigkitError


def film_video(film_id: str) -> Path:
    """Where a practice film is rendered: ``media/practice/FILM.mp4``."""
    return practice_dir() / f"{film_id}.mp4"


def clip_film(clip: str, workspace: Workspace | str | Path | None = None) -> Path | None:
    """The film a clip was coded on: the one the workspace registered for it (by tagging;
    a workspace that does not exist is not made), else the course's practice film of that
    name; None if there is neither."""
    folder = workspace_folder(workspace)
    if folder.is_dir():
        try:
            source = Workspace(folder).clip(clip).source
        except VigkitError:
            source = None
        if source and Path(source).is_file():
            return Path(source)
    try:
        practice = film_video(clip)
    except VigkitError:  # no course here: nothing to find
        return None
    return practice if practice.is_file() else None
