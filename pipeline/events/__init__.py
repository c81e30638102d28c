"""Event mentions: strikes, talks and visits told in one sentence, with status, date,
actors, places and figures.

One pass per passage: split it into sentences, find trigger words from the lexicon
(pipeline/data/lexicon.json), then read the trigger's own clause for its status and the
sentence for its date, actors, places and numbers. All rules are about how English
news reports these things; nothing here knows any particular text.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, replace
from importlib import resources

from .. import dates as dates_mod
from .. import gazetteer
from .gate import GatedPattern, LiteralIndex, trie_pattern
from ..model import Anchor, Document, Evidence, EventMention, Passage, PlaceRef, ResolvedDate
from ..text.sentences import split_sentences


@dataclass(frozen=True)
class Lexicon:
    belligerents: tuple[str, ...]
    triggers: dict[str, GatedPattern]
    not_an_event: GatedPattern
    ongoing_state: GatedPattern
    negation: GatedPattern
    hypothetical: GatedPattern
    planned: GatedPattern
    past_marker: GatedPattern
    clause_break: GatedPattern
    weapons: dict[str, str]
    casualties: dict[str, str]
    first_person: re.Pattern
    locative: re.Pattern
    interception: GatedPattern


def _alternation(patterns: list[str], flags=re.IGNORECASE) -> GatedPattern:
    return GatedPattern(patterns, flags)


@functools.cache
def lexicon() -> Lexicon:
    raw = json.loads(resources.files("pipeline.events").joinpath("data/lexicon.json").read_text("utf-8"))
    return Lexicon(
        belligerents=tuple(raw["belligerents"]),
        triggers={kind: _alternation(patterns) for kind, patterns in raw["triggers"].items()},
        not_an_event=_alternation(raw["not_an_event"]),
        ongoing_state=_alternation(raw["ongoing_state"]),
        negation=_alternation(raw["negation"]),
        hypothetical=_alternation(raw["hypothetical"]),
        planned=_alternation(raw["planned"]),
        past_marker=_alternation(raw["past_marker"]),
        clause_break=_alternation(raw["clause_break"]),
        weapons=raw["weapons"],
        casualties=raw["casualties"],
        first_person=re.compile(raw["first_person"]),
        locative=re.compile(raw["locative"], re.IGNORECASE),
        interception=_alternation([raw["interception"]]),
    )


# ---------------------------------------------------------------------------
# Numbers and figures

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
    "a hundred": 100, "one hundred": 100,
}
# Both tried at every word of a sentence that may state a figure: written as tries, so
# that a word is ruled out at its first letters (the same matches as plain alternations,
# the longest string first).
_QUALIFIER = r"(?:" + trie_pattern([
    "more than", "over", "nearly", "almost", "about", "around", "at least", "up to", "some", "roughly",
    "approximately", "fewer than", "less than", "another", "a further", "an additional"]) + r"\s+)?"
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+|" + trie_pattern(_NUMBER_WORDS) + r")"


def parse_number(text: str) -> int | None:
    """'450' → 450, '1,000' → 1000, 'six' → 6, 'a' → 1; anything vaguer → None."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    return _NUMBER_WORDS.get(text)


@functools.cache
def _figure_patterns() -> dict[str, GatedPattern]:
    lex = lexicon()
    patterns = {}
    for name, noun in lex.weapons.items():
        # "450 drones", "more than 450 Shahed drones", "one ballistic missile", "111 combat drones"
        patterns[name] = GatedPattern([
            rf"\b(?P<qual>{_QUALIFIER})(?P<num>{_NUMBER})\s+(?:(?!(?:of|and|or|the|to|in)\b)[\w-]+\s+){{0,2}}?(?P<noun>{noun})\b"],
            re.IGNORECASE)
    for name, verb in lex.casualties.items():
        # "killing six people", "19 people were killed", "killed two passersby", "3 dead"
        patterns[name] = GatedPattern([
            rf"\b(?:{verb})\s+(?:at least\s+|some\s+|more than\s+|nearly\s+)?(?P<num>{_NUMBER})\b(?!\s*(?:years?|days?|hours?|weeks?|months?|percent|%|km|of)\b)"
            rf"|\b(?P<qual>{_QUALIFIER})(?P<num2>{_NUMBER})\s+(?:(?:people|persons|civilians|children|kids|residents|passengers|passersby|workers|soldiers|servicemen|others|more)\s+)?(?:were|was|have been|had been|are|got)?\s*(?:{verb})\b"],
            re.IGNORECASE)
    # "another 43 of various types coming … on ballistic trajectories": a count continued
    # without its noun, after a stated missile count.
    patterns["another"] = GatedPattern([
        rf"\b(?:and\s+)?(?:another|a further|an additional)\s+(?P<num>{_NUMBER})\b(?!\s+(?:{lex.weapons['missiles']}|{lex.weapons['drones']}))(?P<rest>[^.;]*)"],
        re.IGNORECASE)
    return patterns


@dataclass(frozen=True)
class Figures:
    drones: int | None = None
    missiles: int | None = None
    ballistic: int | None = None
    cruise: int | None = None
    killed: int | None = None
    injured: int | None = None
    texts: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.texts


# Words without which a sentence states no figure worth reading.
_FIGURE_WORDS = frozenset({"drone", "uav", "shahed", "missile", "rocket", "ballistic", "kill", "dead",
                           "died", "death", "injur", "wound", "hurt", "fatalit"})


# What a sentence says on its own (its triggers, names, figures, parts, the status of a
# trigger) is the same wherever it stands: syndicated wire copy, updated stories and live
# blogs repeat sentences word for word, so each of these is computed once per process
# for the last few thousand distinct sentences.
_SENTENCES_REMEMBERED = 4096
# The whole reading of a sentence that tells an event is what most of the time goes to:
# the readings of the last tens of thousands are kept (about 2 KB each on the benchmark
# corpus: about 60 MB when full), so a story retold or syndicated weeks later in a year's
# folder is read once.
_READINGS_REMEMBERED = 32768


@functools.lru_cache(maxsize=_SENTENCES_REMEMBERED)
def extract_figures(sentence: str) -> Figures:
    """Quantities stated in a sentence. Vague amounts ('hundreds of drones') give none.

    'another N …' after a count of the same weapon adds to it ("28 cruise missiles and
    another 43 … on ballistic trajectories" → 71 missiles, 28 cruise, 43 ballistic).
    """
    values: dict[str, int] = {}
    texts: list[str] = []
    pats = _figure_patterns()
    # "air defence shot down 180 drones" counts what was stopped, not what was launched
    sentence = _blank_interceptions(sentence)
    for match in pats["drones"].finditer(sentence, within=sentence):
        number = parse_number(match["num"])
        if number is None or _is_year_like(match["num"]):
            continue
        values["drones"] = values.get("drones", 0) + number if match["qual"].lower().startswith(("another", "a further", "an additional")) else max(values.get("drones", 0), number)
        texts.append(match.group().strip())
    for match in pats["missiles"].finditer(sentence, within=sentence):
        number = parse_number(match["num"])
        if number is None or _is_year_like(match["num"]):
            continue
        noun = match["noun"].lower()
        values["missiles"] = values.get("missiles", 0) + number
        if "ballistic" in noun or "iskander" in noun or "kinzhal" in noun:
            values["ballistic"] = values.get("ballistic", 0) + number
        elif "cruise" in noun or "kalibr" in noun or "kh-101" in noun:
            values["cruise"] = values.get("cruise", 0) + number
        texts.append(match.group().strip())
    if "missiles" in values:
        for match in pats["another"].finditer(sentence, within=sentence):
            number = parse_number(match["num"])
            if number is None:
                continue
            values["missiles"] += number
            if "ballistic" in match["rest"].lower():
                values["ballistic"] = values.get("ballistic", 0) + number
            elif "cruise" in match["rest"].lower():
                values["cruise"] = values.get("cruise", 0) + number
            texts.append(match.group().strip())
    for name in ("killed", "injured"):
        for match in pats[name].finditer(sentence, within=sentence):
            raw = match["num"] or match["num2"]
            number = parse_number(raw or "")
            if number is None or _is_year_like(raw) or raw.lower() in ("a", "an"):
                continue
            values[name] = max(values.get(name, 0), number)
            texts.append(match.group().strip())
    return Figures(texts=tuple(dict.fromkeys(texts)), **values)


def _blank_interceptions(sentence: str) -> str:
    """The sentence with every clause about interception blanked out (same length)."""
    for match in lexicon().interception.finditer(sentence, within=sentence):
        left, right = clause_around(sentence, match.start(), match.end())
        sentence = sentence[:match.start()] + " " * (right - match.start()) + sentence[right:]
    return sentence


def _is_year_like(raw: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", raw))


# ---------------------------------------------------------------------------
# Clauses, status

def clause_around(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding sentence[start:end]: from the last clause break before it to
    the first one after it."""
    starts, ends = _clause_breaks(sentence)
    breaks = lexicon().clause_break
    before = bisect.bisect_left(starts, start) - 1  # the last break beginning before `start`
    if before < 0:
        left = 0
    elif ends[before] <= start:
        left = ends[before]
    else:  # a break running across `start`: search the text before it alone
        left = 0
        for match in breaks.finditer(sentence, 0, start, within=sentence):
            left = match.end()
    after = bisect.bisect_left(starts, end)  # the first break beginning at or after `end`
    if after > 0 and ends[after - 1] > end:
        right_match = breaks.search(sentence, end, within=sentence)  # one running across `end`
        right = right_match.start() if right_match else len(sentence)
    else:
        right = starts[after] if after < len(starts) else len(sentence)
    return left, right


@functools.lru_cache(maxsize=64)
def _clause_breaks(sentence: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the clause breaks of a sentence, found once for all of its
    triggers."""
    found = [(m.start(), m.end()) for m in lexicon().clause_break.finditer(sentence, within=sentence)]
    return [a for a, _ in found], [b for _, b in found]


def _condition_before(sentence: str, start: int) -> bool:
    """Whether 'if', 'unless' or 'whether' comes before `start` (a word's start)."""
    return any(end <= start for end in _condition_ends(sentence))


@functools.lru_cache(maxsize=64)
def _condition_ends(sentence: str) -> tuple[int, ...]:
    return tuple(m.end() for m in _CONDITION.finditer(sentence))


@functools.lru_cache(maxsize=64)
def _ongoing_state(sentence: str) -> bool:
    """Whether the sentence describes a state ('under constant attack') rather than an
    event: once per sentence, for all of its triggers."""
    return lexicon().ongoing_state.search(sentence, within=sentence) is not None


_INFINITIVE = re.compile(r"(\w+)\s+to\s+\w+")
_WOULD = re.compile(r"\bwould\b", re.IGNORECASE)

_CONDITION_AFTER = re.compile(
    r"\b(?:(?:is|are|would be|will be|remains?)\s+(?:only\s+)?(?:possible|impossible|conceivable|unlikely|"
    r"out of the question)|only if|provided that|on condition that)\b", re.IGNORECASE)
_PLAN_VERBS = frozenset({"agreed", "agree", "agrees", "decided", "decides", "plans", "plan",
                         "planned", "intends", "intend", "intended", "wants", "want", "wanted",
                         "promised", "pledged", "vowed", "expected", "expects", "announced",
                         "invited", "arranged", "scheduled"})
_CONDITION = re.compile(r"\b(?:if|unless|whether)\b", re.IGNORECASE)
_STRONG_HYPOTHETICAL = re.compile(
    r"\b(?:ready (?:to|for)|willing to|prepared to|asked|offer(?:ed)?|proposal|proposed|invite[sd]?|"
    r"refrain(?:ed|ing)? from|hope[sd]? to|should be)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=_SENTENCES_REMEMBERED)
def classify_status(sentence: str, start: int, end: int, future_date: bool,
                    scope_start: int = 0) -> str | None:
    """'occurred', 'planned', 'hypothetical', or None when the sentence denies the event
    or describes an ongoing state rather than an event. `scope_start` is where the part of
    the sentence telling this event begins (see `segments`)."""
    lex = lexicon()
    left, right = clause_around(sentence, start, end)
    before = sentence[left:start]
    if _ongoing_state(sentence):
        return None
    # A condition governs the rest of the sentence ("If Russia does not strike …, we will
    # not strike theirs"); a request or offer the part of it that tells this event.
    if (lex.hypothetical.search(before, within=sentence) or _condition_before(sentence, start)
            or _STRONG_HYPOTHETICAL.search(sentence[scope_start:start])):
        return "hypothetical"
    if _CONDITION_AFTER.search(sentence[end:right + 80]):
        return "hypothetical"  # "a meeting is possible only if Moscow accepts"
    if lex.negation.search(sentence[max(0, left - 20):right], within=sentence):
        return None
    if lex.past_marker.search(before[-30:], within=sentence):
        return "occurred"
    for infinitive in _INFINITIVE.finditer(sentence[scope_start:end]):
        if infinitive.group(1).lower() in _PLAN_VERBS or infinitive.group(1)[0].isupper():
            # "agreed to meet"; a headline's "Zelensky to travel to Washington for talks"
            return "planned"
    if (lex.planned.search(before, within=sentence) or lex.planned.search(sentence[end:right], within=sentence)
            or future_date):
        return "planned"
    return "occurred"


# ---------------------------------------------------------------------------
# Actors and places of one sentence

@dataclass(frozen=True)
class SentenceFacts:
    """What one sentence names, with offsets relative to the sentence."""

    actors: tuple[gazetteer.ActorMatch, ...]
    places: tuple[gazetteer.PlaceMatch, ...]


@functools.lru_cache(maxsize=_SENTENCES_REMEMBERED)
def read_sentence(sentence: str) -> SentenceFacts:
    """Actors and places, with a capital city read as a government ('talks between Kyiv,
    Moscow and Washington') unless a locative preposition makes it a place ('in Kyiv')."""
    lex = lexicon()
    places = list(gazetteer.find_places(sentence))
    actors = list(gazetteer.find_actors(sentence))
    place_spans = {(p.start, p.end): p for p in places}
    kept_places: list[gazetteer.PlaceMatch] = []
    kept_actors: list[gazetteer.ActorMatch] = []
    actor_spans = {(a.start, a.end) for a in actors}
    for place in places:
        overlaps_actor = (place.start, place.end) in actor_spans
        locative = lex.locative.search(sentence[max(0, place.start - 40):place.start])
        if place.place.kind == "country" and sentence[place.end:place.end + 2] in ("'s", "’s"):
            continue  # "Ukraine's energy grid", "Russia's Ryazan region": an owner, not the place
        if overlaps_actor and place.place.kind in ("city", "country") and not locative:
            continue  # a government or a nation as a party ("Moscow demands", "Russia launched")
        kept_places.append(place)
    for actor in actors:
        place = place_spans.get((actor.start, actor.end))
        if place is not None and place in kept_places and place.place.kind == "city":
            continue  # "in Kyiv": the place, not the government
        kept_actors.append(actor)
    return SentenceFacts(tuple(kept_actors), tuple(kept_places))


def _unique(names) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def strike_roles(sentence: str, trigger_start: int, facts: SentenceFacts) -> list[str]:
    """[attacker, attacked] among the belligerents.

    The attacker is the side named nearest before the trigger as subject, possessor or
    adjective ("Russia launched", "Russia's attack", "a Russian drone") or after "by";
    the attacked side is the one named after "on/against/at/in" ("an attack on Ukraine")
    or as possessor of what was hit after the trigger ("hitting Ukraine's energy"), else
    the other belligerent. Places in one side's country mark it as attacked.
    """
    lex = lexicon()
    attacker = target = None
    # Whoever reports the attack is not its author: "Moscow Mayor Sobyanin said debris
    # damaged a house", "Ukraine's air force said Russia launched…".
    told_from = _told_from(sentence, trigger_start)
    before = [a for a in facts.actors
              if _side(a) in lex.belligerents and told_from <= a.start and a.end <= trigger_start]
    after = [a for a in facts.actors if _side(a) in lex.belligerents and a.start >= trigger_start]
    for actor in reversed(before):
        prefix = sentence[max(0, actor.start - 14):actor.start].lower()
        if _OBJECT_PREPOSITION.search(prefix):
            continue
        attacker = _side(actor)
        break
    for actor in after:
        prefix = sentence[max(0, actor.start - 14):actor.start].lower()
        possessive = sentence[actor.end:actor.end + 2] in ("'s", "’s")
        if _BY.search(prefix) and attacker is None:
            attacker = _side(actor)
        elif (_TARGET_PREPOSITION.search(prefix) or possessive) and target is None:
            target = _side(actor)
    if target is None:
        countries = [p.place.country for p in facts.places
                     if p.place.kind != "country" and p.place.country in lex.belligerents]
        target = next((c for c in countries if c != attacker), None)
    other = {lex.belligerents[0]: lex.belligerents[1], lex.belligerents[1]: lex.belligerents[0]}
    if attacker is None and target is None:
        named = [_side(a) for a in facts.actors if _side(a) in lex.belligerents]
        attacker = named[0] if named else None
    if attacker is None and target is not None:
        attacker = other.get(target)
    if target is None or target == attacker:
        target = other.get(attacker) if attacker else None
    return _unique([attacker, target])


_REPORTING = re.compile(r"\b(?:said|says|claimed|claims|reported|reports|told|announced|wrote|"
                        r"stated|according to|confirmed)\b(?:\s+(?:that|on \w+))?", re.IGNORECASE)


_OBJECT_PREPOSITION = re.compile(r"\b(?:on|against|at|into|in|of|to|from|for|with)\s+(?:the\s+)?$")
_BY = re.compile(r"\bby\s+(?:the\s+)?$")
_TARGET_PREPOSITION = re.compile(r"\b(?:on|against|at|into|in|across)\s+(?:the\s+)?$")


@functools.lru_cache(maxsize=_SENTENCES_REMEMBERED)
def _told_from(sentence: str, start: int) -> int:
    """Where the words after the last reporting verb before `start` begin (0: none)."""
    reported = list(_REPORTING.finditer(sentence, 0, start))
    return reported[-1].end() if reported else 0


def _side(actor: gazetteer.ActorMatch) -> str:
    return actor.name if actor.kind == "country" else actor.affiliation


def party_names(facts: SentenceFacts) -> list[str]:
    """Canonical actor names; an organisation or country written as a person's title
    ('NATO Secretary General Mark Rutte') is folded into the person."""
    persons = [a for a in facts.actors if a.kind == "person"]
    names = []
    for actor in facts.actors:
        if actor.kind != "person" and any(
                p.affiliation == actor.name and 0 <= p.start - actor.end <= 40 for p in persons):
            continue
        names.append(actor.name)
    return _unique(names)


def _place_refs(facts: SentenceFacts) -> list[PlaceRef]:
    refs = [p.place for p in facts.places]
    specific = [r for r in refs if r.kind != "country"]
    # A country named beside its own cities or regions adds nothing.
    refs = [r for r in refs if r.kind != "country" or not any(s.country == r.name for s in specific)]
    return list(dict.fromkeys(refs))


# ---------------------------------------------------------------------------
# Dates of one trigger

def choose_date(sentence_start: int, trigger: tuple[int, int], clause: tuple[int, int],
                expressions: list[dates_mod.DateExpression],
                sentence_text: str = "") -> dates_mod.DateExpression | None:
    """The date expression that dates a trigger: one in the trigger's own clause first,
    else the nearest in the sentence; finer precision wins over coarser at equal reach."""
    if not expressions:
        return None
    t_start, t_end = trigger

    candidates = [e for e in expressions if _can_date(e, sentence_start, t_start, sentence_text)]
    if not candidates:
        return None

    def cost(expr: dates_mod.DateExpression) -> tuple[int, int]:
        start, end = expr.start - sentence_start, expr.end - sentence_start
        in_clause = clause[0] <= start and end <= clause[1]
        distance = t_start - end if end <= t_start else start - t_end
        return (0 if in_clause else 1, max(distance, 0))

    return min(candidates, key=cost)


_SINCE = re.compile(r"\b(?:since|dating back to|date back to|dates back to|as far back as|so far in|so far this|"
                    r"(?:earlier|later) in|throughout)\s+(?:the\s+)?$", re.IGNORECASE)


def _can_date(expr: dates_mod.DateExpression, sentence_start: int, trigger_start: int,
              sentence: str) -> bool:
    """'since 2019' opens a period and 'so far in 2025' bounds a tally: neither dates an
    event; 'Monday's strikes' dates the strikes, not the meeting about them."""
    start, end = expr.start - sentence_start, expr.end - sentence_start
    if _SINCE.search(sentence[max(0, start - 30):start]):
        return False
    if sentence[end:end + 2] in ("'s", "’s") and not 0 <= trigger_start - end <= 25:
        return False
    if expr.form is not None and expr.form.kind in ("weeks", "months", "years", "year") and _RANKED.search(
            sentence[max(0, start - 60):start]):
        return False  # "his third meeting this year", "the largest strike this month": a tally's scope
    return True


_RANKED = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)|largest|biggest|"
                     r"heaviest|deadliest|worst|most \w+|only|latest|last|\w+est)\b[^.,;:]{0,45}$", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)  # a passage's anchor, for each of its mentions
def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _date_for(expr: dates_mod.DateExpression | None, anchor: Anchor,
              future: bool) -> tuple[ResolvedDate, str]:
    if expr is None:
        return (ResolvedDate(anchor.date, anchor.date, anchor.precision if anchor.known else "unknown",
                             "anchor"), "")
    resolved = dates_mod.resolve_date(expr, anchor, future=True if future else None)
    return resolved, expr.text



# ---------------------------------------------------------------------------
# The pass over a passage

def speaker_of(document: Document) -> str | None:
    """The person speaking in the first person, from the source's metadata
    ('President of Ukraine' → Volodymyr Zelensky)."""
    for field in (document.meta.source, document.meta.title):
        person = _person_named(field or "")
        if person is not None:
            return person
    return None


@functools.lru_cache(maxsize=1024)  # a folder has few sources: each is read once
def _person_named(field: str) -> str | None:
    return next((actor.name for actor in gazetteer.find_actors(field) if actor.kind == "person"), None)


def extract_mentions(document: Document, passages: list[Passage]) -> list[EventMention]:
    """Every strike/talks/visit mention in a document, passage by passage."""
    speaker = speaker_of(document)
    index = LiteralIndex(document.text, _indexed_literals())
    mentions: list[EventMention] = []
    for passage in passages:
        mentions.extend(_passage_mentions(document, passage, speaker, index))
    return mentions


@functools.cache
def _indexed_literals() -> frozenset[str]:
    """Every literal some trigger needs, and the words of figures: a document is
    searched for them once, and a sentence holding none of them tells no event."""
    return frozenset().union(_FIGURE_WORDS, *(p.literals for p in lexicon().triggers.values()))


# Where one sentence tells two things: "…talks are scheduled for Wednesday, while
# ministers are set to meet next week", "The visit came hours after Russia launched…".
_SEGMENT_WORDS = [r";", r"\s[–—-]\s", r"—", r",\s*(?:while|whereas|but|and then|as|when)\b",
                  r"\b(?:hours|days|shortly|soon|just|minutes)?\s*after\b", r"\bahead of\b",
                  r"\bfollowing\b", r"\b(?:precedes|preceded|follows|followed)\b"]
_SEGMENT_BREAK = re.compile(r"\s*(?:" + "|".join(_SEGMENT_WORDS) + r")\s*", re.IGNORECASE)
# Most sentences hold no break: this finds that out without the full pattern.
_SEGMENT_GATE = GatedPattern(_SEGMENT_WORDS, re.IGNORECASE)


def segments(sentence: str) -> list[tuple[int, int]]:
    """Spans of the parts of a sentence that can each tell their own event."""
    return list(_segments(sentence))


@functools.lru_cache(maxsize=_SENTENCES_REMEMBERED)
def _segments(sentence: str) -> tuple[tuple[int, int], ...]:
    if _SEGMENT_GATE.search(sentence, within=sentence) is None:
        return ((0, len(sentence)),) if sentence else ()
    spans, cursor = [], 0
    for match in _SEGMENT_BREAK.finditer(sentence):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end() if match.group().strip() in (";", "–", "—", "-") else match.start()
    spans.append((cursor, len(sentence)))
    return tuple((a, b) for a, b in spans if b > a)


def _without(facts: SentenceFacts, spans: list[tuple[int, int]]) -> SentenceFacts:
    """The sentence's actors, and its places less those in parts that tell other events:
    a subject serves every part ("Ukraine and Russia will meet … after meeting in Abu
    Dhabi"), a place belongs to its own."""
    def free(item) -> bool:
        return not any(a <= item.start and item.end <= b for a, b in spans)
    return SentenceFacts(facts.actors, tuple(filter(free, facts.places)))


def _restrict(facts: SentenceFacts, span: tuple[int, int]) -> SentenceFacts:
    a, b = span
    return SentenceFacts(tuple(x for x in facts.actors if a <= x.start and x.end <= b),
                         tuple(x for x in facts.places if a <= x.start and x.end <= b))


@dataclass(frozen=True)
class Trigger:
    kind: str
    start: int
    end: int
    noun_only: bool  # a bare noun ("talks", "strikes") rather than a verb of the event


_NOUN_ONLY = re.compile(r"(?:[\w-]+\s)?(?:talks|negotiations|strikes?|attacks?|air ?strikes?|assaults?|raids?)")


def find_triggers(sentence: str, present: frozenset[str] | None = None) -> list[Trigger]:
    """Non-overlapping trigger words of every event type, in sentence order. `present`
    is the sentence's literals when already known (from the document's LiteralIndex)."""
    return list(_triggers(sentence, present))


@functools.lru_cache(maxsize=_SENTENCES_REMEMBERED)
def _triggers(sentence: str, present: frozenset[str] | None) -> tuple[Trigger, ...]:
    if present is None:
        patterns = tuple(lexicon().triggers.items())
    else:
        patterns = _trigger_patterns(present)
    found: list[Trigger] = []
    for kind, pattern in patterns:
        for match in pattern.finditer(sentence):
            if any(t.start < match.end() and match.start() < t.end for t in found):
                continue
            word = match.group().lower()
            noun_only = _NOUN_ONLY.fullmatch(word) is not None
            found.append(Trigger(kind, match.start(), match.end(), noun_only))
    return tuple(sorted(found, key=lambda t: t.start))


@functools.lru_cache(maxsize=4096)
def _trigger_patterns(present: frozenset[str]) -> tuple[tuple[str, re.Pattern], ...]:
    """The trigger patterns worth running on a text holding the literals `present`."""
    chosen = ((kind, gated.for_literals(present)) for kind, gated in lexicon().triggers.items())
    return tuple((kind, pattern) for kind, pattern in chosen if pattern is not None)


def _passage_mentions(document: Document, passage: Passage, speaker: str | None,
                      index: LiteralIndex) -> list[EventMention]:
    text = document.text
    mentions: list[EventMention] = []
    last_of_type: dict[str, EventMention] = {}
    for s_start, s_end in split_sentences(text, passage.start, passage.end):
        sentence = text[s_start:s_end]
        if _is_header_line(sentence):
            continue
        present = index.within(s_start, s_end)
        triggers = find_triggers(sentence, present)
        hinted = not present.isdisjoint(_FIGURE_WORDS)
        last_strike = last_of_type.get("strike")
        if not triggers:
            # Most sentences tell no event: only an elaboration of the strike just told
            # ("There were 28 cruise missiles …") adds to what was found.
            if last_strike is not None and hinted:
                figures = extract_figures(sentence)
                if not figures.empty:
                    mentions.append(_with_figures(last_strike, figures, document, s_start, s_end, sentence))
            continue
        # Dates are read only in sentences that tell something.
        sentence_dates = [e for e in dates_mod.find_date_expressions(text, s_start, s_end)
                          if e.start >= s_start and e.end <= s_end]
        reading = read_event_sentence(sentence, present, _relative_dates(sentence_dates, s_start), speaker)
        figures = reading.figures
        context = last_of_type.get(reading.during) if reading.during else None
        found_here: list[EventMention] = []
        for told in reading.told:
            mention = _mention(document, passage, sentence, s_start, told, sentence_dates, figures,
                               last_of_type.get(told.trigger.kind), context)
            if mention is not None:
                found_here.append(mention)
        found_here = _one_per_event(found_here)
        if not found_here and last_strike is not None and not figures.empty:
            # An elaboration sentence ("There were 28 cruise missiles …") adds its figures
            # to the strike just told.
            mentions.append(_with_figures(last_strike, figures, document, s_start, s_end, sentence))
        for mention in found_here:
            previous = last_of_type.get(mention.type)
            if (previous is not None and mention.date.method != "anchor" and previous.date.method == "anchor"
                    and _refers_back(sentence, _trigger_span(mention, s_start), SentenceFacts((), ()))
                    and previous in mentions):
                # "Witkoff met Putin … The talks on Friday had focused on …": the anaphor
                # dates its antecedent, which had no date of its own.
                dated = replace(previous, date=mention.date, date_text=mention.date_text)
                mentions[mentions.index(previous)] = dated
                mention = replace(mention, actors=mention.actors or previous.actors)
            last_of_type[mention.type] = mention
            mentions.append(mention)
    return mentions


# Two patterns, not one alternation: each then starts with what Python's matcher can
# look for directly (the bullet; the sentence start), which every sentence is tested for.
_THREAD_COUNT = re.compile(r"•\s*\d+\s+tweets", re.IGNORECASE)
_UPDATE_LINE = re.compile(r"\s*(?:Updated|Published)\b", re.IGNORECASE)


def _is_header_line(sentence: str) -> bool:
    return bool(_UPDATE_LINE.match(sentence) or ("•" in sentence and _THREAD_COUNT.search(sentence)))




_IN_AT_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_HELD = re.compile(r"\b(?:between|round of|held|hold|holding|host(?:ed|ing)?|continue[sd]?|resume[sd]?|talks with|"
                         r"begin|began|start(?:ed)?|scheduled|due to|set to|took place|concluded)\b", re.IGNORECASE)


def _is_event_use(sentence: str, trigger: Trigger, facts: SentenceFacts, part_facts: SentenceFacts,
                  dated: bool) -> bool:
    """A bare 'talks'/'negotiations' is a topic ('moves in negotiations toward peace')
    unless the sentence gives it a time, a venue, or a verb of holding it; a verb of
    hitting needs a weapon, a strike noun or a place hit ('sanctions targeting schemes'
    is no strike)."""
    lex = lexicon()
    window = sentence[max(0, trigger.start - 30):trigger.end + 40]
    if trigger.kind == "talks" and trigger.noun_only:
        clause = clause_around(sentence, trigger.start, trigger.end)
        venue = any(p.place.kind == "city" and (clause[0] <= p.start < clause[1] or
                                               0 <= p.start - trigger.end <= 60 and _IN_AT_BEFORE.search(sentence[:p.start]))
                    for p in facts.places)
        held = _HELD.search(window)
        return bool(dated or venue or held)
    if trigger.kind == "strike" and not trigger.noun_only:
        weapon = _weapon_near(sentence) or _STRIKE_NOUN.search(sentence)
        specific_place = any(p.place.kind != "country" for p in facts.places)
        side_as_subject = any(_side(a) in lex.belligerents and a.end <= trigger.start for a in facts.actors)
        return bool(weapon or specific_place or side_as_subject)
    return True


# ---------------------------------------------------------------------------
# What a sentence tells, wherever it stands; then each telling in its document

# A sentence's date expressions with offsets relative to the sentence: with the sentence
# and its trigger literals, all that its reading depends on.
RelativeDates = tuple[tuple[int, int, bool, "dates_mod.DateForm | None"], ...]


def _relative_dates(expressions: list[dates_mod.DateExpression], offset: int) -> RelativeDates:
    return tuple((e.start - offset, e.end - offset, e.future, e.form) for e in expressions)


@dataclass(frozen=True)
class TriggerReading:
    """What a sentence says about one of its triggers, independent of the document,
    the anchor and the events told before it."""

    trigger: Trigger
    status: str
    date_index: int  # the sentence date expression that dates it (-1: none)
    future: bool  # its date is read forward from the anchor
    refers_back: bool  # names the event just told ("the talks", "during the visit")
    actors: tuple[str, ...]  # its own, in role order
    places: tuple[PlaceRef, ...]
    borrows: bool  # takes the parties of the event of its type just told, if any
    tells_own: bool  # False: it can only retell the event just told
    summary: str  # of its own parties, places and (for a strike) the sentence's figures


@dataclass(frozen=True)
class SentenceReading:
    """What a sentence with triggers tells: a reading per trigger that can tell an event,
    the figures it states, and the type of event it says it happened during."""

    told: tuple[TriggerReading, ...]
    figures: Figures
    during: str | None


@functools.lru_cache(maxsize=_READINGS_REMEMBERED)
def read_event_sentence(sentence: str, present: frozenset[str] | None, relative_dates: RelativeDates,
                        speaker: str | None) -> SentenceReading:
    """The reading of a sentence, computed once per distinct sentence (with its dates,
    trigger literals and the document's speaker); see _READINGS_REMEMBERED."""
    triggers = find_triggers(sentence, present)
    facts = read_sentence(sentence)
    hinted = present is None or not present.isdisjoint(_FIGURE_WORDS)
    figures = extract_figures(sentence) if hinted else Figures()
    expressions = [dates_mod.DateExpression(start, end, sentence[start:end], future, form)
                   for start, end, future, form in relative_dates]
    parts = segments(sentence)
    told = []
    for trigger in triggers:
        part = next((p for p in parts if p[0] <= trigger.start < p[1]), (0, len(sentence)))
        others = [p for p in parts if p != part and any(p[0] <= t.start < p[1] for t in triggers if t is not trigger)]
        own_dates = [e for e in expressions if part[0] <= e.start < part[1]]
        if not own_dates:
            own_dates = [e for e in expressions if not any(p[0] <= e.start < p[1] for p in others)]
        reading = read_trigger(sentence, trigger, part, _restrict(facts, part), _without(facts, others),
                               own_dates, speaker, figures)
        if reading is not None:
            told.append(replace(reading, date_index=expressions.index(own_dates[reading.date_index])
                                if reading.date_index >= 0 else -1))
    match = _GOVERNING_EVENT.search(sentence, within=sentence)
    return SentenceReading(tuple(told), figures, _NOUN_TYPE[match["noun"].lower()] if match else None)


def read_trigger(sentence: str, trigger: Trigger, part: tuple[int, int], part_facts: SentenceFacts,
                 facts: SentenceFacts, dates: list[dates_mod.DateExpression],
                 speaker: str | None, figures: Figures) -> TriggerReading | None:
    """How a trigger tells its event: None when it tells none (denied, a topic rather than
    an event, an ongoing state). `dates` are those of its part of the sentence, offsets
    relative to the sentence; `date_index` indexes them."""
    lex = lexicon()
    kind, span = trigger.kind, (trigger.start, trigger.end)
    window = sentence[max(0, span[0] - 40):span[1] + 40]
    if lex.not_an_event.search(window, within=sentence) or (
            kind == "visit" and lex.not_an_event.search(sentence[:span[1]], within=sentence)):
        return None
    if kind == "visit" and re.match(r"(?:was|were|is|are|has been|have been)\s", sentence[span[0]:span[1]]) and not any(
            0 <= p.start - span[1] <= 5 for p in part_facts.places):
        return None  # "was in Ukraine" is a visit; "is in bad shape" is not
    clause = clause_around(sentence, *span)
    expr = choose_date(0, span, clause, dates, sentence)
    dated_clause = expr is not None and clause[0] <= expr.start and expr.end <= clause[1]
    if not _is_event_use(sentence, trigger, facts, part_facts, dated_clause):
        return None
    status = classify_status(sentence, span[0], span[1], bool(expr and expr.future), part[0])
    if status is None:
        return None
    # A proposal's date after it is its intended time ("proposed talks in Istanbul on
    # Thursday"); a date before it dates the statement ("asked on Thursday to halt…").
    future = status == "planned" or (status == "hypothetical" and (
        bool(lex.planned.search(sentence[clause[0]:clause[1]], within=sentence) or _WOULD.search(sentence))
        or (expr is not None and expr.start > span[0])))
    refers_back = expr is None and _refers_back(sentence, span, part_facts)
    # The segment's own actors and places, else the sentence's.
    use = SentenceFacts(part_facts.actors or facts.actors, part_facts.places or facts.places)
    places = _place_refs(use)
    tells_own = True
    if kind == "strike":
        actors = strike_roles(sentence, span[0], use)
        told_from = _told_from(sentence, span[0])
        explicit = any(p.kind != "country" for p in places) or any(
            _side(a) in lex.belligerents and told_from <= a.start and a.end <= span[0] for a in use.actors)
        # "Telling attack, right as…", "The strike was massive": the strike just told.
        borrows = not actors or not explicit
    else:
        actors = party_names(use)
        if speaker and lex.first_person.search(sentence[:span[1] + 60]) and speaker not in actors:
            actors = [speaker] + actors
        if kind == "visit":
            actors = _visit_roles(sentence, span[0], actors, places, use, speaker)
        borrows = not actors
        if kind == "talks" and len(actors) > 1 and len({gazetteer.actor_affiliation(a) or a for a in actors}) == 1:
            tells_own = False  # a leader with their own officials: an internal meeting, not talks
    return TriggerReading(trigger, status, dates.index(expr) if expr is not None else -1, future,
                          refers_back, tuple(actors), tuple(places), borrows, tells_own,
                          summarise(kind, status, actors, places, figures if kind == "strike" else Figures()))


def _mention(document: Document, passage: Passage, sentence: str, s_start: int, told: TriggerReading,
             sentence_dates: list[dates_mod.DateExpression], figures: Figures,
             previous: EventMention | None, context: EventMention | None = None) -> EventMention | None:
    """The mention a trigger's reading makes in its document: dated from the passage's
    anchor, and completed from the event of its type just told when it names none."""
    kind, span = told.trigger.kind, (told.trigger.start, told.trigger.end)
    expr = sentence_dates[told.date_index] if told.date_index >= 0 else None
    resolved, date_text = _date_for(expr, passage.anchor, told.future)
    if expr is None and context is not None and context.type != kind:
        # "During the visit, the leaders held a phone call": the call is on the visit's day.
        resolved, date_text = context.date, context.date_text
    if previous is not None and told.refers_back:
        # "The talks were held in a three-on-three format", "During the visit, …": the
        # event just told, with its date, parties and places.
        return _retold(previous, document, passage, sentence, s_start, span, told.status)
    if not told.tells_own:
        return None
    actors, places, summary = told.actors, told.places, told.summary
    if previous is not None and told.borrows:
        if kind == "strike":
            actors = previous.actors
            places = tuple(p for p in places if p.kind != "country") or previous.places
        elif kind == "visit":
            actors, places = previous.actors, places or previous.places
        else:
            actors = previous.actors
        summary = ""
    elif not actors:
        return None
    if kind != "talks" and not actors:
        return None
    anchor = passage.anchor
    evidence = Evidence(
        document=document.name, start=s_start, end=s_start + len(sentence), sentence=sentence,
        trigger=sentence[span[0]:span[1]], date_text=date_text,
        date_start_offset=expr.start if expr else -1, date_end_offset=expr.end if expr else -1,
        date_method=resolved.method,
        anchor_date=_iso(anchor.date), anchor_source=anchor.source, anchor_text=anchor.text,
    )
    strike_figures = figures if kind == "strike" else Figures()
    return EventMention(
        type=kind, status=told.status, date=resolved, date_text=date_text, actors=actors,
        places=places, evidence=evidence,
        drones=strike_figures.drones, missiles=strike_figures.missiles,
        ballistic=strike_figures.ballistic, cruise=strike_figures.cruise,
        killed=strike_figures.killed, injured=strike_figures.injured,
        figures_text=strike_figures.texts,
        summary=summary or summarise(kind, told.status, actors, places, strike_figures),
    )


_BACK_REFERENCE = re.compile(
    r"(?:\b(?:the|this|that|these|his|her|their)\s+(?:[\w-]+\s+)?$)", re.IGNORECASE)
_GOVERNING_REFERENCE = re.compile(
    r"\b(?:during|after|at|following|on the sidelines of|at the end of|in the course of|before)\s+"
    r"(?:the|this|that|his|her|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_EVENT_NOUN = re.compile(r"(?:visit|trip|talks|negotiations|meeting|summit|call|strikes?|attacks?)$", re.IGNORECASE)


# Searched in every sentence read: gated by its nouns, which most sentences lack.
_GOVERNING_EVENT = GatedPattern([
    r"\b(?:during|at|on the sidelines of|in the course of)\s+(?:the|this|that|his|her|their)\s+"
    r"(?:[\w-]+\s+)?(?P<noun>visit|trip|talks|negotiations|meeting|summit)\b"], re.IGNORECASE)
_NOUN_TYPE = {"visit": "visit", "trip": "visit", "talks": "talks", "negotiations": "talks",
              "meeting": "talks", "summit": "talks"}


def _trigger_span(mention: EventMention, s_start: int) -> tuple[int, int]:
    start = mention.evidence.sentence.find(mention.evidence.trigger) if mention.evidence.trigger else -1
    return (start, start + len(mention.evidence.trigger)) if start >= 0 else (0, 0)


def _refers_back(sentence: str, span: tuple[int, int], part_facts: SentenceFacts) -> bool:
    """A definite event noun with no parties of its own names the event just told."""
    word = sentence[span[0]:span[1]].strip()
    if not _EVENT_NOUN.search(word.split()[-1] if word.split() else ""):
        return False
    before = sentence[max(0, span[0] - 40):span[0]]
    if _GOVERNING_REFERENCE.search(before):
        return True
    return bool(_BACK_REFERENCE.search(before)) and not part_facts.actors


def _retold(previous: EventMention, document: Document, passage: Passage, sentence: str,
            s_start: int, span: tuple[int, int], status: str) -> EventMention:
    evidence = Evidence(
        document=document.name, start=s_start, end=s_start + len(sentence), sentence=sentence,
        trigger=sentence[span[0]:span[1]], date_text=previous.date_text,
        date_start_offset=previous.evidence.date_start_offset,
        date_end_offset=previous.evidence.date_end_offset, date_method=previous.date.method,
        anchor_date=_iso(passage.anchor.date),
        anchor_source=passage.anchor.source, anchor_text=passage.anchor.text)
    status = previous.status if status == "occurred" else status
    return replace(previous, status=status, evidence=evidence, drones=None, missiles=None,
                   ballistic=None, cruise=None, killed=None, injured=None, figures_text=())


@functools.lru_cache(maxsize=64)
def _weapon_near(sentence: str) -> bool:
    return _weapon_pattern().search(sentence, within=sentence) is not None


@functools.cache
def _weapon_pattern() -> GatedPattern:
    lex = lexicon()
    return GatedPattern([lex.weapons["drones"], lex.weapons["missiles"]], re.IGNORECASE)


_STRIKE_NOUN = re.compile(r"\b(?:strikes?|attacks?|shelling|bombing)\b", re.IGNORECASE)


def _visit_roles(sentence: str, trigger_start: int, actors: list[str], places: list[PlaceRef],
                 facts: SentenceFacts, speaker: str | None) -> list[str]:
    """[visitor, host]. The visitor is a person: the one named nearest before the trigger
    ("Rutte, who has arrived in Kyiv", "Rutte's visit"), else the first named, else the
    speaker of a first-person text ("I began my visit to Denmark"). The host is the
    country of the place visited, else a named party of another affiliation."""
    persons = [a for a in facts.actors if a.kind == "person"]
    trigger_word = re.match(r"\w+", sentence[trigger_start:])
    if trigger_word and trigger_word.group().lower() in _HOST_VERBS:
        # "Putin hosted Xi", "Trump received Zelensky": the guest follows the verb.
        guests = [a for a in facts.actors if a.start > trigger_start]
        hosts = [a for a in facts.actors if a.end <= trigger_start]
        if guests:
            guest = next((a for a in guests if a.kind == "person"), guests[0])
            host = (gazetteer.actor_affiliation(hosts[-1].name) if hosts else None) or next(
                (p.country for p in places if p.country), None)
            return _unique([guest.name, host if host != gazetteer.actor_affiliation(guest.name) else None])
    before = [a for a in persons if a.end <= trigger_start]
    thanked = re.search(r"\b(?:thank(?:ed|s)?|welcom(?:ed|es)|receiv(?:ed|es)|host(?:ed|s)|greet(?:ed|s))\s+(.{0,60}?)\s+(?:for|on)\s+(?:his|her|their|the)\s+$",
                        sentence[:trigger_start], re.IGNORECASE)
    guests = [a for a in facts.actors if thanked and thanked.start(1) <= a.start and a.end <= thanked.end(1)]
    if guests:
        visitor = guests[0].name  # "thanked the NATO chief for his visit"
    elif before:
        # "Macron, Merz and Starmer arrived in Kyiv": every named guest, in order.
        group = [a.name for a in before if re.fullmatch(r"(?:[\s,]|\band\b|[A-Z][\w'’.-]*)*",
                                                        sentence[a.end:before[-1].start] if a is not before[-1] else "")]
        home = gazetteer.actor_affiliation(before[-1].name)
        hosts = {p.country for p in places}
        guests = [g for g in group if gazetteer.actor_affiliation(g) not in hosts] or [before[-1].name]
        host = next((p.country for p in places if p.country and p.country != home), None)
        return _unique(guests + [host])
    elif persons:
        visitor = persons[0].name
    elif speaker and speaker in actors:
        visitor = speaker
    else:
        # "The leaders of France, Germany and Poland arrived in Kyiv": the parties named
        # before the trigger that are not the host.
        host_countries = {p.country for p in places}
        sides = [a for a in facts.actors if a.end <= trigger_start and a.kind != "person"
                 and a.name not in host_countries]
        if not sides:
            return []
        visitor = sides[0].name
    home = gazetteer.actor_affiliation(visitor)
    host = next((p.country for p in places if p.country and p.country != home), None)
    if host is None:
        host = next((a for a in actors if a != visitor and gazetteer.actor_affiliation(a) != home), None)
    return _unique([visitor, host])


_HOST_VERBS = frozenset({"hosted", "hosts", "hosting", "received", "receives", "receiving",
                         "welcomed", "welcomes", "welcoming"})


def _one_per_event(mentions: list[EventMention]) -> list[EventMention]:
    """Several triggers of one type in one sentence with the same status and date tell one
    event ('Russia launched a massive attack …, firing 450 drones'): keep the first,
    carrying the figures."""
    kept: list[EventMention] = []
    for mention in mentions:
        twin = next((k for k in kept if k.type == mention.type and k.status == mention.status
                     and k.date == mention.date), None)
        if twin is None:
            kept.append(mention)
    return kept


def _with_figures(mention: EventMention, figures: Figures, document: Document, start: int,
                  end: int, sentence: str) -> EventMention:
    evidence = replace(mention.evidence, start=start, end=end, sentence=sentence, trigger="",
                       date_text="", date_start_offset=-1, date_end_offset=-1)
    return replace(
        mention, evidence=evidence, drones=figures.drones, missiles=figures.missiles,
        ballistic=figures.ballistic, cruise=figures.cruise, killed=figures.killed,
        injured=figures.injured, figures_text=figures.texts)


def summarise(kind: str, status: str, actors: list[str] | tuple[str, ...], places: list[PlaceRef] | tuple[PlaceRef, ...],
              figures: Figures) -> str:
    """A one-line, generated description (never the source's own words)."""
    place_names = ", ".join(p.name for p in places[:4]) + (" …" if len(places) > 4 else "")
    if kind == "strike":
        head = f"{actors[0]} strike" if actors else "Strike"
        if len(actors) > 1:
            head += f" on {actors[1]}"
        if place_names:
            head += f" ({place_names})"
        parts = [f"{n} {label}" for n, label in (
            (figures.drones, "drones"), (figures.missiles, "missiles"), (figures.killed, "killed"),
            (figures.injured, "injured")) if n]
        text = head + (": " + ", ".join(parts) if parts else "")
    elif kind == "talks":
        text = "Talks: " + (", ".join(actors) if actors else "parties unnamed")
        if place_names:
            text += f" in {place_names}"
    else:
        text = f"{actors[0] if actors else 'Official'} visit"
        if len(actors) > 1:
            text += f" to {actors[1]}"
        if place_names:
            text += f" ({place_names})"
    if status != "occurred":
        text += f" [{status}]"
    return text
