"""Finding date expressions in English news text and resolving them against an anchor.

Two steps, so each distinct expression is parsed once whatever its anchor:
  find_date_expressions(text)           -> anchor-independent DateExpression spans
  resolve_date(expression, anchor, ...) -> ResolvedDate (plain date arithmetic)
find_dates(text, anchor) does both, for the CLI and callers that want mentions.

How it works. One compiled regular expression scans the text for every form (_FORMS),
grouped by the first word a form can start with and the word that must follow it
(_GROUPS), so that an ordinary word, or "in the", fails fast. Each form has a "core" (the
span that is reported) and, for forms that are only dates after a preposition ("in
January", "since 2014", "on Tuesday" before a capitalised word), a required preposition
kept out of the span. The core of each match is parsed once (lru_cache on the form and
the text) into a DateForm: a small anchor-independent description such as "weekday 1" or
"calendar week, offset -1". Resolving a DateForm against an anchor is then date
arithmetic. On the seed texts the scan runs at roughly 1.4 million words per second on
this project's machines.

Why not dateparser here. The scanner already splits every candidate into day, month
and year, so `datetime.date` validates it exactly; `dateparser.parse` would cost about
1.3 ms per distinct string (350 ms for the first call) and gets the relative forms of
news text wrong (weekday of the anchor a week back, "Feb. 1" split at its period,
"four days" read as "four days ago"; see NOTES.md). The tests use dateparser as an
independent oracle for the absolute forms it does read correctly.

Decisions (EVENTS.md "Dates" is the contract):
- Spans leave out a leading on/in/at/since/until/by: those words are context (they can
  mark the future), not part of the date. "from … to", "between … and" and
  "the night of" are part of a span's meaning and are kept.
- Dotted numeric dates are day-first (03.02.2026 = 3 February). Slash dates are
  day-first too unless the second number cannot be a month (2/13/2026 = 13 February),
  since the war's English-language sources are mostly European or wire copy.
- Yearless dates and months take the year that puts them nearest on or before the
  anchor, or on or after it when future-marked; the anchor's own day (month) counts
  for both directions. Such dates keep the method "explicit".
- Weekdays: nearest such day on or before the anchor (past) or on or after it
  (future); "last"/"next" Tuesday never mean the anchor day itself.
- "last night", "overnight", "tonight", "this morning" are the anchor day (night
  attacks are dated to the morning they end); "the night of 2-3 February" is 3 February.
- Weeks are calendar weeks Monday-Sunday: "two weeks ago" is the week holding the day
  14 days before the anchor; "a week ago" the week holding the day 7 days before.
- Modifiers ("early", "late", "earlier this", "the end of") keep the whole period.
- Rolling periods: "the past week" is the seven days ending on the anchor, "the coming
  days" the seven days after it (precision week), "the coming weeks"/"recent weeks"
  four weeks (precision month).
- A non-day anchor (a manifest "2025-09": date = the period's last day) is a period.
  Past-looking forms count back from its last day, future-looking ones forward from its
  first day, and a relative result finer than the anchor is widened to the anchor's
  unit ("yesterday" against September 2025 is September 2025, precision month).
- Durations are not dates: "for a week", "four days", "in five years", "24 hours".
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from typing import Callable

from .. import lang
from ..model import Anchor, DateMention, ResolvedDate

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


# --------------------------------------------------------------------------------------
# Calendar words
# --------------------------------------------------------------------------------------

# Month and weekday names are matched capitalised only, which keeps out "may" the verb
# and "a march"; other words in lower case or capitalised (see _cased).
_CALENDAR = lang.language("en")["calendar"]
_MONTH_FULL_NAMES = tuple(_CALENDAR["months"])
# longest first: "Sept" before "Sep"
_MONTH_SHORT_NAMES = tuple(sorted((a for forms in _CALENDAR["month_abbreviations"] for a in forms),
                                  key=lambda a: (-len(a), a)))
_WEEKDAY_FULL_NAMES = tuple(_CALENDAR["weekdays"])
_WEEKDAY_SHORT_NAMES = tuple(a for forms in _CALENDAR["weekday_abbreviations"] for a in forms)
# Looked up by a name's first three letters, lower-cased ("sept." → "sep").
_MONTH_NUMBERS = {name.lower()[:3]: i for i, name in enumerate(_MONTH_FULL_NAMES, 1)}
_WEEKDAY_NUMBERS = {name.lower()[:3]: i for i, name in enumerate(_WEEKDAY_FULL_NAMES)}
# Counts of days, weeks, months: "two weeks ago", "for three days".
_NUMBER_WORDS = {word: n for word, n in lang.language("en")["numbers"]["words"].items()
                 if " " not in word and n <= 30 and word not in ("single", "dozen")}
_MONTH = (rf"(?:(?:{'|'.join(_MONTH_FULL_NAMES)})\b|(?:{'|'.join(_MONTH_SHORT_NAMES)})\b\.?)")
_WEEKDAY = rf"(?:{'|'.join(_WEEKDAY_FULL_NAMES)})\b"
_WEEKDAY_ABBR = rf"(?:{'|'.join(_WEEKDAY_SHORT_NAMES)})\.?"
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_TIME_OF_DAY = r"(?i:morning|afternoon|evening|night)"
# "early February", "mid-2025", "the end of January", "the summer of 2024": whole period.
_PERIOD_MODIFIER = (r"(?i:early|late|mid-|mid|the\s+(?:end|start|beginning|middle|first\s+half"
                    r"|second\s+half|first\s+days|last\s+days)\s+of"
                    r"|(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+of)")
# Words after which a bare month or year is a date: "in January", "since 2014".
_PREPOSITION = (r"(?i:in|since|until|till|by|from|through|throughout|during|before|after"
                r"|back\s+to|back\s+in|as\s+of|starting|starting\s+in|as\s+early\s+as)")
# Before a weekday: "on Tuesday" is a date even when a capitalised word follows.
_WEEKDAY_PREPOSITION = r"(?<!Mail )(?i:on|since|until|till|by|before|after|from|through|as\s+of)"
# A capitalised word after a bare weekday makes it a name ("the Sunday Times").
_NOT_A_NAME = r"(?!\s+[A-Z][a-z])(?!['’]s\s+[A-Z][a-z])"
# Named days that are not the weekday before the anchor.
_NAMED_DAYS = "".join(f"(?<!{w} )" for w in (
    "Good", "Black", "Bloody", "Holy", "Easter", "Palm", "Ash", "Cyber", "Super", "Great",
    "Maundy", "Whit", "Shrove", "Orthodox")) + "(?<!Mail on )"  # the Mail on Sunday


def _day(n: int) -> str:
    return rf"(?<![\d.,:/])(?P<d{n}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"


def _mon(n: int) -> str:
    return rf"(?P<m{n}>{_MONTH})"


def _year(n: int) -> str:
    # "2,022", "20225" and "2026%" are not years
    return (rf"(?P<y{n}>(?:19|20)\d\d)(?![\d])(?![.,]\d)"
            r"(?!\s*(?:%|(?i:percent|per\s+cent)\b))")


_OPT_YEAR = rf"(?:,?\s+{_year(1)})?"
# A weekday followed by a date belongs to that date ("on Tuesday, 3 February 2026").
_NOT_BEFORE_DATE = rf"(?!,?\s+(?:{_MONTH}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}))"
_WEEKDAY_LEAD = rf"(?:(?:{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?"  # "Tuesday, February 3, 2026"
_SPAN_JOIN = r"(?:\s*[-–—]\s*|\s+(?i:to|until|till|through|and)\s+)"

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
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 was a leap year: yearless 29 Feb is valid
    except ValueError:
        return False
    return True


def _parse_date(g: Groups) -> DateForm | None:
    year, month, day = _int(g.get("y1")), _month_number(g["m1"]), int(g["d1"])
    return DateForm("date", year, month, day) if _valid(year, month, day) else None


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


def _parse_month(g: Groups) -> DateForm | None:
    relation = (g.get("rel") or "").lower()
    offset = {"last": -1, "next": 1}.get(relation, 0)
    tense = {"last": "past", "next": "future"}.get(relation, "")
    return DateForm("month", _int(g.get("y1")), _month_number(g["m1"]), offset=offset, tense=tense)


def _parse_year(g: Groups) -> DateForm | None:
    year, end_year = int(g["y1"]), _int(g.get("y2"))
    if end_year is not None and not (year < end_year <= year + 30):
        return None
    return DateForm("year", year, end_year=end_year or year)


def _parse_month_of_year(g: Groups) -> DateForm | None:
    if g.get("y1"):
        return DateForm("month", int(g["y1"]), _month_number(g["m1"]))
    relation = (g.get("yrel") or "").lower()
    offset = {"last": -1, "next": 1}.get(relation, 0)
    tense = {"last": "past", "next": "future"}.get(relation, "")
    return DateForm("month", None, _month_number(g["m1"]), year_offset=offset, tense=tense)


_EVENT_DIRECTIONS = {"next": 1, "following": 1, "after": 1, "later": 1, "afterwards": 1,
                     "previous": -1, "preceding": -1, "before": -1, "that": 0}


def _parse_event_days(g: Groups) -> DateForm | None:
    direction = next((_EVENT_DIRECTIONS[w.lower()] for w in (g.get("dir"), g.get("dir2"), g.get("dir3"))
                      if w), 0)
    count = _count(g["n"]) if g.get("n") and g["n"].lower() not in ("a", "an") else 1
    unit = 7 if (g.get("unit") or "").lower().startswith("week") else 1
    return DateForm("event_days", offset=direction * count * unit)


_WEEKDAY_RELATIONS = {
    "last": (-1, "past"), "this past": (0, "past"),
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
    relation = g["rel"].lower()
    offset = {"last": -1, "this": 0, "next": 1}[relation]
    tense = {"last": "past", "next": "future"}.get(relation, "")
    mod = (g.get("mod") or "").lower()
    if mod == "earlier":
        tense = "past"
    part = mod if mod in ("earlier", "later") and offset == 0 else ""
    return DateForm(_UNIT_KINDS[g["unit"].lower()], offset=offset, tense=tense, part=part)


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
    if (g.get("unit") or "").lower() == "weeks":
        return DateForm("day_range", offset=1, end_offset=28, precision="month", tense="future")
    return DateForm("day_range", offset=1, end_offset=7, precision="week", tense="future")


def _parse_night(g: Groups) -> DateForm | None:
    """ "the night of 2-3 February" ends on 3 February: night events take the morning."""
    inner = _parse_whole(g["inner"])
    if inner is None:
        return None
    if inner.kind == "date_span":
        return DateForm("date", inner.end_year, inner.end_month, inner.end_day)
    if inner.kind == "weekday_span":
        return DateForm("weekday", weekday=inner.end_weekday)
    return inner


# --------------------------------------------------------------------------------------
# The forms. The scanner looks at the first word of a possible expression and tries only
# the forms that can start with it (a group per kind of first word, see _GROUPS): one
# pattern, but a word like "strike" costs one failed look-ahead (_first_words), not a try
# of every form. Within a group, forms are tried in order, longest first.
# --------------------------------------------------------------------------------------

# Word patterns below are written (?i:…), but compiled by _cased as "each word in lower
# case or capitalised" ("Last week" opens a sentence; ALL CAPS is not read). Python's
# matcher skips an alternative whose first step is a plain character that does not
# match, but tries every case-insensitive one: this keeps ordinary words cheap.
_WORD_START = re.compile(r"(?<![\\<\w])([a-z])")


def _cased(pattern: str) -> str:
    """Every (?i:…) group of `pattern` with each word's first letter as [Xx]."""
    out, position = [], 0
    while (start := pattern.find("(?i:", position)) >= 0:
        depth, i = 0, start
        while True:  # the group's closing parenthesis
            char = pattern[i]
            if char == "\\":
                i += 2
                continue
            depth += (char == "(") - (char == ")")
            i += 1
            if depth == 0:
                break
        assert "(?i:" not in pattern[start + 4:i - 1], "nested (?i: groups are not supported"
        body = _WORD_START.sub(lambda m: f"[{m[1].upper()}{m[1]}]", pattern[start + 4:i - 1])
        out.append(pattern[position:start] + "(?:" + body + ")")
        position = i
    return "".join(out) + pattern[position:]


# The scanner joins all forms into one pattern, where group names must be unique.
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _unnamed(pattern: str) -> str:
    return _GROUP_NAME.sub("(?:", pattern)


@dataclass(frozen=True)
class _Form:
    core: str        # pattern of the reported span, with named groups for its parser
    parse: Callable[[Groups], DateForm | None]
    prefix: str = ""  # required context before the span, not part of it


def _either(g: Groups, name: str) -> Groups:
    """Forms that spell one field in two places (name, name2) hand the parser one."""
    return {**g, name: g.get(name) or g.get(name + "2")}


_FROM = r"(?i:from|between)\s+"
_DMY_SPAN = (rf"{_day(1)}(?:\s+{_mon(1)})?{_SPAN_JOIN}{_day(2)}\s+{_mon(2)}"
             rf"(?:,?\s+{_year(2)})?")
_MDY_SPAN = rf"{_mon(1)}\s+{_day(1)}{_SPAN_JOIN}(?:{_mon(2)}\s+)?{_day(2)}(?:,?\s+{_year(2)})?"
_DMY = rf"{_WEEKDAY_LEAD}(?:(?i:the)\s+)?{_day(1)}(?:\s+(?i:of))?\s+{_mon(1)}{_OPT_YEAR}"
_MDY = rf"{_WEEKDAY_LEAD}{_mon(1)}\s+{_day(1)}{_OPT_YEAR}"
_WD_SPAN = (rf"(?P<w1>{_WEEKDAY})(?P<join>\s*[-–]\s*|\s+(?i:to|through|till|until|and|or)\s+)"
            rf"(?P<w2>{_WEEKDAY})(?:\s+{_TIME_OF_DAY}\b)?")
_WD_RELATION = r"(?i:last|next|this\s+coming|this\s+past|coming)"
_WD_CORE = (rf"(?:(?i:late|early)\s+)?(?:(?P<rel>{_WD_RELATION}|(?i:this))\s+)?"
            rf"(?P<w1>{_WEEKDAY}){_NOT_BEFORE_DATE}(?:\s+{_TIME_OF_DAY}\b)?")
_WD_MODIFIED = (rf"(?:(?i:late|early)\s+(?:(?P<rel>{_WD_RELATION}|(?i:this))\s+)?"
                rf"|(?P<rel2>{_WD_RELATION})\s+)"
                rf"(?P<w1>{_WEEKDAY}){_NOT_BEFORE_DATE}(?:\s+{_TIME_OF_DAY}\b)?")
_NO_DAY_AFTER = r"(?![\w-])(?!\.?\s*\d)"  # "in Feb. 3" is a day, not the month
_MONTH_CORE = (rf"(?:{_PERIOD_MODIFIER}\s*)?(?:(?P<rel>(?i:last|next|this))\s+)?{_mon(1)}"
               rf"{_NO_DAY_AFTER}")
_MONTH_MODIFIED = (rf"(?:{_PERIOD_MODIFIER}\s*(?:(?P<rel>(?i:last|next|this))\s+)?"
                   rf"|(?P<rel2>(?i:last|next))\s+){_mon(1)}{_NO_DAY_AFTER}")
_NOT_A_RANGE = r"(?!\s*[-–]\s*\d)"

NIGHT = _Form(r"(?i:the\s+night\s+of)\s+(?P<inner>" + "|".join(
    f"(?:{_unnamed(p)})" for p in (_DMY_SPAN, _MDY_SPAN, _DMY, _MDY, _WD_SPAN, _WEEKDAY)) + ")",
    _parse_night)                                       # "the night of 2-3 February"
# "overnight into Tuesday", "in the early hours of Sunday"
NIGHT_INTO = _Form(r"(?i:overnight\s+(?:into|to|on)|(?:in\s+)?the\s+(?:early|small|first)\s+hours\s+of)"
                   r"\s+(?P<inner>" + "|".join(
    f"(?:{_unnamed(p)})" for p in (_DMY_SPAN, _MDY_SPAN, _DMY, _MDY, _WD_SPAN, _WEEKDAY)) + ")",
    _parse_night)
# "the next day", "the day before", "that night", "two days later", "a week later"
EVENT_DAYS = _Form(rf"(?i:the\s+(?P<dir>next|following|previous|preceding)\s+(?:day|morning|afternoon|evening|night)"
                   r"|the\s+day\s+(?P<dir2>before|after)(?!\s+(?:yesterday|tomorrow))"
                   r"|(?P<dir3>that)\s+(?:day|night|morning|afternoon|evening)"
                   rf"|(?P<n>{_NUMBER}|a|an)\s+(?P<unit>days?|weeks?)\s+(?P<dir4>later|afterwards))\b",
                   lambda g: _parse_event_days({**g, "dir3": g.get("dir3") or g.get("dir4")}))
_MONTH_OF_YEAR = rf"{_mon(1)}\s+(?i:of)\s+(?:(?P<yrel>(?i:last|next|this))\s+(?i:year)\b|{_year(1)})"
MONTH_OF_YEAR = _Form(_MONTH_OF_YEAR, _parse_month_of_year)  # "October of last year"
MONTH_OF_YEAR_PREP = _Form(_MONTH_OF_YEAR, _parse_month_of_year, prefix=_PREPOSITION)
DMY_SPAN = _Form(rf"(?:{_FROM})?{_DMY_SPAN}", _parse_date_span)  # "from 4 to 5 February"
MDY_SPAN = _Form(rf"(?:{_FROM})?{_MDY_SPAN}", _parse_date_span)  # "Jan. 23–24"
DMY = _Form(_DMY, _parse_date)                          # "3 February 2026", "the 28th of August"
MDY = _Form(_MDY, _parse_date)                          # "February 3, 2026", "Feb. 1", "Sep 4"
ISO = _Form(rf"(?<![\d.,/-]){_year(1)}-(?P<mn>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12]\d|3[01])(?![\d-])",
            _parse_numeric)                             # "2026-02-03"
DOTTED = _Form(rf"(?<![\d.,/-])(?P<d1>0?[1-9]|[12]\d|3[01])\.(?P<mn>0?[1-9]|1[0-2])\.{_year(1)}",
               _parse_numeric)                          # "03.02.2026"
SLASHED = _Form(rf"(?<![\d.,/-])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_year(1)}(?!/)",
                _parse_slash)                           # "3/2/2026"
MONTH_YEAR = _Form(rf"(?:{_PERIOD_MODIFIER}\s*)?{_mon(1)},?\s+{_year(1)}",
                   _parse_month)                        # "February 2026", "late January 2026"
YEAR_FROM = _Form(rf"{_FROM}{_year(1)}\s+(?i:to|and|until|till|through)\s+{_year(2)}",
                  _parse_year)                          # "between 2014 and 2022"
YEAR_DASH = _Form(rf"(?<![\d.,/-]){_year(1)}\s*[-–]\s*{_year(2)}", _parse_year)  # "2022–2024"
YEAR_PREP = _Form(rf"(?:{_PERIOD_MODIFIER}\s*)?{_year(1)}{_NOT_A_RANGE}", _parse_year,
                  prefix=_PREPOSITION)                  # "in 2025", "since 2014"
YEAR_MODIFIED = _Form(rf"{_PERIOD_MODIFIER}\s*{_year(1)}{_NOT_A_RANGE}",
                      _parse_year)                      # "early 2025", "mid-2025"
WD_SPAN = _Form(rf"(?:{_FROM})?{_WD_SPAN}", _parse_weekday_span)  # "Wednesday and Thursday"
TWO_DAYS = _Form(r"(?i:the\s+day\s+(?P<which>before)\s+yesterday"
                 r"|the\s+day\s+(?P<which2>after)\s+tomorrow)",
                 lambda g: _parse_two_days(_either(g, "which")))
AGO = _Form(rf"(?P<n>(?i:{_NUMBER}))\s+(?P<unit>(?i:days?|weeks?|months?|years?))"
            r"\s+(?i:ago|earlier)\b", _parse_ago)       # "two weeks ago", "a year ago"
ROLLING_PAST = _Form(rf"(?i:the\s+(?:past|last)\s+(?:(?P<n>{_NUMBER})\s+days|(?:few|several)\s+days"
                     r"|seven\s+days|week)|recent\s+(?P<unit>days|weeks))\b",
                     _parse_rolling_past)               # "the past week", "recent days"
ROLLING_FUTURE = _Form(rf"(?i:the\s+(?:coming|next)\s+(?:(?P<n>{_NUMBER})\s+days"
                       r"|(?:few\s+|several\s+)?days|(?P<unit>weeks)|week))\b",
                       _parse_rolling_future)           # "the coming days"
CALENDAR_UNIT = _Form(r"(?:(?P<mod>(?i:earlier|later|early|late))\s+|(?i:mid-))?"
                      r"(?P<rel>(?i:this|last|next))\s+(?P<unit>(?i:weekend|week|month|year))\b",
                      _parse_calendar_unit)             # "last week", "earlier this year"
DAY_WORD = _Form(r"(?:(?i:earlier|later|early|late)\s+)?"
                 r"(?P<word>(?i:today|tonight|yesterday|tomorrow))\b"
                 rf"(?:\s+{_TIME_OF_DAY}\b)?", _parse_day_word)  # "yesterday", "earlier today"
ANCHOR_DAY = _Form(r"(?i:this\s+(?:morning|afternoon|evening)|(?P<past>last\s+night)|overnight)\b",
                   _parse_anchor_day)                   # "last night", "overnight"
WD_PREP = _Form(_WD_CORE, _parse_weekday, prefix=_WEEKDAY_PREPOSITION)  # "on Tuesday"
WD_MODIFIED = _Form(_WD_MODIFIED, lambda g: _parse_weekday(_either(g, "rel")))  # "late Thursday"
WD_BARE = _Form(rf"{_NAMED_DAYS}(?P<w1>{_WEEKDAY}){_NOT_BEFORE_DATE}(?:\s+{_TIME_OF_DAY}\b)?"
                rf"{_NOT_A_NAME}", _parse_weekday)      # "told reporters Friday", "Sunday’s"
MONTH_PREP = _Form(_MONTH_CORE, _parse_month, prefix=_PREPOSITION)  # "in January"
MONTH_MODIFIED = _Form(_MONTH_MODIFIED, lambda g: _parse_month(_either(g, "rel")))  # "late January"

_FORMS: tuple[_Form, ...] = (
    NIGHT_INTO, EVENT_DAYS, MONTH_OF_YEAR, MONTH_OF_YEAR_PREP, NIGHT, DMY_SPAN, MDY_SPAN, DMY, MDY, ISO, DOTTED, SLASHED, MONTH_YEAR, YEAR_FROM, YEAR_DASH,
    YEAR_PREP, YEAR_MODIFIED, WD_SPAN, TWO_DAYS, AGO, ROLLING_PAST, ROLLING_FUTURE, CALENDAR_UNIT,
    DAY_WORD, ANCHOR_DAY, WD_PREP, WD_MODIFIED, WD_BARE, MONTH_PREP, MONTH_MODIFIED,
)


# A group's first word, as (pattern of its first character, pattern of the rest).
Lead = tuple[tuple[str, str], ...]
# Every spelling of a month or weekday name that the forms match.
_MONTH_NAMES = _MONTH_FULL_NAMES + _MONTH_SHORT_NAMES
_WEEKDAY_NAMES = _WEEKDAY_FULL_NAMES + _WEEKDAY_SHORT_NAMES
_SEASONS = tuple(_CALENDAR["seasons"])


def _words(*words: str) -> Lead:
    """Whole words, with either case of the first letter."""
    return tuple((first, word[1:] + r"\b") for word in words for first in (word[0].upper(), word[0]))


def _names(*names: str) -> Lead:
    """Whole capitalised words."""
    return tuple((name[0], name[1:] + r"\b") for name in names)


@dataclass(frozen=True)
class _Group:
    """Forms that start with the same kind of word."""
    lead: Lead
    forms: tuple[_Form, ...]
    # What every form of the group has right after the first word: the next word, or
    # its first letters. Only a shortcut past words that open no date ("in the", "Mark",
    # "20C"), so it must hold wherever one of the forms matches: the tests compare the
    # scanner with one that has no shortcuts.
    then: str = ""

    @property
    def pattern(self) -> str:
        return "(?:" + "|".join(first + rest for first, rest in self.lead) + ")" + self.then


_MONTH_OR_WEEKDAY = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
# "the end of", "the first half of", "the last days of", "the summer of"
_PERIOD_AFTER_THE = ("end|start|beginning|middle|first|second|last|early|small|night|"
                     + "|".join(_SEASONS))
# After a preposition: a year, a month or weekday, a word that modifies one ("early",
# "the end of", "last", "this coming"), or the rest of the preposition ("back to",
# "as of", "as early as", "starting in").
_AFTER_PREPOSITION = (rf"\s+(?:\d|{_MONTH_OR_WEEKDAY}|(?i:the)\s+(?i:{_PERIOD_AFTER_THE})"
                      rf"|(?i:{'|'.join(_SEASONS)}|early|late|mid|last|next|this|coming|to|in|of))")

_GROUPS: tuple[_Group, ...] = (
    _Group(((r"\d", ""),), (DMY_SPAN, DMY, ISO, DOTTED, SLASHED, YEAR_DASH, AGO, EVENT_DAYS),
           # "28th of", "3 February", "23-24", "4 to 5", "2026-02-03", "03.02.2026",
           # "3/2/2026", "2022–2024", "4 days ago"
           r"\d*(?:st|nd|rd|th)?(?:[-–—./]|\s*[-–—]|\s+(?:" + _MONTH_OR_WEEKDAY
           + r"|(?i:of|to|until|till|through|and|day|week|month|year)))"),
    _Group(_names(*_MONTH_NAMES), (MDY_SPAN, MDY, MONTH_YEAR, MONTH_OF_YEAR)),
    _Group(_names(*_WEEKDAY_NAMES), (DMY, MDY, WD_SPAN, WD_BARE)),
    _Group(_words("the"), (NIGHT_INTO, NIGHT, DMY, TWO_DAYS, EVENT_DAYS, ROLLING_PAST, ROLLING_FUTURE,
                           MONTH_YEAR, YEAR_MODIFIED, MONTH_MODIFIED),
           # "the 28th of", "the night of", "the day before", "the past week", "the coming
           # days", "the next two days", "the following morning", and period modifiers
           rf"\s+(?:\d|(?i:night|day|past|coming|next|following|previous|preceding|{_PERIOD_AFTER_THE}))"),
    _Group(_words("from", "between"), (DMY_SPAN, MDY_SPAN, WD_SPAN, YEAR_FROM, YEAR_PREP,
                                       MONTH_PREP, WD_PREP), _AFTER_PREPOSITION),
    _Group(_words("in", "since", "until", "till", "by", "through", "throughout", "during",
                  "before", "after", "back", "as", "starting", "on"),
           (NIGHT_INTO, YEAR_PREP, MONTH_OF_YEAR_PREP, MONTH_PREP, WD_PREP), _AFTER_PREPOSITION),
    _Group(_words("that"), (EVENT_DAYS,), r"\s+(?i:day|night|morning|afternoon|evening)\b"),
    _Group(_words("a", "an"), (EVENT_DAYS,), r"\s+(?i:day|week)s?\s+(?i:later|afterwards)"),
    _Group(_words("early", "late", "mid", "earlier", "later"),
           (MONTH_YEAR, YEAR_MODIFIED, CALENDAR_UNIT, DAY_WORD, WD_MODIFIED, MONTH_MODIFIED),
           # "mid-2025", "late January", "earlier this week", "early next Monday", "later today"
           rf"[\s-]*(?:\d|{_MONTH_OR_WEEKDAY}|(?i:this|last|next|coming|today|tonight|yesterday"
           rf"|tomorrow))"),
    _Group(_words("last", "next", "this", "coming"),
           (CALENDAR_UNIT, ANCHOR_DAY, WD_MODIFIED, MONTH_MODIFIED),
           # "last week", "this weekend", "this morning", "last night", "this coming Monday"
           rf"\s+(?:{_MONTH_OR_WEEKDAY}|(?i:week|month|year|morning|afternoon|evening|night"
           rf"|coming|past))"),
    _Group(_words(*_NUMBER_WORDS), (AGO, EVENT_DAYS),
           r"\s+(?i:day|week|month|year)s?\s+(?i:ago|earlier|later|afterwards)"),
    _Group(_words("today", "tonight", "yesterday", "tomorrow", "overnight"),
           (NIGHT_INTO, DAY_WORD, ANCHOR_DAY)),
    _Group(_words("recent"), (ROLLING_PAST,), r"\s+(?i:days|weeks)"),
    _Group(_words(*_SEASONS), (MONTH_YEAR, YEAR_MODIFIED), r"\s+(?i:of)"),
)
_FORM_INDEX = {id(form): i for i, form in enumerate(_FORMS)}


def _first_words() -> str:
    """Every group's first word (and what follows it) as one alternation keyed by the
    first character: Python's matcher rejects an alternative that starts with a plain
    character without entering it, so an ordinary word costs a few comparisons."""
    rests: dict[str, list[str]] = {}
    for group in _GROUPS:
        for first, rest in group.lead:
            rests.setdefault(first, []).append(rest + group.then)
    return "|".join(f"{first}(?:{'|'.join(tails)})" for first, tails in rests.items())


@functools.cache
def _scanner() -> re.Pattern[str]:
    """ONE pattern for every form. Group f<i>_<g> is form i tried in group g, and
    c<i>_<g> the span it reports."""
    branches = _group_branches([group.pattern for group in _GROUPS])
    # Most positions follow a word character, and most words open no group: both fail
    # before any group is tried.
    return re.compile(_cased(rf"(?<!\w)(?={_first_words()})(?:" + "|".join(branches) + ")"))


def _group_branches(leads: list[str]) -> list[str]:
    """Each group's forms as one branch, entered only where the group's `lead` matches."""
    branches = []
    for g, (lead, group) in enumerate(zip(leads, _GROUPS, strict=True)):
        alternatives = []
        for form in group.forms:
            i = _FORM_INDEX[id(form)]
            prefix = rf"{_unnamed(form.prefix)}\s+" if form.prefix else ""
            alternatives.append(rf"(?P<f{i}_{g}>{prefix}(?P<c{i}_{g}>{_unnamed(form.core)}))")
        branches.append(rf"(?={lead})(?:{'|'.join(alternatives)})")
    return branches


@functools.cache
def _scanned_forms() -> dict[int, tuple[int, int]]:
    """For the scanner's group f<i>_<g> (by number): form i and the number of c<i>_<g>."""
    numbers = _scanner().groupindex
    return {number: (int(name[1:name.index("_")]), numbers["c" + name[1:]])
            for name, number in numbers.items() if name[0] == "f"}


@functools.cache
def _form_pattern(index: int) -> re.Pattern[str]:
    return re.compile(_cased(_FORMS[index].core))


@functools.lru_cache(maxsize=65536)
def _parse(index: int, text: str) -> DateForm | None:
    """The DateForm of one matched span: each distinct string is parsed once."""
    match = _form_pattern(index).fullmatch(text)
    if match is None:  # cannot happen for a span the scanner matched with this form
        return None
    return _FORMS[index].parse(match.groupdict())


@functools.lru_cache(maxsize=4096)
def _parse_whole(text: str) -> DateForm | None:
    """The DateForm of a string that is one expression, whatever its form."""
    for index, form in enumerate(_FORMS):
        if form is not NIGHT and _form_pattern(index).fullmatch(text):
            return _parse(index, text)
    return None


# --------------------------------------------------------------------------------------
# Future marking from the words just before an expression
# --------------------------------------------------------------------------------------

# Schedule language of English news: "scheduled for", "set to begin on", "are due to
# continue … on", "will … on", "until", "expected", "ahead of".
_FUTURE_CUE = re.compile(
    r"(?i)(?:\b(?:will|shall|won['’]t|until|till|scheduled|slated|planned|planning|upcoming"
    r"|expected|set\s+(?:to|for)|plans?\s+to|intends?\s+to|going\s+to|to\s+be\s+held"
    r"|ahead\s+of|(?:is|are|was|were)\s+(?:due|to)|due\s+(?:on|for|in)"
    r"|(?:days|hours|weeks|a\s+day|a\s+week|shortly|just)\s+before(?:\s+the)?)\b|['’]ll\b)")
# Where the clause that holds the expression begins: a future cue before it belongs to
# another clause ("Zelensky, who will visit Paris, spoke on Monday"). The break is a
# punctuation mark, a sentence's full stop or one of these words.
_CLAUSE_WORDS = ("that", "which", "who", "whom", "whose", "when", "where", "while", "after",
                 "since", "because", "although", "though", "but")
# Only the nearest break counts: the words before the expression are read backwards (the
# window reversed, the breaks spelt backwards), so the search stops at it.
_CLAUSE_BREAK_BACKWARDS = re.compile(
    r"(?i)[;:!?\n()\[\]—–,“”\"]|(?<=\s)\.(?=[a-z0-9])"
    r"|\b(?:" + "|".join(word[::-1] for word in _CLAUSE_WORDS) + r")\b")
# "halt strikes to Feb. 1", "postponed to Friday": a bare "to" just before a date means
# "until", but "dating back to January" looks back.
_UNTIL_TO = re.compile(r"(?i)(?<!back )(?<!up )(?<!close )\bto\s*$")
_CONTEXT_CHARS = 90
_CONTEXT_WORDS = 9


def _marked_future(text: str, start: int, form: DateForm) -> bool:
    if form.tense:
        return form.tense == "future"
    return _future_clause(text[max(0, start - _CONTEXT_CHARS):start])


@functools.lru_cache(maxsize=16384)
def _future_clause(window: str) -> bool:
    """Whether the clause that ends `window` marks the future. Cached: a text's sentences
    recur in other texts (updates, wire copy), and with them the words before a date."""
    nearest_break = _CLAUSE_BREAK_BACKWARDS.search(window[::-1])
    if nearest_break is not None:
        window = window[len(window) - nearest_break.start():]
    clause = " ".join(window.split()[-_CONTEXT_WORDS:])
    # "to" can only be the clause's last two characters.
    return bool(_FUTURE_CUE.search(clause) or _UNTIL_TO.search(clause, max(0, len(clause) - 2)))


# --------------------------------------------------------------------------------------
# Finding
# --------------------------------------------------------------------------------------


def find_date_expressions(text: str, start: int = 0, end: int | None = None) -> list[DateExpression]:
    """Every date expression in `text`, non-overlapping, sorted by start; with `start`
    and `end`, those of text[start:end] (one sentence), read in the whole text (the
    words before an expression may mark it as future)."""
    expressions = []
    end = len(text) if end is None else end
    # A match begins before `end`; it and its look-aheads never reach this far past it.
    reach = min(len(text), end + _MATCH_REACH)
    forms_by_group = _scanned_forms()
    for match in _scanner().finditer(text, start, reach):
        if match.start() >= end:
            break
        index, core = forms_by_group[match.lastindex]  # f<i>_<g>: the outer group closes last
        first, last = match.span(core)
        form = _parse(index, text[first:last])
        if form is None:
            continue
        future = _marked_future(text, first, form)
        lead = _DURATION_UNTIL.search(text, max(0, first - 40), first)
        if lead is not None and form.kind in ("date", "weekday"):
            # "for a week, until Feb. 1" is one interval: the week that ends on Feb. 1.
            days = _count(lead["n"]) * (7 if lead["unit"].lower().startswith("week") else 1)
            form = replace(form, lead_days=days)
            first = lead.start()
        expressions.append(DateExpression(first, last, text[first:last], future, form))
    return _shared_years(text, expressions)


_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*$")


def _shared_years(text: str, expressions: list[DateExpression]) -> list[DateExpression]:
    """'in April and October of last year': a yearless month listed before a month of a
    year shares that year."""
    for i in range(len(expressions) - 2, -1, -1):
        this, following = expressions[i], expressions[i + 1]
        if (this.form is not None and following.form is not None and this.form.kind == "month"
                and following.form.kind == "month" and this.form.year is None and this.form.offset == 0
                and this.form.year_offset is None
                and (following.form.year is not None or following.form.year_offset is not None)
                and _LIST_JOIN.match(text, this.end, following.start)):
            form = replace(this.form, year=following.form.year, year_offset=following.form.year_offset,
                           tense=following.form.tense)
            expressions[i] = replace(this, form=form)
    return expressions


_MATCH_REACH = 40

_DURATION_UNTIL = re.compile(
    r"\b(?i:for)\s+(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>(?i:days?|weeks?)),?\s+(?i:until|till|through|to|ending(?:\s+on)?)\s+$")


# Words that may stand before an expression passed to resolve_date as a string.
_LEADING_CONTEXT = re.compile(
    r"(?i)^\s*(?:(?:on|in|at|since|until|till|by|from|before|after|during|through|throughout"
    r"|as\s+of|back\s+to|starting|scheduled\s+for|set\s+for|due\s+on|for|of)\s+)*$")


def _whole_expression(text: str) -> DateExpression:
    expressions = find_date_expressions(text)
    if (len(expressions) == 1 and _LEADING_CONTEXT.match(text[:expressions[0].start])
            and not text[expressions[0].end:].strip(" \t\n.,;:")):
        return expressions[0]
    raise ValueError(f"not one date expression: {text!r}")


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
        return dt.date(year, form.month, 1), _month_end(year, form.month), "month"
    if form.year is not None:
        start = dt.date(form.year, form.month, form.day)
    elif late is None:
        return None
    else:
        start = _nearest_yearly(form.month, form.day, early if future else late, future)
    if form.kind == "date":
        return start, start, "day"
    end_year = form.end_year if form.end_year is not None else start.year
    end = dt.date(end_year, form.end_month, form.end_day)
    if end < start:  # "30 December – 2 January": the span crosses the year's turn
        end = dt.date(end_year + 1, form.end_month, form.end_day)
    return start, end, "day"


def _resolve_relative(form: DateForm, reference: dt.date,
                      future: bool) -> tuple[dt.date, dt.date, str]:
    days = dt.timedelta
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
