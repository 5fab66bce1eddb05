"""Load test of the public check endpoint on loopback with the production-style server.

Starts gunicorn (N workers, SQLite demo database) on 127.0.0.1, then wrk (Debian package) POSTs
the seed household to /api/v1/check/ for a fixed time. Reports requests/s and latency percentiles.

Run: python benchmarks/load_check.py [--workers 2] [--seconds 20] [--connections 8]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HOUSEHOLD = json.loads((Path(__file__).resolve().parent.parent / "examples/households/eenoudergezin-115-procent.json").read_text())
BODY = json.dumps({"household": HOUSEHOLD, "date": "2026-03-01"})
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[%s]]
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f %%f\\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=0, help="0: a free port on 127.0.0.1")
    args = parser.parse_args()
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    data = tempfile.mkdtemp(prefix="meedoen-load-")
    env = {**os.environ, "MEEDOEN_DEMO": "1", "MEEDOEN_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "meedoen.web.settings",
           "MEEDOEN_API_ANON_RATE": "100000000/minute", "MEEDOEN_API_USER_RATE": "100000000/minute"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([sys.executable, "-m", "django", "sync_municipalities", "-v", "0"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "meedoen.web.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
                               "--workers", str(args.workers), "--log-level", "warning"], env=env)
    url = f"http://127.0.0.1:{args.port}/api/v1/check/"
    try:
        for _ in range(100):
            try:
                request = urllib.request.Request(url, BODY.encode(), {"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.2)
        script = Path(data) / "post.lua"
        script.write_text(LUA % BODY)
        out = subprocess.run(["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s", "-s", str(script), url],
                             capture_output=True, text=True, check=True).stdout
        line = next(l for l in out.splitlines() if l.startswith("RESULT"))
        requests, errors, duration_us, p50, p90, p99, worst = line.split()[1:]
        rps = int(requests) / (int(duration_us) / 1e6)
        print(f"| POST /api/v1/check/ (seed household, full explanation), gunicorn {args.workers} workers, wrk 2 threads x {args.connections} connections, {args.seconds} s "
              f"| {rps:.0f} req/s | p50 {float(p50) / 1000:.1f} ms, p90 {float(p90) / 1000:.1f} ms, p99 {float(p99) / 1000:.1f} ms, max {float(worst) / 1000:.1f} ms | {requests} requests, {errors} errors |")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
