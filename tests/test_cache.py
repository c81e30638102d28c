"""The mention cache: keys, storage, invalidation, and incremental rebuilds."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
import sqlite3
import types
import typing
import zlib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline import build, cache
from pipeline.model import Document, Evidence, EventMention, PlaceRef, ResolvedDate, SourceMeta

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KYIV = PlaceRef("Kyiv", "city", "Ukraine", 50.45, 30.52)


def document(name="a.txt", text="Russia struck Kyiv on Monday.", published="2026-02-03", **meta) -> Document:
    return Document(name, text, SourceMeta(file=name, published=published, **meta))


def mention(doc="a.txt", start=0) -> EventMention:
    day = dt.date(2026, 2, 2)
    return EventMention(
        type="strike", status="occurred", date=ResolvedDate(day, day, "day", "relative"),
        date_text="on Monday", actors=("Russia", "Ukraine"), places=(KYIV,),
        evidence=Evidence(doc, start, start + 29, "Russia struck Kyiv on Monday.", "struck"),
        drones=12, figures_text=("12 drones",), summary="Russia strike on Ukraine (Kyiv)")


# ---------------------------------------------------------------------------- keys


@pytest.mark.parametrize("change", [
    dict(text="Russia struck Kyiv on Tuesday."),  # the text
    dict(name="b.txt"),  # the evidence names the document
    dict(published="2026-02-04"),  # the anchor of every relative date
    dict(source="President of Ukraine"),  # the speaker of a first-person text
    dict(title="Another title"),
])
def test_a_document_key_changes_with_everything_the_mentions_depend_on(change):
    before = document()
    after = document(**{"name": before.name, "text": before.text, "published": before.meta.published, **change})
    assert cache.document_key(after) != cache.document_key(before)


def test_equal_documents_have_equal_keys_whatever_their_raw_hash():
    assert cache.document_key(document()) == cache.document_key(replace(document(), sha256="abc"))


def test_mentions_survive_encoding_unchanged():
    mentions = [mention(), mention(start=40)]
    assert cache.decode_mentions(cache.encode_mentions(mentions)) == mentions


def _value_of(hint, seed: int):
    """A value of type `hint` that is no field's default (every field set)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _value_of(next(a for a in args if a is not type(None)), seed)
    if origin is typing.Literal:
        return args[seed % len(args)]
    if origin in (tuple, list):
        return origin(_value_of(args[0], seed + i) for i in range(2))
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{f.name: _value_of(hints[f.name], seed + i) for i, f in enumerate(dataclasses.fields(hint))})
    if hint is dt.date:
        return dt.date(2026, 2, 1) + dt.timedelta(days=seed)
    if hint is str:
        return f"value {seed} – “quoted”, \\ {{brace}} \n line"
    if hint is int:
        return 1000 + seed
    if hint is float:
        return 50.25 + seed
    if hint is bool:
        return True
    raise TypeError(f"no test value for {hint}")


def test_a_mention_with_every_field_set_survives_the_cache():
    mention = _value_of(EventMention, 3)
    for field in dataclasses.fields(EventMention):
        assert getattr(mention, field.name) != field.default, field.name
    assert cache.decode_mentions(cache.encode_mentions([mention, mention])) == [mention, mention]


def test_an_entry_json_cannot_write_is_left_out_and_the_others_stored(tmp_path):
    unwritable = replace(mention(), drones=object())
    with cache.MentionCache(tmp_path, version="v1") as store:
        store.put_many({"k1": [unwritable], "k2": [mention()]})
        assert store.get_many(["k1", "k2"]) == {"k2": [mention()]}


def test_cache_folders_sit_beside_the_table_or_in_the_users_cache(tmp_path, monkeypatch):
    assert cache.default_cache_dir(tmp_path / "build" / "events.parquet") == tmp_path / "build" / ".eventline-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.user_cache_dir() == tmp_path / "xdg" / "eventline"


# ---------------------------------------------------------------------------- the store


def test_the_cache_returns_what_was_stored_and_nothing_else(tmp_path):
    with cache.MentionCache(tmp_path, version="v1") as store:
        store.put_many({"k1": [mention()], "k2": []})
        found = store.get_many(["k1", "k2", "k3"])
        assert found == {"k1": [mention()], "k2": []}
        assert len(store) == 2


def test_entries_of_another_pipeline_version_are_dropped_on_opening(tmp_path):
    with cache.MentionCache(tmp_path, version="old") as store:
        store.put_many({"k1": [mention()]})
    with cache.MentionCache(tmp_path, version="new") as store:
        assert store.get_many(["k1"]) == {}
        assert len(store) == 0


def test_a_damaged_entry_is_a_miss(tmp_path):
    with cache.MentionCache(tmp_path, version="v1") as store:
        store.put_many({"k1": [mention()], "k2": [mention(start=40)]})
    with sqlite3.connect(tmp_path / cache.DATABASE_NAME) as connection:
        connection.execute("UPDATE mentions SET value = ? WHERE key = 'k1'", (b"not a pickle",))
    with cache.MentionCache(tmp_path, version="v1") as store:
        assert list(store.get_many(["k1", "k2"])) == ["k2"]


@pytest.mark.parametrize("value", [
    b"not compressed", zlib.compress(b"not json"), zlib.compress(b'{"a": 1}'), zlib.compress(b"[[1, 2]]"),
    zlib.compress(b"[" * 100_000 + b"]" * 100_000), zlib.compress(b" " * (32 * 1024 * 1024)),
])
def test_a_damaged_or_outsized_entry_is_a_miss(value):
    with pytest.raises(cache.UnreadableEntry):
        cache.decode_mentions(value, max_bytes=16 * 1024 * 1024)


def test_lookups_of_more_keys_than_one_sqlite_statement_takes(tmp_path):
    keys = [f"k{i}" for i in range(1200)]
    with cache.MentionCache(tmp_path, version="v1") as store:
        store.put_many({key: [] for key in keys})
        assert len(store.get_many(keys)) == 1200


# ---------------------------------------------------------------------------- the version


def test_the_version_covers_the_extraction_stages_but_not_the_views():
    names = {path.relative_to(cache.PACKAGE_DIR).as_posix() for path in cache.work_files()}
    assert {"build.py", "model.py", "anchors/__init__.py", "events/__init__.py", "dates/__init__.py",
            "gazetteer/__init__.py", "text/sentences.py", "gazetteer/data/world_places.tsv",
            "types/strike.toml", "lang/en/cues.toml", "annotate/names.py"} <= names
    assert not any(name.startswith(("views/", "bench/", "merge/")) for name in names)
    assert not names & {"cli.py", "evaluate.py", "cache.py", "table.py"}


def _package_copy(tmp_path) -> Path:
    copy = tmp_path / "pipeline"
    shutil.copytree(cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize("edited, changes", [
    ("lang/en/cues.toml", True),  # the language's words
    ("types/strike.toml", True),  # an event type's spec
    ("gazetteer/data/world_places.tsv", True),  # a gazetteer
    ("events/__init__.py", True),
    ("dates/__init__.py", True),
    ("views/__init__.py", False),  # drawing does not change what a document says
    ("cli.py", False),
])
def test_editing_a_file_the_extraction_reads_changes_the_version(tmp_path, edited, changes):
    copy = _package_copy(tmp_path)
    before = cache.source_version(copy)
    with open(copy / edited, "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert (cache.source_version(copy) != before) is changes


def test_a_new_module_in_an_extraction_stage_joins_the_version(tmp_path):
    copy = _package_copy(tmp_path)
    (copy / "events" / "new_rule.py").write_text("ROLE = 1\n", encoding="utf-8")
    assert copy / "events" / "new_rule.py" in cache.work_files(copy)
    before = cache.source_version(copy)
    (copy / "events" / "new_rule.py").write_text("ROLE = 2\n", encoding="utf-8")
    assert cache.source_version(copy) != before


# ---------------------------------------------------------------------------- incremental builds


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "texts"))


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The names of the documents build_table runs the per-document work on."""
    calls: list[str] = []
    real = build.document_mentions

    def counting(document, *args):
        calls.append(document.name)
        return real(document, *args)

    monkeypatch.setattr(build, "document_mentions", counting)
    return calls


def _csv_bytes(frame: pd.DataFrame, path: Path) -> bytes:
    from pipeline.table import write_table

    return write_table(frame, path).read_bytes()


def test_a_rebuild_with_nothing_changed_processes_nothing_and_gives_the_same_table(seeds_copy, tmp_path, counted):
    first = build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    assert len(counted) == 5 and first.processed == sorted(counted) and first.cached == []
    counted.clear()
    again = build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    assert counted == [] and again.processed == [] and len(again.cached) == 5
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert _csv_bytes(again.frame, tmp_path / "a.csv") == _csv_bytes(first.frame, tmp_path / "b.csv")


def test_one_changed_file_is_the_only_one_processed_again(seeds_copy, tmp_path, counted):
    build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    changed = sorted(seeds_copy.glob("*.txt"))[2]
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write("\nRussia launched 40 drones at Odesa overnight, officials said.\n")
    counted.clear()
    result = build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    assert counted == [changed.name]
    assert result.processed == [changed.name] and len(result.cached) == 4
    uncached = build.build_table(seeds_copy, workers=1)
    pd.testing.assert_frame_equal(result.frame, uncached.frame)


def test_an_added_file_is_the_only_one_processed(seeds_copy, tmp_path, counted):
    build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    (seeds_copy / "zz_new.txt").write_text(
        "5 March 2026\n\nRussia struck Kharkiv with 30 drones overnight, killing two people.\n", encoding="utf-8")
    counted.clear()
    result = build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    assert counted == ["zz_new.txt"]
    assert "zz_new.txt" in {s for sources in result.frame["sources"] for s in sources}


def test_a_changed_manifest_date_reprocesses_that_document_only(seeds_copy, tmp_path, counted):
    build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    manifest = seeds_copy / "manifest.csv"
    rows = list(csv.reader(manifest.open(encoding="utf-8")))
    header, body = rows[0], rows[1:]
    published = header.index("published")
    body[3][published] = "2026-01-23"  # one week earlier: every relative date moves
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body])
    counted.clear()
    result = build.build_table(seeds_copy, workers=1, cache_dir=tmp_path / "cache")
    assert counted == [body[3][0]]
    assert result.processed == [body[3][0]]


def test_an_unusable_cache_folder_is_a_warning_and_the_build_goes_on(seeds_copy, tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    result = build.build_table(seeds_copy, workers=1, cache_dir=blocked)
    assert len(result.processed) == 5 and len(result.frame) > 0
    assert [p.severity for p in result.problems if p.file == str(blocked)] == ["warning"]
