"""Eventline dashboard: the events of a folder of texts on a timeline, counts over time, a
map and a table; corrections kept across rebuilds; texts added from the browser.

    streamlit run dashboard.py                          # the texts in seeds/
    streamlit run dashboard.py -- --source DIR          # another folder (its table: build/<folder>-<hash>.parquet)
    streamlit run dashboard.py -- --source DIR --out T  # … written to T instead
    streamlit run dashboard.py -- --table T [--source DIR]
                                                        # a table built earlier, opened as it is

The page is a thin layer, after Streamlit's own demos: cached loaders, the URL as the
state (st.query_params), and everything drawn by pipeline.views. Every value from a
document or the URL is shown as text (views.safe.plain for Markdown).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import sys
from pathlib import Path

import streamlit as st

from pipeline import views as F
from pipeline.curate import CurationStore, curations_path
from pipeline.model import STATUSES
from pipeline.settings import SETTINGS
from pipeline.views import folders
from pipeline.views.curation import curated_table
from pipeline.views.panels.decide import decided_notice, decision_panel, decisions_log
from pipeline.views.panels.downloads import downloads_panel
from pipeline.views.panels.uploads import add_texts_panel
from pipeline.views.safe import plain

ROOT = Path(__file__).resolve().parent
DEFAULT_SOURCE = ROOT / "seeds"
LOG = logging.getLogger("eventline.dashboard")
# Widget keys, one per filter; the URL keys are in Filters.to_query_params.
FILTER_WIDGETS = {"types": "w_type", "statuses": "w_status", "actors": "w_actor",
                  "places": "w_place", "sources": "w_source", "date_from": "w_from",
                  "date_to": "w_to", "query": "w_q"}
LIST_FILTERS = ("types", "statuses", "actors", "places", "sources")
RANGES = {"fitted": "Fitted", "7": "Last week", "31": "Last month", "92": "Last 3 months", "all": "All",
          "custom": "Chosen"}
DETAIL_HEIGHT = 470


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    parser.add_argument("--source", default=str(DEFAULT_SOURCE), help="folder of texts (default: seeds/)")
    parser.add_argument("--out", help="where the folder's table is written (default: build/<folder>-<hash>.parquet)")
    parser.add_argument("--table", help="open this table (.parquet/.csv) as it was built; --source gives its texts")
    parser.add_argument("--curations", help="the decisions file (default: beside the table)")
    args, _ = parser.parse_known_args(argv)
    return args


# --------------------------------------------------------------------------- loading


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


@st.cache_data(show_spinner=False, max_entries=8)
def content_fingerprint(folder: str, signature: tuple) -> str:
    """The folder's content hash, recomputed only when a name, size or mtime changed."""
    from pipeline import folder_fingerprint

    return folder_fingerprint(folder) if Path(folder).is_dir() else ""


@st.cache_resource(show_spinner=False, max_entries=4)
def built_folder(folder: str, fingerprint: str, cache_dir: str):
    """The folder's uncurated table and mentions, built once per content (changed files
    alone are read again, from the mention cache)."""
    from pipeline import build_table

    return build_table(folder, cache_dir=cache_dir)


@st.cache_resource(show_spinner=False, max_entries=4)
def table_as_built(path: str, signature: tuple, folder: str, fingerprint: str):
    from pipeline.ingest import read_folder
    from pipeline.table import read_table

    documents, problems = read_folder(folder) if Path(folder).is_dir() else ([], [])
    return read_table(path), documents, problems


@st.cache_resource(show_spinner=False, max_entries=8)
def curated_source(args_key: tuple, fingerprint: str, table_signature: tuple, decisions: tuple) -> Source:
    """The curated, prepared table: shared by reference across reruns and sessions, made
    again when the folder, the table or the decisions change."""
    folder, table_arg, out, store_path = args_key
    store = CurationStore(store_path)
    if table_arg:
        frame, documents, problems = table_as_built(table_arg, table_signature, folder, fingerprint)
        mentions = None
    else:
        result = built_folder(folder, fingerprint, str(Path(out).resolve().parent / ".eventline-cache"))
        frame, documents, problems, mentions = result.frame, result.documents, list(result.problems), result.mentions
    curated = curated_table(frame, store.decisions(), mentions)
    problems = list(problems)
    if not table_arg:
        from pipeline.table import write_table

        try:  # the folder's table follows what the dashboard shows, decisions applied
            write_table(curated.frame, out)
        except OSError as error:
            problems.append(f"{out}: the table could not be written ({error})")
    return Source(table=F.prepare(curated.frame), documents={d.name: d for d in documents}, problems=problems,
                  labels=F.source_labels(documents), labels_with_file=F.source_labels(documents, with_file=True),
                  folder=folder, statuses=curated.curated.statuses, store=store, built=not table_arg,
                  table_path=table_arg or out)


def source_paths(args: argparse.Namespace) -> tuple[str, str | None, str, str]:
    folder = str(Path(args.source).resolve())
    out = str(Path(args.out) if args.out else ROOT / folders.table_path_for(folder))
    table = str(Path(args.table).resolve()) if args.table else None
    store = args.curations or str(curations_path(table or out))
    return folder, table, out, store


def load_source(args: argparse.Namespace) -> Source:
    folder, table, out, store_path = source_paths(args)
    if not Path(folder).is_dir() and not table:
        st.error(plain(f"No such folder: {folder}"))
        st.stop()
    if table and not Path(table).is_file():
        st.error(plain(f"No such table: {table}"))
        st.stop()
    signature = folders.stat_signature(folder)
    st.session_state["_folder_signature"] = signature
    fingerprint = content_fingerprint(folder, signature)
    table_signature = folders.stat_signature(table) if table else ()
    with st.spinner("Reading the texts and building the event table…"):
        return curated_source((folder, table, out, store_path), fingerprint, table_signature,
                              CurationStore(store_path).signature())


@st.fragment(run_every=SETTINGS.folder_poll_seconds)
def watch_folder(folder: str) -> None:
    """Files added or changed on disk make the page rebuild, whoever changed them."""
    if folders.stat_signature(folder) != st.session_state.get("_folder_signature"):
        st.rerun(scope="app")


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
    st.session_state.update(w_lanes=options.lanes, w_briefing=options.briefing, w_per=options.per,
                            w_counts=options.counts, w_range="custom" if options.shown else "fitted",
                            _shown=options.shown)
    events = F.filters.query_values(st.query_params, "event")
    st.session_state["selected_event"] = events[0] if events else None
    st.session_state["_unreadable"] = F.unreadable_params(st.query_params)
    st.session_state["_state_from_url"] = True


def filters_from_widgets() -> F.Filters:
    values = {name: st.session_state.get(key) for name, key in FILTER_WIDGETS.items()}
    for name in LIST_FILTERS:
        values[name] = tuple(values[name] or ())
    values["query"] = (values["query"] or "").strip()[:SETTINGS.max_query_chars]
    return F.Filters(**values)


def options_from_widgets(source: Source, filters: F.Filters) -> F.ChartOptions:
    options = F.ChartOptions(lanes=st.session_state.get("w_lanes", "type"),
                             briefing=bool(st.session_state.get("w_briefing")), source_labels=source.labels,
                             per=st.session_state.get("w_per") or "day",
                             counts=st.session_state.get("w_counts") or "events")
    return dataclasses.replace(options, shown=shown_days(source.table, filters))


def shown_days(table: F.PreparedTable, filters: F.Filters) -> tuple[dt.date, dt.date] | None:
    """The days on screen: the reader's choice, a span before the last event, or fitted (None)."""
    mode = st.session_state.get("w_range") or "fitted"
    if mode == "custom":
        return st.session_state.get("_shown")
    if mode == "fitted":
        return None
    filtered = F.apply_filters(table, filters)
    starts = filtered["date_start"].dropna()
    if starts.empty:
        return None
    last = filtered["date_end"].fillna(filtered["date_start"]).max().date()
    first = starts.min().date() if mode == "all" else last - dt.timedelta(days=int(mode) - 1)
    return first, last


def state_to_url(filters: F.Filters, options: F.ChartOptions) -> None:
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


# --------------------------------------------------------------------------- page parts


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
    bar.multiselect("Place", choices(table.options("places"), "w_place"), key="w_place", placeholder="Any place")
    documents = list(dict.fromkeys([*source.documents, *table.options("sources")]))
    bar.multiselect("Source document", choices(documents, "w_source"), key="w_source",
                    format_func=lambda name: source.labels.get(name, name), placeholder="Any document")
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


def notices(source: Source) -> None:
    for value in st.session_state.get("_unreadable", []):
        st.warning(plain(f"Ignored an unreadable value in the link: {value}"))
    if not source.built and Path(source.folder).is_dir():
        newer = folders.newer_files(source.folder, source.table_path)
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
        changed = int((table.frame["curation"].map(len) > 0).sum())
        st.caption(plain(f"{F.count(len(table.frame), 'event')} from {F.count(len(source.documents), 'document')} "
                         f"in {source.folder}" + (f" · {changed} changed by hand" if changed else "")))
        if source.problems:
            with st.expander(plain(f"{len(source.problems)} file problem(s)")):
                st.text("\n".join(str(problem) for problem in source.problems))
    notices(source)
    if source.built:
        watch_folder(source.folder)

    model = F.page_model(table, filters, options, with_map=True, with_table=not options.briefing)
    if model.filtered.empty:
        empty_state(filters, source)
    else:
        if not options.briefing:
            range_controls(model)
        chart = st.plotly_chart(model.timeline.figure, key=f"timeline-{st.session_state.get('_chart', 0)}",
                                on_select="rerun", selection_mode=("points", "box"),
                                config=F.chart_config(filters), theme=None)
        zoom_to(F.selected_range(chart))
        take_selection("timeline", F.selected_event_ids(chart, model.timeline.trace_ids))
    # Right under the chart, so the detail of a click shows where the reader looks; a
    # fixed height with its own scroll keeps the page below from moving at every click.
    # Filled last, so that a selection made further down (in the table) shows at once.
    detail = st.empty()
    if not model.filtered.empty:
        charts_below(model, filters, options)
    if not options.briefing:
        if not model.filtered.empty:
            events_panel(source, model, filters, options)
        tools_panel(source)
        selected = st.session_state.get("selected_event")
        with detail.container(height=DETAIL_HEIGHT if selected else "content", border=True, key="detail"):
            event_detail(source, selected, model.filtered)


def charts_below(model: F.PageModel, filters: F.Filters, options: F.ChartOptions) -> None:
    counts_column, map_column = st.columns([1, 1])
    with counts_column:
        if not options.briefing:
            left, right = st.columns(2)
            left.segmented_control("Count", ("events", "launches"), key="w_counts", label_visibility="collapsed",
                                   format_func={"events": "Events by type",
                                                "launches": "Drones and missiles"}.get)
            right.segmented_control("Per", ("day", "week"), key="w_per", label_visibility="collapsed",
                                    format_func=lambda v: f"per {v}")
        st.plotly_chart(model.counts, key="counts", config=F.chart_config(filters, "counts"), theme=None)
    with map_column:
        st.plotly_chart(model.map, key="map", config={"displaylogo": False, "scrollZoom": True}, theme=None)


def events_panel(source: Source, model: F.PageModel, filters: F.Filters, options: F.ChartOptions) -> None:
    st.subheader("Events")
    if len(model.filtered) > len(model.table):
        st.caption(plain(f"Showing the first {len(model.table):,} of {len(model.filtered):,} events; "
                         "the downloads hold them all."))
    picked = st.dataframe(model.table, key="events_table", on_select="rerun", selection_mode="single-row",
                          hide_index=True, column_config={"Summary": st.column_config.TextColumn(width="large")})
    rows = picked["selection"]["rows"] if picked else []
    take_selection("events_table", [model.table.index[row] for row in rows if row < len(model.table)])
    downloads_panel(source.table.frame[model.mask], filters, options, source.table, source.labels_with_file)


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


def main() -> None:
    # No page_icon: a Material icon there is fetched from a font CDN, which a briefing room lacks.
    st.set_page_config(page_title="Eventline", layout="wide")
    args = parse_args(sys.argv[1:])
    try:
        source = load_source(args)
        state_from_url()
        take_zoom()
        sidebar(source)
        filters = filters_from_widgets()
        options = options_from_widgets(source, filters)
        try:
            page(source, filters, options)
        finally:
            state_to_url(filters, options)
    except Exception:  # a visitor sees a plain sentence; the server's log has the traceback
        LOG.exception("the page could not be drawn")
        st.error("Something went wrong drawing this view. The details are in the server's log.")


main()
