"""A sentence that tells again the event of its type just told ("the talks", "this
attack"), and one that names no party and takes those of the event just told: which event
it retells, when it tells another one after all, and what it brings to it."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

from .. import lang, types
from ..model import EventMention
from ..types.summary import summarise


@functools.cache
def _ordinals() -> dict[str, int]:
    return dict(lang.language("en")["numbers"].get("ordinals", {}))


def _stem(trigger: str) -> str:
    return trigger.lower().split()[-1][:5] if trigger.strip() else ""


def retold_event(told: list[tuple[int, EventMention]], mention: EventMention) -> tuple[int, EventMention]:
    """Which telling "the strikes" retells: the last told with the same word ("the strikes"
    after "carried out precision strikes", past "the terror attack" between), else the last."""
    nth = _ordinals().get(mention.evidence.trigger.lower().split()[0], 0) if mention.evidence.trigger.strip() else 0
    days = sorted({m.date.date_start for _, m in told if m.date.date_start is not None
                   and m.date.method != "anchor"}) if nth else []
    if 0 < nth <= len(days) and len(days) >= 2:
        # "the second round", after three rounds told by their dates: the second of them
        return next(item for item in told if item[1].date.date_start == days[nth - 1])
    stem = _stem(mention.evidence.trigger)
    # "the Russian attack": a telling by another attacker is not what it retells
    first = mention.roles[0] if mention.roles else ""
    told = [item for item in told if not (first and item[1].roles and item[1].roles[0]
                                          and item[1].roles[0] != first)] or told
    for item in reversed(told[-6:]):
        if stem and (_stem(item[1].evidence.trigger) == stem or f" {stem}" in f" {item[1].evidence.sentence.lower()}"):
            return item
    return told[-1]


def posited(sentence, trigger: int) -> bool:
    """The event word itself is put as a condition or a future case ("if attacks on
    Russian territory continued", "any future terror attack"), not the reaction to it."""
    return sentence.last_before("condition", trigger, max(0, trigger - 4)) is not None \
        or sentence.has("plan_modifier", max(0, trigger - 3), trigger)


def told_apart(mention: EventMention, told: EventMention) -> bool:
    """Both dated to days in words, and the days do not meet: two events. One dated by its
    report's day alone may be a day off ("overnight"), no more: "the eighth wave since the
    October 10 attack" under a December heading is another event."""
    def told_day(m: EventMention) -> bool:
        return m.date.method in ("explicit", "relative") and m.date.precision == "day" and m.date.date_start is not None
    if not told_day(mention) or told.date.date_start is None:
        return False
    slack = dt.timedelta(days=0 if told_day(told) else 1)
    if not told_day(told) and (told.date.method != "anchor" or told.date.precision != "day"):
        return False
    return mention.date.date_end < told.date.date_start - slack or mention.date.date_start > told.date.date_end + slack


def placed_apart(mention: EventMention, told: EventMention) -> bool:
    """Dated in words and placed, neither date nor places the other's ("the October
    blast" on a bridge is not the attack on Kyiv told before it); a retelling with no
    date of its own that names the sites hit goes on with the same event."""
    if mention.date.method not in ("explicit", "relative"):
        return False
    mine = {p.name for p in mention.places if p.kind != "country"}
    theirs = {p.name for p in told.places if p.kind != "country"}
    if not mine or not theirs or mine & theirs:
        return False
    my_regions = {p.admin1 for p in mention.places if p.admin1} | {p.name for p in mention.places if p.kind == "region"}
    their_regions = {p.admin1 for p in told.places if p.admin1} | {p.name for p in told.places if p.kind == "region"}
    return not (mine & their_regions or theirs & my_regions or my_regions & their_regions)


def retold(previous: EventMention, mention: EventMention, own_day: bool = False) -> EventMention:
    """The event just told, told again in this sentence (its evidence, its figures)."""
    # "…would pay dearly for the attack": the modal is the reaction's, not the attack's
    status = previous.status
    if own_day and previous.date.method == "anchor" and mention.date.method in ("explicit", "relative"):
        # "…met Putin." then "the talks on Friday…": the retelling tells the day
        previous = replace(previous, date=mention.date, date_text=mention.date_text)
        return replace(retold(previous, mention), evidence=mention.evidence)
    return replace(previous, status=status, evidence=replace(
        mention.evidence, date_text=previous.evidence.date_text, date_start_offset=previous.evidence.date_start_offset,
        date_end_offset=previous.evidence.date_end_offset, date_method=previous.date.method),
        drones=mention.drones, missiles=mention.missiles, ballistic=mention.ballistic, cruise=mention.cruise,
        killed=mention.killed, injured=mention.injured, prisoners=mention.prisoners,
        figures_text=mention.figures_text, targets=tuple(dict.fromkeys(previous.targets + mention.targets)),
        places=tuple(dict.fromkeys(previous.places + mention.places)))


def borrowed(previous: EventMention, mention: EventMention) -> EventMention:
    """A mention that names no party takes those of the event of its type just told."""
    if types.spec(mention.type).sided:
        mine = mention.roles or ("", "")
        theirs = previous.roles or ("", "")
        roles = tuple(a or b for a, b in zip(mine, theirs))
        actors = tuple(a for a in roles if a)
    else:
        roles = ()
        actors = tuple(dict.fromkeys(mention.actors + previous.actors))
    return with_parties(replace(mention, places=mention.places or previous.places), actors, roles)


def with_parties(mention: EventMention, actors: tuple[str, ...], roles: tuple[str, ...],
                  note: str = "") -> EventMention:
    values = {"drones": mention.drones, "missiles": mention.missiles, "killed": mention.killed,
              "injured": mention.injured, "prisoners": mention.prisoners}
    return replace(mention, actors=actors, roles=roles, notes=mention.notes + ((note,) if note else ()),
                   summary=summarise(mention.type, mention.status, actors, [p.name for p in mention.places], values,
                                     roles))
