"""Codings: building, reading, checking, writing and combining tables of tagged events."""

from __future__ import annotations

import csv
import re
import uuid
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit import Coding, CodingError, VigkitWarning, load_scheme
from vigkit.coding.events import COLUMNS, ROLES

SCHEME = load_scheme()
HEADER = "id,clip,coder,role,code,subject,onset,offset,note,created,answers,scheme,scheme_version"
CREATED_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

CUSTOM_YAML = """\
id: custom
version: "3"
label: Custom
categories:
  - id: noticing
    label: Noticing
    colour: "#000000"
    key: n
    behaviours:
      - id: looking
        label: Looking
"""


def event(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"clip": "C1", "coder": "T01", "code": "guiding", "onset": 5}
    base.update(values)
    return base


def write(tmp_path: Path, text: str | bytes, name: str = "coding.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def custom_scheme(tmp_path: Path) -> Path:
    return write(tmp_path, CUSTOM_YAML, "custom.yaml")


def messages(error: CodingError) -> list[str]:
    return [p.describe(error.unit) for p in error.problems]


def assert_problem(error: CodingError, where: str, *fragments: str) -> None:
    """``where`` is e.g. "row 3, column 'onset'"; the problem must start with it."""
    found = [m for m in messages(error) if m.startswith(where + ":")]
    assert any(all(f in m for f in fragments) for m in found), (
        f"no problem at {where!r} with {fragments} in:\n{error}"
    )


# ------------------------------------------------------------------ building


def test_defaults_are_filled() -> None:
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    coding = Coding([event()])
    after = datetime.now(timezone.utc) + timedelta(seconds=1)
    (record,) = coding.to_records()
    assert list(record) == list(COLUMNS)
    assert uuid.UUID(record["id"]).version == 4
    assert CREATED_RE.match(record["created"])
    created = datetime.fromisoformat(record["created"].replace("Z", "+00:00"))
    assert before <= created <= after
    assert record["role"] == "trainee"
    assert record["onset"] == 5.0
    assert record["offset"] == 5.0
    assert record["subject"] == ""
    assert record["note"] == ""
    assert coding.scheme is SCHEME
    assert coding.scheme_id == "attuned-interactions"
    assert coding.scheme_version == "1.0"
    assert len(coding) == 1


def test_ids_are_unique_when_filled() -> None:
    coding = Coding([event(onset=i) for i in range(20)])
    assert coding.events["id"].is_unique


def test_given_values_are_kept_and_normalised() -> None:
    coding = Coding(
        [
            event(
                id=" e1 ",
                role="Supervisor",
                code="Being attentive",
                subject=" child ",
                onset="1:02.5",
                offset="1:05",
                note="  keeps its spaces ",
                created="2026-03-01T11:15:00+01:00",
            )
        ]
    )
    (record,) = coding.to_records()
    assert record == {
        "id": "e1",
        "clip": "C1",
        "coder": "T01",
        "role": "supervisor",
        "code": "being-attentive",
        "subject": "child",
        "onset": 62.5,
        "offset": 65.0,
        "note": "  keeps its spaces ",
        "created": "2026-03-01T10:15:00.000Z",
        "answers": "",
    }


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("guiding", "guiding"),
        ("GUIDING", "guiding"),
        ("Guiding", "guiding"),
        ("Waiting", "encouraging-initiatives.waiting"),
        ("listening actively", "encouraging-initiatives.listening-actively"),
        ("Guiding.Scaffolding", "guiding.scaffolding"),
    ],
)
def test_codes_given_as_labels_are_stored_as_ids(given: str, stored: str) -> None:
    assert Coding([event(code=given)]).events["code"][0] == stored


@pytest.mark.parametrize(
    ("created", "stored"),
    [
        ("2026-03-01T10:15:00Z", "2026-03-01T10:15:00.000Z"),
        ("2026-03-01T10:15:00.123456z", "2026-03-01T10:15:00.123Z"),
        ("2026-03-01 10:15:00", "2026-03-01T10:15:00.000Z"),
        (datetime(2026, 3, 1, 10, 15), "2026-03-01T10:15:00.000Z"),
        (
            datetime(2026, 3, 1, 10, 15, tzinfo=timezone(timedelta(hours=-5))),
            "2026-03-01T15:15:00.000Z",
        ),
    ],
)
def test_created_is_stored_as_utc_iso(created: Any, stored: str) -> None:
    assert Coding([event(created=created)]).events["created"][0] == stored


def test_events_are_sorted() -> None:
    coding = Coding(
        [
            event(clip="B", onset=1, id="a"),
            event(clip="A", coder="T02", onset=9, id="b"),
            event(clip="A", coder="T01", onset=7, id="c"),
            event(clip="A", coder="T01", onset=3, id="d"),
        ]
    )
    assert list(coding.events["id"]) == ["d", "c", "b", "a"]


def test_from_dataframe() -> None:
    frame = pd.DataFrame(
        {
            "clip": ["C1", "C2"],
            "coder": ["T01", "T01"],
            "code": ["guiding", "Waiting"],
            "onset": [1, 2.5],
        }
    )
    coding = Coding(frame)
    assert list(coding.events["code"]) == ["guiding", "encouraging-initiatives.waiting"]
    assert list(coding.events["onset"]) == [1.0, 2.5]
    assert coding.events["onset"].dtype == np.float64
    assert list(coding.events["offset"]) == [1.0, 2.5]


def test_dataframe_nan_in_optional_columns_means_empty() -> None:
    frame = pd.DataFrame(
        {
            "clip": ["C1", "C1"],
            "coder": ["T01", "T01"],
            "code": ["guiding", "guiding"],
            "onset": [1.0, 2.0],
            "offset": [np.nan, 3.0],
            "subject": [np.nan, "child"],
            "note": [None, np.nan],
            "role": [np.nan, "peer"],
            "id": [np.nan, "x2"],
            "created": [np.nan, "2026-01-01T00:00:00Z"],
        }
    )
    first, second = Coding(frame).to_records()
    assert first["offset"] == 1.0
    assert first["subject"] == ""
    assert first["note"] == ""
    assert first["role"] == "trainee"
    assert uuid.UUID(first["id"])
    assert CREATED_RE.match(first["created"])
    assert second["offset"] == 3.0
    assert second["subject"] == "child"
    assert second["note"] == ""
    assert second["role"] == "peer"


def test_dataframe_nan_in_required_column_is_an_error() -> None:
    frame = pd.DataFrame(
        {"clip": ["C1", "C1"], "coder": ["T01", "T01"], "code": ["guiding"] * 2, "onset": [1, None]}
    )
    with pytest.raises(CodingError) as info:
        Coding(frame)
    assert_problem(info.value, "row 2, column 'onset'", "missing")


# ------------------------------------------------------------------ reading CSV

CSV_TEXT = (
    "clip,coder,role,code,subject,onset,offset,note\n"
    "C1,T01,trainee,guiding,adult,1:02.5,,first\n"
    'C1,T01,trainee,Waiting,child,70,75.25,"a note, with a comma"\n'
)


def check_csv_coding(coding: Coding) -> None:
    records = coding.to_records()
    assert [r["code"] for r in records] == ["guiding", "encouraging-initiatives.waiting"]
    assert [r["onset"] for r in records] == [62.5, 70.0]
    assert [r["offset"] for r in records] == [62.5, 75.25]
    assert [r["subject"] for r in records] == ["adult", "child"]
    assert [r["note"] for r in records] == ["first", "a note, with a comma"]


def test_read_csv(tmp_path: Path) -> None:
    check_csv_coding(Coding.read_csv(write(tmp_path, CSV_TEXT)))


def test_read_csv_semicolons(tmp_path: Path) -> None:
    text = (
        "clip;coder;role;code;subject;onset;offset;note\n"
        "C1;T01;trainee;guiding;adult;1:02.5;;first\n"
        "C1;T01;trainee;Waiting;child;70;75.25;a note, with a comma\n"
    )
    check_csv_coding(Coding.read_csv(write(tmp_path, text)))


def test_read_csv_tabs(tmp_path: Path) -> None:
    text = CSV_TEXT.replace(",", "\t").replace("a note\t with a comma", "a note, with a comma")
    check_csv_coding(Coding.read(write(tmp_path, text, "coding.tsv")))


def test_read_csv_bom_and_windows_line_endings(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + CSV_TEXT.replace("\n", "\r\n").encode("utf-8")
    coding = Coding.read_csv(write(tmp_path, data))
    check_csv_coding(coding)
    assert not any("\r" in r["note"] for r in coding.to_records())


def test_read_csv_blank_trailing_rows(tmp_path: Path) -> None:
    text = CSV_TEXT + ",,,,,,,\n,,,,,,,\n\n   \n,,,,\n"
    check_csv_coding(Coding.read_csv(write(tmp_path, text)))


def test_read_csv_extra_empty_cells_are_ignored(tmp_path: Path) -> None:
    text = "clip,coder,code,onset\nC1,T01,guiding,1,,\n"
    assert len(Coding.read_csv(write(tmp_path, text))) == 1


def test_read_csv_quoted_notes_with_commas_quotes_and_newlines(tmp_path: Path) -> None:
    text = (
        "clip,coder,code,onset,note\n"
        'C1,T01,guiding,1,"line one, still\nline two ""quoted"""\n'
        'C1,T01,guiding,2,"multi\r\nline"\n'
        "C1,T01,guiding,3,plain é ✓\n"
    )
    notes = [r["note"] for r in Coding.read_csv(write(tmp_path, text)).to_records()]
    assert notes == ['line one, still\nline two "quoted"', "multi\r\nline", "plain é ✓"]


def test_read_csv_header_is_forgiving_about_case_and_spaces(tmp_path: Path) -> None:
    text = " Clip , CODER ,Code,Onset\nC1,T01,guiding,1\n"
    assert len(Coding.read_csv(write(tmp_path, text))) == 1


def test_read_csv_column_problems(tmp_path: Path) -> None:
    text = "clip,coder,cod,onset,onset\nC1,T01,guiding,1,2\n"
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text))
    assert_problem(info.value, "row 1", "unknown column 'cod'", "did you mean 'code'")
    assert_problem(info.value, "row 1", "'onset' appears twice")
    assert_problem(info.value, "row 1", "required column 'code' is missing")
    assert str(tmp_path / "coding.csv") in str(info.value)


def test_read_csv_empty_file(tmp_path: Path) -> None:
    with pytest.raises(CodingError, match="empty"):
        Coding.read_csv(write(tmp_path, ""))


def test_read_csv_wrong_number_of_cells(tmp_path: Path) -> None:
    text = "clip,coder,code,onset\nC1,T01,guiding\nC1,T01,guiding,1\nC1,T01,guiding,1,x\n"
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text))
    assert_problem(info.value, "row 2", "has 3 cells but the header has 4")
    assert_problem(info.value, "row 4", "has 5 cells but the header has 4")
    assert len(info.value.problems) == 2


def test_read_csv_not_utf8(tmp_path: Path) -> None:
    data = b"clip,coder,code,onset,note\nC1,T01,guiding,1,ok\nC1,T01,guiding,2,caf"
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, data + b"\xe9\n"))
    assert_problem(info.value, "line 3", "not UTF-8")
    assert "UTF-8" in info.value.hint


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodingError, match="does not exist"):
        Coding.read_csv(tmp_path / "nope.csv")


# ------------------------------------------------------------------ reading JSONL


def test_read_jsonl(tmp_path: Path) -> None:
    text = (
        '{"clip": "C1", "coder": "T01", "code": "guiding", "onset": "1:02.5", "subject": "adult",'
        ' "note": "first"}\n'
        "\n"
        '{"clip": "C1", "coder": "T01", "code": "Waiting", "onset": 70, "offset": 75.25,'
        ' "subject": "child", "note": "a note, with a comma", "role": null}\n'
    )
    check_csv_coding(Coding.read_jsonl(write(tmp_path, text, "c.jsonl")))


def test_read_jsonl_bom_and_windows_line_endings(tmp_path: Path) -> None:
    text = (
        '{"clip": "C1", "coder": "T01", "code": "guiding", "onset": 1, "note": "é"}\r\n'
        "\r\n"
        '{"clip": "C1", "coder": "T01", "code": "guidng", "onset": 2}\r\n'
    )
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"), "c.jsonl")
    with pytest.raises(CodingError) as info:
        Coding.read_jsonl(path)
    assert_problem(info.value, "line 3, column 'code'", "did you mean 'guiding'")
    path.write_bytes(path.read_bytes().replace(b"guidng", b"guiding"))
    coding = Coding.read_jsonl(path)
    assert [r["note"] for r in coding.to_records()] == ["é", ""]


def test_read_jsonl_problems_name_lines(tmp_path: Path) -> None:
    text = (
        '{"clip": "C1", "coder": "T01", "code": "guiding", "onset": 1}\n'
        "not json\n"
        "[1, 2]\n"
        '{"clip": "C1", "coder": "T01", "code": "guiding", "onset": 1, "notes": "x"}\n'
        '{"clip": "C1", "coder": "T01", "code": "guiding", "onset": NaN}\n'
    )
    with pytest.raises(CodingError) as info:
        Coding.read_jsonl(write(tmp_path, text, "c.jsonl"))
    assert_problem(info.value, "line 2", "not valid JSON")
    assert_problem(info.value, "line 3", "JSON object")
    assert_problem(info.value, "line 4", "unknown field 'notes'", "did you mean 'note'")
    assert_problem(info.value, "line 5", "not valid JSON")


def test_read_jsonl_row_problems_use_lines(tmp_path: Path) -> None:
    text = (
        '{"clip": "C1", "coder": "T01", "code": "guiding", "onset": 1}\n'
        '{"clip": "C1", "coder": "T01", "code": "guidng", "onset": 1}\n'
    )
    with pytest.raises(CodingError) as info:
        Coding.read_jsonl(write(tmp_path, text, "c.jsonl"))
    assert_problem(info.value, "line 2, column 'code'", "did you mean 'guiding'")


# ------------------------------------------------------------------ validation

RULES = [
    pytest.param(event(clip=""), "clip", "clip is missing", id="clip-missing"),
    pytest.param(event(clip="my clip"), "clip", "cannot be used as a clip id", id="clip-bad"),
    pytest.param(event(clip="../up"), "clip", "cannot be used", id="clip-path"),
    pytest.param(event(coder=None), "coder", "coder is missing", id="coder-missing"),
    pytest.param(event(coder="Jane Smith"), "coder", "pseudonyms", id="coder-name"),
    pytest.param(event(role="boss"), "role", "unknown role 'boss'", id="role"),
    pytest.param(event(code=""), "code", "code is missing", id="code-missing"),
    pytest.param(event(code="guidng"), "code", "did you mean 'guiding'", id="code-unknown"),
    pytest.param(event(onset=None), "onset", "onset is missing", id="onset-missing"),
    pytest.param(event(onset="soon"), "onset", "'soon' is not a time", id="onset-bad"),
    pytest.param(event(onset=-1), "onset", "before the start", id="onset-negative"),
    pytest.param(event(onset="nan"), "onset", "finite", id="onset-nan"),
    pytest.param(event(offset="inf"), "offset", "finite", id="offset-inf"),
    pytest.param(event(offset=4), "offset", "before the onset", id="offset-before"),
    pytest.param(event(offset="x"), "offset", "not a time", id="offset-bad"),
    pytest.param(event(created="yesterday"), "created", "ISO 8601", id="created-bad"),
]


@pytest.mark.parametrize(("values", "column", "fragment"), RULES)
def test_each_rule_gives_a_coding_error(values: dict[str, Any], column: str, fragment: str) -> None:
    with pytest.raises(CodingError) as info:
        Coding([event(onset=1), values])
    assert_problem(info.value, f"row 2, column '{column}'", fragment)
    assert "nothing was loaded" in str(info.value)


def test_one_row_with_many_problems_lists_them_all() -> None:
    with pytest.raises(CodingError) as info:
        Coding([{"clip": "", "coder": "", "code": "", "onset": ""}])
    columns = {p.column for p in info.value.problems}
    assert columns == {"clip", "coder", "code", "onset"}


def test_csv_with_three_bad_rows_lists_every_one(tmp_path: Path) -> None:
    text = (
        "clip,coder,code,onset,offset,note\n"
        "C1,T01,guiding,1,2,fine\n"  # row 2
        "C1,T01,guidng,3,,typo\n"  # row 3
        "C1,T01,guiding,1:02,0:30,backwards\n"  # row 4
        "C1,T01,guiding,2,,fine\n"  # row 5
        "my clip,T01,guiding,soon,,two problems\n"  # row 6
        ",,,,,\n"  # row 7: blank
        "C1,T01,being-attentive,nan,,\n"  # row 8
    )
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text))
    error = info.value
    assert_problem(error, "row 3, column 'code'", "unknown code 'guidng'")
    assert_problem(error, "row 4, column 'offset'", "before the onset")
    assert_problem(error, "row 6, column 'clip'", "'my clip'")
    assert_problem(error, "row 6, column 'onset'", "'soon'")
    assert_problem(error, "row 8, column 'onset'", "finite")
    assert len(error.problems) == 5
    assert {p.line for p in error.problems} == {3, 4, 6, 8}
    assert str(error).startswith(f"coding {tmp_path / 'coding.csv'} has 5 problems")


def test_csv_row_numbers_count_spreadsheet_rows_after_a_multiline_note(tmp_path: Path) -> None:
    """Row numbers are as a spreadsheet shows them (header = row 1), see errors.Problem."""
    text = 'clip,coder,code,onset,note\nC1,T01,guiding,1,"two\nlines"\nC1,T01,bogus,2,\n'
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text))
    assert_problem(info.value, "row 3, column 'code'", "unknown code 'bogus'")


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    text = (
        "id,clip,coder,code,onset\nx1,C1,T01,guiding,1\nx2,C1,T01,guiding,2\nx1,C1,T01,guiding,3\n"
    )
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text))
    assert_problem(info.value, "row 4, column 'id'", "'x1' is used twice", "first in row 2")
    with pytest.raises(CodingError) as info:
        Coding([event(id="a"), event(id=" a ")])
    assert_problem(info.value, "row 2, column 'id'", "'a' is used twice", "first in row 1")


def test_duration_is_checked() -> None:
    assert len(Coding([event(onset=60, offset=60)], duration=60)) == 1
    assert len(Coding([event(onset=60.0005)], duration=60)) == 1
    with pytest.raises(CodingError) as info:
        Coding([event(onset=10, offset=61), event(onset=61)], duration=60)
    assert_problem(info.value, "row 1, column 'offset'", "past the end of the clip", "1:00.00")
    assert_problem(info.value, "row 2, column 'onset'", "past the end of the clip")


def test_duration_on_read(tmp_path: Path) -> None:
    path = write(tmp_path, "clip,coder,code,onset\nC1,T01,guiding,1:30\n")
    assert Coding.read_csv(path, duration=100).duration == 100
    with pytest.raises(CodingError) as info:
        Coding.read_csv(path, duration=60)
    assert_problem(info.value, "row 2, column 'onset'", "past the end")


@pytest.mark.parametrize("column", ["onset", "offset"])
@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-inf"])
def test_nan_in_a_csv_time_cell_is_an_error(tmp_path: Path, column: str, cell: str) -> None:
    row = {"onset": "1", "offset": "2"}
    row[column] = cell
    text = f"clip,coder,code,onset,offset\nC1,T01,guiding,{row['onset']},{row['offset']}\n"
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text))
    assert any(p.line == 2 and p.column == column for p in info.value.problems)


# ------------------------------------------------------------------ schemes in files


def test_file_naming_the_builtin_scheme_uses_it(tmp_path: Path) -> None:
    text = (
        "clip,coder,code,onset,scheme,scheme_version\nC1,T01,guiding,1,attuned-interactions,1.0\n"
    )
    coding = Coding.read_csv(write(tmp_path, text))
    assert coding.scheme is SCHEME


def test_file_naming_a_custom_scheme(tmp_path: Path) -> None:
    scheme_path = custom_scheme(tmp_path)
    text = "clip,coder,code,onset,scheme,scheme_version\nC1,T01,noticing.looking,1,custom,3\n"
    path = write(tmp_path, text)
    with pytest.raises(CodingError) as info:
        Coding.read_csv(path)
    assert_problem(info.value, "row 2", "'custom'", "not built in")
    coding = Coding.read_csv(path, scheme=scheme_path)
    assert coding.scheme_id == "custom"
    assert coding.events["code"][0] == "noticing.looking"


def test_file_scheme_mismatch_is_an_error(tmp_path: Path) -> None:
    text = "clip,coder,code,onset,scheme\nC1,T01,guiding,1,attuned-interactions\n"
    with pytest.raises(CodingError) as info:
        Coding.read_csv(write(tmp_path, text), scheme=custom_scheme(tmp_path))
    assert_problem(info.value, "row 2, column 'scheme'", "'attuned-interactions'", "'custom'")


def test_file_scheme_version_mismatch_warns(tmp_path: Path) -> None:
    text = (
        "clip,coder,code,onset,scheme,scheme_version\nC1,T01,guiding,1,attuned-interactions,0.9\n"
    )
    path = write(tmp_path, text)
    with pytest.warns(VigkitWarning, match=r"version 0\.9.*version 1\.0"):
        coding = Coding.read_csv(path)
    assert len(coding) == 1


def test_no_warning_when_versions_agree(tmp_path: Path) -> None:
    text = (
        "clip,coder,code,onset,scheme,scheme_version\nC1,T01,guiding,1,attuned-interactions,1.0\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Coding.read_csv(write(tmp_path, text))


def test_two_schemes_in_one_file_is_an_error(tmp_path: Path) -> None:
    text = (
        "clip,coder,code,onset,scheme\n"
        "C1,T01,guiding,1,attuned-interactions\n"
        "C1,T01,guiding,2,attuned-interactions\n"
        "C1,T01,guiding,3,custom\n"
    )
    for scheme in (None, SCHEME):
        with pytest.raises(CodingError) as info:
            Coding.read_csv(write(tmp_path, text), scheme=scheme)
        assert_problem(info.value, "row 2, column 'scheme'", "'attuned-interactions'")
        assert_problem(info.value, "row 4, column 'scheme'", "'custom'")
        assert "one scheme" in info.value.hint


def test_codes_are_checked_against_the_given_scheme(tmp_path: Path) -> None:
    scheme = load_scheme(custom_scheme(tmp_path))
    coding = Coding([event(code="Looking")], scheme=scheme)
    assert coding.events["code"][0] == "noticing.looking"
    with pytest.raises(CodingError) as info:
        Coding([event(code="guiding")], scheme=scheme)
    assert_problem(info.value, "row 1, column 'code'", "scheme 'custom'")


# ------------------------------------------------------------------ writing


def sample() -> Coding:
    """Three events with every field fixed, so two calls give equal codings."""
    created = "2026-03-01T10:15:00.250Z"
    events = [
        event(id="e1", onset="1:02.5", offset=70, note='says "hello", waves', subject="adult"),
        event(id="e2", clip="C2", coder="T02", role="peer", code="Waiting", onset=3),
        event(id="e3", coder="S01", role="supervisor", code="guiding.scaffolding", onset=8),
    ]
    return Coding([{**e, "created": created} for e in events])


def test_to_csv_writes_seconds_and_the_documented_header(tmp_path: Path) -> None:
    coding = sample()
    path = coding.to_csv(tmp_path / "out" / "c.csv")
    assert path == tmp_path / "out" / "c.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == HEADER.split(",")
    assert header == [*COLUMNS, "scheme", "scheme_version"]
    assert len(rows) == 3
    first = dict(zip(header, next(row for row in rows if row[0] == "e1"), strict=True))
    assert first["onset"] == "62.5"
    assert first["offset"] == "70.0"
    assert first["note"] == 'says "hello", waves'
    assert first["created"] == "2026-03-01T10:15:00.250Z"
    assert (first["scheme"], first["scheme_version"]) == ("attuned-interactions", "1.0")
    assert path.read_text(encoding="utf-8").endswith("\n")
    assert Coding.read_csv(path) == coding


def test_to_jsonl(tmp_path: Path) -> None:
    coding = sample()
    path = coding.to_jsonl(tmp_path / "c.jsonl")
    assert path.read_text(encoding="utf-8").count("\n") == 3
    assert Coding.read_jsonl(path) == coding


def test_to_csv_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("old", encoding="utf-8")
    sample().to_csv(path)
    assert path.read_text(encoding="utf-8").startswith(HEADER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv"]


@pytest.mark.parametrize("suffix", [".csv", ".CSV", ".tsv", ".txt", ".jsonl", ".ndjson", ".json"])
def test_read_picks_the_format_by_extension(tmp_path: Path, suffix: str) -> None:
    coding = sample()
    path = tmp_path / f"c{suffix}"
    if suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        coding.to_jsonl(path)
    else:
        coding.to_csv(path)
    assert Coding.read(path) == coding
    assert Coding.read(str(path)) == coding


@pytest.mark.parametrize("name", ["c.xlsx", "c.eaf", "c"])
def test_read_refuses_other_formats(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, "whatever", name)
    with pytest.raises(CodingError) as info:
        Coding.read(path)
    message = str(info.value)
    assert str(path) in message
    assert (Path(name).suffix or "no extension") in message
    assert ".csv" in message
    assert ".jsonl" in message


# ------------------------------------------------------------------ views and combining


def test_clips_and_coders() -> None:
    coding = sample()
    assert coding.clips == ("C1", "C2")
    assert coding.coders == ("S01", "T01", "T02")
    assert Coding().clips == ()
    assert len(Coding()) == 0


def test_filter() -> None:
    coding = sample()
    assert list(coding.filter(clip="C1").events["id"]) == ["e3", "e1"]
    assert list(coding.filter(coder="T02").events["id"]) == ["e2"]
    assert list(coding.filter(role="supervisor").events["id"]) == ["e3"]
    assert list(coding.filter(clip="C1", coder="T01").events["id"]) == ["e1"]
    assert len(coding.filter(clip="nope")) == 0
    assert coding.filter() == coding
    assert coding.filter(clip="C1").scheme is coding.scheme


def test_rolled_up() -> None:
    coding = sample()
    rolled = coding.rolled_up()
    by_id = dict(zip(rolled.events["id"], rolled.events["code"], strict=True))
    assert by_id == {"e1": "guiding", "e2": "encouraging-initiatives", "e3": "guiding"}
    assert dict(zip(coding.events["id"], coding.events["code"], strict=True))["e3"] == (
        "guiding.scaffolding"
    )
    assert rolled.rolled_up() == rolled
    assert list(rolled.events.columns) == list(COLUMNS)


def test_concat() -> None:
    a = Coding([event(id="a1", coder="T01")], duration=30)
    b = Coding([event(id="b1", coder="T02")], duration=40)
    both = Coding.concat([a, b])
    assert len(both) == 2
    assert both.coders == ("T01", "T02")
    assert both.duration == 40
    assert Coding.concat([a]) == a
    with pytest.raises(ValueError):
        Coding.concat([])


def test_concat_refuses_duplicate_ids() -> None:
    a = Coding([event(id="same")])
    with pytest.raises(CodingError, match="'same' appears in more than one coding"):
        Coding.concat([a, Coding([event(id="same", coder="T09")])])


def test_concat_refuses_different_schemes(tmp_path: Path) -> None:
    custom = Coding([event(code="noticing")], scheme=custom_scheme(tmp_path))
    with pytest.raises(CodingError, match="different schemes"):
        Coding.concat([Coding([event()]), custom])


def test_events_is_a_copy() -> None:
    coding = sample()
    frame = coding.events
    frame.loc[0, "note"] = "changed"
    frame.loc[0, "onset"] = 999.0
    frame["code"] = "being-attentive"
    assert coding.events.loc[0, "note"] != "changed"
    assert coding.events.loc[0, "onset"] != 999.0
    assert "being-attentive" not in set(coding.events["code"])
    assert len(coding) == 3
    assert coding == sample()


def test_equality() -> None:
    assert sample() == sample()
    other = Coding([*sample().to_records()[:2], {**sample().to_records()[2], "note": "x"}])
    assert other != sample()
    assert Coding() == Coding()
    assert sample() != Coding()
    assert sample() != "a coding"
    with pytest.raises(TypeError):
        hash(sample())


def test_records_round_trip() -> None:
    coding = sample()
    assert Coding(coding.to_records()) == coding
    assert Coding(coding.events) == coding
    assert Coding(coding.to_records(with_scheme=True)) == coding


def test_repr_html_has_no_media_and_escapes_text() -> None:
    coding = Coding([event(note="<script>alert(1)</script>", subject="<b>child</b>", offset=9)])
    page = coding._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "Guiding" in page
    assert "0:05.00 to 0:09.00" in page
    lowered = page.lower()
    for media in ("<img", "<video", "<audio", "base64", "data:"):
        assert media not in lowered
    assert "No events" in Coding()._repr_html_()


def test_repr() -> None:
    assert repr(sample()) == (
        "<Coding of 3 events, clips ['C1', 'C2'], coders ['S01', 'T01', 'T02'], "
        "scheme attuned-interactions v1.0>"
    )


# ------------------------------------------------------------------ special characters


@pytest.mark.parametrize(
    "char",
    ["\r", "\n", "\r\n", '"', ",", ";", "\t", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"]
    + ["\u2029", "\ufeff", "é", "✓", "😀"],
    ids=repr,
)
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_with_special_characters_round_trips(tmp_path: Path, fmt: str, char: str) -> None:
    coding = Coding([event(note=f"a{char}b", subject=f"x{char}y", id=f"i{char}d")])
    path = tmp_path / f"c.{fmt}"
    coding.to_csv(path) if fmt == "csv" else coding.to_jsonl(path)
    back = Coding.read(path)
    assert back.to_records() == coding.to_records()
    assert back == coding


def test_empty_coding_round_trips(tmp_path: Path) -> None:
    empty = Coding()
    assert Coding.read_csv(empty.to_csv(tmp_path / "e.csv")) == empty
    assert Coding.read_jsonl(empty.to_jsonl(tmp_path / "e.jsonl")) == empty


# ------------------------------------------------------------------ properties

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#: Ids matching [A-Za-z0-9][A-Za-z0-9._-]{0,20} (built directly: from_regex is slow).
NAMES = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_ALNUM),
    st.text(alphabet=_ALNUM + "._-", max_size=20),
)
# Any text at all (no characters excluded). Known failures while the package has the bugs
# pinned by test_text_with_special_characters_round_trips: a lone "\r" breaks the CSV file,
# and "\x85", "\u2028", "\u2029" break JSON Lines reading.
TEXT = st.text(max_size=30)
TIMES = st.floats(min_value=0, max_value=7200, allow_nan=False, allow_infinity=False)
CREATED = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
).map(lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000))


@st.composite
def events_strategy(draw: st.DrawFn) -> dict[str, Any]:
    onset = draw(TIMES)
    offset = draw(st.one_of(st.none(), st.floats(min_value=onset, max_value=7200)))
    created = draw(CREATED)
    return {
        "id": draw(st.one_of(st.uuids().map(str), NAMES)),
        "clip": draw(NAMES),
        "coder": draw(NAMES),
        "role": draw(st.sampled_from(ROLES)),
        "code": draw(st.sampled_from(SCHEME.codes)),
        "subject": draw(TEXT),
        "onset": onset,
        "offset": offset,
        "note": draw(TEXT),
        "created": draw(st.sampled_from([created, created.isoformat()])),
    }


CODINGS = st.lists(events_strategy(), min_size=1, max_size=6, unique_by=lambda e: e["id"]).map(
    Coding
)
# tmp_path is shared by the examples of one test: each example overwrites the same file.
PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_same(back: Coding, coding: Coding) -> None:
    assert back.scheme == coding.scheme
    assert back.to_records() == coding.to_records()
    for column in COLUMNS:
        assert back.events[column].tolist() == coding.events[column].tolist(), column
    assert back == coding


@PROPERTY_SETTINGS
@given(coding=CODINGS)
def test_csv_round_trip(tmp_path: Path, coding: Coding) -> None:
    back = Coding.read_csv(coding.to_csv(tmp_path / "round.csv"))
    assert_same(back, coding)


@PROPERTY_SETTINGS
@given(coding=CODINGS)
def test_jsonl_round_trip(tmp_path: Path, coding: Coding) -> None:
    back = Coding.read_jsonl(coding.to_jsonl(tmp_path / "round.jsonl"))
    assert_same(back, coding)


# ------------------------------------------------------------------ hostile values
def test_jsonl_key_given_twice_is_an_error(tmp_path: Path) -> None:
    line = '{"clip":"C1","clip":"C2","coder":"T01","code":"guiding","onset":1}\n'
    with pytest.raises(CodingError, match=r"line 1: the key 'clip' is given twice"):
        Coding.read_jsonl(write(tmp_path, line, "c.jsonl"))


def test_jsonl_broken_character_is_refused_where_it_is_read(tmp_path: Path) -> None:
    """A lone surrogate reads from JSON but could never be written to a CSV or journal."""
    good = '{"clip":"C1","coder":"T01","code":"guiding","onset":1}\n'
    bad = '{"clip":"C1","coder":"T01","code":"guiding","onset":2,"note":"a \\udc80 b"}\n'
    with pytest.raises(
        CodingError, match=r"line 2: the text holds half of a character \(\\udc80\)"
    ):
        Coding.read_jsonl(write(tmp_path, good + bad, "c.jsonl"))


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("note", {"text": "hi"}, "the note must be text, not an object"),
        ("subject", ["adult"], "the subject must be text, not a list"),
        ("id", {"a": 1}, "the id must be text, not an object"),
        ("code", ["guiding"], "the code must be text, not a list"),
        ("note", True, "the note must be text, not true"),
        ("onset", [1, 2], "the onset must be a time (seconds or m:ss.s), not a list"),
    ],
)
def test_lists_and_objects_where_text_belongs_are_errors(
    column: str, value: Any, fragment: str
) -> None:
    with pytest.raises(CodingError, match=re.escape(fragment)):
        Coding([event(**{column: value})])


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("9" * 400 + ":00:00", "is longer than 10,000 hours"),
        ("1_000", "'1_000' is not a time"),
    ],
    ids=["400-digit-hours", "digit-grouping"],
)
def test_times_python_would_misread_are_errors(tmp_path: Path, cell: str, fragment: str) -> None:
    path = write(tmp_path, f"clip,coder,code,onset\nC1,T01,guiding,{cell}\n")
    with pytest.raises(CodingError, match=re.escape(fragment)):
        Coding.read_csv(path)


def test_jsonl_time_too_big_for_a_float_is_an_error(tmp_path: Path) -> None:
    line = '{"clip":"C1","coder":"T01","code":"guiding","onset":' + "9" * 400 + "}\n"
    with pytest.raises(
        CodingError, match=r"line 1, column 'onset': the time is longer than 10,000 hours"
    ):
        Coding.read_jsonl(write(tmp_path, line, "c.jsonl"))


def test_a_note_longer_than_the_csv_modules_field_limit_round_trips(tmp_path: Path) -> None:
    note = "a long note, " * 20_000  # 260 KB, twice the csv module's default limit
    coding = Coding([event(note=note)])
    assert Coding.read_csv(coding.to_csv(tmp_path / "long.csv")) == coding
