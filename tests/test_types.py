"""The event-type registry: every spec is complete, and its example sentences read as it says.

Each spec (pipeline/types/*.toml) carries `[[examples]]`: a sentence written for the spec,
the day it is read against, and what it must be read as ({} = no event of that type). The
cases here are the specs' own, so a new type brings its tests with it.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline import types
from pipeline.anchors import split_passages
from pipeline.events import extract_mentions
from pipeline.merge import merge_mentions
from pipeline.model import Document, SourceMeta

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
EXAMPLES = [(spec.name, example) for spec in types.registry().values() for example in spec.examples]


def _events(text: str, anchor: str):
    document = Document("example.txt", text, SourceMeta(file="example.txt", published=anchor))
    return merge_mentions(extract_mentions(document, split_passages(document)))


@pytest.mark.parametrize("kind, example", EXAMPLES, ids=[f"{k}: {e.text[:40]}" for k, e in EXAMPLES])
def test_each_example_reads_as_its_spec_says(kind, example):
    found = [e for e in _events(example.text, example.anchor) if e.type == kind]
    expect = example.expect
    if not expect:
        assert found == [], [e.summary for e in found]
        return
    assert len(found) == 1, [e.summary for e in found]
    event = found[0]
    assert event.status == expect["status"]
    if "date_start" in expect:
        assert event.date_start == dt.date.fromisoformat(expect["date_start"])
    if "actors" in expect:
        assert event.actors == expect["actors"]
    if "places" in expect:
        assert [p.name for p in event.places] == expect["places"]
    for quantity in ("drones", "missiles", "killed", "injured", "prisoners"):
        if quantity in expect:
            assert getattr(event, quantity) == expect[quantity]


def test_every_type_has_examples_a_colour_a_label_and_summaries():
    for spec in types.registry().values():
        assert spec.examples, spec.name
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", spec.colour), spec.name
        assert spec.label and spec.plural and spec.description, spec.name
        assert set(spec.summary) == {"occurred", "planned", "hypothetical"}, spec.name
        assert any(e.expect.get("status") == "occurred" for e in spec.examples), spec.name


def test_the_types_colours_and_orders_differ():
    specs = list(types.registry().values())
    assert len({s.colour.lower() for s in specs}) == len(specs)
    assert len({s.order for s in specs}) == len(specs)


def test_no_code_outside_a_types_rule_module_names_a_type():
    """Adding a type needs no Python edit outside its optional rule module."""
    names = sorted(types.registry())
    pattern = re.compile(r"""["'](%s)["']""" % "|".join(map(re.escape, names)))
    offenders = []
    for path in PIPELINE.rglob("*.py"):
        relative = path.relative_to(PIPELINE).as_posix()
        if relative.startswith(("events/rules/", "bench/")) or "__pycache__" in relative:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
