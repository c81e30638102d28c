"""Merging event mentions into events: one real event told several times (in one text or
in several) becomes one row, every mention kept as evidence."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from .model import Event, EventMention, PlaceRef

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_METHOD_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "anchor": 3}


def dates_overlap(a: EventMention | Event, b: EventMention | Event) -> bool:
    a_start, a_end = _interval(a)
    b_start, b_end = _interval(b)
    if a_start is None or b_start is None:
        return a_start is None and b_start is None
    return a_start <= b_end and b_start <= a_end


def _interval(item: EventMention | Event) -> tuple[dt.date | None, dt.date | None]:
    if isinstance(item, EventMention):
        return item.date.date_start, item.date.date_end
    return item.date_start, item.date_end


def places_compatible(a: list[PlaceRef] | tuple[PlaceRef, ...], b: list[PlaceRef] | tuple[PlaceRef, ...]) -> bool:
    """Either says nothing specific, they share a place, or one names the country of the other."""
    specific_a = {p.name for p in a if p.kind != "country"}
    specific_b = {p.name for p in b if p.kind != "country"}
    if not specific_a or not specific_b:
        countries_a = {p.country for p in a} | {p.name for p in a if p.kind == "country"}
        countries_b = {p.country for p in b} | {p.name for p in b if p.kind == "country"}
        return not countries_a or not countries_b or bool(countries_a & countries_b)
    return bool(specific_a & specific_b)


def actors_compatible(kind: str, a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> bool:
    """A strike keeps its attacker and a visit its visitor; talks share two parties (one
    when a side names only one), since one leader takes part in many talks."""
    if not a or not b:
        return True
    if kind in ("strike", "visit"):
        # the same attacker or visitor, or the visitor and the body they speak for
        return a[0] == b[0] or _affiliation(a[0]) == _affiliation(b[0])
    return len(set(a) & set(b)) >= min(2, len(a), len(b))


def _affiliation(name: str) -> str:
    from .gazetteer import actor_affiliation
    return actor_affiliation(name) or name


def statuses_compatible(a: str, b: str) -> bool:
    # What is hypothetical never merges with what happened or is planned.
    return a == b or (a != "hypothetical" and b != "hypothetical")


def mergeable(event: Event, mention: EventMention) -> bool:
    # A hypothetical's interval grows with each telling; compare with its first telling
    # so that it does not swallow every neighbouring hypothetical.
    if event.status == "hypothetical" and mention.status == "hypothetical":
        return event.type == mention.type and _same_hypothetical(event, mention)
    return (event.type == mention.type
            and statuses_compatible(event.status, mention.status)
            and dates_overlap(event, mention)
            and actors_compatible(event.type, event.actors, mention.actors)
            and places_compatible(event.places, mention.places)
            and _same_document_or_specific(event, mention))


def _same_hypothetical(event: Event, mention: EventMention) -> bool:
    """Tellings of one proposal, condition or request. Its date is when it was voiced,
    which a report gives loosely ("late Thursday" in a Friday story): within one text a
    day apart is the same statement. Who would strike whom is symmetric in a mutual
    offer ("if they do not strike ours, we will not strike theirs")."""
    first = event.mentions[0]  # a hypothetical's interval grows; compare with its first telling
    if mention.evidence.document in event.sources and first.date.date_start and mention.date.date_start:
        near = (mention.date.date_start - first.date.date_end).days <= 1 and \
               (first.date.date_start - mention.date.date_end).days <= 1
    else:
        near = dates_overlap(first, mention)
    shared = set(event.actors) & set(mention.actors)
    actors_ok = not event.actors or not mention.actors or len(shared) >= min(2, len(event.actors), len(mention.actors))
    return near and actors_ok and places_compatible(event.places, mention.places)


def _same_document_or_specific(event: Event, mention: EventMention) -> bool:
    """Across documents, only events dated to a day or a named span merge: two texts that
    each say only 'this month' may well tell different events."""
    if mention.evidence.document in event.sources:
        return True
    return mention.date.precision in ("day", "week") and event.precision in ("day", "week")


def merge_mentions(mentions: list[EventMention]) -> list[Event]:
    """Greedy single pass in a stable order (document, position): each mention joins the
    best-fitting event already formed, or starts a new one.

    Only events that could pass `mergeable` are tried (`_Candidates`), in the order they
    were formed, so the result is that of trying every event, at a cost that grows with
    the corpus instead of with its square."""
    ordered = sorted(mentions, key=lambda m: (m.evidence.document, m.evidence.start, m.type))
    events: list[Event] = []
    index = _Candidates()
    for mention in ordered:
        candidates = [e for e in index.near(mention) if mergeable(e, mention)]
        if candidates:
            best = max(candidates, key=lambda e: (_shared(e, mention), len(e.mentions)))
            _absorb(best, mention)
            index.update(best, mention)
        else:
            event = _start_event(mention)
            events.append(event)
            index.add(event, mention)
    for event in events:
        _finalise(event)
    return events


_FINE = ("day", "week")


class _Candidates:
    """The events a mention may join, by what `mergeable` requires of them.

    Same type always. Not hypothetical: an event that already holds a mention of the same
    document (any precision), or — both dated to a day or a week, the only case in which
    documents merge (`_same_document_or_specific`) — an event whose interval shares a day.
    Hypothetical: a hypothetical whose first telling lies within a day of it
    (`_same_hypothetical`), or, undated, any undated hypothetical. An event's status stays
    its first mention's until `_finalise`, and its precision only gets finer, so the
    entries only ever grow.
    """

    def __init__(self) -> None:
        self.order: dict[int, int] = {}  # id(event) → the order events were formed in
        self.by_document: dict[tuple, dict[int, Event]] = {}  # (type, document)
        self.by_day: dict[tuple, dict[int, Event]] = {}  # (type, ordinal) for day/week events
        self.days: dict[int, set[int]] = {}  # id(event) → the ordinals it is entered under
        self.hypothetical: dict[tuple, dict[int, Event]] = {}  # (type, ordinal or None)

    def near(self, mention: EventMention) -> list[Event]:
        found: dict[int, Event] = {}
        start, end = mention.date.date_start, mention.date.date_end
        if mention.status == "hypothetical":
            keys = [(mention.type, None)] if start is None else \
                [(mention.type, day) for day in range(start.toordinal(), end.toordinal() + 1)]
            for key in keys:
                found.update(self.hypothetical.get(key, {}))
        else:
            found.update(self.by_document.get((mention.type, mention.evidence.document), {}))
            if mention.date.precision in _FINE and start is not None:
                for day in range(start.toordinal(), end.toordinal() + 1):
                    found.update(self.by_day.get((mention.type, day), {}))
        return sorted(found.values(), key=lambda e: self.order[id(e)])

    def add(self, event: Event, mention: EventMention) -> None:
        self.order[id(event)] = len(self.order)
        if event.status == "hypothetical":
            start, end = mention.date.date_start, mention.date.date_end
            keys = [(event.type, None)] if start is None else \
                [(event.type, day) for day in range(start.toordinal() - 1, end.toordinal() + 2)]
            for key in keys:
                self.hypothetical.setdefault(key, {})[id(event)] = event
        else:
            self.update(event, mention)

    def update(self, event: Event, mention: EventMention) -> None:
        if event.status == "hypothetical":
            return  # compared with its first telling only
        self.by_document.setdefault((event.type, mention.evidence.document), {})[id(event)] = event
        if event.precision in _FINE and event.date_start is not None:
            entered = self.days.setdefault(id(event), set())
            for day in range(event.date_start.toordinal(), event.date_end.toordinal() + 1):
                if day not in entered:
                    entered.add(day)
                    self.by_day.setdefault((event.type, day), {})[id(event)] = event


def _shared(event: Event, mention: EventMention) -> int:
    return (len({p.name for p in event.places} & {p.name for p in mention.places})
            + len(set(event.actors) & set(mention.actors)))


def _start_event(mention: EventMention) -> Event:
    return Event(
        event_id="", type=mention.type, status=mention.status,
        date_start=mention.date.date_start, date_end=mention.date.date_end,
        precision=mention.date.precision, date_text=mention.date_text,
        date_method=mention.date.method, actors=list(mention.actors),
        places=list(mention.places), drones=None, missiles=None, ballistic=None, cruise=None,
        killed=None, injured=None, figures=[], summary=mention.summary,
        sources=[mention.evidence.document], mentions=[mention],
    )


def _absorb(event: Event, mention: EventMention) -> None:
    event.mentions.append(mention)
    if mention.evidence.document not in event.sources:
        event.sources.append(mention.evidence.document)
    for actor in mention.actors:
        if actor not in event.actors:
            event.actors.append(actor)
    for place in mention.places:
        if place not in event.places:
            event.places.append(place)
    if event.status == "hypothetical" and mention.status == "hypothetical":
        # What did not happen has no date of its own: it spans every time it is spoken of.
        if mention.date.date_start is not None and event.date_start is not None:
            widened = (mention.date.date_start < event.date_start or mention.date.date_end > event.date_end)
            event.date_start = min(event.date_start, mention.date.date_start)
            event.date_end = max(event.date_end, mention.date.date_end)
            if widened or _PRECISION_RANK[mention.date.precision] > _PRECISION_RANK[event.precision]:
                event.precision, event.date_method = mention.date.precision, mention.date.method
                event.date_text = mention.date_text or event.date_text
        return
    if _date_rank(mention) < _date_rank(event):
        event.date_start, event.date_end = mention.date.date_start, mention.date.date_end
        event.precision, event.date_method = mention.date.precision, mention.date.method
        event.date_text = mention.date_text
    elif (_date_rank(mention) == _date_rank(event) and event.precision == "day"
          and mention.date.date_end is not None and event.date_end is not None
          and mention.date.date_end - mention.date.date_start > event.date_end - event.date_start):
        # "begins on Wednesday" and "on Wednesday and Thursday": the span says more.
        event.date_start = min(event.date_start, mention.date.date_start)
        event.date_end = max(event.date_end, mention.date.date_end)
        event.date_text = mention.date_text


def _date_rank(item: EventMention | Event) -> tuple[int, int]:
    if isinstance(item, EventMention):
        return _PRECISION_RANK[item.date.precision], _METHOD_RANK[item.date.method]
    return _PRECISION_RANK[item.precision], _METHOD_RANK[item.date_method]


def _finalise(event: Event) -> None:
    """Status, figures, places order, summary and a stable id, from all mentions."""
    statuses = {m.status for m in event.mentions}
    event.status = "occurred" if "occurred" in statuses else ("planned" if "planned" in statuses else "hypothetical")
    specific = [p for p in event.places if p.kind != "country"]
    countries_covered = {p.country for p in specific}
    event.places = specific + [p for p in event.places if p.kind == "country" and p.name not in countries_covered]
    for name in ("drones", "missiles", "ballistic", "cruise", "killed", "injured"):
        values = [getattr(m, name) for m in event.mentions if getattr(m, name) is not None]
        # The most often stated figure; ties go to the larger (later tallies grow).
        if values:
            counts = Counter(values)
            setattr(event, name, max(counts, key=lambda v: (counts[v], v)))
    figures: list[str] = []
    for mention in event.mentions:
        for text in mention.figures_text:
            labelled = f"{text} ({mention.evidence.document})"
            if labelled not in figures:
                figures.append(labelled)
    event.figures = figures
    best = min(event.mentions, key=lambda m: (_date_rank(m), -len(m.actors), -len(m.places)))
    event.summary = _summary(event, best)
    event.event_id = event_id(event)


def _summary(event: Event, best: EventMention) -> str:
    from .events import Figures, summarise
    figures = Figures(drones=event.drones, missiles=event.missiles, killed=event.killed,
                      injured=event.injured, texts=("x",) if event.drones or event.missiles else ())
    return summarise(event.type, event.status, event.actors, event.places, figures)


def event_id(event: Event) -> str:
    """Stable across runs on the same texts: type, dates and the first evidence span."""
    first = min(event.mentions, key=lambda m: (m.evidence.document, m.evidence.start))
    key = "|".join([event.type, str(event.date_start), str(event.date_end),
                    first.evidence.document, str(first.evidence.start)])
    return f"{event.type[:2]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
