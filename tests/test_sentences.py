import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.sentences import _ABBREV_TAIL, split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Russia struck Kyiv. Rutte arrived later.", ["Russia struck Kyiv.", "Rutte arrived later."]),
    ("Strikes on Kyiv to Feb. 1 were halted. Talks follow.",
     ["Strikes on Kyiv to Feb. 1 were halted.", "Talks follow."]),
    ("The U.S. president spoke. Then he left.", ["The U.S. president spoke.", "Then he left."]),
    ("Gen. Syrskyi said so. Next.", ["Gen. Syrskyi said so.", "Next."]),
    ("“Indeed,” he said. “Yes.”", ["“Indeed,” he said.", "“Yes.”"]),
    ("A headline\nA line with no stop\n\nAnother", ["A headline", "A line with no stop", "Another"]),
    ("Hello?  What now! Fine.", ["Hello?", "What now!", "Fine."]),
    ("", []),
    ("   \n  ", []),
])
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_spans_within_bounds():
    text = "Intro. Body one. Body two."
    spans = split_sentences(text, 7, 16)
    assert [text[s:e] for s, e in spans] == ["Body one."]


# The sentence-end pattern is written to start with one character class (for speed);
# the sentences must be exactly those its plain form gives.
_PLAIN_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["'”’)\]]*[ \t\u00a0]+(?=["'“‘(\[]?[A-Z0-9–—-])|[ \t]*\n+\s*""")


def _plain_split_sentences(text, start, end):
    """split_sentences written plainly: the plain pattern, the abbreviation test on the
    end of the sentence so far, white space trimmed."""
    cuts, cursor = [], start
    for match in _PLAIN_SENTENCE_END.finditer(text, start, end):
        if "\n" not in match.group() and _ABBREV_TAIL.search(
                text, max(cursor, match.start() - 16), match.start()):
            continue
        cuts.append((cursor, match.start()))
        cursor = match.end()
    cuts.append((cursor, end))
    spans = []
    for a, b in cuts:
        piece = text[a:b]
        if piece.strip():
            first = a + len(piece) - len(piece.lstrip())
            spans.append((first, first + len(piece.strip())))
    return spans


_PIECES = list("ab. !?\"'”’)]\t\u00a0\nA1“(-–") + ["Feb.", "U.S.", "Gen. ", "No. 5", "e.g.", "\u2028"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24), st.data())
def test_split_sentences_matches_its_plain_form(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert split_sentences(text, start, end) == _plain_split_sentences(text, start, end)
    assert split_sentences(text) == _plain_split_sentences(text, 0, len(text))


def test_a_stop_just_before_the_start_ends_a_sentence_there():
    text = "(One.) Two. Three."
    assert [text[s:e] for s, e in split_sentences(text, 5, len(text))] == ["Two.", "Three."]
    assert split_sentences(text, 5, len(text)) == _plain_split_sentences(text, 5, len(text))


def test_abbreviation_at_the_end_of_a_long_sentence():
    text = "After a long day of talks in the capital with many delegations, Gen. Syrskyi spoke. Done."
    assert [text[s:e] for s, e in split_sentences(text)][-1] == "Done."
    assert len(split_sentences(text)) == 2
