"""A small, realistic event table written by hand, with the documents it came from.

Fourteen events across the three types and all statuses, with day, week, month and
unknown precision, several sources per event, and evidence whose offsets point into the
documents below. One document is hostile: HTML, a script, an image with onerror,
markdown links and images, a javascript: URL in the manifest — it must show literally.

Offsets are computed by locating each sentence and date expression in its document, so
they are right by construction.
"""
from __future__ import annotations

import builtins
import contextlib
import csv
import datetime as dt
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from pipeline.model import Document, SourceMeta
from pipeline.table import COLUMNS, normalise_frame, write_table

HOSTILE_SENTENCE = (
    "Russia struck Odesa on Monday <img src=x onerror=\"window.__pwned=2\"> with drones "
    "[x](javascript:alert(1)) ![map](http://198.51.100.7/pixel.png) **bold** <b>loud</b>."
)
HOSTILE_TITLE = "<script>window.__pwned=3</script> [t](javascript:alert(2)) *Odesa*"

DOCUMENT_TEXTS = {
    "kyiv_dispatch.txt": (
        "Kyiv Dispatch\n\n3 February 2026 - 22:45\n\n"
        "Russia launched a massive strike on Kyiv and Kharkiv overnight, firing 450 drones and "
        "70 missiles at energy facilities.\n"
        "In the Kharkiv region, a drone hit the city of Lozova, killing two people.\n"
        "NATO Secretary General Mark Rutte arrived in Kyiv on Tuesday, hours after the attack.\n"
        "Delegations of Ukraine, Russia and the United States are set to meet on Wednesday in Abu Dhabi.\n"
        "Zelensky will visit Washington next week, his office said.\n"
    ),
    "brussels_daily.txt": (
        "On the night of 3 February, Russia launched its largest strike this year on Ukraine's "
        "energy infrastructure.\n"
        "Rutte, who arrived in Kyiv hours after the strike, met President Zelensky.\n"
    ),
    "wire_0130.txt": (
        "Kremlin says Trump asked Putin to halt strikes on Kyiv\n\n"
        "President Trump asked Putin to refrain from striking Kyiv for a week, until Feb. 1.\n"
        "Ukraine and Russia met in Abu Dhabi for two days last week.\n"
        "Trump spoke with Putin by phone on Tuesday, the Kremlin said.\n"
        "A Russian drone attack on Dnipro injured five people, officials said.\n"
    ),
    "undated_note.txt": "Russian forces shelled Nikopol, damaging homes and a school.\n",
    "digest_sep.txt": (
        "Sep 4 • 15 tweets • 3 min read\n"
        "Today was the largest meeting of the Coalition of the Willing, with leaders in Paris.\n"
        "Last night, Russia launched another massive strike – nearly 500 drones and over 20 missiles.\n"
        "Zelensky visited Copenhagen in September to discuss drone production.\n"
    ),
    "hostile.md": (
        "<script>window.__pwned = 1</script>\n"
        + HOSTILE_SENTENCE + "\n"
        "Read more: [site](javascript:alert(4)) and <iframe src=\"http://198.51.100.7/\"></iframe>\n"
    ),
}

DOCUMENT_META = {
    "kyiv_dispatch.txt": SourceMeta("kyiv_dispatch.txt", "Record strike hits the energy grid",
                                    "Kyiv Dispatch", "https://example.org/kyiv-dispatch", ""),
    "brussels_daily.txt": SourceMeta("brussels_daily.txt", "NATO chief arrives in Kyiv",
                                     "Brussels Daily", "", "2026-02-03"),
    "wire_0130.txt": SourceMeta("wire_0130.txt", "Kremlin says Trump asked Putin to halt strikes",
                                "Wire Service", "", "2026-01-30"),
    "undated_note.txt": SourceMeta("undated_note.txt", "Shelling note", "Field Notes", "", ""),
    "digest_sep.txt": SourceMeta("digest_sep.txt", "Threads digest", "Thread Reader", "", "2025-09"),
    "hostile.md": SourceMeta("hostile.md", HOSTILE_TITLE, "**Bold Source**", "javascript:alert(3)",
                             "2026-01-30"),
}


def evidence(document: str, sentence_start: str, date_text: str = "", method: str = "relative",
             anchor_date: str = "", anchor_source: str = "", anchor_text: str = "",
             trigger: str = "") -> dict:
    """Evidence for the sentence of `document` that begins with `sentence_start`."""
    text = DOCUMENT_TEXTS[document]
    start = text.index(sentence_start)
    end = text.index("\n", start)
    date_start = text.index(date_text, start) if date_text else -1
    return {
        "document": document, "start": start, "end": end, "sentence": text[start:end],
        "trigger": trigger, "date_text": date_text,
        "date_start_offset": date_start,
        "date_end_offset": date_start + len(date_text) if date_text else -1,
        "date_method": method if date_text else "anchor",
        "anchor_date": anchor_date, "anchor_source": anchor_source, "anchor_text": anchor_text,
    }


DISPATCH_ANCHOR = dict(anchor_date="2026-02-03", anchor_source="dateline", anchor_text="3 February 2026 - 22:45")
WIRE_ANCHOR = dict(anchor_date="2026-01-30", anchor_source="manifest", anchor_text="2026-01-30")
DIGEST_ANCHOR = dict(anchor_date="2025-09-04", anchor_source="header", anchor_text="Sep 4 • 15 tweets • 3 min read")

PLACES = {  # name: (kind, country, latitude, longitude)
    "Kyiv": ("city", "Ukraine", 50.45, 30.52), "Kharkiv": ("city", "Ukraine", 49.99, 36.23),
    "Lozova": ("city", "Ukraine", 48.89, 36.32), "Dnipro": ("city", "Ukraine", 48.46, 35.05),
    "Nikopol": ("city", "Ukraine", 47.57, 34.39), "Odesa": ("city", "Ukraine", 46.48, 30.73),
    "Abu Dhabi": ("city", "United Arab Emirates", 24.45, 54.38),
    "Washington": ("city", "United States", 38.91, -77.04), "Paris": ("city", "France", 48.86, 2.35),
    "Copenhagen": ("city", "Denmark", 55.68, 12.57), "Ukraine": ("country", "Ukraine", 48.38, 31.17),
}


def event(event_id: str, kind: str, status: str, start, end, precision: str, date_text: str,
          method: str, actors: list[str], places: list[str], summary: str, evidence_items: list[dict],
          **numbers) -> dict:
    first = PLACES[places[0]] if places else None
    sources = list(dict.fromkeys(item["document"] for item in evidence_items))
    figures = numbers.pop("figures", [])
    row = {
        "event_id": event_id, "type": kind, "status": status,
        "date_start": start, "date_end": end, "precision": precision,
        "date_text": date_text, "date_method": method, "actors": actors, "places": places,
        "place_kinds": [PLACES[p][0] for p in places], "country": first[1] if first else "",
        "latitude": first[2] if first else None, "longitude": first[3] if first else None,
        "figures": figures, "summary": summary, "sources": sources, "n_sources": len(sources),
        "evidence": evidence_items,
    }
    for column in ("drones", "missiles", "ballistic", "cruise", "killed", "injured"):
        row[column] = numbers.get(column)
    return row


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


EVENTS = [
    event("ev-kyiv-strike", "strike", "occurred", day("2026-02-03"), day("2026-02-03"), "day", "overnight",
          "relative", ["Russia", "Ukraine"], ["Kyiv", "Kharkiv"],
          "Russia launched a massive strike on Kyiv and Kharkiv, firing 450 drones and 70 missiles.",
          [evidence("kyiv_dispatch.txt", "Russia launched a massive", "overnight", **DISPATCH_ANCHOR,
                    trigger="strike"),
           evidence("brussels_daily.txt", "On the night of", "On the night of 3 February", "explicit",
                    anchor_date="2026-02-03", anchor_source="manifest", anchor_text="2026-02-03",
                    trigger="strike")],
          drones=450, missiles=70, figures=["450 drones", "70 missiles"]),
    event("ev-lozova-strike", "strike", "occurred", day("2026-02-03"), day("2026-02-03"), "day", "", "anchor",
          ["Russia", "Ukraine"], ["Lozova"], "A drone hit the city of Lozova, killing two people.",
          [evidence("kyiv_dispatch.txt", "In the Kharkiv region", **DISPATCH_ANCHOR, trigger="hit")],
          killed=2, figures=["two people killed"]),
    event("ev-rutte-visit", "visit", "occurred", day("2026-02-03"), day("2026-02-03"), "day", "on Tuesday",
          "relative", ["Mark Rutte", "Ukraine"], ["Kyiv"], "NATO Secretary General Mark Rutte arrived in Kyiv.",
          [evidence("kyiv_dispatch.txt", "NATO Secretary General", "on Tuesday", **DISPATCH_ANCHOR,
                    trigger="arrived in"),
           evidence("brussels_daily.txt", "Rutte, who arrived", anchor_date="2026-02-03",
                    anchor_source="manifest", anchor_text="2026-02-03", trigger="arrived in")]),
    event("ev-abu-dhabi-planned", "talks", "planned", day("2026-02-04"), day("2026-02-04"), "day",
          "on Wednesday", "relative", ["Ukraine", "Russia", "United States"], ["Abu Dhabi"],
          "Delegations of Ukraine, Russia and the United States are set to meet in Abu Dhabi.",
          [evidence("kyiv_dispatch.txt", "Delegations of Ukraine", "on Wednesday", **DISPATCH_ANCHOR,
                    trigger="meet")]),
    event("ev-washington-visit", "visit", "planned", day("2026-02-09"), day("2026-02-15"), "week",
          "next week", "relative", ["Volodymyr Zelensky", "United States"], ["Washington"],
          "Zelensky will visit Washington.",
          [evidence("kyiv_dispatch.txt", "Zelensky will visit", "next week", **DISPATCH_ANCHOR,
                    trigger="visit")]),
    event("ev-kyiv-moratorium", "strike", "hypothetical", day("2026-01-26"), day("2026-02-01"), "day",
          "for a week, until Feb. 1", "relative", ["Russia", "Ukraine"], ["Kyiv"],
          "Trump asked Putin to refrain from striking Kyiv for a week.",
          [evidence("wire_0130.txt", "President Trump asked", "for a week, until Feb. 1", **WIRE_ANCHOR,
                    trigger="striking")]),
    event("ev-abu-dhabi-week", "talks", "occurred", day("2026-01-19"), day("2026-01-25"), "week",
          "for two days last week", "relative", ["Ukraine", "Russia"], ["Abu Dhabi"],
          "Ukraine and Russia met in Abu Dhabi for two days.",
          [evidence("wire_0130.txt", "Ukraine and Russia met", "for two days last week", **WIRE_ANCHOR,
                    trigger="met")]),
    event("ev-trump-call", "talks", "occurred", day("2026-01-27"), day("2026-01-27"), "day", "on Tuesday",
          "relative", ["Donald Trump", "Vladimir Putin"], [], "Trump spoke with Putin by phone.",
          [evidence("wire_0130.txt", "Trump spoke with Putin", "on Tuesday", **WIRE_ANCHOR,
                    trigger="spoke with")]),
    event("ev-dnipro-strike", "strike", "occurred", day("2026-01-30"), day("2026-01-30"), "day", "", "anchor",
          ["Russia", "Ukraine"], ["Dnipro"], "A Russian drone attack on Dnipro injured five people.",
          [evidence("wire_0130.txt", "A Russian drone attack", **WIRE_ANCHOR, trigger="attack")],
          injured=5, figures=["five people injured"]),
    event("ev-nikopol-undated", "strike", "occurred", None, None, "unknown", "", "anchor",
          ["Russia", "Ukraine"], ["Nikopol"], "Russian forces shelled Nikopol, damaging homes and a school.",
          [evidence("undated_note.txt", "Russian forces shelled", trigger="shelled")]),
    event("ev-paris-talks", "talks", "occurred", day("2025-09-04"), day("2025-09-04"), "day", "", "anchor",
          ["Ukraine", "France"], ["Paris"], "The Coalition of the Willing met in Paris.",
          [evidence("digest_sep.txt", "Today was the largest", **DIGEST_ANCHOR, trigger="meeting")]),
    event("ev-september-strike", "strike", "occurred", day("2025-09-04"), day("2025-09-04"), "day",
          "Last night", "relative", ["Russia", "Ukraine"], ["Ukraine"],
          "Russia launched a massive strike with nearly 500 drones and over 20 missiles.",
          [evidence("digest_sep.txt", "Last night, Russia", "Last night", **DIGEST_ANCHOR, trigger="strike")],
          drones=500, missiles=20, figures=["nearly 500 drones", "over 20 missiles"]),
    event("ev-copenhagen-visit", "visit", "occurred", day("2025-09-01"), day("2025-09-30"), "month",
          "in September", "explicit", ["Volodymyr Zelensky", "Denmark"], ["Copenhagen"],
          "Zelensky visited Copenhagen to discuss drone production.",
          [evidence("digest_sep.txt", "Zelensky visited Copenhagen", "in September", "explicit",
                    **DIGEST_ANCHOR, trigger="visited")]),
    event("ev-odesa-hostile", "strike", "occurred", day("2026-01-26"), day("2026-01-26"), "day", "on Monday",
          "relative", ["Russia", "Ukraine"], ["Odesa"], HOSTILE_SENTENCE,
          [evidence("hostile.md", "Russia struck Odesa", "on Monday", anchor_date="2026-01-30",
                    anchor_source="manifest", anchor_text="2026-01-30", trigger="struck")]),
]

def make_event_table() -> pd.DataFrame:
    return normalise_frame(pd.DataFrame(EVENTS, columns=list(COLUMNS)))


def make_documents() -> dict[str, Document]:
    return {name: Document(name=name, text=text, meta=DOCUMENT_META[name])
            for name, text in DOCUMENT_TEXTS.items()}


def write_event_folder(folder: Path) -> tuple[Path, Path]:
    """The documents with a manifest in `folder`, the table beside it: (folder, table path)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCUMENT_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "source", "url", "published"])
        for meta in DOCUMENT_META.values():
            writer.writerow([meta.file, meta.title, meta.source, meta.url, meta.published])
    table = write_table(make_event_table(), folder.parent / f"{folder.name}-events.parquet")
    return folder, table


@pytest.fixture
def event_table() -> pd.DataFrame:
    return make_event_table()


@pytest.fixture
def event_documents() -> dict[str, Document]:
    return make_documents()


@pytest.fixture
def event_folder(tmp_path) -> tuple[Path, Path]:
    return write_event_folder(tmp_path / "texts")


# ---------------------------------------------------------------------------
# A real `streamlit run dashboard.py`, for the browser and load tests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


# Frames of the web server's own plumbing: a browser that drops its connection while the
# server is slow to accept it (20 pages on two busy cores) gets a traceback through these
# alone, logged by the server library, with nothing of the app in it.
SERVER_PLUMBING = ("/starlette/", "/uvicorn/", "/streamlit/web/server/", "/asyncio/")


def app_tracebacks(log: str) -> list[str]:
    """The tracebacks in a server log that pass through anything but the web server's
    plumbing: the app's errors, and Streamlit's own outside its connection handling."""
    found, lines = [], log.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("Traceback (most recent call last):"):
            continue
        block = [line]
        for following in lines[i + 1:]:
            block.append(following)
            if following and not following[0].isspace():
                break  # the exception's own line ends the traceback
        files = [b.strip().split('"')[1] for b in block if b.strip().startswith('File "')]
        if not files or not all(any(part in f for part in SERVER_PLUMBING) for f in files):
            found.append("\n".join(block))
    return found


@contextlib.contextmanager
def streamlit_server(app_args: list[str], log_path: Path, env: dict | None = None):
    """`streamlit run dashboard.py -- <app_args>` on loopback, healthy; yields its URL and
    stops it afterwards."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
             "--", *app_args],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process)
            yield url
        except BaseException:
            # What the server did while the test failed: alive or not, and its last words.
            state = "still running" if process.poll() is None else f"exited with code {process.returncode}"
            log.flush()
            sys.stderr.write(f"\n--- the dashboard's server ({state}); the end of its log:\n"
                             f"{log_path.read_text(errors='replace')[-4000:]}\n")
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# ---------------------------------------------------------------------------
# Which files the code under test opens

def record_opened_paths(patch: pytest.MonkeyPatch) -> list[Path]:
    """Every path opened from now on (through open() or Path.open), recorded on the way
    to the real call; `patch` undoes it."""
    opened: list[Path] = []
    real_open, real_path_open = builtins.open, pathlib.Path.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)):
            opened.append(Path(file).resolve())
        return real_open(file, *args, **kwargs)

    def recording_path_open(self, *args, **kwargs):
        opened.append(self.resolve())
        return real_path_open(self, *args, **kwargs)

    patch.setattr(builtins, "open", recording_open)
    patch.setattr(pathlib.Path, "open", recording_path_open)
    return opened
