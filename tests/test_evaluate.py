import io

import pandas as pd

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
    assert result.missed == ["d2 visit-c"]
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
