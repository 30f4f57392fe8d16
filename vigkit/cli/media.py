"""The media sub-commands of ``vigkit``: probe, proxy, cut, stills, contact-sheet, reel.

Each is a thin face over :mod:`vigkit.media`; errors are ``MediaError``s, which the main
command prints without a traceback (exit 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import MediaError, VigkitError
from ..core.timecode import format_time
from ..media.stills import MAX_WIDTH as MAX_STILL_WIDTH
from ..privacy.consent import USES
from .options import (
    OUTPUT_RULE,
    film_time,
    output_file,
    output_folder,
    seconds_at_least,
    whole_number,
)

if TYPE_CHECKING:
    from ..media import MediaInfo, Moment

#: The ``--help`` of a film or picture to write.
OUTPUT_HELP = f"the file to write; {OUTPUT_RULE}"
_MOMENT_COLUMNS = ("source", "start", "end", "caption", "code")


def add_sharing_options(parser: Any, *, blur: bool = True, use: str = "own-review") -> None:
    """``--use``, ``--override``, ``--blur-faces`` and ``--workspace``: what the output is
    for, checked against the film's consent (docs/privacy.md)."""
    parser.add_argument(
        "--use",
        choices=USES,
        default=use,
        help=f"what it is for, checked against the film's consent (default: {use})",
    )
    parser.add_argument(
        "--override", metavar="REASON", help="go ahead without consent for this use (logged)"
    )
    if blur:
        parser.add_argument("--blur-faces", action="store_true", help="blur every face")
    parser.add_argument(
        "--workspace", type=Path, metavar="FOLDER", help="the workspace with the consent register"
    )


def add_media_commands(commands: Any) -> None:
    """Register the media sub-commands on the main parser's sub-parsers."""
    probe = commands.add_parser("probe", help="what a film is, and whether browsers play it")
    probe.add_argument("film", type=Path, metavar="FILM")
    probe.set_defaults(run=_run_probe)

    proxy = commands.add_parser(
        "proxy",
        help="make a browser-playable copy if one is needed",
        description="Make a copy of FILM that browsers play (only if they cannot play FILM "
        "itself). Without OUT the copy is kept in the workspace, where the Player finds it: "
        "--quick (540p, fastest, to tag with soon) or the full copy (720p, the default).",
    )
    proxy.add_argument("film", type=Path, metavar="FILM")
    proxy.add_argument(
        "out", type=output_file, metavar="OUT.mp4", nargs="?", default=None,
        help=f"{OUTPUT_HELP} (default: kept in the workspace)",
    )  # fmt: skip
    proxy.add_argument("--max-height", type=whole_number(2, 4320), default=None, metavar="PIXELS")
    proxy.add_argument(
        "--quick", action="store_true", help="the quick copy: 540p, made fastest, for tagging"
    )
    proxy.add_argument(
        "--workspace", type=Path, metavar="FOLDER", help="the workspace that remembers the copy"
    )
    proxy.set_defaults(run=_run_proxy)

    cut = commands.add_parser("cut", help="cut a moment out of a film into a new file")
    cut.add_argument("film", type=Path, metavar="FILM")
    cut.add_argument("start", type=film_time, metavar="START", help="seconds or m:ss.s")
    cut.add_argument("end", type=film_time, metavar="END", help="seconds or m:ss.s")
    cut.add_argument("out", type=output_file, metavar="OUT.mp4", help=OUTPUT_HELP)
    cut.add_argument(
        "--fast", action="store_true", help="copy without re-encoding, from the keyframe before"
    )
    add_sharing_options(cut, blur=False)
    cut.set_defaults(run=_run_cut)

    stills = commands.add_parser("stills", help="freeze-frame stills (PNG) at given times")
    stills.add_argument("film", type=Path, metavar="FILM")
    stills.add_argument(
        "times", nargs="+", type=film_time, metavar="TIME", help="seconds or m:ss.s"
    )
    stills.add_argument(
        "--out",
        type=output_folder,
        required=True,
        metavar="FOLDER",
        help=f"the folder for the stills; {OUTPUT_RULE}",
    )
    stills.add_argument("--width", type=whole_number(2, MAX_STILL_WIDTH), metavar="PIXELS")
    add_sharing_options(stills)
    stills.set_defaults(run=_run_stills)

    sheet = commands.add_parser("contact-sheet", help="a PNG grid of stills with captions")
    sheet.add_argument("stills", nargs="+", type=Path, metavar="STILL")
    sheet.add_argument(
        "--out", type=output_file, required=True, metavar="SHEET.png", help=OUTPUT_HELP
    )
    sheet.add_argument("--caption", action="append", metavar="TEXT", help="one per still")
    sheet.add_argument("--columns", type=whole_number(1, 100), default=4)
    sheet.add_argument("--title")
    add_sharing_options(sheet)
    sheet.set_defaults(run=_run_contact_sheet)

    reel = commands.add_parser("reel", help="a shared-review reel from a moments CSV")
    reel.add_argument(
        "moments", type=Path, metavar="MOMENTS.csv", help="columns: source,start,end,caption,code"
    )
    reel.add_argument("out", type=output_file, metavar="OUT.mp4", help=OUTPUT_HELP)
    reel.add_argument("--title")
    reel.add_argument(
        "--hold-still",
        type=seconds_at_least(0, maximum=60),
        default=0.0,
        metavar="SECONDS",
        help="freeze each moment's last frame this long (0 to 60 s)",
    )
    add_sharing_options(reel)
    reel.set_defaults(run=_run_reel)


def _run_probe(args: argparse.Namespace) -> int:
    from ..media import probe
    from ..media.probe import variable_frame_rate

    info = probe(args.film)
    turned = f", turned {info.rotation}°" if info.rotation else ""
    varies = " (varies)" if variable_frame_rate(info) else ""
    sound = info.audio_codec or "no sound track"
    if info.audio_channels:
        sound += {1: ", mono", 2: ", stereo"}.get(
            info.audio_channels, f", {info.audio_channels} channels"
        )
    colours = f"HDR ({info.hdr_format}): made SDR in copies" if info.hdr else "SDR"
    verdict = "plays in a browser as it is" if info.browser_playable else "needs a proxy"
    print(f"{info.path}")
    print(f"  length   {format_time(info.duration)} ({info.duration:.2f} s)")
    print(f"  picture  {info.width}x{info.height} at {info.fps:g} fps{varies}{turned}, {colours}")
    print(f"  codecs   {info.video_codec} ({info.pixel_format}), {sound}")
    print(f"  file     {info.size_bytes / 1e6:.1f} MB, {info.container}")
    print(f"  browser  {verdict}")
    return 0


def _run_proxy(args: argparse.Namespace) -> int:
    from ..media.playable import SETTINGS, Quality, playable_copy
    from ..media.proxy import proxy

    quality: Quality = "quick" if args.quick else "full"
    if args.out is None and args.max_height is None:
        made = playable_copy(args.film, quality, workspace=args.workspace)
    else:
        if args.out is None:
            raise VigkitError(
                "--max-height needs OUT.mp4: the copies kept in the workspace have fixed sizes"
            )
        settings = SETTINGS[quality]
        made = proxy(
            args.film, args.out, max_height=args.max_height or settings.max_height,
            preset=settings.preset, crf=settings.crf, workspace=args.workspace,
        )  # fmt: skip
    if Path(made) == Path(args.film):
        print(f"{args.film} plays in a browser as it is: no proxy needed")
    else:
        print(f"made {made}")
    return 0


def _run_cut(args: argparse.Namespace) -> int:
    from ..media import Moment
    from ..media.cut import cut

    result = cut(
        Moment(args.film, args.start, args.end),
        args.out,
        exact=not args.fast,
        **sharing(args),
    )
    note = "" if result.exact else " (from the keyframe before: no re-encoding)"
    print(f"made {result.path}: {format_time(result.start)} to {format_time(result.end)}{note}")
    return 0


def _run_stills(args: argparse.Namespace) -> int:
    from ..media.stills import stills

    for path in stills(args.film, args.times, args.out, width=args.width, **sharing(args)):
        print(path)
    return 0


def _run_contact_sheet(args: argparse.Namespace) -> int:
    from ..media.sheet import contact_sheet

    made = contact_sheet(
        args.stills,
        args.out,
        captions=args.caption,
        columns=args.columns,
        title=args.title,
        **sharing(args),
    )
    print(f"made {made}")
    return 0


def _run_reel(args: argparse.Namespace) -> int:
    from ..media.moment import read_moments
    from ..media.reel import reel

    moments = read_moments(args.moments)
    _check_moments(args.moments, moments)
    made = reel(moments, args.out, title=args.title, hold_still=args.hold_still, **sharing(args))
    print(f"made {made} from {len(moments)} moments")
    return 0


def sharing(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of the sharing options given on the command line."""
    given = {"use": args.use, "override": args.override, "workspace": args.workspace}
    if hasattr(args, "blur_faces"):
        given["blur_faces"] = args.blur_faces
    return given


def _check_moments(csv_path: Path, moments: list[Moment]) -> None:
    """Check each moment against its film and the scheme before the reel is made, so that a
    problem names the moments file's row (the reel itself only knows the moment)."""
    from ..coding.rowfiles import parse_csv, read_text
    from ..coding.scheme import load_scheme
    from ..media import probe

    rows = [
        row for row, _ in parse_csv(read_text(csv_path), csv_path, ("source",), _MOMENT_COLUMNS)
    ]
    if len(rows) != len(moments):  # pragma: no cover - read_moments reads the same rows
        return
    scheme = load_scheme()
    infos: dict[Path, MediaInfo] = {}
    for row, moment in zip(rows, moments, strict=True):
        try:
            if moment.source not in infos:
                infos[moment.source] = probe(moment.source)
            moment.check_within(infos[moment.source])
        except MediaError as error:
            raise MediaError(f"moments file {csv_path}, row {row}: {error}") from None
        if moment.code is not None and moment.code not in scheme:
            hint = scheme.suggest(moment.code)
            maybe = f" (did you mean '{hint}'?)" if hint else ""
            raise MediaError(
                f"moments file {csv_path}, row {row}, column 'code': '{moment.code}' is not a "
                f"code of scheme '{scheme.id}'{maybe}"
            )
