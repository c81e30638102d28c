"""Visits: the visitor first, then the host.

"Putin hosted Xi" and "Trump welcomed Zelensky": the guest follows the verb and the
host is the subject. Otherwise the visitor is the person (or people: "Macron, Merz and
Starmer arrived in Kyiv") named before the trigger, the owner of the visit noun
("Biden's visit to Kyiv"), a pronoun's antecedent, or the speaker of a first-person
text; the host is the country of the place visited, else a party of another side.
"""
from __future__ import annotations

from ...annotate import AnnotatedSentence
from ...gazetteer import actors
from ..names import NameRef
from ..roles import (Context, actors_between, own_party as _own_party, preposition_before,
                     pronoun_subject, reporting_subject, resolve_pronoun, told_from)
from ..triggers import Frame
from . import Roles, frame_places, unique, with_affiliations

_NOBODY = actors.Actor("", "", "")
# A name after these is no guest of a host's verb ("welcomed progress toward peace between
# Armenia and…", "received refugees from Sudan").
_NO_GUEST_AFTER = frozenset({"from", "of", "by", "between", "toward", "towards", "on", "for", "against", "about"})


def _hosts_an_event(sentence: AnnotatedSentence, after: int) -> bool:
    """'host talks', 'hosted a summit of…': what is hosted is a meeting, not a guest."""
    i = after
    while sentence.lower(i) in ("a", "an", "the", "new", "fresh", "direct", "indirect", "peace", "further"):
        i += 1
    span = sentence.at("trigger", i)
    return span is not None and span.first == i and span.value.type != "visit" and "noun" in span.value.forms


def _offered_by(sentence: AnnotatedSentence, ref: NameRef) -> bool:
    """'an offer from Kremlin foreign policy aide Yuri Ushakov to come to Moscow': who
    invites, named after "from" and a title, is not who would come."""
    for i in range(ref.first - 1, max(-1, ref.first - 7), -1):
        word = sentence.lower(i)
        if word == "from":
            return True
        if word in (",", ";", "and", "said", "says", "who"):
            return False
    return False


def _guests_before(sentence: AnnotatedSentence, refs: list[NameRef], index: int, lo: int) -> list[NameRef]:
    """The people named before the trigger, as a list ("Macron, Merz and Starmer")."""
    before = [r for r in actors_between(refs, lo, index) if r.actor.kind == "person"
              and preposition_before(sentence, r.first) not in ("with", "by", "to", "of", "for", "from")
              and not _offered_by(sentence, r)]
    if not before:
        return []
    group = [before[-1]]
    for ref in reversed(before[:-1]):
        between = sentence.tokens.lower[ref.last:group[0].first]
        if all(w in (",", "and") or not w.isalpha() or sentence.tokens.words[ref.last + i][:1].isupper()
               for i, w in enumerate(between)):
            group.insert(0, ref)
        else:
            break
    return group


def _listed_after_colon(sentence: AnnotatedSentence, refs: list[NameRef], index: int, hi: int) -> list[str]:
    """"Seven leaders came to Kyiv: the Prime Minister of Britain, the President of
    France…": the people a colon lists after a subject that only counts them."""
    colon = next((i for i in range(index, hi) if sentence.lower(i) == ":"), None)
    if colon is None:
        return []
    return unique(r.actor.name for r in actors_between(refs, colon + 1, len(sentence)) if r.actor.kind == "person")


def read(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> Roles | None:
    trigger = frame.head
    places = frame_places(sentence, frame, refs)
    # where the trip goes: the places after the trigger ("Speaking in Beijing, Putin said
    # Zelensky could come to Moscow"), else any
    after = {r.place.name for r in refs if r.place is not None and r.first >= trigger.last}
    destinations = [p for p in places if p.name in after] or places
    if trigger.word.host and _hosts_an_event(sentence, trigger.last):
        return None  # "is set to host talks between…": the talks, no guest's trip told
    if trigger.word.host:
        # (a long name may run past the reach: "Sudan's army chief Abdel Fattah al-Burhan")
        # ("received 2,000 refugees from Sudan": where they came from is no guest)
        guests = [r for r in refs if r.actor is not None and trigger.last <= r.first < min(frame.hi, trigger.last + 5)
                  and r.actor.kind in ("person", "country") and not r.possessive
                  and preposition_before(sentence, r.first) not in _NO_GUEST_AFTER]
        if not guests:
            return None
        guest = next((r for r in guests if r.actor.kind == "person"), guests[0])
        host_ref = next((r for r in reversed(actors_between(refs, frame.lo, trigger.first))), None)
        host = host_ref.side if host_ref else next((p.country for p in destinations), "")
        if host == guest.side:
            return None
        return Roles(with_affiliations(unique([guest.actor.name])) + [host] if host else
                     with_affiliations([guest.actor.name]), places)
    start = told_from(sentence, trigger.first, frame.lo)
    visitors = [r.actor.name for r in _guests_before(sentence, refs, trigger.first, start)]
    if trigger.noun and sentence.lower(trigger.last) == "by":
        after = actors_between(refs, trigger.last + 1, min(frame.hi, trigger.last + 6))
        if after:
            visitors = [after[0].actor.name]
    if trigger.noun and sentence.has("in_the_course_of", max(frame.lo, trigger.first - 3), trigger.first):
        # "…, speaking during a visit to Kyiv": the one who speaks is the visitor
        source = reporting_subject(sentence, refs, trigger.first)
        people = [r for r in actors_between(refs, frame.lo, trigger.first) if r.actor.kind == "person"]
        if source is not None and source.actor.kind == "person":
            visitors = [source.actor.name]
        elif people and not visitors:
            visitors = [people[0].actor.name]
    if not visitors:
        pronoun = pronoun_subject(sentence, trigger.first, frame.lo)
        antecedent = resolve_pronoun(sentence, refs, pronoun, context, person=True) if pronoun is not None else None
        if antecedent is not None:
            visitors = [antecedent.actor.name]
        elif context.speaker and sentence.has("first_person", frame.lo, trigger.first + 1):
            visitors = [context.speaker]
        elif _own_party(sentence, frame.lo, trigger.first):
            source = reporting_subject(sentence, refs, trigger.first)
            visitors = [source.side] if source and source.side else []
        else:
            sides = [r for r in actors_between(refs, start, trigger.first) if r.actor.kind != "person"
                     and preposition_before(sentence, r.first) not in ("in", "to", "at")]
            # "The leaders of Italy, Canada and Belgium and the head of the European
            # Commission arrived": every side the subject names
            visitors = unique(r.actor.name for r in sides)
    if not visitors and sentence.has("party_noun", start, trigger.first):
        visitors = _listed_after_colon(sentence, refs, trigger.last, frame.hi)
    if not visitors:
        return Roles([], places, borrow=True)
    if "with_place" in trigger.word.needs and trigger.word.forms <= {"verb_past", "verb_present", "verb_base"} \
            and not any((actors.actor_named(v) or _NOBODY).kind == "person" for v in visitors):
        return None  # "the delegation is in Istanbul": a presence, not an official's visit
    home = {actors.side(v) for v in visitors}
    host = next((p.country for p in destinations if p.country and p.country not in home), "")
    if not host:
        others = [r for r in actors_between(refs, trigger.last, frame.hi) if r.side and r.side not in home]
        host = others[0].side if others else ""
    if not host and not destinations:
        return None  # nowhere named and nobody visited: no visit
    return Roles(with_affiliations(visitors) + ([host] if host else []), places)
