"""Datelines and header lines: lines that are (mostly) a date, and wire datelines."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Anchor
from .literals import _CLOCK, _DIGIT, _DateHit, _TIME, _TIME_ZONE, _date_hits, _hit_date, _lines

# --------------------------------------------------------------------------------------
# Datelines and header lines
# --------------------------------------------------------------------------------------

DATELINE_MAX_LINES = 15  # non-empty lines at the top of a text searched for a dateline
DATELINE_MAX_CHARS = 1500  # ... and no further than this many characters
_MAX_DATE_LINE = 120  # longer lines are prose, not datelines or headers

# Words a dateline or header line may carry beside its date: "Published: 3 Feb 2026",
# "Last updated on February 3, 2026 at 10:30", "First published 03.02.2026".
_LABEL_WORDS = frozenset({
    "published", "updated", "update", "posted", "last", "first", "modified", "created",
    "edited", "issued", "released", "originally", "date", "dated", "on", "at", "time",
    # the kind of document a release or bulletin heads its date with
    "release", "statement", "bulletin", "briefing", "readout", "communique", "news",
    "report", "update", "digest", "transcript", "address", "speech", "of", "the",
})
_MAX_NAME_WORDS = 3  # capitalised words beside the date: a place ("KYIV,") or a byline
_MAX_SIDE_SEGMENT_WORDS = 6  # "15 tweets", "3 min read", "By Jane Doe"
_SEGMENT_SEPARATOR = re.compile(r"[|•·]")
_MASK = "\x00"
_CLOCK_OR_ZONE = re.compile(rf"{_TIME}|{_TIME_ZONE}")
_WORD = re.compile(r"[^\W\d_]+|\d+")

# A news-agency dateline opening a paragraph: "KYIV, Feb 3 (Reuters) -",
# "KYIV, Ukraine, Feb. 3 (AP) —", "MOSCOW, February 3. /TASS/."
_WIRE_PLACE = re.compile(r"\s*[A-Z][A-Z.'’\- ]{1,30}(?:,\s*[A-Z][\w.'’\- ]{1,30})?,\s+")
_WIRE_AGENCY = re.compile(r"\.?\s*(?:\([^()\n]{1,40}\)|/[A-Z][\w-]{1,15}/\.?)")

# A line that is only a time, as live blogs stamp their entries: "12:45 GMT",
# "Updated 14:05", "2:45 PM". A dotted "12.45" alone could be a figure, so it needs a zone
# or am/pm.
_TIME_ONLY_LINE = re.compile(
    rf"\s*(?:(?:updated|update|posted|published|last)\s*:?\s*)*"
    rf"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?[Mm]\b\.?)?(?:\s*{_TIME_ZONE})?"
    rf"|{_CLOCK}\s*{_TIME_ZONE}|(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*[AaPp]\.?[Mm]\b\.?"
    rf"(?:\s*{_TIME_ZONE})?)\s*",
    re.IGNORECASE,
)


def _wire_dateline(line: str) -> _DateHit | None:
    """The date of a news-agency dateline at the start of the line, if it opens with one."""
    place = _WIRE_PLACE.match(line)
    if not place:
        return None
    for hit in _date_hits(line):
        if hit.start == place.end() and _WIRE_AGENCY.match(line, hit.end):
            return hit
    return None


def _segment_is_label_only(segment: str) -> bool:
    """True when a date's own segment holds nothing but labels, times and a short name."""
    rest = _CLOCK_OR_ZONE.sub(" ", segment.replace(_MASK, " "))
    names = 0
    for word in _WORD.findall(rest):
        if word.lower() in _LABEL_WORDS:
            continue
        if word[0].isupper():  # "KYIV", "Brussels", "By Jane Doe"
            names += 1
            continue
        return False
    return names <= _MAX_NAME_WORDS


def _date_line_hits(line: str) -> list[_DateHit]:
    """The date literals of a line that is (mostly) a date, else [].

    The line is cut at strong separators (| • ·). Every segment holding a date may carry
    only labels, a time and a short name beside it; every other segment must be short
    ("15 tweets", "3 min read"). A date inside a running sentence fails the test.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_DATE_LINE:
        return []
    hits = _date_hits(line)
    if not hits:
        return []
    masked = line
    for hit in reversed(hits):
        masked = masked[:hit.start] + _MASK + masked[hit.end:]
    for segment in _SEGMENT_SEPARATOR.split(masked):
        if _MASK in segment:
            if not _segment_is_label_only(segment):
                return []
        elif len(_WORD.findall(segment)) > _MAX_SIDE_SEGMENT_WORDS:
            return []
    return hits


def _line_date_hit(line: str) -> _DateHit | None:
    """The date a dateline or header line gives: a wire dateline or a date line's first date."""
    if _DIGIT.search(line) is None:  # every date holds a digit
        return None
    wire = _wire_dateline(line)
    if wire is not None:
        return wire
    hits = _date_line_hits(line)
    if hits:
        return hits[0]
    return _titled_date(line)


_TITLE_DASH = re.compile(r"\s*[—–]\s+|\s+-\s+")


def _titled_date(line: str) -> _DateHit | None:
    """A section's date with its title after a dash ("August 8, 2024 — Statement by
    Hamas"); a sentence after a date ("Aug 8 — Russia fired…") ends with a stop."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_DATE_LINE or stripped[-1] in ".?!":
        return None
    hits = _date_hits(line)
    if not hits or line[:hits[0].start].strip():
        return None
    return hits[0] if _TITLE_DASH.match(line, hits[0].end) else None


def _top_lines(text: str) -> Iterator[tuple[int, str]]:
    """The first DATELINE_MAX_LINES non-empty lines starting within DATELINE_MAX_CHARS."""
    seen = 0
    for start, line in _lines(text):
        if start >= DATELINE_MAX_CHARS or seen >= DATELINE_MAX_LINES:
            return
        if line.strip():
            seen += 1
            yield start, line


def _dateline(text: str) -> tuple[Anchor, int] | None:
    """The dateline anchor and the offset of its line."""
    for start, line in _top_lines(text):
        hit = _line_date_hit(line)
        if hit is None:
            continue
        date = _hit_date(hit, text, wire=_wire_dateline(line) is not None)
        if date is not None:
            return Anchor(date, "day", "dateline", hit.text), start
    return None


def find_dateline(text: str) -> Anchor | None:
    """A dateline near the top of the text: a line that is (mostly) a date, or a wire dateline.

    Accepted: "3 February 2026 - 22:45", "03.02.2026 15:00" (dotted = day.month.year),
    "February 3, 2026", "Feb. 3, 2026 5:12 PM EST", "Published: 3 Feb 2026",
    "Updated 2026-02-03 10:00", "Tuesday, February 3, 2026", "KYIV, Feb 3 (Reuters) -".
    Only the first DATELINE_MAX_LINES non-empty lines within DATELINE_MAX_CHARS count; a
    date inside a running sentence is not a dateline. A yearless dateline is accepted only
    when the text fixes its year (see `_hit_date`); otherwise inference decides.
    """
    found = _dateline(text)
    return found[0] if found else None
