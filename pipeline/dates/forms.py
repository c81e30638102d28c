"""What a date expression says, independent of any anchor (DateForm), and where it stands (DateExpression)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass


# --------------------------------------------------------------------------------------
# Data types
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateForm:
    """What an expression says, independent of any anchor.

    kind            fields used
    date            year (None: yearless), month, day
    date_span       year, month, day .. end_year, end_month, end_day
    month           year (None: yearless), month; offset -1/+1 for "last/next January"
    year            year .. end_year
    weekday         weekday (0 = Monday); offset -1 "last", +1 "next", 0 plain
    weekday_span    weekday .. end_weekday; wrap: "from Sunday to Sunday" is 8 days
    days            offset (days from the anchor)
    day_range       offset .. end_offset (days from the anchor), precision
    event_days      offset (days from another event the text told: "the next day",
                    "two days later"; read from the anchor when there is none)
    weeks|weekend|months|years   offset (calendar units from the anchor's own)
    tense           "past"/"future" when the words themselves say so ("last", "next",
                    "ago", "tomorrow", "coming"), else ""
    lead_days       a duration that ends on the date ("for a week, until Feb. 1"): the
                    interval is the lead_days days ending there
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    end_weekday: int | None = None
    offset: int = 0
    end_offset: int = 0
    wrap: bool = False
    precision: str = "day"
    tense: str = ""
    lead_days: int = 0  # "for a week, until Feb. 1": the 7 days that end on the date
    year_offset: int | None = None  # "October of last year": the month in the anchor's year -1
    part: str = ""  # "earlier"/"later" this month or year: the part before or after the anchor
    week_of_month: int = 0  # "the second week of May": 2; "the last week of May": -1
    year_told_before: bool = False  # "May of that year": the year the text named last

    @property
    def absolute(self) -> bool:
        return self.kind in ("date", "date_span", "month", "year")


@dataclass(frozen=True)
class DateExpression:
    start: int
    end: int
    text: str
    future: bool = False   # the expression itself or its immediate context marks the future
    form: DateForm | None = None  # anchor-independent parse (None only if built by hand)
