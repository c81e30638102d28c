"""Curation: what people decided about the events, kept across rebuilds.

A person may hide an event (with a reason), correct its type, status, dates, actors,
places and figures, merge events, split a mention out of one, or flag one for review.
Each decision is stored with who, when, what and why (`store.CurationStore`, SQLite
beside the table), keyed to the mentions it is about (document and sentence, not row
numbers or event ids), and applied again after every build (`apply`), after the merge
and before the table. A decision whose sentences are gone is reported as orphaned.

    decisions  Decision, MentionKey: what was decided, about which mentions
    apply      apply(events, decisions) → Curated: the events after curation, and the
               state of each decision (applied, partly applied, orphaned, undone)
    store      CurationStore: the decisions on disk
    summary    a corrected event's summary from its type's template
"""
from __future__ import annotations

from pathlib import Path

from ..model import Event, Problem
from .apply import Curated, CuratedEvent, DecisionStatus, EventList, EventSource, apply
from .decisions import CORRECTABLE, KINDS, Decision, MentionKey, check_changes, normalise_sentence
from .store import CurationStore, curations_path


def curate_events(events: list[Event], curations: str | Path | None, problems: list[Problem]) -> list[Event]:
    """The build's step: `events` with the decisions of the file `curations` applied (none
    when it is None or does not exist yet); each orphaned decision becomes a warning."""
    if curations is None:
        return events
    decisions = CurationStore(curations).decisions()
    if not decisions:
        return events
    curated = apply(events, decisions)
    for status in curated.orphaned:
        decision = status.decision
        problems.append(Problem(
            str(curations), f"decision {decision.id} ({decision.describe()} by {decision.author}, "
            f"{decision.created}) no longer applies: {status.note}", "warning"))
    return curated.events


__all__ = ["CORRECTABLE", "KINDS", "Curated", "CuratedEvent", "CurationStore", "Decision", "DecisionStatus", "EventList", "EventSource",
           "MentionKey", "apply", "check_changes", "curate_events", "curations_path", "normalise_sentence"]
