"""The ``vigkit scheme`` and ``vigkit validate`` sub-commands: look at a coding scheme and
check a coding file (CSV, JSON Lines, a tagging journal or another tool's file)."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from ..coding.scheme import DEFAULT_SCHEME, Scheme, builtin_schemes, load_scheme
from ..core.wording import counted
from .common import add_source_options, duration_option, read_coding


def add_coding_commands(commands: Any) -> None:
    """Register ``scheme`` and ``validate`` on the main parser's sub-parsers."""
    scheme = commands.add_parser("scheme", help="print a coding scheme as a table")
    scheme.add_argument(
        "scheme",
        nargs="?",
        default=DEFAULT_SCHEME,
        metavar="NAME|PATH",
        help=f"built-in name ({', '.join(builtin_schemes())}) or a .yaml file",
    )
    scheme.add_argument("--long", action="store_true", help="show each code's description")
    scheme.set_defaults(run=_run_scheme)

    validate = commands.add_parser(
        "validate", help="check a coding file (.csv, .jsonl, journal, or another tool's file)"
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.add_argument("--scheme", metavar="NAME|PATH", help="scheme to check codes against")
    validate.add_argument(
        "--duration",
        metavar="SECONDS",
        help="the clip's length (seconds or m:ss); later times are errors",
    )
    add_source_options(validate)
    validate.set_defaults(run=_run_validate)


def _run_scheme(args: argparse.Namespace) -> int:
    print(format_scheme(load_scheme(args.scheme), long=args.long))
    return 0


def format_scheme(scheme: Scheme, long: bool = False) -> str:
    """A scheme as a plain-text table: one row per code, with keys and labels."""
    width = max(len(code) for code in scheme.codes)
    lines = [
        f"{scheme.label}",
        f"id {scheme.id}, version {scheme.version}: {len(scheme.categories)} categories, "
        f"{len(scheme.behaviours)} behaviours",
        "",
        f"{'key':<4} {'code':<{width}}  label",
    ]
    for category in scheme.categories:
        lines.append(f"{category.key:<4} {category.id:<{width}}  {category.label.upper()}")
        if long and category.description:
            lines += _wrapped(category.description)
        for behaviour in category.behaviours:
            lines.append(f"{'':<4} {behaviour.id:<{width}}  {behaviour.label}")
            if long and behaviour.description:
                lines += _wrapped(behaviour.description)
    if scheme.source:
        lines += ["", *textwrap.wrap(f"Source: {scheme.source}", 100)]
    return "\n".join(lines)


def _wrapped(text: str) -> list[str]:
    """A description under its code: indented past the key column, wrapped at 100."""
    indent = " " * 7
    return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent=indent)


def _run_validate(args: argparse.Namespace) -> int:
    path: Path = args.file
    coding = read_coding(
        path,
        args.scheme,
        duration_option(args.duration),
        coder=args.coder,
        clip=args.clip,
        observation=args.observation,
        codes=args.codes,
    )
    points = int((coding.events["offset"] == coding.events["onset"]).sum())
    print(
        f"{path}: OK: {counted(len(coding), 'event')} ({counted(points, 'point')}, "
        f"{counted(len(coding) - points, 'interval')}), "
        f"clips {', '.join(coding.clips) or '-'}, coders {', '.join(coding.coders) or '-'}, "
        f"scheme {coding.scheme.id} {coding.scheme.version}"
    )
    return 0
