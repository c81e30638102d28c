"""Resolving a date expression against an anchor: plain calendar arithmetic."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from ..model import Anchor, DateMention, ResolvedDate
from .forms import DateExpression, DateForm
from .parsers import _valid
from .grammar import _parse_whole
from .find import _whole_expression, find_date_expressions

# --------------------------------------------------------------------------------------
# Resolving: plain calendar arithmetic
# --------------------------------------------------------------------------------------

_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# Date arithmetic that leaves the calendar (before 1 January 1 or after 31 December 9999)
# raises one of these; only an anchor a caller passes can be that near the calendar's
# ends (texts and manifests give years 1900-2099), and its date is then unknown.
_BEYOND_THE_CALENDAR = (OverflowError, ValueError)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def _period(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The calendar period of the given precision that holds `day`."""
    if precision == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if precision == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day, day


# A 29 February recurs within eight years (1896 → 1904): any month/day is found by then.
_LEAP_DAY_GAP = 8


def _year_of_weekday(form: DateForm, reference: dt.date) -> dt.date | None:
    """The date nearest `reference` (a year either way) that falls on the weekday named."""
    found = [dt.date(y, form.month, form.day) for y in (reference.year - 1, reference.year, reference.year + 1)
             if dt.MINYEAR < y < dt.MAXYEAR and _valid(y, form.month, form.day)
             and dt.date(y, form.month, form.day).weekday() == form.weekday]
    return min(found, key=lambda d: abs((d - reference).days)) if found else None


def _nearest_yearly(month: int, day: int, reference: dt.date, future: bool) -> dt.date:
    """month/day in the year nearest on or before (on or after, if future) `reference`.

    Raises OverflowError when the calendar (years 1-9999) ends before such a day.
    """
    step = 1 if future else -1
    for year in range(reference.year, reference.year + step * (_LEAP_DAY_GAP + 2), step):
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            break
        if _valid(year, month, day):
            candidate = dt.date(year, month, day)
            if (candidate >= reference) if future else (candidate <= reference):
                return candidate
    raise OverflowError(f"no {month}/{day} in the calendar {'after' if future else 'before'} {reference}")


def _nearest_weekday(weekday: int, reference: dt.date, future: bool, strict: bool) -> dt.date:
    if future:
        ahead = (weekday - reference.weekday()) % 7
        return reference + dt.timedelta(days=ahead or (7 if strict else 0))
    back = (reference.weekday() - weekday) % 7
    return reference - dt.timedelta(days=back or (7 if strict else 0))


def _resolve_absolute(form: DateForm, late: dt.date | None, early: dt.date | None,
                      future: bool) -> tuple[dt.date, dt.date, str] | None:
    """Explicit dates; None when a yearless one has no anchor to take its year from."""
    if form.kind == "year":
        return dt.date(form.year, 1, 1), dt.date(form.end_year, 12, 31), "year"
    if form.kind == "month":
        year = form.year
        if year is None:
            if late is None:
                return None
            if form.year_offset is not None:  # "October of last year"
                year = late.year + form.year_offset
            elif form.offset < 0:  # "last January": never the anchor's own month
                year = late.year if form.month < late.month else late.year - 1
            elif form.offset > 0:  # "next January"
                year = early.year if form.month > early.month else early.year + 1
            elif future:
                year = early.year if form.month >= early.month else early.year + 1
            else:
                year = late.year if form.month <= late.month else late.year - 1
        end = _month_end(year, form.month)
        if form.week_of_month < 0:  # "the last week of May": the week (Monday to Sunday) of its last day
            monday = end - dt.timedelta(days=end.weekday())
            return monday, monday + dt.timedelta(days=6), "week"
        if form.week_of_month:  # "the second week of May": its days 8 to 14
            first = 7 * (form.week_of_month - 1) + 1
            return dt.date(year, form.month, first), dt.date(year, form.month, min(first + 6, end.day)), "week"
        return dt.date(year, form.month, 1), end, "month"
    if form.year is not None:
        start = dt.date(form.year, form.month, form.day)
    elif late is None:
        return None
    elif form.weekday is not None and (named := _year_of_weekday(form, late)) is not None:
        start = named  # "Thursday, August 15": the year in which that day is a Thursday
    else:
        start = _nearest_yearly(form.month, form.day, early if future else late, future)
    if form.kind == "date":
        return start, start, "day"
    end_year = form.end_year if form.end_year is not None else start.year
    end = dt.date(end_year, form.end_month, form.end_day)
    if end < start:  # "30 December – 2 January": the span crosses the year's turn
        end = dt.date(end_year + 1, form.end_month, form.end_day)
    return start, end, "day"


def event_span(form: DateForm, reference: dt.date) -> tuple[dt.date, dt.date]:
    """'days later': one to three days after; 'weeks earlier': one to three weeks before."""
    unit = abs(form.offset) // 3 or 1
    near, far = reference + dt.timedelta(days=unit if form.offset > 0 else -unit), reference + dt.timedelta(days=form.offset)
    return min(near, far), max(near, far)


def _resolve_relative(form: DateForm, reference: dt.date,
                      future: bool) -> tuple[dt.date, dt.date, str]:
    days = dt.timedelta
    if form.kind == "event_days" and form.precision != "day":
        return (*event_span(form, reference), form.precision)
    if form.kind in ("days", "event_days"):
        day = reference + days(form.offset)
        return day, day, "day"
    if form.kind == "day_range":
        return reference + days(form.offset), reference + days(form.end_offset), form.precision
    if form.kind == "weekday":
        if form.offset:
            day = _nearest_weekday(form.weekday, reference, form.offset > 0, strict=True)
        else:
            day = _nearest_weekday(form.weekday, reference, future, strict=False)
        return day, day, "day"
    if form.kind == "weekday_span":
        length = (form.end_weekday - form.weekday) % 7 or (7 if form.wrap else 0)
        if future:
            start = _nearest_weekday(form.weekday, reference, True, strict=False)
            return start, start + days(length), "day"
        end = _nearest_weekday(form.end_weekday, reference, False, strict=False)
        return end - days(length), end, "day"
    monday = reference - days(reference.weekday())
    if form.kind == "weekend":
        saturday = monday + days(5 + 7 * form.offset)
        return saturday, saturday + days(1), "day"
    if form.kind == "weeks":
        start = monday + days(7 * form.offset)
        start, end, precision = start, start + days(6), "week"
        if future and form.offset == 0 and not form.part and reference.weekday() == 6:
            # "this week" of a plan said on a Sunday, the week's last day: from that day
            # through the coming week
            start, end = reference, reference + days(7)
    elif form.kind == "months":
        year, month = _add_months(reference.year, reference.month, form.offset)
        start, end, precision = dt.date(year, month, 1), _month_end(year, month), "month"
    elif form.kind == "years":
        year = reference.year + form.offset
        start, end, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    else:
        raise TypeError(f"unknown date form {form.kind!r}")  # not a calendar error: never caught
    # "earlier this month": its days up to the anchor; "later this year": from the anchor on
    if form.part == "earlier":
        end = min(end, reference)
    elif form.part == "later":
        start = max(start, reference)
    return start, end, precision


def resolve_date(expression: "DateExpression | str", anchor: Anchor,
                 future: bool | None = None) -> ResolvedDate:
    """The calendar interval an expression means, read from `anchor`.

    `future` None takes the expression's own flag; True/False overrides it for forms
    whose direction is not in their words ("on Sunday" of a planned event is the next
    Sunday). A string must be one expression, optionally after a preposition
    ("until Feb. 1"); anything else raises ValueError.
    """
    if isinstance(expression, str):
        expression = _whole_expression(expression)
    form = expression.form or _parse_whole(expression.text)
    if form is None:
        raise ValueError(f"not a date expression: {expression.text!r}")
    forward = expression.future if future is None else future
    if form.tense:  # "last", "next", "ago" say the direction themselves
        forward = form.tense == "future"

    try:
        return _resolve_form(form, anchor, forward)
    except _BEYOND_THE_CALENDAR:
        return ResolvedDate(None, None, "unknown", "explicit" if form.absolute else "relative")


def _resolve_form(form: DateForm, anchor: Anchor, forward: bool) -> ResolvedDate:
    late = anchor.date
    anchor_precision = anchor.precision if anchor.precision in _RANK else "day"
    # A month/year anchor is a period: look back from its end, forward from its start.
    early = _period(late, anchor_precision)[0] if late is not None else None

    if form.lead_days:
        inner = _resolve_form(replace(form, lead_days=0), anchor, forward)
        if inner.date_end is None:
            return inner
        start = inner.date_end - dt.timedelta(days=form.lead_days - 1)
        return ResolvedDate(start, inner.date_end, "week" if form.lead_days % 7 == 0 else inner.precision,
                            inner.method)

    if form.absolute:
        resolved = _resolve_absolute(form, late, early, forward)
        if resolved is None:
            return ResolvedDate(None, None, "unknown", "explicit")
        return ResolvedDate(*resolved, "explicit")

    if late is None:
        return ResolvedDate(None, None, "unknown", "relative")
    start, end, precision = _resolve_relative(form, early if forward else late, forward)
    if _RANK[precision] < _RANK[anchor_precision]:
        # Not finer than the anchor: "yesterday" against September is September.
        start, end = _period(start, anchor_precision)[0], _period(end, anchor_precision)[1]
        precision = anchor_precision
    return ResolvedDate(start, end, precision, "relative")


def find_dates(text: str, anchor: Anchor) -> list[DateMention]:
    """Every date expression of `text`, resolved against `anchor`."""
    return [DateMention(e.start, e.end, e.text, resolve_date(e, anchor), e.future)
            for e in find_date_expressions(text)]
