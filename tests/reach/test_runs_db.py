"""Reach in the database: a register loaded into PostgreSQL all or nothing, runs from the database
with the same figures as from the folder, non-users with their address, and the pages."""

from datetime import date

import polars as pl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import sync_municipalities
from meedoen.reach.models import NonUser, ReachRun, RegisterLoad, RegisterPerson
from meedoen.reach.register.format import TABLES, conform
from meedoen.reach.run import run_register
from meedoen.reach.services import runs as service

from reach_registers import synthetic, write_register

DAY = date(2026, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def zoetermeer(db):
    sync_municipalities()
    return Municipality.objects.get(slug="zoetermeer")


@pytest.fixture
def register(tmp_path):
    households = synthetic(240, seed=31)
    register, _ = write_register(tmp_path / "register", [("zoetermeer", households)])
    return register


def user(username, *role_names):
    u = get_user_model().objects.create_user(username, password="x")
    for name in role_names:
        u.groups.add(Group.objects.get_or_create(name=name)[0])
    return u


def test_a_loaded_register_reads_back_the_same_tables(zoetermeer, register):
    load = service.load_register(register.path, zoetermeer)
    assert (load.households, load.persons) == (240, register.parts[0].persons)
    back = service.read_load(load)
    original = register.read(register.parts[0])
    for table in TABLES:
        key = {"addresses": "address_id", "households": "household_id", "persons": "person_id"}.get(table)
        a, b = conform(table, original[table]), back[table]
        sort = [key] if key else [c for c in a.columns if a.schema[c] != pl.Boolean]
        assert a.sort(sort, nulls_last=True).equals(b.sort(sort, nulls_last=True)), table


def test_loading_is_all_or_nothing(zoetermeer, register, monkeypatch):
    real = service._insert

    def failing(load, table, frame):
        if table == "benefits":
            raise RuntimeError("disk full")
        real(load, table, frame)

    monkeypatch.setattr(service, "_insert", failing)
    with pytest.raises(RuntimeError):
        service.load_register(register.path, zoetermeer)
    assert RegisterLoad.objects.count() == 0 and RegisterPerson.objects.count() == 0


def test_a_run_from_the_database_equals_the_run_from_the_folder(zoetermeer, register, rulebook, monkeypatch, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setattr(service, "CHUNK", 100)  # three steps
    load = service.load_register(register.path, zoetermeer)
    run = service.start_run(zoetermeer, DAY, None, load=load, background=False)
    assert run.state == ReachRun.DONE, run.error
    assert (run.progress_done, run.progress_total) == (240, 240)
    assert run.rulebook_hash == rulebook.hash
    folder = run_register(rulebook, register, DAY, None)
    assert run.figures == folder.figures
    outcomes = pl.concat([pl.read_parquet(f) for f in sorted((tmp_path / "data" / "reach" / f"run-{run.pk}" / "outcomes").glob("*.parquet"))])
    expected = 0
    for scheme in [c[:-8] for c in outcomes.columns if c.endswith("__status")]:
        n = outcomes.filter((pl.col(f"{scheme}__status") == "eligible") & ~pl.col(f"{scheme}__uses")).height
        assert NonUser.objects.filter(run=run, scheme=scheme).count() == n
        expected += n
    assert expected > 0
    letter = NonUser.objects.filter(run=run).first()
    assert letter.person_id and letter.household_type and letter.income_band


def test_a_failing_run_says_why(zoetermeer, register, monkeypatch, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    load = service.load_register(register.path, zoetermeer)

    def broken(*args, **kwargs):
        raise ValueError("the register has a household without members")

    monkeypatch.setattr(service, "evaluate_part", broken)
    run = service.start_run(zoetermeer, DAY, None, load=load, background=False)
    assert run.state == ReachRun.FAILED and "without members" in run.error
    assert NonUser.objects.filter(run=run).count() == 0


def test_a_run_needs_a_register_and_rules_for_the_day(zoetermeer):
    with pytest.raises(service.RunError, match="no register"):
        service.start_run(zoetermeer, DAY, None, background=False)


def test_pages_for_policy_only(client, zoetermeer, register, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    service.load_register(register.path, zoetermeer)
    assert client.get("/werkplek/bereik/").status_code == 302  # to the login page
    client.force_login(user("prof", "professional"))
    assert client.get("/werkplek/bereik/").status_code == 403
    client.force_login(user("beleid1", "policy"))
    page = client.get("/werkplek/bereik/")
    assert page.status_code == 200 and "Nieuwe berekening" in page.content.decode()
    bad = client.post("/werkplek/bereik/", {"municipality": "zoetermeer", "day": "2026-02-30"})
    assert bad.status_code == 400 and "geen geldige datum" in bad.content.decode()
    out_of_range = client.post("/werkplek/bereik/", {"municipality": "zoetermeer", "day": "2031-01-01"})
    assert out_of_range.status_code == 400 and "geen regels" in out_of_range.content.decode()
    started = client.post("/werkplek/bereik/", {"municipality": "zoetermeer", "day": "2026-03-01"})
    assert started.status_code == 302
    run = ReachRun.objects.get()
    shown = client.get(started["Location"]).content.decode()
    assert "ZoetermeerPas" in shown and "Niet bereikt" in shown
    by_band = client.get(started["Location"] + "?by=income_band&lang=en").content.decode()
    assert "above 100 up to 110%" in by_band and "Not reached" in by_band
    csv = client.get(f"/werkplek/bereik/berekening/{run.pk}/bereik.csv")
    assert csv.status_code == 200 and csv.content.decode().splitlines()[0].startswith("municipality,scheme")
    fragment = client.get(started["Location"] + "?part=progress", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert client.get("/werkplek/bereik/berekening/999999/").status_code == 404


def test_progress_fragment_polls_while_running(client, zoetermeer, register, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    load = service.load_register(register.path, zoetermeer)
    run = ReachRun.objects.create(municipality=zoetermeer, day=DAY, source="database", register_load=load,
                                  state=ReachRun.RUNNING, progress_done=60, progress_total=240)
    client.force_login(user("beleid2", "policy"))
    page = client.get(f"/werkplek/bereik/berekening/{run.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page and "http-equiv=\"refresh\"" in page
    fragment = client.get(f"/werkplek/bereik/berekening/{run.pk}/?part=progress", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.strip().startswith('<div id="run-progress"') and "60 / 240" in fragment
