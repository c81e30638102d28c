"""pipeline.views.counts: events per day or week by type; drones and missiles per night."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from pipeline import views as F
from pipeline.settings import SETTINGS
from pipeline.views.counts import counts_csv_frame, stacked_traces


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


def _periods(days: list[str], **parts) -> pd.DataFrame:
    return pd.DataFrame({"period": pd.to_datetime(days), **parts})


@pytest.mark.parametrize("per, days, step", [
    ("day", ["2026-03-01", "2026-03-02", "2026-03-05"], "1D"),
    ("week", ["2026-03-02", "2026-03-16"], "7D"),
])
def test_long_ranges_are_drawn_as_filled_steps_with_the_same_counts(per, days, step):
    table = _periods(days, strike=list(range(1, len(days) + 1)), talks=[0] * (len(days) - 1) + [2])
    parts = [("strike", "Strikes", "#D55E00"), ("talks", "Talks", "#0072B2")]
    bars = stacked_traces(table, parts, per, "h", max_bars=100)
    assert [t["type"] for t in bars] == ["bar", "bar"] and list(bars[0]["y"]) == list(table["strike"])
    steps = stacked_traces(table, parts, per, "h", max_bars=len(days) * 2 - 1)
    assert [(t["type"], t["stackgroup"], t["line"]["shape"], t["fillcolor"]) for t in steps] == [
        ("scatter", "counts", "hv", "#D55E00"), ("scatter", "counts", "hv", "#0072B2")]
    # every period of the range, empty ones at 0, one more to close the last step
    grid = pd.date_range(days[0], pd.Timestamp(days[-1]) + pd.Timedelta(step), freq=step)
    assert list(steps[0]["x"]) == list(grid.as_unit("ns").asi8 / 1e6)
    by_day = dict(zip(grid, steps[0]["y"]))
    assert [by_day[pd.Timestamp(d)] for d in days] == list(table["strike"])
    assert sum(steps[0]["y"]) == table["strike"].sum() and sum(steps[1]["y"]) == 2
    assert steps[0]["y"][-1] == 0 and steps[0]["hovertemplate"] == "h"


def test_the_counts_figures_past_the_bar_limit_keep_their_parts_and_totals(filtered, monkeypatch):
    from pipeline.views import counts

    short = F.counts_figure(filtered, style=F.SCREEN_STYLE)
    assert {t.type for t in short.data} == {"bar"}  # the hand-made table's few days: bars
    monkeypatch.setattr(counts, "SETTINGS", dataclasses.replace(SETTINGS, counts_max_bars=1))
    for figure, table in ((F.counts_figure(filtered, style=F.SCREEN_STYLE), F.counts_frame(filtered)),
                          (F.launches_figure(filtered, style=F.SCREEN_STYLE), F.launches_frame(filtered))):
        assert {t.type for t in figure.data} == {"scatter"}
        names = {t.name: sum(t.y) for t in figure.data}
        assert sum(names.values()) == table.drop(columns="period").to_numpy().sum()
    assert [t.name for t in F.counts_figure(filtered, style=F.SCREEN_STYLE).data] == [t.name for t in short.data]
