"""Every limit and tunable of the pipeline and the dashboard, in one place.

`SETTINGS` is the instance the code reads; tests and the benchmark make their own with
`dataclasses.replace(SETTINGS, …)`. Each field says what it bounds and what happens past it
(the README's "Input and limits" lists the same).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # Input
    max_file_bytes: int = 20 * 1024 * 1024  # a larger file is skipped unread, with its size
    # CPU seconds reading one file (decoding, HTML to text) and, apart, processing one
    # document may each take: a file read past it is skipped; a document processed past it
    # keeps the passages read so far (or nothing), and either way is reported.
    file_cpu_seconds: float = 20.0
    html_max_attributes: int = 256  # attributes read in one HTML tag; the rest are ignored (reported)
    html_max_meta_chars: int = 4096  # a longer page title or date is ignored (reported)
    manifest_max_rows: int = 200_000  # manifest rows past this are ignored (one warning)
    manifest_max_cell_chars: int = 65_536  # a row with a longer cell is ignored (reported)
    # Problems of one kind reported one by one for one file; the rest make one line,
    # "… and 999,990 more like it".
    problems_per_kind: int = 5
    # Anchors: how far from the top a dateline is looked for
    dateline_max_lines: int = 12
    dateline_max_chars: int = 1500
    date_line_max_chars: int = 120  # longer lines are prose, not datelines or headers
    # Extraction
    # A longer "sentence" (a page without a stop) is cut into pieces this long at most,
    # after a clause mark or at a space.
    sentence_max_chars: int = 2000
    # A longer document is read in runs: the first ends at the first line break past this
    # many characters, each next one 4 times further; a document cut short by its time limit
    # keeps the runs it finished.
    first_run_chars: int = 256 * 1024
    # Cache: an entry that decompresses to more than this is a miss (the document is processed again)
    cache_entry_max_bytes: int = 256 * 1024 * 1024
    # Dashboard
    webgl_threshold: int = 3000  # above this many points, the timeline draws with WebGL
    # Canvas pixels per screen pixel of what is drawn with WebGL (Plotly's default is 2). A
    # browser without a graphics card draws WebGL in software, where twice the pixels each
    # way cost a 50,000-event timeline a second; at 1 those marks (not the labels, axes or
    # lanes, which are SVG) are a little soft on a high-density screen. Slides keep 2.
    webgl_pixel_ratio: int = 1
    table_display_rows: int = 1000
    # Documents offered in the sidebar's document filter, those with most events first;
    # every option is sent to every reader's browser (a link may name any other).
    listed_documents: int = 500
    listed_places: int = 500  # … and places in the place filter, those with most events first
    # Bars (periods × parts) past which the counts are drawn as filled steps: thousands of
    # SVG bars hold a browser up for a third of a second, one outline per part does not.
    counts_max_bars: int = 1500
    # Map markers up to which each hover box lists a place's first events; past it, the
    # days they span (every hover box is sent to every reader's browser).
    map_listed_places: int = 1000
    # Views (filters and options) whose figures the dashboard keeps, shared by its readers:
    # a page opened on a view drawn before is sent at once (10–25 MB each at 50,000 events),
    # and the view the page first opened on is kept besides.
    page_models_kept: int = 4
    max_query_values: int = 50  # values read from one URL key; the rest are ignored
    max_query_chars: int = 200  # characters read from one URL value; the rest are cut
    label_candidates: int = 100  # events of a lane weighed for a label (its most important ones)
    massive_strike_launches: int = 200  # drones and missiles at which a strike's label says "Massive"
    folder_poll_seconds: float = 5.0  # how often the dashboard looks for files added or changed
    folder_poll_opening_seconds: float = 30.0  # … on a page just opened, until the reader's first action
    # A page opened on more events than this draws its timeline first, and the browser
    # asks for the rest (counts, map, table, tools) `page_rest_after_seconds` later: drawn
    # in the same frame, they held the timeline back by 1–2 s at 50,000 events. 0 s: the
    # whole page in one run.
    page_rest_after_events: int = 3000
    page_rest_after_seconds: float = 1.5
    max_paste_chars: int = 2_000_000  # a text pasted into the dashboard; uploads obey max_file_bytes


SETTINGS = Settings()
