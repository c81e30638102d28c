"""Where names of places and actors begin, for the one pass over a sentence's tokens.

The gazetteers hold hundreds of thousands of written forms; rather than compiling them
all, the pass looks a name up where one can begin (a capitalised word, or a lower-case
opener such as "western" or "al"), over the run of words a name can hold, longest first.
The gazetteers' own `candidates` accept a form as written, in capitals or without
diacritics; each written form is looked up once.
"""
from __future__ import annotations

import functools

from .. import lang
from ..gazetteer import actors, places

MAX_NAME_TOKENS = 7


# Lower-case words that stand inside names ("Gulf of Aden", "Ahmed al-Sharaa", "Bab el-Mandeb").
_INSIDE_NAMES = frozenset({"of", "al", "el", "bin", "ibn", "bint", "de", "la", "le", "du", "da", "der",
                           "van", "von", "and", "the", "ad", "an", "as", "ash", "az", "abu", "y"})
_MARKS = frozenset({"-", "'", "’", ".", "&"})


@functools.lru_cache(maxsize=65536)
def _known(written: str) -> bool:
    return bool(actors.candidates(written) or places.candidates(written) or actors.surname_holders(written))


@functools.cache
def _lower_openers() -> frozenset[str]:
    """Lower-case words a name can open with: compass words ("western Iran") and the small
    words that open Arabic names ("al-Sharaa")."""
    return frozenset(w.lower() for w in lang.words("places", "compass")) | {"al", "el", "ad", "as", "az", "an"}


@functools.cache
def _region_words() -> frozenset[str]:
    return frozenset(lang.words("places", "region_words")) | frozenset(lang.words("places", "facility_words"))


_SMALL_PLACE = 50_000  # people: a town this small named inside a longer name is a namesake


@functools.cache
def _common_after_places() -> frozenset[str]:
    """Capitalised words that follow a place's name without making a longer name: offices
    ("Bucha Mayor"), region and facility words ("Kursk Region")."""
    words = {w for forms in lang.language()["titles"]["offices"].values() for form in forms for w in form.split()}
    words |= _region_words() | set(lang.words("places", "common_after_places"))
    return frozenset(w.lower() for w in words)


def _inside_longer_name(written: str, following: str) -> bool:
    """'Ben' of 'Ben Gurion': a small town's name read as the first word of a two-word
    name the gazetteers do not hold."""
    if not following[:1].isupper() or following.lower() in _common_after_places() \
            or actors.candidates(written) or _known(following):
        return False
    found = places.candidates(written)
    return bool(found) and all(p.kind == "city" and 0 < p.population < _SMALL_PLACE for p in found)


def may_open_name(word: str) -> bool:
    """A name can begin at this word: a capitalised one, or a lower-case opener."""
    return word[:1].isupper() or word in _lower_openers()


def name_at(text: str, starts: tuple[int, ...], ends: tuple[int, ...], words: tuple[str, ...],
            index: int) -> tuple[int, str] | None:
    """(tokens, written form) of the longest name beginning at token `index`, if any."""
    word = words[index]
    if not may_open_name(word):
        return None
    reach = MAX_NAME_TOKENS
    # a name runs over capitalised words, the small words inside names, and marks
    run = 1
    limit = min(reach, len(words) - index)
    while run < limit:
        word = words[index + run]
        hyphened = words[index + run - 1] == "-" and word.isalpha()  # "Pakistan-occupied Kashmir"
        if not (word[:1].isupper() or word[:1].isdecimal() or word in _INSIDE_NAMES or word in _MARKS or hyphened):
            break
        run += 1
    # "the Bryansk region", "Idlib province": a region's type word may follow its name
    if run < len(words) - index and words[index + run] in _region_words():
        run += 1
    for size in range(run, 0, -1):
        last = index + size - 1
        if words[last] in _INSIDE_NAMES or words[last] in _MARKS or words[last] in ("'s", "’s"):
            continue
        written = text[starts[index]:ends[last]]
        if _known(written):
            if size == run - 1 and _inside_longer_name(written, words[last + 1]):
                return None
            return size, written
    return None
