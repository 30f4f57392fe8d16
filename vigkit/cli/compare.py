"""The ``vigkit compare`` sub-command: a trainee's coding against a supervisor's, as
feedback and figures (``--json`` for every figure, ``--timeline``/``--confusion`` to save
the figures)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import VigkitError
from ..formats.file_names import MissingName
from .common import add_source_options, check_input_file, names_itself, read_coding
from .options import OUTPUT_RULE, output_file, seconds_at_least

if TYPE_CHECKING:
    from ..agreement import Comparison
    from ..coding.table import Coding


def add_compare_commands(commands: Any) -> None:
    """Register ``compare`` on the main parser's sub-parsers."""
    comparison = commands.add_parser(
        "compare", help="compare a trainee's coding with a supervisor's (feedback and figures)"
    )
    comparison.add_argument("coding", type=Path, metavar="TRAINEE")
    comparison.add_argument("reference", type=Path, metavar="SUPERVISOR")
    comparison.add_argument(
        "--tolerance",
        type=seconds_at_least(0),
        default=2.0,
        metavar="SECONDS",
        help="how far apart two tags may be and still match (default 2)",
    )
    comparison.add_argument("--level", choices=("category", "behaviour"), default="category")
    comparison.add_argument(
        "--unit",
        type=seconds_at_least(0, more_than=True),
        default=1.0,
        metavar="SECONDS",
        help="the time unit of the time-unit kappa (default 1)",
    )
    comparison.add_argument("--scheme", metavar="NAME|PATH")
    comparison.add_argument("--json", action="store_true", help="every figure as JSON")
    comparison.add_argument(
        "--timeline",
        type=output_file,
        metavar="FILE",
        help=f"save the time line figure (.png/.svg/.pdf); {OUTPUT_RULE}",
    )
    comparison.add_argument(
        "--confusion",
        type=output_file,
        metavar="FILE",
        help=f"save the confusion heatmap (.png/.svg/.pdf); {OUTPUT_RULE}",
    )
    add_source_options(comparison, reference=True)
    comparison.set_defaults(run=_run_compare)


def _run_compare(args: argparse.Namespace) -> int:
    """Feedback and statistics for a supervisor; ``--json`` for every figure."""
    import json
    import math

    from ..agreement import compare
    from ..views.figures import check_figure_path

    for figure_path in (args.timeline, args.confusion):
        if figure_path is not None:
            check_figure_path(figure_path)  # before any work, so a typo costs nothing
    codings = read_pair(args)
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
    return 0


def read_pair(args: argparse.Namespace) -> list[Coding]:
    """The trainee's and the supervisor's codings; a file that does not say its clip (a
    WebVTT file) takes the other coding's clip when ``--clip`` is not given."""
    sides = [
        (args.coding, args.coder, args.observation, {}),
        (
            args.reference,
            args.reference_coder,
            args.reference_observation,
            {"coder": "--reference-coder"},
        ),
    ]
    for path, *_ in sides:
        check_input_file(path)
    foreign = [not names_itself(path) for path, *_ in sides]
    given = [f"--{name}" for name in ("clip", "codes") if getattr(args, name) is not None]
    if given and not any(foreign):
        raise VigkitError(
            f"{args.coding}, {args.reference}: {' and '.join(given)} does not apply: both "
            "files name the clip and code of each tag themselves"
        )
    clips = [args.clip if is_foreign else None for is_foreign in foreign]
    codes = [args.codes if is_foreign else None for is_foreign in foreign]
    codings: list[Coding | None] = [None, None]
    waiting: dict[int, MissingName] = {}
    for index, (path, coder, observation, options) in enumerate(sides):
        try:
            codings[index] = read_coding(
                path,
                args.scheme,
                coder=coder,
                clip=clips[index],
                observation=observation,
                codes=codes[index],
            )
        except MissingName as error:
            if "clip" not in error.names:
                raise error.for_options(options) from None
            waiting[index] = error
    for index, missing in waiting.items():
        path, coder, observation, options = sides[index]
        other = codings[1 - index]
        if other is None or len(other.clips) != 1:
            raise missing.for_options(options)
        try:  # the other coding's clip; what is still missing is then only the coder
            codings[index] = read_coding(
                path,
                args.scheme,
                coder=coder,
                clip=other.clips[0],
                observation=observation,
                codes=codes[index],
            )
        except MissingName as error:
            raise error.for_options(options) from None
    return [coding for coding in codings if coding is not None]


def _save_figures(result: Comparison, timeline: Path | None, confusion: Path | None) -> None:
    """Save the comparison's figures where asked."""
    from ..views import confusion_figure, save_figure, timeline_figure

    if timeline is not None:
        print(f"saved {save_figure(timeline_figure(result), timeline)}", file=sys.stderr)
    if confusion is not None:
        print(f"saved {save_figure(confusion_figure(result), confusion)}", file=sys.stderr)
