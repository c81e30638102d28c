"""The map: the filtered events' places over the world's outlines shipped with the package.

A cartesian lon/lat plot, so nothing is fetched (no tiles, no topojson): every country's
outline from `pipeline.views.shapes`, the first-level regions once the view is zoomed in,
only what the view shows and thinned to its scale, the view fitted to the filtered events.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..settings import SETTINGS
from . import shapes
from .filters import ChartOptions, Filters, effective_filters
from .prepared import PreparedTable, apply_filters, prepare
from .safe import plot_text
from .style import base_layout, type_colour, type_label, type_names
from .timeline import style_for
from .words import count, short_day


def _codes(values: pd.Series, names: list[str]) -> np.ndarray:
    """The index of each value in `names`, -1 for a value not in it."""
    codes, uniques = pd.factorize(values)
    index_of = {name: i for i, name in enumerate(names)}
    return np.array([index_of.get(u, -1) for u in uniques] + [-1], dtype=np.int64)[codes]


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


def _day_spans(starts: pd.Series, ends: pd.Series, group: np.ndarray) -> list[str]:
    """Each group's first and last day, as "3 Feb 2026" or "3 Feb 2026 – 9 Mar 2026"
    (vectorised: thousands of places on every rerun)."""
    count = int(group.max()) + 1 if len(group) else 0
    never = np.iinfo(np.int64).max
    first_days = starts.to_numpy(dtype="datetime64[D]").astype(np.int64)
    last_days = ends.to_numpy(dtype="datetime64[D]").astype(np.int64)
    undated = first_days == np.iinfo(np.int64).min  # NaT
    first, last = np.full(count, never), np.full(count, -never)
    np.minimum.at(first, group, np.where(undated, never, first_days))
    np.maximum.at(last, group, np.where(undated | (last_days == np.iinfo(np.int64).min), -never, last_days))
    spans = []
    for a, b in zip(first.tolist(), last.tolist()):
        if a == never:
            spans.append("")
        elif b in (-never, a):
            spans.append(_day_label(a))
        else:
            spans.append(f"{_day_label(a)} – {_day_label(b)}")
    return spans


_EPOCH = dt.date(1970, 1, 1)


@functools.lru_cache(maxsize=8192)
def _day_label(days: int) -> str:
    """'3 Feb 2026' for a day counted from 1970 (kept: the same days recur at every rerun)."""
    return short_day(_EPOCH + dt.timedelta(days=days), with_year=True)


def _nudges(kinds: list[str], step: float) -> dict[str, float]:
    """Types at one place sit side by side: 0, +step, −step, +2·step… in display order."""
    return {kind: step * ((i + 1) // 2) * (1 if i % 2 else -1) for i, kind in enumerate(kinds)}


WORLD = {"lon": (-180.0, 180.0), "lat": (-58.0, 84.0)}
REGIONS_BELOW_DEGREES = 30.0  # a view narrower than this draws the first-level regions too
# Outline detail: about this many points across the widest frame the view is drawn in,
# some two or three pixels apart on a half-page map; every reader's browser receives and
# draws them.
POINTS_ACROSS = 500


class _Rings:
    """Many rings packed for vectorised work: every point in turn, each point's ring, each
    ring's first point (and one past the last) and its box (west, south, east, north)."""

    def __init__(self, rings: list[list[list[float]]]) -> None:
        sizes = np.array([len(r) for r in rings], dtype=np.int64)
        self.points = np.array([p for r in rings for p in r], dtype=np.float64).reshape(-1, 2)
        self.ring_of = np.repeat(np.arange(len(rings)), sizes)
        self.starts = np.r_[0, np.cumsum(sizes)].astype(np.int64)
        if len(rings):
            west, south = np.minimum.reduceat(self.points, self.starts[:-1]).T
            east, north = np.maximum.reduceat(self.points, self.starts[:-1]).T
            self.boxes = np.column_stack([west, south, east, north])
        else:
            self.boxes = np.zeros((0, 4))


def _thinned(rings: _Rings, chosen: np.ndarray, step: float) -> np.ndarray:
    """Which points of the chosen rings are kept at this scale: a point in the same grid
    cell as the point before it is left out, the cells twice `step` wide (a line crosses
    a cell's edge about as often as it moves `step` from the last point kept); a ring's
    first and last points stay, and short rings, or rings left with fewer than four
    points, keep all."""
    points, ring_of, starts = rings.points, rings.ring_of, rings.starts
    chosen_point = chosen[ring_of]
    cells = np.floor(points / (2 * step))
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = (cells[1:] != cells[:-1]).any(axis=1)
    keep[starts[:-1]] = True
    keep[starts[1:] - 1] = True
    short = np.diff(starts) <= 8
    keep |= short[ring_of]
    keep &= chosen_point
    few = chosen & (np.bincount(ring_of[keep], minlength=len(starts) - 1) < 4)
    return keep | (few[ring_of] & chosen_point)


def _clipped(ring: list[list[float]], box: dict) -> list[list[float]]:
    """The part of a closed ring inside the lon/lat box (Sutherland–Hodgman, one edge of
    the box after the other): a filled shape cut at the box's edges. The box is the view
    with a margin, so the cut edges lie out of sight."""
    (west, east), (south, north) = box["lon"], box["lat"]
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    points = ring
    for axis, bound, keep_above in edges:
        if not points:
            break
        inside = [(p[axis] >= bound) == keep_above for p in points]
        if all(inside):
            continue
        cut = []
        for i, point in enumerate(points):
            previous, was_inside = points[i - 1], inside[i - 1]
            if inside[i] != was_inside:
                share = (bound - previous[axis]) / (point[axis] - previous[axis])
                crossing = [previous[0] + share * (point[0] - previous[0]),
                            previous[1] + share * (point[1] - previous[1])]
                crossing[axis] = bound
                cut.append(crossing)
            if inside[i]:
                cut.append(point)
        points = cut
    return points


def _outline_rings(rings: _Rings, step: float, box: dict) -> list[np.ndarray]:
    """Rings thinned to the scale and cut to the box, each an (n, 2) array; rings smaller
    than about two points (islets at a world view) and rings outside the box left out, as
    the reader could not see them. (Vectorised over every ring: a new view is drawn at
    the first filter that moves it.)"""
    if not len(rings.boxes):
        return []
    (west, east), (south, north) = box["lon"], box["lat"]
    b = rings.boxes
    seen = ((b[:, 2] - b[:, 0] >= 2 * step) | (b[:, 3] - b[:, 1] >= 2 * step)) \
        & (b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south)
    inside = (b[:, 0] >= west) & (b[:, 2] <= east) & (b[:, 1] >= south) & (b[:, 3] <= north)
    keep = _thinned(rings, seen, step)
    kept_rings = rings.ring_of[keep]
    bounds = np.searchsorted(kept_rings, np.flatnonzero(seen), side="left")
    pieces = np.split(rings.points[keep], bounds[1:])
    kept = []
    for ring, whole in zip(pieces, inside[seen]):
        if not whole:
            ring = np.array(_clipped(ring.tolist(), box), dtype=np.float64).reshape(-1, 2)
        if len(ring) >= 3:
            kept.append(ring)
    return kept


def _in_view(bbox: list[float], view: dict) -> bool:
    west, south, east, north = bbox
    return west <= view["lon"][1] and east >= view["lon"][0] and south <= view["lat"][1] and north >= view["lat"][0]


def _polylines_xy(lines: list[np.ndarray], close: bool) -> tuple[np.ndarray, np.ndarray]:
    """One x and one y array for many lines, NaN between them (Plotly breaks lines at
    gaps); single precision, which is finer than a pixel and half the bytes."""
    gap = np.full((1, 2), np.nan)
    parts = [piece for line in lines for piece in ((line, line[:1], gap) if close else (line, gap))]
    xy = np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, 2), dtype=np.float32)
    return xy[:, 0].copy(), xy[:, 1].copy()


def map_outlines(view: dict | None = None) -> dict:
    """The outlines a view shows, from the world's shapes shipped in views/data/
    (pipeline.views.shapes): every country's land ("land"), lakes and enclaves ("holes"),
    and, for a view narrower than REGIONS_BELOW_DEGREES, the first-level regions
    ("regions"); thinned to the view's scale and cut to the box it is drawn in."""
    box = _drawn_box(view or WORLD)
    step = (box["lon"][1] - box["lon"][0]) / 1.25 / POINTS_ACROSS
    # Tiles: the step rounded to a power of two and the box widened to a grid of
    # that step, so that the views of other filters at about the same place and scale
    # share one set of outlines (each is cut and thinned once per process).
    step = 2.0 ** round(math.log2(step))
    grid = step * 16
    key = (step, math.floor(box["lon"][0] / grid) * grid, math.ceil(box["lon"][1] / grid) * grid,
           math.floor(box["lat"][0] / grid) * grid, math.ceil(box["lat"][1] / grid) * grid,
           view is not None and view["lon"][1] - view["lon"][0] < REGIONS_BELOW_DEGREES)
    return _outlines(key)


FRAME_ASPECTS = (0.8, 3.0)  # the map's plot area, width over height, narrowest and widest


def _drawn_box(view: dict) -> dict:
    """The lon/lat box a view's outlines must cover, with a quarter to spare for panning:
    the plot keeps the map's scale, so a frame wider or taller than the view shows more
    of the world around it, and a cut edge there would be seen."""
    (west, east), (south, north) = view["lon"], view["lat"]
    stretch = 1 / max(0.2, math.cos(math.radians((south + north) / 2)))  # lon degrees per lat degree
    half_lon = max(east - west, (north - south) * FRAME_ASPECTS[1] * stretch) / 2 * 1.25
    half_lat = max(north - south, (east - west) / FRAME_ASPECTS[0] / stretch) / 2 * 1.25
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    return {"lon": (middle_lon - half_lon, middle_lon + half_lon), "lat": (middle_lat - half_lat, middle_lat + half_lat)}


@functools.cache
def _country_rings() -> tuple[_Rings, _Rings]:
    """Every country's outer rings, and its lakes and enclaves, packed once per process."""
    polygons = [polygon for country in shapes.countries() for polygon in country["polygons"]]
    return _Rings([p[0] for p in polygons]), _Rings([ring for p in polygons for ring in p[1:]])


@functools.lru_cache(maxsize=256)
def _region_rings(country: str) -> _Rings:
    return _Rings([polygon[0] for region in shapes.admin1(country) for polygon in region["polygons"]])


@functools.lru_cache(maxsize=64)
def _outlines(key: tuple) -> dict:
    step, west, east, south, north, with_regions = key
    box = {"lon": (west, east), "lat": (south, north)}
    land_rings, hole_rings = _country_rings()
    land, holes = _outline_rings(land_rings, step, box), _outline_rings(hole_rings, step, box)
    regions = []
    if with_regions:
        for country in shapes.countries():
            if _in_view(country["bbox"], box):
                regions += _outline_rings(_region_rings(country["name"]), step, box)
    return {"land": land, "holes": holes, "regions": regions, "extent": WORLD,
            "xy": {name: _polylines_xy(rings, close=True) for name, rings in
                   (("land", land), ("holes", holes), ("regions", regions))}}


def _outline_traces(view: dict) -> list[dict]:
    outlines = map_outlines(view)
    common = dict(type="scatter", hoverinfo="skip", showlegend=False, mode="lines")
    (land_x, land_y), (hole_x, hole_y), (region_x, region_y) = (
        outlines["xy"][name] for name in ("land", "holes", "regions"))
    # Each country's outline is its coast and its borders at once: drawn once, the points
    # are sent once.
    traces = [
        dict(x=land_x, y=land_y, fill="toself", fillcolor=MAP_LAND, name="land",
             line=dict(color=MAP_BORDER, width=0.8), **common),
        dict(x=hole_x, y=hole_y, fill="toself", fillcolor=MAP_SEA, name="lakes",
             line=dict(color=MAP_COAST, width=0.8), **common),
    ]
    if outlines["regions"]:
        traces.append(dict(x=region_x, y=region_y, name="regions",
                           line=dict(color=MAP_REGION, width=0.5, dash="dot"), **common))
    return traces


MAP_SEA, MAP_LAND, MAP_COAST, MAP_BORDER, MAP_REGION = "#dfe9f0", "#f4f1ea", "#9aa5ad", "#8a8a8a", "#b4b4b4"
MAP_HOVER_EVENTS = 3  # events listed in a place's hover box, the rest counted
MAP_HEIGHT, MAP_HEIGHT_BRIEFING = 500, 640
DEFAULT_MAP_VIEW = {"lon": (-170.0, 190.0), "lat": (-58.0, 80.0)}  # the world, when nothing is placed


def map_view(lons: pd.Series, lats: pd.Series) -> dict[str, tuple[float, float]]:
    """The lon/lat window showing every point with a margin, at least 14° × 8°, inside the world."""
    if lons.empty:
        return dict(DEFAULT_MAP_VIEW)
    extent = WORLD
    view = {}
    for axis, values, minimum in (("lon", lons, 14.0), ("lat", lats, 8.0)):
        # a margin that grows with the span, so that a marker at the edge is drawn whole
        pad = max(2.5, 0.08 * (float(values.max()) - float(values.min())))
        low, high = float(values.min()) - pad, float(values.max()) + pad
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
    extent = WORLD
    longitude = filtered["longitude"].to_numpy(dtype=float)
    latitude = filtered["latitude"].to_numpy(dtype=float)
    located = ~np.isnan(longitude) & ~np.isnan(latitude)
    inside = (located & (extent["lon"][0] <= longitude) & (longitude <= extent["lon"][1])
              & (extent["lat"][0] <= latitude) & (latitude <= extent["lat"][1]))
    placed = np.flatnonzero(inside)  # row positions in `filtered`
    marker_count = len(np.unique(filtered["_place_group"].to_numpy()[placed])) if len(placed) else 0
    # Thousands of markers drawn as SVG elements keep the browser busy for seconds (while
    # the timeline above wants drawing); on a WebGL canvas they are one image.
    marker_trace = "scattergl" if marker_count > SETTINGS.webgl_threshold else "scatter"
    view = map_view(pd.Series(longitude[placed]), pd.Series(latitude[placed]))
    nudge = (view["lon"][1] - view["lon"][0]) * 0.012

    traces = _outline_traces(view)
    marked = []  # per type: its markers' place names, longitudes, latitudes and events
    kinds = type_names(filtered["type"].unique())
    offsets = _nudges(kinds, nudge)
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
        # The first few events of each place, for its hover box, place after place; past
        # SETTINGS.map_listed_places markers, the days they span instead (every hover box
        # is sent to the browser: a few lines each for thousands of places is megabytes).
        each = MAP_HOVER_EVENTS if marker_count <= SETTINGS.map_listed_places else 0
        shown = _rank_within(group) < each
        listed = filtered["_map_line"].iloc[rows[shown][np.argsort(group[shown], kind="stable")]].tolist()
        spans = _day_spans(filtered["date_start"].iloc[rows], filtered["date_end"].iloc[rows], group) \
            if not each else None
        place_names = filtered["_first_place"].iloc[first_rows].tolist()
        lons, lats = longitude[first_rows], latitude[first_rows]
        nouns = {plural: plot_text(type_label(kind, plural=plural).lower()) for plural in (False, True)}
        numbers = counts.tolist()
        heads = [f"<b>{_place_text(name)}</b>: {number} {nouns[number != 1]}"
                 for name, number in zip(place_names, numbers)]
        if spans is not None:
            hover = [f"{head}<br>{span}" if span else head for head, span in zip(heads, spans)]
        else:
            hover, cursor = [], 0
            for head, number in zip(heads, numbers):
                lines = [head, *listed[cursor:cursor + min(number, each)]]
                cursor += min(number, each)
                if number > each:
                    lines.append(f"and {number - each} more")
                hover.append("<br>".join(lines))
        marked.append((place_names, lons, lats, counts))
        traces.append(dict(
            type=marker_trace, x=lons + offsets.get(kind, 0.0), y=lats,
            mode="markers", name=type_label(kind, plural=True), legendgroup=kind,
            # (fixed-width string arrays: plotly copies a figure's arrays whole, a list item by item)
            customdata=filtered["event_id"].iloc[first_rows].to_numpy(dtype=str),
            hovertext=np.array(hover, dtype=str), hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(color=type_colour(kind), opacity=0.85,
                        size=style.marker_size * 0.9 + 5 * np.sqrt(counts - 1),
                        line=dict(color="white", width=1)),
        ))
    names, lons, lats = _place_labels(marked, view)
    if names:
        # Labels point inwards so that none runs off the right edge.
        right_edge = view["lon"][0] + 0.75 * (view["lon"][1] - view["lon"][0])
        # (on the markers' canvas when they have one, or they would hide the names)
        traces.append(dict(
            type=marker_trace, x=lons, y=lats, mode="text",
            text=[plot_text(n) for n in names], hoverinfo="skip", showlegend=False,
            textposition=["top left" if lon > right_edge else "top right" for lon in lons],
            textfont=dict(size=style.font_size - 1, color=style.text_colour),
        ))
    layout = base_layout(style)
    # Equirectangular with the true scale at the view's middle latitude.
    middle_lat = sum(view["lat"]) / 2
    layout.update(
        plot_bgcolor=MAP_SEA, height=MAP_HEIGHT_BRIEFING if options.briefing else MAP_HEIGHT, margin=dict(l=0, r=0, t=style.font_size * 3, b=0),
        dragmode="pan", uirevision="map",
        legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"),
        xaxis=dict(range=list(view["lon"]), visible=False),
        yaxis=dict(range=list(view["lat"]), visible=False, scaleanchor="x",
                   scaleratio=1 / math.cos(math.radians(middle_lat))),
    )
    notes = []
    n_located = int(located.sum())
    if len(filtered) > n_located:
        notes.append(count(len(filtered) - n_located, "event") + " with no known place")
    if n_located > len(placed):
        notes.append(count(n_located - len(placed), "event") + " outside the map area")
    if notes:
        layout["annotations"] = [dict(
            text=plot_text("Not shown: " + "; ".join(notes)), xref="paper", yref="paper", x=0.01,
            y=0.01, showarrow=False, xanchor="left", yanchor="bottom",
            bgcolor="rgba(255,255,255,0.85)", font=dict(size=style.font_size - 2))]
    return go.Figure(data=traces, layout=layout, _validate=False)


@functools.lru_cache(maxsize=65536)
def _place_text(name: str) -> str:
    """A place's name for a hover box (kept: the same places recur at every rerun)."""
    return plot_text(name or "Unnamed place")


def _place_labels(marked: list, view: dict) -> tuple[list[str], list[float], list[float]]:
    """The names printed on the map and where: each named place once, at its last marker,
    with the events of all its markers."""
    names = [name for names, *_ in marked for name in names]
    if not names:
        return [], [], []
    places = pd.DataFrame({"name": names, "lon": np.concatenate([m[1] for m in marked]),
                           "lat": np.concatenate([m[2] for m in marked]),
                           "events": np.concatenate([m[3] for m in marked])})
    places = places[places["name"] != ""].groupby("name", sort=False).agg(
        lon=("lon", "last"), lat=("lat", "last"), events=("events", "sum"))
    chosen = _uncluttered(places["lon"].to_numpy(), places["lat"].to_numpy(), places["events"].to_numpy(), view)
    return places.index[chosen].tolist(), places["lon"].iloc[chosen].tolist(), places["lat"].iloc[chosen].tolist()


def uncluttered_labels(labels: Mapping[str, tuple[float, float, int]], view: dict,
                       limit: int = 25) -> list[str]:
    """The place names to print, busiest first, leaving out any that would sit on top of
    one already printed (its marker stays, and its hover box names it)."""
    names = list(labels)
    lon, lat, events = (np.array([labels[name][i] for name in names], dtype=float) for i in range(3))
    return [names[i] for i in _uncluttered(lon, lat, events, view, limit)]


def _uncluttered(lon: np.ndarray, lat: np.ndarray, events: np.ndarray, view: dict, limit: int = 25) -> list[int]:
    """uncluttered_labels over arrays: the positions chosen, in the order chosen (each
    choice rules out, at once, every place too close to it)."""
    near_lon = 0.08 * (view["lon"][1] - view["lon"][0])
    near_lat = 0.04 * (view["lat"][1] - view["lat"][0])
    order = np.argsort(-events, kind="stable")  # busiest first, ties in the order given
    covered = np.zeros(len(order), dtype=bool)
    kept: list[int] = []
    while len(kept) < limit:
        free = np.flatnonzero(~covered[order])
        if not len(free):
            break
        chosen = int(order[free[0]])
        kept.append(chosen)
        covered |= (np.abs(lon - lon[chosen]) <= near_lon) & (np.abs(lat - lat[chosen]) <= near_lat)
    return kept
