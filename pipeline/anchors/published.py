"""A manifest's `published` value as an anchor: a day, a month or a year."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from ..model import Anchor
from .literals import _MONTH, _MONTH_NUMBERS, _YEAR

# --------------------------------------------------------------------------------------
# Manifest `published` values
# --------------------------------------------------------------------------------------

_ISO_MONTH = re.compile(r"(?P<year>(?:19|20)\d{2})[-/](?P<month>0?[1-9]|1[0-2])")
_ISO_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})")
_MONTH_YEAR = re.compile(rf"{_MONTH},?\s+{_YEAR}", re.IGNORECASE)
# Year first means ISO order; dateparser would read "2026-13-01" as 13 January.
_YEAR_FIRST = re.compile(r"\d{4}[-/.]")
_STRICT_DATEPARSER = {
    # absolute dates only, with day, month and year all written: "yesterday" or "March"
    # must not silently become a day relative to the moment the pipeline runs
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
}


def _last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Publication years a manifest may give: the years the text's own dates are read in
# (dates.py, datelines). "0025-09-01" or "9999-12-31" is a typo, and the event table
# (pandas, nanoseconds) cannot even hold a day before 1677 or after 2262.
PUBLISHED_YEARS = range(1900, 2100)


def parse_published(value: str) -> Anchor | None:
    """A manifest's `published` value as an Anchor with source "manifest".

    Day precision: "2026-01-30", "2026-01-30T14:05:00Z", "2026-01-30 14:05",
    "30 January 2026", "Jan 30, 2026", "30.01.2026" (the calendar day as written; a time
    zone is not converted, since the publisher's own day is what its "today" means).
    Month precision: "2025-09", "September 2025" (date = last day of the month).
    Year precision: "2025" (date = 31 December).
    Returns None for an empty value; raises ValueError naming the value otherwise,
    also for a year outside PUBLISHED_YEARS.
    """
    anchor = _parse_published(value)
    if anchor is not None and anchor.date.year not in PUBLISHED_YEARS:
        raise ValueError(f"published value {value!r} is not a date: its year is outside "
                         f"{PUBLISHED_YEARS.start}-{PUBLISHED_YEARS.stop - 1}")
    return anchor


def _parse_published(value: str) -> Anchor | None:
    literal = value.strip()
    if not literal:
        return None
    if match := _ISO_YEAR.fullmatch(literal):
        return Anchor(dt.date(int(match["year"]), 12, 31), "year", "manifest", literal)
    if match := _ISO_MONTH.fullmatch(literal):
        date = _last_day_of_month(int(match["year"]), int(match["month"]))
        return Anchor(date, "month", "manifest", literal)
    if match := _MONTH_YEAR.fullmatch(literal):
        date = _last_day_of_month(int(match["year"]), _MONTH_NUMBERS[match["month"].lower()])
        return Anchor(date, "month", "manifest", literal)
    try:
        return Anchor(dt.datetime.fromisoformat(literal).date(), "day", "manifest", literal)
    except ValueError:
        if _YEAR_FIRST.match(literal):
            raise ValueError(f"published value {value!r} is not a date") from None
    import dateparser  # here: most manifests write ISO dates, and its import costs a build's start-up

    parsed = dateparser.parse(literal, languages=["en"], settings=_STRICT_DATEPARSER)
    if parsed is None:
        raise ValueError(f"published value {value!r} is not a date")
    return Anchor(parsed.date(), "day", "manifest", literal)
