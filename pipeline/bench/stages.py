"""Where a one-worker build's time goes, stage by stage, in one fresh process:

    python -m pipeline.bench.stages FOLDER

prints a JSON object: CPU seconds (`time.process_time`) of ingest, the per-document work
(`build.document_mentions`: anchors and extraction), the merge, the table, and the
import of the modules before any of them.
"""
from __future__ import annotations

import json
import sys
import time


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
            "events": len(frame)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
