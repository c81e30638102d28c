"""The folder on disk: which files it holds, their names as shown, and their bytes.

Anything a folder can hold is met with a reason, never a hang or a crash: named pipes,
sockets and devices are never opened (a pipe's open would wait for a writer forever);
symbolic links are followed only to regular files inside the folder, and a loop of links
is reported; an unreadable file or subfolder is reported; a file that vanishes, or turns
into something else, between the listing and the reading is reported.

Names are kept as the system gives them (bytes that are not UTF-8 as surrogate escapes)
to open the files, and shown escaped (`escaped_name`): one line, printable, no `;`.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .decode import UnreadableFile

# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

# What cannot stand in a one-line message or a table cell as it is: control characters
# (line breaks among them), line and paragraph separators, the marks that reorder text
# on screen, and lone surrogates (bytes of a name that were not UTF-8).
_UNPRINTABLE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNPRINTABLE_RUN = re.compile(f"[{_UNPRINTABLE}]")
_NAME_ESCAPES = re.compile(f"[{_UNPRINTABLE};]")  # ";" separates the names of a CSV list cell
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` as one printable line: control characters, separators and undecodable
    bytes written as escapes (`\\n`, `\\x1b`, `\\xff`, `\\u2028`)."""
    return _UNPRINTABLE_RUN.sub(_escape, text)


def escaped_name(name: str) -> str:
    """A file name as the table and the messages show it: `one_line`, and `;` (the
    separator of a CSV list cell) as `\\x3b`. Ordinary names are unchanged."""
    return _NAME_ESCAPES.sub(_escape, name)


# --------------------------------------------------------------------------------------
# The listing
# --------------------------------------------------------------------------------------

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((words for test, words in _SPECIAL_KINDS if test(mode)), "not a regular file")


@dataclass(frozen=True)
class FolderEntry:
    """One non-hidden entry of the folder (subfolders' entries included)."""

    raw: str  # relative name with "/" between folder parts, as the system gives it
    name: str  # `escaped_name(raw)`: how the table and the messages name it
    path: str  # where to open it
    kind: str  # "file", "link", "link to a folder", or the words of `file_kind` for anything else

    @property
    def regular(self) -> bool:
        """A file, or a link that may lead to one: worth a look at its name and bytes."""
        return self.kind in ("file", "link")


def folder_entries(root: Path) -> tuple[list[FolderEntry], list[tuple[str, str]]]:
    """Every non-hidden entry under `root` that is not a folder, sorted by name, and the
    (escaped name, reason) of each subfolder that could not be listed."""
    found: list[FolderEntry] = []
    unlisted: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()  # (device, inode) of the folders listed
    pending = [("", str(root))]
    while pending:
        prefix, directory = pending.pop()
        shown = escaped_name(prefix + "/") if prefix else "."
        try:
            status = os.stat(directory, follow_symlinks=False)
            if (status.st_dev, status.st_ino) in seen:  # a folder mounted inside itself
                unlisted.append((shown, "a folder listed already (mounted inside itself); not read again"))
                continue
            seen.add((status.st_dev, status.st_ino))
            with os.scandir(directory) as listing:
                entries = list(listing)
        except FileNotFoundError:
            unlisted.append((shown, "folder vanished while the folder was read; its files are not read"))
            continue
        except OSError as error:  # unreadable, or replaced by a file during the scan
            unlisted.append((shown, f"folder cannot be read ({error.strerror or error}); its files are not read"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            raw = f"{prefix}/{entry.name}" if prefix else entry.name
            kind = _entry_kind(entry)
            if kind == "folder":
                pending.append((raw, entry.path))
            else:
                found.append(FolderEntry(raw, escaped_name(raw), entry.path, kind))
    found.sort(key=lambda entry: entry.raw)
    return found, sorted(unlisted)


def _entry_kind(entry: os.DirEntry) -> str:
    try:
        if entry.is_symlink():
            return "link to a folder" if _is_dir(entry) else "link"
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        if entry.is_file(follow_symlinks=False):
            return "file"
        return file_kind(entry.stat(follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return "vanished"
    except OSError as error:
        return f"unreadable ({error.strerror or error})"


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows the link
    except OSError:  # a loop, or nothing at the end: told when it is read
        return False


# --------------------------------------------------------------------------------------
# The bytes
# --------------------------------------------------------------------------------------

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "vanished while the folder was read; not read"
    if error.errno == errno.ELOOP:
        return "changed into a symbolic link while the folder was read; not opened"
    return f"cannot be read ({error.strerror or type(error).__name__})"


def _link_target(entry: FolderEntry, root: Path) -> str:
    try:
        target = os.path.realpath(entry.path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableFile("symbolic link loop; not opened") from None
        if isinstance(error, FileNotFoundError):
            raise UnreadableFile("cannot be read (a symbolic link to nothing)") from None
        raise UnreadableFile(_reason(error)) from None
    if not Path(target).is_relative_to(root):
        raise UnreadableFile("symbolic link to a file outside the folder; not opened")
    return target


def read_entry(entry: FolderEntry, root: Path, max_bytes: int) -> bytes:
    """An entry's bytes, raising UnreadableFile with the reason when it has none to give:
    not a regular file, a link leading out of the folder or in a loop, over `max_bytes`
    (never opened then), unreadable, vanished, or changed on the way."""
    if not entry.regular:
        raise UnreadableFile(not_regular(entry.kind))
    path = _link_target(entry, root) if entry.kind == "link" else entry.path
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(not_regular(file_kind(status.st_mode)))
        _check_size(status.st_size, max_bytes)
        # Opened without following a link and without waiting: a file swapped for a link
        # or a pipe since it was looked at is refused, not read or waited on.
        with open(path, "rb", buffering=0, opener=lambda name, _: os.open(name, _OPEN_FLAGS)) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise UnreadableFile(not_regular(file_kind(status.st_mode)))
            size = status.st_size
            _check_size(size, max_bytes)
            # The size found above and one byte more, to see whether the file has grown
            # since (a read of max_bytes + 1 at once would first make room for that many).
            raw = _read_up_to(handle, size + 1)
            if len(raw) > size:
                raw += _read_up_to(handle, max_bytes + 1 - len(raw))
    except OSError as error:
        raise UnreadableFile(_reason(error)) from None
    if len(raw) > max_bytes:
        raise UnreadableFile(f"too large: over the limit of {max_bytes:,} bytes; not read")
    return raw


def _read_up_to(handle, count: int) -> bytes:
    """Up to `count` bytes (an unbuffered read may return fewer than asked before the end)."""
    parts, got = [], 0
    while got < count:
        part = handle.read(count - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableFile(f"too large: {size:,} bytes, over the limit of {max_bytes:,} bytes; not read")


def not_regular(kind: str) -> str:
    """Why an entry of this kind is not read."""
    if kind == "vanished":
        return "vanished while the folder was read; not read"
    if kind.startswith("unreadable"):
        return f"cannot be read{kind.removeprefix('unreadable')}"
    if kind in ("a folder", "link to a folder"):
        return "a link to a folder; not followed"
    return f"{kind}, not a regular file; not opened"
