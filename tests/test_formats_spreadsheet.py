"""Excel workbooks: a coding as a sheet people can read (times in seconds and m:ss.s, a
styled frozen header, widths, the scheme) that reads back exactly; a comparison as six
sheets with every figure named plainly; people's own sheets with time-formatted cells as
Excel makes them; and broken workbooks refused with the file, sheet and row named."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from test_views_marks import SUPERVISOR, TRAINEE

from vigkit import Coding, VigkitWarning, compare, load_scheme
from vigkit.coding.events import COLUMNS, ROLES
from vigkit.formats import FormatError, read_xlsx, write_xlsx
from vigkit.formats.spreadsheet import FIGURE_NAMES

SCHEME = load_scheme()
BAD = Path(__file__).parent / "data" / "bad" / "formats" / "xlsx"
WAITING = "encouraging-initiatives.waiting"


def values(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def table(coding: Coding) -> list[tuple[Any, ...]]:
    return sorted(coding.events[list(COLUMNS)].itertuples(index=False, name=None))


# ----------------------------------------------------------------- a coding
def test_a_coding_sheet_has_times_for_people_and_for_machines(tmp_path: Path) -> None:
    path = write_xlsx(TRAINEE, tmp_path / "T07.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Coding", "Scheme"]
    sheet = workbook["Coding"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "id", "clip", "coder", "role", "code", "label", "subject", "onset", "onset (m:ss.s)",
        "offset", "offset (m:ss.s)", "note", "created", "answers", "scheme", "scheme_version",
    ]  # fmt: skip
    row = {name: cell.value for name, cell in zip(header, sheet[3], strict=True)}
    assert (row["code"], row["label"]) == ("being-attentive", "Being attentive")
    assert (row["onset"], row["onset (m:ss.s)"]) == (10.5, "0:10.5")
    assert (row["offset"], row["offset (m:ss.s)"]) == (13, "0:13.0")
    assert sheet["H3"].number_format == "0.000"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.auto_filter.ref == f"A1:P{len(TRAINEE) + 1}"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["D"].width >= 8
    scheme = list(workbook["Scheme"].iter_rows(values_only=True))
    assert scheme[:3] == [
        ("scheme", "attuned-interactions", *[None] * 4),
        ("version", "1.0", *[None] * 4),
        ("label", SCHEME.label, *[None] * 4),
    ]
    assert scheme[4] == ("code", "level", "key", "label", "description", "colour")
    assert [r[0] for r in scheme[5:]] == list(SCHEME.codes)


def test_our_sheet_reads_back_exactly(tmp_path: Path) -> None:
    back = read_xlsx(write_xlsx(TRAINEE, tmp_path / "T07.xlsx"))
    assert back == TRAINEE


texts = st.text(max_size=24)
names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    """Random codings with notes of any text: line breaks, carriage returns, control
    characters, Excel's own escapes (_x000D_), formulas (=SUM(...)), numbers as text."""
    special = st.sampled_from(["=SUM(A1:A3)", "_x000D_", "a\r\nb", "\x00\x1f", "007", " x "])
    events = []
    for _ in range(draw(st.integers(0, 10))):
        onset = draw(st.floats(0, 7200, allow_nan=False))
        events.append(
            {
                "id": draw(names | special),
                "clip": draw(names),
                "coder": draw(names),
                "role": draw(st.sampled_from(ROLES)),
                "code": draw(st.sampled_from(SCHEME.codes)),
                "subject": draw(texts.map(str.strip)),
                "onset": onset,
                "offset": draw(st.one_of(st.just(onset), st.floats(onset, 8000))),
                "note": draw(texts | special),
            }
        )
    unique = {str(event["id"]).strip(): event for event in events}
    return Coding(list(unique.values()))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(coding=codings())
def test_every_event_survives_a_round_trip_through_xlsx(tmp_path: Path, coding: Coding) -> None:
    back = read_xlsx(write_xlsx(coding, tmp_path / "random.xlsx"))
    assert len(back) == len(coding)
    for mine, theirs in zip(table(back), table(coding), strict=True):
        assert mine[:6] == theirs[:6] and mine[8:] == theirs[8:]  # text exactly
        # seconds are numbers with 16 significant digits (as openpyxl writes them): far
        # within a millisecond (a nanosecond for any film under eleven days)
        assert abs(mine[6] - theirs[6]) <= 1e-9 and abs(mine[7] - theirs[7]) <= 1e-9


def test_an_edit_to_only_the_time_people_read_is_not_lost_silently(tmp_path: Path) -> None:
    path = write_xlsx(TRAINEE, tmp_path / "T07.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Coding"]
    sheet["I4"] = sheet["K4"] = "0:35.0"  # someone moved row 4's moment in the text only
    workbook.save(path)
    with pytest.raises(FormatError) as caught:
        read_xlsx(path)
    assert [p.message for p in caught.value.problems] == [
        f"sheet 'Coding', row 4 ({name}): '{name}' is 0:30.400 but '{name} (m:ss.s)' says "
        f"0:35.000; correct one of them (or clear the '{name} (m:ss.s)' cell)"
        for name in ("onset", "offset")
    ]
    sheet["H4"] = sheet["J4"] = None  # clearing the seconds makes the text count
    workbook.save(path)
    assert read_xlsx(path).events["onset"].tolist() == [5.8, 10.5, 35.0, 40.0]


# ----------------------------------------------------------------- a person's own sheet
def test_a_sheet_typed_in_excel_with_time_cells(tmp_path: Path) -> None:
    """Times as Excel stores what people type: "1:02.5" becomes a time of day, "[h]:mm:ss"
    a duration, a number formatted as a time a fraction of a day; headers in any case and
    order, no id, no offset column, and a blank row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Tags"
    sheet.append(["Onset", "Code", "Coder", "Clip", "Note", "Scheme Version"])
    sheet.append([time(0, 1, 2, 500000), "Waiting", "T07", "home-play", "she looks up", "1.0"])
    sheet["A2"].number_format = "mm:ss.0"
    sheet.append([timedelta(hours=1, seconds=3.25), "guiding", "T07", "home-play", None, None])
    sheet["A3"].number_format = "[h]:mm:ss.00"
    sheet.append([])
    sheet.append([75.5 / 86400, "GUIDING", "T07", "home-play", 12, None])
    sheet["A5"].number_format = "mm:ss.000"
    sheet.append(["2:03.5", "being-attentive", 7, 2024, "", None])
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    coding = read_xlsx(path)  # the only sheet
    events = coding.events
    assert [(r.clip, r.coder, r.code, r.note) for r in events.itertuples()] == [
        ("2024", "7", "being-attentive", ""),  # numbers typed in text columns are text
        ("home-play", "T07", WAITING, "she looks up"),
        ("home-play", "T07", "guiding", "12"),
        ("home-play", "T07", "guiding", ""),
    ]
    for found, typed in zip(events["onset"], [123.5, 62.5, 75.5, 3603.25], strict=True):
        assert abs(found - typed) < 0.001  # Excel keeps times as fractions of a day
    assert events["offset"].equals(events["onset"])


def test_a_date_in_a_time_column_is_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Coding"
    sheet.append(["clip", "coder", "code", "onset"])
    sheet.append(["c", "T07", "guiding", datetime(2026, 3, 2, 10, 15)])
    path = tmp_path / "date.xlsx"
    workbook.save(path)
    with pytest.raises(FormatError, match=r"row 2 \(onset\): '2026-03-02 10:15' is not a time"):
        read_xlsx(path)


def test_rows_naming_another_scheme_or_version(tmp_path: Path) -> None:
    path = write_xlsx(TRAINEE, tmp_path / "T07.xlsx")
    workbook = load_workbook(path)
    workbook["Coding"]["P3"] = "0.9"
    workbook.save(path)
    with pytest.warns(VigkitWarning, match="coded with attuned-interactions version 0.9, 1.0"):
        read_xlsx(path)
    workbook["Coding"]["O5"] = "my-scheme"
    workbook.save(path)
    with pytest.raises(FormatError, match="row 5 \\(scheme\\): the coding was made with scheme"):
        read_xlsx(path)


def test_every_bad_row_is_named_with_its_sheet_and_row(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Coding"
    sheet.append(["id", "clip", "coder", "code", "onset", "offset"])
    sheet.append(["a", "c", "T07", "guiding", 5, 3])
    sheet.append(["a", "c", "T 07", "waitng", True, None])
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    with pytest.raises(FormatError) as caught:
        read_xlsx(path)
    assert [p.message for p in caught.value.problems] == [
        "sheet 'Coding', row 3 (id): the id 'a' is used twice (first in sheet 'Coding', row 2)",
        "sheet 'Coding', row 2 (offset): the offset 0:03.00 is before the onset 0:05.00",
        "sheet 'Coding', row 3 (coder): 'T 07' cannot be used as a coder id: use up to 64 "
        "letters, digits, '-', '_' or '.', starting with a letter or digit (coder ids are "
        "pseudonyms, e.g. T07, not names)",
        "sheet 'Coding', row 3 (code): unknown code 'waitng' in scheme 'attuned-interactions'; "
        "did you mean 'encouraging-initiatives.waiting'?",
        "sheet 'Coding', row 3 (onset): True is not a time",
    ]


# ----------------------------------------------------------------- a comparison
def test_a_comparison_workbook_names_every_figure(tmp_path: Path) -> None:
    comparison = compare(TRAINEE, SUPERVISOR)
    path = write_xlsx(comparison, tmp_path / "comparison.xlsx")
    assert load_workbook(path).sheetnames == [
        "Summary", "Matched", "Missed", "Extra", "Per code", "Confusion"
    ]  # fmt: skip
    summary = values(path, "Summary")
    assert summary[0] == ("figure", "value", "key")
    assert [row[2] for row in summary[1:]] == list(comparison.summary())  # every figure
    assert all(row[0] == FIGURE_NAMES[row[2]] for row in summary[1:])
    figures = {row[2]: row[1] for row in summary[1:]}
    assert figures["alignment_kappa"] == pytest.approx(comparison.alignment_kappa)
    assert figures["misses"] == 1 and figures["coder"] == "T07"
    matched = values(path, "Matched")
    assert matched[0][:6] == ("onset", "onset (m:ss.s)", "offset", "offset (m:ss.s)", "code",
                              "label")  # fmt: skip
    assert len(matched) - 1 == len(comparison.pairs())
    assert matched[1][:6] == (5.8, "0:05.8", 5.8, "0:05.8", "encouraging-initiatives",
                              "Encouraging initiatives")  # fmt: skip
    assert values(path, "Missed")[1] == (50, "0:50.0", 50, "0:50.0", "guiding", "Guiding")
    assert values(path, "Extra")[1] == (40, "0:40.0", 40, "0:40.0", "being-attentive",
                                        "Being attentive")  # fmt: skip
    per_code = values(path, "Per code")
    assert per_code[0][:3] == ("code", "label", "reference")
    receiving = next(row for row in per_code if row[0] == "receiving-initiatives")
    assert receiving[5] is None  # recall of a code the reference never used: empty, not NaN
    confusion = values(path, "Confusion")
    assert confusion[0][-1] == "reference: NIL (none)"
    assert confusion[-1][:2] == ("NIL", "none: no matching tag")
    counts = [row[2:] for row in confusion[1:]]
    assert sum(map(sum, counts)) == len(comparison.pairs()) + 2  # pairs, a miss, an extra
    with pytest.raises(FormatError, match="there is no sheet 'Coding'; the sheets are 'Summary'"):
        read_xlsx(path)
    assert not math.isnan(figures["alpha"])


def test_only_codings_and_comparisons_are_written(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="not DataFrame"):
        write_xlsx(TRAINEE.events, tmp_path / "frame.xlsx")  # type: ignore[arg-type]
    assert not (tmp_path / "frame.xlsx").exists()


# ----------------------------------------------------------------- broken workbooks
CASES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "not_a_zip.xlsx": ({}, ["this is not an Excel workbook", "a CSV file is read by its own"]),
    "password_protected.xlsx": ({}, ["an old Excel .xls file or a password-protected workbook"]),
    "truncated.xlsx": ({}, ["the workbook is damaged and cannot be opened", "cut short"]),
    "missing_columns.xlsx": (
        {},
        [
            "sheet 'Coding', cell C1: unknown column 'time'",
            "sheet 'Coding', row 1: the required column 'code' is missing",
            "sheet 'Coding', row 1: the required column 'onset' is missing",
        ],
    ),
    "bad_time.xlsx": ({}, ["sheet 'Coding', row 3 (onset): 'soon' is not a time"]),
    "no_coding_sheet.xlsx": ({}, ["there is no sheet 'Coding'; the sheets are 'Notes', 'Tags'"]),
}


def test_the_corpus_is_complete() -> None:
    assert sorted(CASES) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_workbook_is_refused_naming_the_file_and_the_place(name: str) -> None:
    options, fragments = CASES[name]
    with pytest.raises(FormatError) as caught:
        read_xlsx(BAD / name, **options)
    message = str(caught.value)
    assert message.startswith(f"file {BAD / name} has ")
    assert "nothing was loaded" in message
    for fragment in fragments:
        assert fragment in message, message


def test_a_missing_sheet_or_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no sheet 'Tag'; the sheets are 'Notes', 'Tags'"):
        read_xlsx(BAD / "no_coding_sheet.xlsx", sheet="Tag")
    assert len(read_xlsx(BAD / "no_coding_sheet.xlsx", sheet="tags")) == 0  # case as Excel
    with pytest.raises(FormatError, match="the file does not exist"):
        read_xlsx(tmp_path / "missing.xlsx")
