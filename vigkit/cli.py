"""The ``vigkit`` command: look at schemes and check coding files from a terminal.

Bad input prints one clear message on stderr naming the file (and row) and exits 2;
tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__
from .cli_common import duration_option, read_coding
from .cli_formats import add_format_commands
from .cli_media import add_media_commands
from .cli_portfolio import add_portfolio_commands
from .cli_practice import add_practice_commands
from .errors import VigkitError
from .scheme import DEFAULT_SCHEME, Scheme, builtin_schemes, load_scheme
from .wording import counted
from .workspace import default_workspace_path

if TYPE_CHECKING:
    from .agreement import Comparison

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input, 1 a kit bug)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            result: int = args.run(args)
            return result
    except VigkitError as error:
        if args.debug:
            traceback.print_exc()
        print(f"vigkit: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        print(
            f"vigkit: something went wrong inside the kit ({type(error).__name__}: {error}).\n"
            "Run the same command with --debug and report what it prints.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vigkit",
        description="vigkit: Video Interaction Guidance and VERP training kit.",
    )
    parser.add_argument("--version", action="version", version=f"vigkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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

    validate = commands.add_parser("validate", help="check a coding file (.csv, .jsonl, journal)")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.add_argument("--scheme", metavar="NAME|PATH", help="scheme to check codes against")
    validate.add_argument(
        "--duration",
        metavar="SECONDS",
        help="the clip's length (seconds or m:ss); later times are errors",
    )
    validate.set_defaults(run=_run_validate)

    comparison = commands.add_parser(
        "compare", help="compare a trainee's coding with a supervisor's (feedback and figures)"
    )
    comparison.add_argument("coding", type=Path, metavar="TRAINEE")
    comparison.add_argument("reference", type=Path, metavar="SUPERVISOR")
    comparison.add_argument("--tolerance", type=float, default=2.0, metavar="SECONDS")
    comparison.add_argument("--level", choices=("category", "behaviour"), default="category")
    comparison.add_argument("--unit", type=float, default=1.0, metavar="SECONDS")
    comparison.add_argument("--scheme", metavar="NAME|PATH")
    comparison.add_argument("--json", action="store_true", help="every figure as JSON")
    comparison.add_argument(
        "--timeline", type=Path, metavar="FILE", help="save the time line figure (.png/.svg/.pdf)"
    )
    comparison.add_argument(
        "--confusion", type=Path, metavar="FILE", help="save the confusion heatmap (.png/.svg/.pdf)"
    )
    comparison.set_defaults(run=_run_compare)

    doctor = commands.add_parser("doctor", help="check that the kit is set up and can play films")
    doctor.set_defaults(run=_run_doctor)
    add_media_commands(commands)
    add_practice_commands(commands)
    add_portfolio_commands(commands)
    add_format_commands(commands)
    return parser


def _run_scheme(args: argparse.Namespace) -> int:
    print(format_scheme(load_scheme(args.scheme), long=args.long))
    return EXIT_OK


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
    coding = read_coding(path, args.scheme, duration_option(args.duration))
    points = int((coding.events["offset"] == coding.events["onset"]).sum())
    print(
        f"{path}: OK: {counted(len(coding), 'event')} ({counted(points, 'point')}, "
        f"{counted(len(coding) - points, 'interval')}), "
        f"clips {', '.join(coding.clips) or '-'}, coders {', '.join(coding.coders) or '-'}, "
        f"scheme {coding.scheme.id} {coding.scheme.version}"
    )
    return EXIT_OK


def _run_compare(args: argparse.Namespace) -> int:
    """Feedback and statistics for a supervisor; ``--json`` for every figure."""
    import json
    import math

    from .agreement import compare
    from .views.figures import check_figure_path

    for figure_path in (args.timeline, args.confusion):
        if figure_path is not None:
            check_figure_path(figure_path)  # before any work, so a typo costs nothing
    codings = [read_coding(path, args.scheme) for path in (args.coding, args.reference)]
    result = compare(
        codings[0], codings[1], tolerance=args.tolerance, level=args.level, unit=args.unit
    )
    if args.json:
        summary = {
            k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in result.summary().items()
        }
        print(json.dumps(summary, indent=2))
    else:
        print(result.feedback(detail="supervisor"))
    _save_figures(result, args.timeline, args.confusion)
    return EXIT_OK


def _save_figures(result: Comparison, timeline: Path | None, confusion: Path | None) -> None:
    """Save the comparison's figures where asked."""
    from .views import confusion_figure, save_figure, timeline_figure

    if timeline is not None:
        print(f"saved {save_figure(timeline_figure(result), timeline)}", file=sys.stderr)
    if confusion is not None:
        print(f"saved {save_figure(confusion_figure(result), confusion)}", file=sys.stderr)


def _run_doctor(args: argparse.Namespace) -> int:
    """Say where things are and check the bundled ffmpeg runs; exit 2 if it does not."""
    import platform
    import subprocess

    import imageio_ffmpeg

    print(f"vigkit {__version__} on Python {platform.python_version()}")
    print(f"your work is saved in: {default_workspace_path()}")
    try:
        ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
        version = subprocess.run(
            [ffmpeg, "-hide_banner", "-version"], capture_output=True, text=True, check=True
        ).stdout.split("\n", 1)[0]
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        raise VigkitError(
            f"the ffmpeg that comes with imageio-ffmpeg cannot run ({error}); "
            "reinstall with 'make lab' or 'pip install --force-reinstall imageio-ffmpeg'"
        ) from None
    print(f"ffmpeg: {version} ({ffmpeg})")
    print("OK: the kit is ready")
    return EXIT_OK


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    print(f"vigkit: note: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
