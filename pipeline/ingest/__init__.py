"""Reading a folder of texts (+ optional manifest.csv) into Documents.

`read_folder(folder)` reads every .txt, .md, .html and .htm file under the folder
(subfolders included, hidden files and folders left out), sorted by name, and returns
the documents together with the problems met on the way. A problem with one file never
stops the others; the caller prints the problems.

- Names are relative to the folder, with "/" between folder parts ("2026/feb/a.txt"),
  shown escaped where they hold what a line or a table cell cannot (`escaped_name`).
- Files: only regular files are opened (never a pipe, socket or device); a link only to
  a regular file inside the folder; a file over `SETTINGS.max_file_bytes` is skipped
  unread; one that takes over `SETTINGS.file_cpu_seconds` of CPU to read is skipped
  (`files`).
- Decoding: UTF-8 (a BOM is dropped), UTF-16/UTF-32 with a BOM, an HTML page's declared
  charset, else CP1252 (Latin-1 for the few bytes CP1252 leaves undefined), reported as
  a warning. NUL bytes without a UTF-16/32 BOM mean a binary file: skipped (`decode`).
- Line endings become "\\n"; every other character is kept, so character offsets refer to
  `Document.text` exactly. Markdown is kept as written. HTML is reduced to its text (`html`).
- `manifest.csv` (columns file,title,source,url,published) gives each file its
  `SourceMeta`, `published` as written (`manifest`).
"""
from ..settings import SETTINGS
from .decode import UnreadableFile, decode_bytes, normalise_newlines
from .files import FolderEntry, escaped_name, folder_entries, one_line, read_entry
from .folder import HTML_SUFFIXES, READ_SUFFIXES, TEXT_SUFFIXES, read_folder
from .html import HtmlPage, html_to_text
from .manifest import MANIFEST_COLUMNS, MANIFEST_NAME, read_manifest

MAX_FILE_BYTES = SETTINGS.max_file_bytes  # larger files are skipped unread (20 MB)

__all__ = [
    "HTML_SUFFIXES", "MANIFEST_COLUMNS", "MANIFEST_NAME", "MAX_FILE_BYTES", "READ_SUFFIXES", "TEXT_SUFFIXES",
    "FolderEntry", "HtmlPage", "UnreadableFile", "decode_bytes", "escaped_name", "folder_entries",
    "html_to_text", "normalise_newlines", "one_line", "read_entry", "read_folder", "read_manifest",
]
