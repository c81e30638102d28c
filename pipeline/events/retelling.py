"""A sentence that tells again the event of its type just told ("the talks", "this
attack"), and one that names no party and takes those of the event just told: which event
it retells, when it tells another one after all, and what it brings to it."""
from __future__ import annotations

from dataclasses import replace

from .. import types
from ..model import EventMention
from ..types.summary import summarise


def _stem(trigger: str) -> str:
    return trigger.lower().split()[-1][:5] if trigger.strip() else ""


def retold_event(told: list[tuple[int, EventMention]], mention: EventMention) -> tuple[int, EventMention]:
    """Which telling "the strikes" retells: the last told with the same word ("the strikes"
    after "carried out precision strikes", past "the terror attack" between), else the last."""
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
    """Both dated to days in words, and the days do not meet: two events."""
    def told_day(m: EventMention) -> bool:
        return m.date.method in ("explicit", "relative") and m.date.precision == "day" and m.date.date_start is not None
    return told_day(mention) and told_day(told) and (
        mention.date.date_end < told.date.date_start or mention.date.date_start > told.date.date_end)


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
