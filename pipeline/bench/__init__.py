"""The benchmark: the pipeline measured against the naive peer, on varied text, on CPU
time, start-up included; its scaling, memory, workers, cache and engines; the dashboard.

    make bench      # python -m pipeline bench
    python -m pipeline bench --quick      # small sizes: checks the harness end to end

Method (each section of the output):
1. corpora: generated from a grammar of news prose (corpus.py, data/grammar.toml) so
   that sentences seldom repeat — the share that repeats is printed, with the pipeline's
   own sentence splitter — at two sizes made of different documents (different seeds);
   the seed texts and the development corpus are measured too;
2. start-up: a one-file `python -m pipeline build`, the peer on the same file, and bare
   interpreter baselines, alternating; where the build's imports go (-X importtime);
3. the peer (dateparser's search_dates at its fastest fair settings, peer.py) and the
   pipeline (`python -m pipeline build --workers 1`, with and without its memory of
   sentence readings) on the same documents, alternating round after round, each a
   whole command from process start (processes.py: CPU time of the process and its
   children, from getrusage); ratios per round and their median, with start-up and
   without;
4. cost per word at the two sizes, peak memory at the larger, where the time goes;
5. several workers (the table byte-identical to one worker's), the mention cache (a
   rebuild with one file changed), `--engine dask` on a local cluster;
6. the dashboard (page.py): the page's rerun after a filter change under AppTest; the
   page's data and the time to the first drawn timeline in headless Chromium, against
   a bare Streamlit page with one scatter of the same points (bare_page.py).
It ends with every target, met or not, the machine's cores and load average.
"""
from __future__ import annotations

import argparse

_FROM_CORPUS = ("Corpus", "generate_corpus", "generate_document", "repeat_share", "write_corpus")

__all__ = ["Corpus", "generate_corpus", "generate_document", "repeat_share", "write_corpus", "main",
           "QUICK", "add_arguments"]

# --quick: every section, on sizes that take seconds.
QUICK = {"docs": 60, "small": 20, "rounds": 1, "startup_runs": 1, "events": 2_000, "browser_rounds": 1}


def add_arguments(parser: argparse.ArgumentParser, positive_int) -> None:
    parser.add_argument("--docs", type=positive_int, default=10_000, metavar="N",
                        help="documents of the large corpus (default: 10000)")
    parser.add_argument("--small", type=positive_int, default=1_000, metavar="N",
                        help="documents of the small corpus, on which the peer is compared (default: 1000)")
    parser.add_argument("--rounds", type=positive_int, default=3, metavar="N",
                        help="alternating rounds of the peer and the pipeline (default: 3)")
    parser.add_argument("--startup-runs", type=positive_int, default=5, metavar="N",
                        help="alternating runs of the one-file build and its baselines (default: 5)")
    parser.add_argument("--workers", type=positive_int, default=None, metavar="N",
                        help="processes of the parallel run (default: every core)")
    parser.add_argument("--events", type=positive_int, default=50_000, metavar="N",
                        help="rows of the table the dashboard is measured on (default: 50000)")
    parser.add_argument("--browser-rounds", type=positive_int, default=3, metavar="N",
                        help="loads of each page in headless Chromium (default: 3)")
    parser.add_argument("--no-browser", action="store_true", help="leave out the measurements in Chromium")
    parser.add_argument("--seed", type=int, default=0,
                        help="the corpora's seeds are this + 1 (small) and + 2 (large) (default: 0)")
    parser.add_argument("--seeds", default=None, metavar="DIR", help="the seed texts (default: seeds/)")
    parser.add_argument("--dev-corpus", default=None, metavar="DIR",
                        help="the development corpus, with texts/ and manifest (default: ../shared/dev-corpus)")
    parser.add_argument("--keep", metavar="DIR", help="write the corpora and tables here and keep them "
                                                     "(default: a temporary folder, removed)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, one round, no browser or cluster: the harness end to end in "
                             "seconds (its figures mean nothing)")


def __getattr__(name: str):
    # The corpus generator on demand: the command line builds its parser from this
    # module on every command, and imports nothing more for it.
    if name in _FROM_CORPUS:
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(args: argparse.Namespace) -> int:
    from . import run

    if args.quick:
        for name, value in QUICK.items():
            setattr(args, name, value)
    return run.main(args)
