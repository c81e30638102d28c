"""The world map's shipped shapes: complete, named as the gazetteer names places, small."""
from __future__ import annotations

import csv

import pytest

from pipeline.gazetteer import places
from pipeline.views import shapes

MAX_TOTAL_BYTES = 10_000_000
# Territories Natural Earth's 1:10m admin-1 layer does not draw (or draws under another
# country); the gazetteer still has them, with coordinates.
NOT_DRAWN = {"Bouvet Island", "Caribbean Netherlands", "Gibraltar", "Tokelau",
             "Svalbard and Jan Mayen", "United States Minor Outlying Islands",
             "French Guiana", "Guadeloupe", "Martinique", "Mayotte", "Réunion",
             "Saint Martin", "Saint Barthélemy"}


@pytest.fixture(scope="module")
def place_rows() -> list[dict]:
    with places.PLACES_TSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_gazetteer_country_has_an_outline(place_rows):
    drawn = {c["name"] for c in shapes.countries()}
    named = {r["name"] for r in place_rows if r["kind"] == "country"}
    assert drawn <= named
    assert named - drawn <= NOT_DRAWN
    assert len(drawn) >= 235


@pytest.mark.parametrize("name, iso2, inside", [
    ("Ukraine", "UA", (30.52, 50.45)),        # Kyiv
    ("Ukraine", "UA", (34.10, 44.95)),        # Simferopol: Crimea is drawn within Ukraine
    ("Palestine", "PS", (34.47, 31.50)),      # Gaza City
    ("Sudan", "SD", (32.53, 15.55)),
    ("United States", "US", (-77.04, 38.90)),
    ("Russia", "RU", (37.62, 55.75)),
])
def test_country_outline(name, iso2, inside):
    outline = shapes.country(name)
    assert outline is not None and outline["iso2"] == iso2
    assert contains(outline["polygons"], inside)
    west, south, east, north = outline["bbox"]
    assert west <= inside[0] <= east and south <= inside[1] <= north


@pytest.mark.parametrize("point, country, elsewhere", [
    ((34.10, 44.95), "Ukraine", "Russia"),   # Crimea (UN General Assembly resolution 68/262)
    ((35.75, 33.00), "Syria", "Israel"),     # the Golan Heights (UN Security Council resolution 497)
    ((35.50, 32.90), "Israel", "Syria"),     # Galilee, west of the 1923 line
])
def test_borders_follow_international_law(point, country, elsewhere):
    assert contains(shapes.country(country)["polygons"], point)
    assert not contains(shapes.country(elsewhere)["polygons"], point)


@pytest.mark.parametrize("country", ["Ukraine", "Sudan", "Pakistan", "Yemen", "Syria", "Israel",
                                     "Lebanon", "Iran", "Iraq", "Myanmar", "India", "Russia"])
def test_admin1_names_are_the_gazetteer_regions(country, place_rows):
    regions = shapes.admin1(country)
    names = [r["name"] for r in regions]
    gazetteer = {r["name"] for r in place_rows
                 if r["kind"] == "region" and r["country"] == country and r["id"].startswith("ne:")}
    assert names == sorted(names) and len(set(names)) == len(names)
    assert set(names) == gazetteer


@pytest.mark.parametrize("country, region, inside", [
    ("Ukraine", "Kharkiv Oblast", (36.25, 49.98)),
    ("Ukraine", "Autonomous Republic of Crimea", (34.10, 44.95)),
    ("Sudan", "North Darfur", (25.35, 13.63)),   # El Fasher
    ("Pakistan", "Khyber Pakhtunkhwa", (71.58, 34.01)),  # Peshawar
    ("Yemen", "Hodeidah Governorate", (42.95, 14.80)),
    ("Syria", "Idlib Governorate", (36.63, 35.93)),
])
def test_region_outline_holds_its_capital(country, region, inside):
    shape = next(r for r in shapes.admin1(country) if r["name"] == region)
    assert contains(shape["polygons"], inside)


def test_unknown_country_has_no_regions():
    assert shapes.admin1("Atlantis") == []
    assert shapes.country("Atlantis") is None


def test_rings_are_closed_and_well_formed():
    for outline in shapes.countries():
        for polygon in outline["polygons"]:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], outline["name"]
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)


def test_shapes_are_small():
    files = [shapes.COUNTRIES_JSON, *shapes.ADMIN1_DIR.glob("*.json")]
    assert sum(f.stat().st_size for f in files) < MAX_TOTAL_BYTES


def contains(polygons: list, point: tuple[float, float]) -> bool:
    """Even-odd ray casting over every ring: holes subtract themselves."""
    x, y = point
    inside = False
    for polygon in polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside
