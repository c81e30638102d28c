"""Annotated sentences: one pass over a sentence's tokens finds every lexicon item.

`annotate(text, start, end)` tokenizes the sentence, looks each token up once in the
lexicon's word index (case-insensitive) and name index (case-sensitive), extends
multi-word entries from there, and adds the sentence's date expressions (read by the
date grammar, `pipeline.dates`). `tells_an_event(lowered)` says from the words alone
whether a sentence can tell an event, so most sentences are never annotated.
"""
from __future__ import annotations

from ..dates import find_date_expressions
from ..text.tokens import WORD, tokenize
from .lexicon import Lexicon, TriggerWord, lexicon
from .names import may_open_name, name_at
from .sentence import AnnotatedSentence, DateSpan, Span

__all__ = ["AnnotatedSentence", "DateSpan", "Span", "TriggerWord", "annotate", "lexicon",
           "tells_an_event"]


def tells_an_event(sentence: str, code: str = "en") -> bool:
    """Whether the sentence holds the first word of some trigger."""
    return not lexicon(code).trigger_words.isdisjoint(WORD.findall(sentence.lower()))


def annotate(text: str, start: int, end: int, code: str = "en") -> AnnotatedSentence:
    lex: Lexicon = lexicon(code)
    tokens = tokenize(text, start, end)
    spans: list[Span] = []
    words, lower = tokens.words, tokens.lower
    words_index = lex.words
    # Each kind of item is looked for only at the tokens that can begin one (most tokens
    # begin none); sorting at the end puts them back in order.
    singles, pairs, last = lex.singles, lex.pairs, len(lower) - 1
    for i in [i for i, low in enumerate(lower) if low in words_index]:
        if i < last:  # longest first, as the lexicon keeps them
            for entry in pairs.get((lower[i], lower[i + 1]), ()):
                size = len(entry.tokens)
                if size == 2 or lower[i:i + size] == entry.tokens:
                    spans.append(Span(i, i + size, entry.label, entry.value))
        for entry in singles.get(lower[i], ()):
            spans.append(Span(i, i + 1, entry.label, entry.value))
    name_end = 0  # names do not overlap: the longest from the leftmost start wins
    for i in [i for i, word in enumerate(words) if may_open_name(word)]:
        if i >= name_end:
            found = name_at(text, tokens.starts, tokens.ends, words, i)
            if found is not None:
                size, written = found
                spans.append(Span(i, i + size, "name", written))
                name_end = i + size
    for i in [i for i, word in enumerate(words) if word[:1].isdecimal()]:
        word = words[i]
        if word.isdecimal() or word.replace(",", "").isdecimal():
            spans.append(Span(i, i + 1, "number", int(word.replace(",", ""))))
    dates = _date_spans(text, start, end, tokens)
    if dates:
        in_dates = {i for d in dates for i in range(d.first, d.last)}
        # a name inside a date is the date's ("March", "Sunday")
        spans = [s for s in spans if s.label != "name" or in_dates.isdisjoint(range(s.first, s.last))]
        # and so is a capitalised word there that the lexicon knows in lower case ("10 May"
        # holds no modal "may")
        spans = [s for s in spans if s.label == "name" or s.first == 0 or s.first not in in_dates
                 or not tokens.words[s.first][:1].isupper()]
    name_of = {i: (s.first, s.last) for s in spans if s.label == "name" for i in range(s.first, s.last)}
    if name_of:
        # a word inside a name is part of the name ("United States" holds no "states");
        # names do not overlap, so the one holding a span's first token is the only one
        spans = [s for s in spans if s.label == "name" or not _inside(s, name_of.get(s.first))]
    spans.sort(key=lambda s: (s.first, -s.last))
    return AnnotatedSentence(text, start, end, tokens, spans, dates)


def _inside(span: Span, name: tuple[int, int] | None) -> bool:
    return name is not None and span.last <= name[1] and name != (span.first, span.last)


def _date_spans(text: str, start: int, end: int, tokens) -> list[DateSpan]:
    dates = []
    for expression in find_date_expressions(text, start, end):
        if expression.start >= start and expression.end <= end:
            first = tokens.token_at(expression.start)
            last = max(first + 1, tokens.token_at(expression.end - 1) + 1)
            dates.append(DateSpan(first, last, expression))
    return dates
