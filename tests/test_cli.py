"""The command line, run as a researcher runs it."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold" / "seeds_dev.csv"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def seeds_csv(tmp_path_factory):
    out = tmp_path_factory.mktemp("table") / "events.csv"
    result = run("build", "seeds", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_build_writes_the_table_and_a_summary(seeds_csv):
    out, stdout = seeds_csv
    assert "documents read: 5, skipped: 0" in stdout
    assert "events with unknown date precision: 0" in stdout
    table = pd.read_csv(out)
    assert {"strike", "talks", "visit"} <= set(table["type"])
    counts = table["type"].value_counts()
    assert f"{counts['strike']} strike" in stdout
    assert table["date_start"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()


def test_dates_reads_standard_input_and_prints_json_lines():
    text = "Talks are scheduled for Wednesday and Thursday; Russia attacked last night."
    result = run("dates", "--anchor", "2026-02-03", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["date_start"], r["date_end"], r["precision"]) for r in rows] == [
        ("Wednesday and Thursday", "2026-02-04", "2026-02-05", "day"),
        ("last night", "2026-02-03", "2026-02-03", "day"),
    ]
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]


@pytest.mark.skipif(not GOLD.exists(), reason="the development gold lives beside the repository")
def test_evaluate_prints_the_four_figures(seeds_csv):
    out, _ = seeds_csv
    result = run("evaluate", str(out), "--gold", str(GOLD))
    assert result.returncode == 0, result.stderr
    for label in ("recall (required rows):", "precision:", "exact dates:", "status agreement:",
                  "hypothetical shown as occurred: 0"):
        assert label in result.stdout


def test_a_folder_with_nothing_readable_fails_and_keeps_the_previous_table(tmp_path):
    source = tmp_path / "texts"
    source.mkdir()
    (source / "empty.txt").write_text("")
    (source / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    previous = tmp_path / "events.csv"
    previous.write_text("the previous table")
    result = run("build", str(source), "--out", str(previous))
    assert result.returncode != 0
    assert "no readable document" in result.stderr
    assert "empty.txt" in result.stderr and "blob.txt" in result.stderr
    assert previous.read_text() == "the previous table"


def test_a_missing_folder_is_a_clear_error(tmp_path):
    result = run("build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "e.parquet"))
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_gold_file_is_a_clear_error(seeds_csv, tmp_path):
    out, _ = seeds_csv
    result = run("evaluate", str(out), "--gold", str(tmp_path / "none.csv"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_chart_renders_the_filtered_timeline_to_a_slide_png(tmp_path):
    out = tmp_path / "strikes.png"
    result = run("chart", "seeds", "--png", str(out), "--type", "strike", "--quiet")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (3840, 2160)  # 1920×1080 at scale 2
