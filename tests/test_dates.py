"""Date expressions of English news text, resolved against anchors on several weekdays and
across month and year boundaries (EVENTS.md, "Dates").

Calendar used for the expected values:
  2025-12-31 is a Wednesday; 2026-01-01 a Thursday; 2026-01-05 a Monday;
  2026-01-30 a Friday; 2026-02-01 a Sunday; 2026-02-03 a Tuesday.
  Calendar weeks (Mon-Sun): 29 Dec-4 Jan, 5-11 Jan, 19-25 Jan, 26 Jan-1 Feb, 2-8 Feb, 9-15 Feb.
  2025-08-31 is a Sunday (its week: 25-31 Aug; 14 days earlier, Sun 17 Aug, is in 11-17 Aug).
"""
import datetime as dt
import functools
from pathlib import Path

import dateparser
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.dates import DateExpression, find_date_expressions, find_dates, resolve_date
from pipeline.model import UNKNOWN_ANCHOR, Anchor, ResolvedDate

D = dt.date


def day_anchor(iso: str) -> Anchor:
    return Anchor(D.fromisoformat(iso), "day", "manifest", iso)


TUE = day_anchor("2026-02-03")
FRI = day_anchor("2026-01-30")
SUN = day_anchor("2026-02-01")
MON = day_anchor("2026-01-05")
WED = day_anchor("2025-12-31")   # the year's last day
THU = day_anchor("2026-01-01")   # the year's first day
SEPTEMBER_2025 = Anchor(D(2025, 9, 30), "month", "manifest", "2025-09")
YEAR_2025 = Anchor(D(2025, 12, 31), "year", "manifest", "2025")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def day(iso: str) -> tuple[D, D]:
    return D.fromisoformat(iso), D.fromisoformat(iso)


def span(first: str, last: str) -> tuple[D, D]:
    return D.fromisoformat(first), D.fromisoformat(last)


# (expression, anchor, future override, (date_start, date_end), precision, method)
RESOLUTION_CASES = [
    # the night that ends on a day is that day's; a month of a named year
    ("overnight into Tuesday", WED, None, day("2025-12-30"), "day", "relative"),
    # a plan "this week" said on Sunday, the week's last day, runs through the coming week
    ("this week", SUN, True, span("2026-02-01", "2026-02-08"), "week", "relative"),
    ("this week", SUN, False, span("2026-01-26", "2026-02-01"), "week", "relative"),
    # a week of a month: its days, in the month's year as for the month alone
    ("the last week of November", WED, None, span("2025-11-24", "2025-11-30"), "week", "explicit"),
    ("the last week of May", WED, None, span("2025-05-26", "2025-06-01"), "week", "explicit"),
    ("the second week of January 2026", WED, None, span("2026-01-08", "2026-01-14"), "week", "explicit"),
    ("the first week of February", TUE, None, span("2026-02-01", "2026-02-07"), "week", "explicit"),
    ("in the early hours of Sunday", TUE, None, day("2026-02-01"), "day", "relative"),
    ("October of last year", TUE, None, span("2025-10-01", "2025-10-31"), "month", "explicit"),
    ("May of 2024", TUE, None, span("2024-05-01", "2024-05-31"), "month", "explicit"),
    # counted from another event; with none, from the anchor
    ("the next day", TUE, None, day("2026-02-04"), "day", "relative"),
    ("the day before", TUE, None, day("2026-02-02"), "day", "relative"),
    ("two days later", TUE, None, day("2026-02-05"), "day", "relative"),
    ("a week later", TUE, None, day("2026-02-10"), "day", "relative"),
    # "a few days later", "days earlier": about that far, the days around it
    ("a few days later", TUE, None, span("2026-02-04", "2026-02-06"), "week", "relative"),
    ("days earlier", TUE, None, span("2026-01-31", "2026-02-02"), "week", "relative"),
    # a yearless date with its weekday: the year in which that day is that weekday
    ("Thursday, August 15", day_anchor("2024-08-08"), None, day("2024-08-15"), "day", "explicit"),
    ("Friday, 17 January", TUE, None, day("2025-01-17"), "day", "explicit"),
    # absolute, with a year: the anchor plays no part
    ("3 February 2026", TUE, None, day("2026-02-03"), "day", "explicit"),
    ("February 3, 2026", MON, None, day("2026-02-03"), "day", "explicit"),
    ("Feb. 3, 2026", WED, None, day("2026-02-03"), "day", "explicit"),
    ("03.02.2026", TUE, None, day("2026-02-03"), "day", "explicit"),       # dotted: day first
    ("2026-02-03", FRI, None, day("2026-02-03"), "day", "explicit"),
    ("3/2/2026", TUE, None, day("2026-02-03"), "day", "explicit"),         # slash: day first
    ("2/13/2026", TUE, None, day("2026-02-13"), "day", "explicit"),        # 13 cannot be a month
    ("Tuesday, February 3, 2026", SUN, None, day("2026-02-03"), "day", "explicit"),
    ("the 28th of August 2025", TUE, None, day("2025-08-28"), "day", "explicit"),
    ("in February 2026", TUE, None, span("2026-02-01", "2026-02-28"), "month", "explicit"),
    ("December 2025", TUE, None, span("2025-12-01", "2025-12-31"), "month", "explicit"),
    ("in 2025", TUE, None, span("2025-01-01", "2025-12-31"), "year", "explicit"),
    ("since 2014", FRI, None, span("2014-01-01", "2014-12-31"), "year", "explicit"),
    ("in 2022", TUE, None, span("2022-01-01", "2022-12-31"), "year", "explicit"),
    ("early 2025", TUE, None, span("2025-01-01", "2025-12-31"), "year", "explicit"),
    ("between 2014 and 2022", TUE, None, span("2014-01-01", "2022-12-31"), "year", "explicit"),
    ("4-5 February 2026", MON, None, span("2026-02-04", "2026-02-05"), "day", "explicit"),
    # yearless: nearest on or before the anchor, or on or after it when future-marked
    ("Jan. 27", FRI, None, day("2026-01-27"), "day", "explicit"),
    ("Sep 4", TUE, None, day("2025-09-04"), "day", "explicit"),
    ("August 28th", TUE, None, day("2025-08-28"), "day", "explicit"),
    ("4 September", TUE, None, day("2025-09-04"), "day", "explicit"),
    ("Dec 30", MON, None, day("2025-12-30"), "day", "explicit"),           # across the year's turn
    ("Jan 2", WED, True, day("2026-01-02"), "day", "explicit"),
    ("Jan 2", WED, None, day("2025-01-02"), "day", "explicit"),
    ("until Feb. 1", FRI, None, day("2026-02-01"), "day", "explicit"),     # "until": future
    ("Feb. 1", FRI, None, day("2025-02-01"), "day", "explicit"),           # unmarked: the past
    ("Feb 3", TUE, None, day("2026-02-03"), "day", "explicit"),            # anchor day is "before"
    ("Feb 3", TUE, True, day("2026-02-03"), "day", "explicit"),            # ... and "after"
    ("scheduled for March 3", TUE, None, day("2026-03-03"), "day", "explicit"),
    ("Feb 29", TUE, None, day("2024-02-29"), "day", "explicit"),           # last leap year
    ("Feb 29", TUE, True, day("2028-02-29"), "day", "explicit"),
    ("the night of 3 February", TUE, None, day("2026-02-03"), "day", "explicit"),
    ("the night of 2-3 February", TUE, None, day("2026-02-03"), "day", "explicit"),  # its end
    ("23-24 January", TUE, None, span("2026-01-23", "2026-01-24"), "day", "explicit"),
    ("Jan. 23–24", TUE, None, span("2026-01-23", "2026-01-24"), "day", "explicit"),
    ("from 4 to 5 February", TUE, True, span("2026-02-04", "2026-02-05"), "day", "explicit"),
    ("from 4 to 5 February", TUE, None, span("2025-02-04", "2025-02-05"), "day", "explicit"),
    ("28 December – 2 January", MON, None, span("2025-12-28", "2026-01-02"), "day", "explicit"),
    # weekdays: nearest before (past) or after (future); the anchor's weekday is the anchor
    ("on Tuesday", TUE, None, day("2026-02-03"), "day", "relative"),
    ("on Tuesday", TUE, True, day("2026-02-03"), "day", "relative"),
    ("Monday", TUE, None, day("2026-02-02"), "day", "relative"),
    ("Monday", TUE, True, day("2026-02-09"), "day", "relative"),
    ("Wednesday", TUE, None, day("2026-01-28"), "day", "relative"),
    ("Wednesday", TUE, True, day("2026-02-04"), "day", "relative"),
    ("late Thursday", FRI, None, day("2026-01-29"), "day", "relative"),
    ("Thursday", FRI, None, day("2026-01-29"), "day", "relative"),
    ("on Tuesday", FRI, None, day("2026-01-27"), "day", "relative"),
    ("on Sunday", FRI, True, day("2026-02-01"), "day", "relative"),
    ("Friday", FRI, None, day("2026-01-30"), "day", "relative"),
    ("Friday", FRI, True, day("2026-01-30"), "day", "relative"),
    ("Sunday", SUN, None, day("2026-02-01"), "day", "relative"),
    ("Sunday", SUN, True, day("2026-02-01"), "day", "relative"),
    ("Saturday", SUN, None, day("2026-01-31"), "day", "relative"),
    ("Monday", SUN, True, day("2026-02-02"), "day", "relative"),
    ("Friday", MON, None, day("2026-01-02"), "day", "relative"),
    ("Wednesday", MON, None, day("2025-12-31"), "day", "relative"),
    ("Sunday", MON, True, day("2026-01-11"), "day", "relative"),
    ("Friday", WED, True, day("2026-01-02"), "day", "relative"),
    ("Monday", WED, None, day("2025-12-29"), "day", "relative"),
    ("last Tuesday", TUE, None, day("2026-01-27"), "day", "relative"),     # never the anchor day
    ("the previous Tuesday", TUE, None, day("2026-01-27"), "day", "relative"),
    ("by the end of the month", TUE, True, span("2026-02-03", "2026-02-28"), "month", "relative"),  # what is left
    ("the end of last year", TUE, None, span("2025-01-01", "2025-12-31"), "year", "relative"),
    ("since the preceding Monday", TUE, None, day("2026-02-02"), "day", "relative"),
    ("next Tuesday", TUE, None, day("2026-02-10"), "day", "relative"),
    ("last Friday", FRI, True, day("2026-01-23"), "day", "relative"),      # "last" wins
    # weekday spans
    ("Wednesday and Thursday", TUE, True, span("2026-02-04", "2026-02-05"), "day", "relative"),
    ("Wednesday and Thursday", TUE, None, span("2026-01-28", "2026-01-29"), "day", "relative"),
    ("from Sunday to Sunday", TUE, True, span("2026-02-08", "2026-02-15"), "day", "relative"),
    ("from Sunday to Sunday", TUE, None, span("2026-01-25", "2026-02-01"), "day", "relative"),
    ("between Monday and Wednesday", FRI, None, span("2026-01-26", "2026-01-28"), "day",
     "relative"),
    ("Monday to Friday", WED, None, span("2025-12-22", "2025-12-26"), "day", "relative"),
    # days
    ("today", TUE, None, day("2026-02-03"), "day", "relative"),
    ("tonight", TUE, None, day("2026-02-03"), "day", "relative"),
    ("this morning", FRI, None, day("2026-01-30"), "day", "relative"),
    ("yesterday", TUE, None, day("2026-02-02"), "day", "relative"),
    ("yesterday", THU, None, day("2025-12-31"), "day", "relative"),
    ("tomorrow", WED, None, day("2026-01-01"), "day", "relative"),
    ("last night", TUE, None, day("2026-02-03"), "day", "relative"),        # the morning after
    ("overnight", FRI, None, day("2026-01-30"), "day", "relative"),
    ("the day before yesterday", TUE, None, day("2026-02-01"), "day", "relative"),
    ("three days ago", TUE, None, day("2026-01-31"), "day", "relative"),
    ("five days ago", MON, None, day("2025-12-31"), "day", "relative"),
    ("two days earlier", TUE, None, day("2026-02-01"), "day", "relative"),
    # calendar weeks, Monday to Sunday
    ("this week", TUE, None, span("2026-02-02", "2026-02-08"), "week", "relative"),
    ("this week", FRI, None, span("2026-01-26", "2026-02-01"), "week", "relative"),
    ("last week", TUE, None, span("2026-01-26", "2026-02-01"), "week", "relative"),
    ("last week", FRI, None, span("2026-01-19", "2026-01-25"), "week", "relative"),
    ("last week", MON, None, span("2025-12-29", "2026-01-04"), "week", "relative"),
    ("next week", TUE, None, span("2026-02-09", "2026-02-15"), "week", "relative"),
    ("next week", SUN, None, span("2026-02-02", "2026-02-08"), "week", "relative"),
    ("next week", WED, None, span("2026-01-05", "2026-01-11"), "week", "relative"),
    ("two weeks ago", TUE, None, span("2026-01-19", "2026-01-25"), "week", "relative"),
    ("a week ago", TUE, None, span("2026-01-26", "2026-02-01"), "week", "relative"),
    ("Two weeks ago", day_anchor("2025-08-31"), None, span("2025-08-11", "2025-08-17"), "week",
     "relative"),
    # months and years
    ("this month", TUE, None, span("2026-02-01", "2026-02-28"), "month", "relative"),
    ("last month", TUE, None, span("2026-01-01", "2026-01-31"), "month", "relative"),
    ("last month", MON, None, span("2025-12-01", "2025-12-31"), "month", "relative"),
    ("next month", WED, None, span("2026-01-01", "2026-01-31"), "month", "relative"),
    ("in January", TUE, None, span("2026-01-01", "2026-01-31"), "month", "explicit"),
    ("in March", TUE, None, span("2025-03-01", "2025-03-31"), "month", "explicit"),
    ("in March", TUE, True, span("2026-03-01", "2026-03-31"), "month", "explicit"),
    ("in February", TUE, None, span("2026-02-01", "2026-02-28"), "month", "explicit"),
    ("in January", WED, True, span("2026-01-01", "2026-01-31"), "month", "explicit"),
    ("in December", MON, None, span("2025-12-01", "2025-12-31"), "month", "explicit"),
    ("last January", TUE, None, span("2026-01-01", "2026-01-31"), "month", "explicit"),
    ("this year", TUE, None, span("2026-01-01", "2026-12-31"), "year", "relative"),
    # "earlier this year" runs to the anchor (a report may be written the day before it
    # is dated), "later this month" starts there
    ("earlier this year", MON, None, span("2026-01-01", "2026-01-05"), "year", "relative"),
    ("later this month", TUE, None, span("2026-02-03", "2026-02-28"), "month", "relative"),
    ("earlier this month", TUE, None, span("2026-02-01", "2026-02-03"), "month", "relative"),
    ("last year", TUE, None, span("2025-01-01", "2025-12-31"), "year", "relative"),
    ("last year", WED, None, span("2024-01-01", "2024-12-31"), "year", "relative"),
    ("four years ago", TUE, None, span("2022-01-01", "2022-12-31"), "year", "relative"),
    ("next year", WED, None, span("2026-01-01", "2026-12-31"), "year", "relative"),
    # rolling periods
    ("the past week", TUE, None, span("2026-01-28", "2026-02-03"), "week", "relative"),
    ("in the coming days", TUE, None, span("2026-02-03", "2026-02-10"), "week", "relative"),
    # no anchor: relative and yearless forms cannot be placed
    ("yesterday", UNKNOWN_ANCHOR, None, (None, None), "unknown", "relative"),
    ("on Tuesday", UNKNOWN_ANCHOR, True, (None, None), "unknown", "relative"),
    ("Feb. 1", UNKNOWN_ANCHOR, None, (None, None), "unknown", "explicit"),
    ("in January", UNKNOWN_ANCHOR, None, (None, None), "unknown", "explicit"),
    ("3 February 2026", UNKNOWN_ANCHOR, None, day("2026-02-03"), "day", "explicit"),
    # a month anchor (date = its last day): relative results no finer than the month
    ("yesterday", SEPTEMBER_2025, None, span("2025-09-01", "2025-09-30"), "month", "relative"),
    ("on Tuesday", SEPTEMBER_2025, None, span("2025-09-01", "2025-09-30"), "month", "relative"),
    ("last week", SEPTEMBER_2025, None, span("2025-09-01", "2025-09-30"), "month", "relative"),
    ("tomorrow", SEPTEMBER_2025, None, span("2025-09-01", "2025-09-30"), "month", "relative"),
    ("last month", SEPTEMBER_2025, None, span("2025-08-01", "2025-08-31"), "month", "relative"),
    ("last year", SEPTEMBER_2025, None, span("2024-01-01", "2024-12-31"), "year", "relative"),
    ("Sep 4", SEPTEMBER_2025, None, day("2025-09-04"), "day", "explicit"),
    ("Oct 5", SEPTEMBER_2025, None, day("2024-10-05"), "day", "explicit"),
    ("scheduled for Sep 10", SEPTEMBER_2025, None, day("2025-09-10"), "day", "explicit"),
    ("in February", SEPTEMBER_2025, None, span("2025-02-01", "2025-02-28"), "month", "explicit"),
    ("last week", YEAR_2025, None, span("2025-01-01", "2025-12-31"), "year", "relative"),
    # a duration that ends on a date: the interval up to and including it
    ("for a week, until Feb. 1", FRI, True, span("2026-01-26", "2026-02-01"), "week", "explicit"),
    ("for three days until Sunday", FRI, True, span("2026-01-30", "2026-02-01"), "day", "relative"),
    ("for two weeks, until 14 February 2026", TUE, None, span("2026-02-01", "2026-02-14"), "week", "explicit"),
]


@pytest.mark.parametrize("text, anchor, future, dates, precision, method", RESOLUTION_CASES,
                         ids=[f"{c[0]}@{c[1].text or 'none'}{'+future' if c[2] else ''}"
                              for c in RESOLUTION_CASES])
def test_resolve_date(text, anchor, future, dates, precision, method):
    assert resolve_date(text, anchor, future=future) == ResolvedDate(*dates, precision, method)


@pytest.mark.parametrize("text, months", [
    ("struck in April and October of last year", [("2025-04-01", "2025-04-30"), ("2025-10-01", "2025-10-31")]),
    ("in March or May of 2024", [("2024-03-01", "2024-03-31"), ("2024-05-01", "2024-05-31")]),
    ("in April, and again in October 2024", [("2025-04-01", "2025-04-30"), ("2024-10-01", "2024-10-31")]),
])
def test_months_listed_before_a_month_of_a_year_share_its_year(text, months):
    from pipeline.dates import find_date_expressions, resolve_date
    found = [resolve_date(e, TUE) for e in find_date_expressions(text)]
    assert [(str(r.date_start), str(r.date_end)) for r in found] == months


@pytest.mark.parametrize("text, months", [
    # the year the text named last, not the one nearest before the anchor
    ("The fighting began in June 2019. A truce was signed in August of that year.",
     [("2019-06-01", "2019-06-30"), ("2019-08-01", "2019-08-31")]),
    ("Elections were held in 2018; talks opened in March of the same year.", [("2018-01-01", "2018-12-31"),
                                                                              ("2018-03-01", "2018-03-31")]),
    # no year named before: a yearless month
    ("A truce was signed in August of that year.", [("2025-08-01", "2025-08-31")]),
])
def test_a_month_of_that_year_takes_the_year_the_text_named_last(text, months):
    from pipeline.dates import find_date_expressions, resolve_date
    found = [resolve_date(e, TUE) for e in find_date_expressions(text)]
    assert [(str(r.date_start), str(r.date_end)) for r in found] == months


@pytest.mark.parametrize("text, expected", [
    ("3 February 2026 - 22:45", ["3 February 2026"]),              # a dateline: the date part
    ("03.02.2026 15:00", ["03.02.2026"]),
    ("Sep 4 • 15 tweets • 3 min read", ["Sep 4"]),
    ("halt strikes on Kyiv until Feb. 1, Peskov said", ["Feb. 1"]),
    ("the meeting in February 2026 was", ["February 2026"]),
    ("On the night of 3 February, Russia launched", ["the night of 3 February"]),
    ("after meeting in Abu Dhabi for two days last week", ["last week"]),
    ("is scheduled for Wednesday and Thursday in Abu Dhabi", ["Wednesday and Thursday"]),
    ("it was unclear if Sunday’s meeting would go ahead", ["Sunday"]),
    ("Friday's meeting", ["Friday"]),
    ("On Tuesday, February 3, 2026, Rutte arrived", ["Tuesday, February 3, 2026"]),
    ("talks from 4 to 5 February", ["from 4 to 5 February"]),
    ("On Tuesday Zelensky met Rutte", ["Tuesday"]),
    ("In May, they may strike again", ["May"]),
    ("told the Sunday Times on Sunday", ["Sunday"]),
    ("a record strike this year and four years ago", ["this year", "four years ago"]),
    ("fighting dating back to 2014", ["2014"]),
    ("He arrived late Thursday.", ["late Thursday"]),
    ("at the end of January", ["the end of January"]),
    ("starting back in February.", ["February"]),
    ("until Feb.", ["Feb."]),
    # a month naming the event after it
    ("repairs since the November explosion", ["November"]),
    ("The June raids were the heaviest", ["June"]),
    ("the June 3 raid", ["June 3"]),
])
def test_expression_spans(text, expected):
    expressions = find_date_expressions(text)
    assert [e.text for e in expressions] == expected
    assert all(text[e.start:e.end] == e.text for e in expressions)


@pytest.mark.parametrize("text", [
    "for a week",
    "barely four days have passed of the week",
    "should be in a year, in five years, in ten years from now",
    "meeting for two days",
    "within 24 hours",
    "They may strike again.",
    "a march in the capital",
    "The Sun reported the attack.",
    "7 of the 15 drones were downed",
    "2 min read",
    "15 tweets",
    "temperatures below minus 20C (minus 4F)",
    "75 percent of all missiles",
    "at 22:45",
    "missiles for the Patriots",
    "The Sunday Times reported",
    "as the war nears its fourth full year",
    "a total of 2,022 drones",
    "in 2,000 homes",
    "Good Friday services",
    "not a ceasefire sometime in the future, in months",
    "more than 450 drones and 70 missiles",
    "both were only 18 years old",
    "nearly four years into the Russian invasion",
    "50 years since the Helsinki Final Act",
    "Seventeen million eight hundred thousand Ukrainians",
    "shelling on Mondays",
    "3 Mayors met in Augusta",
    "Theresa May said",
    "the October Revolution",
    "an interview with the Mail on Sunday",
    "the delegation came by overnight train",
    "after an overnight stay in Warsaw",
])
def test_not_dates(text):
    assert find_date_expressions(text) == []


@pytest.mark.parametrize("text, expression, future", [
    ("though it said the agreement is set to expire on Sunday.", "Sunday", True),
    ("Ukraine and Russia are due to continue peace talks on Sunday brokered by the U.S.",
     "Sunday", True),
    ("to refrain from striking Kyiv for a week, until Feb. 1, in order to", "for a week, until Feb. 1", True),
    ("Kremlin says Trump asked Putin to halt strikes on Kyiv to Feb. 1", "Feb. 1", True),
    ("delegations set to begin on Wednesday in Abu Dhabi", "Wednesday", True),
    ("The leaders will meet in Geneva on Friday.", "Friday", True),
    ("a new round is scheduled for Wednesday and Thursday", "Wednesday and Thursday", True),
    ("in the coming days, kits will be distributed", "the coming days", True),
    ("Talks resume tomorrow.", "tomorrow", True),
    ("ministers are set to meet in Brussels next week", "next week", True),
    ("Kremlin spokesman Dmitry Peskov told reporters Friday.", "Friday", False),
    ("infrastructure in several regions was hit on Thursday", "Thursday", False),
    ("Zelensky, who will visit Paris, spoke on Monday.", "Monday", False),
    ("trains were halted due to Russian drones on Tuesday", "Tuesday", False),
    ("It will be the first since talks broke down last week.", "last week", False),
    ("in fighting dating back to January", "January", False),
])
def test_future_marking(text, expression, future):
    found = {e.text: e.future for e in find_date_expressions(text)}
    assert found[expression] is future


def _mentions(text: str, anchor: Anchor) -> list[tuple]:
    return [(m.text, m.resolved.date_start, m.resolved.date_end, m.resolved.precision,
             m.resolved.method, m.future) for m in find_dates(text, anchor)]


@pytest.mark.parametrize("sentence, anchor, expected", [
    ("Ukraine and Russia are due to continue peace talks on Sunday brokered by the U.S. in the "
     "United Arab Emirates after meeting in Abu Dhabi for two days last week.", FRI,
     [("Sunday", D(2026, 2, 1), D(2026, 2, 1), "day", "relative", True),
      ("last week", D(2026, 1, 19), D(2026, 1, 25), "week", "relative", False)]),
    ("Meanwhile, a new round of trilateral peace talks between\u00a0Ukraine, the United States "
     "and Russia\u00a0is scheduled for Wednesday and Thursday in Abu Dhabi, while NATO defence "
     "ministers are set to meet in Brussels next week to discuss the war.", TUE,
     [("Wednesday and Thursday", D(2026, 2, 4), D(2026, 2, 5), "day", "relative", True),
      ("next week", D(2026, 2, 9), D(2026, 2, 15), "week", "relative", True)]),
    ("On the night of 3 February, Russia launched its largest strike this year, hitting "
     "Ukraine's energy infrastructure.", TUE,
     [("the night of 3 February", D(2026, 2, 3), D(2026, 2, 3), "day", "explicit", False),
      ("this year", D(2026, 1, 1), D(2026, 12, 31), "year", "relative", False)]),
    ("The last major Russian strikes on Ukrainian energy facilities were reported on Jan. 27 "
     "when Naftogaz infrastructure in western Ukraine was hit.", FRI,
     [("Jan. 27", D(2026, 1, 27), D(2026, 1, 27), "day", "explicit", False)]),
    ("The Ukrainian leader said on Friday that while there were no attacks on energy facilities "
     "overnight, infrastructure in several regions was hit on Thursday.", FRI,
     [("Friday", D(2026, 1, 30), D(2026, 1, 30), "day", "relative", False),
      ("overnight", D(2026, 1, 30), D(2026, 1, 30), "day", "relative", False),
      ("Thursday", D(2026, 1, 29), D(2026, 1, 29), "day", "relative", False)]),
    ("Kremlin says Trump asked Putin to halt strikes on Kyiv to Feb. 1", FRI,
     [("Feb. 1", D(2026, 2, 1), D(2026, 2, 1), "day", "explicit", True)]),
    ("Two weeks ago in Washington, it was stated that by this time the Russians should be ready "
     "for real negotiations.", day_anchor("2025-08-31"),
     [("Two weeks ago", D(2025, 8, 11), D(2025, 8, 17), "week", "relative", False)]),
    ("Ukraine has supported all of President Trump’s proposals, starting back in February.",
     day_anchor("2025-08-09"),
     [("February", D(2025, 2, 1), D(2025, 2, 28), "month", "explicit", False)]),
    ("NATO Secretary General Mark Rutte has said reaching a peace agreement will require "
     "\"difficult choices\", during a visit to Kyiv on Tuesday.", TUE,
     [("Tuesday", D(2026, 2, 3), D(2026, 2, 3), "day", "relative", False)]),
])
def test_seed_sentences(sentence, anchor, expected):
    assert _mentions(sentence, anchor) == expected


@pytest.mark.parametrize("name, expected", [
    ("003_355ab065c68c5c56.txt",
     ["Feb. 1", "Sunday", "for a week, until Feb. 1", "Friday", "Thursday", "Sunday", "last week", "late Thursday",
      "Friday", "overnight", "Thursday", "Jan. 27", "Tuesday", "Friday", "overnight", "Sunday",
      "2014", "this week"]),
    ("004_27d7ee679e7a8f07.txt",
     ["03.02.2026", "Tuesday", "3 February 2026", "3 February 2026", "overnight", "today",
      "Wednesday and Thursday", "next week"]),
    ("002_7f91a2f5f40fcb4f.txt",
     ["February 3, 2026", "the night of 3 February", "this year", "Wednesday"]),
])
def test_every_expression_of_a_seed(name, expected):
    text = (SEEDS / name).read_text("utf-8")
    assert [e.text for e in find_date_expressions(text)] == expected


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_offsets_sorted_and_disjoint_on_seeds(path):
    text = path.read_text("utf-8")
    expressions = find_date_expressions(text)
    assert expressions
    for e in expressions:
        assert text[e.start:e.end] == e.text
    for before, after in zip(expressions, expressions[1:]):
        assert before.end <= after.start


def test_find_dates_keeps_offsets_and_flags():
    text = "Talks are due on Sunday. Russia struck Kyiv yesterday."
    mentions = find_dates(text, FRI)
    assert [(text[m.start:m.end], m.future) for m in mentions] == [("Sunday", True),
                                                                   ("yesterday", False)]
    assert mentions[1].resolved == ResolvedDate(D(2026, 1, 29), D(2026, 1, 29), "day", "relative")


def test_override_applies_to_an_expression_object():
    (sunday,) = find_date_expressions("the meeting on Sunday")
    assert isinstance(sunday, DateExpression) and sunday.future is False
    assert resolve_date(sunday, FRI).date_start == D(2026, 1, 25)
    assert resolve_date(sunday, FRI, future=True).date_start == D(2026, 2, 1)


@pytest.mark.parametrize("text", ["for a week", "Russia struck Kyiv", "yesterday and today"])
def test_a_string_that_is_not_one_expression_is_refused(text):
    with pytest.raises(ValueError):
        resolve_date(text, TUE)


@pytest.mark.parametrize("text", [
    "3 February 2026", "February 3, 2026", "Feb. 3, 2026", "03.02.2026", "2026-02-03",
    "28 August 2025", "Sept. 4, 2025", "the 28th of August 2025",
])
def test_absolute_dates_agree_with_dateparser(text):
    """dateparser reads these forms well when told the day comes first: an independent oracle."""
    expected = dateparser.parse(text, languages=["en"], settings={"DATE_ORDER": "DMY"}).date()
    assert resolve_date(text, UNKNOWN_ANCHOR) == ResolvedDate(expected, expected, "day", "explicit")


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
anchors = st.dates(min_value=D(1995, 1, 1), max_value=D(2090, 12, 31)).map(
    lambda d: Anchor(d, "day", "manifest"))


@settings(max_examples=150, deadline=None)
@given(anchor=anchors, weekday=st.integers(0, 6), future=st.booleans())
def test_weekday_is_the_nearest_such_day_in_its_direction(anchor, weekday, future):
    resolved = resolve_date(f"on {WEEKDAYS[weekday]}", anchor, future=future)
    distance = (resolved.date_start - anchor.date).days
    assert resolved.date_start == resolved.date_end and resolved.date_start.weekday() == weekday
    assert (0 <= distance <= 6) if future else (-6 <= distance <= 0)


@settings(max_examples=150, deadline=None)
@given(anchor=anchors, month=st.integers(1, 12), dom=st.integers(1, 28), future=st.booleans())
def test_yearless_date_is_within_a_year_in_its_direction(anchor, month, dom, future):
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
    resolved = resolve_date(f"{dom} {names[month - 1]}", anchor, future=future)
    distance = (resolved.date_start - anchor.date).days
    assert (resolved.date_start.month, resolved.date_start.day) == (month, dom)
    assert (0 <= distance < 366) if future else (-366 < distance <= 0)


@settings(max_examples=100, deadline=None)
@given(anchor=anchors, weeks=st.integers(1, 12))
def test_weeks_ago_is_a_monday_to_sunday_week(anchor, weeks):
    resolved = resolve_date(f"{weeks} weeks ago", anchor)
    assert resolved.date_start.weekday() == 0
    assert (resolved.date_end - resolved.date_start).days == 6
    assert resolved.date_start <= anchor.date - dt.timedelta(weeks=weeks) <= resolved.date_end


@pytest.mark.parametrize("text", [
    "Zelensky to meet Putin on Tuesday\nThe talks were announced on Friday.",
    "Russia struck Kyiv overnight. On Monday, talks resumed in Geneva. Next week, more.",
    "He arrived on Feb. 1. Strikes halted for a week, until Feb. 8, officials said.",
])
def test_expressions_of_a_sentence_are_those_of_the_whole_text(text):
    """Reading one sentence (as extraction does) finds what reading the whole text finds
    inside it, future marks included: words before and after the sentence are seen."""
    from pipeline.text.sentences import split_sentences

    whole = find_date_expressions(text)
    for start, end in split_sentences(text):
        inside = [e for e in whole if start <= e.start and e.end <= end]
        alone = [e for e in find_date_expressions(text, start, end) if start <= e.start and e.end <= end]
        assert alone == inside
    assert whole  # the texts do hold dates


# Words that open or belong to date forms without being dates themselves, and the words
# a date cannot do without.
_DATE_LEADS = ["the", "The", "in", "on", "On", "since", "by", "from", "between", "and", "to", "until",
               "last", "Last", "next", "this", "This", "coming", "past", "recent", "few", "several",
               "early", "late", "mid-", "earlier", "later", "ago", "a", "an", "two", "of", "end",
               "spring", "summer", "night", "Night", "overnight", "morning", "evening", "afternoon",
               "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years",
               "today", "Today", "tonight", "yesterday", "tomorrow", "Tuesday", "Sunday’s", "Fri.",
               "Feb.", "September", "Sept", "May", "may", "3", "28th", "2026", "03.02.2026",
               "2026-02-03", "3/2/2026", "–", "-", ",", ".", "MONDAY", "WEEK", "monday", "june"]
# Words of every form, and words that open a group without making a date; joined by the
# characters that sit between them in dates ("4-5", "03.02.2026", "Feb.3", "mid-2025").
_SCANNER_WORDS = _DATE_LEADS + [
    "hours", "Hours", "minutes", "hour", "January", "Feb", "March", "Mar", "Mark", "Apr.", "June", "Jul", "Aug.", "Sep.", "Sept.",
    "October", "Nov", "December", "Monday", "Mon.", "Tues.", "Wednesday", "Thurs", "Thu",
    "Saturday", "Sat", "Sun", "Friday’s", "Fri", "between", "through", "throughout", "during",
    "before", "after", "till", "back", "as", "starting", "early", "half", "first", "second",
    "start", "beginning", "middle", "autumn", "fall", "winter", "Mail", "Good", "Times",
    "one", "four", "thirteen", "twenty", "coming", "upcoming", "or", "at", "of", "00", "1",
    "02", "12", "13", "24", "31st", "1999", "2014", "2022", "2025", "20", "1,000", "2.5",
    "2/13/2026", "13.02.2026", "%",
]
_SEPARATORS = [" ", " ", " ", "", "  ", "\n", ", ", "-", "–", ".", ". ", "/", "’s "]


def _form_texts() -> st.SearchStrategy[str]:
    """Strings that one of the scanner's forms matches, with its required preposition."""
    from pipeline.dates import _FORMS, _cased, _unnamed

    def pattern(form):
        prefix = rf"{_unnamed(form.prefix)}\s+" if form.prefix else ""
        return _cased(prefix + _unnamed(form.core))

    return st.one_of([st.from_regex(pattern(form), fullmatch=True) for form in _FORMS])


_FORM_TEXTS = _form_texts()
_PIECES = st.one_of(st.sampled_from(_SCANNER_WORDS), _FORM_TEXTS, _FORM_TEXTS)  # forms twice as often


@functools.cache
def _reference_scanner():
    """The scanner as first written, with each group's first word by its first letters
    and nothing past it: the reference for the shortcuts of _scanner."""
    import re

    from pipeline.dates import _NUMBER_WORDS, _cased, _group_branches

    def either_case(*words):
        return "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words) + r")\b"

    leads = (
        r"\d", "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
        "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
        either_case("the"), either_case("from", "between"),
        either_case("in", "since", "until", "till", "by", "through", "throughout", "during",
                    "before", "after", "back", "as", "starting", "on"),
        either_case("that"), either_case("a", "an"), either_case("several", "some", "days", "weeks", "hours", "minutes"),
        either_case("early", "late", "mid", "earlier", "later"),
        either_case("last", "next", "this", "coming"), either_case(*_NUMBER_WORDS),
        either_case("today", "tonight", "yesterday", "tomorrow", "overnight"),
        either_case("recent"), either_case("spring", "summer", "autumn", "fall", "winter"),
    )
    return re.compile(_cased(r"(?<!\w)(?:" + "|".join(_group_branches(list(leads))) + ")"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.sampled_from(_SEPARATORS)), max_size=8))
def test_scanner_shortcuts_change_nothing(pieces):
    """The scanner's look-aheads for a group's first word and the word after it only
    spare work: the scanner without them finds the same matches, form by form."""
    from pipeline.dates import _scanner

    text = "".join(word + separator for word, separator in pieces)
    found = [(m.span(), m.lastgroup, m.regs) for m in _scanner().finditer(text)]
    assert found == [(m.span(), m.lastgroup, m.regs) for m in _reference_scanner().finditer(text)]


_CLAUSE_BREAK_WORDS = st.sampled_from([
    "that", "That", "THAT", "tHat", "which", "who", "Whom", "whose", "when", "where", "while",
    "after", "since", "ſince", "because", "although", "though", "but"])
_OTHER_WORDS = st.sampled_from(["afterwards", "butter", "rebut", "but_", "will", "said", "on", "a",
                                "K", "é", "5", "x", "'", "-", "_"])
_PUNCTUATION = st.sampled_from(list(".,;:!?()[]—–“”\""))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.one_of(_OTHER_WORDS, _OTHER_WORDS, _CLAUSE_BREAK_WORDS, _PUNCTUATION),
                          st.sampled_from(["", "", " ", "  ", "\n", "\t", "\u00a0"])), max_size=12))
@example([("said", ""), (".", " "), ("on", " ")])
@example([("5", ""), (".", "\t"), ("a", "")])
@example([("Who", " "), ("will", " "), ("rebut", "")])
def test_the_nearest_clause_break_is_the_last_one_read_forwards(pieces):
    """Future marking reads the clause after the last break before an expression; it
    searches the reversed window, which must find the break a forward reading ends with."""
    import re

    from pipeline.dates import _CLAUSE_BREAK_BACKWARDS

    forwards = re.compile(
        r"(?i)[;:!?\n()\[\]—–,“”\"]|(?<=[a-z0-9])\.(?=\s)"
        r"|\b(?:that|which|who|whom|whose|when|where|while|after|since|because|although|though|but)\b")
    window = "".join(piece + separator for piece, separator in pieces)
    last_end = 0
    for brk in forwards.finditer(window):
        last_end = brk.end()
    nearest = _CLAUSE_BREAK_BACKWARDS.search(window[::-1])
    assert (len(window) - nearest.start() if nearest else 0) == last_end


# A phrase for each word that may follow a group's first word (_GROUPS, "then").
_GROUP_PHRASES = [
    # a number
    "28th of August", "3 February", "23-24 January", "23—24 Jan", "4 to 5 February",
    "4 until 6 May", "4 till 6 May", "4 through 6 May", "4 and 5 May", "2026-02-03",
    "03.02.2026", "3/2/2026", "2022–2024", "2022 - 2024", "4 days ago", "3 weeks earlier",
    "12 months ago", "2 years ago", "1st Sept. 2025",
    # a month or weekday name
    "September 4", "Sept. 4", "Sept 4-5", "Sep 4", "May 2025", "March 3, 2026", "Jan. 23–24",
    "Thurs, Feb 3", "Tues. 4 March", "Thur. February 5", "Mon, 2 March 2026", "Sat 3 Jan",
    "Wednesday and Thursday", "Sunday night", "Friday’s talks",
    # the
    "the 28th of August", "the night of 2-3 February", "the day before yesterday",
    "the day after tomorrow", "the past week", "the last few days", "the past two days",
    "the coming days", "the next two days", "the end of January", "the start of 2025",
    "the beginning of March", "the middle of 2024", "the first half of 2025",
    "the second half of May", "the first days of March", "the last days of March",
    "the summer of 2024", "the spring of 2023", "the autumn of 2022", "the fall of 2021",
    "the winter of 2020",
    # a preposition
    "from 4 to 5 February", "between Jan. 23 and 24", "from Monday to Friday",
    "between 2014 and 2022", "from 2014", "from January", "from Monday", "from early 2025",
    "from the end of January", "from mid-2025", "from late January", "from the summer of 2024",
    "from this coming Monday", "from next January", "from last March", "in 2025", "since 2014",
    "until Friday", "till March", "by 2026", "through June", "throughout 2024",
    "during January", "before Monday", "after Tuesday", "back to January", "back in 2019",
    "as of Monday", "as of 2025", "starting in January", "starting 2026", "as early as 2014",
    "as early as the summer of 2014", "on Tuesday", "on late Tuesday", "on early Tuesday",
    "on this coming Monday", "on this past Sunday", "on coming Monday", "on next Monday",
    "on last Friday", "on this Friday", "in early 2025", "in late January", "in mid-2025",
    "in mid January", "in the end of 2024", "in the first half of 2025",
    "in the last days of March", "in last January", "in next March", "in this January",
    "since the start of 2025", "during the winter of 2022", "in spring of 2025",
    # early, late, mid
    "mid-2025", "mid 2025", "mid-January", "early January", "late January 2026",
    "early 2025", "late last year", "earlier this week", "later this month", "early next week",
    "mid-next week", "earlier today", "later tonight", "early tomorrow", "late yesterday",
    "late Thursday", "early next Monday", "late this coming Monday", "early coming Monday",
    "early last Friday", "late this Friday", "early last January", "late next March",
    "mid last January",
    # last, next, this, coming
    "last week", "this weekend", "next month", "last year", "this morning", "this afternoon",
    "this evening", "last night", "this coming Monday", "this past Sunday", "coming Monday",
    "next Tuesday", "last Friday", "last January", "next March",
    # a number word, a day word, recent, a season
    "a day ago", "two weeks ago", "a year earlier", "thirteen months ago", "One week ago",
    "today", "tonight", "yesterday morning", "tomorrow", "overnight", "recent days",
    "recent weeks", "spring of 2025", "Summer of 2024", "autumn of 2023", "fall of 2022",
    "winter of 2021",
    # the night ending on a day; days counted from another event; a month of a year
    "overnight into Tuesday", "overnight to Sunday", "in the early hours of Sunday",
    "the early hours of 3 February", "the next day", "the following morning", "the day before",
    "the day after", "the previous evening", "that night", "two days later", "a week later",
    "3 days later", "October of last year", "in October of last year", "since May of 2024",
]


@pytest.mark.parametrize("phrase", _GROUP_PHRASES)
def test_scanner_shortcuts_keep_every_group_phrase(phrase):
    """The scanner matches each phrase as the scanner without shortcuts does: one phrase
    for each word a shortcut lets through, at the start, inside and after a sentence."""
    from pipeline.dates import _scanner

    for text in (phrase, f"He said {phrase}.", f"{phrase[0].upper()}{phrase[1:]}, he said"):
        found = [(m.span(), m.lastgroup, m.regs) for m in _scanner().finditer(text)]
        assert found, text
        assert found == [(m.span(), m.lastgroup, m.regs) for m in _reference_scanner().finditer(text)]
