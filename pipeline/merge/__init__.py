"""Merging event mentions into events: one real event told several times (in one text or
in several) becomes one row, every mention kept as evidence.

Mentions are taken in a stable order (document, position); each joins the event it fits
best (pipeline/merge/rules.py) among those already formed, or starts a new one. Events
are looked up by type and day, so the cost grows with the corpus, not its square.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from .. import types
from ..model import Event, EventMention
from .events import event_id, finalise, headline, start_event
from .keys import Keys, keys_of
from . import rules
from .rules import affinity, fits_event, places_fit, sided
from .sides import infer_sides
from .trips import trips_through_their_talks

__all__ = ["across_types", "event_from", "event_id", "infer_sides", "merge_mentions"]


_ANY = "*"
_STRETCH = 32  # days a bucket of coarsely dated events covers


def _place_keys(keys: Keys) -> tuple[str, ...]:
    """Where a strike can be found by the tellings that may join it (rules.places_fit):
    under its places and their regions, under its sentence (one raid told in one
    sentence), and under "any" when it names no place below a country, a broad area or a
    list of places (then every telling may fit it)."""
    sentence = f"@{keys.document}#{keys.sentence}"
    if not keys.specific or keys.broad or len(keys.specific) >= rules.WAVE:
        # any place, within its countries (no telling fits it that names other countries only)
        return (*_country_keys(keys), sentence) if keys.countries else (_ANY, sentence)
    # a place in common, or one of them the region of the other's place
    return (*(f"s:{p}" for p in keys.specific), *(f"r:{r}" for r in keys.regions), sentence)


def _place_queries(keys: Keys) -> tuple[str, ...]:
    """The buckets of _place_keys a telling may fit: its places among their places and
    regions, its regions among their places."""
    sentence = f"@{keys.document}#{keys.sentence}"
    if not keys.specific or keys.broad or len(keys.specific) >= rules.WAVE:
        return (_ANY, sentence)
    return (*(f"s:{p}" for p in keys.specific | keys.regions), *(f"r:{p}" for p in keys.specific), sentence)


def _country_keys(keys: Keys) -> tuple[str, ...]:
    """The buckets of a telling's countries (no telling fits an event whose countries it
    shares none of, rules.places_fit)."""
    return tuple(f"c:{c}" for c in sorted(keys.countries))


def _may_fit(place: str, queries: tuple[str, ...], countries: frozenset[str]) -> bool:
    """Whether the strikes filed under `place` may fit a telling with these queries and
    countries (a strike filed by its countries only when they meet)."""
    if place == _ANY:
        return True
    if place.startswith("c:"):
        return not countries or place[2:] in countries
    return _ANY in queries or place in queries


def _kind(keys: Keys) -> tuple[str, bool]:
    """What a telling can join at all: its type, and whether it is hypothetical."""
    return keys.type, keys.status == "hypothetical"


class _Index:
    """Events by type (and whether hypothetical) and day, for fine dates; by the stretches
    of days a coarse date covers; undated ones apart. A strike's also by its attacker and
    its places, so that a telling is compared only with the events it may fit (the same
    attacker or none named; a place in common, or one that names none), never with every
    event of a corpus: the merge's cost grows with the tellings, not with their square."""

    def __init__(self) -> None:
        self.by_day: dict[tuple, dict[tuple[str, str], list[int]]] = {}
        self.coarse: dict[tuple, dict[tuple[str, str], list[int]]] = {}  # by attacker and country
        self.loose: dict[tuple, list[int]] = {}

    def add(self, index: int, keys: Keys, head: Keys | None = None) -> None:
        """File the event `index` under a telling's days; `head`, the event's first telling
        (by default this one), says where: its places, or (for a type without sides) its
        countries, as no telling joins an event whose countries it shares none of."""
        kind = _kind(keys)
        first = keys.first if sided(keys.type) else ""
        head = head or keys
        if keys.fine and (keys.end - keys.start).days <= 31:
            if sided(keys.type):
                places = _place_keys(head)
            else:
                places = _country_keys(head) or (_ANY,)
            slack = 1 if keys.anchored else 0  # a report's own day may be a day off
            for day in range(keys.start.toordinal() - slack, keys.end.toordinal() + 1 + slack):
                buckets = self.by_day.setdefault((kind, day), {})
                for place in places:
                    buckets.setdefault((first, place), []).append(index)
        elif keys.start is None or keys.end is None:
            self.loose.setdefault(kind, []).append(index)  # undated: only undated tellings fit
        else:
            for stretch in range(keys.start.toordinal() // _STRETCH, keys.end.toordinal() // _STRETCH + 1):
                buckets = self.coarse.setdefault((kind, stretch), {})
                for country in _country_keys(head) or (_ANY,):
                    buckets.setdefault((first, country), []).append(index)

    def _on(self, keys: Keys, day: int) -> list[int]:
        buckets = self.by_day.get((_kind(keys), day))
        if not buckets:
            return []
        if not sided(keys.type):
            if not keys.countries:
                return [i for ids in buckets.values() for i in ids]
            return [i for place in (_ANY, *_country_keys(keys)) for i in buckets.get(("", place), ())]
        places = _place_queries(keys)
        countries = keys.countries
        if _ANY in places or not keys.first:
            return [i for (first, place), ids in buckets.items()
                    if (not keys.first or first in ("", keys.first)) and _may_fit(place, places, countries)
                    for i in ids]
        found: list[int] = []
        anywhere = (_ANY, *_country_keys(keys))
        for first in (keys.first, ""):
            for place in (*places, *anywhere):
                found.extend(buckets.get((first, place), ()))
        return found

    def near(self, keys: Keys) -> list[int]:
        kind = _kind(keys)
        if keys.start is None or keys.end is None:
            return list(self.loose.get(kind, ()))
        found: list[int] = []
        first = keys.first if sided(keys.type) else ""
        countries = (_ANY, *_country_keys(keys)) if keys.countries else None
        # a coarse date fits only a date it overlaps (rules.dates_fit), a long one a day a
        # few days off at most: the stretches of those days alone
        rule = rules.merge_rule(keys.type)
        reach = max(rule.day_gap, rule.venue_gap, rules.ANCHOR_SLACK.days)
        for stretch in range((keys.start.toordinal() - reach) // _STRETCH,
                             (keys.end.toordinal() + reach) // _STRETCH + 1):
            buckets = self.coarse.get((kind, stretch), {})
            if first and countries:
                for who in (first, ""):
                    for country in countries:
                        found.extend(buckets.get((who, country), ()))
            else:
                found.extend(i for (who, country), ids in buckets.items()
                             if (not first or who in ("", first)) and (countries is None or country in countries)
                             for i in ids)
        if (keys.end - keys.start).days <= 400:
            # its days, and those around them that its type's merge rule or a report's
            # own day allow
            slack = max(1 if keys.anchored else 0, rule.day_gap, rule.venue_gap)
            for day in range(keys.start.toordinal() - slack, keys.end.toordinal() + 1 + slack):
                found.extend(self._on(keys, day))
        else:  # longer than a year: every event of its kind
            found.extend(i for (k, _), buckets in self.by_day.items() if k == kind
                         for ids in buckets.values() for i in ids)
        return sorted(set(found))


def _loosely_dated(mention: EventMention) -> bool:
    return mention.date.method == "anchor" and mention.evidence.anchor_source != "header"


def _same_parties(keys: Keys, held: Keys) -> bool:
    """The attacker or the visitor, when both tellings name one, is the same; other types
    share a party when both name any."""
    spec = types.registry().get(keys.type)
    if spec is not None and (spec.sided or spec.guest):
        return not keys.first or not held.first or keys.first == held.first
    return not keys.parties or not held.parties or bool(keys.parties & held.parties)


_PASSING_REACH_DAYS = 366  # how long before its report an event named in passing is looked for


def _month(day) -> int:
    return day.year * 12 + day.month - 1


def _named_in_passing(keys: Keys, told_at: dict[tuple[str, str, int], list[int]],
                      members: list[list[Keys]]) -> int | None:
    """An event named in passing with no date of its own ("since the Alaska summit", "the
    Jeddah talks"): the one event of its type at that place that the texts date, on or
    before the report's day and within a year of it; None when there is no such event,
    or more than one (three rounds in Istanbul: no guess)."""
    if not keys.specific or keys.start is None:
        return None
    earliest = keys.start - dt.timedelta(days=_PASSING_REACH_DAYS)
    fitting: set[int] = set()
    for place in keys.specific:
        for month in range(_month(earliest), _month(keys.end) + 1):
            for i in told_at.get((keys.type, place, month), ()):
                if i in fitting:
                    continue
                m = members[i][0]
                if m.start is not None and earliest <= m.start <= keys.end \
                        and (m.status == "hypothetical") == (keys.status == "hypothetical") \
                        and m.remote == keys.remote and _same_parties(keys, m):
                    fitting.add(i)
                    if len(fitting) > 1:
                        return None  # several: no guess
    return next(iter(fitting)) if fitting else None


def merge_mentions(mentions: Sequence[EventMention], sides: bool = True) -> list[Event]:
    """Events from mentions; `sides=False` leaves the unnamed sides to a later
    `across_types` over every type's events (an engine that merges type by type)."""
    # Tellings with a date of their own first: a headline dated only by its report then
    # joins the event its text dates, not one made of other undated tellings.
    ordered = sorted(mentions, key=lambda m: (_loosely_dated(m), m.evidence.document, m.evidence.start, m.type))
    events: list[Event] = []
    members: list[list[Keys]] = []
    index = _Index()
    # (type, place below country, month) → events with a told date
    told_at: dict[tuple[str, str, int], list[int]] = {}
    for mention in ordered:
        keys = keys_of(mention)
        named = _named_in_passing(keys, told_at, members) if _loosely_dated(mention) else None
        if named is not None:
            events[named].mentions.append(mention)
            continue
        best, best_score = None, None
        # a headline retells its own text's body: it joins an event that text tells
        own_text = headline(mention)
        for i in index.near(keys):
            if own_text and all(k.document != keys.document for k in members[i][:8]):
                continue
            if fits_event(members[i][:8], keys):
                score = max(affinity(held, keys) for held in members[i][:8])
                if best_score is None or score > best_score:
                    best, best_score = i, score
        if best is None:
            events.append(start_event(mention))
            members.append([keys])
            index.add(len(events) - 1, keys)
        else:
            events[best].mentions.append(mention)
            if len(members[best]) < 8:
                members[best].append(keys)
            if keys.fine and not all(k.fine for k in members[best][:1]):
                index.add(best, keys, members[best][0])
            elif keys.fine and sided(keys.type) and keys.first and len(members[best]) <= 8 \
                    and not any(k.first for k in members[best][:-1]):
                # its attacker named at last: found under it too, at its first telling's places
                index.add(best, keys, members[best][0])
        if not _loosely_dated(mention) and keys.start is not None:
            # found by the month of its first telling's start (the one the search checks)
            event = len(events) - 1 if best is None else best
            head = members[event][0]
            if head.start is not None:
                for place in keys.specific:
                    told = told_at.setdefault((keys.type, place, _month(head.start)), [])
                    if event not in told[-8:]:
                        told.append(event)
    events = _headlines_left_out(_coarse_joined(events, members))
    for event in events:
        finalise(event)
    if sides:
        across_types(events)
    return events


def across_types(events: list[Event]) -> None:
    """What one type's events say about another's, once every type is merged: the sides
    a text leaves unnamed, a trip's days through its talks (in place)."""
    infer_sides(events)
    trips_through_their_talks(events)


def _headlines_left_out(events: list[Event]) -> list[Event]:
    """A headline retells its body: told by a headline alone, joined to none of the events
    of its type the body tells, it is a reading of the headline's shorthand ("Putin's week
    in China, a Paris summit on guarantees"), not an event of its own."""
    told = {(m.evidence.document, m.type) for e in events for m in e.mentions if not headline(m)}
    return [e for e in events if not all(headline(m) and (m.evidence.document, m.type) in told for m in e.mentions)]


def _only_one(fitting: Iterable[int]) -> int | None:
    """The one event that fits, or None when none or several do (it stops at the second:
    in a month of many events, most are never tested)."""
    found = None
    for j in fitting:
        if found is not None:
            return None
        found = j
    return found


def _coarse_joined(events: list[Event], members: list[list[Keys]]) -> list[Event]:
    """A strike told only by its month ("the first U.S. and British strikes on the group
    in January 2024") is the one day-dated strike of those two sides in that month, when
    the texts tell exactly one."""
    fine = {i for i, keys in enumerate(members) if any(k.fine for k in keys)}
    gone: set[int] = set()
    # fine events by (type, attacker, target, month of their first telling): no scan of them all
    by_sides: dict[tuple, list[int]] = {}
    for j in sorted(fine):
        first = members[j][0]
        if first.start is not None:
            by_sides.setdefault((first.type, first.first, first.second, first.start.year, first.start.month),
                                []).append(j)
    for i, keys in enumerate(members):
        head = keys[0]
        if i in fine or head.start is None or not head.first or not head.second or not sided(head.type):
            continue
        if head.precision not in ("month",) or any(k.precision != head.precision for k in keys):
            continue
        one = _only_one(j for j in by_sides.get((head.type, head.first, head.second, head.start.year,
                                                  head.start.month), ())
                        if j not in gone and all(
            m.type == head.type and m.first == head.first and m.second == head.second
            and (m.status == "hypothetical") == (head.status == "hypothetical")
            and m.start is not None and head.start <= m.start and m.end <= head.end
            and all(places_fit(k, m) for k in keys) for m in members[j][:1]))
        if one is not None:
            events[one].mentions.extend(events[i].mentions)
            gone.add(i)
    _coarse_talks_joined(events, members, fine, gone)
    # Tellings of one side's strike on the other known only by the month ("Israel struck
    # Iran in April", "Israel's reply a few days later…" of an April barrage), when the
    # texts date no strike of those sides to a day that month: one event.
    fine_months = {(m.type, m.first, m.second, m.start.replace(day=1)) for j in fine for m in members[j][:1]
                   if m.start is not None}
    held: dict[tuple, int] = {}
    for i, keys in enumerate(members):
        head = keys[0]
        if i in gone or i in fine or head.start is None or not head.first or not head.second or not sided(head.type):
            continue
        if head.precision != "month" or any(k.precision != "month" for k in keys):
            continue
        key = (head.type, head.first, head.second, head.start, head.end, head.status == "hypothetical")
        if (head.type, head.first, head.second, head.start) in fine_months:
            continue
        if key in held and all(places_fit(k, m) for k in keys for m in members[held[key]][:1]):
            events[held[key]].mentions.extend(events[i].mentions)
            gone.add(i)
        else:
            held.setdefault(key, i)
    return [e for i, e in enumerate(events) if i not in gone]


def _coarse_talks_joined(events: list[Event], members: list[list[Keys]], fine: set[int], gone: set[int]) -> None:
    """A meeting told only by its month ("the truce brokered in January") is the one
    day-dated meeting that month the texts tell with its status, a party of its own
    (every person it names, when both name people) and a place that fits, when they tell exactly one (in
    place: joined events go to `gone`)."""
    by_month: dict[tuple, list[int]] = {}
    for j in sorted(fine):
        first = members[j][0]
        if first.start is not None and not sided(first.type) and first.parties:
            by_month.setdefault((first.type, first.start.year, first.start.month), []).append(j)
    for i, keys in enumerate(members):
        head = keys[0]
        if i in fine or i in gone or head.start is None or sided(head.type) or not head.parties \
                or head.precision != "month" or any(k.precision != "month" for k in keys):
            continue
        one = _only_one(j for j in by_month.get((head.type, head.start.year, head.start.month), ())
                        if j not in gone and all(
            m.status == head.status and m.remote == head.remote
            and m.start is not None and head.start <= m.start and m.end <= head.end
            and head.parties & m.parties and (not head.people or not m.people or head.people <= m.people)
            and all(places_fit(k, m) for k in keys) for m in members[j][:1]))
        if one is not None:
            events[one].mentions.extend(events[i].mentions)
            gone.add(i)


def event_from(mentions: Sequence[EventMention]) -> Event:
    """One event made of exactly these mentions, compatible or not (a person's decision to
    merge two events, or a mention split out of one, is taken as given)."""
    ordered = sorted(mentions, key=lambda m: (m.evidence.document, m.evidence.start, m.type))
    event = start_event(ordered[0])
    event.mentions.extend(ordered[1:])
    finalise(event)
    return event
