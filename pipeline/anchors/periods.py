"""Headers that name a span of days, and weekday labels that open a roundup's sections.

A weekly roundup heads itself "THE WEEK IN REVIEW | Aug. 31–Sept. 7" and tells the week
day by day ("Saturday. U.S. warplanes hit…", "Monday–Tuesday. Strikes continued…"): the
weekdays it names are days of that span, in the order the text goes through them, not
the weekdays before its publication date.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from .. import lang
from ..dates import find_date_expressions, resolve_date
from ..model import Anchor

_MAX_HEADER_CHARS = 120
_MAX_HEADER_WORDS = 10  # words beside the span: "THE WEEK IN REVIEW |", "RED SEA WEEK |"


@functools.cache
def _label_pattern() -> re.Pattern[str]:
    names = "|".join(lang.language("en")["calendar"]["weekdays"])
    return re.compile(rf"(?m)^[ \t]*[*_]*(?P<w1>{names})(?:\s*[–—-]\s*(?P<w2>{names}))?[*_]*\s*[.:](?=\s+\S)")


def weekday_labels(text: str) -> list[re.Match[str]]:
    return list(_label_pattern().finditer(text))


def _range_header(line: str, doc_anchor: Anchor) -> Anchor | None:
    """An anchor for a short line naming a span of days ("Aug. 31–Sept. 7")."""
    if len(line.strip()) > _MAX_HEADER_CHARS or doc_anchor.date is None:
        return None
    spans = [e for e in find_date_expressions(line) if e.form is not None and e.form.kind == "date_span"]
    if len(spans) != 1:
        return None
    rest = line[:spans[0].start] + line[spans[0].end:]
    if len(re.findall(r"[^\W\d_]+", rest)) > _MAX_HEADER_WORDS or rest.strip().endswith("."):
        return None
    resolved = resolve_date(spans[0], doc_anchor)
    if resolved.date_start is None or resolved.date_end == resolved.date_start:
        return None
    return Anchor(resolved.date_end, "day", "header", spans[0].text, period_start=resolved.date_start)


def _weekday_in(weekday: int, first: dt.date, last: dt.date, after: dt.date | None) -> dt.date | None:
    """The first day with `weekday` in [first, last] on or after `after` (else the first)."""
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    matching = [d for d in days if d.weekday() == weekday]
    later = [d for d in matching if after is None or d >= after]
    return (later or matching or [None])[0]


def _weekday_before(weekday: int, anchor: dt.date) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _label_anchor(line: str, period: Anchor, current: Anchor) -> Anchor | None:
    """The anchor of a paragraph opened by a weekday label, read in the span in force."""
    match = _label_pattern().match(line)
    if match is None or period.date is None:
        return None
    names = [n.lower() for n in lang.language("en")["calendar"]["weekdays"]]
    first = names.index(match["w1"].lower())
    last = names.index(match["w2"].lower()) if match["w2"] else first
    if period.period_start is not None:
        after = current.period_start or current.date if current.source == "header" else None
        if after is not None and not (period.period_start <= after <= period.date):
            after = None
        start = _weekday_in(first, period.period_start, period.date, after)
        end = _weekday_in(last, start or period.period_start, period.date, start)
    else:
        end = _weekday_before(last, period.date)
        start = end - dt.timedelta(days=(last - first) % 7)
    if start is None or end is None:
        return None
    label = match.group().strip(" *_.:")
    return Anchor(end, "day", "header", label, period_start=start if start != end else None)
