"""Talks: the parties, and whether two sides meet at all.

A meeting of one side's own people ("Zelensky met his commanders") is no talks: the
parties must belong to two sides, or one side must meet at a venue of another country
("the envoy held talks in Moscow").
"""
from __future__ import annotations

from ...annotate import AnnotatedSentence
from ...gazetteer import actors
from ..names import NameRef
from ..roles import Context, actors_between, coordination, passive, preposition_before
from ..triggers import Frame, hosting
from . import Roles, frame_places, with_affiliations
from .parties import parties, window


_BOTH = ("two sides", "both sides", "the two parties", "both parties", "the two armies", "the two countries", "the two leaders",
         "the two governments", "the two militaries", "the two delegations", "both countries",
         "both armies", "both governments", "the neighbours", "the neighbors")


def _both_sides(sentence: AnnotatedSentence, frame: Frame, context: Context) -> list[str]:
    """'The two armies spoke by telephone': the two sides the document names most."""
    words = " ".join(sentence.tokens.lower[frame.lo:frame.hi])
    named = context.named or context.sides  # sides named as actors, not places
    if not any(phrase in words for phrase in _BOTH) or not named:
        return []
    both = [side for side, _ in named.most_common(2)]
    return both if len(both) == 2 else []  # one side named so far: no pair to take


def _with_someone_else(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef]) -> bool:
    """'met privately with families of hostages': a counterpart that is no party."""
    after = frame.head.last
    for i in range(after, min(frame.hi, after + 3)):
        if sentence.lower(i) == "with":
            return not any(r.actor is not None and i < r.first <= i + 4 for r in refs)
    return False


def _other_side(sides: set[str], context: Context) -> str:
    if not context.sides or len(sides) != 1:
        return ""
    for side, count in context.sides.most_common(3):
        if side not in sides and count >= 2 and actors.actor_named(side) is not None \
                and actors.actor_named(side).kind == "country":
            return side
    return ""


def read(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> Roles | None:
    if not frame.head.noun and passive(sentence, frame.head.first):
        return None  # "were met at the station by…": a welcome, not talks
    if hosting(sentence, frame.head.first):
        guest = next((r for r in refs if r.first >= frame.head.last and r.actor is not None), None)
        if guest is not None and guest.first <= frame.head.last + 1 and guest.possessive and not any(
                sentence.at(label, i) is not None for label in ("party_noun", "office", "people")
                for i in range(guest.last, guest.last + 4)):
            return None  # "Qatar hosts Hamas's political office": a thing hosted, not a guest
    found = parties(sentence, frame, refs, context)
    venues = frame_places(sentence, frame, refs)
    dated = bool(sentence.dates) and any(frame.lo <= d.first < frame.hi for d in sentence.dates)
    if not found and (sentence.has("party_noun", frame.lo, frame.hi) or (dated and any(p.kind == "city" for p in venues))):
        # "The two delegations met in Geneva", "Talks resumed in Abu Dhabi": talks whose
        # parties the sentence leaves to the text
        both = _both_sides(sentence, frame, context)
        return Roles(both, venues, borrow=not both, unnamed=True)
    if len({actors.side(n) or n for n in found}) < 2:
        both = _both_sides(sentence, frame, context)
        if both:
            return Roles(both, frame_places(sentence, frame, refs),
                         notes=[f"parties not named: the two sides this document names most, {both[0]} and {both[1]}"])
    lo, hi = window(sentence, frame, refs)
    topics = {r.place.name for r in refs if r.place is not None and preposition_before(sentence, r.first) in ("on", "about", "over")}
    places = [p for p in frame_places(sentence, frame, refs) if p.name not in topics]  # "a meeting on Lebanon"
    sides = {actors.side(name) or name for name in found}
    venue_countries = {p.country for p in places if p.country}
    counterpart = _with_someone_else(sentence, frame, refs)
    if found and len(sides) < 2 and (not (venue_countries - sides) or counterpart):
        other = _other_side(sides, context)
        if other and not counterpart and frame.head.noun:
            # "The Ukrainian side said after the talks…": the side this document names most
            # opposite it
            return Roles(found + [other], places,
                         notes=[f"other party not named: {other}, the side this document names most besides"])
        if counterpart:
            return None  # "met privately with families of hostages"
        if sentence.has("party_noun", max(frame.lo, frame.head.first - 4), frame.head.first):
            # "The leaders also held a call with Donald Trump": the unnamed side is the one
            # of the talks just told
            return Roles(found, places, borrow=True, unnamed=True)
        if hosting(sentence, frame.head.first) and \
                sentence.has("party_noun", frame.head.last, min(frame.hi, frame.head.last + 3)):
            # "Macron hosted leaders of the coalition": guests told but not named
            return Roles(found, places, unnamed=True)
        # One side alone at home: an internal meeting, unless the parties are to be
        # taken from the talks just told ("The talks lasted five hours").
        return Roles([], places, borrow=True)
    return Roles(found, places, borrow=len(sides) < 2, split=_separate_calls(sentence, frame, refs, found))


_SEPARATELY = (("with", "both"), ("separately", "with"), ("with", "each", "of"))


def _separate_calls(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], found: list[str]) -> list[list[str]]:
    """'spoke by phone with both Netanyahu and Qatar's emir': one call with each."""
    if not (sentence.has("phone", frame.lo, frame.hi) or any("call" in sentence.lower(t.first) for t in frame.triggers)):
        return []
    words = sentence.tokens.lower
    for i in range(frame.head.last, min(frame.hi, frame.head.last + 8)):
        cue = next((c for c in _SEPARATELY if tuple(words[i:i + len(c)]) == c), None)
        if cue is None:
            continue
        after = [r for r in actors_between(refs, i + len(cue), frame.hi)]
        if not after:
            return []
        group = coordination(sentence, after, 0)
        counterparts = list(dict.fromkeys(r.actor.name for r in group))  # an apposition names one twice
        if len(counterparts) < 2:
            return []
        # the caller: what the frame names before the cue, people first
        callers = [n for n in found if n not in counterparts and all(
            actors.side(n) != actors.side(c) for c in counterparts)]
        people = [n for n in callers if (actors.actor_named(n) or _NOBODY).kind == "person"] or callers
        return [with_affiliations(people + [c]) for c in counterparts]
    return []


_NOBODY = actors.Actor("", "", "")
