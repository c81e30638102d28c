"""Anchors: manifest dates, datelines, inference from the text, and dated passages."""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import anchors
from pipeline.anchors import (
    document_anchor,
    find_dateline,
    infer_anchor,
    parse_published,
    split_passages,
)
from pipeline.model import UNKNOWN_ANCHOR, Document, Passage, SourceMeta

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D = dt.date


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def document(text: str, published: str = "", name: str = "doc.txt") -> Document:
    return Document(name, text, SourceMeta(file=name, published=published))


# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # wire copy is datelined the day it reports: the lead's weekday is the dateline's day
    ("KYIV, Feb 24 (Reuters) - Leaders arrived in Kyiv by train on Saturday.", D(2024, 2, 24)),
    ("GAZA, March 4 (Reuters) - Israeli strikes killed 12 people on Tuesday, medics said.", D(2025, 3, 4)),
])
def test_a_yearless_dateline_takes_the_latest_year_its_lead_weekday_allows(text, expected, monkeypatch):
    monkeypatch.setattr("pipeline.anchors.infer.current_year", lambda: 2026)
    anchor = infer_anchor(text)
    assert (anchor.date, anchor.precision, anchor.source) == (expected, "day", "inferred")


def test_a_yearless_dateline_without_a_weekday_stays_without_a_year():
    assert infer_anchor("KYIV, Feb 24 (Reuters) - Leaders arrived in Kyiv by train.") is None


# parse_published
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, date, precision", [
    ("2026-01-30", D(2026, 1, 30), "day"),
    ("2026-01-30T14:05:00Z", D(2026, 1, 30), "day"),
    ("2026-01-30 14:05", D(2026, 1, 30), "day"),
    # the publisher's own calendar day, not converted to UTC
    ("2026-01-30T23:30:00-05:00", D(2026, 1, 30), "day"),
    ("30 January 2026", D(2026, 1, 30), "day"),
    ("Jan 30, 2026", D(2026, 1, 30), "day"),
    ("Friday, 30 January 2026 14:05", D(2026, 1, 30), "day"),
    ("30.01.2026", D(2026, 1, 30), "day"),
    ("  2026-01-30  ", D(2026, 1, 30), "day"),
    ("2025-09", D(2025, 9, 30), "month"),
    ("2024-02", D(2024, 2, 29), "month"),
    ("2026-02", D(2026, 2, 28), "month"),
    ("September 2025", D(2025, 9, 30), "month"),
    ("2025", D(2025, 12, 31), "year"),
])
def test_parse_published_forms(value, date, precision):
    anchor = parse_published(value)
    assert (anchor.date, anchor.precision, anchor.source) == (date, precision, "manifest")
    assert anchor.text == value.strip()


@pytest.mark.parametrize("value", ["", "   "])
def test_parse_published_empty_is_none(value):
    assert parse_published(value) is None


@pytest.mark.parametrize("value", [
    "soon", "yesterday", "last week", "2026-13-01", "Feb 30, 2026", "n/a", "20266-01-01",
])
def test_parse_published_rejects_non_dates_naming_the_value(value):
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        parse_published(value)


# --------------------------------------------------------------------------------------
# find_dateline
# --------------------------------------------------------------------------------------

HEADLINE = "Russia strikes energy grid as NATO chief visits Kyiv\n\n"
BODY = "\n\nRussia launched hundreds of drones overnight, officials said.\n"


@pytest.mark.parametrize("line, date, literal", [
    ("3 February 2026 - 22:45", D(2026, 2, 3), "3 February 2026 - 22:45"),
    ("03.02.2026 15:00", D(2026, 2, 3), "03.02.2026 15:00"),
    ("04.02.2026", D(2026, 2, 4), "04.02.2026"),
    ("February 3, 2026", D(2026, 2, 3), "February 3, 2026"),
    ("Feb. 3, 2026 5:12 PM EST", D(2026, 2, 3), "Feb. 3, 2026 5:12 PM EST"),
    ("Published: 3 Feb 2026", D(2026, 2, 3), "3 Feb 2026"),
    ("Updated 2026-02-03 10:00", D(2026, 2, 3), "2026-02-03 10:00"),
    ("Tuesday, February 3, 2026", D(2026, 2, 3), "Tuesday, February 3, 2026"),
    ("Last updated on 3rd February 2026 at 10:30 GMT", D(2026, 2, 3), "3rd February 2026 at 10:30 GMT"),
    ("Tue 3 Feb 2026 14.05 GMT", D(2026, 2, 3), "Tue 3 Feb 2026 14.05 GMT"),
    ("2026-02-03T08:15:00Z", D(2026, 2, 3), "2026-02-03T08:15:00Z"),
    ("By Jane Doe | February 3, 2026", D(2026, 2, 3), "February 3, 2026"),
    ("3 Feb 2026 • 4 min read", D(2026, 2, 3), "3 Feb 2026"),
    ("KYIV, 3 February 2026", D(2026, 2, 3), "3 February 2026"),
    ("13/02/2026", D(2026, 2, 13), "13/02/2026"),  # only one order is a date
    ("02/13/2026", D(2026, 2, 13), "02/13/2026"),
])
def test_dateline_forms(line, date, literal):
    anchor = find_dateline(HEADLINE + line + BODY)
    assert anchor is not None
    assert (anchor.date, anchor.precision, anchor.source, anchor.text) == (date, "day", "dateline", literal)


@pytest.mark.parametrize("text, date", [
    # a wire dateline's yearless date takes the year of the agency's copyright notice
    ("KYIV, Feb 3 (Reuters) - Russia fired missiles at Kyiv.\n© 2026 Thomson Reuters.", D(2026, 2, 3)),
    ("KYIV, Ukraine, Feb. 3 (AP) — Russia fired missiles.\nCopyright 2025-2026 The Associated Press",
     D(2026, 2, 3)),
    ("MOSCOW, February 3. /TASS/. Talks went on.\n© 2026 TASS", D(2026, 2, 3)),
    # weekday + yearless date: the year near the text's own year with that weekday
    ("Tuesday, February 3\n\nThe ceasefire talks that began in 2025 went on.", D(2026, 2, 3)),
    # Feb 3 is a Tuesday in 2015, 2026 and 2032; 2015 is nearest to 2018
    ("Tuesday, February 3\n\nCopyright 2018", D(2015, 2, 3)),
])
def test_yearless_dateline_accepted_when_the_text_fixes_the_year(text, date):
    anchor = find_dateline(text)
    assert anchor is not None and anchor.date == date and anchor.source == "dateline"


@pytest.mark.parametrize("text", [
    # a date inside a running sentence is not a dateline
    HEADLINE + "Nato Secretary General Mark Rutte addresses Ukrainian lawmakers in Kyiv on "
               "3 February 2026, as Russia's invasion of Ukraine continues." + BODY,
    HEADLINE + "Russia launched its largest strike on February 3, 2026." + BODY,
    # yearless, and nothing in the text fixes the year
    "KYIV, Feb 3 (Reuters) - Russia fired missiles at Kyiv overnight.",
    "Sep 4 • 15 tweets • 3 min read\nA strong army is the central guarantee.",
    # 2 March or February 3: not decidable
    HEADLINE + "02/03/2026" + BODY,
    HEADLINE + "Feb 30, 2026" + BODY,
    # too far down: after 15 non-empty lines, or after 1,500 characters
    "".join(f"Line {i} of the report.\n" for i in range(15)) + "3 February 2026\n",
    "x" * 1600 + "\n3 February 2026\n",
    "No date here at all.\n",
])
def test_not_a_dateline(text):
    assert find_dateline(text) is None


def test_first_dateline_wins():
    text = "Published 3 Feb 2026\nUpdated 4 Feb 2026\nBody text."
    assert find_dateline(text).date == D(2026, 2, 3)


# --------------------------------------------------------------------------------------
# infer_anchor
# --------------------------------------------------------------------------------------

def test_infer_seed_003_from_deadline_weekday_and_past_weekdays():
    # "until Feb. 1" and "set to expire on Sunday" name the same day; in 2026 (the
    # copyright year) Feb. 1 is a Sunday. The deadline lies ahead, so the text was written
    # Mon 26 – Sat 31 Jan; "told reporters Friday" is the latest weekday it uses of the
    # past (Thursday, Tuesday come earlier), so it was written on Friday, 30 January.
    anchor = infer_anchor(seed_text("003"))
    assert (anchor.date, anchor.precision, anchor.source) == (D(2026, 1, 30), "day", "inferred")


def test_infer_seed_002_from_a_caption_date():
    # "addresses members of the Ukrainian parliament in Kyiv, on February 3, 2026"
    anchor = infer_anchor(seed_text("002"))
    assert (anchor.date, anchor.precision, anchor.source) == (D(2026, 2, 3), "day", "inferred")


@pytest.mark.parametrize("text, date, precision", [
    # weekday written with the date, in the past: the week from that day on; "said Tuesday"
    ("Russia struck Kyiv on Sunday, Feb. 1, officials said Tuesday. © 2026 Agency",
     D(2026, 2, 3), "day"),
    # same, no other weekday: the text is written on that Sunday or later
    ("Russia struck Kyiv on Sunday, Feb. 1. © 2026 Agency", D(2026, 2, 1), "day"),
    # a future deadline without past weekdays: the week before it, its last day
    ("The truce is set to expire on Sunday. It runs until Feb. 1.\n© 2026 Agency",
     D(2026, 1, 31), "week"),
    # "last Tuesday" names another week and does not date the text
    ("The truce is set to expire on Sunday. It runs until Feb. 1. Drones hit a train last "
     "Tuesday. © 2026 Agency", D(2026, 1, 31), "week"),
    # the year from the latest year mentioned: Feb. 1 is a Sunday in 2015 and 2026;
    # 2026 is nearer to 2025
    ("The truce, agreed in 2025, runs until Feb. 1 and is set to expire on Sunday. "
     "Officials said on Thursday that it held.", D(2026, 1, 29), "day"),
    # rule 2: the latest full date not placed in the future
    ("Russia invaded on 24 February 2022. Talks were held on 3 February 2026.", D(2026, 2, 3), "day"),
    ("Talks were held on 3 February 2026 and will resume on 10 February 2026.", D(2026, 2, 3), "day"),
    ("The photo shows Rutte in Kyiv on Feb. 3, 2026.", D(2026, 2, 3), "day"),
])
def test_infer_anchor_rules(text, date, precision):
    anchor = infer_anchor(text)
    assert anchor is not None
    assert (anchor.date, anchor.precision, anchor.source) == (date, precision, "inferred")


@pytest.mark.parametrize("text", [
    "The truce runs until Feb. 1 and is set to expire on Sunday.",  # no year to fix it by
    "Talks are scheduled for 10 February 2026.",  # only a future date
    "Russia launched drones at Kyiv overnight, officials said.",
    "",
])
def test_infer_anchor_none(text):
    assert infer_anchor(text) is None


# --------------------------------------------------------------------------------------
# document_anchor
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix, date, precision, source", [
    ("000", D(2026, 2, 3), "day", "dateline"),  # "3 February 2026 - 22:45"
    ("001", D(2025, 9, 30), "month", "manifest"),  # published 2025-09
    ("002", D(2026, 2, 3), "day", "manifest"),
    ("003", D(2026, 1, 30), "day", "manifest"),
    ("004", D(2026, 2, 3), "day", "dateline"),  # "03.02.2026 15:00", day first
])
def test_seed_anchors(prefix, date, precision, source):
    with (SEEDS / "manifest.csv").open(encoding="utf-8") as handle:
        published = {row["file"]: row["published"] for row in csv.DictReader(handle)}
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    anchor = document_anchor(document(path.read_text(encoding="utf-8"), published[path.name], path.name))
    assert (anchor.date, anchor.precision, anchor.source) == (date, precision, source)


def test_document_anchor_order():
    text = "3 February 2026\n\nOn 1 February 2026 talks were held."
    assert document_anchor(document(text, "2026-02-05")).source == "manifest"
    assert document_anchor(document(text)).source == "dateline"
    assert document_anchor(document(text.split("\n", 2)[2])).source == "inferred"
    assert document_anchor(document("Russia fired drones overnight.")) == UNKNOWN_ANCHOR


def test_document_anchor_skips_a_broken_published_value():
    anchor = document_anchor(document("3 February 2026\nText.", "not a date"))
    assert (anchor.date, anchor.source) == (D(2026, 2, 3), "dateline")


def test_seed_003_without_its_manifest_date_is_inferred():
    anchor = document_anchor(document(seed_text("003")))
    assert (anchor.date, anchor.source) == (D(2026, 1, 30), "inferred")


# --------------------------------------------------------------------------------------
# split_passages
# --------------------------------------------------------------------------------------

def assert_covers(passages, text):
    assert passages[0].start == 0 and passages[-1].end == len(text)
    for before, after in zip(passages, passages[1:]):
        assert before.end == after.start and before.start < before.end


def test_seed_001_passages():
    text = seed_text("001")
    doc = document(text, "2025-09", "001.txt")
    passages = split_passages(doc)
    assert_covers(passages, text)
    # 20 "<date> • N tweets • M min read" headers, plus the text before the first
    assert len(passages) == 21

    def passage_with(phrase):
        (found,) = [p for p in passages if phrase in text[p.start:p.end]]
        return found

    top = passage_with("Ambrosetti Forum")
    assert top.start == 0 and top.anchor == document_anchor(doc)
    assert passage_with("nearly 600 drones").anchor.date == D(2025, 8, 28)
    assert passage_with("nearly 500 drones").anchor.date == D(2025, 9, 3)
    assert passage_with("Mukachevo").anchor.date == D(2025, 8, 21)
    assert passage_with("The Hague").anchor.date == D(2025, 6, 24)
    header_passage = passage_with("nearly 600 drones")
    assert text[header_passage.start:].startswith("Aug 28 • 10 tweets • 2 min read\n")
    assert header_passage.anchor.source == "header"
    assert header_passage.anchor.precision == "day"


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_seeds_without_headers_are_one_passage(prefix):
    text = seed_text(prefix)
    doc = document(text)
    assert split_passages(doc) == [Passage(doc.name, 0, len(text), document_anchor(doc))]


@pytest.mark.parametrize("published, header, date, precision", [
    ("2025-09", "Sep 4 • 15 tweets • 3 min read", D(2025, 9, 4), "day"),
    ("2025-09", "Jun 24 • 22 tweets • 4 min read", D(2025, 6, 24), "day"),
    # across the turn of the year
    ("2026-01", "Dec 30 • 5 tweets • 1 min read", D(2025, 12, 30), "day"),
    ("2026-02-28", "Tuesday, February 3", D(2026, 2, 3), "day"),
    ("2026-01-15", "February 3", D(2025, 2, 3), "day"),  # nearest on or before the anchor
    ("2025-09", "February 3, 2026", D(2026, 2, 3), "day"),  # a written year stands
    ("2026-02-05", "3 Feb 2026, 14:05", D(2026, 2, 3), "day"),
    ("2026-02-05", "Updated 3 February 2026 - 14:05 GMT", D(2026, 2, 3), "day"),
    ("", "Sep 4 • 3 tweets", None, "unknown"),  # unknown document anchor, yearless header
])
def test_header_anchors(published, header, date, precision):
    # the header stands below the first 15 lines, where a dateline would be looked for
    intro = "".join(f"Intro paragraph {i} about the war.\n" for i in range(15))
    text = f"{intro}{header}\nBody of the section.\n"
    passages = split_passages(document(text, published))
    assert len(passages) == 2
    first, section = passages
    assert text[first.start:first.end] == intro
    assert text[section.start:].startswith(header)
    assert (section.anchor.date, section.anchor.precision, section.anchor.source) == (date, precision, "header")


def test_time_only_headers_keep_the_date_in_force():
    text = (
        "Live: Russia strikes Kyiv\n"
        "Tuesday, February 3\n"
        "14:05 GMT\n"
        "Air defence is working over the capital.\n"
        "Updated 12:45\n"
        "Drones were shot down.\n"
    )
    passages = split_passages(document(text, "2026-02-05"))
    assert_covers(passages, text)
    assert [text[p.start:p.end].split("\n")[0] for p in passages] == [
        "Live: Russia strikes Kyiv", "Tuesday, February 3", "14:05 GMT", "Updated 12:45",
    ]
    assert passages[0].anchor.date == D(2026, 2, 5)
    assert [p.anchor.date for p in passages[1:]] == [D(2026, 2, 3)] * 3


def test_time_only_header_before_any_date_header_keeps_the_document_anchor():
    text = "Live updates\n12:45 GMT\nMissiles hit Kyiv.\n"
    doc = document(text, "2026-02-03")
    first, second = split_passages(doc)
    assert second.anchor == first.anchor == document_anchor(doc)


def test_dateline_is_not_a_section_header():
    text = "Headline\n3 February 2026 - 22:45\nText.\n4 February 2026\nMore text.\n"
    passages = split_passages(document(text))
    assert [(p.anchor.date, p.anchor.source) for p in passages] == [
        (D(2026, 2, 3), "dateline"), (D(2026, 2, 4), "header"),
    ]
    assert text[passages[1].start:].startswith("4 February 2026\n")


@pytest.mark.parametrize("line", [
    "Russia launched its largest strike of the year on February 3, 2026, officials said.",
    "The figure was 12.45 percent.",
    "Scores: 14 - 12",
])
def test_prose_lines_are_not_headers(line):
    text = f"Intro.\n{line}\nMore.\n"
    assert len(split_passages(document(text, "2026-02-05"))) == 1


def test_header_at_the_very_top_has_no_empty_passage_before_it():
    text = "Sep 4 • 2 tweets • 1 min read\nText.\nSep 3 • 1 tweets • 1 min read\nMore.\n"
    passages = split_passages(document(text, "2025-09"))
    assert [p.anchor.date for p in passages] == [D(2025, 9, 4), D(2025, 9, 3)]
    assert_covers(passages, text)


def test_a_dateline_refines_a_month_precision_manifest_date():
    doc = document("Press release, 11.03.2025\n\nThe delegations met in Jeddah today.", published="2025-03")
    anchor = document_anchor(doc)
    assert (anchor.date, anchor.precision, anchor.source) == (dt.date(2025, 3, 11), "day", "dateline")


def test_a_dateline_outside_the_manifest_period_does_not_override_it():
    doc = document("Press release, 11.03.2025\n\nText.", published="2025-04")
    assert document_anchor(doc).date == dt.date(2025, 4, 30)


@pytest.mark.parametrize("text, expected", [
    ("KYIV, April 13 (Reuters) - Missiles struck Sumy, the deadliest attack so far in 2025.",
     dt.date(2025, 4, 13)),
    # a digest's yearless header line is no dateline, whatever years the text mentions
    ("Sep 4 • 15 tweets • 3 min read\nEurope must stay as united as it was in 2022.", None),
])
def test_a_yearless_wire_dateline_takes_the_year_the_report_speaks_of(text, expected):
    anchor = find_dateline(text)
    assert (anchor.date if anchor else None) == expected


# --------------------------------------------------------------------------------------
# Cheaper searches must find what the plain ones find
# --------------------------------------------------------------------------------------

_DATE_PIECES = [
    "3", "03", "13", "31", "2026", "1999", "2015", "Feb", "February", "FEB", "feb", "Tue",
    "Tuesday", "TUESDAY", "Tues", "May", "may", "Sept", "Sat", "of", "3rd", "1st", ".", ",",
    " ", "  ", "\n", "-", "/", ":", "14:05", "12:45", "GMT", "PM", "at", "|", "—", "T",
    "2026-02-03", "03.02.2026", "13/02/2026", "02/13/2026", "x", "a3", "_", "٣", "Ü",
    "Mon.", "Monday's", "+02:00", "KYIV,", "(Reuters)", "©", "(c)", "Copyright", "1.2026",
    "2026/", "Feb29", "last", "next",
]
_date_texts = st.lists(st.sampled_from(_DATE_PIECES), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_date_texts)
def test_date_forms_tried_only_where_a_date_can_begin_find_every_match(text):
    starts = anchors.literals._date_starts(text)
    for form, pattern in anchors.literals._DATE_FORMS:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in anchors.literals._matches_at(pattern, text, starts.of_form(form))] == expected
    expected = [m.span() for m in anchors.infer._WEEKDAY_WORD.finditer(text)]
    assert [m.span() for m in anchors.literals._matches_at(anchors.infer._WEEKDAY_WORD, text, starts.weekdays)] == expected


@settings(max_examples=1000, deadline=None)
@given(_date_texts)
def test_year_searches_find_what_their_plain_forms_find(text):
    plain_any_year = re.compile(r"(?<![\d.,/-])((?:19|20)\d{2})(?![\d.,/]\d)")
    assert anchors.literals._ANY_YEAR.findall(text) == plain_any_year.findall(text)
    copyright_years = [int(y) for y in anchors.literals._COPYRIGHT_YEAR.findall(text)]
    assert anchors.literals._copyright_year(text) == (max(copyright_years) if copyright_years else None)


@settings(max_examples=500, deadline=None)
@given(_date_texts)
def test_lines_and_lines_with_digits(text):
    position, every = 0, []
    for line in text.split("\n"):
        every.append((position, line))
        position += len(line) + 1
    assert list(anchors.literals._lines(text)) == every
    assert list(anchors.literals._lines_with_digits(text)) == [(o, line) for o, line in every
                                                      if re.search(r"\d", line)]


def test_a_section_title_above_its_date_line_belongs_to_that_section():
    text = ("Statements\n\nReadout of the Minister's Call\n\nMarch 4, 2025\n\nThe ministers spoke today.\n\n"
            "Joint Communique on the Talks in Riyadh\n\nFebruary 20, 2025\n\nThe delegations met today.\n")
    passages = split_passages(document(text, "2025-03-04"))
    assert_covers(passages, text)
    riyadh = next(p for p in passages if "Riyadh" in text[p.start:p.end])
    assert text[riyadh.start:].startswith("Joint Communique") and riyadh.anchor.date == D(2025, 2, 20)


def test_a_date_with_its_section_title_after_a_dash_is_a_header():
    text = ("Statements on the talks\n\nJune 2, 2025 — Statement by the foreign ministry\n\nThe talks ended.\n\n"
            "June 5, 2025 — Statement by the delegation\n\nWe met today.\n\nJune 6 — Delegates met again.\n")
    passages = split_passages(document(text, "2025-06-09"))
    assert [p.anchor.date for p in passages] == [D(2025, 6, 9), D(2025, 6, 2), D(2025, 6, 5)]
