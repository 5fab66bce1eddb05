"""The backup procedure of docs/operations.md, done for real: pg_dump of a database with the demo casework,
pg_restore into a new database, and every family, plan, plan version, consent, debt case and access-log entry is
there again, with the append-only guard of the access log still in force."""

import os
import subprocess
from glob import glob
from pathlib import Path

import psycopg
import pytest

TABLES = ["casework_family", "casework_person", "casework_membership", "casework_familyplan", "casework_planversion",
          "casework_goal", "casework_consent", "casework_accesslog", "debthelp_debtcase", "reach_registerhousehold"]


def pg_tool(name):
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"no {name} (apt-get install postgresql)")
    return found[-1]


def counts(dsn):
    with psycopg.connect(dsn) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def role_groups(transactional_db):
    """The role groups the migrations make; an earlier transactional test's flush may have emptied them."""
    from django.contrib.auth.models import Group

    for name in ("family", "professional", "coordinator", "policy", "functional_admin"):
        Group.objects.get_or_create(name=name)


def test_a_dump_restores_every_family_plan_and_log_entry(role_groups, casework_demo, tmp_path):
    from django.db import connection

    from meedoen.debthelp.demo import load_debthelp_demo

    load_debthelp_demo()
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s["PASSWORD"]}
    where = ["-h", s["HOST"], "-p", str(s["PORT"]), "-U", s["USER"]]
    dump, target = tmp_path / "meedoen.dump", f"{s['NAME']}_restored"
    run = lambda *args: subprocess.run([str(a) for a in args], env=env, check=True, capture_output=True, text=True)  # noqa: E731
    run(pg_tool("pg_dump"), *where, "--format=custom", "--no-owner", "--file", dump, s["NAME"])
    run(pg_tool("createdb"), *where, target)
    try:
        run(pg_tool("pg_restore"), *where, "--no-owner", "--exit-on-error", "--dbname", target, dump)
        base = f"host={s['HOST']} port={s['PORT']} user={s['USER']} password={s['PASSWORD']}"
        before, after = counts(f"{base} dbname={s['NAME']}"), counts(f"{base} dbname={target}")
        assert after == before and before["casework_family"] >= 3 and before["casework_accesslog"] > 0
        assert before["debthelp_debtcase"] > 0
        with psycopg.connect(f"{base} dbname={target}") as conn:
            with pytest.raises(psycopg.Error, match="append-only"):
                conn.execute("DELETE FROM casework_accesslog")
    finally:
        run(pg_tool("dropdb"), *where, "--if-exists", target)
