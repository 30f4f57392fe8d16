"""Calendar days as people write them in a consent form: ``2027-03-31`` or, as in the UK,
``31/3/2027`` (or ``31.3.2027``). A day that does not exist (31/02) is refused with the
reason, never moved to the next valid day."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from ..core.errors import ConsentError

FORMS = "YYYY-MM-DD (2027-03-31) or day/month/year (31/3/2027)"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_day(value: str | date, where: str) -> date:
    """The day ``value`` names; ``where`` says what it is for in the error (e.g.
    ``"--given-on"`` or ``"consent.json, film home-play, erase_by"``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ConsentError(
            f"{where}: a date must be text such as {FORMS}, not {type(value).__name__}"
        )
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _UK.match(text)
        if not match:
            shown = f"'{text}'" if text else "nothing"
            raise ConsentError(f"{where}: {shown} is not a date; write it as {FORMS}")
        day, month, year = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ConsentError(
            f"{where}: '{text}' is not a date (there is no month {month}); write it as {FORMS}"
        )
    if year < 1900:
        raise ConsentError(f"{where}: '{text}' is not a plausible year; write it as {FORMS}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ConsentError(
            f"{where}: '{text}' is not a date ({calendar.month_name[month]} {year} has "
            f"{days} days); write it as {FORMS}"
        )
    return date(year, month, day)


def parse_optional_day(value: str | date | None, where: str) -> date | None:
    """:func:`parse_day`, with ``None`` or blank text meaning no date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_day(value, where)


def format_day(day: date | None) -> str:
    """``2027-03-31`` (as the register stores it), or an empty string for no date."""
    return day.isoformat() if day is not None else ""


def spoken_day(day: date) -> str:
    """``31 March 2027``: a day as people read it in a message."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
