"""The world's actors (pipeline.gazetteer.actors): written forms → actors, affiliations and
sides, and the rules the data keeps. The expected values are written from general
knowledge of how English news names these actors."""
from __future__ import annotations

import csv
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.gazetteer import actors
from pipeline.gazetteer.actors import (
    FORMS, KINDS, actor_named, affiliation, all_actors, all_written_forms, candidates, side,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "pipeline" / "gazetteer" / "data" / "actors"


def _source(file: str) -> list[dict]:
    with (SOURCE / file).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _builder():
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "gazetteer" / "build_actors.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actors"] = module
    spec.loader.exec_module(module)
    return module


def named(written: str) -> set[tuple[str, str]]:
    return {(actor.name, form) for actor, form in candidates(written)}


# ---------------------------------------------------------------------------
# Written form → actor

ALIASES = [
    # people: spellings, transliterations, surnames, former names
    ("Zelenskyy", "Volodymyr Zelensky", "alias"),
    ("Zelenskiy", "Volodymyr Zelensky", "alias"),
    ("Volodymyr Zelensky", "Volodymyr Zelensky", "name"),
    ("Putin", "Vladimir Putin", "alias"),
    ("Sergei Lavrov", "Sergey Lavrov", "alias"),
    ("Netanyahu", "Benjamin Netanyahu", "alias"),
    ("Khamenei", "Ali Khamenei", "alias"),
    ("Ayatollah Ali Khamenei", "Ali Khamenei", "alias"),
    ("Erdoğan", "Recep Tayyip Erdoğan", "alias"),
    ("Erdogan", "Recep Tayyip Erdoğan", "alias"),
    ("Abu Mohammed al-Jolani", "Ahmed al-Sharaa", "alias"),
    ("al-Sharaa", "Ahmed al-Sharaa", "alias"),
    ("Sharaa", "Ahmed al-Sharaa", "alias"),
    ("Hemedti", "Mohamed Hamdan Dagalo", "alias"),
    ("Burhan", "Abdel Fattah al-Burhan", "alias"),
    ("Lukashenka", "Alexander Lukashenko", "alias"),
    ("MBS", "Mohammed bin Salman", "alias"),
    ("Abu Mazen", "Mahmoud Abbas", "alias"),
    ("Nasrallah", "Hassan Nasrallah", "alias"),
    ("Sinwar", "Yahya Sinwar", "alias"),
    ("Asim Munir", "Asim Munir", "name"),
    ("Jaishankar", "Subrahmanyam Jaishankar", "alias"),
    ("Rutte", "Mark Rutte", "alias"),
    ("Guterres", "António Guterres", "alias"),
    # states: names, adjectives, demonyms, seats, organs
    ("Israeli", "Israel", "adjective"),
    ("Israelis", "Israel", "adjective"),
    ("Iranian", "Iran", "adjective"),
    ("Pakistani", "Pakistan", "adjective"),
    ("Sudanese", "Sudan", "adjective"),
    ("Emirati", "United Arab Emirates", "adjective"),
    ("the Kremlin", "Russia", "seat"),
    ("Kremlin", "Russia", "seat"),
    ("Moscow", "Russia", "seat"),
    ("Kiev", "Ukraine", "seat"),
    ("Bankova", "Ukraine", "seat"),
    ("White House", "United States", "seat"),
    ("Downing Street", "United Kingdom", "seat"),
    ("Tehran", "Iran", "seat"),
    ("New Delhi", "India", "seat"),
    ("Delhi", "India", "seat"),
    ("Islamabad", "Pakistan", "seat"),
    ("Doha", "Qatar", "seat"),
    ("Riyadh", "Saudi Arabia", "seat"),
    ("Chisinau", "Moldova", "seat"),
    ("U.S.", "United States", "alias"),
    ("Türkiye", "Turkey", "alias"),
    ("Turkiye", "Turkey", "alias"),
    ("Burma", "Myanmar", "alias"),
    ("Côte d'Ivoire", "Ivory Coast", "alias"),
    ("DR Congo", "Democratic Republic of the Congo", "alias"),
    ("Russian forces", "Russia", "alias"),
    ("Ukrainian Armed Forces", "Ukraine", "alias"),
    ("Israel's military", "Israel", "alias"),
    ("IDF", "Israel", "alias"),
    ("Israel Defense Forces", "Israel", "alias"),
    ("Shin Bet", "Israel", "alias"),
    ("Pentagon", "United States", "alias"),
    ("CENTCOM", "United States", "alias"),
    ("State Department", "United States", "alias"),
    ("SBU", "Ukraine", "alias"),
    ("FSB", "Russia", "alias"),
    ("ISPR", "Pakistan", "alias"),
    ("Pakistan Army", "Pakistan", "alias"),
    ("Indian Air Force", "India", "alias"),
    ("Palestinian Authority", "Palestine", "alias"),
    # groups
    ("Ansar Allah", "Houthis", "alias"),
    ("Houthi", "Houthis", "adjective"),
    ("Sanaa", "Houthis", "seat"),
    ("IRGC", "IRGC", "name"),
    ("Islamic Revolutionary Guard Corps", "IRGC", "alias"),
    ("Quds Force", "Quds Force", "name"),
    ("Rapid Support Forces", "Rapid Support Forces", "name"),
    ("RSF", "Rapid Support Forces", "alias"),
    ("SAF", "Sudanese Armed Forces", "alias"),
    ("Sudanese army", "Sudanese Armed Forces", "alias"),
    ("Tatmadaw", "Tatmadaw", "name"),
    ("Myanmar military", "Tatmadaw", "alias"),
    ("Hizbollah", "Hezbollah", "alias"),
    ("Izz al-Din al-Qassam Brigades", "Qassam Brigades", "alias"),
    ("Islamic Jihad", "Palestinian Islamic Jihad", "alias"),
    ("Hashd al-Shaabi", "Popular Mobilization Forces", "alias"),
    ("Daesh", "Islamic State", "alias"),
    ("ISIL", "Islamic State", "alias"),
    ("HTS", "Hayat Tahrir al-Sham", "alias"),
    ("PKK", "Kurdistan Workers' Party", "alias"),
    ("Pakistani Taliban", "Tehrik-i-Taliban Pakistan", "alias"),
    ("LeT", "Lashkar-e-Taiba", "alias"),
    ("JeM", "Jaish-e-Mohammed", "alias"),
    ("TRF", "The Resistance Front", "alias"),
    ("Wagner", "Wagner Group", "alias"),
    ("March 23 Movement", "M23", "alias"),
    ("Saudi-led coalition", "Saudi-led coalition", "name"),
    # organisations
    ("United Nations Security Council", "United Nations Security Council", "name"),
    ("UN Security Council", "United Nations Security Council", "alias"),
    ("Security Council", "United Nations Security Council", "alias"),
    ("UN nuclear watchdog", "IAEA", "alias"),
    ("EU", "European Union", "alias"),
    ("Brussels", "European Union", "seat"),
    ("UNRWA", "UNRWA", "name"),
    ("Red Cross", "International Committee of the Red Cross", "alias"),
    ("ICJ", "International Court of Justice", "alias"),
    ("Gaza health ministry", "Gaza Health Ministry", "alias"),
    # names that are not actors
    ("Kyiv Independent", "Kyiv Independent", "name"),
    ("Times of Israel", "Times of Israel", "name"),
    ("Al Jazeera", "Al Jazeera", "name"),
    ("Operation Sindoor", "Operation Sindoor", "name"),
    ("Minsk agreements", "Minsk agreements", "name"),
    ("National Security Council", "National Security Council", "name"),
]


@pytest.mark.parametrize("written, name, form", ALIASES)
def test_written_form_names_the_actor(written, name, form):
    assert (name, form) in named(written)


@pytest.mark.parametrize("written, name, form", [
    ("KREMLIN", "Russia", "seat"),
    ("UKRAINIAN FORCES", "Ukraine", "alias"),
    ("IRAN", "Iran", "name"),
    ("ERDOGAN", "Recep Tayyip Erdoğan", "alias"),
    ("ERDOĞAN", "Recep Tayyip Erdoğan", "alias"),
    ("UNICEF", "UNICEF", "name"),           # the name, not the capitals of the alias "Unicef"
    ("Israel’s military", "Israel", "alias"),  # a curly apostrophe
    ("Sana’a", "Houthis", "seat"),
    ("Vladimir\u00a0Putin", "Vladimir Putin", "name"),
])
def test_derived_and_typographic_forms(written, name, form):
    assert named(written) == {(name, form)}


@pytest.mark.parametrize("written", [
    "turkey", "russian forces",               # look-ups are case-sensitive
    "XI", "UN ",                               # capitals only for four letters or more; "UN " is "UN"
    "Sharif", "Kim", "Khan", "Fedorov", "Cooper", "Albanese", "Singh",   # shared surnames
    "Korea", "Red Crescent", "Foreign Office", "National Security Council",
    "ADF", "SNA", "Male", "Victoria", "Congolese army of Brazzaville", "",
])
def test_forms_that_name_no_actor(written):
    """Nothing, or only a name of kind `other` ("National Security Council" holds
    "Security Council" but is no mention of the UN's)."""
    found = {(actor.name, form) for actor, form in candidates(written) if actor.kind != "other"}
    assert found == (named("UN") if written == "UN " else set())


def test_a_form_naming_two_actors_gives_both():
    assert named("IAF") == {("Israel", "alias"), ("India", "alias")}


def test_names_that_are_not_actors_have_kind_other_and_no_side():
    (actor, form), = candidates("Kyiv Independent")
    assert actor.kind == "other" and actor.affiliation == ""
    assert side("Kyiv Independent") == "" and affiliation("Kyiv Independent") == ""


# ---------------------------------------------------------------------------
# Affiliation and side

@pytest.mark.parametrize("name, expected", [
    ("Volodymyr Zelensky", "Ukraine"),
    ("Zelenskyy", "Ukraine"),                  # a written form naming one actor
    ("Mark Rutte", "NATO"),
    ("Russia", "Russia"),
    ("IRGC", "Iran"),
    ("Quds Force", "IRGC"),
    ("Qassam Brigades", "Hamas"),
    ("Hamas", "Hamas"),
    ("UNIFIL", "United Nations"),
    ("IAF", ""),                               # names two actors
    ("Nobody In Particular", ""),
])
def test_affiliation(name, expected):
    assert affiliation(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("IRGC", "Iran"),
    ("Qassem Soleimani", "Iran"),              # Quds Force → IRGC → Iran
    ("Hossein Salami", "Iran"),
    ("Abu Obaida", "Hamas"),                   # Qassam Brigades → Hamas
    ("Ibrahim Aqil", "Hezbollah"),             # Radwan Force → Hezbollah
    ("Houthis", "Houthis"),
    ("Yahya Saree", "Houthis"),
    ("Rapid Support Forces", "Rapid Support Forces"),
    ("Sudanese Armed Forces", "Sudan"),
    ("Tatmadaw", "Myanmar"),
    ("Wagner Group", "Russia"),
    ("Yevgeny Prigozhin", "Russia"),
    ("Taliban", "Afghanistan"),
    ("Tehrik-i-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"),
    ("Gaza Health Ministry", "Hamas"),
    ("Tedros Adhanom Ghebreyesus", "United Nations"),
    ("Rafael Grossi", "IAEA"),
    ("Zelenskyy", "Ukraine"),
    ("Israel", "Israel"),
    ("Nobody In Particular", ""),
])
def test_side(name, expected):
    assert side(name) == expected


def test_actor_named_takes_canonical_names_only():
    putin = actor_named("Vladimir Putin")
    assert putin is not None and putin.kind == "person" and putin.affiliation == "Russia"
    assert putin.role.startswith("President of Russia") and putin.end_year is None
    assert actor_named("Putin") is None
    assert actor_named("Joe Biden").end_year == 2025


# ---------------------------------------------------------------------------
# The data's rules

COUNTRIES = _source("countries.csv")
# States without an adjective of their own, and why.
NO_ADJECTIVE = {
    "Dominica": "'Dominican' is left to the Dominican Republic",
    "Republic of the Congo": "'Congolese' is left to the Democratic Republic of the Congo",
    "Vatican City": "no demonym in use; 'Vatican' is an alias",
}


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c["name"])
def test_every_state_has_a_row_adjective_and_organs(country):
    name = country["name"]
    actor = actor_named(name)
    assert actor is not None and actor.kind == "country" and actor.affiliation == name
    forms = {form for _, form in candidates(name)}
    assert forms == {"name"}
    assert (name, "alias") in named(f"{name}'s government")
    demonyms = [a for a in (country["adjectives"] + "|" + country["people"]).split("|") if a]
    modifiers = [a for a in (country["adjectives"] + "|" + country["attributive"]).split("|") if a]
    if name in NO_ADJECTIVE:
        assert not demonyms
    else:
        assert demonyms, f"{name} has no adjective"
        assert all((name, "adjective") in named(d) for d in demonyms if d != name)
    assert modifiers or name == "Republic of the Congo"
    for modifier in modifiers[:1]:
        assert (name, "alias") in named(f"{modifier} government")
        if country["military"] == "yes":
            assert (name, "alias") in named(f"{modifier} forces")


def test_the_states_are_the_worlds_states():
    assert len(COUNTRIES) == 197             # 193 UN members, Palestine, Vatican City, Kosovo, Taiwan
    codes = [c["iso3"] for c in COUNTRIES]
    assert len(set(codes)) == len(codes)
    for name in ("United States", "Ivory Coast", "Democratic Republic of the Congo", "Republic of the Congo",
                 "Czech Republic", "Eswatini", "Cape Verde", "Vatican City", "Kosovo", "Taiwan", "Palestine"):
        assert actor_named(name).kind == "country"


def test_every_affiliation_is_an_actor():
    for actor in all_actors():
        assert actor.kind in KINDS
        if actor.kind == "other":
            assert actor.affiliation == ""
            continue
        up = actor_named(actor.affiliation)
        assert up is not None and up.kind != "other", actor
        if actor.kind == "person":
            assert up.kind != "person" and actor.role, actor


def test_no_form_names_two_actors_of_one_kind_unless_allowed():
    allowed = {row["form"]: tuple(sorted(row["actors"].split("|"))) for row in _source("clashes.csv")}
    assert all(row["reason"] for row in _source("clashes.csv"))
    found = {}
    for written in all_written_forms():
        by_kind = defaultdict(set)
        for actor, form in candidates(written):
            assert form in FORMS
            by_kind[actor.kind].add(actor.name)
        for names in by_kind.values():
            if len(names) > 1:
                found[written] = tuple(sorted(names))
    assert {w: a for w, a in found.items() if allowed.get(w) != a} == {}
    assert set(allowed) <= set(found), "clashes.csv lists a form that no longer clashes"


def _bare(surname: str) -> str:
    return surname.removeprefix("al-").removeprefix("el-")


def test_shared_surnames_are_documented():
    """A surname two people share is an alias of at most one of them, listed with a reason."""
    documented = {_bare(row["surname"]): row for row in _source("shared_surnames.csv")}
    assert all(row["reason"] for row in documented.values())
    by_last_word = defaultdict(set)
    for person in (a for a in all_actors() if a.kind == "person"):
        by_last_word[_bare(person.name.split()[-1])].add(person.name)
    for written in all_written_forms():
        holders = [a.name for a, form in candidates(written) if a.kind == "person" and form == "alias"]
        if " " in written or not holders or written.isupper():
            continue
        others = by_last_word.get(_bare(written), set()) - set(holders)
        if others:
            assert _bare(written) in documented, f"{written!r}: {holders} and {sorted(others)}"
            assert documented[_bare(written)]["default"] == holders[0]
    for surname, row in documented.items():
        holders = {a.name for form in (surname, f"al-{surname}") for a, kind in candidates(form)
                   if a.kind == "person"}
        assert holders == ({row["default"]} if row["default"] else set()), surname


def test_every_written_form_is_a_name_not_an_ordinary_word():
    for written in all_written_forms():
        assert any(c.isupper() or c.isdigit() for c in written), written


def test_world_actors_csv_is_built_from_its_sources():
    builder = _builder()
    assert builder.render(builder.build()) == actors.WORLD_ACTORS_CSV.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The generator refuses bad data

def _row(builder, name, kind, affiliation, aliases=()):
    return builder.Row(name, kind, affiliation, "test", aliases=list(aliases))


@pytest.mark.parametrize("rows, message", [
    ([("Alpha", "country", "Alpha", ["Alphan army"]), ("Beta", "country", "Beta", ["Alphan army"])],
     "naming two actors"),
    ([("Alpha", "country", "Alpha", ["Aleph"]), ("Beta", "country", "Beta", ["ALEPH"])],
     "naming two actors"),                   # the capitals derived from "Aleph"
    ([("Alpha", "country", "Alpha", []), ("Jo Bloggs", "person", "Gamma", [])], "is not an actor"),
    ([("Alpha", "country", "Alpha", ["the army"])], "no capital letter"),
    ([("Alpha", "country", "Alpha", ["Alpha’s army"])], "plain apostrophes"),
    ([("Alpha", "country", "Alpha", []), ("Alpha", "group", "Alpha", [])], "already named"),
    ([("Alpha", "state", "Alpha", [])], "unknown kind"),
    ([("Alpha", "country", "Alpha", ["Alfá", "Alfa"])], "list it once"),   # "Alfa" is derived from "Alfá"
])
def test_generator_refuses(rows, message):
    builder = _builder()
    with pytest.raises(builder.DataError, match=message):
        builder.validate([_row(builder, *r) for r in rows])


def test_generated_organ_forms_yield_to_curated_rows():
    sudan = named("Sudanese Military")
    assert ("Sudanese Armed Forces", "alias") not in sudan and ("Sudan", "alias") not in sudan
    assert named("Sudanese military") == {("Sudanese Armed Forces", "alias")}
    assert named("Lebanese forces") == {("Lebanon", "alias")}
    assert named("Lebanese Forces") == {("Lebanese Forces", "name")}   # the party


@pytest.mark.parametrize("country, group", [
    ("Yemen", "Houthis"), ("Lebanon", "Hezbollah"), ("Palestine", "Hamas"), ("Sudan", "Rapid Support Forces"),
    ("Somalia", "al-Shabaab"),
])
def test_groups_holding_ground_in_a_country(country, group):
    assert group in actors.holding(country)


def test_groups_of_a_state_hold_no_ground_of_their_own():
    # the IRGC and the Sudanese Armed Forces fight for their states, not as holders
    assert "IRGC" not in actors.holding("Iran") and "Sudanese Armed Forces" not in actors.holding("Sudan")
    assert actors.holding("Ukraine") == ()
