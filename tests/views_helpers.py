"""Shared helpers of the views' tests: the figure's drawn events, read as the browser
reads them (customdata's first column, or the timeline's own id lists)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pipeline import views as F
from pipeline.table import COLUMNS, normalise_frame


def drawn_ids(result: F.Timeline) -> list[str]:
    return [i for ids in result.trace_ids if ids for i in ids]


def customdata_ids(figure: go.Figure) -> list[str]:
    ids = []
    for trace in figure.data:
        if trace.customdata is not None:
            ids += [str(row[0]) for row in trace.customdata]
    return ids


def valid(figure: go.Figure) -> go.Figure:
    """Plotly's own validation of a figure built without it (raises on a bad property)."""
    return go.Figure(json.loads(figure.to_json()))


def trace_holding(result: F.Timeline, event_id: str):
    for trace, ids in zip(result.figure.data, result.trace_ids):
        if ids and event_id in ids:
            return trace, ids.index(event_id)
    raise AssertionError(f"{event_id} not drawn")


def label_boxes(figure: go.Figure, width: int) -> list[tuple[str, float, float, float, float]]:
    """(text, left, right, top, bottom) in pixels of every event label, computed from the
    figure's own axis ranges for a plot `width` pixels wide (the style's), as drawn."""
    layout = figure.layout
    start, end = (pd.Timestamp(v).value / 1e6 for v in layout.xaxis.range)
    low, high = layout.yaxis.range[1], layout.yaxis.range[0]
    plot_height = layout.height - layout.margin.t - layout.margin.b
    boxes = []
    for note in layout.annotations:
        if note.xref != "x":
            continue
        x = (note.x - start) / (end - start) * width + (note.xshift or 0)
        size = note.font.size
        text_px = F.text_width(note.text, size)
        left, right = (x, x + text_px) if note.xanchor == "left" else (x - text_px, x)
        y = (note.y - low) / (high - low) * plot_height
        boxes.append((note.text, left, right, y - size * 0.6, y + size * 0.6))
    return boxes


def overlaps(boxes) -> list[tuple[str, str]]:
    found = []
    for i, (a, l1, r1, t1, b1) in enumerate(boxes):
        for b, l2, r2, t2, b2 in boxes[i + 1:]:
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                found.append((a, b))
    return found


def synthetic_table(n: int, seed: int = 7) -> pd.DataFrame:
    """n events over four years, a tenth with a week or month precision."""
    rng = np.random.default_rng(seed)
    places = {"Kyiv": (50.45, 30.52), "Kharkiv": (49.99, 36.23), "Odesa": (46.48, 30.73), "Lviv": (49.84, 24.03)}
    names = rng.choice(list(places), n)
    precision = rng.choice(["day", "week", "month", "unknown"], n, p=[0.85, 0.06, 0.04, 0.05])
    start = pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 1460, n), unit="D")
    end = start + pd.to_timedelta(np.select([precision == "week", precision == "month"], [6, 29], 0), unit="D")
    kinds = rng.choice(["strike", "talks", "visit"], n, p=[0.7, 0.2, 0.1])
    return normalise_frame(pd.DataFrame({
        "event_id": [f"ev-{i:06d}" for i in range(n)], "type": kinds,
        "status": rng.choice(["occurred", "planned", "hypothetical"], n, p=[0.85, 0.1, 0.05]),
        "date_start": start.where(precision != "unknown"), "date_end": end.where(precision != "unknown"),
        "precision": precision, "date_text": "", "date_method": "relative",
        "actors": [["Russia", "Ukraine"] if k == "strike" else ["Ukraine", "United States"] for k in kinds],
        "places": [[p] for p in names], "place_kinds": [["city"]] * n, "country": "Ukraine",
        "latitude": [places[p][0] for p in names], "longitude": [places[p][1] for p in names],
        "drones": rng.integers(0, 500, n), "missiles": None, "ballistic": None, "cruise": None, "killed": None,
        "injured": None, "figures": [[]] * n,
        "summary": [f"Russia struck {p} with drones overnight, officials said ({i})." for i, p in enumerate(names)],
        "sources": [[f"doc{i % 400}.txt"] for i in range(n)], "n_sources": 1,
        "evidence": [[{"document": f"doc{i % 400}.txt", "start": 0, "end": 40, "sentence": f"Energy sites in {p} were hit."}]
                     for i, p in enumerate(names)],
    }, columns=list(COLUMNS)))
