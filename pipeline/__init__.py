"""Eventline's pipeline: a folder of texts → one dated event table."""
from .build import BuildResult, build_table, folder_fingerprint

__all__ = ["BuildResult", "build_table", "folder_fingerprint", "find_dates", "resolve_date"]


def __getattr__(name):
    # The date functions load dateparser; import them only when asked for.
    if name in ("find_dates", "resolve_date"):
        from . import dates
        return getattr(dates, name)
    raise AttributeError(name)
