"""The page's state: the URL sets the widgets on a session's first run, the widgets set
the filters and options, and the URL follows them, so that a link reproduces the view."""
from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from ...settings import SETTINGS
from ..filters import ChartOptions, Filters, query_values, unreadable_params
from ..prepared import PreparedTable, apply_filters

# Widget keys, one per filter; the URL keys are in Filters.to_query_params.
FILTER_WIDGETS = {"types": "w_type", "statuses": "w_status", "actors": "w_actor",
                  "places": "w_place", "targets": "w_target", "sources": "w_source", "date_from": "w_from",
                  "date_to": "w_to", "query": "w_q"}
LIST_FILTERS = ("types", "statuses", "actors", "places", "targets", "sources")
RANGES = {"fitted": "Fitted", "7": "Last week", "31": "Last month", "92": "Last 3 months", "all": "All",
          "custom": "Chosen"}


def state_from_url() -> None:
    """On a session's first run, the URL sets every widget."""
    if st.session_state.get("_state_from_url"):
        return
    filters = Filters.from_query_params(st.query_params)
    options = ChartOptions.from_query_params(st.query_params)
    for name, key in FILTER_WIDGETS.items():
        value = getattr(filters, name)
        st.session_state[key] = list(value) if name in LIST_FILTERS else value
    st.session_state.update(w_lanes=options.lanes, w_briefing=options.briefing, w_per=options.per,
                            w_counts=options.counts, w_range="custom" if options.shown else "fitted",
                            _shown=options.shown)
    events = query_values(st.query_params, "event")
    st.session_state["selected_event"] = events[0] if events else None
    st.session_state["_unreadable"] = unreadable_params(st.query_params)
    st.session_state["_state_from_url"] = True


def filters_from_widgets() -> Filters:
    values = {name: st.session_state.get(key) for name, key in FILTER_WIDGETS.items()}
    for name in LIST_FILTERS:
        values[name] = tuple(values[name] or ())
    values["query"] = (values["query"] or "").strip()[:SETTINGS.max_query_chars]
    return Filters(**values)


def options_from_widgets(table: PreparedTable, labels: dict, filters: Filters) -> ChartOptions:
    options = ChartOptions(lanes=st.session_state.get("w_lanes", "type"),
                             briefing=bool(st.session_state.get("w_briefing")), source_labels=labels,
                             per=st.session_state.get("w_per") or "day",
                             counts=st.session_state.get("w_counts") or "events")
    return dataclasses.replace(options, shown=shown_days(table, filters))


def shown_days(table: PreparedTable, filters: Filters) -> tuple[dt.date, dt.date] | None:
    """The days on screen: the reader's choice, a span before the last event, or fitted (None)."""
    mode = st.session_state.get("w_range") or "fitted"
    if mode == "custom":
        return st.session_state.get("_shown")
    if mode == "fitted":
        return None
    filtered = apply_filters(table, filters)
    starts = filtered["date_start"].dropna()
    if starts.empty:
        return None
    last = filtered["date_end"].fillna(filtered["date_start"]).max().date()
    first = starts.min().date() if mode == "all" else last - dt.timedelta(days=int(mode) - 1)
    return first, last


def state_to_url(filters: Filters, options: ChartOptions) -> None:
    params = {**filters.to_query_params(), **options.to_query_params()}
    if st.session_state.get("w_range") != "custom":
        params.pop("range", None)  # presets follow the data; only chosen days go in the link
    if st.session_state.get("selected_event"):
        params["event"] = st.session_state["selected_event"]
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    current = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    if wanted != current:
        st.query_params.from_dict(params)


def clear_filters() -> None:
    for name, key in FILTER_WIDGETS.items():
        st.session_state[key] = [] if name in LIST_FILTERS else ("" if name == "query" else None)


def take_selection(widget: str, ids: list[str]) -> None:
    """A selection that changed since the last run (on the chart or in the table) picks
    the event shown in detail; an unchanged one leaves the other widget's pick alone."""
    seen_key = f"_seen_{widget}"
    if ids and st.session_state.get(seen_key) != ids:
        st.session_state["selected_event"] = ids[0]
    st.session_state[seen_key] = ids


def zoom_to(days: tuple[dt.date, dt.date] | None) -> None:
    """Show these days (a box drawn across the timeline), from the next run on."""
    if days and days != st.session_state.get("_shown"):
        st.session_state["_zoom"] = days
        st.rerun()


def take_zoom() -> None:
    """A zoom asked for in the last run, set before the widgets are drawn; a new chart
    widget drops the box the reader drew."""
    days = st.session_state.pop("_zoom", None)
    if days:
        st.session_state.update(w_range="custom", _shown=days, _chart=st.session_state.get("_chart", 0) + 1)
