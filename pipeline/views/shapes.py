"""The world map's shapes, shipped in views/data/ (format: scripts/gazetteer/build_map_shapes.py).

`countries()` gives every country's outline (about 1.6 MB, read once); `admin1(country)`
gives one country's first-level regions, read only when asked for. Names are the
gazetteer's canonical names (pipeline.gazetteer.places), so a place's `country` and
`admin1` find their shapes directly. Longitude comes before latitude.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
COUNTRIES_JSON = DATA_DIR / "world_countries.json"
ADMIN1_DIR = DATA_DIR / "admin1"


@cache
def _countries_file() -> dict:
    return json.loads(COUNTRIES_JSON.read_text(encoding="utf-8"))


def countries() -> list[dict]:
    """[{"name", "iso2", "iso3", "bbox": [west, south, east, north],
    "polygons": [[outer_ring, hole_ring, ...], ...]}, ...], a ring being [[lon, lat], ...]."""
    return _countries_file()["countries"]


@cache
def _iso2_by_name() -> dict[str, str]:
    return {c["name"]: c["iso2"] for c in countries()}


def country(name: str) -> dict | None:
    """One country's outline by canonical name ("Ukraine"), or None if the map has none."""
    iso2 = _iso2_by_name().get(name)
    return next(c for c in countries() if c["iso2"] == iso2) if iso2 else None


@cache
def _admin1_file(iso2: str) -> dict:
    path = ADMIN1_DIR / f"{iso2}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"regions": []}


def admin1(country_name: str) -> list[dict]:
    """The first-level regions of a country by canonical name: [{"name", "bbox",
    "polygons"}, ...] sorted by name; [] for a country the map has no regions for."""
    iso2 = _iso2_by_name().get(country_name)
    return _admin1_file(iso2)["regions"] if iso2 else []
