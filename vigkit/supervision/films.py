"""The films a supervisor is shown: which film a group's clip is (:func:`film_for`), and
that the consent of each one that will be shown allows ``supervision``
(:func:`check_films_shown`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..media.films import clip_film
from ..privacy.gate import check_use


def film_for(clip: str, *, workspace: Workspace | str | Path | None = None) -> Path:
    """The film of ``clip``: the one registered for it in the workspace, else the course's
    practice film of that name."""
    found = clip_film(clip, workspace)
    if found is not None:
        return found
    raise VigkitError(
        f"cannot find the film of '{clip}': it is not a practice film, nor registered in the "
        "workspace; register it with Workspace().register_clip(clip, source=film)"
    )


def check_films_shown(
    clips: Sequence[str],
    *,
    workspace: Workspace | str | Path | None = None,
    override: str | None = None,
) -> None:
    """Refuse (``ConsentError``) a group whose film would be shown without consent for
    ``supervision``; clips with no film to show (codings only) need none."""
    for clip in clips:
        shown = clip_film(clip, workspace)
        if shown is not None:
            doing = f"showing the film of {clip} in supervision"
            check_use(shown, "supervision", action=doing, override=override, workspace=workspace)
