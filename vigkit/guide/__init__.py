"""The workbook's conveniences for the guided course's notebooks 04–06.

Each function here is one step of a notebook, so that a cell stays one call with no logic
in it (docs/notebooks.md):

- **04, compare with your supervisor** (:mod:`.compare`): :func:`compare_with_supervisor`
  loads your coding of a film and your supervisor's (a file they gave you, or an
  exercise's reference coding); :func:`timeline`, :func:`replay`, :func:`confusion`,
  :func:`statistics` and :func:`save_comparison` show and keep what it found.
- **05, your own film** (:mod:`.own_film`): :func:`films_folder`, :func:`my_film` (the
  film in plain words), :func:`my_tags`, :func:`pick_moments`, :func:`moment_stills`,
  :func:`review_reel` and :func:`watch_reel`.
- **06, reflect and track** (:mod:`.record`): :func:`my_record`, :func:`add_target`,
  :func:`targets_chart` and :func:`export_portfolio`.

A step that needs something the user has not made yet (tags, chosen moments, targets)
returns a :class:`Note` (:mod:`.note`) saying kindly what to do first, and writes nothing.
Films are never changed: stills, reels, figures and portfolios go into the workspace.
"""

from __future__ import annotations

from .compare import (
    SupervisorCheck,
    compare_with_supervisor,
    confusion,
    my_coding,
    replay,
    save_comparison,
    statistics,
    supervisor_coding,
    timeline,
)
from .note import TAG_STEP, Note, WorkspaceLike
from .own_film import (
    CHOOSE_STEP,
    FILM_SUFFIXES,
    FILMS_FOLDER,
    Film,
    films_folder,
    moment_stills,
    my_film,
    my_tags,
    pick_moments,
    reel_path,
    review_reel,
    watch_reel,
)
from .record import (
    KIND_NAMES,
    MAX_CYCLES,
    TARGET_STEP,
    MyRecord,
    add_target,
    export_portfolio,
    my_record,
    targets_chart,
)

__all__ = [
    "CHOOSE_STEP",
    "FILMS_FOLDER",
    "FILM_SUFFIXES",
    "KIND_NAMES",
    "MAX_CYCLES",
    "TAG_STEP",
    "TARGET_STEP",
    "Film",
    "MyRecord",
    "Note",
    "SupervisorCheck",
    "WorkspaceLike",
    "add_target",
    "compare_with_supervisor",
    "confusion",
    "export_portfolio",
    "films_folder",
    "moment_stills",
    "my_coding",
    "my_film",
    "my_record",
    "my_tags",
    "pick_moments",
    "reel_path",
    "replay",
    "review_reel",
    "save_comparison",
    "statistics",
    "supervisor_coding",
    "targets_chart",
    "timeline",
    "watch_reel",
]
