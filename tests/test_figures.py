"""pipeline.figures without Streamlit: filters, timeline, map, evidence view, PNG export.

Expected values come from reading the hand-made table in tests/conftest.py.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import struct

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from pipeline import views as F
from pipeline.table import COLUMNS, normalise_frame
from tests.conftest import HOSTILE_SENTENCE, HOSTILE_TITLE


@pytest.fixture
def table(event_table) -> F.PreparedTable:
    return F.prepare(event_table)


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["event_id"])


def drawn_ids(figure: go.Figure) -> list[str]:
    return [str(i) for trace in figure.data for i in (trace.customdata if trace.customdata is not None else [])]


def valid(figure: go.Figure) -> go.Figure:
    """Plotly's own validation of a figure built without it (raises on a bad property)."""
    return go.Figure(json.loads(figure.to_json()))


# --------------------------------------------------------------------------- filters and the URL


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


def test_empty_filters_make_an_empty_url():
    assert F.Filters().to_query_params() == {}


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "31/01/2026"])
def test_unreadable_dates_are_dropped_and_reported(value):
    params = {"from": value, "type": "strike"}
    assert F.Filters.from_query_params(params) == F.Filters(types=("strike",))
    assert F.unreadable_params(params) == [f"from={value}"]


def test_chart_options_from_and_to_the_url():
    options = F.ChartOptions.from_query_params({"lanes": "actor", "view": "briefing"})
    assert (options.lanes, options.briefing) == ("actor", True)
    assert options.to_query_params() == {"lanes": "actor", "view": "briefing"}
    assert F.ChartOptions.from_query_params({"lanes": "nonsense"}).lanes == "type"


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
    # "What did Russia strike in the week before the Abu Dhabi talks (4 Feb)?"
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


# --------------------------------------------------------------------------- dates as a reader says them


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


# --------------------------------------------------------------------------- timeline


def test_timeline_draws_each_dated_visible_event_once(table):
    figure = F.timeline_figure(table)
    drawn = drawn_ids(figure)
    assert sorted(drawn) == sorted(ALL_BUT_HYPOTHETICAL - {"ev-nikopol-undated"})
    assert {trace.type for trace in figure.data} == {"scatter", "bar"}
    valid(figure)


def test_timeline_lanes_by_type_top_to_bottom(table):
    figure = F.timeline_figure(table)
    assert list(figure.layout.yaxis.ticktext) == ["Strikes", "Talks", "Visits"]
    lane_of = {}
    for trace in figure.data:
        for event_id, y in zip(trace.customdata, trace.y):
            lane_of[event_id] = round(float(y))
    assert lane_of["ev-kyiv-strike"] == 0 and lane_of["ev-trump-call"] == 1 and lane_of["ev-rutte-visit"] == 2


def test_figures_carry_their_template_so_lane_labels_get_room(table):
    # Built without validation, a template given by name would reach the browser as a bare
    # string that plotly.js ignores, and the lane labels would fall off the left edge.
    for figure in (F.timeline_figure(table), F.map_figure(table)):
        template = json.loads(figure.to_json())["layout"]["template"]
        assert template["layout"]["yaxis"]["automargin"] is True
    assert F.timeline_figure(table).layout.yaxis.automargin is True


def test_timeline_colours_follow_the_type_everywhere(table):
    for trace in F.timeline_figure(table).data:
        kind = {"Strikes": "strike", "Talks": "talks", "Visits": "visit"}[trace.name.split(" · ")[0]]
        assert trace.marker.color == F.TYPE_COLOURS[kind]
    for trace in F.map_figure(table).data[3:]:
        if trace.name in ("Strikes", "Talks", "Visits"):
            assert trace.marker.color == F.TYPE_COLOURS[{"Strikes": "strike", "Talks": "talks", "Visits": "visit"}[trace.name]]


def _trace_holding(figure: go.Figure, event_id: str):
    for trace in figure.data:
        ids_here = [str(i) for i in trace.customdata]
        if event_id in ids_here:
            return trace, ids_here.index(event_id)
    raise AssertionError(f"{event_id} not drawn")


def test_uncertain_dates_are_light_bars_over_their_whole_interval(table):
    figure = F.timeline_figure(table)
    trace, i = _trace_holding(figure, "ev-abu-dhabi-week")
    assert trace.type == "bar" and trace.orientation == "h"
    # Mon 19 Jan 2026 00:00 UTC, seven whole days.
    assert trace.base[i] == pd.Timestamp("2026-01-19").value / 1e6
    assert trace.x[i] == 7 * F.DAY_MS
    assert trace.marker.opacity[i] == F.UNCERTAIN_OPACITY
    month, j = _trace_holding(figure, "ev-copenhagen-visit")
    assert month.x[j] == 30 * F.DAY_MS and month.marker.opacity[j] == F.UNCERTAIN_OPACITY


def test_single_days_are_markers_in_the_middle_of_their_day(table):
    trace, i = _trace_holding(F.timeline_figure(table), "ev-trump-call")
    assert trace.type == "scatter" and trace.mode == "markers"
    assert trace.x[i] == pd.Timestamp("2026-01-27 12:00").value / 1e6


def test_planned_events_are_drawn_open(table):
    figure = F.timeline_figure(table)
    planned_point, _ = _trace_holding(figure, "ev-abu-dhabi-planned")
    occurred_point, _ = _trace_holding(figure, "ev-trump-call")
    assert planned_point.marker.symbol == "circle-open" and occurred_point.marker.symbol == "circle"
    planned_span, _ = _trace_holding(figure, "ev-washington-visit")
    assert planned_span.marker.pattern.shape == "/"


def test_hypothetical_events_only_when_asked_for_and_never_solid(table):
    assert "ev-kyiv-moratorium" not in drawn_ids(F.timeline_figure(table))
    figure = F.timeline_figure(table, F.Filters(statuses=("hypothetical",)))
    trace, _ = _trace_holding(figure, "ev-kyiv-moratorium")
    assert trace.name == "Strikes · hypothetical" and trace.marker.pattern.shape == "x"


def test_hover_shows_date_summary_actors_places_figures_sources(table):
    trace, i = _trace_holding(F.timeline_figure(table), "ev-kyiv-strike")
    hover = trace.hovertext[i]
    for part in ("Tue 3 Feb 2026", "450 drones and 70 missiles", "Actors: Russia, Ukraine",
                 "Places: Kyiv, Kharkiv", "Figures: 450 drones; 70 missiles", "Sources: 2"):
        assert part in hover.replace("<br>", " ")
    week, j = _trace_holding(F.timeline_figure(table), "ev-abu-dhabi-week")
    assert "(week precision)" in week.hovertext[j]


def test_hover_escapes_document_text(table):
    trace, i = _trace_holding(F.timeline_figure(table), "ev-odesa-hostile")
    hover = trace.hovertext[i]
    assert "<img" not in hover and "&lt;img" in hover
    assert "&lt;b&gt;loud&lt;/b&gt;" in hover
    # Breaks only at spaces: undoing them and the escaping gives the sentence back.
    assert HOSTILE_SENTENCE in html.unescape(hover.replace("<br>", " "))


def test_actor_lanes_repeat_an_event_for_each_of_its_actors(table):
    figure = F.timeline_figure(table, F.Filters(types=("talks",)), F.ChartOptions(lanes="actor"))
    lanes = list(figure.layout.yaxis.ticktext)
    assert set(lanes) == {"Ukraine", "Russia", "United States", "France", "Donald Trump", "Vladimir Putin"}
    assert lanes[0] == "Ukraine"  # in most talks: first lane
    # Paris (Ukraine, France), the week and the planned round (Ukraine, Russia[, United States]),
    # the call (Trump, Putin): 2 + 2 + 3 + 2 marks.
    assert len(drawn_ids(figure)) == 9


def test_title_and_subtitle_say_what_is_shown(table):
    figure = F.timeline_figure(table, F.Filters(types=("strike",), actors=("Russia",)))
    assert figure.layout.title.text == "Strikes, Thu 4 Sep 2025 – Tue 3 Feb 2026"
    subtitle = figure.layout.title.subtitle.text
    assert "Type: strike" in subtitle and "Actor: Russia" in subtitle
    assert "6 events (1 with no known date, not drawn)" in subtitle


def test_footnote_lists_the_sources_of_what_is_shown(table, event_documents):
    labels = F.source_labels(event_documents.values())
    figure = F.timeline_figure(table, F.Filters(types=("talks",)), F.ChartOptions(source_labels=labels))
    footnote = figure.layout.annotations[0].text.replace("<br>", " ")
    assert footnote.startswith("Sources: Thread Reader — Threads digest; Wire Service")
    assert "Kyiv Dispatch — Record strike hits the energy grid" in footnote
    assert "Brussels Daily" not in footnote  # no talks from that document


def test_source_footnote_is_cut_after_a_few_names():
    assert F.source_footnote(["a", "b", "c"], {"a": "A"}, limit=2) == "Sources: A; b; and 1 more"
    assert F.source_footnote([], {}) == "Sources: none"


def test_timeline_switches_to_webgl_for_large_tables():
    figure = F.timeline_figure(synthetic_table(F.WEBGL_THRESHOLD + 500))
    assert {trace.type for trace in figure.data} == {"scattergl"}
    small = F.timeline_figure(synthetic_table(200))
    assert "scattergl" not in {trace.type for trace in small.data}
    valid(figure)


def test_empty_table_draws_nothing_and_does_not_fail():
    empty = F.prepare(normalise_frame(pd.DataFrame(columns=list(COLUMNS))))
    assert F.timeline_figure(empty).data == ()
    assert [trace.name for trace in F.map_figure(empty).data] == ["land", "lakes", "borders"]
    assert F.table_view(F.apply_filters(empty, F.Filters())).empty


# --------------------------------------------------------------------------- selection


@pytest.mark.parametrize("selection, expected", [
    ({"selection": {"points": [{"curve_number": 0, "point_index": 2, "x": 1.7e12, "customdata": "ev-trump-call"}]}},
     ["ev-trump-call"]),
    ({"selection": {"points": [{"curve_number": 0, "point_index": 0, "customdata": ["ev-paris-talks"]}]}},
     ["ev-paris-talks"]),
    # No customdata: the point index in the figure's trace decides, never x.
    ({"selection": {"points": [{"curve_number": 1, "point_index": 1, "x": "2026-01-27"}]}}, ["b2"]),
    ({"selection": {"points": []}}, []),
    (None, []),
])
def test_selected_event_ids(selection, expected):
    figure = {"data": [{"customdata": ["a1", "a2"]}, {"customdata": ["b1", "b2"]}]}
    assert F.selected_event_ids(selection, figure) == expected


# --------------------------------------------------------------------------- map


def test_map_needs_nothing_from_the_network(table):
    figure = F.map_figure(table)
    spec = figure.to_json()
    assert "http" not in spec
    assert {trace.type for trace in figure.data} == {"scatter"}  # no geo, no tiles
    assert not {"geo", "map", "mapbox"} & set(json.loads(spec)["layout"])
    valid(figure)


def test_map_groups_events_by_place_and_type(table):
    figure = F.map_figure(table)
    by_name = {trace.name: trace for trace in figure.data}
    assert [t.name for t in figure.data[:3]] == ["land", "lakes", "borders"]
    strikes = by_name["Strikes"]
    # Kyiv, Lozova, Dnipro, Nikopol, Ukraine (country), Odesa: one marker each.
    assert len(strikes.x) == 6
    kyiv = [h for h in strikes.hovertext if h.startswith("<b>Kyiv</b>")]
    assert kyiv == [kyiv[0]] and kyiv[0].startswith("<b>Kyiv</b>: 1 strike")
    talks = by_name["Talks"]
    abu_dhabi = [h for h in talks.hovertext if h.startswith("<b>Abu Dhabi</b>")][0]
    assert abu_dhabi.startswith("<b>Abu Dhabi</b>: 2 talks")
    # Types at one place sit side by side: the visit to Kyiv is nudged west of the strike.
    kyiv_strike_x = strikes.x[list(strikes.hovertext).index(kyiv[0])]
    visits = by_name["Visits"]
    kyiv_visit_x = [x for x, h in zip(visits.x, visits.hovertext) if h.startswith("<b>Kyiv</b>")][0]
    assert kyiv_visit_x < kyiv_strike_x == pytest.approx(30.52)


def test_map_says_what_it_cannot_show(table):
    # The Trump–Putin call has no place; the planned visit to Washington lies outside the map.
    notes = F.map_figure(table).layout.annotations[0].text
    assert notes == "Not shown: 1 event with no known place; 1 event outside the map area"


def test_map_follows_the_filters(table):
    figure = F.map_figure(table, F.Filters(types=("visit",)))
    assert [t.name for t in figure.data if t.name in ("Strikes", "Talks", "Visits")] == ["Visits"]


def test_map_labels_leave_out_names_that_would_overlap():
    view = {"lon": (20.0, 42.0), "lat": (43.0, 55.0)}  # 8% of the width is 1.76°, 4% of the height 0.48°
    labels = {"Kyiv": (30.52, 50.45, 5), "Kharkiv": (36.23, 49.99, 3), "Lozova": (36.32, 48.89, 2),
              "Dnipro": (35.05, 48.46, 1), "Odesa": (30.73, 46.48, 1)}
    # Dnipro is 1.3° west and 0.4° south of the busier Lozova: both would print on one spot.
    assert F.uncluttered_labels(labels, view) == ["Kyiv", "Kharkiv", "Lozova", "Odesa"]
    assert F.uncluttered_labels(labels, view, limit=2) == ["Kyiv", "Kharkiv"]


def _inside(point, ring) -> bool:
    """Ray casting."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.mark.parametrize("place, lon, lat, on_land", [
    ("Kyiv", 30.52, 50.45, True),
    ("Abu Dhabi", 54.5, 24.3, True),
    ("Brussels", 4.35, 50.85, True),
    ("Black Sea", 34.0, 43.5, False),
    ("Mediterranean", 18.0, 35.0, False),
    ("Caspian Sea", 50.5, 42.0, False),
])
def test_map_outlines_put_land_where_it_is(place, lon, lat, on_land):
    outlines = F.map_outlines()
    on = any(_inside((lon, lat), ring) for ring in outlines["land"])
    in_hole = any(_inside((lon, lat), ring) for ring in outlines["holes"])
    assert (on and not in_hole) == on_land, place


def test_map_outlines_show_crimea_within_ukraine():
    # No border line crosses the Perekop isthmus (about 33.5–35.0 E, 45.7–46.3 N).
    for line in F.map_outlines()["borders"]:
        assert not any(33.3 <= lon <= 35.2 and 45.6 <= lat <= 46.3 for lon, lat in line)


# --------------------------------------------------------------------------- the evidence view


def _evidence(table, event_id, document):
    row = table.frame[table.frame["event_id"] == event_id].iloc[0]
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


def test_excerpt_marks_the_date_expression_inside_the_sentence(table, event_documents):
    _, evidence = _evidence(table, "ev-trump-call", "wire_0130.txt")
    excerpt = F.evidence_excerpt(evidence, event_documents["wire_0130.txt"].text)
    assert "".join(text for text, _ in excerpt.sentence) == "Trump spoke with Putin by phone on Tuesday, the Kremlin said."
    assert [text for text, is_date in excerpt.sentence if is_date] == ["on Tuesday"]
    assert excerpt.before.endswith("Ukraine and Russia met in Abu Dhabi for two days last week.\n")
    assert excerpt.after.startswith("\nA Russian drone attack on Dnipro")


def test_excerpt_without_the_document_finds_the_date_in_the_sentence(table):
    _, evidence = _evidence(table, "ev-abu-dhabi-week", "wire_0130.txt")
    excerpt = F.evidence_excerpt(evidence, None)
    assert [text for text, is_date in excerpt.sentence if is_date] == ["for two days last week"]
    assert (excerpt.before, excerpt.after) == ("", "")


def test_excerpt_with_offsets_beyond_the_document_falls_back_to_the_sentence(table):
    _, evidence = _evidence(table, "ev-trump-call", "wire_0130.txt")
    excerpt = F.evidence_excerpt(evidence, "a shorter text than the offsets assume")
    assert "".join(text for text, _ in excerpt.sentence) == evidence["sentence"]


def test_event_detail_lists_every_source_with_evidence(table, event_documents):
    row = table.frame[table.frame["event_id"] == "ev-kyiv-strike"].iloc[0]
    page = F.event_detail_html(row, event_documents)
    assert page.count('class="ev-block"') == 2
    assert "<mark>overnight</mark>" in page and "<mark>On the night of 3 February</mark>" in page
    assert '<a href="https://example.org/kyiv-dispatch"' in page  # http(s) manifest URL: a link
    assert "Brussels Daily — NATO chief arrives in Kyiv" in page


def test_event_detail_shows_hostile_text_as_text(table, event_documents):
    row = table.frame[table.frame["event_id"] == "ev-odesa-hostile"].iloc[0]
    page = F.event_detail_html(row, event_documents)
    assert "<img" not in page and "<script" not in page.replace("<style>", "") and "<b>loud" not in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;" in page
    assert 'href="javascript' not in page  # the manifest's javascript: URL is no link
    assert html.escape(HOSTILE_TITLE) in page


@pytest.mark.parametrize("url, safe", [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("//example.org/x", None),
    ('https://example.org/"onmouseover="x', None),
    ("", None),
])
def test_safe_url(url, safe):
    assert F.safe_url(url) == safe


def test_table_view_is_plain_text(table):
    view = F.table_view(F.apply_filters(table, F.Filters(types=("visit",))))
    assert list(view.columns) == ["Date", "Type", "Status", "Actors", "Places", "Summary", "Figures", "Sources"]
    assert view.loc["ev-copenhagen-visit", "Date"] == "September 2025"
    assert view.loc["ev-rutte-visit", "Actors"] == "Mark Rutte, Ukraine"


def test_exports_keep_only_the_table_columns(table):
    assert list(F.public_columns(F.apply_filters(table, F.Filters())).columns) == list(COLUMNS)


# --------------------------------------------------------------------------- PNG export


@pytest.mark.parametrize("filters, name", [
    (F.Filters(), "eventline-timeline.png"),
    (F.Filters(types=("strike",), actors=("Russia",), date_from=dt.date(2026, 1, 20), date_to=dt.date(2026, 2, 3)),
     "eventline-timeline_strike_Russia_from-2026-01-20_to-2026-02-03.png"),
    (F.Filters(places=("Abu Dhabi",), query="talks / ceasefire?"), "eventline-timeline_Abu-Dhabi_talks-ceasefire.png"),
    (F.Filters(sources=("a.txt", "b.txt")), "eventline-timeline_2-sources.png"),
])
def test_png_filename(filters, name):
    assert F.png_filename(filters) == name


def test_camera_button_makes_a_slide_sized_png():
    options = F.chart_config(F.Filters(types=("talks",)))["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "eventline-timeline_talks", "width": 1920, "height": 1080,
                       "scale": 2}


def test_slide_figure_has_title_filters_and_sources(table, event_documents):
    options = F.ChartOptions(source_labels=F.source_labels(event_documents.values()))
    figure = F.slide_figure(table, F.Filters(types=("visit",)), options)
    assert (figure.layout.width, figure.layout.height) == (1920, 1080)
    assert figure.layout.title.text.startswith("Visits, Mon 1 Sep 2025")
    assert figure.layout.title.subtitle.text.startswith("Type: visit")
    assert figure.layout.annotations[0].text.startswith("Sources: Thread Reader — Threads digest")
    assert figure.layout.font.size == F.BRIEFING_STYLE.font_size


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="kaleido needs Debian's chromium (scripts/ensure-chromium.sh)")
def test_render_png_writes_a_slide(tmp_path, event_table):
    out = tmp_path / "timeline.png"
    data = F.render_png(event_table, F.Filters(types=("strike",)), F.ChartOptions(), out)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and out.read_bytes() == data
    assert struct.unpack(">II", data[16:24]) == (3840, 2160)


# --------------------------------------------------------------------------- a large table


def synthetic_table(n: int, seed: int = 7) -> pd.DataFrame:
    """n events over four years, a tenth with a week or month precision."""
    rng = np.random.default_rng(seed)
    places = {"Kyiv": (50.45, 30.52), "Kharkiv": (49.99, 36.23), "Odesa": (46.48, 30.73), "Lviv": (49.84, 24.03)}
    names = rng.choice(list(places), n)
    precision = rng.choice(["day", "week", "month", "unknown"], n, p=[0.85, 0.06, 0.04, 0.05])
    start = pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 1460, n), unit="D")
    end = start + pd.to_timedelta(np.select([precision == "week", precision == "month"], [6, 29], 0), unit="D")
    kinds = rng.choice(["strike", "talks", "visit"], n, p=[0.7, 0.2, 0.1])
    return normalise_frame(pd.DataFrame({
        "event_id": [f"ev-{i:06d}" for i in range(n)], "type": kinds,
        "status": rng.choice(["occurred", "planned", "hypothetical"], n, p=[0.85, 0.1, 0.05]),
        "date_start": start.where(precision != "unknown"), "date_end": end.where(precision != "unknown"),
        "precision": precision, "date_text": "", "date_method": "anchor",
        "actors": [["Russia", "Ukraine"] if k == "strike" else ["Ukraine", "United States"] for k in kinds],
        "places": [[p] for p in names], "place_kinds": [["city"]] * n, "country": "Ukraine",
        "latitude": [places[p][0] for p in names], "longitude": [places[p][1] for p in names],
        "drones": None, "missiles": None, "ballistic": None, "cruise": None, "killed": None, "injured": None,
        "figures": [[]] * n, "summary": [f"Russia struck {p} with drones overnight, officials said ({i})."
                                        for i, p in enumerate(names)],
        "sources": [[f"doc{i % 400}.txt"] for i in range(n)], "n_sources": 1,
        "evidence": [[{"document": f"doc{i % 400}.txt", "start": 0, "end": 40, "sentence": f"Energy sites in {p} were hit."}]
                     for i, p in enumerate(names)],
    }, columns=list(COLUMNS)))


def test_fifty_thousand_events_filter_and_draw_with_webgl():
    # How fast this is lives in the benchmark (python -m pipeline bench); here, what it draws.
    table = F.prepare(synthetic_table(50_000))
    for filters in (F.Filters(types=("strike",)), F.Filters(places=("Kyiv",), query="energy"), F.Filters()):
        filtered = F.apply_filters(table, filters)
        timeline = F.timeline_figure(table, filters, filtered=filtered)
        site_map = F.map_figure(table, filters, filtered=filtered)
        assert len(drawn_ids(timeline)) == int(filtered["date_start"].notna().sum())
        assert {trace.type for trace in timeline.data} == {"scattergl"} and site_map.data
