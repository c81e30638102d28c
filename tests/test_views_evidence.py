"""pipeline.views.evidence: the detail of one event, its sources and sentences, as text."""
from __future__ import annotations

import html

import pytest

from pipeline import views as F
from tests.conftest import HOSTILE_SENTENCE, HOSTILE_TITLE


@pytest.fixture
def table(event_table) -> F.PreparedTable:
    return F.prepare(event_table)


def _row(table, event_id):
    return table.frame[table.frame["event_id"] == event_id].iloc[0]


def _evidence(table, event_id, document):
    row = _row(table, event_id)
    return row, next(e for e in row["evidence"] if e["document"] == document)


@pytest.mark.parametrize("event_id, document, explanation", [
    ("ev-trump-call", "wire_0130.txt",
     "'on Tuesday' → Tue 27 Jan 2026, anchored to the publication date Fri 30 Jan 2026"),
    ("ev-abu-dhabi-week", "wire_0130.txt",
     "'for two days last week' → week of Mon 19 Jan 2026 – Sun 25 Jan 2026, "
     "anchored to the publication date Fri 30 Jan 2026"),
    ("ev-kyiv-strike", "kyiv_dispatch.txt",
     "'overnight' → Tue 3 Feb 2026, anchored to the dateline Tue 3 Feb 2026 ('3 February 2026 - 22:45')"),
    ("ev-kyiv-strike", "brussels_daily.txt", "'On the night of 3 February' → Tue 3 Feb 2026, stated in the text"),
    ("ev-paris-talks", "digest_sep.txt",
     "no date in the sentence → Thu 4 Sep 2025, taken from the section date Thu 4 Sep 2025 "
     "('Sep 4 • 15 tweets • 3 min read')"),
    ("ev-nikopol-undated", "undated_note.txt", "no date in the sentence and no document date → date unknown"),
])
def test_date_explanation(table, event_id, document, explanation):
    row, evidence = _evidence(table, event_id, document)
    assert F.date_explanation(evidence, row) == explanation


def test_an_undated_plan_is_explained_as_announced(event_table):
    frame = event_table.copy()
    plan = frame["event_id"] == "ev-abu-dhabi-planned"
    frame.loc[plan, "date_method"] = "anchor"
    frame.loc[plan, "evidence"] = frame.loc[plan, "evidence"].map(
        lambda items: [{**item, "date_text": "", "date_start_offset": -1, "date_end_offset": -1} for item in items])
    row = _row(F.prepare(frame), "ev-abu-dhabi-planned")
    assert F.date_explanation(row["evidence"][0], row) == \
        "no date in the sentence: announced on Wed 4 Feb 2026, the day of the report; date not given"
    assert dict(F.event_header_lines(row))["Date"] == "announced on Wed 4 Feb 2026; date not given"


def test_excerpt_marks_the_date_expression_inside_the_sentence(table, event_documents):
    _, evidence = _evidence(table, "ev-trump-call", "wire_0130.txt")
    excerpt = F.evidence_excerpt(evidence, event_documents["wire_0130.txt"].text)
    assert "".join(text for text, _ in excerpt.sentence) == "Trump spoke with Putin by phone on Tuesday, the Kremlin said."
    assert [text for text, is_date in excerpt.sentence if is_date] == ["on Tuesday"]
    assert excerpt.before.endswith("Ukraine and Russia met in Abu Dhabi for two days last week.\n")


def test_excerpt_without_the_document_finds_the_date_in_the_sentence(table):
    _, evidence = _evidence(table, "ev-abu-dhabi-week", "wire_0130.txt")
    excerpt = F.evidence_excerpt(evidence, None)
    assert [text for text, is_date in excerpt.sentence if is_date] == ["for two days last week"]
    excerpt = F.evidence_excerpt(evidence, "a shorter text than the offsets assume")
    assert "".join(text for text, _ in excerpt.sentence) == evidence["sentence"]


def test_event_detail_lists_every_source_with_evidence(table, event_documents):
    page = F.event_detail_html(_row(table, "ev-kyiv-strike"), event_documents)
    assert page.count('class="ev-block"') == 2
    assert "<mark>overnight</mark>" in page and "<mark>On the night of 3 February</mark>" in page
    assert '<a href="https://example.org/kyiv-dispatch"' in page  # http(s) manifest URL: a link
    assert "Brussels Daily — NATO chief arrives in Kyiv" in page
    assert "<td>2 sources</td>" in page


def test_a_sentence_told_many_times_is_shown_once_per_event(table, event_documents):
    row = _row(table, "ev-rutte-visit").copy()
    first = row["evidence"][0]
    repeats = [dict(first, start=first["start"]) for _ in range(15)]
    wire = dict(first, document="brussels_daily.txt", start=3)
    row["evidence"] = [*repeats, wire, row["evidence"][1]]
    grouped = F.grouped_evidence(row)
    assert [name for name, _ in grouped] == ["kyiv_dispatch.txt", "brussels_daily.txt"]
    assert [len(told) for _, told in grouped] == [1, 1]
    assert grouped[0][1][0][1] == ["brussels_daily.txt"]  # the same sentence, also told there
    page = F.event_detail_html(row, event_documents)
    assert page.count('class="ev-block"') == 2
    assert "Also told by Brussels Daily — NATO chief arrives in Kyiv" in page


def test_event_detail_shows_hostile_text_as_text(table, event_documents):
    page = F.event_detail_html(_row(table, "ev-odesa-hostile"), event_documents)
    assert "<img" not in page and "<script" not in page.replace("<style>", "") and "<b>loud" not in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;" in page
    assert 'href="javascript' not in page  # the manifest's javascript: URL is no link
    assert html.escape(HOSTILE_TITLE) in page
    assert html.escape(HOSTILE_SENTENCE) in page


def test_the_detail_says_what_was_changed_by_hand(event_table):
    frame = event_table.copy()
    frame["curation"] = [["dates", "places"] if e == "ev-trump-call" else [] for e in frame["event_id"]]
    lines = dict(F.event_header_lines(_row(F.prepare(frame), "ev-trump-call")))
    assert lines["Changed by hand"] == "dates, places"
    assert lines["Type"] == "Talks · occurred" and lines["Sources"] == "1 source"


def test_the_detail_and_the_hover_say_what_was_hit(event_table):
    frame = event_table.copy()
    frame["targets"] = [["energy", "residential"] if e == "ev-kyiv-strike" else [] for e in frame["event_id"]]
    prepared = F.prepare(frame)
    assert dict(F.event_header_lines(_row(prepared, "ev-kyiv-strike")))["What was hit"] == "energy, residential"
    assert "What was hit" not in dict(F.event_header_lines(_row(prepared, "ev-lozova-strike")))
    hover = prepared.frame.set_index("event_id")["_hover"].str.replace("<br>", " ")  # lines broken for the box
    assert "hit: energy, residential" in hover["ev-kyiv-strike"] and "hit:" not in hover["ev-lozova-strike"]
