"""The ``vigkit import`` and ``vigkit export`` sub-commands: codings from and to ELAN,
BORIS, WebVTT, spreadsheets, GSEQ's SDIS and BORIS's behavioural strings, chosen by the
files' endings.

``vigkit import supervisor.eaf supervisor.csv --tier "Jo (supervisor)=S01"``,
``vigkit export T07.csv T07.eaf --media ../films/home-play.mp4`` and
``vigkit export T07.csv S01.csv group.sds`` (several codings in one file). What a format
cannot hold is said in plain sentences after the export. Errors are
``VigkitError``s, printed without a traceback (exit 2); nothing is written on an error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..coding.scheme import DEFAULT_SCHEME
from ..core.errors import VigkitError
from .common import add_source_options, check_input_file, duration_option, read_coding
from .options import OUTPUT_RULE, output_file

#: What ``import`` may write, and what ``export`` may read: the kit's own files.
NATIVE = ("csv", "jsonl")
FOREIGN = ("elan", "boris", "webvtt", "xlsx", "sdis", "strings")


def add_format_commands(commands: Any) -> None:
    """Register ``import`` and ``export`` on the main parser's sub-parsers."""
    importing = commands.add_parser(
        "import",
        help="turn an ELAN, BORIS, WebVTT, Excel or SDIS file into a coding (CSV or JSON Lines)",
    )
    importing.add_argument("source", type=Path, metavar="FILE", help=".eaf .boris .vtt .xlsx .sds")
    importing.add_argument(
        "out", type=output_file, metavar="OUT", help=f"the coding to write (.csv); {OUTPUT_RULE}"
    )
    importing.add_argument("--scheme", metavar="NAME|PATH", default=DEFAULT_SCHEME)
    importing.add_argument(
        "--codes", type=Path, metavar="MAP", help="a file mapping their code names to codes"
    )
    importing.add_argument(
        "--coder",
        metavar="PSEUDONYM",
        help="the coder's pseudonym, when the file does not say (BORIS: a 'coder' variable; "
        "WebVTT, SDIS: the kit's notes)",
    )
    importing.add_argument("--role", help="trainee, supervisor, … (default trainee)")
    importing.add_argument(
        "--clip",
        metavar="NAME",
        help="the clip's name (default: what the file says, or its film's name; WebVTT files "
        "not made by the kit need it; SDIS: each session's label)",
    )
    importing.add_argument(
        "--tiers-as", choices=("coders", "subjects"), help="ELAN: what a tier stands for"
    )
    importing.add_argument(
        "--tier",
        action="append",
        metavar="NAME=PSEUDONYM",
        help="ELAN: name a tier's coder (or subject); NAME= skips the tier; repeatable",
    )
    importing.add_argument("--observation", metavar="ID", help="BORIS: which observation")
    importing.add_argument("--sheet", help="Excel: which sheet (default: the coding sheet)")
    importing.add_argument(
        "--points", action="store_true", help="WebVTT: each caption is a moment at its start"
    )
    importing.add_argument("--duration", metavar="TIME", help="the clip's length (s or m:ss)")
    importing.set_defaults(run=_run_import)

    exporting = commands.add_parser(
        "export",
        help="write codings for ELAN, BORIS, a video player (WebVTT), Excel or GSEQ (SDIS)",
    )
    exporting.add_argument(
        "sources",
        type=Path,
        nargs="+",
        metavar="CODING",
        help="a coding (.csv, .jsonl), a journal, or another tool's file; several for one "
        ".sds, .strings.txt, .boris or .xlsx file",
    )
    exporting.add_argument(
        "out",
        type=output_file,
        metavar="OUT",
        help=f".eaf .boris .vtt .xlsx .sds .strings.txt; {OUTPUT_RULE}",
    )
    add_source_options(exporting)
    exporting.add_argument("--scheme", metavar="NAME|PATH")
    exporting.add_argument(
        "--media", type=Path, metavar="FILM", help="ELAN/BORIS: link the film (by relative path)"
    )
    exporting.add_argument(
        "--text",
        choices=("label", "code", "label+note"),
        help="WebVTT: what each caption says (default label)",
    )
    exporting.set_defaults(run=_run_export)


def _run_import(args: argparse.Namespace) -> int:
    from ..formats.dispatch import format_of, read_coding_file, write_coding_file

    check_input_file(args.source)
    if format_of(args.out) not in NATIVE:
        raise VigkitError(f"{args.out}: import writes a coding as .csv or .jsonl")
    if format_of(args.source) not in FOREIGN:
        raise VigkitError(
            f"{args.source}: this is already a coding file; check it with vigkit validate"
        )
    options: dict[str, Any] = {
        "codes": args.codes, "coder": args.coder, "role": args.role, "clip": args.clip,
        "tiers_as": args.tiers_as, "tiers": _tiers(args.tier), "observation": args.observation,
        "sheet": args.sheet, "duration": duration_option(args.duration),
        "points": True if args.points else None,
    }  # fmt: skip
    coding = read_coding_file(args.source, args.scheme, **options)
    written = write_coding_file(coding, args.out)
    print(
        f"{args.source} → {written}: {len(coding)} events, coders "
        f"{', '.join(coding.coders) or '-'}, clips {', '.join(coding.clips) or '-'}",
        file=sys.stderr,
    )
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from ..coding.table import Coding
    from ..formats.dispatch import MANY_CODINGS, export_coding_file, format_of

    fmt = format_of(args.out)
    if fmt not in FOREIGN:
        raise VigkitError(
            f"{args.out}: export writes .eaf, .boris, .boris.gz, .vtt, .xlsx, .sds or .strings.txt"
        )
    if len(args.sources) > 1 and fmt not in MANY_CODINGS:
        raise VigkitError(
            f"{args.out}: a {fmt} file holds one coding; export each coding on its own, or "
            "write several into one .sds, .strings.txt, .boris or .xlsx file"
        )
    codings = [
        read_coding(
            source,
            args.scheme,
            coder=args.coder,
            clip=args.clip,
            observation=args.observation,
            codes=args.codes,
        )
        for source in args.sources
    ]
    coding = codings[0] if len(codings) == 1 else Coding.concat(codings)
    exported = export_coding_file(coding, args.out, media=args.media, text=args.text)
    names = ", ".join(str(source) for source in args.sources)
    print(f"{names} → {exported.path}: {len(coding)} events", file=sys.stderr)
    if exported.lost:
        print(f"What {exported.path.name} does not hold:", file=sys.stderr)
        for sentence in exported.lost:
            print(f"  - {sentence}", file=sys.stderr)
    return 0


def _tiers(pairs: list[str] | None) -> dict[str, str] | None:
    """``NAME=PSEUDONYM`` options as a mapping."""
    if not pairs:
        return None
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise VigkitError(f"--tier {pair!r}: write it as NAME=PSEUDONYM (or NAME= to skip)")
        mapping[name.strip()] = value.strip()
    return mapping
