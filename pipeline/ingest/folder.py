"""A folder of texts (+ optional manifest.csv) → Documents and the problems met."""
from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import replace
from pathlib import Path

from ..budget import CpuWatch, OverBudget
from ..model import Document, Problem, SourceMeta
from ..settings import SETTINGS, Settings
from .decode import UnreadableFile, decode_bytes, normalise_newlines
from .files import FolderEntry, folder_entries, not_regular, one_line, read_entry
from .html import HtmlPage, html_to_text
from .manifest import MANIFEST_NAME, read_manifest
from .problems import ProblemTally

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
READ_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# A page's own date is machine-written (HTML's `datetime`, OpenGraph, schema.org all ask
# for ISO 8601): only a value of that shape is taken; the text's dateline decides otherwise.
_ISO_DATE_SHAPE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?:[T ].*)?", re.DOTALL)


def _suffix(raw: str) -> str:
    return posixpath.splitext(raw)[1].lower()


def _read_document(entry: FolderEntry, root: Path, meta: SourceMeta, max_bytes: int,
                   settings: Settings) -> tuple[Document, list[Problem]]:
    """One file as a Document with its own warnings; raises UnreadableFile when it cannot be one."""
    raw = read_entry(entry, root, max_bytes)
    if not raw.strip():
        raise UnreadableFile("empty file")
    is_html = _suffix(entry.raw) in HTML_SUFFIXES
    text, decoding_note = decode_bytes(raw, html=is_html)
    notes = [decoding_note] if decoding_note else []
    text = normalise_newlines(text)
    if is_html:
        page = html_to_text(text, max_attributes=settings.html_max_attributes,
                            max_meta_chars=settings.html_max_meta_chars)
        text = page.text
        notes.extend(page.notes)
        meta = _meta_from_page(meta, page)
    if not text.strip():
        raise UnreadableFile("empty file" if not is_html else "no text left after removing the HTML markup")
    problems = [Problem(entry.name, note, "warning") for note in notes]
    return Document(entry.name, text, meta, hashlib.sha256(raw).hexdigest()), problems


def _meta_from_page(meta: SourceMeta, page: HtmlPage) -> SourceMeta:
    """The manifest's metadata, completed from the page where the manifest is silent."""
    title = meta.title or page.title
    published = meta.published
    if not published and _ISO_DATE_SHAPE.fullmatch(page.published):
        published = page.published
    return replace(meta, title=title, published=published)


def _manifest(entries: list[FolderEntry], root: Path, max_bytes: int,
              settings: Settings) -> tuple[dict[str, SourceMeta], list[Problem]]:
    entry = next((e for e in entries if e.raw == MANIFEST_NAME), None)
    if entry is None:
        return {}, []
    try:
        return read_manifest(read_entry(entry, root, max_bytes), settings)
    except UnreadableFile as error:
        return {}, [Problem(MANIFEST_NAME, f"cannot be used ({error}); files read without metadata")]


def read_folder(
    folder: str | Path, *, max_bytes: int | None = None, settings: Settings = SETTINGS,
) -> tuple[list[Document], list[Problem]]:
    """Every readable text, Markdown and HTML file under `folder`, and the problems met.

    Raises FileNotFoundError / NotADirectoryError when `folder` is missing or not a folder.
    `max_bytes` defaults to `settings.max_file_bytes`.
    """
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(f"input folder not found: {folder}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    root = root.resolve()
    max_bytes = settings.max_file_bytes if max_bytes is None else max_bytes

    entries, unlisted = folder_entries(root)
    problems = [Problem(name, reason) for name, reason in unlisted]
    metas, manifest_problems = _manifest(entries, root, max_bytes, settings)
    problems.extend(manifest_problems)

    documents: list[Document] = []
    on_disk: set[str] = set()
    shown: set[str] = set()
    with CpuWatch() as watch:
        for entry in entries:
            if entry.raw == MANIFEST_NAME:
                continue
            on_disk.add(entry.raw)
            if entry.name in shown:  # "a\xff.txt" written so, beside one whose byte is 0xff
                problems.append(Problem(entry.name, "its name, written with escapes, is that of "
                                                    "another file; skipped"))
                continue
            shown.add(entry.name)
            if not entry.regular:  # a pipe, a socket, a device, a link to a folder…
                problems.append(Problem(entry.name, not_regular(entry.kind)))
                continue
            suffix = _suffix(entry.raw)
            if suffix not in READ_SUFFIXES:
                problems.append(Problem(entry.name, f"not a .txt, .md, .html or .htm file "
                                                    f"({one_line(suffix) or 'no extension'})"))
                continue
            meta = replace(metas.get(entry.raw, SourceMeta(file=entry.name)), file=entry.name)
            try:
                with watch.limit(settings.file_cpu_seconds):
                    document, file_problems = _read_document(entry, root, meta, max_bytes, settings)
            except UnreadableFile as skip:
                problems.append(Problem(entry.name, str(skip)))
                continue
            except OverBudget:
                problems.append(Problem(entry.name, f"took longer than {settings.file_cpu_seconds:g} s "
                                                    "of CPU to read; skipped"))
                continue
            except Exception as error:  # a reader's own failure must not lose the other files
                problems.append(Problem(entry.name, f"could not be read ({type(error).__name__}: "
                                                    f"{one_line(str(error))[:200]})"))
                continue
            documents.append(document)
            problems.extend(file_problems)

    missing = ProblemTally(settings.problems_per_kind, MANIFEST_NAME)
    for name in sorted(set(metas) - on_disk):
        missing.add("files listed but not found in the folder", Problem(
            one_line(name), f"listed in {MANIFEST_NAME} but not found in the folder", "warning"))
    problems.extend(missing.problems())
    return documents, problems
