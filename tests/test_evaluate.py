import io

import pandas as pd
import pytest

from pipeline.evaluate import read_gold, score
from pipeline.table import normalise_frame

GOLD = """doc,event_key,type,status,date_start,date_end,precision,actors,places,drones,missiles,killed,required,evidence,notes
d1,strike-a,strike,occurred,2026-02-03,2026-02-03,day,Russia;Ukraine,Kyiv,,,,yes,,
d1,talks-b,talks,planned,2026-02-04,2026-02-05,day,Ukraine;Russia,Abu Dhabi,,,,yes,,
d1,strike-h,strike,hypothetical,2026-01-26,2026-02-01,week,Russia;Ukraine,Kyiv,,,,no,asked Putin to halt strikes on Kyiv,
d2,visit-c,visit,occurred,2026-02-03,2026-02-03,day,Mark Rutte;Ukraine,Kyiv,,,,yes,,
"""


def table(rows):
    base = {"event_id": "", "precision": "day", "date_text": "", "date_method": "relative", "place_kinds": [],
            "country": "", "latitude": None, "longitude": None, "drones": None, "missiles": None,
            "ballistic": None, "cruise": None, "killed": None, "injured": None, "figures": [], "summary": "",
            "evidence": []}
    frame = pd.DataFrame([{**base, **row, "n_sources": len(row["sources"])} for row in rows])
    frame["evidence"] = frame["evidence"].map(lambda v: v if isinstance(v, list) else [])
    return normalise_frame(frame)


def test_score_counts_recall_precision_dates_and_status():
    gold = read_gold(io.StringIO(GOLD))
    events = table([
        {"event_id": "e1", "type": "strike", "status": "occurred", "date_start": "2026-02-03", "date_end": "2026-02-03",
         "actors": ["Russia", "Ukraine"], "places": ["Kyiv"], "sources": ["d1.txt"]},
        # overlapping dates, one day off: found, date not exact, status differs
        {"event_id": "e2", "type": "talks", "status": "occurred", "date_start": "2026-02-05", "date_end": "2026-02-06",
         "actors": ["Russia"], "places": [], "sources": ["d1.txt"]},
        # hypothetical shown as occurred: its own sentence is the evidence of an occurred strike
        {"event_id": "e3", "type": "strike", "status": "occurred", "date_start": "2026-01-28", "date_end": "2026-01-28",
         "actors": ["Russia"], "places": [], "sources": ["d1.txt"],
         "evidence": [{"document": "d1.txt", "start": 0, "end": 50,
                       "sentence": "Trump asked Putin to halt strikes on Kyiv for a week."}]},
        # spurious: a visit nobody annotated in d1
        {"event_id": "e4", "type": "visit", "status": "occurred", "date_start": "2026-02-03", "date_end": "2026-02-03",
         "actors": ["Donald Trump"], "places": ["Paris"], "sources": ["d1.txt"]},
        # another document that is not in the gold: not counted
        {"event_id": "e5", "type": "visit", "status": "occurred", "date_start": "2026-02-03", "date_end": "2026-02-03",
         "actors": ["Donald Trump"], "places": ["Paris"], "sources": ["other.txt"]},
    ])
    result = score(events, gold)
    assert result.hypothetical_as_occurred == 1
    assert (result.required, result.found_required) == (3, 2)
    assert [m.split(" (")[0] for m in result.missed] == ["d2 visit-c"]
    assert (result.emitted, result.correct_emitted) == (4, 3)
    assert result.found == 3 and result.exact_dates == 1
    assert result.status_agree == 1
    assert result.hypothetical_as_occurred == 1


def test_an_occurred_event_that_only_overlaps_a_hypothetical_is_not_counted_against_it():
    gold = read_gold(io.StringIO(GOLD))
    events = table([
        {"event_id": "e1", "type": "strike", "status": "occurred", "date_start": "2026-01-28", "date_end": "2026-01-28",
         "actors": ["Russia", "Ukraine"], "places": ["Kyiv"], "sources": ["d1.txt"],
         "evidence": [{"document": "d1.txt", "start": 0, "end": 30, "sentence": "Russian drones hit Kyiv on Wednesday."}]},
    ])
    assert score(events, gold).hypothetical_as_occurred == 0


def _event(event_id, kind="strike", start="2026-02-03", end=None, actors=(), places=(), sources=("d1.txt",),
           status="occurred"):
    return {"event_id": event_id, "type": kind, "status": status, "date_start": start, "date_end": end or start,
            "actors": list(actors), "places": list(places), "sources": list(sources)}


GOLD_HEADER = "doc,event_key,type,status,date_start,date_end,precision,actors,places,drones,missiles,killed,required,evidence,notes\n"


def _gold(*rows: str):
    return read_gold(io.StringIO(GOLD_HEADER + "\n".join(rows) + "\n"))


def test_matching_is_one_to_one_within_a_document():
    gold = _gold("d1,a,strike,occurred,2026-02-03,2026-02-03,day,Russia,Kyiv,,,,yes,,",
                 "d1,b,strike,occurred,2026-02-03,2026-02-03,day,Russia,Kyiv,,,,yes,,")
    result = score(table([_event("e1", actors=["Russia"], places=["Kyiv"])]), gold)
    assert (result.found_required, result.correct_emitted, result.emitted) == (1, 1, 1)


def test_pairs_are_taken_required_rows_first_then_exact_dates():
    gold = _gold("d1,borderline,strike,occurred,2026-02-03,2026-02-03,day,Russia,Kyiv,,,,no,,",
                 "d1,clear,strike,occurred,2026-02-02,2026-02-04,week,Russia,Kyiv,,,,yes,,")
    result = score(table([_event("e1", actors=["Russia"], places=["Kyiv"])]), gold)
    assert result.found_required == 1 and result.exact_dates == 0  # the required row took the one event


def test_names_are_compared_only_when_both_sides_name_any():
    gold = _gold("d1,a,talks,occurred,2026-02-03,2026-02-03,day,Ukraine;Russia,Abu Dhabi,,,,yes,,",
                 "d1,b,visit,occurred,2026-02-03,2026-02-03,day,Mark Rutte,Kyiv,,,,yes,,")
    result = score(table([_event("e1", kind="talks"),  # names nobody: matches on type and date
                          _event("e2", kind="visit", actors=["Donald Trump"], places=["Paris"])]), gold)
    assert result.found_required == 1 and [m.split(" ")[1] for m in result.missed] == ["b"]


@pytest.mark.parametrize("event_start, gold_start, found", [
    (None, "", True),  # both undated
    (None, "2026-02-03", False),  # an undated event matches only an undated row
    ("2026-02-03", "", True),  # an undated row matches any date
])
def test_undated_events_and_rows(event_start, gold_start, found):
    gold = _gold(f"d1,a,strike,occurred,{gold_start},{gold_start},day,Russia,,,,,yes,,")
    result = score(table([_event("e1", start=event_start, actors=["Russia"])]), gold)
    assert result.found_required == int(found)


def test_an_event_is_counted_once_per_gold_document_that_lists_it_and_merging_is_measured():
    gold = _gold("d1,k,strike,occurred,2026-02-03,2026-02-03,day,Russia,Kyiv,,,,yes,,",
                 "d2,k,strike,occurred,2026-02-03,2026-02-03,day,Russia,Kyiv,,,,yes,,",
                 "d1,m,talks,occurred,2026-02-03,2026-02-03,day,Ukraine,,,,,yes,,",
                 "d2,m,talks,occurred,2026-02-03,2026-02-03,day,Ukraine,,,,,yes,,")
    result = score(table([
        _event("one", actors=["Russia"], places=["Kyiv"], sources=["d1.txt", "d2.txt"]),
        _event("t1", kind="talks", actors=["Ukraine"], sources=["d1.txt"]),
        _event("t2", kind="talks", actors=["Ukraine"], sources=["d2.txt"]),
    ]), gold)
    assert (result.emitted, result.correct_emitted, result.found_required) == (4, 4, 4)
    assert (result.multi_document_keys, result.merged_keys) == (2, 1)
    assert result.split_keys[0].startswith("m:")


def test_types_the_gold_does_not_annotate_are_left_out():
    gold = _gold("d1,a,strike,occurred,2026-02-03,2026-02-03,day,Russia,Kyiv,,,,yes,,")
    result = score(table([_event("e1", actors=["Russia"], places=["Kyiv"]),
                          _event("c1", kind="ceasefire", actors=["Russia"]),
                          _event("p1", kind="prisoner_exchange", actors=["Russia"])]), gold)
    assert (result.emitted, result.correct_emitted, result.spurious) == (1, 1, [])


def test_a_hypothetical_told_apart_is_not_shown_as_occurred_though_its_sentence_tells_a_strike():
    sentence = "Trump said the sites were obliterated and warned that future attacks would be far greater."
    gold = _gold("d1,s,strike,occurred,2026-02-03,2026-02-03,day,United States;Iran,,,,,yes,the sites were obliterated,",
                 "d1,h,strike,hypothetical,2026-02-03,2026-02-03,unknown,United States;Iran,,,,,no,future attacks would be far greater,")
    told = [{"document": "d1.txt", "start": 0, "end": 90, "sentence": sentence}]
    events = table([
        {**_event("e1", actors=("United States", "Iran")), "evidence": told},
        {**_event("e2", actors=("United States", "Iran"), status="hypothetical"), "evidence": told},
    ])
    result = score(events, gold)
    assert result.hypothetical_as_occurred == 0 and result.found == 2
