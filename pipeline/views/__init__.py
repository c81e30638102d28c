"""Views of the event table: filters, the timeline, the map, the evidence view, PNG export.

Everything here is a pure function of (table, filters, options), so the dashboard, the
command line and the tests draw the same pictures. Strings that come from documents
(summaries, sentences, names, titles) are untrusted: every one that reaches Plotly or
HTML goes through `html.escape` first, and nothing here emits markdown.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import math
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model import STATUSES
from ..types import type_names

EVENT_TYPES = type_names()

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and in
# greyscale print; the same colour means the same event type in every view.
TYPE_COLOURS = {"strike": "#D55E00", "talks": "#0072B2", "visit": "#009E73"}
TYPE_LABELS = {"strike": "Strike", "talks": "Talks", "visit": "Visit"}
TYPE_PLURALS = {"strike": "Strikes", "talks": "Talks", "visit": "Visits"}
OTHER_COLOUR = "#777777"

# Occurred events are filled, planned ones open, hypothetical ones crossed out.
STATUS_SYMBOLS = {"occurred": "circle", "planned": "circle-open", "hypothetical": "x"}
STATUS_PATTERNS = {"occurred": "", "planned": "/", "hypothetical": "x"}
VISIBLE_BY_DEFAULT = ("occurred", "planned")  # hypothetical events only when asked for

UNCERTAIN_PRECISIONS = ("week", "month", "year")
CERTAIN_OPACITY = 0.9
UNCERTAIN_OPACITY = 0.35

# Above this many drawn items SVG traces get sluggish in the browser; WebGL stays smooth.
WEBGL_THRESHOLD = 3000
MAX_ACTOR_LANES = 12
TABLE_DISPLAY_ROWS = 1000

SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_SCALE = 1920, 1080, 2
DAY_MS = 86_400_000

QUERY_LIST_KEYS = {"types": "type", "statuses": "status", "actors": "actor",
                   "places": "place", "sources": "source"}



def plot_text(text) -> str:
    """Untrusted text made safe for Plotly's labels, which read a little HTML (<b>, <br>,
    <a href>) and decode &lt; &gt; &amp; but show &quot; as written: escape only those three."""
    return html.escape(str(text), quote=False)


# --------------------------------------------------------------------------- filters


def _values(mapping: Mapping, key: str) -> list[str]:
    """All values of a query key, from st.query_params, a dict of str or of lists."""
    if hasattr(mapping, "get_all"):
        raw = mapping.get_all(key)
    else:
        raw = mapping.get(key, [])
        raw = [raw] if isinstance(raw, str) else list(raw or [])
    return [str(v).strip() for v in raw if str(v).strip()]


def _parse_day(text: str) -> dt.date | None:
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
    sources: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    query: str = ""

    @classmethod
    def from_query_params(cls, mapping: Mapping) -> Filters:
        """Read the URL keys type, status, actor, place, source (repeatable), from, to, q.

        Unreadable dates are dropped (see `unreadable_params`), never an error.
        """
        lists = {name: tuple(dict.fromkeys(_values(mapping, key)))
                 for name, key in QUERY_LIST_KEYS.items()}
        from_values, to_values = _values(mapping, "from"), _values(mapping, "to")
        return cls(
            **lists,
            date_from=_parse_day(from_values[0]) if from_values else None,
            date_to=_parse_day(to_values[0]) if to_values else None,
            query=" ".join(_values(mapping, "q")),
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
        """The active filters in one line, for subtitles and the empty state."""
        parts = []
        labels = {"types": "Type", "statuses": "Status", "actors": "Actor", "places": "Place",
                  "sources": "Source"}
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
    """URL values that could not be read (a `from`/`to` that is no ISO date)."""
    bad = []
    for key in ("from", "to"):
        bad += [f"{key}={v}" for v in _values(mapping, key) if _parse_day(v) is None]
    return bad


@dataclass(frozen=True)
class ChartOptions:
    """How to draw, as opposed to what to show."""

    lanes: Literal["type", "actor"] = "type"
    briefing: bool = False
    title: str = ""
    source_labels: Mapping[str, str] = field(default_factory=dict)  # file name → "Publisher — title"
    show_hypothetical: bool = False  # with no status filter: hypothetical events too

    @classmethod
    def from_query_params(cls, mapping: Mapping) -> ChartOptions:
        lanes = _values(mapping, "lanes")
        view = _values(mapping, "view")
        return cls(lanes="actor" if lanes[:1] == ["actor"] else "type",
                   briefing=view[:1] == ["briefing"])

    def to_query_params(self) -> dict[str, str]:
        params = {}
        if self.lanes != "type":
            params["lanes"] = self.lanes
        if self.briefing:
            params["view"] = "briefing"
        return params


def effective_filters(filters: Filters, options: ChartOptions) -> Filters:
    """`show_hypothetical` widens an empty status filter to every status."""
    if options.show_hypothetical and not filters.statuses:
        return replace(filters, statuses=tuple(STATUSES))
    return filters


def source_labels(documents) -> dict[str, str]:
    """File name → 'Publisher — Title' (plain text) for the documents' footnote."""
    labels = {}
    for document in documents:
        meta = document.meta
        label = " — ".join(part for part in (meta.source, meta.title) if part)
        labels[document.name] = label or document.name
    return labels


# --------------------------------------------------------------------------- the prepared table


def format_day(day) -> str:
    """'Tue 27 Jan 2026'."""
    day = pd.Timestamp(day)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _format_days(days: pd.Series) -> pd.Series:
    """format_day over a column; a table has far fewer distinct days than events."""
    labels = {day: format_day(day) for day in days.dropna().unique()}
    return days.map(labels)


def date_labels(frame: pd.DataFrame) -> pd.Series:
    """The resolved date as a reader says it, one label per event, from its precision.

    day: 'Tue 27 Jan 2026' (or 'Wed 21 Jan 2026 – Thu 22 Jan 2026'); week: 'week of …';
    month: 'January 2026'; year: '2025'; no date: 'date unknown'.
    """
    start, end = frame["date_start"], frame["date_end"].fillna(frame["date_start"])
    precision = frame["precision"]
    labels = pd.Series("date unknown", index=frame.index, dtype=object)
    known = start.notna()
    if not known.any():
        return labels
    first, last = _format_days(start.where(known)), _format_days(end.where(known))
    single = known & (start == end)
    labels[known & ~single] = first + " – " + last
    labels[single] = first
    week = known & (precision == "week")
    labels[week] = "week of " + first[week] + " – " + last[week]
    month = known & (precision == "month")
    labels[month] = start[month].map(lambda day: f"{day:%B %Y}")
    year = known & (precision == "year")
    labels[year] = start[year].dt.year.astype(str)
    return labels


def _plot_texts(values: pd.Series) -> pd.Series:
    """plot_text over a column, vectorised."""
    return (values.astype(str).str.replace("&", "&amp;", regex=False)
            .str.replace("<", "&lt;", regex=False).str.replace(">", "&gt;", regex=False))


def _shortened(text: pd.Series, limit: int) -> pd.Series:
    """Each text cut to at most `limit` characters, an ellipsis marking a cut."""
    return text.where(text.str.len() <= limit, text.str.slice(0, limit - 1) + "…")


def _wrapped(text: pd.Series, limit: int = 240) -> pd.Series:
    """Escaped, shortened and broken into lines of about 70 characters for hover boxes."""
    return _plot_texts(_shortened(text, limit)).str.replace(r"(.{30,60}?) ", r"\1<br>", regex=True)


def _joined(lists: pd.Series, separator: str = ", ") -> pd.Series:
    return lists.map(lambda values: separator.join(values))


@dataclass(frozen=True)
class PreparedTable:
    """The event table plus what every redraw needs, computed once per table.

    `frame` carries extra columns: `_date_label`, `_hover`/`_hover_short` (escaped hover
    boxes), `_start_ms`/`_mid_ms`/`_end_ms` (milliseconds since 1970, the end exclusive),
    `_is_span`, `_uncertain`, `_first_place`, `_map_line` (the event's escaped line in a
    map hover box) and `_place_group` (one number per first place and its coordinates).
    The exploded list columns map a row number to each of its values.
    """

    frame: pd.DataFrame
    actors: pd.Series
    places: pd.Series
    sources: pd.Series
    # Lower-cased summary and evidence sentences, by row number, for the text search:
    # the longest text of an event, kept out of `frame` so that filtering never copies it.
    search: pd.Series

    choices: Mapping[str, list[str]] = field(default_factory=dict)

    def options(self, column: str) -> list[str]:
        """Every value of a list column ("actors", "places", "sources"), most frequent first."""
        return self.choices[column]


def prepare(frame: pd.DataFrame) -> PreparedTable:
    frame = frame.reset_index(drop=True).copy()
    sentences = frame["evidence"].map(lambda items: "\n".join(str(e.get("sentence", "")) for e in items))
    search = (frame["summary"].astype(str) + "\n" + sentences).str.lower()
    frame["_date_label"] = date_labels(frame)

    start = frame["date_start"]
    end = frame["date_end"].fillna(start)
    frame["_uncertain"] = frame["precision"].isin(UNCERTAIN_PRECISIONS)
    frame["_is_span"] = start.notna() & ((end > start) | frame["_uncertain"])
    # Plotly reads numbers on a date axis as milliseconds since 1970: compact typed arrays.
    frame["_start_ms"] = start.astype("int64").where(start.notna()) / 1e6
    frame["_end_ms"] = frame["_start_ms"] + ((end - start).dt.days + 1) * DAY_MS  # exclusive
    frame["_mid_ms"] = (frame["_start_ms"] + frame["_end_ms"]) / 2
    frame["_first_place"] = frame["places"].map(lambda places: places[0] if len(places) else "")

    frame["_hover"] = _hover_texts(frame)
    frame["_hover_short"] = _short_hover_texts(frame)
    frame["_map_line"] = (_plot_texts(frame["_date_label"]) + ": "
                          + _plot_texts(_shortened(frame["summary"].astype(str), 90)))
    # The map draws one marker per first place (name and coordinates) and type.
    frame["_place_group"] = frame.groupby(["_first_place", "latitude", "longitude"], sort=False,
                                          dropna=False).ngroup().to_numpy()
    exploded = {column: frame[column].explode().dropna().astype(str)
                for column in ("actors", "places", "sources")}
    return PreparedTable(frame=frame, **exploded, search=search,
                         choices={column: values.value_counts().index.tolist()
                                  for column, values in exploded.items()})


def _hover_texts(frame: pd.DataFrame) -> pd.Series:
    kind = _plot_texts(frame["type"].map(TYPE_LABELS).fillna(frame["type"]))
    precision = frame["precision"].map(lambda p: "" if p in ("day", "unknown", "") else f" ({p} precision)")
    n_sources = frame["n_sources"].fillna(0).astype(int)
    text = ("<b>" + kind + "</b> · " + _plot_texts(frame["status"]) + "<br>"
            + _plot_texts(frame["_date_label"]) + precision + "<br>"
            + _wrapped(frame["summary"].astype(str)))
    for label, column in (("Actors", "actors"), ("Places", "places"), ("Figures", "figures")):
        values = _joined(frame[column], "; " if column == "figures" else ", ")
        has = values.str.len() > 0
        text = text.where(~has, text + f"<br>{label}: " + _plot_texts(_shortened(values, 100)))
    return text + "<br>Sources: " + n_sources.astype(str)


def _short_hover_texts(frame: pd.DataFrame) -> pd.Series:
    """For WebGL-sized views: type, date and the start of the summary, a tenth of the bytes."""
    kind = _plot_texts(frame["type"].map(TYPE_LABELS).fillna(frame["type"]))
    summary = _shortened(frame["summary"].astype(str), 80)
    return "<b>" + kind + "</b> · " + _plot_texts(frame["_date_label"]) + "<br>" + _plot_texts(summary)


def filter_mask(table: PreparedTable, filters: Filters) -> np.ndarray:
    """Vectorised: one boolean per row of `table.frame`."""
    frame = table.frame
    mask = frame["status"].isin(filters.visible_statuses).to_numpy(copy=True)
    if filters.types:
        mask &= frame["type"].isin(filters.types).to_numpy()
    for name in ("actors", "places", "sources"):
        wanted = getattr(filters, name)
        if wanted:
            exploded = getattr(table, name)
            rows = exploded.index[exploded.isin(wanted)]
            mask &= frame.index.isin(rows)
    if filters.date_from:
        mask &= (frame["date_end"].fillna(frame["date_start"]) >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to:
        mask &= (frame["date_start"] <= pd.Timestamp(filters.date_to)).to_numpy()
    for term in filters.query.lower().split():
        mask &= table.search.str.contains(term, regex=False).to_numpy()
    return mask


def apply_filters(table: PreparedTable, filters: Filters) -> pd.DataFrame:
    return table.frame[filter_mask(table, filters)]


def public_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The event table's own columns, without the derived ones (for exports)."""
    return frame[[c for c in frame.columns if not c.startswith("_")]].reset_index(drop=True)


# --------------------------------------------------------------------------- style


@dataclass(frozen=True)
class Style:
    font_size: int
    title_size: int
    marker_size: int
    bar_width: float
    text_colour: str
    grid_colour: str
    height: int
    top_margin: int  # title, subtitle and legend live here
    bottom_margin: int  # tick labels, then the sources footnote
    tick_space: int
    footnote_width: int  # characters per footnote line


SCREEN_STYLE = Style(font_size=13, title_size=18, marker_size=11, bar_width=0.22,
                     text_colour="#222222", grid_colour="#e5e5e5", height=560,
                     top_margin=125, bottom_margin=85, tick_space=45, footnote_width=130)
# Briefing and slides: read from the back of a room, so big type, black on white, bold marks.
BRIEFING_STYLE = Style(font_size=22, title_size=32, marker_size=18, bar_width=0.3,
                       text_colour="#000000", grid_colour="#bdbdbd", height=760,
                       top_margin=195, bottom_margin=130, tick_space=70, footnote_width=120)


def style_for(options: ChartOptions) -> Style:
    return BRIEFING_STYLE if options.briefing else SCREEN_STYLE


@functools.cache
def _white_template() -> dict:
    """plotly_white as a dict: figures built without validation must carry the template
    itself, since only validation turns a template's name into its contents."""
    import plotly.io as pio

    return pio.templates["plotly_white"].to_plotly_json()


def _base_layout(style: Style) -> dict:
    return dict(
        template=_white_template(),
        font=dict(size=style.font_size, color=style.text_colour,
                  family="DejaVu Sans, Arial, Helvetica, sans-serif"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=style.height,
        hoverlabel=dict(font_size=max(13, style.font_size - 4), align="left"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    )


# --------------------------------------------------------------------------- timeline


# The marks of a timeline, one per event (one per event and actor in actor lanes), as
# parallel NumPy arrays keyed by name: each trace takes its rows of these few arrays,
# which is far cheaper than taking rows of the whole frame once per trace.
Marks = dict[str, np.ndarray]


def _take(marks: Marks, positions: np.ndarray) -> Marks:
    return {name: values[positions] for name, values in marks.items()}


def _strings(values: np.ndarray) -> np.ndarray:
    """Fixed-width unicode for a trace: Plotly deep-copies a figure's arrays twice on the
    way to JSON, and copying these is one memcpy where an object array costs a Python
    call per element. Marks keep text as objects until here, as taking rows of those is
    a pointer copy."""
    return values.astype(str)


def _codes(values: pd.Series, names: list[str]) -> np.ndarray:
    """The index of each value in `names`, -1 for a value not in it."""
    codes, uniques = pd.factorize(values)
    index_of = {name: i for i, name in enumerate(names)}
    return np.array([index_of.get(u, -1) for u in uniques] + [-1], dtype=np.int64)[codes]


def _timeline_marks(filtered: pd.DataFrame, webgl: bool) -> tuple[Marks, list[str]]:
    """The dated rows of `filtered` as marks, and the types they have: the contract's
    three, then any others. `kind` and `status` index these types and STATUSES."""
    hover = "_hover_short" if webgl else "_hover"
    dated = filtered.loc[filtered["date_start"].notna(), [
        "event_id", "type", "status", hover, "_is_span", "_uncertain", "_start_ms", "_end_ms", "_mid_ms"]]
    kinds = list(EVENT_TYPES) + _other_types(dated["type"].unique())
    marks = {"kind": _codes(dated["type"], kinds), "status": _codes(dated["status"], list(STATUSES)),
             "event_id": dated["event_id"].to_numpy(dtype=object), "hover": dated[hover].to_numpy(dtype=object)}
    marks.update({name: dated[column].to_numpy() for name, column in (
        ("is_span", "_is_span"), ("uncertain", "_uncertain"), ("start_ms", "_start_ms"),
        ("end_ms", "_end_ms"), ("mid_ms", "_mid_ms"))})
    return marks, kinds


def _lanes(marks: Marks, kinds: list[str], actors: np.ndarray,
           options: ChartOptions) -> tuple[Marks, np.ndarray, list[str]]:
    """The marks to draw, the lane index of each (0 at the top), and the lane names.

    Actor lanes repeat an event in the lane of each of its actors (`actors` holds each
    mark's list); beyond MAX_ACTOR_LANES the least frequent actors share one lane.
    """
    if options.lanes == "actor":
        lists = [list(names) or ["No actor named"] for names in actors]
        marks = _take(marks, np.repeat(np.arange(len(lists)), [len(names) for names in lists]))
        lanes = pd.Series([name for names in lists for name in names], dtype=object)
        counts = lanes.value_counts()
        keep = counts.index[:MAX_ACTOR_LANES].tolist()
        if len(counts) > MAX_ACTOR_LANES:
            lanes = lanes.where(lanes.isin(keep), "Other actors")
            keep.append("Other actors")
        lane_of = {name: i for i, name in enumerate(keep)}
        return marks, lanes.map(lane_of).to_numpy(dtype=np.int64), keep
    present = [kinds[k] for k in np.unique(marks["kind"])]
    names = [TYPE_PLURALS.get(t, t) for t in present]
    lane_of = {name: i for i, name in enumerate(names)}
    lane_of_kind = np.array([lane_of.get(TYPE_PLURALS.get(t, t), -1) for t in kinds], dtype=np.int64)
    return marks, lane_of_kind[marks["kind"]], names


def _other_types(types) -> list[str]:
    """Types beyond the three of the contract, should a table carry any: drawn in grey."""
    return sorted(set(types) - set(EVENT_TYPES))


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """For each element, how many elements of its group come before it (a vectorised
    groupby().cumcount())."""
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(groups) else np.array([], int)
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(groups)]))
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - run_start
    return rank


def _groups_in_order(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal codes grouped, the groups in the order they first occur (as groupby with
    sort=False): each element's group number, each group's first element and size."""
    _, first, inverse, counts = np.unique(codes, return_index=True, return_inverse=True, return_counts=True)
    appearance = np.argsort(first)
    number = np.empty(len(first), dtype=np.int64)
    number[appearance] = np.arange(len(first))
    return number[inverse.reshape(-1)], first[appearance], counts[appearance]


def _sub_rows(lane_index: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Vertical offsets inside a lane so that events close in time do not hide each other.

    Small tables are packed greedily (an event takes the first sub-row that is free at
    its start); large ones cycle through four sub-rows, which is vectorised.
    """
    if len(lane_index) > WEBGL_THRESHOLD:
        return ((_rank_within(lane_index) % 4) - 1.5) * 0.16
    all_start, all_end = start.min(), end.max()
    gap = max(DAY_MS, (all_end - all_start) * 0.012)  # markers have width: keep them apart
    offsets = np.zeros(len(lane_index))
    for lane in np.unique(lane_index):
        positions = np.flatnonzero(lane_index == lane)
        positions = positions[np.argsort(start[positions], kind="stable")]
        row_ends: list[float] = []
        assigned = []
        for position in positions:
            for row, row_end in enumerate(row_ends):
                if start[position] >= row_end + gap:
                    row_ends[row] = end[position]
                    break
            else:
                row = len(row_ends)
                row_ends.append(end[position])
            assigned.append(row)
        count = len(row_ends)
        step = min(0.22, 0.7 / max(count - 1, 1))
        offsets[positions] = (np.array(assigned) - (count - 1) / 2) * step
    return offsets


def _trace_groups(marks: Marks) -> list[tuple[int, int, np.ndarray]]:
    """(kind, status, positions of its marks in order) for each trace: kinds in order,
    and statuses in STATUSES order within a kind."""
    drawn = np.flatnonzero((marks["kind"] >= 0) & (marks["status"] >= 0))
    code = marks["kind"][drawn] * len(STATUSES) + marks["status"][drawn]
    order = np.argsort(code, kind="stable")  # stable: marks keep their order inside a trace
    codes, starts = np.unique(code[order], return_index=True)
    return [(int(value) // len(STATUSES), int(value) % len(STATUSES), positions)
            for value, positions in zip(codes, np.split(drawn[order], starts[1:]))]


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def timeline_figure(table: PreparedTable | pd.DataFrame, filters: Filters = Filters(),
                    options: ChartOptions = ChartOptions(), *, filtered: pd.DataFrame | None = None) -> go.Figure:
    """Strikes, talks and visits over time, one lane per type (or per actor).

    Each trace carries the event ids as `customdata`, so a selection is read by point
    index or customdata, never by x. Single days are markers; spans are bars, light
    when the date is only known to the week, month or year. Above WEBGL_THRESHOLD
    events every trace is WebGL and hover boxes are shorter.
    """
    if not isinstance(table, PreparedTable):
        table = prepare(table)
    filters = effective_filters(filters, options)
    if filtered is None:
        filtered = apply_filters(table, filters)
    style = style_for(options)
    dated = filtered["date_start"].notna().to_numpy()
    webgl = int(dated.sum()) > WEBGL_THRESHOLD
    marks, kinds = _timeline_marks(filtered, webgl)
    marks, lane_index, lane_names = _lanes(marks, kinds, filtered["actors"].to_numpy()[dated], options)
    if len(lane_index):
        marks["y"] = lane_index + _sub_rows(lane_index, marks["start_ms"], marks["end_ms"])

    traces: list[dict] = []
    for kind_index, status_index, positions in _trace_groups(marks):
        kind, status = kinds[kind_index], STATUSES[status_index]
        colour = TYPE_COLOURS.get(kind, OTHER_COLOUR)
        name = f"{TYPE_PLURALS.get(kind, kind)} · {status}"
        is_span = marks["is_span"][positions]
        spans, points = positions[is_span], positions[~is_span]
        if len(spans):
            traces += _span_traces(_take(marks, spans), name, kind, status, colour, style, webgl)
        if len(points):
            traces.append(_point_trace(_take(marks, points), name, kind, status, colour, style, webgl))
    # One legend entry per type and status, whichever trace carries it.
    seen: set[str] = set()
    for trace in traces:
        if trace.get("showlegend") is not False:
            trace["showlegend"] = trace["name"] not in seen
            seen.add(trace["name"])

    layout = _base_layout(style)
    layout.update(
        barmode="overlay",
        hovermode="closest",
        dragmode="zoom",
        margin=dict(l=10, r=20, t=style.top_margin, b=style.bottom_margin),
        title=_title(filtered, filters, options, style),
        annotations=[_footnote(source_names(table, filtered), options, style)],
        uirevision="timeline",  # keep the reader's zoom across filter changes
        xaxis=dict(
            type="date", showgrid=True, gridcolor=style.grid_colour, linecolor=style.text_colour,
            rangeselector=dict(
                buttons=[dict(count=7, label="1w", step="day", stepmode="backward"),
                         dict(count=1, label="1m", step="month", stepmode="backward"),
                         dict(count=3, label="3m", step="month", stepmode="backward"),
                         dict(step="all", label="all")],
                font=dict(size=style.font_size - 2), y=1.0, yanchor="bottom", x=1, xanchor="right"),
        ),
        yaxis=dict(
            tickmode="array", tickvals=list(range(len(lane_names))),
            ticktext=[plot_text(n) for n in lane_names], range=[len(lane_names) - 0.5, -0.5],
            fixedrange=True, showgrid=False, zeroline=False, ticklabelstandoff=8, automargin=True,
        ),
    )
    if len(lane_index):
        first, last = marks["start_ms"].min(), marks["end_ms"].max()
        pad = max(DAY_MS, (last - first) * 0.03)
        layout["xaxis"]["range"] = [_iso(first - pad), _iso(last + pad)]
    # The traces are built here from known-good parts; skipping plotly's per-element
    # validation keeps a 50,000-event redraw fast (the tests validate the output).
    return go.Figure(data=traces, layout=layout, _validate=False)


def _iso(milliseconds: float) -> str:
    return pd.Timestamp(milliseconds, unit="ms").strftime("%Y-%m-%d %H:%M")


def _point_trace(points: Marks, name: str, kind: str, status: str, colour: str,
                 style: Style, webgl: bool) -> dict:
    return dict(
        type="scattergl" if webgl else "scatter",
        x=points["mid_ms"], y=points["y"], mode="markers", name=name,
        legendgroup=kind, customdata=_strings(points["event_id"]),
        hovertext=_strings(points["hover"]), hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(symbol=STATUS_SYMBOLS.get(status, "circle"), size=style.marker_size,
                    color=colour, line=dict(width=2.5 if status != "occurred" else 1,
                                            color=colour if status != "occurred" else "white")),
    )


def _span_traces(spans: Marks, name: str, kind: str, status: str, colour: str,
                 style: Style, webgl: bool) -> list[dict]:
    opacity = np.where(spans["uncertain"], UNCERTAIN_OPACITY, CERTAIN_OPACITY)
    if not webgl:
        pattern = STATUS_PATTERNS.get(status, "")
        marker = dict(color=colour, opacity=opacity, line=dict(color=colour, width=1.5))
        if pattern:
            marker["pattern"] = dict(shape=pattern, fgcolor="white", solidity=0.35)
        return [dict(
            type="bar", orientation="h", base=spans["start_ms"],
            x=spans["end_ms"] - spans["start_ms"], y=spans["y"],
            width=style.bar_width, name=name, legendgroup=kind,
            customdata=_strings(spans["event_id"]), hovertext=_strings(spans["hover"]),
            hovertemplate="%{hovertext}<extra></extra>", marker=marker,
        )]
    # WebGL has no bars: a thick translucent line per span (NaN breaks the line between
    # spans), with a marker in the middle that carries the hover text and the selection.
    xs = np.full(len(spans["y"]) * 3, np.nan)
    xs[0::3], xs[1::3] = spans["start_ms"], spans["end_ms"]
    ys = np.full(len(spans["y"]) * 3, np.nan)
    ys[0::3] = ys[1::3] = spans["y"]
    line = dict(type="scattergl", x=xs, y=ys, mode="lines", name=name, legendgroup=kind,
                showlegend=False, hoverinfo="skip", connectgaps=False,
                line=dict(color=_rgba(colour, UNCERTAIN_OPACITY), width=style.marker_size * 0.6))
    middle = dict(
        type="scattergl", x=spans["mid_ms"], y=spans["y"], mode="markers",
        name=name, legendgroup=kind, customdata=_strings(spans["event_id"]),
        hovertext=_strings(spans["hover"]), hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(symbol="line-ns-open", size=style.marker_size, color=colour, opacity=opacity),
    )
    return [line, middle]


def default_title(filtered: pd.DataFrame, filters: Filters) -> str:
    kinds = [TYPE_PLURALS.get(t, t) for t in (filters.types or EVENT_TYPES)]
    what = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1].lower()
    what = what[0] + what[1:].lower()
    dated = filtered["date_start"].dropna()
    if dated.empty:
        return what
    first, last = dated.min(), filtered["date_end"].fillna(filtered["date_start"]).max()
    span = format_day(first) if first == last else f"{format_day(first)} – {format_day(last)}"
    return f"{what}, {span}"


def _title(filtered: pd.DataFrame, filters: Filters, options: ChartOptions, style: Style) -> dict:
    title = options.title or default_title(filtered, filters)
    count = len(filtered)
    undated = int(filtered["date_start"].isna().sum())
    subtitle = f"{filters.describe()} · {count} event{'s' if count != 1 else ''}"
    if undated:
        subtitle += f" ({undated} with no known date, not drawn)"
    return dict(text=plot_text(title), xref="container", x=0.01, xanchor="left",
                yref="container", y=1, yanchor="top", pad=dict(t=12),
                font=dict(size=style.title_size),
                subtitle=dict(text=plot_text(subtitle), font=dict(size=style.font_size)))


def source_names(table: PreparedTable, filtered: pd.DataFrame) -> list[str]:
    """The documents behind the filtered events, in table order."""
    return table.sources[table.sources.index.isin(filtered.index)].unique().tolist()


def source_footnote(names: list[str], source_labels: Mapping[str, str], limit: int = 6) -> str:
    """'Sources: label; label; … and 3 more' (plain text)."""
    if not names:
        return "Sources: none"
    text = "; ".join(source_labels.get(name) or name for name in names[:limit])
    if len(names) > limit:
        text += f"; and {len(names) - limit} more"
    return f"Sources: {text}"


def _footnote(names: list[str], options: ChartOptions, style: Style) -> dict:
    lines = textwrap.wrap(source_footnote(names, options.source_labels), style.footnote_width,
                          max_lines=2, placeholder=" …")
    return dict(text="<br>".join(plot_text(line) for line in lines), xref="paper", yref="paper",
                x=0, y=0, yshift=-style.tick_space,
                xanchor="left", yanchor="top", showarrow=False, align="left",
                font=dict(size=max(11, style.font_size - 3), color="#555555"))


def png_filename(filters: Filters, kind: str = "timeline") -> str:
    """A file name that says what is in the picture: eventline-timeline_strike_Russia_2026-01-20_2026-02-03.png."""
    parts = [f"eventline-{kind}"]
    for name in ("types", "statuses", "actors", "places"):
        parts += list(getattr(filters, name))
    if filters.sources:
        parts.append(f"{len(filters.sources)}-sources")
    if filters.date_from:
        parts.append(f"from-{filters.date_from.isoformat()}")
    if filters.date_to:
        parts.append(f"to-{filters.date_to.isoformat()}")
    if filters.query.strip():
        parts.append(filters.query.strip())
    slug = "_".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") for part in parts)
    slug = re.sub(r"_+", "_", slug).strip("_")[:120].rstrip("_-")
    return f"{slug}.png"


def chart_config(filters: Filters) -> dict:
    """Plotly config for the browser: the camera button exports a slide-sized PNG."""
    return {
        "displaylogo": False,
        "scrollZoom": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": png_filename(filters)[:-4],
                                 "width": SLIDE_WIDTH, "height": SLIDE_HEIGHT, "scale": SLIDE_SCALE},
    }


def selected_event_ids(selection: Mapping | None, figure: go.Figure | dict | None = None) -> list[str]:
    """Event ids from a plotly selection event: each point's customdata, else the
    (curve_number, point_index) looked up in the figure's traces. Never the x value."""
    if not selection:
        return []
    points = (selection.get("selection") or {}).get("points", []) if "selection" in selection \
        else selection.get("points", [])
    data = None
    if figure is not None:
        data = figure["data"] if isinstance(figure, dict) else figure.data
    ids = []
    for point in points or []:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)):
            custom = custom[0] if custom else None
        if custom is None and data is not None:
            curve, index = point.get("curve_number"), point.get("point_index", point.get("point_number"))
            try:
                custom = data[curve]["customdata"][index]
            except (IndexError, KeyError, TypeError):
                custom = None
        if custom is not None and str(custom) not in ids:
            ids.append(str(custom))
    return ids


# --------------------------------------------------------------------------- map


@functools.cache
def map_outlines() -> dict:
    """Land, lakes and borders for the offline map (see pipeline/data/build_map_outlines.py)."""
    return json.loads((Path(__file__).parent / "data" / "map_outlines.json").read_text())


def _polylines_xy(lines: list[list[list[float]]], close: bool) -> tuple[np.ndarray, np.ndarray]:
    """One x and one y array for many lines, NaN between them (Plotly breaks lines at gaps)."""
    xs: list[float] = []
    ys: list[float] = []
    for line in lines:
        points = line + line[:1] if close else line
        xs += [p[0] for p in points] + [math.nan]
        ys += [p[1] for p in points] + [math.nan]
    return np.array(xs), np.array(ys)


@functools.cache
def _outline_traces() -> tuple[dict, ...]:
    outlines = map_outlines()
    common = dict(type="scatter", hoverinfo="skip", showlegend=False, mode="lines")
    land_x, land_y = _polylines_xy(outlines["land"], close=True)
    hole_x, hole_y = _polylines_xy(outlines["holes"], close=True)
    border_x, border_y = _polylines_xy(outlines["borders"], close=False)
    return (
        dict(x=land_x, y=land_y, fill="toself", fillcolor=MAP_LAND, name="land",
             line=dict(color=MAP_COAST, width=0.8), **common),
        dict(x=hole_x, y=hole_y, fill="toself", fillcolor=MAP_SEA, name="lakes",
             line=dict(color=MAP_COAST, width=0.8), **common),
        dict(x=border_x, y=border_y, name="borders", line=dict(color=MAP_BORDER, width=0.9, dash="dot"),
             **common),
    )


MAP_SEA, MAP_LAND, MAP_COAST, MAP_BORDER = "#dfe9f0", "#f4f1ea", "#9aa5ad", "#8a8a8a"
MAP_HOVER_EVENTS = 5
DEFAULT_MAP_VIEW = {"lon": (20.0, 42.0), "lat": (43.0, 54.5)}  # Ukraine and its neighbours


def map_view(lons: pd.Series, lats: pd.Series) -> dict[str, tuple[float, float]]:
    """The lon/lat window showing every point with a margin, at least 14° × 8°, inside the outlines."""
    if lons.empty:
        return dict(DEFAULT_MAP_VIEW)
    extent = map_outlines()["extent"]
    view = {}
    for axis, values, minimum in (("lon", lons, 14.0), ("lat", lats, 8.0)):
        low, high = float(values.min()) - 2.5, float(values.max()) + 2.5
        if high - low < minimum:
            middle = (low + high) / 2
            low, high = middle - minimum / 2, middle + minimum / 2
        low, high = max(low, extent[axis][0]), min(high, extent[axis][1])
        view[axis] = (low, high)
    return view


def map_figure(table: PreparedTable | pd.DataFrame, filters: Filters = Filters(),
               options: ChartOptions = ChartOptions(), *, filtered: pd.DataFrame | None = None) -> go.Figure:
    """The filtered events' places over country outlines shipped with the package.

    A cartesian lon/lat plot, so nothing is fetched: no tiles, no topojson. Events are
    grouped by their first place and type; a marker's area grows with the count, and the
    types sit side by side at a shared place so none hides another.
    """
    if not isinstance(table, PreparedTable):
        table = prepare(table)
    filters = effective_filters(filters, options)
    if filtered is None:
        filtered = apply_filters(table, filters)
    style = style_for(options)
    extent = map_outlines()["extent"]
    longitude = filtered["longitude"].to_numpy(dtype=float)
    latitude = filtered["latitude"].to_numpy(dtype=float)
    located = ~np.isnan(longitude) & ~np.isnan(latitude)
    inside = (located & (extent["lon"][0] <= longitude) & (longitude <= extent["lon"][1])
              & (extent["lat"][0] <= latitude) & (latitude <= extent["lat"][1]))
    placed = np.flatnonzero(inside)  # row positions in `filtered`
    view = map_view(pd.Series(longitude[placed]), pd.Series(latitude[placed]))
    nudge = (view["lon"][1] - view["lon"][0]) * 0.012
    offsets = {"strike": 0.0, "talks": nudge, "visit": -nudge}

    traces = [dict(trace) for trace in _outline_traces()]
    labels: dict[str, tuple[float, float, int]] = {}  # place → (lon, lat, events)
    kinds = list(EVENT_TYPES) + _other_types(filtered["type"].unique())
    kind_index = _codes(filtered["type"], kinds)[placed]
    place_groups = filtered["_place_group"].to_numpy()[placed]
    for k, kind in enumerate(kinds):
        of_kind = kind_index == k
        rows = placed[of_kind]
        if not len(rows):
            continue
        # One marker per place (its first place, with its coordinates), in the order the
        # places first occur.
        group, first, counts = _groups_in_order(place_groups[of_kind])
        first_rows = rows[first]
        # The first few events of each place, for its hover box, place after place.
        shown = _rank_within(group) < MAP_HOVER_EVENTS
        listed = filtered["_map_line"].iloc[rows[shown][np.argsort(group[shown], kind="stable")]].tolist()
        place_names = filtered["_first_place"].iloc[first_rows].tolist()
        lons, lats = longitude[first_rows], latitude[first_rows]
        hover, cursor = [], 0
        for name, count, lon, lat in zip(place_names, counts.tolist(), lons.tolist(), lats.tolist()):
            noun = TYPE_LABELS.get(kind, kind).lower() if count == 1 else TYPE_PLURALS.get(kind, kind).lower()
            lines = [f"<b>{plot_text(name or 'Unnamed place')}</b>: {count} {plot_text(noun)}",
                     *listed[cursor:cursor + min(count, MAP_HOVER_EVENTS)]]
            cursor += min(count, MAP_HOVER_EVENTS)
            if count > MAP_HOVER_EVENTS:
                lines.append(f"and {count - MAP_HOVER_EVENTS} more")
            hover.append("<br>".join(lines))
            if name:
                labels[name] = (lon, lat, labels.get(name, (0, 0, 0))[2] + count)
        traces.append(dict(
            type="scatter", x=lons + offsets.get(kind, 0.0), y=lats,
            mode="markers", name=TYPE_PLURALS.get(kind, kind), legendgroup=kind,
            customdata=filtered["event_id"].iloc[first_rows].to_numpy(dtype=object),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(color=TYPE_COLOURS.get(kind, OTHER_COLOUR), opacity=0.85,
                        size=style.marker_size * 0.9 + 5 * np.sqrt(counts - 1),
                        line=dict(color="white", width=1)),
        ))
    names = uncluttered_labels(labels, view)
    if names:
        # Labels point inwards so that none runs off the right edge.
        right_edge = view["lon"][0] + 0.75 * (view["lon"][1] - view["lon"][0])
        traces.append(dict(
            type="scatter", x=[labels[n][0] for n in names], y=[labels[n][1] for n in names], mode="text",
            text=[plot_text(n) for n in names], hoverinfo="skip", showlegend=False,
            textposition=["top left" if labels[n][0] > right_edge else "top right" for n in names],
            textfont=dict(size=style.font_size - 1, color=style.text_colour),
        ))
    layout = _base_layout(style)
    # Equirectangular with the true scale at the view's middle latitude.
    middle_lat = sum(view["lat"]) / 2
    layout.update(
        plot_bgcolor=MAP_SEA, height=style.height - 60, margin=dict(l=0, r=0, t=style.font_size * 3, b=0),
        dragmode="pan", uirevision="map",
        legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"),
        xaxis=dict(range=list(view["lon"]), visible=False),
        yaxis=dict(range=list(view["lat"]), visible=False, scaleanchor="x",
                   scaleratio=1 / math.cos(math.radians(middle_lat))),
    )
    notes = []
    n_located = int(located.sum())
    if len(filtered) > n_located:
        notes.append(_count(len(filtered) - n_located, "event") + " with no known place")
    if n_located > len(placed):
        notes.append(_count(n_located - len(placed), "event") + " outside the map area")
    if notes:
        layout["annotations"] = [dict(
            text=plot_text("Not shown: " + "; ".join(notes)), xref="paper", yref="paper", x=0.01,
            y=0.01, showarrow=False, xanchor="left", yanchor="bottom",
            bgcolor="rgba(255,255,255,0.85)", font=dict(size=style.font_size - 2))]
    return go.Figure(data=traces, layout=layout, _validate=False)


def uncluttered_labels(labels: Mapping[str, tuple[float, float, int]], view: dict,
                       limit: int = 25) -> list[str]:
    """The place names to print, busiest first, leaving out any that would sit on top of
    one already printed (its marker stays, and its hover box names it)."""
    width = view["lon"][1] - view["lon"][0]
    height = view["lat"][1] - view["lat"][0]
    kept: list[str] = []
    for name in sorted(labels, key=lambda n: -labels[n][2]):
        lon, lat, _ = labels[name]
        if all(abs(lon - labels[k][0]) > 0.08 * width or abs(lat - labels[k][1]) > 0.04 * height for k in kept):
            kept.append(name)
        if len(kept) == limit:
            break
    return kept


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --------------------------------------------------------------------------- the table view


def table_view(filtered: pd.DataFrame, limit: int = TABLE_DISPLAY_ROWS) -> pd.DataFrame:
    """The filtered events as a reader scans them; lists joined into plain text."""
    shown = filtered.head(limit)
    return pd.DataFrame({
        "Date": shown["_date_label"].to_numpy(),
        "Type": shown["type"].to_numpy(),
        "Status": shown["status"].to_numpy(),
        "Actors": _joined(shown["actors"]).to_numpy(),
        "Places": _joined(shown["places"]).to_numpy(),
        "Summary": shown["summary"].to_numpy(),
        "Figures": _joined(shown["figures"], "; ").to_numpy(),
        "Sources": shown["n_sources"].to_numpy(),
    }, index=shown["event_id"].to_numpy())


# --------------------------------------------------------------------------- evidence view

ANCHOR_SOURCES = {
    "manifest": "the publication date",
    "dateline": "the dateline",
    "header": "the section date",
    "inferred": "a date inferred from the text",
}


def date_explanation(evidence: Mapping, event: Mapping) -> str:
    """How this mention's date was found, in words, e.g.
    "'on Tuesday' → Tue 27 Jan 2026, anchored to the publication date Fri 30 Jan 2026"."""
    resolved = event.get("_date_label") or date_labels(pd.DataFrame([dict(event)])).iloc[0]
    date_text = str(evidence.get("date_text") or "").strip()
    method = str(evidence.get("date_method") or event.get("date_method") or "")
    anchor = _anchor_words(evidence)
    if not date_text:
        if anchor:
            return f"no date in the sentence → {resolved}, taken from {anchor}"
        return f"no date in the sentence and no document date → {resolved}"
    if method == "explicit":
        return f"'{date_text}' → {resolved}, stated in the text"
    how = "inferred from the context" if method == "inferred" else ""
    if anchor:
        how = f"{how}, anchored to {anchor}" if how else f"anchored to {anchor}"
    return f"'{date_text}' → {resolved}" + (f", {how}" if how else "")


def _anchor_words(evidence: Mapping) -> str:
    day = str(evidence.get("anchor_date") or "")
    if not day:
        return ""
    source = str(evidence.get("anchor_source") or "")
    words = ANCHOR_SOURCES.get(source, "the document date")
    parsed = _parse_day(day)
    text = f"{words} {format_day(parsed) if parsed else day}"
    literal = str(evidence.get("anchor_text") or "").strip()
    if literal and source in ("dateline", "header"):
        text += f" ('{literal}')"
    return text


@dataclass(frozen=True)
class Excerpt:
    """Plain-text pieces of a passage; `date` marks the date expression."""

    before: str
    sentence: list[tuple[str, bool]]  # (text, is the date expression)
    after: str


def evidence_excerpt(evidence: Mapping, document_text: str | None, context: int = 240) -> Excerpt:
    """The sentence with its date expression marked, plus surrounding context.

    Offsets index the document text; without the document (or with offsets that do not
    fit it) the stored sentence is used and the date expression is found in it by text.
    """
    sentence = str(evidence.get("sentence") or "")
    start, end = int(evidence.get("start", -1)), int(evidence.get("end", -1))
    date_start = int(evidence.get("date_start_offset", -1))
    date_end = int(evidence.get("date_end_offset", -1))
    date_text = str(evidence.get("date_text") or "")
    usable = (document_text is not None and 0 <= start < end <= len(document_text))
    if usable:
        span_start, span_end = start, end
        has_date = 0 <= date_start < date_end <= len(document_text)
        if has_date:
            span_start, span_end = min(start, date_start), max(end, date_end)
        passage = document_text[span_start:span_end]
        local = (date_start - span_start, date_end - span_start) if has_date else None
        context_start = max(0, span_start - context)
        before = ("…" if context_start > 0 else "") + document_text[context_start:span_start]
        after = document_text[span_end:span_end + context]
        if after and span_end + context < len(document_text):
            after += "…"
    else:
        passage, before, after = sentence, "", ""
        found = passage.find(date_text) if date_text else -1
        local = (found, found + len(date_text)) if found >= 0 else None
    if local and 0 <= local[0] < local[1] <= len(passage):
        pieces = [(passage[:local[0]], False), (passage[local[0]:local[1]], True), (passage[local[1]:], False)]
    else:
        pieces = [(passage, False)]
    return Excerpt(before=before, sentence=[p for p in pieces if p[0]], after=after)


def safe_url(url: str) -> str | None:
    """The URL when it is plain http(s), else None (javascript:, data:, relative…)."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, flags=re.IGNORECASE) else None


def excerpt_html(excerpt: Excerpt, explanation: str) -> str:
    """The excerpt as escaped HTML: text stays text, the date expression in <mark>."""
    body = "".join(f"<mark>{html.escape(text)}</mark>" if is_date else html.escape(text)
                   for text, is_date in excerpt.sentence)
    context = ""
    if excerpt.before or excerpt.after:
        context = (f'<div class="ev-context">{html.escape(excerpt.before)}'
                   f'<span class="ev-sentence">{body}</span>{html.escape(excerpt.after)}</div>')
    return (f'<div class="ev-block"><div class="ev-quote">{body}</div>'
            f'<div class="ev-date">{html.escape(explanation)}</div>'
            + (f"<details><summary>Context</summary>{context}</details>" if context else "")
            + "</div>")


def source_heading_html(name: str, meta: Any | None) -> str:
    """'Publisher — Title (file)' as escaped HTML, a link only for an http(s) URL."""
    title = getattr(meta, "title", "") if meta else ""
    publisher = getattr(meta, "source", "") if meta else ""
    published = getattr(meta, "published", "") if meta else ""
    label = " — ".join(part for part in (publisher, title) if part) or name
    url = safe_url(getattr(meta, "url", "") if meta else "")
    heading = (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
               f"{html.escape(label)}</a>" if url else html.escape(label))
    details = ", ".join(html.escape(p) for p in (published, name) if p and p != label)
    return f'<div class="ev-source"><b>{heading}</b>' + (f" <span>({details})</span>" if details else "") + "</div>"


EVIDENCE_CSS = """
<style>
.ev-block {margin: 0 0 1rem 0; padding: .5rem .75rem; border-left: 4px solid #bbb; background: #fafafa;}
.ev-quote {white-space: pre-wrap; font-size: 1.02rem;}
.ev-quote mark, .ev-context mark {background: #ffe08a; padding: 0 .1rem;}
.ev-date {color: #444; font-size: .9rem; margin-top: .3rem;}
.ev-context {white-space: pre-wrap; color: #555; font-size: .9rem;}
.ev-context .ev-sentence {color: #111; background: #eef3f8;}
.ev-source {margin-top: .6rem;}
</style>
"""


def event_header_lines(event: Mapping) -> list[tuple[str, str]]:
    """(label, plain text) rows describing one event, for the detail view."""
    rows = [
        ("Type", f"{TYPE_LABELS.get(event['type'], event['type'])} · {event['status']}"),
        ("Date", f"{event.get('_date_label') or 'date unknown'} (precision: {event['precision']})"),
        ("Actors", ", ".join(event["actors"]) or "—"),
        ("Places", ", ".join(event["places"]) or "—"),
    ]
    if len(event["figures"]):
        rows.append(("Figures", "; ".join(event["figures"])))
    rows.append(("Sources", str(event["n_sources"])))
    return rows


def event_detail_html(event: Mapping, documents: Mapping[str, Any]) -> str:
    """The whole detail view of one event as escaped HTML: summary, facts, every source
    with its evidence sentence, the date expression highlighted, and how the date was found."""
    parts = [EVIDENCE_CSS, f'<div class="ev-summary"><b>{html.escape(str(event["summary"]))}</b></div>',
             "<table class='ev-facts'>"]
    parts += [f"<tr><th style='text-align:left;padding-right:1rem'>{html.escape(label)}</th>"
              f"<td>{html.escape(value)}</td></tr>" for label, value in event_header_lines(event)]
    parts.append("</table>")
    evidence_by_document: dict[str, list] = {}
    for item in event["evidence"]:
        evidence_by_document.setdefault(str(item.get("document", "")), []).append(item)
    for name in list(event["sources"]) + [n for n in evidence_by_document if n not in event["sources"]]:
        document = documents.get(name)
        parts.append(source_heading_html(name, getattr(document, "meta", None)))
        for item in evidence_by_document.get(name, []):
            excerpt = evidence_excerpt(item, getattr(document, "text", None))
            parts.append(excerpt_html(excerpt, date_explanation(item, event)))
    return "\n".join(parts)


# --------------------------------------------------------------------------- PNG export


@functools.cache
def start_png_renderer() -> None:
    """One long-lived headless browser for every PNG of this process (kaleido's sync server).

    MathJax is off: it would load from a CDN, and no figure here uses it.
    """
    import kaleido

    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def slide_figure(frame: pd.DataFrame | PreparedTable, filters: Filters, options: ChartOptions) -> go.Figure:
    """The timeline as it goes on a slide: big type, title, filters, sources, 16:9."""
    figure = timeline_figure(frame, filters, replace(options, briefing=True))
    figure.update_layout(width=SLIDE_WIDTH, height=SLIDE_HEIGHT)
    figure.update_xaxes(rangeselector=dict(visible=False))
    return figure


def render_png(frame: pd.DataFrame | PreparedTable, filters: Filters = Filters(),
               options: ChartOptions = ChartOptions(), path: str | Path | None = None) -> bytes:
    """The slide PNG (1920×1080 at scale 2) of the filtered timeline; written to `path` if given."""
    import kaleido

    start_png_renderer()
    figure = slide_figure(frame, filters, options)
    image = kaleido.calc_fig_sync(
        figure.to_dict(),
        opts=dict(format="png", width=SLIDE_WIDTH, height=SLIDE_HEIGHT, scale=SLIDE_SCALE),
    )
    if path is not None:
        Path(path).write_bytes(image)
    return image
