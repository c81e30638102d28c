"""`build --partition-by`: the table as a date-partitioned Parquet dataset, read back by
pandas and by DuckDB as the README shows."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main as cli_main
from pipeline.table import normalise_frame, read_table, write_partitioned_table

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds_table(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    out = tmp_path_factory.mktemp("seeds") / "events.parquet"
    assert cli_main(["build", str(SEEDS), "--out", str(out), "--no-cache", "--quiet"]) == 0
    return out, read_table(out)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_each_month_of_the_table_is_a_folder_of_its_own(event_table, tmp_path):
    frame = event_table
    out = write_partitioned_table(frame, tmp_path / "events", by="month")
    dated = frame["date_start"].dropna()
    expected = {f"year={d:%Y}/month={d:%m}/part-0.parquet" for d in dated}
    if frame["date_start"].isna().any():
        expected.add("year=unknown/month=unknown/part-0.parquet")
    assert set(_files(out)) == expected


@pytest.mark.parametrize("by, levels", [("year", ["year"]), ("month", ["year", "month"])])
def test_reading_the_dataset_back_gives_the_table(event_table, tmp_path, by, levels):
    out = write_partitioned_table(event_table, tmp_path / "events", by=by)
    back = pd.read_parquet(out)
    assert list(back.columns) == list(event_table.columns) + levels
    # read_table's normalisation, as for a single file: lists as lists, dtypes the table's
    back = normalise_frame(back.drop(columns=levels))
    pd.testing.assert_frame_equal(back, event_table)


def test_rows_keep_the_tables_order_within_a_partition(event_table, tmp_path):
    out = write_partitioned_table(event_table, tmp_path / "events")
    for part in out.rglob("*.parquet"):
        ids = pd.read_parquet(part)["event_id"].tolist()
        assert ids == [i for i in event_table["event_id"] if i in set(ids)]


def test_duckdb_reads_the_dataset_with_its_partitions(seeds_table, tmp_path):
    duckdb = pytest.importorskip("duckdb", reason="duckdb is part of the test extra")
    table_path, frame = seeds_table
    out = tmp_path / "events"
    assert cli_main(["build", str(SEEDS), "--out", str(out), "--partition-by", "month", "--no-cache", "--quiet"]) == 0
    # The README's example, as written there.
    rows = duckdb.sql(f"""
        SELECT year, month, type, count(*) AS events
        FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)
        GROUP BY ALL ORDER BY ALL""").fetchall()
    expected = (frame.assign(year=frame["date_start"].dt.strftime("%Y"), month=frame["date_start"].dt.strftime("%m"))
                .groupby(["year", "month", "type"]).size())
    assert rows == [(y, m, t, n) for (y, m, t), n in expected.items()]
    ids = duckdb.sql(f"SELECT event_id FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true)").fetchall()
    assert sorted(i for (i,) in ids) == sorted(frame["event_id"])


def test_a_rebuild_replaces_the_dataset_whole(event_table, tmp_path):
    out = tmp_path / "events"
    write_partitioned_table(event_table, out)
    write_partitioned_table(event_table.head(2), out)
    assert len(pd.read_parquet(out)) == 2
    assert not [p for p in tmp_path.iterdir() if p.name != "events"]  # no temporary folder left


def test_a_folder_that_is_not_a_dataset_is_never_replaced(event_table, tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not a partitioned event table"):
        write_partitioned_table(event_table, out)
    assert (out / "mine.txt").read_text() == "keep me"


def test_partitioning_a_csv_table_is_refused(tmp_path, capsys):
    assert cli_main(["build", str(SEEDS), "--out", str(tmp_path / "t.csv"), "--partition-by", "month"]) == 2
    assert "--partition-by writes a folder of Parquet files" in capsys.readouterr().err
