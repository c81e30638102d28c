"""What a person decided about the events, and what each decision is keyed to.

A decision is keyed to mentions — the document and the sentence that tell an event,
with the span, type and trigger to tell apart two mentions of one sentence — never to a
row number or an event id, which a rebuild may change. A rebuild finds each mention
again by its sentence; a sentence that was edited or removed leaves its decision
orphaned (reported, not dropped).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import EventMention

KINDS = ("hide", "correct", "merge", "split", "flag")
STRUCTURAL = ("merge", "split")  # applied first: they decide which mentions make an event
# Fields a correction may set, and the word the table's `curation` column uses for each.
CORRECTABLE = {"type": "type", "status": "status", "date_start": "dates", "date_end": "dates",
               "precision": "dates", "actors": "actors", "places": "places",
               "drones": "figures", "missiles": "figures", "ballistic": "figures", "cruise": "figures",
               "killed": "figures", "injured": "figures", "prisoners": "figures"}
PRECISIONS = ("day", "week", "month", "year", "unknown")
STATUSES = ("occurred", "planned", "hypothetical")


def normalise_sentence(text: str) -> str:
    """A sentence as it is compared: runs of white space as one space, ends trimmed."""
    return re.sub(r"\s+", " ", str(text)).strip()


@dataclass(frozen=True)
class MentionKey:
    document: str
    sentence: str
    start: int = -1
    end: int = -1
    type: str = ""
    trigger: str = ""

    def __post_init__(self) -> None:  # (every way of making a key passes here: normalised once)
        object.__setattr__(self, "sentence", normalise_sentence(self.sentence))

    @classmethod
    def of(cls, mention: EventMention) -> MentionKey:
        evidence = mention.evidence
        return cls(evidence.document, evidence.sentence, evidence.start, evidence.end, mention.type,
                   evidence.trigger)

    @classmethod
    def from_evidence(cls, evidence: Mapping[str, Any], kind: str = "") -> MentionKey:
        """The key of a table's evidence record (the mention's own type is the event's
        unless the caller knows better)."""
        return cls(str(evidence.get("document", "")), str(evidence.get("sentence", "")),
                   int(evidence.get("start", -1)), int(evidence.get("end", -1)), kind,
                   str(evidence.get("trigger", "")))

    def to_json(self) -> dict:
        return {"document": self.document, "sentence": self.sentence, "start": self.start, "end": self.end,
                "type": self.type, "trigger": self.trigger}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MentionKey:
        return cls(str(data["document"]), str(data["sentence"]), int(data.get("start", -1)),
                   int(data.get("end", -1)), str(data.get("type", "")), str(data.get("trigger", "")))


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Decision:
    """One decision. `targets`: one tuple of mention keys per event it is about (two or
    more for a merge, one mention for a split)."""

    kind: str
    targets: tuple[tuple[MentionKey, ...], ...]
    author: str
    reason: str = ""
    changes: Mapping[str, Any] = field(default_factory=dict)
    about: str = ""  # the event as it read when decided, for lists and reports
    created: str = ""
    id: int | None = None
    undone: str | None = None  # when it was undone; None while in force
    undone_by: str = ""

    def __post_init__(self) -> None:
        check(self)

    @property
    def in_force(self) -> bool:
        return self.undone is None

    def describe(self) -> str:
        """'hide', 'correct dates, places', 'merge 2 events', … (plain text)."""
        if self.kind == "correct":
            return "correct " + ", ".join(dict.fromkeys(CORRECTABLE[name] for name in self.changes))
        if self.kind == "merge":
            return f"merge {len(self.targets)} events"
        if self.kind == "split":
            return "split a mention out"
        return self.kind


def check(decision: Decision) -> None:
    """A clear error for a decision that cannot be applied as written."""
    if decision.kind not in KINDS:
        raise ValueError(f"unknown decision kind {decision.kind!r} (one of {', '.join(KINDS)})")
    if not decision.author.strip():
        raise ValueError("a decision needs the name of the person who takes it")
    if not decision.targets or any(not group for group in decision.targets):
        raise ValueError("a decision needs the mentions it is about")
    if decision.kind == "merge" and len(decision.targets) < 2:
        raise ValueError("a merge needs two events or more")
    if decision.kind == "split" and (len(decision.targets) != 1 or len(decision.targets[0]) != 1):
        raise ValueError("a split takes out exactly one mention")
    if decision.kind == "correct":
        if not decision.changes:
            raise ValueError("a correction needs at least one changed field")
        unknown = [name for name in decision.changes if name not in CORRECTABLE]
        if unknown:
            raise ValueError(f"fields that cannot be corrected: {', '.join(unknown)}")
        check_changes(decision.changes)


def check_changes(changes: Mapping[str, Any]) -> None:
    status = changes.get("status")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    precision = changes.get("precision")
    if precision is not None and precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    days = {}
    for name in ("date_start", "date_end"):
        value = changes.get(name)
        if value not in (None, ""):
            try:
                days[name] = dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValueError(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from None
    if len(days) == 2 and days["date_end"] < days["date_start"]:
        raise ValueError("the end date comes before the start date")
    for name in ("actors", "places"):
        value = changes.get(name)
        if value is not None and (isinstance(value, str) or not all(isinstance(v, str) for v in value)):
            raise ValueError(f"{name} must be a list of names")
    for name, word in CORRECTABLE.items():
        if word == "figures" and changes.get(name) is not None:
            value = changes[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number of zero or more, not {value!r}")
