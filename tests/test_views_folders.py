"""pipeline.views.folders: one table per folder, change detection, adding texts."""
from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest

from pipeline.ingest import read_folder
from pipeline.settings import SETTINGS
from pipeline.views import folders

ROOT = Path(__file__).resolve().parents[1]


def test_each_folder_has_its_own_table(tmp_path):
    (tmp_path / "a" / "texts").mkdir(parents=True)
    (tmp_path / "b" / "texts").mkdir(parents=True)
    first, second = folders.table_path_for(tmp_path / "a" / "texts"), folders.table_path_for(tmp_path / "b" / "texts")
    assert first != second
    assert first.parent == Path("build") and first.name.startswith("texts-") and first.suffix == ".parquet"
    assert folders.table_path_for(tmp_path / "a" / "texts" / ".." / "texts") == first  # the same folder


@pytest.mark.parametrize("name, slug", [("seeds", "seeds"), ("My Texts (2026)", "my-texts-2026"), ("…", "folder")])
def test_folder_slug(tmp_path, name, slug):
    (tmp_path / name).mkdir()
    assert folders.folder_slug(tmp_path / name) == slug


def test_the_makefile_names_the_table_as_the_dashboard_does(tmp_path):
    folder = tmp_path / "Field Reports"
    folder.mkdir()
    shown = subprocess.run(["make", "-s", "--no-print-directory", "table-path", f"SOURCE={folder}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == str(folders.table_path_for(folder))


def test_the_signature_changes_with_a_file_and_ignores_hidden_ones(tmp_path):
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    before = folders.stat_signature(tmp_path)
    (tmp_path / ".a.txt.1234.tmp").write_text("half written", encoding="utf-8")
    assert folders.stat_signature(tmp_path) == before
    (tmp_path / "b.txt").write_text("two", encoding="utf-8")
    assert folders.stat_signature(tmp_path) != before


def test_newer_files_than_the_table(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "old.txt").write_text("x", encoding="utf-8")
    table = tmp_path / "table.parquet"
    table.write_bytes(b"x")
    os.utime(texts / "old.txt", (1, 1))
    (texts / "new.txt").write_text("y", encoding="utf-8")
    os.utime(texts / "new.txt", (table.stat().st_mtime + 10,) * 2)
    assert folders.newer_files(texts, table) == ["new.txt"]


@pytest.mark.parametrize("name, safe", [
    ("report.txt", "report.txt"), ("../../etc/passwd.txt", "passwd.txt"), ("C:\\x\\y.MD", "y.md"),
    ("Удар по Києву.html", "text.html"), (".hidden.txt", "hidden.txt"), ("a b;c.htm", "a-b-c.htm"),
])
def test_safe_file_names(name, safe):
    assert folders.safe_file_name(name) == safe


@pytest.mark.parametrize("name", ["script.py", "page.php", "noextension", "archive.txt.zip"])
def test_other_file_types_are_refused(name):
    with pytest.raises(folders.UploadRefused, match="only .htm, .html, .md, .txt"):
        folders.safe_file_name(name)


def test_an_uploaded_file_lands_in_the_folder_with_its_manifest_row(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,title,source,url,published\nold.txt,Old,Desk,,2026-01-01\n",
                                           encoding="utf-8")
    (tmp_path / "old.txt").write_text("Russia struck Kharkiv on Monday.\n", encoding="utf-8")
    added = folders.add_text_file(tmp_path, "../new report.txt", b"Russia launched 40 drones at Odesa overnight.\n",
                                  title="New report", source="Desk", published="2026-02-03")
    assert added.name == "new-report.txt"
    assert (tmp_path / added.name).read_bytes().startswith(b"Russia launched")
    rows = list(csv.DictReader(open(tmp_path / "manifest.csv", encoding="utf-8")))
    assert rows[-1] == {"file": "new-report.txt", "title": "New report", "source": "Desk", "url": "",
                        "published": "2026-02-03"}
    documents, problems = read_folder(tmp_path)
    assert {d.name: d.meta.published for d in documents} == {"new-report.txt": "2026-02-03", "old.txt": "2026-01-01"}
    assert problems == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_second_file_of_the_same_name_gets_a_new_name(tmp_path):
    first = folders.add_text_file(tmp_path, "a.txt", b"one")
    second = folders.add_text_file(tmp_path, "a.txt", b"two")
    assert (first.name, second.name) == ("a.txt", "a-2.txt")
    assert (tmp_path / "a.txt").read_bytes() == b"one"


def test_a_pasted_text_is_named_after_its_title(tmp_path):
    added = folders.add_pasted_text(tmp_path, "Talks were held in Geneva on Friday.\r\n", title="Geneva talks",
                                    source="Wire", url="https://example.org/g", published="2026-02-06")
    assert added.name == "Geneva-talks.txt"
    assert (tmp_path / added.name).read_text(encoding="utf-8") == "Talks were held in Geneva on Friday.\n"
    documents, _ = read_folder(tmp_path)
    assert documents[0].meta.url == "https://example.org/g" and documents[0].meta.source == "Wire"


@pytest.mark.parametrize("arguments, reason", [
    (dict(name="a.txt", data=b""), "empty"),
    (dict(name="a.txt", data=b"\x00\x01binary" * 10), "not text"),
    (dict(name="a.txt", data=b"x", published="soon"), "not a date"),
    (dict(name="a.txt", data=b"x", url="javascript:alert(1)"), "http"),
])
def test_bad_uploads_are_refused_with_a_reason(tmp_path, arguments, reason):
    with pytest.raises(folders.UploadRefused, match=reason):
        folders.add_text_file(tmp_path, **arguments)
    assert list(tmp_path.iterdir()) == []


def test_an_upload_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from dataclasses import replace

    monkeypatch.setattr(folders, "SETTINGS", replace(SETTINGS, max_file_bytes=10))
    with pytest.raises(folders.UploadRefused, match="over the limit of 10 bytes"):
        folders.add_text_file(tmp_path, "a.txt", b"x" * 11)
    with pytest.raises(folders.UploadRefused, match="needs a title"):
        folders.add_pasted_text(tmp_path, "text", title=" ")
