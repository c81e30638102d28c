"""The whole pipeline: a folder of texts → one merged event table."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import anchors, events, ingest, merge
from .model import Document, EventMention, Problem
from .table import events_to_frame

Progress = Callable[[int, int, str], None]  # (done, total, document name)


@dataclass
class BuildResult:
    frame: pd.DataFrame
    documents: list[Document]
    problems: list[Problem]
    mentions: list[EventMention] = field(default_factory=list)


def document_mentions(document: Document) -> list[EventMention]:
    """Every event mention of one document (pure: depends on the document alone)."""
    passages = anchors.split_passages(document)
    return events.extract_mentions(document, passages)


def build_table(source_dir: str | Path, progress: Progress | None = None) -> BuildResult:
    documents, problems = ingest.read_folder(source_dir)
    mentions: list[EventMention] = []
    for index, document in enumerate(documents, start=1):
        try:
            mentions.extend(document_mentions(document))
        except Exception as error:  # one bad text must not lose the others
            problems.append(Problem(document.name, f"could not be processed ({type(error).__name__}: {error})"))
        if progress:
            progress(index, len(documents), document.name)
    frame = events_to_frame(merge.merge_mentions(mentions))
    return BuildResult(frame=frame, documents=documents, problems=problems, mentions=mentions)


def folder_fingerprint(source_dir: str | Path) -> str:
    """A hash of the folder's readable files' names and contents: the dashboard's cache key."""
    digest = hashlib.sha256()
    root = Path(source_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
