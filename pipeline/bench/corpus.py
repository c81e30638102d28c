"""The benchmark's corpus: documents generated from a grammar of news prose
(data/grammar.toml) whose sentences seldom repeat.

Each paragraph opens with a story (a strike, talks, a visit, a ceasefire, a prisoner
exchange, or ordinary news) and goes on with details, who says so and background; every
template has many independent slots — the war's sides and their forces, places and
people from the gazetteer, weapons, figures, dates written in many forms relative to the
document's own anchor, reporting frames — so that two documents rarely share a sentence.
`repeat_share` measures how rarely, with the pipeline's own sentence splitter.

Document `index` of seed `seed` is the same whatever the corpus size; corpora of
different seeds share no document.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import random
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Document, SourceMeta

GRAMMAR_PATH = Path(__file__).resolve().parent / "data" / "grammar.toml"
TARGET_WORDS = 500  # mean length of a generated document
FIRST_DAY, LAST_DAY = dt.date(2022, 2, 24), dt.date(2026, 2, 28)  # anchors fall in this span
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_ABBREVIATIONS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
                       "Sept.", "Oct.", "Nov.", "Dec.")  # wire style
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
SOURCES = ("Harbour Wire", "Evening Standard-Post", "Plains Dispatch", "Northern Ledger Daily",
           "Policy Review Weekly", "Morning Herald-Times", "Radio Bulletin Service", "Coastal Courier")
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Side:
    country: str
    forces: tuple[str, ...]
    weapons: tuple[str, ...]


@dataclass(frozen=True)
class Theatre:
    weight: int
    sides: tuple[Side, Side]
    mediators: tuple[str, ...]
    supporters: tuple[str, ...]


@dataclass(frozen=True)
class Grammar:
    theatres: tuple[Theatre, ...]
    stories: dict[str, tuple[str, ...]]  # story kind → opening templates ("filler" among them)
    follow: dict[str, tuple[str, ...]]  # detail | reporting | filler → templates
    headlines: tuple[str, ...]
    lists: dict[str, tuple[str, ...]]
    story_weights: dict[str, int]
    follow_weights: dict[str, int]
    places: dict[tuple[str, str], tuple[str, ...]]  # (country, kind) → gazetteer names
    people: dict[str, tuple[str, ...]]  # country → gazetteer persons affiliated with it


@functools.cache
def load_grammar(path: Path = GRAMMAR_PATH) -> Grammar:
    from ..gazetteer import actors as actor_table
    from ..gazetteer import places as place_table

    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    theatres = tuple(
        Theatre(t["weight"], tuple(Side(s["country"], tuple(s["forces"]), tuple(s["weapons"])) for s in t["side"]),
                tuple(t["mediators"]), tuple(t["supporters"]))
        for t in raw["theatre"])
    places: dict[tuple[str, str], list[str]] = {}
    for place in place_table.all_places():
        places.setdefault((place.country, place.kind), []).append(place.name)
    people: dict[str, list[str]] = {}
    for actor in actor_table.all_actors():
        if actor.kind == "person":
            people.setdefault(actor.affiliation, []).append(actor.name)
    follow = {kind: tuple(items) for kind, items in raw["follow"].items()}
    stories = {kind: tuple(items) for kind, items in raw["stories"].items()} | {"filler": follow["filler"]}
    return Grammar(
        theatres, stories, follow, tuple(raw["titles"]["headline"]), {name: tuple(items) for name, items in raw["lists"].items()},
        dict(raw["weights"]["stories"]), dict(raw["weights"]["follow"]),
        {key: tuple(sorted(names)) for key, names in places.items()},
        {country: tuple(sorted(names)) for country, names in people.items()})


# --------------------------------------------------------------------------------------
# Dates, written in many ways relative to the document's anchor
# --------------------------------------------------------------------------------------

def _day_month(day: dt.date, rng: random.Random) -> str:
    month = day.month - 1
    return rng.choice((f"{day.day} {MONTHS[month]}", f"{MONTHS[month]} {day.day}",
                       f"{MONTH_ABBREVIATIONS[month]} {day.day}", f"{MONTH_SHORT[month]} {day.day}"))


def past_date(anchor: dt.date, rng: random.Random) -> str:
    """A date phrase for something that happened up to a few weeks before the anchor."""
    back = anchor - dt.timedelta(days=rng.randint(1, 6))
    far = anchor - dt.timedelta(days=rng.randint(2, 25))
    form = rng.randrange(24)
    if form < 3:
        return ("overnight", "last night", "yesterday")[form]
    if form < 6:
        return rng.choice(("on ", "early on ", "late on ")) + WEEKDAYS[back.weekday()] + \
            rng.choice(("", "", " morning", " evening", " night"))
    if form < 10:
        return "on " + _day_month(far, rng)
    if form == 10:
        return f"on {far.day} {MONTHS[far.month - 1]} {far.year}"
    if form == 11:
        return f"on {MONTHS[far.month - 1]} {far.day}, {far.year}"
    if form == 12:
        return f"on {far.day:02d}.{far.month:02d}.{far.year}"
    if form == 13:
        return f"on {far.isoformat()}"
    if form == 14:
        after = far + dt.timedelta(days=1)
        return f"on the night of {far.day} to {after.day} {MONTHS[after.month - 1]}"
    if form == 15:
        return f"{rng.choice(NUMBER_WORDS[:5])} days ago"
    if form == 16:
        return rng.choice(("two weeks ago", "last week", "earlier this week", "over the weekend",
                           "earlier this month", "this morning", "earlier today"))
    if form == 17:
        return f"last {WEEKDAYS[far.weekday()]}"
    if form == 18:
        return f"on {WEEKDAYS[far.weekday()]}, {far.day} {MONTHS[far.month - 1]}"
    if form == 19:
        month = (anchor.replace(day=1) - dt.timedelta(days=rng.randint(1, 60))).month
        return f"in {rng.choice(('early', 'mid-', 'late'))} {MONTHS[month - 1]}".replace("- ", "-")
    if form == 20:
        return f"on {WEEKDAYS[back.weekday()]} at {rng.randint(1, 11)}:{rng.choice(('00', '15', '30', '45'))} {rng.choice(('a.m.', 'p.m.'))}"
    return f"on {rng.choice(('the morning', 'the evening', 'the night'))} of {_day_month(far, rng)}"


def future_date(anchor: dt.date, rng: random.Random) -> str:
    """A date phrase for something still to come after the anchor."""
    ahead = anchor + dt.timedelta(days=rng.randint(1, 6))
    far = anchor + dt.timedelta(days=rng.randint(3, 40))
    form = rng.randrange(10)
    if form < 3:
        return rng.choice(("next week", "later this month", "next month", "tomorrow", "in the coming days",
                           "by the end of the week", f"within {rng.choice(NUMBER_WORDS)} days"))
    if form < 5:
        return f"on {WEEKDAYS[ahead.weekday()]}" + rng.choice(("", "", " morning", " afternoon"))
    if form < 8:
        return "on " + _day_month(far, rng)
    if form == 8:
        return f"in {rng.choice(('early', 'late'))} {MONTHS[far.month - 1]}"
    return f"on {far.day:02d}.{far.month:02d}.{far.year}"


# --------------------------------------------------------------------------------------
# Filling templates
# --------------------------------------------------------------------------------------

class Story:
    """What the slots of one paragraph refer to: its theatre, which side acts (a), the
    document's anchor."""

    def __init__(self, grammar: Grammar, theatre: Theatre, rng: random.Random, anchor: dt.date) -> None:
        self.grammar, self.theatre, self.rng, self.anchor = grammar, theatre, rng, anchor
        first = 0 if rng.random() < 0.7 else 1  # the first side acts more often in its war
        self.own, self.other = theatre.sides[first], theatre.sides[1 - first]

    def _place(self, country: str, kind: str) -> str:
        names = self.grammar.places.get((country, kind)) or self.grammar.places.get((country, "city")) \
            or self.grammar.places.get((country, "region")) or (country,)
        return self.rng.choice(names)

    def _person(self, country: str, fallback: str) -> str:
        people = self.grammar.people.get(country)
        return self.rng.choice(people) if people else fallback

    def _number(self, low: int, high: int) -> str:
        value = int(low * (high / low) ** self.rng.random())  # small figures are more common
        return f"{value:,}" if value >= 10_000 else str(value)

    def computed(self, name: str) -> str | None:
        rng, own, other = self.rng, self.own, self.other
        match name:
            case "date":
                return past_date(self.anchor, rng)
            case "future":
                return future_date(self.anchor, rng)
            case "on_day":
                day = self.anchor - dt.timedelta(days=rng.randint(1, 6))
                return f"on {WEEKDAYS[day.weekday()]}" if rng.random() < 0.5 else "on " + _day_month(day, rng)
            case "n":
                return self._number(2, 90)
            case "many":
                return self._number(8, 700)
            case "few":
                return rng.choice(NUMBER_WORDS)
            case "households":
                return f"{rng.randint(120, 95_000):,}"
            case "pct":
                return str(rng.randint(2, 45)) if rng.random() < 0.7 else f"{rng.randint(1, 30)}.{rng.randint(1, 9)}"
            case "money":
                return f"{rng.randint(2, 900)} million {rng.choice(('euros', 'dollars', 'pounds', 'kroner'))}"
            case "small_money":
                return f"{rng.randint(20, 95)} {rng.choice(('hryvnias', 'roubles', 'shekels', 'rupees', 'pounds'))}"
            case "ordinal":
                return rng.choice(ORDINALS)
            case "clock":
                return f"{rng.randint(1, 11)}:{rng.randint(0, 59):02d}"
            case "month":
                return MONTHS[(self.anchor.month - 1 - rng.randint(0, 8)) % 12]
            case "attacker":
                return rng.choice(own.forces)
            case "defender":
                return rng.choice(other.forces)
            case "weapon":
                return rng.choice(own.weapons)
            case "place":
                return self._place(other.country, "city")
            case "region":
                return self._place(other.country, "region")
            case "place_own" | "home_city":
                return self._place(own.country, "city")
            case "region_own":
                return self._place(own.country, "region")
            case "side_a":
                return own.country
            case "side_b":
                return other.country
            case "leader_a":
                return self._person(own.country, f"a spokesperson for {own.forces[0]}")
            case "leader_b":
                return self._person(other.country, f"a spokesperson for {other.forces[0]}")
            case "mediator_country":
                return rng.choice(self.theatre.mediators)
            case "mediator":
                country = rng.choice(self.theatre.mediators)
                return self._person(country, f"officials from {country}")
            case "venue":
                return self._place(rng.choice(self.theatre.mediators), "city")
            case "visitor":
                country = rng.choice(self.theatre.supporters)
                return self._person(country, f"a delegation from {country}")
        return None

    def fill(self, template: str, depth: int = 0) -> str:
        """The template with every slot filled (list items are templates in turn)."""
        def one(match: re.Match) -> str:
            name = match.group(1)
            value = self.computed(name)
            if value is None and name[0].isupper() and name not in self.grammar.lists:
                value = self.computed(name.lower())
                value = value[:1].upper() + value[1:] if value else value
            if value is None:
                choices = self.grammar.lists.get(name) or self.grammar.lists.get(name.lower())
                if choices is None:
                    raise KeyError(f"grammar: no slot or list named {name!r}")
                value = self.rng.choice(choices)
            return self.fill(value, depth + 1) if "{" in value and depth < 4 else value

        return _SLOT.sub(one, template)

    def sentence(self, template: str) -> str:
        text = self.fill(template)
        return text[:1].upper() + text[1:]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _dateline(rng: random.Random, day: dt.date, place: str) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year} - {rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}"
    if style == 1:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == 2:
        return f"Published: {day.day:02d}.{day.month:02d}.{day.year} {rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}"
    return f"{place.upper()}, {MONTH_ABBREVIATIONS[day.month - 1]} {day.day}, {day.year} -"


def generate_document(index: int, seed: int = 0, grammar: Grammar | None = None) -> Document:
    """Document number `index` of corpus `seed`: the same whatever the corpus size."""
    grammar = grammar or load_grammar()
    rng = random.Random(f"eventline-bench:{seed}:{index}")
    anchor = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    theatre = rng.choices(grammar.theatres, weights=[t.weight for t in grammar.theatres])[0]
    target = rng.randint(TARGET_WORDS * 6 // 10, TARGET_WORDS * 14 // 10)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        story = Story(grammar, theatre, rng, anchor)
        sentences = [story.sentence(rng.choice(grammar.stories[_pick(rng, grammar.story_weights)]))]
        for _ in range(rng.randint(0, 3)):
            sentences.append(story.sentence(rng.choice(grammar.follow[_pick(rng, grammar.follow_weights)])))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    story = Story(grammar, theatre, rng, anchor)
    title = story.sentence(rng.choice(grammar.headlines))
    name = f"doc_{index:05d}.txt"
    head = [title, ""]
    how = rng.random()
    published = ""
    if how < 0.6:  # the publisher's metadata dates most texts
        published = anchor.isoformat()
    elif how < 0.9:  # a dateline
        head += [_dateline(rng, anchor, story.computed("place_own") or ""), ""]
    # else: no date given; the pipeline infers one from the text or says "unknown"
    meta = SourceMeta(file=name, title=title, source=rng.choice(SOURCES), published=published)
    return Document(name, "\n".join(head + ["\n\n".join(paragraphs)]) + "\n", meta)


@dataclass(frozen=True)
class Corpus:
    """Generated documents (in name order) and the seed that generated them."""

    documents: tuple[Document, ...]
    seed: int

    @property
    def words(self) -> int:
        return word_count(self.documents)


def generate_corpus(n: int, seed: int = 0) -> Corpus:
    grammar = load_grammar()
    return Corpus(tuple(generate_document(i, seed, grammar) for i in range(n)), seed)


def write_corpus(corpus: Corpus, folder: str | Path) -> Path:
    """The documents as .txt files with a manifest.csv, in `folder` (created)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "source", "url", "published"])
        for document in corpus.documents:
            meta = document.meta
            writer.writerow([meta.file, meta.title, meta.source, meta.url, meta.published])
            (folder / document.name).write_text(document.text, encoding="utf-8")
    return folder


def word_count(documents: Iterable[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


@dataclass(frozen=True)
class Repeats:
    sentences: int
    distinct: int

    @property
    def distinct_share(self) -> float:
        return self.distinct / self.sentences if self.sentences else 1.0

    @property
    def repeat_share(self) -> float:
        """The share of sentences that repeat one met before (1 − distinct/all)."""
        return 1.0 - self.distinct_share


def repeat_share(documents: Sequence[Document]) -> Repeats:
    """How many of the documents' sentences (the pipeline's own splitter) are distinct."""
    from ..text.sentences import split_sentences

    seen: set[str] = set()
    total = 0
    for document in documents:
        text = document.text
        for start, end in split_sentences(text):
            sentence = text[start:end].strip()
            if sentence:
                total += 1
                seen.add(sentence)
    return Repeats(total, len(seen))
