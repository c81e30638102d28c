"""Files written whole or not at all: a temporary file beside the target, flushed to
disk, renamed over it; temporaries left by killed writers swept later."""
from __future__ import annotations

import glob
import os
import secrets
import stat
import time
from pathlib import Path


def written(out: str | os.PathLike, write) -> Path:
    """`write(temporary file name)`, then that file flushed and renamed over `out`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"{out}: the table is written as .parquet or .csv, not {suffix or 'no extension'}")
    tmp_name = new_temporary_file(out)
    try:
        if out.exists():
            os.chmod(tmp_name, stat.S_IMODE(out.stat().st_mode))
        write(tmp_name)
        with open(tmp_name, "rb") as written:
            os.fsync(written.fileno())  # the bytes are on disk before the name points at them
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    sync_folder(out.parent)
    sweep_stale_temporaries(out)
    return out


# A temporary file lives for the seconds a table takes to write; one this old was left by
# a build that was killed while writing.
STALE_TEMPORARY_SECONDS = 3600


def sweep_stale_temporaries(out: Path) -> None:
    """Remove the temporary files that killed builds left beside `out` (never a recent
    one: another build may be writing it now)."""
    now = time.time()
    for leftover in out.parent.glob(f".{glob.escape(out.name)}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def new_temporary_file(out: Path) -> str:
    """An empty file beside `out`, created with the umask's permissions (not mkstemp's 0600)."""
    while True:
        name = str(out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return name
        except FileExistsError:
            continue


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder for this."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def new_temporary_name(out: Path) -> str:
    """A name beside `out` that nothing holds yet (a folder is made there by the writer)."""
    while True:
        name = out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp"
        if not name.exists():
            return str(name)
