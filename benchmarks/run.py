"""Speed and memory of the rulebook engine. Run: python benchmarks/run.py [--households N]

1. One household, all Zoetermeer schemes, full explanation, in-process: median per call.
2. Bulk: all Zoetermeer schemes over N synthetic households (default 1,000,000) with Polars:
   median wall time and peak memory (measured in a child process, so generation and the test
   harness do not count), and the ratio to the one-household loop.
Prints a Markdown table for docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date

DAY = date(2026, 3, 1)


def memory_mb(field):
    """VmHWM (peak) or VmRSS (now) of this process, in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def single(n_households, repeats):
    from meedoen.population.generator import generate_households
    from meedoen.rules import evaluate, load_rulebook
    from meedoen.rules.household import parse_household

    rulebook = load_rulebook()
    households = [h for h in generate_households(n_households, seed=7) if h["municipality"] == "zoetermeer"]
    parsed = [parse_household(h, on=DAY) for h in households]
    for h in parsed[:50]:
        evaluate(rulebook, h, DAY)  # warm up
    per_call = []
    for _ in range(repeats):
        start = time.perf_counter()
        for h in parsed:
            evaluate(rulebook, h, DAY)
        per_call.append((time.perf_counter() - start) / len(parsed))
    from_json = []
    for _ in range(repeats):
        start = time.perf_counter()
        for h in households:
            evaluate(rulebook, h, DAY)
        from_json.append((time.perf_counter() - start) / len(households))
    return statistics.median(per_call), statistics.median(from_json), len(parsed)


def bulk_child(folder, repeats):
    """Runs in a child process: load the tables, evaluate ``repeats`` times; report times and memory."""
    import polars as pl

    from meedoen.rules import load_rulebook
    from meedoen.rules.bulk import evaluate_frames

    rulebook = load_rulebook()
    municipality = rulebook.municipalities["zoetermeer"]
    households = pl.read_ipc(f"{folder}/households.arrow")
    members = pl.read_ipc(f"{folder}/members.arrow")
    baseline = memory_mb("VmRSS")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = evaluate_frames(rulebook, municipality, households, members, DAY)
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "times": times, "rows": result.height, "members": members.height,
        "schemes": sum(1 for c in result.columns if c.endswith("__status")),
        "baseline_mb": baseline, "peak_mb": memory_mb("VmHWM"),
    }))


def bulk(n, repeats):
    """Generate the population here, evaluate it in a fresh process so its peak memory is the evaluation's."""
    import tempfile

    from meedoen.population.generator import generate_frames

    with tempfile.TemporaryDirectory() as folder:
        households, members = generate_frames(n, seed=7)
        households.write_ipc(f"{folder}/households.arrow")
        members.write_ipc(f"{folder}/members.arrow")
        del households, members
        out = subprocess.run([sys.executable, __file__, "--bulk-child", folder, "--repeats", str(repeats)],
                             check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--single-households", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--bulk-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bulk_child:
        return bulk_child(args.bulk_child, args.repeats)

    import polars as pl

    single_s, single_json_s, n_single = single(args.single_households, args.repeats)
    b = bulk(args.households, args.repeats)
    bulk_median = statistics.median(b["times"])
    per_household_bulk = bulk_median / b["rows"]
    print(f"# Benchmark {date.today()} on {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, Polars {pl.__version__}")
    print(f"# command: python benchmarks/run.py --households {args.households} --repeats {args.repeats}")
    print()
    print("| measurement | median | notes |")
    print("|---|---|---|")
    print(f"| one household, all {b['schemes']} Zoetermeer schemes, full explanation (parsed household) | {single_s * 1e3:.3f} ms | over {n_single} synthetic households x {args.repeats} runs |")
    print(f"| the same, from a JSON dict (schema validation included) | {single_json_s * 1e3:.3f} ms | |")
    print(f"| bulk, {b['rows']:,} households ({b['members']:,} members), all schemes | {bulk_median:.3f} s | runs: {', '.join(f'{t:.3f}' for t in b['times'])} s |")
    print(f"| bulk peak memory (whole process, tables included / above the loaded tables) | {b['peak_mb']:.0f} MB / {b['peak_mb'] - b['baseline_mb']:.0f} MB | VmHWM of a fresh process that loads the tables from Arrow IPC |")
    print(f"| bulk per household | {per_household_bulk * 1e6:.2f} µs | {single_s / per_household_bulk:.0f}x faster than the one-household loop |")
    print(f"| one-household loop over {b['rows']:,} households (extrapolated) | {single_s * b['rows']:.0f} s | |")


if __name__ == "__main__":
    main()
