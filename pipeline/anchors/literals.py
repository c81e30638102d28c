"""Date literals of datelines and headers ("3 February 2026 - 22:45", "KYIV, Feb 3 (Reuters) -",
"Tuesday, February 3"), and the years that yearless ones take."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple


# --------------------------------------------------------------------------------------
# Date literals
# --------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAY_NUMBERS = {  # datetime.weekday(): Monday = 0
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_FULL_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _names(words) -> str:
    """Capitalised and upper-case spellings only: lower-case "may", "sun", "sat" are words."""
    forms = {w.capitalize() for w in words} | {w.upper() for w in words}
    return "|".join(sorted(forms, key=len, reverse=True))


_MONTH = rf"(?P<month>{_names(_MONTH_NUMBERS)})\.?"
_WEEKDAY = rf"(?P<weekday>{_names(_WEEKDAY_NUMBERS)})\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_TIME_ZONE = (
    r"(?:(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT"
    r"|ET|PT|CET|CEST|EET|EEST|BST|WET|WEST|MSK|Z|[+-]\d{2}:?\d{2}"
    r"|(?:Kyiv|Kiev|Moscow|local)\s+time)\b"
)
_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?[Mm]\b\.?)?"
    r"|(?:1[0-2]|0?[1-9])\s*[AaPp]\.?[Mm]\b\.?)"
)
_TIME = rf"{_CLOCK}(?:\s*{_TIME_ZONE})?"
# A time written after the date: "3 February 2026 - 22:45", "Feb. 3, 2026 5:12 PM EST".
_TIME_TAIL = rf"(?:\s*(?:,|-|–|—|\||@|\bat\b)?\s*{_TIME})?"
_WEEKDAY_HEAD = rf"(?:{_WEEKDAY},?\s+)?"

_DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 3 February 2026, 3rd of Feb 2026, Tuesday 3 February
    ("dmy", re.compile(
        rf"\b{_WEEKDAY_HEAD}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
        rf"(?:,?\s+{_YEAR})?{_TIME_TAIL}")),
    # February 3, 2026; Feb. 3; Tuesday, February 3
    ("mdy", re.compile(
        rf"\b{_WEEKDAY_HEAD}{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
        rf"(?:,?\s+{_YEAR})?{_TIME_TAIL}")),
    # 2026-02-03, 2026-02-03T14:05
    ("iso", re.compile(
        rf"\b{_WEEKDAY_HEAD}(?P<year>(?:19|20)\d{{2}})-(?P<month>0?[1-9]|1[0-2])-(?P<day>[0-3]?\d)"
        rf"(?!\d)(?:(?:T|\s+|,\s*)?{_TIME})?")),
    # 03.02.2026 — dotted numerics are day.month.year in European usage
    ("dotted", re.compile(
        rf"\b{_WEEKDAY_HEAD}(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}{_TIME_TAIL}")),
    # 13/02/2026 or 02/13/2026 — slashed numerics only when the order is unambiguous
    ("slashed", re.compile(
        rf"\b{_WEEKDAY_HEAD}(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/{_YEAR}{_TIME_TAIL}")),
)


@dataclass(frozen=True)
class _DateHit:
    """A date literal in a line or text; `year` is None for a yearless "Sep 4"."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int
    weekday: int | None  # the weekday written with the date, Monday = 0


def _hit_from_match(form: str, match: re.Match[str], offset: int) -> _DateHit | None:
    groups = match.groupdict()
    if form == "slashed":
        first, second = int(groups["first"]), int(groups["second"])
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        elif first == second:
            day = month = first
        else:  # 02/03/2026: 2 March or February 3 — not decidable from the literal
            return None
    else:
        day = int(groups["day"])
        raw_month = groups["month"]
        month = int(raw_month) if raw_month.isdecimal() else _MONTH_NUMBERS[raw_month.lower()]
    year = int(groups["year"]) if groups.get("year") else None
    try:  # a yearless date is checked against a leap year so that Feb 29 stays possible
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    weekday = groups.get("weekday")
    text = match.group().rstrip(" ,-–—|@")
    return _DateHit(
        start=offset + match.start(), end=offset + match.start() + len(text), text=text,
        year=year, month=month, day=day,
        weekday=_WEEKDAY_NUMBERS[weekday.lower()] if weekday else None,
    )


def _date_hits(text: str, offset: int = 0) -> list[_DateHit]:
    """Non-overlapping date literals of `text`, left to right (longest at a position)."""
    return list(_date_hits_of(text, offset))


# Where a date literal can begin. The forms open with `\b`, so `re` would try each of
# them at every character; these patterns open with a character class or with literal
# names, which `re` skips to at C speed. A date begins at a word boundary with its
# weekday's name, or else with a number, or with a month name (month-day-year).
_NUMBER_START = re.compile(r"\d(?<=\b.)")  # a digit, with a word boundary before it
_NAME = re.compile(_names([*_WEEKDAY_NUMBERS, *_MONTH_NUMBERS]))  # at a boundary or not
_OPENS_WITH_A_MONTH = frozenset({"mdy"})


class _DateStarts(NamedTuple):
    """Positions in a text where a date can begin (with others), ascending."""

    numbers_and_weekdays: tuple[int, ...]
    names: tuple[int, ...]  # of weekdays and months
    weekdays: tuple[int, ...]

    def of_form(self, form: str) -> tuple[int, ...]:
        return self.names if form in _OPENS_WITH_A_MONTH else self.numbers_and_weekdays


@functools.lru_cache(maxsize=8)  # dates and weekday names are both sought in a text
def _date_starts(text: str) -> _DateStarts:
    # No weekday name is a month name's beginning or the reverse: the name found at a
    # position tells which kind begins there.
    numbers = [match.start() for match in _NUMBER_START.finditer(text)]
    names, weekdays = [], []
    for match in _NAME.finditer(text):
        names.append(match.start())
        if match.group().lower() in _WEEKDAY_NUMBERS:
            weekdays.append(match.start())
    return _DateStarts(tuple(sorted(numbers + weekdays)), tuple(names), tuple(weekdays))


def _matches_at(pattern: re.Pattern[str], text: str, starts: tuple[int, ...]) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` gives, with the pattern tried only at `starts`
    (ascending; every position where a match can begin). For patterns that never match
    the empty string: the next match is sought from the end of the last, as finditer does."""
    resume = 0
    for start in starts:
        if start >= resume and (match := pattern.match(text, start)) is not None:
            yield match
            resume = match.end()


@functools.lru_cache(maxsize=8)  # a text's anchor is inferred by several rules in turn
def _date_hits_of(text: str, offset: int) -> tuple[_DateHit, ...]:
    starts = _date_starts(text)
    hits = [
        hit
        for form, pattern in _DATE_FORMS
        for match in _matches_at(pattern, text, starts.of_form(form))
        if (hit := _hit_from_match(form, match, offset)) is not None
    ]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_DateHit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return tuple(kept)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line of text, without the line break.

    Read lazily: a dateline is sought in the first lines of a long text only."""
    position = 0
    while (end := text.find("\n", position)) >= 0:
        yield position, text[position:end]
        position = end + 1
    yield position, text[position:]


_DIGIT = re.compile(r"\d")


def _lines_with_digits(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for the lines of text holding a digit, in order.

    Every date literal and every time holds a digit, so only these lines can be
    datelines or header lines; the others are skipped at C speed."""
    digit = _DIGIT.search(text)
    while digit is not None:
        start = text.rfind("\n", 0, digit.start()) + 1
        end = text.find("\n", digit.end())
        if end < 0:
            end = len(text)
        yield start, text[start:end]
        digit = _DIGIT.search(text, end)


# --------------------------------------------------------------------------------------
# Years for yearless dates
# --------------------------------------------------------------------------------------

_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\([cC]\)|\bCopyright\b)\s*(?:©\s*)?(?:(?:19|20)\d{2}\s*[-–]\s*)?((?:19|20)\d{2})(?!\d)"
)
# What every copyright notice holds: most texts hold none, and are not searched.
_COPYRIGHT_SIGNS = ("©", "(c)", "(C)", "Copyright")
# A year not inside a longer figure: (?<![\d.,/-])((?:19|20)\d{2})(?![\d.,/]\d), with the
# look-behind written after the century so that the pattern opens with literal digits,
# which `re` skips to at C speed (the look-behind still tests the character before "19").
_ANY_YEAR = re.compile(r"((?:19|20)(?<![\d.,/-]..)\d{2})(?![\d.,/]\d)")


def _copyright_year(text: str) -> int | None:
    """The (latest) year of a copyright notice: the publisher's own year of the text."""
    if not any(sign in text for sign in _COPYRIGHT_SIGNS):
        return None
    years = [int(y) for y in _COPYRIGHT_YEAR.findall(text)]
    return max(years) if years else None


def _latest_year_mentioned(text: str) -> int | None:
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    return max(years) if years else None


def _year_with_weekday(month: int, day: int, weekday: int, reference_year: int) -> int | None:
    """The year nearest to `reference_year` in which month/day falls on `weekday`.

    A month-day-weekday triple repeats every 5, 6 or 11 years, so within ±11 years there
    is always a candidate; on a tie the later year wins (a text's latest year is usually
    its own year or one before the day it names).
    """
    candidates = []
    for year in range(reference_year - 11, reference_year + 12):
        try:
            if dt.date(year, month, day).weekday() == weekday:
                candidates.append(year)
        except ValueError:  # Feb 29 outside leap years
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda y: (abs(y - reference_year), -y))


def _nearest_on_or_before(month: int, day: int, anchor_date: dt.date) -> dt.date:
    """The month/day nearest on or before the anchor (news reports the past)."""
    year = anchor_date.year
    while True:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29: go back to a leap year
            year -= 1
            continue
        if candidate <= anchor_date:
            return candidate
        year -= 1


def _hit_date(hit: _DateHit, text: str, wire: bool = False) -> dt.date | None:
    """The calendar day of a dateline literal, fixing a missing year only when the text can.

    A written year is taken as is. A yearless date with its weekday ("Tuesday, February 3")
    takes the year nearest to the text's own year (copyright notice, else the latest year
    it mentions) in which that day has that weekday. A yearless date without a weekday
    takes the year of the copyright notice; a wire dateline ("KYIV, April 13 (Reuters) -")
    else the latest year the text mentions ("so far in 2025"): a wire report speaks of
    its own year (a digest's "Sep 4" header line does not).
    """
    if hit.year is not None:
        return dt.date(hit.year, hit.month, hit.day)
    if hit.weekday is not None:
        reference = _copyright_year(text) or _latest_year_mentioned(text)
        year = reference and _year_with_weekday(hit.month, hit.day, hit.weekday, reference)
    else:
        year = _copyright_year(text) or (_latest_year_mentioned(text) if wire else None)
        if year is not None and hit.month == 2 and hit.day == 29 and not calendar.isleap(year):
            year = None
    return dt.date(year, hit.month, hit.day) if year else None
