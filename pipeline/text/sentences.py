"""Sentence spans of a text: [start, end) offsets that never cut an abbreviation."""
from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and white
# space, or at a line break. The look-behinds keep common abbreviations whole
# ("U.S.", "Feb. 1", "Gen. Syrskyi", "St. Petersburg").
_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Rep", "Sen",
    "Gov", "Pres", "Prof", "St", "No", "vs", "etc", "approx", "Jr", "Sr", "Inc", "Ltd", "Co",
)
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
_ABBREV_TAIL = re.compile(
    r"(?:\b(?:%s)\.|\b(?:[A-Z]\.){1,3}|\b[A-Z]\.)$" % "|".join(_ABBREVIATIONS)
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], as offsets into `text`, white space trimmed."""
    end = len(text) if end is None else end
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
        _append(text, spans, cursor, boundary)
        cursor = match.end()
    _append(text, spans, cursor, end)
    return spans


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
