"""The pipeline on a held-out corpus: ten texts by other publishers, about other days.

tests/corpus/heldout/ holds wire stories, a live blog, an HTML page, a press release, a
regional roundup, a markdown digest… (2024–2026) with a manifest whose `published` is
missing for two files and partial ("2025-03") for one. tests/corpus/heldout_gold.csv
annotates them by hand, following shared/EVENTS.md, in the format of the development gold.
The texts were written without reference to the extraction rules, so these scores say how
the rules carry over to unseen language. Run `pytest -s tests/test_heldout.py` to see the
report with every miss and every spurious event.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import build_table
from pipeline.evaluate import read_gold, report, score

CORPUS = Path(__file__).parent / "corpus"
TEXTS = CORPUS / "heldout"
GOLD = CORPUS / "heldout_gold.csv"

# Floors that extraction following EVENTS.md should reach on unseen news language.
# Measured 0.93 recall and 0.90 precision when written; the floors leave room for rule
# changes but catch a regression.
MIN_RECALL = 0.85
MIN_PRECISION = 0.8


@pytest.fixture(scope="module")
def gold():
    return read_gold(GOLD)


@pytest.fixture(scope="module")
def built():
    result = build_table(TEXTS)
    assert not [p for p in result.problems if p.severity == "skipped"], result.problems
    return result


@pytest.fixture(scope="module")
def result(built, gold):
    outcome = score(built.frame, gold)
    print("\nheld-out corpus:\n" + report(outcome, verbose=True))
    return outcome


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def hypotheticals_told_as_occurred(built, gold) -> list[str]:
    """Gold hypothetical rows whose own words are evidence of an event of their type drawn as occurred.

    Finer than the score's count, which also fires when an unrelated real event of the same
    type, day and parties exists and the pipeline simply left the hypothetical out.
    """
    texts = {Path(d.name).stem: d.text for d in built.documents}
    occurred = built.frame[built.frame["status"] == "occurred"]
    found = []
    for _, row in gold[gold["status"] == "hypothetical"].iterrows():
        text = texts[row["doc"]]
        quote_start = text.find(row["evidence"])
        quote_end = quote_start + len(row["evidence"])
        for _, event in occurred[occurred["type"] == row["type"]].iterrows():
            for evidence in event["evidence"]:
                if Path(evidence["document"]).stem != row["doc"]:
                    continue
                told_there = (_overlaps(quote_start, quote_end, evidence["start"], evidence["end"])
                              if quote_start >= 0 else row["evidence"] in evidence["sentence"])
                if told_there:
                    found.append(f"{row['doc']} {row['event_key']} -> {event['event_id']}: {evidence['sentence']}")
    return found


def test_corpus_and_gold_agree(gold):
    """Every gold row names a text of the corpus and quotes it verbatim."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in TEXTS.iterdir() if p.name != "manifest.csv"}
    assert len(texts) == 10
    assert set(gold["doc"]) == set(texts)
    for _, row in gold.iterrows():
        assert row["evidence"] in texts[row["doc"]], (row["doc"], row["event_key"])
        assert row["date_start"] <= row["date_end"], row["event_key"]


def test_recall_on_required_events(result):
    assert result.recall >= MIN_RECALL, (
        f"held-out recall {result.recall:.2f} below {MIN_RECALL}: the rules miss events told in "
        f"language the seeds did not show; see the 'missed' lines of `pytest -s`")


def test_precision_of_emitted_events(result):
    assert result.precision >= MIN_PRECISION, (
        f"held-out precision {result.precision:.2f} below {MIN_PRECISION}: generic, negated or "
        f"misdated mentions become events; see the 'spurious' lines of `pytest -s`")


def test_no_hypothetical_sentence_told_as_occurred(built, gold):
    told = hypotheticals_told_as_occurred(built, gold)
    assert not told, "conditional/asked-for events drawn as having happened:\n" + "\n".join(told)


def test_no_hypothetical_shown_as_occurred(result):
    assert result.hypothetical_as_occurred == 0, (
        f"{result.hypothetical_as_occurred} conditional/asked-for event(s) drawn as having happened")
