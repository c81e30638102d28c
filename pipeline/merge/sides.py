"""The side a strike's telling leaves unnamed, from the folder's other strikes.

An air-force bulletin says "the enemy launched 78 missiles"; a Sudanese digest says
"drones struck Port Sudan". When no text of the folder names the attacker of a strike
whose target it names, the attacker is the side the folder's strikes name most often
against that target (and the other way round for an unnamed target), provided the
event's own texts name that side somewhere; the event's notes say so. A side named fewer than `_MIN_TOLD` times is not enough to go on.
"""
from __future__ import annotations

from collections import Counter

from .. import types
from ..model import Event
from ..types.summary import summarise

_MIN_TOLD = 2


def _sided(kind: str) -> bool:
    spec = types.registry().get(kind)
    return spec is not None and spec.sided


def infer_sides(events: list[Event]) -> None:
    attackers: dict[str, Counter] = {}
    targets: dict[str, Counter] = {}
    named: dict[str, set[str]] = {}  # document → the sides its events name
    for event in events:
        for mention in event.mentions:
            named.setdefault(mention.evidence.document, set()).update(mention.actors)
    for event in events:
        if _sided(event.type) and len(event.roles) == 2 and all(event.roles):
            attacker, target = event.roles
            attackers.setdefault(target, Counter())[attacker] += len(event.mentions)
            targets.setdefault(attacker, Counter())[target] += len(event.mentions)
    for event in events:
        if not _sided(event.type) or len(event.roles) != 2:
            continue
        attacker, target = event.roles
        # a side the event's own texts never name is not taken from other texts
        own = set().union(*(named.get(d, set()) for d in event.sources))
        if not attacker and target in attackers:
            side, told = attackers[target].most_common(1)[0]
            if told >= _MIN_TOLD and side in own:
                event.roles = [side, target]
                event.notes.append(f"attacker not named: {side}, the side these texts name most often "
                                   f"as attacking {target}")
        elif attacker and not target and attacker in targets:
            side, told = targets[attacker].most_common(1)[0]
            if told >= _MIN_TOLD and side in own:
                event.roles = [attacker, side]
                event.notes.append(f"target not named: {side}, the side these texts name most often "
                                   f"as attacked by {attacker}")
        else:
            continue
        event.actors = [a for a in event.roles if a]
        values = {name: getattr(event, name) for name in ("drones", "missiles", "killed", "injured", "prisoners")}
        event.summary = summarise(event.type, event.status, event.actors, [p.name for p in event.places], values,
                              event.roles)
