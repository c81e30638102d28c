"""Views of the event table: filters, the timeline with its labels, counts over time, the
map, the evidence view, exports — and the page that puts them together.

Everything here is a pure function of (table, filters, options), so the dashboard, the
command line, the benchmark and the tests draw the same pictures. Text from documents
and URLs is untrusted: `safe` has the one helper for each medium.

    filters    Filters, ChartOptions ↔ the URL
    prepared   the table with the columns every redraw needs; filtering; the plain table
    style      types from the registry (label, colour, order); screen, briefing and slide styles
    labels     the words on each event and where they fit
    lanes      the days on screen, the lanes, the tracks
    timeline   the timeline figure
    counts     events per day or week, drones and missiles per night
    map        the map (its own module: its outlines are to come from `shapes`)
    evidence   the detail view of one event
    export     CSV (with a BOM), Parquet, ACLED-style CSV, PNG slides
    curation   a table's rows as events for pipeline.curate, and back
    page       what the page draws on each rerun (`page_model`), selections
"""
from __future__ import annotations

from ..settings import SETTINGS
from .counts import counts_csv_frame, counts_figure, counts_frame, launches_figure, launches_frame
from .evidence import (date_explanation, event_detail_html, event_header_lines, evidence_excerpt,
                       grouped_evidence)
from .export import (PngUnavailable, acled_frame, chart_config, csv_bytes, map_config, parquet_bytes,
                     png_browser, png_filename, render_png, slide_figure, start_png_renderer, table_csv_bytes)
from .filters import ChartOptions, Filters, effective_filters, parse_range, unreadable_params
from .labels import event_labels, text_width
from .map import map_figure, map_outlines, uncluttered_labels
from .page import PageModel, page_model, selected_event_ids, selected_range, shown_days
from .prepared import (DAY_MS, PreparedTable, apply_filters, date_labels, filter_mask, prepare,
                       public_columns, source_label, source_labels, source_names, table_view)
from .safe import html_text, plain, plot_text, safe_url
from .style import (BRIEFING_STYLE, SCREEN_STYLE, SLIDE_HEIGHT, SLIDE_STYLE, SLIDE_WIDTH, timeline_width_css,
                    type_colour, type_label, type_names)
from .timeline import Timeline, default_title, source_footnote, style_for, timeline, timeline_figure
from .words import count, format_day, plural

WEBGL_THRESHOLD = SETTINGS.webgl_threshold

__all__ = [name for name in dir() if not name.startswith("_")]
