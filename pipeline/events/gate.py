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
import operator
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as C  # the parse tree's opcodes, as used by re itself
from re import _parser
from typing import NamedTuple

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


class _SharedPresence:
    """The bare literals of every gated pattern searched piece by piece, and those that
    the text read last holds.

    The patterns that read one sentence (status cues, figures, clause words) learn its
    literals from one pass made for all of them: a trie of the literals tried at every
    position finds the longest literal starting there, and with it every literal that
    is a prefix of it — every literal starting there.
    """

    def __init__(self) -> None:
        self._finder: _LiteralFinder = _LiteralFinder(())
        self._last: tuple[str | None, _LiteralFinder | None, frozenset[str]] = (None, None, frozenset())

    def learn(self, literals) -> None:
        # A new finder, never a changed one: a text read before this call is read again.
        self._finder = _LiteralFinder(tuple(sorted(set(self._finder.literals).union(literals))))

    def present_in(self, text: str) -> frozenset[str]:
        # One (text, finder, present) triple read and replaced whole: threads (dashboard
        # sessions) may share it, and each must get its own text's literals.
        last, finder = self._last, self._finder
        if last[0] is not text or last[1] is not finder:
            last = (text, finder, finder.present_in(text.casefold()))
            self._last = last
        return last[2]


class _LiteralFinder:
    """Which of some literals a (case-folded) text holds, overlapping ones included."""

    def __init__(self, literals: tuple[str, ...]) -> None:
        self.literals = literals
        # At each position, the longest literal that starts there (zero-width, so that
        # every position is tried).
        self._longest = re.compile(f"(?=({trie_pattern(literals)}))") if literals else None
        self._prefixes = {m: frozenset(s for s in literals if m.startswith(s)) for m in literals}

    def present_in(self, folded: str) -> frozenset[str]:
        if self._longest is None:
            return frozenset()
        return frozenset().union(*map(self._prefixes.__getitem__, set(self._longest.findall(folded))))


def trie_pattern(strings) -> str:
    """A pattern matching any of `strings`, the longest first, shaped as their trie: at
    each character `re` tries only the branches that begin with it, where a plain
    alternation tries every string in turn."""
    root: dict = {}
    for string in strings:
        node = root
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here

    def branch(node: dict) -> str:
        tails = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not tails:
            return ""
        body = "(?:" + "|".join(tails) + ")"
        return body + "?" if "" in node else body  # greedy: the longer string first

    return branch(root)


_PRESENCE = _SharedPresence()


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
        self._bare_set = frozenset(self._bare_literals)
        self._chooser = {True: (gates, {}), False: (bare_gates, {})}
        self._last_within: tuple[str | None, re.Pattern | None] = (None, None)
        self._shared = False  # whether _PRESENCE reads this pattern's literals

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
            if not self._shared:  # only patterns searched this way: the others cost it nothing
                _PRESENCE.learn(self._bare_literals)
                self._shared = True
            remembered = (text, self._choose(_PRESENCE.present_in(text) & self._bare_set, False))
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
    (see `_SearchPlan`), so that each sentence's literals are a lookup."""

    def __init__(self, text: str, literals) -> None:
        folded = text.casefold()
        self._text = text
        self._literals = tuple(literals)
        # Case folding that changes a text's length ("ß" → "ss") would shift offsets:
        # such a text is then tested span by span instead.
        self.usable = len(folded) == len(text)
        hits = _search_plan(self._literals).occurrences(folded) if self.usable else []
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


_Hit = tuple[int, int, str]  # (start, end, literal with its boundary marks)


@dataclass(frozen=True)
class _Needle:
    """One string sought in a text, and the literals (with their boundaries) it gives."""

    plain: str
    #: each literal with the pattern that tests its boundaries (None: it has none)
    marked: tuple[tuple[str, re.Pattern | None], ...]

    def occurrences(self, folded: str) -> Iterator[_Hit]:
        """Every occurrence in the case-folded text, overlapping ones included, with
        the literals whose boundaries hold there."""
        at = folded.find(self.plain)
        while at >= 0:  # from the next character: occurrences may overlap
            for literal, test in self.marked:
                if test is None or test.match(folded, at):
                    yield at, at + len(self.plain), literal
            at = folded.find(self.plain, at + 1)


# A text's tokens are its runs between spaces and line breaks (neither is a word
# character), found as the runs between spaces once line breaks are made spaces.
_BREAK = " "


def _flat(text: str) -> str:
    return text.replace("\n", _BREAK)


def _tokens(text: str) -> list[str]:
    return _flat(text).split(_BREAK)


class _TokenHolds(NamedTuple):
    """What a token holds of a plan's literals (tokens holding nothing: _HOLDS_NOTHING)."""

    hits: tuple[_Hit, ...]  # offsets within the token
    key_pieces: frozenset[str]


_HOLDS_NOTHING: tuple[()] = ()  # falsy, unlike any _TokenHolds


class _SearchPlan:
    """How a text is searched for a set of literals.

    Seeking each literal through the whole text would scan it once per literal, though
    most texts hold few of them. A literal without a space or line break ("strikes")
    occurs inside one of the text's tokens, and its word boundaries come out the same
    inside the token as in the text, since a token's neighbours (a break or the text's
    edge) are no word characters. Tokens are few and recur from text to text: what
    each one holds is worked out once and remembered, and a text's occurrences are its
    tokens', moved by the token's offset. A literal spanning tokens ("call with") is
    sought through the text when some token holds its longest piece ("call").
    """

    _MAX_TOKENS = 100_000  # tokens remembered; the memory starts afresh when full

    def __init__(self, literals: tuple[str, ...]) -> None:
        grouped: dict[str, list[str]] = {}
        for literal in literals:
            grouped.setdefault(bare(literal), []).append(literal)
        needles = [_Needle(plain, tuple((m, _boundary_test(m)) for m in marked))
                   for plain, marked in grouped.items()]
        #: the needles that lie inside a token, by their strings
        self._in_tokens = {n.plain: n for n in needles if n.plain and _tokens(n.plain) == [n.plain]}
        #: the others, each with the piece that some token must hold for it to occur
        #: ("" when it has none: always sought)
        self._spanning = tuple((n, max(_tokens(n.plain), key=len))
                               for n in needles if n.plain not in self._in_tokens)
        self._key_pieces = frozenset(piece for _, piece in self._spanning if piece)
        # Threads may share a plan: an entry is written whole, and two threads meeting
        # a new token at once both work it out.
        self._holds: dict[str, _TokenHolds | tuple[()]] = {}

    def _learn(self, token: str) -> _TokenHolds | tuple[()]:
        hits = tuple(hit for plain in filter(token.__contains__, self._in_tokens)
                     for hit in self._in_tokens[plain].occurrences(token))
        key_pieces = frozenset(filter(token.__contains__, self._key_pieces))
        holds = _TokenHolds(hits, key_pieces) if hits or key_pieces else _HOLDS_NOTHING
        if len(self._holds) >= self._MAX_TOKENS:
            self._holds.clear()
        self._holds[token] = holds
        return holds

    def occurrences(self, folded: str) -> list[_Hit]:
        """Every occurrence of the literals in the case-folded text, overlapping ones
        included, in no particular order."""
        flat = _flat(folded)
        tokens = flat.split(_BREAK)
        holds = list(map(self._holds.get, tokens))  # None: a token new to the plan
        if None in holds:
            new = set(itertools.compress(tokens, map(operator.is_, holds, itertools.repeat(None))))
            learned = {token: self._learn(token) for token in new}
            holds = list(map(learned.get, tokens, holds))
        hits: list[_Hit] = []
        key_pieces: set[str] = set()
        # Each token that holds something is found as a whole token (between breaks)
        # from the end of the one before: no token in between is the same.
        spaced = f"{_BREAK}{flat}{_BREAK}"
        position = 0
        for token, held in zip(itertools.compress(tokens, holds), filter(None, holds)):
            start = spaced.find(f"{_BREAK}{token}{_BREAK}", position)  # = its offset in flat
            hits.extend([(start + a, start + b, literal) for a, b, literal in held.hits])
            key_pieces |= held.key_pieces
            position = start + 1 + len(token)
        for needle, piece in self._spanning:
            if not piece or piece in key_pieces:
                hits.extend(needle.occurrences(folded))
        return hits


@functools.lru_cache(maxsize=16)
def _search_plan(literals: tuple[str, ...]) -> _SearchPlan:
    return _SearchPlan(literals)


def _boundary_test(literal: str) -> re.Pattern | None:
    """A pattern that matches where the literal's characters occur with its word
    boundaries holding, None when it asks for none. (`re`'s \\b lies between a word
    character, str.isalnum() or "_", and a character that is none or the text's edge.)"""
    if WORD_BOUNDARY not in literal:
        return None
    return re.compile("".join(r"\b" if c == WORD_BOUNDARY else re.escape(c) for c in literal))


@functools.lru_cache(maxsize=4096)
def _join(alternatives: tuple[str, ...], flags: int) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in alternatives), flags)
