"""Places and actors: data files under pipeline/data/, compiled once into matchers.

`places.csv` holds one row per place (city, region, country) with its coordinates, the
first-level region a city lies in, whether it is that region's administrative centre,
and its aliases (other spellings and transliterations). `actors.csv` holds countries
(with demonyms, adjectives and seats of government as aliases), organisations and
people (with their affiliation), plus names of kind `other` — media outlets, treaties,
companies — that contain a place or actor name but are not a mention of it.

Each gazetteer is compiled into one regular expression shaped as a character trie, so
that at every position the engine follows only the branch of the next character and the
longest alias wins. Matching is case-sensitive on the written form ("Turkey" the
country, never "turkey"), bounded by non-word characters (possessives "Ukraine's",
compounds "U.S.-brokered" and "Russia-Ukraine" still match), and tolerant of curly
apostrophes, non-breaking spaces and line breaks inside a name.

Aliases are widened mechanically, never by hand: the trailing generic word of a name is
accepted in either case ("Kharkiv oblast" / "Kharkiv Oblast"), diacritics may be dropped
("Erdogan", "Chisinau"), and names of four letters or more also match in capitals
("KYIV, Ukraine (AP)").

On top of the plain matches, three rules of English news language about regions:
  * a coordinated list with a plural head names regions: "the Dnipro and Vinnytsia
    regions" are two oblasts, not a city and an oblast;
  * "Kharkiv and the region" (or "its region", "the surrounding region") adds the oblast
    whose administrative centre the city is, and so does "Kharkiv regional governor";
  * a compass adjective coordinated with a macro-region ("eastern and southern Ukraine")
    names a macro-region of its own.
"""
from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterator

from ..model import PlaceRef

DATA_DIR = Path(__file__).parent / "data"
PLACES_CSV = DATA_DIR / "places.csv"
ACTORS_CSV = DATA_DIR / "actors.csv"


@dataclass(frozen=True)
class PlaceMatch:
    start: int
    end: int
    text: str
    place: PlaceRef


@dataclass(frozen=True)
class ActorMatch:
    start: int
    end: int
    text: str
    name: str          # canonical: "Russia", "Volodymyr Zelensky", "NATO"
    kind: str          # "country" | "organisation" | "person"
    affiliation: str   # country/organisation a person belongs to ("Mark Rutte" -> "NATO"); a country's own name


@dataclass(frozen=True)
class Place:
    """One row of places.csv."""

    ref: PlaceRef
    region: str         # first-level region a city lies in ("Kharkiv Oblast"); "" if none
    admin_centre: bool  # the city is its region's administrative centre
    aliases: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.ref.name


@dataclass(frozen=True)
class Actor:
    """One row of actors.csv."""

    name: str
    kind: str           # country | organisation | person | other (never reported)
    affiliation: str
    aliases: tuple[str, ...]


# ---------------------------------------------------------------------------
# Loading the data files

def _split_aliases(field: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in field.split("|") if a.strip())


def _coordinate(field: str) -> float | None:
    return float(field) if field.strip() else None


@cache
def load_places() -> tuple[Place, ...]:
    with PLACES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            Place(
                ref=PlaceRef(
                    name=row["name"],
                    kind=row["kind"],  # type: ignore[arg-type]
                    country=row["country"],
                    latitude=_coordinate(row["latitude"]),
                    longitude=_coordinate(row["longitude"]),
                ),
                region=row["region"],
                admin_centre=row["admin_centre"].strip().lower() == "yes",
                aliases=_split_aliases(row["aliases"]),
            )
            for row in csv.DictReader(f)
        )


@cache
def load_actors() -> tuple[Actor, ...]:
    with ACTORS_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            Actor(name=row["name"], kind=row["kind"], affiliation=row["affiliation"],
                  aliases=_split_aliases(row["aliases"]))
            for row in csv.DictReader(f)
        )


# ---------------------------------------------------------------------------
# Alias normalisation and widening

_APOSTROPHES = "'’‘ʼ`"
_HYPHENS = "-‐‑"
# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                                 "ß": "ss", "æ": "ae", "Æ": "Ae", "ı": "i"})
# Words that may close a name in either case: "Kharkiv oblast" / "Kharkiv Oblast".
_GENERIC_TAIL = frozenset({
    "region", "oblast", "province", "krai", "territory", "republic", "peninsula", "exclave",
    "nuclear", "power", "plant", "hydroelectric", "npp", "dam", "station", "river", "sea",
    "strait", "bridge", "air", "base", "airbase", "city", "ocean", "states", "countries",
    "gap", "corridor", "fleet", "brigade", "regiment", "format", "group", "administration",
    "government", "authorities", "armed", "forces", "force", "troops", "army", "military",
    "ministry", "staff", "general", "allies", "commission", "council",
})


_PLAIN_PUNCTUATION = str.maketrans({**{c: "'" for c in _APOSTROPHES}, **{c: "-" for c in _HYPHENS}})


def normalise(text: str) -> str:
    """The key a written name is looked up by: one plain space between words, straight
    apostrophes, ASCII hyphens."""
    return " ".join(text.translate(_PLAIN_PUNCTUATION).split())


def fold_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tail_case_variants(alias: str) -> set[str]:
    words = alias.split(" ")
    i = len(words)
    while i > 1 and words[i - 1].lower() in _GENERIC_TAIL:
        i -= 1
    if i == len(words):
        return set()
    head, tail = words[:i], words[i:]
    return {" ".join(head + [w.lower() for w in tail]),
            " ".join(head + [w[:1].upper() + w[1:].lower() for w in tail])}


def alias_variants(alias: str) -> set[str]:
    """Written forms an alias also matches in: generic tail in either case, without
    diacritics, and (for names of four letters or more) in capitals."""
    forms = {alias} | _tail_case_variants(alias)
    forms |= {fold_diacritics(f) for f in forms}
    if sum(c.isalpha() for c in alias) >= 4:
        forms |= {f.upper() for f in forms if any(c.islower() for c in f)}
    return {normalise(f) for f in forms}


# ---------------------------------------------------------------------------
# Trie-shaped regular expressions

_END = ""
_SPACE = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # a space, or one line break, inside a name


def _token(char: str) -> str:
    if char == " ":
        return _SPACE
    if char == "'":
        return f"[{_APOSTROPHES}]"
    if char == "-":
        return f"[{_HYPHENS}]"
    return re.escape(char)


def _trie_pattern(node: dict) -> str:
    branches = [_token(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and _END not in node else "(?:" + "|".join(branches) + ")"
    # The empty branch goes last, so the longest alias is tried first and shorter ones
    # only when a longer one fails its right boundary ("Kharkiv regions").
    return body + "?" if _END in node else body


def compile_aliases(aliases) -> re.Pattern:
    """One regex matching any of the (normalised) aliases, longest first, never inside a word."""
    trie: dict = {}
    for alias in aliases:
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return re.compile("(?:" + _trie_pattern(trie) + r")(?!\w)")


def _scan(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """Leftmost-longest, non-overlapping matches that start at a word boundary."""
    # finditer searches on from each match's end without returning to Python; only a
    # match inside a word (rare) sends the search back to the character after its start.
    pos = 0
    while True:
        for m in pattern.finditer(text, pos):
            start = m.start()
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                pos = start + 1  # inside a word: try again from the next character
                break
            yield m
        else:
            return


def _written_key(written: str, lookup: dict) -> str:
    """The key a matched text is looked up by. Most matches are written exactly as their
    key; only curly apostrophes, other hyphens and line breaks need normalising."""
    return written if written in lookup else normalise(written)


# ---------------------------------------------------------------------------
# Alias tables

def _claim(table: dict, alias: str, value, explicit: bool, label: str) -> None:
    key = normalise(alias)
    if key in table and table[key] != value:
        if explicit:
            raise ValueError(f"{label}: alias {alias!r} names two entries: {table[key]!r} and {value!r}")
        return
    table.setdefault(key, value)


def _build_table(entries, names_of, label: str) -> dict:
    """normalised written form → entry; explicit aliases first, then their variants,
    which never take a form an explicit alias already holds."""
    table: dict = {}
    for entry in entries:
        for alias in names_of(entry):
            _claim(table, alias, entry, True, label)
    for entry in entries:
        for alias in names_of(entry):
            for form in alias_variants(alias):
                _claim(table, form, entry, False, label)
    return table


def _place_names(place: Place) -> tuple[str, ...]:
    return (place.name,) + place.aliases


def _actor_names(actor: Actor) -> tuple[str, ...]:
    return (actor.name,) + actor.aliases


@cache
def place_table() -> dict[str, Place]:
    return _build_table(load_places(), _place_names, "places.csv")


@cache
def actor_table() -> dict[str, Actor]:
    return _build_table(load_actors(), _actor_names, "actors.csv")


# A written form matched only so that no shorter name inside it is read; it looks up as None.
_BLOCKED = None


@cache
def _place_matcher() -> tuple[re.Pattern, dict]:
    """Places, plus the names of people, organisations and other things that contain a
    place name ("Jordan Bardella", "Council of Europe", "Washington Post")."""
    lookup: dict = dict(place_table())
    for form, actor in actor_table().items():
        if actor.kind != "country" and form not in lookup:
            lookup[form] = _BLOCKED
    return compile_aliases(lookup), lookup


@cache
def _actor_matcher() -> tuple[re.Pattern, dict]:
    """Actors, plus place names that begin with an actor's name ("Kyiv region",
    "Moscow Oblast", "Indian Ocean"): there the capital or adjective is not an actor."""
    actors = actor_table()
    lookup: dict = {form: (_BLOCKED if actor.kind == "other" else actor) for form, actor in actors.items()}
    for form, place in place_table().items():
        if place.ref.kind == "country" or form in lookup:
            continue
        words = form.split(" ")
        if any(" ".join(words[:i]) in actors for i in range(1, len(words))):
            lookup[form] = _BLOCKED
    return compile_aliases(lookup), lookup


# ---------------------------------------------------------------------------
# Places

_PLURAL_REGION_HEADS = ("regions", "oblasts", "provinces", "Regions", "Oblasts")
_PLURAL_REGION_HEAD = re.compile(
    r"\s+(?:(?:border|frontline|front-line|front|neighbouring|neighboring|eastern|western|southern|"
    r"northern|central|occupied|southeastern|northeastern)\s+)?(?:" + "|".join(_PLURAL_REGION_HEADS) + r")\b")
_LIST_GAP = re.compile(r"\s*,\s*|\s+and\s+|,\s+and\s+|\s+or\s+|,\s+or\s+|\s*&\s*")
_OWN_REGION_HEADS = ("region", "oblast")
_OWN_REGION = re.compile(
    r"\s+and\s+((?:(?:the|its)\s+)?(?:surrounding\s+|wider\s+|whole\s+|entire\s+)?(?:"
    + "|".join(_OWN_REGION_HEADS) + r"))\b(?!\s+of\b)")
_REGIONAL_HEADS = ("regional", "Regional")
_REGIONAL = re.compile(r"\s+(?:" + "|".join(_REGIONAL_HEADS) + r")\b")
# Each head word above holds one of these; a text without them needs neither region rule.
_REGION_STEMS = ("region", "oblast", "Region", "Oblast", "provinces")
_COMPASS = ("eastern", "western", "southern", "northern", "central", "north-eastern", "northeastern",
            "south-eastern", "southeastern", "north-western", "northwestern", "south-western", "southwestern")
_COMPASS_BEFORE = re.compile(
    r"\b(" + "|".join(_COMPASS) + r"|" + "|".join(c.capitalize() for c in _COMPASS) + r")"
    r"(?:\s*,\s*|\s+and\s+|,\s+and\s+|\s+or\s+)$")


@cache
def _places_by_name() -> dict[str, Place]:
    return {p.name: p for p in load_places()}


def _holds_region_stem(text: str) -> bool:
    return any(stem in text for stem in _REGION_STEMS)


def _own_region(place: Place) -> Place | None:
    """The region a city is the administrative centre of."""
    if place.ref.kind == "city" and place.admin_centre and place.region:
        return _places_by_name().get(place.region)
    return None


def _as_region(place: Place) -> Place:
    """A place named in a list of regions: a region stays, an oblast centre becomes its oblast."""
    if place.ref.kind != "city":
        return place
    return _own_region(place) or place_table().get(f"{place.name} region") or place


def _coordinated_regions(text: str, hits: list[tuple[int, int, Place]]) -> None:
    """'the Dnipro and Vinnytsia regions': every name of the list is a region."""
    for i, (start, end, place) in enumerate(hits):
        if not _PLURAL_REGION_HEAD.match(text, end):
            continue
        j = i
        while j > 0 and _LIST_GAP.fullmatch(text, hits[j - 1][1], hits[j][0]):
            j -= 1
        for k in range(j, i + 1):
            s, e, p = hits[k]
            hits[k] = (s, e, _as_region(p))


def _own_region_mentions(text: str, hits: list[tuple[int, int, Place]]) -> list[tuple[int, int, Place]]:
    """'Kharkiv and the region' → the oblast; 'Kharkiv regional governor' → the oblast."""
    added = []
    for i, (start, end, place) in enumerate(hits):
        region = _own_region(place)
        if region is None:
            continue
        if _REGIONAL.match(text, end):
            hits[i] = (start, end, region)
        elif m := _OWN_REGION.match(text, end):
            added.append((m.start(1), m.end(1), region))
    return added


@cache
def _compass_led_rests() -> dict[str, str]:
    """Place keys that begin with a compass adjective ("eastern Ukraine"), each with the
    words after it ("Ukraine")."""
    rests = {}
    for key in _place_matcher()[1]:
        first, _, rest = key.partition(" ")
        if first.lower() in _COMPASS and rest:
            rests[key] = rest
    return rests


def _compass_mentions(text: str, compass_led: list[tuple[int, str]]) -> list[tuple[int, int, Place]]:
    """'eastern and southern Ukraine': 'eastern' names Eastern Ukraine. `compass_led` holds
    the start of each place mention that begins with a compass adjective, and its rest."""
    table = place_table()
    added = []
    for start, rest in compass_led:
        cursor = start
        while m := _COMPASS_BEFORE.search(text, max(0, cursor - 40), cursor):
            other = table.get(normalise(f"{m.group(1).lower()} {rest}"))
            if other is None:
                break
            added.append((m.start(1), m.end(1), other))
            cursor = m.start(1)
    return added


def find_places(text: str) -> list[PlaceMatch]:
    """Every place mention, non-overlapping, longest alias first, sorted by start."""
    pattern, lookup = _place_matcher()
    compass_rests = _compass_led_rests()
    hits = []
    compass_led = []
    for m in _scan(pattern, text):
        key = _written_key(m.group(), lookup)
        place = lookup.get(key)
        if place is not None:
            start, end = m.span()
            hits.append((start, end, place))
            if key in compass_rests:
                compass_led.append((start, compass_rests[key]))
    if not hits:
        return []
    extra = []
    if _holds_region_stem(text):  # most texts hold no region word: both rules are skipped
        _coordinated_regions(text, hits)
        extra = _own_region_mentions(text, hits)
    if compass_led:
        extra += _compass_mentions(text, compass_led)
    if extra:
        hits = _with_extra_mentions(hits, extra)
    return [PlaceMatch(s, e, text[s:e], p.ref) for s, e, p in hits]


def _with_extra_mentions(hits: list[tuple[int, int, Place]],
                         extra: list[tuple[int, int, Place]]) -> list[tuple[int, int, Place]]:
    """The hits, plus each extra mention that overlaps neither a hit nor an earlier extra,
    sorted by start."""
    starts = [s for s, _, _ in hits]
    added: list[tuple[int, int, Place]] = []
    for s, e, p in extra:
        i = bisect.bisect_left(starts, s)
        overlaps_hit = (i > 0 and hits[i - 1][1] > s) or (i < len(hits) and hits[i][0] < e)
        if not overlaps_hit and not any(s < ae and as_ < e for as_, ae, _ in added):
            added.append((s, e, p))
    return sorted(hits + added, key=lambda h: h[0])


# ---------------------------------------------------------------------------
# Actors

def find_actors(text: str) -> list[ActorMatch]:
    """Every actor mention (countries and their demonyms and governments, organisations,
    people), non-overlapping, longest alias first, sorted by start."""
    pattern, lookup = _actor_matcher()
    found = []
    for m in _scan(pattern, text):
        written = m.group()
        actor = lookup.get(_written_key(written, lookup))
        if actor is None:
            continue
        start, end = m.span()
        found.append(ActorMatch(start, end, written, actor.name, actor.kind, actor.affiliation))
    return found


# ---------------------------------------------------------------------------
# Look-ups by name

def _casefold_index(entries, names_of) -> dict:
    index: dict = {}
    for entry in entries:  # canonical names take precedence over any alias
        index.setdefault(normalise(names_of(entry)[0]).casefold(), entry)
    for entry in entries:
        for alias in names_of(entry):
            for form in {alias, fold_diacritics(alias)}:
                index.setdefault(normalise(form).casefold(), entry)
    return index


@cache
def _place_index() -> dict[str, Place]:
    return _casefold_index(load_places(), _place_names)


@cache
def _actor_index() -> dict[str, Actor]:
    return _casefold_index(load_actors(), _actor_names)


def _lookup_place(name: str) -> Place | None:
    key = normalise(name).casefold()
    if not key:
        return None
    # "the Kharkiv region": the article is not part of the name
    return _place_index().get(key) or _place_index().get(key.removeprefix("the "))


def place_by_name(name: str) -> PlaceRef | None:
    """A place by its canonical name or any alias, case-insensitive."""
    place = _lookup_place(name)
    return place.ref if place else None


def region_of(name: str) -> PlaceRef | None:
    """The first-level region a city lies in ("Lozova" → Kharkiv Oblast)."""
    place = _lookup_place(name)
    if place is None or not place.region:
        return None
    region = _places_by_name().get(place.region)
    return region.ref if region else None


def actor_by_alias(text: str) -> Actor | None:
    """An actor by canonical name or any alias: exact written form first, then
    case-insensitive. Names of kind `other` are not actors."""
    actor = actor_table().get(normalise(text)) or _actor_index().get(normalise(text).casefold())
    return actor if actor is not None and actor.kind != "other" else None


def actor_affiliation(name: str) -> str:
    """The country or organisation an actor belongs to: "Mark Rutte" → "NATO",
    "Volodymyr Zelensky" → "Ukraine", "Russia" → "Russia"; a country known only to the
    place gazetteer is its own affiliation; "" when unknown."""
    actor = actor_by_alias(name)
    if actor is not None:
        return actor.affiliation
    place = place_by_name(name)
    return place.name if place is not None and place.kind == "country" else ""


def all_places() -> list[PlaceRef]:
    return [p.ref for p in load_places()]


def all_actors() -> list[Actor]:
    """Countries, organisations and people (not the `other` names)."""
    return [a for a in load_actors() if a.kind != "other"]
