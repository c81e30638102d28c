"""What the reader asked to see (Filters) and how to draw it (ChartOptions), both read
from and written to the URL, so a link reproduces the exact view.

URL values are untrusted: at most `max_query_values` values a key and
`max_query_chars` characters a value are read (settings); a date that cannot be read
is dropped and reported (`unreadable_params`), never an error.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from ..model import STATUSES
from ..settings import SETTINGS
from .style import VISIBLE_BY_DEFAULT
from .words import format_day

QUERY_LIST_KEYS = {"types": "type", "statuses": "status", "actors": "actor",
                   "places": "place", "targets": "target", "sources": "source"}
RANGE_SEPARATOR = ".."


def query_values(mapping: Mapping, key: str) -> list[str]:
    """The values of a query key (st.query_params, a dict of str or of lists), capped in
    number and length, blanks dropped."""
    if hasattr(mapping, "get_all"):
        raw = mapping.get_all(key)
    else:
        raw = mapping.get(key, [])
        raw = [raw] if isinstance(raw, str) else list(raw or [])
    values = [str(v).strip()[:SETTINGS.max_query_chars] for v in raw[:SETTINGS.max_query_values]]
    return [v for v in values if v]


def parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see. Empty means "no restriction", except that
    hypothetical events are shown only when `statuses` names them."""

    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # what was hit: "energy", "rail"…
    sources: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    query: str = ""

    @classmethod
    def from_query_params(cls, mapping: Mapping) -> Filters:
        """Read the URL keys type, status, actor, place, target, source (repeatable), from, to, q."""
        lists = {name: tuple(dict.fromkeys(query_values(mapping, key)))
                 for name, key in QUERY_LIST_KEYS.items()}
        from_values, to_values = query_values(mapping, "from"), query_values(mapping, "to")
        return cls(
            **lists,
            date_from=parse_day(from_values[0]) if from_values else None,
            date_to=parse_day(to_values[0]) if to_values else None,
            query=" ".join(query_values(mapping, "q"))[:SETTINGS.max_query_chars],
        )

    def to_query_params(self) -> dict[str, list[str] | str]:
        params: dict[str, list[str] | str] = {}
        for name, key in QUERY_LIST_KEYS.items():
            if getattr(self, name):
                params[key] = list(getattr(self, name))
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.query.strip():
            params["q"] = self.query.strip()
        return params

    @property
    def visible_statuses(self) -> tuple[str, ...]:
        return self.statuses or VISIBLE_BY_DEFAULT

    def describe(self) -> str:
        """The active filters in one line (plain text), for subtitles and the empty state."""
        parts = []
        labels = {"types": "Type", "statuses": "Status", "actors": "Actor", "places": "Place",
                  "targets": "Hit", "sources": "Source"}
        for name, label in labels.items():
            values = getattr(self, name)
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.date_from and self.date_to:
            parts.append(f"{format_day(self.date_from)} – {format_day(self.date_to)}")
        elif self.date_from:
            parts.append(f"from {format_day(self.date_from)}")
        elif self.date_to:
            parts.append(f"until {format_day(self.date_to)}")
        if self.query.strip():
            parts.append(f"search “{self.query.strip()}”")
        if not self.statuses:
            parts.append("hypothetical events hidden")
        return " · ".join(parts) if parts else "All events"


def unreadable_params(mapping: Mapping) -> list[str]:
    """URL values that could not be read (a `from`/`to` that is no ISO date, a bad range)."""
    bad = []
    for key in ("from", "to"):
        bad += [f"{key}={v}" for v in query_values(mapping, key) if parse_day(v) is None]
    for value in query_values(mapping, "range"):
        if parse_range(value) is None:
            bad.append(f"range={value}")
    return bad


def parse_range(text: str) -> tuple[dt.date, dt.date] | None:
    """'2026-01-20..2026-02-06' → the two days (in order); None when unreadable."""
    first, separator, last = text.partition(RANGE_SEPARATOR)
    start, end = parse_day(first), parse_day(last)
    if not separator or start is None or end is None:
        return None
    return (start, end) if start <= end else (end, start)


@dataclass(frozen=True)
class ChartOptions:
    """How to draw, as opposed to what to show."""

    lanes: Literal["type", "actor"] = "type"
    briefing: bool = False
    title: str = ""
    source_labels: Mapping[str, str] = field(default_factory=dict)  # file name → "Publisher — title"
    show_hypothetical: bool = False  # with no status filter: hypothetical events too
    shown: tuple[dt.date, dt.date] | None = None  # the days on screen; None: fitted to the events
    per: Literal["day", "week"] = "day"  # the counts chart's bins
    counts: Literal["events", "launches"] = "events"

    @classmethod
    def from_query_params(cls, mapping: Mapping) -> ChartOptions:
        lanes = query_values(mapping, "lanes")
        view = query_values(mapping, "view")
        shown = query_values(mapping, "range")
        per = query_values(mapping, "per")
        counts = query_values(mapping, "counts")
        return cls(lanes="actor" if lanes[:1] == ["actor"] else "type",
                   briefing=view[:1] == ["briefing"],
                   shown=parse_range(shown[0]) if shown else None,
                   per="week" if per[:1] == ["week"] else "day",
                   counts="launches" if counts[:1] == ["launches"] else "events")

    def to_query_params(self) -> dict[str, str]:
        params = {}
        if self.lanes != "type":
            params["lanes"] = self.lanes
        if self.briefing:
            params["view"] = "briefing"
        if self.shown:
            params["range"] = f"{self.shown[0].isoformat()}{RANGE_SEPARATOR}{self.shown[1].isoformat()}"
        if self.per != "day":
            params["per"] = self.per
        if self.counts != "events":
            params["counts"] = self.counts
        return params


def effective_filters(filters: Filters, options: ChartOptions) -> Filters:
    """`show_hypothetical` widens an empty status filter to every status."""
    if options.show_hypothetical and not filters.statuses:
        return replace(filters, statuses=tuple(STATUSES))
    return filters
