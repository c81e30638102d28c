"""Figures a frame states: weapons launched, people killed and injured, prisoners
exchanged, and what was hit.

English news states a figure as a number (digits, words, "twenty-six", "nine (9)"),
maybe qualified ("more than", "nearly"), then a few modifiers, then the noun ("450
Shahed drones", "13 cruise missiles"); casualties either way round ("killing at least
11", "19 people were killed"). What air defence stopped ("shot down 43 of them") is not
what was launched. Vague amounts ("hundreds of drones") state no figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..annotate import AnnotatedSentence, Span

# Tokens allowed between a number and its noun: "450 Shahed-type attack drones".
_MODIFIER_REACH = 4
_CASUALTY_REACH = 4
_NOT_A_COUNT_AFTER = ("%", "percent", "per", "years", "year", "days", "day", "hours", "hour",
                      "km", "kilometres", "kilometers", "miles", "metres", "meters", "times",
                      "a.m.", "p.m.", "am", "pm", "gmt", "utc", "billion", "million", "tonnes",
                      "tons", "kg", "th", "st", "nd", "rd")


@dataclass
class Figures:
    values: dict[str, int] = field(default_factory=dict)  # drones, missiles, ballistic, cruise, killed, injured, prisoners
    texts: list[str] = field(default_factory=list)  # as written, with their qualifier
    targets: list[str] = field(default_factory=list)

    def add(self, name: str, number: int, text: str, additive: bool = False) -> None:
        if additive:
            self.values[name] = self.values.get(name, 0) + number
        else:
            self.values[name] = max(self.values.get(name, 0), number)
        if text not in self.texts:
            self.texts.append(text)


def numbers(sentence: AnnotatedSentence, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(first, last, value) of each stated number in tokens [lo, hi), compounds joined:
    "twenty-six" → 26, "nine (9)" → 9, "a dozen" → 12; years and clock times left out."""
    found: list[tuple[int, int, int]] = []
    spans = sorted((s for s in sentence.labelled("number", lo, hi)), key=lambda s: (s.first, -s.last))
    taken_until = lo
    for span in spans:
        if span.first < taken_until:
            continue
        first, last, value = span.first, span.last, span.value
        word = sentence.tokens.words[first]
        if word.isdecimal() and len(word) == 4 and word[:2] in ("19", "20"):
            continue  # a year
        if sentence.lower(last) == "-":  # "twenty-six"
            nxt = next((s for s in spans if s.first == last + 1), None)
            if nxt is not None and value % 10 == 0 and nxt.value < 10:
                value, last = value + nxt.value, nxt.last
        if sentence.lower(last) == "(" and sentence.lower(last + 2) == ")":  # "nine (9)"
            last += 3
        if sentence.lower(last) in ("hundred", "thousand") and value < 100:
            value *= 100 if sentence.lower(last) == "hundred" else 1000
            last += 1
        found.append((first, last, value))
        taken_until = last
    return found


def _qualifier_before(sentence: AnnotatedSentence, first: int) -> Span | None:
    span = sentence.last_before("qualifier", first, max(0, first - 4))
    return span if span is not None and span.last == first else None


def _stopped(sentence: AnnotatedSentence, first: int, clause_lo: int) -> bool:
    """An interception word before the number in its clause: what was stopped."""
    return sentence.has("interception", max(clause_lo, first - 6), first)


_KIND_RANK = {"ballistic": 0, "cruise": 0, "missiles": 1, "drones": 1, "rockets": 2}


def weapon_spans(sentence: AnnotatedSentence, lo: int, hi: int) -> list[Span]:
    """Weapon nouns, the longest at each place ("ballistic missiles", not "missiles"),
    words in a row read as one ("Shahed drones", "Kalibr cruise missiles")."""
    spans = sorted(sentence.labelled("weapon", lo, hi), key=lambda s: (s.first, -s.last))
    kept: list[Span] = []
    for span in spans:
        if kept and span.first < kept[-1].last:
            continue
        if kept and span.first in (kept[-1].last, kept[-1].last + 1) and (
                span.first == kept[-1].last or sentence.lower(kept[-1].last) == "-"):
            last = kept[-1]
            kind = min((last.value, span.value), key=lambda k: _KIND_RANK.get(k, 3))
            kept[-1] = Span(last.first, span.last, "weapon", kind)
            continue
        kept.append(span)
    return kept


def read_figures(sentence: AnnotatedSentence, lo: int, hi: int, *, count_stopped: bool = False) -> Figures:
    figures = Figures()
    stated = numbers(sentence, lo, hi)
    weapons = weapon_spans(sentence, lo, hi)
    used: set[int] = set()
    for index, weapon in enumerate(weapons):
        number = next((n for n in reversed(stated)
                       if n[1] <= weapon.first and weapon.first - n[1] <= _MODIFIER_REACH
                       and not sentence.has("clause_break", n[1], weapon.first)
                       and sentence.lower(n[1]) not in _NOT_A_COUNT_AFTER and n[0] not in used), None)
        if number is None:
            continue
        first, last, value = number
        if sentence.lower(first) in ("a", "an", "single") and last - first == 1:
            continue  # "a Ukrainian drone": one weapon named, no count stated
        if not count_stopped and _stopped(sentence, first, lo):
            continue
        used.add(first)
        qualifier = _qualifier_before(sentence, first)
        text = sentence.words(qualifier.first if qualifier else first, weapon.last)
        additive = bool(qualifier and qualifier.value)
        kind = weapon.value
        joined = weapons[index + 1] if index + 1 < len(weapons) else None
        if joined is not None and joined.value != kind and sentence.lower(weapon.last) in ("and", "or") \
                and joined.first == weapon.last + 1:
            # "more than 300 drones and missiles": one count of both kinds, no count of either
            text = sentence.words(qualifier.first if qualifier else first, joined.last)
            if text not in figures.texts:
                figures.texts.append(text)
            continue
        if kind in ("ballistic", "cruise"):
            figures.add(kind, value, text, additive)
            figures.add("missiles", figures.values.get("ballistic", 0) + figures.values.get("cruise", 0)
                        if not additive else value, text, additive)
        elif kind in ("drones", "missiles"):
            figures.add(kind, value, text, additive)
    _casualties(sentence, lo, hi, stated, used, figures)
    _captives(sentence, lo, hi, stated, used, figures)
    for span in sentence.labelled("target", lo, hi):
        if span.value not in figures.targets:
            figures.targets.append(span.value)
    return figures


def _casualties(sentence, lo, hi, stated, used, figures: Figures) -> None:
    for span in sentence.labelled("casualty", lo, hi):
        kind = span.value
        after = next((n for n in stated if n[0] >= span.last and n[0] - span.last <= 3
                      and n[0] not in used and sentence.lower(n[1]) not in _NOT_A_COUNT_AFTER), None)
        before = next((n for n in reversed(stated) if n[1] <= span.first and span.first - n[1] <= _CASUALTY_REACH
                       and n[0] not in used and not sentence.has("clause_break", n[1], span.first)), None)
        number = after if after is not None and not sentence.has("clause_break", span.last, after[0]) else before
        if number is None:
            continue
        first, last, value = number
        if sentence.tokens.lower[first] in ("a", "an", "one", "single") and number is before:
            continue  # "a killed officer"
        used.add(first)
        qualifier = _qualifier_before(sentence, first)
        start = min(span.first, qualifier.first if qualifier else first)
        end = max(span.last, last)
        figures.add(kind, value, sentence.words(start, end))


def _captives(sentence, lo, hi, stated, used, figures: Figures) -> None:
    for span in sentence.labelled("captives", lo, hi):
        number = next((n for n in reversed(stated) if n[1] <= span.first and span.first - n[1] <= 3
                       and n[0] not in used), None)
        if number is None:
            continue
        first, last, value = number
        if sentence.lower(first) in ("a", "an") and last - first == 1:
            continue  # "a large prisoner exchange": one exchange, no count of captives
        used.add(first)
        each = sentence.lower(span.last) == "each"
        text = sentence.words(first, span.last + (1 if each else 0))
        figures.add("prisoners", value * 2 if each else value, text)
