"""Generate the world map's shapes in pipeline/views/data/ from Natural Earth admin-1.

Run after build_places.py (region names are read back from world_places.tsv, so the map
and the gazetteer name every region alike), never at run time:

    python scripts/gazetteer/build_map_shapes.py package/data/build.json

Input and border conventions: see natural_earth.py (Natural Earth 1:10m admin-1, public
domain; Crimea within Ukraine). Country outlines are the union of their regions, so
country and region borders coincide. Shapes are simplified as coverages (shared borders
stay shared, no slivers or gaps) and rounded.

Output, all JSON, longitude before latitude, rings closed (last point = first):

`world_countries.json`:
    {"provenance": str,
     "countries": [{"name": "Ukraine",          # canonical name, as in world_places.tsv
                    "iso2": "UA", "iso3": "UKR",
                    "bbox": [west, south, east, north],
                    "polygons": [[outer_ring, hole_ring, ...], ...]}, ...]}

`admin1/<ISO2>.json`, one file per country, loaded only when a view zooms in:
    {"provenance": str, "country": "Ukraine", "iso2": "UA",
     "regions": [{"name": "Kharkiv Oblast",     # canonical name, as in world_places.tsv
                  "bbox": [west, south, east, north],
                  "polygons": [[outer_ring, hole_ring, ...], ...]}, ...]}

where a ring is [[lon, lat], ...].
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon

import natural_earth

ROOT = Path(__file__).resolve().parents[2]
PLACES = ROOT / "pipeline" / "gazetteer" / "data" / "world_places.tsv"
OUT = ROOT / "pipeline" / "views" / "data"
COUNTRY_TOLERANCE = 0.05      # degrees: about 1:50m, enough for a world or continent view
COUNTRY_DIGITS = 2
MIN_PART_AREA = 0.0004        # square degrees: islets under ~2 km across are dropped
PROVENANCE = ("Natural Earth 1:10m admin-1 (public domain), regions merged to first level, "
              "Crimea within Ukraine, simplified by scripts/gazetteer/build_map_shapes.py")


def region_tolerance(bounds) -> tuple[float, int]:
    """Finer for small countries: a region map is drawn at the country's own extent, so
    the tolerance follows that extent (about 1/450 of it)."""
    west, south, east, north = bounds
    extent = max(east - west, north - south)
    tolerance = min(0.04, max(0.003, extent / 450))
    return tolerance, 3 if tolerance < 0.01 else 2


def polygons(geometry, digits: int, min_area: float = MIN_PART_AREA) -> list:
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type != "Polygon" or polygon.area < min_area:
            continue
        polygon = shapely.geometry.polygon.orient(polygon)
        rings = [polygon.exterior, *polygon.interiors]
        rounded = [[[round(x, digits), round(y, digits)] for x, y in ring.coords] for ring in rings]
        if len(rounded[0]) >= 4:
            parts.append([ring for ring in rounded if len(ring) >= 4])
    return parts


def only_polygons(geometry):
    """Polygonal parts of a geometry (unions and simplification may leave lines)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    flat = [p for g in parts for p in getattr(g, "geoms", [g])]
    return MultiPolygon(flat) if flat else Polygon()


def simplified(geometries: list, tolerance: float) -> list:
    geometries = [only_polygons(shapely.make_valid(g)) for g in geometries]
    return [only_polygons(g) for g in shapely.coverage_simplify(geometries, tolerance)]


def bbox(parts: list) -> list[float]:
    xs = [x for polygon in parts for x, _ in polygon[0]]
    ys = [y for polygon in parts for _, y in polygon[0]]
    return [min(xs), min(ys), max(xs), max(ys)]


def place_names() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Region names by Natural Earth key, and country (name, iso3) by ISO alpha-2."""
    regions, countries = {}, {}
    with PLACES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["kind"] == "region" and row["id"].startswith("ne:"):
                regions[row["id"][3:]] = row["name"]
            elif row["kind"] == "country":
                countries[row["iso2"]] = (row["name"], row["iso3"])
    return regions, countries


def dump(data: dict, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return path.stat().st_size


def main(admin1_geojson: Path) -> None:
    region_names, country_names = place_names()
    regions = [r for r in natural_earth.load_regions(admin1_geojson) if r.key in region_names]
    by_country: dict[str, list] = {}
    for region in regions:
        by_country.setdefault(region.iso2, []).append(region)

    iso2s = sorted(iso2 for iso2 in by_country if iso2 in country_names)
    outlines = [shapely.union_all([r.geometry for r in by_country[iso2]]) for iso2 in iso2s]
    countries = []
    for iso2, outline in zip(iso2s, simplified(outlines, COUNTRY_TOLERANCE)):
        parts = polygons(outline, COUNTRY_DIGITS)
        if not parts:  # a country smaller than the tolerance: keep it unsimplified
            parts = polygons(shapely.union_all([r.geometry for r in by_country[iso2]]), 3, 0.0)
        name, iso3 = country_names[iso2]
        countries.append({"name": name, "iso2": iso2, "iso3": iso3, "bbox": bbox(parts),
                          "polygons": parts})
    total = dump({"provenance": PROVENANCE, "countries": countries}, OUT / "world_countries.json")

    for stale in (OUT / "admin1").glob("*.json"):
        stale.unlink()
    for iso2 in iso2s:
        members = by_country[iso2]
        tolerance, digits = region_tolerance(shapely.union_all([r.geometry for r in members]).bounds)
        shapes = []
        for region, geometry in zip(members, simplified([r.geometry for r in members], tolerance)):
            parts = polygons(geometry, digits) or polygons(region.geometry, 3, 0.0)
            if parts:
                shapes.append({"name": region_names[region.key], "bbox": bbox(parts),
                               "polygons": parts})
        shapes.sort(key=lambda s: s["name"])
        total += dump({"provenance": PROVENANCE, "country": country_names[iso2][0], "iso2": iso2,
                       "regions": shapes}, OUT / "admin1" / f"{iso2}.json")
    print(f"{len(countries)} countries, {len(iso2s)} admin-1 files, {total / 1e6:.1f} MB in all")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
