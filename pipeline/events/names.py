"""What each name of a sentence names here: an actor, a place, or both.

A name span (found by the lexicon) may be an actor ("Russia", "Zelenskyy", "Israeli",
"the Kremlin"), a place ("Kharkiv", "Natanz") or either ("Kyiv": a city, and the seat of
Ukraine's government). How English news marks which:
- after a locative preposition ("in Kyiv", "across Iran", "near the city of Kursk") a
  name is a place (a country so named is also the side it belongs to);
- an adjective ("Russian drones") or a possessive owner ("Ukraine's air force",
  "Russia's Krasnodar region") is an actor, not the place;
- a seat of government elsewhere ("Moscow said", "talks between Kyiv and Washington")
  is the government;
- a place name that is also a common English word or name counts only after a locative.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from .. import lang, types
from ..annotate import AnnotatedSentence
from ..gazetteer import actors, places
from ..gazetteer.actors import Actor
from ..gazetteer.places import Place, PlaceContext


@dataclass(frozen=True, slots=True)
class NameRef:
    first: int
    last: int
    written: str
    actor: Actor | None  # the actor it names here
    form: str  # how: "name", "alias", "adjective", "seat"
    place: Place | None  # the place it names here
    possessive: bool  # followed by 's
    locative: bool  # preceded by a locative preposition

    @property
    def side(self) -> str:
        return actors.side(self.actor.name) if self.actor else ""


@functools.cache
def _calendar_words() -> frozenset[str]:
    calendar = lang.language("en")["calendar"]
    abbreviations = [a for forms in calendar["month_abbreviations"] + calendar["weekday_abbreviations"] for a in forms]
    return frozenset(calendar["months"] + calendar["weekdays"] + abbreviations)


_CAPITAL_WORDS = ("city", "capital", "town", "village", "port", "regional", "provincial")


def _is_locative(sentence: AnnotatedSentence, first: int) -> bool:
    """A locative preposition before the name, allowing "the", "city of", "capital,"…"""
    i = first - 1
    skipped = 0
    while i >= 0 and skipped < 4:
        low = sentence.lower(i)
        if sentence.at("locative", i) is not None and low != "of":
            return True
        if low == "of" and i > 0 and sentence.lower(i - 1) in _CAPITAL_WORDS:
            i -= 2
            skipped += 2
            continue
        if low == "of" and i > 1 and sentence.lower(i - 1) in _part_nouns() and sentence.lower(i - 2) == "the":
            return True  # "the heart of Damascus", "the outskirts of Kharkiv"
        if low in ("and", "or") and i > 0:
            # "in Cairo and Doha": a place listed after a place
            name = sentence.at("name", i - 1)
            return name is not None and _is_locative(sentence, name.first)
        if low in ("the", ",", "of") or low in _CAPITAL_WORDS or low == "'s":
            i -= 1
            skipped += 1
            if low in _CAPITAL_WORDS:
                # "in the Albanian capital Tirana", "in the southern Ukrainian city of Kherson"
                name = sentence.at("name", i)
                if name is not None:
                    i = name.first - 1
                while i >= 0 and sentence.lower(i) in _compass():
                    i -= 1
            continue
        return False
    return False


@functools.cache
def _part_nouns() -> frozenset[str]:
    return frozenset(lang.words("places", "part_nouns"))


@functools.cache
def _compass() -> frozenset[str]:
    return frozenset(w.lower() for w in lang.words("places", "compass"))


def _personal(sentence: AnnotatedSentence, span) -> bool:
    """A one-word name that opens a person's name: followed by a capitalised word that is
    no name we know ("Nabil Abdallah"), or after a title ("Gen.", "Sheikh")."""
    if span.last - span.first != 1:
        return False
    following = sentence.tokens.words[span.last] if span.last < len(sentence) else ""
    if following[:1].isupper() and following.isalpha() and sentence.at("name", span.last) is None \
            and following not in _calendar_words() and following.lower() not in _place_kinds():
        return True
    return sentence.lower(span.first - 1).rstrip(".") in _titles()


@functools.cache
def _titles() -> frozenset[str]:
    return frozenset(w.lower().rstrip(".") for w in lang.words("text", "person_titles"))


@functools.cache
def _place_kinds() -> frozenset[str]:
    return frozenset(lang.words("places", "region_words")) | frozenset(lang.words("places", "part_nouns")) | {
        "city", "airport", "port", "river", "valley", "mountains", "island", "bridge", "dam", "base"}


def _possessive(sentence: AnnotatedSentence, last: int) -> bool:
    return sentence.lower(last) in ("'s", "’s")


def _in_office(names: tuple[str, ...], year: int | None) -> list[str]:
    """Of people who share a surname, those whose role spans the year, when the roles of
    all of them are dated (one undated: no guess)."""
    people = [actors.actor_named(n) for n in names]
    if year is None or len(people) < 2 or any(p is None or p.start_year is None for p in people):
        return []
    return [p.name for p in people if p.start_year <= year and (p.end_year is None or year <= p.end_year)]


def read_names(sentence: AnnotatedSentence, context: Counter, year: int | None = None,
               people: frozenset[str] = frozenset()) -> list[NameRef]:
    """Every name of the sentence, read as actor and/or place. `context` counts the
    countries the text has been about so far (for choosing among places of one name);
    `year` is the text's, for the holder of an office ("Qatar's emir")."""
    refs: list[NameRef] = []
    nearby = frozenset()
    spans = sentence.by_label.get("name", ())
    options = {span: (actors.candidates(span.value), places.candidates(span.value)) for span in spans}
    # Regions and countries named in the sentence settle which of several places is meant.
    for _, found in options.values():
        if len(found) == 1:
            nearby |= {found[0].name, found[0].country}
    place_context = PlaceContext(dict(context), nearby)
    sided = {name for name, spec in types.registry().items() if spec.sided}
    guest = {name for name, spec in types.registry().items() if spec.guest}
    hit_by = {t.last for t in sentence.by_label.get("trigger", ()) if t.value.type in sided
              and not t.value.forms <= {"noun"}}
    # "Zelensky visited Brussels": the object of a travel verb is where the visitor went
    # (not of a host's verb: "Putin hosted Xi")
    hit_by |= {t.last for t in sentence.by_label.get("trigger", ()) if t.value.type in guest
               and not t.value.forms <= {"noun"} and not t.value.host}
    # "Port Sudan was hit", "Kyiv came under attack": the subject of a passive strike
    hit_subjects = {t.first - 1 for t in sentence.by_label.get("trigger", ()) if t.value.type in sided
                    and sentence.lower(t.first - 1) in ("was", "were", "is", "are", "been")} | {
        t.first - 2 for t in sentence.by_label.get("trigger", ()) if t.value.type in sided
        and sentence.lower(t.first - 1) in ("under", "again")}
    named_here = frozenset(a.name for opts, _ in options.values() for a, _ in opts if a.kind == "person")
    for span in spans:
        actor_options, place_options = options[span]
        if not actor_options and not _is_locative(sentence, span.first):
            # "Kim Jong Un … before meeting Kim": a shared surname of someone named before
            holders = [n for n in actors.surname_holders(span.value) if n in people or n in named_here]
            if not holders:
                # "Modi and Sharif spoke" in 2025: the one of them in office that year
                holders = _in_office(actors.surname_holders(span.value), year)
            if len(holders) == 1:
                actor_options, place_options = ((actors.actor_named(holders[0]), "name"),), ()
        # the object of a strike verb is where it hit ("Russia pounded Kyiv")
        # "on United States-Ukraine talks": a pair of names modifies the noun after it
        paired = sentence.lower(span.last) in ("-", "–") and sentence.at("name", span.last + 1) is not None
        locative = (_is_locative(sentence, span.first) and not paired) or span.first in hit_by or (
            sentence.lower(span.first - 1) == "the" and span.first - 1 in hit_by) or span.last in hit_subjects
        possessive = _possessive(sentence, span.last)
        actor, form = _actor_reading(actor_options)
        place = places.choose(place_options, place_context) if place_options else None
        if actor is not None and actor.kind == "other":
            continue  # a newspaper's or a treaty's name: no actor, no place
        if form == "adjective" and actor is not None and actor.seat and sentence.lower(span.last) == "capital":
            # "in the Emirati capital": the city, no party
            seat = places.place_named(actor.seat)
            if seat is not None:
                refs.append(NameRef(span.first, span.last + 1, sentence.words(span.first, span.last + 1),
                                    None, "", seat, False, True))
                continue
        if place is not None and actor is not None and form == "name" and (
                actor.kind in ("group", "organisation") or (actor.kind == "person" and not _is_locative(sentence, span.first))):
            # "struck Hamas leaders", "called on NATO members": the group, not a town that
            # shares its name; an alliance or a movement is never where something happened
            place = None
        if place is not None and span.value in _calendar_words():
            place = None  # "March", "Sunday"
        if place is not None and actor is None and not locative and _personal(sentence, span):
            place = None  # "Brig. Gen. Nabil Abdallah": a first name, not the Tunisian region
        if place is not None:
            word = places.is_word(span.value)
            if form == "adjective" or (possessive and actor is not None and not (form == "seat" and locative)):
                place = None  # "Russian drones", "Ukraine's air force" (not "struck Port Sudan's fuel depot")
            elif word and not locative:
                place = None  # "Most of the missiles", "Police said"
            elif actor is not None and not locative and place.kind == "city":
                place = None  # "Moscow said": the government
            elif actor is not None and not locative and place.kind == "country":
                place = None  # "Russia launched": the side
            elif actor is not None and locative and place.kind != "country" and form in ("seat", "alias"):
                actor = None  # "in Kyiv": the city, not the government
        refs.append(NameRef(span.first, span.last, sentence.words(span.first, span.last),
                            actor, form, place, possessive, locative))
    return _office_holders(sentence, refs, year) if sentence.by_label.get("office") else refs


def _office_holders(sentence: AnnotatedSentence, refs: list[NameRef], year: int | None) -> list[NameRef]:
    """'Qatar's emir', 'the Russian president', 'the emir of Qatar', 'NATO's secretary
    general': the person who held that office in the text's year, in place of the state."""
    done = []
    for ref in refs:
        person = ""
        if ref.actor is not None and ref.actor.kind != "person":
            after = ref.last + 1 if ref.possessive else ref.last
            office = sentence.at("office", after)
            if office is not None and office.first == after:
                person, last = actors.office_holder(office.value, ref.side, year), office.last
            elif sentence.lower(ref.first - 1) == "of" and not ref.locative:
                office = sentence.at("office", ref.first - 2)
                if office is not None and office.last == ref.first - 1:
                    person, last = actors.office_holder(office.value, ref.side, year), ref.last
                    ref = NameRef(office.first, ref.last, ref.written, ref.actor, ref.form, None, False, False)
        holder = actors.actor_named(person) if person else None
        if holder is not None:
            ref = NameRef(ref.first, last, sentence.words(ref.first, last), holder, "office", None, False, False)
        done.append(ref)
    return done


def _actor_reading(options) -> tuple[Actor | None, str]:
    if not options:
        return None, ""
    # A person or group by name before a country's adjective; "name" before "alias".
    rank = {"name": 0, "alias": 1, "seat": 2, "adjective": 3}
    actor, form = min(options, key=lambda o: (rank.get(o[1], 4), o[0].kind == "country"))
    return actor, form
