"""Sentence spans of a text: [start, end) offsets that never cut an abbreviation, and
no span longer than `SETTINGS.sentence_max_chars`."""
from __future__ import annotations

import re

from .. import lang
from ..settings import SETTINGS

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and white
# space, or at a line break. The look-behinds keep common abbreviations whole
# ("U.S.", "Feb. 1", "Gen. Syrskyi", "St. Petersburg").
_ABBREVIATIONS = tuple(lang.words("text", "abbreviations"))
_STOPS = ".!?"
_CLOSERS = "\"'”’)\\]"
_NEXT_OPENS = r"(?=[\"'“‘(\[]?[A-Z0-9–—-])"
# Where sentences end:  (?<=[.!?])[closers]*[ \t\u00a0]+(?=opens)  or  [ \t]*\n+\s*  .
# Written to begin with one character class, . ! ? or a line break, which `re` skips to
# at C speed (a pattern that may begin with a space is tried at every word): the stop
# is matched rather than looked behind at, and the gap after it is the group `gap`; a
# line break's match leaves out the spaces before it, which are trimmed from the
# sentence anyway.
_SENTENCE_END = re.compile(
    rf"[{_STOPS}\n](?:(?<=[{_STOPS}])(?P<gap>[{_CLOSERS}]*[ \t\u00a0]+){_NEXT_OPENS}"
    r"|(?<=\n)\n*\s*)"
)
# ... and "a.m.", "p.m.", "e.g." in lower case ("2:30 a.m. Friday local time").
_ABBREV_TAIL = re.compile(
    r"(?:\b(?:%s)\.|\b(?:[A-Z]\.){1,3}|\b[A-Z]\.|\b(?:[a-z]\.){2})$" % "|".join(_ABBREVIATIONS)
)


def split_sentences(text: str, start: int = 0, end: int | None = None, *,
                    max_chars: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], as offsets into `text`, white space trimmed.

    A "sentence" longer than `max_chars` (default `SETTINGS.sentence_max_chars`) — a
    page of text without a stop — is cut into pieces no longer than that (see
    `_cut_long`), so that no later stage reads an unbounded sentence.
    """
    end = len(text) if end is None else end
    limit = SETTINGS.sentence_max_chars if max_chars is None else max_chars
    spans: list[tuple[int, int]] = []
    cursor = start
    # A stop just before `start` ends a sentence there (as a look-behind would see it).
    scan_from = start - 1 if 0 < start <= end and text[start - 1] in _STOPS else start
    for match in _SENTENCE_END.finditer(text, scan_from, end):
        if match.lastgroup == "gap":  # after a stop, unless the stop ends an abbreviation
            boundary = match.start("gap")
            # An abbreviation is a few characters long: only the end of the sentence so
            # far is searched (the start of the search sees the character before it, as
            # a slice from the sentence's start would).
            if _ABBREV_TAIL.search(text, max(cursor, boundary - 16), boundary):
                continue
        else:  # a line break
            boundary = match.start()
        _append(text, spans, cursor, boundary, limit)
        cursor = match.end()
    _append(text, spans, cursor, end, limit)
    return spans


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int, limit: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > limit:
        _cut_long(text, spans, start, end, limit)
    elif end > start:
        spans.append((start, end))


# Where a long sentence is best cut, in order of preference: after a clause mark followed
# by a space, else at a space; else at the limit itself.
_CLAUSE_MARKS = ("; ", ": ", ", ", " – ", " — ", " - ")
_SPACES = (" ", "\t", "\u00a0")


def _cut_long(text: str, spans: list[tuple[int, int]], start: int, end: int, limit: int) -> None:
    """Pieces of the trimmed span [start, end), each at most `limit` long, cut as late as
    possible in its second half: after a clause mark, else at a space, else anywhere."""
    while end - start > limit:
        low, high = start + limit // 2, start + limit
        cut = max(_after(text.rfind(mark, low, high + 1), mark) for mark in _CLAUSE_MARKS)
        if cut < low:
            cut = max(text.rfind(space, low, high) for space in _SPACES)
        if cut < low:  # no space in the second half: a run of letters is cut where it must be
            cut = high
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            spans.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _after(found: int, mark: str) -> int:
    """Where a piece ends that closes with the clause mark found at `found` (-1: none)."""
    return -1 if found < 0 else found + len(mark.rstrip())
