"""The benchmark's dashboard section: runs pipeline.bench.page in a fresh process and
reports its figures against the targets."""
from __future__ import annotations

import json
from pathlib import Path

from . import processes
from . import report as R
from .processes import python_command
from .report import Targets, megabytes, say, section, table


def dashboard(args, root: Path, table_path: Path, source: Path, targets: Targets) -> None:
    browser = not args.quick and not args.no_browser
    section(6, f"The dashboard at {args.events:,} events (the large corpus's table, tiled with dates moved), "
               f"through its public entry points")
    command = python_command("-m", "pipeline.bench.page", str(table_path), str(source), str(root / "page"),
                             "--events", str(args.events), "--rounds", str(args.browser_rounds))
    if not browser:
        command.append("--no-browser")
    try:
        measured = json.loads(processes.run("dashboard", command, cwd=root).output)
    except processes.CommandFailed as error:
        say(f"  the dashboard could not be measured: {error}")
        for label in ("rerun", "bytes", "first draw"):
            targets.add(f"dashboard {label}", False, "not measured: the page failed")
        return
    say(f"  (a) the whole page rerun after a filter change, server side (Streamlit AppTest running dashboard.py; "
        f"CPU time of the process, as elsewhere; first run, loading and preparing the table: "
        f"{measured['first_run']:.2f} s wall, the timeline alone; the rest of the page, the run the "
        f"browser asks for next: {measured['rest_of_page']['cpu']:.2f} s CPU):")
    reruns = measured["reruns"]
    table(("filter change", "rerun CPU s", "wall s"),
          [(r["change"], f"{r['cpu']:.3f}", f"{r['seconds']:.3f}") for r in reruns], indent="    ")
    slowest = max((r["cpu"] for r in reruns), default=None)
    targets.add(f"dashboard rerun after a filter change < {R.RERUN_SECONDS} s at {args.events:,} events",
                None if slowest is None else slowest < R.RERUN_SECONDS,
                "no filter widget found" if slowest is None else
                f"slowest {slowest:.3f} s CPU, median {R.median([r['cpu'] for r in reruns]):.3f} s "
                f"(wall: slowest {max(r['seconds'] for r in reruns):.3f} s)")
    sizes = measured["apptest_bytes"]
    say(f"  (b) the page's data: the bare page is one Plotly scatter (plotly.express) of the same "
        f"{measured['points']:,} points the timeline draws (pipeline/bench/bare_page.py)")
    say(f"    protobuf of the page's elements (AppTest): dashboard {megabytes(sizes['dashboard'])}, "
        f"bare page {megabytes(sizes['bare'])}")
    result = measured["browser"]
    if not isinstance(result, dict):
        why = "not run with --quick" if args.quick else (result or "--no-browser given")
        say(f"    in headless Chromium: {why}")
        ratio = sizes["dashboard"] / max(1, sizes["bare"])
        targets.add(f"page data < {R.PAGE_BYTES_RATIO:.0f}× the bare page's", ratio < R.PAGE_BYTES_RATIO,
                    f"×{ratio:.2f} (AppTest protobuf sizes; the browser not run)")
        say(f"  (c) time to the first drawn timeline: {why}")
        targets.add(f"first drawn timeline ≤ {R.FIRST_DRAW_RATIO}× the bare page's", None, why)
        return
    dash, bare = result["dashboard"], result["bare"]
    say(f"    received by headless Chromium (WebSocket frames and /_stcore/ responses), median of "
        f"{len(dash['bytes'])} loads: dashboard {megabytes(dash['median bytes'])}, bare page "
        f"{megabytes(bare['median bytes'])}")
    ratio = dash["median bytes"] / max(1, bare["median bytes"])
    targets.add(f"page data < {R.PAGE_BYTES_RATIO:.0f}× the bare page's", ratio < R.PAGE_BYTES_RATIO, f"×{ratio:.2f}")
    say(f"  (c) time from navigation to the first drawn timeline, in fresh browser contexts, the pages alternating "
        f"(first loads, the server warming up: dashboard {dash['first load'][0]:.2f} s, bare {bare['first load'][0]:.2f} s):")
    table(("page", "seconds per load", "median"),
          [(name, " ".join(f"{s:.2f}" for s in r["seconds"]), f"{r['median seconds']:.2f}")
           for name, r in (("dashboard", dash), ("bare page", bare))], indent="    ")
    draw = dash["median seconds"] / bare["median seconds"]
    targets.add(f"first drawn timeline ≤ {R.FIRST_DRAW_RATIO}× the bare page's", draw <= R.FIRST_DRAW_RATIO,
                f"×{draw:.2f} ({dash['median seconds']:.2f} s / {bare['median seconds']:.2f} s)")
