"""Parties: the actors a frame's own words name, people before the states and groups
they belong to, with the subject a clause leaves unsaid ("…, before meeting Kim": the
sentence's subject) and the speaker of a first-person text ("we agreed…").

A frame's words run from the end of the event told before it in the sentence to the end
of its clause, a list of names included ("talks with Xi, Modi and Lula").
"""
from __future__ import annotations

from ...annotate import AnnotatedSentence
from ...gazetteer import actors
from ..names import NameRef
from ..roles import Context, actors_between, main_subject, pronoun_subject, resolve_pronoun
from ..triggers import Frame
from . import Roles, frame_places, unique, with_affiliations


def window(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef]) -> tuple[int, int]:
    trigger = frame.head
    left = frame.lo
    own = {t.first for t in frame.triggers}
    for span in sentence.by_label.get("trigger", ()):
        if span.last <= trigger.first and span.last > left and (span.value.type != frame.type or span.first not in own):
            left = span.last
            # "Vance spoke to Modi on May 9, and the next afternoon the two armies agreed by
            # hotline": another event of its type before it ends at the clause between
            if span.value.type == frame.type:
                breaks = [b.last for b in sentence.by_label.get("clause_break", ()) if left <= b.first < trigger.first]
                left = max(breaks, default=left)
    right = frame.hi
    starts = {r.first for r in refs}
    for span in sentence.by_label.get("clause_break", ()):
        if span.first >= frame.triggers[-1].last and span.first < right:
            following = span.last
            if sentence.lower(following) == "and":
                following += 1
            if following in starts or (sentence.lower(following) == "the" and following + 1 in starts):
                continue  # a list of names goes on
            right = span.first
            break
    return left, right


def _origin(sentence: AnnotatedSentence, ref: NameRef) -> bool:
    """'negotiators from Ukraine': where the people who meet come from, a party."""
    return sentence.lower(ref.first - 1) == "from" and sentence.has("party_noun", max(0, ref.first - 3), ref.first - 1)


def parties(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> list[str]:
    lo, hi = window(sentence, frame, refs)
    named = [r for r in actors_between(refs, lo, hi) if r.place is None or r.actor.kind != "country"
             or not r.locative or _origin(sentence, r)]
    people = [r.actor.name for r in named if r.actor.kind == "person"]
    others = [r.side for r in named if r.actor.kind != "person"]
    found = unique(people + others)
    if context.speaker and sentence.has("first_person", lo, hi) and context.speaker not in found:
        found.insert(0, context.speaker)
    pronoun = pronoun_subject(sentence, frame.head.first, lo)
    subject = None
    if pronoun is not None:
        subject = resolve_pronoun(sentence, refs, pronoun, context, person=True)
    elif len({actors.side(n) or n for n in found}) < 2 or (
            not frame.head.noun and not any(r.actor.kind == "person" and r.last <= frame.head.first for r in named)):
        # "Trump said he was unhappy about the strike and spoke by phone with…": the
        # sentence's subject; "…, before meeting Kim", "for a day of talks with Xi" too
        subject = main_subject(sentence, refs, context)
        if subject is None and len(found) == 1:
            # "Israeli negotiators arrived in Cairo for talks with the Egyptian side": the
            # side whose people are the subject meets the one named
            subject = main_subject(sentence, refs, context, person=False)
            if subject is not None and (subject.side in found or not sentence.has(
                    "party_noun", subject.last, min(len(sentence), subject.last + 2))):
                subject = None
        if subject is not None and subject.first >= frame.head.first:
            subject = None
    if subject is not None and subject.actor.name not in found:
        found.insert(0, subject.actor.name)
    return with_affiliations(found)


def read(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> Roles:
    found = parties(sentence, frame, refs, context)
    return Roles(found, frame_places(sentence, frame, refs), borrow=not found)
