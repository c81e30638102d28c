"""The date grammar: every form as a pattern, grouped by the word it can start with, joined into one scanner."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

from ..compiled import compiled
from .forms import DateForm
from .words import _CALENDAR, _MONTH_FULL_NAMES, _MONTH_SHORT_NAMES, _NAMED_DAYS, _NOT_A_NAME, _NOT_AN_OVERNIGHT_NOUN, _NOT_BEFORE_DATE, _NUMBER, _NUMBER_WORDS, _OPT_YEAR, _PERIOD_MODIFIER, _PREPOSITION, _SPAN_JOIN, _TIME_OF_DAY, _WEEKDAY, _WEEKDAY_FULL_NAMES, _WEEKDAY_LEAD, _WEEKDAY_PREPOSITION, _WEEKDAY_SHORT_NAMES, _day, _mon, _year
from .parsers import Groups, _parse_ago, _parse_anchor_day, _parse_calendar_unit, _parse_date, _parse_date_span, _parse_day_word, _parse_event_days, _parse_month, _parse_month_of_year, _parse_numeric, _parse_rolling_future, _parse_rolling_past, _parse_slash, _parse_two_days, _parse_weekday, _parse_weekday_span, _parse_year

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
_WD_RELATION = r"(?i:last|next|the\s+previous|the\s+preceding|this\s+coming|this\s+past|coming)"
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
                   rf"|(?P<n>{_NUMBER}|a|an)\s+(?P<unit>days?|weeks?)\s+(?P<dir4>later|afterwards|earlier)"
                   r"|(?:(?P<few>a\s+few|several|some|a\s+couple\s+of)\s+)?(?P<units>days|weeks)\s+"
                   r"(?P<dir5>later|afterwards|earlier)"
                   # "hours later", "15 minutes later": the day of the event told before
                   rf"|(?:(?:{_NUMBER}|a\s+few|several|some|a\s+couple\s+of|an?)\s+)?(?P<hours>hours?|minutes?)\s+"
                   r"(?:later|afterwards|earlier))\b",
                   lambda g: _parse_event_days({**g, "dir3": g.get("dir3") or g.get("dir4") or g.get("dir5")}))
_MONTH_OF_YEAR = rf"{_mon(1)}\s+(?i:of)\s+(?:(?P<yrel>(?i:last|next|this|that|the\s+same))\s+(?i:year)\b|{_year(1)})"
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
CALENDAR_UNIT = _Form(r"(?:(?:(?P<mod>(?i:earlier|later|early|late))\s+|(?i:mid-))?"
                      r"(?P<rel>(?i:this|last|next))\s+(?P<unit>(?i:weekend|week|month|year))"
                      r"|(?P<end>(?i:the\s+end\s+of))\s+(?P<rel2>(?i:the|this|last|next))\s+(?P<unit2>(?i:week|month|year)))\b",
                      _parse_calendar_unit)             # "last week", "earlier this year", "the end of the month"
DAY_WORD = _Form(r"(?:(?i:earlier|later|early|late)\s+)?"
                 r"(?P<word>(?i:today|tonight|yesterday|tomorrow))\b"
                 rf"(?:\s+{_TIME_OF_DAY}\b)?", _parse_day_word)  # "yesterday", "earlier today"
ANCHOR_DAY = _Form(r"(?i:this\s+(?:morning|afternoon|evening)|(?P<past>last\s+night)|overnight\b"
                   + _NOT_AN_OVERNIGHT_NOUN + r")\b",
                   _parse_anchor_day)                   # "last night", "overnight"
WD_PREP = _Form(_WD_CORE, _parse_weekday, prefix=_WEEKDAY_PREPOSITION)  # "on Tuesday"
WD_MODIFIED = _Form(_WD_MODIFIED, lambda g: _parse_weekday(_either(g, "rel")))  # "late Thursday"
WD_BARE = _Form(rf"{_NAMED_DAYS}(?P<w1>{_WEEKDAY}){_NOT_BEFORE_DATE}(?:\s+{_TIME_OF_DAY}\b)?"
                rf"{_NOT_A_NAME}", _parse_weekday)      # "told reporters Friday", "Sunday’s"
MONTH_PREP = _Form(_MONTH_CORE, _parse_month, prefix=_PREPOSITION)  # "in January"
MONTH_MODIFIED = _Form(_MONTH_MODIFIED, lambda g: _parse_month(_either(g, "rel")))  # "late January"
# A full month name modifying the noun after it: "the October blast", "the March strikes".
# (not "the October Revolution", "the March 3 strike")
MONTH_OF_NOUN = _Form(rf"(?P<m1>{'|'.join(_MONTH_FULL_NAMES)})\b(?!['’-])(?!\s*\d)(?!\s+[A-Z])", _parse_month,
                      prefix=r"(?i:the)")

_FORMS: tuple[_Form, ...] = (
    NIGHT_INTO, EVENT_DAYS, MONTH_OF_YEAR, MONTH_OF_YEAR_PREP, NIGHT, DMY_SPAN, MDY_SPAN, DMY, MDY, ISO, DOTTED, SLASHED, MONTH_YEAR, YEAR_FROM, YEAR_DASH,
    YEAR_PREP, YEAR_MODIFIED, WD_SPAN, TWO_DAYS, AGO, ROLLING_PAST, ROLLING_FUTURE, CALENDAR_UNIT,
    DAY_WORD, ANCHOR_DAY, WD_PREP, WD_MODIFIED, WD_BARE, MONTH_PREP, MONTH_MODIFIED, MONTH_OF_NOUN,
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
_PERIOD_AFTER_THE = ("end|start|beginning|middle|first|second|third|fourth|last|final|early|small|night|"
                     + "|".join(_SEASONS))
# After a preposition: a year, a month or weekday, a word that modifies one ("early",
# "the end of", "last", "this coming"), or the rest of the preposition ("back to",
# "as of", "as early as", "starting in").
_AFTER_PREPOSITION = (rf"\s+(?:\d|{_MONTH_OR_WEEKDAY}|(?i:the)\s+(?i:{_PERIOD_AFTER_THE}|previous|preceding)"
                      rf"|(?i:{'|'.join(_SEASONS)}|early|late|mid|last|next|this|coming|to|in|of))")

_GROUPS: tuple[_Group, ...] = (
    _Group(((r"\d", ""),), (DMY_SPAN, DMY, ISO, DOTTED, SLASHED, YEAR_DASH, AGO, EVENT_DAYS),
           # "28th of", "3 February", "23-24", "4 to 5", "2026-02-03", "03.02.2026",
           # "3/2/2026", "2022–2024", "4 days ago"
           r"\d*(?:st|nd|rd|th)?(?:[-–—./]|\s*[-–—]|\s+(?:" + _MONTH_OR_WEEKDAY
           + r"|(?i:of|to|until|till|through|and|day|week|month|year|hour|minute)))"),
    _Group(_names(*_MONTH_NAMES), (MDY_SPAN, MDY, MONTH_YEAR, MONTH_OF_YEAR)),
    _Group(_names(*_WEEKDAY_NAMES), (DMY, MDY, WD_SPAN, WD_BARE)),
    _Group(_words("the"), (NIGHT_INTO, NIGHT, DMY, TWO_DAYS, EVENT_DAYS, MONTH_YEAR, YEAR_MODIFIED,
                           MONTH_MODIFIED, ROLLING_PAST, ROLLING_FUTURE, MONTH_OF_NOUN, WD_MODIFIED, CALENDAR_UNIT),
           # "the 28th of", "the night of", "the day before", "the past week", "the coming
           # days", "the next two days", "the following morning", period modifiers, "the
           # October blast", and "the previous Monday"
           rf"\s+(?:\d|(?i:night|day|past|coming|next|following|previous|preceding|{_PERIOD_AFTER_THE})"
           rf"|(?:{'|'.join(_MONTH_FULL_NAMES)})\b)"),
    _Group(_words("from", "between"), (DMY_SPAN, MDY_SPAN, WD_SPAN, YEAR_FROM, YEAR_PREP,
                                       MONTH_PREP, WD_PREP), _AFTER_PREPOSITION),
    _Group(_words("in", "since", "until", "till", "by", "through", "throughout", "during",
                  "before", "after", "back", "as", "starting", "on"),
           (NIGHT_INTO, YEAR_PREP, MONTH_OF_YEAR_PREP, MONTH_PREP, WD_PREP), _AFTER_PREPOSITION),
    _Group(_words("that"), (EVENT_DAYS,), r"\s+(?i:day|night|morning|afternoon|evening)\b"),
    _Group(_words("a", "an"), (EVENT_DAYS,),
           r"\s+(?i:(?:few\s+|couple\s+of\s+)?(?:day|week|hour|minute)s?)\s+(?i:later|afterwards|earlier)"),
    _Group(_words("several", "some", "days", "weeks", "hours", "minutes"), (EVENT_DAYS,),
           r"(?:\s+(?i:days|weeks|hours|minutes))?\s+(?i:later|afterwards|earlier)"),
    _Group(_words("early", "late", "mid", "earlier", "later"),
           (MONTH_YEAR, YEAR_MODIFIED, CALENDAR_UNIT, DAY_WORD, WD_MODIFIED, MONTH_MODIFIED),
           # "mid-2025", "late January", "earlier this week", "early next Monday", "later today"
           rf"[\s-]*(?:\d|{_MONTH_OR_WEEKDAY}|(?i:this|last|next|coming|today|tonight|yesterday|the\s+previous|the\s+preceding"
           rf"|tomorrow))"),
    _Group(_words("last", "next", "this", "coming"),
           (CALENDAR_UNIT, ANCHOR_DAY, WD_MODIFIED, MONTH_MODIFIED),
           # "last week", "this weekend", "this morning", "last night", "this coming Monday"
           rf"\s+(?:{_MONTH_OR_WEEKDAY}|(?i:week|month|year|morning|afternoon|evening|night"
           rf"|coming|past))"),
    _Group(_words(*_NUMBER_WORDS), (AGO, EVENT_DAYS),
           r"\s+(?i:day|week|month|year|hour|minute)s?\s+(?i:ago|earlier|later|afterwards)"),
    _Group(_words("today", "tonight", "yesterday", "tomorrow", "overnight"),
           (NIGHT_INTO, DAY_WORD, ANCHOR_DAY)),
    _Group(_words("recent"), (ROLLING_PAST,), r"\s+(?i:days|weeks)"),
    _Group(_words(*_SEASONS), (MONTH_YEAR, YEAR_MODIFIED), r"\s+(?i:of)"),
)
_FORM_INDEX = {id(form): i for i, form in enumerate(_FORMS)}


def _first_words() -> str:
    """Every group's first word (and what follows it) as one alternation keyed by the
    first character: Python's matcher rejects an alternative that starts with a plain
    character without entering it, so an ordinary word costs a few comparisons. Under
    each character a group's words share its `then`, written once: the scanner is
    compiled at a first start (then read back: pipeline.compiled), and its length is the
    cost."""
    rests: dict[str, dict[int, list[str]]] = {}
    for g, group in enumerate(_GROUPS):
        for first, rest in group.lead:
            rests.setdefault(first, {}).setdefault(g, []).append(rest)
    return "|".join(
        first + "(?:" + "|".join(f"(?:{'|'.join(words)}){_GROUPS[g].then}" for g, words in groups.items()) + ")"
        for first, groups in rests.items())


@functools.cache
def _scanner() -> re.Pattern[str]:
    """ONE pattern for every form. Group f<i>_<g> is form i tried in group g, and
    c<i>_<g> the span it reports."""
    branches = _group_branches([group.pattern for group in _GROUPS])
    # Most positions follow a word character, and most words open no group: both fail
    # before any group is tried.
    return compiled(_cased(rf"(?<!\w)(?={_first_words()})(?:" + "|".join(branches) + ")"))


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
