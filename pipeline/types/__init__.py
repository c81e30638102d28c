"""The event-type registry: one spec file per type (`pipeline/types/<name>.toml`).

A spec says everything the pipeline and the dashboard need to know about a type: its
label and colour, the roles of its actors, the quantities it carries, how its summary
is written, how two mentions of it are merged, the words that tell it, and example
sentences with their expected reading (run by the tests). Adding a type is adding a
file here (and, where a spec cannot say it, a rule module under `pipeline/events/rules/`).
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Example:
    """A sentence and what it must be read as (checked by tests/test_types.py)."""

    text: str
    anchor: str  # ISO date the sentence is read against
    expect: dict[str, Any]  # type, status, date_start, date_end, actors, places, quantities…; {} = no event


@dataclass(frozen=True)
class MergeRule:
    """When two mentions of this type are one event."""

    day_gap: int = 0  # dates may be this many days apart (0: they must overlap)
    venue_gap: int = 0  # at one venue, this many days apart (a round of talks over two days)
    span: str = "best"  # "best": the best-told date; "union": every day told (a trip of several days)
    places: str = "compatible"  # "compatible": one names a place of the other or its region/country
    actors: str = "compatible"  # "compatible": no named side contradicts; "shared": one in common
    one_city: bool = False  # held in one city: cities told as one list are as many events
    holds: str = ""  # a type whose events the visitor holds there lie within its days (a trip's talks)


@dataclass(frozen=True)
class EventTypeSpec:
    name: str
    label: str  # "Strike"
    plural: str  # "Strikes"
    colour: str  # hex, the same in every view
    order: int  # position in legends, filters and lanes
    description: str
    roles: tuple[str, ...]  # role scheme: actors are listed in this order
    quantities: tuple[str, ...]  # integer columns this type fills
    summary: dict[str, str]  # templates by status
    merge: MergeRule
    triggers: dict[str, Any]  # lexicon of the type: see pipeline/events/triggers.py
    rule: str  # optional rule module under pipeline/events/rules/ ("" for none)
    words: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # the type's vocabulary
    not_events: tuple[str, ...] = ()  # phrases holding a trigger word that tell no event
    examples: tuple[Example, ...] = field(default=())
    extra: dict[str, Any] = field(default_factory=dict)  # anything else the type's rule reads

    @property
    def sided(self) -> bool:
        """One side acts on the other (a strike): its actors are (attacker, target)."""
        return tuple(self.roles) == ("attacker", "target")

    @property
    def guest(self) -> bool:
        """Someone comes to someone (a visit): its actors are (visitor, host)."""
        return tuple(self.roles) == ("visitor", "host")

    def carries(self, group: str) -> bool:
        """Whether the type's vocabulary holds a word group ("weapon", "target", …)."""
        return group in self.words


def _spec(raw: dict[str, Any]) -> EventTypeSpec:
    known = {"name", "label", "plural", "colour", "order", "description", "roles", "quantities",
             "summary", "merge", "triggers", "rule", "words", "not_events", "examples"}
    return EventTypeSpec(
        name=raw["name"], label=raw["label"], plural=raw["plural"], colour=raw["colour"],
        order=int(raw["order"]), description=raw.get("description", ""),
        roles=tuple(raw.get("roles", ())), quantities=tuple(raw.get("quantities", ())),
        summary=dict(raw.get("summary", {})), merge=MergeRule(**raw.get("merge", {})),
        triggers=dict(raw.get("triggers", {})), rule=raw.get("rule", ""),
        words={group: dict(values) for group, values in raw.get("words", {}).items()},
        not_events=tuple(raw.get("not_events", ())),
        examples=tuple(Example(e["text"], e["anchor"], dict(e.get("expect", {})))
                       for e in raw.get("examples", ())),
        extra={k: v for k, v in raw.items() if k not in known},
    )


@functools.cache
def registry() -> dict[str, EventTypeSpec]:
    """Every event type, in display order."""
    folder = resources.files(__name__)
    specs = [_spec(tomllib.loads(entry.read_text("utf-8")))
             for entry in folder.iterdir() if entry.name.endswith(".toml")]
    specs.sort(key=lambda s: (s.order, s.name))
    return {spec.name: spec for spec in specs}


def type_names() -> tuple[str, ...]:
    return tuple(registry())


def spec(name: str) -> EventTypeSpec:
    return registry()[name]


def quantity_names() -> tuple[str, ...]:
    """Every quantity any type carries, in registry order: the table's integer columns."""
    names: dict[str, None] = {}
    for spec in registry().values():
        names.update(dict.fromkeys(spec.quantities))
    return tuple(names)


def colour(name: str, default: str = "#777777") -> str:
    spec = registry().get(name)
    return spec.colour if spec else default


def label(name: str, plural: bool = False) -> str:
    spec = registry().get(name)
    if spec is None:
        return name.replace("_", " ").capitalize()
    return spec.plural if plural else spec.label
