"""Reading a folder: decoding, HTML, the manifest, and every kind of bad input."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from pipeline.anchors import document_anchor
from pipeline.build import read_documents
from pipeline.ingest import MAX_FILE_BYTES, html_to_text, read_folder
from pipeline.model import SourceMeta
from tests.conftest import record_opened_paths

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD = "Russia launched 450 drones at Ukraine overnight.\n"


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder holding one good document beside whatever a test adds."""
    folder = tmp_path / "corpus"
    write(folder, "good.txt", GOOD)
    return folder


def by_name(documents):
    return {d.name: d for d in documents}


def problems_for(problems, name):
    return [p for p in problems if p.file == name]


@pytest.fixture
def opened_paths(monkeypatch) -> list[Path]:
    """Every path opened from now on, recorded on the way to the real open().

    Tests clear it just before the call they watch."""
    return record_opened_paths(monkeypatch)


# --------------------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------------------

def test_missing_folder_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        read_folder(tmp_path / "nowhere")


def test_file_instead_of_folder_raises(tmp_path):
    path = write(tmp_path, "a.txt", GOOD)
    with pytest.raises(NotADirectoryError, match="a.txt"):
        read_folder(path)


def test_reads_all_kinds_sorted_and_recursive(corpus):
    write(corpus, "b.md", "# Heading\n\nKyiv was hit.\n")
    write(corpus, "a.htm", "<p>Kharkiv was hit.</p>")
    write(corpus, "sub/c.HTML", "<p>Odesa was hit.</p>")
    write(corpus, ".hidden.txt", GOOD)
    write(corpus, ".git/notes.txt", GOOD)
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["a.htm", "b.md", "good.txt", "sub/c.HTML"]
    assert by_name(documents)["b.md"].text == "# Heading\n\nKyiv was hit.\n"  # Markdown as written
    assert by_name(documents)["sub/c.HTML"].text == "Odesa was hit."
    assert problems == []


def test_document_fields(corpus):
    (document,) = read_folder(corpus)[0]
    assert document.text == GOOD
    assert document.meta == SourceMeta(file="good.txt")
    assert document.sha256 == hashlib.sha256(GOOD.encode()).hexdigest()


def test_unsupported_file_type_is_reported(corpus):
    write(corpus, "report.pdf", b"%PDF-1.4")
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    (problem,) = problems_for(problems, "report.pdf")
    assert ".pdf" in problem.reason and problem.severity == "skipped"


# --------------------------------------------------------------------------------------
# Bytes and decoding
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_files_are_skipped(corpus, content):
    write(corpus, "empty.txt", content)
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    (problem,) = problems_for(problems, "empty.txt")
    assert problem.reason == "empty file" and problem.severity == "skipped"


def test_binary_file_is_skipped(corpus):
    write(corpus, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    (problem,) = problems_for(problems, "photo.txt")
    assert "binary" in problem.reason and problem.severity == "skipped"


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbfKyiv \xe2\x80\x9cwas hit\xe2\x80\x9d.\r\nDrones.",      # UTF-8 with BOM
    "\ufeffKyiv “was hit”.\r\nDrones.".encode("utf-16-le"),                # UTF-16 LE with BOM
    "\ufeffKyiv “was hit”.\r\nDrones.".encode("utf-16-be"),                # UTF-16 BE with BOM
    "Kyiv “was hit”.\rDrones.".encode("utf-8"),                           # old Mac line ends
])
def test_decoding_with_bom_and_line_endings(corpus, raw):
    write(corpus, "report.txt", raw)
    documents, problems = read_folder(corpus)
    assert by_name(documents)["report.txt"].text == "Kyiv “was hit”.\nDrones."
    assert by_name(documents)["report.txt"].sha256 == hashlib.sha256(raw).hexdigest()
    assert problems == []


def test_cp1252_smart_quotes_are_decoded_with_a_warning(corpus):
    write(corpus, "legacy.txt", b"Zelensky said \x93no\x94 \x96 twice.\r\n")
    documents, problems = read_folder(corpus)
    assert by_name(documents)["legacy.txt"].text == "Zelensky said “no” – twice.\n"
    (problem,) = problems_for(problems, "legacy.txt")
    assert problem.severity == "warning" and "cp1252" in problem.reason
    assert "good.txt" in by_name(documents)


def test_no_break_space_and_other_characters_are_kept(corpus):
    text = "Temperatures fell to minus\u00a020°C — Kyiv’s grid failed.\n"
    write(corpus, "nbsp.txt", text)
    assert by_name(read_folder(corpus)[0])["nbsp.txt"].text == text


def test_oversize_file_is_skipped_unopened(corpus, opened_paths):
    big = write(corpus, "big.txt", "A long report. " * 10)
    opened_paths.clear()  # from here on, only what read_folder opens
    documents, problems = read_folder(corpus, max_bytes=100)
    assert [d.name for d in documents] == ["good.txt"]
    (problem,) = problems_for(problems, "big.txt")
    assert "too large" in problem.reason and "100" in problem.reason
    assert big.resolve() not in opened_paths


def test_size_limit_default():
    assert MAX_FILE_BYTES == 20 * 1024 * 1024


def test_symlink_out_of_the_folder_is_refused(corpus, tmp_path, opened_paths):
    secret = write(tmp_path, "secret.txt", "SECRET")
    (corpus / "link.txt").symlink_to(secret)
    opened_paths.clear()  # from here on, only what read_folder opens
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    assert problems_for(problems, "link.txt")
    assert secret.resolve() not in opened_paths


def test_symlink_inside_the_folder_is_read_and_a_dangling_one_reported(corpus):
    (corpus / "alias.txt").symlink_to(corpus / "good.txt")
    (corpus / "gone.txt").symlink_to(corpus / "missing.txt")
    documents, problems = read_folder(corpus)
    assert by_name(documents)["alias.txt"].text == GOOD
    (problem,) = problems_for(problems, "gone.txt")
    assert "cannot be read" in problem.reason and problem.severity == "skipped"


@pytest.mark.parametrize("max_bytes, read", [(1000, True), (60, False)])
def test_a_file_that_grew_after_its_size_was_taken(corpus, monkeypatch, max_bytes, read):
    """The size is taken before the file is read: bytes written since are read too, up
    to the limit."""
    text = GOOD + "More was written since.\n"
    write(corpus, "growing.txt", text)
    grown = len(text.encode("utf-8"))
    real_stat, real_fstat = os.stat, os.fstat

    def as_it_was(status):
        if status.st_size != grown:
            return status
        fields = list(status)
        fields[6] = 10  # st_size: the file as it was
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda *a, **k: as_it_was(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: as_it_was(real_fstat(fd)))
    documents, problems = read_folder(corpus, max_bytes=max_bytes)
    if read:
        assert by_name(documents)["growing.txt"].text == text
    else:
        assert "growing.txt" not in by_name(documents)
        (problem,) = problems_for(problems, "growing.txt")
        assert problem.reason == "too large: over the limit of 60 bytes; not read"


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head>
<title>Russia strikes Kyiv | Daily News</title>
<meta property="article:published_time" content="2026-02-03T08:00:00+02:00">
<style>p { color: red }</style>
<script>alert(1)</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<header><h1>Russia strikes Kyiv &amp; Kharkiv</h1><p class="byline">By Jane Doe</p></header>
<article>
<p>Russia launched    450
drones overnight.</p>
<noscript>Enable JavaScript</noscript>
<p>Temperatures fell to minus&nbsp;20&deg;C.<br>Power was cut.</p>
<div>Air defence worked.</div>



<p>&nbsp;</p>
<ul><li>Kyiv</li><li>Kharkiv</li></ul>
<form><label>Subscribe</label><input name="e"><button>Go</button></form>
</article>
<aside>Related: other news</aside>
<footer>© 2026 Daily News</footer>
<script type="application/ld+json">{"headline": "x"}</script>
</body></html>
"""


def test_html_reduced_to_report_text():
    page = html_to_text(PAGE)
    assert page.text == (
        "Russia strikes Kyiv & Kharkiv\n\nBy Jane Doe\n\n"
        "Russia launched 450 drones overnight.\n\n"
        "Temperatures fell to minus\u00a020°C.\nPower was cut.\n\n"
        "Air defence worked.\n\nKyiv\nKharkiv"
    )
    assert page.title == "Russia strikes Kyiv | Daily News"
    assert page.published == "2026-02-03T08:00:00+02:00"


@pytest.mark.parametrize("dropped", [
    "alert(1)", "color: red", "Home", "Enable JavaScript", "Subscribe", "Related", "© 2026",
    "headline",
])
def test_html_page_furniture_is_dropped(dropped):
    assert dropped not in html_to_text(PAGE).text


def test_html_time_element_gives_the_date_when_no_meta():
    page = html_to_text('<article><time datetime="2026-02-03T10:00">3 Feb</time><p>Text.</p></article>')
    assert page.published == "2026-02-03T10:00"


def test_html_document_takes_title_and_date_from_the_page(corpus):
    write(corpus, "page.html", PAGE)
    documents, problems = read_folder(corpus)
    page = by_name(documents)["page.html"]
    assert page.meta.title == "Russia strikes Kyiv | Daily News"
    assert page.meta.published == "2026-02-03T08:00:00+02:00"
    assert document_anchor(page).source == "manifest"
    assert problems == []


def test_manifest_title_and_date_win_over_the_page(corpus):
    write(corpus, "page.html", PAGE)
    write(corpus, "manifest.csv", "file,title,source,url,published\npage.html,Own title,Daily,,2026-02-04\n")
    page = by_name(read_folder(corpus)[0])["page.html"]
    assert (page.meta.title, page.meta.source, page.meta.published) == ("Own title", "Daily", "2026-02-04")


def test_html_with_no_text_is_skipped(corpus):
    write(corpus, "blank.html", "<html><head><title>T</title><script>x()</script></head><body></body></html>")
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    assert problems_for(problems, "blank.html")[0].severity == "skipped"


# --------------------------------------------------------------------------------------
# The manifest
# --------------------------------------------------------------------------------------

def test_manifest_metadata_is_attached_and_manifest_is_no_document(corpus):
    write(corpus, "sub/b.txt", GOOD)
    write(corpus, "manifest.csv",
          'file,title,source,url,published\n'
          'good.txt,"Strikes, again",Wire,https://example.org/a,2026-02-03\n'
          'sub/b.txt,Second,,,2025-09\n')
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt", "sub/b.txt"]
    assert by_name(documents)["good.txt"].meta == SourceMeta(
        "good.txt", "Strikes, again", "Wire", "https://example.org/a", "2026-02-03")
    assert by_name(documents)["sub/b.txt"].meta.published == "2025-09"
    assert problems == []


def test_files_missing_from_the_manifest_are_still_read(corpus):
    write(corpus, "other.txt", GOOD)
    write(corpus, "manifest.csv", "file,title\ngood.txt,Listed\n")
    documents, problems = read_folder(corpus)
    assert by_name(documents)["other.txt"].meta == SourceMeta(file="other.txt")
    assert by_name(documents)["good.txt"].meta.title == "Listed"
    assert problems == []


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xfe\x00",  # random binary bytes
    b"\x8f\x1e\xd3\x99\xa7;\x02\x7f\xee\x81\xc4",                          # bytes without NUL
    b"name,date\ngood.txt,2026-02-03\n",                                   # CSV without 'file'
])
def test_unusable_manifest_is_reported_and_documents_still_read(corpus, raw):
    write(corpus, "other.txt", GOOD)
    write(corpus, "manifest.csv", raw)
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt", "other.txt"]
    assert all(d.meta == SourceMeta(file=d.name) for d in documents)
    manifest_problems = problems_for(problems, "manifest.csv")
    assert manifest_problems and any("without metadata" in p.reason for p in manifest_problems)


def test_manifest_unknown_columns_are_ignored_with_a_warning(corpus):
    write(corpus, "manifest.csv", "file,title,author,lang\ngood.txt,T,Jane,en\n")
    documents, problems = read_folder(corpus)
    assert documents[0].meta == SourceMeta(file="good.txt", title="T")
    (problem,) = problems
    assert (problem.file, problem.severity) == ("manifest.csv", "warning")
    assert "author" in problem.reason and "lang" in problem.reason


def test_manifest_duplicate_rows_keep_the_first_and_warn_once(corpus):
    write(corpus, "manifest.csv",
          "file,title\ngood.txt,First\ngood.txt,Second\ngood.txt,Third\n")
    documents, problems = read_folder(corpus)
    assert documents[0].meta.title == "First"
    (problem,) = problems
    assert (problem.file, problem.severity) == ("good.txt", "warning")


def test_manifest_broken_published_is_kept_as_written_and_the_text_dates_it(corpus):
    """Ingest keeps `published` as given (it reads no dates: that is a later stage's
    work); the anchors ignore it and the build warns, naming the file."""
    write(corpus, "dated.txt", "Headline\n3 February 2026 - 22:45\nText.\n")
    write(corpus, "manifest.csv", "file,published\ndated.txt,next Tuesday-ish\ngood.txt,2026-02-03\n")
    documents, problems = read_folder(corpus)
    dated = by_name(documents)["dated.txt"]
    assert dated.meta.published == "next Tuesday-ish" and problems == []
    assert document_anchor(dated).source == "dateline"
    assert by_name(documents)["good.txt"].meta.published == "2026-02-03"
    documents, problems = read_documents(corpus)
    (problem,) = problems
    assert problem.file == "dated.txt" and problem.severity == "warning"
    assert "next Tuesday-ish" in problem.reason and "not a date" in problem.reason


def test_ingest_imports_no_later_stage():
    """Data flows one way: the ingest modules import the foundation and each other only."""
    later = ("text", "dates", "anchors", "gazetteer", "events", "merge", "views", "table", "build", "cache")
    for module in sorted((Path(__file__).resolve().parent.parent / "pipeline" / "ingest").glob("*.py")):
        source = module.read_text("utf-8")
        imported = re.findall(r"^\s*(?:from|import)\s+(\S+)", source, re.MULTILINE)
        for name in imported:
            parts = name.lstrip(".").split(".")
            assert not (name.startswith("..") and parts[0] in later), f"{module.name} imports {name}"
            assert not (name.startswith("pipeline.") and parts[1] in later), f"{module.name} imports {name}"


@pytest.mark.parametrize("escape", ["../secret.txt", "../../etc/passwd", "/etc/passwd", "sub/../../secret.txt"])
def test_manifest_path_outside_the_folder_is_refused_and_never_opened(corpus, tmp_path, opened_paths, escape):
    secret = write(tmp_path, "secret.txt", "SECRET")
    write(corpus, "manifest.csv", f"file,title\n{escape},Stolen\ngood.txt,Fine\n")
    opened_paths.clear()  # from here on, only what read_folder opens
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    assert documents[0].meta.title == "Fine"
    (problem,) = problems
    assert problem.file == escape and "refused" in problem.reason
    assert secret.resolve() not in opened_paths
    assert Path("/etc/passwd").resolve() not in opened_paths
    assert all("SECRET" not in d.text for d in documents)


def test_manifest_row_naming_a_missing_file_warns(corpus):
    write(corpus, "manifest.csv", "file,title\ngood.txt,Here\ngone.txt,Missing\n")
    documents, problems = read_folder(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    (problem,) = problems
    assert (problem.file, problem.severity) == ("gone.txt", "warning")
    assert "not found" in problem.reason


def test_manifest_with_bom_and_crlf(corpus):
    write(corpus, "manifest.csv", b"\xef\xbb\xbffile,title\r\ngood.txt,Title\r\n")
    documents, problems = read_folder(corpus)
    assert documents[0].meta.title == "Title" and problems == []


def test_many_problems_at_once_each_reported_once(corpus):
    write(corpus, "empty.txt", b"")
    write(corpus, "bin.txt", b"ab\x00cd")
    write(corpus, "manifest.csv",
          "file,title,extra,published\n"
          "good.txt,A,x,not-a-date\ngood.txt,B,y,\n../x.txt,C,z,\nnone.txt,D,w,\n")
    documents, problems = read_documents(corpus)
    assert [d.name for d in documents] == ["good.txt"]
    assert len(problems) == len(set(problems)) == 7  # good.txt: duplicate + bad date
    assert {p.file for p in problems} == {"manifest.csv", "good.txt", "../x.txt", "none.txt", "empty.txt", "bin.txt"}


# --------------------------------------------------------------------------------------
# The seeds
# --------------------------------------------------------------------------------------

def test_seed_folder_reads_cleanly():
    documents, problems = read_folder(SEEDS)
    assert problems == []
    assert [d.name[:3] for d in documents] == ["000", "001", "002", "003", "004"]
    meta = by_name(documents)["001_0e2a154100ffc278.txt"].meta
    assert (meta.source, meta.published) == ("Thread Reader", "2025-09")
    for document in documents:
        raw = (SEEDS / document.name).read_bytes()
        assert document.text == raw.decode("utf-8").replace("\r\n", "\n")
