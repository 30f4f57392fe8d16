"""The ``vigkit portfolio`` sub-command: a practice record as a portfolio (HTML or PDF).

``vigkit portfolio WORKSPACE_OR_RECORD OUT [--pdf] [--include-stills] [--practitioner P]
[--targets FILE]``.
Errors are ``VigkitError``s, which the main command prints without a traceback (exit 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..coding.workspace import MARKER, Workspace
from ..core.errors import VigkitError
from .options import OUTPUT_RULE, output_file


def add_portfolio_commands(commands: Any) -> None:
    """Register ``portfolio`` on the main parser's sub-parsers."""
    portfolio = commands.add_parser(
        "portfolio", help="write a practice record as a portfolio for supervision (HTML or PDF)"
    )
    portfolio.add_argument(
        "source",
        type=Path,
        metavar="WORKSPACE_OR_RECORD",
        help="a workspace folder, or a .record.json file",
    )
    portfolio.add_argument(
        "out",
        type=output_file,
        metavar="OUT",
        help=f"the file to write (.html, .pdf); {OUTPUT_RULE}",
    )
    portfolio.add_argument(
        "--pdf", action="store_true", help="print a PDF with headless Chromium instead of HTML"
    )
    portfolio.add_argument(
        "--include-stills",
        action="store_true",
        help="embed stills of the chosen moments (only as your consent allows)",
    )
    portfolio.add_argument(
        "--practitioner", metavar="P", help="whose record, when the workspace has several"
    )
    portfolio.add_argument(
        "--targets",
        type=Path,
        metavar="FILE",
        help="your service's stage targets file, for a trainee's stages (default: AVIGuk's)",
    )
    portfolio.set_defaults(run=_run_portfolio)


def find_record(source: Path, practitioner: str | None = None) -> tuple[Path, Path | None]:
    """The record file and its workspace folder (None for a loose record file)."""
    from ..reflection.record import RECORD_SUFFIX

    if source.is_file():
        if not source.name.endswith(RECORD_SUFFIX):
            raise VigkitError(
                f"{source}: this is not a practice record (a PSEUDONYM{RECORD_SUFFIX} file) "
                "or a workspace folder"
            )
        folder = source.parent.parent
        return source, folder if (folder / MARKER).is_file() else None
    if not source.is_dir():
        raise VigkitError(f"{source}: there is no such workspace folder or record file")
    reflections = source / "reflections"
    found = sorted(reflections.glob(f"*{RECORD_SUFFIX}")) if reflections.is_dir() else []
    if not found:
        raise VigkitError(
            f"{source}: no practice record found (looked for reflections/*{RECORD_SUFFIX})"
        )
    names = [p.name[: -len(RECORD_SUFFIX)] for p in found]
    if practitioner is not None:
        if practitioner not in names:
            raise VigkitError(
                f"{source}: there is no record for '{practitioner}' (records: {', '.join(names)})"
            )
        return found[names.index(practitioner)], source
    if len(found) > 1:
        raise VigkitError(
            f"{source}: this workspace has records for {', '.join(names)}; choose one with "
            "--practitioner"
        )
    return found[0], source


def _run_portfolio(args: argparse.Namespace) -> int:
    from ..reflection import load_record
    from ..reflection.portfolio import export, stills_sentence

    path, folder = find_record(args.source, args.practitioner)
    record = load_record(path)
    if args.practitioner is not None and record.practitioner != args.practitioner:
        raise VigkitError(
            f"{path}: this record is for {record.practitioner}, not {args.practitioner}"
        )
    workspace = Workspace(folder) if folder is not None else None
    out = export(
        record,
        args.out,
        "pdf" if args.pdf else "html",
        workspace=workspace,
        include_stills=args.include_stills,
        targets=args.targets,
    )
    note = "with stills" if args.include_stills else stills_sentence(0)
    print(f"wrote {out} ({record.practitioner}, {len(record.cycles)} cycles; {note})")
    return 0
