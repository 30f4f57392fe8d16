"""The media sub-commands of ``vigkit``: probe, proxy, cut, stills, contact-sheet, reel.

Each is a thin face over :mod:`vigkit.media`; errors are ``MediaError``s, which the main
command prints without a traceback (exit 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import VigkitError
from ..core.timecode import format_time, parse_time


def add_media_commands(commands: Any) -> None:
    """Register the media sub-commands on the main parser's sub-parsers."""
    probe = commands.add_parser("probe", help="what a film is, and whether browsers play it")
    probe.add_argument("film", type=Path, metavar="FILM")
    probe.set_defaults(run=_run_probe)

    proxy = commands.add_parser("proxy", help="make a browser-playable copy if one is needed")
    proxy.add_argument("film", type=Path, metavar="FILM")
    proxy.add_argument("out", type=Path, metavar="OUT.mp4")
    proxy.add_argument("--max-height", type=int, default=720, metavar="PIXELS")
    proxy.set_defaults(run=_run_proxy)

    cut = commands.add_parser("cut", help="cut a moment out of a film into a new file")
    cut.add_argument("film", type=Path, metavar="FILM")
    cut.add_argument("start", metavar="START", help="seconds or m:ss.s")
    cut.add_argument("end", metavar="END", help="seconds or m:ss.s")
    cut.add_argument("out", type=Path, metavar="OUT.mp4")
    cut.add_argument(
        "--fast", action="store_true", help="copy without re-encoding, from the keyframe before"
    )
    cut.set_defaults(run=_run_cut)

    stills = commands.add_parser("stills", help="freeze-frame stills (PNG) at given times")
    stills.add_argument("film", type=Path, metavar="FILM")
    stills.add_argument("times", nargs="+", metavar="TIME", help="seconds or m:ss.s")
    stills.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    stills.add_argument("--width", type=int, metavar="PIXELS")
    stills.set_defaults(run=_run_stills)

    sheet = commands.add_parser("contact-sheet", help="a PNG grid of stills with captions")
    sheet.add_argument("stills", nargs="+", type=Path, metavar="STILL")
    sheet.add_argument("--out", type=Path, required=True, metavar="SHEET.png")
    sheet.add_argument("--caption", action="append", metavar="TEXT", help="one per still")
    sheet.add_argument("--columns", type=int, default=4)
    sheet.add_argument("--title")
    sheet.set_defaults(run=_run_contact_sheet)

    reel = commands.add_parser("reel", help="a shared-review reel from a moments CSV")
    reel.add_argument(
        "moments", type=Path, metavar="MOMENTS.csv", help="columns: source,start,end,caption,code"
    )
    reel.add_argument("out", type=Path, metavar="OUT.mp4")
    reel.add_argument("--title")
    reel.add_argument("--hold-still", type=float, default=0.0, metavar="SECONDS")
    reel.set_defaults(run=_run_reel)


def _run_probe(args: argparse.Namespace) -> int:
    from ..media import probe

    info = probe(args.film)
    turned = f", turned {info.rotation}°" if info.rotation else ""
    sound = info.audio_codec or "no sound track"
    verdict = "plays in a browser as it is" if info.browser_playable else "needs a proxy"
    print(f"{info.path}")
    print(f"  length   {format_time(info.duration)} ({info.duration:.2f} s)")
    print(f"  picture  {info.width}x{info.height} at {info.fps:g} fps{turned}")
    print(f"  codecs   {info.video_codec} ({info.pixel_format}), {sound}")
    print(f"  file     {info.size_bytes / 1e6:.1f} MB, {info.container}")
    print(f"  browser  {verdict}")
    return 0


def _run_proxy(args: argparse.Namespace) -> int:
    from ..media.proxy import proxy

    made = proxy(args.film, args.out, max_height=args.max_height)
    if Path(made) == Path(args.film):
        print(f"{args.film} plays in a browser as it is: no proxy needed")
    else:
        print(f"made {made}")
    return 0


def _run_cut(args: argparse.Namespace) -> int:
    from ..media import Moment
    from ..media.cut import cut

    result = cut(Moment(args.film, args.start, args.end), args.out, exact=not args.fast)
    note = "" if result.exact else " (from the keyframe before: no re-encoding)"
    print(f"made {result.path}: {format_time(result.start)} to {format_time(result.end)}{note}")
    return 0


def _run_stills(args: argparse.Namespace) -> int:
    from ..media.stills import stills

    for path in stills(args.film, [_time(t) for t in args.times], args.out, width=args.width):
        print(path)
    return 0


def _run_contact_sheet(args: argparse.Namespace) -> int:
    from ..media.sheet import contact_sheet

    made = contact_sheet(
        args.stills, args.out, captions=args.caption, columns=args.columns, title=args.title
    )
    print(f"made {made}")
    return 0


def _run_reel(args: argparse.Namespace) -> int:
    from ..media.moment import read_moments
    from ..media.reel import reel

    moments = read_moments(args.moments)
    made = reel(moments, args.out, title=args.title, hold_still=args.hold_still)
    print(f"made {made} from {len(moments)} moments")
    return 0


def _time(text: str) -> float:
    try:
        return parse_time(text)
    except ValueError as error:
        raise VigkitError(str(error)) from None
