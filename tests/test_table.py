import csv
import datetime as dt
import io
import json
import os
import re
import time

import pandas as pd
import pytest

from pipeline.merge import merge_mentions
from pipeline.table import (COLUMNS, CSV_ENCODING, events_to_frame, neutralise_cell, normalise_frame, read_table,
                            safe_csv_frame, write_events, write_table)
from tests.test_merge import KHARKIV, KYIV, mention


@pytest.fixture
def frame():
    return events_to_frame(merge_mentions([
        mention("a.txt", drones=450, figures=("450 drones",), places=(KYIV, KHARKIV)),
        mention("b.txt", start=5, drones=450, places=(KHARKIV,)),
        mention("a.txt", start=80, kind="talks", status="planned", day=dt.date(2026, 2, 4),
                end=dt.date(2026, 2, 5), actors=("Ukraine", "United States", "Russia"), places=()),
    ]))


def test_schema(frame):
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 2
    strike = frame[frame["type"] == "strike"].iloc[0]
    assert strike["places"] == ["Kyiv", "Kharkiv"] and strike["sources"] == ["a.txt", "b.txt"]
    assert strike["n_sources"] == 2 and strike["drones"] == 450
    assert strike["latitude"] == pytest.approx(50.45) and strike["country"] == "Ukraine"
    assert strike["evidence"][0]["document"] == "a.txt"
    talks = frame[frame["type"] == "talks"].iloc[0]
    assert pd.isna(talks["latitude"]) and pd.isna(talks["drones"])
    assert talks["date_end"] == pd.Timestamp("2026-02-05")


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_round_trip(frame, tmp_path, suffix):
    path = write_table(frame, tmp_path / f"events{suffix}")
    back = read_table(path)
    assert back["event_id"].tolist() == frame["event_id"].tolist()
    assert back["actors"].tolist() == frame["actors"].tolist()
    assert back["date_start"].tolist() == frame["date_start"].tolist()
    assert back["drones"].tolist() == frame["drones"].tolist()
    assert [e[0]["start"] for e in back["evidence"]] == [e[0]["start"] for e in frame["evidence"]]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_strikes_sides_are_kept_by_role_through_either_file(tmp_path, suffix):
    # no attacker named: the side struck stays in its place, the attacker's cell empty
    unattributed = mention("c.txt", actors=("Ukraine",), roles=("", "Ukraine"))
    frame = events_to_frame(merge_mentions([unattributed]))
    back = read_table(write_table(frame, tmp_path / f"events{suffix}"))
    assert back[["attacker", "attacked"]].values.tolist() == [["", "Ukraine"]]
    assert back["actors"].tolist() == [["Ukraine"]]


def test_types_without_sides_have_no_roles(frame):
    talks = frame[frame["type"] == "talks"].iloc[0]
    assert (talks["attacker"], talks["attacked"]) == ("", "")
    strike = frame[frame["type"] == "strike"].iloc[0]
    assert (strike["attacker"], strike["attacked"]) == ("Russia", "Ukraine")


def test_csv_lists_are_joined_and_evidence_is_json(frame, tmp_path):
    path = write_table(frame, tmp_path / "events.csv")
    raw = pd.read_csv(path, dtype=str)
    strike = raw[raw["type"] == "strike"].iloc[0]
    assert strike["places"] == "Kyiv; Kharkiv"
    assert json.loads(strike["evidence"])[1]["document"] == "b.txt"
    assert strike["date_start"] == "2026-02-03"


def test_write_is_atomic_and_leaves_no_temporary_file(frame, tmp_path):
    target = tmp_path / "events.parquet"
    target.write_bytes(b"previous table")
    with pytest.raises(ValueError):
        write_table(frame.assign(evidence=object()), target)  # cannot be serialised
    assert target.read_bytes() == b"previous table"
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]


def test_a_write_sweeps_temporaries_left_by_killed_builds(frame, tmp_path):
    target = tmp_path / "events.parquet"
    stale = tmp_path / ".events.parquet.0123456789ab.tmp"  # left by a build killed hours ago
    fresh = tmp_path / ".events.parquet.ba9876543210.tmp"  # another build writing right now
    other = tmp_path / ".other.parquet.0123456789ab.tmp"  # another table's: not ours
    for leftover in (stale, fresh, other):
        leftover.write_bytes(b"partial")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    write_table(frame, target)
    assert not stale.exists()
    assert fresh.exists() and other.exists()
    assert len(read_table(target)) == len(frame)  # and the table itself was written


def test_unknown_extension_is_refused(frame, tmp_path):
    with pytest.raises(ValueError, match="parquet or .csv"):
        write_table(frame, tmp_path / "events.xlsx")


def plain_frame(events):
    """The table's definition: one dict per row, then every column normalised."""
    from dataclasses import asdict
    rows = []
    for event in events:
        first = event.places[0] if event.places else None
        rows.append({
            "event_id": event.event_id, "type": event.type, "status": event.status,
            "date_start": event.date_start, "date_end": event.date_end, "precision": event.precision,
            "date_text": event.date_text, "date_method": event.date_method, "actors": list(event.actors),
            "attacker": event.roles[0] if len(event.roles) == 2 else "",
            "attacked": event.roles[1] if len(event.roles) == 2 else "",
            "places": [p.name for p in event.places], "place_kinds": [p.kind for p in event.places],
            "country": first.country if first else "", "admin1": first.admin1 if first else "",
            "latitude": first.latitude if first else None,
            "longitude": first.longitude if first else None, "drones": event.drones,
            "missiles": event.missiles, "ballistic": event.ballistic, "cruise": event.cruise,
            "killed": event.killed, "injured": event.injured, "prisoners": event.prisoners,
            "targets": list(event.targets), "figures": list(event.figures),
            "summary": event.summary, "sources": list(event.sources), "n_sources": event.n_sources,
            "notes": list(event.notes),
            "evidence": [asdict(m.evidence) for m in event.mentions],
        })
    return normalise_frame(pd.DataFrame(rows, columns=list(COLUMNS)))


@pytest.mark.parametrize("mentions", [
    [],
    [mention(places=())],
    [mention("a.txt"), mention("b.txt", day=dt.date(2026, 2, 9))],  # lists of one length in every row
    [mention("a.txt", drones=450, figures=("450 drones",), places=(KYIV, KHARKIV)),
     mention("b.txt", start=5, drones=450, places=(KHARKIV,)),
     mention("c.txt", kind="talks", status="planned", day=None, precision="unknown", places=()),
     mention("a.txt", start=80, kind="visit", day=dt.date(2026, 2, 4), end=dt.date(2026, 2, 5),
             actors=("Mark Rutte", "Ukraine"), places=(KYIV,))],
])
def test_frame_is_its_row_by_row_definition(mentions, tmp_path):
    events = merge_mentions(mentions)
    built, plain = events_to_frame(events), plain_frame(events)
    pd.testing.assert_frame_equal(built, plain)
    assert built.dtypes.to_dict() == plain.dtypes.to_dict()
    assert built.to_csv() == plain.to_csv()
    for name, frame in (("built", built), ("plain", plain)):
        write_table(frame, tmp_path / f"{name}.parquet")
    assert (tmp_path / "built.parquet").read_bytes() == (tmp_path / "plain.parquet").read_bytes()
    # the command line's writer (pyarrow alone) gives the same table once read
    for suffix in (".parquet", ".csv"):
        pd.testing.assert_frame_equal(read_table(write_events(events, tmp_path / f"events{suffix}")),
                                      read_table(write_table(built, tmp_path / f"frame{suffix}")))


# Exports safe to open in a spreadsheet

@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(\"http://198.51.100.7\")", "'=HYPERLINK(\"http://198.51.100.7\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("'=1", "''=1"),  # a quote of its own: one more, so that reading removes only ours
    ("-5", "-5"),  # a number is no formula
    ("+3.5", "+3.5"),
    ("Russia struck Kyiv", "Russia struck Kyiv"),
    ("'quoted'", "'quoted'"),
    ("", ""),
])
def test_text_cells_that_a_spreadsheet_would_run_get_a_leading_quote(cell, written):
    assert neutralise_cell(cell) == written


def test_the_csv_table_is_safe_keeps_numbers_and_dates_and_reads_back(tmp_path, event_table):
    frame = event_table.copy()
    frame.loc[0, "summary"] = "=HYPERLINK(\"http://198.51.100.7\")"
    frame.at[1, "sources"] = ["-x.txt", "@evil.txt"]
    frame.loc[2, "longitude"] = -77.04
    frame.loc[2, "latitude"] = -12.5
    frame.loc[3, "event_id"] = "+id"
    safe = safe_csv_frame(frame)
    assert safe.loc[0, "summary"].startswith("'=") and safe.loc[1, "sources"] == "'-x.txt; @evil.txt"
    assert safe.loc[2, "longitude"] == -77.04 and safe.loc[2, "latitude"] == -12.5
    assert safe.loc[3, "event_id"] == "'+id"
    assert safe["date_start"].dropna().str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    path = write_table(frame, tmp_path / "events.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    for row in csv.reader(io.StringIO(raw.decode(CSV_ENCODING))):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", cell), cell
    back = read_table(path)
    pd.testing.assert_frame_equal(back, read_table(write_table(frame, tmp_path / "events.parquet")))


def test_a_csv_table_without_a_byte_order_mark_still_reads(tmp_path, event_table):
    path = write_table(event_table, tmp_path / "events.csv")
    plain = tmp_path / "plain.csv"
    plain.write_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    pd.testing.assert_frame_equal(read_table(plain), read_table(path))
    assert list(read_table(plain).columns)[0] == "event_id"


def test_csv_writes_dates_held_as_objects_as_days():
    # a table a person corrected may hold its dates as date objects, not timestamps
    import datetime as dt

    from pipeline.table import safe_csv_frame
    frame = pd.DataFrame({"date_start": [dt.date(2026, 2, 1), None], "date_end": [dt.date(2026, 2, 2), None]})
    flat = safe_csv_frame(frame)
    assert flat["date_start"].tolist()[0] == "2026-02-01" and flat["date_end"].tolist()[0] == "2026-02-02"
    assert pd.isna(flat["date_start"].tolist()[1])


def test_the_command_lines_writer_gives_the_same_table_batch_after_batch(monkeypatch, tmp_path):
    import pipeline.table as table_module

    events = merge_mentions([
        mention("a.txt", drones=450, figures=("450 drones",), places=(KYIV, KHARKIV)),
        mention("c.txt", kind="talks", status="planned", day=None, precision="unknown", places=()),
        mention("a.txt", start=80, kind="visit", day=dt.date(2026, 2, 4), end=dt.date(2026, 2, 5),
                actors=("Mark Rutte", "Ukraine"), places=(KYIV,)),
    ])
    monkeypatch.setattr(table_module, "ARROW_BATCH", 1)  # one event per batch
    pd.testing.assert_frame_equal(read_table(write_events(events, tmp_path / "events.parquet")),
                                  read_table(write_table(events_to_frame(events), tmp_path / "frame.parquet")))


def _rewritten_with(frame, tmp_path, **columns):
    """The frame's Parquet table with some columns replaced by Arrow arrays, as another
    tool might write it."""
    import pyarrow as pa
    import pyarrow.parquet as parquet

    table = parquet.read_table(write_table(frame, tmp_path / "ours.parquet"))
    for name, values in columns.items():
        table = table.set_column(table.column_names.index(name), name, values)
    path = tmp_path / "theirs.parquet"
    parquet.write_table(table, path)
    return path


def test_a_parquet_table_read_back_equals_the_frame_written(frame, tmp_path):
    back = read_table(write_table(frame, tmp_path / "events.parquet"))
    assert back.equals(normalise_frame(frame)[list(COLUMNS)])
    assert all(type(cell) is list for column in ("actors", "places", "figures", "evidence") for cell in back[column])
    assert type(back["evidence"][0][0]) is dict


def test_missing_lists_in_another_tools_parquet_read_as_empty_lists(frame, tmp_path):
    import pyarrow as pa

    path = _rewritten_with(frame, tmp_path, actors=pa.array([None, ["Russia"]], type=pa.list_(pa.string())),
                           evidence=pa.array([None, None], type=pa.list_(pa.struct([("document", pa.string())]))))
    back = read_table(path)
    assert sorted(map(tuple, back["actors"])) == [(), ("Russia",)]
    assert back["evidence"].tolist() == [[], []]


@pytest.mark.parametrize("cells, expected", [
    # a missing string inside a list is left out
    ([["Kyiv", None], []], [["Kyiv"], []]),
    # lists written as text, "a; b", are split
    (["Kyiv; Kharkiv", ""], [["Kyiv", "Kharkiv"], []]),
])
def test_list_cells_parquet_did_not_store_as_clean_lists_are_mended(frame, tmp_path, cells, expected):
    import pyarrow as pa

    kind = pa.list_(pa.string()) if isinstance(cells[0], list) else pa.string()
    back = read_table(_rewritten_with(frame, tmp_path, places=pa.array(cells, type=kind)))
    assert sorted(back["places"].tolist()) == sorted(expected)
