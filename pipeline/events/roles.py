"""Who does what in a sentence: subjects, objects and the speaker behind a report.

Shared by the rule modules of the event types (pipeline/events/rules/). English news
puts the doer before the verb ("Russia launched…"), as an adjective or owner of the
event noun ("Israeli strikes", "Russia's attack"), or after "by" ("was hit by Russian
missiles"); the one acted on after the verb or after "on/against/at" ("an attack on
Kyiv"). A report's source ("Pakistan said India struck…", "…, the military said") is
not the doer; an accusation's object is ("Moscow accused Kyiv of attacking…").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..annotate import AnnotatedSentence
from .names import NameRef

OBJECT_PREPOSITIONS = frozenset({"on", "against", "at", "into", "in", "of", "to", "from", "for", "with",
                                 "over", "near", "across", "toward", "towards", "targeting", "by",
                                 "between", "inside", "outside", "around", "via", "through", "and"})
TARGET_PREPOSITIONS = frozenset({"on", "against", "at", "into", "in", "across", "over", "targeting",
                                 "toward", "towards", "near", "inside", "throughout", "upon"})
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "be", "is", "are", "got", "get"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})


@dataclass
class Context:
    """What the sentences before have named: for pronouns and unnamed parties."""

    speaker: str | None = None  # the person speaking in a first-person text
    last_person: NameRef | None = None
    last_actor: NameRef | None = None
    last_group: NameRef | None = None  # "the group", "the militants"
    last_speaker: NameRef | None = None  # the person last named as saying something
    people: set = field(default_factory=set)  # every person the text has named
    sides: object = None  # Counter of the sides the document names (for "the two sides")
    named: Counter = field(default_factory=Counter)  # the sides named as actors, not as places
    year: int | None = None  # the year of the passage read (who held an office then)
    posed_late: object = None  # "told reporters late Thursday": the day the quote that follows was said
    last_city: object = None  # the city the sentence before named last (a Place), for "the city"


def preposition_before(sentence: AnnotatedSentence, first: int) -> str:
    """The preposition just before a name, skipping "the" and adjectives of place."""
    i = first - 1
    while i >= 0 and sentence.lower(i) in ("the", "a", "an", "city", "capital", "town", "of", ",", "'s"):
        if sentence.lower(i) == "of" and i > 0 and sentence.lower(i - 1) not in ("city", "capital", "town"):
            return "of"
        i -= 1
    return sentence.lower(i) if i >= 0 else ""


def told_from(sentence: AnnotatedSentence, index: int, lo: int = 0) -> int:
    """Where the words after the last reporting cue before `index` begin (lo: none)."""
    span = sentence.last_before("reporting", index, lo)
    if span is None:
        return lo
    after = span.last
    if sentence.lower(after) == "that":
        after += 1
    return after


def actors_between(refs: list[NameRef], lo: int, hi: int) -> list[NameRef]:
    return [r for r in refs if r.actor is not None and lo <= r.first and r.last <= hi]


_COORDINATORS = frozenset({"and", ",", "the", "&"})
_SPONSOR_WORDS = frozenset({"made", "built", "designed", "supplied", "backed", "funded", "aligned", "allied",
                            "sponsored", "armed", "trained"})


def sponsor(sentence: AnnotatedSentence, ref: NameRef) -> bool:
    """'Iran-backed militias', 'Israeli-made drones': a name that tells a maker or a
    sponsor of what follows, not who acts."""
    return sentence.lower(ref.last) == "-" and sentence.lower(ref.last + 1) in _SPONSOR_WORDS


def coordination(sentence: AnnotatedSentence, found: list[NameRef], k: int) -> list[NameRef]:
    """The actors coordinated with found[k] ("the U.S. and British militaries",
    "Australia, Bahrain, Canada and the Netherlands"), in order."""
    lo = hi = k
    while lo > 0 and _coordinated(sentence, found[lo - 1], found[lo]):
        lo -= 1
    while hi + 1 < len(found) and _coordinated(sentence, found[hi], found[hi + 1]):
        hi += 1
    return found[lo:hi + 1]


def _coordinated(sentence: AnnotatedSentence, left: NameRef, right: NameRef) -> bool:
    between = sentence.tokens.lower[left.last:right.first]
    return 0 < len(between) <= 2 and all(w in _COORDINATORS for w in between) and between[0] != "the"


def subject_group(sentence: AnnotatedSentence, refs: list[NameRef], index: int, lo: int) -> list[NameRef]:
    """The actors doing what token `index` tells: the coordination nearest before it in
    [lo, index) that no preposition makes an object of ("with support from Australia,
    Bahrain and Canada" is not the subject; "The U.S. and British militaries" is)."""
    found = [r for r in actors_between(refs, lo, index) if not sponsor(sentence, r)]
    k = len(found) - 1
    while k >= 0:
        group = coordination(sentence, found[:k + 1], k)
        first = group[0]
        if preposition_before(sentence, first.first) in OBJECT_PREPOSITIONS and first.form != "adjective" \
                and sentence.lower(first.first - 1) != "and":
            k -= len(group)
            continue
        return group
    return []


def subject_before(sentence: AnnotatedSentence, refs: list[NameRef], index: int, lo: int) -> NameRef | None:
    """The first actor of the subject before token `index` (see subject_group)."""
    group = subject_group(sentence, refs, index, lo)
    return group[0] if group else None


def pronoun_subject(sentence: AnnotatedSentence, index: int, lo: int) -> int | None:
    """The token of a subject pronoun just before `index` ("it had struck", "he met")."""
    for i in range(index - 1, max(lo, index - 4) - 1, -1):
        if sentence.lower(i) in SUBJECT_PRONOUNS:
            if sentence.lower(i + 1) in _COPULAS and sentence.lower(i + 2) in _ARTICLES:
                return None  # "It was the fifth attack…": the event itself, no one's act
            return i
    return None


_COPULAS = frozenset({"was", "is", "'s", "’s"})
_ARTICLES = frozenset({"the", "a", "an"})


def resolve_pronoun(sentence: AnnotatedSentence, refs: list[NameRef], pronoun: int,
                    context: Context, person: bool) -> NameRef | None:
    """A pronoun's antecedent: the subject of the report it stands in ("Pakistan …,
    saying it had struck…"), else the last person or actor named before."""
    word = sentence.lower(pronoun)
    if word in ("i", "we"):
        return quote_speaker(sentence, refs, context)
    candidates = [r for r in actors_between(refs, 0, pronoun)
                  if (r.actor.kind == "person") == person or (not person and r.actor.kind != "person")]
    if word in ("he", "she"):
        candidates = [r for r in candidates if r.actor.kind == "person"]
    elif word == "it":
        candidates = [r for r in candidates if r.actor.kind != "person"]
    for ref in candidates:
        if preposition_before(sentence, ref.first) not in OBJECT_PREPOSITIONS:
            return ref
    if word in ("he", "she"):
        return context.last_person
    if word in ("it", "they") and _group_subject(sentence, pronoun) and context.last_group is not None:
        return context.last_group
    return context.last_actor if not person else context.last_person


_QUOTES = frozenset({"\"", "“", "”"})


def quote_speaker(sentence: AnnotatedSentence, refs: list[NameRef], context: Context) -> NameRef | None:
    """Who says "we" in a quote: the subject of its reporting verb ('"…we will not strike
    theirs," he said', '"…," Zelensky said')."""
    if not any(sentence.lower(i) in _QUOTES for i in range(len(sentence))):
        return None
    for span in sentence.by_label.get("reporting", ()):
        before = [r for r in actors_between(refs, max(0, span.first - 4), span.first) if r.actor.kind == "person"]
        after = [r for r in actors_between(refs, span.last, span.last + 4) if r.actor.kind == "person"]
        if before or after:
            return (before or after)[-1 if before else 0]
        if sentence.lower(span.first - 1) in ("he", "she") or sentence.lower(span.last) in ("he", "she"):
            return context.last_speaker or context.last_person
    return None


_GROUP_NOUNS = frozenset({"group", "movement", "militia", "rebels", "militants", "insurgents",
                          "paramilitaries", "paramilitary", "organisation", "organization", "faction"})


def group_object(sentence: AnnotatedSentence, lo: int, hi: int, context: Context) -> NameRef | None:
    """'strikes on the group', 'attacks against the rebels': the group named before."""
    for i in range(lo, min(hi, len(sentence)) - 2):
        if sentence.lower(i) in TARGET_PREPOSITIONS and sentence.lower(i + 1) == "the" \
                and sentence.lower(i + 2) in _GROUP_NOUNS:
            return context.last_group
    return None


def _group_subject(sentence: AnnotatedSentence, before: int) -> bool:
    """'The group said it…', 'The rebels claimed they…': a group named by a common noun."""
    return any(sentence.lower(i) in _GROUP_NOUNS and sentence.lower(i - 1) == "the"
               for i in range(max(1, before - 6), before))


def passive(sentence: AnnotatedSentence, first: int) -> bool:
    """'was hit', 'were struck', 'had been attacked': the subject is what was acted on."""
    for i in range(first - 1, max(0, first - 3) - 1, -1):
        word = sentence.lower(i)
        if word in PASSIVE_AUXILIARIES:
            return True
        if word not in ("reportedly", "also", "not", "n't", "allegedly", "again", "later", "then", "had", "have", "has"):
            return False
    return False


def agent_after(sentence: AnnotatedSentence, refs: list[NameRef], index: int, hi: int) -> NameRef | None:
    """The actor after 'by' following token `index` ("hit by Russian missiles")."""
    for by in range(index, hi):
        if sentence.lower(by) == "by":
            for ref in actors_between(refs, by + 1, min(hi, by + 5)):
                return ref
            return None
    return None


def main_subject(sentence: AnnotatedSentence, refs: list[NameRef], context: Context,
                 person: bool = True) -> NameRef | None:
    """The subject of the sentence's first clause: its first actor not after a
    preposition, or the antecedent of a subject pronoun that opens it ("He said…")."""
    for i in range(min(len(sentence), 12)):
        word = sentence.lower(i)
        if word in SUBJECT_PRONOUNS:
            return resolve_pronoun(sentence, refs, i, context, person)
        ref = next((r for r in refs if r.first == i and r.actor is not None), None)
        if ref is not None and preposition_before(sentence, ref.first) not in OBJECT_PREPOSITIONS:
            if not person or ref.actor.kind == "person" or ref.form != "adjective":
                return ref
        if sentence.at("clause_break", i) is not None and i > 3 and word not in (",",):
            break
    return None


_OWN_PARTIES = frozenset({"delegation", "delegations", "negotiators", "team", "envoy", "envoys",
                          "officials", "representatives", "forces", "troops", "military", "army",
                          "navy", "diplomats", "minister", "leader", "president"})


def own_party(sentence: AnnotatedSentence, lo: int, hi: int) -> bool:
    """'its delegation', 'their negotiators': the party of whoever reports it."""
    return any(sentence.lower(i) in ("its", "their") and sentence.lower(i + 1) in _OWN_PARTIES
               for i in range(lo, hi))


def reporting_subject(sentence: AnnotatedSentence, refs: list[NameRef], index: int) -> NameRef | None:
    """Who reports what stands at `index`: the actor before the last reporting cue
    ("Ukraine's General Staff said its drones…")."""
    cue = sentence.last_before("reporting", index)
    if cue is None:
        return None
    for ref in reversed(actors_between(refs, 0, cue.first)):
        if preposition_before(sentence, ref.first) not in OBJECT_PREPOSITIONS or ref.possessive:
            return ref
    return None
