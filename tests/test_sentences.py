import pytest

from pipeline.sentences import split_sentences


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
