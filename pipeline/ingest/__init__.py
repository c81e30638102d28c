"""Reading a folder of texts (+ optional manifest.csv) into Documents.

`read_folder(folder)` reads every .txt, .md, .html and .htm file under the folder
(subfolders included, hidden files and folders left out), sorted by name, and returns
the documents together with the problems met on the way. A problem with one file never
stops the others; the caller prints the problems.

- Names are relative to the folder, with "/" between folder parts ("2026/feb/a.txt").
- Decoding: UTF-8 (a BOM is dropped), UTF-16/UTF-32 with a BOM, an HTML page's declared
  charset, else CP1252 (Latin-1 for the few bytes CP1252 leaves undefined), reported as
  a warning. NUL bytes without a UTF-16/32 BOM mean a binary file: skipped.
- Line endings become "\\n"; every other character is kept, so character offsets refer to
  `Document.text` exactly. Markdown is kept as written. HTML is reduced to its text.
- `manifest.csv` (columns file,title,source,url,published) gives each file its
  `SourceMeta`; its problems are reported, never fatal, and a row naming a path outside
  the folder is refused — the pipeline only ever opens files it found inside the folder.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import posixpath
import re
import stat
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from ..anchors import parse_published
from ..model import Document, Problem, SourceMeta

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger files are skipped unread (20 MB)
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "source", "url", "published")
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
_READ_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_BINARY_PROBE_BYTES = 8192
# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class UnreadableFile(Exception):
    """A file that cannot become a document; the message is the reason given to the user."""


# --------------------------------------------------------------------------------------
# Bytes → text
# --------------------------------------------------------------------------------------


def _declared_html_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if Python knows it."""
    match = _HTML_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(raw: bytes, html: bool = False) -> tuple[str, str | None]:
    """Text of a file's bytes and, when the decoding was a guess, a warning to report.

    Raises UnreadableFile for a binary file (NUL bytes in the first 8 KB without a BOM that
    explains them) or bytes that contradict their own BOM.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).removeprefix("\ufeff"), None
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"not valid {encoding.upper()} despite its byte-order mark ({error.reason})")
    if b"\x00" in raw[:_BINARY_PROBE_BYTES]:
        raise UnreadableFile("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    declared = _declared_html_charset(raw) if html else None
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return raw.decode(declared), None
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
    except UnicodeDecodeError:  # bytes 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        return raw.decode("latin-1"), "not valid UTF-8 or cp1252; decoded as latin-1"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------------------
# HTML → text
# --------------------------------------------------------------------------------------

# Page furniture, not the report. <header> stays: news pages put the headline there.
# <head> is not dropped as a whole (pages often leave it unclosed); its <title> is kept
# apart as the title and its other elements hold no text.
_DROPPED_ELEMENTS = frozenset({
    "title", "script", "style", "noscript", "template", "svg", "iframe", "object",
    "nav", "footer", "aside", "form", "button", "select", "dialog",
})
_VOID_ELEMENTS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})
# Elements whose edges are paragraph breaks, and those whose edges are line breaks.
_PARAGRAPH_ELEMENTS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption",
    "article", "section", "header", "main", "table", "ul", "ol", "dl", "pre", "address",
    "hr", "details", "summary",
})
_LINE_ELEMENTS = frozenset({"div", "li", "tr", "dt", "dd", "caption", "td", "th"})
_PUBLISHED_META = frozenset({
    "article:published_time", "og:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publication_date", "dc.date.issued", "dcterms.created",
})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space: not U+00A0, which is kept
# Break marks left at element edges, resolved once the page is read: a run of marks (and
# the spaces around them) is one line break, or a blank line when it holds a paragraph
# edge or two <br>s — so that nested <div><div> or </li><li> do not stack up empty lines.
_LINE_MARK, _PARAGRAPH_MARK, _BR_MARK = "\x01", "\x02", "\x03"
_MARK_RUN = re.compile(r"[ \t]*[\x01\x02\x03][\x01\x02\x03 \t]*")


def _resolve_marks(run: re.Match[str]) -> str:
    marks = run.group()
    return "\n\n" if _PARAGRAPH_MARK in marks or marks.count(_BR_MARK) > 1 else "\n"


class _HtmlText(HTMLParser):
    """Collects a page's visible report text, its <title>, and its publication date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.og_title = ""
        self.published = ""
        self.time_datetime = ""
        self._dropped_depth = 0
        self._in_title = False
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            self._read_meta(values)
        elif tag == "title":
            self._in_title = True
        elif tag == "time" and not self._dropped_depth and not self.time_datetime:
            self.time_datetime = values.get("datetime", "").strip()
        if tag in _DROPPED_ELEMENTS and tag not in _VOID_ELEMENTS:
            self._dropped_depth += 1
        if tag == "pre":
            self._pre_depth += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _DROPPED_ELEMENTS and self._dropped_depth:
            self._dropped_depth -= 1
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if self._dropped_depth:
            return
        self.parts.append(data if self._pre_depth else _HTML_SPACE.sub(" ", data))

    def _read_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        content = values.get("content", "").strip()
        if key in _PUBLISHED_META and content and not self.published:
            self.published = content
        elif key == "og:title" and content and not self.og_title:
            self.og_title = content

    def _break(self, tag: str) -> None:
        if self._dropped_depth:
            return
        if tag in _PARAGRAPH_ELEMENTS:
            self.parts.append(_PARAGRAPH_MARK)
        elif tag in _LINE_ELEMENTS:
            self.parts.append(_LINE_MARK)
        elif tag == "br":
            self.parts.append(_BR_MARK)

    @property
    def title(self) -> str:
        return " ".join(_HTML_SPACE.sub(" ", "".join(self.title_parts)).split()) or self.og_title

    @property
    def text(self) -> str:
        """Lines trimmed, runs of blank lines collapsed to one, no blank lines at the ends."""
        lines: list[str] = []
        for line in _MARK_RUN.sub(_resolve_marks, "".join(self.parts)).split("\n"):
            if line.strip():  # a line of only U+00A0 (`<p>&nbsp;</p>`) counts as blank
                lines.append(line.strip(" \t"))
            elif lines and lines[-1]:
                lines.append("")
        return "\n".join(lines).strip("\n")


@dataclass(frozen=True)
class HtmlPage:
    text: str
    title: str
    published: str  # from <meta property="article:published_time"> or <time datetime>


def html_to_text(html: str) -> HtmlPage:
    """A page's report text, title and publication date (standard library parser only)."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return HtmlPage(parser.text, parser.title, parser.published or parser.time_datetime)


# --------------------------------------------------------------------------------------
# The manifest
# --------------------------------------------------------------------------------------


def _safe_relative_name(name: str) -> str | None:
    """The manifest's file name as a folder-relative "/" path, None if it leaves the folder."""
    candidate = name.strip().replace("\\", "/")
    if not candidate or candidate.startswith("/") or re.match(r"^[A-Za-z]:", candidate):
        return None
    normal = posixpath.normpath(candidate)
    if normal == ".." or normal.startswith("../") or normal == ".":
        return None
    return normal


def _csv_rows(text: str) -> tuple[list[list[str]], int | None]:
    """The rows of a CSV text, and the line where a quote opens that is never closed.

    The lenient reader would run such a quote to the end of the file, making one field
    of every row after it; those rows are dropped and the line is reported instead.
    Other slips (`a.txt,"Quoted" title`) are read leniently, as a person typed them.
    """
    strict = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    while True:
        row_line = strict.line_num + 1
        try:
            rows.append(next(strict))
        except StopIteration:
            return rows, None
        except csv.Error as error:
            if str(error) == "unexpected end of data":  # the end came inside a quoted field
                return rows, row_line
            return list(csv.reader(io.StringIO(text, newline=""))), None


def read_manifest(raw: bytes) -> tuple[dict[str, SourceMeta], list[Problem]]:
    """Source metadata by file name from manifest.csv bytes, and the manifest's problems.

    `published` is kept as written here; read_folder checks it per document.
    """
    try:
        text, decoding_note = decode_bytes(raw)
    except UnreadableFile as skip:
        return {}, [Problem(MANIFEST_NAME, f"not a CSV file ({skip}); files read without metadata")]
    problems = [Problem(MANIFEST_NAME, decoding_note, "warning")] if decoding_note else []
    try:
        rows, unclosed = _csv_rows(normalise_newlines(text))
    except csv.Error as error:
        return {}, [Problem(MANIFEST_NAME, f"not valid CSV ({error}); files read without metadata")]
    if unclosed is not None:
        problems.append(Problem(
            MANIFEST_NAME, f"a quote opened on line {unclosed} is never closed; "
            f"the rows from line {unclosed} on are ignored", "warning"))
    if not rows:
        return {}, [*problems, Problem(MANIFEST_NAME, "empty manifest", "warning")]
    header = [column.strip().lower() for column in rows[0]]
    if "file" not in header:
        return {}, [*problems, Problem(
            MANIFEST_NAME,
            f"no 'file' column (expected columns {','.join(MANIFEST_COLUMNS)}); "
            "files read without metadata",
        )]
    unknown = [column for column in header if column not in MANIFEST_COLUMNS]
    if unknown:
        problems.append(Problem(
            MANIFEST_NAME, f"unknown columns ignored: {', '.join(unknown)}", "warning"))
    metas: dict[str, SourceMeta] = {}
    duplicates: set[str] = set()
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {column: cell.strip() for column, cell in zip(header, row)}
        written = values.get("file", "")
        if not written:
            problems.append(Problem(
                MANIFEST_NAME, f"row {line_number} has no file name; ignored", "warning"))
            continue
        name = _safe_relative_name(written)
        if name is None:
            problems.append(Problem(
                written, f"{MANIFEST_NAME} row {line_number} names a path outside the folder; "
                "refused, not opened"))
            continue
        if name in metas:
            if name not in duplicates:
                duplicates.add(name)
                problems.append(Problem(
                    name, f"listed more than once in {MANIFEST_NAME}; the first row is kept",
                    "warning"))
            continue
        metas[name] = SourceMeta(
            file=name,
            **{column: values.get(column, "") for column in MANIFEST_COLUMNS[1:]},
        )
    return metas, problems


# --------------------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------------------


def _candidate_files(root: Path) -> list[tuple[str, Path]]:
    """(relative name, path) of every non-hidden file under root, sorted by name."""
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        folder = Path(directory)
        prefix = folder.relative_to(root).as_posix()  # once per folder: "." for root itself
        for file_name in files:
            if file_name.startswith("."):
                continue
            found.append((file_name if prefix == "." else f"{prefix}/{file_name}", folder / file_name))
    return sorted(found)


def _read_limited(path: Path, root: Path, max_bytes: int) -> bytes:
    """A file's bytes, refusing links out of the folder and files over max_bytes unread."""
    status = path.lstat()  # the entry itself: a link is followed only once it stays inside
    if stat.S_ISLNK(status.st_mode):
        if not path.resolve().is_relative_to(root):
            raise UnreadableFile("symbolic link to a file outside the folder; not opened")
        status = path.stat()
    size = status.st_size
    if size > max_bytes:
        raise UnreadableFile(f"too large: {size:,} bytes, over the limit of {max_bytes:,} bytes; not read")
    with path.open("rb") as handle:
        # The size found above and one byte more, to see whether the file has grown since
        # (a read of max_bytes + 1 at once would first make room for that many bytes).
        raw = handle.read(size + 1)
        if len(raw) > size:
            raw += handle.read(max_bytes + 1 - len(raw))
    if len(raw) > max_bytes:
        raise UnreadableFile(f"too large: over the limit of {max_bytes:,} bytes; not read")
    return raw


def _read_document(
    name: str, path: Path, root: Path, meta: SourceMeta, max_bytes: int,
) -> tuple[Document, list[Problem]]:
    """One file as a Document with its own warnings; raises UnreadableFile when it cannot be one."""
    raw = _read_limited(path, root, max_bytes)
    if not raw.strip():
        raise UnreadableFile("empty file")
    is_html = path.suffix.lower() in HTML_SUFFIXES
    text, decoding_note = decode_bytes(raw, html=is_html)
    problems = [Problem(name, decoding_note, "warning")] if decoding_note else []
    text = normalise_newlines(text)
    if is_html:
        page = html_to_text(text)
        text = page.text
        meta = _meta_from_page(meta, page)
    if not text.strip():
        raise UnreadableFile("empty file" if not is_html else "no text left after removing the HTML markup")
    return Document(name, text, meta, hashlib.sha256(raw).hexdigest()), problems


def _meta_from_page(meta: SourceMeta, page: HtmlPage) -> SourceMeta:
    """The manifest's metadata, completed from the page where the manifest is silent."""
    title = meta.title or page.title
    published = meta.published
    if not published and page.published:
        try:
            if parse_published(page.published) is not None:
                published = page.published
        except ValueError:  # a page's odd date format: the text's own dateline decides
            pass
    return replace(meta, title=title, published=published)


def _checked_published(name: str, meta: SourceMeta) -> tuple[SourceMeta, list[Problem]]:
    """The manifest's `published` kept only when it is a date; a warning otherwise."""
    try:
        parse_published(meta.published)
    except ValueError:
        problem = Problem(
            name, f"{MANIFEST_NAME}: published value {meta.published!r} is not a date; "
            "ignored, the date is taken from the text", "warning")
        return replace(meta, published=""), [problem]
    return meta, []


def read_folder(
    folder: str | Path, *, max_bytes: int = MAX_FILE_BYTES,
) -> tuple[list[Document], list[Problem]]:
    """Every readable text, Markdown and HTML file under `folder`, and the problems met.

    Raises FileNotFoundError / NotADirectoryError when `folder` is missing or not a folder.
    """
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(f"input folder not found: {folder}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    root = root.resolve()

    metas: dict[str, SourceMeta] = {}
    problems: list[Problem] = []
    manifest_path = root / MANIFEST_NAME
    if manifest_path.is_file():
        try:
            metas, manifest_problems = read_manifest(_read_limited(manifest_path, root, max_bytes))
        except (UnreadableFile, OSError) as error:
            metas, manifest_problems = {}, [Problem(
                MANIFEST_NAME, f"cannot be read ({error}); files read without metadata")]
        problems.extend(manifest_problems)

    documents: list[Document] = []
    on_disk: set[str] = set()
    for name, path in _candidate_files(root):
        if name == MANIFEST_NAME:
            continue
        on_disk.add(name)
        suffix = path.suffix.lower()
        if suffix not in _READ_SUFFIXES:
            problems.append(Problem(name, f"not a .txt, .md, .html or .htm file ({suffix or 'no extension'})"))
            continue
        meta, published_problems = _checked_published(name, metas.get(name, SourceMeta(file=name)))
        problems.extend(published_problems)
        try:
            document, file_problems = _read_document(name, path, root, meta, max_bytes)
        except UnreadableFile as skip:
            problems.append(Problem(name, str(skip)))
            continue
        except OSError as error:
            problems.append(Problem(name, f"cannot be read ({error.strerror or error})"))
            continue
        documents.append(document)
        problems.extend(file_problems)

    problems.extend(
        Problem(name, f"listed in {MANIFEST_NAME} but not found in the folder", "warning")
        for name in sorted(set(metas) - on_disk)
    )
    return documents, problems
