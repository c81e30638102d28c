"""What the merge compares of a mention or an event, computed once per mention."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from .. import lang, types
from ..gazetteer import actors as actor_table
from ..events.document import PRECEDED
from ..model import EventMention

FINE = frozenset({"day", "week"})


@cache
def _compass() -> frozenset[str]:
    return frozenset(w.lower() for w in lang.words("places", "compass"))


@cache
def side(name: str) -> str:
    """The side a named actor belongs to: a person's state or group, a state itself."""
    return actor_table.side(name) or name


@dataclass(frozen=True, slots=True)
class Keys:
    type: str
    status: str
    document: str
    start: dt.date | None
    end: dt.date | None
    precision: str
    anchored: bool  # dated only by its report's date
    first: str  # attacker / visitor ("" when not named)
    second: str  # target / host
    parties: frozenset[str]  # every named actor
    sides: frozenset[str]
    people: frozenset[str]
    specific: frozenset[str]  # places below country level
    cities: frozenset[str]  # of those, the cities and sites
    broad: bool  # names only parts of a country by compass ("western Ukraine"), or a wave over many places
    regions: frozenset[str]  # the regions of those places, and named regions
    countries: frozenset[str]  # countries named or holding the places named
    sentence: int = -1  # where its sentence starts in its document
    remote: bool = False  # held by phone or video
    window: bool = False  # one event some day of its days, counted from another ("in response to…")

    @property
    def fine(self) -> bool:
        return self.precision in FINE and self.start is not None


_SETS: dict[frozenset[str], frozenset[str]] = {}
_MAX_SETS = 1 << 17  # distinct sets shared (at most about 30 MB); past it a set is used as made


def _shared(names) -> frozenset[str]:
    """One frozenset per distinct set of names: tellings name the same few sides,
    countries and places again and again, and each set costs about 200 bytes (three
    quarters of the keys' memory, a quarter of a build's at 10,000 documents)."""
    names = frozenset(names)
    if len(_SETS) < _MAX_SETS:
        return _SETS.setdefault(names, names)
    return _SETS.get(names, names)


def keys_of(mention: EventMention) -> Keys:
    roles = mention.roles or ()
    spec = types.registry().get(mention.type)
    first = roles[0] if roles else (mention.actors[0] if spec is not None and spec.guest and mention.actors else "")
    second = roles[1] if len(roles) > 1 else ""
    places = mention.places
    people = _shared(a for a in mention.actors if (actor := actor_table.actor_named(a)) and actor.kind == "person")
    return Keys(
        type=mention.type, status=mention.status, document=mention.evidence.document,
        start=mention.date.date_start, end=mention.date.date_end, precision=mention.date.precision,
        # a header's date is the day of what it heads; a report's own date is loose
        # (a roundup's week heading its lines dates none of them to a day)
        anchored=mention.date.method == "anchor" and (
            mention.evidence.anchor_source != "header" or mention.date.date_start != mention.date.date_end),
        first=side(first) if first else "", second=side(second) if second else "",
        parties=_shared(mention.actors), sides=_shared(side(a) for a in mention.actors), people=people,
        specific=_shared(p.name for p in places if p.kind != "country"),
        cities=_shared(p.name for p in places if p.kind == "city"),
        broad=mention.wave or bool(specific := [p for p in places if p.kind != "country"]) and all(
            p.kind == "region" and p.name.split(" ")[0].lower() in _compass() for p in specific),
        regions=_shared([p.admin1 for p in places if p.admin1] + [p.name for p in places if p.kind == "region"]),
        countries=_shared([p.country for p in places if p.country] + [p.name for p in places if p.kind == "country"]),
        sentence=mention.evidence.start, remote=mention.remote,
        window=mention.date.precision != "day" and any(n.startswith(PRECEDED) for n in mention.notes),
    )
