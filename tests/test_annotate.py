"""The one pass over a sentence (pipeline.annotate) and the tokens it reads (pipeline.text.tokens)."""
from __future__ import annotations

import pytest

from pipeline.annotate import annotate, lexicon
from pipeline.text.tokens import phrase_tokens, tokenize


@pytest.mark.parametrize("text, words", [
    ("U.S. envoys met at 9 a.m.", ["U.S.", "envoys", "met", "at", "9", "a.m."]),
    ("Some 1,500 troops left on 03.02.2026.", ["Some", "1,500", "troops", "left", "on", "03.02.2026", "."]),
    ("Iran's long-range drones didn't land.", ["Iran", "'s", "long", "-", "range", "drones", "did", "n't", "land", "."]),
    ("Sana'a was hit at 15:35 on the 21st.", ["Sana'a", "was", "hit", "at", "15:35", "on", "the", "21st", "."]),
    ("", []),
])
def test_tokens_as_written(text, words):
    assert list(tokenize(text).words) == words
    assert list(tokenize(text).lower) == [w.lower() for w in words]


def test_tokens_keep_their_offsets_in_the_document():
    text = "Before. Drones hit Kherson overnight."
    tokens = tokenize(text, 8, len(text))
    assert tokens.words[:2] == ("Drones", "hit")
    assert [text[a:b] for a, b in zip(tokens.starts, tokens.ends)] == list(tokens.words)
    # the token an offset falls in, or the next one after a space
    assert [tokens.token_at(offset) for offset in (8, 13, 14, 15, 18, 100)] == [0, 0, 1, 1, 2, 5]
    assert tokens.char_span(1, 3) == (15, 26)


def test_the_lexicon_split_by_first_two_tokens_holds_every_entry_in_order():
    lex = lexicon()
    for first, entries in lex.words.items():
        assert list(lex.singles.get(first, ())) == [e for e in entries if len(e.tokens) == 1]
        paired = [e for pair, found in lex.pairs.items() if pair[0] == first for e in found]
        assert sorted(map(id, paired)) == sorted(id(e) for e in entries if len(e.tokens) > 1)
    for (first, second), found in lex.pairs.items():
        assert all(e.tokens[:2] == (first, second) for e in found)
        assert [len(e.tokens) for e in found] == sorted((len(e.tokens) for e in found), reverse=True)


def spans(sentence: str) -> set[tuple[str, str]]:
    annotated = annotate(sentence, 0, len(sentence))
    return {(annotated.words(s.first, s.last), s.label) for s in annotated.spans}


@pytest.mark.parametrize("sentence, present, absent", [
    # a phrase and the words it opens with, each found where it begins
    ("Shelling went on in the course of the evening near Kharkiv.",
     {("in the course of", "in_the_course_of"), ("in", "locative"), ("Kharkiv", "name")}, set()),
    # the longest phrase of one opening word, with a one-word reading of it too
    ("Strikes resumed in response to the raid.", {("in response to", "response"), ("in", "locative")}, set()),
    # numbers written in digits, with their thousands mark
    ("About 2,300 shells and 40 drones were fired.", {("2,300", "number"), ("40", "number")}, set()),
    # a word inside a name is the name's
    ("The United States said it would send envoys.", {("United States", "name")}, {("States", "region_words")}),
    ("Islamic State fighters attacked the convoy.", {("Islamic State", "name")}, {("State", "region_words")}),
    # a name inside a date is the date's; so is a capitalised word the lexicon knows in lower case
    ("Envoys met in Doha on 12 May.", {("Doha", "name")}, {("May", "name"), ("May", "modal")}),
])
def test_annotated_spans(sentence, present, absent):
    found = spans(sentence)
    assert present <= found
    assert not absent & found


def test_spans_come_in_order_longest_first_at_one_token():
    sentence = "Talks were held in the course of the week in Riyadh."
    annotated = annotate(sentence, 0, len(sentence))
    keys = [(s.first, -s.last) for s in annotated.spans]
    assert keys == sorted(keys)
    at_in = [annotated.words(s.first, s.last) for s in annotated.spans if s.first == 3]
    assert at_in[0] == "in the course of" and at_in[-1] == "in"


def test_a_phrase_at_the_end_of_a_sentence_is_found_whole_or_not_at_all():
    # "in exchange" ends the sentence: the three-word "in exchange for" cannot match there
    found = spans("Prisoners were freed in exchange")
    assert ("in exchange", "not_event") in found and not any(text.startswith("in exchange for") for text, _ in found)
    assert phrase_tokens("in exchange for") == ("in", "exchange", "for")
