"""The national reach run: the synthetic country (about 8M households, Zoetermeer, Groningen and synthetic
municipalities) on a 2-worker Dask LocalCluster, against the same run on one machine, in one command.

Usage: python benchmarks/reach_national.py [--households 8000000] [--workers 2] [--workdir /var/tmp/meedoen-national]
       [--skip-single] [--keep]

Generates the register once (kept in the work folder for later runs), then times each run in a fresh
subprocess and samples the memory of the whole process tree (scheduler and workers included) every
0.2 s. Checks that both runs give the same figures. Prints JSON.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
MEEDOEN = [sys.executable, "-m", "meedoen.cli"]


def tree_rss(process):
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:  # it has just ended
        return 0
    for p in family:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed(command):
    """(seconds, peak MB of the process tree) of ``command``."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    proc, peak, done = psutil.Process(child.pid), 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = child.wait()
    done.set()
    sampler.join()
    if code:
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return round(time.perf_counter() - start, 1), round(peak / 2**20)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=8_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=Path("/var/tmp/meedoen-national"))
    ap.add_argument("--skip-single", action="store_true", help="only the distributed run")
    ap.add_argument("--keep", action="store_true", help="keep the outcome folders")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    register = args.workdir / f"country-{args.households}"
    report = {"households": args.households, "workers": args.workers, "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "cpu": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")}}
    if not (register / "manifest.json").exists():
        report["generate_s"], report["generate_peak_mb"] = timed(
            [*MEEDOEN, "register", "generate", "--country", "--households", str(args.households),
             "--out", str(register), "--quiet", "--overwrite"])
    manifest = json.loads((register / "manifest.json").read_text())
    report["parts"], report["municipalities"] = len(manifest["parts"]), len({p["municipality"] for p in manifest["parts"]})
    runs = {"national": ["--national", "--workers", str(args.workers)]}
    if not args.skip_single:
        runs["single"] = []
    figures = {}
    for name, extra in runs.items():
        out = args.workdir / f"run-{name}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak = timed([*MEEDOEN, "reach", str(register), "--out", str(out), "--quiet", "--overwrite", *extra])
        report[name] = {"seconds": seconds, "peak_mb": peak,
                        "households_per_s": round(args.households / seconds)}
        figures[name] = json.loads((out / "figures.json").read_text())
        if not args.keep:
            shutil.rmtree(out / "outcomes", ignore_errors=True)
    if "single" in figures:
        report["identical_figures"] = figures["single"] == figures["national"]
        report["speedup"] = round(report["single"]["seconds"] / report["national"]["seconds"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
