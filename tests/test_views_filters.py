"""pipeline.views.filters and prepared: the URL ↔ filters, and what the filters select.

Expected values come from reading the hand-made table in tests/conftest.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from pipeline import views as F
from pipeline.settings import SETTINGS


@pytest.fixture
def table(event_table) -> F.PreparedTable:
    return F.prepare(event_table)


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["event_id"])


class MultiDict:
    """What st.query_params looks like: get_all for repeated keys."""

    def __init__(self, pairs):
        self.pairs = pairs

    def get_all(self, key):
        return [v for k, v in self.pairs if k == key]


def test_filters_read_repeated_keys_from_query_params():
    params = MultiDict([("type", "strike"), ("type", "talks"), ("actor", "Russia"), ("from", "2026-01-20"),
                        ("to", "2026-02-03"), ("q", "energy grid"), ("status", "hypothetical")])
    filters = F.Filters.from_query_params(params)
    assert filters == F.Filters(types=("strike", "talks"), statuses=("hypothetical",), actors=("Russia",),
                                date_from=dt.date(2026, 1, 20), date_to=dt.date(2026, 2, 3), query="energy grid")


def test_filters_read_a_plain_dict_of_strings_or_lists():
    filters = F.Filters.from_query_params({"place": ["Kyiv", "Lozova"], "source": "wire_0130.txt"})
    assert filters.places == ("Kyiv", "Lozova") and filters.sources == ("wire_0130.txt",)


@pytest.mark.parametrize("filters", [
    F.Filters(),
    F.Filters(types=("strike",), actors=("Russia", "Volodymyr Zelensky")),
    F.Filters(statuses=("planned", "hypothetical"), places=("Abu Dhabi",), sources=("a.txt", "b.md")),
    F.Filters(date_from=dt.date(2025, 9, 1), date_to=dt.date(2026, 2, 15), query="Abu Dhabi"),
])
def test_filters_round_trip_through_the_url(filters):
    params = filters.to_query_params()
    pairs = [(k, v) for k, values in params.items() for v in (values if isinstance(values, list) else [values])]
    assert F.Filters.from_query_params(MultiDict(pairs)) == filters


def test_query_values_are_capped_in_number_and_length():
    many = MultiDict([("actor", f"A{i}") for i in range(SETTINGS.max_query_values + 30)]
                     + [("q", "x" * (SETTINGS.max_query_chars * 3))])
    filters = F.Filters.from_query_params(many)
    assert len(filters.actors) == SETTINGS.max_query_values
    assert len(filters.query) == SETTINGS.max_query_chars


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "31/01/2026", "[LOGIN](https://evil.example)"])
def test_unreadable_dates_are_dropped_and_reported(value):
    params = {"from": value, "type": "strike"}
    assert F.Filters.from_query_params(params) == F.Filters(types=("strike",))
    assert F.unreadable_params(params) == [f"from={value}"]


@pytest.mark.parametrize("params, options", [
    ({"lanes": "actor", "view": "briefing"}, F.ChartOptions(lanes="actor", briefing=True)),
    ({"range": "2026-01-20..2026-02-06", "per": "week", "counts": "launches"},
     F.ChartOptions(shown=(dt.date(2026, 1, 20), dt.date(2026, 2, 6)), per="week", counts="launches")),
    ({"range": "2026-02-06..2026-01-20"}, F.ChartOptions(shown=(dt.date(2026, 1, 20), dt.date(2026, 2, 6)))),
    ({"lanes": "nonsense", "per": "year", "range": "soon"}, F.ChartOptions()),
])
def test_chart_options_from_and_to_the_url(params, options):
    assert F.ChartOptions.from_query_params(params) == options
    written = options.to_query_params()
    assert F.ChartOptions.from_query_params(written) == options


def test_an_unreadable_range_is_reported():
    assert F.unreadable_params({"range": "2026-01-01..later"}) == ["range=2026-01-01..later"]


ALL_BUT_HYPOTHETICAL = {
    "ev-kyiv-strike", "ev-lozova-strike", "ev-rutte-visit", "ev-abu-dhabi-planned", "ev-washington-visit",
    "ev-abu-dhabi-week", "ev-trump-call", "ev-dnipro-strike", "ev-nikopol-undated", "ev-paris-talks",
    "ev-september-strike", "ev-copenhagen-visit", "ev-odesa-hostile",
}


@pytest.mark.parametrize("filters, expected", [
    (F.Filters(), ALL_BUT_HYPOTHETICAL),
    (F.Filters(types=("talks",)), {"ev-paris-talks", "ev-abu-dhabi-week", "ev-trump-call", "ev-abu-dhabi-planned"}),
    (F.Filters(statuses=("hypothetical",)), {"ev-kyiv-moratorium"}),
    (F.Filters(statuses=("planned",)), {"ev-abu-dhabi-planned", "ev-washington-visit"}),
    (F.Filters(actors=("Mark Rutte",)), {"ev-rutte-visit"}),
    (F.Filters(actors=("Donald Trump", "Denmark")), {"ev-trump-call", "ev-copenhagen-visit"}),
    (F.Filters(places=("Abu Dhabi",)), {"ev-abu-dhabi-week", "ev-abu-dhabi-planned"}),
    (F.Filters(places=("Kharkiv",)), {"ev-kyiv-strike"}),  # a second place counts too
    (F.Filters(sources=("wire_0130.txt",)), {"ev-abu-dhabi-week", "ev-trump-call", "ev-dnipro-strike"}),
    # Overlap with the range: the Abu Dhabi week (19–25 Jan) reaches into it; undated events never match.
    (F.Filters(date_from=dt.date(2026, 1, 20), date_to=dt.date(2026, 1, 27)),
     {"ev-abu-dhabi-week", "ev-odesa-hostile", "ev-trump-call"}),
    (F.Filters(date_from=dt.date(2026, 2, 5)), {"ev-washington-visit"}),
    (F.Filters(date_to=dt.date(2025, 9, 3)), {"ev-copenhagen-visit"}),
    (F.Filters(query="abu dhabi"), {"ev-abu-dhabi-week", "ev-abu-dhabi-planned"}),
    (F.Filters(query="KHARKIV"), {"ev-kyiv-strike", "ev-lozova-strike"}),  # summary or evidence
    (F.Filters(query="energy"), {"ev-kyiv-strike"}),  # only in the evidence sentences
    (F.Filters(query="killing kharkiv"), {"ev-lozova-strike"}),  # every word must occur
    (F.Filters(types=("strike",), actors=("Russia",), date_from=dt.date(2026, 1, 28), date_to=dt.date(2026, 2, 3)),
     {"ev-dnipro-strike", "ev-kyiv-strike", "ev-lozova-strike"}),
    (F.Filters(actors=("Atlantis",)), set()),
])
def test_filters_select_the_expected_events(table, filters, expected):
    assert ids(F.apply_filters(table, filters)) == expected


def test_show_hypothetical_option_widens_an_empty_status_filter(table):
    widened = F.effective_filters(F.Filters(), F.ChartOptions(show_hypothetical=True))
    assert ids(F.apply_filters(table, widened)) == ALL_BUT_HYPOTHETICAL | {"ev-kyiv-moratorium"}
    narrow = F.effective_filters(F.Filters(statuses=("planned",)), F.ChartOptions(show_hypothetical=True))
    assert narrow.statuses == ("planned",)


def test_choices_list_every_actor_most_frequent_first(table):
    actors = table.options("actors")
    assert actors[:2] == ["Ukraine", "Russia"]  # Ukraine in 11 events, Russia in 9
    assert set(actors) >= {"Mark Rutte", "Donald Trump", "Vladimir Putin", "Denmark", "France"}


@pytest.mark.parametrize("start, end, precision, label", [
    ("2026-01-27", "2026-01-27", "day", "Tue 27 Jan 2026"),
    ("2026-01-26", "2026-02-01", "day", "Mon 26 Jan 2026 – Sun 1 Feb 2026"),
    ("2026-01-19", "2026-01-25", "week", "week of Mon 19 Jan 2026 – Sun 25 Jan 2026"),
    ("2025-09-01", "2025-09-30", "month", "September 2025"),
    ("2025-01-01", "2025-12-31", "year", "2025"),
    (None, None, "unknown", "date unknown"),
])
def test_date_labels(start, end, precision, label):
    frame = pd.DataFrame({"date_start": pd.to_datetime([start]), "date_end": pd.to_datetime([end]),
                          "precision": [precision]})
    assert F.date_labels(frame).tolist() == [label]


@pytest.mark.parametrize("status, method, curation, announced", [
    ("planned", "anchor", [], True),
    ("hypothetical", "anchor", [], True),
    ("occurred", "anchor", [], False),  # what happened on the report's day is dated by it
    ("planned", "relative", [], False),  # "next week": a date of its own
    ("planned", "anchor", ["dates"], False),  # a person set its date
])
def test_plans_dated_only_by_their_report_are_told_apart(event_table, status, method, curation, announced):
    frame = event_table[event_table["event_id"] == "ev-abu-dhabi-planned"].copy()
    frame["status"], frame["date_method"] = status, method
    frame["curation"] = [curation]
    assert bool(F.prepare(frame).frame["_announced"].iloc[0]) is announced


def test_the_table_view_is_plain_text_with_type_labels(table):
    view = F.table_view(F.apply_filters(table, F.Filters(types=("visit",))))
    assert list(view.columns) == ["Date", "Type", "Status", "Actors", "Places", "Summary", "Figures", "Sources",
                                  "Changed by hand"]
    assert view.loc["ev-copenhagen-visit", "Date"] == "September 2025"
    assert view.loc["ev-rutte-visit", "Type"] == "Visit"
    assert view.loc["ev-rutte-visit", "Actors"] == "Mark Rutte, Ukraine"


def test_the_table_view_is_capped_by_the_settings(table):
    assert len(F.table_view(F.apply_filters(table, F.Filters()), limit=3)) == 3
    assert SETTINGS.table_display_rows >= 100


def test_a_table_without_a_curation_column_gets_an_empty_one(event_table):
    frame = event_table.drop(columns=["curation"])
    assert F.prepare(frame).frame["curation"].map(list).tolist() == [[]] * len(frame)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_drawn_positions_are_milliseconds_whatever_the_dates_unit(event_table, unit):
    frame = event_table.copy()
    for column in ("date_start", "date_end"):
        frame[column] = frame[column].dt.as_unit(unit)
    drawn = F.prepare(frame).frame.set_index("event_id")
    dated = event_table.dropna(subset=["date_start"]).iloc[0]
    day_ms = (dated["date_start"] - pd.Timestamp("1970-01-01")) / pd.Timedelta(milliseconds=1)
    assert drawn.at[dated["event_id"], "_start_ms"] == day_ms
    assert drawn["_start_ms"].isna().tolist() == event_table["date_start"].isna().tolist()


def test_source_labels_name_publisher_title_and_file(event_documents):
    labels = F.source_labels(event_documents.values(), with_file=True)
    assert labels["wire_0130.txt"] == "Wire Service — Kremlin says Trump asked Putin to halt strikes (wire_0130.txt)"
    plain = F.source_labels([replace(event_documents["wire_0130.txt"],
                                     meta=replace(event_documents["wire_0130.txt"].meta, title="", source=""))])
    assert plain == {"wire_0130.txt": "wire_0130.txt"}


def test_what_was_hit_filters_and_lives_in_the_url(event_table):
    frame = event_table.copy()
    frame["targets"] = [["energy"] if e == "ev-kyiv-strike" else ["rail"] if e == "ev-dnipro-strike" else []
                        for e in frame["event_id"]]
    prepared = F.prepare(frame)
    filters = F.Filters.from_query_params(MultiDict([("target", "energy"), ("target", "rail")]))
    assert filters.targets == ("energy", "rail") and filters.to_query_params()["target"] == ["energy", "rail"]
    assert ids(F.apply_filters(prepared, filters)) == {"ev-kyiv-strike", "ev-dnipro-strike"}
    assert prepared.options("targets") == ["energy", "rail"] or prepared.options("targets") == ["rail", "energy"]
    assert "Hit: energy, rail" in filters.describe()
