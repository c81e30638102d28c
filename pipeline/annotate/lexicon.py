"""The lexicon: every word the rules ask about, compiled once into one index.

Entries come from the language files (`pipeline/lang/<code>/`: cues, numbers, places'
generic words) and from the event-type specs (`pipeline/types/`: triggers and each type's
vocabulary), matched case-insensitively and keyed by their first token. Names of places
and actors are found beside them in the same pass (`pipeline/annotate/names.py`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from .. import lang, types
from ..text.tokens import phrase_tokens


@dataclass(frozen=True, slots=True)
class Entry:
    tokens: tuple[str, ...]
    label: str  # "negation", "trigger", "weapon", "name", …
    value: Any = None


@dataclass(frozen=True, slots=True)
class TriggerWord:
    """What a trigger phrase says of the event it tells."""

    type: str
    forms: frozenset[str]  # "noun", "verb_past", "verb_present", "verb_base", "verb_ing"
    needs: frozenset[str]  # conditions from the spec: "with_weapon", "with_party", …
    host: bool = False  # "hosted", "received": the guest is named after the verb


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, tuple[Entry, ...]]  # first lower-case token → entries, longest first
    trigger_words: frozenset[str]  # first tokens of every trigger phrase
    numbers: dict[str, int]
    multipliers: dict[str, int]
    # `words` split for the pass over a sentence ("in" opens dozens of phrases, but few
    # open with "in the"): one-token entries by their token, the others by their first two
    singles: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], tuple[Entry, ...]] = field(default_factory=dict)


_FORMS = ("noun", "verb_past", "verb_present", "verb_base", "verb_ing")


def _trigger_entries() -> list[Entry]:
    entries = []
    for spec in types.registry().values():
        forms: dict[str, set[str]] = {}
        needs: dict[str, set[str]] = {}
        for key, phrases in spec.triggers.items():
            for phrase in phrases:
                (forms if key in _FORMS else needs).setdefault(phrase, set()).add(key)
                if key == "interception":  # a verb that needs the weapons it stopped
                    forms.setdefault(phrase, set()).add("verb_past")
                    needs.setdefault(phrase, set()).add("with_weapon")
        for phrase in set(forms) | set(needs):
            info = TriggerWord(spec.name, frozenset(forms.get(phrase, ())),
                               frozenset(needs.get(phrase, set()) - {"host"}), "host" in needs.get(phrase, set()))
            entries.append(Entry(phrase_tokens(phrase), "trigger", info))
    return entries


def _word_entries(code: str) -> list[Entry]:
    language = lang.language(code)
    entries = []
    for kind, phrases in language["cues"].items():
        # a list of phrases, or a table of phrases with a value each ("a day after" = 1)
        items = phrases.items() if isinstance(phrases, dict) else ((p, None) for p in phrases)
        entries += [Entry(phrase_tokens(p), kind, value) for p, value in items]
    numbers = language["numbers"]
    entries += [Entry(phrase_tokens(w), "number", v) for w, v in numbers["words"].items()]
    entries += [Entry(phrase_tokens(w), "vague", None) for w in numbers["vague"]["words"]]
    entries += [Entry(phrase_tokens(w), "qualifier", w in numbers["qualifiers"]["additive"])
                for w in numbers["qualifiers"]["words"]]
    for office, phrases in language["titles"]["offices"].items():
        entries += [Entry(phrase_tokens(p), "office", office) for p in phrases]
    for kind, phrases in language["places"].items():
        entries += [Entry(phrase_tokens(p), kind, None) for p in phrases]
    for spec in types.registry().values():
        entries += [Entry(phrase_tokens(p), "not_event", spec.name) for p in spec.not_events]
        for group, values in spec.words.items():
            for value, phrases in values.items():
                entries += [Entry(phrase_tokens(p), group, value) for p in phrases]
    return entries + _trigger_entries()


def _index(entries: list[Entry], key) -> dict[str, tuple[Entry, ...]]:
    index: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.tokens:
            index.setdefault(key(entry.tokens[0]), []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.tokens))) for k, v in index.items()}


@functools.cache
def lexicon(code: str = "en") -> Lexicon:
    word_entries = _word_entries(code)
    numbers = lang.language(code)["numbers"]
    words = _index(word_entries, str.lower)
    singles: dict[str, tuple[Entry, ...]] = {}
    pairs: dict[tuple[str, str], tuple[Entry, ...]] = {}
    for first, entries in words.items():
        for entry in entries:  # longest first, kept so
            if len(entry.tokens) == 1:
                singles[first] = singles.get(first, ()) + (entry,)
            else:
                pair = (first, entry.tokens[1])
                pairs[pair] = pairs.get(pair, ()) + (entry,)
    return Lexicon(
        words=words, singles=singles, pairs=pairs,
        trigger_words=frozenset(e.tokens[0] for e in word_entries if e.label == "trigger"),
        numbers=dict(numbers["words"]),
        multipliers=dict(numbers["multipliers"]),
    )
