"""The page: sidebar, timeline with the days shown, the event detail under it, counts,
map, the table with its downloads, the decisions and adding texts. Drawn from a Source
(the loaded table and its folder) and the filters and options of the state."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
from pathlib import Path

import streamlit as st

from ... import views as F
from ...curate import CurationStore
from ...model import STATUSES
from ...settings import SETTINGS
from .. import folders
from ..safe import plain
from .decide import decided_notice, decision_panel, decisions_log
from .downloads import downloads_panel
from .state import RANGES, clear_filters, take_selection, zoom_to
from .uploads import add_texts_panel
from .watch import watch

DETAIL_HEIGHT = 470


@dataclasses.dataclass
class PageModels:
    """The page models of a table's views, shared by its readers: the view the page was
    first opened on (where every reader starts) and the `page_models_kept` last others."""

    opening: tuple | None = None
    models: dict = dataclasses.field(default_factory=dict)  # view → F.PageModel, the most recent last
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def model(self, table: F.PreparedTable, filters: F.Filters, options: F.ChartOptions) -> F.PageModel:
        """F.page_model of these filters and options, made once while kept. (A model is only
        read once made; its counts, map and rows, made when first read, are the same
        whoever reads them first.)"""
        view = (filters, *(getattr(options, f.name) for f in dataclasses.fields(options) if f.name != "source_labels"))
        with self.lock:
            model = self.models.pop(view, None)
            if model is not None:
                self.models[view] = model
                return model
        model = F.page_model(table, filters, options, with_map=True, with_table=not options.briefing)
        with self.lock:
            self.opening = self.opening or view
            self.models[view] = model
            others = [kept for kept in self.models if kept != self.opening]
            for kept in others[:max(0, len(others) - SETTINGS.page_models_kept)]:
                del self.models[kept]
        return model


@dataclasses.dataclass(frozen=True)
class Source:
    table: F.PreparedTable
    documents: dict  # file name → pipeline.model.Document
    problems: list
    labels: dict  # file name → "Publisher — Title"
    labels_with_file: dict  # file name → "Publisher — Title (file)"
    folder: str
    statuses: list  # pipeline.curate.DecisionStatus, one per decision
    store: CurationStore
    built: bool  # the dashboard builds this table from the folder (texts may be added)
    table_path: str
    models: PageModels = dataclasses.field(default_factory=PageModels, compare=False, repr=False)


def listed(values, limit: int, noun: str) -> tuple[list, str | None]:
    """The first `limit` distinct values (a filter's options, most events first), and a help
    line (raw text) when some were left out: every option is sent to, and drawn by, every browser."""
    values = list(dict.fromkeys(values))
    if len(values) <= limit:
        return values, None
    return values[:limit], (f"The {limit:,} {noun} with most events of {len(values):,}; "
                            "the search box below finds words of any other.")


def sidebar(source: Source) -> None:
    table = source.table
    bar = st.sidebar
    bar.toggle("Briefing view", key="w_briefing", help="Large type, high contrast, no sidebar: for a wall screen.")
    bar.radio("Lanes", ("type", "actor"), key="w_lanes", horizontal=True,
              format_func=lambda v: "by event type" if v == "type" else "by actor")
    bar.subheader("Filters")

    def choices(available, key):
        # A value from the URL stays selectable even when nothing matches it.
        return list(dict.fromkeys([*available, *st.session_state.get(key, [])]))

    bar.multiselect("Event type", choices(F.type_names(table.frame["type"].unique()), "w_type"), key="w_type",
                    format_func=F.type_label, placeholder="All types")
    bar.multiselect("Status", choices(STATUSES, "w_status"), key="w_status", placeholder="Occurred and planned",
                    help="Hypothetical events (asked for, conditional) show only when selected here.")
    bar.multiselect("Actor", choices(table.options("actors"), "w_actor"), key="w_actor", placeholder="Any actor")
    places, places_help = listed(table.options("places"), SETTINGS.listed_places, "places")
    bar.multiselect("Place", choices(places, "w_place"), key="w_place", placeholder="Any place",
                    help=plain(places_help) if places_help else None)
    bar.multiselect("What was hit", choices(table.options("targets"), "w_target"), key="w_target",
                    placeholder="Anything", help="What a strike hit, as its sources tell it: energy, rail, residential…")
    documents, documents_help = listed([*table.options("sources"), *source.documents], SETTINGS.listed_documents,
                                       "documents")
    bar.multiselect("Source document", choices(documents, "w_source"), key="w_source",
                    format_func=lambda name: source.labels.get(name, name), placeholder="Any document",
                    help=plain(documents_help) if documents_help else None)
    # Bounds wide enough for the table and for any date a link brings.
    known = [d.date() for d in (table.frame["date_start"].min(), table.frame["date_end"].max()) if d == d]
    known += [v for v in (st.session_state.get("w_from"), st.session_state.get("w_to")) if v]
    bounds = {}
    if known:
        bounds = dict(min_value=min(known) - dt.timedelta(days=366), max_value=max(known) + dt.timedelta(days=366))
    bar.date_input("From", key="w_from", format="YYYY-MM-DD", **bounds)
    bar.date_input("To", key="w_to", format="YYYY-MM-DD", **bounds)
    bar.text_input("Search summaries and evidence", key="w_q", placeholder="e.g. energy, Abu Dhabi",
                   max_chars=SETTINGS.max_query_chars)
    bar.button("Clear filters", on_click=clear_filters)


def briefing_css() -> None:
    # Static page styling, no document text in it.
    st.html("""<style>
      section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
      header[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
      .stMainBlockContainer, [data-testid="stMainBlockContainer"] {padding-top: 1rem; max-width: 100%;}
      html, body, [data-testid="stAppViewContainer"] {font-size: 20px; color: #000; background: #fff;}
    </style>""")


@functools.lru_cache(maxsize=16)
def _newer_files(folder: str, table_path: str, folder_signature: str | None, table_signature: str) -> list[str]:
    """folders.newer_files, read again only when the folder or the table changed."""
    return folders.newer_files(folder, table_path)


def notices(source: Source) -> None:
    for value in st.session_state.get("_unreadable", []):
        st.warning(plain(f"Ignored an unreadable value in the link: {value}"))
    if not source.built and Path(source.folder).is_dir():
        newer = _newer_files(source.folder, source.table_path, st.session_state.get("_folder_signature"),
                             folders.stat_signature(source.table_path))
        if newer:
            st.warning(plain(f"This table is older than {len(newer)} file(s) of {source.folder} "
                             f"({', '.join(newer[:3])}{' …' if len(newer) > 3 else ''}): it may be stale. "
                             "Start the dashboard with --source alone to build from the folder."))


def empty_state(filters: F.Filters, source: Source) -> None:
    if source.table.frame.empty:
        st.info(plain(f"No events were found in {source.folder}. The folder's texts were read, "
                      "but none reports an event of a known type."))
    else:
        st.info(plain(f"No events match these filters ({filters.describe()}). Widen a filter or clear them all."))
        st.button("Clear filters", key="clear_from_empty", on_click=clear_filters)


def range_controls(model: F.PageModel) -> None:
    left, right = st.columns([4, 3], vertical_alignment="center")
    # "Chosen" is offered once days were chosen (by dragging across the chart, or a link).
    offered = [mode for mode in RANGES if mode != "custom" or st.session_state.get("_shown")]
    left.segmented_control("Days shown", offered, key="w_range", format_func=RANGES.get,
                           label_visibility="collapsed", required=True,
                           help="Fitted: the days where most events are. Chosen: the days you dragged across.")
    days = model.timeline.shown
    if days is not None:
        right.caption(plain(f"{F.format_day(days[0])} – {F.format_day(days[1])} · "
                            "to show other days, take the box tool (toolbar) and drag across the chart"))


def event_detail(source: Source, event_id: str | None, filtered) -> None:
    decided_notice()
    frame = source.table.frame
    matches = frame.index[frame["event_id"] == event_id] if event_id else []
    if not len(matches):
        if event_id:
            st.caption(plain(f"The event {event_id} is not in this table (hidden, merged or from another folder)."))
        st.caption("Select an event on the timeline or in the table to see its sources and evidence.")
        return
    row = frame.loc[matches[0]]
    if event_id not in set(filtered["event_id"]):
        st.caption("This event is outside the current filters.")
    evidence, decide = st.columns([3, 2])
    with evidence:
        st.html(F.event_detail_html(row, source.documents))
    with decide:
        decision_panel(row, frame, source.store)


def page(source: Source, filters: F.Filters, options: F.ChartOptions) -> None:
    table = source.table
    if options.briefing:
        briefing_css()
        st.button("Leave briefing view", on_click=lambda: st.session_state.update(w_briefing=False))
    else:
        st.title("Eventline")
        changed = table.changed
        st.caption(plain(f"{F.count(len(table.frame), 'event')} from {F.count(len(source.documents), 'document')} "
                         f"in {source.folder}" + (f" · {changed} changed by hand" if changed else "")))
        if source.problems:
            with st.expander(plain(f"{len(source.problems)} file problem(s)")):
                st.text("\n".join(str(problem) for problem in source.problems))
    notices(source)
    opening = not st.session_state.get("_page_drawn")
    if source.built:
        watch(source.folder, opening=opening)
    st.session_state["_page_drawn"] = True

    model = source.models.model(table, filters, options)
    if model.filtered.empty:
        empty_state(filters, source)
    else:
        if not options.briefing:
            range_controls(model)
        # Labels are laid out for the style's width: a narrower window scrolls the chart
        # sideways rather than let them run into each other.
        st.html(F.timeline_width_css(F.style_for(options)))
        with st.container(key="timeline_box"):
            chart = st.plotly_chart(model.timeline.figure, key=f"timeline-{st.session_state.get('_chart', 0)}",
                                    on_select="rerun", selection_mode=("points", "box"),
                                    config=F.chart_config(filters), theme=None)
        zoom_to(F.selected_range(chart))
        take_selection("timeline", F.selected_event_ids(chart, model.timeline.trace_ids))
    # Right under the chart, so the detail of a click shows where the reader looks; a
    # fixed height with its own scroll keeps the page below from moving at every click.
    # Filled last, so that a selection made further down (in the table) shows at once.
    detail = st.empty()
    many = len(model.filtered) > SETTINGS.page_rest_after_events
    if opening and many and SETTINGS.page_rest_after_seconds > 0:
        rest_of_page_later()
    else:
        rest_of_page(source, model, filters, options)
    if not options.briefing:
        selected = st.session_state.get("selected_event")
        with detail.container(height=DETAIL_HEIGHT if selected else "content", border=True, key="detail"):
            event_detail(source, selected, model.filtered)


def rest_of_page(source: Source, model: F.PageModel, filters: F.Filters, options: F.ChartOptions) -> None:
    """Under the timeline: the counts and the map, then the events, decisions and adding texts."""
    if not model.filtered.empty:
        charts_below(model, filters, options)
    if options.briefing:
        return
    if not model.filtered.empty:
        events_panel(source, model, filters, options)
    tools_panel(source)


def rest_of_page_later() -> None:
    """A page just opened on many events draws its timeline alone; the rest follows on the
    run the browser asks for, `page_rest_after_seconds` later. (Drawn with the timeline,
    the counts, map and table are drawn in the same frame and hold it back.) A reader's
    first action draws the whole page too: a whole-page run clears the browser's request."""
    st.session_state["_rest_inside_page"] = True
    _rest_of_page()


@st.fragment(run_every=SETTINGS.page_rest_after_seconds)
def _rest_of_page() -> None:
    if st.session_state.pop("_rest_inside_page", False):
        st.caption("The counts, the map and the table follow in a moment…")
        return
    st.rerun(scope="app")  # the browser's request: the whole page, the rest included


def charts_below(model: F.PageModel, filters: F.Filters, options: F.ChartOptions) -> None:
    counts_column, map_column = st.columns([1, 1])
    with counts_column:
        if not options.briefing:
            # short words: the two controls share half the page and must not be cut
            left, right = st.columns([3, 2])
            left.segmented_control("Count", ("events", "launches"), key="w_counts", label_visibility="collapsed",
                                   format_func={"events": "Events", "launches": "Launches"}.get,
                                   help="Events by type, or drones and missiles launched")
            right.segmented_control("Per", ("day", "week"), key="w_per", label_visibility="collapsed",
                                    format_func=lambda v: f"per {v}")
        st.plotly_chart(model.counts, key="counts", config=F.chart_config(filters, "counts"), theme=None)
    with map_column:
        st.plotly_chart(model.map, key="map", config=F.map_config(), theme=None)


def events_panel(source: Source, model: F.PageModel, filters: F.Filters, options: F.ChartOptions) -> None:
    st.subheader("Events")
    if len(model.filtered) > len(model.table):
        st.caption(plain(f"Showing the first {len(model.table):,} of {len(model.filtered):,} events; "
                         "the downloads hold them all."))
    picked = st.dataframe(model.table, key="events_table", on_select="rerun", selection_mode="single-row",
                          hide_index=True, column_config={"Summary": st.column_config.TextColumn(width="large")})
    rows = picked["selection"]["rows"] if picked else []
    take_selection("events_table", [model.table.index[row] for row in rows if row < len(model.table)])
    downloads_panel(model.mask, filters, options, source.table, source.labels_with_file)


def tools_panel(source: Source) -> None:
    log_column, add_column = st.columns([3, 2])
    with log_column:
        st.subheader("Decisions")
        decisions_log(source.statuses, source.store,
                      on_select=lambda event_id: st.session_state.update(selected_event=event_id))
    with add_column:
        st.subheader("Add texts")
        if source.built:
            add_texts_panel(source.folder)
        else:
            st.caption("This table was opened as built: texts are added to a folder the dashboard builds from "
                       "(start it with --source alone).")
