"""Scoring an event table against gold rows (the format of shared/gold/seeds_dev.csv).

The matching follows shared/gold/README.md:
- a gold row is found by an event of the same type, with overlapping dates and — when both
  name any actor or place — a shared actor or place, that lists the row's document among
  its sources; an event with no date matches only a gold row with no date, a gold row with
  no date matches any date;
- matching is one-to-one within a document (an event counts for at most one gold row of
  each document that lists it, a row for at most one event), pairs taken greedily:
  required rows first, exact dates first, more shared names first, nearest start first;
- a hypothetical row "shown as occurred" is one the matching pairs with an occurred event
  whose evidence holds the row's quote (with -v, hypothetical rows left unmatched whose
  sentence is also the evidence of an occurred event are listed apart);
- recall is over required rows; precision is matched (event, document) pairs over every
  event emitted for the gold documents, counted once per document that lists it;
- events of a type the gold does not annotate are left out of every figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

# The types the gold files annotate; other types (ceasefire, prisoner_exchange) are left out.


@dataclass
class Pair:
    gold: pd.Series
    event: pd.Series
    exact: bool


@dataclass
class Score:
    required: int = 0
    found_required: int = 0
    emitted: int = 0  # (event, gold document) pairs
    correct_emitted: int = 0
    found: int = 0  # gold rows matched, required or not
    exact_dates: int = 0
    status_agree: int = 0
    hypothetical_as_occurred: int = 0
    multi_document_keys: int = 0
    merged_keys: int = 0  # of those, the keys whose rows are all matched by one single event
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)
    split_keys: list[str] = field(default_factory=list)
    shared_sentences: list[str] = field(default_factory=list)

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

    @property
    def merged_share(self) -> float:
        return self.merged_keys / self.multi_document_keys if self.multi_document_keys else 1.0


def _split(value) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {part.strip() for part in value.split(";") if part.strip()}


def doc_stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def read_gold(path) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("date_start", "date_end"):
        gold[column] = pd.to_datetime(gold[column], errors="coerce")
    return gold


def _dated(value) -> bool:
    return not pd.isna(value)


def _dates_fit(event: pd.Series, row: pd.Series) -> bool:
    if not _dated(row["date_start"]):
        return True  # a gold row with no date matches any date
    if not _dated(event["date_start"]):
        return False  # an event with no date matches only an undated row
    return event["date_start"] <= row["date_end"] and row["date_start"] <= event["date_end"]


def shared_names(event: pd.Series, row: pd.Series) -> int:
    return (len(set(event["actors"]) & _split(row["actors"]))
            + len(set(event["places"]) & _split(row["places"])))


def matches(event: pd.Series, row: pd.Series) -> bool:
    """Whether the event can match the gold row (before the one-to-one assignment)."""
    if event["type"] != row["type"] or row["doc"] not in {doc_stem(s) for s in event["sources"]}:
        return False
    if not _dates_fit(event, row):
        return False
    event_names = set(event["actors"]) | set(event["places"])
    row_names = _split(row["actors"]) | _split(row["places"])
    return not (event_names and row_names) or shared_names(event, row) > 0


def _exact(event: pd.Series, row: pd.Series) -> bool:
    if not _dated(row["date_start"]) or not _dated(event["date_start"]):
        return not _dated(row["date_start"]) and not _dated(event["date_start"])
    return event["date_start"] == row["date_start"] and event["date_end"] == row["date_end"]


def _distance(event: pd.Series, row: pd.Series) -> int:
    if not _dated(row["date_start"]) or not _dated(event["date_start"]):
        return 0
    return abs((event["date_start"] - row["date_start"]).days)


def assign(events: list[pd.Series], rows: list[pd.Series]) -> list[Pair]:
    """The one-to-one pairs of one document, taken greedily in the README's order."""
    candidates = []
    for r, row in enumerate(rows):
        for e, event in enumerate(events):
            if matches(event, row):
                exact = _exact(event, row)
                key = (row["required"] != "yes", not exact, -shared_names(event, row),
                       _distance(event, row), r, e)
                candidates.append((key, r, e, exact))
    candidates.sort()
    used_rows, used_events, pairs = set(), set(), []
    for _, r, e, exact in candidates:
        if r in used_rows or e in used_events:
            continue
        used_rows.add(r)
        used_events.add(e)
        pairs.append(Pair(rows[r], events[e], exact))
    return pairs


def _told_in(event: pd.Series, row: pd.Series) -> bool:
    """The event's evidence includes the gold row's quoted words."""
    quote = " ".join(str(row.get("evidence", "")).split())
    if not quote:
        return False
    return any(quote in " ".join(e["sentence"].split()) or " ".join(e["sentence"].split()) in quote
               for e in event["evidence"])


def score(table: pd.DataFrame, gold: pd.DataFrame) -> Score:
    docs = sorted(set(gold["doc"]))
    # the types the gold annotates (its rows say which): events of others are left out
    table = table[table["type"].isin(set(gold["type"]))]
    events_of: dict[str, list[pd.Series]] = {doc: [] for doc in docs}
    for _, event in table.iterrows():
        for doc in dict.fromkeys(doc_stem(s) for s in event["sources"]):
            if doc in events_of:
                events_of[doc].append(event)
    result = Score(required=int((gold["required"] == "yes").sum()))
    matched_by: dict[tuple[str, str], str] = {}  # (doc, event_key) → event_id
    for doc in docs:
        rows = [row for _, row in gold[gold["doc"] == doc].iterrows()]
        events = events_of[doc]
        pairs = assign(events, rows)
        result.emitted += len(events)
        result.correct_emitted += len(pairs)
        paired_rows = {id(p.gold) for p in pairs}
        paired_events = {id(p.event) for p in pairs}
        for pair in pairs:
            row, event = pair.gold, pair.event
            label = f"{doc} {row['event_key']}"
            matched_by[(doc, row["event_key"])] = event["event_id"]
            result.found += 1
            result.found_required += row["required"] == "yes"
            if pair.exact:
                result.exact_dates += 1
            else:
                result.wrong_dates.append(f"{label}: {_span(event)} vs gold {_span(row)}"
                                          f" ({event['date_text'] or event['date_method']})")
            if event["status"] == row["status"]:
                result.status_agree += 1
            else:
                result.wrong_status.append(f"{label}: {event['status']} vs gold {row['status']}")
        for pair in pairs:
            # a hypothetical row matched (paired one-to-one) by an occurred event that tells it
            if pair.gold["status"] == "hypothetical" and pair.event["status"] == "occurred" \
                    and _told_in(pair.event, pair.gold):
                result.hypothetical_as_occurred += 1
        for row in rows:
            if row["status"] == "hypothetical" and id(row) not in paired_rows and any(
                    e["status"] == "occurred" and matches(e, row) and _told_in(e, row) for e in events):
                result.shared_sentences.append(f"{doc} {row['event_key']}: its sentence also tells an "
                                               "occurred event, and no event of ours tells it")
            if id(row) not in paired_rows and row["required"] == "yes":
                result.missed.append(f"{doc} {row['event_key']} ({row['type']} {_span(row)}): "
                                     f"{' '.join(str(row['evidence']).split())}")
        for event in events:
            if id(event) not in paired_events:
                result.spurious.append(f"{doc} {_describe(event)}")
    for key, rows in gold.groupby("event_key"):
        if rows["doc"].nunique() < 2:
            continue
        result.multi_document_keys += 1
        ids = {matched_by.get((doc, key)) for doc in rows["doc"]}
        if len(ids) == 1 and None not in ids:
            result.merged_keys += 1
        else:
            result.split_keys.append(f"{key}: " + ", ".join(
                f"{doc}→{matched_by.get((doc, key)) or 'missed'}" for doc in rows["doc"]))
    return result


def _span(item: pd.Series) -> str:
    if not _dated(item["date_start"]):
        return "undated"
    start, end = item["date_start"].date(), item["date_end"].date()
    return f"{start}" if start == end else f"{start}..{end}"


def _describe(event: pd.Series) -> str:
    sentence = event["evidence"][0]["sentence"] if len(event["evidence"]) else ""
    return (f"{event['type']} {event['status']} {_span(event)} {'/'.join(event['actors'])}"
            f" @ {'/'.join(event['places'])} — “{' '.join(sentence.split())[:200]}”")


def select_documents(gold: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """The gold rows of the documents whose name matches `pattern` (a regular expression)."""
    return gold[gold["doc"].map(lambda d: re.search(pattern, d) is not None)]


def report(result: Score, verbose: bool = False) -> str:
    lines = []
    if verbose:
        lines += [f"  missed (required): {m}" for m in result.missed]
        lines += [f"  spurious: {s}" for s in result.spurious]
        lines += [f"  date differs: {w}" for w in result.wrong_dates]
        lines += [f"  status differs: {w}" for w in result.wrong_status]
        lines += [f"  not merged: {w}" for w in result.split_keys]
        lines += [f"  hypothetical not told: {w}" for w in result.shared_sentences]
    lines += [
        f"recall (required rows): {result.recall:.2f} ({result.found_required}/{result.required})",
        f"precision: {result.precision:.2f} ({result.correct_emitted}/{result.emitted} events emitted for the gold documents)",
        f"exact dates: {result.exact_date_share:.2f} ({result.exact_dates}/{result.found} found gold rows)",
        f"status agreement: {result.status_agreement:.2f} ({result.status_agree}/{result.found})",
        f"hypothetical shown as occurred: {result.hypothetical_as_occurred}",
        f"events told by several texts merged into one row: {result.merged_share:.2f} "
        f"({result.merged_keys}/{result.multi_document_keys})",
    ]
    return "\n".join(lines)


def summary_line(label: str, result: Score) -> str:
    return (f"{label:<28} recall {result.recall:.2f} ({result.found_required}/{result.required})  "
            f"precision {result.precision:.2f} ({result.correct_emitted}/{result.emitted})  "
            f"exact dates {result.exact_date_share:.2f} ({result.exact_dates}/{result.found})  "
            f"status {result.status_agreement:.2f} ({result.status_agree}/{result.found})  "
            f"hyp→occ {result.hypothetical_as_occurred}  merged {result.merged_keys}/{result.multi_document_keys}")
