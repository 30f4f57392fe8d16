"""The ``vigkit compare`` sub-command: a trainee's coding against a supervisor's, as
feedback and figures (``--json`` for every figure, ``--timeline``/``--confusion`` to save
the figures)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import read_coding

if TYPE_CHECKING:
    from ..agreement import Comparison


def add_compare_commands(commands: Any) -> None:
    """Register ``compare`` on the main parser's sub-parsers."""
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


def _run_compare(args: argparse.Namespace) -> int:
    """Feedback and statistics for a supervisor; ``--json`` for every figure."""
    import json
    import math

    from ..agreement import compare
    from ..views.figures import check_figure_path

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
    return 0


def _save_figures(result: Comparison, timeline: Path | None, confusion: Path | None) -> None:
    """Save the comparison's figures where asked."""
    from ..views import confusion_figure, save_figure, timeline_figure

    if timeline is not None:
        print(f"saved {save_figure(timeline_figure(result), timeline)}", file=sys.stderr)
    if confusion is not None:
        print(f"saved {save_figure(confusion_figure(result), confusion)}", file=sys.stderr)
