"""pipeline.views.timeline and lanes: what the timeline draws, where, and in what words.

Expected values come from reading the hand-made table in tests/conftest.py (14 events:
three in September 2025, the others from 19 January to 15 February 2026) and the dense
made-up table of tests/dense_events.py."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from pipeline import views as F
from pipeline.table import COLUMNS, normalise_frame
from pipeline.types import registry
from tests.conftest import HOSTILE_SENTENCE
from tests.dense_events import dense_events
from tests.views_helpers import (customdata_ids, drawn_ids, label_boxes, overlaps, synthetic_table, trace_holding,
                                 valid)

SEPTEMBER = {"ev-paris-talks", "ev-september-strike", "ev-copenhagen-visit"}
DRAWN_ALL = {"ev-kyiv-strike", "ev-lozova-strike", "ev-rutte-visit", "ev-abu-dhabi-planned", "ev-washington-visit",
             "ev-abu-dhabi-week", "ev-trump-call", "ev-dnipro-strike", "ev-odesa-hostile"} | SEPTEMBER
WHOLE = F.ChartOptions(shown=(dt.date(2025, 8, 25), dt.date(2026, 2, 20)))


@pytest.fixture
def table(event_table) -> F.PreparedTable:
    return F.prepare(event_table)


def test_the_default_view_fits_where_the_events_are(table):
    result = F.timeline(table)
    assert set(drawn_ids(result)) == DRAWN_ALL - SEPTEMBER
    assert (result.earlier, result.later) == (3, 0)
    first, last = result.shown
    assert dt.date(2026, 1, 17) <= first.date() <= dt.date(2026, 1, 19)
    assert dt.date(2026, 2, 15) <= last.date() <= dt.date(2026, 2, 17)
    assert result.figure.layout.xaxis.title.text == "← 3 earlier events (from 1 Sep 2025)"
    valid(result.figure)


def test_the_days_chosen_are_the_days_drawn(table):
    result = F.timeline(table, options=F.ChartOptions(shown=(dt.date(2026, 2, 1), dt.date(2026, 2, 5))))
    assert set(drawn_ids(result)) == {"ev-kyiv-strike", "ev-lozova-strike", "ev-rutte-visit", "ev-abu-dhabi-planned"}
    assert (result.earlier, result.later) == (7, 1)
    assert result.figure.layout.xaxis.range == ("2026-02-01 00:00", "2026-02-06 00:00")
    assert result.figure.layout.title.text == "Events, Tue 3 Feb 2026 – Wed 4 Feb 2026"


def test_every_dated_visible_event_is_drawn_once_when_all_days_are_shown(table):
    result = F.timeline(table, options=WHOLE)
    ids = drawn_ids(result)
    assert sorted(ids) == sorted(DRAWN_ALL)
    assert customdata_ids(result.figure) == ids  # the browser reads the same ids
    valid(result.figure)


def test_lanes_colours_and_legend_come_from_the_registry(table):
    result = F.timeline(table, options=WHOLE)
    assert list(result.figure.layout.yaxis.ticktext) == ["Strikes", "Talks", "Visits"]
    plurals = {spec.plural: spec.colour for spec in registry().values()}
    marks = [t for t, ids in zip(result.figure.data, result.trace_ids) if ids]
    assert {trace.marker.color for trace in marks} == {plurals[n] for n in ("Strikes", "Talks", "Visits")}
    for trace in marks:
        assert trace.marker.color == plurals[trace.name]
    legend = [t.name for t in result.figure.data if t.showlegend]
    assert legend == ["Strikes", "Talks", "Visits", "occurred", "planned (hollow)", "over several days",
                      "week or month, exact day unknown"]


def test_a_type_the_registry_adds_gets_its_lane_label_and_colour(event_table):
    frame = event_table.copy()
    frame.loc[frame["event_id"] == "ev-trump-call", "type"] = "ceasefire"
    result = F.timeline(F.prepare(frame), options=WHOLE)
    assert list(result.figure.layout.yaxis.ticktext) == ["Strikes", "Talks", "Visits", "Ceasefires"]
    trace, _ = trace_holding(result, "ev-trump-call")
    assert trace.marker.color == registry()["ceasefire"].colour


def test_uncertain_dates_are_light_bars_over_their_whole_interval(table):
    result = F.timeline(table, options=WHOLE)
    trace, i = trace_holding(result, "ev-abu-dhabi-week")
    assert trace.type == "bar" and trace.orientation == "h"
    assert trace.base[i] == pd.Timestamp("2026-01-19").value / 1e6  # Mon 19 Jan 2026, seven whole days
    assert trace.x[i] == 7 * F.DAY_MS
    assert trace.marker.opacity[i] == pytest.approx(0.35)
    month, j = trace_holding(result, "ev-copenhagen-visit")
    assert month.x[j] == 30 * F.DAY_MS


def test_single_days_are_markers_in_the_middle_of_their_day(table):
    trace, i = trace_holding(F.timeline(table), "ev-trump-call")
    assert trace.type == "scatter" and trace.mode == "markers"
    assert trace.x[i] == pd.Timestamp("2026-01-27 12:00").value / 1e6


def test_planned_events_are_hollow_and_hypothetical_ones_only_when_asked_for(table):
    result = F.timeline(table)
    planned, _ = trace_holding(result, "ev-abu-dhabi-planned")
    occurred, _ = trace_holding(result, "ev-trump-call")
    assert planned.marker.symbol == "circle-open" and occurred.marker.symbol is None  # plotly's default circle
    span, _ = trace_holding(result, "ev-washington-visit")
    assert span.marker.pattern.shape == ("/",)
    assert "ev-kyiv-moratorium" not in drawn_ids(result)
    asked = F.timeline(table, F.Filters(statuses=("hypothetical",)))
    trace, _ = trace_holding(asked, "ev-kyiv-moratorium")
    assert trace.marker.pattern.shape == ("x",)
    assert "hypothetical (asked for, not happened)" in [t.name for t in asked.figure.data if t.showlegend]


def test_a_plan_dated_only_by_its_report_is_drawn_apart(event_table):
    frame = event_table.copy()
    frame.loc[frame["event_id"] == "ev-abu-dhabi-planned", "date_method"] = "anchor"
    result = F.timeline(F.prepare(frame))
    figure = result.figure
    assert list(figure.layout.yaxis.ticktext)[-1] == "Announced, date not given"
    trace, i = trace_holding(result, "ev-abu-dhabi-planned")
    assert trace.marker.symbol == "diamond-open"
    lane_centre = figure.layout.yaxis.tickvals[-1]
    assert abs(trace.y[i] - lane_centre) < 1.0  # in its own lane, not among the talks
    labels = [a.text for a in figure.layout.annotations if a.xref == "x"]
    assert [text for text in labels if "announced" in text] == ["Planned talks: Ukraine–Russia–US (announced 4 Feb)"]
    assert "announced, date not given" in [t.name for t in figure.data if t.showlegend]
    # With room (a slide), the label says it in full.
    wide = F.timeline(F.prepare(frame), options=F.ChartOptions(briefing=True), style=F.SLIDE_STYLE)
    assert "Planned talks: Ukraine–Russia–US, Abu Dhabi (announced on 4 Feb; date not given)" in \
        [a.text for a in wide.figure.layout.annotations]


def test_hover_is_built_in_the_browser_from_a_few_columns(table):
    result = F.timeline(table)
    trace, i = trace_holding(result, "ev-kyiv-strike")
    assert trace.hovertext is None and "%{customdata[2]}" in trace.hovertemplate
    row = list(trace.customdata[i])
    assert row[:2] == ["ev-kyiv-strike", "Tue 3 Feb 2026"] and row[4] == "2"
    hostile, j = trace_holding(result, "ev-odesa-hostile")
    text = hostile.customdata[j][2]
    assert "<img" not in text and "&lt;img" in text
    import html
    assert HOSTILE_SENTENCE in html.unescape(text.replace("<br>", " "))


def test_labels_name_the_events_and_never_overlap(table):
    result = F.timeline(table, options=WHOLE)
    texts = [a.text for a in result.figure.layout.annotations if a.xref == "x"]
    assert "Massive strike: 450 drones, 70 missiles — Kyiv, Kharkiv" in texts
    assert "Talks: Trump–Putin" in texts and "Visit: Rutte to Kyiv" in texts
    assert result.labelled + result.summarised == len(DRAWN_ALL)
    boxes = label_boxes(result.figure, F.SCREEN_STYLE.plot_width)
    assert overlaps(boxes) == []
    assert all(0 <= left and right <= F.SCREEN_STYLE.plot_width for _, left, right, _, _ in boxes)


@pytest.mark.parametrize("lanes, briefing", [("type", False), ("actor", False), ("type", True), ("actor", True)])
def test_fifty_events_are_all_labelled_or_counted_without_overlap(lanes, briefing):
    table = F.prepare(dense_events(50))
    options = F.ChartOptions(lanes=lanes, briefing=briefing)
    result = F.timeline(table, options=options)
    style = F.BRIEFING_STYLE if briefing else F.SCREEN_STYLE
    in_range = len(set(drawn_ids(result)))
    assert in_range == 50
    assert result.labelled + result.summarised >= in_range  # every event labelled or in a "+N more"
    more = [a.text for a in result.figure.layout.annotations if a.xref == "paper" and a.text.startswith("+")]
    assert sum(int(text.split()[0][1:]) for text in more) == result.summarised
    assert result.labelled >= (40 if not briefing else 30)
    boxes = label_boxes(result.figure, style.plot_width)
    assert overlaps(boxes) == []
    assert all(0 <= left and right <= style.plot_width for _, left, right, _, _ in boxes)


def test_actor_lanes_keep_marks_apart(table):
    result = F.timeline(F.prepare(dense_events(50)), options=F.ChartOptions(lanes="actor"))
    figure = result.figure
    assert figure.layout.yaxis.ticktext[0] in ("Russia", "Ukraine")
    assert "Other actors" in figure.layout.yaxis.ticktext  # beyond twelve actors, one shared lane
    # Within a track, single-day marks of one type never sit on the same day.
    seen = set()
    for trace in figure.data:
        if trace.type == "scatter" and trace.x is not None and len(trace.x) and trace.x[0] is not None:
            for x, y in zip(trace.x, trace.y):
                assert (x // F.DAY_MS, round(y, 3)) not in seen
                seen.add((x // F.DAY_MS, round(y, 3)))


def test_title_subtitle_and_footnote_say_what_is_shown(table, event_documents):
    labels = F.source_labels(event_documents.values())
    result = F.timeline(table, F.Filters(types=("strike",), actors=("Russia",)), F.ChartOptions(source_labels=labels))
    assert result.figure.layout.title.text == "Strikes, Mon 26 Jan 2026 – Tue 3 Feb 2026"
    subtitle = result.figure.layout.title.subtitle.text
    assert "Type: strike" in subtitle and "Actor: Russia" in subtitle
    assert "6 events (1 with no known date, not drawn)" in subtitle
    footnote = result.figure.layout.annotations[0].text.replace("<br>", " ")
    assert footnote.startswith("Sources: ")
    assert "Kyiv Dispatch — Record strike hits the energy grid" in footnote


def test_source_footnote_is_cut_after_a_few_names():
    assert F.source_footnote(["a", "b", "c"], {"a": "A"}, limit=2) == "Sources: A; b; and 1 more"
    assert F.source_footnote([], {}) == "Sources: none"


def test_large_views_use_webgl_and_send_no_text_per_point():
    table = F.prepare(synthetic_table(F.WEBGL_THRESHOLD * 3))
    result = F.timeline(table, options=F.ChartOptions(shown=(dt.date(2022, 1, 1), dt.date(2026, 3, 1))))
    marks = [t for t, ids in zip(result.figure.data, result.trace_ids) if ids]
    assert {t.type for t in marks} == {"scattergl"}
    assert all(t.customdata is None and t.hovertext is None for t in marks)
    spec = json.loads(result.figure.to_json())
    point = next(t for t in spec["data"] if t.get("mode") == "markers" and t.get("x") and "bdata" in t["x"])
    assert point["x"]["dtype"] == "f4"  # typed arrays, four bytes a value
    valid(result.figure)


def test_a_crowded_view_draws_no_mark_under_a_label_and_its_margin_holds_the_counts():
    # Most marks of a crowded lane are spread over its tracks without a label of their own.
    result = F.timeline(F.prepare(synthetic_table(F.WEBGL_THRESHOLD * 3)))
    geo = result.geometry
    assert geo.labels and sum(geo.unlabelled.values()) > F.WEBGL_THRESHOLD
    for key in geo.labels:
        low, high = geo.boxes[key]
        same_row = np.flatnonzero(geo.y == geo.y[key])
        same_row = same_row[same_row != key]
        assert not ((geo.left[same_row] < high) & (geo.right[same_row] > low)).any(), geo.labels[key]
    layout = result.figure.layout
    counts = [note for note in layout.annotations if note.text.startswith("+")]
    assert counts and max(int(note.text[1:].split()[0].replace(",", "")) for note in counts) >= 1000
    for note in counts:  # "+1,234 more" is not cut off at the figure's edge
        assert F.text_width(note.text, note.font.size) + note.xshift <= layout.margin.r


def test_selected_event_ids_from_customdata_or_point_index():
    figure_ids = [["a1", "a2"], None, ["b1", "b2"]]
    assert F.selected_event_ids({"selection": {"points": [{"curve_number": 2, "point_index": 1}]}}, figure_ids) == ["b2"]
    assert F.selected_event_ids({"selection": {"points": [{"customdata": ["x", "label"], "curve_number": 0,
                                                           "point_index": 0}]}}, figure_ids) == ["x"]
    assert F.selected_event_ids({"selection": {"points": [], "box": [{"x": [1, 2]}]}}, figure_ids) == []
    assert F.selected_event_ids(None, figure_ids) == []


@pytest.mark.parametrize("box, days", [
    ({"x": ["2026-01-20 10:00", "2026-01-27 23:00"], "y": [0, 3]}, (dt.date(2026, 1, 20), dt.date(2026, 1, 27))),
    ({"x": [pd.Timestamp("2026-02-03").value / 1e6, pd.Timestamp("2026-02-01").value / 1e6]},
     (dt.date(2026, 2, 1), dt.date(2026, 2, 3))),
    ({"x": []}, None),
])
def test_a_box_drawn_across_the_timeline_gives_its_days(box, days):
    assert F.selected_range({"selection": {"points": [], "box": [box]}}) == days


def test_an_empty_table_draws_nothing_and_does_not_fail():
    empty = F.prepare(normalise_frame(pd.DataFrame(columns=list(COLUMNS))))
    result = F.timeline(empty)
    assert result.figure.data == () and result.trace_ids == []
    assert F.table_view(F.apply_filters(empty, F.Filters())).empty


def test_fifty_thousand_events_draw_with_webgl_and_count_what_they_do_not_label():
    # How fast this is lives in the benchmark; here, what it draws.
    table = F.prepare(synthetic_table(50_000))
    for filters in (F.Filters(types=("strike",)), F.Filters(places=("Kyiv",), query="energy"), F.Filters()):
        model = F.page_model(table, filters, F.ChartOptions())
        in_range = len(set(drawn_ids(model.timeline)))
        assert in_range > 3000
        assert model.timeline.labelled + model.timeline.summarised == in_range
        assert {t.type for t, ids in zip(model.timeline.figure.data, model.timeline.trace_ids) if ids} == {"scattergl"}
        assert len(model.table) == F.SETTINGS.table_display_rows
        assert np.isfinite(model.counts.data[0].y).all()
