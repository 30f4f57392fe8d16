"""``vigkit moments FILM``: where a long film may show attuned interaction, best first.

A thin face over :func:`vigkit.moments.find_moments`: a table of the top candidates with
their reasons, what could and could not be looked at, and ``--csv`` to keep them (written
atomically, cells made safe for spreadsheets). Suggestions only: the guider decides.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import VigkitError
from ..core.timecode import format_time
from .options import output_file, seconds_at_least, whole_number


def add_moments_command(commands: Any) -> None:
    """Register ``vigkit moments`` on the main parser's sub-parsers."""
    moments = commands.add_parser(
        "moments",
        help="candidate moments of a film to look at first (from sound and movement)",
        description=(
            "Points to where a film may show attuned interaction – an initiative received, "
            "a chain of turns, waiting, moving together – with a reason for each. "
            "Suggestions only: look at each and decide for yourself."
        ),
    )
    moments.add_argument("film", type=Path, metavar="FILM", help="the film to look through")
    moments.add_argument(
        "--top", type=whole_number(1, 1000), default=20, metavar="N",
        help="how many candidates to show (default 20)",
    )  # fmt: skip
    moments.add_argument(
        "--csv", type=output_file, metavar="OUT.csv", help="also write the candidates to a CSV file"
    )
    moments.add_argument(
        "--voices", type=whole_number(1, 6), default=2, metavar="N",
        help="how many voices to tell apart (default 2)",
    )  # fmt: skip
    moments.add_argument(
        "--names", metavar="NAMES",
        help="what to call the voices, lowest first, comma-separated pseudonyms (e.g. Kwame,Maya)",
    )  # fmt: skip
    moments.add_argument(
        "--gap", type=seconds_at_least(0.1, maximum=10), default=1.5, metavar="SECONDS",
        help="the longest pause for a turn to answer another (default 1.5)",
    )  # fmt: skip
    moments.add_argument(
        "--wait", type=seconds_at_least(0.5, maximum=30), default=2.0, metavar="SECONDS",
        help="the shortest silence after a child that counts as waiting (default 2)",
    )  # fmt: skip
    moments.add_argument(
        "--region", type=region, action="append", default=[], metavar="NAME:L,T,R,B",
        help="where one person is in the picture: a name and a box in fractions of the "
        "picture, left,top,right,bottom (e.g. Mum:0,0,0.6,1); give two (default: the left "
        "and right halves)",
    )  # fmt: skip
    moments.add_argument(
        "--no-movement", action="store_true", help="listen only: do not look at the picture"
    )
    moments.add_argument(
        "--workspace", type=Path, metavar="FOLDER", help="the workspace that keeps the analysis"
    )
    moments.set_defaults(run=_run_moments)


def region(text: str) -> Any:
    """A ``--region`` value, ``NAME:LEFT,TOP,RIGHT,BOTTOM`` (fractions), as a ``Region``."""
    from ..moments import Region

    name, _, box = text.rpartition(":")
    try:
        parts = tuple(float(part) for part in box.split(","))
    except ValueError:
        parts = ()
    if not name.strip() or len(parts) != 4:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a region: give NAME:LEFT,TOP,RIGHT,BOTTOM in fractions of the "
            "picture, e.g. Mum:0,0,0.6,1"
        )
    left, top, right, bottom = parts
    if not (0 <= left < right <= 1 and 0 <= top < bottom <= 1):
        raise argparse.ArgumentTypeError(
            f"'{text}': the box must lie inside the picture (0 to 1) with left before right "
            "and top above bottom"
        )
    return Region(name.strip(), (left, top, right, bottom))


def _run_moments(args: argparse.Namespace) -> int:
    from ..coding.scheme import load_scheme
    from ..moments import find_moments, save_moments

    names = [n.strip() for n in args.names.split(",")] if args.names else None
    if args.region and len(args.region) != 2:
        raise VigkitError(
            f"--region was given {len(args.region)} time(s): give it twice, once per person "
            "(or not at all for the left and right halves)"
        )
    table = find_moments(
        args.film,
        voices=args.voices,
        names=names,
        gap=args.gap,
        wait=args.wait,
        top=args.top,
        regions=args.region or None,
        movement=not args.no_movement,
        workspace=args.workspace,
    )
    for sentence in table.attrs["looked_at"]:
        print(sentence)
    if len(table):
        print()
        print(f"Where to look first in {args.film.name} (suggestions: you decide):")
        labels = {c.id: c.label for c in load_scheme().categories}
        columns = (table[c].tolist() for c in ("rank", "onset", "offset", "principle", "reason"))
        for rank, onset, offset, principle, reason in zip(*columns, strict=True):
            span = f"{format_time(onset, 1)}–{format_time(offset, 1)}"
            print(f"{rank:>3}. {span:>15}  {labels.get(principle, principle)}: {reason}")
    if args.csv is not None:
        save_moments(table, args.csv)
        print(f"wrote {len(table)} candidates to {args.csv}")
    return 0
