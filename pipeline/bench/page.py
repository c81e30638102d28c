"""The dashboard, measured through its public entry points: the script itself under
Streamlit's AppTest, and `streamlit run` in headless Chromium, beside a bare Streamlit
page with one Plotly scatter of the same points (bare_page.py).

    python -m pipeline.bench.page TABLE SOURCE WORKDIR [--events N] [--rounds 3] [--no-browser]

(--events: TABLE first tiled to N rows, `tile_table`) prints one JSON object:
- `reruns`: wall and CPU seconds (the whole process's) of the page's rerun after each
  filter change (AppTest runs the real script, server side: filters, figures, their
  serialisation);
- `apptest_bytes`: the summed protobuf sizes of the page's elements after the first run,
  the dashboard's and the bare page's;
- `browser`: per page, the bytes the browser received for the page's data (WebSocket
  frames and /_stcore/ responses), and the time from navigation to the first drawn
  timeline, over `rounds` loads in fresh browser contexts, alternating the two pages,
  after one warm-up load each (its figures kept apart as the first load); before each
  load the machine is let settle (`settle`: the seconds waited are in `settled`).
Filter changes are found by the widgets' labels ("type", "place", "search"), so that the
harness keeps working while the page changes; a change it cannot find is left out.
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard.py"
BARE_PAGE = Path(__file__).resolve().parent / "bare_page.py"
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
# The first plot on the page has data and has drawn it (SVG traces or a WebGL canvas).
DRAWN = """() => { const gd = document.querySelector('.js-plotly-plot');
  return !!(gd && gd._fullData && gd._fullData.length &&
            gd.querySelector('.scatterlayer .trace, .gl-container canvas, .barlayer .trace')); }"""


def tile_table(frame, rows: int):
    """A table of `rows` events made of copies of `frame`, each copy with its own ids and
    its dates moved by a few days, so that a real table stands for a larger one."""
    import pandas as pd

    from ..table import normalise_frame

    copies = []
    for k in range(-(-rows // max(1, len(frame)))):
        copy = frame.copy()
        if k:
            shift = pd.Timedelta(days=k % 29 + 1)
            copy["event_id"] = copy["event_id"] + f"-{k}"
            copy["date_start"] = copy["date_start"] + shift
            copy["date_end"] = copy["date_end"] + shift
        copies.append(copy)
    return normalise_frame(pd.concat(copies, ignore_index=True).head(rows))


# --------------------------------------------------------------------------------------
# AppTest: the page's rerun, server side
# --------------------------------------------------------------------------------------

def _decode(value):
    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return value or []


def timeline_points(at) -> list[tuple[object, float]]:
    """The (x, y) pairs of every trace of the page's first chart."""
    charts = at.get("plotly_chart")
    if not charts:
        return []
    points = []
    for trace in json.loads(charts[0].proto.spec).get("data", []):
        for x, y in zip(_decode(trace.get("x")), _decode(trace.get("y"))):
            if x is not None and y is not None:
                points.append((x, y))
    return points


def _proto_bytes(at) -> int:
    tree = getattr(at, "_tree", None)
    return sum(node.proto.ByteSize() for node in tree if getattr(node, "proto", None) is not None) if tree else 0


def _labelled(widgets, word: str):
    return next((w for w in widgets if word in (getattr(w, "label", "") or "").lower()), None)


def filter_changes(at) -> list[tuple[str, object]]:
    """(label, a function that applies the change to the page's current run) for the
    changes this page offers. Each function finds its widget again: a widget of an
    earlier run is not read by the next one."""
    changes = []
    for word in ("type", "place", "actor"):
        widget = _labelled(list(at.multiselect), word)
        if widget is not None and widget.options:
            option = widget.options[0]
            changes.append((f"{word} = {option}",
                            lambda at, w=word, o=option: _labelled(list(at.multiselect), w).set_value([o])))
    if _labelled(list(at.text_input), "search") is not None:
        changes.append(("search 'energy'", lambda at: _labelled(list(at.text_input), "search").input("energy")))
    if _labelled(list(at.button), "clear") is not None:
        changes.append(("clear filters", lambda at: _labelled(list(at.button), "clear").click()))
    return changes


def measure_reruns(table: str, source: str, points_out: Path) -> dict:
    from streamlit.testing.v1 import AppTest

    sys.argv = [str(DASHBOARD), "--table", table, "--source", source]
    at = AppTest.from_file(str(DASHBOARD), default_timeout=600)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the dashboard failed under AppTest: {[e.value for e in at.exception]}")
    # A page opened on many events draws its timeline first; the browser then asks for the
    # whole page (page_rest_after_events), as this second run does. The reruns below start
    # from the whole page, and its bytes are the whole page's.
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    rest = {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    dashboard_bytes = _proto_bytes(at)
    points = timeline_points(at)
    _write_points(points, points_out)
    reruns = []
    for label, change in filter_changes(at):
        change(at)
        started, cpu = time.perf_counter(), time.process_time()
        at.run()
        reruns.append({"change": label, "seconds": time.perf_counter() - started,
                       "cpu": time.process_time() - cpu})
    sys.argv = [str(BARE_PAGE), str(points_out)]
    bare = AppTest.from_file(str(BARE_PAGE), default_timeout=600)
    bare.run()
    return {"first_run": first, "rest_of_page": rest, "reruns": reruns, "points": len(points),
            "apptest_bytes": {"dashboard": dashboard_bytes, "bare": _proto_bytes(bare)}}


def _write_points(points: list, path: Path) -> None:
    import pandas as pd

    xs = [x for x, _ in points]
    if xs and isinstance(xs[0], (int, float)):
        x = pd.to_datetime(xs, unit="ms")
    else:
        x = pd.to_datetime(xs, errors="coerce")
    pd.DataFrame({"x": x, "y": [y for _, y in points]}).to_parquet(path, index=False)


# --------------------------------------------------------------------------------------
# The browser: bytes received and time to the first drawn timeline
# --------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: Path, args: list[str], log: Path):
    """`streamlit run script -- args` on loopback; yields its URL once healthy."""
    port = _free_port()
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", "--", *args],
            cwd=script.parent, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode} (log: {log})")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"streamlit did not start (log: {log})") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _idle_share(seconds: float) -> float | None:
    """The share of the machine's CPU time left idle over `seconds` (/proc/stat), or None
    where that cannot be read."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(value) for value in handle.readline().split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle and waiting for I/O; all
    try:
        idle, total = sample()
        time.sleep(seconds)
        idle_after, total_after = sample()
    except (OSError, ValueError, IndexError):
        time.sleep(seconds)
        return None
    return (idle_after - idle) / max(1, total_after - total)


def settle(limit: float = 15.0, idle: float = 0.85, windows: int = 2) -> float:
    """Waits until the machine is quiet (`windows` quarter-seconds in a row at least `idle`
    idle), at most `limit` seconds; returns the seconds waited. What a page leaves running
    after its timeline is drawn (its server's run, the browser's drawing and tearing down)
    is then not counted in the next page's load, whichever page that is."""
    started = time.monotonic()
    quiet = 0
    while quiet < windows and time.monotonic() - started < limit:
        share = _idle_share(0.25)
        if share is None:
            break
        quiet = quiet + 1 if share >= idle else 0
    return time.monotonic() - started


def _load(browser, url: str, charts: int = 1) -> tuple[float, int]:
    """One load of `url` in a fresh context: seconds to the first drawn timeline, and the
    bytes of the page's data received by then and until the page is quiet with its
    `charts` charts on it (a dashboard opened on many events asks for the rest of its page
    after its timeline)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    received = {"bytes": 0, "last": time.monotonic()}

    def frame(payload) -> None:
        received["bytes"] += len(payload)
        received["last"] = time.monotonic()

    def response(answer) -> None:
        if "/_stcore/" in answer.url and "health" not in answer.url:
            with contextlib.suppress(Exception):
                frame(answer.body())

    page.on("websocket", lambda socket_: socket_.on("framereceived", frame))
    page.on("response", response)
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000)
        drawn = time.perf_counter() - started
        page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length >= {charts}",
                               timeout=120_000)
        while time.monotonic() - received["last"] < 1.5:  # the rest of the page's run
            page.wait_for_timeout(250)
        return drawn, received["bytes"]
    finally:
        context.close()


def measure_browser(table: str, source: str, points: Path, workdir: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    pages = {"dashboard": (DASHBOARD, ["--table", table, "--source", source]),
             "bare": (BARE_PAGE, [str(points)])}
    charts = {"dashboard": 3, "bare": 1}  # the timeline, counts and map; the bare scatter
    result: dict[str, dict] = {name: {"seconds": [], "bytes": []} for name in pages}
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(streamlit_server(script, args, workdir / f"{name}.log"))
                for name, (script, args) in pages.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        stack.callback(browser.close)
        for name in pages:  # warm-up: the server loads and prepares the table once
            result[name]["first load"] = _load(browser, urls[name], charts[name])
        for number in range(rounds):
            for name in (list(pages) if number % 2 == 0 else list(pages)[::-1]):
                result[name].setdefault("settled", []).append(round(settle(), 2))
                seconds, size = _load(browser, urls[name], charts[name])
                result[name]["seconds"].append(seconds)
                result[name]["bytes"].append(size)
    for name in pages:
        result[name]["median seconds"] = statistics.median(result[name]["seconds"])
        result[name]["median bytes"] = statistics.median(result[name]["bytes"])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.page")
    parser.add_argument("table")
    parser.add_argument("source")
    parser.add_argument("workdir")
    parser.add_argument("--events", type=int, default=None, help="tile the table to this many rows first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    points = workdir / "timeline-points.parquet"
    table = args.table
    if args.events:
        from ..table import read_table, write_table

        table = str(write_table(tile_table(read_table(args.table), args.events), workdir / f"table-{args.events}.parquet"))
    report = measure_reruns(table, args.source, points)
    report["rows"] = args.events
    if args.no_browser:
        report["browser"] = None
    elif not Path(CHROMIUM).exists():
        report["browser"] = f"no browser at {CHROMIUM} (bash scripts/ensure-chromium.sh installs it)"
    else:
        report["browser"] = measure_browser(table, args.source, points, workdir, args.rounds)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
