"""`build --engine dask`: on a two-worker LocalCluster (processes, loopback only), the
table is the one-worker build's byte for byte, problems and the cache included."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is part of the test extra")

from pipeline import bench, build  # noqa: E402
from pipeline.cli import main as cli_main  # noqa: E402
from pipeline.engines import EngineError, load  # noqa: E402
from pipeline.engines import dask as dask_engine  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as local:
        yield local


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Forty generated documents and two that cannot be read as text."""
    texts = bench.write_corpus(bench.generate_corpus(40, seed=11), tmp_path_factory.mktemp("dask") / "texts")
    (texts / "zz_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (texts / "zz_empty.txt").write_text("")
    return texts


def _parquet(frame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def test_two_workers_give_the_one_worker_table_byte_for_byte(cluster, folder):
    one = build.build_table(folder, workers=1)
    seen: list[int] = []
    spread = build.build_table(folder, progress=lambda done, total, name: seen.append(done),
                               engine=dask_engine.DaskEngine(scheduler=cluster.scheduler_address))
    assert len(one.frame) > 100 and {"strike", "talks", "visit"} <= set(one.frame["type"])
    assert _parquet(spread.frame) == _parquet(one.frame)
    assert [str(p) for p in spread.problems] == [str(p) for p in one.problems]
    assert sorted(m.evidence.document for m in spread.mentions) == sorted(m.evidence.document for m in one.mentions)
    assert spread.processed == one.processed and seen[-1] == len(one.documents)
    assert seen == sorted(seen)


def test_chunks_spread_over_both_workers(cluster, folder):
    from pipeline import ingest

    documents, _ = ingest.read_folder(folder)
    with distributed.Client(cluster.scheduler_address) as client:
        with distributed.get_task_stream(client) as stream:
            _, events = dask_engine.run(client, documents)
    chunk_workers = {task["worker"] for task in stream.data if "_chunk_outcomes" in str(task["key"])}
    merges = [task for task in stream.data if "_merge_parts" in str(task["key"])]
    assert len(chunk_workers) == 2
    assert len(merges) == len({event.type for event in events}) >= 3  # one merge per event type


def test_the_cache_is_filled_and_read_as_by_the_local_build(cluster, folder, tmp_path):
    engine = dask_engine.DaskEngine(scheduler=cluster.scheduler_address)
    cache = tmp_path / "cache"
    first = build.build_table(folder, cache_dir=cache, engine=engine)
    changed = sorted(folder.glob("doc_*.txt"))[5]
    original = changed.read_text(encoding="utf-8")
    try:
        changed.write_text(original + "\nOfficials said 9 drones were shot down over the region overnight.\n",
                           encoding="utf-8")
        again = build.build_table(folder, cache_dir=cache, engine=engine)
        local = build.build_table(folder, workers=1)
    finally:
        changed.write_text(original, encoding="utf-8")
    assert len(first.processed) == len(first.documents) and not first.cached
    assert again.processed == [changed.name]
    assert _parquet(again.frame) == _parquet(local.frame)


def test_the_command_line_runs_on_a_scheduler_and_on_its_own_local_cluster(cluster, folder, tmp_path):
    base = ["build", str(folder), "--no-cache", "--quiet"]
    assert cli_main([*base, "--out", str(tmp_path / "one.parquet"), "--workers", "1"]) == 0
    assert cli_main([*base, "--out", str(tmp_path / "remote.parquet"), "--engine", "dask",
                     "--scheduler", cluster.scheduler_address]) == 0
    assert cli_main([*base, "--out", str(tmp_path / "local.parquet"), "--engine", "dask", "--workers", "2"]) == 0
    expected = (tmp_path / "one.parquet").read_bytes()
    assert (tmp_path / "remote.parquet").read_bytes() == expected
    assert (tmp_path / "local.parquet").read_bytes() == expected


def test_workers_that_run_another_pipeline_are_refused(cluster, folder, monkeypatch):
    monkeypatch.setattr(dask_engine, "pipeline_version", lambda: "another version")
    with pytest.raises(EngineError, match="2 worker\\(s\\) run another version"):
        build.build_table(folder, engine=dask_engine.DaskEngine(scheduler=cluster.scheduler_address))


def test_an_unreachable_scheduler_is_a_clear_error(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    started = time.monotonic()
    code = cli_main(["build", str(folder), "--out", str(tmp_path / "t.parquet"), "--engine", "dask",
                     "--scheduler", "tcp://127.0.0.1:9", "--no-cache", "--quiet"])
    assert code == 1 and time.monotonic() - started < 30
    assert "could not reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (tmp_path / "t.parquet").exists()


@pytest.mark.parametrize("argv, message", [
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler is for --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "has the workers it has"),
])
def test_options_that_do_not_go_together_are_refused(argv, message, folder, tmp_path, capsys):
    assert cli_main(["build", str(folder), "--out", str(tmp_path / "t.parquet"), *argv]) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_engine_is_named():
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        load("spark")
