"""The benchmark's sections, in order (see the package's docstring for the method)."""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import corpus, processes
from .processes import build_command, python_command
from .report import Targets, cores, load_average, say, section, table, words_per_second
from . import report as R

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SEEDS = ROOT / "seeds"
DEFAULT_DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus"
PEER_SOURCE = (Path(__file__).resolve().parent / "peer.py").read_text(encoding="utf-8")
CHANGED_SENTENCE = "\nOfficials said 14 drones were shot down over the region overnight.\n"


@dataclass
class Corpus:
    label: str
    folder: Path
    documents: int
    words: int
    repeats: corpus.Repeats


def _versions() -> str:
    found = []
    for name in ("dateparser", "pandas", "pyarrow", "streamlit", "plotly"):
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return f"Python {platform.python_version()}, " + ", ".join(found)


def _describe(label: str, folder: Path) -> Corpus:
    from .. import ingest

    documents, _ = ingest.read_folder(folder)
    return Corpus(label, folder, len(documents), corpus.word_count(documents), corpus.repeat_share(documents))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _peer(folder: Path) -> list[str]:
    return python_command("-c", PEER_SOURCE, str(folder))


def main(args) -> int:
    dev = Path(args.dev_corpus) if args.dev_corpus else DEFAULT_DEV_CORPUS
    seeds = Path(args.seeds) if args.seeds else DEFAULT_SEEDS
    for name, path in (("development corpus", dev / "texts"), ("development corpus manifest", dev / "manifest.csv"),
                       ("seed folder", seeds)):
        if not path.exists():
            print(f"error: {name} not found: {path} (the benchmark measures on it; give --dev-corpus/--seeds)",
                  file=sys.stderr)
            return 2
    from ..build import resolve_workers

    args.workers = resolve_workers(args.workers)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="eventline-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, root, seeds, dev)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def _run(args, root: Path, seeds: Path, dev: Path) -> int:
    begun = time.perf_counter()
    targets = Targets()
    say(f"Eventline benchmark{' (--quick: small sizes, figures not meaningful)' if args.quick else ''} — "
        f"{cores()}; {_versions()}")
    say(f"load average before the run: {load_average()}")
    say("Every figure is the CPU time (user + system) of a whole command, from process start to exit, in a "
        "freshly started process (getrusage(RUSAGE_CHILDREN) around it), unless said otherwise; commands "
        "compared run alternately, round after round.")

    # 1 ------------------------------------------------------------------------------
    section(1, "The corpora, and how often their sentences repeat (the pipeline's sentence splitter)")
    started = time.perf_counter()
    small_seed, large_seed = args.seed + 1, args.seed + 2
    folders = {}
    for label, n, seed in (("small", args.small, small_seed), ("large", args.docs, large_seed)):
        folders[label] = corpus.write_corpus(corpus.generate_corpus(n, seed), root / f"corpus-{label}")
    # The development corpus keeps its manifest beside its texts: both are put in one folder.
    folders["dev"] = shutil.copytree(dev / "texts", root / "corpus-dev", dirs_exist_ok=True)
    shutil.copy(dev / "manifest.csv", folders["dev"] / "manifest.csv")
    corpora = [_describe(f"generated, seed {small_seed}", folders["small"]),
               _describe(f"generated, seed {large_seed}", folders["large"]),
               _describe("seeds/", seeds), _describe("development corpus", folders["dev"])]
    table(("corpus", "documents", "words", "words/doc", "sentences", "distinct", "repeated"),
          [(c.label, f"{c.documents:,}", f"{c.words:,}", f"{c.words / max(1, c.documents):,.0f}",
            f"{c.repeats.sentences:,}", f"{c.repeats.distinct:,}", f"{c.repeats.repeat_share:.1%}") for c in corpora])
    say(f"  generated from pipeline/bench/data/grammar.toml in {time.perf_counter() - started:.1f} s (wall); "
        f"the two sizes are different documents (different seeds), not a prefix of one corpus")
    worst = max(c.repeats.repeat_share for c in corpora[:2])
    targets.add("generated corpora: under 5% of sentences repeated (the instrument)", worst < 0.05, f"{worst:.1%}")
    small, large, seeds_corpus, dev_corpus = corpora

    # 2 ------------------------------------------------------------------------------
    section(2, f"Start-up: a one-file build and its baselines (median of {args.startup_runs} alternating runs)")
    one = root / "one-file"
    one.mkdir(exist_ok=True)
    first = sorted(folders["small"].glob("*.txt"))[0]
    shutil.copy(first, one / first.name)
    startup_commands = [
        ("python -m pipeline build (one file)", build_command(one, root / "one.parquet", "--workers", "1", "--no-cache"), None),
        ("peer on the same file", _peer(one), None),
        ('python -c "import dateparser"', python_command("-c", "import dateparser"), None),
        ('python -c "import pandas"', python_command("-c", "import pandas"), None),
        ('python -c "pass"', python_command("-c", "pass"), None),
    ]
    if args.quick:  # the costliest baseline, and the profile below says what pandas costs
        startup_commands = [c for c in startup_commands if "pandas" not in c[0]]
    starts = processes.alternate(startup_commands, args.startup_runs, cwd=root)
    table(("command", "CPU s", "wall s", "peak MB"),
          [(label, f"{starts.median_cpu(label):.2f}", f"{starts.median_wall(label):.2f}",
            f"{starts.peak_mb(label):,.0f}") for label, _, _ in startup_commands])
    build_start = starts.median_cpu(startup_commands[0][0])
    peer_start = starts.median_cpu(startup_commands[1][0])
    from .startup import profile

    costs, total = profile(startup_commands[0][1], cwd=root)
    say(f"  where a one-file build's imports go (python -X importtime; {total:.2f} s of imports in that run, "
        f"the pipeline's own modules {sum(c.seconds for c in costs if c.package.startswith('pipeline')):.2f} s):")
    table(("package", "import s", "modules", "first imported by"),
          [(c.package, f"{c.seconds:.3f}", c.modules,
            (c.imported_by or "—") + (f" (via {c.via})" if c.via else "")) for c in costs
           if not c.package.startswith("pipeline")][:10], indent="    ")
    targets.add(f"one-file build < {R.ONE_FILE_BUILD_SECONDS} s", build_start < R.ONE_FILE_BUILD_SECONDS,
                f"{build_start:.2f} s CPU (median)")

    # 3 ------------------------------------------------------------------------------
    section(3, "The peer and the pipeline on the same documents, alternating, start-up included")
    say("  peer: search_dates(text, languages=['en'], settings={'RELATIVE_BASE': the manifest's date (else now), "
        "'PREFER_DATES_FROM': 'past'}) over each file, in `python -c` (pipeline/bench/peer.py)")
    say("  pipeline: python -m pipeline build FOLDER --out T --workers 1 --no-cache; it keeps no memory of "
        "sentence readings (each sentence is read in its document's context: the names, places and dates "
        "told before it), so these are its figures with that memory off")
    say(f"  without start-up: each command's CPU less its one-file median above (pipeline {build_start:.2f} s, "
        f"peer {peer_start:.2f} s)")
    compared = {}
    tables = {}
    if args.quick:
        say("  (seeds and development corpus: not compared with --quick)")
    for item in (small,) if args.quick else (small, seeds_corpus, dev_corpus):
        tables[item.label] = root / f"table-{len(tables)}.parquet"
        commands = [("peer", _peer(item.folder), None),
                    ("pipeline", build_command(item.folder, tables[item.label], "--workers", "1", "--no-cache"), None)]
        rounds = processes.alternate(commands, args.rounds, cwd=root)
        compared[item.label] = rounds
        say(f"  {item.label}: {item.documents:,} documents, {item.words:,} words, "
            f"{item.repeats.repeat_share:.1%} of sentences repeated")
        rows = [(str(k + 1), f"{p.cpu:.2f}", f"{q.cpu:.2f}", f"×{p.cpu / q.cpu:.2f}")
                for k, (p, q) in enumerate(zip(*(rounds.runs[label] for label, _, _ in commands)))]
        rows.append(("median", *(f"{rounds.median_cpu(label):.2f}" for label, _, _ in commands),
                     f"×{R.median(rounds.ratios('peer', 'pipeline')):.2f}"))
        table(("round", "peer s", "pipeline s", "pipeline ×"), rows, indent="    ")
        peer, on = (rounds.median_cpu(label) for label in ("peer", "pipeline"))
        say(f"    words/s of CPU, start-up included: peer {words_per_second(item.words, peer)}, pipeline "
            f"{words_per_second(item.words, on)}")
        say(f"    without start-up: peer {words_per_second(item.words, peer - peer_start)} words/s, pipeline "
            f"{words_per_second(item.words, on - build_start)} ({_times(peer - peer_start, on - build_start)})")
        if item is small:
            ratio = R.median(rounds.ratios("peer", "pipeline"))
            targets.add(f"pipeline ≥ {R.PEER_RATIO:.0f}× the peer's words/s on varied text, one worker, start-up "
                        f"included", ratio >= R.PEER_RATIO, f"×{ratio:.2f} on {item.documents:,} generated documents")

    # 4 ------------------------------------------------------------------------------
    section(4, "Cost per word at two sizes (different documents), one worker, and peak memory")
    # The small corpus is built again just before and just after the large one, and its
    # cost taken as the mean of the two: the machine's speed drifts over minutes, and the
    # large run sits between them.
    small_runs = []
    large_table = root / "table-large-1.parquet"
    small_runs.append(processes.run("small, before", build_command(
        folders["small"], root / "table-small-bracket.parquet", "--workers", "1", "--no-cache"), cwd=root))
    large_run = processes.run("large", build_command(folders["large"], large_table, "--workers", "1", "--no-cache"),
                              cwd=root)
    small_runs.append(processes.run("small, after", build_command(
        folders["small"], root / "table-small-bracket.parquet", "--workers", "1", "--no-cache"), cwd=root))
    small_cpu = statistics.mean(run.cpu for run in small_runs)
    say(f"  the {small.documents:,} documents built just before and just after the {large.documents:,}: "
        f"{small_runs[0].cpu:.1f} s and {small_runs[1].cpu:.1f} s of CPU (section 3's median: "
        f"{compared[small.label].median_cpu('pipeline'):.1f} s)")
    rows = []
    per_word = {}
    for label, item, cpu, peak in (("small", small, small_cpu, max(run.peak_mb for run in small_runs)),
                                   ("large", large, large_run.cpu, large_run.peak_mb)):
        per_word[label] = max(cpu - build_start, 0.0) / item.words
        rows.append((f"{item.documents:,} documents (seed {small_seed if label == 'small' else large_seed})",
                     f"{cpu:.1f}", f"{1e6 * cpu / item.words:.1f}", f"{1e6 * per_word[label]:.1f}",
                     f"{item.documents / cpu:,.0f}", f"{peak:,.0f}"))
    table(("corpus", "CPU s", "µs/word", "µs/word w/o start-up", "docs/s", "peak MB"), rows)
    growth = per_word["large"] / per_word["small"] if per_word["small"] else float("nan")
    say(f"  cost per word (start-up excluded) at {large.documents:,} / at {small.documents:,} documents: ×{growth:.2f}")
    targets.add(f"cost per word at {large.documents:,} documents within ±{R.LINEAR_TOLERANCE:.0%} of {small.documents:,}",
                abs(growth - 1) <= R.LINEAR_TOLERANCE, f"×{growth:.2f}")
    targets.add(f"peak memory < {R.MEMORY_MB:,.0f} MB at {large.documents:,} documents, one worker",
                large_run.peak_mb < R.MEMORY_MB, f"{large_run.peak_mb:,.0f} MB")
    stages = json.loads(processes.run(
        "stages", python_command("-m", "pipeline.bench.stages", str(folders["small"])), cwd=root).output)
    say(f"  where one worker's CPU goes on the {small.documents:,}-document corpus (one process, time.process_time): "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages["stages"].items())
        + f" → {stages['mentions']:,} mentions, {stages['events']:,} events")

    # 5 ------------------------------------------------------------------------------
    workers = args.workers
    section(5, f"{workers} workers and the mention cache on the {large.documents:,}-document corpus")
    cache = root / "cache"
    parallel_table = root / f"table-large-{workers}.parquet"
    build_verbose = [sys.executable, "-m", "pipeline", "build", str(folders["large"]), "--out", str(parallel_table),
                     "--workers", str(workers), "--cache", str(cache)]
    runs = {}
    changed = sorted(folders["large"].glob("*.txt"))[len(list(folders["large"].glob("*.txt"))) // 2]
    original = changed.read_text(encoding="utf-8")
    identical = {}
    for label in ("cold cache", "rebuild, nothing changed", "rebuild, one file changed"):
        if label == "rebuild, one file changed":
            changed.write_text(original + CHANGED_SENTENCE, encoding="utf-8")
        runs[label] = processes.run(label, build_verbose, cwd=root, sample_tree=True)
        identical[label] = _sha256(parallel_table) == _sha256(large_table)
    changed.write_text(original, encoding="utf-8")
    table(("run", "CPU s", "wall s", "peak MB (all processes)", "documents processed"),
          [(label, f"{m.cpu:.1f}", f"{m.wall:.1f}", f"{max(m.tree_mb, m.peak_mb):,.0f}", _processed(m.output))
           for label, m in runs.items()])
    cold = runs["cold cache"]
    say(f"  wall-time speed-up of {workers} workers over one: ×{large_run.wall / cold.wall:.2f} (wall time, the "
        f"one-worker run of section 4)")
    for label, what in (("cold cache", f"{workers} workers give"), ("rebuild, nothing changed", "the cache gives")):
        targets.add(f"{what} the one-worker table byte for byte", identical[label],
                    "sha256 equal" if identical[label] else "differs")
    processed = _processed(runs["rebuild, one file changed"].output)
    targets.add("one changed file → that file alone re-processed", processed == "1", f"{processed} re-processed")
    if args.quick:
        say("  --engine dask: not run with --quick (starting a local cluster takes longer than the quick run)")
        targets.add("--engine dask gives the one-worker table byte for byte", None, "not run with --quick")
    else:
        dask_table = root / "table-dask.parquet"
        try:
            measured = processes.run("dask", build_command(folders["small"], dask_table, "--engine", "dask",
                                                           "--workers", str(workers), "--no-cache"), cwd=root)
            same = _sha256(dask_table) == _sha256(tables[small.label])
            say(f"  --engine dask, a LocalCluster of {workers} worker processes, {small.documents:,} documents: "
                f"{measured.cpu:.1f} s CPU, {measured.wall:.1f} s wall; table identical: {'yes' if same else 'NO'}")
            targets.add("--engine dask gives the one-worker table byte for byte", same, "sha256 equal" if same else "differs")
        except processes.CommandFailed as error:
            say(f"  --engine dask failed: {error}")
            targets.add("--engine dask gives the one-worker table byte for byte", False, "failed")

    # 6 ------------------------------------------------------------------------------
    from .dashboard_section import dashboard

    dashboard(args, root, large_table, folders["large"], targets)

    section("Targets", f"({cores()}; load average now {load_average()}; the whole benchmark took "
                       f"{time.perf_counter() - begun:.0f} s of wall time)")
    targets.report()
    return 0


def _times(slower: float, faster: float) -> str:
    """'×3.20', or why there is no ratio (a run no longer than its start-up)."""
    if slower <= 0 or faster <= 0:
        return "no ratio: a run within its start-up's noise"
    return f"×{slower / faster:.2f}"


def _processed(output: str) -> str:
    for line in output.splitlines():
        if line.startswith("documents processed:"):
            return line.split(":")[1].split(",")[0].strip()
    return "all" if "documents read" in output else "?"
