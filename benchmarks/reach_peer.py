"""Meedoen's bulk evaluator against OpenFisca on one population, in one run (issue 10).

    .venv/bin/python benchmarks/reach_peer.py                      # 1,000,000 households, 5 repeats
    .venv/bin/python benchmarks/reach_peer.py --households 100000 --repeats 3
    .venv/bin/python benchmarks/reach_peer.py --stream-households 10000000   # in 1M-household parts

1. sets up the OpenFisca peer harness's venv if it is missing (its ``setup.sh``);
2. makes the peer population with its ``make_population.py`` (one row per household, ages on the
   reference date in the file metadata, the household's net income all the applicant's);
3. converts that file once, outside the timings, to Meedoen's two tables (households, members) in
   Parquet: each age becomes the birth date that gives exactly that age on the reference date, the
   income the applicant's wages (partner: no income), municipality Zoetermeer; what the file does
   not have (statuses, school, assets, district, children's incomes) stays unknown (null);
4. times Meedoen, each repeat in a fresh process: read the Parquet tables and evaluate all
   Zoetermeer schemes on the reference date (median of the repeats, peak RSS of the process);
5. runs the harness's ``bench.py`` on the same population file;
6. compares per household the seven schemes both have, naming the known reasons for differences;
7. prints a JSON report and a Markdown table row.

The tables are written in Parquet parts of ``--chunk`` households (default 1,000,000). With
``--stream-households N`` it instead converts N households and evaluates them part by part, so
memory stays bounded (Meedoen only). Files go to ``--workdir`` (default: a new folder under
/var/tmp), deleted at the end unless ``--keep-files``.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

from meedoen.rules.bulk import HOUSEHOLD_SCHEMA, INCOME_SOURCES, MEMBER_SCHEMA, ROLE

HARNESS = Path(os.environ.get("MEEDOEN_PEER_HARNESS", "/work/shared/bench/openfisca"))
VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "meedoen-bench" / "ofvenv"
MUNICIPALITY = "zoetermeer"
SLOTS = [("applicant_age", "applicant"), ("partner_age", "partner")] + [(f"child{i}_age", "child") for i in range(1, 5)]
# peer outcome -> Meedoen scheme id (the harness README names the schemes)
SCHEMES = {
    "pas": "zoetermeerpas",
    "zk110": "collectieve_zorgverzekering_tot_110",
    "zk110_120": "collectieve_zorgverzekering_110_tot_120",
    "kwijt": "kwijtschelding_gemeentelijke_belastingen",
    "leergeld": "stichting_leergeld",
    "school": "tegemoetkoming_schoolkosten",
    "ouderen": "categoriale_verstrekking_ouderen",
}
LIMITS = {"pas": (120,), "zk110": (110,), "zk110_120": (110, 120), "kwijt": (100,), "leergeld": (120,),
          "school": (120,), "ouderen": (110,)}  # the income limits (% of the norm) each peer scheme tests


# -- 1-3: the population ------------------------------------------------------------------------

def setup_peer():
    """The harness's venv python, created with its setup.sh when missing."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run(["bash", str(HARNESS / "setup.sh")], check=True, stdout=sys.stderr)
    return python


def make_population(python, households, path):
    subprocess.run([str(python), str(HARNESS / "make_population.py"), str(households), str(path)],
                   check=True, stdout=sys.stderr)


def reference_date(path):
    return date.fromisoformat(pl.read_parquet_metadata(path)["reference_date"])


def birth_dates(day, oldest=130):
    """Per age 0..oldest the birth date that gives exactly that age on ``day`` (29 February: the 28th)."""
    def born(age):
        try:
            return day.replace(year=day.year - age)
        except ValueError:
            return day.replace(year=day.year - age, day=28)
    return pl.Series([born(age) for age in range(oldest + 1)], dtype=pl.Date)


def households_table(population):
    """The peer population's households as Meedoen's households table (a LazyFrame)."""
    facts = {k: pl.lit(None, t) for k, t in HOUSEHOLD_SCHEMA.items()}
    facts.update(hh=(pl.col("hh_id") - 1).cast(pl.UInt32), household_id=pl.col("hh_id").cast(pl.String),
                 municipality=pl.lit(MUNICIPALITY))
    return population.select(**facts)


def members_table(population, day):
    """The peer population's people as Meedoen's members table: applicant, partner, then the
    children, in household order (a LazyFrame, so it can be streamed)."""
    ages = [c for c, _ in SLOTS]
    rows = population.select(
        hh=(pl.col("hh_id") - 1).cast(pl.UInt32),
        age=pl.concat_list(ages),
        role=pl.lit([r for _, r in SLOTS]),
        income=pl.col("net_monthly_income_cents"),
    ).explode("age", "role").filter(pl.col("age").is_not_null())
    claimant, applicant = pl.col("role").is_in(["applicant", "partner"]), pl.col("role") == "applicant"
    columns = {k: pl.lit(None, t) for k, t in MEMBER_SCHEMA.items()}
    columns.update(
        hh=pl.col("hh"), role=pl.col("role").cast(ROLE),
        birth_date=pl.lit(birth_dates(day)).gather(pl.col("age")),
        income_known=claimant,
        **{f"income_{s}": pl.when(claimant).then(0).cast(pl.Int64) for s in INCOME_SOURCES},
    )
    columns["income_wages"] = pl.when(applicant).then(pl.col("income")).when(claimant).then(0).cast(pl.Int64)
    return rows.select(**columns)


def convert(population, folder, day, *, chunk=1_000_000, compression="lz4"):
    """Write the peer population as Meedoen's two tables in Parquet parts of ``chunk`` households:
    ``folder/households/part-00000.parquet``, ``folder/members/part-00000.parquet``, ... (each part
    streamed, so memory stays bounded by the part)."""
    source = pl.scan_parquet(population)
    total = source.select(pl.len()).collect().item()
    for part, first in enumerate(range(0, total, chunk)):
        rows = source.slice(first, chunk)
        households_table(rows).sink_parquet(folder / "households" / f"part-{part:05d}.parquet",
                                            compression=compression, mkdir=True)
        members_table(rows, day).sink_parquet(folder / "members" / f"part-{part:05d}.parquet",
                                              compression=compression, mkdir=True)


def tables(folder):
    """The two tables of :func:`convert` as LazyFrames (all parts)."""
    return pl.scan_parquet(folder / "households" / "*.parquet"), pl.scan_parquet(folder / "members" / "*.parquet")


# -- 4: Meedoen, each repeat in a fresh process ---------------------------------------------------

def peak_mb():
    """Peak resident memory of this process (VmHWM), in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_once(folder, day):
    """In a fresh process: read the two Parquet tables and evaluate all Zoetermeer schemes, timed."""
    from meedoen.rules import load_rulebook
    from meedoen.rules.bulk import evaluate_frames

    rulebook = load_rulebook()
    municipality = rulebook.municipalities[MUNICIPALITY]
    start = time.perf_counter()
    table = evaluate_frames(rulebook, municipality, *tables(folder), day)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_mb(), "households": table.height,
            "schemes": sum(c.endswith("__status") for c in table.columns)}


def child_stream(folder, day):
    """In a fresh process: evaluate the tables part by part (one part of households with its
    members at a time); status counts per scheme."""
    from meedoen.rules import load_rulebook
    from meedoen.rules.bulk import evaluate_frames

    rulebook = load_rulebook()
    municipality = rulebook.municipalities[MUNICIPALITY]
    counts, seconds_per_part, households = {}, [], 0
    start = time.perf_counter()
    for path in sorted((folder / "households").glob("*.parquet")):
        part_start = time.perf_counter()
        h, m = pl.scan_parquet(path), pl.scan_parquet(folder / "members" / path.name)
        first = h.select(pl.col("hh").min()).collect().item()  # renumber to 0..n-1: the fast path
        table = evaluate_frames(rulebook, municipality, h.with_columns(pl.col("hh") - first),
                                m.with_columns(pl.col("hh") - first), day)
        for column in table.columns:
            if column.endswith("__status"):
                for status, n in table.get_column(column).cast(pl.String).value_counts().iter_rows():
                    counts.setdefault(column, {}).setdefault(status, 0)
                    counts[column][status] += n
        households += table.height
        seconds_per_part.append(time.perf_counter() - part_start)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "households": households,
            "parts": len(seconds_per_part), "part_seconds": [round(s, 3) for s in seconds_per_part],
            "statuses": counts}


def in_fresh_process(*args):
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- 5: OpenFisca -----------------------------------------------------------------------------------

def run_openfisca(python, population, out, runs):
    result = subprocess.run([str(python), str(HARNESS / "bench.py"), str(population), "--runs", str(runs),
                             "--out", str(out)], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


# -- 6: per-household comparison -----------------------------------------------------------------------

def compare(population, folder, peer_outcomes, day):
    """Per household and corresponding scheme: does Meedoen's outcome agree with the peer's?

    The peer answers yes or no. Meedoen's ``undetermined`` (a fact the peer file lacks, such as
    school attendance or premium arrears) counts as yes: no condition fails. Each disagreement gets
    the first known reason that explains it."""
    from meedoen.rules import load_rulebook
    from meedoen.rules.bulk import evaluate_frames

    rulebook = load_rulebook()
    municipality = rulebook.municipalities[MUNICIPALITY]
    aow = int(rulebook.parameters_on(day).values["aow_age_years"].value)
    ours = evaluate_frames(rulebook, municipality, *tables(folder), day, keep=("norm_cents", "income_cents"))
    pop = pl.read_parquet(population)
    peer = pl.read_parquet(peer_outcomes).rename(lambda c: f"peer_{c}" if c != "hh_id" else c)
    joined = pop.join(peer, on="hh_id").with_columns(hh=(pl.col("hh_id") - 1).cast(pl.UInt32)).join(ours, on="hh")
    if joined.height != pop.height:
        raise SystemExit(f"only {joined.height:,} of {pop.height:,} households found in both outcomes")
    a, p = pl.col("applicant_age"), pl.col("partner_age")
    children = [pl.col(f"child{i}_age") for i in range(1, 5)]
    income, norm = pl.col("net_monthly_income_cents"), pl.col("norm_cents")
    report = {"households": joined.height,
              "norm_differs": joined.filter(norm != pl.col("peer_norm_cents")).height,
              "norm_differs_not_partner_at_aow_age": joined.filter(
                  (norm != pl.col("peer_norm_cents")) & ~(p.is_not_null() & (p >= aow) & (a < aow))).height,
              "schemes": {}}
    for peer_id, scheme in SCHEMES.items():
        status = pl.col(f"{scheme}__status")
        ours_yes = status != "not_eligible"
        rounding = pl.any_horizontal([  # Zoetermeer rounds the limit to the cent, half up
            (income * 100 <= percent * norm) != (income <= (norm * 2 * percent + 100) // 200) for percent in LIMITS[peer_id]])
        reasons = {
            "norm: the peer takes the AOW couple norm from the applicant's age only": norm != pl.col("peer_norm_cents"),
            "limit: the peer compares the exact percentage, Meedoen the limit rounded to the cent": rounding,
        }
        if peer_id == "ouderen":
            reasons["age: Meedoen 65 for applicant or partner (seed 003), the peer the applicant at AOW age"] = (
                ((a >= 65) | (p >= 65).fill_null(False)) != (a >= aow))
        if peer_id == "school":
            reasons["age: Meedoen's school-cost scheme has no age bound (any child at school), the peer 4-17"] = (
                pl.any_horizontal([c.is_not_null() for c in children])
                & ~pl.any_horizontal([c.is_between(4, 17).fill_null(False) for c in children]))
        reason = pl.lit("unexplained")
        for text, holds in reversed(reasons.items()):
            reason = pl.when(holds).then(pl.lit(text)).otherwise(reason)
        frame = joined.select(agree=ours_yes == pl.col(f"peer_{peer_id}"), reason=reason,
                              status=status.cast(pl.String), peer=pl.col(f"peer_{peer_id}"))
        wrong = frame.filter(~pl.col("agree"))
        report["schemes"][peer_id] = {
            "meedoen_scheme": scheme,
            "agree": frame.height - wrong.height,
            "disagree": wrong.height,
            "disagree_by_reason": dict(wrong.group_by("reason").len().sort("len", descending=True).iter_rows()),
            "meedoen_statuses": dict(frame.group_by("status").len().sort("status").iter_rows()),
            "peer_yes": frame["peer"].sum(),
        }
    return report


# -- 7: the report -----------------------------------------------------------------------------------

def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {"cpu": model, "nproc": int(nproc), "memory_mb": memory, "python": platform.python_version(),
            "polars": pl.__version__, "load_average": os.getloadavg()}


def markdown_row(report):
    m, of = report["meedoen"], report["openfisca"]
    agree = report["agreement"]
    total = sum(s["agree"] + s["disagree"] for s in agree["schemes"].values())
    agreed = sum(s["agree"] for s in agree["schemes"].values())
    return (f"| {report['date']} | {report['households']:,} | {m['median_s']:.3f} s | {m['peak_mb']:,.0f} MB "
            f"| {of['best_idiom']} {of['best_total_s']:.3f} s (+{of['load_s']:.2f} s read) | {of['peak_rss_mb']:,} MB "
            f"| {report['ratio_meedoen_to_openfisca']:.2f} | {agreed:,} / {total:,} ({100 * agreed / total:.3f} %) |")


def workdir(args):
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return args.workdir
    return Path(tempfile.mkdtemp(prefix="meedoen-reach-peer-", dir="/var/tmp"))


def population_and_tables(python, households, folder, chunk):
    """Steps 2 and 3: the peer population file, and Meedoen's tables of it (in a fresh process,
    so the conversion's peak memory is its own). (population path, reference date, tables folder, conversion)"""
    population = folder / f"pop_{households}.parquet"
    make_population(python, households, population)
    day = reference_date(population)
    converted = folder / "meedoen"
    start = time.perf_counter()
    conversion = in_fresh_process("--convert", str(population), str(converted), day.isoformat(), str(chunk))
    conversion["seconds"] = round(time.perf_counter() - start, 1)
    return population, day, converted, conversion


def header(args):
    return {"date": date.today().isoformat(), "machine": machine(),
            "command": " ".join([".venv/bin/python", *sys.argv])}


def run_peer(args, folder):
    python = setup_peer()
    population, day, converted, conversion = population_and_tables(python, args.households, folder, args.chunk)
    runs = [in_fresh_process("--child", str(converted), day.isoformat()) for _ in range(args.repeats)]
    peer_out = folder / "openfisca_outcomes.parquet"
    of = run_openfisca(python, population, peer_out, args.of_runs)
    best = min(of["idioms"], key=lambda k: of["idioms"][k]["total_s"])
    median = statistics.median(r["seconds"] for r in runs)
    return {
        **header(args), "households": args.households, "members": conversion["members"],
        "reference_date": day.isoformat(), "conversion": conversion,
        "meedoen": {"schemes": runs[0]["schemes"], "runs_s": [round(r["seconds"], 3) for r in runs],
                    "median_s": round(median, 3), "peak_mb": round(max(r["peak_mb"] for r in runs)),
                    "peak_mb_runs": [round(r["peak_mb"]) for r in runs],
                    "what": "pl.scan_parquet of the households and members tables into evaluate_frames, all "
                            "schemes, result collected; a fresh process per run; peak = VmHWM of that process"},
        "openfisca": {"best_idiom": best, "best_total_s": of["idioms"][best]["total_s"], "load_s": of["load_s"],
                      "peak_rss_mb": of["peak_rss_mb"], "idioms": of["idioms"], "versions": of["versions"],
                      "mismatches_vs_exact_cents": of["mismatches_vs_exact_cents"], "schemes": len(SCHEMES)},
        "ratio_meedoen_to_openfisca": round(median / of["idioms"][best]["total_s"], 3),
        "ratio_meedoen_to_openfisca_with_read": round(median / (of["idioms"][best]["total_s"] + of["load_s"]), 3),
        "agreement": compare(population, converted, peer_out, day),
    }


def run_stream(args, folder):
    python = setup_peer()
    _, day, converted, conversion = population_and_tables(python, args.stream_households, folder, args.chunk)
    result = in_fresh_process("--child-stream", str(converted), day.isoformat())
    return {**header(args), "households": args.stream_households, "members": conversion["members"],
            "chunk": args.chunk, "reference_date": day.isoformat(), "conversion": conversion,
            "meedoen": {"seconds": round(result["seconds"], 2), "peak_mb": round(result["peak_mb"]),
                        "parts": result["parts"], "part_seconds": result["part_seconds"],
                        "statuses": result["statuses"],
                        "what": "part by part (households and members of --chunk households each, scan_parquet), "
                                "evaluate_frames, status counts summed; one fresh process; peak = its VmHWM"}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--of-runs", type=int, default=3, help="runs of OpenFisca's bench.py (default 3)")
    parser.add_argument("--stream-households", type=int, help="instead: evaluate this many households part by part")
    parser.add_argument("--chunk", type=int, default=1_000_000, help="households per Parquet part (default 1,000,000)")
    parser.add_argument("--workdir", type=Path, help="folder for the files (default: a new one under /var/tmp)")
    parser.add_argument("--keep-files", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-stream", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--convert", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return print(json.dumps(child_once(Path(args.child[0]), date.fromisoformat(args.child[1]))))
    if args.child_stream:
        return print(json.dumps(child_stream(Path(args.child_stream[0]), date.fromisoformat(args.child_stream[1]))))
    if args.convert:
        population, converted, day, chunk = args.convert
        convert(Path(population), Path(converted), date.fromisoformat(day), chunk=int(chunk))
        members = tables(Path(converted))[1].select(pl.len()).collect().item()
        return print(json.dumps({"peak_mb": round(peak_mb()), "members": members}))

    folder = workdir(args)
    try:
        report = run_stream(args, folder) if args.stream_households else run_peer(args, folder)
    finally:
        if not args.keep_files:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(report, indent=2))
    if not args.stream_households:
        print()
        print(f"| date | households | Meedoen median (read + evaluate, {report['meedoen']['schemes']} schemes) | Meedoen peak | "
              "OpenFisca best idiom (build + compute, 7 schemes) | OpenFisca peak | ratio | agreement |")
        print("|---|---|---|---|---|---|---|---|")
        print(markdown_row(report))


if __name__ == "__main__":
    main()
