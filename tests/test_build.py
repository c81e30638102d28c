"""The build: workers, progress, the command line's build options (the benchmark's corpus
generator is tested in test_bench.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline import bench, build
from pipeline.cli import main as cli_main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory) -> Path:
    """Twenty generated documents: enough for two workers once the threshold is lowered."""
    return bench.write_corpus(bench.generate_corpus(20, seed=3), tmp_path_factory.mktemp("corpus") / "texts")


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


def test_the_table_does_not_depend_on_the_interpreters_hash_seed(tmp_path):
    # sets of names are ordered by their hashes, which differ from process to process:
    # no choice may follow that order
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent
    tables = []
    for seed in ("1", "2"):
        out = tmp_path / f"table-{seed}.parquet"
        subprocess.run([sys.executable, "-m", "pipeline", "build", str(root / "seeds"), "--out", str(out),
                        "--quiet", "--no-cache", "--workers", "1"], check=True, cwd=root,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        tables.append(out.read_bytes())
    assert tables[0] == tables[1]
