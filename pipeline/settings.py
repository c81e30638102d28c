"""Every limit and tunable of the pipeline and the dashboard, in one place.

`SETTINGS` is the instance the code reads; tests and the benchmark make their own with
`dataclasses.replace(SETTINGS, …)`. Each field says what it bounds and what happens past it
(the README's "Input and limits" lists the same).

A few fields can be set for a whole process from the environment, read once when this
module is first imported (`Settings.from_environment`), so that a process can be started
with them changed (the benchmark starts builds with the sentence-reading memory off):

    EVENTLINE_READINGS_REMEMBERED=0 python -m pipeline build texts/ --out t.parquet
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

# Environment variable → the field it sets (whole numbers ≥ 0).
ENVIRONMENT = {"EVENTLINE_READINGS_REMEMBERED": "readings_remembered"}


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
    # Sentence readings kept (wire copy repeats sentences); 0 keeps none, every sentence
    # is read where it stands. Environment: EVENTLINE_READINGS_REMEMBERED.
    readings_remembered: int = 32768
    # Dashboard
    webgl_threshold: int = 3000  # above this many points, the timeline draws with WebGL
    table_display_rows: int = 1000

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, with the fields named in ENVIRONMENT taken from `environ`
        (default: os.environ) where set. A value that is not a whole number ≥ 0 is an
        error naming the variable, not a silent default."""
        environ = os.environ if environ is None else environ
        types = {f.name: f.type for f in fields(cls)}
        changes: dict[str, int] = {}
        for variable, name in ENVIRONMENT.items():
            text = environ.get(variable, "").strip()
            if not text:
                continue
            if types[name] != "int" or not text.isdigit():
                raise ValueError(f"{variable}={text!r}: expected a whole number ≥ 0")
            changes[name] = int(text)
        return replace(cls(), **changes)


SETTINGS = Settings.from_environment()
