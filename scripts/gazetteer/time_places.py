"""Print the cost of the places loader in fresh processes: the time from import to the
first `candidates()` answer and to `all_written_forms()` listed, and the memory the
loaded data holds.

    python scripts/gazetteer/time_places.py

(`import pipeline` itself loads pandas through pipeline.build; that cost is printed
apart, as it is paid by every build whether or not places are looked up.)
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = r"""
import sys, time, tracemalloc
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from pipeline.gazetteer import places
t1 = time.perf_counter()
if {traced}:
    tracemalloc.start()
first = places.candidates("Kharkiv")
t2 = time.perf_counter()
loaded = tracemalloc.get_traced_memory()[0] if {traced} else 0
all_forms = list(places.all_written_forms())
forms = len(all_forms)
t3 = time.perf_counter()
lookups = all_forms[::50] + [f.upper() for f in all_forms[25::200]]  # each new to the cache
for form in lookups:
    places.candidates(form)
t4 = time.perf_counter()
held = tracemalloc.get_traced_memory()[0] if {traced} else 0
print(1000 * (t1 - t0), 1000 * (t2 - t1), forms, 1000 * (t3 - t2), 1e6 * (t4 - t3) / len(lookups),
      loaded / 1e6, held / 1e6, len(lookups))
"""


def probe(traced: bool) -> list[float]:
    code = PROBE.format(root=str(ROOT), traced=traced)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


if __name__ == "__main__":
    runs = [probe(False) for _ in range(3)]
    best = min(runs, key=lambda r: r[1])
    loaded, held, looked_up = probe(True)[5:8]
    print(f"import pipeline.gazetteer (pandas included): {best[0]:.0f} ms")
    print(f"first candidates() after import: {', '.join(f'{r[1]:.0f}' for r in runs)} ms (3 runs)")
    print(f"all_written_forms(): {best[2]:.0f} forms listed in {best[3]:.0f} ms")
    print(f"candidates() of a form not asked before: {best[4]:.0f} µs")
    print(f"memory: {loaded:.1f} MB once loaded; {held:.1f} MB with every form listed and "
          f"{looked_up:.0f} forms looked up")
