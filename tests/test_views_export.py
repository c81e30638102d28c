"""pipeline.views.export: CSV (BOM, sources by name), ACLED-style CSV, PNG slides."""
from __future__ import annotations

import datetime as dt
import io
import struct

import pandas as pd
import pytest

from pipeline import views as F
from pipeline.settings import SETTINGS
from pipeline.table import COLUMNS
from pipeline.views import export as E


@pytest.fixture
def table(event_table) -> F.PreparedTable:
    return F.prepare(event_table)


@pytest.fixture
def labels(event_documents) -> dict[str, str]:
    return F.source_labels(event_documents.values(), with_file=True)


def test_exports_keep_only_the_table_columns(table):
    assert list(F.public_columns(F.apply_filters(table, F.Filters())).columns) == list(COLUMNS)


def test_table_csv_has_a_bom_and_names_sources_by_publisher_title_and_file(table, labels):
    data = F.table_csv_bytes(F.apply_filters(table, F.Filters(types=("talks",))), labels)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns) == list(COLUMNS)
    call = frame[frame["event_id"] == "ev-trump-call"].iloc[0]
    assert call["sources"] == "Wire Service — Kremlin says Trump asked Putin to halt strikes (wire_0130.txt)"


def test_csv_cells_that_a_spreadsheet_would_run_are_defused():
    data = F.csv_bytes(pd.DataFrame({"summary": ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0",
                                                 "plain", "-5"]}))
    cells = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)["summary"].tolist()
    # a plain number is a number to a spreadsheet, not a formula: it stays as written
    assert [cell[0] for cell in cells[:2]] == ["'", "'"] and cells[2:] == ["plain", "-5"]


def test_acled_rows_map_type_weapons_precision_and_place(table, labels):
    frame = E.acled_frame(F.apply_filters(table, F.Filters()), labels).set_index("notes", drop=False)
    assert list(frame.columns) == list(E.ACLED_COLUMNS)
    kyiv = frame[frame["location"] == "Kyiv"].iloc[0]
    assert (kyiv["event_type"], kyiv["sub_event_type"]) == ("Explosions/Remote violence",
                                                            "Shelling/artillery/missile attack")
    assert (kyiv["event_date"], kyiv["year"], kyiv["time_precision"]) == ("2026-02-03", 2026, 1)
    assert (kyiv["actor1"], kyiv["actor2"], kyiv["geo_precision"]) == ("Russia", "Ukraine", 1)
    assert kyiv["event_id_cnty"] == "UKR-ev-kyiv-strike"
    assert kyiv["source"].startswith("Kyiv Dispatch — Record strike hits the energy grid (kyiv_dispatch.txt)")
    dnipro = frame[frame["location"] == "Dnipro"].iloc[0]
    assert dnipro["sub_event_type"] == "Shelling/artillery/missile attack"  # no weapon stated
    week = frame[frame["event_id_cnty"].str.endswith("ev-abu-dhabi-week")].iloc[0]
    assert (week["event_type"], week["sub_event_type"], week["time_precision"]) == \
        ("Strategic developments", "Other", 2)


def test_acled_actors_are_a_strikes_sides_by_role(labels):
    from pipeline.merge import merge_mentions
    from pipeline.table import events_to_frame
    from tests.test_merge import KYIV, mention

    unattributed = mention("c.txt", actors=("Ukraine",), roles=("", "Ukraine"), places=(KYIV,))
    claimed = mention("d.txt", actors=("Russia", "Ukraine"), places=(KYIV,), day=dt.date(2026, 2, 9))
    frame = events_to_frame(merge_mentions([unattributed, claimed]))
    rows = E.acled_frame(F.apply_filters(F.prepare(frame), F.Filters()), labels)
    # no attacker named: actor1 is empty and the side struck is actor2, not actor1
    assert rows[["event_date", "actor1", "actor2"]].values.tolist() == [
        ["2026-02-03", "", "Ukraine"], ["2026-02-09", "Russia", "Ukraine"]]


def test_acled_leaves_out_what_it_does_not_record(table, labels):
    everything = F.apply_filters(table, F.Filters(statuses=("occurred", "planned", "hypothetical")))
    ids = {i.split("-", 1)[1] for i in E.acled_frame(everything, labels)["event_id_cnty"]}
    assert not ids & {"ev-abu-dhabi-planned", "ev-washington-visit", "ev-kyiv-moratorium"}  # planned, hypothetical
    assert not ids & {"ev-rutte-visit", "ev-copenhagen-visit"}  # visits
    assert "ev-nikopol-undated" not in ids  # no date
    assert {"ev-kyiv-strike", "ev-trump-call", "ev-paris-talks"} <= ids


@pytest.mark.parametrize("figures, killed, fatalities", [
    (["two people killed (a.txt)", "3 killed (b.txt)"], 3, 2),
    (["at least 12 dead (a.txt)", "15 people were killed (b.txt)", "40 injured (b.txt)"], 15, 12),
    (["450 drones (a.txt)"], None, 0),
    ([], 4, 4),
])
def test_acled_fatalities_are_the_lowest_figure_stated(figures, killed, fatalities):
    assert E.lowest_fatalities(figures, killed if killed is not None else float("nan")) == fatalities


@pytest.mark.parametrize("kind, drones, missiles, types", [
    ("strike", 100, 0, ("Explosions/Remote violence", "Air/drone strike")),
    ("strike", 100, 5, ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("prisoner_exchange", None, None, ("Strategic developments", "Agreement")),
    ("ceasefire", None, None, ("Strategic developments", "Agreement")),
    ("visit", None, None, None),
])
def test_acled_types(kind, drones, missiles, types):
    assert E.acled_types(kind, drones, missiles) == types


@pytest.mark.parametrize("filters, name", [
    (F.Filters(), "eventline-timeline.png"),
    (F.Filters(types=("strike",), actors=("Russia",), date_from=dt.date(2026, 1, 20), date_to=dt.date(2026, 2, 3)),
     "eventline-timeline_strike_Russia_from-2026-01-20_to-2026-02-03.png"),
    (F.Filters(places=("Abu Dhabi",), query="talks / ceasefire?"), "eventline-timeline_Abu-Dhabi_talks-ceasefire.png"),
    (F.Filters(sources=("a.txt", "b.txt")), "eventline-timeline_2-sources.png"),
])
def test_png_filename(filters, name):
    assert F.png_filename(filters) == name


def test_the_camera_button_saves_a_slide_and_the_box_tool_chooses_days():
    config = F.chart_config(F.Filters(types=("talks",)))
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "eventline-timeline_talks", "width": 1920,
                                              "height": 1080, "scale": 2}
    assert "select2d" not in config["modeBarButtonsToRemove"] and "zoom2d" in config["modeBarButtonsToRemove"]
    assert "select2d" in F.chart_config(F.Filters(), "counts")["modeBarButtonsToRemove"]


def test_webgl_is_drawn_at_the_settings_pixel_ratio_and_slides_are_not():
    # Plotly's own default is 2; the camera button's PNG is cloned at 2 whatever this says
    for config in (F.chart_config(F.Filters()), F.chart_config(F.Filters(), "counts"), F.map_config()):
        assert config["plotGlPixelRatio"] == SETTINGS.webgl_pixel_ratio == 1
    assert F.map_config()["scrollZoom"] is True


def test_the_slide_shows_the_days_on_screen(table, event_documents):
    shown = (dt.date(2026, 1, 25), dt.date(2026, 2, 5))
    options = F.ChartOptions(source_labels=F.source_labels(event_documents.values()), shown=shown)
    figure = F.slide_figure(table, F.Filters(), options)
    assert (figure.layout.width, figure.layout.height) == (1920, 1080)
    assert figure.layout.xaxis.range == ("2026-01-25 00:00", "2026-02-06 00:00")
    assert figure.layout.font.size == F.SLIDE_STYLE.font_size
    assert "Massive strike: 450 drones, 70 missiles — Kyiv, Kharkiv" in [a.text for a in figure.layout.annotations]
    counts = F.slide_figure(table, F.Filters(), options, kind="counts")
    assert counts.layout.xaxis.range == ("2026-01-25", "2026-02-06")


def test_without_a_browser_the_server_png_says_what_to_install(table, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert F.png_browser() is None
    E.start_png_renderer.cache_clear()
    with pytest.raises(F.PngUnavailable, match="apt-get install chromium"):
        F.render_png(table)
    E.start_png_renderer.cache_clear()


@pytest.mark.skipif(F.png_browser() is None, reason="kaleido needs Debian's chromium (scripts/ensure-chromium.sh)")
def test_render_png_writes_a_slide(tmp_path, event_table):
    out = tmp_path / "timeline.png"
    data = F.render_png(event_table, F.Filters(types=("strike",)), F.ChartOptions(), out)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and out.read_bytes() == data
    assert struct.unpack(">II", data[16:24]) == (3840, 2160)


def _chart(*arguments):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-m", "pipeline", "chart", "seeds", "--quiet", *arguments],
                          capture_output=True, text=True, cwd=root, timeout=300)


@pytest.mark.skipif(F.png_browser() is None, reason="kaleido needs Debian's chromium (scripts/ensure-chromium.sh)")
def test_the_command_line_draws_the_counts_of_the_days_asked_for(tmp_path):
    out = tmp_path / "launches.png"
    done = _chart("--png", str(out), "--kind", "counts", "--counts", "launches", "--range", "2026-01-20..2026-02-06")
    assert done.returncode == 0, done.stderr
    assert png_size_of(out.read_bytes()) == (3840, 2160)


def test_the_command_line_says_what_a_range_looks_like(tmp_path):
    done = _chart("--png", str(tmp_path / "x.png"), "--range", "last week")
    assert done.returncode == 2 and "expected FIRST..LAST" in done.stderr and "Traceback" not in done.stderr


def png_size_of(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])
