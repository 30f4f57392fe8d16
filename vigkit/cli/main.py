"""The ``vigkit`` command's entry point: the parser built from each command group's module,
and how errors end (exit 2 for bad input with one message, 1 for a fault in the kit).

Tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
import warnings
from collections.abc import Sequence

from .._version import __version__
from ..core.errors import VigkitError
from .coding import add_coding_commands
from .compare import add_compare_commands
from .doctor import add_doctor_command
from .formats import add_format_commands
from .media import add_media_commands
from .portfolio import add_portfolio_commands
from .practice import add_practice_commands

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

    add_coding_commands(commands)
    add_compare_commands(commands)
    add_doctor_command(commands)
    add_media_commands(commands)
    add_practice_commands(commands)
    add_portfolio_commands(commands)
    add_format_commands(commands)
    return parser


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
