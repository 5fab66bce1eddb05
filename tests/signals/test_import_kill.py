"""An import killed with SIGKILL in the middle of writing leaves no signal of it; run again, it completes.

The command runs as a real subprocess against the (committed) test database; the test waits until the import
holds its advisory lock (classid 7031, objid = partner) and has begun writing signals, then kills it.
"""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection

from meedoen.municipalities.models import Municipality, Organisation
from meedoen.reach.register.synthetic import elfproef_numbers
from meedoen.signals.models import Signal, SignalPartner

ROWS = 60_000
KEY = "k" * 32


def database_env():
    s = connection.settings_dict
    url = f"postgres://{quote(s['USER'])}:{quote(s['PASSWORD'])}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "MEEDOEN_PSEUDONYM_KEY": KEY,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "meedoen.web.settings")}


def command(path):
    return [sys.executable, "-m", "django", "import_signals", "zoetermeer", "woco", str(path)]


def lock_state(partner):
    """(the import holds its advisory lock, that backend holds a write lock on the signals table)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 7031 AND objid = %s "
                       "AND granted", [partner.pk])
        row = cursor.fetchone()
        if row is None:
            return False, False
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = %s AND locktype = 'relation' "
                       "AND relation = 'signals_signal'::regclass AND mode = 'RowExclusiveLock')", [row[0]])
        return True, cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_nothing_and_a_rerun_completes(tmp_path):
    town = Municipality.objects.create(slug="zoetermeer", name="Zoetermeer", cbs_code="0637", districts=[])
    org = Organisation.objects.create(municipality=town, slug="woco", name="Woningcorporatie (test)")
    partner = SignalPartner.objects.create(organisation=org, partner_type="huur")
    path = tmp_path / "signalen.csv"
    lines = ["referentie;bedrag;ontstaansdatum;signaaldatum;crisissignaal;bsn"]
    lines += [f"K-{i};{100 + i % 900},00;2026-09-01;2026-11-02;{'ja' if i % 50 == 0 else 'nee'};{bsn}"
              for i, bsn in enumerate(elfproef_numbers(ROWS))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    env = database_env()
    process = subprocess.Popen(command(path), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, state = time.monotonic() + 120, (False, False)
        while time.monotonic() < deadline and process.poll() is None:
            state = lock_state(partner)
            if state == (True, True):
                break
            time.sleep(0.005)
        assert process.poll() is None, "the import finished before it could be killed: make ROWS larger"
        assert state == (True, True), "the import never held its lock while writing"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    deadline = time.monotonic() + 60  # the server ends the dead client's transaction and frees the lock
    while lock_state(partner)[0] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lock_state(partner) == (False, False)
    assert Signal.objects.filter(partner=partner).count() == 0

    done = subprocess.run(command(path), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert '"created": %d' % ROWS in done.stdout
    assert Signal.objects.filter(partner=partner).count() == ROWS
