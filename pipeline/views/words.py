"""How the views say things: numbers with their nouns, days, short names for labels.

Every piece of text the views compose goes through here, so "1 missile" and
"2 missiles" are right everywhere (summaries written by extraction are kept as written).
"""
from __future__ import annotations

import csv
import functools
from pathlib import Path

import pandas as pd

from ..lang import language



def plural(noun: str, number: int) -> str:
    """The noun for this many: plural('missile', 1) → 'missile', (…, 2) → 'missiles'."""
    if number == 1:
        return noun
    return language()["numbers"]["plurals"].get(noun, noun + "s")


def count(number: int, noun: str) -> str:
    """'1 missile', '71 missiles', '1,200 drones'."""
    return f"{number:,} {plural(noun, number)}"


def format_day(day) -> str:
    """'Tue 27 Jan 2026'."""
    day = pd.Timestamp(day)
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_day(day, with_year: bool = False) -> str:
    """'3 Feb' (or '3 Feb 2026')."""
    day = pd.Timestamp(day)
    return f"{day.day} {day:%b}" + (f" {day.year}" if with_year else "")


def join_names(names: list[str], separator: str = ", ", limit: int = 3) -> str:
    """The first `limit` names, then '+2' for the rest."""
    shown = separator.join(names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")


@functools.cache
def _short_names() -> dict[str, str]:
    with open(Path(__file__).parent / "data" / "short_names.csv", newline="", encoding="utf-8") as handle:
        return {row["name"]: row["short"] for row in csv.DictReader(handle)}


@functools.cache
def short_name(name: str) -> str:
    """The name as a label says it: 'United States' → 'US', 'Mark Rutte' → 'Rutte'."""
    known = _short_names().get(name)
    if known:
        return known
    from ..gazetteer.actors import actor_named

    actor = actor_named(name)
    if actor is not None and actor.kind == "person" and actor.name == name and " " in name:
        return name.rsplit(" ", 1)[1]
    return name
