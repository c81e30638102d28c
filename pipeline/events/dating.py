"""Which date expression of a sentence dates a frame, and the date it resolves to.

The expression in the trigger's own clause comes first, then the nearest in the frame's
part of the sentence, then one that no other part owns. Words before an expression may
say it does not date an event: "since 2014" opens a period, "so far this year" bounds a
tally, "the largest attack this month" ranks it.
"""
from __future__ import annotations

import datetime as dt

from ..annotate import AnnotatedSentence, DateSpan
from ..dates import resolve_date
from ..model import Anchor, ResolvedDate
from .triggers import DETERMINERS, Frame, clause_of

_OPENS_A_PERIOD = ("since", "until", "till", "throughout", "so far", "dating back to",
                   "as far back as", "date back to", "dates back to",
                   # a period's end is not its event's day ("a pause set to expire on Sunday")
                   "expire on", "expires on", "expiring on", "expired on", "end on", "ends on",
                   "lapse on", "lapses on", "run out on", "runs out on")
_RANKING = ("largest", "biggest", "heaviest", "deadliest", "worst", "first", "second", "third",
            "most", "only", "latest", "times")


def _opens_a_period(sentence: AnnotatedSentence, span: DateSpan) -> bool:
    """'since 2014', 'so far this year', and a date inside a clause opened by 'since'
    ('since Russian forces withdrew in November')."""
    if sentence.lower(span.first - 1) in DETERMINERS and any(
            t.first == span.last and "noun" in t.value.forms for t in sentence.by_label.get("trigger", ())):
        return False  # "since the October 10 attack": the date names the attack's day
    before = " ".join(sentence.tokens.lower[max(0, span.first - 3):span.first])
    text = span.expression.text.lower()
    if any(before.endswith(cue) or text.startswith(cue) for cue in _OPENS_A_PERIOD):
        return True
    opener = sentence.last_before("clause_break", span.first, max(0, span.first - 8))
    if opener is None or sentence.lower(opener.first) not in ("since", "until"):
        return False
    # "since the meeting in Alaska on Friday": the date of the event named after "since"
    return not any("noun" in t.value.forms and opener.last <= t.first and t.last <= span.first
                   and (t.value.forms <= {"noun"} or sentence.lower(t.first - 1) in DETERMINERS)
                   for t in sentence.by_label.get("trigger", ()))


def _ranks(sentence: AnnotatedSentence, span: DateSpan) -> bool:
    form = span.expression.form
    if form is None or form.kind not in ("weeks", "months", "years", "year"):
        return False
    window = sentence.tokens.lower[max(0, span.first - 8):span.first]
    return any(word in _RANKING or word.endswith("est") for word in window)


def _dates_a_statement(sentence: AnnotatedSentence, span: DateSpan) -> bool:
    """'said on Tuesday that…', 'told reporters on Monday': when it was said."""
    for i in range(max(0, span.first - 3), span.first):
        if sentence.at("reporting", i) is not None and sentence.reports(i, i + 1):
            between = sentence.tokens.lower[i + 1:span.first]
            return all(w in ("on", "late", "early", "that", "reporters", "journalists", "it", "in", "the", "a")
                       or w.isalpha() and w[0].isupper() for w in between)
    return False


_DEICTIC = ("days", "day_range")  # "overnight", "yesterday", "last night", "this morning"


def statement_date(sentence: AnnotatedSentence, chosen: DateSpan | None, frame: Frame,
                   posited: bool = False) -> DateSpan | None:
    """'…said on Saturday its drones had hit a refinery overnight': the day a statement
    was made, which a deictic date inside it ("overnight", "yesterday") counts from; and
    the day a condition or offer with no date of its own was posed ("told reporters late
    Thursday that he is ready to halt attacks if…"), which it stands from."""
    if chosen is None:
        return posed_late(sentence) if posited else None
    if chosen.expression.form is None or chosen.expression.form.kind not in _DEICTIC:
        return None
    for span in sentence.dates:
        if span is not chosen and span.last <= frame.head.first and _dates_a_statement(sentence, span) \
                and span.expression.form is not None and span.expression.form.kind in ("weekday", "date"):
            return span
    return None


def posed_late(sentence: AnnotatedSentence) -> DateSpan | None:
    """'told reporters late Thursday that…' in a Friday report: said on the evening the
    report's day follows (another time zone's night may already be the report's day), so
    what it posed stands over both days."""
    for span in sentence.dates:
        if span.expression.text.lower().startswith("late ") and _dates_a_statement(sentence, span) \
                and span.expression.form is not None and span.expression.form.kind == "weekday":
            return span
    return None


def usable(sentence: AnnotatedSentence, span: DateSpan, dateline_end: int) -> bool:
    if sentence.tokens.starts[span.first] < dateline_end:
        return False
    return not (_opens_a_period(sentence, span) or _ranks(sentence, span) or _dates_a_statement(sentence, span))


_FAR = 5  # tokens between two events' words for a date just after the second to be its own


def choose_date(sentence: AnnotatedSentence, frame: Frame, others: list[Frame],
                dateline_end: int = -1) -> DateSpan | None:
    candidates = [d for d in sentence.dates if usable(sentence, d, dateline_end)]
    if not candidates:
        return None
    trigger = frame.head
    clause = clause_of(sentence, trigger.first, trigger.last, frame.lo, frame.hi)

    def owned_elsewhere(d: DateSpan) -> bool:
        for other in others:
            if other is frame:
                continue
            if other.lo <= d.first < other.hi and not (frame.lo <= d.first < frame.hi):
                return True
            # a date in another event's own clause ("Zelenskyy, who was in Denmark on
            # Thursday, says the attack…")
            a, b = clause_of(sentence, other.head.first, other.head.last, other.lo, other.hi)
            if a <= d.first and d.last <= b and not (clause[0] <= d.first and d.last <= clause[1]):
                return True
            # "Rutte's visit precedes another round of negotiations set to begin on
            # Wednesday": another event's word stands between this one's and the date
            if other.type != frame.type and frame.head.noun and any(
                    frame.head.last <= t.first and t.last <= d.first for t in other.triggers) and \
                    all(t.last <= frame.head.first or t.last <= min(o.first for o in other.triggers)
                        for t in frame.triggers):
                return True
            # "…crowded into the White House to make sure he would not be cornered the way he
            # was in the Oval Office in February": another event's word far after this one's
            # and just before the date
            if other.type != frame.type and any(
                    t.first - frame.head.last >= _FAR and t.last <= d.first and d.first - t.last <= 4
                    for t in other.triggers):
                return True
            # "to discuss the attack with U.S. partners this week": an event noun that is
            # another event's object takes none of the dates after it
            if other.type != frame.type and frame.head.noun and d.first >= frame.head.last and any(
                    t.last <= frame.head.first and frame.head.first - t.last <= 2 and not t.noun
                    and all(sentence.lower(i) in DETERMINERS for i in range(t.last, frame.head.first))
                    for t in other.triggers):
                return True
            # "a strike on Kyiv on Aug. 28 …, and less than a month after Trump hosted
            # Putin": the date follows another event's word, and a break ("after") stands
            # between it and this one's
            if other.type != frame.type and d.last <= frame.head.first and all(
                    t.first >= d.last for t in frame.triggers) and any(
                    t.last <= d.first and d.first - t.last <= 4 for t in other.triggers) and any(
                    d.last <= b.first < frame.head.first for b in sentence.by_label.get("segment_break", ())):
                return True
        return False

    def cost(d: DateSpan) -> tuple[int, int]:
        in_clause = clause[0] <= d.first and d.last <= clause[1]
        in_part = frame.lo <= d.first and d.last <= frame.hi
        distance = min(abs(d.first - t.last) if d.first >= t.last else abs(t.first - d.last)
                       for t in frame.triggers)
        return (0 if in_clause else 1 if in_part else 2, distance)

    own = [d for d in candidates if frame.lo <= d.first and d.last <= frame.hi and not owned_elsewhere(d)]
    pool = own or [d for d in candidates if not owned_elsewhere(d)]
    return min(pool, key=cost) if pool else None


def resolve(span: DateSpan | None, anchor: Anchor, forward: bool | None,
            cursor: dt.date | None = None) -> tuple[ResolvedDate, str]:
    """The frame's date: its expression read from the anchor, else the anchor itself.

    Under a header naming a span of days (a roundup's week), a plain weekday is the day
    of that span the text has reached: the first such day on or after `cursor` (the
    last day the text dated), since a roundup tells its week in order."""
    if span is None:
        precision = anchor.precision if anchor.known else "unknown"
        if anchor.period_start is not None:
            return ResolvedDate(anchor.period_start, anchor.date, "day", "anchor"), ""
        start = anchor.date
        if anchor.date is not None and precision == "month":  # "2025-10": the whole month
            start = anchor.date.replace(day=1)
        elif anchor.date is not None and precision == "year":
            start = anchor.date.replace(month=1, day=1)
        return ResolvedDate(start, anchor.date, precision, "anchor"), ""
    form = span.expression.form
    if (anchor.period_start is not None and form is not None and form.kind == "weekday"
            and not form.tense and anchor.date is not None):
        day = weekday_within(form.weekday, anchor.period_start, anchor.date, cursor)
        if day is not None:
            return ResolvedDate(day, day, "day", "relative"), span.expression.text
    return resolve_date(span.expression, anchor, future=forward), span.expression.text


def weekday_within(weekday: int, first: dt.date, last: dt.date, cursor: dt.date | None) -> dt.date | None:
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    matching = [d for d in days if d.weekday() == weekday]
    later = [d for d in matching if cursor is None or d >= cursor]
    return (later or matching or [None])[0]


def listed_with(sentence: AnnotatedSentence, chosen: DateSpan) -> list[DateSpan]:
    """The dates listed with `chosen` ("on May 16, on June 2, and again on July 23"),
    in order, `chosen` among them: each dates an event of its own."""
    dates = sorted(sentence.dates, key=lambda d: d.first)
    index = dates.index(chosen)
    joined = [chosen]
    for step in (-1, 1):
        i = index
        while 0 <= i + step < len(dates):
            a, b = (dates[i + step], dates[i]) if step < 0 else (dates[i], dates[i + step])
            between = sentence.tokens.lower[a.last:b.first]
            if not between or any(w not in _LIST_WORDS for w in between):
                break
            if a.expression.form is None or b.expression.form is None or \
                    a.expression.form.kind != b.expression.form.kind:
                break
            joined.append(dates[i + step])
            i += step
    return sorted(joined, key=lambda d: d.first)


_LIST_WORDS = frozenset({",", "and", "or", "again", "then", "on", "in", "later", "once", "also"})
