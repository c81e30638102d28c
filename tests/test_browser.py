"""The dashboard in a real headless Chromium against a running `streamlit run`.

Every request that leaves localhost is blocked and recorded; each test asserts that none
was attempted, so the page works in an offline briefing room. The flows are walked as a
person would: click, type, upload, drag. Screenshots go to artifacts/ (git-ignored) for a
person to look at.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import struct
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from pipeline import views as F
from pipeline.settings import SETTINGS
from pipeline.table import read_table, write_table
from pipeline.views import folders
from tests.dense_events import dense_events
from tests.conftest import HOSTILE_SENTENCE, app_tracebacks, make_event_table, streamlit_server, write_event_folder

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 90_000  # the first chart takes several seconds on a small machine
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

# From tests/conftest.py: the days where its events are (19 Jan – 15 Feb 2026) hold 9
# drawn events; all days, 12 (one hypothetical hidden, one undated not drawn).
DRAWN_BY_DEFAULT = 9
DRAWN_ALL = 12
ALL_DAYS = "range=2025-08-25..2026-02-20"

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (scripts/ensure-chromium.sh installs it)",
                allow_module_level=True)

# Own texts for the flows on a folder the dashboard builds (written for these tests).
TEXTS = {
    "north.txt": ("Russian drones struck Kharkiv overnight, injuring five people, the governor said.\n"
                  "Russian missiles hit Dnipro overnight, killing two people.\n"),
    "south.txt": "A Russian drone attack on Odesa damaged the port overnight, officials said.\n",
}
MANIFEST = ("file,title,source,url,published\nnorth.txt,North report,Field Desk,,2026-02-03\n"
            "south.txt,South report,Coast Desk,,2026-02-03\n")


def make_texts(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run dashboard.py` on the hand-made table and its documents."""
    folder, table = write_event_folder(tmp_path_factory.mktemp("browser") / "texts")
    log_path = tmp_path_factory.mktemp("log") / "streamlit.log"
    with streamlit_server(["--source", str(folder), "--table", str(table)], log_path) as url:
        yield url
    assert app_tracebacks(log_path.read_text()) == []


@contextlib.contextmanager
def folder_server(tmp_path: Path, folder: Path, out: Path | None = None):
    """A dashboard that builds `folder` itself (as `make run` starts it)."""
    arguments = ["--source", str(folder)] + (["--out", str(out)] if out else [])
    log_path = tmp_path / f"streamlit-{folder.name}-{time.monotonic_ns()}.log"
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    with streamlit_server(arguments, log_path, env=cache) as url:
        yield url
    assert app_tracebacks(log_path.read_text()) == [], log_path.read_text()[-3000:]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page whose requests beyond localhost are blocked and recorded."""

    def __init__(self, browser, base_url: str, width: int = 1400, height: int = 1500):
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.base_url = base_url
        self.outside_requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside_requests.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, query: str = "") -> None:
        self.page.goto(f"{self.base_url}/{query}")
        self.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT_MS)

    def chart(self, number: int = 0):
        return self.page.locator(".js-plotly-plot").nth(number)

    def timeline_event_ids(self) -> list[str]:
        """The event ids the timeline draws (the first column of each point's customdata)."""
        return self.page.evaluate("""() => {
            const chart = document.querySelectorAll('.js-plotly-plot')[0];
            return chart.data.flatMap(trace => Array.from(trace.customdata || []).map(row => row[0]));
        }""")

    def wait_for_event_count(self, count: int) -> None:
        self.page.wait_for_function(
            """count => {
                const chart = document.querySelectorAll('.js-plotly-plot')[0];
                return chart && chart.data &&
                    chart.data.reduce((n, t) => n + (t.customdata ? t.customdata.length : 0), 0) === count;
            }""", arg=count, timeout=TIMEOUT_MS)

    def wait_for_place_on_map(self, place: str, present: bool = True) -> None:
        self.page.wait_for_function(
            """([place, present]) => {
                const maps = document.querySelectorAll('.js-plotly-plot');
                const map = maps[maps.length - 1];
                if (!map || !map.data) return false;
                const found = map.data.some(t => (t.hovertext || []).some(h => h.startsWith('<b>' + place + '</b>')));
                return found === present;
            }""", arg=[place, present], timeout=TIMEOUT_MS)

    def drawn_marks(self) -> int:
        return self.chart().locator(".scatterlayer .trace .points .point, .barlayer .trace .point").count()

    def point_at(self, event_id: str, click: bool = False) -> None:
        """Move to (or click) an event's mark, as a person's pointer would (plotly's drag
        layer lies on top of the marks), once it is drawn: the page may still be drawing."""
        found = self.page.wait_for_function("""id => {
            const gd = document.querySelectorAll('.js-plotly-plot')[0];
            const drag = gd && gd._fullLayout && gd.calcdata && gd.querySelector('.nsewdrag');
            if (!drag) return null;
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const rect = drag.getBoundingClientRect();
            for (let t = 0; t < gd.data.length; t++) {
                const rows = gd.data[t].customdata || [];
                for (let i = 0; i < rows.length; i++) {
                    if (rows[i][0] !== id) continue;
                    const cd = gd.calcdata[t] && gd.calcdata[t][i];
                    if (!cd) return null;
                    if (gd.data[t].type === 'bar') {
                        return {x: rect.left + xa.c2p((cd.s0 + cd.s1) / 2), y: rect.top + ya.c2p(cd.p)};
                    }
                    return {x: rect.left + xa.c2p(cd.x), y: rect.top + ya.c2p(cd.y)};
                }
            }
            return null;
        }""", arg=event_id, timeout=TIMEOUT_MS)
        box = found.json_value()
        assert box, f"{event_id} is not drawn"
        self.page.mouse.move(box["x"], box["y"])
        time.sleep(0.4)
        if not click:
            return
        for attempt in range(3):  # a chart still settling may miss the first click
            self.page.mouse.click(box["x"], box["y"])
            try:
                self.page.wait_for_function("id => location.search.includes('event=' + id)", arg=event_id,
                                            timeout=15_000)
                return
            except playwright_api.TimeoutError:
                self.page.mouse.move(box["x"] + 1, box["y"])
                time.sleep(0.5)
        raise AssertionError(f"clicking {event_id} did not select it")

    def wait_until_idle(self) -> None:
        """Until the app's run ends: a click while a run redraws the page may land on a widget
        that is being replaced."""
        time.sleep(0.3)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon]')", timeout=TIMEOUT_MS)

    def download(self, button, timeout: int = TIMEOUT_MS):
        """Click a download button (a locator, or a button's name) and return the download; a second
        click if the first started nothing (the button was redrawn under the pointer)."""
        locator = self.page.get_by_role("button", name=button) if isinstance(button, str) else button
        for attempt in range(2):
            self.wait_until_idle()
            try:
                with self.page.expect_download(timeout=timeout) as info:
                    locator.click()
                return info.value
            except playwright_api.TimeoutError as error:
                if attempt:
                    status = self.page.evaluate(
                        "() => (document.querySelector('[data-testid=stStatusWidget]') || {}).innerText || ''")
                    raise AssertionError(f"{button!r} gave no download; the app's status: {status!r}") from error

    def label_boxes(self) -> list[dict]:
        """Every event label drawn on the timeline, with its box on the page, and the plot area."""
        return self.page.evaluate("""() => {
            const gd = document.querySelectorAll('.js-plotly-plot')[0];
            const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
            const notes = gd._fullLayout.annotations;
            const drawn = gd.querySelectorAll('.infolayer .annotation');
            const boxes = [];
            drawn.forEach((element, i) => {
                const note = notes[Number(element.getAttribute('data-index'))];
                if (!note || note.xref !== 'x') return;
                const r = element.querySelector('.annotation-text').getBoundingClientRect();
                boxes.push({text: element.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                            area: {left: area.left, right: area.right, top: area.top, bottom: area.bottom}});
            });
            return boxes;
        }""")

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query)

    def screenshot(self, name: str, full: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full)
        return path

    def sign(self, name: str = "Ann") -> None:
        field = self.page.get_by_label("Your name (signs your corrections)")
        field.fill(name)
        field.press("Enter")
        self.page.get_by_role("tab", name="Correct").wait_for()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser, server):
    opened = Page(browser, server)
    yield opened
    opened.close()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def assert_labels_clean(page: Page) -> list[dict]:
    boxes = page.label_boxes()
    assert boxes, "the timeline has labels"
    for box in boxes:  # nothing cut off: every label inside the plot area
        area = box["area"]
        assert area["left"] - 1 <= box["left"] and box["right"] <= area["right"] + 1, box
        assert area["top"] - 1 <= box["top"] and box["bottom"] <= area["bottom"] + 1, box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and \
                a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1
            assert not overlap, (a["text"], b["text"])
    return boxes


# --------------------------------------------------------------------------- reading the chart


def test_the_default_view_labels_its_events_without_overlap(page):
    page.open()
    page.wait_for_event_count(DRAWN_BY_DEFAULT)
    assert page.drawn_marks() == DRAWN_BY_DEFAULT
    boxes = assert_labels_clean(page)
    texts = {box["text"] for box in boxes}
    assert "Massive strike: 450 drones, 70 missiles — Kyiv, Kharkiv" in texts
    assert len(boxes) == DRAWN_BY_DEFAULT  # every event in view has its words
    chart = page.chart()
    assert chart.locator(".ytick text").all_text_contents() == ["Strikes", "Talks", "Visits"]
    legend = chart.locator(".legend .traces .legendtext").all_text_contents()
    assert legend[:3] == ["Strikes", "Talks", "Visits"] and "planned (hollow)" in legend
    assert chart.locator(".xtitle").text_content() == "← 3 earlier events (from 1 Sep 2025)"
    # No Deploy button, no developer menu (client.toolbarMode = "viewer").
    assert page.page.get_by_role("button", name="Deploy").count() == 0
    page.screenshot("browser_default")
    assert page.outside_requests == []


def test_all_days_and_actor_lanes_stay_readable(page):
    page.open(f"?{ALL_DAYS}&lanes=actor")
    # Optional chaining: between two runs the first chart may be drawn without its lanes yet.
    page.page.wait_for_function("() => (document.querySelectorAll('.js-plotly-plot')[0]?.layout?.yaxis?.ticktext"
                                " || []).includes('Mark Rutte')")
    assert set(page.timeline_event_ids()) >= {"ev-paris-talks", "ev-kyiv-strike"}
    assert_labels_clean(page)
    page.screenshot("browser_actor_lanes")
    assert page.outside_requests == []


def test_filter_change_updates_chart_and_url(page):
    page.open()
    page.wait_for_event_count(DRAWN_BY_DEFAULT)
    page.page.get_by_role("combobox", name="Event type").click()
    page.page.get_by_role("option", name="Strike", exact=True).click()
    page.page.keyboard.press("Escape")
    page.page.wait_for_function("() => location.search.includes('type=strike')")
    page.wait_for_event_count(4)  # the strikes of 26 Jan – 3 Feb (the September one is off to the left)
    assert page.query()["type"] == ["strike"]
    page.screenshot("browser_filtered_strikes")
    assert page.outside_requests == []


def test_shared_url_reproduces_the_view(page):
    page.open("?type=talks&from=2026-01-01&lanes=actor")
    sidebar = page.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Remove Talks").wait_for()
    page.page.wait_for_function("""() => {
        const chart = document.querySelectorAll('.js-plotly-plot')[0];
        return chart && chart.data && chart.layout.yaxis.ticktext;
    }""")
    assert set(page.timeline_event_ids()) == {"ev-abu-dhabi-week", "ev-trump-call", "ev-abu-dhabi-planned"}
    lanes = page.page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[0].layout.yaxis.ticktext")
    assert set(lanes) == {"Ukraine", "Russia", "United States", "Donald Trump", "Vladimir Putin"}
    assert page.query()["type"] == ["talks"] and page.query()["from"] == ["2026-01-01"]
    assert page.outside_requests == []


def test_link_matching_nothing_shows_an_empty_state(page):
    page.page.goto(f"{page.base_url}/?actor=Atlantis")
    page.page.get_by_text("No events match these filters (Actor: Atlantis").wait_for(timeout=TIMEOUT_MS)
    page.page.get_by_role("button", name="Remove Atlantis").wait_for()
    assert page.page.locator('[data-testid="stException"]').count() == 0
    assert page.outside_requests == []


def test_dragging_across_the_chart_shows_those_days_and_the_png_follows(page):
    page.open("?" + ALL_DAYS)
    page.wait_for_event_count(DRAWN_ALL)
    chart = page.chart()
    chart.hover()
    chart.get_by_role("button", name="Box Select").click()
    area = chart.locator(".nsewdrag").first.bounding_box()
    # From about 25 Jan to 5 Feb 2026, on a range of 25 Aug 2025 – 20 Feb 2026.
    span = (pd_ms("2026-02-21") - pd_ms("2025-08-25"))
    x0 = area["x"] + area["width"] * (pd_ms("2026-01-25") - pd_ms("2025-08-25")) / span
    x1 = area["x"] + area["width"] * (pd_ms("2026-02-05") - pd_ms("2025-08-25")) / span
    y = area["y"] + area["height"] / 2
    page.page.mouse.move(x0, y)
    page.page.mouse.down()
    page.page.mouse.move(x1, y + 10, steps=10)
    page.page.mouse.up()
    page.page.wait_for_function("() => location.search.includes('range=2026-01-2')")
    days = page.query()["range"][0].split("..")
    assert "2026-01-24" <= days[0] <= "2026-01-26" and "2026-02-04" <= days[1] <= "2026-02-06"
    page.page.wait_for_function("() => String(document.querySelectorAll('.js-plotly-plot')[0]?.layout?.xaxis?.range?.[0])"
                                ".startsWith('2026-01-2')")
    on_screen = page.page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[0].layout.xaxis.range")
    assert_labels_clean(page)
    data = Path(page.download("Download timeline PNG", timeout=180_000).path()).read_bytes()
    assert png_size(data) == (1920 * 2, 1080 * 2)
    # The slide is drawn from the same days: its x axis is the range on screen.
    slide = F.slide_figure(F.prepare(make_event_table()), F.Filters(),
                           F.ChartOptions(shown=(dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[1]))))
    assert list(slide.layout.xaxis.range) == [v[:16] for v in on_screen]
    (ARTIFACTS / "export_timeline.png").write_bytes(data)
    assert page.outside_requests == []


def pd_ms(day: str) -> float:
    return pd.Timestamp(day).value / 1e6


def test_camera_button_downloads_a_slide_sized_png(page):
    page.open("?type=strike")
    chart = page.chart()
    chart.hover()
    download = page.download(chart.get_by_role("button", name="Download plot as a PNG"))
    assert download.suggested_filename == "eventline-timeline_strike.png"
    assert png_size(Path(download.path()).read_bytes()) == (1920 * 2, 1080 * 2)
    assert page.outside_requests == []


def test_counts_png_and_csv_download(page):
    page.open("?counts=launches&" + ALL_DAYS)
    page.page.get_by_text("Drones and missiles launched per night").first.wait_for()
    data = Path(page.download("Download counts PNG", timeout=180_000).path()).read_bytes()
    assert png_size(data) == (1920 * 2, 1080 * 2)
    (ARTIFACTS / "export_counts.png").write_bytes(data)
    rows = list(csv.reader(io.StringIO(Path(page.download("Download counts CSV").path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["night ending", "drones", "ballistic missiles", "cruise missiles", "other missiles"]
    assert ["2026-02-03", "450", "0", "0", "70"] in rows
    assert page.outside_requests == []


def test_the_counts_legend_keeps_clear_of_the_titles_and_the_chart_in_a_narrow_window(browser, server):
    # In a narrow window the legend takes several rows: they must not run into the subtitle.
    page = Page(browser, server, width=900)
    try:
        page.open("?" + ALL_DAYS)
        page.chart(1).locator(".legend .traces").first.wait_for()
        boxes = page.page.evaluate("""() => {
            const gd = document.querySelectorAll('.js-plotly-plot')[1];
            const box = selector => { const r = gd.querySelector(selector).getBoundingClientRect();
                                      return [r.left, r.top, r.right, r.bottom]; };
            return {legend: box('.legend'), title: box('.gtitle'), subtitle: box('.gtitle-subtitle'),
                    plot: box('.nsewdrag'), days: box('.xaxislayer-above'),
                    rows: new Set(Array.from(gd.querySelectorAll('.legend .traces'))
                                  .map(t => Math.round(t.getBoundingClientRect().top))).size}; }""")
        assert boxes["rows"] >= 2  # the window is narrow enough for the legend to wrap
        legend = boxes["legend"]
        for name in ("title", "subtitle", "plot", "days"):
            other = boxes[name]
            apart = legend[2] <= other[0] or other[2] <= legend[0] or legend[3] <= other[1] or other[3] <= legend[1]
            assert apart, (name, legend, other)
        page.chart(1).screenshot(path=str(ARTIFACTS / "browser_counts_narrow.png"))
    finally:
        page.context.close()


def test_map_draws_with_the_network_closed(page):
    page.open()
    maps = page.chart(2)
    maps.locator(".scatterlayer .trace").first.wait_for()
    names = page.page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[2].data.map(t => t.name)")
    assert names[:2] == ["land", "lakes"]
    assert {"Strikes", "Talks", "Visits"} <= set(names)
    land_path = maps.locator(".scatterlayer .trace").first.locator("path.js-fill")
    assert len(land_path.get_attribute("d") or "") > 1000
    maps.screenshot(path=str(ARTIFACTS / "browser_map.png"))
    assert page.outside_requests == []


# How many charts the page holds when its first chart has drawn, recorded from the start.
CHARTS_AT_FIRST_DRAW = """(() => {
    const look = () => {
        const charts = document.querySelectorAll('.js-plotly-plot');
        if (charts.length && charts[0]._fullData) { window.chartsAtFirstDraw = charts.length; return; }
        requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
})();"""


def test_a_page_on_many_events_draws_its_timeline_first_and_asks_once_for_the_rest(browser, tmp_path):
    table, texts = tmp_path / "dense.parquet", tmp_path / "texts"
    texts.mkdir()
    write_table(dense_events(SETTINGS.page_rest_after_events + 500), table)
    log_path = tmp_path / "streamlit.log"
    with streamlit_server(["--source", str(texts), "--table", str(table)], log_path) as url:
        page = Page(browser, url)
        asked: list[float] = []
        page.page.on("websocket", lambda socket: socket.on("framesent", lambda _: asked.append(time.monotonic())))
        page.context.add_init_script(CHARTS_AT_FIRST_DRAW)
        try:
            page.open()
            page.page.wait_for_function("() => window.chartsAtFirstDraw !== undefined", timeout=TIMEOUT_MS)
            assert page.page.evaluate("() => window.chartsAtFirstDraw") == 1  # the timeline alone
            # its marks are on a WebGL canvas of the settings' pixels per screen pixel
            widths = page.page.evaluate("""() => { const chart = document.querySelector('.js-plotly-plot');
                const canvas = chart.querySelector('.gl-canvas-context');
                return canvas && [canvas.width, chart._fullLayout.width]; }""")
            assert widths and widths[0] == widths[1] * SETTINGS.webgl_pixel_ratio
            page.page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 3",
                                        timeout=TIMEOUT_MS)
            page.page.get_by_role("heading", name="Decisions").wait_for()
            page.wait_until_idle()
            assert page.page.get_by_text("follow in a moment").count() == 0
            # the request is made once: the page asks for nothing more afterwards
            before = len(asked)
            time.sleep(3 * SETTINGS.page_rest_after_seconds)
            assert len(asked) == before
            page.screenshot("browser_dense_page", full=True)
            assert page.outside_requests == []
        finally:
            page.close()
    assert app_tracebacks(log_path.read_text()) == []


def test_clicking_an_event_opens_its_detail_just_under_the_chart_without_a_jump(page):
    page.open("?type=visit")
    page.wait_for_event_count(2)
    scroller = "document.querySelector('[data-testid=stMain]')"
    chart_top = page.chart().bounding_box()["y"]
    scrolled = page.page.evaluate(f"() => {scroller}.scrollTop")
    page.point_at("ev-rutte-visit", click=True)
    page.page.get_by_text("NATO Secretary General Mark Rutte arrived in Kyiv", exact=False).first.wait_for()
    page.page.wait_for_function("() => location.search.includes('event=ev-rutte-visit')")
    assert page.page.evaluate(f"() => {scroller}.scrollTop") == scrolled
    assert abs(page.chart().bounding_box()["y"] - chart_top) < 2  # the chart did not move
    chart_bottom = page.chart().bounding_box()["y"] + page.chart().bounding_box()["height"]
    detail = page.page.locator(".st-key-detail").bounding_box()
    assert 0 <= detail["y"] - chart_bottom < 120  # right under the chart
    assert detail["y"] < 1500  # on screen
    assert "on Tuesday" in page.page.locator("mark").all_inner_texts()
    assert page.page.get_by_text("'on Tuesday' → Tue 3 Feb 2026, anchored to the dateline Tue 3 Feb 2026").count() == 1
    page.screenshot("browser_event_detail")
    assert page.outside_requests == []


def test_hostile_document_is_shown_literally_and_runs_nothing(page):
    page.open("?event=ev-odesa-hostile")
    detail = page.page.get_by_text('<img src=x onerror="window.__pwned=2">', exact=False).first
    detail.wait_for()
    assert page.page.locator('img[src="x"]').count() == 0
    assert page.page.locator('a[href^="javascript:"]').count() == 0
    assert page.page.locator('img[src*="198.51.100.7"], iframe[src*="198.51.100.7"]').count() == 0
    assert page.page.get_by_text("![map](http://198.51.100.7/pixel.png) **bold** <b>loud</b>.",
                                 exact=False).count() >= 1
    # The hover box of the Odesa strike shows the summary as text as well.
    page.point_at("ev-odesa-hostile")
    hover = page.chart().locator(".hoverlayer .hovertext")
    hover.wait_for()
    lines = hover.locator("tspan.line").all_text_contents()
    assert HOSTILE_SENTENCE in " ".join(lines)
    assert hover.locator("tspan[style*='bold']").all_text_contents() == ["Strikes"]
    page.page.get_by_role("combobox", name="Source document").click()
    option = page.page.get_by_role("option", name="**Bold Source** — <script>window.__pwned=3</script>", exact=False)
    assert option.count() == 1
    page.page.keyboard.press("Escape")
    page.screenshot("browser_hostile")
    assert page.page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
    assert page.outside_requests == []


@pytest.mark.parametrize("query", [
    "?from=[LOGIN](https://evil.example)&q=![](http://198.51.100.7/x.png)",
    "?actor=[Click](https://evil.example/a)&place=%3Cimg%20src%3Dhttp://198.51.100.7/p.png%3E",
    "?event=![x](http://198.51.100.7/e.png)&q=%3Ca%20href%3Dhttps://evil.example%3Ego%3C/a%3E",
    "?range=[x](https://evil.example)&source=:red[alert]%20$x^2$",
])
def test_crafted_links_render_no_link_and_fetch_nothing(page, query):
    page.page.goto(f"{page.base_url}/{query}")
    page.page.locator('[data-testid="stMain"]').get_by_text("Eventline").first.wait_for()
    page.page.wait_for_function("() => document.querySelectorAll('[data-testid=stAlert], .js-plotly-plot').length")
    time.sleep(1.5)
    assert page.page.locator('a[href*="evil.example"]').count() == 0
    assert page.page.locator('img[src*="198.51.100.7"]').count() == 0
    assert page.page.locator('[data-testid="stException"]').count() == 0
    assert page.dialogs == []
    assert page.outside_requests == []


def test_briefing_view_at_1920_by_1080(browser, server):
    wall = Page(browser, server, width=1920, height=1080)
    try:
        wall.open("?view=briefing")
        wall.page.get_by_role("button", name="Leave briefing view").wait_for()
        wall.wait_for_event_count(DRAWN_BY_DEFAULT)
        assert not wall.page.locator('[data-testid="stSidebar"]').is_visible()
        size = wall.page.evaluate("() => parseFloat(document.querySelector('.js-plotly-plot .gtitle').style.fontSize)")
        assert size >= 30
        boxes = assert_labels_clean(wall)
        assert len(boxes) == DRAWN_BY_DEFAULT
        # The whole timeline is on the first screen.
        bottom = wall.chart().bounding_box()["y"] + wall.chart().bounding_box()["height"]
        assert bottom <= 1080 + 5
        wall.screenshot("browser_briefing")
        assert wall.outside_requests == []
    finally:
        wall.close()


# --------------------------------------------------------------------------- curation and texts


def test_a_hidden_event_stays_hidden_after_a_rebuild(browser, tmp_path):
    texts = make_texts(tmp_path / "texts")
    out = tmp_path / "build" / "texts.parquet"
    with folder_server(tmp_path, texts, out) as url:
        page = Page(browser, url)
        try:
            page.open()
            page.wait_for_place_on_map("Odesa")
            ids = page.timeline_event_ids()
            table = read_table(out)
            odesa = table[table["places"].map(lambda p: "Odesa" in list(p))]["event_id"].iloc[0]
            page.point_at(odesa, click=True)
            page.sign("Ann")
            page.page.get_by_role("tab", name="Hide").click()
            page.page.get_by_label("Why hide it?").fill("told twice: the port and the city")
            page.page.get_by_role("button", name="Hide this event").click()
            page.page.get_by_text("Hidden.").wait_for()
            page.wait_for_event_count(len(ids) - 1)
            assert odesa not in page.timeline_event_ids()
            page.screenshot("browser_hidden")
        finally:
            page.close()
    # A new dashboard on the same folder builds it again: the decision is applied again.
    with folder_server(tmp_path, texts, out) as url:
        page = Page(browser, url)
        try:
            page.open()
            page.wait_for_event_count(len(ids) - 1)
            assert odesa not in page.timeline_event_ids()
            page.page.get_by_text("told twice: the port and the city").first.wait_for(state="attached")  # the log
            assert page.outside_requests == []
        finally:
            page.close()


def test_a_corrected_date_moves_the_event_and_the_csv_follows(browser, tmp_path):
    texts = make_texts(tmp_path / "texts")
    with folder_server(tmp_path, texts, tmp_path / "build" / "t.parquet") as url:
        page = Page(browser, url)
        try:
            page.open()
            table = read_table(tmp_path / "build" / "t.parquet")
            event = table[table["places"].map(lambda p: "Dnipro" in list(p))]["event_id"].iloc[0]
            page.point_at(event, click=True)
            page.sign("Ann")
            for label in ("From", "To"):  # a date field of segments: type into its first
                page.page.get_by_label(label, exact=True).last.get_by_role("spinbutton").first.click()
                page.page.keyboard.type("2026-02-01")
            page.page.get_by_label("Why?").fill("the text dates it to Sunday")
            page.page.get_by_role("button", name="Save the correction").click()
            page.page.get_by_text("Corrected.").wait_for()
            page.page.wait_for_function("""id => {
                const gd = document.querySelectorAll('.js-plotly-plot')[0];
                return gd.data.some(t => Array.from(t.customdata || []).some(r => r[0] === id && r[1] === 'Sun 1 Feb 2026'));
            }""", arg=event)
            data = Path(page.download("Download CSV").path()).read_bytes()
            assert data.startswith(b"\xef\xbb\xbf")
            rows = {row["event_id"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
            assert rows[event]["date_start"] == "2026-02-01" and rows[event]["curation"] == "dates"
            assert rows[event]["sources"] == "Field Desk — North report (north.txt)"
            page.screenshot("browser_corrected")
            assert page.outside_requests == []
        finally:
            page.close()


def test_two_events_merged_are_one(browser, tmp_path):
    texts = make_texts(tmp_path / "texts")
    out = tmp_path / "build" / "t.parquet"
    with folder_server(tmp_path, texts, out) as url:
        page = Page(browser, url)
        try:
            page.open()
            table = read_table(out)
            first, second = table["event_id"].iloc[0], table["event_id"].iloc[1]
            page.wait_for_event_count(len(table))
            page.point_at(first, click=True)
            page.sign("Ann")
            page.page.get_by_role("tab", name="Merge").click()
            page.page.get_by_label("Merge with").click()
            label = table[table["event_id"] == second]["summary"].iloc[0][:40]
            page.page.get_by_role("option", name=label, exact=False).first.click()
            page.page.get_by_label("Why are they one event?").fill("one wave of attacks")
            page.page.get_by_role("button", name="Merge the two events").click()
            page.page.get_by_text("Merged.").wait_for()
            page.wait_for_event_count(len(table) - 1)
            merged = read_table(out)
            assert len(merged) == len(table) - 1
            assert (merged["curation"].map(list).map(lambda c: "merged" in c)).sum() == 1
            assert page.outside_requests == []
        finally:
            page.close()


def test_an_uploaded_text_adds_its_events(browser, tmp_path):
    texts = make_texts(tmp_path / "texts")
    upload = tmp_path / "lviv report.txt"
    upload.write_text("Russian missiles struck Lviv overnight, killing three people, officials said.\n",
                      encoding="utf-8")
    with folder_server(tmp_path, texts, tmp_path / "build" / "t.parquet") as url:
        page = Page(browser, url)
        try:
            page.open()
            page.wait_for_place_on_map("Lviv", present=False)
            page.page.get_by_role("tab", name="Upload files").click()
            page.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
            page.page.get_by_text("lviv report.txt").first.wait_for()
            page.page.get_by_label("Publisher (for every file)").fill("West Desk")
            page.page.locator('[data-testid="stForm"]').filter(has_text="Texts to add").get_by_role(
                "button", name="Add to the folder").click()
            page.page.get_by_text("Added lviv-report.txt").wait_for()
            page.wait_for_place_on_map("Lviv")
            assert (texts / "lviv-report.txt").exists()
            assert "lviv-report.txt,lviv report,West Desk,," in (texts / "manifest.csv").read_text(encoding="utf-8")
            page.screenshot("browser_uploaded")
            assert page.outside_requests == []
        finally:
            page.close()


def test_a_file_added_on_disk_is_picked_up_without_a_click(browser, tmp_path):
    texts = make_texts(tmp_path / "texts")
    with folder_server(tmp_path, texts, tmp_path / "build" / "t.parquet") as url:
        page = Page(browser, url)
        try:
            page.open()
            page.wait_for_place_on_map("Sumy", present=False)
            caption = page.page.get_by_text("from 2 documents", exact=False).first
            caption.wait_for()
            (texts / "east.txt").write_text("Russian drones hit Sumy overnight, injuring two people.\n", encoding="utf-8")
            page.wait_for_place_on_map("Sumy")
            page.page.get_by_text("from 3 documents", exact=False).first.wait_for()
            assert page.outside_requests == []
        finally:
            page.close()


def test_two_dashboards_on_two_folders_keep_their_own_data(browser, tmp_path):
    first = make_texts(tmp_path / "first" / "texts")
    second = tmp_path / "second" / "texts"
    second.mkdir(parents=True)
    (second / "west.txt").write_text("Russian drones struck Lviv overnight, officials said.\n", encoding="utf-8")
    tables = [ROOT / folders.table_path_for(first), ROOT / folders.table_path_for(second)]
    assert tables[0] != tables[1]
    try:
        with folder_server(tmp_path, first) as url_one, folder_server(tmp_path, second) as url_two:
            one, two = Page(browser, url_one), Page(browser, url_two)
            try:
                one.open()
                two.open()
                one.wait_for_place_on_map("Odesa")
                two.wait_for_place_on_map("Lviv")
                one.page.reload()
                one.page.wait_for_selector(".js-plotly-plot .main-svg")
                one.wait_for_place_on_map("Lviv", present=False)
                one.wait_for_place_on_map("Odesa")
                assert all(table.exists() for table in tables)
                assert set(read_table(tables[0])["sources"].explode()) == {"north.txt", "south.txt"}
                assert set(read_table(tables[1])["sources"].explode()) == {"west.txt"}
                assert one.outside_requests == [] and two.outside_requests == []
            finally:
                one.close()
                two.close()
    finally:
        for table in tables:
            for path in (table, table.with_name(table.stem + ".curations.sqlite")):
                path.unlink(missing_ok=True)


def test_the_seeds_read_on_a_wall(browser, tmp_path):
    """The bundled seeds, as `make run` shows them: every event in view labelled or
    counted, no label over another, on screen, on a 1920×1080 wall and in the slide."""
    texts = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", texts)
    with folder_server(tmp_path, texts, tmp_path / "build" / "seeds.parquet") as url:
        screen = Page(browser, url)
        try:
            screen.open()
            screen.page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 3")
            assert_labels_clean(screen)
            screen.screenshot("seeds_default")
            assert screen.outside_requests == []
        finally:
            screen.close()
        wall = Page(browser, url, width=1920, height=1080)
        try:
            wall.open("?view=briefing")
            wall.page.get_by_role("button", name="Leave briefing view").wait_for()
            boxes = assert_labels_clean(wall)
            more = wall.page.evaluate("""() => document.querySelectorAll('.js-plotly-plot')[0]._fullLayout.annotations
                .filter(a => a.xref === 'paper' && a.text.startsWith('+')).map(a => a.text)""")
            drawn = len(set(wall.timeline_event_ids()))
            assert len(boxes) + sum(int(text.split()[0][1:]) for text in more) >= drawn
            wall.screenshot("seeds_briefing")
            wall.page.get_by_role("button", name="Leave briefing view").click()
            wall.page.get_by_role("button", name="Download timeline PNG").wait_for()
            data = Path(wall.download("Download timeline PNG", timeout=180_000).path()).read_bytes()
            assert png_size(data) == (1920 * 2, 1080 * 2)
            (ARTIFACTS / "seeds_export.png").write_bytes(data)
            assert wall.outside_requests == []
        finally:
            wall.close()


def test_only_the_web_servers_dropped_connections_are_excused_in_its_log():
    plumbing = ('Exception in ASGI application\nTraceback (most recent call last):\n'
                '  File "/v/site-packages/uvicorn/protocols/websockets/impl.py", line 416, in run_asgi\n'
                '    result = await self.app(self.scope, self.receive, self.send)\n'
                '  File "/v/site-packages/streamlit/web/server/starlette/starlette_websocket.py", line 524, in close\n'
                '    await websocket.close()\n'
                'starlette.websockets.WebSocketDisconnected: Cannot call "send" once a close message has been sent.\n')
    app = ('Uncaught app exception\nTraceback (most recent call last):\n'
           '  File "/v/site-packages/streamlit/runtime/scriptrunner/exec_code.py", line 129, in exec_func\n'
           '    result = func()\n'
           f'  File "{Path(__file__).parents[1] / "dashboard.py"}", line 40, in <module>\n'
           '    main()\n'
           'KeyError: \'event_id\'\n')
    assert app_tracebacks(plumbing) == []
    found = app_tracebacks(plumbing + "2026-12-02 13:05:02 a line of the log\n" + app)
    assert len(found) == 1 and found[0].endswith("KeyError: 'event_id'")
