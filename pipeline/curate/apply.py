"""Applying decisions to merged events: pure, the same in the build and the dashboard.

Structure first, then content: merges and splits (in the order they were taken) decide
which mentions make an event; then hides, corrections (a later one wins field by field)
and flags apply to the events that hold their mentions. A decision none of whose
mentions is found any more is orphaned, and said so.
"""
from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Protocol

from ..merge import event_from
from ..model import Event, EventMention, PlaceRef
from .decisions import CORRECTABLE, STRUCTURAL, Decision, MentionKey
from .summary import roles_from_actors, roles_of, summary_of

TAG_ORDER = ("merged", "split", "type", "status", "dates", "actors", "places", "figures", "flagged")
SUMMARY_FIELDS = {"type", "status", "actors", "places", "figures"}


@dataclass
class CuratedEvent(Event):
    """An event a person changed; `curation` names what changed (the table's column)."""

    curation: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DecisionStatus:
    decision: Decision
    state: str  # "applied", "partly applied", "orphaned", "undone"
    note: str = ""  # plain text: why it is orphaned, or what was not found
    events: tuple[str, ...] = ()  # the ids of the events it applies to now


@dataclass
class Curated:
    """The events after curation: the input events left as they were (by index), the
    events a decision changed or made, those hidden, and what became of each decision."""

    source: EventSource
    untouched: list[int]
    changed: list[Event]
    hidden: list[tuple[Event, Decision]]
    statuses: list[DecisionStatus]

    @property
    def events(self) -> list[Event]:
        return [self.source.event(i) for i in self.untouched] + self.changed

    @property
    def orphaned(self) -> list[DecisionStatus]:
        return [s for s in self.statuses if s.state == "orphaned"]


Handle = tuple[int, int]  # (event number, position of the mention in that event)


class EventSource(Protocol):
    """The merged events as curation reads them: the build's list, or a table's rows."""

    def __len__(self) -> int: ...

    def event(self, number: int) -> Event: ...

    def mention(self, handle: Handle) -> EventMention: ...

    def keys(self, documents: Collection[str] | None = None) -> Iterable[tuple[Handle, MentionKey]]:
        """Every mention's key; only those of `documents` when given."""
        ...


class EventList:
    """The build's events, as they come from the merge."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events

    def __len__(self) -> int:
        return len(self.events)

    def event(self, number: int) -> Event:
        return self.events[number]

    def mention(self, handle: Handle) -> EventMention:
        return self.events[handle[0]].mentions[handle[1]]

    def keys(self, documents: Collection[str] | None = None) -> Iterable[tuple[Handle, MentionKey]]:
        for number, event in enumerate(self.events):
            for position, mention in enumerate(event.mentions):
                if documents is None or mention.evidence.document in documents:
                    yield (number, position), MentionKey.of(mention)


class _Group:
    """An event under curation: its mentions and what was decided about it."""

    def __init__(self, handles: list[Handle], base: int | None) -> None:
        self.handles = handles
        self.base = base  # the input event it still is, None once merged or split
        self.tags: set[str] = set()
        self.changes: dict = {}
        self.hidden: Decision | None = None
        self.event: Event | None = None


class _Index:
    """Finds the mention a key names: same document and sentence (white space aside),
    then the same type and trigger, then the nearest span."""

    def __init__(self, source: EventSource, documents: Collection[str]) -> None:
        # Only the documents decisions name: keying every mention of a large table (its
        # sentence made comparable) took over a second at 50,000 events.
        self.by_sentence: dict[tuple[str, str], list[tuple[Handle, MentionKey]]] = {}
        for handle, key in source.keys(documents):
            self.by_sentence.setdefault((key.document, key.sentence), []).append((handle, key))

    def find(self, key: MentionKey) -> Handle | None:
        found = self.by_sentence.get((key.document, key.sentence))
        if not found:
            return None
        return min(found, key=lambda item: (item[1].type != key.type if key.type else False,
                                            item[1].trigger != key.trigger if key.trigger else False,
                                            abs(item[1].start - key.start)))[0]


def apply(events: Sequence[Event] | EventSource, decisions: Sequence[Decision]) -> Curated:
    """The curated events. The input events are left unchanged; changed ones are new."""
    source = events if hasattr(events, "keys") and hasattr(events, "mention") else EventList(events)
    index = _Index(source, {key.document for decision in decisions if decision.in_force
                            for keys in decision.targets for key in keys})
    groups: dict[int, _Group] = {}  # input event → its group, made when first touched
    owner: dict[Handle, _Group] = {}  # mention → the group holding it now
    touched: list[_Group] = []
    statuses: dict[int, tuple[str, str, list[_Group]]] = {}

    def group_of(handle: Handle) -> _Group:
        held = owner.get(handle)
        if held is not None:
            return held
        number = handle[0]
        group = groups[number] = _Group([(number, p) for p in range(len(source.event(number).mentions))], number)
        touched.append(group)
        for h in group.handles:
            owner[h] = group
        return group

    def resolve(keys) -> tuple[list[tuple[Handle, _Group]], int]:
        found = []
        for key in keys:
            handle = index.find(key)
            if handle is not None:
                found.append((handle, group_of(handle)))
        return found, len(keys) - len(found)

    in_force = [(n, d) for n, d in enumerate(decisions) if d.in_force]
    ordered = ([item for item in in_force if item[1].kind in STRUCTURAL]
               + [item for item in in_force if item[1].kind not in STRUCTURAL])
    for number, decision in ordered:
        if decision.kind == "merge":
            resolved = [resolve(keys)[0] for keys in decision.targets]
            present = [hits for hits in resolved if hits]
            merged = list(dict.fromkeys(group for hits in present for _, group in hits))
            if len(present) < 2:
                statuses[number] = ("orphaned", _missing(decision, resolved), [])
                continue
            if len(merged) > 1:
                combined = _Group([h for group in merged for h in group.handles], None)
                combined.tags = set().union(*(g.tags for g in merged)) | {"merged"}
                for group in merged:
                    group.handles = []
                for h in combined.handles:
                    owner[h] = combined
                touched.append(combined)
                merged = [combined]
            state = "applied" if len(present) == len(resolved) else "partly applied"
            statuses[number] = (state, "" if state == "applied" else _missing(decision, resolved), merged)
        elif decision.kind == "split":
            hits, _ = resolve(decision.targets[0])
            if not hits:
                statuses[number] = ("orphaned", _missing(decision, [hits]), [])
                continue
            handle, group = hits[0]
            if len(group.handles) > 1:
                group.handles = [h for h in group.handles if h != handle]
                group.base, alone = None, _Group([handle], None)
                group.tags.add("split")
                alone.tags = {"split"}
                owner[handle] = alone
                touched.append(alone)
                statuses[number] = ("applied", "", [group, alone])
            else:
                statuses[number] = ("applied", "the mention is already an event of its own", [group])
        else:
            hits, missing = resolve(decision.targets[0])
            if not hits:
                statuses[number] = ("orphaned", _missing(decision, [hits]), [])
                continue
            affected = list(dict.fromkeys(group for _, group in hits))
            for group in affected:
                if decision.kind == "hide":
                    group.hidden = decision
                elif decision.kind == "flag":
                    group.tags.add("flagged")
                else:
                    group.changes.update(decision.changes)
                    group.tags.update(CORRECTABLE[name] for name in decision.changes)
            note = f"{missing} of {len(decision.targets[0])} sentences no longer found" if missing else ""
            statuses[number] = ("partly applied" if missing else "applied", note, affected)

    changed: list[Event] = []
    hidden: list[tuple[Event, Decision]] = []
    for group in touched:
        if not group.handles:
            continue  # merged into another
        group.event = _materialise(source, group)
        if group.hidden is not None:
            hidden.append((group.event, group.hidden))
        else:
            changed.append(group.event)
    untouched = [n for n in range(len(source)) if n not in groups]  # a touched event is replaced
    return Curated(source=source, untouched=untouched, changed=changed, hidden=hidden,
                   statuses=_statuses(decisions, statuses))


def _missing(decision: Decision, resolved: list[list]) -> str:
    lost = [keys[0] for keys, hits in zip(decision.targets, resolved) if not hits]
    if not lost:
        return ""
    key = lost[0]
    sentence = key.sentence if len(key.sentence) <= 90 else key.sentence[:89] + "…"
    more = f" (and {len(lost) - 1} more)" if len(lost) > 1 else ""
    return f"the sentence “{sentence}” is no longer in {key.document}{more}"


def _statuses(decisions: Sequence[Decision], found: dict) -> list[DecisionStatus]:
    result = []
    for number, decision in enumerate(decisions):
        if not decision.in_force:
            result.append(DecisionStatus(decision, "undone"))
            continue
        state, note, affected = found[number]
        ids = tuple(dict.fromkeys(g.event.event_id for g in affected if g.event is not None and g.handles))
        result.append(DecisionStatus(decision, state, note, ids))
    return result


def _materialise(source: EventSource, group: _Group) -> Event:
    """The group as an event: the input event itself when only its content changed, else
    one event of exactly its mentions; then the corrections."""
    made = source.event(group.base) if group.base is not None else \
        event_from([source.mention(h) for h in group.handles])
    values = {f.name: copy.copy(getattr(made, f.name)) for f in fields(Event)}  # lists copied
    event = CuratedEvent(**values, curation=[tag for tag in TAG_ORDER if tag in group.tags])
    _correct(event, group.changes)
    return event


def _correct(event: Event, changes: dict) -> None:
    for name, value in changes.items():
        if name in ("date_start", "date_end"):
            setattr(event, name, dt.date.fromisoformat(str(value)) if value not in (None, "") else None)
        elif name == "places":
            event.places = [_place(text) for text in value]
        elif name == "actors":
            event.actors = [str(v).strip() for v in value if str(v).strip()]
        else:
            setattr(event, name, value)
    # a person lists a strike's actors attacker first; a type without sides has no roles
    if "actors" in changes:
        event.roles = roles_from_actors(event.type, event.actors)
    elif "type" in changes:
        event.roles = roles_of(event.type, *event.roles) if len(event.roles) == 2 \
            else roles_from_actors(event.type, event.actors)
    if "date_start" in changes and "date_end" not in changes:
        event.date_end = event.date_start
    if event.date_start is not None and event.date_end is not None and event.date_end < event.date_start:
        event.date_end = event.date_start
    if {"date_start", "date_end"} & set(changes) and "precision" not in changes:
        event.precision = "day" if event.date_start is not None else "unknown"
    if {"date_start", "date_end", "precision"} & set(changes):
        event.date_text = ""
    if SUMMARY_FIELDS & {CORRECTABLE[name] for name in changes}:
        event.summary = summary_of(event)


def _place(name: str) -> PlaceRef:
    """A place a person typed: the gazetteer's entry when it knows the name, else the
    name alone (no coordinates: the map lists it as having no known place)."""
    from ..gazetteer.places import place_ref_named as place_by_name

    name = str(name).strip()
    return place_by_name(name) or PlaceRef(name=name, kind="city", country="", latitude=None, longitude=None)
