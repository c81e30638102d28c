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
    # Anchors: how far from the top a dateline is looked for
    dateline_max_lines: int = 12
    dateline_max_chars: int = 1500
    date_line_max_chars: int = 120  # longer lines are prose, not datelines or headers
    # Extraction
    sentence_max_chars: int = 2000  # a longer "sentence" is read in windows of this size
    readings_remembered: int = 32768  # sentence readings kept (wire copy repeats sentences)
    # Dashboard
    webgl_threshold: int = 3000  # above this many points, the timeline draws with WebGL
    table_display_rows: int = 1000
    max_query_values: int = 50  # values read from one URL key; the rest are ignored
    max_query_chars: int = 200  # characters read from one URL value; the rest are cut
    label_candidates: int = 100  # events of a lane weighed for a label (its most important ones)
    massive_strike_launches: int = 200  # drones and missiles at which a strike's label says "Massive"
    folder_poll_seconds: float = 5.0  # how often the dashboard looks for files added or changed
    folder_poll_opening_seconds: float = 30.0  # … on a page just opened, until the reader's first action
    max_paste_chars: int = 2_000_000  # a text pasted into the dashboard; uploads obey max_file_bytes


SETTINGS = Settings()
