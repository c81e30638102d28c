"""The dashboard's logic under Streamlit's AppTest: URL ↔ filters ↔ figure, empty states,
the event detail, the days on screen, curation (hide, correct, merge, split, flag, undo),
texts added to a folder, hostile links, and what it offers to download.

The hand-made table of tests/conftest.py is opened as built (`--table`); the tests of a
folder the dashboard builds itself write their own small texts. The figure is read from
the chart's JSON spec."""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import gc
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipeline.curate import CurationStore, curations_path
from pipeline.settings import SETTINGS
from pipeline.table import read_table, write_table
from pipeline.views.safe import WORD_JOINER
from tests.conftest import make_event_table, write_event_folder

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard.py"
# The days where the hand-made table's events are: 19 Jan – 15 Feb 2026 (its three
# September events are off to the left), less the hypothetical and the undated event.
DRAWN_BY_DEFAULT = {"ev-kyiv-strike", "ev-lozova-strike", "ev-rutte-visit", "ev-abu-dhabi-planned",
                    "ev-washington-visit", "ev-abu-dhabi-week", "ev-trump-call", "ev-dnipro-strike",
                    "ev-odesa-hostile"}
SEPTEMBER = {"ev-paris-talks", "ev-september-strike", "ev-copenhagen-visit"}
AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp):|\bwww\.|[\w.+-]@[\w-]")
MARKDOWN_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<img|(?<!\\)<a ")


@pytest.fixture
def folder(tmp_path):
    return write_event_folder(tmp_path / "texts")


def app_for(argv: list[str], monkeypatch) -> AppTest:
    monkeypatch.setattr(sys, "argv", ["dashboard.py", *argv])
    return AppTest.from_file(str(DASHBOARD), default_timeout=120)


@pytest.fixture
def app(folder, monkeypatch):
    """The dashboard on the hand-made table and its documents; set `app.query_params`
    before `app.run()` to open a link."""
    texts, table = folder
    return app_for(["--source", str(texts), "--table", str(table)], monkeypatch)


def decode(value):
    """A figure array from the spec: plain JSON, or a base64 typed array."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return value


def chart(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def drawn(at: AppTest) -> list[str]:
    return [row[0] for trace in chart(at)["data"] for row in trace.get("customdata") or []]


def params(at: AppTest) -> dict[str, list[str]]:
    """The URL's query, every value as a list (AppTest keeps single values as str)."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def shown(markdown: str) -> str:
    """What Markdown text shows once its backslash escapes are read."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace("  \n", "\n"))


def detail_html(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def markdown_texts(at: AppTest) -> list[str]:
    """The Markdown of every element that shows it (alerts, captions, markdown, titles)."""
    texts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader"):
        texts += [element.value for element in at.get(kind)]
    return texts


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def widget(items, label: str):
    return next(w for w in items if w.label == label)


def test_default_view_draws_the_days_where_the_events_are(app):
    app.run()
    assert_no_exception(app)
    assert sorted(drawn(app)) == sorted(DRAWN_BY_DEFAULT)
    assert shown(app.caption[0].value).startswith("14 events from 6 documents in ")
    assert chart(app)["layout"]["xaxis"]["title"]["text"] == "← 3 earlier events (from 1 Sep 2025)"
    assert dict(app.query_params) == {}


def test_the_loaded_table_is_kept_out_of_full_garbage_collections(app):
    # A full collection walks every object the collector tracks: the table's must not
    # be among them, or a rerun pays for walking it (0.1 s at 50,000 events).
    gc.unfreeze()
    app.run()
    assert_no_exception(app)
    assert gc.get_freeze_count() > 10_000


def test_url_parameters_preselect_filters(app):
    app.query_params = {"type": "strike", "place": ["Kyiv", "Lozova"]}
    app.run()
    assert_no_exception(app)
    assert app.sidebar.multiselect(key="w_type").value == ["strike"]
    assert app.sidebar.multiselect(key="w_place").value == ["Kyiv", "Lozova"]
    assert set(drawn(app)) == {"ev-kyiv-strike", "ev-lozova-strike"}


def test_the_place_filter_offers_the_places_with_most_events_and_the_linked_one(folder, monkeypatch):
    # Every option is drawn by the browser: a table naming thousands of places offers the
    # most frequent ones, says so, and keeps a place a link names selectable.
    from pipeline.views.panels import page

    texts, table = folder
    counts = read_table(str(table))["places"].explode().dropna().value_counts()
    rare = counts.index[-1]
    monkeypatch.setattr(page, "SETTINGS", dataclasses.replace(SETTINGS, listed_places=2))
    app = app_for(["--source", str(texts), "--table", str(table)], monkeypatch)
    app.query_params = {"place": rare}
    app.run()
    assert_no_exception(app)
    place = app.sidebar.multiselect(key="w_place")
    assert place.options == [*place.options[:2], rare] and rare not in place.options[:2]
    assert min(counts[p] for p in place.options[:2]) >= counts.drop(place.options[:2]).max()
    assert f"The 2 places with most events of {len(counts):,}" in place.help
    assert place.value == [rare]


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
    assert set(drawn(app)) == {"ev-rutte-visit", "ev-washington-visit"}
    assert params(app)["type"] == ["visit"]
    app.sidebar.text_input(key="w_q").set_value("washington").run()
    assert set(drawn(app)) == {"ev-washington-visit"}
    assert params(app)["q"] == ["washington"]
    assert "Type: visit · search “washington”" in chart(app)["layout"]["title"]["subtitle"]["text"]


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
    assert len(app.info) == 1 and shown(app.info[0].value).startswith(f"No events match these filters ({description}")


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
    assert shown(app.warning[0].value) == "Ignored an unreadable value in the link: from=yesterday"
    assert sorted(drawn(app)) == sorted(DRAWN_BY_DEFAULT)


@pytest.mark.parametrize("query", [
    {"from": "[LOGIN](https://evil.example)"},
    {"q": "![](http://198.51.100.7/x.png)"},
    {"q": "<img src=x onerror=alert(1)> [x](javascript:alert(1))"},
    {"actor": "[Click here](https://evil.example) :red[alert]"},
    {"event": "![pixel](http://198.51.100.7/p.png)"},
    {"range": "[LOGIN](https://evil.example)", "place": "**Kyiv**"},
])
def test_crafted_links_show_their_values_as_text(app, query):
    app.query_params = query
    app.run()
    assert_no_exception(app)
    texts = markdown_texts(app)
    assert texts, "the page shows something"
    assert [text for text in texts if MARKDOWN_LINK.search(text)] == []
    assert [text for text in texts if AUTOLINK.search(shown(text))] == []
    value = next(iter(query.values()))
    assert any(value in shown(text).replace(WORD_JOINER, "") for text in texts) or value in json.dumps(
        [chart(app)["layout"]["title"]] if app.get("plotly_chart") else []), "the value is shown, as text"


def test_actor_lanes_from_the_url(app):
    app.query_params = {"lanes": "actor", "type": "visit"}
    app.run()
    assert app.sidebar.radio(key="w_lanes").value == "actor"
    # Lanes are those of every filtered event (Copenhagen's Denmark too, off screen to the left),
    # so that changing the days shown never reorders them.
    assert set(chart(app)["layout"]["yaxis"]["ticktext"]) == {"Mark Rutte", "Ukraine", "Volodymyr Zelensky",
                                                             "United States", "Denmark"}


def test_the_days_on_screen_come_from_the_link_and_from_a_box_drawn_on_the_chart(app):
    app.query_params = {"range": "2025-09-01..2025-09-30"}
    app.run()
    assert set(drawn(app)) == SEPTEMBER
    assert app.segmented_control(key="w_range").value == "custom"
    app.segmented_control(key="w_range").set_value("all").run()
    assert set(drawn(app)) == DRAWN_BY_DEFAULT | SEPTEMBER and "range" not in app.query_params
    # A box drawn across the timeline (the chart's box tool) shows its days.
    app.session_state["timeline-0"] = {"selection": {"points": [], "point_indices": [], "lasso": [],
                                                     "box": [{"x": ["2026-02-02 06:00", "2026-02-04 20:00"],
                                                              "y": [0, 3]}]}}
    app.run()
    assert_no_exception(app)
    assert params(app)["range"] == ["2026-02-02..2026-02-04"]
    assert set(drawn(app)) == {"ev-kyiv-strike", "ev-lozova-strike", "ev-rutte-visit", "ev-abu-dhabi-planned"}


def test_event_detail_from_the_url(app):
    app.query_params = {"event": "ev-trump-call"}
    app.run()
    body = detail_html(app)
    assert "Trump spoke with Putin by phone <mark>on Tuesday</mark>, the Kremlin said." in body
    assert "&#x27;on Tuesday&#x27; → Tue 27 Jan 2026, anchored to the publication date Fri 30 Jan 2026" in body
    assert "Wire Service — Kremlin says Trump asked Putin to halt strikes" in body


def test_clicking_a_point_selects_its_event(app):
    app.run()
    trace_number, trace = next((n, t) for n, t in enumerate(chart(app)["data"])
                               if any(row[0] == "ev-dnipro-strike" for row in t.get("customdata") or []))
    index = [row[0] for row in trace["customdata"]].index("ev-dnipro-strike")
    app.session_state["timeline-0"] = {"selection": {
        "points": [{"curve_number": trace_number, "point_index": index, "point_number": index}],
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
    assert len(app.get("plotly_chart")) == 3  # timeline, counts, map
    app.button[0].click().run()
    assert app.title[0].value == "Eventline" and "view" not in app.query_params


@pytest.mark.parametrize("view", [{}, {"view": "briefing"}])
def test_a_page_opened_on_many_events_draws_its_timeline_first_and_the_rest_when_asked(app, monkeypatch, view):
    from pipeline.views.panels import page as page_module

    # the hand-made table's 14 events count as many here
    monkeypatch.setattr(page_module, "SETTINGS", dataclasses.replace(SETTINGS, page_rest_after_events=10))
    app.query_params = dict(view)
    app.run()
    assert_no_exception(app)
    assert len(app.get("plotly_chart")) == 1 and set(drawn(app)) == DRAWN_BY_DEFAULT
    assert not app.get("dataframe") and not {"Events", "Decisions", "Add texts"} & {h.value for h in app.subheader}
    assert "follow in a moment" in " ".join(shown(c.value) for c in app.caption)
    app.run()  # the run the browser asks for: the whole page
    assert_no_exception(app)
    assert len(app.get("plotly_chart")) == 3  # timeline, counts, map
    assert "follow in a moment" not in " ".join(shown(c.value) for c in app.caption)
    assert bool(app.get("dataframe")) == (not view)  # the events and decisions tables, outside the briefing view


def test_a_page_opened_on_few_events_is_drawn_whole_at_once(app):
    app.run()  # 14 events, under page_rest_after_events
    assert len(app.get("plotly_chart")) == 3 and app.dataframe(key="events_table").value is not None


def test_counts_follow_the_filters_and_their_controls(app):
    app.query_params = {"type": "strike", "counts": "launches", "range": "2026-02-01..2026-02-05"}
    app.run()
    counts = chart(app, 1)
    assert counts["layout"]["title"]["text"] == "Drones and missiles launched per night"
    assert [t["name"] for t in counts["data"]] == ["Drones", "Other missiles"]
    app.segmented_control(key="w_per").set_value("week").run()
    assert chart(app, 1)["layout"]["title"]["text"] == "Drones and missiles launched per week"
    assert params(app)["per"] == ["week"]


def test_downloads_are_offered_and_the_png_says_what_it_needs(app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/usr/bin/chromium")
    app.query_params = {"type": "strike"}
    app.run()
    labels = {button.proto.label for button in app.get("download_button")}
    assert labels == {"Download CSV", "Download Parquet", "Download ACLED-style CSV", "Download counts CSV",
                      "Download timeline PNG", "Download counts PNG"}


def test_without_chromium_the_dashboard_starts_and_says_what_to_install(app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app.run()
    assert_no_exception(app)
    labels = {button.proto.label for button in app.get("download_button")}
    assert "Download timeline PNG" not in labels and "Download CSV" in labels
    assert any("apt-get install chromium" in shown(c.value) for c in app.caption)


def look_every_run(monkeypatch) -> None:
    """Each run reads the folder, as a run after the folder watch's interval does."""
    from pipeline.views.panels import watch

    monkeypatch.setattr(watch, "SETTINGS", dataclasses.replace(SETTINGS, folder_poll_seconds=0.0,
                                                               folder_poll_opening_seconds=0.0))


def test_a_table_older_than_its_folder_is_said_to_be_stale(app, folder, monkeypatch):
    look_every_run(monkeypatch)
    texts, table = folder
    app.run()
    assert not app.warning
    later = texts / "later.txt"
    later.write_text("Russia struck Sumy on Friday.\n", encoding="utf-8")
    import os

    os.utime(later, (Path(table).stat().st_mtime + 60,) * 2)
    app.run()
    assert any("older than 1 file(s)" in shown(w.value) and "later.txt" in shown(w.value) for w in app.warning)


def test_a_changed_table_is_read_again(app, folder):
    texts, table = folder
    app.run()
    assert shown(app.caption[0].value).startswith("14 events from 6 documents")
    write_table(make_event_table().head(5), table)
    app.run()
    assert_no_exception(app)
    assert shown(app.caption[0].value).startswith("5 events from 6 documents")


# --------------------------------------------------------------------------- curation


def sign(at: AppTest, name: str = "Ann") -> AppTest:
    at.text_input(key="w_author").input(name).run()
    return at


def test_a_hidden_event_is_gone_logged_and_back_after_undo(app, folder):
    texts, table = folder
    app.query_params = {"event": "ev-dnipro-strike"}
    app.run()
    assert "Give your name once" in " ".join(c.value for c in app.caption)
    sign(app)
    widget(app.text_input, "Why hide it?").input("a duplicate of the Kyiv report")
    widget(app.button, "Hide this event").click().run()
    assert_no_exception(app)
    assert "ev-dnipro-strike" not in drawn(app)
    assert shown(app.caption[0].value).startswith("13 events from 6 documents")
    log = app.dataframe(key="decisions_log").value
    assert log.iloc[0][["Who", "What", "Why", "Now"]].tolist() == ["Ann", "hide", "a duplicate of the Kyiv report",
                                                                  "applied"]
    stored = CurationStore(curations_path(table)).decisions()
    assert [(d.kind, d.author, d.reason) for d in stored] == [("hide", "Ann", "a duplicate of the Kyiv report")]
    assert stored[0].targets[0][0].document == "wire_0130.txt"
    # Undo, from the log.
    app.session_state["decisions_log"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    widget(app.button, f"Undo decision {stored[0].id}").click().run()
    assert "ev-dnipro-strike" in drawn(app)
    assert app.dataframe(key="decisions_log").value.iloc[0]["Now"] == "undone"


def test_a_corrected_date_moves_the_event_and_the_table_follows(app, folder):
    app.query_params = {"event": "ev-dnipro-strike"}
    app.run()
    sign(app)
    widget(app.date_input, "From").set_value(dt.date(2026, 2, 1))
    widget(app.date_input, "To").set_value(dt.date(2026, 2, 1))
    widget(app.text_input, "Why?").input("the text dates it to Sunday")
    widget(app.button, "Save the correction").click().run()
    assert_no_exception(app)
    trace = next(t for t in chart(app)["data"] if any(r[0] == "ev-dnipro-strike" for r in t.get("customdata") or []))
    index = [r[0] for r in trace["customdata"]].index("ev-dnipro-strike")
    assert decode(trace["x"])[index] == pd.Timestamp("2026-02-01 12:00").value / 1e6
    assert trace["customdata"][index][1] == "Sun 1 Feb 2026"
    table = app.dataframe(key="events_table").value
    assert table.loc["ev-dnipro-strike", ["Date", "Changed by hand"]].tolist() == ["Sun 1 Feb 2026", "dates"]
    assert "Changed by hand" in detail_html(app)


def test_two_events_merged_become_one_with_both_sources(app):
    app.query_params = {"event": "ev-lozova-strike"}
    app.run()
    sign(app)
    widget(app.selectbox, "Merge with").set_value("ev-kyiv-strike")
    widget(app.text_input, "Why are they one event?").input("Lozova was hit in the same wave")
    widget(app.button, "Merge the two events").click().run()
    assert_no_exception(app)
    table = app.dataframe(key="events_table").value
    merged = table[table["Changed by hand"].str.contains("merged")]
    assert len(merged) == 1 and merged.iloc[0]["Sources"] == 2
    assert set(merged.iloc[0]["Places"].split(", ")) == {"Kyiv", "Kharkiv", "Lozova"}
    assert shown(app.caption[0].value).startswith("13 events")


def test_a_mention_split_out_becomes_its_own_event(app):
    app.query_params = {"event": "ev-kyiv-strike"}
    app.run()
    sign(app)
    split = widget(app.selectbox, "Mention to make an event of its own")
    split.set_value(1)
    widget(app.button, "Split it out").click().run()
    assert_no_exception(app)
    assert shown(app.caption[0].value).startswith("15 events")
    table = app.dataframe(key="events_table").value
    assert (table["Changed by hand"] == "split").sum() == 2


def test_a_flag_marks_the_event_for_review(app):
    app.query_params = {"event": "ev-trump-call"}
    app.run()
    sign(app, "Bob")
    widget(app.text_input, "What should be checked?").input("a call or a meeting?")
    widget(app.button, "Flag for review").click().run()
    table = app.dataframe(key="events_table").value
    assert table.loc["ev-trump-call", "Changed by hand"] == "flagged"


# --------------------------------------------------------------------------- a folder the dashboard builds

TEXTS = {
    "north.txt": "Russian drones struck Kharkiv overnight, injuring five people, the governor said.\n",
    "south.txt": "A Russian drone attack on Odesa damaged the port overnight, officials said.\n",
}
MANIFEST = "file,title,source,url,published\nnorth.txt,North,Desk,,2026-02-03\nsouth.txt,South,Desk,,2026-02-03\n"


@pytest.fixture
def built(tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    texts.mkdir()
    for name, text in TEXTS.items():
        (texts / name).write_text(text, encoding="utf-8")
    (texts / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    out = tmp_path / "build" / "texts.parquet"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return texts, out, app_for(["--source", str(texts), "--out", str(out)], monkeypatch)


def test_the_dashboard_builds_its_folder_and_writes_the_curated_table(built):
    texts, out, app = built
    app.run()
    assert_no_exception(app)
    table = read_table(out)
    assert set(table["sources"].explode()) == {"north.txt", "south.txt"}
    assert shown(app.caption[0].value).startswith(f"{len(table)} events from 2 documents")


def test_a_pasted_text_is_written_to_the_folder_and_its_events_appear(built):
    texts, out, app = built
    app.run()
    before = len(read_table(out))
    app.text_input(key="paste_title").input("Lviv report")
    app.text_input(key="paste_source").input("Field Desk")
    app.date_input(key="paste_date").set_value(dt.date(2026, 2, 4))
    app.text_area(key="paste_text").input("Russian missiles struck Lviv overnight, killing three people.")
    next(b for b in app.button if b.label == "Add to the folder" and "paste" in str(b.key)).click().run()
    assert_no_exception(app)
    assert (texts / "Lviv-report.txt").read_text(encoding="utf-8").startswith("Russian missiles struck Lviv")
    assert "Lviv-report.txt,Lviv report,Field Desk,,2026-02-04" in (texts / "manifest.csv").read_text(encoding="utf-8")
    assert any("Added Lviv-report.txt" in shown(s.value) for s in app.success)
    table = read_table(out)
    assert len(table) > before and "Lviv-report.txt" in set(table["sources"].explode())
    assert shown(app.caption[0].value).startswith(f"{len(table)} events from 3 documents")


def test_a_file_added_on_disk_is_picked_up(built, monkeypatch):
    look_every_run(monkeypatch)
    texts, out, app = built
    app.run()
    (texts / "east.txt").write_text("Russian drones hit Sumy overnight, injuring two people.\n", encoding="utf-8")
    app.run()  # the folder watch reruns the page; here, the next run
    assert_no_exception(app)
    assert shown(app.caption[0].value).endswith(f"from 3 documents in {texts}") or \
        "from 3 documents" in shown(app.caption[0].value)
    assert "east.txt" in set(read_table(out)["sources"].explode())


def test_a_filter_change_soon_after_a_look_does_not_read_the_folder_again(built, monkeypatch):
    from pipeline.views import folders

    texts, out, app = built
    app.run()
    looks = []
    scan = folders.scan
    monkeypatch.setattr(folders, "scan", lambda path: looks.append(str(path)) or scan(path))
    (texts / "east.txt").write_text("Russian drones hit Sumy overnight, injuring two people.\n", encoding="utf-8")
    app.multiselect(key="w_status").set_value(["occurred"]).run()
    assert_no_exception(app)
    assert str(texts) not in looks and "from 2 documents" in shown(app.caption[0].value)
    look_every_run(monkeypatch)  # the watch's interval has passed
    app.multiselect(key="w_status").set_value(["planned"]).run()
    assert str(texts) in looks and "from 3 documents" in shown(app.caption[0].value)


def test_readers_of_one_table_share_the_page_models_of_its_last_views(folder, monkeypatch):
    from pipeline.views.panels import page as page_module

    monkeypatch.setattr(page_module, "SETTINGS", dataclasses.replace(SETTINGS, page_models_kept=2))
    made = []
    make = page_module.F.page_model
    monkeypatch.setattr(page_module.F, "page_model", lambda table, filters, *a, **k: made.append(filters.statuses)
                        or make(table, filters, *a, **k))
    texts, table = folder
    first = app_for(["--source", str(texts), "--table", str(table)], monkeypatch)
    first.run()
    second = app_for(["--source", str(texts), "--table", str(table)], monkeypatch)
    second.run()  # another reader opens the same view
    assert_no_exception(second)
    assert made == [()] and chart(second) == chart(first)
    # the opening view is kept, and the two last others: "planned" is let go
    for statuses in (["planned"], ["occurred"], [], ["hypothetical"], ["occurred"], ["planned"]):
        second.multiselect(key="w_status").set_value(statuses).run()
    assert made == [(), ("planned",), ("occurred",), ("hypothetical",), ("planned",)]


def test_a_refused_upload_says_why_and_writes_nothing(built):
    texts, out, app = built
    app.run()
    app.text_area(key="paste_text").input("Some text without a title.")
    next(b for b in app.button if b.label == "Add to the folder" and "paste" in str(b.key)).click().run()
    assert any("needs a title" in shown(w.value) for w in app.warning)
    assert sorted(p.name for p in texts.iterdir()) == ["manifest.csv", "north.txt", "south.txt"]


# --------------------------------------------------------------------------- serving safely


def test_the_server_settings_keep_it_local_quiet_and_without_deploy():
    import tomllib

    config = tomllib.loads((DASHBOARD.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["client"] == {"showErrorDetails": "none", "toolbarMode": "viewer"}
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= SETTINGS.max_file_bytes


def test_a_failure_shows_a_plain_sentence_and_logs_the_details(app, monkeypatch, caplog):
    import pipeline.views.panels.page as page_module

    def broken(*arguments, **keywords):
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(page_module.F, "page_model", broken)
    with caplog.at_level("ERROR", logger="eventline.dashboard"):
        app.run()
    assert [e.value for e in app.error] == ["Something went wrong drawing this view. The details are in the server's log."]
    assert not app.exception
    assert "secret detail" not in json.dumps([m for m in markdown_texts(app)])
    assert "secret detail /etc/passwd" in caplog.text
