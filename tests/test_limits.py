"""The kit's limits on user files (vigkit/core/limits.py), through the readers people use:
alias bombs, deep nesting, duplicate keys, decompression bombs, huge numbers, time units,
UTF-16/UTF-32 text and paths that are not regular files. Each is one clear error, fast and
in little memory. (The bad-input corpus runs the same through the command line:
tests/data/bad/cases-limits.yaml.)

The limits module is imported inside the tests that use it, so the behaviour tests can be
run against a kit that has none (each of those fails there)."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import threading
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from vigkit import Coding, compare, compare_many, load_scheme, parse_time
from vigkit.core.errors import CodingError, Problem, ProblemsError, SchemeError, VigkitError
from vigkit.core.textfile import read_file_bytes, read_text_file
from vigkit.core.yamlsource import read_located_yaml

DATA = Path(__file__).parent / "data"


def laughs(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs": each anchor a list of ``width`` aliases to the one before."""
    lines = ["l0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def peak_memory_mb(work: Callable[[], Any]) -> float:
    """The most memory Python allocated while running ``work`` (its errors are ignored)."""
    tracemalloc.start()
    with contextlib.suppress(Exception):  # only the memory is measured here
        work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def problems_of(error: pytest.ExceptionInfo[ProblemsError]) -> list[Problem]:
    return error.value.problems


# ---------------------------------------------------------------- YAML
def test_an_alias_bomb_is_refused_at_once_in_little_memory() -> None:
    text = laughs()
    assert len(text) < 500  # 9**9 = 387 million values once expanded
    located, problems = read_located_yaml(text, "bomb.yaml")
    assert located is None
    assert len(problems) == 1
    assert "more than 100,000 values" in problems[0].message
    assert "aliases (*name)" in problems[0].message
    assert peak_memory_mb(lambda: read_located_yaml(text, "bomb.yaml")) < 20


def test_an_alias_bomb_scheme_is_one_scheme_error(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(laughs() + "version: '1.0'\ncategories: *a8\n", encoding="utf-8")
    with pytest.raises(SchemeError) as error:
        load_scheme(path)
    assert str(path) in str(error.value)
    assert "more than 100,000 values" in str(error.value)


def test_an_alias_bomb_as_a_key_is_refused() -> None:
    # Turning a list key into text (the old way) would expand the bomb.
    _, problems = read_located_yaml(laughs() + "? *a8\n: x\n", "bomb.yaml")
    assert problems and "more than 100,000 values" in problems[0].message


def test_a_list_as_a_key_is_refused() -> None:
    _, problems = read_located_yaml("? [a, b]\n: x\n", "key.yaml")
    assert problems == [Problem("a key must be a plain word, not a list or mapping", 1)]


def test_aliases_below_the_limit_still_expand() -> None:
    located, problems = read_located_yaml(laughs(levels=4, width=9), "ok.yaml")  # 9**4
    assert problems == []
    assert located is not None
    assert len(located.data["l3"]) == 9
    assert located.data["l3"][8][8][8] == ["lol"] * 9


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 50_000 + "]" * 50_000,  # flow lists
        "a: " + "{a: " * 50_000 + "1" + "}" * 50_000,  # flow mappings
        "".join("  " * i + "- \n" for i in range(2_000)),  # block lists
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_deep_yaml_is_refused_not_a_recursion_error(text: str) -> None:
    located, problems = read_located_yaml(text, "deep.yaml")
    assert located is None
    assert len(problems) == 1
    assert "nested more than 100 levels deep" in problems[0].message
    assert problems[0].line is not None


def test_yaml_100_deep_is_read() -> None:
    located, problems = read_located_yaml("[" * 100 + "]" * 100, "deep.yaml")
    assert problems == []
    assert located is not None


def test_a_chain_of_anchors_nesting_deep_once_expanded_is_refused() -> None:
    text = "l0: &l0 [x]\n" + "".join(f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, 150))
    _, problems = read_located_yaml(text, "chain.yaml")
    assert problems and "nested more than 100 levels deep" in problems[0].message


def test_safe_load_yaml_matches_pyyaml_within_the_limits() -> None:
    from vigkit.core.limits import YamlLimitError, safe_load_yaml

    for text in ("a: 1\nb: [x, {c: 2.5}]\n", "- &x {k: v}\n- *x\n", "", "just text"):
        assert safe_load_yaml(text) == yaml.safe_load(text)
    with pytest.raises(YamlLimitError) as error:
        safe_load_yaml(laughs())
    assert isinstance(error.value, yaml.YAMLError)  # callers' YAML handlers catch it


# ---------------------------------------------------------------- JSON
def test_json_depth_is_capped_and_strings_do_not_count() -> None:
    from vigkit.core.limits import JsonLimitError, parse_json

    assert parse_json("[" * 100 + "]" * 100) is not None
    assert parse_json(json.dumps({"note": "[" * 500})) == {"note": "[" * 500}
    with pytest.raises(JsonLimitError, match="nested 101 levels deep"):
        parse_json("[" * 101 + "]" * 101)
    with pytest.raises(JsonLimitError, match="nested 50,000 levels deep"):
        parse_json('{"a": ' * 50_000 + "1" + "}" * 50_000)


def test_a_duplicate_json_key_is_named_with_its_line() -> None:
    from vigkit.core.limits import JsonLimitError, parse_json

    text = '{\n  "clip": "c1",\n  "inner": {"clip": "x"},\n  "clip": "c2"\n}'
    with pytest.raises(JsonLimitError) as error:
        parse_json(text)
    assert str(error.value) == "the key 'clip' is given twice"
    assert error.value.line == 4
    assert isinstance(error.value, ValueError)  # as a syntax error is
    assert parse_json('{"a": {"b": 1}, "b": {"a": 2}}') == {"a": {"b": 1}, "b": {"a": 2}}


def test_load_json_raises_the_callers_error_at_the_files_line() -> None:
    from vigkit.core.limits import load_json

    with pytest.raises(CodingError) as error:
        load_json('{"a": 1, "a": 2}', "c.jsonl", CodingError, line=7)
    assert problems_of(error) == [Problem("the key 'a' is given twice", 7)]
    with pytest.raises(json.JSONDecodeError):  # syntax errors stay the caller's to word
        load_json("{", "c.jsonl", CodingError)


def test_a_jsonl_coding_with_a_key_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    line = '{"clip": "c1", "coder": "T1", "code": "guiding", "onset": 1, "clip": "c2"}'
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CodingError) as error:
        Coding.read(path)
    assert problems_of(error) == [Problem("the key 'clip' is given twice", 1)]


@pytest.mark.timeout(10)
def test_a_deep_jsonl_coding_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"clip": ' + "[" * 50_000 + "]" * 50_000 + "}\n", encoding="utf-8")
    with pytest.raises(CodingError) as error:
        Coding.read(path)
    assert "nested 50,001 levels deep" in str(error.value)


# ---------------------------------------------------------------- gzip and zip
def test_gunzip_reads_what_gzip_wrote() -> None:
    from vigkit.core.limits import gunzip

    data = os.urandom(300_000) + b"x" * 1_000_000
    assert gunzip(gzip.compress(data), "p.boris.gz", ProblemsError) == data
    two_members = gzip.compress(b"one ") + gzip.compress(b"two")
    assert gunzip(two_members, "p.boris.gz", ProblemsError) == b"one two"
    assert gunzip(gzip.compress(b"padded") + b"\x00" * 10, "p", ProblemsError) == b"padded"


def test_gunzip_of_a_cut_short_file_is_damage() -> None:
    from vigkit.core.limits import gunzip

    with pytest.raises((EOFError, zlib.error)):
        gunzip(gzip.compress(b"x" * 100_000)[:-20], "p.boris.gz", ProblemsError)


def test_a_gzip_bomb_is_refused_in_bounded_memory() -> None:
    from vigkit.core.limits import MAX_GUNZIPPED_BYTES, gunzip

    bomb = gzip.compress(b" " * (300 << 20), compresslevel=9)
    assert len(bomb) < 400_000
    with pytest.raises(ProblemsError, match="decompressed it would be more than 50 MB"):
        gunzip(bomb, "bomb.boris.gz", ProblemsError)
    peak = peak_memory_mb(lambda: gunzip(bomb, "bomb.boris.gz", ProblemsError))
    assert peak < 2.5 * MAX_GUNZIPPED_BYTES / 1e6  # not the 300 MB inside


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (60 << 20))


def test_a_workbook_that_unzips_to_too_much_is_refused_before_openpyxl_reads(
    tmp_path: Path,
) -> None:
    from vigkit.formats import read_xlsx

    path = tmp_path / "bomb.xlsx"
    _zip_bomb(path)
    assert path.stat().st_size < 200_000
    with pytest.raises(VigkitError) as error:
        read_xlsx(path)
    assert str(path) in str(error.value)
    assert "unzipped, its parts would take 60 MB" in str(error.value)
    assert peak_memory_mb(lambda: read_xlsx(path)) < 30


def test_a_sheet_spanning_too_many_cells_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from vigkit.formats import read_xlsx

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Coding"
    sheet["A1"] = "clip"
    sheet["XFD1048576"] = 1
    path = tmp_path / "far.xlsx"
    book.save(path)
    with pytest.raises(VigkitError, match="spans 1,048,576 rows and 16,384 columns"):
        read_xlsx(path)


# ---------------------------------------------------------------- files that are not files
@pytest.mark.timeout(20)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_file_bytes(fifo, CodingError))
        except BaseException as error:
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # it is waiting on the pipe: open it for writing to free it
        with open(fifo, "wb"):
            pass
        reader.join(5)
        pytest.fail("reading a FIFO waited for a writer")
    assert isinstance(outcome[0], CodingError)
    assert problems_of_error(outcome[0]) == [Problem("it is a named pipe (FIFO), not a file")]


def problems_of_error(error: BaseException) -> list[Problem]:
    assert isinstance(error, ProblemsError), error
    return error.problems


@pytest.mark.timeout(10)
def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    with pytest.raises(CodingError) as error:
        read_text_file(zero, CodingError)
    assert problems_of(error) == [Problem("it is a device, not a file")]
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(SchemeError) as error:
        load_scheme(folder)
    assert problems_of(error) == [Problem("it is a folder, not a file")]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(101 << 20)  # sparse: no disk space, no time
    with pytest.raises(CodingError, match="it is 101 MB; the kit reads files of at most 100 MB"):
        Coding.read(path)
    assert peak_memory_mb(lambda: Coding.read(path)) < 20


# ---------------------------------------------------------------- UTF-16 and UTF-32
CSV_TEXT = (DATA / "good.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16 (little-endian)"),  # with its byte-order mark
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_a_utf16_or_utf32_coding_is_one_message(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "coding.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    with pytest.raises(CodingError) as error:
        Coding.read(path)
    assert problems_of(error) == [Problem(f"it is saved as {name} text, not UTF-8")]
    assert "UTF-8" in error.value.hint  # how to save it as UTF-8


def test_utf8_with_a_run_of_zero_bytes_is_not_taken_for_utf16() -> None:
    from vigkit.core.textfile import wide_encoding

    torn = CSV_TEXT.encode() + b"\x00" * 4096  # what a power cut can leave
    assert wide_encoding(torn) == ""
    assert wide_encoding(b"\x00" * 100) == ""
    assert wide_encoding(CSV_TEXT.encode()) == ""
    assert wide_encoding("ab".encode("utf-16-le")) == ""  # too short to tell
    assert wide_encoding("é, ü and 漢字 too".encode("utf-8-sig")) == ""


def test_a_utf16_scheme_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "scheme.yaml"
    path.write_bytes("version: '1.0'\nid: mine\ncategories: []\n".encode("utf-16-le"))
    with pytest.raises(SchemeError) as error:
        load_scheme(path)
    assert problems_of(error) == [Problem("it is saved as UTF-16 (little-endian) text, not UTF-8")]


# ---------------------------------------------------------------- numbers and times
@pytest.mark.parametrize(
    "value",
    [
        "1" * 400 + ":00:00",  # OverflowError before
        "9" * 5000 + ":00:00",  # past Python's 4,300-digit limit for int()
        "1" * 400 + ":00",
        "1e300",
        "36000001",
        10**400,  # too big for a float
        1e300,
        -1e300,
    ],
    ids=["400-digit-hour", "5000-digit-hour", "400-digit-minute", "1e300", "just-over",
         "int-10**400", "float-1e300", "negative"],
)  # fmt: skip
def test_times_beyond_10000_hours_are_refused_in_words(value: str | float) -> None:
    with pytest.raises(ValueError, match="longer than 10,000 hours"):
        parse_time(value)


def test_the_longest_time_is_read() -> None:
    assert parse_time("10000:00:00") == 36_000_000.0
    assert parse_time(36_000_000) == 36_000_000.0


def test_a_400_digit_webvtt_hour_is_a_problem_for_its_cue(tmp_path: Path) -> None:
    from vigkit.formats import read_vtt

    path = tmp_path / "huge.vtt"
    huge = "1" * 400
    path.write_text(f"WEBVTT\n\n{huge}:00:00.000 --> {huge}:00:01.000\nWaiting\n", "utf-8")
    with pytest.raises(VigkitError) as error:
        read_vtt(path, coder="T1", clip="c1")
    assert "line 3: cue 1: the time" in str(error.value)
    assert "longer than 10,000 hours" in str(error.value)


def _coding(coder: str, offset: float = 70.5) -> Coding:
    return Coding(
        [
            {"clip": "c1", "coder": coder, "code": "guiding", "onset": 1.0, "offset": offset},
            {"clip": "c1", "coder": coder, "code": "being-attentive", "onset": 3.0},
        ]
    )


@pytest.mark.timeout(20)
def test_a_time_unit_too_small_says_which_unit_would_do() -> None:
    with pytest.raises(VigkitError) as error:
        compare(_coding("T1"), _coding("S1"), unit=1e-9)
    message = str(error.value)
    assert "cannot compare T1 with S1 on clip c1" in message
    assert "70,500,000,000 units" in message and "at most 833,333 with 6 codes" in message
    assert "--unit 0.0001" in message
    assert peak_memory_mb(lambda: compare(_coding("T1"), _coding("S1"), unit=1e-9)) < 50
    assert compare(_coding("T1"), _coding("S1"), unit=0.0001).time_units.units == 705_000


@pytest.mark.timeout(60)
def test_a_comparison_at_the_limit_stays_in_memory() -> None:
    from vigkit.core.limits import max_time_units

    for level, codes in (("category", 6), ("behaviour", 47)):
        unit = 70.5 / max_time_units(codes) * 1.0001
        peak = peak_memory_mb(
            lambda: compare(_coding("T1"), _coding("S1"), unit=unit, level=level).summary()  # noqa: B023
        )
        assert peak < 300, (level, peak)
    with pytest.raises(VigkitError, match="at most 106,382 with 47 codes"):
        compare(_coding("T1"), _coding("S1"), unit=0.0001, level="behaviour")


def test_the_group_comparison_caps_time_units_too() -> None:
    codings = [_coding("T1"), _coding("T2"), _coding("T3")]
    with pytest.raises(VigkitError, match=r"the group on clip c1.*--unit 0\.0001"):
        compare_many(codings, unit=1e-9)


def test_smallest_unit_is_round_and_enough() -> None:
    from vigkit.agreement.timeunits import unit_count
    from vigkit.core.limits import MAX_TIME_UNITS, smallest_unit

    assert smallest_unit(70.5) == 0.00001
    assert smallest_unit(100.0) == 0.00001
    assert smallest_unit(100.1) == 0.00002
    assert smallest_unit(36_000_000.0) == 5.0
    assert smallest_unit(70.5, 833_333) == 0.0001
    for seconds in (0.5, 70.5, 3599.9, 86_400.0, 36_000_000.0):
        assert unit_count(0.0, seconds, smallest_unit(seconds)) <= MAX_TIME_UNITS
        assert unit_count(0.0, seconds, smallest_unit(seconds, 12_345)) <= 12_345


def test_unit_presence_refuses_too_many_units() -> None:
    from vigkit.agreement.timeunits import unit_presence

    with pytest.raises(ValueError, match="time units of 1 codes are more than"):
        unit_presence(["a"], [0.0], [1.0], ["a"], 0.0, 100.0, 1e-9)


def test_a_zip_size_check_reads_only_the_headers(tmp_path: Path) -> None:
    from vigkit.core.limits import check_zip_size

    path = tmp_path / "bomb.zip"
    _zip_bomb(path)
    with (
        zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive,
        pytest.raises(ProblemsError, match="60 MB"),
    ):
        check_zip_size(archive, path, ProblemsError)


# ---------------------------------------------------------------- every YAML reader
@pytest.mark.timeout(30)
@pytest.mark.parametrize("reader", ["exercise", "prompts", "storyboard", "scheme"])
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (laughs() + "x: *a8\n", "more than 100,000 values"),
        ("x: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested more than 100 levels deep"),
    ],
    ids=["alias-bomb", "deep"],
)
def test_every_yaml_reader_keeps_the_limits(
    tmp_path: Path, reader: str, text: str, fragment: str
) -> None:
    from vigkit.practice.exercises import read_exercise
    from vigkit.practice.storyboard import load_storyboard
    from vigkit.reflection import load_prompts

    readers: dict[str, Callable[[Path], Any]] = {
        "exercise": read_exercise,
        "prompts": load_prompts,
        "storyboard": load_storyboard,
        "scheme": load_scheme,
    }
    path = tmp_path / f"{reader}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as error:
        readers[reader](path)
    assert str(path) in str(error.value)
    assert fragment in str(error.value)
    assert len(error.value.problems) == 1


def test_deep_json_is_named_by_the_line_where_it_gets_too_deep() -> None:
    from vigkit.core.limits import JsonLimitError, parse_json

    text = '{\n "a": "[[[[",\n "b":\n' + "[" * 101 + "]" * 101 + "\n}"
    with pytest.raises(JsonLimitError) as error:
        parse_json(text)
    assert error.value.line == 4
