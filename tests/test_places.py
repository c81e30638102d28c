"""The world's places: written forms, namesakes, coverage, and the shipped files' shape."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from pipeline.gazetteer import places
from pipeline.gazetteer.places import Place, PlaceContext, candidates, choose

DATA = places.DATA_DIR
MAX_BYTES = 20_000_000


def rows() -> list[dict]:
    with places.PLACES_TSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def table() -> list[dict]:
    return rows()


def top(written: str) -> Place:
    found = candidates(written)
    assert found, f"no place is written {written!r}"
    return found[0]


# ---------------------------------------------------------------------------
# Written forms

@pytest.mark.parametrize("written, name, kind, country", [
    # a region whose name holds its type word, by its stem and "region"
    ("Krasnodar region", "Krasnodar Krai", "region", "Russia"),
    ("Stavropol krai", "Stavropol Krai", "region", "Russia"),
    ("Kyiv", "Kyiv", "city", "Ukraine"),
    ("Kiev", "Kyiv", "city", "Ukraine"),
    ("Kharkov", "Kharkiv", "city", "Ukraine"),
    ("Odessa", "Odesa", "city", "Ukraine"),
    ("Nikolaev", "Mykolaiv", "city", "Ukraine"),
    ("Zaporozhye", "Zaporizhzhia", "city", "Ukraine"),
    ("Zaporizhzhya", "Zaporizhzhia", "city", "Ukraine"),
    ("Dnepr", "Dnipro", "city", "Ukraine"),
    ("Kupiansk", "Kupiansk", "city", "Ukraine"),
    ("Kharkiv region", "Kharkiv Oblast", "region", "Ukraine"),
    ("Kharkiv oblast", "Kharkiv Oblast", "region", "Ukraine"),
    ("Kharkiv Oblast", "Kharkiv Oblast", "region", "Ukraine"),
    ("Odesa region", "Odesa Oblast", "region", "Ukraine"),
    ("Belgorod region", "Belgorod Oblast", "region", "Russia"),
    ("Sanaa", "Sanaa", "city", "Yemen"),
    ("Sana'a", "Sanaa", "city", "Yemen"),
    ("Hodeida", "Hodeidah", "city", "Yemen"),
    ("Al Hudaydah", "Hodeidah", "city", "Yemen"),
    ("Gaza City", "Gaza City", "city", "Palestine"),
    ("Khan Yunis", "Khan Younis", "city", "Palestine"),
    ("Khartoum", "Khartoum", "city", "Sudan"),
    ("Omdurman", "Omdurman", "city", "Sudan"),
    ("Port Sudan", "Port Sudan", "city", "Sudan"),
    ("El Fasher", "El Fasher", "city", "Sudan"),
    ("Al-Fashir", "El Fasher", "city", "Sudan"),
    ("North Darfur", "North Darfur", "region", "Sudan"),
    ("North Darfur state", "North Darfur", "region", "Sudan"),
    ("Khartoum state", "Khartoum State", "region", "Sudan"),
    ("Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa", "region", "Pakistan"),
    ("Khyber Pakhtunkhwa province", "Khyber Pakhtunkhwa", "region", "Pakistan"),
    ("Punjab province", "Punjab", "region", "Pakistan"),
    ("Idlib province", "Idlib Governorate", "region", "Syria"),
    ("Idlib governorate", "Idlib Governorate", "region", "Syria"),
    ("Idlib", "Idlib", "city", "Syria"),
    ("Gaza", "Gaza Strip", "region", "Palestine"),
    ("West Bank", "West Bank", "region", "Palestine"),
    ("Crimea", "Crimea", "region", "Ukraine"),
    ("Donbas", "Donbas", "region", "Ukraine"),
    ("Darfur", "Darfur", "region", "Sudan"),
    ("Golan Heights", "Golan Heights", "region", "Syria"),
    ("South Lebanon", "South Lebanon", "region", "Lebanon"),
    ("eastern Ukraine", "eastern Ukraine", "region", "Ukraine"),
    ("northern Israel", "northern Israel", "region", "Israel"),
    ("southern Lebanon", "southern Lebanon", "region", "Lebanon"),
    ("Red Sea", "Red Sea", "region", ""),
    ("Strait of Hormuz", "Strait of Hormuz", "region", ""),
    ("Bab al-Mandab", "Bab el-Mandeb", "region", ""),
    ("Kerch Strait", "Kerch Strait", "region", ""),
    ("Sea of Azov", "Sea of Azov", "region", ""),
    ("Fordow", "Fordow", "city", "Iran"),
    ("Zaporizhzhia nuclear power plant", "Zaporizhzhia Nuclear Power Plant", "city", "Ukraine"),
    ("US", "United States", "country", "United States"),
    ("U.S.", "United States", "country", "United States"),
    ("America", "United States", "country", "United States"),
    ("Britain", "United Kingdom", "country", "United Kingdom"),
    ("Burma", "Myanmar", "country", "Myanmar"),
    ("Czechia", "Czech Republic", "country", "Czech Republic"),
    ("Türkiye", "Turkey", "country", "Turkey"),
    ("Côte d'Ivoire", "Ivory Coast", "country", "Ivory Coast"),
    ("DRC", "Democratic Republic of the Congo", "country", "Democratic Republic of the Congo"),
    ("Palestinian territories", "Palestine", "country", "Palestine"),
])
def test_written_form_names_place(written, name, kind, country):
    place = top(written)
    assert (place.name, place.kind, place.country) == (name, kind, country)


@pytest.mark.parametrize("written, name", [
    ("KYIV", "Kyiv"),                   # dateline capitals of a name of 4+ letters
    ("KHARKIV", "Kharkiv"),
    ("ZAPOROZHYE", "Zaporizhzhia"),
    ("Zahle", "Zahle"),
    ("Zahlé", "Zahle"),                 # the source's spelling with diacritics
    ("Ile-de-France", "Île-de-France"), # diacritic-free form of a canonical name
    ("ILE-DE-FRANCE", "Île-de-France"),
])
def test_capitals_and_diacritic_free_forms(written, name):
    assert name in [p.name for p in candidates(written)]


@pytest.mark.parametrize("written", [
    "kyiv",         # matching is case-sensitive
    "Ko", "IEV",    # GeoNames' codes and fragments are no written forms
    "BAR",          # capitals of a name shorter than four letters
    "Kyiv Kyiv", "", "Nowhereville",
])
def test_not_a_written_form(written):
    assert candidates(written) == ()


def test_region_needs_its_type_word_where_a_town_has_the_name():
    assert [p.kind for p in candidates("Kharkiv")] == ["city"]
    assert [p.kind for p in candidates("Kharkiv region")] == ["region"]


@pytest.mark.parametrize("written, expected", [
    ("Nice", True), ("Split", True), ("Mobile", True), ("Reading", True),
    ("Victoria", True), ("Florence", True),
    ("Berlin", False), ("Kyiv", False), ("Gaza", False), ("Kharkiv region", False),
    ("Nowhereville", False),
])
def test_is_word(written, expected):
    assert places.is_word(written) is expected


def test_word_aliases_are_aliases_of_their_row(table):
    for row in table:
        if row["word"] == "1":
            forms = {row["name"], *row["aliases"].split("|")}
            assert set(row["word_aliases"].split("|")) <= forms, row["id"]
        else:
            assert row["word"] == "0" and row["word_aliases"] == "", row["id"]


# ---------------------------------------------------------------------------
# Namesakes

def chosen(written: str, **context) -> Place:
    return choose(candidates(written), PlaceContext(**context))


@pytest.mark.parametrize("written, context, country, kind", [
    ("Tripoli", {}, "Libya", "city"),
    ("Tripoli", {"countries": {"Lebanon": 3, "Israel": 1}}, "Lebanon", "city"),
    ("Hyderabad", {}, "India", "city"),
    ("Hyderabad", {"countries": {"Pakistan": 2}}, "Pakistan", "city"),
    ("Hyderabad", {"nearby": frozenset({"Sindh"})}, "Pakistan", "city"),
    ("Paris", {}, "France", "city"),
    # a text about the United States still means the capital, twenty times larger than the
    # Texan town; naming Texas beside it means the town
    ("Paris", {"countries": {"United States": 4}}, "France", "city"),
    ("Paris", {"nearby": frozenset({"Texas"})}, "United States", "city"),
    ("Damascus", {"nearby": frozenset({"United States"})}, "Syria", "city"),
    ("Georgia", {}, "Georgia", "country"),
    ("Georgia", {"nearby": frozenset({"United States"})}, "United States", "region"),
    ("Punjab", {}, "Pakistan", "region"),
    ("Punjab", {"countries": {"India": 5, "Pakistan": 1}}, "India", "region"),
    ("Donetsk", {}, "Ukraine", "city"),
    ("Donetsk", {"nearby": frozenset({"Rostov Oblast"})}, "Russia", "city"),
    ("Victoria", {"countries": {"Canada": 1}}, "Canada", "city"),
])
def test_choose(written, context, country, kind):
    place = chosen(written, **context)
    assert (place.country, place.kind) == (country, kind)


def test_choose_prefers_a_nearby_region_over_the_text_country():
    place = chosen("Donetsk", countries={"Ukraine": 9}, nearby=frozenset({"Rostov Oblast"}))
    assert (place.country, place.admin1) == ("Russia", "Rostov Oblast")


def test_choose_needs_a_candidate():
    with pytest.raises(ValueError):
        choose((), PlaceContext())


def test_candidates_come_in_rank_order():
    for written in ("Paris", "Victoria", "Georgia", "Gaza", "Tripoli", "Alexandria"):
        ranks = [(places.KINDS.index(p.kind), -p.population) for p in candidates(written)]
        assert ranks == sorted(ranks), written


# ---------------------------------------------------------------------------
# Coverage

NEWS_COUNTRY_NAMES = [
    "United States", "United Kingdom", "Russia", "Ukraine", "Iran", "Syria", "Israel",
    "Palestine", "Lebanon", "Yemen", "Sudan", "South Sudan", "India", "Pakistan",
    "South Korea", "North Korea", "Turkey", "Czech Republic", "Democratic Republic of the Congo",
    "Republic of the Congo", "Ivory Coast", "Myanmar", "Vietnam", "Laos", "Bolivia",
    "Venezuela", "Tanzania", "Moldova", "North Macedonia", "Kosovo", "Taiwan", "Vatican City",
    "Eswatini", "Cape Verde",
]


@pytest.mark.parametrize("name", NEWS_COUNTRY_NAMES)
def test_country_canonical_names(name):
    place = places.country_place(name)
    assert place is not None and place.kind == "country" and place.country == name


def test_every_country_has_coordinates_and_codes(table):
    countries = [r for r in table if r["kind"] == "country"]
    assert len(countries) >= 250
    assert len({r["iso2"] for r in countries}) == len(countries)
    for row in countries:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0), row["name"]
        assert len(row["iso2"]) == 2 and len(row["iso3"]) == 3, row["name"]
        assert row["country"] == row["name"]


def test_places_name_known_countries(table):
    countries = {r["name"] for r in table if r["kind"] == "country"}
    assert {r["country"] for r in table} - countries == {""}


FIRST_LEVEL = {
    "Ukraine": [
        "Cherkasy Oblast", "Chernihiv Oblast", "Chernivtsi Oblast", "Dnipropetrovsk Oblast",
        "Donetsk Oblast", "Ivano-Frankivsk Oblast", "Kharkiv Oblast", "Kherson Oblast",
        "Khmelnytskyi Oblast", "Kirovohrad Oblast", "Kyiv Oblast", "Luhansk Oblast",
        "Lviv Oblast", "Mykolaiv Oblast", "Odesa Oblast", "Poltava Oblast", "Rivne Oblast",
        "Sumy Oblast", "Ternopil Oblast", "Vinnytsia Oblast", "Volyn Oblast",
        "Zakarpattia Oblast", "Zaporizhzhia Oblast", "Zhytomyr Oblast",
        "Autonomous Republic of Crimea", "Kyiv City", "Sevastopol City",
    ],
    "Sudan": [
        "Khartoum State", "North Darfur", "South Darfur", "West Darfur", "East Darfur",
        "Central Darfur", "North Kordofan", "South Kordofan", "Blue Nile", "White Nile",
        "Sennar State", "Al Jazirah State", "Gedaref State", "Kassala State", "Red Sea State",
        "River Nile", "Northern State",
    ],
    "Pakistan": [
        "Punjab", "Sindh", "Khyber Pakhtunkhwa", "Balochistan", "Islamabad Capital Territory",
        "Gilgit-Baltistan", "Azad Kashmir",
    ],
    "Syria": [
        "Aleppo Governorate", "Damascus Governorate", "Rif Dimashq Governorate",
        "Homs Governorate", "Hama Governorate", "Idlib Governorate", "Latakia Governorate",
        "Tartus Governorate", "Raqqa Governorate", "Deir ez-Zor Governorate",
        "Al-Hasakah Governorate", "Daraa Governorate", "As-Suwayda Governorate",
        "Quneitra Governorate",
    ],
    "Yemen": [
        "Amanat al-Asimah", "Sanaa Governorate", "Aden Governorate", "Taiz Governorate",
        "Hodeidah Governorate", "Marib Governorate", "Saada Governorate", "Hadhramaut Governorate",
        "Al Mahrah Governorate", "Shabwah Governorate", "Abyan Governorate", "Lahij Governorate",
        "Ibb Governorate", "Dhamar Governorate", "Hajjah Governorate", "Amran Governorate",
        "Al Jawf Governorate", "Al Bayda Governorate", "Al Dhale Governorate",
        "Al Mahwit Governorate", "Raymah Governorate",
    ],
    "Israel": ["Northern District", "Haifa District", "Central District", "Tel Aviv District",
               "Jerusalem District", "Southern District"],
    "Palestine": ["Gaza Strip", "West Bank"],
}


@pytest.mark.parametrize("country", sorted(FIRST_LEVEL))
def test_first_level_regions(country):
    for name in FIRST_LEVEL[country]:
        place = places.place_named(name)
        assert place is not None, name
        assert (place.kind, place.country) == ("region", country), name


@pytest.mark.parametrize("city, admin1", [
    ("Kharkiv", "Kharkiv Oblast"), ("Lozova", "Kharkiv Oblast"), ("Simferopol",
    "Autonomous Republic of Crimea"), ("Nyala", "South Darfur"), ("Peshawar", "Khyber Pakhtunkhwa"),
    ("Aden", "Aden Governorate"), ("Rafah", "Gaza Strip"), ("Jenin", "West Bank"),
    ("Majdal Shams", "Quneitra Governorate"),   # the Golan: Syria's, though GeoNames files it under Israel
])
def test_cities_carry_their_region(city, admin1):
    assert top(city).admin1 == admin1


# ---------------------------------------------------------------------------
# The shipped files

def test_data_files_are_small():
    for path in (places.PLACES_TSV, places.INDEX_TSV):
        assert path.stat().st_size < MAX_BYTES, path


def test_index_lists_exactly_the_written_forms(table):
    data = places.PLACES_TSV.read_bytes()
    starts, position = [], 0
    for line in data.split(b"\n")[:-1]:
        position += len(line) + 1
        starts.append(position)
    expected: dict[str, list[int]] = {}
    for start, row in zip(starts, table):
        assert data.startswith(f"{row['id']}\t{row['name']}\t".encode(), start)
        for form in dict.fromkeys([row["name"], *filter(None, row["aliases"].split("|"))]):
            expected.setdefault(form, []).append(start)
    lines = places.INDEX_TSV.read_text(encoding="utf-8").splitlines()
    found = {form: [int(n) for n in rows.split(",")] for form, rows in
             (line.split("\t") for line in lines)}
    assert found == expected
    keys = [places.fold(line.split("\t")[0]) for line in lines]
    assert keys == sorted(keys)
    assert sorted(places.all_written_forms()) == sorted(expected)


def test_rows_are_in_rank_order(table):
    ranks = [(places.KINDS.index(r["kind"]), -int(r["population"])) for r in table]
    assert ranks == sorted(ranks)
    assert Counter(r["id"] for r in table).most_common(1)[0][1] == 1


def test_no_written_form_is_all_capitals_of_another_or_a_plain_copy(table):
    for row in table:
        forms = [row["name"], *filter(None, row["aliases"].split("|"))]
        plain = {places.strip_diacritics(f) for f in forms if places.strip_diacritics(f) != f}
        assert not (plain & set(forms) - {row["name"]}), row["id"]


EXTRA_COLUMNS = ["id", "name", "kind", "country", "admin1", "latitude", "longitude",
                 "population", "aliases"]


def test_curated_places_are_valid(table):
    countries = {r["name"] for r in table if r["kind"] == "country"}
    regions = {r["name"] for r in table if r["kind"] == "region"}
    shipped = {r["id"]: r for r in table}
    with (DATA / "places_extra.tsv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == EXTRA_COLUMNS
        extra = list(reader)
    assert len(extra) >= 50
    assert len({r["id"] for r in extra}) == len(extra)
    for row in extra:
        assert row["kind"] in ("region", "city"), row["id"]
        assert row["country"] == "" or row["country"] in countries, row["id"]
        assert row["admin1"] == "" or row["admin1"] in regions, row["id"]
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert row["name"] and "\t" not in row["aliases"], row["id"]
        assert int(row["population"]) >= 0
        assert shipped[row["id"]]["name"] == row["name"]


@pytest.mark.parametrize("sentence, names", [
    # a facility's generic word after its name, in lower case
    ("Houthi forces fired a missile at Ben Gurion airport.", ["Houthi", "Ben Gurion airport"]),
    # a small town's name as the first word of a two-word name the gazetteers lack
    ("Houthi forces fired a missile at Ben Gurion on Sunday.", ["Houthi"]),
    # an office after a town's name makes no longer name
    ("Bucha Mayor Anatoliy Fedoruk said drones hit the town.", ["Bucha"]),
])
def test_a_name_is_read_whole_or_not_at_all(sentence, names):
    from pipeline.annotate import annotate
    found = annotate(sentence, 0, len(sentence)).by_label.get("name", ())
    assert [span.value for span in found if span.value != "Sunday"] == names
