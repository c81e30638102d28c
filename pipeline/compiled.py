"""Large regular expressions, compiled once per machine rather than at every start.

Python compiles a pattern from its text in every new process. The date scanner alone
(about 60,000 characters, `pipeline.dates.grammar`) takes a tenth of a second of CPU to
compile, a sixth of a one-file build, and each worker process pays it again. What the
compiler produces is a list of integers (the code `re` hands to `_sre`), the same for the
same pattern, flags and interpreter; `compiled(pattern)` keeps that list in the user's
cache directory and reads it back in about a millisecond next time.

The entry's name is a hash of the pattern, its flags and what the code depends on: the
interpreter's exact version and `_sre`'s MAGIC and code size. Its content is data, never
code to run: a JSON header (the pattern's hash, its group names and the checksum of the
code) and the code as unsigned integers, which `_sre` checks before use as it does for any
pattern. Anything amiss — no writable cache directory, a damaged or foreign file, an
interpreter whose `re` is built otherwise — and the pattern is compiled from its text, as
without this module. `EVENTLINE_REGEX_CACHE=0` turns it off.
"""
from __future__ import annotations

import array
import hashlib
import json
import os
import re
import sys
from pathlib import Path

ENTRY_SUFFIX = ".sre"
# Patterns shorter than this compile in well under a millisecond: not worth a file.
MIN_CHARS = 4096


def cache_folder() -> Path:
    """The user's Eventline cache folder (`cache.user_cache_dir`) / regex."""
    from .cache import user_cache_dir  # (only when a long pattern is compiled)

    return user_cache_dir() / "regex"


def compiled(pattern: str, flags: int = 0, folder: Path | None = None) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, its code read from the cache when kept there."""
    engine = _engine()
    if engine is None or len(pattern) < MIN_CHARS or os.environ.get("EVENTLINE_REGEX_CACHE") == "0":
        return re.compile(pattern, flags)
    folder = folder or cache_folder()
    key = hashlib.sha256(json.dumps([pattern, flags, *engine]).encode()).hexdigest()
    path = folder / f"{key[:40]}{ENTRY_SUFFIX}"
    found = _read(path, pattern, key)
    if found is not None:
        return found
    parts = _compile_parts(pattern, flags)
    _write(path, key, parts)
    return _build(pattern, parts)


def _engine() -> tuple | None:
    """What the compiled code depends on, or None when this `re` is not the one known here."""
    try:
        import _sre
        from re import _compiler, _parser  # noqa: F401  (Python 3.11+)
    except ImportError:
        return None
    if not hasattr(_compiler, "_code") or not hasattr(_sre, "compile"):
        return None
    return sys.version, sys.byteorder, _sre.MAGIC, _sre.CODESIZE


def _compile_parts(pattern: str, flags: int) -> dict:
    """What re._compiler.compile hands to _sre.compile, as plain data."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return {"flags": int(flags | parsed.state.flags), "code": code, "groups": parsed.state.groups - 1,
            "groupindex": groupindex, "indexgroup": indexgroup}


def _build(pattern: str, parts: dict) -> re.Pattern[str]:
    import _sre

    return _sre.compile(pattern, parts["flags"], parts["code"], parts["groups"], parts["groupindex"],
                        tuple(parts["indexgroup"]))


def _typecode() -> str:
    import _sre

    return next(code for code in "IL" if array.array(code).itemsize == _sre.CODESIZE)


def _write(path: Path, key: str, parts: dict) -> None:
    body = array.array(_typecode(), parts["code"]).tobytes()
    header = {"key": key, "flags": parts["flags"], "groups": parts["groups"], "groupindex": parts["groupindex"],
              "indexgroup": parts["indexgroup"], "sha256": hashlib.sha256(body).hexdigest()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(json.dumps(header).encode() + b"\n" + body)
        os.replace(temporary, path)  # whole or not at all: concurrent starts may race here
    except OSError:
        pass  # a read-only or full cache directory: compile at every start, as before


def _read(path: Path, pattern: str, key: str) -> re.Pattern[str] | None:
    try:
        blob = path.read_bytes()
        head, _, body = blob.partition(b"\n")
        header = json.loads(head)
        if header.get("key") != key or header.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        code = array.array(_typecode())
        code.frombytes(body)
        groupindex = {str(name): int(number) for name, number in header["groupindex"].items()}
        return _build(pattern, {"flags": int(header["flags"]), "code": code.tolist(),
                                "groups": int(header["groups"]), "groupindex": groupindex,
                                "indexgroup": header["indexgroup"]})
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RuntimeError):
        # missing, damaged (bad JSON, code _sre refuses) or of another shape
        return None
