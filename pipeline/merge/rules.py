"""When two tellings are one real event, as researchers deduplicate: the same type,
dates that overlap, sides that do not contradict each other, and places that fit.

- Strikes: the same attacker (or one unnamed) on the same side (or one unnamed); one
  night's wave over several cities is one event, but two single places apart (Doha and
  Gaza City, Port Sudan and Kassala) are two.
- Talks and other multi-party events: one party list within the other, or two sides in
  common; a leader who talks to two people the same day has two talks.
- Visits: the same visitor, and a host or destination that fits.
- What is hypothetical merges only with what is hypothetical.
- A report's own date ("anchored": no date in the text) and a month or year are loose:
  they join a dated telling only within their document, or with strong names in common.
"""
from __future__ import annotations

import datetime as dt
import functools

from .. import types
from ..types import EventTypeSpec, MergeRule
from .keys import Keys

ANCHOR_SLACK = dt.timedelta(days=1)
_TALLY_DAYS = 5  # an interval this long or longer counts up many events
WAVE = 3  # places a telling lists when it tells a wave of strikes


def _span_days(k: Keys) -> int:
    return (k.end - k.start).days + 1 if k.start is not None else 0


def _overlap(a: Keys, b: Keys, slack: dt.timedelta = dt.timedelta(0)) -> bool:
    if a.start is None or b.start is None:
        return a.start is None and b.start is None and a.document == b.document
    return a.start - slack <= b.end and b.start - slack <= a.end


def _within(inner: Keys, outer: Keys) -> bool:
    return (inner.start is not None and outer.start is not None
            and outer.start <= inner.start and inner.end <= outer.end)


def strong_names(a: Keys, b: Keys) -> bool:
    """Names enough to tie two loosely dated tellings: a specific place in common, or for
    a meeting or a visit a person or two sides (every strike of one war has both sides)."""
    if a.specific & b.specific:
        return True
    if _spec(a.type).sided:
        return False
    # two sides in common, unless one names the city and the other none ("talks have since
    # been held in Paris" is not a minister's talks in Washington told without a place)
    return bool(a.people & b.people) or len(a.sides & b.sides) >= 2 and bool(a.specific) == bool(b.specific)


@functools.cache
def _spec(kind: str) -> EventTypeSpec:
    return types.registry().get(kind) or EventTypeSpec(kind, kind, kind, "#777777", 99, "", (), (), {}, MergeRule(), {}, "")


def sided(kind: str) -> bool:
    return _spec(kind).sided


def merge_rule(kind: str) -> MergeRule:
    return _spec(kind).merge


def dates_fit(a: Keys, b: Keys) -> bool:
    same_document = a.document == b.document
    gap = merge_rule(a.type).day_gap
    if gap and a.fine and b.fine and not (a.anchored or b.anchored) and _overlap(a, b, dt.timedelta(days=gap)):
        return True  # a trip told day by day
    venue = merge_rule(a.type).venue_gap
    # the same sides at the same venue: a mediator's own meeting with one side the day
    # before is another event
    if venue and a.fine and b.fine and not (a.anchored or b.anchored) and a.cities & b.cities \
            and a.sides == b.sides and _overlap(a, b, dt.timedelta(days=venue)):
        return True  # "talks in Abu Dhabi on Wednesday", "the round runs through Thursday"
    if a.fine and b.fine:
        if a.anchored or b.anchored:
            return _overlap(a, b, ANCHOR_SLACK) and (same_document or strong_names(a, b))
        if (a.window or b.window) and same_document:
            return _overlap(a, b)  # "in response to attacks on its bases" and the day its text tells them
        if _span_days(a) != _span_days(b) and max(_span_days(a), _span_days(b)) >= _TALLY_DAYS:
            # a week's tally ("over the past week") is not one night's strike
            return _within(a, b) and _within(b, a) or (bool(a.specific & b.specific) and _overlap(a, b))
        return _overlap(a, b)
    if a.start is None or b.start is None:
        return _overlap(a, b)
    coarse, fine = (a, b) if not a.fine else (b, a)
    if not fine.fine:  # both month, year or unknown precision
        # (a month within "since July, by November": the one told more closely)
        return _overlap(a, b) and (same_document or strong_names(a, b)) and (
            a.precision == b.precision or _within(a, b) or _within(b, a))
    return _within(fine, coarse) and strong_names(a, b)


def _roles_fit(a: Keys, b: Keys) -> bool:
    if _spec(a.type).sided:
        if a.first and b.first and a.first != b.first:
            return False
        if a.second and b.second and a.second != b.second and not (
                a.second in b.countries or b.second in a.countries):
            return False  # (a group and the country its places are in: "Houthis" and "Yemen")
        # an unnamed target: the places it names must be on the named target's side
        for one, other in ((a, b), (b, a)):
            if one.second and not other.second and other.countries and one.second not in other.countries \
                    and not (other.countries & one.countries):
                return False
        return True
    if _spec(a.type).guest:
        if a.first and b.first and a.first != b.first and not (a.people & b.people):
            return False
        return not (a.second and b.second and a.second != b.second)
    if a.people and b.people and not a.people & b.people:
        return False  # "Sharaa met Trump…; Shaibani also held talks with Rubio": two meetings
    if not a.sides or not b.sides:
        return True
    return a.sides <= b.sides or b.sides <= a.sides or len(a.sides & b.sides) >= 2


def places_fit(a: Keys, b: Keys) -> bool:
    if a.document == b.document and a.sentence == b.sentence and _spec(a.type).sided:
        return True  # "jets hit a depot in Rafah while drones struck Khan Younis": one raid
    if a.countries and b.countries and not (a.countries & b.countries):
        return False
    if not a.specific or not b.specific or a.specific & b.specific:
        return True
    if a.specific & b.regions or b.specific & a.regions:
        return True  # a city and the region it lies in
    if _spec(a.type).guest and a.countries & b.countries:
        return True  # one trip through several cities of a country
    # "western Ukraine" names no one place; two places apart (Port Sudan and Kassala,
    # a train in the Kharkiv region and a power plant in Odesa) are two events
    if not _spec(a.type).sided:
        return False
    # a wave told as a list of cities ("other cities hit included Kremenchuk, Zaporizhzhia,
    # Odesa and Kryvyi Rih")
    # (within one text, a place told apart from the text's list is an incident of its own:
    # "Today, in Zaporizhzhia, a drone killed two passersby")
    listed = len(a.specific) >= WAVE or len(b.specific) >= WAVE
    return a.broad or b.broad or (listed and a.document != b.document)


def _statuses_fit(a: Keys, b: Keys) -> bool:
    # (within one text, a call and a meeting told apart are two events: "the leaders also
    # held a call with Trump during the meeting")
    if a.document == b.document and a.remote != b.remote and not _spec(a.type).sided \
            and a.sentence != b.sentence:
        return False
    return (a.status == "hypothetical") == (b.status == "hypothetical")


def fits(a: Keys, b: Keys) -> bool:
    return (a.type == b.type and _statuses_fit(a, b) and dates_fit(a, b) and _roles_fit(a, b)
            and places_fit(a, b))


def fits_event(members: list[Keys], keys: Keys) -> bool:
    """A telling joins an event when no telling of it contradicts the sides, places or
    status, and its date fits the event's best-dated tellings."""
    # The date first: most events the index offers a telling are of days near its own,
    # not its own, and fail there.
    dated = [m for m in members if m.fine and not m.anchored] or members
    if not any(dates_fit(m, keys) for m in dated):
        return False
    # a raid's other part told in the same sentence has joined: its places are this raid's too
    sibling = _spec(keys.type).sided and any(m.document == keys.document and m.sentence == keys.sentence
                                             for m in members)
    return all(m.type == keys.type and _statuses_fit(m, keys) and _roles_fit(m, keys)
               and (sibling or places_fit(m, keys)) for m in members)


def affinity(a: Keys, b: Keys) -> tuple[int, int, int]:
    """How well two fitting tellings match: the same document, names in common, dates."""
    shared = len(a.specific & b.specific) + len(a.parties & b.parties) + len(a.sides & b.sides)
    exact = int(a.start == b.start and a.end == b.end)
    return (int(a.document == b.document), shared, exact)
