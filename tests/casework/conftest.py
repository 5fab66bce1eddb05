"""Helpers for the casework service tests: the demo on the pinned day, users by name, row counters,
and a small family built through the services with explicit dates."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from meedoen.casework import vocabulary as v

DAY = date(2026, 3, 1)  # MEEDOEN_CHECK_DATE of the test command and of the casework_demo fixture


def at(day, hour=12):
    """An aware datetime on ``day`` (the services take ``now=`` so nothing depends on the real clock)."""
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@pytest.fixture
def demo(casework_demo):
    """The demo, built on the pinned day."""
    return casework_demo


@pytest.fixture
def staff(demo):
    return demo["staff"]


@pytest.fixture
def fams(demo):
    f = demo["families"]
    return {"bakker": f["Z-CW-0001"], "yilmaz": f["Z-CW-0002"], "devries": f["Z-CW-0003"]}


@pytest.fixture
def zoetermeer(demo):
    from meedoen.municipalities.models import Municipality

    return Municipality.objects.get(slug="zoetermeer")


@pytest.fixture
def groningen(demo):
    from meedoen.municipalities.models import Municipality

    return Municipality.objects.get(slug="groningen")


def team_of(pro):
    return pro.teams.first()


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def counts():
    """A snapshot of row counts of every casework table (and Person), to prove nothing was written."""
    from django.apps import apps

    def snap():
        return {m._meta.label: m.objects.count() for m in apps.get_app_config("casework").get_models()}
    return snap


@pytest.fixture
def small_family(demo, zoetermeer):
    """A fresh family 'Z-T-0100' made through the services by the Kwadraad coach on DAY - 30, with a parent
    (Ines), two children (Bo, Jip), a plan started on DAY - 20 and consent for Kwadraad (help, all categories)."""
    from meedoen.casework.services import consent, families, plans

    coach = demo["staff"]["professional"]
    start = DAY - timedelta(days=30)
    family = families.create_family(coach.user, team_of(coach), municipality=zoetermeer, reference="Z-T-0100", name="Gezin Test",
                                    since=start, help_kind="gezinscoaching", members=[
        dict(first_name="Ines", last_name="Test", role=v.PARENT, start=start, birth_date=date(1990, 5, 1)),
        dict(first_name="Bo", last_name="Test", role=v.CHILD, start=start, birth_date=date(2016, 2, 2)),
        dict(first_name="Jip", last_name="Test", role=v.CHILD, start=start, birth_date=date(2019, 7, 7)),
    ])
    ines = family.memberships.get(person__first_name="Ines").person
    for category in v.CATEGORIES:
        consent.give(coach.user, family, organisation_id=coach.organisation_id, category=category, purpose=v.HELP, given_by=ines,
                     now=at(start))
    plans.start_plan(coach.user, family, started_on=DAY - timedelta(days=20), family_words="Rust in huis.")
    family.refresh_from_db()
    return family


def person(family, first_name):
    return family.memberships.get(person__first_name=first_name).person


# --- Committed data for tests with two database connections (threads) -------------------------------------------
@pytest.fixture
def plan_in_committed_data(transactional_db, monkeypatch, settings):
    """A family with a plan, committed, so that other connections (threads) see it."""
    from django.contrib.auth.models import Group

    from meedoen.casework.demo import ensure_organisations
    from meedoen.casework.services import consent, families, plans
    from meedoen.municipalities.models import Municipality
    from meedoen.municipalities.rulebook import sync_municipalities

    monkeypatch.setenv("MEEDOEN_CHECK_DATE", DAY.isoformat())
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_municipalities()
    for name in ("professional", "family"):  # made by migrations; a flush of an earlier transactional test removes them
        Group.objects.get_or_create(name=name)
    staff = ensure_organisations(DAY)
    coach, school = staff["professional"], staff["school"]
    family = families.create_family(coach.user, coach.teams.first(), municipality=Municipality.objects.get(slug="zoetermeer"),
                                    reference="Z-T-0200", name="Gezin Race", since=DAY - timedelta(days=10), help_kind="gezinscoaching",
                                    members=[dict(first_name="Ada", last_name="Race", role=v.PARENT, start=DAY - timedelta(days=10),
                                                  birth_date=date(1990, 1, 1))])
    plan = plans.start_plan(coach.user, family, started_on=DAY - timedelta(days=5))
    return {"plan": plan, "family": family, "staff": staff, "users": (coach.user, school.user), "consent": consent}


@pytest.fixture
def in_thread():
    """``in_thread(target)`` -> (thread, result dict): runs ``target`` with its own database connection."""
    import threading

    from django.db import connection

    def make(target):
        result = {}

        def run():
            try:
                result["value"] = target()
            except Exception as exc:  # noqa: BLE001 - the test inspects it
                result["error"] = exc
            finally:
                connection.close()
        return threading.Thread(target=run), result
    return make


@pytest.fixture
def race(in_thread):
    """``race(first, second)`` -> (first's result, second's result): ``first`` writes and holds its transaction open a
    moment while ``second`` starts, so the second waits for the first's lock. Results: {"value": ...} or {"error": ...}."""
    import threading
    import time as clock

    from django.db import transaction

    def run(first, second):
        wrote, trying = threading.Event(), threading.Event()

        def run_first():
            with transaction.atomic():
                result = first()
                wrote.set()
                trying.wait(5)
                clock.sleep(0.5)  # the second is now waiting for the lock
            return result

        def run_second():
            wrote.wait(5)
            trying.set()
            return second()

        (ta, ra), (tb, rb) = in_thread(run_first), in_thread(run_second)
        ta.start()
        tb.start()
        ta.join(20)
        tb.join(20)
        return ra, rb
    return run
