"""``vigkit consent show|set|check``: the consent register from the command line.

``show`` lists what each film was consented for; ``set`` records (or changes) a film's
consent; ``check FILM --use USE`` says whether a film, or something the kit made from one,
may be used that way (exit 0 yes, 1 no with the reason, 2 bad input).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from ..core.errors import ConsentError
from ..privacy.consent import ROLES, USES, FilmConsent, UseConsent, use_label
from ..privacy.dates import parse_day, parse_optional_day, spoken_day

EXIT_REFUSED = 1


def add_consent_commands(commands: Any) -> None:
    """Register ``consent`` and its sub-commands on the main parser's sub-parsers."""
    consent = commands.add_parser(
        "consent", help="what each film may be used for: show, set or check its consent"
    )
    consent.set_defaults(run=lambda args: _print_help(consent))
    actions = consent.add_subparsers(dest="consent_command", metavar="COMMAND")

    show = actions.add_parser("show", help="the consent of one film, or of every film")
    show.add_argument("film", nargs="?", metavar="FILM", help="a film's path or clip id")
    show.add_argument("--json", action="store_true", help="the register's entries as JSON")
    _workspace_option(show)
    show.set_defaults(run=_run_show)

    setting = actions.add_parser(
        "set",
        help="record a film's consent (options not given keep what was recorded before)",
    )
    setting.add_argument("film", type=Path, metavar="FILM", help="the film's path")
    setting.add_argument("--clip", metavar="ID", help="the clip id (default: from the file name)")
    setting.add_argument(
        "--person",
        action="append",
        default=None,
        metavar="PSEUDONYM:ROLE",
        help=f"someone in the film (repeatable); roles: {', '.join(ROLES)}",
    )
    setting.add_argument("--given-on", metavar="DATE", help="the day consent was given")
    setting.add_argument(
        "--use",
        action="append",
        default=None,
        metavar="USE[:UNTIL][:blurred]",
        help=f"a use consented (repeatable): {', '.join(USES)}; ':31/12/2026' ends it, "
        "':blurred' allows it only with faces blurred",
    )
    setting.add_argument("--no-uses", action="store_true", help="no use is consented (withdrawn)")
    setting.add_argument("--erase-by", metavar="DATE", help="the day the film must be erased by")
    setting.add_argument("--notes", metavar="TEXT", help="free-text notes (no names)")
    setting.add_argument(
        "--by", required=True, metavar="PSEUDONYM", help="who records it (your pseudonym)"
    )
    _workspace_option(setting)
    setting.set_defaults(run=_run_set)

    check = actions.add_parser(
        "check", help="may this film (or something made from it) be used for USE? exit 0/1"
    )
    check.add_argument("film", metavar="FILM", help="a film's path or clip id")
    check.add_argument("--use", required=True, metavar="USE", help=", ".join(USES))
    check.add_argument("--blurred", action="store_true", help="for a copy with faces blurred")
    check.add_argument("--on", metavar="DATE", help="check for this day (default: today)")
    _workspace_option(check)
    check.set_defaults(run=_run_check)


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="FOLDER",
        help="the workspace (default: $VIGKIT_WORKSPACE or ./vigkit-work)",
    )


def _entry(film: str, workspace: Path | None) -> FilmConsent | None:
    """The register's entry for ``film``: a path to a film, else a clip id."""
    from ..privacy.register import ConsentRegister

    register = ConsentRegister(workspace)
    path = Path(film)
    if path.is_file():
        return register.find(path)
    by_clip = register.get(film)
    if by_clip is not None:
        return by_clip
    if path.exists():
        raise ConsentError(f"{film}: this is a folder, not a film; give a film's path or clip id")
    raise ConsentError(
        f"{film}: there is no such file, and no film with this clip id in the consent register "
        f"{register.path}; give a film's path or a clip id that 'vigkit consent show' lists"
    )


def _run_show(args: argparse.Namespace) -> int:
    from ..privacy.register import ConsentRegister

    register = ConsentRegister(args.workspace)
    if args.film is not None:
        entry = _entry(args.film, args.workspace)
        if entry is None:
            raise ConsentError(
                f"{args.film}: no consent is recorded for this film; record it with "
                f"vigkit consent set {args.film} --given-on DATE --use USE --by YOUR-PSEUDONYM"
            )
        entries = [entry]
    else:
        entries = register.films()
    if args.json:
        from ..privacy.register import entry_as_json

        print(json.dumps({e.clip: entry_as_json(e) for e in entries}, indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print(f"no consent is recorded yet in {register.path}")
        return 0
    print("\n\n".join(describe(e, date.today()) for e in entries))
    return 0


def describe(entry: FilmConsent, today: date) -> str:
    """A film's consent as lines to read."""
    lines = [f"{entry.clip}: {entry.source}"]
    if entry.people:
        lines.append("  people: " + ", ".join(f"{p.pseudonym} ({p.role})" for p in entry.people))
    given = spoken_day(entry.given_on) if entry.given_on else "(not recorded)"
    lines.append(f"  consent given on {given}; recorded by {entry.recorded_by or '?'}")
    if entry.uses:
        for number, use in enumerate(entry.uses):
            label = "  uses: " if number == 0 else "        "
            state = ""
            if use.until is not None and use.until < today:
                state = " – ENDED"
            lines.append(f"{label}{use_label(use.use)}{_terms(use)}{state}")
    else:
        lines.append("  uses: none consented")
    if entry.erase_by is not None:
        days = (entry.erase_by - today).days
        when = (
            f"OVERDUE by {days * -1} days"
            if days < 0
            else "today"
            if days == 0
            else f"in {days} days"
        )
        lines.append(f"  erase by {spoken_day(entry.erase_by)} ({when})")
    else:
        lines.append("  erase by: no date recorded")
    if entry.notes:
        lines.append(f"  notes: {entry.notes}")
    return "\n".join(lines)


def _terms(use: UseConsent) -> str:
    words = ""
    if use.until is not None:
        words += f", until {spoken_day(use.until)}"
    if use.faces_blurred:
        words += ", only with faces blurred"
    return words


def parse_use_option(text: str) -> UseConsent:
    """``--use training-group:30/6/2026:blurred`` as a :class:`UseConsent`."""
    from ..privacy.consent import check_use

    name, *terms = [part.strip() for part in text.split(":")]
    use = check_use(name, f"--use {text}")
    until: date | None = None
    blurred = False
    for term in terms:
        if term.casefold() == "blurred":
            blurred = True
        elif until is None:
            until = parse_day(term, f"--use {text}")
        else:
            raise ConsentError(
                f"--use {text}: give at most one end date and 'blurred', e.g. "
                "--use training-group:31/12/2026:blurred"
            )
    return UseConsent(use, until, blurred)


def _run_set(args: argparse.Namespace) -> int:
    from ..privacy.consent import make_consent
    from ..privacy.register import ConsentRegister

    register = ConsentRegister(args.workspace)
    film: Path = args.film
    if not film.is_file():
        earlier = register.get(str(film))
        if earlier is not None and Path(earlier.source).is_file():
            film = Path(earlier.source)
        elif film.exists():
            raise ConsentError(f"{film}: this is a folder, not a film; give the film's path")
        else:
            raise ConsentError(f"{film}: there is no such film; give the film's path")
    earlier = register.get(args.clip) if args.clip else register.find(film)
    if args.use and args.no_uses:
        raise ConsentError("give --use or --no-uses, not both")
    uses: list[UseConsent] | tuple[UseConsent, ...]
    if args.no_uses:
        uses = []
    elif args.use:
        uses = [parse_use_option(text) for text in args.use]
    elif earlier is not None:
        uses = earlier.uses
    else:
        raise ConsentError(
            f"{film}: say what the film may be used for with --use (repeatable): "
            f"{', '.join(USES)}; or --no-uses if nothing was consented"
        )
    given: date | str | None = args.given_on
    if given is None and earlier is not None:
        given = earlier.given_on
    if given is None:
        raise ConsentError(f"{film}: give the day consent was given with --given-on DATE")
    if args.erase_by is not None:
        erase = parse_optional_day(args.erase_by, "--erase-by")
    else:
        erase = earlier.erase_by if earlier is not None else None
    consent = make_consent(
        film,
        clip=args.clip or (earlier.clip if earlier is not None else None),
        people=args.person if args.person is not None else (earlier.people if earlier else ()),
        given_on=parse_day(given, "--given-on"),
        uses=uses,
        erase_by=erase,
        notes=args.notes if args.notes is not None else (earlier.notes if earlier else ""),
        recorded_by=args.by,
    )
    register.record(consent)
    print(f"recorded in {register.path}:")
    print(describe(consent, date.today()))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from ..privacy.consent import check_use
    from ..privacy.gate import consent_status

    use = check_use(args.use, "--use")
    day = parse_day(args.on, "--on") if args.on else None
    path = Path(args.film)
    if path.is_file():
        allowed, reason = consent_status(
            path, use, faces_blurred=args.blurred, workspace=args.workspace, today=day
        )
    else:
        entry = _entry(args.film, args.workspace)
        assert entry is not None  # a clip id that is not in the register is refused above
        allowed, why = entry.allows(use, day, args.blurred)
        reason = f"clip {entry.clip} {why}"
    print(("allowed: " if allowed else "refused: ") + reason)
    return 0 if allowed else EXIT_REFUSED
