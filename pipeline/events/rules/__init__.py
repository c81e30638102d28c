"""Rule modules of the event types: who the parties are, in the type's role order.

Each type's spec names its rule module (`rule = "strike"`); a type without one is read by
`parties` (every actor its part of the sentence names). A rule returns `Roles`, or None
when the frame tells no event of its type after all (talks with only one side named).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ...annotate import AnnotatedSentence
from ...gazetteer import actors
from ...gazetteer.places import Place
from ..names import NameRef
from ..roles import Context, preposition_before
from ..triggers import Frame


@dataclass
class Roles:
    actors: list[str]  # canonical names in the type's role order
    places: list[Place]
    notes: list[str] = field(default_factory=list)
    borrow: bool = False  # names no party of its own: may take those of the event just told
    unnamed: bool = False  # its parties are told but not named ("the two delegations")
    allies: list[str] = field(default_factory=list)  # on the first role's side ("U.S. and British strikes")
    split: list[list[str]] = field(default_factory=list)  # one event for each ("spoke with both A and B")


def unique(names) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def frame_places(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef],
                 exclude_origin: bool = True) -> list[Place]:
    """The places a frame's part of the sentence names, less where things came from
    ("drones launched from Crimea", "flew from Moscow")."""
    found = []
    for ref in refs:
        if ref.place is None or not (frame.lo <= ref.first < frame.hi):
            continue
        if exclude_origin and preposition_before(sentence, ref.first) == "from":
            continue
        if _in_source(sentence, ref):
            continue  # "According to officials in Kyiv, …", "officials in Kyiv said"
        if ref.first in frame.foreign:
            continue  # nearer another event of the sentence
        if _topic_of(sentence, frame, ref):
            continue  # "talks in Riyadh on the war in Sudan": what was talked about
        found.append(ref.place)
    specific = {p.country for p in found if p.kind != "country"}
    # A country named beside its own cities adds nothing but comes last.
    ordered = [p for p in found if p.kind != "country"] + [p for p in found if p.kind == "country" and p.name not in specific]
    return list(dict.fromkeys(ordered))


_TOPIC_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this"})


def _topic_of(sentence: AnnotatedSentence, frame: Frame, ref: NameRef) -> bool:
    """A place named as where a war or crisis is, after the event's word: its topic."""
    cue = sentence.last_before("topic_place", ref.first, max(0, ref.first - 3))
    return cue is not None and cue.first > frame.head.last and sentence.lower(cue.first - 1) in _TOPIC_DETERMINERS


_BEFORE_SAID = frozenset({"has", "have", "had", "also", "later", "previously", "then", "today", "yesterday", "earlier"})


def _in_source(sentence: AnnotatedSentence, ref: NameRef) -> bool:
    """A place that belongs to who reports, not to what happened."""
    if sentence.at("reporting", ref.last) is not None or (
            sentence.at("reporting", ref.last + 1) is not None and sentence.lower(ref.last) in _BEFORE_SAID):
        return True  # "officials in Kyiv said", "officials in Kyiv have said" (not "…on the Kremlin and said")
    cue = sentence.last_before("reporting", ref.first, max(0, ref.first - 6))
    if cue is None or sentence.lower(cue.first) != "according":
        return False
    return not any(sentence.lower(i) in (",", ";", "—") for i in range(cue.last, ref.first))


def with_affiliations(names: list[str]) -> list[str]:
    """People, then the states or groups they belong to ("Donald Trump", …, "United States")."""
    return unique(names + [actors.affiliation(n) for n in names if actors.actor_named(n)
                           and actors.actor_named(n).kind == "person"])


def rule_for(name: str):
    module = name or "parties"
    return importlib.import_module(f"{__name__}.{module}").read


__all__ = ["Context", "Roles", "frame_places", "rule_for", "unique", "with_affiliations"]
