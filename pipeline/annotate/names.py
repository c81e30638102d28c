"""Where names of places and actors begin, for the one pass over a sentence's tokens.

The gazetteers hold hundreds of thousands of written forms; rather than compiling them
all, the pass looks a name up where one can begin: at a token that opens some form
(capitalised, or a lower-case opener such as "western" or "al"), trying the longest run
of tokens first. The gazetteers' own `candidates` then accept a form as written, in
capitals or without diacritics.
"""
from __future__ import annotations

import functools
import unicodedata

from ..gazetteer import actors, places
from ..text.tokens import written_tokens

MAX_NAME_TOKENS = 7


def _fold(token: str) -> str:
    if token.isascii():
        return token.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c)).lower()


# Lower-case words that stand inside names ("Gulf of Aden", "Ahmed al-Sharaa", "Bab el-Mandeb").
_INSIDE_NAMES = frozenset({"of", "al", "el", "bin", "ibn", "bint", "de", "la", "le", "du", "da", "der",
                           "van", "von", "and", "the", "ad", "an", "as", "ash", "az", "abu", "y"})
_MARKS = frozenset({"-", "'", "’", ".", "&"})


@functools.lru_cache(maxsize=65536)
def _known(written: str) -> bool:
    return bool(actors.candidates(written) or places.candidates(written))


def _first_and_length(form: str) -> tuple[str, int]:
    """The first token of a name and its length in tokens, split as a sentence is."""
    if form.replace(" ", "").isalpha():
        words = form.split()
        return (words[0] if words else ""), len(words)
    tokens = written_tokens(form)
    return (tokens[0] if tokens else ""), len(tokens)


@functools.cache
def openers() -> tuple[dict[str, int], dict[str, int]]:
    """(capitalised openers, folded → longest form in tokens; lower-case openers, as
    written → longest form), built once from both gazetteers' written forms."""
    capitalised: dict[str, int] = {}
    lower: dict[str, int] = {}
    for form in (*actors.all_written_forms(), *places.all_written_forms()):
        if form.startswith(("the ", "The ")):
            form = form[4:]
        first, length = _first_and_length(form)
        if not first:
            continue
        table, key = (lower, first) if first[0].islower() else (capitalised, _fold(first))
        if table.get(key, 0) < length:
            table[key] = min(length + 2, MAX_NAME_TOKENS)  # room for "'s" and marks split apart
    return capitalised, lower


def name_at(text: str, starts: tuple[int, ...], ends: tuple[int, ...], words: tuple[str, ...],
            index: int) -> tuple[int, str] | None:
    """(tokens, written form) of the longest name beginning at token `index`, if any."""
    word = words[index]
    capitalised, lower = openers()
    reach = capitalised.get(_fold(word)) if word[:1].isupper() else lower.get(word)
    if not reach:
        return None
    # a name runs over capitalised words, the small words inside names, and marks
    run = 1
    limit = min(reach, len(words) - index)
    while run < limit:
        word = words[index + run]
        if not (word[:1].isupper() or word[:1].isdigit() or word in _INSIDE_NAMES or word in _MARKS):
            break
        run += 1
    for size in range(run, 0, -1):
        last = index + size - 1
        if words[last] in _INSIDE_NAMES or words[last] in _MARKS or words[last] in ("'s", "’s"):
            continue
        written = text[starts[index]:ends[last]]
        if _known(written):
            return size, written
    return None
