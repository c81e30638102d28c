"""The benchmark's instruments: the corpus grammar, the repeat share, process measurement,
the import profile, the peer, and the whole harness end to end with --quick (its figures
are the benchmark's to print, not asserted here)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import bench, build
from pipeline.bench import corpus, processes, startup
from pipeline.bench.page import settle, tile_table
from pipeline.model import Document, SourceMeta

ROOT = Path(__file__).resolve().parents[1]
DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus"
ANCHOR = dt.date(2026, 2, 3)  # a Tuesday


# ---------------------------------------------------------------------------- the generator


def test_a_document_depends_on_its_seed_and_index_not_on_the_corpus_size():
    ten = bench.generate_corpus(10, seed=1)
    assert bench.generate_corpus(10, seed=1) == ten
    assert bench.generate_corpus(4, seed=1).documents == ten.documents[:4]
    other = bench.generate_corpus(10, seed=2).documents
    assert not {d.text for d in other} & {d.text for d in ten.documents}


def test_documents_run_about_five_hundred_words_with_varied_anchors():
    documents = bench.generate_corpus(80, seed=0).documents
    lengths = [len(d.text.split()) for d in documents]
    assert 420 <= statistics.mean(lengths) <= 620
    assert min(lengths) >= 250
    published = [d.meta.published for d in documents if d.meta.published]
    assert 30 <= len(published) <= 65  # about 60% dated by the manifest
    assert all(corpus.FIRST_DAY <= dt.date.fromisoformat(p) <= corpus.LAST_DAY for p in published)
    assert len(set(published)) > 0.8 * len(published)


def test_generated_sentences_seldom_repeat():
    repeats = bench.repeat_share(bench.generate_corpus(400, seed=5).documents)
    assert repeats.sentences > 10_000
    assert repeats.repeat_share < 0.02


def _document(name: str, text: str) -> Document:
    return Document(name, text, SourceMeta(file=name))


@pytest.mark.parametrize("texts, sentences, distinct", [
    (["Troops advanced. Troops advanced."], 2, 1),
    (["Talks began in Geneva.", "Talks began in Geneva."], 2, 1),
    (["Talks began in Geneva. A strike hit Lviv.", "A strike hit Lviv!"], 3, 3),
    (["One.\nTwo.\n\nOne."], 3, 2),
])
def test_the_repeat_share_counts_distinct_sentences(texts, sentences, distinct):
    repeats = bench.repeat_share([_document(f"{i}.txt", t) for i, t in enumerate(texts)])
    assert (repeats.sentences, repeats.distinct) == (sentences, distinct)
    assert repeats.repeat_share == pytest.approx(1 - distinct / sentences)


@pytest.mark.parametrize("form", [
    r"^on (?:early on |late on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$",  # on Tuesday
    r"^last night$",
    r"^on (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}$",  # Sep 4
    r"^on \d{2}\.\d{2}\.20\d{2}$",  # 03.02.2026
    r"^(?:two|three|four|five|six) days ago$|^two weeks ago$",
    r"^on \d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d$",
    r"^on 20\d\d-\d\d-\d\d$",
    r"^on the night of \d{1,2} to \d{1,2} \w+$",
])
def test_past_dates_are_written_in_many_forms(form):
    rng = random.Random(7)
    drawn = {corpus.past_date(ANCHOR, rng) for _ in range(3000)}
    assert any(re.match(form, phrase) for phrase in drawn), sorted(drawn)[:20]


@pytest.mark.parametrize("phrase_of", [corpus.past_date, corpus.future_date])
def test_explicit_dates_fall_on_the_right_side_of_the_anchor(phrase_of):
    rng = random.Random(3)
    for _ in range(500):
        phrase = phrase_of(ANCHOR, rng)
        numeric = re.search(r"(\d{2})\.(\d{2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2})", phrase)
        if not numeric:
            continue
        day = (dt.date(int(numeric[3]), int(numeric[2]), int(numeric[1])) if numeric[1]
               else dt.date(int(numeric[4]), int(numeric[5]), int(numeric[6])))
        assert (day < ANCHOR) if phrase_of is corpus.past_date else (day > ANCHOR), phrase


def test_every_template_of_the_grammar_fills_without_a_slot_left():
    grammar = corpus.load_grammar()
    templates = [t for group in (grammar.stories, grammar.follow) for items in group.values() for t in items]
    templates += list(grammar.headlines)
    for number, template in enumerate(templates):
        for theatre in grammar.theatres:
            story = corpus.Story(grammar, theatre, random.Random(number), ANCHOR)
            text = story.sentence(template)
            assert "{" not in text and "}" not in text, (template, text)
            assert text[0].isupper() or text[0] in "\"0123456789", text


def test_strike_stories_name_a_place_of_the_side_that_is_struck():
    from pipeline.annotate import annotate
    from pipeline.gazetteer import places

    grammar = corpus.load_grammar()
    theatre = grammar.theatres[0]
    for seed in range(50):
        story = corpus.Story(grammar, theatre, random.Random(seed), ANCHOR)
        sentence = story.sentence("{attacker} struck {place} {date}.")
        annotated = annotate(sentence, 0, len(sentence))
        struck = annotated.tokens.lower.index("struck")
        name = next(span.value for span in annotated.by_label["name"] if span.first > struck)
        assert story.other.country in {p.country for p in places.candidates(name)}, sentence


def test_the_written_corpus_has_a_manifest_row_per_file(tmp_path):
    generated = bench.generate_corpus(5, seed=0)
    folder = bench.write_corpus(generated, tmp_path / "c")
    rows = list(csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")))
    assert [r["file"] for r in rows] == [d.name for d in generated.documents]
    assert [r["published"] for r in rows] == [d.meta.published for d in generated.documents]
    assert (folder / generated.documents[0].name).read_text("utf-8") == generated.documents[0].text


def test_the_pipeline_finds_events_of_every_kind_in_generated_documents(tmp_path):
    folder = bench.write_corpus(bench.generate_corpus(20, seed=3), tmp_path / "texts")
    result = build.build_table(folder, workers=1)
    assert not result.problems
    assert len(result.frame) >= 40
    assert {"strike", "talks", "visit"} <= set(result.frame["type"])


def test_the_table_tiler_gives_the_rows_asked_with_distinct_ids(event_table):
    tiled = tile_table(event_table, 100)
    assert len(tiled) == 100 and tiled["event_id"].is_unique


# ---------------------------------------------------------------------------- instruments


def test_the_page_loads_wait_for_a_quiet_machine_and_no_longer_than_their_limit():
    import os

    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    try:  # every core busy: the wait ends at its limit
        time.sleep(0.3)
        waited = settle(limit=1.0)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    assert 1.0 <= waited < 2.0
    assert settle(limit=30.0, idle=0.0) < 1.0  # any machine is at least 0% idle: two windows


def test_a_command_is_measured_on_its_own_cpu_time_and_peak_memory():
    burn = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\nx = bytearray(200 * 2**20)\nx[::4096] = b'1' * len(x[::4096])"
    measured = processes.run("burn", [sys.executable, "-c", burn])
    assert 0.4 <= measured.cpu < 5
    assert measured.peak_mb >= 200
    assert measured.wall >= 0.4


def test_a_commands_peak_memory_is_not_that_of_the_benchmark_that_started_it():
    held = bytearray(300 * 2**20)
    held[::4096] = b"1" * len(held[::4096])  # the pages are resident in this process
    assert processes.run("pass", [sys.executable, "-c", "pass"]).peak_mb < 100


def test_the_cpu_of_a_commands_children_is_its_own():
    parent = ("import subprocess, sys\nsubprocess.run([sys.executable, '-c', "
              "'import time\\nend = time.process_time() + 0.4\\nwhile time.process_time() < end: pass'])")
    assert processes.run("parent", [sys.executable, "-c", parent]).cpu >= 0.4


def test_a_failing_command_is_reported_with_its_error():
    with pytest.raises(processes.CommandFailed, match=r"(?s)exit code 3.*went wrong"):
        processes.run("fails", [sys.executable, "-c", "import sys; print('went wrong', file=sys.stderr); sys.exit(3)"])


def test_commands_alternate_with_the_order_rotated(tmp_path):
    log = tmp_path / "order.txt"
    commands = [(name, [sys.executable, "-c", f"open({str(log)!r}, 'a').write({name!r})"], None) for name in "ABC"]
    rounds = processes.alternate(commands, 3)
    assert log.read_text() == "ABC" + "BCA" + "CAB"
    assert [len(rounds.runs[name]) for name in "ABC"] == [3, 3, 3]
    assert len(rounds.ratios("A", "B")) == 3


IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 |       numpy.core
import time:       400 |        500 |     numpy
import time:       300 |        800 |   pandas
import time:        50 |        850 | pipeline.build
import time:       200 |        200 |     regex._regex
import time:       100 |        300 |   dateparser
import time:        20 |        320 | pipeline.anchors
import time:        10 |         10 | tzlocal
"""


def test_the_import_profile_sums_each_packages_own_time_and_names_who_imported_it():
    costs = {c.package: c for c in startup.parse_importtime(IMPORTTIME)}
    assert costs["numpy"].seconds == pytest.approx(0.0005) and costs["numpy"].modules == 2
    assert (costs["numpy"].imported_by, costs["pandas"].imported_by) == ("pipeline.build", "pipeline.build")
    assert costs["regex"].imported_by == costs["dateparser"].imported_by == "pipeline.anchors"
    assert costs["tzlocal"].imported_by == ""  # imported at run time, by no import statement
    assert (costs["numpy"].via, costs["regex"].via, costs["pandas"].via) == ("pandas", "dateparser", "")
    assert [c.package for c in startup.parse_importtime(IMPORTTIME)][:2] == ["numpy", "pandas"]


def test_the_import_profile_ends_where_a_module_is_imported_twice():
    # a module whose first import failed is tried again later: its chain of importers can
    # come back to itself
    looped = """\
import time: self [us] | cumulative | imported package
import time:        10 |         10 |     numpy._core._multiarray_umath
import time:        10 |         20 |   numpy._core
import time:        10 |         10 | numpy._core._multiarray_umath
import time:        10 |         10 | pipeline.table
"""
    # in a process of its own, so that a loop fails the test instead of holding the suite
    probe = ("import json, sys; from pipeline.bench import startup; "
             "print(json.dumps([[c.package, c.modules, c.via] for c in startup.parse_importtime(sys.stdin.read())]))")
    result = subprocess.run([sys.executable, "-c", probe], input=looped, capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True)
    costs = {package: (modules, via) for package, modules, via in json.loads(result.stdout)}
    assert costs["numpy"] == (3, "")


def test_the_peer_dates_every_text_of_a_folder_with_its_manifest_date(tmp_path):
    (tmp_path / "a.txt").write_text("Talks were held on 4 March 2025 in Geneva. They resume next week.")
    (tmp_path / "b.html").write_text("<html><script>var x = '1 May 2020';</script>"
                                     "<p>The strike came on Sunday, 2 February 2025.</p></html>")
    (tmp_path / "manifest.csv").write_text("file,published\na.txt,2025-03-05\n")
    peer = (ROOT / "pipeline" / "bench" / "peer.py").read_text()
    result = subprocess.run([sys.executable, "-c", peer, str(tmp_path)], capture_output=True, text=True, check=True)
    found = json.loads(result.stdout)
    assert (found["documents"], found["words"]) == (2, 21)
    assert found["dates"] >= 2


# ---------------------------------------------------------------------------- end to end


def test_the_quick_benchmark_prints_every_section_and_every_target(tmp_path):
    if not (DEV_CORPUS / "texts").is_dir():
        pytest.fail(f"the benchmark measures on the development corpus: {DEV_CORPUS} is missing")
    result = subprocess.run([sys.executable, "-m", "pipeline", "bench", "--quick", "--keep", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for heading in ("1. The corpora", "2. Start-up", "3. The peer and the pipeline", "4. Cost per word",
                    "5. 2 workers" if build.available_cores() == 2 else "workers and the mention cache",
                    "6. The dashboard", "Targets."):
        assert heading in out, heading
    for target in ("one-file build < 0.8 s", "within ±15%", "peak memory < 1,024 MB", "byte for byte",
                   "that file alone re-processed", "dashboard rerun", "page data", "first drawn timeline",
                   "the peer's words/s"):
        assert re.search(rf"^  (met|NOT MET|not measured) +.*{re.escape(target)}", out, re.M), target
    assert "load average now" in out and "cores available" in out
    # the small corpus's cost per word brackets the large one's run
    assert re.search(r"built just before and just after the [\d,]+: [\d.]+ s and [\d.]+ s of CPU", out)


def test_the_benchmark_fails_loudly_without_the_development_corpus(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "bench", "--quick", "--dev-corpus", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "development corpus not found" in result.stderr
