"""Early signalling at scale (issue 11): import and matching of 100,000 signals against a register of 50,000
households, and the triage queue page with every case open. Targets: import + match < 30 s, queue < 50 ms.

Run:  python benchmarks/signals.py [--households 50000] [--signals 100000] [--requests 20]

1. The database: without --database-url (or MEEDOEN_BENCH_DATABASE_URL) a private PostgreSQL cluster in
   /var/tmp/meedoen-signals-bench (made on first use like benchmarks/casework.py: 127.0.0.1 only, default
   settings, fsync on), started for the run and stopped after. The database meedoen_signals_bench is dropped
   and made again on every run, so each import starts empty.
2. The register: reach's synthetic generator (meedoen.reach.register.synthetic.generate_register, Zoetermeer)
   loaded with the register store (reach.services.runs.load_register), as the reach demo does. The synthetic
   register has no BSNs; every person gets a synthetic nine-digit number that passes the elfproef and the
   register's person id becomes its keyed pseudonym ``pseudonym(key, "person", bsn)``, as a BRP import writes it;
   the generator's postcodes (0000AA-0999ZZ, which the import rejects) become 2000AA-2999ZZ.
3. The signals: rows in the import format (docs/signals.md), deterministic for --seed, from four partners
   (Huur, Energie, Water, Zorg): mostly by BSN, 1 % by surname + birth date + postcode + house number, 2 % of
   people not in the register, 5 % repeats of an earlier amount, 3 % crisis signals.
4. Timed: importer.import_rows per partner (validation, pseudonyms, one INSERT ... ON CONFLICT per batch), then
   matching.match (every SQL statement of it timed on its own). Peak memory: the process's VmHWM, reset just
   before the import (/proc/self/clear_refs), so the register generation does not count.
5. The queue page GET /werkplek/signalen/ with Django's test Client, logged in as a casework professional
   (force_login): warm-up, then --requests requests; median, p90, the SQL queries.
Prints Markdown for docs/benchmarks.md.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from meedoen.reach.register.synthetic import elfproef_numbers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
KEY = b"benchmark-pseudonym-key-0123456789"
PARTNERS = [("woco_bench", "Woningcorporatie (benchmark)", "huur", 0.40, (350, 2400)),
            ("energie_bench", "Energieleverancier (benchmark)", "energie", 0.30, (120, 900)),
            ("water_bench", "Drinkwaterbedrijf (benchmark)", "water", 0.15, (40, 260)),
            ("zorg_bench", "Zorgverzekeraar (benchmark)", "zorg", 0.15, (90, 750))]
TARGET_IMPORT_MATCH_S, TARGET_QUEUE_MS = 30, 50


def vm_hwm_mb():
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith("VmHWM")).split()[1]) / 1024


def reset_hwm():
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def prepare_database(url):
    import psycopg
    from psycopg import sql
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def pseudonymise_register(load):
    """Give each register person a synthetic BSN; the person id becomes its keyed pseudonym. Returns {old id: bsn}."""
    from django.db import connection

    from meedoen.reach.register.validate import pseudonym

    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id FROM reach_registerperson WHERE load_id = %s ORDER BY id", [load.pk])
        old = [row[0] for row in cursor.fetchall()]
        bsns = elfproef_numbers(len(old))
        cursor.execute("CREATE TEMP TABLE bench_ids (old text PRIMARY KEY, new text)")
        with cursor.copy("COPY bench_ids (old, new) FROM STDIN") as copy:
            for person, bsn in zip(old, bsns):
                copy.write_row((person, pseudonym(KEY, "person", bsn)))
        for table in ("reach_registerperson", "reach_registerincome", "reach_registerbenefit"):
            cursor.execute(f"UPDATE {table} t SET person_id = b.new FROM bench_ids b "
                           f"WHERE t.load_id = %s AND t.person_id = b.old", [load.pk])
        cursor.execute("DROP TABLE bench_ids")
        # The generator writes postcodes 0000AA-0999ZZ, which the import rejects (a postcode starts with 1-9):
        # 2xxx instead, unique as before, so signals on name and address can match.
        cursor.execute("UPDATE reach_registeraddress SET postcode = '2' || substr(postcode, 2) "
                       "WHERE load_id = %s AND postcode LIKE '0%%'", [load.pk])
        cursor.execute("ANALYZE reach_registeraddress")
        cursor.execute("ANALYZE reach_registerperson")
    return dict(zip(old, bsns))


def signal_rows(load, bsn_of, total, day, seed):
    """{partner slug: [row dict in the import format]}, deterministic for ``seed``."""
    from meedoen.reach.models import RegisterAddress, RegisterHousehold, RegisterPerson

    rng = random.Random(seed)
    address = dict(RegisterAddress.objects.filter(load=load).values_list("address_id", "postcode"))
    number = dict(RegisterAddress.objects.filter(load=load).values_list("address_id", "house_number"))
    home = dict(RegisterHousehold.objects.filter(load=load).values_list("household_id", "address_id"))
    adults = list(RegisterPerson.objects.filter(load=load, role__in=("applicant", "partner"))
                  .order_by("id").values_list("person_id", "household_id", "family_name", "birth_date"))
    bsn_of_pseudonym = {}
    from meedoen.reach.register.validate import pseudonym

    for old, bsn in bsn_of.items():
        bsn_of_pseudonym[pseudonym(KEY, "person", bsn)] = bsn
    outsiders = iter(elfproef_numbers(total // 50 + 10, start=50_000_000))
    rows = {slug: [] for slug, *_ in PARTNERS}
    weights = [w for *_, w, _ in PARTNERS]
    n, previous = 0, []
    while n < total:
        slug, _, kind, _, (low, high) = rng.choices(PARTNERS, weights=weights)[0]
        signal_day = day - timedelta(days=rng.randint(0, 60))
        if previous and rng.random() < 0.05:  # a repeat: same person and partner, later, same amount
            slug, base = rng.choice(previous)
            row = {**base, "referentie": f"{slug}-{n}", "signaaldatum": day.isoformat(),
                   "ontstaansdatum": (day - timedelta(days=90)).isoformat()}
        else:
            person_id, household, surname, born, = rng.choice(adults)
            amount = f"{rng.randint(low, high)},{rng.choice(('00', '50'))}" if rng.random() > 0.05 else ""
            row = {"referentie": f"{slug}-{n}", "bedrag": amount,
                   "ontstaansdatum": (signal_day - timedelta(days=rng.randint(30, 100))).isoformat(),
                   "signaaldatum": signal_day.isoformat(),
                   "crisissignaal": "ja" if kind != "zorg" and rng.random() < 0.03 else "nee"}
            u = rng.random()
            if u < 0.01 and surname and born and home.get(household) in address:
                row.update(geslachtsnaam=surname, geboortedatum=born.isoformat(),
                           postcode=address[home[household]], huisnummer=str(number[home[household]]))
            elif u < 0.03:
                row["bsn"] = next(outsiders)
            else:
                row["bsn"] = bsn_of_pseudonym[person_id]
            if len(previous) < 20_000:
                previous.append((slug, row))
        rows[slug].append(row)
        n += 1
    return rows


def timed_match(municipality, analyze=False):
    """matching.match with the time of each of its SQL statements (first words as the label).

    ``analyze``: a diagnosis, not the code as it is: ANALYZE the case and match tables before each statement that
    joins them, so the planner sees the rows the same transaction has just written."""
    from django.db import connection

    from meedoen.signals.matching import match

    spent = []

    def wrapper(execute, sql, params, many, context):
        if analyze and sql.lstrip().startswith(("SELECT array_agg(DISTINCT m.id)", "UPDATE signals_signalmatch",
                                                      "INSERT INTO signals_signalcase")):
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE signals_signalmatch")
                cursor.execute("ANALYZE signals_signalcase")
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((" ".join(sql.split())[:70], time.perf_counter() - start))
            print(f"#   match: {spent[-1][1]:.2f} s {spent[-1][0]}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        counts = match(municipality)
    return counts, time.perf_counter() - start, spent


def percentile(values, p):
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure_queue(user, warmup, requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(warmup):
        client.get("/werkplek/signalen/")
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get("/werkplek/signalen/")
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/werkplek/signalen/")
    return {"status": response.status_code, "bytes": len(response.content), "queries": len(captured.captured_queries),
            "sql_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000,
            "median": statistics.median(times), "p90": percentile(times, 90), "max": max(times)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--signals", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--date", default="2026-03-01", help="The pinned date (MEEDOEN_CHECK_DATE) of the data.")
    parser.add_argument("--database-url", default=os.environ.get("MEEDOEN_BENCH_DATABASE_URL"))
    parser.add_argument("--analyze-in-match", action="store_true",
                        help="Diagnosis: ANALYZE the case and match tables inside matching.match before its joins.")
    args = parser.parse_args()
    stop, url = None, args.database_url
    if not url:
        import casework as bench_casework  # the private-cluster helper of benchmarks/casework.py, own folder

        bench_casework.PRIVATE_DIR = Path("/var/tmp/meedoen-signals-bench")
        url, stop = bench_casework.start_private_cluster()
        url = url.rsplit("/", 1)[0] + "/meedoen_signals_bench"
    try:
        run(args, url)
    finally:
        if stop:
            stop()


def run(args, url):
    prepare_database(url)
    import casework as bench_casework  # benchmarks/casework.py

    bench_casework.setup_django(url, args.date)
    import django
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from meedoen.municipalities.models import Municipality, Organisation
    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.reach.register.synthetic import generate_register
    from meedoen.reach.services.runs import load_register
    from meedoen.signals.importer import import_rows
    from meedoen.signals.models import SignalCase, SignalPartner

    day = date.fromisoformat(args.date)
    call_command("migrate", verbosity=0, interactive=False)
    sync_municipalities()
    town = Municipality.objects.get(slug="zoetermeer")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        register = generate_register(Path(folder) / "register", args.households, day=day, overwrite=True)
        load = load_register(register.path, town)
    bsn_of = pseudonymise_register(load)
    prepared = time.perf_counter() - start
    rows = signal_rows(load, bsn_of, args.signals, day, args.seed)
    del bsn_of
    partners = {}
    for slug, name, kind, *_ in PARTNERS:
        org = Organisation.objects.create(municipality=town, slug=slug, name=name)
        partners[slug] = SignalPartner.objects.create(organisation=org, partner_type=kind)
    print(f"# register: {load.households:,} households, {load.persons:,} persons, loaded in {prepared:.1f} s; "
          f"signals: {sum(map(len, rows.values())):,} rows", file=sys.stderr)

    hwm_reset = reset_hwm()
    hwm_before = vm_hwm_mb()
    start = time.perf_counter()
    reports = {slug: import_rows(partners[slug], part, KEY) for slug, part in rows.items()}
    imported = time.perf_counter() - start
    print(f"# import: {imported:.1f} s, VmHWM {vm_hwm_mb():,.0f} MB", file=sys.stderr, flush=True)
    counts, matched, statements = timed_match(town, args.analyze_in_match)
    peak = vm_hwm_mb()
    created = sum(r.created for r in reports.values())
    problems = sum(len(r.problems) for r in reports.values())

    user = User.objects.create_user("bench-professional", password="bench-pw-1234")
    user.groups.add(Group.objects.get_or_create(name="professional")[0])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE signals_signal")
        cursor.execute("VACUUM ANALYZE signals_signalmatch")
        cursor.execute("VACUUM ANALYZE signals_signalcase")
        cursor.execute("SELECT count(*) FROM signals_signalmatch m JOIN signals_signalcase c ON c.id = m.case_id "
                       "WHERE c.closed_at IS NULL")
        open_signals = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    queue = measure_queue(user, args.warmup, args.requests)
    open_cases = SignalCase.objects.filter(closed_at__isnull=True).count()

    load_avg = os.getloadavg()
    print(f"# Signals, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {os.cpu_count()} cores, "
          f"PostgreSQL {pg_version}, Django {django.get_version()}, load average {load_avg[0]:.2f} {load_avg[1]:.2f}")
    print(f"# command: python benchmarks/signals.py --households {args.households} --signals {args.signals} "
          f"--seed {args.seed} --requests {args.requests}{' --analyze-in-match' if args.analyze_in_match else ''}")
    print(f"# register {load.households:,} households / {load.persons:,} persons (prepared in {prepared:.1f} s); "
          f"{created:,} signals created, {problems} problems; match: {counts}")
    print()
    total = imported + matched
    print("| measurement | value | target |")
    print("|---|---|---|")
    print(f"| import, {args.signals:,} rows from 4 partners (import_rows) | **{imported:.1f} s** | |")
    print(f"| matching and bundling (matching.match) | **{matched:.1f} s** | |")
    print(f"| import + match | **{total:.1f} s** | < {TARGET_IMPORT_MATCH_S} s "
          f"{'met' if total < TARGET_IMPORT_MATCH_S else '**not met**'} |")
    print(f"| peak memory (VmHWM{' since reset' if hwm_reset else ''}) | {peak:,.0f} MB (before the import "
          f"{hwm_before:,.0f} MB) | |")
    print(f"| queue page, {open_cases:,} open cases with {open_signals:,} signals: median of {args.requests} | "
          f"**{queue['median']:.1f} ms** (p90 {queue['p90']:.1f}, max {queue['max']:.1f}; {queue['status']}, "
          f"{queue['bytes'] / 1024:.0f} kB, {queue['queries']} queries, {queue['sql_ms']:.1f} ms SQL) | "
          f"< {TARGET_QUEUE_MS} ms {'met' if queue['median'] < TARGET_QUEUE_MS else '**not met**'} |")
    print()
    print("matching.match, its SQL statements:")
    for label, seconds in statements:
        if seconds >= 0.05:
            print(f"- {seconds:.2f} s: `{label}`")


if __name__ == "__main__":
    main()
