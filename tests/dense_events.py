"""A dense, realistic event table made up for the views' tests: n events over about six
weeks, every type of the registry, several actors and places, figures on most strikes,
plans with and without a date of their own. Deterministic for a seed."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.table import COLUMNS, normalise_frame

PLACES = {"Kyiv": (50.45, 30.52), "Kharkiv": (49.99, 36.23), "Odesa": (46.48, 30.73), "Dnipro": (48.46, 35.05),
          "Lviv": (49.84, 24.03), "Zaporizhzhia": (47.84, 35.14), "Sumy": (50.91, 34.80),
          "Abu Dhabi": (24.45, 54.38), "Istanbul": (41.01, 28.98), "Brussels": (50.85, 4.35)}
ACTORS = ["Russia", "Ukraine", "United States", "European Union", "Volodymyr Zelensky", "Donald Trump",
          "Vladimir Putin", "Mark Rutte", "Turkey", "United Arab Emirates", "NATO", "United Kingdom",
          "Emmanuel Macron", "Keir Starmer", "Recep Tayyip Erdogan"]


def dense_events(n: int = 50, seed: int = 3, start: str = "2026-01-05", days: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kinds = rng.choice(["strike", "talks", "visit", "ceasefire", "prisoner_exchange"], n,
                       p=[0.55, 0.18, 0.12, 0.07, 0.08])
    rows = []
    for i, kind in enumerate(kinds):
        day = pd.Timestamp(start) + pd.Timedelta(days=int(rng.integers(0, days)))
        status = rng.choice(["occurred", "planned"], p=[0.85, 0.15])
        method = "anchor" if status == "planned" and rng.random() < 0.5 else "relative"
        precision = "day" if rng.random() < 0.9 else "week"
        end = day + pd.Timedelta(days=6 if precision == "week" else int(rng.integers(0, 2)) * (kind == "talks"))
        if kind == "strike":
            actors = ["Russia", "Ukraine"] if rng.random() < 0.8 else ["Ukraine", "Russia"]
            places = list(rng.choice(list(PLACES)[:7], int(rng.integers(1, 3)), replace=False))
        else:
            actors = list(rng.choice(ACTORS, int(rng.integers(2, 4)), replace=False))
            places = [str(rng.choice(list(PLACES)))]
        figures = {}
        if kind == "strike" and rng.random() < 0.7:
            figures = {"drones": int(rng.integers(20, 600)), "missiles": int(rng.choice([0, 1, 12, 40, 71]))}
            figures["ballistic"] = min(figures["missiles"], int(rng.integers(0, 10)))
            figures["killed"] = int(rng.choice([0, 0, 1, 3]))
        if kind == "prisoner_exchange":
            figures = {"prisoners": int(rng.choice([84, 150, 300]))}
        sources = [f"doc{int(d):03d}.txt" for d in rng.choice(40, int(rng.integers(1, 4)), replace=False)]
        rows.append({
            "event_id": f"ev-{i:03d}", "type": kind, "status": status, "date_start": day, "date_end": end,
            "precision": precision, "date_text": "", "date_method": method,
            "actors": actors, "places": places, "place_kinds": ["city"] * len(places),
            "country": "Ukraine", "latitude": PLACES[places[0]][0], "longitude": PLACES[places[0]][1],
            **{k: (v or None) for k, v in figures.items()},
            "figures": [f"{v} {k}" for k, v in figures.items() if v], "summary": f"{kind} {i} at {places[0]}",
            "sources": sources, "n_sources": len(sources),
            "evidence": [{"document": s, "start": 0, "end": 10, "sentence": f"Sentence {i} of {s}."} for s in sources],
        })
    return normalise_frame(pd.DataFrame(rows, columns=list(COLUMNS)))
