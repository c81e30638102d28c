"""Eventline's pipeline: a folder of texts → one dated event table."""
__all__ = ["BuildResult", "build_table", "folder_fingerprint", "find_dates", "resolve_date"]


def __getattr__(name):
    # Nothing heavy is imported until asked for: a command starts fast.
    if name in ("BuildResult", "build_table", "folder_fingerprint"):
        from . import build
        return getattr(build, name)
    if name in ("find_dates", "resolve_date"):
        from . import dates
        return getattr(dates, name)
    raise AttributeError(name)
