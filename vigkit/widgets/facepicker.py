"""``FacePicker``: choose, by clicking a still, which faces stay visible when a film is blurred.

The kit takes the still into the workspace (``cache/faces/``) and the browser loads it by
URL from the server's ``/files/`` handler, never as data in the notebook. Each face the
blur finds (:func:`vigkit.media.blur.faces_in_still`) is a numbered button over the
picture; ``picker.keep`` gives the chosen ones as ``KeepFace`` for ``blur_faces(keep=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..media.blur import faces_in_still
from ..media.facetrack import KeepFace
from .esm import css, esm
from .pickerstill import picker_still

#: Where the stills go inside a workspace.
STILL_FOLDER = Path("cache") / "faces"
#: Shown when the blur finds nobody on the still.
NO_FACES = "No faces were found on this still; try another time."


def summary(kept: list[int], count: int) -> str:
    """The sentence under the still: which faces (numbered from 1) stay visible."""
    if count == 0:
        return NO_FACES
    if not kept:
        return "Every face will be blurred. Click a face to keep it visible."
    if len(kept) == count:
        return "Every face will stay visible; none is blurred."
    names = [str(i + 1) for i in sorted(kept)]
    if len(names) == 1:
        return f"Face {names[0]} will stay visible; the others are blurred."
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return f"Faces {listed} will stay visible; the others are blurred."


class FacePicker(anywidget.AnyWidget):
    """The still of ``film`` at ``time`` with every face the blur finds outlined and
    numbered; click a face (or Tab to it and press Enter or Space) to keep it visible.

    ``boxes`` are the faces found (left, top, width, height in pixels of the film as
    displayed); ``keep`` is what to pass to ``blur_faces(..., keep=picker.keep)``. The
    still is written into ``workspace`` (the default workspace if not given), which must
    be inside the folder JupyterLab serves (``root``, found if not given).
    """

    _esm = esm("facepicker.js")
    _css = css("facepicker.css")

    #: The still's path under the server's ``/files/`` (URL-quoted).
    src = traitlets.Unicode("").tag(sync=True)
    #: Words for people and screen readers: the film and the time.
    label = traitlets.Unicode("").tag(sync=True)
    #: The film's size as displayed (the boxes' coordinates).
    width = traitlets.Int(0).tag(sync=True)
    height = traitlets.Int(0).tag(sync=True)
    #: The faces found: ``[left, top, width, height]`` each, best first.
    faces = traitlets.List(traitlets.List(traitlets.Int())).tag(sync=True)
    #: The indices (from 0) of the faces to keep visible; the browser sets it.
    kept = traitlets.List(traitlets.Int()).tag(sync=True)
    #: Plain words shown instead of the faces (none found).
    message = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        film: str | Path,
        time: float | str,
        *,
        workspace: Workspace | str | Path | None = None,
        root: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        shown = picker_still(film, time, workspace, root, STILL_FOLDER)
        self.film, self.time = shown.film, shown.time
        #: The still shown (a PNG in the workspace).
        self.still: Path = shown.path
        found = faces_in_still(self.film, self.time)
        super().__init__(
            src=shown.src,
            label=shown.label,
            width=shown.info.width,
            height=shown.info.height,
            faces=[list(box) for box in found],
            message="" if found else NO_FACES,
            **kwargs,
        )

    @property
    def boxes(self) -> list[tuple[int, int, int, int]]:
        """The faces found on the still (left, top, width, height, film pixels)."""
        return [(b[0], b[1], b[2], b[3]) for b in self.faces]

    @property
    def keep(self) -> list[KeepFace]:
        """The faces chosen to stay visible, for ``blur_faces(..., keep=...)``."""
        boxes = self.boxes
        return [KeepFace(self.time, boxes[i]) for i in sorted(self.kept)]

    @property
    def summary(self) -> str:
        """The sentence the widget shows about what stays visible."""
        return summary(list(self.kept), len(self.faces))

    def toggle(self, number: int) -> None:
        """Keep face ``number`` (from 1, as shown) visible, or blur it again."""
        if not 1 <= number <= len(self.faces):
            raise VigkitError(
                f"{self.label}: there is no face {number}; the faces are numbered 1 to "
                f"{len(self.faces)}"
                if self.faces
                else f"{self.label}: {NO_FACES}"
            )
        kept = set(self.kept) ^ {number - 1}
        self.kept = sorted(kept)

    @traitlets.validate("kept")
    def _check_kept(self, proposal: dict[str, Any]) -> list[int]:
        return sorted({i for i in proposal["value"] if 0 <= i < len(self.faces)})
