"""Merging event mentions into events: one real event told several times (in one text or
in several) becomes one row, every mention kept as evidence."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import groupby
from operator import attrgetter

from ..events import Figures, summarise
from ..gazetteer import actor_affiliation
from ..model import Event, EventMention, PlaceRef

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_METHOD_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "anchor": 3}
_FINE = ("day", "week")  # the precisions at which texts are compared across documents
_NO_EVENTS: frozenset[int] = frozenset()


def dates_overlap(a: EventMention | Event, b: EventMention | Event) -> bool:
    return _overlap(*_interval(a), *_interval(b))


def _overlap(a_start: dt.date | None, a_end: dt.date | None,
             b_start: dt.date | None, b_end: dt.date | None) -> bool:
    if a_start is None or b_start is None:
        return a_start is None and b_start is None
    return a_start <= b_end and b_start <= a_end


def _interval(item: EventMention | Event) -> tuple[dt.date | None, dt.date | None]:
    if isinstance(item, EventMention):
        return item.date.date_start, item.date.date_end
    return item.date_start, item.date_end


class _Keys:
    """What the merge rules compare of a mention's or an event's actors and places, as
    sets built once.

    `merge_mentions` compares each mention with several events and each event with many
    mentions: building these sets at every comparison was most of the merge's cost.
    A `_Keys` is never changed once made (`_KeyBook` shares it); an event that grows
    gets new keys (`joined`).
    """

    __slots__ = ("actors", "actor_set", "place_names", "specific", "countries")

    def __init__(self, actors: Sequence[str], actor_set: frozenset[str], place_names: frozenset[str],
                 specific: frozenset[str], countries: frozenset[str]) -> None:
        self.actors = actors  # in role order: the first is the attacker or visitor
        self.actor_set = actor_set
        self.place_names = place_names
        self.specific = specific  # the names of places below country level
        self.countries = countries  # the countries named, or implied by the places named

    @classmethod
    def of(cls, actors: Sequence[str], places: Iterable[PlaceRef]) -> _Keys:
        places = tuple(places)
        return cls(actors, frozenset(actors),
                   frozenset(p.name for p in places),
                   frozenset(p.name for p in places if p.kind != "country"),
                   frozenset([p.country for p in places] + [p.name for p in places if p.kind == "country"]))

    def joined(self, other: _Keys, actors: Sequence[str]) -> _Keys:
        """The keys of an event once a mention with keys `other` has joined it: an event's
        actors and places are its mentions' without repeats; `actors` is its list."""
        if (other.actor_set <= self.actor_set and other.place_names <= self.place_names
                and other.specific <= self.specific and other.countries <= self.countries):
            return self  # most tellings add nothing new (nor to the event's lists)
        return _Keys(actors, self.actor_set | other.actor_set, self.place_names | other.place_names,
                     self.specific | other.specific, self.countries | other.countries)


class _KeyBook:
    """The keys of one merge. Mentions with the same actors and places share one `_Keys`,
    and equal sets are one set: what the merge keeps until it ends, the garbage collector
    goes over again and again (at 10,000 documents, a quarter of the sets otherwise kept)."""

    def __init__(self) -> None:
        self._told: dict[tuple, _Keys] = {}  # (actors, places) → their keys
        self._sets: dict[frozenset[str], frozenset[str]] = {}

    def of(self, mention: EventMention) -> _Keys:
        told = (mention.actors, mention.places)
        keys = self._told.get(told)
        if keys is None:
            keys = self._told[told] = self._shared(_Keys.of(*told))
        return keys

    def joined(self, held: _Keys, told: _Keys, actors: Sequence[str]) -> _Keys:
        grown = held.joined(told, actors)
        return held if grown is held else self._shared(grown)

    def _shared(self, keys: _Keys) -> _Keys:
        return _Keys(keys.actors, self._set(keys.actor_set), self._set(keys.place_names),
                     self._set(keys.specific), self._set(keys.countries))

    def _set(self, names: frozenset[str]) -> frozenset[str]:
        return self._sets.setdefault(names, names)


def places_compatible(a: list[PlaceRef] | tuple[PlaceRef, ...], b: list[PlaceRef] | tuple[PlaceRef, ...]) -> bool:
    """Either says nothing specific, they share a place, or one names the country of the other."""
    return _places_fit(_Keys.of((), a), _Keys.of((), b))


def _places_fit(a: _Keys, b: _Keys) -> bool:
    if not a.specific or not b.specific:
        return not a.countries or not b.countries or not a.countries.isdisjoint(b.countries)
    return not a.specific.isdisjoint(b.specific)


def actors_compatible(kind: str, a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> bool:
    """A strike keeps its attacker and a visit its visitor; talks share two parties (one
    when a side names only one), since one leader takes part in many talks."""
    return _actors_fit(kind, _Keys.of(a, ()), _Keys.of(b, ()))


def _actors_fit(kind: str, a: _Keys, b: _Keys) -> bool:
    if not a.actors or not b.actors:
        return True
    if kind in ("strike", "visit"):
        # the same attacker or visitor, or the visitor and the body they speak for
        return a.actors[0] == b.actors[0] or _affiliation(a.actors[0]) == _affiliation(b.actors[0])
    return _parties_shared(a, b)


def _parties_shared(a: _Keys, b: _Keys) -> bool:
    # two parties in common, or one when a side names only one
    return len(a.actor_set & b.actor_set) >= min(2, len(a.actors), len(b.actors))


@cache  # the gazetteer is read once per process (its tables are cached), so is this
def _affiliation(name: str) -> str:
    return actor_affiliation(name) or name


def statuses_compatible(a: str, b: str) -> bool:
    # What is hypothetical never merges with what happened or is planned.
    return a == b or (a != "hypothetical" and b != "hypothetical")


def mergeable(event: Event, mention: EventMention) -> bool:
    return _fits(event, _Keys.of(event.actors, event.places), mention, _Keys.of(mention.actors, mention.places))


def _fits(event: Event, held: _Keys, mention: EventMention, told: _Keys) -> bool:
    """`mergeable`, given the keys of the event (`held`) and of the mention (`told`)."""
    # A hypothetical's interval grows with each telling; compare with its first telling
    # so that it does not swallow every neighbouring hypothetical.
    if event.status == "hypothetical" and mention.status == "hypothetical":
        return event.type == mention.type and _same_hypothetical(event, held, mention, told)
    return (event.type == mention.type
            and statuses_compatible(event.status, mention.status)
            and _overlap(event.date_start, event.date_end, mention.date.date_start, mention.date.date_end)
            and _actors_fit(event.type, held, told)
            and _places_fit(held, told)
            and _same_document_or_specific(event, mention))


def _same_hypothetical(event: Event, held: _Keys, mention: EventMention, told: _Keys) -> bool:
    """Tellings of one proposal, condition or request. Its date is when it was voiced,
    which a report gives loosely ("late Thursday" in a Friday story): within one text a
    day apart is the same statement. Who would strike whom is symmetric in a mutual
    offer ("if they do not strike ours, we will not strike theirs")."""
    first = event.mentions[0]  # a hypothetical's interval grows; compare with its first telling
    if mention.evidence.document in event.sources and first.date.date_start and mention.date.date_start:
        near = (mention.date.date_start - first.date.date_end).days <= 1 and \
               (first.date.date_start - mention.date.date_end).days <= 1
    else:
        near = _overlap(first.date.date_start, first.date.date_end, mention.date.date_start, mention.date.date_end)
    actors_ok = not held.actors or not told.actors or _parties_shared(held, told)
    return near and actors_ok and _places_fit(held, told)


def _same_document_or_specific(event: Event, mention: EventMention) -> bool:
    """Across documents, only events dated to a day or a named span merge: two texts that
    each say only 'this month' may well tell different events."""
    return ((mention.date.precision in _FINE and event.precision in _FINE)
            or mention.evidence.document in event.sources)


def merge_mentions(mentions: list[EventMention]) -> list[Event]:
    """Greedy single pass in a stable order (document, position): each mention joins the
    best-fitting event already formed, or starts a new one.

    Only events that could pass `mergeable` are tried (`_Candidates`), in the order they
    were formed, so the result is that of trying every event, at a cost that grows with
    the corpus instead of with its square."""
    ordered = sorted(mentions, key=lambda m: (m.evidence.document, m.evidence.start, m.type))
    events: list[Event] = []
    held: list[_Keys] = []  # held[i]: the keys of events[i]
    book = _KeyBook()
    index = _Candidates()
    for _, told_in_document in groupby(ordered, key=lambda m: m.evidence.document):
        index.next_document()
        for mention in told_in_document:
            told = book.of(mention)
            fitting = [i for i in index.near(mention, told) if _fits(events[i], held[i], mention, told)]
            if fitting:
                # the first formed (`near` gives a set) among those that share the most
                best = fitting[0] if len(fitting) == 1 else \
                    max(sorted(fitting), key=lambda i: (_shared(held[i], told), len(events[i].mentions)))
                _absorb(events[best], mention)
                grown = book.joined(held[best], told, events[best].actors)
                index.update(best, events[best], held[best], grown)
                held[best] = grown
            else:
                event = _start_event(mention)
                index.add(len(events), event, mention, told)
                events.append(event)
                held.append(told)  # its actors and places are the mention's
    for event in events:
        _finalise(event)
    return events


def event_from(mentions: Sequence[EventMention]) -> Event:
    """One event made of exactly these mentions, compatible or not (a person's decision to
    merge two events, or a mention split out of one, is taken as given)."""
    ordered = sorted(mentions, key=lambda m: (m.evidence.document, m.evidence.start, m.type))
    event = _start_event(ordered[0])
    for mention in ordered[1:]:
        _absorb(event, mention)
    _finalise(event)
    return event


class _Candidates:
    """The events a mention may join, by what `mergeable` requires of them; an event is
    entered by its position in the order events were formed.

    Same type always. Not hypothetical: an event that already holds a mention of the same
    document (any precision), or — both dated to a day or a week, the only case in which
    documents merge (`_same_document_or_specific`) — an event whose interval shares a day.
    Hypothetical: a hypothetical whose first telling lies within a day of it
    (`_same_hypothetical`), or, undated, any undated hypothetical. An event's status stays
    its first mention's until `_finalise`, and its precision only gets finer, so the
    entries only ever grow.

    Of those, a mention that names places below country level may only join an event
    that names one of them too, or none (`_places_fit`): most events of a day are about
    other places.
    """

    def __init__(self) -> None:
        self.in_document: dict[str, set[int]] = {}  # type → events told in the document read now
        self.by_day: dict[tuple, set[int]] = {}  # (type, ordinal) for day/week events
        self.spans: dict[int, tuple[int, int]] = {}  # event position → the ordinals it is entered under
        self.hypothetical: dict[tuple, set[int]] = {}  # (type, ordinal or None)
        self.places = _Tags()  # by the names of places below country level

    def next_document(self) -> None:
        """Mentions come document by document: the events of the last one are no longer
        in the same document as any mention to come."""
        self.in_document = {}

    def near(self, mention: EventMention, told: _Keys) -> set[int]:
        """The positions of the events `mention` (with keys `told`) may join."""
        kind, date = mention.type, mention.date
        found: set[int] = set()
        if mention.status == "hypothetical":
            by_day = self.hypothetical
            days = [None] if date.date_start is None else \
                range(date.date_start.toordinal(), date.date_end.toordinal() + 1)
        else:
            found.update(self.in_document.get(kind, ()))
            by_day = self.by_day
            days = range(date.date_start.toordinal(), date.date_end.toordinal() + 1) \
                if date.precision in _FINE and date.date_start is not None else ()
        for day in days:
            found.update(by_day.get((kind, day), ()))
        if found and told.specific:
            found = self.places.among(found, kind, told.specific)
        return found

    def add(self, position: int, event: Event, mention: EventMention, keys: _Keys) -> None:
        """A new event at `position`, told by `mention` alone, with keys `keys`."""
        self.places.enter(position, event.type, keys.specific)
        if event.status == "hypothetical":
            start, end = mention.date.date_start, mention.date.date_end
            days = [(event.type, None)] if start is None else \
                [(event.type, day) for day in range(start.toordinal() - 1, end.toordinal() + 2)]
            for key in days:
                self.hypothetical.setdefault(key, set()).add(position)
        else:
            self._enter_dates(position, event)

    def update(self, position: int, event: Event, before: _Keys, after: _Keys) -> None:
        """The event at `position` has taken in a mention of the document read now: its
        keys went from `before` to `after`."""
        self.places.grow(position, event.type, before.specific, after.specific)
        if event.status != "hypothetical":  # a hypothetical is compared with its first telling only
            self._enter_dates(position, event)

    def _enter_dates(self, position: int, event: Event) -> None:
        self.in_document.setdefault(event.type, set()).add(position)
        if event.precision in _FINE and event.date_start is not None:
            for day in self._new_days(position, event.date_start.toordinal(), event.date_end.toordinal()):
                self.by_day.setdefault((event.type, day), set()).add(position)

    def _new_days(self, position: int, first: int, last: int) -> range | list[int]:
        """The days from `first` to `last` that the event at `position` is not yet
        entered under. It stays entered from the first to the last day of all its
        intervals so far: these overlap, since a mention joins only an event whose
        interval it overlaps; were there a gap, its days would be entered too (a
        candidate too many is only compared, never merged by mistake)."""
        entered = self.spans.get(position)
        if entered is None:
            self.spans[position] = (first, last)
            return range(first, last + 1)
        low, high = entered
        if low <= first and last <= high:
            return range(0)
        self.spans[position] = (min(low, first), max(high, last))
        return [day for day in range(min(low, first), max(high, last) + 1) if not low <= day <= high]


class _Tags:
    """Events of each type by the names they carry, and those that carry none: what may
    join a mention that carries names shares one of them, or carries none."""

    def __init__(self) -> None:
        self.tagged: dict[tuple[str, str], set[int]] = {}  # (type, name) → event positions
        self.untagged: dict[str, set[int]] = {}  # type → event positions

    def enter(self, position: int, kind: str, names: Iterable[str]) -> None:
        if not names:
            self.untagged.setdefault(kind, set()).add(position)
        for name in names:
            self.tagged.setdefault((kind, name), set()).add(position)

    def grow(self, position: int, kind: str, before: frozenset[str], after: frozenset[str]) -> None:
        """The event at `position` carried `before`, and now `after`."""
        if after is before:  # most tellings add nothing new (`_Keys.joined`)
            return
        added = after - before
        if added:
            self.enter(position, kind, added)
            if not before:
                self.untagged[kind].discard(position)

    def among(self, found: set[int], kind: str, names: frozenset[str]) -> set[int]:
        """Those of `found` that carry one of `names`, or none. Each `&` costs the size of
        `found`, not that of the corpus-wide sets."""
        kept = found & self.untagged.get(kind, _NO_EVENTS)
        for name in names:
            kept |= found & self.tagged.get((kind, name), _NO_EVENTS)
        return kept


def _shared(event: _Keys, mention: _Keys) -> int:
    return len(event.place_names & mention.place_names) + len(event.actor_set & mention.actor_set)


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
    mention_rank, event_rank = _date_rank(mention), _date_rank(event)
    if mention_rank < event_rank:
        event.date_start, event.date_end = mention.date.date_start, mention.date.date_end
        event.precision, event.date_method = mention.date.precision, mention.date.method
        event.date_text = mention.date_text
    elif (mention_rank == event_rank and event.precision == "day"
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
    # In place, as the figures below: lists the event already has are not new objects
    # for the garbage collector to follow.
    event.places[:] = specific + [p for p in event.places if p.kind == "country" and p.name not in countries_covered]
    # Most mentions state no figure at all: only those that do are read figure by figure.
    told = [row for m in event.mentions if (row := _stated_figures(m)) != _NO_FIGURES]
    for name, values in zip(_FIGURE_FIELDS, zip(*told)):
        stated = [value for value in values if value is not None]
        if stated:
            setattr(event, name, _most_stated(stated))
    figures = event.figures
    figures.clear()
    for mention in event.mentions:
        for text in mention.figures_text:
            labelled = f"{text} ({mention.evidence.document})"
            if labelled not in figures:
                figures.append(labelled)
    event.summary = _summary(event)
    # Mentions join in (document, position) order: the first is the first evidence span.
    event.event_id = _event_id(event, event.mentions[0])


_FIGURE_FIELDS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured")
_stated_figures = attrgetter(*_FIGURE_FIELDS)  # a mention's figures, None where it states none
_NO_FIGURES = (None,) * len(_FIGURE_FIELDS)


def _most_stated(values: list[int]) -> int:
    """The most often stated figure; ties go to the larger (later tallies grow)."""
    if len(values) == 1:
        return values[0]  # most events are told once: nothing to count
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], v))


def _summary(event: Event) -> str:
    figures = _figures(event.drones, event.missiles, event.killed, event.injured)
    return summarise(event.type, event.status, event.actors, event.places, figures)


@lru_cache(maxsize=4096, typed=True)  # most events state no figure, the others the same few; Figures is frozen
def _figures(drones: int | None, missiles: int | None, killed: int | None, injured: int | None) -> Figures:
    return Figures(drones=drones, missiles=missiles, killed=killed, injured=injured,
                   texts=("x",) if drones or missiles else ())


def event_id(event: Event) -> str:
    """Stable across runs on the same texts: type, dates and the first evidence span."""
    return _event_id(event, min(event.mentions, key=lambda m: (m.evidence.document, m.evidence.start)))


def _event_id(event: Event, first: EventMention) -> str:
    key = "|".join([event.type, str(event.date_start), str(event.date_end),
                    first.evidence.document, str(first.evidence.start)])
    return f"{event.type[:2]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
