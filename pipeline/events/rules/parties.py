"""Parties: every actor a frame's part of the sentence names, people before the states
and groups they belong to, the speaker of a first-person text included ("we agreed…")."""
from __future__ import annotations

from ...annotate import AnnotatedSentence
from ..names import NameRef
from ..roles import Context, actors_between, pronoun_subject, resolve_pronoun
from ..triggers import Frame
from . import Roles, frame_places, unique, with_affiliations


def parties(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> list[str]:
    named = [r for r in actors_between(refs, frame.lo, frame.hi) if r.place is None or r.actor.kind != "country"
             or not r.locative]
    people = [r.actor.name for r in named if r.actor.kind == "person"]
    others = [r.side for r in named if r.actor.kind != "person"]
    found = unique(people + others)
    if context.speaker and sentence.has("first_person", frame.lo, frame.hi) and context.speaker not in found:
        found.insert(0, context.speaker)
    pronoun = pronoun_subject(sentence, frame.head.first, frame.lo)
    if pronoun is not None:
        antecedent = resolve_pronoun(sentence, refs, pronoun, context, person=True)
        if antecedent is not None and antecedent.actor.name not in found:
            found.insert(0, antecedent.actor.name)
    return with_affiliations(found)


def read(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> Roles:
    found = parties(sentence, frame, refs, context)
    return Roles(found, frame_places(sentence, frame, refs), borrow=not found)
