"""Calendar words of the date grammar, from the language data (pipeline/lang/en/calendar.toml)."""
from __future__ import annotations

import calendar
import re

from .. import lang

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
_PERIOD_MODIFIER = (r"(?i:early|late|mid-|mid|the\s+(?P<wk>first|second|third|fourth|last|final)\s+week\s+of"
                    r"|the\s+(?:end|start|beginning|middle|first\s+half"
                    r"|second\s+half|first\s+days|last\s+days)\s+of"
                    r"|(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+of)")
# Words after which a bare month or year is a date: "in January", "since 2014".
_PREPOSITION = (r"(?i:in|since|until|till|by|from|through|throughout|during|before|after"
                r"|back\s+to|back\s+in|as\s+of|starting|starting\s+in|as\s+early\s+as)")
# Before a weekday: "on Tuesday" is a date even when a capitalised word follows.
_WEEKDAY_PREPOSITION = r"(?<!Mail )(?i:on|since|until|till|by|before|after|from|through|as\s+of)"
# A capitalised word after a bare weekday makes it a name ("the Sunday Times").
# "overnight train": the noun it describes, not a night
_NOT_AN_OVERNIGHT_NOUN = r"(?!\s+(?:" + "|".join(map(re.escape, _CALENDAR["overnight_nouns"])) + r")\b)"
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
_WEEKDAY_LEAD = rf"(?:(?P<wl>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?"  # "Tuesday, February 3, 2026"
_SPAN_JOIN = r"(?:\s*[-–—]\s*|\s+(?i:to|until|till|through|and)\s+)"
