"""Scoring an event table against gold rows (the format of shared/gold/seeds_dev.csv).

A gold row is found when an event of the same type, with overlapping dates and a shared
actor or place, lists that document among its sources. Precision is over every event
emitted for the gold documents: an event is correct when it matches any gold row of
its documents (required or borderline).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Score:
    required: int
    found_required: int
    emitted: int
    correct_emitted: int
    found: int
    exact_dates: int
    status_agree: int
    hypothetical_as_occurred: int
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_required / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct_emitted / self.emitted if self.emitted else 1.0

    @property
    def exact_date_share(self) -> float:
        return self.exact_dates / self.found if self.found else 1.0

    @property
    def status_agreement(self) -> float:
        return self.status_agree / self.found if self.found else 1.0


def _split(value) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {part.strip() for part in value.split(";") if part.strip()}


def _doc_stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def _squash(text: str) -> str:
    return " ".join(str(text).split())


def _tells(event: pd.Series, gold_row: pd.Series) -> bool:
    """The event's evidence includes the gold row's quoted sentence (or part of it)."""
    quote = _squash(gold_row.get("evidence", ""))
    if not quote:
        return False
    return any(quote in _squash(e["sentence"]) or _squash(e["sentence"]) in quote
               for e in event["evidence"])


def read_gold(path) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("date_start", "date_end"):
        gold[column] = pd.to_datetime(gold[column], errors="coerce")
    return gold


def matches(event: pd.Series, gold_row: pd.Series) -> bool:
    if event["type"] != gold_row["type"]:
        return False
    if gold_row["doc"] not in {_doc_stem(s) for s in event["sources"]}:
        return False
    if pd.isna(event["date_start"]) or pd.isna(gold_row["date_start"]):
        return False
    if not (event["date_start"] <= gold_row["date_end"] and gold_row["date_start"] <= event["date_end"]):
        return False
    shared_actor = set(event["actors"]) & _split(gold_row["actors"])
    shared_place = set(event["places"]) & _split(gold_row["places"])
    return bool(shared_actor or shared_place)


def score(table: pd.DataFrame, gold: pd.DataFrame) -> Score:
    docs = set(gold["doc"])
    emitted = table[table["sources"].map(lambda s: bool({_doc_stem(x) for x in s} & docs))]
    result = Score(required=int((gold["required"] == "yes").sum()), found_required=0,
                   emitted=len(emitted), correct_emitted=0, found=0, exact_dates=0,
                   status_agree=0, hypothetical_as_occurred=0)
    for _, gold_row in gold.iterrows():
        hits = [event for _, event in emitted.iterrows() if matches(event, gold_row)]
        label = f"{gold_row['doc']} {gold_row['event_key']}"
        # A hypothetical whose own sentence is evidence of an event drawn as occurred.
        if gold_row["status"] == "hypothetical" and any(
                e["status"] == "occurred" and _tells(e, gold_row) for e in hits):
            result.hypothetical_as_occurred += 1
        if not hits:
            if gold_row["required"] == "yes":
                result.missed.append(label)
            continue
        result.found += 1
        if gold_row["required"] == "yes":
            result.found_required += 1
        best = max(hits, key=lambda e: (e["status"] == gold_row["status"],
                                        e["date_start"] == gold_row["date_start"] and e["date_end"] == gold_row["date_end"]))
        if best["date_start"] == gold_row["date_start"] and best["date_end"] == gold_row["date_end"]:
            result.exact_dates += 1
        else:
            result.wrong_dates.append(
                f"{label}: {best['date_start'].date()}..{best['date_end'].date()} vs gold "
                f"{gold_row['date_start'].date()}..{gold_row['date_end'].date()}")
        if best["status"] == gold_row["status"]:
            result.status_agree += 1
    for _, event in emitted.iterrows():
        if any(matches(event, g) for _, g in gold.iterrows()):
            result.correct_emitted += 1
        else:
            start = event["date_start"].date() if not pd.isna(event["date_start"]) else "?"
            result.spurious.append(f"{event['event_id']} {event['type']} {event['status']} {start} "
                                   f"{'/'.join(event['actors'])} @ {'/'.join(event['places'])} — {event['summary']}")
    return result


def report(result: Score, verbose: bool = False) -> str:
    lines = []
    if verbose:
        lines += [f"  missed (required): {m}" for m in result.missed]
        lines += [f"  spurious: {s}" for s in result.spurious]
        lines += [f"  date differs: {w}" for w in result.wrong_dates]
    lines += [
        f"recall (required rows): {result.recall:.2f} ({result.found_required}/{result.required})",
        f"precision: {result.precision:.2f} ({result.correct_emitted}/{result.emitted} events emitted for the gold documents)",
        f"exact dates: {result.exact_date_share:.2f} ({result.exact_dates}/{result.found} found gold rows)",
        f"status agreement: {result.status_agreement:.2f} ({result.status_agree}/{result.found})",
        f"hypothetical shown as occurred: {result.hypothetical_as_occurred}",
    ]
    return "\n".join(lines)
