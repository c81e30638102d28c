"""Eventline dashboard: the events of a folder of texts on a timeline, counts over time, a
map and a table; corrections kept across rebuilds; texts added from the browser.

    streamlit run dashboard.py                          # the texts in seeds/
    streamlit run dashboard.py -- --source DIR          # another folder (its table: build/<folder>-<hash>.parquet)
    streamlit run dashboard.py -- --source DIR --out T  # … written to T instead
    streamlit run dashboard.py -- --table T [--source DIR]
                                                        # a table built earlier, opened as it is

The page is a thin layer, after Streamlit's own demos: cached loaders here, the URL as
the state (pipeline.views.panels.state), and everything drawn by pipeline.views (the
page itself: pipeline.views.panels.page). Every value from a document or the URL is
shown as text (pipeline.views.safe.plain for Markdown).
"""
from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path

import streamlit as st

from pipeline import views as F
from pipeline.curate import CurationStore, curations_path
from pipeline.views import folders
from pipeline.views.curation import curated_table
from pipeline.views.panels.page import Source, page, sidebar
from pipeline.views.panels.state import (filters_from_widgets, options_from_widgets, state_from_url, state_to_url,
                                         take_zoom)
from pipeline.views.panels.watch import folder_signature
from pipeline.views.safe import plain

ROOT = Path(__file__).resolve().parent
DEFAULT_SOURCE = ROOT / "seeds"
LOG = logging.getLogger("eventline.dashboard")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    parser.add_argument("--source", default=str(DEFAULT_SOURCE), help="folder of texts (default: seeds/)")
    parser.add_argument("--out", help="where the folder's table is written (default: build/<folder>-<hash>.parquet)")
    parser.add_argument("--table", help="open this table (.parquet/.csv) as it was built; --source gives its texts")
    parser.add_argument("--curations", help="the decisions file (default: beside the table)")
    args, _ = parser.parse_known_args(argv)
    return args


# --------------------------------------------------------------------------- loading


@st.cache_data(show_spinner=False, max_entries=8)
def content_fingerprint(folder: str, signature: str) -> str:
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
def table_as_built(path: str, signature: str, folder: str, fingerprint: str):
    from pipeline.ingest import read_folder
    from pipeline.table import read_table

    documents, problems = read_folder(folder) if Path(folder).is_dir() else ([], [])
    return read_table(path), documents, problems


@st.cache_resource(show_spinner=False, max_entries=8)
def curated_source(args_key: tuple, fingerprint: str, table_signature: str, decisions: tuple) -> Source:
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
    source = Source(table=F.prepare(curated.frame), documents={d.name: d for d in documents}, problems=problems,
                    labels=F.source_labels(documents), labels_with_file=F.source_labels(documents, with_file=True),
                    folder=folder, statuses=curated.curated.statuses, store=store, built=not table_arg,
                    table_path=table_arg or out)
    # The table lives as long as the server: kept out of the garbage collector's full
    # passes, which otherwise walk its millions of objects (0.1 s at 50,000 events) in
    # whichever rerun happens to trigger one.
    gc.collect()
    gc.freeze()
    return source


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
    fingerprint = content_fingerprint(folder, folder_signature(folder))
    table_signature = folders.stat_signature(table) if table else ""
    with st.spinner("Reading the texts and building the event table…"):
        return curated_source((folder, table, out, store_path), fingerprint, table_signature,
                              CurationStore(store_path).signature())


# --------------------------------------------------------------------------- the page


def main() -> None:
    # No page_icon: a Material icon there is fetched from a font CDN, which a briefing room lacks.
    st.set_page_config(page_title="Eventline", layout="wide")
    args = parse_args(sys.argv[1:])
    try:
        source = load_source(args)
        state_from_url()
        take_zoom()
        # The sidebar first: drawn after the page, it would narrow the page under charts
        # already drawn, which are then drawn again.
        sidebar(source)
        filters = filters_from_widgets()
        options = options_from_widgets(source.table, source.labels, filters)
        try:
            page(source, filters, options)
        finally:
            state_to_url(filters, options)
    except Exception:  # a visitor sees a plain sentence; the server's log has the traceback
        LOG.exception("the page could not be drawn")
        st.error("Something went wrong drawing this view. The details are in the server's log.")


main()
