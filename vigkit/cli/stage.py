"""``vigkit stage check|show|targets|add-session|sign-off``: a trainee guider's accreditation
stages from the command line.

``check RECORD`` says what is done and what is still missing for the stage open now (or
``--stage N``): exit 0 when nothing is missing from the trainee's side (ready for sign-off,
or signed off), 1 when something is, 2 for bad input. ``show`` gives every stage in a line,
``targets`` checks and shows a stage targets file, ``add-session`` and ``sign-off`` write
to the record (atomically). ``--targets FILE`` is a service's own targets (default AVIGuk's).
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.errors import VigkitError
from ..core.wording import counted
from .portfolio import find_record

EXIT_MISSING = 1


def add_stage_commands(commands: Any) -> None:
    """Register ``stage`` and its sub-commands on the main parser's sub-parsers."""
    stage = commands.add_parser(
        "stage", help="accreditation stages: what is done, what is missing, sign-off"
    )
    stage.set_defaults(run=lambda args: _print_help(stage))
    actions = stage.add_subparsers(dest="stage_command", metavar="COMMAND")

    check = actions.add_parser(
        "check", help="what is done and still missing for a stage (exit 0 ready, 1 missing)"
    )
    _record_arguments(check)
    check.add_argument("--stage", type=int, metavar="N", help="this stage (default: the open one)")
    check.set_defaults(run=_run_check)

    show = actions.add_parser("show", help="every stage in a line: cycles, clients, hours")
    _record_arguments(show)
    show.add_argument("--json", action="store_true", help="one object per stage, as JSON")
    show.set_defaults(run=_run_show)

    targets = actions.add_parser("targets", help="check a stage targets file and show it")
    targets.add_argument(
        "file", nargs="?", type=Path, metavar="FILE", help="the file (default: AVIGuk's)"
    )
    targets.set_defaults(run=_run_targets)

    session = actions.add_parser("add-session", help="add a supervision session to a record")
    _record_arguments(session, targets=False)
    session.add_argument("--date", required=True, metavar="DATE", help="the day (2026-03-31)")
    session.add_argument("--hours", required=True, type=float, metavar="H", help="its length")
    session.add_argument("--supervisor", required=True, metavar="PSEUDONYM")
    session.add_argument("--note", default="", metavar="TEXT", help="a short note (no names)")
    session.add_argument("--stage", type=int, metavar="N", help="count it for this stage")
    session.set_defaults(run=_run_add_session)

    sign = actions.add_parser("sign-off", help="sign a stage off, as the supervisor")
    _record_arguments(sign, targets=False)
    sign.add_argument("--stage", required=True, type=int, metavar="N")
    sign.add_argument("--by", required=True, metavar="PSEUDONYM", help="the supervisor")
    sign.add_argument("--date", metavar="DATE", help="the day (default: today)")
    sign.add_argument("--note", default="", metavar="TEXT")
    sign.set_defaults(run=_run_sign_off)


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _record_arguments(parser: argparse.ArgumentParser, *, targets: bool = True) -> None:
    parser.add_argument(
        "record", type=Path, metavar="RECORD", help="a .record.json file or a workspace folder"
    )
    parser.add_argument("--practitioner", metavar="P", help="whose record, in a workspace")
    if targets:
        parser.add_argument(
            "--targets", type=Path, metavar="FILE", help="your service's stage targets file"
        )


def _load(args: argparse.Namespace) -> tuple[Path, Any]:
    from ..reflection import load_record

    path, _ = find_record(args.record, args.practitioner)
    return path, load_record(path)


@contextlib.contextmanager
def _unchanged(path: Path) -> Iterator[None]:
    """A refused edit says which record it was, and that the file was left as it was."""
    from ..reflection import RecordError

    try:
        yield
    except RecordError as error:
        raise RecordError(
            path, error.problems, error.hint, consequence="the record was not changed"
        ) from None


def _run_check(args: argparse.Namespace) -> int:
    from ..reflection import stage_check

    _, record = _load(args)
    result = stage_check(record, args.targets, stage=args.stage)
    print(result.text)
    return 0 if result.ready else EXIT_MISSING


def _run_show(args: argparse.Namespace) -> int:
    from ..reflection import stage_progress, stage_table

    _, record = _load(args)
    if record.kind != "vig-trainee":
        raise VigkitError(
            f"{args.record}: this is not a trainee guider's record (kind '{record.kind}'); "
            "the accreditation stages are for kind 'vig-trainee'"
        )
    progress = stage_progress(record, args.targets)
    if args.json:
        rows = stage_table(progress).to_dict(orient="records")
        for row in rows:
            day = row["signed_off_on"]
            row["signed_off_on"] = day.isoformat() if day is not None else None
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"{record.practitioner}: {progress.targets.label} (version {progress.targets.version})")
    print(progress.summary())
    return 0


def _run_targets(args: argparse.Namespace) -> int:
    from ..reflection import load_stage_targets
    from ..reflection.stageprogress import hours_text

    targets = load_stage_targets(args.file)
    print(f"{targets.label} ({targets.id}, version {targets.version})")
    for t in targets.stages:
        clients = str(t.new_clients)
        if t.new_clients_at_most is not None:
            clients += f" to {t.new_clients_at_most}"
        print(
            f"- {t.label}: {t.cycles} cycles, {clients} new clients, "
            f"{hours_text(t.supervision_hours)} hours of supervision"
            + (", a self-assessment" if t.self_assessment else "")
        )
    if targets.meeting is not None:
        m = targets.meeting
        needs = (["a written reflection"] if m.written_reflection else []) + (
            [f"{counted(m.shared_films, 'film')} shared with the group"] if m.shared_films else []
        )
        print(f"- {m.label}: {', '.join(needs) or 'nothing more'}")
    return 0


def _run_add_session(args: argparse.Namespace) -> int:
    from ..reflection import add_supervision, save_record

    path, record = _load(args)
    with _unchanged(path):
        record = add_supervision(
            record, args.date, args.hours, args.supervisor, args.note, stage=args.stage
        )
    save_record(record, path)
    session = record.supervision[-1]
    hours = f"{session.hours:g} hour{'' if session.hours == 1 else 's'}"
    print(f"added to {path}: {hours} with {session.supervisor} on {session.date}")
    return 0


def _run_sign_off(args: argparse.Namespace) -> int:
    from ..reflection import save_record, sign_off_stage

    path, record = _load(args)
    with _unchanged(path):
        record = sign_off_stage(record, args.stage, args.by, args.date, args.note)
    save_record(record, path)
    sign = record.stages[args.stage - 1].sign_off
    print(f"stage {args.stage} signed off by {sign.by} on {sign.date} in {path}")
    return 0
