"""pipeline.views.map: the offline map of the filtered events."""
from __future__ import annotations

import json

import pytest

from pipeline import views as F
from pipeline.types import registry
from tests.views_helpers import valid


@pytest.fixture
def table(event_table) -> F.PreparedTable:
    return F.prepare(event_table)


def test_map_needs_nothing_from_the_network(table):
    figure = F.map_figure(table)
    spec = figure.to_json()
    assert "http" not in spec
    assert {trace.type for trace in figure.data} == {"scatter"}  # no geo, no tiles
    assert not {"geo", "map", "mapbox"} & set(json.loads(spec)["layout"])
    valid(figure)


def test_thousands_of_markers_are_drawn_on_a_canvas(table, monkeypatch):
    import dataclasses

    from pipeline.views import map as map_view

    markers = lambda figure: {t.type for t in figure.data if t.mode == "markers"}  # noqa: E731
    assert markers(F.map_figure(table)) == {"scatter"}
    monkeypatch.setattr(map_view, "SETTINGS", dataclasses.replace(map_view.SETTINGS, webgl_threshold=3))
    figure = F.map_figure(table)
    assert markers(figure) == {"scattergl"}
    # the place names on the same canvas, drawn after the markers (above them); the outlines as they were
    names = [t for t in figure.data if t.mode == "text"]
    assert [t.type for t in names] == ["scattergl"] and figure.data[-1] is names[0]
    assert {t.type for t in figure.data if t.mode == "lines"} == {"scatter"}
    valid(figure)


def test_map_groups_events_by_place_and_type_in_the_registry_colours(table):
    figure = F.map_figure(table)
    by_name = {trace.name: trace for trace in figure.data}
    assert [t.name for t in figure.data[:2]] == ["land", "lakes"]
    strikes = by_name["Strikes"]
    assert strikes.marker.color == registry()["strike"].colour
    assert len(strikes.x) == 6  # Kyiv, Lozova, Dnipro, Nikopol, Ukraine (country), Odesa
    kyiv = [h for h in strikes.hovertext if h.startswith("<b>Kyiv</b>")]
    assert kyiv == [kyiv[0]] and kyiv[0].startswith("<b>Kyiv</b>: 1 strike")
    abu_dhabi = [h for h in by_name["Talks"].hovertext if h.startswith("<b>Abu Dhabi</b>")][0]
    assert abu_dhabi.startswith("<b>Abu Dhabi</b>: 2 talks")
    # Types at one place sit side by side: the visit to Kyiv is beside the strike.
    kyiv_strike_x = strikes.x[list(strikes.hovertext).index(kyiv[0])]
    visits = by_name["Visits"]
    kyiv_visit_x = [x for x, h in zip(visits.x, visits.hovertext) if h.startswith("<b>Kyiv</b>")][0]
    assert kyiv_visit_x != kyiv_strike_x and kyiv_strike_x == pytest.approx(30.52)


def test_map_says_what_it_cannot_show(table):
    notes = F.map_figure(table).layout.annotations[0].text
    assert notes == "Not shown: 1 event with no known place"


def test_map_shows_events_on_three_continents_over_the_worlds_outlines(event_table):
    import pandas as pd

    rows = event_table.iloc[:3].copy()
    for i, (place, country, lon, lat) in enumerate([("Port Sudan", "Sudan", 37.2, 19.6),
                                                     ("Lahore", "Pakistan", 74.3, 31.5),
                                                     ("Caracas", "Venezuela", -66.9, 10.5)]):
        rows.iloc[i, rows.columns.get_loc("places")] = [place]
        rows.iloc[i, rows.columns.get_loc("country")] = country
        rows.iloc[i, rows.columns.get_loc("longitude")] = lon
        rows.iloc[i, rows.columns.get_loc("latitude")] = lat
    figure = F.map_figure(F.prepare(pd.concat([rows], ignore_index=True)))
    assert figure.layout.xaxis.range[0] <= -66.9 and figure.layout.xaxis.range[1] >= 74.3
    markers = [t for t in figure.data if t.mode == "markers"]
    # (types at one place sit side by side: a nudge of about 1% of the width)
    assert sorted(x for t in markers for x in t.x) == pytest.approx([-66.9, 37.2, 74.3], abs=2.0)
    land = figure.data[0]
    assert land.name == "land" and len(land.x) > 1000  # Africa, Asia and South America drawn
    assert not figure.layout.annotations  # nothing left off the map


def test_a_zoomed_view_draws_the_first_level_regions():
    near = F.map_outlines({"lon": (22.0, 40.0), "lat": (44.0, 53.0)})
    far = F.map_outlines({"lon": (-20.0, 80.0), "lat": (0.0, 60.0)})
    assert near["regions"] and not far["regions"]
    # thinned to the scale: the world view holds fewer points per country than a close one
    ukraine_near = max(len(r) for r in near["land"] if _inside((30.52, 50.45), r))
    ukraine_far = max(len(r) for r in far["land"] if _inside((30.52, 50.45), r))
    assert ukraine_far < ukraine_near


def _circle(lon, lat, radius, points=400):
    import math
    return [[lon + radius * math.cos(2 * math.pi * i / points), lat + radius * math.sin(2 * math.pi * i / points)]
            for i in range(points)] + [[lon + radius, lat]]


def test_outline_rings_are_thinned_to_the_scale_cut_to_the_box_and_left_out_when_unseen():
    from pipeline.views.map import _outline_rings, _Rings

    box = {"lon": (0.0, 10.0), "lat": (0.0, 10.0)}
    inside, crossing, outside, islet = _circle(5, 5, 2), _circle(10, 5, 2), _circle(30, 30, 2), _circle(2, 2, 0.01)
    kept = _outline_rings(_Rings([inside, crossing, outside, islet]), 0.05, box)
    assert len(kept) == 2  # the ring outside the box and the islet smaller than two steps are left out
    whole, cut = kept
    assert 4 <= len(whole) < len(inside)  # thinned, still a ring
    assert cut[:, 0].max() <= 10.0 and cut[:, 0].min() == pytest.approx(8.0, abs=0.05)  # cut at the box's edge
    # a finer scale keeps more of the ring
    assert len(_outline_rings(_Rings([inside]), 0.005, box)[0]) > len(whole)


def test_map_follows_the_filters(table):
    figure = F.map_figure(table, F.Filters(types=("visit",)))
    assert [t.name for t in figure.data[2:] if t.name != "text"][:1] == ["Visits"]


def test_map_labels_leave_out_names_that_would_overlap():
    view = {"lon": (20.0, 42.0), "lat": (43.0, 55.0)}
    labels = {"Kyiv": (30.52, 50.45, 5), "Kharkiv": (36.23, 49.99, 3), "Lozova": (36.32, 48.89, 2),
              "Dnipro": (35.05, 48.46, 1), "Odesa": (30.73, 46.48, 1)}
    assert F.uncluttered_labels(labels, view) == ["Kyiv", "Kharkiv", "Lozova", "Odesa"]
    assert F.uncluttered_labels(labels, view, limit=2) == ["Kyiv", "Kharkiv"]


def _inside(point, ring) -> bool:
    x, y = point
    inside = False
    ring = [tuple(p) for p in ring]
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.mark.parametrize("place, lon, lat, on_land", [
    ("Kyiv", 30.52, 50.45, True), ("Abu Dhabi", 54.5, 24.3, True), ("Khartoum", 32.5, 15.6, True),
    ("Sanaa", 44.2, 15.35, True), ("Caracas", -66.9, 10.5, True),
    ("Black Sea", 34.0, 43.5, False), ("Mediterranean", 18.0, 35.0, False), ("Red Sea", 38.5, 20.0, False),
])
def test_map_outlines_put_land_where_it_is(place, lon, lat, on_land):
    outlines = F.map_outlines({"lon": (lon - 10, lon + 10), "lat": (lat - 6, lat + 6)})
    on = any(_inside((lon, lat), ring) for ring in outlines["land"])
    in_hole = any(_inside((lon, lat), ring) for ring in outlines["holes"])
    assert (on and not in_hole) == on_land, place


def test_map_outlines_show_crimea_within_ukraine():
    from pipeline.views import shapes

    ukraine = shapes.country("Ukraine")
    assert any(_inside((34.1, 44.95), polygon[0]) for polygon in ukraine["polygons"])  # Simferopol



def test_past_the_listed_places_a_hover_box_gives_the_days_its_events_span(table, monkeypatch):
    # Every hover box is sent to the browser: past SETTINGS.map_listed_places markers a box
    # names the place, its count and the days its events span, not the events.
    import dataclasses

    from pipeline.views import map as map_module

    listed = {t.name: list(t.hovertext) for t in F.map_figure(table).data if t.hovertext is not None}
    monkeypatch.setattr(map_module, "SETTINGS", dataclasses.replace(map_module.SETTINGS, map_listed_places=1))
    spans = {t.name: list(t.hovertext) for t in F.map_figure(table).data if t.hovertext is not None}
    frame = table.frame
    talks = frame[(frame["type"] == "talks") & frame["places"].map(lambda p: "Abu Dhabi" in list(p))]
    first, last = talks["date_start"].min(), talks["date_end"].max()
    abu_dhabi = [h for h in spans["Talks"] if h.startswith("<b>Abu Dhabi</b>")][0]
    assert abu_dhabi == (f"<b>Abu Dhabi</b>: 2 talks<br>{first.day} {first:%b %Y} – {last.day} {last:%b %Y}")
    assert sum(map(len, (h for v in spans.values() for h in v))) < sum(map(len, (h for v in listed.values() for h in v)))
