"""The still a picker shows (the face and region pickers): one frame of the film taken
into the workspace, where the Jupyter server serves it, and loaded by its ``/files/`` URL
path (never embedded in the notebook)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..coding.workspace import Workspace, workspace_folder
from ..core.errors import VigkitError
from ..core.timecode import format_time, parse_time
from ..media.probe import MediaInfo, probe
from ..media.stills import stills
from .serving import server_root, still_folder, url_path


@dataclass(frozen=True)
class PickerStill:
    """The frame a picker shows: its film and time, the film's facts, the server's root,
    the PNG in the workspace, its ``/files/`` URL path and a label for people."""

    film: Path
    time: float
    info: MediaInfo
    root: Path
    path: Path
    src: str
    label: str


def picker_still(
    film: str | Path,
    time: float | str,
    workspace: Workspace | str | Path | None,
    root: str | Path | None,
    folder: Path,
    *,
    widest: int | None = None,
    show_bar: bool = True,
) -> PickerStill:
    """The still of ``film`` at ``time`` in the workspace's ``folder`` (e.g. ``cache/faces``),
    at most ``widest`` pixels wide; a bad time, or a workspace the server cannot serve, is
    said before anything is made."""
    path = Path(os.path.abspath(film))
    try:
        seconds = parse_time(time)
    except ValueError as error:
        raise VigkitError(f"{path.name}: {error}") from None
    info = probe(path)
    served_from = Path(os.path.abspath(root)) if root is not None else server_root(path)
    stills_folder = still_folder(path, workspace, folder)
    url_path(stills_folder, served_from)  # a workspace the server cannot serve: say so first
    Workspace(workspace_folder(workspace))  # make the folders (and marker) if new
    width = widest if widest is not None and info.width > widest else None
    (taken,) = stills(path, [seconds], stills_folder, width, workspace=workspace, show_bar=show_bar)
    return PickerStill(
        film=path,
        time=seconds,
        info=info,
        root=served_from,
        path=taken,
        src=url_path(taken, served_from),
        label=f"{path.name} at {format_time(seconds)}",
    )
