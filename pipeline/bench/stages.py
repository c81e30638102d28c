"""Where a one-worker build's time goes, stage by stage, in one fresh process:

    python -m pipeline.bench.stages FOLDER

prints a JSON object: CPU seconds (`time.process_time`) of ingest, the per-document work
(`build.document_mentions`: anchors and extraction), the merge, the table, and the
import of the modules before any of them; and how many sentence readings the memory of
readings (`pipeline.events`) holds at the end, when the engine exposes it as an LRU
cache — 0 with EVENTLINE_READINGS_REMEMBERED=0 if the engine honours the switch.
"""
from __future__ import annotations

import functools
import json
import sys
import time


def remembered_readings() -> int | None:
    """Entries held by the LRU caches of pipeline.events sized as the memory of readings
    (settings.readings_remembered's default); None if there is no such cache."""
    import importlib
    import pkgutil

    from ..settings import Settings

    size = Settings().readings_remembered
    package = importlib.import_module("pipeline.events")
    modules = [package] + [importlib.import_module(f"pipeline.events.{m.name}")
                           for m in pkgutil.iter_modules(package.__path__)]
    held = None
    for module in modules:
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if isinstance(value, functools._lru_cache_wrapper) and info and info().maxsize == size:
                held = (held or 0) + info().currsize
    return held


def main(folder: str) -> dict:
    clock = time.process_time
    stages: dict[str, float] = {}
    started = clock()
    from .. import build, ingest, merge
    from ..table import events_to_frame

    stages["imports"] = clock() - started
    started = clock()
    documents, _ = ingest.read_folder(folder)
    stages["ingest"] = clock() - started
    started = clock()
    mentions = [m for document in documents for m in build.document_mentions(document)]
    stages["per-document work"] = clock() - started
    started = clock()
    events = merge.merge_mentions(mentions)
    stages["merge"] = clock() - started
    started = clock()
    frame = events_to_frame(events)
    stages["table"] = clock() - started
    return {"stages": stages, "documents": len(documents), "mentions": len(mentions),
            "events": len(frame), "remembered": remembered_readings()}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
