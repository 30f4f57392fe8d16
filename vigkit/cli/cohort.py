"""The ``vigkit cohort`` sub-commands: ``create`` a course in the exchange, ``submit`` a
coding, record or portfolio, ``collect`` the group's work, ``feedback send`` / ``show``, and
``status`` (where the exchange is, who you are, what you have submitted).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.wording import counted
from .options import OUTPUT_RULE, film_time, output_file

SETTINGS_HELP = "the cohort settings file (default: $VIGKIT_COHORT, else COURSE/cohort.yaml)"
WORKSPACE_HELP = "the workspace folder (default: $VIGKIT_WORKSPACE, else ./vigkit-work)"


def add_cohort_commands(commands: Any) -> None:
    """Register ``cohort create / submit / collect / feedback / status``."""
    cohort = commands.add_parser(
        "cohort", help="a course's shared exchange: submit, collect, return feedback"
    )
    actions = cohort.add_subparsers(dest="cohort_command", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="make a course and its roster in the exchange")
    create.add_argument("course", metavar="COURSE", help="course id, e.g. vig-2027")
    create.add_argument("--exchange", type=Path, required=True, metavar="PATH")
    create.add_argument("--supervisor", action="append", default=[], metavar="S01")
    create.add_argument("--trainee", action="append", default=[], metavar="T01")
    create.add_argument(
        "--unix-groups", action="store_true", help="each user is their own Unix account"
    )
    create.add_argument(
        "--settings",
        type=output_file,
        metavar="FILE",
        help=f"write the settings here; {OUTPUT_RULE}",
    )
    create.set_defaults(run=_run_create)

    submit = actions.add_parser("submit", help="submit a coding, a record or a portfolio")
    submit.add_argument("kind", choices=("coding", "record", "portfolio"), metavar="KIND")
    submit.add_argument("what", metavar="CLIP|PATH", help="the clip (coding) or the file")
    submit.add_argument("--coder", required=True, metavar="T01", help="your pseudonym")
    submit.add_argument("--file", type=Path, metavar="PATH", help="a coding file, not the journal")
    submit.add_argument("--share-film", action="store_true", help="share the film (if consented)")
    submit.add_argument("--workspace", type=Path, metavar="W", help=WORKSPACE_HELP)
    submit.add_argument("--settings", type=Path, metavar="FILE", help=SETTINGS_HELP)
    submit.set_defaults(run=_run_submit)

    collect = actions.add_parser("collect", help="the latest submission of every trainee")
    collect.add_argument("--supervisor", required=True, metavar="S01")
    collect.add_argument("--clip", metavar="C")
    collect.add_argument(
        "--kind", default="coding", choices=("coding", "record", "portfolio", "all")
    )
    collect.add_argument("--settings", type=Path, metavar="FILE", help=SETTINGS_HELP)
    collect.set_defaults(run=_run_collect)

    feedback = actions.add_parser("feedback", help="return feedback, or read yours")
    ways = feedback.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    send = ways.add_parser("send", help="return feedback on a submission")
    send.add_argument("submission", metavar="SUBMISSION", help="its id (see 'cohort collect')")
    send.add_argument("--supervisor", required=True, metavar="S01")
    send.add_argument("--note", default="", metavar="TEXT")
    send.add_argument("--comment", action="append", default=[], metavar="TIME:TEXT")
    send.add_argument("--figure", action="append", default=[], metavar="NAME=VALUE")
    send.add_argument("--settings", type=Path, metavar="FILE", help=SETTINGS_HELP)
    send.set_defaults(run=_run_send)
    show = ways.add_parser("show", help="the feedback from your supervisor")
    show.add_argument("--coder", required=True, metavar="T01")
    show.add_argument("--clip", metavar="C")
    show.add_argument("--settings", type=Path, metavar="FILE", help=SETTINGS_HELP)
    show.set_defaults(run=_run_show)

    status = actions.add_parser("status", help="where the exchange is and who you are")
    status.add_argument("--coder", metavar="T01", help="also list your submissions")
    status.add_argument("--settings", type=Path, metavar="FILE", help=SETTINGS_HELP)
    status.set_defaults(run=_run_status)


def _settings(args: argparse.Namespace) -> Any:
    from ..cohort.settings import cohort_settings

    return cohort_settings(args.settings)


def _run_create(args: argparse.Namespace) -> int:
    from ..cohort import create_course
    from ..cohort.settings import settings_text
    from ..core.atomic import atomic_write_text

    course = create_course(
        args.course, args.exchange, supervisors=args.supervisor, trainees=args.trainee,
        unix_groups=args.unix_groups,
    )  # fmt: skip
    print(
        f"Course {course.course} is ready in {course.root} ({course.mode} mode): "
        f"{counted(len(course.supervisors), 'supervisor')}, "
        f"{counted(len(course.trainees), 'trainee')}."
    )
    text = settings_text(course.course, course.root.parent)
    if args.settings is not None:
        atomic_write_text(args.settings, text)
        print(f"Settings written to {args.settings}.")
    else:
        print("Put these two lines in the course's cohort.yaml (or $VIGKIT_COHORT):")
        print(text, end="")
    return 0


def _run_submit(args: argparse.Namespace) -> int:
    from ..cohort import submit

    settings = _settings(args)
    if args.kind == "coding":
        made = submit(
            "coding", coder=args.coder, clip=args.what, path=args.file,
            workspace=args.workspace, share_film=args.share_film, settings=settings,
        )  # fmt: skip
    else:
        made = submit(args.kind, coder=args.coder, path=Path(args.what), settings=settings)
    films = (
        " with the film" if any(f.name.startswith("films/") for f in made.manifest.files) else ""
    )
    print(f"Submitted {made.kind}{films} as {made.coder}: {made.id} ({made.created}).")
    return 0


def _run_collect(args: argparse.Namespace) -> int:
    from ..cohort import collect

    kind = None if args.kind == "all" else args.kind
    found = collect(supervisor=args.supervisor, clip=args.clip, kind=kind, settings=_settings(args))
    print(
        f"Course {found.course.course}: {len(found.latest)} of "
        f"{len(found.course.trainees)} trainees submitted."
    )
    for coder, latest in sorted(found.latest.items()):
        older = len(found.history[coder]) - 1
        print(
            f"  {coder:<10} {latest.kind:<9} {latest.clip or '-':<16} {latest.id}"
            f"  (+{older} earlier)"
        )
    for problem in found.problems:
        print(f"  skipped: {problem}")
    return 0


def _run_send(args: argparse.Namespace) -> int:
    from ..cohort import MomentComment, collect, return_feedback
    from ..cohort.settings import CohortError

    settings = _settings(args)
    comments = []
    for said in args.comment:
        time, text = _split_comment(said)
        if not text:
            raise CohortError(f"--comment {said}: write TIME:TEXT, e.g. 0:42:she looks up")
        try:
            comments.append(MomentComment(film_time(time), text))
        except argparse.ArgumentTypeError as error:
            raise CohortError(f"--comment {said}: {error}") from None
    figures: dict[str, float | str] = {}
    for said in args.figure:
        name, sep, value = said.partition("=")
        if not sep or not name:
            raise CohortError(f"--figure {said}: write NAME=VALUE, e.g. kappa=0.62")
        try:
            figures[name] = float(value)
        except ValueError:
            figures[name] = value
    found = collect(supervisor=args.supervisor, kind=None, settings=settings)
    submission = found.find(args.submission)
    made = return_feedback(
        submission, supervisor=args.supervisor, note=args.note, comments=comments,
        figures=figures, settings=settings,
    )  # fmt: skip
    print(f"Feedback on {submission.id} returned to {made.coder}.")
    return 0


def _split_comment(said: str) -> tuple[str, str]:
    """``0:42:text`` → (``0:42``, ``text``); ``12.5:text`` → (``12.5``, ``text``)."""
    parts = said.split(":")
    for cut in range(min(3, len(parts) - 1), 0, -1):
        if all(p.replace(".", "", 1).isdigit() for p in parts[:cut]):
            return ":".join(parts[:cut]), ":".join(parts[cut:]).strip()
    return parts[0], ":".join(parts[1:]).strip()


def _run_show(args: argparse.Namespace) -> int:
    from ..cohort import feedback_for

    found = feedback_for(args.coder, clip=args.clip, settings=_settings(args))
    if not found:
        print(f"No feedback for {args.coder} yet.")
    for item in found:
        print(f"From {item.supervisor} on {item.kind} {item.clip or ''} ({item.created}):")
        if item.note:
            print(f"  {item.note}")
        for comment in item.comments:
            print(f"  at {comment.time:g} s: {comment.text}")
        for name, value in item.figures.items():
            print(f"  {name}: {value}")
    return 0


def _run_status(args: argparse.Namespace) -> int:
    from ..cohort import current_account, my_submissions, open_course

    settings = _settings(args)
    course = open_course(settings)
    who = current_account(settings)
    print(f"Course {course.course} ({course.mode} mode), settings {settings.source}")
    print(f"Exchange: {course.root}")
    print(
        f"Supervisors: {', '.join(course.supervisors)}; "
        f"trainees: {', '.join(course.trainees) or 'none'}"
    )
    where = ""
    if who.on_hub:
        groups = "unknown" if who.groups is None else ", ".join(sorted(who.groups)) or "none"
        where = f" on a hub (groups: {groups})"
    print(f"You are {who.name}{where}")
    if args.coder:
        mine = my_submissions(args.coder, settings)
        print(f"{args.coder} has {counted(len(mine), 'submission')}.")
        for item in mine:
            print(f"  {item.id}  {item.kind:<9} {item.clip or '-'}")
    return 0
