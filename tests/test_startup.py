"""Start-up: nothing heavy is imported before a command needs it; settings read from the
environment; an engine whose libraries are missing says how to install them."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from pipeline import engines
from pipeline.settings import SETTINGS

HEAVY = ("pandas", "pyarrow", "numpy", "dateparser", "dask", "distributed", "streamlit", "plotly")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}


@pytest.mark.parametrize("code", [
    "import pipeline",
    "import pipeline.cli",
    "from pipeline.cli import parser; parser().parse_args(['build', 'texts', '--engine', 'dask'])",
    "import pipeline.settings, pipeline.model",
])
def test_the_command_line_and_the_package_import_nothing_heavy(code):
    assert not _imported_after(code) & set(HEAVY)


def test_the_package_still_offers_its_functions_when_asked():
    imported = _imported_after("from pipeline import build_table, folder_fingerprint, find_dates")
    assert "pipeline" in imported and not imported & {"pandas", "dateparser"}


def test_a_build_reaches_for_pandas_only_when_its_frame_is_asked_for(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Russian drones hit Odesa overnight, the governor said on Tuesday.")
    build = (f"from pipeline import build_table; from pipeline.table import write_events; "
             f"r = build_table({str(tmp_path / 'texts')!r}, workers=1); "
             f"write_events(r.events, {str(tmp_path / 'events.parquet')!r})")
    assert not _imported_after(build) & {"pandas", "dateparser"}
    assert "pandas" in _imported_after(build + "; r.frame")
    assert (tmp_path / "events.parquet").stat().st_size > 0


def test_dateparser_is_imported_only_for_a_published_date_not_written_in_iso(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Russian drones hit Odesa overnight, the governor said on Tuesday.")
    manifest = tmp_path / "texts" / "manifest.csv"
    build = f"from pipeline import build_table; r = build_table({str(tmp_path / 'texts')!r}, workers=1); print(r.events)"
    manifest.write_text("file,published\na.txt,2026-03-04\n")
    assert "dateparser" not in _imported_after(build)
    manifest.write_text("file,published\na.txt,\"4 March, 2026\"\n")
    assert "dateparser" in _imported_after(build)


def test_help_answers_without_the_heavy_libraries():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "build", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "--engine" in result.stdout and "--partition-by" in result.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY)


def test_an_engine_without_its_libraries_says_how_to_install_them(monkeypatch):
    real = importlib.import_module

    def without_dask(name, *args):
        if name == "pipeline.engines.dask":
            raise ModuleNotFoundError("No module named 'distributed'", name="distributed")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_dask)
    with pytest.raises(engines.EngineError, match=r"pip install 'eventline\[dask\]'"):
        engines.load("dask")
