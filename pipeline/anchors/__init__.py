"""Document and passage anchors: the dates that relative expressions are resolved against.

A document's anchor comes, in this order (see EVENTS.md, "Anchor"), from
  1. the source's metadata: a manifest's `published` value (`parse_published`),
  2. a dateline near the top of the text (`find_dateline`),
  3. inference from the text's own language (`infer_anchor`),
and is otherwise `UNKNOWN_ANCHOR` — never today's date.

Texts with their own date headers (a thread digest's `Aug 28 • 10 tweets • 2 min read`,
a live blog's `3 Feb 2026, 14:05` or `12:45 GMT`, a section line `Tuesday, February 3`)
are cut into passages by `split_passages`; each passage carries the anchor of the header
that starts it.

Date literals are recognised with strict regular expressions (they need exact spans and
must not depend on today's date); `dateparser` with strict settings reads the free-form
`published` values of a manifest.
"""
from __future__ import annotations

import datetime as dt

from ..model import UNKNOWN_ANCHOR, Anchor, Document, Passage
from .infer import infer_anchor
from .lines import _TIME_ONLY_LINE, _dateline, _line_date_hit, find_dateline
from .literals import _lines_with_digits, _nearest_on_or_before
from .periods import _label_anchor, _range_header, weekday_labels
from .published import PUBLISHED_YEARS, parse_published

__all__ = ["PUBLISHED_YEARS", "document_anchor", "find_dateline", "infer_anchor", "parse_published",
           "split_passages"]

# --------------------------------------------------------------------------------------
# Documents and passages
# --------------------------------------------------------------------------------------


def _anchor_and_dateline(document: Document) -> tuple[Anchor, int | None]:
    """The document's anchor, and the offset of its dateline line (None if it has none)."""
    dateline = _dateline(document.text)
    dateline_start = dateline[1] if dateline else None
    try:
        published = parse_published(document.meta.published)
    except ValueError:  # reported by the build (build.published_problems); the text decides
        published = None
    if published is not None:
        if (dateline is not None and published.precision in ("month", "year")
                and _within(dateline[0].date, published)):
            # "2025-03" in the manifest, "Press release, 11.03.2025" in the text: the
            # text's own day is the same date, told more precisely.
            return dateline[0], dateline_start
        return published, dateline_start
    if dateline is not None:
        return dateline[0], dateline_start
    return infer_anchor(document.text) or UNKNOWN_ANCHOR, dateline_start


def _within(day: dt.date | None, period: Anchor) -> bool:
    if day is None or period.date is None:
        return False
    if period.precision == "month":
        return (day.year, day.month) == (period.date.year, period.date.month)
    return day.year == period.date.year


def document_anchor(document: Document) -> Anchor:
    """The manifest's `published`, else a dateline, else inference, else UNKNOWN_ANCHOR.

    A dateline inside a month- or year-precision `published` refines it."""
    return _anchor_and_dateline(document)[0]


def _header_anchor(line: str, doc_anchor: Anchor, current: Anchor) -> Anchor | None:
    """The anchor a header line sets for the lines below it, or None if it is no header.

    A dated header gives a day ("Aug 28 • 10 tweets • 2 min read", "3 Feb 2026, 14:05",
    "Tuesday, February 3"); a yearless one takes the year that puts it nearest on or
    before the document's anchor, and stays unknown when the document's anchor is. A
    time-only header ("12:45 GMT", "Updated 14:05") keeps the date in force.
    """
    hit = _line_date_hit(line)
    if hit is not None:
        if hit.year is not None:
            return Anchor(dt.date(hit.year, hit.month, hit.day), "day", "header", hit.text)
        if doc_anchor.date is None:
            return Anchor(None, "unknown", "header", hit.text)
        date = _nearest_on_or_before(hit.month, hit.day, doc_anchor.date)
        return Anchor(date, "day", "header", hit.text)
    if _TIME_ONLY_LINE.fullmatch(line):
        return current
    return None


def _headers(text: str, dateline_start: int | None):
    """(offset, line) of the lines that may be headers: lines with a digit (a date or a
    time) and paragraphs opened by a weekday label, in text order."""
    lines = [(s, line) for s, line in _lines_with_digits(text) if s != dateline_start]
    lines += [(m.start(), text[m.start():(text.find("\n", m.start()) + 1 or len(text) + 1) - 1])
              for m in weekday_labels(text)]
    return sorted(dict(lines).items())


def _title_above(text: str, line_start: int, floor: int) -> int:
    """A date line under its section's title ("Joint Statement on the Jeddah Meeting",
    blank, "March 11, 2025"): the section, and so its dates, start at the title. A
    title is one short line without a closing stop, set off by a blank line above."""
    before = text[floor:line_start].rstrip("\n")
    if text[floor:line_start].count("\n") - before.count("\n") < 2:
        return line_start  # no blank line between
    title_start = before.rfind("\n") + 1
    title = before[title_start:].strip()
    above = before[:title_start]
    if not title or len(title) > 150 or title[-1] in ".?!:;,\"”" or not title[0].isupper():
        return line_start
    if title_start > 0 and not above.endswith("\n\n") and above.strip():
        return line_start  # a line inside a paragraph
    return floor + title_start


def split_passages(document: Document) -> list[Passage]:
    """Passages covering the whole text in order, each with its anchor.

    A passage starts at each header line (the header belongs to the passage it starts)
    and runs to the next; text before the first header takes the document's anchor. The
    dateline that dates the whole document is not a header. A header naming a span of
    days ("Aug. 31–Sept. 7") dates what follows with that span; a paragraph opened by a
    weekday label ("Sunday. The Houthis said…") is that weekday within the span in force
    (or the nearest before the document's anchor), labels read in order.
    """
    text = document.text
    anchor, dateline_start = _anchor_and_dateline(document)
    if anchor.source != "dateline":
        dateline_start = None  # a dated line the manifest's date made redundant heads what follows
    passages: list[Passage] = []
    start, current = 0, anchor
    period = anchor
    for line_start, line in _headers(text, dateline_start):
        header = _range_header(line, anchor)
        if header is not None:
            period = header
        else:
            header = _label_anchor(line, period, current) or _header_anchor(line, anchor, current)
        if header is None:
            continue
        line_start = _title_above(text, line_start, start) if len(line.strip()) <= 40 else line_start
        if line_start > start:
            passages.append(Passage(document.name, start, line_start, current))
        start, current = line_start, header
    passages.append(Passage(document.name, start, len(text), current))
    return passages
