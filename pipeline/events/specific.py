"""Whether a frame tells one event or names a topic.

"Negotiations to end the war", "amid heavy bombardments", "strikes are now regular":
an event noun alone is a topic. It tells an event when the sentence gives it a date, a
place, figures, a party of its own ("Israeli strikes", "Biden's visit", "the
Trump-Putin summit") or a verb that holds it ("held talks", "launched an attack").
Some trigger words tell their type only with a companion the spec names: a weapon
("launched 70 missiles"), a party ("spoke with Putin"), a place ("was in Kyiv"),
captives ("swapped 84 prisoners"), or something hit ("hit Kyiv", "targeted air bases").
"""
from __future__ import annotations

from ..annotate import AnnotatedSentence, DateSpan
from .names import NameRef
from .. import types
from ..gazetteer import actors
from .triggers import Frame, Trigger, clause_of, hosting

_REACH = 6  # tokens after a trigger in which its companion is looked for
# Before an event noun, these make it one event ("the talks began"); a bare plural is a
# kind of event ("Talks that begin under threats can still succeed").
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
                          "her", "our", "first", "second", "third", "latest", "new", "fresh",
                          "last", "next", "another", "an"})


def _names_after(refs: list[NameRef], trigger: Trigger, hi: int, reach: int = _REACH) -> list[NameRef]:
    return [r for r in refs if trigger.last <= r.first < min(hi, trigger.last + reach)]


OPERATION = "military operation"  # the role of a named operation in the actors' table


def _operation_between(sentence: AnnotatedSentence, lo: int, hi: int) -> bool:
    """A named military operation ("Operation Spiderweb"; no actor, so not among the refs)."""
    return any(a.kind == "other" and a.role == OPERATION for span in sentence.labelled("name", lo, hi)
               for a, _ in actors.candidates(span.value))


def _determined(sentence: AnnotatedSentence, first: int) -> bool:
    """A determiner before the noun, over its adjectives ("a complete and total ceasefire")."""
    for i in range(first - 1, max(-1, first - 5), -1):
        word = sentence.lower(i)
        if word in _DETERMINERS:
            return True
        if not (word in ("and", ",", "-") or word.isalpha() and sentence.tokens.words[i][:1].islower()):
            return False
    return False


def _spoken_to_during(sentence: AnnotatedSentence, trigger: Trigger, refs: list[NameRef], lo: int) -> bool:
    """'apologized to the Qatari prime minister during a call': the call is the occasion,
    its party the one spoken to before it."""
    if not (trigger.noun and sentence.lower(trigger.first - 1) in ("a", "an", "the")
            and sentence.lower(trigger.first - 2) in ("during", "in", "on")):
        return False
    return any(r.actor is not None and r.actor.kind != "other" and lo <= r.first < trigger.first
               and "to" in (sentence.lower(r.first - 1), sentence.lower(r.first - 2)) for r in refs)


def _meets_needs(sentence: AnnotatedSentence, frame: Frame, trigger: Trigger, refs: list[NameRef]) -> bool:
    needs = trigger.word.needs
    lo, hi = frame.lo, frame.hi
    if "with_weapon" in needs:
        weapon_after = sentence.has("weapon", trigger.last, min(hi, trigger.last + 8))
        strike_noun = any(t is not trigger and t.noun for t in frame.triggers)
        # (a military operation named as the doer acts as a weapon would: "Operation X
        # destroyed bombers on four airfields")
        weapon_before = "interception" not in needs and (
            sentence.has("weapon", max(lo, trigger.first - 4), trigger.first)
            or _operation_between(sentence, max(lo, trigger.first - 4), trigger.first))
        if not (weapon_after or strike_noun or weapon_before):
            return False
    if "with_object" in needs:
        sides = any(r.actor is not None and r.actor.kind in ("country", "group") for r in refs
                    if lo <= r.first < hi) and not sentence.lower(trigger.first).startswith("target")
        specific_place = any(r.place is not None and r.place.kind != "country" for r in refs if lo <= r.first < hi)
        if not (sentence.has("weapon", lo, hi) or sides or specific_place or sentence.has("target", trigger.last, hi)
                or len(frame.triggers) > 1):
            return False
    if "with_party" in needs:
        after = [r for r in _names_after(refs, trigger, hi) if r.actor is not None and r.actor.kind != "other"]
        pronoun_after = any(sentence.lower(i) in ("him", "her", "them") for i in range(trigger.last, min(hi, trigger.last + 4)))
        joined = any(sentence.lower(i) in ("with", "to") for i in range(trigger.last, min(hi, trigger.last + 4)))
        by_phone = sentence.has("phone", trigger.last, min(hi, trigger.last + 5)) or \
            sentence.has("phone", max(lo, trigger.first - 4), trigger.first)
        # "hosted leaders of the coalition" (not "met his commanders": his own people)
        guests = hosting(sentence, trigger.first) and \
            sentence.has("party_noun", trigger.last, min(hi, trigger.last + 3))
        if not (after or (pronoun_after and joined) or by_phone or guests or _coordinated_subject(sentence, refs, trigger, lo)
                or _spoken_to_during(sentence, trigger, refs, lo)):
            return False
        audience = next(iter(sentence.labelled("audience", trigger.last, min(hi, trigger.last + 5))), None)
        if audience is not None and not any(r.first < audience.first and not r.possessive and r.form != "adjective"
                                            for r in after):
            return False  # "speaking to Ukraine's parliament": a speech ("a request to Xi to press…" is not)
    if "with_place" in needs:
        if not any(r.place is not None for r in _names_after(refs, trigger, hi, 4)):
            return False
    if "with_captives" in needs and not sentence.has("captives", lo, hi):
        return False
    if "by_parties" in needs and not sentence.has("party_noun", max(lo, trigger.first - 3), trigger.first):
        return False
    if "abroad" in needs:
        who = next((r for r in reversed(refs) if r.last <= trigger.first and r.actor is not None), None)
        where = next((r for r in _names_after(refs, trigger, hi, 4) if r.place is not None), None)
        if who is None or where is None or not who.side or (where.place.country or where.place.name) == who.side:
            return False
    for need in needs - _KNOWN_NEEDS:
        # any other word group a spec names: in reach after the trigger ("signed a pact")
        if need.startswith("with_") and not sentence.has(need[5:], trigger.last, min(hi, trigger.last + 8)):
            return False
    return True


_KNOWN_NEEDS = frozenset({"with_weapon", "with_object", "with_party", "with_place", "with_captives", "interception",
                          "by_parties", "abroad"})


_OBJECT_PREPOSITIONS = frozenset({"between", "with", "to", "toward", "towards", "on", "of", "for", "from", "against"})


def _coordinated_subject(sentence: AnnotatedSentence, refs: list[NameRef], trigger: Trigger, lo: int) -> bool:
    """Two parties joined before the verb: "Trump and Putin spoke", "the two leaders met"."""
    before = [r for r in refs if r.actor is not None and lo <= r.first and r.last <= trigger.first
              and trigger.first - r.last <= 8]
    # (not the object of a preposition: "welcomed peace between Armenia and Azerbaijan and discussed")
    if len(before) >= 2 and any(sentence.lower(i) == "and" for i in range(before[-2].last, before[-1].first)) \
            and sentence.lower(before[-2].first - 1) not in _OBJECT_PREPOSITIONS:
        return True
    window = sentence.tokens.lower[max(lo, trigger.first - 4):trigger.first]
    if "two" in window or "both" in window or "sides" in window or "leaders" in window:
        return True
    # "The officers will talk again", "the delegations spoke": parties in the plural
    span = sentence.last_before("party_noun", trigger.first, max(lo, trigger.first - 4))
    return span is not None and sentence.lower(span.last - 1).endswith("s")


def _party_of_noun(sentence: AnnotatedSentence, trigger: Trigger, refs: list[NameRef]) -> bool:
    """A name right before the noun ("Israeli strikes", "Biden's visit", "Alaska summit",
    "Trump-Putin call") or right after it ("talks with Iran", "strikes on Gaza", "a three-way
    meeting: Kyiv, Washington, Moscow")."""
    for ref in refs:
        if 0 <= trigger.first - ref.last <= 2 and all(
                w in ("'s", "-", "–", "and") or w.isalpha() and w not in ("of", "the", "a", "an", "for", "to", "amid")
                for w in sentence.tokens.lower[ref.last:trigger.first]):
            return True
        if 0 <= ref.first - trigger.last <= 3 and sentence.lower(trigger.last) in (
                "with", "between", "on", "against", "in", "at", "of", "by", "to", "across", "targeting", ":"):
            return True
    return False


def _series(sentence: AnnotatedSentence, trigger: Trigger, refs: list[NameRef]) -> bool:
    """"Russia's relentless attacks", "Israel's strikes on Iran": a side's events in the
    plural, with no date, place or figure of their own, are a campaign told as a topic."""
    if not sentence.lower(trigger.last - 1).endswith("s") or sentence.has("plural_of_one", trigger.first, trigger.last):
        return False
    return any(r.possessive and 0 <= trigger.first - r.last <= 2 for r in refs)


def tells_an_event(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef],
                   date: DateSpan | None) -> bool:
    triggers = [t for t in frame.triggers if _meets_needs(sentence, frame, t, refs)]
    if not triggers:
        return False
    if any(sentence.has("every", max(0, t.first - 3), t.first) for t in frame.triggers):
        return False  # "every Russian strike hits…", "each missile fired": what they do, no one event
    head = triggers[0]
    if date is None and "verb_ing" in head.word.forms and not head.noun and sentence.lower(head.last) == "with" \
            and sentence.has("party_noun", max(frame.lo, head.first - 1), head.first):
        return False  # "the leaders negotiating with Russia": who they are, no meeting told
    frame.triggers = triggers
    trigger = frame.head
    tallies = [t for t in triggers if sentence.lower(t.first - 1) == "of"
               and sentence.has("vague", max(0, t.first - 4), t.first - 1)]
    if tallies and all(t.first <= tallies[-1].first for t in triggers):
        return False  # "(carried out) hundreds of strikes since Assad's fall": a tally, not one event
    if not all(t.noun for t in triggers):
        return True
    left, right = clause_of(sentence, trigger.first, trigger.last, frame.lo, frame.hi)
    if date is not None and frame.lo <= date.first < frame.hi:
        return True
    series = _series(sentence, trigger, refs)
    if _party_of_noun(sentence, trigger, refs) and not series or _spoken_to_during(sentence, trigger, refs, frame.lo):
        return True
    generic = not _determined(sentence, trigger.first)
    if not generic and sentence.has("holding", max(frame.lo, trigger.first - 6), min(frame.hi, trigger.last + 6)):
        return True
    if any(r.place is not None and r.place.kind != "country" for r in refs if left <= r.first < right):
        return True
    spec = types.spec(frame.type)
    told_by = ("casualty", "captives") if series else ("weapon", "casualty", "captives")  # "Hezbollah's rocket strikes"
    if any(spec.carries(group) and sentence.has(group, left, right) for group in told_by):
        return True  # "an attack with 450 drones", "the strikes killed 41 people"
    return False
