"""Reliability: every kind of bad input in one folder, interrupted builds, and properties
of the date resolver and of the whole pipeline on arbitrary text.

The expected events of the good texts are read off the sentences by the rules of
EVENTS.md ("overnight" is the anchor day, a weekday is the nearest one before the
anchor, a document with no date at all has precision unknown).
Calendar: 2026-01-30 is a Friday, so "on Wednesday" against it is 2026-01-28.
"""
from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import os
import re
import select
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import build_table
from pipeline.anchors import parse_published
from pipeline.dates import find_dates, resolve_date
from pipeline.ingest import MAX_FILE_BYTES
from pipeline.model import PRECISIONS, UNKNOWN_ANCHOR, Anchor
from pipeline.text.sentences import split_sentences
from pipeline.table import events_to_frame, read_table, write_events, write_table
from tests.conftest import record_opened_paths

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
D = dt.date
MB = 1024 * 1024


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_big_text(path: Path, size: int) -> None:
    """A plain-text file of `size` bytes, written in 1 MB chunks (never held whole)."""
    line = b"Russia launched drones at Kyiv overnight, officials said on Tuesday.\n"
    chunk = line * (MB // len(line))
    with path.open("wb") as handle:
        while handle.tell() + len(chunk) <= size:
            handle.write(chunk)
        handle.write(b"x" * (size - handle.tell()))


# --------------------------------------------------------------------------------------
# One folder holding every bad case at once, beside good texts
# --------------------------------------------------------------------------------------

GOOD_TEXTS = {
    # Plain UTF-8 with a dateline: "overnight" is the dateline's day.
    "dispatch.txt": "Kyiv Dispatch\n\n3 February 2026 - 22:45\n\n"
                    "Russia launched 450 drones and 70 missiles at Kyiv overnight, officials said.\n",
    # Markdown with a "Published:" line: Wednesday before Friday 30 January 2026.
    "talks.md": "# Talks in Abu Dhabi\n\nPublished: 30 January 2026\n\n"
                "Ukrainian and Russian delegations held talks in Abu Dhabi on Wednesday, the Kremlin said.\n",
}
BOM_TEXT = "Russian missiles hit Dnipro on 4 February 2026, killing two people.\n"
UTF16_TEXT = "Russian forces shelled Nikopol on 2 February 2026, damaging homes.\n"
CP1252_TEXT = "\u201cRussia struck Odesa with drones on 1 February 2026,\u201d the governor said.\n"
NO_DATE_TEXT = "Russian forces shelled Zaporizhzhia, damaging homes and a school.\n"
ANCHORED_NO_DATE_TEXT = "Russian drones hit Kharkiv, injuring three people.\n"
SCRIPT_PAGE = """<!doctype html><html><head><title>Visit | Daily</title>
<style>body { background: url(javascript:alert('style')) }</style>
<script>document.title = "SCRIPT RAN"; fetch("http://198.51.100.7/beacon")</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World news</a> Menu Subscribe</nav>
<article><p>Zelensky visited Brussels on 5 February 2026, his office said.</p>
<script>window.__pwned = "inline"</script></article>
<footer>Copyright Daily</footer></body></html>
"""
FURNITURE_PAGE = ("<html><head><title>Only furniture</title><script>x()</script><style>p{}</style></head>"
                  "<body><nav><a href='/'>Home</a></nav><footer>(c) Daily</footer></body></html>")
MANIFEST = (
    "file,title,source,url,published,author\n"      # "author": an unknown column
    "dispatch.txt,Record strike,Kyiv Dispatch,https://example.org/a,,Jane\n"
    "dispatch.txt,Record strike again,Kyiv Dispatch,,,Jane\n"  # a duplicate row
    "utf16.txt,Nikopol shelled,Wire,,next Tuesday-ish,\n"      # published is not a date
    "anchored.txt,Kharkiv hit,Wire,,2026-01-15,\n"
    "../../etc/passwd,Stolen,,,,\n"                             # outside the folder
    "gone.txt,Never written,,,,\n"                              # listed, not in the folder
)

# file → (severity, words its reason must hold): each reported exactly once.
EXPECTED_PROBLEMS = {
    "empty.txt": ("skipped", "empty file"),
    "binary.txt": ("skipped", "binary"),
    "huge.txt": ("skipped", f"over the limit of {MAX_FILE_BYTES:,} bytes"),
    "furniture.html": ("skipped", "no text left"),
    "scan.pdf": ("skipped", ".pdf"),
    "link.txt": ("skipped", "outside the folder"),
    "cp1252.txt": ("warning", "cp1252"),
    "manifest.csv": ("warning", "author"),
    "dispatch.txt": ("warning", "more than once"),
    "utf16.txt": ("warning", "next Tuesday-ish"),
    "../../etc/passwd": ("skipped", "refused"),
    "gone.txt": ("warning", "not found"),
}
READABLE = ["anchored.txt", "bom.txt", "cp1252.txt", "dispatch.txt", "no_dates.txt",
            "no_sentences.txt", "page.html", "talks.md", "utf16.txt"]
# (document, type, date_start, date_end, precision, first place) the table must hold
EXPECTED_EVENTS = [
    ("dispatch.txt", "strike", "2026-02-03", "2026-02-03", "day", "Kyiv"),
    ("talks.md", "talks", "2026-01-28", "2026-01-28", "day", "Abu Dhabi"),
    ("bom.txt", "strike", "2026-02-04", "2026-02-04", "day", "Dnipro"),
    ("utf16.txt", "strike", "2026-02-02", "2026-02-02", "day", "Nikopol"),
    ("cp1252.txt", "strike", "2026-02-01", "2026-02-01", "day", "Odesa"),
    ("page.html", "visit", "2026-02-05", "2026-02-05", "day", "Brussels"),
    ("anchored.txt", "strike", "2026-01-15", "2026-01-15", "day", "Kharkiv"),  # the manifest's day
    ("no_dates.txt", "strike", None, None, "unknown", "Zaporizhzhia"),          # no date anywhere
]


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("bad")
    folder = base / "texts"
    for name, text in GOOD_TEXTS.items():
        write(folder, name, text)
    write(folder, "bom.txt", b"\xef\xbb\xbf" + BOM_TEXT.encode("utf-8"))
    write(folder, "utf16.txt", UTF16_TEXT.encode("utf-16"))  # with its BOM
    write(folder, "cp1252.txt", CP1252_TEXT.encode("cp1252"))
    write(folder, "empty.txt", b"")
    write(folder, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write(folder, "page.html", SCRIPT_PAGE)
    write(folder, "furniture.html", FURNITURE_PAGE)
    write(folder, "no_sentences.txt", "--- *** ---\n...\n12 34 56\n")
    write(folder, "no_dates.txt", NO_DATE_TEXT)
    write(folder, "anchored.txt", ANCHORED_NO_DATE_TEXT)
    write(folder, "scan.pdf", b"%PDF-1.4\n")
    write(folder, "manifest.csv", MANIFEST)
    secret = write(base, "secret.txt", "SECRET: Russia launched 999 drones at Lviv on 1 January 2026.\n")
    (folder / "link.txt").symlink_to(secret)
    write_big_text(folder / "huge.txt", 50 * MB)
    return folder


def problem_counts(problems) -> Counter:
    return Counter(p.file for p in problems)


def events_of(frame: pd.DataFrame, document: str) -> pd.DataFrame:
    return frame[frame["sources"].map(lambda sources: document in sources)]


def iso_day(value) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def assert_expected_events(frame: pd.DataFrame) -> None:
    for document, kind, start, end, precision, place in EXPECTED_EVENTS:
        rows = events_of(frame, document)
        rows = rows[(rows["type"] == kind) & rows["places"].map(lambda p: bool(p) and p[0] == place)]
        assert len(rows) == 1, f"{document}: no {kind} at {place} in {frame[['type', 'places', 'sources']]}"
        row = rows.iloc[0]
        assert (iso_day(row["date_start"]), iso_day(row["date_end"]), row["precision"]) == (start, end, precision), document


@pytest.fixture(scope="module")
def opened_during_build(bad_folder) -> tuple[object, list[Path]]:
    """build_table over the bad folder, with every path it opened recorded on the way."""
    with pytest.MonkeyPatch.context() as patch:
        opened = record_opened_paths(patch)
        result = build_table(bad_folder, workers=1)
    return result, opened


def test_every_problem_is_reported_once_naming_its_file(opened_during_build):
    result, _ = opened_during_build
    assert problem_counts(result.problems) == Counter(list(EXPECTED_PROBLEMS))  # each exactly once
    for problem in result.problems:
        severity, words = EXPECTED_PROBLEMS[problem.file]
        assert problem.severity == severity and words in problem.reason, problem


def test_every_readable_document_lands_in_the_table(opened_during_build):
    result, _ = opened_during_build
    assert [d.name for d in result.documents] == READABLE
    assert_expected_events(result.frame)
    assert events_of(result.frame, "no_sentences.txt").empty


def test_decoded_texts_are_the_written_texts(opened_during_build):
    documents = {d.name: d for d in opened_during_build[0].documents}
    assert documents["bom.txt"].text == BOM_TEXT  # the BOM is gone
    assert documents["utf16.txt"].text == UTF16_TEXT
    assert documents["cp1252.txt"].text == CP1252_TEXT  # curly quotes back from cp1252


def test_script_style_and_navigation_never_reach_the_table(opened_during_build):
    result, _ = opened_during_build
    page = next(d for d in result.documents if d.name == "page.html")
    assert page.text == "Zelensky visited Brussels on 5 February 2026, his office said."
    table_text = result.frame.to_json(date_format="iso")
    for furniture in ("SCRIPT RAN", "beacon", "__pwned", "javascript:", "background", "World news",
                      "Subscribe", "Copyright Daily"):
        assert furniture not in page.text and furniture not in table_text


def test_refused_and_oversized_files_are_never_opened(opened_during_build, bad_folder):
    _, opened = opened_during_build
    assert (bad_folder / "huge.txt").resolve() not in opened  # skipped on its size alone
    assert (bad_folder / "link.txt").resolve() not in opened  # the secret behind the link
    assert Path("/etc/passwd").resolve() not in opened
    result = opened_during_build[0]
    assert "SECRET" not in result.frame.to_json(date_format="iso")
    assert all("SECRET" not in d.text for d in result.documents)


def test_a_document_without_dates_is_never_given_todays_date(opened_during_build):
    frame = opened_during_build[0].frame
    today = pd.Timestamp(dt.date.today())
    assert not ((frame["date_start"] == today) | (frame["date_end"] == today)).any()
    undated = events_of(frame, "no_dates.txt")
    assert len(undated) == 1 and undated["date_start"].isna().all() and undated["date_end"].isna().all()
    assert (undated["precision"] == "unknown").all() and (undated["date_text"] == "").all()
    anchored = events_of(frame, "anchored.txt")
    assert (anchored["date_method"] == "anchor").all() and (anchored["date_text"] == "").all()


# The command line, reporting its own peak resident memory (workers included) at the end.
PEAK_RSS = """
import resource, sys
from pipeline.cli import main
code = main(sys.argv[1:])
usage = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(f"peak-rss-kb {max(usage)}", file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture(scope="module")
def cli_run(bad_folder, tmp_path_factory):
    """`python -m pipeline build` over the bad folder, its peak memory measured in its process."""
    out = tmp_path_factory.mktemp("cli") / "events.parquet"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # another hash seed than the test process
    run = subprocess.run([sys.executable, "-c", PEAK_RSS, "build", str(bad_folder), "--out", str(out),
                          "--workers", "1", "--no-cache"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)
    return run, out


def test_command_line_reports_each_problem_once_and_writes_the_rest(cli_run):
    run, out = cli_run
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    reported = Counter()
    for line in run.stderr.splitlines():
        for severity in ("skipped", "warning"):
            if line.startswith(f"{severity}: "):
                reported[line[len(severity) + 2:].split(": ", 1)[0]] += 1
    assert reported == Counter(list(EXPECTED_PROBLEMS))
    skipped = sum(1 for severity, _ in EXPECTED_PROBLEMS.values() if severity == "skipped")
    assert f"documents read: {len(READABLE)}, skipped: {skipped}" in run.stdout
    assert_expected_events(read_table(out))


def test_command_line_table_equals_the_in_process_table(cli_run, opened_during_build, tmp_path):
    """Same input, same table: across processes and hash seeds, byte for byte once written."""
    _, out = cli_run
    again = write_events(opened_during_build[0].events, tmp_path / "events.parquet")
    assert out.read_bytes() == again.read_bytes()


def test_command_line_names_each_problem_once_in_all_it_prints(cli_run):
    run, _ = cli_run
    printed = (run.stdout + run.stderr).splitlines()
    for name in EXPECTED_PROBLEMS:
        lines = [line for line in printed
                 if re.match(rf"\s*(?:skipped|warning):? {re.escape(name)}: ", line)]
        assert len(lines) == 1, lines


def test_a_50_mb_text_is_skipped_in_bounded_memory(cli_run):
    run, _ = cli_run
    assert "huge.txt: too large" in run.stderr and f"{MAX_FILE_BYTES:,} bytes" in run.stderr
    peak_mb = int(run.stderr.rsplit("peak-rss-kb ", 1)[1].split()[0]) / 1024
    # The whole build, interpreter and libraries included (150–550 MB here depending on the
    # machine's state), far from what reading the 50 MB text into strings would add; that
    # it is never read is test_refused_and_oversized_files_are_never_opened.
    assert peak_mb < 1024, f"peak resident memory {peak_mb:.0f} MB"


@pytest.mark.parametrize("manifest", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",       # binary, not a CSV at all
    b'{"file": "a.txt", "published": "2026-02-03"}\n',     # JSON, not CSV
    b'file,title\n"dispatch.txt,unclosed quote\n',          # a quote never closed
])
def test_a_manifest_that_is_not_csv_loses_no_document(tmp_path, manifest):
    folder = tmp_path / "texts"
    for name, text in GOOD_TEXTS.items():
        write(folder, name, text)
    write(folder, "manifest.csv", manifest)
    result = build_table(folder, workers=1)
    assert [d.name for d in result.documents] == sorted(GOOD_TEXTS)
    assert [p.file for p in result.problems] == ["manifest.csv"]
    assert {s for sources in result.frame["sources"] for s in sources} == set(GOOD_TEXTS)


def test_a_quote_never_closed_keeps_the_manifest_rows_before_it(tmp_path):
    folder = tmp_path / "texts"
    for name, text in GOOD_TEXTS.items():
        write(folder, name, text)
    write(folder, "manifest.csv", 'file,title\ndispatch.txt,Kept\ntalks.md,"Never closed\nother.txt,x\n')
    result = build_table(folder, workers=1)
    titles = {d.name: d.meta.title for d in result.documents}
    assert titles == {"dispatch.txt": "Kept", "talks.md": ""}
    (problem,) = result.problems
    assert problem.file == "manifest.csv" and "line 3" in problem.reason and "never closed" in problem.reason


@pytest.mark.parametrize("published", [
    "0001-01-01", "1500-01-01", "2500-06-01", "9999-12-31", "1 January 1066", "31.12.9999",
])
def test_a_published_year_no_calendar_of_news_holds_is_not_a_date(tmp_path, published):
    """A typo in the manifest ("0025-09-01", "9999-12-31") is ignored with a warning; it
    must neither lose the document nor the whole table (pandas holds years 1677-2262)."""
    folder = tmp_path / "texts"
    write(folder, "a.txt", "Russia launched 450 drones at Kyiv yesterday, officials said.\n")
    write(folder, "b.txt", GOOD_TEXTS["dispatch.txt"])
    write(folder, "manifest.csv", f"file,published\na.txt,{published}\n")
    with pytest.raises(ValueError, match="not a date"):
        parse_published(published)
    result = build_table(folder, workers=1)
    (problem,) = result.problems
    assert (problem.file, problem.severity) == ("a.txt", "warning") and published in problem.reason
    strikes = events_of(result.frame, "a.txt")
    assert len(strikes) == 1 and strikes.iloc[0]["precision"] == "unknown"  # no date, no guess
    assert not events_of(result.frame, "b.txt").empty


@pytest.mark.parametrize("published, day", [("1900-01-01", D(1900, 1, 1)), ("2099-12-31", D(2099, 12, 31))])
def test_published_years_at_the_edges_of_the_range_are_kept(published, day):
    assert parse_published(published).date == day


# --------------------------------------------------------------------------------------
# An interrupted build leaves the previous table intact
# --------------------------------------------------------------------------------------

KILL_DOCUMENTS = 1500
GRACE_SECONDS = 5  # a build told to stop stops within this (the rest would take minutes)


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> Path:
    """1,500 copies of the seed texts under varied names: a build of a minute or more."""
    folder = tmp_path_factory.mktemp("many") / "texts"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(KILL_DOCUMENTS):
        seed = seeds[i % len(seeds)]
        # A line of its own makes every copy a distinct document (no cache can skip it).
        text = seed.read_text("utf-8") + f"\nCopy {i} of {seed.stem}.\n"
        (folder / f"{i % 7}_{i:05d}_{seed.stem[4:10]}.txt").write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def previous_table(opened_during_build, tmp_path_factory) -> tuple[Path, bytes]:
    """A real table (the bad folder's): the one an interrupted build must leave alone."""
    out = write_table(opened_during_build[0].frame, tmp_path_factory.mktemp("previous") / "events.parquet")
    return out, out.read_bytes()


def read_until(process: subprocess.Popen, predicate, seconds: float) -> str:
    """Standard error of `process` until predicate(text) holds or `seconds` pass.

    Never blocks past the deadline: progress ends in \\r, not \\n, and worker processes
    that outlive the build keep the pipe open, so a plain read() could wait forever.
    """
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.2)
        if ready:
            chunk = os.read(process.stderr.fileno(), 65536)
            if not chunk:  # every writer has closed it
                break
            seen += chunk
            if predicate(seen.decode("utf-8", "replace")):
                break
    return seen.decode("utf-8", "replace")


def underway(stderr: str, past: int = 0) -> bool:
    """A progress bar showing more than `past` documents done, and not all."""
    for frame in stderr.split("\r"):
        if f"/{KILL_DOCUMENTS} documents" in frame:
            done = int(frame.split("] ", 1)[1].split("/", 1)[0])
            if past < done < KILL_DOCUMENTS:
                return True
    return False


def child_pids(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return [pid for pid in pids if running(pid)]


@pytest.mark.parametrize("sig, workers, whole_group", [
    pytest.param(signal.SIGKILL, 1, False, id="SIGKILL"),
    pytest.param(signal.SIGINT, 1, False, id="SIGINT"),
    # `kill -INT`, or a supervisor's timeout, reaches the build alone, not its workers.
    pytest.param(signal.SIGINT, 2, False, id="SIGINT-2-workers"),
    # A terminal's Ctrl-C reaches the build and its workers at once.
    pytest.param(signal.SIGINT, 2, True, id="Ctrl-C-2-workers"),
    pytest.param(signal.SIGKILL, 2, False, id="SIGKILL-2-workers"),
])
def test_a_build_interrupted_midway_leaves_the_previous_table(big_folder, previous_table, tmp_path,
                                                              sig, workers, whole_group):
    source, before = previous_table
    out = tmp_path / "events.parquet"
    out.write_bytes(before)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(big_folder), "--out", str(out),
         "--workers", str(workers), "--no-cache"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        # With workers, the first document is done before they start: wait for theirs.
        progress = read_until(process, lambda text: underway(text, past=1 if workers > 1 else 0), seconds=120)
        assert underway(progress, past=1 if workers > 1 else 0), f"no progress shown: {progress[-300:]}"
        workers_running = child_pids(process.pid)
        assert len(workers_running) == (workers if workers > 1 else 0)
        if whole_group:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
        try:
            process.wait(timeout=GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build was still running {GRACE_SECONDS} s after {sig.name}")
        tail = read_until(process, lambda text: "interrupted" in text, seconds=5)
        assert wait_gone(workers_running, GRACE_SECONDS) == [], "worker processes outlived the build"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the build's own group: it and its workers
        except ProcessLookupError:
            pass
        process.wait()
        process.stderr.close()
    assert process.returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
    if sig == signal.SIGINT:
        assert "interrupted" in tail and "Traceback" not in tail
    assert out.read_bytes() == before
    pd.testing.assert_frame_equal(read_table(out), read_table(source))
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]  # no temporary file left


WRITER = """
import sys
import pandas as pd
from pipeline.table import read_table, write_table
frame = read_table(sys.argv[1])
write_table(pd.concat([frame] * int(sys.argv[3]), ignore_index=True), sys.argv[2])
"""


def test_a_build_killed_while_writing_the_table_leaves_the_previous_one(previous_table, tmp_path):
    """Killed while the new table's bytes are going to disk, not before: CSV is written
    row by row, so the kill lands mid-file."""
    source, _ = previous_table
    out = write_table(read_table(source), tmp_path / "events.csv")
    before = out.read_bytes()
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(out), "5000"], cwd=ROOT)
    caught_writing = False
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline and not caught_writing:
            partial = [p for p in tmp_path.glob(".events.csv.*.tmp") if p.stat().st_size > 0]
            if partial:
                process.kill()
                caught_writing = True
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert caught_writing, "the table was written before it could be interrupted"
    assert out.read_bytes() == before
    assert len(read_table(out)) == len(read_table(source))


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600], ids=oct)
def test_a_rebuilt_table_keeps_the_previous_tables_permissions(tmp_path, mode):
    """A dashboard run by another user must still read the table after a rebuild."""
    out = tmp_path / "events.parquet"
    out.write_bytes(b"previous table")
    out.chmod(mode)
    write_table(events_to_frame([]), out)
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert read_table(out).empty


def test_a_first_table_gets_the_usual_permissions(tmp_path):
    previous = os.umask(0o022)
    try:
        write_table(events_to_frame([]), tmp_path / "events.csv")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "events.csv").stat().st_mode) == 0o644  # 0666 less the umask


# --------------------------------------------------------------------------------------
# Properties: dates on arbitrary text against arbitrary anchors
# --------------------------------------------------------------------------------------

DATE_WORDS = [
    "Monday", "Tuesday", "Sunday", "Mon", "Tue.", "Thurs", "January", "Feb.", "Feb", "March", "May",
    "Sept.", "Dec", "1", "2", "3", "12", "28", "29", "30", "31", "0", "00", "99", "1999", "2000",
    "2024", "2026", "2099", "1900", "one", "two", "four", "a", "an", "last", "next", "this",
    "coming", "past", "ago", "week", "weeks", "weekend", "month", "months", "year", "years", "day",
    "days", "night", "overnight", "yesterday", "today", "tomorrow", "tonight", "morning", "on",
    "in", "since", "until", "from", "to", "between", "and", "the", "of", "early", "late", "mid-",
    "end", "for", "st", "th", "Good", "Friday", "scheduled", "will",
]
SEPARATORS = [" ", " ", " ", "", ", ", "-", "–", ".", ". ", "\n", "/", ":", "(", ")", "’s "]


@st.composite
def date_like_text(draw) -> str:
    words = draw(st.lists(st.sampled_from(DATE_WORDS), max_size=25))
    return "".join(word + draw(st.sampled_from(SEPARATORS)) for word in words)


texts = st.one_of(
    st.text(max_size=200),
    date_like_text(),
    st.tuples(date_like_text(), st.text(max_size=20), date_like_text()).map("".join),
)

# The calendar's own edges, where arithmetic overflows, beside everyday anchors.
EDGE_DAYS = [D.min, D(1, 1, 7), D(1, 2, 28), D.max, D(9999, 12, 25), D(9999, 3, 1), D(9998, 3, 1),
             D(1900, 1, 1), D(2099, 12, 31), D(2024, 2, 29)]


@st.composite
def anchors(draw) -> Anchor:
    precision = draw(st.sampled_from(["unknown", "day", "week", "month", "year"]))
    if precision == "unknown":
        return UNKNOWN_ANCHOR
    day = draw(st.one_of(st.sampled_from(EDGE_DAYS), st.dates(D(1990, 1, 1), D(2040, 12, 31)), st.dates()))
    if precision == "month":  # a period anchor's date is the period's last day
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif precision == "year":
        day = day.replace(month=12, day=31)
    source = draw(st.sampled_from(["manifest", "dateline", "header", "inferred"]))
    return Anchor(day, precision, source, day.isoformat())


@contextlib.contextmanager
def no_longer_than(seconds: int):
    """Raise TimeoutError in the code inside when it runs longer (an endless loop)."""
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_well_formed(resolved) -> None:
    assert resolved.precision in PRECISIONS
    assert resolved.method in ("explicit", "relative", "anchor", "inferred")
    if resolved.date_start is None or resolved.date_end is None:
        assert resolved.date_start is None and resolved.date_end is None
        assert resolved.precision == "unknown"
    else:
        assert resolved.date_start <= resolved.date_end and resolved.precision != "unknown"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, anchor=anchors())
@example(text="Talks are due next week.", anchor=Anchor(D.max, "week", "manifest"))
@example(text="yesterday, 2 weeks ago", anchor=Anchor(D.min, "day", "manifest"))
def test_dates_on_arbitrary_text_are_well_formed(text, anchor):
    previous_end = 0
    with no_longer_than(seconds=10):
        mentions = find_dates(text, anchor)
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        previous_end = mention.end
        assert_well_formed(mention.resolved)
        try:  # the literal alone, as a caller would pass it
            alone = resolve_date(mention.text, anchor)
        except ValueError:  # documented: a string that is not exactly one expression
            continue
        assert_well_formed(alone)


@pytest.mark.parametrize("text, anchor_day", [
    ("yesterday", D.min), ("last weekend", D(1, 1, 3)), ("last year", D(1, 6, 1)),
    ("tomorrow", D.max), ("next week", D.max), ("next year", D(9999, 6, 1)),
    ("until 29 February", D(9999, 3, 1)),  # no later leap day: must end, not loop
])
def test_dates_past_the_calendars_ends_are_unknown_not_an_error(text, anchor_day):
    with no_longer_than(seconds=5):  # a search for a day the calendar lacks must end
        (mention,) = find_dates(text, Anchor(anchor_day, "day", "manifest"))
    assert mention.resolved.date_start is None and mention.resolved.precision == "unknown"


# --------------------------------------------------------------------------------------
# Properties: the whole pipeline on arbitrary texts
# --------------------------------------------------------------------------------------

def _seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        sentences += [text[start:end] for start, end in split_sentences(text)]
    return [s for s in sentences if 20 < len(s) < 400]


SEED_SENTENCES = _seed_sentences()
HTML_PIECES = ["<p>", "</p>", "<br>", "<script>alert(1)</script>", "<style>p{}</style>", "<nav>Home</nav>",
               "<div>", "</div>", "&amp;", "&nbsp;", "<b>", "</b>", "<!-- c -->", "<img src=x onerror=alert(1)>",
               "<ul><li>", "</li></ul>", "<", ">", "&#x0;", "<![CDATA[x]]>"]
DATELINES = ["3 February 2026 - 22:45\n", "Published: 30 January 2026\n", "Sep 4 • 15 tweets • 3 min read\n",
             "KYIV, Feb 3 (Reuters) - ", "31 February 2026 - 10:00\n", "Tuesday, February 3\n", ""]

piece = st.one_of(
    st.sampled_from(SEED_SENTENCES),
    st.sampled_from(SEED_SENTENCES),
    date_like_text(),
    st.text(max_size=40),
    st.sampled_from(HTML_PIECES),
)


@st.composite
def documents(draw) -> tuple[str, str, str]:
    """(suffix, text, published): a dateline maybe, then seed sentences, dates, noise, HTML."""
    suffix = draw(st.sampled_from([".txt", ".md", ".html"]))
    separators = st.sampled_from([" ", "\n", "\n\n", "", "\r\n"])
    body = "".join(draw(piece) + draw(separators) for _ in range(draw(st.integers(0, 8))))
    published = draw(st.sampled_from(["", "", "2026-02-03", "2025-09", "2025", "not a date"]))
    return suffix, draw(st.sampled_from(DATELINES)) + body, published


def assert_table_is_consistent(frame: pd.DataFrame, texts: dict[str, str]) -> None:
    for row in frame.itertuples():
        assert row.precision in PRECISIONS
        if pd.isna(row.date_start) or pd.isna(row.date_end):
            assert pd.isna(row.date_start) and pd.isna(row.date_end) and row.precision == "unknown"
        else:
            assert row.date_start <= row.date_end and row.precision != "unknown"
        assert row.sources and set(row.sources) <= set(texts)
        for evidence in row.evidence:
            text = texts[evidence["document"]]
            assert 0 <= evidence["start"] < evidence["end"] <= len(text)
            assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
            if evidence["date_start_offset"] != -1:  # in the sentence or its close context
                assert 0 <= evidence["date_start_offset"] < evidence["date_end_offset"] <= len(text)
                assert text[evidence["date_start_offset"]:evidence["date_end_offset"]] == evidence["date_text"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(docs=st.lists(documents(), min_size=1, max_size=3))
def test_whole_pipeline_on_arbitrary_texts(tmp_path_factory, docs):
    folder = tmp_path_factory.mktemp("prop")
    rows = ["file,published"]
    for i, (suffix, text, published) in enumerate(docs):
        (folder / f"doc{i}{suffix}").write_bytes(text.encode("utf-8"))
        rows.append(f"doc{i}{suffix},{published}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", "utf-8")

    first, second = build_table(folder, workers=1), build_table(folder, workers=1)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.problems == second.problems
    assert not [p for p in first.problems if "could not be processed" in p.reason]  # no exception
    assert all(p.file.startswith("doc") or p.file == "manifest.csv" for p in first.problems)
    assert len(first.problems) == len(set(first.problems))
    texts = {d.name: d.text for d in first.documents}
    assert_table_is_consistent(first.frame, texts)
    # Every file is a document or a reported problem, never silently gone.
    reported = {p.file for p in first.problems if p.severity == "skipped"}
    assert {f"doc{i}{s}" for i, (s, _, _) in enumerate(docs)} == set(texts) | reported
