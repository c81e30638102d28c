"""The timeline's geometry: which days are on screen, the lanes, and where each mark and
label sits (tracks within lanes, via `labels.lay_out`)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..settings import SETTINGS
from .filters import ChartOptions
from .labels import Mark, Placement, clear_of_labels, lay_out, marker_tracks
from .prepared import DAY_MS
from .style import Style, type_label, type_names

MAX_ACTOR_LANES = 12
ANNOUNCED_LANE = "Announced, date not given"
OTHER_ACTORS = "Other actors"
NO_ACTOR = "No actor named"
LANE_GAP = 0.4  # rows between lanes
MAX_TRACKS = 16  # tracks a lane may take at most
LABEL_ROOM = 120  # pixels a short label takes, to tell a lane that cannot label most of its marks
BREAK_DAYS, BREAK_SHARE = 30, 0.2  # an empty stretch this long (and this share of the whole) splits groups
MIN_RANGE_DAYS = 10


def fitted_range(starts: np.ndarray, ends: np.ndarray, mids: np.ndarray) -> tuple[float, float] | None:
    """The days where the events are: when long empty stretches split them into groups,
    the group holding most of them (the latest on a tie), if it holds at least half of
    them; else all. Padded; milliseconds, end exclusive."""
    if not len(mids):
        return None
    order = np.argsort(mids, kind="stable")
    ordered = mids[order]
    low, high = float(np.min(starts)), float(np.max(ends))
    extent = ordered[-1] - ordered[0]
    breaks = np.flatnonzero(np.diff(ordered) > max(BREAK_DAYS * DAY_MS, BREAK_SHARE * extent))
    if len(breaks):
        bounds = np.r_[0, breaks + 1, len(ordered)]
        sizes = np.diff(bounds)
        best = max(range(len(sizes)), key=lambda i: (sizes[i], i))
        if sizes[best] * 2 >= len(ordered):
            members = order[bounds[best]:bounds[best + 1]]
            low, high = float(np.min(starts[members])), float(np.max(ends[members]))
    if high - low < MIN_RANGE_DAYS * DAY_MS:
        middle = (low + high) / 2
        low, high = middle - MIN_RANGE_DAYS * DAY_MS / 2, middle + MIN_RANGE_DAYS * DAY_MS / 2
    pad = max(DAY_MS * 0.6, (high - low) * 0.04)
    return low - pad, high + pad


def shown_range(dated: pd.DataFrame, options: ChartOptions) -> tuple[float, float] | None:
    """The milliseconds on screen: the reader's range, else the fitted one."""
    if options.shown:
        start = pd.Timestamp(options.shown[0]).value / 1e6
        return start, pd.Timestamp(options.shown[1]).value / 1e6 + DAY_MS
    return fitted_range(dated["_start_ms"].to_numpy(), dated["_end_ms"].to_numpy(), dated["_mid_ms"].to_numpy())


def max_height(style: Style, options: ChartOptions) -> int:
    """Actor lanes are many: the page may scroll for them."""
    return style.max_height + (500 if options.lanes == "actor" and not style.fixed_height else 0)


def track_limits(marks: list[Mark], lanes: int, available: int,
                 style: Style) -> tuple[dict[int, int], Placement | None]:
    """Lane → tracks it may use, `available` in all: every lane what its labelled marks
    want when that fits (with that layout, made on the way); else what its marks need
    not to overlap, and the rest shared in proportion to what labels would add; else in
    proportion to the marks' need."""
    need = {lane: 1 for lane in range(lanes)}
    need.update({lane: min(tracks, MAX_TRACKS) for lane, tracks in marker_tracks(marks).items()})
    if sum(need.values()) > available:  # too many marks for the rows: no label asks for more
        return _shared({lane: 1 for lane in need}, {lane: need[lane] - 1 for lane in need}, available), None
    per_lane = Counter(mark.lane for mark in marks)
    if max(per_lane.values(), default=0) * LABEL_ROOM > style.plot_width * MAX_TRACKS:
        # More candidates than labels could ever fit: share the rows by the marks' need.
        return _shared(need, {lane: per_lane[lane] for lane in need}, available), None
    wanted = lay_out(marks, {lane: MAX_TRACKS for lane in range(lanes)}, style.plot_width, style.font_size - 1)
    want = {lane: 1 for lane in range(lanes)}
    want.update(wanted.tracks)
    if sum(want.values()) <= available:
        return want, wanted
    need = {lane: min(need[lane], want[lane]) for lane in need}
    return _shared(need, {lane: want[lane] - need[lane] for lane in need}, available), None


def _shared(base: dict[int, int], extra: dict[int, int], available: int) -> dict[int, int]:
    """`base` plus a share of the rows left, in proportion to `extra` (largest remainders)."""
    spare = available - sum(base.values())
    total = sum(extra.values())
    if spare <= 0 or not total:
        return dict(base)
    quotas = {lane: spare * extra[lane] / total for lane in base}
    limits = {lane: base[lane] + int(quotas[lane]) for lane in base}
    left = available - sum(limits.values())
    for lane in sorted(base, key=lambda l: -(quotas[l] - int(quotas[l])))[:max(0, left)]:
        limits[lane] += 1
    return {lane: min(limits[lane], base[lane] + extra[lane]) for lane in base}


@dataclass
class Geometry:
    """Where everything goes. Arrays are per mark (a mark is an event, or an event and
    one of its actors in actor lanes); `row` indexes the rows of `dated`."""

    row: np.ndarray
    lane: np.ndarray
    y: np.ndarray
    lane_names: list[str]
    lane_centres: list[float]
    lane_spans: list[tuple[float, float]]
    total_rows: float
    labels: dict[int, tuple[str, str]]  # mark index → (text, side)
    boxes: dict[int, tuple[float, float]]  # labelled mark index → pixels it and its label take
    left: np.ndarray  # pixels each mark takes
    right: np.ndarray
    unlabelled: dict[int, int]  # lane → events without a label
    height: int


def lane_assignment(dated: pd.DataFrame, filtered: pd.DataFrame,
                    options: ChartOptions) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(row of each mark, lane of each mark, lane names). Types come in registry order;
    actors most frequent first; plans dated only by their report go to a lane of their own."""
    announced = dated["_announced"].to_numpy()
    names: list[str]
    if options.lanes == "actor":
        counts = filtered.loc[~filtered["_announced"], "actors"].explode().dropna().value_counts()
        names = counts.index[:MAX_ACTOR_LANES].tolist()
        overflow = len(counts) > MAX_ACTOR_LANES
        lane_of = {name: i for i, name in enumerate(names)}
        rows, lanes = [], []
        for position, actors in enumerate(dated["actors"].to_numpy()):
            if announced[position]:
                continue
            own = list(dict.fromkeys(lane_of.get(a, -1) for a in actors)) or [-2]
            for lane in own:
                rows.append(position)
                lanes.append(lane)
        rows_array, lane_array = np.array(rows, dtype=np.int64), np.array(lanes, dtype=np.int64)
        if overflow:
            lane_array[lane_array == -1] = len(names)
            names.append(OTHER_ACTORS)
        if (lane_array == -2).any():
            lane_array[lane_array == -2] = len(names)
            names.append(NO_ACTOR)
    else:
        found = filtered.loc[~filtered["_announced"], "type"].unique()
        present = [t for t in type_names(found) if t in set(found)]
        lane_of = {kind: i for i, kind in enumerate(present)}
        names = [type_label(kind, plural=True) for kind in present]
        rows_array = np.flatnonzero(~announced)
        codes, uniques = pd.factorize(dated["type"].to_numpy()[rows_array])
        lane_array = np.array([lane_of[k] for k in uniques], dtype=np.int64)[codes] if len(uniques) \
            else np.zeros(0, dtype=np.int64)
    if announced.any():
        rows_array = np.concatenate([rows_array, np.flatnonzero(announced)])
        lane_array = np.concatenate([lane_array, np.full(int(announced.sum()), len(names), dtype=np.int64)])
        names.append(ANNOUNCED_LANE)
    return rows_array, lane_array, names


def geometry(dated: pd.DataFrame, filtered: pd.DataFrame, options: ChartOptions, style: Style,
             shown: tuple[float, float], label_texts) -> Geometry:
    """Lanes, tracks and labels of the marks that fall in `shown`. `label_texts(row)`
    gives the label versions of a row of `dated`."""
    rows, lanes, names = lane_assignment(dated, filtered, options)
    start, end = dated["_start_ms"].to_numpy()[rows], dated["_end_ms"].to_numpy()[rows]
    keep = (end > shown[0]) & (start < shown[1])
    rows, lanes, start, end = rows[keep], lanes[keep], start[keep], end[keep]
    is_span = dated["_is_span"].to_numpy()[rows]
    mid = dated["_mid_ms"].to_numpy()[rows]
    priority = dated["_priority"].to_numpy()[rows]
    event_ids = dated["event_id"].to_numpy()[rows]

    scale = style.plot_width / (shown[1] - shown[0])
    half = style.marker_size / 2 + 1
    left = np.where(is_span, (np.maximum(start, shown[0]) - shown[0]) * scale, (mid - shown[0]) * scale - half)
    right = np.where(is_span, (np.minimum(end, shown[1]) - shown[0]) * scale, (mid - shown[0]) * scale + half)
    right = np.maximum(right, left + 3)

    # Only the most important marks of a crowded lane are weighed for a label; the
    # others are spread over the lane's tracks.
    candidates = np.zeros(len(rows), dtype=bool)
    for lane in range(len(names)):
        in_lane = np.flatnonzero(lanes == lane)
        if len(in_lane) > SETTINGS.label_candidates:
            best = in_lane[np.argsort(-priority[in_lane], kind="stable")[:SETTINGS.label_candidates]]
            candidates[best] = True
        else:
            candidates[in_lane] = True
    texts = {int(row): label_texts(int(row)) for row in np.unique(rows[candidates])}
    marks = [Mark(key=int(i), lane=int(lanes[i]), left=float(left[i]), right=float(right[i]),
                  priority=float(priority[i]), texts=texts[int(rows[i])],
                  event=str(event_ids[i]) if options.lanes == "actor" else "")
             for i in np.flatnonzero(candidates)]

    height_budget = (style.fixed_height or max_height(style, options)) - style.top_margin - style.bottom_margin
    available = max(len(names), int(height_budget // style.row_height - LANE_GAP * len(names)))
    limits, placement = track_limits(marks, len(names), available, style)
    if placement is None:
        placement = lay_out(marks, limits, style.plot_width, style.font_size - 1)

    tracks = {lane: max(1, placement.tracks.get(lane, 1)) for lane in range(len(names))}
    track_of = np.zeros(len(rows), dtype=np.float64)
    for key, track in placement.track.items():
        track_of[key] = track
    others = np.flatnonzero(~candidates)
    if len(others):
        # Cycle through the lane's tracks in time order (vectorised: these lanes are big).
        order = others[np.lexsort((mid[others], lanes[others]))]
        lane_sorted = lanes[order]
        first = np.searchsorted(lane_sorted, lane_sorted, side="left")
        counts = np.array([tracks[lane] for lane in range(len(names))], dtype=np.int64)[lane_sorted]
        track_of[order] = (np.arange(len(order)) - first) % counts
    unlabelled = dict(placement.unlabelled)
    for key in clear_of_labels(placement, lanes, left, right, track_of, others):
        # that event is now unlabelled in every lane where it has a weighed mark
        same = np.flatnonzero(candidates & (event_ids == event_ids[key])) if options.lanes == "actor" else [key]
        for lane in {int(lanes[i]) for i in same}:
            unlabelled[lane] = unlabelled.get(lane, 0) + 1
    for lane in range(len(names)):
        extra = int(((lanes == lane) & ~candidates).sum())
        if extra:
            unlabelled[lane] = unlabelled.get(lane, 0) + extra

    tops, position = [], 0.0
    for lane in range(len(names)):
        tops.append(position)
        position += tracks[lane] + LANE_GAP
    total_rows = max(position - LANE_GAP, 1.0)
    y = np.array(tops, dtype=np.float64)[lanes] + track_of + 0.5 if len(lanes) else np.zeros(0)
    if style.fixed_height:
        height = style.fixed_height
    else:
        height = int(style.top_margin + style.bottom_margin + total_rows * style.row_height + 10)
        height = max(320, min(max_height(style, options), height))
    return Geometry(
        row=rows, lane=lanes, y=y, lane_names=names,
        lane_centres=[tops[l] + tracks[l] / 2 for l in range(len(names))],
        lane_spans=[(tops[l], tops[l] + tracks[l]) for l in range(len(names))],
        total_rows=total_rows, labels=placement.label,
        boxes=placement.box, left=left, right=right,
        unlabelled=unlabelled, height=height)

