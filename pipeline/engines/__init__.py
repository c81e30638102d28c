"""Other ways to run a build's per-document work and merge than this process and its
worker processes (`build.build_table(..., engine=None)`, the default).

An engine is an object with

    extract_and_merge(documents, progress, *, cache_dir, settings) -> (build.Extraction, list[Event])

that gives the same mentions and events as `build.extract_documents` followed by
`merge.merge_mentions`, so that the table is the same byte for byte. Each engine lives
in its own module, imported only when asked for (`load`): its libraries are optional
extras of the package.
"""
from __future__ import annotations

import importlib

# Engine name → (module, the extra that installs its libraries).
ENGINES = {"dask": ("pipeline.engines.dask", "dask")}


class EngineError(RuntimeError):
    """An engine could not run the build (its libraries missing, its cluster unreachable,
    a worker lost); the message says which and what to do."""


def load(name: str):
    """The module of engine `name`; a clear error if its libraries are not installed."""
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}: expected one of {', '.join(['local', *ENGINES])}")
    module_name, extra = ENGINES[name]
    try:
        return importlib.import_module(module_name)
    except ImportError as error:
        if error.name and error.name.split(".")[0] in ("dask", "distributed"):
            raise EngineError(f"the {name} engine needs its libraries: pip install 'eventline[{extra}]' "
                              f"({error})") from None
        raise
