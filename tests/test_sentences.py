import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.sentences import _SENTENCE_END, split_sentences


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


# The sentence-end pattern is written to start with one character class (for speed); it
# must find exactly what its plain form finds.
_PLAIN_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["'”’)\]]*[ \t\u00a0]+(?=["'“‘(\[]?[A-Z0-9–—-])|[ \t]*\n+\s*""")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab. !?\"'”’)]\t\u00a0\nA1“(-", max_size=16))
def test_sentence_end_pattern_matches_its_plain_form(text):
    assert ([m.span() for m in _SENTENCE_END.finditer(text)]
            == [m.span() for m in _PLAIN_SENTENCE_END.finditer(text)])


def test_abbreviation_at_the_end_of_a_long_sentence():
    text = "After a long day of talks in the capital with many delegations, Gen. Syrskyi spoke. Done."
    assert [text[s:e] for s, e in split_sentences(text)][-1] == "Done."
    assert len(split_sentences(text)) == 2
