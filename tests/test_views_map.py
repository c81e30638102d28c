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


def test_map_groups_events_by_place_and_type_in_the_registry_colours(table):
    figure = F.map_figure(table)
    by_name = {trace.name: trace for trace in figure.data}
    assert [t.name for t in figure.data[:3]] == ["land", "lakes", "borders"]
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
    assert notes == "Not shown: 1 event with no known place; 1 event outside the map area"


def test_map_follows_the_filters(table):
    figure = F.map_figure(table, F.Filters(types=("visit",)))
    assert [t.name for t in figure.data[3:] if t.name != "text"][:1] == ["Visits"]


def test_map_labels_leave_out_names_that_would_overlap():
    view = {"lon": (20.0, 42.0), "lat": (43.0, 55.0)}
    labels = {"Kyiv": (30.52, 50.45, 5), "Kharkiv": (36.23, 49.99, 3), "Lozova": (36.32, 48.89, 2),
              "Dnipro": (35.05, 48.46, 1), "Odesa": (30.73, 46.48, 1)}
    assert F.uncluttered_labels(labels, view) == ["Kyiv", "Kharkiv", "Lozova", "Odesa"]
    assert F.uncluttered_labels(labels, view, limit=2) == ["Kyiv", "Kharkiv"]


def _inside(point, ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.mark.parametrize("place, lon, lat, on_land", [
    ("Kyiv", 30.52, 50.45, True), ("Abu Dhabi", 54.5, 24.3, True), ("Brussels", 4.35, 50.85, True),
    ("Black Sea", 34.0, 43.5, False), ("Mediterranean", 18.0, 35.0, False), ("Caspian Sea", 50.5, 42.0, False),
])
def test_map_outlines_put_land_where_it_is(place, lon, lat, on_land):
    outlines = F.map_outlines()
    on = any(_inside((lon, lat), ring) for ring in outlines["land"])
    in_hole = any(_inside((lon, lat), ring) for ring in outlines["holes"])
    assert (on and not in_hole) == on_land, place


def test_map_outlines_show_crimea_within_ukraine():
    for line in F.map_outlines()["borders"]:
        assert not any(33.3 <= lon <= 35.2 and 45.6 <= lat <= 46.3 for lon, lat in line)
