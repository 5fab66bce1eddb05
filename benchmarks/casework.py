"""Server time of the casework pages at scale (issue 5): the caseload page and the family page, with
50,000 synthetic families (~200,000 people) and 500 professionals in PostgreSQL.

Run:  python benchmarks/casework.py [--families 50000] [--seed 1] [--requests 50]

1. The database. Without --database-url (or MEEDOEN_BENCH_DATABASE_URL) a private PostgreSQL cluster is
   made once in /var/tmp/meedoen-casework-bench (like scripts/test.sh: Debian's PostgreSQL, 127.0.0.1 only,
   run as the postgres user when root), started for the run and stopped after; its data is kept so the
   generated families are reused. With a URL, that server is used and the database created if missing.
2. The data: generated once (meedoen.casework.generate, COPY) and VACUUM ANALYZEd; a marker table holds
   the parameters and the generator's hash, so a second run with the same parameters skips this step and
   different parameters (or a changed generator) drop and recreate the database.
3. The measurement: Django's test Client in this process (server time = request to response: middleware,
   session, view, queries, templates), logged in with force_login, MEEDOEN_CHECK_DATE pinned. For three
   professionals (small, median and large caseload) the caseload page, and for three families (most
   members, most organisations involved, a median one) the family page as seen by a professional of an
   involved team: warm-up, then N requests each; median, p90, p99, the number of SQL queries, the status
   and the size of the page. Then EXPLAIN ANALYZE of the visibility queries in casework.access.
Prints Markdown for docs/benchmarks.md.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "src/meedoen/casework/generate.py"
TARGET_MS = 150
PRIVATE_DIR = Path("/var/tmp/meedoen-casework-bench")
PRIVATE_PASSWORD = "meedoen-bench"


# --- The database ---------------------------------------------------------------------------------------------

def as_db_owner(args, **kwargs):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, **kwargs)


def free_port(start):
    port = start
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
        port += 1


def start_private_cluster():
    """Start (and on first use make) the private cluster; returns (database URL, stop function)."""
    initdbs = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not initdbs:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
            initdbs = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
        else:
            sys.exit("Please install PostgreSQL: sudo apt-get install postgresql (or pass --database-url).")
    bin_dir = initdbs[-1].parent
    data = PRIVATE_DIR / "data"
    PRIVATE_DIR.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(PRIVATE_DIR, "postgres", "postgres")
    fresh = not (data / "PG_VERSION").exists()
    if fresh:
        as_db_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8", "--no-locale",
                     "--auth-local=trust", "--auth-host=scram-sha-256"], stdout=subprocess.DEVNULL)
    port = free_port(54339)
    # Default durability (fsync on) and memory settings: the family page writes access-log rows.
    as_db_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(PRIVATE_DIR / "server.log"), "-w", "-t", "120",
                 "-o", f"-k {PRIVATE_DIR} -h 127.0.0.1 -p {port}", "start"], stdout=subprocess.DEVNULL)

    def stop():
        as_db_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
    if fresh:
        as_db_owner([str(bin_dir / "psql"), "-h", str(PRIVATE_DIR), "-p", str(port), "-U", "postgres", "-d", "postgres", "-q",
                     "-v", "ON_ERROR_STOP=1", "-c", f"CREATE ROLE meedoen LOGIN CREATEDB PASSWORD '{PRIVATE_PASSWORD}'"])
    return f"postgres://meedoen:{PRIVATE_PASSWORD}@127.0.0.1:{port}/meedoen_bench", stop


def params_of(args):
    return {"families": args.families, "seed": args.seed, "professionals": args.professionals, "log_rows": args.log_rows,
            "date": args.date, "generator": hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]}


def prepare_database(url, params):
    """Create the database if missing; drop and recreate it when it holds data of other parameters. True: data is ready."""
    import psycopg
    from psycopg import sql
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists:
        with psycopg.connect(url) as conn:
            marker = conn.execute("SELECT to_regclass('bench_casework_params')").fetchone()[0]
            stored = conn.execute("SELECT params FROM bench_casework_params").fetchone()[0] if marker else None
            has_families = conn.execute("SELECT to_regclass('casework_family')").fetchone()[0] and \
                conn.execute("SELECT EXISTS (SELECT 1 FROM casework_family)").fetchone()[0]
        if stored == params:
            return True
        if stored is None and not has_families:
            return False
        print(f"# {name} holds other data ({stored or 'no marker'}): dropping and recreating it", file=sys.stderr)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return False


# --- The measurement -------------------------------------------------------------------------------------------

def percentile(values, p):
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure(user, url, warmup, requests):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(warmup):
        client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = list(captured.captured_queries)  # read before reset_queries empties the log
    reset_queries()
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    return {"url": url, "status": response.status_code, "bytes": len(response.content), "queries": len(queries),
            "median": statistics.median(times), "p90": percentile(times, 90), "p99": percentile(times, 99), "max": max(times),
            "slowest_query_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
            "sql_ms": sum(float(q["time"]) for q in queries) * 1000}


def subjects(day):
    """Three professionals (small, median, large caseload) and three families with a professional who may see each."""
    from django.db.models import Count, Q

    from meedoen.casework.generate import caseload_sizes
    from meedoen.casework.models import Family, Involvement, Professional

    sizes = caseload_sizes(day)
    ranked = sorted(sizes.items(), key=lambda item: (item[1], item[0]))
    pros = {"small": ranked[len(ranked) // 20], "median": ranked[len(ranked) // 2], "large": ranked[-1]}
    active = Q(memberships__start__lte=day) & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=day))
    families = Family.objects.annotate(members=Count("memberships", filter=active, distinct=True),
                                       orgs=Count("involvements__organisation", distinct=True))
    most_members = families.order_by("-members", "-orgs", "pk").first()
    most_orgs = families.filter(plan__isnull=False, analyses__isnull=False).order_by("-orgs", "-members", "pk").first()
    ids = list(Family.objects.order_by("pk").values_list("pk", flat=True))
    median_family = families.get(pk=ids[len(ids) // 2])
    chosen = {}
    for label, family in (("most members", most_members), ("most organisations", most_orgs), ("median", median_family)):
        coordinator = family.coordinators.filter(end__isnull=True).select_related("professional__user").first()
        viewer = coordinator.professional if coordinator else None
        if viewer is None or family.pk not in set(_visible_ids(viewer.user, day, family.pk)):
            inv = (Involvement.objects.filter(family=family, since__lte=day, until__isnull=True)
                   .filter(team__memberships__until__isnull=True, team__memberships__since__lte=day)
                   .values_list("team__memberships__professional", flat=True).order_by("team__memberships__professional").first())
            viewer = Professional.objects.get(pk=inv)
        chosen[label] = (family, viewer)
    return {label: (Professional.objects.select_related("user", "organisation").get(pk=pk), n) for label, (pk, n) in pros.items()}, chosen


def _visible_ids(user, day, pk):
    from meedoen.casework import access

    return access.visible_families(user, day).filter(pk=pk).values_list("pk", flat=True)


def family_url(pk):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("casework:family", args=[pk])
    except NoReverseMatch:
        return f"/werkplek/gezinnen/{pk}/"


def explain(user, day, family_id, viewer):
    """EXPLAIN ANALYZE of the visibility queries: the first caseload page (50 families, by name) with its count, and family_access."""
    from meedoen.casework import access

    visible = access.visible_families(user, day)
    out = {}
    for label, queryset in (("caseload: first 50 by name", visible.order_by("name", "id")[:50]),
                            ("caseload: count", visible.values("pk")),
                            ("family_access (all consent flags)",
                             access.visible_families(viewer, day).filter(pk=family_id).annotate(
                                 **{f"may_{c}": access.consented(viewer, c) for c in ("analysis", "finances", "plan", "meetings",
                                                                                   "referrals", "notes")}))):
        if label == "caseload: count":
            from django.db import connection

            sql, params = visible.order_by().values("pk").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) sub", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
        else:
            plan = queryset.explain(analyze=True, buffers=True)
        out[label] = plan
    return out


def timed_queries(user, day, family_id, viewer, repeats=20):
    """Median time of the visibility queries alone (no page), for comparison with the page."""
    from meedoen.casework import access

    result = {}
    for label, run in (("visible_families: count", lambda: access.visible_families(user, day).count()),
                       ("visible_families: first 50 by name", lambda: list(access.visible_families(user, day).order_by("name", "id")[:50])),
                       ("family_access", lambda: access.family_access(viewer, family_id, day=day))):
        run()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        result[label] = statistics.median(times)
    return result


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
                if line.startswith("Model name")), platform.processor())
    with open("/proc/meminfo") as f:
        kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    return f"{cpu}, {os.cpu_count()} cores, {kb / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--professionals", type=int, default=500)
    parser.add_argument("--log-rows", type=int, default=5)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--date", default="2026-03-01", help="The pinned date (MEEDOEN_CHECK_DATE) of the data and the requests.")
    parser.add_argument("--database-url", default=os.environ.get("MEEDOEN_BENCH_DATABASE_URL"),
                        help="An existing PostgreSQL server; the database is created if missing. Default: a private cluster.")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--json", help="Also write the results to this file.")
    args = parser.parse_args()

    stop = None
    url = args.database_url
    if not url:
        url, stop = start_private_cluster()
    try:
        run(args, url)
    finally:
        if stop:
            stop()


def setup_django(url, day):
    """Django on the benchmark database ``url``, with the demo settings and the check date ``day`` (YYYY-MM-DD)."""
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "meedoen.web.settings", "MEEDOEN_DEMO": "1",
                       "MEEDOEN_CHECK_DATE": day, "MEEDOEN_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost"})
    os.environ.pop("MEEDOEN_DEBUG", None)
    sys.path.insert(0, str(ROOT / "src"))
    import logging
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # no "Not Found" line per request


def run(args, url):
    from datetime import date

    params = params_of(args)
    ready = prepare_database(url, params)
    setup_django(url, args.date)
    import django
    from django.core.management import call_command
    from django.db import connection

    from meedoen.municipalities.rulebook import sync_municipalities

    day = date.fromisoformat(args.date)
    call_command("migrate", verbosity=0, interactive=False)
    sync_municipalities()
    generation = None
    if not ready:
        from meedoen.casework.generate import generate

        print(f"# generating {args.families:,} families (seed {args.seed}) ...", file=sys.stderr)
        counts = generate(args.families, args.seed, day=day, professionals=args.professionals, log_rows=args.log_rows,
                          progress=lambda n, s: print(f"#   {n:,} families, {s:.0f} s", file=sys.stderr))
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CREATE TABLE bench_casework_params (params jsonb NOT NULL, counts jsonb NOT NULL, at timestamptz DEFAULT now())")
            cursor.execute("INSERT INTO bench_casework_params (params, counts) VALUES (%s, %s)", [json.dumps(params), json.dumps(counts)])
        generation = {**counts, "vacuum_seconds": round(time.perf_counter() - start, 1)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT counts FROM bench_casework_params")
        counts = cursor.fetchone()[0]
        counts = json.loads(counts) if isinstance(counts, str) else counts
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cursor.fetchone()[0]

    pros, families = subjects(day)
    rows = []
    from django.urls import reverse

    for label, (pro, caseload) in pros.items():
        result = measure(pro.user, reverse("casework:caseload"), args.warmup, args.requests)
        rows.append({"page": "caseload", "subject": f"{label} caseload: {caseload:,} families", **result})
    for label, (family, viewer) in families.items():
        result = measure(viewer.user, family_url(family.pk), args.warmup, args.requests)
        rows.append({"page": "family", "subject": f"{label}: {family.members} members, {family.orgs} organisations", **result})
    large_pro = pros["large"][0]
    big_family, big_viewer = families["most organisations"]
    # Casework pages that already exist, measured the same way (for comparison while the two pages above are written).
    from django.urls import NoReverseMatch

    for name, args_, user, subject in (("casework:plan_history", [big_family.pk], big_viewer.user, "plan history of 'most organisations'"),
                                       ("casework:referrals", [], large_pro.user, "incoming referrals of the large caseload's teams")):
        try:
            url_ = reverse(name, args=args_)
        except NoReverseMatch:
            continue
        rows.append({"page": f"other: {name.split(':')[1]}", "subject": subject, **measure(user, url_, args.warmup, args.requests)})
    queries = timed_queries(large_pro.user, day, big_family.pk, big_viewer.user)
    plans = {} if args.no_explain else explain(large_pro.user, day, big_family.pk, big_viewer.user)

    print(f"# Casework pages, {time.strftime('%Y-%m-%d')}: {machine()}, PostgreSQL {pg_version} (shared_buffers {shared_buffers}), "
          f"Django {django.get_version()}")
    print(f"# command: python benchmarks/casework.py --families {args.families} --seed {args.seed} --requests {args.requests}")
    print(f"# data: {counts['families']:,} families, {counts['persons']:,} persons, {counts['professionals']:,} professionals, "
          f"{counts['teams']} teams, {counts['involvements']:,} involvements, {counts['consents']:,} consents, "
          f"{counts['access_log']:,} access-log rows; database {db_size}")
    from meedoen.casework.generate import caseload_sizes

    sizes = sorted(caseload_sizes(day).values())
    print(f"# caseload per professional (families visible through active teams): min {sizes[0]:,}, p10 {percentile(sizes, 10):,.0f}, "
          f"median {percentile(sizes, 50):,.0f}, p90 {percentile(sizes, 90):,.0f}, max {sizes[-1]:,}")
    if generation:
        print(f"# generated in {generation['seconds']} s (+ VACUUM ANALYZE {generation['vacuum_seconds']} s)")
    print()
    print(f"| page | subject | status, size | SQL queries (time) | median | p90 | p99 | target {TARGET_MS} ms |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        verdict = ("met" if r["median"] < TARGET_MS else "**not met**") if r["status"] == 200 else f"no page yet ({r['status']})"
        print(f"| {r['page']} `{r['url']}` | {r['subject']} | {r['status']}, {r['bytes'] / 1024:.1f} kB | {r['queries']} ({r['sql_ms']:.1f} ms) | "
              f"**{r['median']:.1f} ms** | {r['p90']:.1f} ms | {r['p99']:.1f} ms | {verdict} |")
    print()
    print(f"Visibility queries alone, for the large caseload ({pros['large'][1]:,} families) and the family "
          f"'{big_family.reference}' (median of 20):")
    for label, ms in queries.items():
        print(f"- {label}: {ms:.2f} ms")
    for label, plan in plans.items():
        print(f"\nEXPLAIN ANALYZE, {label}:\n```\n{plan}\n```")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "queries": queries, "plans": plans, "counts": counts,
                                               "params": params}, indent=2, default=str))


if __name__ == "__main__":
    main()
