"""A supervisor's group: load several trainees' codings of one film, see who needs help with
which principle, and export a summary to share.

The notebook ``07_supervisor.ipynb`` is a face over these calls::

    from vigkit import supervision

    group = supervision.load_group("examples/group", film="group-bridge-building",
                                   reference="S01")
    helped = supervision.help_table(group)        # who needs help with which principle
    print(helped.summary_text())                  # strengths first
    supervision.export_group_summary(helped)      # WORKSPACE/exports/FILM__group-summary.xlsx

A group's folder holds coding files (``.csv``, ``.tsv``, ``.jsonl`` or tagging journals
``.journal.jsonl``), any number of coders per file, the supervisor's among them. A
relative folder is looked for in the current folder, then the workspace, then the course
(so ``"examples/group"`` works from the notebooks). The reckoning itself is pure: the
counts in :mod:`vigkit.agreement.groupcodes`, the verdicts and words in
:mod:`vigkit.supervision.needs`.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..agreement.comparison import Level
from ..agreement.group import GroupComparison, compare_many
from ..coding.table import Coding
from ..coding.workspace import Workspace, default_workspace_path, workspace_folder
from ..core.atomic import atomic_path
from ..core.coursedir import course_root
from ..core.errors import VigkitError
from ..formats.spreadsheet import append_row, plain_table, style_header
from ..practice.exercises import read_coding
from ..views.figures import Picture
from .films import check_films_shown, film_for
from .groupagreement import agreement_table
from .needs import GroupHelp, help_table, trainee_comparison
from .verdicts import SYMBOLS, TINTS, VERDICT_RULE, VERDICTS

#: The file endings read as codings from a group's folder (journals end in .journal.jsonl).
CODING_SUFFIXES = (".csv", ".tsv", ".jsonl")
#: The exported summary's name in the workspace's exports: ``FILM__group-summary.xlsx``.
SUMMARY_NAME = "{clip}__group-summary.xlsx"
#: Characters an Excel cell (XML) cannot hold.
_SHEET_VALUE = str | int | float | None


# ------------------------------------------------------------------ loading a group
def find_folder(folder: str | Path, *, workspace: Workspace | str | Path | None = None) -> Path:
    """The group's folder: as given if absolute; a relative one is looked for in the
    current folder, then the workspace, then the course folder (for the examples)."""
    given = Path(folder).expanduser()
    if given.is_absolute():
        places = [given]
    else:
        places = [Path.cwd() / given, workspace_folder(workspace) / given]
        with contextlib.suppress(VigkitError):  # no course here: the other places count
            places.append(course_root() / given)
    for place in places:
        if place.is_dir():
            return place.resolve()
    if any(place.exists() for place in places):
        raise VigkitError(f"{folder} is a file; FOLDER must be the folder the codings are in")
    looked = "; ".join(str(place) for place in dict.fromkeys(places))
    raise VigkitError(
        f"cannot find the folder '{folder}' (looked in: {looked}); check the name in FOLDER, "
        "or give the folder's full path"
    )


def read_group(
    folder: str | Path,
    *,
    film: str | None = None,
    workspace: Workspace | str | Path | None = None,
) -> list[Coding]:
    """Every coding of ``film`` in ``folder`` (one per file; files of other films are
    left out). Without ``film`` the folder must hold codings of one film only."""
    where = find_folder(folder, workspace=workspace)
    files = sorted(
        path
        for path in where.iterdir()
        if path.is_file() and path.suffix.lower() in CODING_SUFFIXES
    )
    if not files:
        raise VigkitError(
            f"{where} has no codings in it: put each trainee's coding there as a .csv or "
            ".jsonl file (Tagger journals, ending .journal.jsonl, work too)"
        )
    codings = [read_coding(path) for path in files]
    clips = sorted({clip for coding in codings for clip in coding.clips})
    if film is None:
        if len(clips) != 1:
            raise VigkitError(
                f"the codings in {where} are of {len(clips)} films ({', '.join(clips) or 'none'}); "
                "set FILM to the one to look at"
            )
        film = clips[0]
    elif film not in clips:
        raise VigkitError(
            f"none of the codings in {where} is of the film '{film}'{_did_you_mean(film, clips)}; "
            f"they are of: {', '.join(clips) or 'no film (they are empty)'}"
        )
    chosen = [
        (path, coding.filter(clip=film))
        for path, coding in zip(files, codings, strict=True)
        if film in coding.clips
    ]
    _check_one_file_each(chosen)
    return [coding for _, coding in chosen]


def _check_one_file_each(codings: Sequence[tuple[Path, Coding]]) -> None:
    """A coder whose tags of the film are in two files (a coding exported twice) would be
    counted twice: name the files so one can be moved away."""
    files: dict[str, list[str]] = {}
    for path, coding in codings:
        for coder in coding.coders:
            files.setdefault(coder, []).append(path.name)
    twice = {coder: names for coder, names in files.items() if len(names) > 1}
    if twice:
        listed = "; ".join(f"{coder} in {', '.join(names)}" for coder, names in twice.items())
        raise VigkitError(
            f"some people's codings of this film are in more than one file ({listed}); keep "
            "one file per person in the folder"
        )


def load_group(
    folder: str | Path,
    *,
    film: str | None = None,
    reference: str | None = None,
    tolerance: float = 2.0,
    level: Level = "category",
    workspace: Workspace | str | Path | None = None,
    override: str | None = None,
) -> GroupComparison:
    """Read the group's codings of ``film`` from ``folder`` and compare everyone with
    everyone, and each trainee with ``reference`` (the supervisor's pseudonym), within
    ``tolerance`` seconds, at the level of the principles (``level="category"``) or of
    the behaviours. A film shown must be consented for ``supervision`` (or ``override``)."""
    codings = read_group(folder, film=film, workspace=workspace)
    clips = {film} if film else {c for coding in codings for c in coding.clips}
    check_films_shown(sorted(clips), workspace=workspace, override=override)
    coders = sorted({name for coding in codings for name in coding.coders})
    if reference is not None and reference not in coders:
        supervisors = {
            name for coding in codings for name in coding.filter(role="supervisor").coders
        }
        named = [f"{c} (supervisor)" if c in supervisors else c for c in coders]
        raise VigkitError(
            f"there is no coding by '{reference}' in this group; the coders are "
            f"{', '.join(named)}: set REFERENCE to the supervisor's pseudonym"
        )
    if len(coders) < 2:
        raise VigkitError(
            f"the folder holds the coding of only one coder ({', '.join(coders) or 'nobody'}); "
            "a group needs at least two"
        )
    return compare_many(codings, reference=reference, tolerance=tolerance, level=level)


def group_timeline(group: GroupComparison, *, width: float = 12.0) -> Picture:
    """Everyone's tags on one time line (:func:`vigkit.views.timeline_figure`: the
    reference on top, a lane per trainee), as a picture for the notebook with its title
    and counts as text."""
    from ..views.marks import timeline
    from ..views.timeline import timeline_figure

    drawn = timeline(group)
    return Picture(timeline_figure(group, width=width), f"{drawn.title}: {drawn.subtitle}.")


def group_summary(group: GroupComparison) -> str:
    """The group in words, strengths first (``help_table(group).summary_text()``), to read
    or paste into supervision notes."""
    return help_table(group).summary_text()


def _did_you_mean(wanted: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# ------------------------------------------------------------------ exporting
@dataclass(frozen=True)
class Saved:
    """A file the kit wrote: its ``path`` (also usable wherever a path is, ``os.fspath``),
    shown in a notebook as where it is, relative to the workspace when it is inside it."""

    path: Path
    shown: str
    what: str

    def __fspath__(self) -> str:
        return str(self.path)

    def __repr__(self) -> str:
        return f"Saved {self.what} as {self.shown}"

    def _repr_html_(self) -> str:
        return f"<p>Saved {html.escape(self.what)} as <code>{html.escape(self.shown)}</code></p>"


def export_group_summary(
    source: GroupHelp | GroupComparison,
    path: str | Path | None = None,
    *,
    workspace: Workspace | str | Path | None = None,
) -> Saved:
    """Write the group's summary as an Excel workbook, atomically (default: the
    workspace's ``exports/FILM__group-summary.xlsx``). Sheets: "Summary" (the text,
    strengths first), "Who needs help" (trainee × principle), "Details" (the counts behind
    each verdict), "Trainees" (totals and timing) and "Agreement" (the pairwise kappas and
    alpha, explained). Returns where it went (``.path``)."""
    helped = source if isinstance(source, GroupHelp) else help_table(source)
    where = workspace.root if isinstance(workspace, Workspace) else workspace
    if path is None:
        root = Workspace(where).root
        target = root / "exports" / SUMMARY_NAME.format(clip=helped.clip)
    else:
        target = Path(path).expanduser()
        if target.suffix.lower() != ".xlsx":
            raise VigkitError(f"{path}: the summary is an Excel workbook; name it ….xlsx")
        if not target.parent.is_dir():
            raise VigkitError(f"{target.parent} is not a folder; choose an existing folder")
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    _summary_sheet(workbook.create_sheet("Summary"), helped)
    _verdict_sheet(workbook.create_sheet("Who needs help"), helped)
    _details_sheet(workbook.create_sheet("Details"), helped)
    _trainees_sheet(workbook.create_sheet("Trainees"), helped)
    _agreement_sheet(workbook.create_sheet("Agreement"), helped)
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return Saved(target, _shown(target, where), f"the summary of {helped.clip}")


def _shown(path: Path, workspace: str | Path | None) -> str:
    """``exports/x.xlsx`` for a file in the workspace (no full path in a notebook), else
    the file's name."""
    root = Workspace(workspace).root if workspace is not None else default_workspace_path()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _summary_sheet(sheet: Worksheet, helped: GroupHelp) -> None:
    """The summary text, a line per row, with the rule behind the verdicts."""
    append_row(sheet, [f"Group summary: {helped.clip}, against {helped.reference}'s coding"])
    style_header(sheet, 1)
    for line in helped.summary_text().split("\n"):
        append_row(sheet, [line])
    sheet.append([])
    append_row(sheet, [f"Verdicts – {VERDICT_RULE}."])
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _verdict_sheet(sheet: Worksheet, helped: GroupHelp) -> None:
    """Trainee × principle, each cell its verdict in words (tinted too, never only)."""
    labels = [helped.scheme.label_of(p) for p in helped.principles]
    rows: list[list[_SHEET_VALUE]] = []
    for trainee in helped.trainees:
        row: list[_SHEET_VALUE] = [trainee]
        for principle in helped.principles:
            cell = helped.cell(trainee, principle)
            row.append(
                f"{SYMBOLS[cell.verdict]} {cell.verdict} ({cell.same} of {cell.of})"
                if cell.verdict
                else "– not in this film"
            )
        rows.append(row)
    plain_table(sheet, ["trainee", *labels], rows)
    for row_number, trainee in enumerate(helped.trainees, start=2):
        for column, principle in enumerate(helped.principles, start=2):
            wanted = helped.cell(trainee, principle).verdict
            if wanted is not None:
                sheet.cell(row_number, column).fill = PatternFill(
                    "solid", fgColor=TINTS[wanted].lstrip("#")
                )


def _details_sheet(sheet: Worksheet, helped: GroupHelp) -> None:
    """The counts behind each verdict, one row per trainee and principle."""
    label = helped.scheme.label_of
    header = [
        "trainee", "principle", "principle id", "supervisor's moments", "found",
        "named the same", "named differently", "named as", "extra tags",
        "share named the same", "verdict",
    ]  # fmt: skip
    rows: list[list[_SHEET_VALUE]] = [
        [
            c.trainee, label(c.principle), c.principle, c.of, c.found, c.same,
            c.named_differently, ", ".join(f"{label(p)} ({n})" for p, n in c.named_as), c.extra,
            _finite(c.share_same), c.verdict or "not in this film",
        ]
        for c in helped.cells
    ]  # fmt: skip
    plain_table(sheet, header, rows)
    _number_format(sheet, column=10, fmt="0%")


def _trainees_sheet(sheet: Worksheet, helped: GroupHelp) -> None:
    """Each trainee over the whole film, with how many principles got each verdict."""
    header = [
        "trainee", "supervisor's moments", "found", "named the same", "extra tags",
        "typical lateness (s)", "alignment kappa with the supervisor", "secure", "developing",
        "needs support",
    ]  # fmt: skip
    rows: list[list[_SHEET_VALUE]] = [
        [
            t.trainee, t.of, t.found, t.same, t.extra, _finite(t.typical_lateness),
            _finite(t.kappa),
            *[len(helped.principles_with(t.trainee, wanted)) for wanted in VERDICTS],
        ]
        for t in helped.totals
    ]  # fmt: skip
    plain_table(sheet, header, rows)
    _number_format(sheet, column=6, fmt="0.00")
    _number_format(sheet, column=7, fmt="0.00")


def _agreement_sheet(sheet: Worksheet, helped: GroupHelp) -> None:
    """The pairwise kappas with each coder's mean, then alpha and what each means."""
    agreement = agreement_table(helped.group)
    coders = list(agreement.coders)
    rows: list[list[_SHEET_VALUE]] = [
        [
            name,
            *[
                None if i == j else _finite(float(agreement.kappas[i, j]))
                for j in range(len(coders))
            ],
            _finite(float(agreement.means[i])),
        ]
        for i, name in enumerate(coders)
    ]
    plain_table(sheet, ["coder", *coders, "mean"], rows)
    for column in range(2, len(coders) + 3):
        _number_format(sheet, column=column, fmt="0.00")
    sheet.append([])
    sheet.append(["Krippendorff's alpha (whole group)", _finite(agreement.alpha)])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.cell(sheet.max_row, 2).number_format = "0.00"
    sheet.append([])
    for line in agreement.explanations():
        append_row(sheet, [line])


def _number_format(sheet: Worksheet, *, column: int, fmt: str) -> None:
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column).number_format = fmt


def _finite(value: float) -> float | None:
    """A number, or an empty cell for NaN."""
    return value if math.isfinite(value) else None


__all__ = [
    "Saved",
    "agreement_table",
    "export_group_summary",
    "film_for",
    "find_folder",
    "group_summary",
    "group_timeline",
    "help_table",
    "load_group",
    "read_group",
    "trainee_comparison",
]
