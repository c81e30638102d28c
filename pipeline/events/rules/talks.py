"""Talks: the parties, and whether two sides meet at all.

A meeting of one side's own people ("Zelensky met his commanders") is no talks: the
parties must belong to two sides, or one side must meet at a venue of another country
("the envoy held talks in Moscow").
"""
from __future__ import annotations

from ...annotate import AnnotatedSentence
from ...gazetteer import actors
from ..names import NameRef
from ..roles import Context
from ..triggers import Frame
from . import Roles, frame_places
from .parties import parties, window


def read(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> Roles | None:
    found = parties(sentence, frame, refs, context)
    lo, hi = window(sentence, frame, refs)
    places = [p for p in frame_places(sentence, frame, refs)]
    sides = {actors.side(name) or name for name in found}
    venue_countries = {p.country for p in places if p.country}
    if found and len(sides) < 2 and not (venue_countries - sides):
        # One side alone at home: an internal meeting, unless the parties are to be
        # taken from the talks just told ("The talks lasted five hours").
        return Roles([], places, borrow=True)
    return Roles(found, places, borrow=len(sides) < 2)
