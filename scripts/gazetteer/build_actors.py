"""Writes pipeline/gazetteer/data/world_actors.csv from the hand-curated files in
pipeline/gazetteer/data/actors/ (its README.md says what each file holds and why).

    python scripts/gazetteer/build_actors.py           # write world_actors.csv
    python scripts/gazetteer/build_actors.py --check   # exit 1 if it is out of date

States get their organs' written forms by pattern ("Russian forces", "Israel's military")
from their adjectives and `organ_patterns.txt` (the military ones only for states with
armed forces); a generated form that a curated row
holds (the SAF holds "Sudanese army") is left to that row. The build refuses data where
one written form names two actors of the same kind, unless `clashes.csv` lists it with
a reason. With the `gazetteer` extra installed (pycountry) it also checks that every
ISO 3166-1 country is either a state in `countries.csv` or listed in `territories.csv`.
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.gazetteer.actors import KINDS, derived_forms  # noqa: E402

SOURCE = ROOT / "pipeline" / "gazetteer" / "data" / "actors"
TARGET = ROOT / "pipeline" / "gazetteer" / "data" / "world_actors.csv"
COLUMNS = ("name", "kind", "affiliation", "aliases", "adjectives", "seats", "role", "from", "to", "territory")
# ISO 3166-1 has no code for Kosovo; "XKX" is the one the EU and the IMF use.
NON_ISO_STATES = {"XKX"}
_TYPOGRAPHIC = re.compile("[’‘ʼ\u00a0\u2010\u2011]")


class DataError(ValueError):
    pass


@dataclass
class Row:
    name: str
    kind: str
    affiliation: str
    source: str                       # "people.csv:12", for messages
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    role: str = ""
    start: str = ""
    end: str = ""
    territory: list[str] = field(default_factory=list)  # groups: the countries they hold ground in

    def forms(self) -> list[tuple[str, str]]:
        return ([(self.name, "name")] + [(a, "alias") for a in self.aliases]
                + [(a, "adjective") for a in self.adjectives] + [(s, "seat") for s in self.seats])


def read(file: str) -> list[tuple[str, dict]]:
    """(file:line, row) for every row of a source file; a row with too many fields fails."""
    path = SOURCE / file
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = []
        for row in reader:
            where = f"{file}:{reader.line_num}"
            if None in row or any(v is None for v in row.values()):
                raise DataError(f"{where}: wrong number of fields (a comma not quoted?)")
            rows.append((where, {k: v.strip() for k, v in row.items()}))
    return rows


def split(value: str, where: str) -> list[str]:
    if not value:
        return []
    parts = [p.strip() for p in value.split("|")]
    if "" in parts:
        raise DataError(f"{where}: empty written form in {value!r}")
    return parts


def organ_patterns() -> dict[str, list[str]]:
    """Section ("military", "civil") → its patterns."""
    sections: dict[str, list[str]] = {}
    current = None
    for number, line in enumerate((SOURCE / "organ_patterns.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is None:
            raise DataError(f"organ_patterns.txt:{number}: a pattern before any [section]")
        else:
            current.append(line)
    return sections


def country_rows() -> tuple[list[Row], dict[str, list[str]]]:
    """The states, with their curated aliases and bodies, and each state's generated
    organ forms (kept apart until every curated form is known)."""
    bodies: dict[str, list[str]] = defaultdict(list)
    for where, row in read("bodies.csv"):
        bodies[row["state"]].extend(split(row["aliases"], where))
    sections = organ_patterns()
    rows, generated = [], {}
    for where, row in read("countries.csv"):
        name = row["name"]
        if row["military"] not in ("yes", "no"):
            raise DataError(f"{where}: military is yes or no, not {row['military']!r}")
        patterns = sections["civil"] + (sections["military"] if row["military"] == "yes" else [])
        adjectives = split(row["adjectives"], where)
        modifiers = adjectives + split(row["attributive"], where)
        generated[name] = [p.format(adj=m, name=name) for p in patterns if "{adj}" in p for m in modifiers]
        generated[name] += [p.format(name=name) for p in patterns if "{adj}" not in p]
        rows.append(Row(name, "country", name, where,
                        aliases=split(row["aliases"], where) + bodies.pop(name, []),
                        adjectives=adjectives + split(row["people"], where),
                        seats=split(row["seats"], where)))
    if bodies:
        raise DataError(f"bodies.csv: states not in countries.csv: {sorted(bodies)}")
    return rows, generated


def curated_rows() -> list[Row]:
    rows = []
    for where, r in read("groups.csv"):
        rows.append(Row(r["name"], "group", r["affiliation"], where, split(r["aliases"], where),
                        split(r["adjectives"], where), split(r["seats"], where),
                        territory=split(r["territory"], where)))
    for where, r in read("organisations.csv"):
        rows.append(Row(r["name"], "organisation", r["affiliation"], where,
                        split(r["aliases"], where), seats=split(r["seats"], where)))
    for where, r in read("people.csv"):
        rows.append(Row(r["name"], "person", r["affiliation"], where, split(r["aliases"], where),
                        role=r["role"], start=r["from"], end=r["to"]))
    for where, r in read("other.csv"):
        # its note says what it is ("news outlet", "military operation")
        rows.append(Row(r["name"], "other", "", where, split(r["aliases"], where), role=r["note"]))
    return rows


def without_repeats(row: Row) -> None:
    """A written form is listed once per actor, under its first form type."""
    seen = {row.name}
    for column in ("aliases", "adjectives", "seats"):
        kept = []
        for form in getattr(row, column):
            if form not in seen:
                seen.add(form)
                kept.append(form)
        setattr(row, column, kept)


def build() -> list[Row]:
    countries, generated = country_rows()
    others = curated_rows()
    # A generated form is left to the curated row that holds it, in any case when that row
    # is an actor (the SAF holds "Sudanese army", so "Sudanese Army" too), exactly when it
    # is a name that is not one ("Lebanese Forces" the party; "Lebanese forces" stay).
    curated = {form for row in countries + others for form, _ in row.forms()}
    curated_folded = {form.casefold() for row in countries + others if row.kind != "other"
                      for form, _ in row.forms()}
    for row in countries:
        own = {form.casefold() for form, _ in row.forms()}
        row.aliases += [form for form in generated[row.name] if form not in curated
                        and (form.casefold() not in curated_folded or form.casefold() in own)]
    rows = countries + others
    for row in rows:
        without_repeats(row)
    validate(rows)
    return rows


def _check_row(row: Row, names: dict[str, Row]) -> None:
    where = f"{row.source} ({row.name})"
    if row.kind not in KINDS:
        raise DataError(f"{where}: unknown kind {row.kind!r}")
    if row.kind == "other":
        if row.affiliation:
            raise DataError(f"{where}: a name that is not an actor has no affiliation")
    elif row.affiliation not in names or names[row.affiliation].kind == "other":
        raise DataError(f"{where}: affiliation {row.affiliation!r} is not an actor")
    for form, _ in row.forms():
        if _TYPOGRAPHIC.search(form) or form != " ".join(form.split()):
            raise DataError(f"{where}: write {form!r} with plain apostrophes, hyphens and single spaces")
        if not any(c.isupper() or c.isdigit() for c in form):
            raise DataError(f"{where}: {form!r} has no capital letter: an ordinary word, not a name")
    folded = {derived for form, _ in row.forms() for derived in derived_forms(form)}
    for form, kind in row.forms():
        if form in folded and kind != "name" and not form.isupper():
            raise DataError(f"{where}: {form!r} is derived from another of its forms: list it once")
    if row.start or row.end:
        start, end = (int(y) if y else None for y in (row.start, row.end))
        if start is not None and end is not None and start > end:
            raise DataError(f"{where}: role ends before it starts")
        if start is not None and str(start) not in row.role:
            raise DataError(f"{where}: role {row.role!r} does not state its first year {start}")


def clashes(rows: list[Row]) -> dict[str, tuple[str, ...]]:
    """Written forms (derived ones included) that name two actors of the same kind."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for form, _ in row.forms():
            for written in [form] + derived_forms(form):
                holders[(written, row.kind)].add(row.name)
    return {written: tuple(sorted(names)) for (written, _), names in holders.items() if len(names) > 1}


def allowed_clashes() -> dict[str, tuple[str, ...]]:
    allowed = {}
    for where, row in read("clashes.csv"):
        if not row["reason"]:
            raise DataError(f"{where}: a clash is allowed only with a reason")
        allowed[row["form"]] = tuple(sorted(split(row["actors"], where)))
    return allowed


def validate(rows: list[Row]) -> None:
    names: dict[str, Row] = {}
    for row in rows:
        if row.name in names:
            raise DataError(f"{row.source}: {row.name!r} already named at {names[row.name].source}")
        names[row.name] = row
    territories = {r["name"] for _, r in read("territories.csv")}
    for row in rows:
        _check_row(row, names)
        for country in row.territory:
            if country not in territories and names.get(country, row).kind != "country":
                raise DataError(f"{row.source}: territory {country!r} is neither a state nor a territory")
    found, allowed = clashes(rows), allowed_clashes()
    unlisted = {form: actors for form, actors in found.items() if allowed.get(form) != actors}
    if unlisted:
        listing = "\n".join(f"  {form!r}: {' | '.join(actors)}" for form, actors in sorted(unlisted.items()))
        raise DataError(f"written forms naming two actors of one kind (list them in clashes.csv with a reason, or fix):\n{listing}")
    stale = sorted(set(allowed) - set(found))
    if stale:
        raise DataError(f"clashes.csv lists forms that no longer clash: {stale}")


def check_states() -> None:
    """Every ISO 3166-1 country is a state in countries.csv or a territory in territories.csv."""
    try:
        import pycountry
    except ImportError:
        raise SystemExit("pycountry is missing: install the extra with  pip install -e '.[gazetteer]'")
    iso = {c.alpha_3 for c in pycountry.countries}
    states = {r["iso3"] for _, r in read("countries.csv")}
    territories = {r["iso3"] for _, r in read("territories.csv")}
    problems = []
    if unknown := (states | territories) - iso - NON_ISO_STATES:
        problems.append(f"codes not in ISO 3166-1: {sorted(unknown)}")
    if missing := iso - states - territories:
        problems.append(f"ISO countries neither a state nor a territory: {sorted(missing)}")
    if both := states & territories:
        problems.append(f"listed as both a state and a territory: {sorted(both)}")
    if problems:
        raise DataError("; ".join(problems))


def render(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([r.name, r.kind, r.affiliation, "|".join(r.aliases), "|".join(r.adjectives),
                         "|".join(r.seats), r.role, r.start, r.end, "|".join(r.territory)])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if world_actors.csv is out of date")
    args = parser.parse_args(argv)
    try:
        check_states()
        text = render(build())
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run {Path(__file__).relative_to(ROOT)}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {text.count(chr(10)) - 1} actors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
