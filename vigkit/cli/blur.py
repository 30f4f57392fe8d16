"""``vigkit blur IN OUT``: a copy of a film (or of part of it) with every face blurred, for
sharing with a training group; ``--keep`` keeps chosen faces visible (the guider's own).
A thin face over :func:`vigkit.media.blur.blur_faces`, with a progress bar in the terminal.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from ..core.errors import MediaError
from ..core.timecode import format_time, parse_time
from .media import add_sharing_options, sharing
from .options import OUTPUT_RULE, film_time, output_file

_KEEP = re.compile(r"^\s*(?P<time>[^,]+?)\s*:\s*(?P<box>[^:]+)$")
KEEP_HELP = (
    "keep a face visible: the time of a still (seconds or m:ss.s) and a box around the face "
    "on it, left,top,width,height in the film's pixels (e.g. 0:12.5:400,120,160,200); "
    "the face is followed through the film; repeat for more faces"
)


def add_blur_command(commands: Any) -> None:
    """Register ``vigkit blur`` on the main parser's sub-parsers."""
    blur = commands.add_parser(
        "blur", help="a copy of a film with every face blurred (for sharing with a group)"
    )
    blur.add_argument("film", type=Path, metavar="IN", help="the film to blur")
    blur.add_argument(
        "out", type=output_file, metavar="OUT.mp4", help=f"the film to write; {OUTPUT_RULE}"
    )
    blur.add_argument("--start", type=film_time, metavar="TIME", help="blur from this time")
    blur.add_argument("--end", type=film_time, metavar="TIME", help="blur up to this time")
    blur.add_argument(
        "--keep", type=keep_face, action="append", default=[], metavar="TIME:X,Y,W,H",
        help=KEEP_HELP,
    )  # fmt: skip
    blur.add_argument(
        "--style", choices=("pixelate", "blur"), default="pixelate",
        help="large blocks (pixelate, the default) or the blocks smoothed (blur)",
    )  # fmt: skip
    add_sharing_options(blur, blur=False, use="training-group")
    blur.set_defaults(run=_run_blur)


def keep_face(text: str) -> Any:
    """A ``--keep`` value, ``TIME:X,Y,W,H``, as a ``KeepFace``."""
    from ..media.facetrack import KeepFace

    match = _KEEP.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a face to keep: give TIME:LEFT,TOP,WIDTH,HEIGHT, e.g. "
            "12.5:400,120,160,200"
        )
    try:
        time = parse_time(match["time"])
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}': {error}") from None
    parts = [part.strip() for part in match["box"].split(",")]
    try:
        box = tuple(float(part) for part in parts)
    except ValueError:
        box = ()
    if len(box) != 4:
        raise argparse.ArgumentTypeError(
            f"'{text}': the box is four numbers, left,top,width,height in pixels (e.g. "
            "400,120,160,200)"
        )
    try:
        return KeepFace(time, box)
    except MediaError as error:
        raise argparse.ArgumentTypeError(f"'{text}': {error}") from None


def _run_blur(args: argparse.Namespace) -> int:
    from ..media import Moment, probe
    from ..media.blur import blur_faces

    source: Path | Moment = args.film
    if args.start is not None or args.end is not None:
        end = args.end if args.end is not None else probe(args.film).duration
        source = Moment(args.film, args.start or 0.0, end)
    result = blur_faces(source, args.out, args.keep or None, style=args.style, **sharing(args))
    kept = f"; {result.faces_kept} kept visible" if result.faces_kept else ""
    length = result.frames / result.fps
    print(
        f"made {result.path}: {format_time(length)} ({result.frames} frames), faces blurred "
        f"on {result.frames_with_faces}{kept}"
    )
    return 0
