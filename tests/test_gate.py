"""pipeline/gate.py: literal gates must never change what an alternation matches."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import events
from pipeline.events.gate import WORD_BOUNDARY, GatedPattern, LiteralIndex, _LiteralFinder, bare, required_literals, trie_pattern

B = WORD_BOUNDARY


def _clauses(pattern, flags=re.IGNORECASE):
    return [sorted(clause) for clause in required_literals(pattern, flags)]


@pytest.mark.parametrize("pattern, expected", [
    (r"\bdiscussed\b", [[f"{B}discussed{B}"]]),
    (r"\b(?:hit|hits|hitting)\b", [[f"{B}hit{B}", f"{B}hits{B}", f"{B}hitting{B}"]]),
    # a look-ahead's words are not required of the matched text
    (r"\bdiscussed\b(?=.*\bwith\b)", [[f"{B}discussed{B}"]]),
    # one of the branches needs nothing: nothing is known
    (r"(?:strike|\w+)", []),
    (r"\w+\s+to\s+\w+", [["to"]]),  # no boundary asked for: "to" anywhere
])
def test_required_literals(pattern, expected):
    assert _clauses(pattern) == expected


def test_an_optional_word_is_not_required():
    (clause,) = required_literals(r"\b(?:peace |direct )?(?:talks|negotiations)\b", re.IGNORECASE)
    assert f"{B}talks{B}" in clause and f"{B}negotiations{B}" in clause
    # every way to match is covered, and each needs "talks" or "negotiations"
    assert all("talks" in s or "negotiations" in s for s in clause)


def test_required_literals_are_case_folded():
    assert _clauses(r"\bStavka\b") == [[f"{B}stavka{B}"]]


def test_every_clause_holds_on_every_match():
    """For every lexicon pattern and every match of it in the seed texts, each clause
    has a literal inside the matched text (ignoring boundaries)."""
    lex = events.lexicon()
    gated = list(lex.triggers.values()) + [lex.not_an_event, lex.ongoing_state, lex.negation,
                                          lex.hypothetical, lex.planned, lex.past_marker]
    from pathlib import Path
    texts = [p.read_text("utf-8") for p in Path("seeds").glob("*.txt")]
    checked = 0
    for pattern in gated:
        for alternative in pattern.alternatives:
            clauses = required_literals(alternative, pattern.flags)
            for text in texts:
                for match in re.finditer(alternative, text, pattern.flags):
                    matched = match.group().casefold()
                    for clause in clauses:
                        assert any(bare(s) in matched for s in clause), (alternative, matched, clause)
                        checked += 1
    assert checked > 100


ALTERNATIVES = [r"\bstrikes?\b", r"\b(?:met|meet)\s+with\b", r"\bvisit(?:ed|s)?\b(?=\s+[A-Z])",
                r"\bno (?:\w+ ){0,2}talks\b", r"(?<=\W)(?:his|the)\s+meeting\b", r"\bif\b"]
WORDS = ["strike", "strikes", "Strike", "met", "meet", "with", "visit", "visited", "Kyiv", "no",
         "new", "talks", "his", "the", "meeting", "if", "iffy", "within", "Meeting", ",", ".",
         "STRIKES", "ſtrike", "straße"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([" ", "  ", "\n", ""]))
def test_gated_pattern_matches_as_the_whole_alternation(words, glue):
    text = glue.join(words)
    whole = re.compile("|".join(f"(?:{a})" for a in ALTERNATIVES), re.IGNORECASE)
    gated = GatedPattern(ALTERNATIVES, re.IGNORECASE)
    expected = [(m.start(), m.end()) for m in whole.finditer(text)]
    assert [(m.start(), m.end()) for m in gated.finditer(text)] == expected
    first = whole.search(text, 2, max(2, len(text) - 1))
    found = gated.search(text, 2, max(2, len(text) - 1))
    assert (found and found.span()) == (first and first.span())
    # with the literals of a LiteralIndex over the same text
    index = LiteralIndex(text, gated.literals)
    runnable = gated.for_literals(index.within(0, len(text)))
    got = [(m.start(), m.end()) for m in runnable.finditer(text)] if runnable else []
    assert got == expected


def test_literal_index_respects_word_boundaries_and_spans():
    text = "This is it. The talks within Minsk; talks"
    index = LiteralIndex(text, [f"{B}is{B}", "talks", f"{B}with{B}"])
    assert index.within(0, 11) == {f"{B}is{B}"}  # "is" the word, not inside "This"
    assert index.within(12, 35) == {"talks"}  # "within" is not the word "with"
    assert index.within(12, 20) == frozenset()  # "talks" runs past the span's end
    assert index.within(36, len(text)) == {"talks"}


def test_literal_index_on_a_text_whose_folding_changes_length():
    text = "Die Straße: talks"  # "ß" folds to "ss": offsets would shift
    index = LiteralIndex(text, ["talks", "strasse"])
    assert not index.usable
    assert index.within(12, len(text)) == {"talks"}


def test_no_alternative_can_match_gives_no_pattern():
    gated = GatedPattern([r"\bstrikes?\b", r"\bvisit\b"], re.IGNORECASE)
    assert gated.for_literals(frozenset()) is None
    assert gated.search("nothing here") is None
    assert list(gated.finditer("nothing here")) == []


def test_threads_sharing_a_pattern_each_get_their_own_results():
    """Dashboard sessions run in threads and share the lexicon's patterns."""
    from concurrent.futures import ThreadPoolExecutor

    gated = GatedPattern([r"\bno (?:\w+ ){0,2}talks\b", r"\bnever\s+met\b"], re.IGNORECASE)
    sentences = [f"Round {i}: there were no direct talks." if i % 2 else f"Round {i}: they never met."
                 for i in range(40)]

    def run(sentence: str) -> list:
        return [(m.span() if (m := gated.search(sentence[5:], within=sentence)) else None)
                for _ in range(300)]

    expected = {s: run(s)[0] for s in sentences}
    with ThreadPoolExecutor(8) as pool:
        for sentence, results in zip(sentences, pool.map(run, sentences)):
            assert set(results) == {expected[sentence]}
            assert expected[sentence] is not None


def test_a_pattern_made_after_a_text_was_read_finds_its_own_literals_there():
    """Patterns share one reading of a text's literals; a new pattern's literals join it."""
    sentence = "Officials said the convoy was intercepted near the border."
    first = GatedPattern([r"\bofficials\b"], re.IGNORECASE)
    assert first.search(sentence, within=sentence).group() == "Officials"
    later = GatedPattern([r"\bintercept(?:ed|ion)\b", r"\bconvoy\b"], re.IGNORECASE)
    assert later.search(sentence[19:], within=sentence).group() == "convoy"
    assert [m.group() for m in later.finditer(sentence, within=sentence)] == ["convoy", "intercepted"]
    assert first.search(sentence[19:], within=sentence) is None  # only in the part searched


def _plain_occurrences(text, literals):
    """Every (start, end, literal) of a LiteralIndex, found plainly: each literal's
    characters with str.find at every position, its boundaries checked one by one."""
    folded = text.casefold()

    def is_word(position):
        return 0 <= position < len(folded) and (folded[position].isalnum() or folded[position] == "_")

    hits = set()
    for literal in literals:
        plain = bare(literal)
        at = folded.find(plain)
        while at >= 0:
            position, fits = at, True
            for char in literal:
                if char == B:
                    fits &= is_word(position - 1) != is_word(position)
                else:
                    position += 1
            if fits:
                hits.add((at, at + len(plain), literal))
            at = folded.find(plain, at + 1)
    return hits


_INDEX_WORDS = ["ab", "ba", "aba", "abab", "a", "b", "a b", "b a", "call", "with", "call with",
                "x_y", "é", "Ab", "AB", "1a", "a.b", "a-b"]
_INDEX_GLUE = ["", " ", "  ", "\n", "\t", "\u00a0", ".", ",", "_", "1", "’"]


@st.composite
def _marked_literals(draw):
    literals = set()
    for word in draw(st.lists(st.sampled_from(_INDEX_WORDS + [" ", "a  b"]), min_size=1, max_size=6)):
        cut = draw(st.integers(0, len(word)))
        marks = draw(st.sampled_from(["", "<", ">", "<>", "|"]))
        literal = (B if "<" in marks else "") + word + (B if ">" in marks else "")
        if marks == "|":  # a boundary inside the literal
            literal = word[:cut] + B + word[cut:]
        literals.add(literal)
    return tuple(sorted(literals))


_index_texts = st.lists(st.tuples(st.sampled_from(_INDEX_WORDS), st.sampled_from(_INDEX_GLUE)),
                        max_size=14).map(lambda parts: "".join(w + g for w, g in parts))


@settings(max_examples=1500, deadline=None)
@given(_marked_literals(), st.lists(_index_texts, min_size=1, max_size=3))
def test_literal_index_finds_what_a_plain_search_finds(literals, texts):
    # several texts in turn: what a plan remembers of one text's tokens serves the next
    for text in texts:
        index = LiteralIndex(text, literals)
        assert index.usable
        assert set(index._hits) == _plain_occurrences(text, literals)
        for start in range(0, len(text) + 1, 3):
            for end in range(start, len(text) + 1, 2):
                assert index.within(start, end) == {
                    lit for a, b, lit in _plain_occurrences(text, literals) if start <= a and b <= end}


def test_literal_index_when_its_token_memory_overflows(monkeypatch):
    from pipeline.events import gate
    monkeypatch.setattr(gate._SearchPlan, "_MAX_TOKENS", 3)
    literals = (f"{B}ab{B}", "ba", f"call with{B}")
    for text in ["ab ba abab call with. x y z w", "ab\nab ba q r s t", "v w call  with call with"]:
        assert set(LiteralIndex(text, literals)._hits) == _plain_occurrences(text, literals)


def test_threads_sharing_literals_each_index_their_own_text():
    from concurrent.futures import ThreadPoolExecutor

    literals = (f"{B}ab{B}", "ba", f"call with{B}", f"{B}x_y")
    texts = [" ".join(_INDEX_WORDS[(i * 7 + j) % len(_INDEX_WORDS)] + str(i % 3 + j) for j in range(30))
             for i in range(40)]

    def run(text):
        return [sorted(LiteralIndex(text, literals)._hits) for _ in range(20)]

    with ThreadPoolExecutor(8) as pool:
        for text, results in zip(texts, pool.map(run, texts)):
            assert all(set(hits) == _plain_occurrences(text, literals) for hits in results)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abn t'.", min_size=1, max_size=5), min_size=1, max_size=12),
       st.text(alphabet="abn t'.x", max_size=60))
def test_the_shared_literal_finder_finds_every_literal_a_text_holds(literals, text):
    """Overlapping literals and literals inside longer ones ("no", "no t", "t") included."""
    finder = _LiteralFinder(tuple(sorted(set(literals))))
    assert finder.present_in(text) == {s for s in literals if s in text}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab .", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
       st.text(alphabet="ab .", max_size=8), st.sampled_from(["", r"\b", r"c", r"(?:b|\.)"]))
def test_a_trie_pattern_matches_as_the_alternation_longest_first(strings, text, after):
    """Matched where the alternation of the strings (longest first) matches, with the
    same string, whatever must follow it (so backtracking into shorter strings too)."""
    plain = re.compile("(?:" + "|".join(map(re.escape, sorted(strings, key=len, reverse=True))) + ")" + after)
    trie = re.compile("(?:" + trie_pattern(strings) + ")" + after)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for start in range(len(text) + 1):
        found, expected = trie.match(text, start), plain.match(text, start)
        assert (found and found.span()) == (expected and expected.span())
