"""Eventline dashboard: strikes, talks and visits on a timeline, a map and a table.

    streamlit run dashboard.py                          # the texts in seeds/
    streamlit run dashboard.py -- --source DIR          # another folder of texts
    streamlit run dashboard.py -- --table T.parquet --source DIR
                                                        # a table built earlier; DIR's texts
                                                        # give the evidence its context

The page is a thin layer: the URL holds the state (st.query_params), the widgets edit it,
and pipeline.figures draws everything. Every string from a document is shown as text.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline import views as F
from pipeline.model import STATUSES
from pipeline.types import type_names

EVENT_TYPES = type_names()

DEFAULT_SOURCE = Path(__file__).resolve().parent / "seeds"
# Widget keys, one per filter; the URL keys are in Filters.to_query_params.
FILTER_WIDGETS = {"types": "w_type", "statuses": "w_status", "actors": "w_actor",
                  "places": "w_place", "sources": "w_source", "date_from": "w_from",
                  "date_to": "w_to", "query": "w_q"}
LIST_FILTERS = ("types", "statuses", "actors", "places", "sources")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    parser.add_argument("--source", default=str(DEFAULT_SOURCE), help="folder of texts (default: seeds/)")
    parser.add_argument("--table", help="an event table (.parquet/.csv) built earlier from --source")
    args, _ = parser.parse_known_args(argv)
    return args


# --------------------------------------------------------------------------- loading


@dataclasses.dataclass(frozen=True)
class Source:
    table: F.PreparedTable
    documents: dict  # file name → pipeline.model.Document
    problems: list
    labels: dict  # file name → "Publisher — Title"
    folder: str


def stat_signature(path: str) -> tuple:
    """Names, sizes and modification times: cheap to take on every rerun."""
    root = Path(path)
    if root.is_file():
        stat = root.stat()
        return ((root.name, stat.st_size, stat.st_mtime_ns),)
    if not root.is_dir():
        return ()
    return tuple(sorted((str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns)
                        for p in root.rglob("*") if p.is_file()))


@st.cache_data(show_spinner=False, max_entries=8)
def content_fingerprint(folder: str, signature: tuple) -> str:
    """The folder's content hash, recomputed only when a name, size or mtime changed."""
    from pipeline import folder_fingerprint

    return folder_fingerprint(folder) if Path(folder).is_dir() else ""


@st.cache_data(show_spinner=False, max_entries=4)
def build_from_folder(folder: str, fingerprint: str):
    """The event table of a folder of texts, built once per content fingerprint."""
    from pipeline import build_table
    from pipeline.cache import user_cache_dir

    # Per-document results survive a server restart; a changed file alone is re-read.
    result = build_table(folder, cache_dir=user_cache_dir())
    return result.frame, result.documents, result.problems


@st.cache_data(show_spinner=False, max_entries=4)
def read_prebuilt(table_path: str, table_signature: tuple, folder: str, fingerprint: str):
    from pipeline.ingest import read_folder
    from pipeline.table import read_table

    documents, problems = read_folder(folder) if Path(folder).is_dir() else ([], [])
    return read_table(table_path), documents, problems


@st.cache_resource(show_spinner=False, max_entries=4)
def prepared_source(folder: str, table_path: str | None, fingerprint: str, table_signature: tuple) -> Source:
    """The prepared table, shared by reference across reruns and sessions (no copy per
    rerun, which matters for a 50,000-event table); keyed by the content fingerprint."""
    if table_path:
        frame, documents, problems = read_prebuilt(table_path, table_signature, folder, fingerprint)
    else:
        frame, documents, problems = build_from_folder(folder, fingerprint)
    return Source(table=F.prepare(frame), documents={d.name: d for d in documents},
                  problems=list(problems), labels=F.source_labels(documents), folder=folder)


def load_source(args: argparse.Namespace) -> Source:
    folder = str(Path(args.source).resolve())
    if not Path(folder).is_dir() and not args.table:
        st.error(f"No such folder: {folder}")
        st.stop()
    fingerprint = content_fingerprint(folder, stat_signature(folder))
    table_signature = stat_signature(args.table) if args.table else ()
    with st.spinner("Reading the texts and building the event table…"):
        return prepared_source(folder, args.table, fingerprint, table_signature)


@st.cache_resource(show_spinner=False)
def png_renderer() -> bool:
    """One long-lived headless browser for every PNG the server renders."""
    F.start_png_renderer()
    return True


# --------------------------------------------------------------------------- state ↔ URL


def state_from_url() -> None:
    """On a session's first run, the URL sets every widget."""
    if st.session_state.get("_state_from_url"):
        return
    filters = F.Filters.from_query_params(st.query_params)
    options = F.ChartOptions.from_query_params(st.query_params)
    for name, key in FILTER_WIDGETS.items():
        value = getattr(filters, name)
        st.session_state[key] = list(value) if name in LIST_FILTERS else value
    st.session_state["w_lanes"] = options.lanes
    st.session_state["w_briefing"] = options.briefing
    events = st.query_params.get_all("event")
    st.session_state["selected_event"] = events[0] if events else None
    st.session_state["_unreadable"] = F.unreadable_params(st.query_params)
    st.session_state["_state_from_url"] = True


def filters_from_widgets() -> F.Filters:
    values = {name: st.session_state.get(key) for name, key in FILTER_WIDGETS.items()}
    for name in LIST_FILTERS:
        values[name] = tuple(values[name] or ())
    values["query"] = (values["query"] or "").strip()
    return F.Filters(**values)


def options_from_widgets(labels: dict) -> F.ChartOptions:
    return F.ChartOptions(lanes=st.session_state.get("w_lanes", "type"),
                          briefing=bool(st.session_state.get("w_briefing")), source_labels=labels)


def state_to_url(filters: F.Filters, options: F.ChartOptions) -> None:
    params = {**filters.to_query_params(), **options.to_query_params()}
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


# --------------------------------------------------------------------------- page parts


def sidebar(source: Source) -> None:
    table = source.table
    bar = st.sidebar
    bar.toggle("Briefing view", key="w_briefing",
               help="Large type, high contrast, no sidebar: for a wall screen.")
    bar.radio("Lanes", ("type", "actor"), key="w_lanes", horizontal=True,
              format_func=lambda v: "by event type" if v == "type" else "by actor")
    bar.subheader("Filters")

    def choices(available, key):
        # A value from the URL stays selectable even when nothing matches it.
        return list(dict.fromkeys([*available, *st.session_state.get(key, [])]))

    bar.multiselect("Event type", choices(EVENT_TYPES, "w_type"), key="w_type", placeholder="All types")
    bar.multiselect("Status", choices(STATUSES, "w_status"), key="w_status",
                    placeholder="Occurred and planned",
                    help="Hypothetical events (asked for, conditional) show only when selected here.")
    bar.multiselect("Actor", choices(table.options("actors"), "w_actor"), key="w_actor",
                    placeholder="Any actor")
    bar.multiselect("Place", choices(table.options("places"), "w_place"), key="w_place",
                    placeholder="Any place")
    documents = list(dict.fromkeys([*source.documents, *table.options("sources")]))
    bar.multiselect("Source document", choices(documents, "w_source"), key="w_source",
                    format_func=lambda name: source.labels.get(name, name), placeholder="Any document")
    # Bounds wide enough for the table and for any date a link brings.
    known = [d.date() for d in (table.frame["date_start"].min(), table.frame["date_end"].max()) if pd.notna(d)]
    known += [v for v in (st.session_state.get("w_from"), st.session_state.get("w_to")) if v]
    bounds = {}
    if known:
        bounds = dict(min_value=min(known) - dt.timedelta(days=366), max_value=max(known) + dt.timedelta(days=366))
    bar.date_input("From", key="w_from", format="YYYY-MM-DD", **bounds)
    bar.date_input("To", key="w_to", format="YYYY-MM-DD", **bounds)
    bar.text_input("Search summaries and evidence", key="w_q", placeholder="e.g. energy, Abu Dhabi")
    bar.button("Clear filters", on_click=clear_filters)


def briefing_css() -> None:
    # Static page styling, no document text in it.
    st.html("""<style>
      section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
      header[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
      .stMainBlockContainer, [data-testid="stMainBlockContainer"] {padding-top: 1rem; max-width: 100%;}
      html, body, [data-testid="stAppViewContainer"] {font-size: 22px; color: #000; background: #fff;}
      h1 {font-size: 2.2rem !important;}
    </style>""")


def empty_state(filters: F.Filters, source: Source) -> None:
    if source.table.frame.empty:
        st.info(f"No events were found in {source.folder}. The folder's texts were read, "
                "but none reports a strike, talks or a visit.", icon=":material/info:")
    else:
        st.info(f"No events match these filters ({filters.describe()}). "
                "Widen a filter or clear them all.", icon=":material/search_off:")
        st.button("Clear filters", key="clear_from_empty", on_click=clear_filters)


def event_detail(source: Source, event_id: str | None, filtered: pd.DataFrame) -> None:
    frame = source.table.frame
    matches = frame.index[frame["event_id"] == event_id] if event_id else []
    if not len(matches):
        st.caption("Select an event on the timeline or in the table to see its sources and evidence.")
        return
    event = frame.loc[matches[0]]
    if event_id not in set(filtered["event_id"]):
        st.caption("This event is outside the current filters.")
    st.html(F.event_detail_html(event, source.documents))


def exports(filtered: pd.DataFrame, filters: F.Filters, options: F.ChartOptions,
            table: F.PreparedTable) -> None:
    from pipeline.table import to_csv_frame

    stem = F.png_filename(filters, "events")[:-4]

    def csv_bytes() -> bytes:
        return to_csv_frame(F.public_columns(filtered)).to_csv(index=False).encode("utf-8")

    def parquet_bytes() -> bytes:
        buffer = io.BytesIO()
        F.public_columns(filtered).to_parquet(buffer, index=False)
        return buffer.getvalue()

    def png_bytes() -> bytes:
        png_renderer()
        return F.render_png(table, filters, options)

    columns = st.columns(3)
    columns[0].download_button("Download CSV", data=csv_bytes, file_name=f"{stem}.csv", mime="text/csv")
    columns[1].download_button("Download Parquet", data=parquet_bytes, file_name=f"{stem}.parquet",
                               mime="application/vnd.apache.parquet")
    columns[2].download_button("Download PNG", data=png_bytes, file_name=F.png_filename(filters),
                               mime="image/png", help="The timeline as a 1920×1080 slide, rendered on the server")


def main() -> None:
    # No page_icon: a Material icon there is fetched from a font CDN, which a briefing room lacks.
    st.set_page_config(page_title="Eventline", layout="wide")
    args = parse_args(sys.argv[1:])
    source = load_source(args)
    state_from_url()
    sidebar(source)
    filters = filters_from_widgets()
    options = options_from_widgets(source.labels)
    try:
        page(source, filters, options)
    finally:
        state_to_url(filters, options)


def page(source: Source, filters: F.Filters, options: F.ChartOptions) -> None:
    table = source.table
    filtered = F.apply_filters(table, filters)
    if options.briefing:
        briefing_css()
        st.button("Leave briefing view", on_click=lambda: st.session_state.update(w_briefing=False))
    else:
        st.title("Eventline")
        st.caption(f"{len(table.frame)} events from {len(source.documents)} documents in {source.folder}")
        if source.problems:
            with st.expander(f"{len(source.problems)} file problem(s)"):
                st.text("\n".join(str(problem) for problem in source.problems))
    for value in st.session_state.get("_unreadable", []):
        st.warning(f"Ignored an unreadable date in the link: {value}")

    if filtered.empty:
        empty_state(filters, source)
        return
    timeline = F.timeline_figure(table, filters, options, filtered=filtered)
    chart_event = st.plotly_chart(timeline, key="timeline", on_select="rerun", selection_mode="points",
                                  config=F.chart_config(filters), theme=None)
    take_selection("timeline", F.selected_event_ids(chart_event, timeline))
    map_figure = F.map_figure(table, filters, options, filtered=filtered)
    map_config = {"displaylogo": False, "scrollZoom": True}
    if options.briefing:
        st.plotly_chart(map_figure, key="map", config=map_config, theme=None)
        return

    map_column, detail_column = st.columns([3, 2])
    with map_column:
        st.subheader("Map")
        st.plotly_chart(map_figure, key="map", config=map_config, theme=None)

    st.subheader("Events")
    view = F.table_view(filtered)
    if len(filtered) > len(view):
        st.caption(f"Showing the first {len(view)} of {len(filtered)} events; the downloads hold them all.")
    table_event = st.dataframe(view, key="events_table", on_select="rerun", selection_mode="single-row",
                               hide_index=True,
                               column_config={"Summary": st.column_config.TextColumn(width="large")})
    rows = table_event["selection"]["rows"] if table_event else []
    take_selection("events_table", [view.index[row] for row in rows if row < len(view)])
    exports(filtered, filters, options, table)

    # Filled last, so that a selection made on the chart or in the table shows at once.
    with detail_column:
        st.subheader("Event detail")
        event_detail(source, st.session_state.get("selected_event"), filtered)


main()
