"""The ``vigkit`` command's entry point: the parser built from each command group's module,
and how errors end (exit 2 for bad input with one message, 1 for a fault in the kit).

Conditions a user causes but no reader foresaw (a full disk, a folder without permission, a
file gone, input nested too deeply or too big for memory) are caught here as a safety net and
also end as one message and exit 2. Tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path

from .._version import __version__
from ..core.errors import VigkitError
from .blur import add_blur_command
from .coding import add_coding_commands
from .cohort import add_cohort_commands
from .compare import add_compare_commands
from .consent import add_consent_commands
from .doctor import add_doctor_command
from .formats import add_format_commands
from .media import add_media_commands
from .moments import add_moments_command
from .options import VigkitParser
from .portfolio import add_portfolio_commands
from .practice import add_practice_commands
from .privacy import add_privacy_commands
from .sequences import add_sequences_command
from .stage import add_stage_commands

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a pipe closed early


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input, 1 a kit bug)."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the command's own parser, so the message names the command
        _command_parser(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            _warn_overdue(args)
            result: int = args.run(args)
            return result
    except VigkitError as error:
        if args.debug:
            traceback.print_exc()
        print(f"vigkit: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("vigkit: stopped; nothing half-made was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output stopped early (e.g. ``vigkit scheme | head``): not an
        # error to report; stop quietly, as other command-line tools do.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (OSError, RecursionError, MemoryError, OverflowError) as error:
        message = user_caused(error, args)
        if message is None:
            return _internal(error, args)
        if args.debug:
            traceback.print_exc()
        print(f"vigkit: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:
        return _internal(error, args)


def _warn_overdue(args: argparse.Namespace) -> None:
    """One line on stderr per film past its erase-by date (the register only: cheap)."""
    from ..privacy.retention import warn_overdue_once

    workspace = getattr(args, "workspace", None)
    warn_overdue_once(workspace if isinstance(workspace, (str, Path)) else None)


def _internal(error: BaseException, args: argparse.Namespace) -> int:
    """A fault in the kit itself: say so, and how to report it (exit 1)."""
    if args.debug:
        traceback.print_exc()
    print(
        f"vigkit: something went wrong inside the kit ({type(error).__name__}: {error}).\n"
        "Run the same command with --debug and report what it prints.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


#: What each user-caused system error means, and what to do about it.
_OS_ERRORS = {
    errno.ENOSPC: "the disk is full while writing {name}; free some space (or write to "
    "another disk) and run the command again",
    errno.EDQUOT: "your disk quota is used up while writing {name}; free some space and run "
    "the command again",
    errno.EFBIG: "{name} would be larger than this disk allows; write it to another disk",
    errno.EACCES: "permission denied for {name}; choose a file or folder you may use, or ask "
    "whoever manages this computer for access",
    errno.EPERM: "{name}: this is not allowed here (operation not permitted); choose another "
    "file or folder",
    errno.ENOENT: "{name}: there is no such file or folder; check the path (it may have "
    "been moved or deleted while the kit was working)",
    errno.EROFS: "{name} is on a disk that cannot be written (read-only); write to another folder",
    errno.EISDIR: "{name} is a folder, not a file; give a file's name",
    errno.ENOTDIR: "{name}: part of this path is a file, not a folder; check the path",
    errno.ENAMETOOLONG: "{name}: the name is too long for this disk; choose a shorter one",
    errno.ELOOP: "{name}: the path goes round in a circle of links; check the path",
    errno.EMFILE: "too many files are open while working on {name}; close other programs "
    "and run the command again",
}


def user_caused(error: BaseException, args: argparse.Namespace) -> str | None:
    """The plain message for an error the user's input or computer caused, or None for one
    that can only be a fault in the kit."""
    files = _files_named(args)
    if isinstance(error, RecursionError):
        return (
            f"{files}: the data is nested too deeply to read; this is not a file the kit "
            "writes or reads – check that it is the right file"
        )
    if isinstance(error, MemoryError):
        return (
            f"{files}: there is not enough memory to read or make this; check that it is "
            "the right file, or close other programs and try again"
        )
    if isinstance(error, OverflowError):
        return f"{files}: a number is too large to work with; check the numbers given"
    assert isinstance(error, OSError)
    template = _OS_ERRORS.get(error.errno or 0)
    if template is None:
        return None
    name = error.filename if error.filename is not None else _output_named(args, files)
    return template.format(name=name)


def _files_named(args: argparse.Namespace) -> str:
    """The files and folders the command was given, for messages that cannot say which."""
    paths = [str(value) for value in vars(args).values() if isinstance(value, Path)]
    for value in vars(args).values():
        if isinstance(value, list):
            paths += [str(item) for item in value if isinstance(item, Path)]
    return ", ".join(paths) or "the input"


def _output_named(args: argparse.Namespace, files: str) -> str:
    """The file being written (``out``), else every file the command was given."""
    out = getattr(args, "out", None)
    return str(out) if isinstance(out, Path) else files


def _command_parser(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the (sub-)command that ``args`` were parsed for."""
    while True:
        commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        chosen = getattr(args, commands[0].dest, None) if commands else None
        if not commands or chosen not in commands[0].choices:
            return parser
        parser = commands[0].choices[chosen]


def _parser() -> argparse.ArgumentParser:
    parser = VigkitParser(
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
    add_blur_command(commands)
    add_moments_command(commands)
    add_practice_commands(commands)
    add_portfolio_commands(commands)
    add_format_commands(commands)
    add_privacy_commands(commands)
    add_consent_commands(commands)
    add_cohort_commands(commands)
    add_sequences_command(commands)
    add_stage_commands(commands)
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
