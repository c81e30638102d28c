"""Curation of the table on screen: its rows as events for `pipeline.curate`, and the
curated table back, rebuilding only the rows a decision touched.

With the mentions of the build at hand (a folder the dashboard built), a row's events are
made of its real mentions, so a merge or split gives exactly what `python -m pipeline
build --curations` gives. Without them (a table opened as built), each evidence record
becomes a mention carrying the row's own values.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..curate import Curated, Decision, MentionKey, apply
from ..curate.summary import roles_of
from ..model import Event, EventMention, Evidence, PlaceRef, ResolvedDate
from ..table import COLUMNS, events_to_frame, normalise_frame

FIGURE_FIELDS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners")
_EVIDENCE_FIELDS = tuple(Evidence.__dataclass_fields__)


def _day(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _number(value) -> int | None:
    return None if pd.isna(value) else int(value)


class FrameSource:
    """A table's rows as the events `pipeline.curate.apply` reads (made when asked for)."""

    def __init__(self, frame: pd.DataFrame, mentions: Sequence[EventMention] | None = None) -> None:
        self.frame = frame.reset_index(drop=True)
        self._events: dict[int, Event] = {}
        self._real: dict[tuple, EventMention] = {}
        for mention in mentions or ():
            evidence = mention.evidence
            self._real.setdefault((evidence.document, evidence.start, evidence.end, evidence.trigger,
                                   mention.type), mention)

    def __len__(self) -> int:
        return len(self.frame)

    def keys(self, documents: Collection[str] | None = None) -> Iterable[tuple[tuple[int, int], MentionKey]]:
        for number, (kind, items) in enumerate(zip(self.frame["type"].to_numpy(), self.frame["evidence"].to_numpy())):
            for position, item in enumerate(items):
                if documents is None or str(item.get("document", "")) in documents:
                    yield (number, position), MentionKey.from_evidence(item, kind)

    def mention(self, handle: tuple[int, int]) -> EventMention:
        return self.event(handle[0]).mentions[handle[1]]

    def event(self, number: int) -> Event:
        if number not in self._events:
            self._events[number] = self._make(self.frame.iloc[number])
        return self._events[number]

    def _make(self, row: pd.Series) -> Event:
        places = _places(row)
        figures = {name: _number(row.get(name)) for name in FIGURE_FIELDS}
        mentions = [self._real.get((str(e.get("document", "")), int(e.get("start", -1)), int(e.get("end", -1)),
                                    str(e.get("trigger", "")), row["type"]))
                    or _mention(row, e, places, figures) for e in row["evidence"]]
        return Event(
            event_id=row["event_id"], type=row["type"], status=row["status"], date_start=_day(row["date_start"]),
            date_end=_day(row["date_end"]), precision=row["precision"], date_text=row["date_text"],
            date_method=row["date_method"], actors=list(row["actors"]), places=places, figures=list(row["figures"]),
            summary=row["summary"], sources=list(row["sources"]), mentions=mentions,
            targets=list(row.get("targets", [])), notes=list(row.get("notes", [])),
            roles=roles_of(row["type"], row.get("attacker", ""), row.get("attacked", "")), **figures)


def _places(row: pd.Series) -> list[PlaceRef]:
    """The row's places; the first with the row's coordinates, the others from the gazetteer."""
    from ..gazetteer.places import place_ref_named as place_by_name

    kinds = list(row["place_kinds"])
    places = []
    for position, name in enumerate(row["places"]):
        kind = kinds[position] if position < len(kinds) else "city"
        if position == 0:
            latitude, longitude = row["latitude"], row["longitude"]
            places.append(PlaceRef(name=name, kind=kind, country=row.get("country", "") or "",
                                   latitude=None if pd.isna(latitude) else float(latitude),
                                   longitude=None if pd.isna(longitude) else float(longitude),
                                   admin1=row.get("admin1", "") or ""))
        else:
            places.append(place_by_name(name) or PlaceRef(name=name, kind=kind, country="", latitude=None,
                                                          longitude=None))
    return places


def _mention(row: pd.Series, item: Mapping, places: list[PlaceRef], figures: dict) -> EventMention:
    evidence = Evidence(**{name: item[name] for name in _EVIDENCE_FIELDS if name in item})
    document = evidence.document
    told = tuple(text.rsplit(" (", 1)[0] for text in row["figures"] if text.endswith(f"({document})"))
    return EventMention(
        type=row["type"], status=row["status"],
        date=ResolvedDate(_day(row["date_start"]), _day(row["date_end"]), row["precision"],
                          evidence.date_method or row["date_method"]),
        date_text=evidence.date_text, actors=tuple(row["actors"]), places=tuple(places), evidence=evidence,
        figures_text=told, summary=row["summary"], **figures)


@dataclass
class CuratedTable:
    frame: pd.DataFrame
    curated: Curated


def curated_table(frame: pd.DataFrame, decisions: Sequence[Decision],
                  mentions: Sequence[EventMention] | None = None) -> CuratedTable:
    """The table with the decisions applied; rows no decision touched are kept as they are."""
    source = FrameSource(frame, mentions)
    curated = apply(source, decisions)
    if not curated.changed and len(curated.untouched) == len(source.frame):
        return CuratedTable(source.frame, curated)
    kept = source.frame.iloc[curated.untouched]
    changed = events_to_frame(curated.changed) if curated.changed else normalise_frame(
        pd.DataFrame(columns=list(COLUMNS)))
    joined = pd.concat([kept, changed], ignore_index=True) if len(changed) else kept
    joined = joined.sort_values(["date_start", "type", "event_id"], na_position="last",
                                kind="stable").reset_index(drop=True)
    return CuratedTable(joined, curated)


def mention_keys(row: Mapping) -> tuple[MentionKey, ...]:
    """The keys a decision about this row is keyed to: every mention it holds."""
    return tuple(MentionKey.from_evidence(item, row["type"]) for item in row["evidence"])


def describe_row(row: Mapping) -> str:
    """'Strike, Tue 3 Feb 2026, Kyiv' — how a decision says what it was about."""
    from .style import type_label

    parts = [type_label(row["type"]), str(row.get("_date_label") or "")]
    if len(row["places"]):
        parts.append(", ".join(list(row["places"])[:3]))
    return ", ".join(part for part in parts if part)
