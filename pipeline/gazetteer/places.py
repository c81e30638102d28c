"""Places: interim loader over the old places.csv (replaced by the world gazetteer)."""
from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class PlaceContext:
    countries: dict[str, int] = field(default_factory=dict)
    nearby: frozenset[str] = frozenset()


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.cache
def _tables():
    by_written: dict[str, list[Place]] = {}
    by_name: dict[str, Place] = {}
    with open(DATA / "places.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            place = Place(row["name"], row["name"], row["kind"], row["country"], row["region"],
                          float(row["latitude"] or 0), float(row["longitude"] or 0),
                          {"country": 10**8, "region": 10**6}.get(row["kind"], 10**4))
            by_name.setdefault(place.name, place)
            forms = [row["name"], *[a for a in row["aliases"].split("|") if a]]
            if place.kind == "region" and place.name.endswith(" Oblast"):
                stem = place.name[:-6]
                forms += [stem + " region", stem + " Region", stem + " oblast"]
            for form in forms:
                variants = {form, _fold(form)}
                if len(form) >= 4:
                    variants |= {v.upper() for v in variants}
                for v in variants:
                    by_written.setdefault(v, []).append(place)
    for key, places in by_written.items():
        places.sort(key=lambda p: -p.population)
    return by_written, by_name


def candidates(written: str) -> tuple[Place, ...]:
    return tuple(_tables()[0].get(written, ()))


def is_word(written: str) -> bool:
    return False


def place_named(name: str) -> Place | None:
    return _tables()[1].get(name)


def country_place(country: str) -> Place | None:
    place = place_named(country)
    return place if place and place.kind == "country" else None


def all_written_forms() -> Iterable[str]:
    return _tables()[0].keys()


def choose(options: Sequence[Place], context: PlaceContext) -> Place:
    def key(p: Place):
        return (p.admin1 in context.nearby or p.country in context.nearby,
                context.countries.get(p.country, 0), p.population)
    return max(options, key=key)
