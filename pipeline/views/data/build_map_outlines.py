"""Derive map_outlines.json (land and borders for the offline map) from Natural Earth.

Run once when the outlines need refreshing, not at run time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python pipeline/data/build_map_outlines.py package/countries-50m.json

Input: world-atlas 2.0.2 (ISC licence), a TopoJSON redistribution of Natural Earth 4.1.0
Admin 0 countries at 1:50m (public domain). The output keeps what the dashboard's map
needs over Europe, Russia, the Caucasus and the Middle East: land as filled rings, holes
(the Caspian Sea) as separate rings, and international borders as polylines, clipped to
EXTENT, simplified, rounded to 0.01 degree.

Natural Earth draws Crimea as part of Russia; the map shows internationally recognised
borders (UN General Assembly resolution 68/262), so the border arc across the Perekop
isthmus is left out and Crimea reads as part of Ukraine.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

EXTENT = {"lon": (-25.0, 70.0), "lat": (12.0, 72.0)}
TOLERANCE_DEG = 0.02
MIN_RING_AREA = 0.02  # square degrees; drops specks of islands
OUT = Path(__file__).with_name("map_outlines.json")


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def clip_ring(points, lon_range, lat_range):
    """Sutherland–Hodgman against the extent rectangle."""
    def clip(points, inside, cross):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_lon(lon):
        return lambda a, b: (lon, a[1] + (b[1] - a[1]) * (lon - a[0]) / (b[0] - a[0]))

    def at_lat(lat):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (lat - a[1]) / (b[1] - a[1]), lat)

    (lon0, lon1), (lat0, lat1) = lon_range, lat_range
    for inside, cross in (
        (lambda p: p[0] >= lon0, at_lon(lon0)), (lambda p: p[0] <= lon1, at_lon(lon1)),
        (lambda p: p[1] >= lat0, at_lat(lat0)), (lambda p: p[1] <= lat1, at_lat(lat1)),
    ):
        if not points:
            break
        points = clip(points, inside, cross)
    return points


def clip_line(points, lon_range, lat_range):
    """Split a polyline into the runs of points inside the extent."""
    runs, run = [], []
    for lon, lat in points:
        if lon_range[0] <= lon <= lon_range[1] and lat_range[0] <= lat <= lat_range[1]:
            run.append((lon, lat))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) > 1]


def simplify(points, tolerance):
    """Douglas–Peucker."""
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    dx, dy = x1 - x0, y1 - y0
    norm = (dx * dx + dy * dy) ** 0.5
    best, best_index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if norm == 0:
            distance = ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
        else:
            distance = abs(dy * px - dx * py + x1 * y0 - y1 * x0) / norm
        if distance > best:
            best, best_index = distance, i
    if best <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: best_index + 1], tolerance)
    return left[:-1] + simplify(points[best_index:], tolerance)


def signed_area(points) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1])) / 2


def rounded(points):
    return [[round(lon, 2), round(lat, 2)] for lon, lat in points]


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    lon_range, lat_range = EXTENT["lon"], EXTENT["lat"]

    land, holes = [], []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in polygons(geometry):
            for position, ring in enumerate(polygon):
                points = clip_ring(ring_points(ring, arcs), lon_range, lat_range)
                points = simplify(points + points[:1], TOLERANCE_DEG)[:-1] if points else []
                if len(points) < 3 or abs(signed_area(points)) < MIN_RING_AREA:
                    continue
                (land if position == 0 else holes).append(rounded(points))

    owners: dict[int, set[str]] = defaultdict(set)
    for geometry in topology["objects"]["countries"]["geometries"]:
        for polygon in polygons(geometry):
            for ring in polygon:
                for index in ring:
                    owners[index if index >= 0 else ~index].add(geometry["properties"]["name"])
    borders = []
    for index, names in sorted(owners.items()):
        if len(names) < 2 or is_perekop_isthmus(names, arcs[index]):
            continue
        for run in clip_line(arcs[index], lon_range, lat_range):
            simplified = simplify(run, TOLERANCE_DEG)
            if len(simplified) > 1:
                borders.append(rounded(simplified))

    return {
        "provenance": (
            "Natural Earth 4.1.0 Admin 0 countries 1:50m (public domain) via world-atlas 2.0.2 "
            "(ISC); clipped, simplified and Crimea shown within Ukraine by "
            "pipeline/data/build_map_outlines.py"
        ),
        "extent": {"lon": list(lon_range), "lat": list(lat_range)},
        "land": land,
        "holes": holes,
        "borders": borders,
    }


def is_perekop_isthmus(names: set[str], points) -> bool:
    """The Ukraine–Russia arc that Natural Earth draws between mainland Ukraine and Crimea."""
    return names == {"Russia", "Ukraine"} and max(lat for _, lat in points) < 46.5


if __name__ == "__main__":
    source = Path(sys.argv[1])
    outlines = build(json.loads(source.read_text()))
    OUT.write_text(json.dumps(outlines, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(outlines['land'])} land rings, {len(outlines['holes'])} holes, "
          f"{len(outlines['borders'])} borders, {OUT.stat().st_size} bytes")
