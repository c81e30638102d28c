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

from .forms import DateExpression, DateForm
from .words import _NUMBER_WORDS
from .grammar import _FORMS, _cased, _group_branches, _scanner, _unnamed
from .find import _CLAUSE_BREAK_BACKWARDS, find_date_expressions
from .resolve import find_dates, resolve_date

__all__ = ["DateExpression", "DateForm", "find_date_expressions", "find_dates", "resolve_date"]
