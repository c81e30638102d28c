"""Plain dataclasses that flow through the pipeline's stages.

texts → Document → Passage (with an Anchor) → DateMention / EventMention → Event → table.
Every stage is a set of pure functions over these types; nothing here does I/O.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "week", "month", "year", "unknown"]
EventType = str  # a name in the type registry (pipeline/types/)
Status = Literal["occurred", "planned", "hypothetical"]
DateMethod = Literal["explicit", "relative", "anchor", "inferred"]
AnchorSource = Literal["manifest", "dateline", "header", "inferred", "none"]

PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "unknown")
STATUSES: tuple[str, ...] = ("occurred", "planned", "hypothetical")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input file; reported, never fatal for the others."""

    file: str
    reason: str
    severity: Literal["skipped", "warning"] = "skipped"

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(frozen=True)
class SourceMeta:
    """One row of a folder's manifest.csv (all optional but the file name)."""

    file: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""


@dataclass(frozen=True)
class Document:
    """One input text, decoded and reduced to plain text."""

    name: str  # file name relative to the source folder, e.g. "003_xyz.txt"
    text: str
    meta: SourceMeta
    sha256: str = ""  # of the raw bytes, for caching and stable ids


@dataclass(frozen=True)
class Anchor:
    """The date that relative expressions in a passage are resolved against.

    `date` is the reference day; for a month- or year-precision anchor (a manifest
    `published` of "2025-09") it is the *last* day of that period, so that
    "nearest before the anchor" never lands after the period. `date` is None when no
    anchor could be found (precision "unknown").
    """

    date: dt.date | None
    precision: Precision
    source: AnchorSource
    text: str = ""  # the literal that gave the anchor ("3 February 2026 - 22:45", "2025-09")
    # A header naming a span ("THE WEEK IN REVIEW | Aug. 31–Sept. 7", a "Monday–Tuesday."
    # section): its first day; `date` is its last. Weekdays are read inside the span.
    period_start: dt.date | None = None

    @property
    def known(self) -> bool:
        return self.date is not None


UNKNOWN_ANCHOR = Anchor(date=None, precision="unknown", source="none")


@dataclass(frozen=True)
class Passage:
    """A stretch of a document sharing one anchor: [start, end) in document.text."""

    document: str
    start: int
    end: int
    anchor: Anchor


@dataclass(frozen=True)
class ResolvedDate:
    """A calendar interval (inclusive) with its precision and how it was found."""

    date_start: dt.date | None
    date_end: dt.date | None
    precision: Precision
    method: DateMethod


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text, resolved against an anchor.

    `start`/`end` are character offsets into the text that was searched, so
    `text[start:end] == self.text`.
    """

    start: int
    end: int
    text: str
    resolved: ResolvedDate
    future: bool = False  # the expression or its context marks it as future ("next", "until")


@dataclass(frozen=True)
class PlaceRef:
    """A place normalised against the gazetteer."""

    name: str  # canonical spelling, e.g. "Kharkiv Oblast"
    kind: Literal["city", "region", "country"]
    country: str  # canonical country name, e.g. "Ukraine"
    latitude: float | None
    longitude: float | None
    admin1: str = ""  # first-level region a city lies in ("Kharkiv Oblast"); "" when unknown


@dataclass(frozen=True)
class Evidence:
    """Where an event mention stands: document, character span, sentence."""

    document: str
    start: int  # sentence span in document.text
    end: int
    sentence: str
    trigger: str = ""
    date_text: str = ""
    date_start_offset: int = -1  # span of date_text in document.text (-1: none)
    date_end_offset: int = -1
    date_method: str = ""
    anchor_date: str = ""  # ISO date of the anchor used ("" when unknown)
    anchor_source: str = ""
    anchor_text: str = ""


@dataclass(frozen=True)
class EventMention:
    """One telling of an event in one sentence of one document."""

    type: EventType
    status: Status
    date: ResolvedDate
    date_text: str
    actors: tuple[str, ...]  # canonical names, role order (attacker/visitor first)
    places: tuple[PlaceRef, ...]
    evidence: Evidence
    drones: int | None = None
    missiles: int | None = None
    ballistic: int | None = None
    cruise: int | None = None
    killed: int | None = None
    injured: int | None = None
    prisoners: int | None = None
    figures_text: tuple[str, ...] = ()  # literal figures as written ("more than 450 drones")
    summary: str = ""
    targets: tuple[str, ...] = ()  # what was hit: "energy", "residential", …
    notes: tuple[str, ...] = ()  # how a role or date was inferred, for the reader
    roles: tuple[str, ...] = ()  # names by role, "" where the text names none (a strike's attacker, target)
    wave: bool = False  # told as striking many places at once ("hit nine sites")
    remote: bool = False  # told as held by phone or video ("spoke by phone", "a video call")


@dataclass
class Event:
    """One real-world event: merged mentions from one or several documents."""

    event_id: str
    type: EventType
    status: Status
    date_start: dt.date | None
    date_end: dt.date | None
    precision: Precision
    date_text: str
    date_method: DateMethod
    actors: list[str]
    places: list[PlaceRef]
    drones: int | None
    missiles: int | None
    ballistic: int | None
    cruise: int | None
    killed: int | None
    injured: int | None
    figures: list[str]  # every stated figure, disagreeing values side by side
    summary: str
    sources: list[str]
    mentions: list[EventMention] = field(default_factory=list)
    prisoners: int | None = None
    targets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # a strike's attacker and target, "" where unnamed

    @property
    def n_sources(self) -> int:
        return len(self.sources)
