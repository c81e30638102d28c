"""pipeline.views.counts: events per day or week by type; drones and missiles per night."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline import views as F
from pipeline.views.counts import counts_csv_frame


@pytest.fixture
def filtered(event_table) -> pd.DataFrame:
    return F.apply_filters(F.prepare(event_table), F.Filters())


def test_events_per_day_count_what_occurred_on_a_known_day(filtered):
    table = F.counts_frame(filtered, "day").set_index("period")
    # 3 Feb 2026: the Kyiv and Lozova strikes and Rutte's visit; the planned talks of 4 Feb are not counted.
    assert table.loc[pd.Timestamp("2026-02-03")].to_dict() == {"strike": 2, "talks": 0, "visit": 1}
    assert pd.Timestamp("2026-02-04") not in table.index
    assert list(table.columns) == ["strike", "talks", "visit"]  # the registry's order
    # The Abu Dhabi week (precision week) and the Copenhagen month count in no day.
    assert table["talks"].sum() == 2


def test_events_per_week_add_what_is_known_to_the_week(filtered):
    table = F.counts_frame(filtered, "week").set_index("period")
    assert table.loc[pd.Timestamp("2026-01-19"), "talks"] == 1  # the Abu Dhabi week, Monday 19 Jan
    assert table.loc[pd.Timestamp("2026-02-02")].to_dict() == {"strike": 2, "talks": 0, "visit": 1}


def test_launches_per_night_split_missiles(event_table):
    frame = event_table.copy()
    kyiv = frame["event_id"] == "ev-kyiv-strike"
    frame.loc[kyiv, ["ballistic", "cruise"]] = [20, 40]
    table = F.launches_frame(F.apply_filters(F.prepare(frame), F.Filters()), "day").set_index("period")
    assert table.loc[pd.Timestamp("2026-02-03")].to_dict() == {"drones": 450, "ballistic": 20, "cruise": 40,
                                                               "other_missiles": 10}
    assert table.loc[pd.Timestamp("2025-09-04")].to_dict() == {"drones": 500, "ballistic": 0, "cruise": 0,
                                                               "other_missiles": 20}
    assert len(table) == 2  # nights with figures stated only


def test_counts_figure_stacks_types_in_their_colours(filtered):
    figure = F.counts_figure(filtered, style=F.SCREEN_STYLE, shown=(dt.date(2026, 1, 18), dt.date(2026, 2, 16)))
    assert [t.name for t in figure.data] == ["Strikes", "Talks", "Visits"]
    assert figure.data[0].marker.color == F.type_colour("strike")
    assert figure.layout.barmode == "stack"
    assert figure.layout.xaxis.range == ("2026-01-18", "2026-02-17")
    assert "events that occurred, dated to the day" in figure.layout.title.subtitle.text


def test_launches_figure_labels_the_biggest_nights(filtered):
    options = F.ChartOptions(counts="launches")
    figure = F.launches_figure(filtered, options=options, style=F.BRIEFING_STYLE)
    assert [t.name for t in figure.data] == ["Drones", "Other missiles"]
    assert sorted(a.text for a in figure.layout.annotations) == ["520", "520"]
    assert "950 drones and 90 missiles in 2 nights" in figure.layout.title.subtitle.text


@pytest.mark.parametrize("options, columns", [
    (F.ChartOptions(), ["day", "strikes", "talks", "visits"]),
    (F.ChartOptions(per="week"), ["week from", "strikes", "talks", "visits"]),
    (F.ChartOptions(counts="launches"), ["night ending", "drones", "ballistic missiles", "cruise missiles",
                                         "other missiles"]),
])
def test_the_counts_csv_has_readable_columns(filtered, options, columns):
    table = counts_csv_frame(filtered, options)
    assert list(table.columns) == columns
    assert table.iloc[0, 0].count("-") == 2  # ISO days


def test_no_events_no_counts(event_table):
    empty = F.apply_filters(F.prepare(event_table), F.Filters(actors=("Atlantis",)))
    assert F.counts_frame(empty).empty and F.launches_frame(empty).empty
    assert F.counts_figure(empty, style=F.SCREEN_STYLE).data == ()
