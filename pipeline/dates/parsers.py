"""Parsers of one form each: a form's named groups in, a DateForm out (None: not a valid date)."""
from __future__ import annotations

import datetime as dt
import re

from .forms import DateForm
from .words import _CALENDAR, _MONTH_NUMBERS, _NUMBER_WORDS, _WEEKDAY_NUMBERS

# --------------------------------------------------------------------------------------
# Parsers of one form each: named groups in, DateForm out (None: not a valid date)
# --------------------------------------------------------------------------------------

Groups = dict[str, str | None]


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _month_number(name: str | None) -> int | None:
    return _MONTH_NUMBERS[name.rstrip(".").lower()[:3]] if name else None


def _weekday_number(name: str) -> int:
    return _WEEKDAY_NUMBERS[name.lower()[:3]]


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdecimal() else _NUMBER_WORDS[word]


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 was a leap year: yearless 29 Feb is valid
    except ValueError:
        return False
    return True


def _parse_date(g: Groups) -> DateForm | None:
    year, month, day = _int(g.get("y1")), _month_number(g["m1"]), int(g["d1"])
    weekday = _weekday_number(g["wl"]) if g.get("wl") else None  # "Thursday, August 15"
    return DateForm("date", year, month, day, weekday=weekday) if _valid(year, month, day) else None


def _parse_numeric(g: Groups) -> DateForm | None:
    year, month, day = int(g["y1"]), int(g["mn"]), int(g["d1"])
    return DateForm("date", year, month, day) if _valid(year, month, day) else None


def _parse_slash(g: Groups) -> DateForm | None:
    first, second, year = int(g["a"]), int(g["b"]), int(g["y1"])
    day, month = (second, first) if second > 12 else (first, second)  # day-first unless impossible
    return DateForm("date", year, month, day) if _valid(year, month, day) else None


def _parse_date_span(g: Groups) -> DateForm | None:
    # "23-24 January" names only the second month, "Jan. 23–24" only the first
    month = _month_number(g.get("m1")) or _month_number(g.get("m2"))
    end_month = _month_number(g.get("m2")) or month
    day, end_year, end_day = int(g["d1"]), _int(g.get("y2")), int(g["d2"])
    year = None
    if end_year is not None:  # "28 December – 2 January 2026": the start is in the year before
        year = end_year - 1 if (month, day) > (end_month, end_day) else end_year
    if not (_valid(year, month, day) and _valid(end_year, end_month, end_day)):
        return None
    if year is not None and dt.date(year, month, day) > dt.date(end_year, end_month, end_day):
        return None
    if (month, day) == (end_month, end_day):
        return None
    return DateForm("date_span", year, month, day, end_year, end_month, end_day)


_WEEK_OF_MONTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}


def _parse_month(g: Groups) -> DateForm | None:
    relation = (g.get("rel") or "").lower()
    offset = {"last": -1, "next": 1}.get(relation, 0)
    tense = {"last": "past", "next": "future"}.get(relation, "")
    return DateForm("month", _int(g.get("y1")), _month_number(g["m1"]), offset=offset, tense=tense,
                    week_of_month=_WEEK_OF_MONTH.get((g.get("wk") or "").lower(), 0))


def _parse_year(g: Groups) -> DateForm | None:
    year, end_year = int(g["y1"]), _int(g.get("y2"))
    if end_year is not None and not (year < end_year <= year + 30):
        return None
    return DateForm("year", year, end_year=end_year or year)


def _parse_month_of_year(g: Groups) -> DateForm | None:
    if g.get("y1"):
        return DateForm("month", int(g["y1"]), _month_number(g["m1"]))
    relation = " ".join((g.get("yrel") or "").lower().split())
    if relation in ("that", "the same"):  # "in May of that year": the year named before
        return DateForm("month", None, _month_number(g["m1"]), year_told_before=True)
    offset = {"last": -1, "next": 1}.get(relation, 0)
    tense = {"last": "past", "next": "future"}.get(relation, "")
    return DateForm("month", None, _month_number(g["m1"]), year_offset=offset, tense=tense)


_EVENT_DIRECTIONS = {"next": 1, "following": 1, "after": 1, "later": 1, "afterwards": 1,
                     "previous": -1, "preceding": -1, "before": -1, "earlier": -1, "that": 0}


def _parse_event_days(g: Groups) -> DateForm | None:
    direction = next((_EVENT_DIRECTIONS[w.lower()] for w in (g.get("dir"), g.get("dir2"), g.get("dir3"))
                      if w), 0)
    if g.get("hours"):  # "hours later": the same day
        return DateForm("event_days", offset=0)
    if g.get("units"):  # "a few days later", "weeks later": about so long, no day told
        unit = 7 if g["units"].lower().startswith("week") else 1
        return DateForm("event_days", offset=direction * 3 * unit, precision="week")
    count = _count(g["n"]) if g.get("n") and g["n"].lower() not in ("a", "an") else 1
    unit = 7 if (g.get("unit") or "").lower().startswith("week") else 1
    return DateForm("event_days", offset=direction * count * unit)


_WEEKDAY_RELATIONS = {
    "last": (-1, "past"), "this past": (0, "past"), "the previous": (-1, "past"), "the preceding": (-1, "past"),
    "next": (1, "future"), "this coming": (0, "future"), "coming": (0, "future"),
}


def _parse_weekday(g: Groups) -> DateForm | None:
    relation = " ".join((g.get("rel") or "").lower().split())
    offset, tense = _WEEKDAY_RELATIONS.get(relation, (0, ""))
    return DateForm("weekday", weekday=_weekday_number(g["w1"]), offset=offset, tense=tense)


def _parse_weekday_span(g: Groups) -> DateForm | None:
    first, last = _weekday_number(g["w1"]), _weekday_number(g["w2"])
    joined_as_range = not re.search(r"(?i)\b(?:and|or)\b", g["join"] or "")
    if first == last and not joined_as_range:
        return None
    return DateForm("weekday_span", weekday=first, end_weekday=last, wrap=joined_as_range)


_DAY_WORDS = dict(_CALENDAR["day_words"])


def _parse_day_word(g: Groups) -> DateForm | None:
    offset = _DAY_WORDS[g["word"].lower()]
    tense = "past" if offset < 0 else "future" if offset > 0 else ""
    return DateForm("days", offset=offset, tense=tense)


def _parse_anchor_day(g: Groups) -> DateForm | None:
    return DateForm("days", offset=0, tense="past" if g.get("past") else "")


def _parse_two_days(g: Groups) -> DateForm | None:
    before = (g.get("which") or "").lower() == "before"
    return DateForm("days", offset=-2 if before else 2, tense="past" if before else "future")


_UNIT_KINDS = {"day": "days", "week": "weeks", "weekend": "weekend", "month": "months",
               "year": "years"}


def _parse_ago(g: Groups) -> DateForm | None:
    unit = g["unit"].lower().rstrip("s")
    return DateForm(_UNIT_KINDS[unit], offset=-_count(g["n"]), tense="past")


def _parse_calendar_unit(g: Groups) -> DateForm | None:
    end = bool(g.get("end"))
    relation = (g.get("rel2") if end else g["rel"]).lower()
    unit = (g.get("unit2") if end else g["unit"]).lower()
    offset = {"last": -1, "this": 0, "the": 0, "next": 1}[relation]
    tense = {"last": "past", "next": "future"}.get(relation, "")
    mod = "later" if end else (g.get("mod") or "").lower()  # "by the end of the month": what is left of it
    if mod == "earlier":
        tense = "past"
    part = mod if mod in ("earlier", "later") and offset == 0 else ""
    return DateForm(_UNIT_KINDS[unit], offset=offset, tense=tense, part=part)


def _parse_rolling_past(g: Groups) -> DateForm | None:
    if g.get("n"):  # "the past two days": yesterday and today
        days = _count(g["n"])
        return DateForm("day_range", offset=1 - days, end_offset=0, precision="day", tense="past")
    if (g.get("unit") or "").lower() == "weeks":  # "recent weeks"
        return DateForm("day_range", offset=-27, end_offset=0, precision="month", tense="past")
    return DateForm("day_range", offset=-6, end_offset=0, precision="week", tense="past")


def _parse_rolling_future(g: Groups) -> DateForm | None:
    if g.get("n"):  # "the next two days"
        return DateForm("day_range", offset=1, end_offset=_count(g["n"]), precision="day",
                        tense="future")
    # "the coming days (weeks)": from the day it is said
    if (g.get("unit") or "").lower() == "weeks":
        return DateForm("day_range", offset=0, end_offset=28, precision="month", tense="future")
    return DateForm("day_range", offset=0, end_offset=7, precision="week", tense="future")

