"""What the dashboard's page draws, as one pure function of (table, filters, options):
`page_model` is what the page calls on every rerun, and what a benchmark times (its
counts, map and listed rows made when first read)."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .counts import counts_figure, launches_figure
from .filters import ChartOptions, Filters, effective_filters
from .map import map_figure
from .prepared import PreparedTable, apply_filters, filter_mask, table_view, view_rows
from .style import SLIDE_STYLE, Style
from .timeline import Timeline, style_for, timeline

COUNTS_HEIGHT = {False: 340, True: 420}


@dataclass
class PageModel:
    """One rerun's filtered rows and timeline; the counts, the map and the listed rows
    are made when first asked for, so that the page sends the timeline before it works
    on the rest."""

    prepared: PreparedTable
    filters: Filters  # in effect (pipeline.views.filters.effective_filters)
    options: ChartOptions
    filtered: pd.DataFrame  # the rows shown, in the columns the figures read (prepared.VIEW_COLUMNS)
    mask: np.ndarray  # those rows of the table: `table.frame[mask]` has every column, for downloads
    timeline: Timeline
    with_map: bool = True
    with_table: bool = True

    @functools.cached_property
    def counts(self) -> go.Figure:
        return counts_for(self.filtered, self.filters, self.options, style_for(self.options),
                          shown_days(self.timeline))

    @functools.cached_property
    def map(self) -> go.Figure:
        if not self.with_map:
            return go.Figure()
        return map_figure(self.prepared, self.filters, self.options, filtered=self.filtered)

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """The rows the page lists (plain text)."""
        return table_view(self.filtered) if self.with_table else pd.DataFrame()


def shown_days(result: Timeline) -> tuple[dt.date, dt.date] | None:
    if result.shown is None:
        return None
    return result.shown[0].date(), result.shown[1].date()


def counts_for(filtered: pd.DataFrame, filters: Filters, options: ChartOptions, style: Style,
               shown: tuple[dt.date, dt.date] | None, height: int | None = None) -> go.Figure:
    draw = launches_figure if options.counts == "launches" else counts_figure
    return draw(filtered, filters, options, style=style, shown=shown,
                height=height or COUNTS_HEIGHT[options.briefing])


def page_model(table: PreparedTable, filters: Filters, options: ChartOptions, *,
               with_map: bool = True, with_table: bool = True) -> PageModel:
    """Everything one rerun of the page draws, for these filters and options."""
    filters = effective_filters(filters, options)
    mask = filter_mask(table, filters)
    filtered = view_rows(table, mask)
    drawn = timeline(table, filters, options, filtered=filtered)
    return PageModel(table, filters, options, filtered, mask, drawn, with_map, with_table)


def slide_counts_figure(table: PreparedTable, filters: Filters, options: ChartOptions) -> go.Figure:
    """The counts chart on a slide: the same days as the timeline on screen."""
    filters = effective_filters(filters, options)
    filtered = apply_filters(table, filters)
    drawn = timeline(table, filters, options, filtered=filtered, style=SLIDE_STYLE)
    return counts_for(filtered, filters, options, SLIDE_STYLE, shown_days(drawn), height=1080)


def selected_event_ids(selection: Mapping | None, trace_ids: Sequence | go.Figure | dict | None = None) -> list[str]:
    """Event ids from a plotly selection: each point's customdata (its first column), else
    its (curve_number, point_index) looked up in the timeline's `trace_ids` (or a figure's
    customdata). Never the x value. A box drawn across the chart selects no event."""
    if not selection:
        return []
    state = selection.get("selection") if "selection" in selection else selection
    state = state or {}
    if state.get("box"):
        return []
    data = None
    if isinstance(trace_ids, go.Figure):
        data = [trace.customdata for trace in trace_ids.data]
    elif isinstance(trace_ids, dict):
        data = [trace.get("customdata") for trace in trace_ids.get("data", [])]
    elif trace_ids is not None:
        data = list(trace_ids)
    ids: list[str] = []
    for point in state.get("points", []) or []:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)):
            custom = custom[0] if custom else None
        if custom is None and data is not None:
            curve, index = point.get("curve_number"), point.get("point_index", point.get("point_number"))
            try:
                custom = data[curve][index]
            except (IndexError, KeyError, TypeError):
                custom = None
            if isinstance(custom, (list, tuple)):
                custom = custom[0] if custom else None
        if custom is not None and str(custom) not in ids:
            ids.append(str(custom))
    return ids


def selected_range(selection: Mapping | None) -> tuple[dt.date, dt.date] | None:
    """The days of a box drawn across the timeline (to zoom to), or None."""
    if not selection:
        return None
    state = selection.get("selection") if "selection" in selection else selection
    boxes = (state or {}).get("box") or []
    if not boxes:
        return None
    xs = boxes[-1].get("x") or []
    if len(xs) < 2:
        return None
    try:
        first, last = sorted(pd.Timestamp(x) if isinstance(x, str) else pd.Timestamp(x, unit="ms") for x in xs[:2])
    except (ValueError, TypeError):
        return None
    return first.date(), max(first.date(), last.date())
