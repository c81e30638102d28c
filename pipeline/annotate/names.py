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
    return frozenset(lang.words("places", "region_words"))


def name_at(text: str, starts: tuple[int, ...], ends: tuple[int, ...], words: tuple[str, ...],
            index: int) -> tuple[int, str] | None:
    """(tokens, written form) of the longest name beginning at token `index`, if any."""
    word = words[index]
    if not (word[:1].isupper() or word in _lower_openers()):
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
            return size, written
    return None
