"""The day a report means when it is dated in one time zone about a place in another.

A story stamped 22:50 in New York on Thursday about a strike on Kyiv "early Friday" is
about Friday in Kyiv; a Washington story of Thursday evening about strikes in Yemen
"on Thursday" (2:30 a.m. Friday there) is about both days. When the source's metadata
gives the publication time with its offset:
- a dateline city ("KYIV, Ukraine (AP) —") fixes the document's day as that city's
  local day at publication;
- an event dated to the report's own day, at a place whose local day then differs, is
  kept as the interval of both days (the text does not say which).
Local time is the place's longitude over 15° an hour: close enough to tell the day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..gazetteer import places
from ..model import Anchor, EventMention, Passage, ResolvedDate
from ..text.layout import dateline_place


def published_instant(value: str) -> dt.datetime | None:
    """The publication time, when the metadata gives it with an offset."""
    if "T" not in value and ":" not in value:
        return None
    try:
        instant = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else None


def local_day(instant: dt.datetime, longitude: float) -> dt.date:
    utc = instant.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return (utc + dt.timedelta(hours=longitude / 15)).date()


def local_passages(text: str, published: str, passages: list[Passage]) -> list[Passage]:
    """Passages dated by the manifest, moved to the dateline city's local day."""
    instant = published_instant(published)
    name = dateline_place(text)
    if instant is None or not name:
        return passages
    found = places.candidates(name) or places.candidates(name.title())
    if not found:
        return passages
    day = local_day(instant, found[0].longitude)
    moved = []
    for passage in passages:
        anchor = passage.anchor
        if anchor.source == "manifest" and anchor.precision == "day" and anchor.date is not None and anchor.date != day:
            note = f"{anchor.text}, {day.isoformat()} in {found[0].name}"
            passage = replace(passage, anchor=Anchor(day, "day", "manifest", note))
        moved.append(passage)
    return moved


def local_anchor(anchor: Anchor, published: str, longitude: float | None) -> Anchor:
    """The report's day where an event took place, for a date told in "local time"
    ("2:30 a.m. Friday local time in Yemen", in a Thursday-evening Washington story)."""
    # a live blog's post time ("2025-06-21T19:52:00-04:00") or the report's publication time
    instant = published_instant(anchor.text) or (published_instant(published) if anchor.source == "manifest" else None)
    if instant is None or longitude is None or anchor.date != instant.date():
        return anchor
    day = local_day(instant, longitude)
    if day == anchor.date:
        return anchor
    return Anchor(day, "day", anchor.source, f"{anchor.text}, {day.isoformat()} local time", anchor.period_start)


BOTH_DAYS_KEPT = "both days kept"  # the note of a day read in two time zones


def widened(mention: EventMention, published: str) -> EventMention:
    """An event of the report's own day at a place where it was then another day."""
    instant = published_instant(published)
    date = mention.date
    if instant is None or date.precision != "day" or date.date_start != date.date_end or not mention.places:
        return mention
    anchor_day = instant.date()
    if date.date_start != anchor_day or mention.places[0].longitude is None:
        return mention
    there = local_day(instant, mention.places[0].longitude)
    if there == anchor_day:
        return mention
    start, end = min(there, anchor_day), max(there, anchor_day)
    return replace(mention, date=ResolvedDate(start, end, "day", date.method),
                   notes=mention.notes + (f"published {instant.isoformat()}: {there.isoformat()} at "
                                          f"{mention.places[0].name}; {BOTH_DAYS_KEPT}",))
