"""Actors: interim loader over the old actors.csv (replaced by the world gazetteer)."""
from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
_ADJECTIVE_ENDINGS = ("ian", "ians", "ese", "ish", "i", "is", "an", "ans", "ic")


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: str
    affiliation: str
    role: str = ""


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.cache
def _tables():
    by_written: dict[str, list[tuple[Actor, str]]] = {}
    by_name: dict[str, Actor] = {}
    with open(DATA / "actors.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = {"organization": "organisation", "org": "organisation"}.get(row["kind"], row["kind"])
            actor = Actor(row["name"], kind, row["affiliation"] or row["name"])
            by_name.setdefault(actor.name, actor)
            for form in [row["name"], *[a for a in row["aliases"].split("|") if a]]:
                how = "alias"
                if form == row["name"]:
                    how = "name"
                elif kind == "country" and " " not in form and form[0].isupper() and form.endswith(_ADJECTIVE_ENDINGS):
                    how = "adjective"
                variants = {form, _fold(form)}
                if len(form) >= 4:
                    variants |= {v.upper() for v in variants}
                for v in variants:
                    by_written.setdefault(v, []).append((actor, how))
    return by_written, by_name


def candidates(written: str) -> tuple[tuple[Actor, str], ...]:
    return tuple(_tables()[0].get(written, ()))


def actor_named(name: str) -> Actor | None:
    return _tables()[1].get(name)


def affiliation(name: str) -> str:
    actor = actor_named(name)
    return actor.affiliation if actor else ""


def side(name: str) -> str:
    actor = actor_named(name)
    if actor is None:
        return ""
    return actor.name if actor.kind in ("country", "group") else (actor.affiliation or actor.name)


def all_written_forms() -> Iterable[str]:
    return _tables()[0].keys()
