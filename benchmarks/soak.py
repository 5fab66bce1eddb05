"""Soak and faults (issue 13): the demo under mixed load on loopback, with a worker killed and PostgreSQL restarted.

Run:  python benchmarks/soak.py [--minutes 10] [--rate 300] [--workers 2]

1. The database: a private PostgreSQL cluster in /var/tmp/meedoen-soak-bench (the helpers of
   benchmarks/casework.py: Debian's PostgreSQL, 127.0.0.1 only, fsync on), a fresh database each run with the
   demo data (`migrate`, `createcachetable`, `load_demo`) and an API token for the demo user `professional`.
2. The server: gunicorn (as scripts/demo.sh) with --workers sync workers on 127.0.0.1, rate limits raised.
3. The load, open loop at --rate requests/s from threads in this process (http.client, a new connection per
   request as gunicorn's sync workers close it): resident checks (anonymous POST /api/v1/check/ with the seed
   household), casework pages as the logged-in professional (session from the login form: caseload and family
   page), API calls with the token (families, a family's plan, municipalities). Latency is counted from the
   moment a request was due, so a client or server that falls behind shows in it.
4. The writer, beside the load: one after the other, a goal with a unique marker is added to a family's plan
   through the API (POST .../plan/goals/, with the plan version); every write answered 201 is recorded.
5. The faults: at 1/3 of the run `kill -9` of one gunicorn worker that is running (most likely mid-request; the
   master must start a new one), at 2/3
   `pg_ctl restart -m fast`. Errors (5xx, connection errors, timeouts) within --fault-window seconds after a
   fault (sent in it, or in flight at the fault) are counted apart; recovery is the time from the fault to the last failed request of its window, and
   for the restart also to the first 200 of /health/ready.
6. After the run every acknowledged marker is looked up in the database: lost committed writes must be 0.
Prints Markdown for docs/benchmarks.md.
"""

import argparse
import http.client
import json
import os
import queue
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import casework as bench  # noqa: E402  (the private cluster helpers)

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = json.loads((ROOT / "examples/households/eenoudergezin-115-procent.json").read_text())
CHECK_BODY = json.dumps({"household": HOUSEHOLD, "date": "2026-03-01"}).encode()
TIMEOUT = 10.0
bench.PRIVATE_DIR = Path("/var/tmp/meedoen-soak-bench")  # its own cluster: the casework one keeps 50,000 families


# --- The cluster, the data and the server -------------------------------------------------------------------

def pg_bin():
    return sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))[-1].parent


def restart_postgres():
    bench.as_db_owner([str(pg_bin() / "pg_ctl"), "-D", str(bench.PRIVATE_DIR / "data"), "-m", "fast", "-w", "-t", "60",
                       "restart"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fresh_database(url):
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    name = parts.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django(env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "django", *args], env=env, check=True, text=True, **kwargs)


def start_server(env, port, workers, log):
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "meedoen.web.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--log-level", "warning", "--timeout", "30"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if request(port, "GET", "/health/ready")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not become ready")


def workers_of(master):
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def busy_worker(master, wait=5.0):
    """A worker that is running (state R, so most likely in a request), else after `wait` seconds the first one."""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        for pid in workers_of(master):
            try:
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R":
                    return pid
            except OSError:
                pass
        time.sleep(0.002)
    return workers_of(master)[0]


# --- HTTP -----------------------------------------------------------------------------------------------------

def request(port, method, path, body=None, headers=None):
    """One request on a new connection: (status, body bytes, response headers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        conn.close()


def login(port, username, password):
    """Log in through the workspace login form; returns the Cookie header of the session."""
    status, page, headers = request(port, "GET", "/werkplek/inloggen/")
    cookies = dict(re.match(r"([^=]+)=([^;]*)", v).groups() for k, v in headers if k.lower() == "set-cookie")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    status, _, headers = request(port, "POST", "/werkplek/inloggen/", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/werkplek/inloggen/"})
    cookies.update(dict(re.match(r"([^=]+)=([^;]*)", v).groups() for k, v in headers if k.lower() == "set-cookie"))
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"login as {username} failed: {status}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def api(port, token, method, path, data=None, extra=None):
    headers = {"Authorization": f"Token {token}", "Accept": "application/json", **(extra or {})}
    body = None
    if data is not None:
        body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
    status, content, _ = request(port, method, path, body, headers)
    return status, (json.loads(content) if content and content[:1] in b"{[" else None)


# --- The load -------------------------------------------------------------------------------------------------

class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []  # (kind, due, sent, done, outcome, status): outcome "ok", "5xx", "4xx", "connection", "timeout",
        # or "late" (not sent: due more than TIMEOUT seconds ago when a client thread was free)

    def add(self, *row):
        with self.lock:
            self.rows.append(row)


def outcome_of(fn):
    try:
        status = fn()
    except (TimeoutError, socket.timeout):
        return "timeout", None
    except (OSError, http.client.HTTPException):
        return "connection", None
    if status >= 500:
        return "5xx", status
    return ("ok" if status < 400 else "4xx"), status


def load(port, rate, seconds, kinds, results, threads=32, seed=13):
    """Open loop: a scheduler puts each request in the queue at its due time; the threads send them."""
    todo = queue.Queue()
    names, weights = zip(*[(name, weight) for name, (weight, _) in kinds.items()])
    rng = random.Random(seed)

    def send():
        while (item := todo.get()) is not None:
            kind, due = item
            sent = time.monotonic()
            if sent - due > TIMEOUT:  # the client fell this far behind: counted as a timeout, not sent
                results.add(kind, due, sent, sent, "late", None)
                continue
            outcome, status = outcome_of(lambda: kinds[kind][1](rng_local.choice))
            results.add(kind, due, sent, time.monotonic(), outcome, status)

    rng_local = random.Random(seed + 1)
    pool = [threading.Thread(target=send, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    start = time.monotonic()
    n = 0
    while (due := start + n / rate) < start + seconds:
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        todo.put((rng.choices(names, weights)[0], due))
        n += 1
    for _ in pool:
        todo.put(None)
    for t in pool:
        t.join()  # the backlog drains quickly: what is TIMEOUT late is recorded, not sent


def writer(port, token, family, run_id, stop, results, acknowledged, pause=0.5):
    """Add goals with unique markers, one after the other; every 201 is an acknowledged committed write."""
    version, n = None, 0
    while not stop.is_set():
        if version is None:
            try:
                status, data = api(port, token, "GET", f"/api/v1/families/{family}/plan/")
                version = data["version"] if status == 200 else None
            except (OSError, http.client.HTTPException):
                pass
            if version is None:
                time.sleep(pause)
                continue
        n += 1
        marker = f"soak-{run_id}-{n}"
        box = {}

        def post():
            status, data = api(port, token, "POST", f"/api/v1/families/{family}/plan/goals/",
                               {"text": marker, "domain": "housing", "version": version})
            box["data"] = data
            return status

        due = time.monotonic()
        outcome, status = outcome_of(post)
        results.add("write (goal)", due, due, time.monotonic(), outcome, status)
        if status == 201:
            acknowledged.append((marker, time.monotonic()))
            version = box["data"]["version"]
        else:
            version = None  # unknown (a write may have been committed without the answer): read the plan again
        time.sleep(pause)


# --- Report ---------------------------------------------------------------------------------------------------

def pct(values, p):
    return bench.percentile(values, p) if values else float("nan")


def summary(rows, seconds):
    ok = [r for r in rows if r[4] == "ok"]
    lat = [(r[3] - r[1]) * 1000 for r in rows if r[4] == "ok"]
    svc = [(r[3] - r[2]) * 1000 for r in rows if r[4] == "ok"]
    errors = sum(1 for r in rows if r[4] in ("5xx", "connection", "timeout", "late"))
    other = sum(1 for r in rows if r[4] == "4xx")
    return (f"{len(rows):,} | {len(ok) / seconds:.1f} | {pct(lat, 50):.1f} | {pct(lat, 99):.1f} | {max(lat, default=0):.0f} | "
            f"{pct(svc, 50):.1f} / {pct(svc, 99):.1f} | {errors} | {other}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=300, help="Requests per second of the mixed load (the writer comes on top).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=32, help="Client threads that send the open-loop requests.")
    parser.add_argument("--fault-window", type=float, default=15, help="Seconds after a fault whose errors count as the fault's.")
    parser.add_argument("--write-pause", type=float, default=0.5, help="Seconds the writer waits between its writes.")
    parser.add_argument("--no-faults", action="store_true")
    args = parser.parse_args()

    url, stop_cluster = bench.start_private_cluster()
    url = url.rsplit("/", 1)[0] + "/meedoen_soak"
    data_dir = tempfile.mkdtemp(prefix="meedoen-soak-")
    server = None
    try:
        fresh_database(url)
        env = {**os.environ, "DATABASE_URL": url, "MEEDOEN_DEMO": "1", "MEEDOEN_DATA_DIR": data_dir,
               "DJANGO_SETTINGS_MODULE": "meedoen.web.settings", "MEEDOEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
               "MEEDOEN_API_ANON_RATE": "100000000/minute", "MEEDOEN_API_USER_RATE": "100000000/minute",
               "MEEDOEN_REACH_BACKGROUND": "0", "PYTHONPATH": str(ROOT / "src")}
        env.pop("MEEDOEN_DEBUG", None)
        django(env, "migrate", "--noinput", "-v", "0")
        django(env, "createcachetable")
        django(env, "load_demo", stdout=subprocess.DEVNULL)
        token = django(env, "drf_create_token", "professional", capture_output=True).stdout.split()[2]
        port = bench.free_port(18400)
        log_path = Path(data_dir) / "server.log"
        with open(log_path, "w") as log:
            server = start_server(env, port, args.workers, log)
            run(args, env, url, port, token, server, log_path)
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        stop_cluster()
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args, env, url, port, token, server, log_path):
    import psycopg

    cookie = login(port, "professional", "professional")
    status, families = api(port, token, "GET", "/api/v1/families/")
    family_ids = [f["id"] for f in (families["results"] if isinstance(families, dict) else families)]
    with_plan = [f for f in family_ids if api(port, token, "GET", f"/api/v1/families/{f}/plan/")[0] == 200]
    if not with_plan:
        sys.exit(f"no family of 'professional' with a plan the API shows (families: {family_ids})")
    write_family = with_plan[0]
    page = lambda path: (lambda choice: request(port, "GET", path, headers={"Cookie": cookie})[0])  # noqa: E731
    kinds = {
        "resident check (POST /api/v1/check/)": (50, lambda choice: request(
            port, "POST", "/api/v1/check/", CHECK_BODY, {"Content-Type": "application/json"})[0]),
        "casework page: caseload": (10, page("/werkplek/gezinnen/")),
        "casework page: family": (15, lambda choice: request(
            port, "GET", f"/werkplek/gezinnen/{choice(family_ids)}/", headers={"Cookie": cookie})[0]),
        "API (token): families, plan, municipalities": (25, lambda choice: api(port, token, "GET", choice(
            ["/api/v1/families/", f"/api/v1/families/{choice(with_plan)}/plan/", "/api/v1/municipalities/"]))[0]),
    }
    for name, (_, fn) in kinds.items():  # every kind answers 200 before the run
        if (status := fn(random.Random(0).choice)) != 200:
            sys.exit(f"{name}: {status} before the run")

    seconds = args.minutes * 60
    results, acknowledged, stop = Results(), [], threading.Event()
    run_id = f"{int(time.time())}"
    faults = []

    def inject():
        t0 = time.monotonic()
        time.sleep(seconds / 3)
        victim = busy_worker(server.pid)
        at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        for _ in range(200):
            now = workers_of(server.pid)
            if len(now) >= args.workers and victim not in now:
                break
            time.sleep(0.05)
        faults.append({"fault": f"kill -9 of worker {victim}", "at": at, "t": at - t0,
                       "note": f"new worker after {time.monotonic() - at:.2f} s (workers now {workers_of(server.pid)})"})
        time.sleep(max(0.0, t0 + 2 * seconds / 3 - time.monotonic()))
        at = time.monotonic()
        restart_postgres()
        restarted = time.monotonic()
        ready = None
        while time.monotonic() - at < 60:
            try:
                if request(port, "GET", "/health/ready")[0] == 200:
                    ready = time.monotonic()
                    break
            except OSError:
                pass
            time.sleep(0.05)
        faults.append({"fault": "pg_ctl restart -m fast", "at": at, "t": at - t0,
                       "note": f"pg_ctl took {restarted - at:.2f} s; /health/ready 200 after "
                               + (f"{ready - at:.2f} s" if ready else "more than 60 s")})

    threads = [threading.Thread(target=writer, args=(port, token, write_family, run_id, stop, results, acknowledged,
                                                      args.write_pause), daemon=True)]
    if not args.no_faults:
        threads.append(threading.Thread(target=inject, daemon=True))
    load_avg_before = os.getloadavg()
    started = time.monotonic()
    for t in threads:
        t.start()
    load(port, args.rate, seconds, kinds, results, threads=args.threads)
    stop.set()
    for t in threads:
        t.join(70)
    elapsed = time.monotonic() - started
    load_avg_after = os.getloadavg()

    with psycopg.connect(url) as conn:
        stored = {row[0] for row in conn.execute("SELECT text FROM casework_goal WHERE text LIKE %s", [f"soak-{run_id}-%"])}
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    acked = {m for m, _ in acknowledged}
    lost = sorted(acked - stored)

    rows = results.rows
    def fault_of(r):  # the latest fault the request was in flight at, or that it was sent within the window after
        before = [i for i, f in enumerate(faults) if r[3] >= f["at"] and r[2] <= f["at"] + args.fault_window]
        return before[-1] if before else None
    in_fault = lambda r: fault_of(r) is not None  # noqa: E731
    is_error = lambda r: r[4] in ("5xx", "connection", "timeout", "late")  # noqa: E731
    outside = [r for r in rows if not in_fault(r)]

    import django as dj
    print(f"# Soak and faults, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {bench.machine()}, PostgreSQL {pg_version}, "
          f"Django {dj.get_version()}, gunicorn {args.workers} sync workers")
    print(f"# command: python benchmarks/soak.py --minutes {args.minutes:g} --rate {args.rate:g} --workers {args.workers}"
          f" --threads {args.threads} --write-pause {args.write_pause:g}{' --no-faults' if args.no_faults else ''}")
    print(f"# load average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_avg_before)}; "
          f"after {', '.join(f'{x:.2f}' for x in load_avg_after)}; the run took {elapsed:.0f} s")
    print()
    print("| kind | requests | answered 2xx-3xx per s | latency p50 (ms) | p99 | max | service time p50 / p99 | errors (5xx, connection, timeout, late) | 4xx |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in [*kinds, "write (goal)"]:
        print(f"| {kind} | {summary([r for r in rows if r[0] == kind], seconds)} |")
    print(f"| **all** | {summary(rows, seconds)} |")
    print(f"| all, outside the fault windows ({args.fault_window:g} s after each fault) | {summary(outside, seconds)} |")
    print()
    for i, f in enumerate(faults):
        window = [r for r in rows if fault_of(r) == i]
        errs = [r for r in window if is_error(r)]
        kinds_of = {}
        for r in errs:
            key = f"{r[4]}{'' if r[5] is None else ' ' + str(r[5])}"
            kinds_of[key] = kinds_of.get(key, 0) + 1
        recovery = max((r[3] for r in errs), default=f["at"]) - f["at"]
        print(f"- **{f['fault']}** at {f['t']:.0f} s: {len(errs)} errors of {len(window)} requests in the {args.fault_window:g} s "
              f"after it ({', '.join(f'{k}: {v}' for k, v in sorted(kinds_of.items())) or 'none'}); last failure "
              f"{recovery:.2f} s after the fault; {f['note']}.")
    errors_outside = [r for r in outside if is_error(r)]
    print(f"- Errors outside the fault windows: {len(errors_outside)}"
          + "".join(f"; {r[0]} sent at {r[2] - started:.1f} s: {r[4]} {r[5] or ''}" for r in errors_outside[:10]) + ".")
    server_log = log_path.read_text(errors="replace")
    print(f"- Server log: {server_log.count('Internal Server Error')} 'Internal Server Error' entries, "
          f"{server_log.count('OperationalError')} lines naming OperationalError, "
          f"{len(re.findall(r'WORKER TIMEOUT|Worker .* was sent SIGKILL|Booting worker', server_log))} worker events.")
    print(f"- Committed writes: {len(acked)} goals acknowledged with 201, {len(acked & stored)} found in the database, "
          f"**{len(lost)} lost**{' (' + ', '.join(lost[:10]) + ')' if lost else ''}; "
          f"{len(stored - acked)} stored without an acknowledgement (committed, answer lost in a fault).")


if __name__ == "__main__":
    main()
