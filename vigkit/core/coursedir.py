"""Where the course lives: the folder with ``exercises/`` (and ``media/practice/``) in it.

The course is the checkout the kit came in, so exercises and practice films are found
without configuration. ``VIGKIT_COURSE_DIR`` points elsewhere (a supervisor's own course,
or a test's temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import VigkitError

#: Environment variable naming the course folder (the one holding ``exercises/``).
COURSE_ENV = "VIGKIT_COURSE_DIR"


def course_root() -> Path:
    """The course folder: ``$VIGKIT_COURSE_DIR``, else the folder above the installed
    package if it has ``exercises/``, else the nearest folder at or above the current
    one that has ``exercises/``."""
    named = os.environ.get(COURSE_ENV)
    if named:
        root = Path(named).expanduser().resolve()
        if not root.is_dir():
            raise VigkitError(
                f"{COURSE_ENV} is set to {root}, which is not a folder; set it to the course "
                "folder (the one with exercises/ in it), or unset it"
            )
        return root
    beside_package = Path(__file__).resolve().parents[2]
    if (beside_package / "exercises").is_dir():
        return beside_package
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "exercises").is_dir():
            return folder
    raise VigkitError(
        "cannot find the course (a folder with exercises/ in it); run this from inside the "
        f"vigkit folder, or set {COURSE_ENV} to the course folder"
    )


def exercises_dir() -> Path:
    """Where exercise definitions live: ``COURSE/exercises``."""
    return course_root() / "exercises"


def storyboards_dir() -> Path:
    """Where the practice films' storyboards live: ``COURSE/exercises/storyboards``."""
    return exercises_dir() / "storyboards"


def practice_dir() -> Path:
    """Where rendered practice films and their reference codings go: ``COURSE/media/practice``."""
    return course_root() / "media" / "practice"
