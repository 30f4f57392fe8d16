"""The guided course's steps: each function here is one step of a notebook, so that a cell
stays one call with no logic in it (docs/notebooks.md). Everything a step does beyond
showing its result lives in the stage packages below (coding, media, agreement, views,
practice, reflection).

- **00, start here**: :func:`film` and :func:`watch` (the practice library).
- **01, the principles** (:mod:`.principles`): :func:`principles`, the ladder with a
  looping practice moment per principle.
- **02 and 03, exercises** (:mod:`.review`): :func:`review`, an exercise's CompareView
  once the trainee has tagged (the exercises themselves are :mod:`vigkit.exercises`).
- **04, compare with your supervisor** (:mod:`.compare`): :func:`compare_with_supervisor`
  loads your coding of a film and your supervisor's (a file they gave you, or an
  exercise's reference coding); :func:`timeline`, :func:`replay`, :func:`confusion`,
  :func:`statistics` and :func:`save_comparison` show and keep what it found.
- **05, your own film** (:mod:`.own_film`, :mod:`.consent`): :func:`films_folder`,
  :func:`my_film` (the film in plain words), :func:`film_consent` (what the people in it
  agreed to), :func:`my_tags`, :func:`pick_moments`, :func:`moment_stills`,
  :func:`review_reel` and :func:`watch_reel`; (:mod:`.suggestions`) :func:`where_to_look`,
  the moment finder's suggestions for your own film (never for a practice film).
- **09, my shared review** (:mod:`.shared_review`): :func:`my_review` (the film of your
  shared review, kept as a ``shared-review`` clip), :func:`tag_review` (the Tagger with
  the shared-review scheme), :func:`review_tags`, :func:`compare_review` (with your
  supervisor's coding of the review: notebook 04's steps then show it) and
  :func:`review_questions`; for supervisors in notebook 07, :func:`review_feedback` and
  :func:`replay_review`.
- **03–07 on a course's hub** (:mod:`.cohort`): :func:`send_coding`, :func:`send_record`,
  :func:`supervisor_feedback`; for supervisors :func:`load_group` (``"exchange"``: what the
  trainees sent) and :func:`send_feedback`.
- **Links and turns** (:mod:`.sequences`): :func:`links_and_turns` (your chains of linked
  turns, initiatives received, steps between principles) and, for supervisors,
  :func:`group_sequences` (a group's codings of one film); in notebook 06
  :func:`turns_over_cycles` (your films over your cycles, averaged).
- **06, reflect and track** (:mod:`.record`): :func:`my_record`, :func:`add_target`,
  :func:`targets_chart` and :func:`export_portfolio`; (:mod:`.stages`, trainee guiders)
  :func:`cycle_details`, :func:`add_session` and :func:`my_stages`, the accreditation stages
  and what is still missing; (:mod:`.privacy`)
  :func:`privacy_audit_step`, what the kit made from each film and when it must go.

Importing the course (a notebook's ``from vigkit import guide``) prints one warning line per
film of the default workspace that is past its erase-by date, once per kernel.

A step that needs something the user has not made yet (tags, chosen moments, targets)
returns a :class:`Note` (:mod:`.note`) saying kindly what to do first, and writes nothing.
Films are never changed: stills, reels, figures and portfolios go into the workspace.
"""

from __future__ import annotations

from ..practice.library import film, watch
from ..privacy.retention import warn_overdue_once
from .cohort import (
    EXCHANGE,
    load_group,
    send_coding,
    send_feedback,
    send_record,
    supervisor_feedback,
)
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
from .consent import film_consent
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
from .principles import principles
from .privacy import privacy_audit_step
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
from .review import review
from .sequences import SequenceView, group_sequences, links_and_turns, turns_over_cycles
from .shared_review import (
    REVIEW_SCHEME,
    REVIEW_TAG_STEP,
    compare_review,
    my_review,
    replay_review,
    review_feedback,
    review_questions,
    review_tags,
    tag_review,
)
from .stages import add_session, cycle_details, my_stages, review_in_record
from .suggestions import Suggestions, where_to_look

__all__ = [
    "CHOOSE_STEP",
    "EXCHANGE",
    "FILMS_FOLDER",
    "FILM_SUFFIXES",
    "KIND_NAMES",
    "MAX_CYCLES",
    "REVIEW_SCHEME",
    "REVIEW_TAG_STEP",
    "TAG_STEP",
    "TARGET_STEP",
    "Film",
    "MyRecord",
    "Note",
    "SequenceView",
    "Suggestions",
    "SupervisorCheck",
    "WorkspaceLike",
    "add_session",
    "add_target",
    "compare_review",
    "compare_with_supervisor",
    "confusion",
    "cycle_details",
    "export_portfolio",
    "film",
    "film_consent",
    "films_folder",
    "group_sequences",
    "links_and_turns",
    "load_group",
    "moment_stills",
    "my_coding",
    "my_film",
    "my_record",
    "my_review",
    "my_stages",
    "my_tags",
    "pick_moments",
    "principles",
    "privacy_audit_step",
    "reel_path",
    "replay",
    "replay_review",
    "review",
    "review_feedback",
    "review_in_record",
    "review_questions",
    "review_reel",
    "review_tags",
    "save_comparison",
    "send_coding",
    "send_feedback",
    "send_record",
    "statistics",
    "supervisor_coding",
    "supervisor_feedback",
    "tag_review",
    "targets_chart",
    "timeline",
    "turns_over_cycles",
    "watch",
    "watch_reel",
    "where_to_look",
]

warn_overdue_once()
