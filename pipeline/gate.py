"""Literal gates for alternations of regular expressions.

Python's `re` tries every alternative of a pattern at every character, so a lexicon of
thirty alternatives costs thirty scans of each sentence, though most sentences hold
none of their words. Every alternative needs some literal text to match ("strike" in
`\\b(?:air ?)?strikes?\\b`); a substring test for those words (fast, in C) tells which
alternatives can match a text at all, and only those are run. The result is the same
as the whole alternation's on every text.

`required_literals(pattern)` reads what an alternative needs from the parse tree of
Python's own regular-expression parser: a list of clauses, each a set of strings of
which one at least appears (case-folded) in any text the pattern matches. A word
boundary the pattern asks for (`\\b`) is kept in the string as WORD_BOUNDARY, so that a
LiteralIndex counts "is" only as a word, not inside "this"; a plain substring test
ignores it.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
import sys
from re import _constants as C  # the parse tree's opcodes, as used by re itself
from re import _parser

# Sets of literal strings larger than this stop growing (they become a clause).
_MAX_EXPANSION = 8
# A charset this small is read as a choice of literal characters ("[- ]", "[’']").
_MAX_CHARSET = 4


Clause = frozenset  # of str: one of them at least is in any matched text

WORD_BOUNDARY = "\x00"


def bare(literal: str) -> str:
    """The literal's characters, without its word-boundary marks."""
    return literal.replace(WORD_BOUNDARY, "")


@functools.cache
def required_literals(pattern: str, flags: int = 0) -> tuple[Clause, ...]:
    """Clauses that every match of `pattern` satisfies. Empty when nothing is known
    (then the pattern is always run)."""
    exact, clauses = _sequence(_parser.parse(pattern, flags).data)
    if exact is not None:
        clauses = clauses + [_clause(exact)]
    useful = [c for c in clauses if c and all(len(bare(s)) >= 2 for s in c)]
    return tuple(dict.fromkeys(useful))


def _clause(strings) -> Clause:
    """A clause without the strings that contain another of its strings (if 'strikes'
    is present, so is 'strike')."""
    strings = sorted({_collapse(s) for s in strings}, key=lambda s: (len(bare(s)), len(s)))
    if not strings or bare(strings[0]) == "":
        return frozenset()
    kept: list[str] = []
    for s in strings:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _collapse(literal: str) -> str:
    while WORD_BOUNDARY * 2 in literal:
        literal = literal.replace(WORD_BOUNDARY * 2, WORD_BOUNDARY)
    return literal


def _sequence(items) -> tuple[set[str] | None, list[Clause]]:
    """(the exact set of strings the sequence matches, or None when not finite and
    small; the clauses it requires)."""
    run: set[str] | None = {""}
    whole = True  # every item so far had an exact set
    clauses: list[Clause] = []
    for op, av in items:
        exact, inner = _node(op, av)
        clauses.extend(inner)
        if exact is None:
            whole = False
            if run is not None:
                clauses.append(_clause(run))
            run = None
            continue
        if run is None:
            run = set(exact)
            continue
        product = {a + b for a, b in itertools.product(run, exact)}
        if len(product) > _MAX_EXPANSION:
            whole = False
            clauses.append(_clause(run))
            run = set(exact)
        else:
            run = product
    if whole:
        return run, clauses
    if run is not None:
        clauses.append(_clause(run))
    return None, clauses


def _node(op, av) -> tuple[set[str] | None, list[Clause]]:
    if op is C.LITERAL:
        return {chr(av).casefold()}, []
    if op is C.IN:
        if len(av) <= _MAX_CHARSET and all(o is C.LITERAL for o, _ in av):
            return {chr(v).casefold() for _, v in av}, []
        return None, []
    if op is C.AT and av is C.AT_BOUNDARY:
        return {WORD_BOUNDARY}, []
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        # Zero width: they consume nothing, and a lookbehind may read before the text.
        return {""}, []
    if op is C.SUBPATTERN:
        return _sequence(av[-1].data)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(av.data)
    if op is C.BRANCH:
        results = [_sequence(branch.data) for branch in av[1]]
        if all(exact is not None for exact, _ in results):
            union = set().union(*(exact for exact, _ in results))
            if len(union) <= _MAX_EXPANSION:
                return union, []
        # One clause from each branch: whichever branch matched, its clause holds.
        picked: set[str] = set()
        for exact, clauses in results:
            options = clauses + ([_clause(exact)] if exact is not None else [])
            options = [c for c in options if c]
            if not options:
                return None, []
            picked |= max(options, key=lambda c: (min(map(len, c)), -len(c)))
        return None, [_clause(picked)]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        exact, clauses = _sequence(body.data)
        if high == 1 and exact is not None:
            return (exact | {""}) if low == 0 else exact, []
        if low >= 1:
            if exact is not None:
                clauses = clauses + [_clause(exact)]
            return None, clauses
        return None, []
    return None, []  # anything else: no knowledge, always run


def _gate(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The clauses worth testing: the best of them (fewest strings of three characters
    or more, then the longest shortest string), with the next best when it is as cheap
    ("met with": both {'met', 'meet'} and {'with'})."""
    def shortest(clause: Clause) -> int:
        return min(len(bare(s)) for s in clause)

    def usable(clause: Clause) -> bool:
        # "is" inside "this" is found nearly everywhere: a test costs more than it saves.
        # As a whole word ("\\bis\\b", indexed with its boundaries) it still rules out.
        return all(len(bare(s)) >= 3 or s.startswith(WORD_BOUNDARY) and s.endswith(WORD_BOUNDARY)
                   for s in clause)

    ranked = sorted((c for c in clauses if usable(c)),
                    key=lambda c: (shortest(c) >= 3, -len(c), shortest(c)), reverse=True)
    if not ranked:
        return ()
    return tuple(ranked[:1] + [c for c in ranked[1:2] if len(c) <= 6])


class GatedPattern:
    """An alternation (`|` of `alternatives`, with `flags`) that runs only the
    alternatives whose literals appear in the text searched. `search` and `finditer`
    behave as the compiled alternation's."""

    def __init__(self, alternatives: list[str], flags: int = 0) -> None:
        self.alternatives = tuple(alternatives)
        self.flags = flags
        self.pattern = _join(self.alternatives, flags)
        gates = tuple(_gate(required_literals(p, flags)) for p in self.alternatives)
        #: every literal some alternative needs, with its word boundaries
        self.literals = frozenset(s for gate in gates for clause in gate for s in clause)
        # The same gates for a plain substring test, boundaries dropped.
        bare_gates = tuple(tuple(_clause(map(bare, clause)) for clause in gate) for gate in gates)
        self._bare_literals = tuple(sorted({s for gate in bare_gates for clause in gate for s in clause}))
        self._chooser = {True: (gates, {}), False: (bare_gates, {})}
        self._last_within: tuple[str | None, re.Pattern | None] = (None, None)

    def _runnable(self, text: str) -> re.Pattern | None:
        # The substring tests run in C (filter over str.__contains__); the pattern for
        # each set of present literals is chosen once.
        return self._choose(frozenset(filter(text.casefold().__contains__, self._bare_literals)), False)

    def _runnable_within(self, text: str) -> re.Pattern | None:
        # A part of `text` (a sentence searched piece by piece) is searched with the
        # pattern chosen for the whole of it: an alternative whose literals the part
        # lacks cannot match there, so the extra ones change nothing, and the choice is
        # made once per text. One (text, pattern) pair is read and replaced whole:
        # threads (dashboard sessions) may share this pattern, and each must get the
        # pattern of its own text.
        remembered = self._last_within
        if remembered[0] is not text:
            remembered = (text, self._runnable(text))
            self._last_within = remembered
        return remembered[1]

    def for_literals(self, present: frozenset[str]) -> re.Pattern | None:
        """The pattern to run on a text whose literals (of any pattern, with word
        boundaries, from a LiteralIndex) are `present`: None when no alternative can
        match."""
        return self._choose(present & self.literals, True)

    def _choose(self, present: frozenset[str], bounded: bool) -> re.Pattern | None:
        gates, memo = self._chooser[bounded]
        try:
            return memo[present]
        except KeyError:
            pass
        chosen = tuple(p for p, gate in zip(self.alternatives, gates)
                       if all(not clause.isdisjoint(present) for clause in gate))
        pattern = _join(chosen, self.flags) if chosen else None
        if len(memo) < 4096:
            memo[present] = pattern
        return pattern

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize, *,
               within: str | None = None) -> re.Match | None:
        """As re.Pattern.search; `within` is a text that `string` is a part of."""
        pattern = self._runnable(string[pos:endpos]) if within is None else self._runnable_within(within)
        return pattern.search(string, pos, endpos) if pattern is not None else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize, *,
                 within: str | None = None):
        pattern = self._runnable(string[pos:endpos]) if within is None else self._runnable_within(within)
        return pattern.finditer(string, pos, endpos) if pattern is not None else iter(())


class LiteralIndex:
    """Where given literals (with their word boundaries) occur in one text, found once
    with `str.find` (in C), so that each sentence's literals are a lookup."""

    def __init__(self, text: str, literals) -> None:
        folded = text.casefold()
        self._text = text
        self._literals = tuple(literals)
        # Case folding that changes a text's length ("ß" → "ss") would shift offsets:
        # such a text is then tested span by span instead.
        self.usable = len(folded) == len(text)
        hits: list[tuple[int, int, str]] = []
        if self.usable:
            for plain, marked in _by_bare(self._literals):
                at = folded.find(plain)
                while at >= 0:  # from the next character: occurrences may overlap
                    hits.extend((at, at + len(plain), m) for m in marked if _fits(folded, at, m))
                    at = folded.find(plain, at + 1)
        hits.sort()
        self._starts = [start for start, _, _ in hits]
        self._hits = hits

    def within(self, start: int, end: int) -> frozenset[str]:
        """The literals occurring wholly inside text[start:end] (boundaries judged
        against the whole text)."""
        if not self.usable:
            span = self._text[start:end].casefold()
            return frozenset(m for m in self._literals if bare(m) in span)
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_left(self._starts, end)
        return frozenset(lit for _, stop, lit in self._hits[low:high] if stop <= end)


@functools.lru_cache(maxsize=16)
def _by_bare(literals: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    grouped: dict[str, list[str]] = {}
    for literal in literals:
        grouped.setdefault(bare(literal), []).append(literal)
    return tuple((plain, tuple(marked)) for plain, marked in grouped.items())


def _fits(folded: str, at: int, literal: str) -> bool:
    """Whether the word boundaries of `literal` hold where its characters occur at `at`."""
    if WORD_BOUNDARY not in literal:
        return True
    position = at
    for char in literal:
        if char != WORD_BOUNDARY:
            position += 1
            continue
        before = position > 0 and _is_word(folded[position - 1])
        after = position < len(folded) and _is_word(folded[position])
        if before == after:
            return False
    return True


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `re` counts as a word character


@functools.lru_cache(maxsize=4096)
def _join(alternatives: tuple[str, ...], flags: int) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in alternatives), flags)
