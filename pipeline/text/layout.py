"""The furniture of a news text: lines that are not reporting.

Photo captions and credits, bylines, "Related" / "Read more" link lists and the wire
dateline ("KYIV, Ukraine (AP) —", "ISLAMABAD, May 10 (Reuters) -") carry dates and places
of their own: a caption's date is not the event's date, a dateline city is not where the
talks were. `furniture(text)` gives the spans to leave out of event reading.
"""
from __future__ import annotations

import functools
import re

from .. import lang

# "KYIV, Ukraine (AP) —", "ISLAMABAD, May 10 (Reuters) -", "**ABU DHABI, July 10** —",
# "WASHINGTON —": capitals, an optional country or date, an optional agency, a dash.
_DATELINE = re.compile(
    r"[*_]{0,2}[A-Z][A-Z.'’\- ]{1,30}[A-Z.](?:,\s*[A-Z][\w.'’\- ]{1,30}?)?"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?[*_]{0,2}"
    r"\s*(?:\([^()\n]{1,40}\)|/[A-Z][\w-]{1,15}/)?\s*[-—–:]+\s+")
_BYLINE = re.compile(r"\s*(?:By|BY|Written by|Reporting by|Editing by|Compiled by)\s+[A-Z]")
_CREDIT = re.compile(r"\((?:Reporting|Writing|Editing|Additional reporting)\b[^)]*\)\s*$", re.I)
_PHOTO_CREDIT = re.compile(r"\((?:AP|Reuters|AFP|Getty|EPA|File)?\s*(?:Photo|photo|Images|images)\b[^)]*\)"
                           r"|\b(?:Photo|Photograph|Image|Credit)s?\s*:|\bvia Getty\b|/(?:AFP|Reuters|AP)\b")


@functools.cache
def _link_headings() -> frozenset[str]:
    return frozenset(w.lower() for w in lang.words("cues", "link_list"))


def dateline_end(line: str) -> int:
    """The length of a wire dateline opening the line (0 when it has none)."""
    match = _DATELINE.match(line)
    if match is None:
        return 0
    head = match.group().strip("*_ —–-:").split(",")[0].strip("*_ ")
    # a dateline's place is a name in capitals ("KYIV", "ABU DHABI"), not a sentence
    if len(head) < 3 or not head.replace(" ", "").replace(".", "").replace("'", "").isupper():
        return 0
    return match.end()


def dateline_place(text: str) -> str:
    """The place of the first wire dateline in the text's first lines ("KYIV", "ABU DHABI")."""
    for line in text.splitlines()[:12]:
        if dateline_end(line):
            head = line.strip().strip("*_").split(",")[0].split("(")[0]
            return " ".join(head.replace("—", " ").replace("–", " ").split()).strip(" -:*_")
    return ""


# Words one of the patterns below needs, lower-cased: a line without any is passed over
# by a substring test, ten times quicker than the patterns' search of every line.
_CAPTION_WORDS = ("photo", "image", "credit", "getty", "/afp", "/reuters", "/ap")
_BOILERPLATE_WORDS = ("©", "(c)", "copyright", "all rights reserved", "www.", "http", ".com", ".org", ".net",
                      ".co.uk")


def _holds_any(line: str, words: tuple[str, ...]) -> bool:
    lowered = line.lower()
    return any(word in lowered for word in words)


def is_caption(line: str) -> bool:
    return _holds_any(line, _CAPTION_WORDS) and bool(_PHOTO_CREDIT.search(line))


_BOILERPLATE = re.compile(r"©|\(c\)\s*\d{4}|\bCopyright\b|\bAll rights reserved\b|\bwww\.|https?://"
                          r"|\b[\w-]+\.(?:com|org|net|co\.uk)\b", re.I)


def is_boilerplate(line: str) -> bool:
    """Copyright notices and links: 'Visit bloomberg.com.'"""
    return _holds_any(line, _BOILERPLATE_WORDS) and bool(_BOILERPLATE.search(line)) and len(line.split()) <= 25


def is_byline(line: str) -> bool:
    return bool(_BYLINE.match(line)) and len(line.split()) <= 16


def is_credit(line: str) -> bool:
    return bool(_CREDIT.search(line)) and line.lstrip().startswith("(")


def _is_link_heading(line: str) -> bool:
    words = line.strip().strip(":").lower()
    return words in _link_headings() or any(
        words.startswith(h + " ") and len(words.split()) <= 4 for h in _link_headings())


def _is_short_line(line: str) -> bool:
    """A headline-like line: short, no full stop at the end."""
    stripped = line.strip()
    return 0 < len(stripped.split()) <= 16 and not stripped.endswith((".", "!", "?", ":", "\""))


def furniture(text: str) -> list[tuple[int, int]]:
    """Spans of text[...] that are furniture: captions, bylines, credits, link lists and
    their links, and the dateline prefix of a line."""
    spans: list[tuple[int, int]] = []
    in_links = False
    position = 0
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip("\r\n"))
        position += len(line)
        body = text[start:end]
        if not body.strip():
            continue
        if in_links and _is_short_line(body):
            spans.append((start, end))
            continue
        in_links = False
        if _is_link_heading(body):
            in_links = True
            spans.append((start, end))
        elif is_caption(body) or is_byline(body) or is_credit(body) or is_boilerplate(body):
            spans.append((start, end))
        else:
            cut = dateline_end(body)
            if cut:
                spans.append((start, start + cut))
    return spans
