"""The dashboard's logic under Streamlit's AppTest: URL ↔ filters ↔ figure, empty states,
the event detail, sources and caching. The figure is read from the chart's JSON spec."""
from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from pipeline.table import write_table
from tests.conftest import make_event_table, write_event_folder

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard.py"
DRAWN_BY_DEFAULT = {  # conftest's table less the hypothetical and the undated event
    "ev-kyiv-strike", "ev-lozova-strike", "ev-rutte-visit", "ev-abu-dhabi-planned", "ev-washington-visit",
    "ev-abu-dhabi-week", "ev-trump-call", "ev-dnipro-strike", "ev-paris-talks", "ev-september-strike",
    "ev-copenhagen-visit", "ev-odesa-hostile",
}


@pytest.fixture
def folder(tmp_path):
    return write_event_folder(tmp_path / "texts")


@pytest.fixture
def app(folder, monkeypatch):
    """An AppTest of the dashboard on the hand-made table and its documents; set
    `app.query_params` before `app.run()` to open a link."""
    texts, table = folder
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--source", str(texts), "--table", str(table)])
    return AppTest.from_file(str(DASHBOARD), default_timeout=60)


def decode(value):
    """A figure array from the spec: plain JSON, or a base64 typed array."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return value


def chart(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def drawn(at: AppTest) -> list[str]:
    return [i for trace in chart(at)["data"] for i in decode(trace.get("customdata", []))]


def params(at: AppTest) -> dict[str, list[str]]:
    """The URL's query, every value as a list (AppTest keeps single values as str)."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def detail_html(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_default_view_draws_every_dated_visible_event(app):
    app.run()
    assert_no_exception(app)
    assert sorted(drawn(app)) == sorted(DRAWN_BY_DEFAULT)
    assert app.caption[0].value.startswith("14 events from 6 documents in ")
    assert dict(app.query_params) == {}


def test_url_parameters_preselect_filters(app):
    app.query_params = {"type": "strike", "place": ["Kyiv", "Lozova"]}
    app.run()
    assert_no_exception(app)
    assert app.sidebar.multiselect(key="w_type").value == ["strike"]
    assert app.sidebar.multiselect(key="w_place").value == ["Kyiv", "Lozova"]
    assert set(drawn(app)) == {"ev-kyiv-strike", "ev-lozova-strike"}


def test_url_dates_and_search_preselect_too(app):
    app.query_params = {"from": "2026-01-20", "to": "2026-01-27", "q": "Abu Dhabi"}
    app.run()
    assert str(app.sidebar.date_input(key="w_from").value) == "2026-01-20"
    assert app.sidebar.text_input(key="w_q").value == "Abu Dhabi"
    assert set(drawn(app)) == {"ev-abu-dhabi-week"}


def test_filter_change_changes_the_figure_and_the_url(app):
    app.run()
    app.sidebar.multiselect(key="w_type").set_value(["visit"]).run()
    assert_no_exception(app)
    assert set(drawn(app)) == {"ev-rutte-visit", "ev-washington-visit", "ev-copenhagen-visit"}
    assert params(app)["type"] == ["visit"]
    app.sidebar.text_input(key="w_q").set_value("copenhagen").run()
    assert set(drawn(app)) == {"ev-copenhagen-visit"}
    assert params(app)["q"] == ["copenhagen"]
    assert "Type: visit · search “copenhagen”" in chart(app)["layout"]["title"]["subtitle"]["text"]


def test_status_filter_brings_hypothetical_events(app):
    app.query_params = {"status": "hypothetical"}
    app.run()
    assert drawn(app) == ["ev-kyiv-moratorium"]


@pytest.mark.parametrize("params, description", [
    ({"actor": "Atlantis"}, "Actor: Atlantis"),
    ({"type": "earthquake"}, "Type: earthquake"),
    ({"place": "Kyiv", "from": "2030-01-01"}, "Place: Kyiv · from Tue 1 Jan 2030"),
])
def test_a_link_matching_nothing_shows_an_empty_state(app, params, description):
    app.query_params = params
    app.run()
    assert_no_exception(app)
    assert not app.get("plotly_chart")
    assert len(app.info) == 1 and app.info[0].value.startswith(f"No events match these filters ({description}")


def test_clear_filters_leaves_the_empty_state(app):
    app.query_params = {"actor": "Atlantis"}
    app.run()
    app.button(key="clear_from_empty").click().run()
    assert sorted(drawn(app)) == sorted(DRAWN_BY_DEFAULT)
    assert dict(app.query_params) == {}


def test_an_unreadable_date_in_the_link_is_ignored_with_a_warning(app):
    app.query_params = {"from": "yesterday"}
    app.run()
    assert_no_exception(app)
    assert app.warning[0].value == "Ignored an unreadable date in the link: from=yesterday"
    assert sorted(drawn(app)) == sorted(DRAWN_BY_DEFAULT)


def test_actor_lanes_from_the_url(app):
    app.query_params = {"lanes": "actor", "type": "visit"}
    app.run()
    assert app.sidebar.radio(key="w_lanes").value == "actor"
    assert set(chart(app)["layout"]["yaxis"]["ticktext"]) == {"Mark Rutte", "Ukraine", "Volodymyr Zelensky",
                                                             "United States", "Denmark"}


def test_event_detail_from_the_url(app):
    app.query_params = {"event": "ev-trump-call"}
    app.run()
    body = detail_html(app)
    assert "Trump spoke with Putin by phone <mark>on Tuesday</mark>, the Kremlin said." in body
    assert "&#x27;on Tuesday&#x27; → Tue 27 Jan 2026, anchored to the publication date Fri 30 Jan 2026" in body
    assert "Wire Service — Kremlin says Trump asked Putin to halt strikes" in body


def test_clicking_a_point_selects_its_event(app):
    app.run()
    strikes = chart(app)["data"][0]
    index = decode(strikes["customdata"]).index("ev-dnipro-strike")
    app.session_state["timeline"] = {"selection": {
        "points": [{"curve_number": 0, "point_index": index, "point_number": index,
                    "customdata": "ev-dnipro-strike"}],
        "point_indices": [index], "box": [], "lasso": []}}
    app.run()
    assert_no_exception(app)
    assert "A Russian drone attack on Dnipro injured five people, officials said." in detail_html(app)
    assert params(app)["event"] == ["ev-dnipro-strike"]


def test_selecting_a_table_row_selects_its_event(app):
    app.query_params = {"type": "visit"}
    app.run()
    # Visits in table order: Copenhagen (Sep 2025), Rutte (3 Feb), Washington (week of 9 Feb).
    app.session_state["events_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert_no_exception(app)
    assert params(app)["event"] == ["ev-rutte-visit"]
    assert "<mark>on Tuesday</mark>" in detail_html(app)


def test_hostile_document_text_is_escaped_in_the_detail(app):
    app.query_params = {"event": "ev-odesa-hostile"}
    app.run()
    body = detail_html(app)
    assert "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;" in body
    assert "<img" not in body and "<script" not in body and 'href="javascript' not in body


def test_briefing_view_drops_the_clutter(app):
    app.query_params = {"view": "briefing"}
    app.run()
    assert_no_exception(app)
    assert app.button[0].label == "Leave briefing view"
    assert not app.get("dataframe") and not app.title
    assert chart(app)["layout"]["font"]["size"] >= 20
    app.button[0].click().run()
    assert app.title[0].value == "Eventline" and "view" not in app.query_params


def test_downloads_are_offered_with_meaningful_names(app):
    app.query_params = {"type": "strike"}
    app.run()
    buttons = {button.proto.label: button for button in app.get("download_button")}
    assert set(buttons) == {"Download CSV", "Download Parquet", "Download PNG"}


def test_a_changed_folder_or_table_is_read_again(app, folder):
    texts, table = folder
    app.run()
    assert app.caption[0].value.startswith("14 events from 6 documents")
    (texts / "later.txt").write_text("Russia struck Sumy on Friday.\n", encoding="utf-8")
    write_table(make_event_table().head(5), table)
    app.run()
    assert_no_exception(app)
    assert app.caption[0].value.startswith("5 events from 7 documents")


def test_a_folder_of_texts_is_built_by_the_pipeline(tmp_path, monkeypatch):
    texts, _ = write_event_folder(tmp_path / "texts")
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--source", str(texts)])
    at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
    at.run()
    assert_no_exception(at)
    assert " events from 6 documents in " in at.caption[0].value
