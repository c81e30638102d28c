"""The build: workers, progress, the command line's build options, and the benchmark's
corpus generator (the benchmark itself is run by hand: `python -m pipeline bench`)."""
from __future__ import annotations

import csv
import datetime as dt
import random
import re
import statistics
from pathlib import Path

import pandas as pd
import pytest

from pipeline import bench, build, gazetteer
from pipeline.cli import main as cli_main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def templates():
    return bench.seed_templates(SEEDS)


@pytest.fixture(scope="module")
def places():
    return bench.place_pool()


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory) -> Path:
    """Twenty generated documents: enough for two workers once the threshold is lowered."""
    return bench.write_corpus(bench.generate_corpus(20, seed=3, seeds_dir=SEEDS),
                              tmp_path_factory.mktemp("corpus") / "texts")


# ---------------------------------------------------------------------------- the generator


def test_a_sentence_template_marks_its_date_place_and_figure():
    sentence = "Russia launched 450 drones at Kharkiv on Tuesday, officials said."
    template = bench.sentence_template(sentence)
    marked = [(slot.kind, sentence[slot.start:slot.end]) for slot in template.slots]
    # "on" stays outside the date: it is context, not the expression; Russia is a side of
    # the story, not a place to vary.
    assert marked == [("figure", "450"), ("place", "Kharkiv"), ("date", "Tuesday")]
    assert template.words == 10


@pytest.mark.parametrize("sentence", [
    "The war began in 2022 and the talks of 2025 failed.",  # years are not figures
    "The ceasefire held at 10:30 and 3.5 percent more power came back.",  # times, decimals
])
def test_years_times_and_decimals_are_not_figures(sentence):
    assert [s for s in bench.sentence_template(sentence).slots if s.kind == "figure"] == []


def test_filling_changes_only_the_slots_and_keeps_their_sort(places):
    sentence = "Russia launched 450 drones at Kharkiv on Tuesday, officials said."
    template = bench.sentence_template(sentence)
    for seed in range(30):
        filled = bench.fill(template, random.Random(seed), dt.date(2025, 6, 1), places)
        match = re.fullmatch(r"Russia launched (\d+) drones at (.+) on (\w+), officials said\.", filled)
        assert match, filled
        assert 225 <= int(match[1]) <= 900
        place = gazetteer.place_by_name(match[2])
        assert place is not None and (place.kind, place.country) == ("city", "Ukraine")
        assert match[3] in bench._WEEKDAYS


@pytest.mark.parametrize("original, expected", [
    ("3 February 2026", "14 May 2025"),
    ("Feb. 1", "May 14"),
    ("February 3, 2026", "May 14, 2025"),
])
def test_an_explicit_date_is_rewritten_in_its_own_style(original, expected):
    assert bench._written_day(dt.date(2025, 5, 14), original) == expected


def test_the_corpus_is_the_same_for_the_same_seed_and_a_prefix_for_a_smaller_size():
    ten = bench.generate_corpus(10, seed=1, seeds_dir=SEEDS)
    assert bench.generate_corpus(10, seed=1, seeds_dir=SEEDS) == ten
    assert bench.generate_corpus(4, seed=1, seeds_dir=SEEDS).documents == ten.documents[:4]
    assert bench.generate_corpus(10, seed=2, seeds_dir=SEEDS).documents != ten.documents


def test_documents_run_about_five_hundred_words_with_varied_anchors():
    corpus = bench.generate_corpus(60, seed=0, seeds_dir=SEEDS)
    lengths = [len(d.text.split()) for d in corpus.documents]
    assert 420 <= statistics.mean(lengths) <= 580
    assert min(lengths) >= 250
    published = [d.meta.published for d in corpus.documents if d.meta.published]
    # about 60% dated by the manifest, the others by a dateline or not at all
    assert 20 <= len(published) <= 50
    assert all(bench.FIRST_DAY <= dt.date.fromisoformat(p) <= bench.LAST_DAY for p in published)


def test_generated_documents_are_made_of_recombined_seed_sentences(templates):
    seed_words = {word for run in templates for t in run for word in t.text.split()}
    document = bench.generate_corpus(1, seed=5, seeds_dir=SEEDS).documents[0]
    body = document.text.split("\n\n", 1)[1]
    words = body.split()
    # outside the dates, places and figures that vary, the words are the seeds' own
    assert sum(word in seed_words for word in words) / len(words) > 0.8


def test_the_written_corpus_has_a_manifest_row_per_file(tmp_path):
    corpus = bench.generate_corpus(5, seed=0, seeds_dir=SEEDS)
    folder = bench.write_corpus(corpus, tmp_path / "c")
    rows = list(csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")))
    assert [r["file"] for r in rows] == [d.name for d in corpus.documents]
    assert sorted(p.name for p in folder.glob("*.txt")) == [d.name for d in corpus.documents]
    assert (folder / corpus.documents[0].name).read_text("utf-8") == corpus.documents[0].text


def test_the_pipeline_finds_events_in_generated_documents(corpus_folder):
    result = build.build_table(corpus_folder, workers=1)
    assert not [p for p in result.problems if p.severity == "skipped"]
    assert len(result.frame) >= 20  # the seeds' sentences tell many events
    assert set(result.frame["type"]) == {"strike", "talks", "visit"}


def test_the_table_tiler_gives_the_rows_asked_with_distinct_ids(event_table):
    tiled = bench.tile_table(event_table, 100)
    assert len(tiled) == 100 and tiled["event_id"].is_unique


# ---------------------------------------------------------------------------- workers


def test_workers_default_to_every_available_core():
    assert build.resolve_workers(None) == build.available_cores() >= 1
    assert build.resolve_workers(3) == 3
    with pytest.raises(ValueError):
        build.resolve_workers(0)


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def test_two_workers_give_the_one_worker_table_byte_for_byte(corpus_folder, monkeypatch):
    one = build.build_table(corpus_folder, workers=1)
    monkeypatch.setattr(build, "MIN_DOCUMENTS_PER_WORKER", 2)  # let twenty documents use a pool
    pools: list[int] = []
    real = build._extract_parallel

    def recording(documents, todo, workers, *rest):
        pools.append(workers)
        return real(documents, todo, workers, *rest)

    monkeypatch.setattr(build, "_extract_parallel", recording)
    progress: list[tuple[int, int]] = []
    two = build.build_table(corpus_folder, workers=2, progress=lambda d, t, n: progress.append((d, t)))
    assert pools == [2]
    assert progress == [(i, 20) for i in range(1, 21)]
    assert two.mentions == one.mentions
    pd.testing.assert_frame_equal(two.frame, one.frame)
    assert _parquet_bytes(two.frame) == _parquet_bytes(one.frame)


def test_a_few_documents_stay_in_this_process(monkeypatch):
    monkeypatch.setattr(build, "_extract_parallel", lambda *a: pytest.fail("a pool for five documents"))
    result = build.build_table(SEEDS, workers=2)
    assert len(result.processed) == 5


def test_progress_fires_once_per_document_in_order_on_one_worker():
    seen: list[tuple[int, int, str]] = []
    result = build.build_table(SEEDS, workers=1, progress=lambda *call: seen.append(call))
    assert seen == [(i, 5, d.name) for i, d in enumerate(result.documents, start=1)]


def test_a_document_that_fails_is_reported_and_the_others_kept(monkeypatch):
    real = build.events.extract_mentions

    def failing_on_one(document, passages):
        if document.name.startswith("002_"):
            raise RuntimeError("broken rule")
        return real(document, passages)

    monkeypatch.setattr(build.events, "extract_mentions", failing_on_one)
    result = build.build_table(SEEDS, workers=1)
    failed = [p for p in result.problems if p.file.startswith("002_")]
    assert [p.reason for p in failed] == ["could not be processed (RuntimeError: broken rule)"]
    assert {s[:3] for sources in result.frame["sources"] for s in sources} >= {"000", "001", "003", "004"}


# ---------------------------------------------------------------------------- fingerprint


def test_the_fingerprint_follows_the_texts_but_not_a_hidden_cache_inside(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia struck Kyiv.", encoding="utf-8")
    before = build.folder_fingerprint(folder)
    (folder / ".eventline-cache").mkdir()
    (folder / ".eventline-cache" / "mentions.sqlite").write_bytes(b"x")
    assert build.folder_fingerprint(folder) == before
    (folder / "a.txt").write_text("Russia struck Kharkiv.", encoding="utf-8")
    assert build.folder_fingerprint(folder) != before


# ---------------------------------------------------------------------------- the command line


def test_build_keeps_a_cache_beside_the_table_and_uses_it(tmp_path, capsys):
    out = tmp_path / "build" / "events.parquet"
    assert cli_main(["build", str(SEEDS), "--out", str(out), "--workers", "1"]) == 0
    assert (tmp_path / "build" / ".eventline-cache" / "mentions.sqlite").is_file()
    capsys.readouterr()
    assert cli_main(["build", str(SEEDS), "--out", str(out)]) == 0
    assert "documents processed: 0, taken from the cache: 5" in capsys.readouterr().out


def test_build_with_another_cache_folder_or_none(tmp_path):
    out = tmp_path / "events.csv"
    assert cli_main(["build", str(SEEDS), "--out", str(out), "--cache", str(tmp_path / "c"), "--quiet"]) == 0
    assert (tmp_path / "c" / "mentions.sqlite").is_file()
    assert cli_main(["build", str(SEEDS), "--out", str(tmp_path / "x.csv"), "--no-cache", "--quiet"]) == 0
    assert not (tmp_path / ".eventline-cache").exists()
    assert (tmp_path / "x.csv").read_bytes() == out.read_bytes()


@pytest.mark.parametrize("argv", [
    ["build", str(SEEDS), "--workers", "0"],
    ["build", str(SEEDS), "--cache", "c", "--no-cache"],
    ["bench", "--sizes", "1000,x"],
])
def test_bad_build_and_bench_options_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli_main(argv)
    assert exit_.value.code == 2
