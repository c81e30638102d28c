"""pipeline.curate: decisions about events, applied after the merge and kept across rebuilds.

The events here are made of hand-written mentions (merge.event_from, as the build makes
them); the end-to-end tests build a small folder of texts written for them."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import build_table, merge
from pipeline.curate import CurationStore, Decision, MentionKey, apply, curations_path
from pipeline.model import Event, EventMention, Evidence, PlaceRef, ResolvedDate
from pipeline.table import events_to_frame
from pipeline.views.curation import curated_table

KYIV = PlaceRef("Kyiv", "city", "Ukraine", 50.45, 30.52)
ODESA = PlaceRef("Odesa", "city", "Ukraine", 46.48, 30.73)
GENEVA = PlaceRef("Geneva", "city", "Switzerland", 46.2, 6.14)


def mention(document: str, sentence: str, start: int, kind: str = "strike", day: str = "2026-02-03",
            places=(KYIV,), actors=("Russia", "Ukraine"), roles=None, **figures) -> EventMention:
    date = dt.date.fromisoformat(day)
    return EventMention(type=kind, status="occurred", date=ResolvedDate(date, date, "day", "relative"),
                        date_text="overnight", actors=tuple(actors), places=tuple(places),
                        evidence=Evidence(document, start, start + len(sentence), sentence, trigger="struck"),
                        summary=f"{kind} in {places[0].name}", roles=tuple(roles or ()), **figures)


@pytest.fixture
def events() -> list[Event]:
    kyiv = merge.event_from([mention("a.txt", "Russian drones struck Kyiv overnight.", 0, drones=40),
                             mention("b.txt", "Drones hit the capital, Kyiv, before dawn.", 120, drones=45)])
    odesa = merge.event_from([mention("a.txt", "A missile struck Odesa's port.", 60, places=(ODESA,), missiles=1)])
    again = merge.event_from([mention("c.txt", "Odesa's port was hit by a missile.", 10, places=(ODESA,),
                                      missiles=2)])
    talks = merge.event_from([mention("c.txt", "Delegations met in Geneva.", 80, kind="talks", places=(GENEVA,),
                                      actors=("Ukraine", "United States"))])
    return [kyiv, odesa, again, talks]


def keys(event: Event) -> tuple[MentionKey, ...]:
    return tuple(MentionKey.of(m) for m in event.mentions)


def decision(kind: str, *targets, **fields) -> Decision:
    return Decision(kind, tuple(targets), fields.pop("author", "Ann"), fields.pop("reason", "checked"), **fields)


@pytest.mark.parametrize("kind, targets, fields, message", [
    ("delete", 1, {}, "unknown decision kind"),
    ("hide", 1, {"author": " "}, "name of the person"),
    ("merge", 1, {}, "two events or more"),
    ("correct", 1, {"changes": {}}, "at least one changed field"),
    ("correct", 1, {"changes": {"summary": "x"}}, "cannot be corrected: summary"),
    ("correct", 1, {"changes": {"status": "rumoured"}}, "status must be one of"),
    ("correct", 1, {"changes": {"date_start": "3 Feb"}}, "must be a date"),
    ("correct", 1, {"changes": {"date_start": "2026-02-04", "date_end": "2026-02-01"}}, "before the start"),
    ("correct", 1, {"changes": {"drones": -3}}, "whole number of zero or more"),
    ("correct", 1, {"changes": {"actors": "Russia"}}, "list of names"),
])
def test_decisions_that_cannot_apply_are_refused_when_made(events, kind, targets, fields, message):
    with pytest.raises(ValueError, match=message):
        decision(kind, *[keys(e) for e in events[:targets]], **fields)


def test_a_hidden_event_is_gone_and_listed_as_hidden(events):
    curated = apply(events, [decision("hide", keys(events[3]), reason="not talks: a press comment")])
    assert [e.event_id for e in curated.events] == [e.event_id for e in events[:3]]
    assert [(e.event_id, d.reason) for e, d in curated.hidden] == [(events[3].event_id, "not talks: a press comment")]
    assert [s.state for s in curated.statuses] == ["applied"]


def test_a_correction_changes_the_fields_and_says_so(events):
    changes = {"date_start": "2026-02-02", "type": "talks", "actors": ["Ukraine", "Turkey"], "drones": 50}
    curated = apply(events, [decision("correct", keys(events[0]), changes=changes)])
    corrected = next(e for e in curated.changed if e.event_id == events[0].event_id)
    assert (corrected.date_start, corrected.date_end, corrected.precision) == (dt.date(2026, 2, 2),) * 2 + ("day",)
    assert corrected.type == "talks" and corrected.actors == ["Ukraine", "Turkey"] and corrected.drones == 50
    assert corrected.curation == ["type", "dates", "actors", "figures"]
    assert corrected.summary == "Talks: Ukraine, Turkey in Kyiv"  # the talks template of the registry
    assert events[0].type == "strike" and events[0].date_start == dt.date(2026, 2, 3)  # input untouched
    row = events_to_frame(curated.events).set_index("event_id").loc[events[0].event_id]
    assert list(row["curation"]) == ["type", "dates", "actors", "figures"]


def test_a_later_correction_wins_field_by_field(events):
    curated = apply(events, [decision("correct", keys(events[1]), changes={"missiles": 3, "status": "planned"}),
                             decision("correct", keys(events[1]), changes={"missiles": 5})])
    corrected = curated.changed[0]
    assert (corrected.missiles, corrected.status) == (5, "planned")
    assert corrected.summary.startswith("Planned Russia strike on Ukraine")


def _unattributed() -> Event:
    return merge.event_from([mention("d.txt", "Drones hit a substation in Kyiv; no one claimed the attack.", 0,
                                     actors=("Ukraine",), roles=("", "Ukraine"))])


def test_a_corrected_strike_keeps_its_sides_by_role():
    struck = _unattributed()
    assert struck.summary == "Unattributed strike on Ukraine (Kyiv)"
    # a correction of another field leaves the side struck as the side struck
    curated = apply([struck], [decision("correct", keys(struck), changes={"status": "planned"})])
    assert curated.changed[0].summary == "Planned Unattributed strike on Ukraine (Kyiv)"
    # so does one made in the dashboard, from the table's row
    frame = events_to_frame([struck])
    from_row = curated_table(frame, [decision("correct", keys(struck), changes={"status": "planned"})]).frame
    assert from_row["summary"].tolist() == ["Planned Unattributed strike on Ukraine (Kyiv)"]
    assert from_row[["attacker", "attacked"]].values.tolist() == [["", "Ukraine"]]
    # a person lists a strike's actors attacker first
    curated = apply([struck], [decision("correct", keys(struck), changes={"actors": ["Belarus", "Ukraine"]})])
    assert curated.changed[0].roles == ["Belarus", "Ukraine"]
    assert curated.changed[0].summary == "Belarus strike on Ukraine (Kyiv)"
    # and a type without sides has none
    curated = apply([struck], [decision("correct", keys(struck), changes={"type": "talks"})])
    assert curated.changed[0].roles == []


def test_places_a_person_types_are_looked_up_in_the_gazetteer(events):
    curated = apply(events, [decision("correct", keys(events[0]), changes={"places": ["Kharkiv", "Nowhere Town"]})])
    places = curated.changed[0].places
    assert places[0].name == "Kharkiv" and places[0].latitude is not None
    assert (places[1].name, places[1].latitude) == ("Nowhere Town", None)


def test_two_events_merged_are_one_with_every_mention(events):
    curated = apply(events, [decision("merge", keys(events[1]), keys(events[2]), reason="the same attack")])
    merged = [e for e in curated.events if "merged" in getattr(e, "curation", [])]
    assert len(merged) == 1 and len(curated.events) == 3
    assert sorted(m.evidence.document for m in merged[0].mentions) == ["a.txt", "c.txt"]
    assert merged[0].sources == ["a.txt", "c.txt"] and merged[0].missiles == 2  # the larger on a tie


class CountedKeys:
    """The events as a source that records which documents' mentions were keyed."""

    def __init__(self, events):
        from pipeline.curate.apply import EventList

        self.source, self.keyed = EventList(events), []
        self.event, self.mention = self.source.event, self.source.mention

    def __len__(self):
        return len(self.source)

    def keys(self, documents=None):
        for handle, key in self.source.keys(documents):
            self.keyed.append(key.document)
            yield handle, key


@pytest.mark.parametrize("source", ["events", "table"])
def test_only_the_documents_a_decision_names_are_keyed(events, source):
    from pipeline.views.curation import FrameSource

    made = CountedKeys(events) if source == "events" else FrameSource(events_to_frame(events))
    keyed = sorted(key.document for _, key in made.keys({"c.txt"}))
    assert keyed == ["c.txt", "c.txt"]
    assert sorted(key.document for _, key in made.keys()) == ["a.txt", "a.txt", "b.txt", "c.txt", "c.txt"]
    if source == "events":
        made.keyed.clear()
        curated = apply(made, [decision("hide", keys(events[3]), reason="not talks")])
        assert set(made.keyed) == {"c.txt"}  # a.txt and b.txt were never keyed
        assert len(curated.events) == 3 and not any(e.type == "talks" for e in curated.events)
        made.keyed.clear()
        assert len(apply(made, []).events) == 4 and made.keyed == []


def test_a_mention_split_out_is_an_event_of_its_own(events):
    told_twice = events[0]
    curated = apply(events, [decision("split", (MentionKey.of(told_twice.mentions[1]),))])
    parts = [e for e in curated.events if "split" in getattr(e, "curation", [])]
    assert sorted(len(e.mentions) for e in parts) == [1, 1] and len(curated.events) == 5
    assert {m.evidence.document for e in parts for m in e.mentions} == {"a.txt", "b.txt"}


def test_structure_first_then_content(events):
    # The correction was taken before the merge, keyed to the first event: it applies to the merged one.
    curated = apply(events, [decision("correct", keys(events[1]), changes={"killed": 2}),
                             decision("merge", keys(events[1]), keys(events[2])),
                             decision("flag", keys(events[2]), reason="casualty count unclear")])
    merged = [e for e in curated.events if "merged" in getattr(e, "curation", [])][0]
    assert merged.killed == 2 and merged.curation == ["merged", "figures", "flagged"]


def test_an_undone_decision_is_not_applied(events):
    undone = Decision("hide", (keys(events[0]),), "Ann", "oops", undone="2026-02-04T10:00:00+00:00", undone_by="Bob")
    curated = apply(events, [undone])
    assert len(curated.events) == 4 and curated.statuses[0].state == "undone"


def test_a_decision_whose_sentence_changed_is_orphaned_and_says_why(events):
    edited = MentionKey("a.txt", "Russian drones struck Kyiv late at night.", 0, 39, "strike", "struck")
    curated = apply(events, [decision("hide", (edited,)),
                             decision("hide", keys(events[0]) + (edited,)),
                             decision("merge", keys(events[1]), (edited,))])
    states = [(s.state, s.note) for s in curated.statuses]
    assert states[0] == ("orphaned", "the sentence “Russian drones struck Kyiv late at night.” is no longer in a.txt")
    assert states[1] == ("partly applied", "1 of 3 sentences no longer found")
    assert states[2][0] == "orphaned"
    assert [e.event_id for e, _ in curated.hidden] == [events[0].event_id]


def test_white_space_does_not_orphan_a_decision(events):
    reflowed = MentionKey("a.txt", "Russian  drones struck\nKyiv overnight. ", 5, 44, "strike", "struck")
    curated = apply(events, [decision("hide", (reflowed,))])
    assert curated.statuses[0].state == "applied" and len(curated.events) == 3


# --------------------------------------------------------------------------- the store


def test_the_store_keeps_who_when_what_and_why_and_undoes(tmp_path, events):
    store = CurationStore(tmp_path / "t.curations.sqlite")
    assert store.decisions() == [] and store.signature() == ()
    first = store.add(decision("hide", keys(events[3]), reason="press comment", about="Talks, Geneva"))
    second = store.add(decision("correct", keys(events[0]), changes={"drones": 40}, author="Bob"))
    stored = store.decisions()
    assert [(d.id, d.kind, d.author, d.reason) for d in stored] == [(first, "hide", "Ann", "press comment"),
                                                                    (second, "correct", "Bob", "checked")]
    assert stored[0].targets == (keys(events[3]),) and stored[0].about == "Talks, Geneva"
    assert stored[1].changes == {"drones": 40} and dt.datetime.fromisoformat(stored[0].created).tzinfo
    signature = store.signature()
    assert store.undo(first, "Bob") and not store.undo(first, "Bob")
    assert store.signature() != signature
    assert store.decisions()[0].undone and store.decisions()[0].undone_by == "Bob"
    with pytest.raises(ValueError):
        store.undo(second, " ")


def test_the_decisions_file_sits_beside_its_table():
    assert curations_path("build/seeds-1a2b3c4d.parquet") == Path("build/seeds-1a2b3c4d.curations.sqlite")


def _session(path: str, author: str, count: int) -> None:
    store = CurationStore(path)
    key = (MentionKey("a.txt", f"Sentence by {author}.", 0, 10, "strike", "hit"),)
    for number in range(count):
        made = store.add(Decision("flag", (key,), author, f"check {number}"))
        if number % 5 == 0:
            store.undo(made, author)


def test_two_sessions_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "t.curations.sqlite")
    context = multiprocessing.get_context("spawn")
    sessions = [context.Process(target=_session, args=(path, name, 40)) for name in ("Ann", "Bob")]
    for process in sessions:
        process.start()
    for process in sessions:
        process.join(timeout=120)
        assert process.exitcode == 0
    stored = CurationStore(path).decisions()
    assert len(stored) == 80 and len({d.id for d in stored}) == 80
    for name in ("Ann", "Bob"):
        mine = [d for d in stored if d.author == name]
        assert [d.reason for d in mine] == [f"check {n}" for n in range(40)]
        assert sum(d.undone is not None for d in mine) == 8


# --------------------------------------------------------------------------- across rebuilds

TEXTS = {
    "north.txt": ("Russian drones struck Kharkiv overnight, injuring five people, the governor said.\n"
                  "Russian missiles hit Dnipro on Monday, killing two people.\n"),
    "south.txt": "A Russian drone attack on Odesa damaged the port overnight, officials said.\n",
}
MANIFEST = "file,title,source,url,published\nnorth.txt,North,Desk,,2026-02-03\nsouth.txt,South,Desk,,2026-02-03\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name, text in TEXTS.items():
        (texts / name).write_text(text, encoding="utf-8")
    (texts / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return texts


def _event_told_in(frame, document: str, words: str):
    for _, row in frame.iterrows():
        if any(e["document"] == document and words in e["sentence"] for e in row["evidence"]):
            return row
    raise AssertionError(f"no event told in {document} with {words!r}: the texts gave {list(frame['summary'])}")


def _row_keys(row) -> tuple[MentionKey, ...]:
    return tuple(MentionKey.from_evidence(e, row["type"]) for e in row["evidence"])


def test_decisions_survive_a_rebuild_and_a_changed_sentence_is_reported(folder, tmp_path):
    store_path = tmp_path / "texts.curations.sqlite"
    store = CurationStore(store_path)
    first = build_table(folder, workers=1).frame
    kharkiv, dnipro = _event_told_in(first, "north.txt", "Kharkiv"), _event_told_in(first, "north.txt", "Dnipro")
    odesa = _event_told_in(first, "south.txt", "Odesa")
    store.add(Decision("hide", (_row_keys(kharkiv),), "Ann", "counted twice elsewhere"))
    store.add(Decision("correct", (_row_keys(dnipro),), "Ann", "the text means Sunday",
                       changes={"date_start": "2026-02-01"}))
    store.add(Decision("flag", (_row_keys(odesa),), "Bob", "port or city?"))

    curated = build_table(folder, workers=1, curations=store_path)
    ids = set(curated.frame["event_id"])
    assert kharkiv["event_id"] not in ids
    assert curated.frame.set_index("event_id").loc[dnipro["event_id"], "date_start"] == dt.datetime(2026, 2, 1)
    assert [p for p in curated.problems if str(store_path) in p.file] == []

    # The Kharkiv sentence is rewritten; the other decisions' sentences are untouched.
    (folder / "north.txt").write_text(TEXTS["north.txt"].replace("injuring five people", "wounding five"),
                                      encoding="utf-8")
    rebuilt = build_table(folder, workers=1, curations=store_path)
    orphaned = [p for p in rebuilt.problems if str(store_path) in p.file]
    assert len(orphaned) == 1 and orphaned[0].severity == "warning"
    assert "decision 1 (hide by Ann" in orphaned[0].reason and "is no longer in north.txt" in orphaned[0].reason
    frame = rebuilt.frame.set_index("event_id")
    assert _event_told_in(rebuilt.frame, "north.txt", "wounding five")["event_id"] in frame.index  # shown again
    dnipro_now = _event_told_in(rebuilt.frame, "north.txt", "Dnipro")
    assert dnipro_now["date_start"] == dt.datetime(2026, 2, 1) and list(dnipro_now["curation"]) == ["dates"]
    assert list(_event_told_in(rebuilt.frame, "south.txt", "Odesa")["curation"]) == ["flagged"]


def test_the_command_line_applies_the_decisions_and_reports_orphans(folder, tmp_path):
    out = tmp_path / "build" / "texts.parquet"
    first = build_table(folder, workers=1).frame
    odesa = _event_told_in(first, "south.txt", "Odesa")
    store = CurationStore(curations_path(out))
    store.add(Decision("hide", (_row_keys(odesa),), "Ann", "duplicate"))
    store.add(Decision("hide", ((MentionKey("gone.txt", "A sentence no text holds."),),), "Ann", "old"))
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", str(folder), "--out", str(out), "--no-cache",
                           "--curations", str(curations_path(out))], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "decision 2 (hide by Ann" in done.stderr and "no longer in gone.txt" in done.stderr
    from pipeline.table import read_table

    table = read_table(out)
    assert odesa["event_id"] not in set(table["event_id"]) and "curation" in table.columns


def test_the_dashboards_incremental_curation_equals_the_builds(folder, tmp_path):
    store = CurationStore(tmp_path / "d.curations.sqlite")
    result = build_table(folder, workers=1)
    rows = [_event_told_in(result.frame, "north.txt", "Kharkiv"), _event_told_in(result.frame, "north.txt", "Dnipro"),
            _event_told_in(result.frame, "south.txt", "Odesa")]
    store.add(Decision("merge", (_row_keys(rows[0]), _row_keys(rows[2])), "Ann", "one wave"))
    store.add(Decision("correct", (_row_keys(rows[1]),), "Ann", "", changes={"killed": 3}))
    built = build_table(folder, workers=1, curations=store.path).frame
    shown = curated_table(result.frame, store.decisions(), result.mentions).frame
    assert shown.drop(columns=[]).equals(built)
    # Without the mentions (a table opened as built), the same decisions give the same rows.
    from_table = curated_table(result.frame, store.decisions()).frame
    assert list(from_table["event_id"]) == list(built["event_id"])
    assert list(from_table["curation"].map(list)) == list(built["curation"].map(list))



def test_switching_the_file_to_wal_retries_while_another_session_holds_the_lock():
    # SQLite answers "database is locked" to a journal-mode switch without waiting (no busy
    # handler), as when two sessions open a new decisions file at once: the switch retries.
    import sqlite3

    from pipeline.curate.store import _write_ahead

    class Busy:
        """A connection whose first two mode switches meet another session's lock."""

        def __init__(self):
            self.mode, self.refused = "delete", 0

        def execute(self, statement):
            if statement.endswith("= WAL"):
                if self.refused < 2:
                    self.refused += 1
                    raise sqlite3.OperationalError("database is locked")
                self.mode = "wal"
            return self

        def fetchone(self):
            return (self.mode,)

    connection = Busy()
    _write_ahead(connection)
    assert connection.mode == "wal" and connection.refused == 2
