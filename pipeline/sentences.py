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
_CLOSERS = "\"'”’)\\]"
_NEXT_OPENS = r"(?=[\"'“‘(\[]?[A-Z0-9–—-])"
# The same as  (?<=[.!?])[closers]*[ \t\u00a0]+(?=opens)|[ \t]*\n+\s*  but written to begin
# with one character class, which lets `re` skip every other character at C speed: the
# first character is consumed, and look-behinds then check what preceded it.
_SENTENCE_END = re.compile(
    rf"[{_CLOSERS} \t\u00a0\n]"
    rf"(?:(?<=[.!?][{_CLOSERS}])[{_CLOSERS}]*[ \t\u00a0]+{_NEXT_OPENS}"
    rf"|(?<=[.!?][ \t\u00a0])[ \t\u00a0]*{_NEXT_OPENS}"
    r"|(?<=[ \t])[ \t]*\n+\s*"
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
    for match in _SENTENCE_END.finditer(text, start, end):
        # An abbreviation is a few characters long: only the end of the sentence so far
        # is searched (the start of the search sees the character before it, as a slice
        # from the sentence's start would).
        if "\n" not in match.group() and _ABBREV_TAIL.search(text, max(cursor, match.start() - 16),
                                                              match.start()):
            continue
        _append(text, spans, cursor, match.start())
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
