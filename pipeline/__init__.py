"""Eventline's pipeline: a folder of texts → one dated event table."""
from __future__ import annotations

__all__ = ["BuildResult", "build_table", "folder_fingerprint", "find_dates", "resolve_date"]

# Where each public name lives. They are imported when first asked for, so that
# `import pipeline` (and `python -m pipeline`, before it knows the command) loads none
# of pandas, pyarrow or dateparser.
_LAZY = {"BuildResult": "build", "build_table": "build", "folder_fingerprint": "build",
         "find_dates": "dates", "resolve_date": "dates"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
