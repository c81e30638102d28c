"""The dashboard in a real headless Chromium against a running `streamlit run`.

Every request that leaves localhost is blocked and recorded; each test asserts that none
was attempted, so the page works in an offline briefing room. Screenshots go to
artifacts/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import HOSTILE_SENTENCE, streamlit_server, write_event_folder

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 60_000  # the first chart takes several seconds on a small machine
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

# From tests/conftest.py: 14 events, one hypothetical (hidden by default), one undated
# (not drawn on the timeline) → 12 drawn; 5 dated, non-hypothetical strikes; 4 talks.
DRAWN_BY_DEFAULT = 12
DRAWN_STRIKES = 5
DRAWN_TALKS = 4

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (scripts/ensure-chromium.sh installs it)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run dashboard.py` on the hand-made table and its documents."""
    folder, table = write_event_folder(tmp_path_factory.mktemp("browser") / "texts")
    log_path = tmp_path_factory.mktemp("log") / "streamlit.log"
    with streamlit_server(["--source", str(folder), "--table", str(table)], log_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page whose requests beyond localhost are blocked and recorded."""

    def __init__(self, browser, base_url: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1500}, accept_downloads=True)
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

    def timeline_event_ids(self) -> list[str]:
        """The event ids the timeline draws (every trace's customdata, as plotly holds it)."""
        return self.page.evaluate("""() => {
            const chart = document.querySelectorAll('.js-plotly-plot')[0];
            return chart.data.flatMap(trace => Array.from(trace.customdata || []));
        }""")

    def drawn_marks(self) -> int:
        """Markers and bars actually drawn in the timeline's SVG."""
        return self.page.locator(".js-plotly-plot").first.locator(
            ".scatterlayer .trace .points .point, .barlayer .trace .point").count()

    def wait_for_event_count(self, count: int) -> None:
        self.page.wait_for_function(
            """count => {
                const chart = document.querySelectorAll('.js-plotly-plot')[0];
                return chart && chart.data &&
                    chart.data.reduce((n, t) => n + (t.customdata ? t.customdata.length : 0), 0) === count;
            }""", arg=count, timeout=TIMEOUT_MS)

    def point_at(self, mark, click: bool = False) -> None:
        """Move to (or click) a drawn mark: plotly's drag layer lies on top of the marks,
        so the pointer goes to the mark's position as a person's would."""
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        if click:
            self.page.mouse.click(x, y)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

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


def test_timeline_draws_every_visible_event(page):
    page.open()
    page.wait_for_event_count(DRAWN_BY_DEFAULT)
    ids = page.timeline_event_ids()
    assert len(ids) == len(set(ids)) == DRAWN_BY_DEFAULT
    assert "ev-kyiv-moratorium" not in ids  # hypothetical: hidden unless asked for
    assert "ev-nikopol-undated" not in ids  # no date: not on a time axis
    assert page.drawn_marks() == DRAWN_BY_DEFAULT
    chart = page.page.locator(".js-plotly-plot").first
    labels = chart.locator(".ytick text")
    assert labels.all_text_contents() == ["Strikes", "Talks", "Visits"]
    left = chart.bounding_box()["x"]
    assert all(labels.nth(i).bounding_box()["x"] >= left for i in range(3))  # inside the chart
    page.screenshot("browser_default")
    assert page.outside_requests == []


def test_filter_change_updates_chart_and_url(page):
    page.open()
    page.wait_for_event_count(DRAWN_BY_DEFAULT)
    page.page.get_by_role("combobox", name="Event type").click()
    page.page.get_by_role("option", name="strike", exact=True).click()
    page.page.keyboard.press("Escape")
    page.wait_for_event_count(DRAWN_STRIKES)
    page.page.wait_for_function("() => location.search.includes('type=strike')")
    assert page.query()["type"] == ["strike"]
    assert page.drawn_marks() == DRAWN_STRIKES
    page.screenshot("browser_filtered_strikes")
    assert page.outside_requests == []


def test_shared_url_reproduces_the_view(page):
    page.open("?type=talks&from=2026-01-01&lanes=actor")
    sidebar = page.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Remove talks").wait_for()
    # Talks since 1 Jan 2026: the week in Abu Dhabi, the phone call, the planned round.
    page.page.wait_for_function("""() => {
        const chart = document.querySelectorAll('.js-plotly-plot')[0];
        return chart && chart.data && chart.layout.yaxis.ticktext;
    }""")
    ids = set(page.timeline_event_ids())
    assert ids == {"ev-abu-dhabi-week", "ev-trump-call", "ev-abu-dhabi-planned"}
    lanes = page.page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[0].layout.yaxis.ticktext")
    assert set(lanes) == {"Ukraine", "Russia", "United States", "Donald Trump", "Vladimir Putin"}
    assert page.query()["type"] == ["talks"] and page.query()["from"] == ["2026-01-01"]
    page.screenshot("browser_shared_url")
    assert page.outside_requests == []


def test_link_matching_nothing_shows_an_empty_state(page):
    page.page.goto(f"{page.base_url}/?actor=Atlantis")
    page.page.get_by_text("No events match these filters (Actor: Atlantis").wait_for(timeout=TIMEOUT_MS)
    # The link's value stays selected, so the reader sees why nothing matches.
    page.page.get_by_role("button", name="Remove Atlantis").wait_for()
    assert page.page.locator('[data-testid="stException"]').count() == 0
    page.screenshot("browser_empty_state")
    assert page.outside_requests == []


def test_camera_button_downloads_a_slide_sized_png(page):
    page.open("?type=strike")
    chart = page.page.locator(".js-plotly-plot").first
    chart.hover()
    with page.page.expect_download(timeout=TIMEOUT_MS) as download_info:
        chart.get_by_role("button", name="Download plot as a PNG").click()
    download = download_info.value
    assert download.suggested_filename == "eventline-timeline_strike.png"
    data = Path(download.path()).read_bytes()
    assert png_size(data) == (1920 * 2, 1080 * 2)
    (ARTIFACTS / "browser_camera.png").write_bytes(data)
    assert page.outside_requests == []


def test_download_png_button_renders_on_the_server(page):
    page.open("?type=talks")
    page.wait_for_event_count(DRAWN_TALKS)
    with page.page.expect_download(timeout=120_000) as download_info:
        page.page.get_by_role("button", name="Download PNG").click()
    download = download_info.value
    assert download.suggested_filename == "eventline-timeline_talks.png"
    data = Path(download.path()).read_bytes()
    assert png_size(data) == (1920 * 2, 1080 * 2)
    (ARTIFACTS / "browser_download_png.png").write_bytes(data)
    assert page.outside_requests == []


def test_map_draws_with_the_network_closed(page):
    page.open()
    maps = page.page.locator(".js-plotly-plot").nth(1)
    maps.wait_for()
    maps.locator(".scatterlayer .trace").first.wait_for()
    # Land, lakes and borders are local traces, then one marker trace per event type.
    names = page.page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[1].data.map(t => t.name)")
    assert names[:3] == ["land", "lakes", "borders"]
    assert {"Strikes", "Talks", "Visits"} <= set(names)
    land_path = maps.locator(".scatterlayer .trace").first.locator("path.js-fill")
    assert len(land_path.get_attribute("d") or "") > 1000  # the outlines were drawn
    maps.screenshot(path=str(ARTIFACTS / "browser_map.png"))
    assert page.outside_requests == []


def test_clicking_an_event_shows_its_evidence(page):
    page.open("?type=visit")
    page.wait_for_event_count(3)
    # The visit lane's single-day marker is Mark Rutte's visit to Kyiv.
    point = page.page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace .points .point").first
    page.point_at(point, click=True)
    page.page.get_by_text("NATO Secretary General Mark Rutte arrived in Kyiv", exact=False).first.wait_for()
    page.page.wait_for_function("() => location.search.includes('event=ev-rutte-visit')")
    highlighted = page.page.locator("mark").all_inner_texts()
    assert "on Tuesday" in highlighted
    assert page.page.get_by_text("'on Tuesday' → Tue 3 Feb 2026, anchored to the dateline Tue 3 Feb 2026").count() == 1
    page.screenshot("browser_event_detail")
    assert page.outside_requests == []


def test_hostile_document_is_shown_literally_and_runs_nothing(page):
    page.open("?event=ev-odesa-hostile")
    detail = page.page.get_by_text('<img src=x onerror="window.__pwned=2">', exact=False).first
    detail.wait_for()
    # Text, not markup: no element was made from the document's tags or markdown.
    assert page.page.locator('img[src="x"]').count() == 0
    assert page.page.locator('a[href^="javascript:"]').count() == 0
    assert page.page.locator('img[src*="198.51.100.7"], iframe[src*="198.51.100.7"]').count() == 0
    assert page.page.get_by_text("![map](http://198.51.100.7/pixel.png) **bold** <b>loud</b>.", exact=False).count() >= 1
    assert page.page.get_by_text("<script>window.__pwned=3</script> [t](javascript:alert(2)) *Odesa*",
                                 exact=False).count() >= 1
    # The hover box of the Odesa strike shows the summary as text as well.
    chart = page.page.locator(".js-plotly-plot").first
    ids = page.timeline_event_ids()
    strikes = chart.locator(".scatterlayer .trace").first.locator(".points .point")
    strike_ids = page.page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot')[0].data[0].customdata)")
    page.point_at(strikes.nth(strike_ids.index("ev-odesa-hostile")))
    hover = chart.locator(".hoverlayer .hovertext")
    hover.wait_for()
    # The box breaks lines at spaces: joined with spaces, the sentence is back verbatim.
    lines = hover.locator("tspan.line").all_text_contents()
    assert HOSTILE_SENTENCE in " ".join(lines)
    bold = hover.locator("tspan[style*='bold']").all_text_contents()
    assert bold == ["Strike"]  # only the label's own <b>, none from the document
    assert "ev-odesa-hostile" in ids
    # The manifest's title, in the source filter's options, is text too.
    page.page.get_by_role("combobox", name="Source document").click()
    option = page.page.get_by_role("option", name="**Bold Source** — <script>window.__pwned=3</script>", exact=False)
    assert option.count() == 1
    page.page.keyboard.press("Escape")
    page.screenshot("browser_hostile")
    assert page.page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
    assert page.outside_requests == []


def test_briefing_view_has_large_type_and_no_sidebar(page):
    page.open("?view=briefing")
    page.page.get_by_role("button", name="Leave briefing view").wait_for()
    assert not page.page.locator('[data-testid="stSidebar"]').is_visible()
    title_size = page.page.evaluate(
        "() => parseFloat(document.querySelector('.js-plotly-plot .gtitle').style.fontSize)")
    assert title_size >= 30
    page.screenshot("browser_briefing")
    assert page.outside_requests == []
