"""An anchor inferred from a text's own language when there is no metadata or dateline."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import Anchor
from .lines import _top_lines, _wire_dateline
from .literals import _DateHit, _FULL_WEEKDAYS, _WEEKDAY_NUMBERS, _copyright_year, _date_hits, _date_starts, _latest_year_mentioned, _matches_at, _year_with_weekday

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


def current_year() -> int:
    """The year a build runs in: the latest year a text without one can be from."""
    return dt.date.today().year


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _dateline_weekday(text: str, weekdays: list[_WeekdayMention]) -> _TiedDate | None:
    """A yearless wire dateline whose lead tells what happened "on Saturday": wire copy is
    datelined the day it reports, so the dateline's day is that weekday."""
    for start, line in _top_lines(text):
        hit = _wire_dateline(line)
        if hit is None or hit.year is not None:
            continue
        end = start + len(line)
        lead = [m for m in weekdays if start + hit.end <= m.start < end and m.past]
        if len({m.weekday for m in lead}) == 1:
            return _TiedDate(_DateHit(start + hit.start, start + hit.end, hit.text, None, hit.month, hit.day, None),
                             lead[0].weekday, False)
        return None
    return None


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
    by_dateline = tied is None
    tied = tied or _dateline_weekday(text, weekdays)
    reference = _copyright_year(text) or _latest_year_mentioned(text)
    if tied is None or (reference is None and not by_dateline):
        return None
    if reference is None:
        # No year in the text: the latest year up to this one in which the date falls on
        # that weekday (a text is not from the future).
        this_year = current_year()
        year = next((y for y in range(this_year, this_year - 12, -1)
                     if _valid_day(y, tied.hit.month, tied.hit.day)
                     and dt.date(y, tied.hit.month, tied.hit.day).weekday() == tied.weekday), None)
    else:
        year = _year_with_weekday(tied.hit.month, tied.hit.day, tied.weekday, reference)
    if year is None:
        return None
    tied_day = dt.date(year, tied.hit.month, tied.hit.day)
    if by_dateline:
        return Anchor(tied_day, "day", "inferred",
                      f"{tied.hit.text} = {_FULL_WEEKDAYS[tied.weekday]} {year} (the dateline's lead)")
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
