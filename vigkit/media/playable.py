"""Playable copies of a guider's own film, kept in the workspace: a *quick* copy (540p,
made about as fast as the film can be decoded) to start tagging soon, and a *full* copy
(720p, sharper) for watching and reviews. Each is made once and found again by the film's
content, so renaming the film does not make it again; the film itself is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..coding.workspace import Workspace, workspace_folder
from ..core.errors import MediaError
from ..privacy.identity import film_fingerprint
from .inputs import check_film
from .probe import probe
from .proxy import proxy
from .verify import check_readable

#: The two kinds of copy.
Quality = Literal["quick", "full"]
#: Where copies go inside a workspace.
COPIES_FOLDER = "proxies"
#: A workspace, its folder, or None for the default one.
WorkspaceLike = Workspace | str | Path | None


@dataclass(frozen=True)
class CopySettings:
    """How a kind of copy is made: its tallest picture and x264's speed and quality."""

    max_height: int
    preset: str
    crf: int
    words: str


#: ``quick``: small and fast (x264 ``ultrafast``), for tagging; ``full``: for watching.
SETTINGS: dict[str, CopySettings] = {
    "quick": CopySettings(540, "ultrafast", 26, "a quick playable copy"),
    "full": CopySettings(720, "veryfast", 23, "a full playable copy"),
}


def copy_path(
    film: str | Path, quality: Quality = "quick", workspace: WorkspaceLike = None
) -> Path:
    """Where ``film``'s copy of ``quality`` is (or will be) kept in the workspace."""
    source = check_film(film)
    settings_for(quality)
    stem = re.sub(r"[^\w-]+", "-", source.stem).strip("-")[:60] or "film"
    tag = film_fingerprint(source).removeprefix("v1-")[:10]
    return workspace_folder(workspace) / COPIES_FOLDER / f"{stem}-{tag}-{quality}.mp4"


def existing_copy(film: str | Path, workspace: WorkspaceLike = None) -> Path | None:
    """The best copy of ``film`` already made (full, else quick), or None."""
    for quality in ("full", "quick"):
        path = copy_path(film, quality, workspace)
        if path.is_file():
            return path
    return None


def playable_copy(
    film: str | Path,
    quality: Quality = "quick",
    *,
    workspace: WorkspaceLike = None,
    on_progress: Callable[[float], None] | None = None,
    show_bar: bool = True,
) -> Path:
    """``film`` as a browser can play it: the film itself if it plays as it is, else its
    copy of ``quality`` in the workspace, made now if it is not there yet. While it is
    made a bar shows the time left (``show_bar``), and ``on_progress`` hears the fraction
    done (0–1). An interrupt stops the copy and leaves no part of it."""
    settings = settings_for(quality)
    source = check_film(film)
    info = probe(source)
    if info.browser_playable:  # used as it is, once its data is known to reach its end
        check_readable(info, info.duration, str(source))
        return source
    target = copy_path(source, quality, workspace)
    if target.is_file():
        return target
    Workspace(workspace_folder(workspace))  # make the workspace (and its marker) if new

    def report(seconds: float) -> None:
        if on_progress is not None:
            on_progress(min(seconds / info.duration, 1.0))

    return proxy(
        source, target, max_height=settings.max_height, preset=settings.preset,
        crf=settings.crf, workspace=workspace_folder(workspace), progress=report,
        what=f"making {settings.words}", show_bar=show_bar,
    )  # fmt: skip


def settings_for(quality: str) -> CopySettings:
    """The settings of ``quality`` (``quick`` or ``full``), or a ``MediaError`` naming both."""
    try:
        return SETTINGS[quality]
    except KeyError:
        raise MediaError(f"a playable copy is 'quick' or 'full', not {quality!r}") from None
