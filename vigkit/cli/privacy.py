"""The ``vigkit privacy`` sub-commands: ``audit`` (every film, its erase-by date and what the
kit made from it) and ``erase FILM`` (remove everything made from a film, the original with
``--original``; lists what goes and asks first unless ``--yes``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.wording import counted

WORKSPACE_HELP = "the workspace folder (default: $VIGKIT_WORKSPACE, else ./vigkit-work)"


def add_privacy_commands(commands: Any) -> None:
    """Register ``privacy audit`` and ``privacy erase`` on the main parser's sub-parsers."""
    privacy = commands.add_parser(
        "privacy", help="what the kit made from each film, and erasing it when the time comes"
    )
    actions = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    audit = actions.add_parser(
        "audit", help="every film, its erase-by date and every file the kit made from it"
    )
    audit.add_argument("--workspace", type=Path, metavar="W", help=WORKSPACE_HELP)
    audit.set_defaults(run=_run_audit)
    erase = actions.add_parser(
        "erase", help="remove every file the kit made from a film (and the film: --original)"
    )
    erase.add_argument("film", metavar="FILM", help="a clip id (see 'privacy audit') or a film")
    erase.add_argument(
        "--original", action="store_true", help="erase your own original film file too"
    )
    erase.add_argument("--yes", action="store_true", help="do not ask before removing")
    erase.add_argument("--workspace", type=Path, metavar="W", help=WORKSPACE_HELP)
    erase.set_defaults(run=_run_erase)


def _run_audit(args: argparse.Namespace) -> int:
    from ..privacy.audit import privacy_audit

    print(privacy_audit(args.workspace))
    return 0


def _run_erase(args: argparse.Namespace) -> int:
    from ..privacy.erase import erase_film, plan_erase

    plan = plan_erase(args.film, args.workspace, original=args.original)
    if not plan.count:
        print(plan)
        return 0
    print(plan)
    if not args.yes:
        try:
            answer = input(f"Remove {counted(plan.count, 'file')}? Type yes to go on: ")
        except EOFError:  # no one to answer (a script): ask for --yes
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was removed (to erase without being asked, add --yes).")
            return 0
    report = erase_film(args.film, args.workspace, original=args.original)
    print(
        f"Removed {counted(report.count, 'file')} of film {report.film}; "
        "the erase is noted in the workspace's erase-log.jsonl (no names)."
    )
    return 0
