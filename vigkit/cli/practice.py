"""The practice-film and exercise sub-commands of ``vigkit``.

``vigkit practice build|render|check`` turn storyboards into practice films with their
reference codings; ``vigkit exercise list|check`` show the graded path and compare a
trainee's coding with an exercise's reference. Errors are ``VigkitError``s, which the
main command prints without a traceback (exit 2).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..core.coursedir import practice_dir, storyboards_dir
from ..core.errors import VigkitError
from ..core.progress import progress_bar
from ..core.timecode import format_time
from ..core.wording import counted
from .common import check_input_file
from .options import OUTPUT_RULE, output_folder

#: What rendering a storyboard with id ID writes: the film, its reference coding, a thumbnail.
RENDERED_SUFFIXES = (".mp4", ".reference.csv", ".jpg")


def add_practice_commands(commands: Any) -> None:
    """Register ``practice`` and ``exercise`` on the main parser's sub-parsers."""
    practice = commands.add_parser(
        "practice", help="make the practice films from their storyboards"
    )
    practice.set_defaults(run=_help(practice))
    steps = practice.add_subparsers(dest="practice_command", metavar="COMMAND")

    build = steps.add_parser(
        "build", help="render every storyboard of the course into media/practice/"
    )
    build.add_argument(
        "--if-missing",
        action="store_true",
        help="skip films whose .mp4, .reference.csv and .jpg are all there",
    )
    build.add_argument(
        "--only", action="append", metavar="ID", help="render only this storyboard (repeatable)"
    )
    build.set_defaults(run=_run_build)

    render = steps.add_parser("render", help="render one storyboard into a folder")
    render.add_argument("storyboard", type=Path, metavar="STORYBOARD.yaml")
    render.add_argument(
        "out",
        type=output_folder,
        metavar="OUT_DIR",
        help=f"the folder for the film, its reference coding and thumbnail; {OUTPUT_RULE}",
    )
    render.set_defaults(run=_run_render)

    check = steps.add_parser("check", help="check a storyboard without rendering it")
    check.add_argument("storyboard", type=Path, metavar="STORYBOARD.yaml")
    check.set_defaults(run=_run_check)

    exercise = commands.add_parser("exercise", help="the course's exercises: list them, check one")
    exercise.set_defaults(run=_help(exercise))
    actions = exercise.add_subparsers(dest="exercise_command", metavar="COMMAND")

    listing = actions.add_parser("list", help="the exercises in the order of the course")
    listing.set_defaults(run=_run_exercise_list)

    checking = actions.add_parser(
        "check", help="compare your coding with an exercise's reference: feedback, ready or not"
    )
    checking.add_argument("exercise", metavar="ID")
    checking.add_argument("coding", type=Path, metavar="CODING.csv")
    checking.add_argument("--json", action="store_true", help="the figures and verdict as JSON")
    checking.set_defaults(run=_run_exercise_check)


def _help(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """A command that, given no sub-command, shows its help."""

    def show(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show


# ---------------------------------------------------------------- practice films
def _run_build(args: argparse.Namespace) -> int:
    """Render the course's storyboards; one line per film. A broken storyboard is
    reported and the others are still built; then the command exits 2. A bar counts the
    films built (stderr), each film's own bar its frames."""
    source, out = storyboards_dir(), practice_dir()
    paths = sorted(source.glob("*.yaml"))
    if args.only:
        known = [p.stem for p in paths]
        for wanted in args.only:
            if wanted not in known:
                close = difflib.get_close_matches(wanted, known, n=1)
                maybe = f" (did you mean '{close[0]}'?)" if close else ""
                raise VigkitError(
                    f"there is no storyboard '{wanted}' in {source}{maybe}; the storyboards "
                    f"are: {', '.join(known) or 'none'}"
                )
        paths = [p for p in paths if p.stem in args.only]
    if not paths:
        print(f"no storyboards in {source}: nothing to render")
        return 0
    failed: list[str] = []
    with progress_bar(len(paths), "building the practice films", unit="film") as shown:
        for done, path in enumerate(paths, start=1):
            _build_one(args, path, out, failed)
            shown(done)
    if failed:
        raise VigkitError(
            f"{len(failed)} of {len(paths)} storyboards could not be rendered "
            f"({', '.join(failed)}); fix the problems above and run 'vigkit practice build "
            "--if-missing' again"
        )
    return 0


def _build_one(args: argparse.Namespace, path: Path, out: Path, failed: list[str]) -> None:
    """Render one storyboard of the build (unless ``--if-missing`` finds it made) and say
    so; a broken one is reported and its name added to ``failed``."""
    from ..practice.render import render
    from ..practice.storyboard import load_storyboard

    if args.if_missing and _rendered(out, path.stem):
        _say(f"{path.stem}: already rendered, skipped")
        return
    try:
        board = load_storyboard(path)
        if args.if_missing and board.id != path.stem and _rendered(out, board.id):
            _say(f"{board.id}: already rendered, skipped")
            return
        started = time.perf_counter()
        film = render(board, out)
        took = time.perf_counter() - started
    except VigkitError as error:
        _say(f"vigkit: {error}", sys.stderr)
        failed.append(path.name)
        return
    size = Path(film.video).stat().st_size
    _say(
        f"{board.id}: {format_time(board.duration, 0)} film, {size / 1e6:.1f} MB, "
        f"rendered in {took:.1f} s -> {film.video}"
    )


def _say(line: str, stream: TextIO | None = None) -> None:
    """Print ``line`` (on stdout unless told), moving a progress bar in the terminal out
    of its way first; what is printed is the same as ``print`` prints."""
    from tqdm import tqdm

    tqdm.write(line, file=stream or sys.stdout)


def _rendered(folder: Path, film: str) -> bool:
    """Whether a film's video, reference coding and thumbnail are all in ``folder``."""
    return all((folder / f"{film}{suffix}").is_file() for suffix in RENDERED_SUFFIXES)


def _run_render(args: argparse.Namespace) -> int:
    from ..practice.render import render
    from ..practice.storyboard import load_storyboard

    board = load_storyboard(args.storyboard)
    started = time.perf_counter()
    film = render(board, args.out)
    took = time.perf_counter() - started
    size = Path(film.video).stat().st_size
    print(
        f"made {film.video} ({format_time(board.duration, 0)}, {size / 1e6:.1f} MB, "
        f"in {took:.1f} s)"
    )
    print(f"made {film.reference}")
    print(f"made {film.thumbnail}")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from ..practice.storyboard import load_storyboard

    board = load_storyboard(args.storyboard)
    print(
        f"{args.storyboard}: OK: {board.id}, {format_time(board.duration, 0)}, "
        f"{counted(len(board.participants), 'person', 'people')}, "
        f"{counted(len(board.beats), 'beat')}, {counted(len(board.codes), 'reference code')}"
    )
    return 0


# ---------------------------------------------------------------- exercises
def _run_exercise_list(args: argparse.Namespace) -> int:
    from ..core.coursedir import exercises_dir
    from ..practice import exercises

    found = exercises.list()
    if not found:
        print(f"no exercises in {exercises_dir()} yet")
        return 0
    width = max(len(e.id) for e in found)
    print(f"{'order':>5}  {'id':<{width}}  title")
    unbuilt = False
    for exercise in found:
        mark = "" if exercise.video.is_file() else "  (film not rendered yet)"
        unbuilt = unbuilt or bool(mark)
        print(f"{exercise.order:>5}  {exercise.id:<{width}}  {exercise.title}{mark}")
    if unbuilt:
        print("\nRun 'vigkit practice build --if-missing' (or 'make lab') to render the films.")
    return 0


def _run_exercise_check(args: argparse.Namespace) -> int:
    from ..practice import exercises

    check_input_file(args.coding)
    exercise = exercises.load(args.exercise)
    result = exercise.check(args.coding)
    if args.json:
        print(json.dumps(result.summary(), indent=2, default=_plain))
    else:
        print(result.feedback())
    return 0


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers, for JSON."""
    return value.item() if hasattr(value, "item") else str(value)
