"""Document and passage anchors: the dates that relative expressions are resolved against.

A document's anchor comes, in this order (see EVENTS.md, "Anchor"), from
  1. the source's metadata: a manifest's `published` value (`parse_published`),
  2. a dateline near the top of the text (`find_dateline`),
  3. inference from the text's own language (`infer_anchor`),
and is otherwise `UNKNOWN_ANCHOR` — never today's date.

Texts with their own date headers (a thread digest's `Aug 28 • 10 tweets • 2 min read`,
a live blog's `3 Feb 2026, 14:05` or `12:45 GMT`, a section line `Tuesday, February 3`)
are cut into passages by `split_passages`; each passage carries the anchor of the header
that starts it.

Date literals are recognised with strict regular expressions (they need exact spans and
must not depend on today's date); `dateparser` with strict settings reads the free-form
`published` values of a manifest.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import dateparser

from ..model import UNKNOWN_ANCHOR, Anchor, Document, Passage

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
        month = int(raw_month) if raw_month.isdigit() else _MONTH_NUMBERS[raw_month.lower()]
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
    parsed = dateparser.parse(literal, languages=["en"], settings=_STRICT_DATEPARSER)
    if parsed is None:
        raise ValueError(f"published value {value!r} is not a date")
    return Anchor(parsed.date(), "day", "manifest", literal)


# --------------------------------------------------------------------------------------
# Datelines and header lines
# --------------------------------------------------------------------------------------

DATELINE_MAX_LINES = 15  # non-empty lines at the top of a text searched for a dateline
DATELINE_MAX_CHARS = 1500  # ... and no further than this many characters
_MAX_DATE_LINE = 120  # longer lines are prose, not datelines or headers

# Words a dateline or header line may carry beside its date: "Published: 3 Feb 2026",
# "Last updated on February 3, 2026 at 10:30", "First published 03.02.2026".
_LABEL_WORDS = frozenset({
    "published", "updated", "update", "posted", "last", "first", "modified", "created",
    "edited", "issued", "released", "originally", "date", "dated", "on", "at", "time",
    # the kind of document a release or bulletin heads its date with
    "release", "statement", "bulletin", "briefing", "readout", "communique", "news",
    "report", "update", "digest", "transcript", "address", "speech", "of", "the",
})
_MAX_NAME_WORDS = 3  # capitalised words beside the date: a place ("KYIV,") or a byline
_MAX_SIDE_SEGMENT_WORDS = 6  # "15 tweets", "3 min read", "By Jane Doe"
_SEGMENT_SEPARATOR = re.compile(r"[|•·]")
_MASK = "\x00"
_CLOCK_OR_ZONE = re.compile(rf"{_TIME}|{_TIME_ZONE}")
_WORD = re.compile(r"[^\W\d_]+|\d+")

# A news-agency dateline opening a paragraph: "KYIV, Feb 3 (Reuters) -",
# "KYIV, Ukraine, Feb. 3 (AP) —", "MOSCOW, February 3. /TASS/."
_WIRE_PLACE = re.compile(r"\s*[A-Z][A-Z.'’\- ]{1,30}(?:,\s*[A-Z][\w.'’\- ]{1,30})?,\s+")
_WIRE_AGENCY = re.compile(r"\.?\s*(?:\([^()\n]{1,40}\)|/[A-Z][\w-]{1,15}/\.?)")

# A line that is only a time, as live blogs stamp their entries: "12:45 GMT",
# "Updated 14:05", "2:45 PM". A dotted "12.45" alone could be a figure, so it needs a zone
# or am/pm.
_TIME_ONLY_LINE = re.compile(
    rf"\s*(?:(?:updated|update|posted|published|last)\s*:?\s*)*"
    rf"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?[Mm]\b\.?)?(?:\s*{_TIME_ZONE})?"
    rf"|{_CLOCK}\s*{_TIME_ZONE}|(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*[AaPp]\.?[Mm]\b\.?"
    rf"(?:\s*{_TIME_ZONE})?)\s*",
    re.IGNORECASE,
)


def _wire_dateline(line: str) -> _DateHit | None:
    """The date of a news-agency dateline at the start of the line, if it opens with one."""
    place = _WIRE_PLACE.match(line)
    if not place:
        return None
    for hit in _date_hits(line):
        if hit.start == place.end() and _WIRE_AGENCY.match(line, hit.end):
            return hit
    return None


def _segment_is_label_only(segment: str) -> bool:
    """True when a date's own segment holds nothing but labels, times and a short name."""
    rest = _CLOCK_OR_ZONE.sub(" ", segment.replace(_MASK, " "))
    names = 0
    for word in _WORD.findall(rest):
        if word.lower() in _LABEL_WORDS:
            continue
        if word[0].isupper():  # "KYIV", "Brussels", "By Jane Doe"
            names += 1
            continue
        return False
    return names <= _MAX_NAME_WORDS


def _date_line_hits(line: str) -> list[_DateHit]:
    """The date literals of a line that is (mostly) a date, else [].

    The line is cut at strong separators (| • ·). Every segment holding a date may carry
    only labels, a time and a short name beside it; every other segment must be short
    ("15 tweets", "3 min read"). A date inside a running sentence fails the test.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_DATE_LINE:
        return []
    hits = _date_hits(line)
    if not hits:
        return []
    masked = line
    for hit in reversed(hits):
        masked = masked[:hit.start] + _MASK + masked[hit.end:]
    for segment in _SEGMENT_SEPARATOR.split(masked):
        if _MASK in segment:
            if not _segment_is_label_only(segment):
                return []
        elif len(_WORD.findall(segment)) > _MAX_SIDE_SEGMENT_WORDS:
            return []
    return hits


def _line_date_hit(line: str) -> _DateHit | None:
    """The date a dateline or header line gives: a wire dateline or a date line's first date."""
    if _DIGIT.search(line) is None:  # every date holds a digit
        return None
    wire = _wire_dateline(line)
    if wire is not None:
        return wire
    hits = _date_line_hits(line)
    return hits[0] if hits else None


def _top_lines(text: str) -> Iterator[tuple[int, str]]:
    """The first DATELINE_MAX_LINES non-empty lines starting within DATELINE_MAX_CHARS."""
    seen = 0
    for start, line in _lines(text):
        if start >= DATELINE_MAX_CHARS or seen >= DATELINE_MAX_LINES:
            return
        if line.strip():
            seen += 1
            yield start, line


def _dateline(text: str) -> tuple[Anchor, int] | None:
    """The dateline anchor and the offset of its line."""
    for start, line in _top_lines(text):
        hit = _line_date_hit(line)
        if hit is None:
            continue
        date = _hit_date(hit, text, wire=_wire_dateline(line) is not None)
        if date is not None:
            return Anchor(date, "day", "dateline", hit.text), start
    return None


def find_dateline(text: str) -> Anchor | None:
    """A dateline near the top of the text: a line that is (mostly) a date, or a wire dateline.

    Accepted: "3 February 2026 - 22:45", "03.02.2026 15:00" (dotted = day.month.year),
    "February 3, 2026", "Feb. 3, 2026 5:12 PM EST", "Published: 3 Feb 2026",
    "Updated 2026-02-03 10:00", "Tuesday, February 3, 2026", "KYIV, Feb 3 (Reuters) -".
    Only the first DATELINE_MAX_LINES non-empty lines within DATELINE_MAX_CHARS count; a
    date inside a running sentence is not a dateline. A yearless dateline is accepted only
    when the text fixes its year (see `_hit_date`); otherwise inference decides.
    """
    found = _dateline(text)
    return found[0] if found else None


# --------------------------------------------------------------------------------------
# Inference from the text
# --------------------------------------------------------------------------------------

_WEEKDAY_WORD = re.compile(rf"\b(?P<weekday>{'|'.join(_FULL_WEEKDAYS)})\b(?P<possessive>['’]s)?")
# Words before a date or weekday in its clause that place it after the text's present,
# or make it unreal ("would", "could").
# ("by" is left out: "hit by drones on Tuesday"; "may" only in lower case: the month.)
_FUTURE_CONTEXT = re.compile(
    r"\b(?:will|shall|would|could|(?-i:may|might)|set\s+to|(?:is|are|was|were|be)\s+due"
    r"|scheduled|expected|planned|plans?\s+to|is\s+to|are\s+to|going\s+to|next|upcoming"
    r"|coming|until|till|ahead\s+of|before|expires?|ends|runs\s+out|lapses)\b|['’]ll\b",
    re.IGNORECASE,
)
# A weekday right after these names another week than the text's own.
_OTHER_WEEK = re.compile(r"\b(?:last|next|this\s+coming|following|previous)\s+$", re.IGNORECASE)
# End-of-period words tie a deadline date and a deadline weekday to the same day:
# "refrain from striking ... until Feb. 1" + "the agreement is set to expire on Sunday".
_DEADLINE_BEFORE_DATE = re.compile(
    r"\b(?:until|till|through|to|by|deadline\s+of|expires?|expiring|ends?|ending)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_DEADLINE_BEFORE_WEEKDAY = re.compile(
    r"\b(?:until|till|through|by|expire[sd]?|expiring|end(?:s|ed)?|ending|runs?\s+out"
    r"|ran\s+out|lapse[sd]?)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_LOOKBACK = 80  # characters before a mention searched for its tense cues
_CLAUSE_BREAK = re.compile(r"[.!?;:\n“”\"]\s")


def _clause_before(text: str, position: int) -> str:
    """The part of the mention's clause that precedes it (up to _CLAUSE_LOOKBACK chars)."""
    window = text[max(0, position - _CLAUSE_LOOKBACK):position]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _is_future_context(text: str, position: int) -> bool:
    return bool(_FUTURE_CONTEXT.search(_clause_before(text, position)))


@dataclass(frozen=True)
class _WeekdayMention:
    start: int
    text: str
    weekday: int
    past: bool  # used of the text's own past week ("told reporters Friday")


def _weekday_mentions(text: str) -> list[_WeekdayMention]:
    mentions = []
    for match in _matches_at(_WEEKDAY_WORD, text, _date_starts(text).weekdays):
        before = text[max(0, match.start() - 30):match.start()]
        if _OTHER_WEEK.search(before):
            continue
        past = not match["possessive"] and not _is_future_context(text, match.start())
        mentions.append(_WeekdayMention(
            match.start(), match["weekday"], _WEEKDAY_NUMBERS[match["weekday"].lower()], past))
    return mentions


@dataclass(frozen=True)
class _TiedDate:
    """A yearless date whose weekday the text states, so that its year can be fixed."""

    hit: _DateHit
    weekday: int
    future: bool


def _tied_date(text: str, weekdays: list[_WeekdayMention]) -> _TiedDate | None:
    """A yearless date that the text ties to a weekday.

    Either written together ("on Sunday, Feb. 1"), or both named as the end of the same
    period: exactly one distinct yearless date after an end word ("until Feb. 1") and
    exactly one distinct weekday after one ("set to expire on Sunday").
    """
    yearless = [hit for hit in _date_hits(text) if hit.year is None]
    for hit in yearless:
        if hit.weekday is not None:
            return _TiedDate(hit, hit.weekday, _is_future_context(text, hit.start))
    deadline_dates = [
        hit for hit in yearless
        if _DEADLINE_BEFORE_DATE.search(text[max(0, hit.start - 30):hit.start])
    ]
    deadline_weekdays = [
        mention for mention in weekdays
        if _DEADLINE_BEFORE_WEEKDAY.search(text[max(0, mention.start - 30):mention.start])
    ]
    if (len({(h.month, h.day) for h in deadline_dates}) != 1
            or len({m.weekday for m in deadline_weekdays}) != 1):
        return None
    hit, mention = deadline_dates[0], deadline_weekdays[0]
    future = not mention.past or _is_future_context(text, hit.start)
    return _TiedDate(hit, mention.weekday, future)


def _anchor_from_tied_date(text: str) -> Anchor | None:
    """Rule 1: a yearless date tied to a weekday, then the text's own past weekdays.

    The year is the one nearest to the text's own year (copyright notice, else the latest
    year it mentions) in which the date falls on that weekday. A weekday used of the
    future names a day within the coming week, so a future tied date puts the anchor in
    the six days before it; a past one puts it in the seven days from it. Within that
    window each weekday the text uses of its past ("told reporters Friday", "was hit on
    Thursday") is a day on or before the anchor; as wire copy names even its publication
    day by weekday, the latest of them is the anchor (precision "day"). Without one, the
    anchor is the window's last day with precision "week" (Anchor's last-day convention).
    """
    weekdays = _weekday_mentions(text)
    tied = _tied_date(text, weekdays)
    reference = _copyright_year(text) or _latest_year_mentioned(text)
    if tied is None or reference is None:
        return None
    year = _year_with_weekday(tied.hit.month, tied.hit.day, tied.weekday, reference)
    if year is None:
        return None
    tied_day = dt.date(year, tied.hit.month, tied.hit.day)
    if tied.future:
        first, last = tied_day - dt.timedelta(days=6), tied_day - dt.timedelta(days=1)
    else:
        first, last = tied_day, tied_day + dt.timedelta(days=6)
    window = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    past_days = {
        day: mention.text
        for mention in weekdays if mention.past
        for day in window if day.weekday() == mention.weekday
    }
    explanation = f"{tied.hit.text} = {_FULL_WEEKDAYS[tied.weekday]} {year}"
    if past_days:
        day = max(past_days)
        return Anchor(day, "day", "inferred", f"{past_days[day]}; {explanation}")
    return Anchor(last, "week", "inferred", explanation)


def _anchor_from_past_dates(text: str) -> Anchor | None:
    """Rule 2: the latest full date (with its year) that the text does not place in the future.

    A report is written on or after the days it reports, and news reports the recent
    past: a caption's "addresses lawmakers in Kyiv on 3 February 2026" or a "was hit on
    30 January 2026" puts the text on that day, taken with precision "day".
    """
    dates = [
        (dt.date(hit.year, hit.month, hit.day), hit.text)
        for hit in _date_hits(text)
        if hit.year is not None and not _is_future_context(text, hit.start)
    ]
    if not dates:
        return None
    date, literal = max(dates)
    return Anchor(date, "day", "inferred", literal)


def infer_anchor(text: str) -> Anchor | None:
    """An anchor inferred from the text's language when there is no metadata or dateline.

    Rule 1 (`_anchor_from_tied_date`): a yearless date the text ties to a weekday fixes the
    week, and the weekdays it uses of its past fix the day. It comes first because it
    pins the text's own present; rule 2 only bounds it from below.
    Rule 2 (`_anchor_from_past_dates`): the latest full date not placed in the future.
    None when neither holds.
    """
    return _anchor_from_tied_date(text) or _anchor_from_past_dates(text)


# --------------------------------------------------------------------------------------
# Documents and passages
# --------------------------------------------------------------------------------------


def _anchor_and_dateline(document: Document) -> tuple[Anchor, int | None]:
    """The document's anchor, and the offset of its dateline line (None if it has none)."""
    dateline = _dateline(document.text)
    dateline_start = dateline[1] if dateline else None
    try:
        published = parse_published(document.meta.published)
    except ValueError:  # reported by the build (build.published_problems); the text decides
        published = None
    if published is not None:
        if (dateline is not None and published.precision in ("month", "year")
                and _within(dateline[0].date, published)):
            # "2025-03" in the manifest, "Press release, 11.03.2025" in the text: the
            # text's own day is the same date, told more precisely.
            return dateline[0], dateline_start
        return published, dateline_start
    if dateline is not None:
        return dateline[0], dateline_start
    return infer_anchor(document.text) or UNKNOWN_ANCHOR, dateline_start


def _within(day: dt.date | None, period: Anchor) -> bool:
    if day is None or period.date is None:
        return False
    if period.precision == "month":
        return (day.year, day.month) == (period.date.year, period.date.month)
    return day.year == period.date.year


def document_anchor(document: Document) -> Anchor:
    """The manifest's `published`, else a dateline, else inference, else UNKNOWN_ANCHOR.

    A dateline inside a month- or year-precision `published` refines it."""
    return _anchor_and_dateline(document)[0]


def _header_anchor(line: str, doc_anchor: Anchor, current: Anchor) -> Anchor | None:
    """The anchor a header line sets for the lines below it, or None if it is no header.

    A dated header gives a day ("Aug 28 • 10 tweets • 2 min read", "3 Feb 2026, 14:05",
    "Tuesday, February 3"); a yearless one takes the year that puts it nearest on or
    before the document's anchor, and stays unknown when the document's anchor is. A
    time-only header ("12:45 GMT", "Updated 14:05") keeps the date in force.
    """
    hit = _line_date_hit(line)
    if hit is not None:
        if hit.year is not None:
            return Anchor(dt.date(hit.year, hit.month, hit.day), "day", "header", hit.text)
        if doc_anchor.date is None:
            return Anchor(None, "unknown", "header", hit.text)
        date = _nearest_on_or_before(hit.month, hit.day, doc_anchor.date)
        return Anchor(date, "day", "header", hit.text)
    if _TIME_ONLY_LINE.fullmatch(line):
        return current
    return None


def split_passages(document: Document) -> list[Passage]:
    """Passages covering the whole text in order, each with its anchor.

    A passage starts at each header line (the header belongs to the passage it starts)
    and runs to the next; text before the first header takes the document's anchor. The
    dateline that dates the whole document is not a header.
    """
    text = document.text
    anchor, dateline_start = _anchor_and_dateline(document)
    passages: list[Passage] = []
    start, current = 0, anchor
    for line_start, line in _lines_with_digits(text):  # a header line holds a date or time
        if line_start == dateline_start:
            continue
        header = _header_anchor(line, anchor, current)
        if header is None:
            continue
        if line_start > start:
            passages.append(Passage(document.name, start, line_start, current))
        start, current = line_start, header
    passages.append(Passage(document.name, start, len(text), current))
    return passages
