"""Reading times as people write them and showing them as players do."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit import format_time, parse_time


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (0, 0.0),
        (12, 12.0),
        (75.5, 75.5),
        (-3, -3.0),
        ("75.5", 75.5),
        ("1:15.5", 75.5),
        ("1:02:03.25", 3723.25),
        (" 12 ", 12.0),
        ("\t1:00\n", 60.0),
        ("0:05", 5.0),
        ("00:05", 5.0),
        ("01:02", 62.0),
        ("1:02.", 62.0),
        ("001:02.5", 62.5),
        ("0:00:07", 7.0),
        ("00:01:02.5", 62.5),
        ("1:00:00", 3600.0),
        ("10:00:00.5", 36000.5),
        ("90:00", 5400.0),
        ("007", 7.0),
        ("0.25", 0.25),
        (".5", 0.5),
        ("1e2", 100.0),
        ("-2.5", -2.5),
    ],
)
def test_parse_time(value: str | float, seconds: float) -> None:
    result = parse_time(value)
    assert isinstance(result, float)
    assert result == seconds


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "'abc' is not a time"),
        ("1:75", "'1:75' is not a time"),
        ("1_000", "'1_000' is not a time"),  # float() would read 1000
        ("1:00_0", "not a time"),
        ("1:60", "not a time"),
        ("1:02:60", "not a time"),
        ("1:60:00", "not a time"),
        ("1:", "not a time"),
        (":30", "not a time"),
        ("1:2:3:4", "not a time"),
        ("nan", "finite"),
        ("NaN", "finite"),
        ("inf", "finite"),
        ("-inf", "finite"),
        ("Infinity", "finite"),
        (math.nan, "finite"),
        (math.inf, "finite"),
        (True, "not a time"),
        (False, "not a time"),
    ],
)
def test_parse_time_errors(value: object, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_time(value)  # type: ignore[arg-type]
    assert fragment in str(info.value)


def test_parse_time_error_says_how_to_write_times() -> None:
    with pytest.raises(ValueError, match=r"75\.5.*1:15\.5"):
        parse_time("twelve")


@pytest.mark.parametrize(
    ("seconds", "decimals", "text"),
    [
        (0, 2, "0:00.00"),
        (0.0, 0, "0:00"),
        (5, 2, "0:05.00"),
        (59.999, 2, "1:00.00"),
        (59.994, 2, "0:59.99"),
        (62.5, 2, "1:02.50"),
        (75.26, 1, "1:15.3"),
        (75.4, 0, "1:15"),
        (75.6, 0, "1:16"),
        (75.1234, 3, "1:15.123"),
        (599.9999, 3, "10:00.000"),
        (3599.999, 2, "1:00:00.00"),
        (3600, 2, "1:00:00.00"),
        (3725.5, 2, "1:02:05.50"),
        (36000.25, 1, "10:00:00.2"),
        (90061, 0, "25:01:01"),
        (-5.25, 2, "-0:05.25"),
        (-3725.5, 1, "-1:02:05.5"),
    ],
)
def test_format_time(seconds: float, decimals: int, text: str) -> None:
    assert format_time(seconds, decimals) == text


def test_format_time_default_is_two_decimals() -> None:
    assert format_time(62.5) == "1:02.50"


def test_format_time_not_finite() -> None:
    assert format_time(math.nan) == "--"
    assert format_time(math.inf) == "--"


def test_format_time_rounding_to_zero_has_no_minus_sign() -> None:
    """A time that shows as zero is shown as zero, not as "-0:00.00"."""
    assert format_time(-0.001) == "0:00.00"
    assert format_time(-0.4, 0) == "0:00"


@pytest.mark.parametrize("text", ["0:00.00", "0:59.99", "1:00:00.00", "12:34:56.78", "3:07.5"])
def test_formatted_times_parse_back(text: str) -> None:
    assert format_time(parse_time(text), 2).rstrip("0") == text.rstrip("0")


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=36000, allow_nan=False, allow_infinity=False))
def test_format_then_parse_round_trip(seconds: float) -> None:
    text = format_time(seconds, 3)
    back = parse_time(text)
    assert abs(back - seconds) <= 0.0005 + 1e-9, (seconds, text, back)
    if back >= 3600:
        assert text.count(":") == 2
    else:
        assert text.count(":") == 1
