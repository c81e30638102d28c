"""Tokens of a sentence: words, numbers and marks, with their offsets in the document.

One regular expression splits text the same way for sentences and for lexicon phrases,
so a phrase matches a sentence token for token:
- "U.S.", "a.m." (letters with dots) stay whole;
- numbers keep their inner marks ("1,000", "15:35", "03.02.2026") and a short suffix
  ("21st", "1990s");
- "Russia's" is "Russia" + "'s"; "didn't" is "did" + "n't"; "Sana'a" stays whole;
- a hyphen is a token of its own ("long-range" is "long" "-" "range"), so that
  "Iranian-made" still names Iran and "twenty-six" is read as one number.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # U.S. a.m.
    r"|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s)?(?![^\W\d_])"  # 1,000 15:35 21st 1990s
    r"|\d+"
    r"|[^\W\d_]+(?=n['’]t\b)"  # did|n't
    r"|n['’]t\b"
    r"|['’](?:s|re|ve|ll|d|m)\b(?!['’])"  # 's 're 've
    r"|[^\W\d_]+(?:['’](?!(?:s|re|ve|ll|d|m|t)\b)[^\W\d_]+)*"  # words, Sana'a
    r"|[^\s\w]|_"
)
# The words of a text, lower-cased text in, for telling quickly whether it holds a word.
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of text[start:end] of a document text."""

    words: tuple[str, ...]  # as written
    lower: tuple[str, ...]
    starts: tuple[int, ...]  # offsets in the document text
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Document offsets of tokens [first, last)."""
        return self.starts[first], self.ends[last - 1]

    def token_at(self, offset: int) -> int:
        """The index of the first token that ends after `offset`."""
        return bisect_right(self.ends, offset)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    end = len(text) if end is None else end
    spans = [match.span() for match in _TOKEN.finditer(text, start, end)]
    if not spans:
        return Tokens((), (), (), ())
    starts, ends = zip(*spans)
    words = tuple([text[a:b] for a, b in spans])
    return Tokens(words, tuple(map(str.lower, words)), starts, ends)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase split as a sentence would be, lower-cased."""
    return tuple(m.group().lower() for m in _TOKEN.finditer(phrase))


def written_tokens(phrase: str) -> tuple[str, ...]:
    """A name split as a sentence would be, as written."""
    return tuple(m.group() for m in _TOKEN.finditer(phrase))
