"""Fixtures of the security tests.

``crawl_world``: the audit crawl's world, built ONCE per module inside an outer transaction that is rolled back at the
end (every test runs in its own savepoint inside it, like tests/authorization): the casework demo (three families,
their plans, consents, referrals), the debt-help demo (cases for Yilmaz and de Vries), a small synthetic Zoetermeer
register with a reach run, the signals demo on it with one signal case handed over into a family plan, an application
for Bakker with an objection, a conference and a client household. It holds ids and strings only (model instances
would go stale across savepoints).
"""

import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

DAY = date(2026, 3, 1)  # MEEDOEN_CHECK_DATE of the test command
REGISTER_HOUSEHOLDS = 400  # enough for the signals demo to match and open cases; small enough to build in seconds


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@dataclass
class CrawlWorld:
    users: dict                                   # login name -> user id
    families: dict                                # reference -> family id
    markers: dict                                 # family id -> (strings that show the family, {(first, last)})
    ids: dict = field(default_factory=dict)       # reference -> {kind: id} (the family's rows the URLs name)
    other: dict = field(default_factory=dict)     # kind -> id of rows that are not one family's (run, client household)


def family_ids(family):
    """The ids of ``family``'s rows that URL patterns name (None where the family has none)."""
    from meedoen.casework.models import FamilyPlan, Referral
    from meedoen.debthelp.models import Creditor, DebtCase

    plan = FamilyPlan.objects.filter(family=family).first()
    first = lambda qs: qs.order_by("id").values_list("id", flat=True).first()  # noqa: E731
    case = first(DebtCase.objects.filter(family=family))
    return {
        "family": family.pk,
        "person": family.memberships.filter(role="parent").order_by("id").values_list("person_id", flat=True).first(),
        "membership": first(family.memberships.all()),
        "goal": first(plan.goals.all()) if plan else None,
        "action": first(plan.actions.all()) if plan else None,
        "consent": first(family.consents.filter(withdrawn_at__isnull=True)),
        "referral": first(Referral.objects.filter(family=family)),
        "conference": first(family.conferences.all()),
        "debt_case": case,
        "creditor": first(Creditor.objects.filter(case_id=case)) if case else None,
        "notification": first(family.notifications.all()),
    }


def family_markers(family):
    """What shows that a response carries this family's data: its case number, its name, each member's full name
    (pages) and each member's (first name, last name) pair (JSON, where they are separate fields)."""
    strings = {family.reference, family.name}
    pairs = set()
    for m in family.memberships.select_related("person"):
        p = m.person
        strings.add(f"{p.first_name} {p.last_name}".strip())
        pairs.add((p.first_name, p.last_name))
    return (sorted(s for s in strings if s and len(s) >= 6), pairs)


def build_world(register_dir):
    from django.contrib.auth import get_user_model

    from meedoen.casework.demo import load_casework_demo
    from meedoen.casework.models import Family
    from meedoen.casework.services import conferences
    from meedoen.debthelp.demo import load_debthelp_demo
    from meedoen.municipalities.models import Municipality
    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.reach.applications import services as applications
    from meedoen.reach.register.synthetic import generate_register
    from meedoen.reach.services.runs import load_register, start_run
    from meedoen.signals import handover
    from meedoen.signals.demo import load_signals_demo
    from meedoen.signals.models import Signal, SignalCase
    from meedoen.workspace.demo import ensure_users, examples_dir, load_examples
    from meedoen.workspace.models import ClientHousehold

    sync_municipalities()
    ensure_users()
    demo = load_casework_demo(today=DAY)
    load_debthelp_demo()
    staff = demo["staff"]
    coach = staff["professional"]
    zoetermeer = Municipality.objects.get(slug="zoetermeer")
    bakker = demo["families"]["Z-CW-0001"]
    sanne = bakker.memberships.get(person__first_name="Sanne").person
    conferences.schedule(coach.user, bakker, scheduled_at=at(DAY + timedelta(days=7)), location="Crawlzaal",
                         agenda="Crawloverleg", professionals=[coach], persons=[sanne])
    # The register, a run over it, the signals demo on it, and one open case handed over into a family plan.
    with override_settings(DATA_DIR=register_dir / "data"):
        register = generate_register(register_dir / "register", REGISTER_HOUSEHOLDS, day=DAY, overwrite=True)
        load = load_register(register.path, zoetermeer)
        run = start_run(zoetermeer, DAY, None, load=load, background=False)
    load_signals_demo()
    open_case = SignalCase.objects.filter(closed_at__isnull=True, family__isnull=True).order_by("pk").first()
    signal_family = handover.hand_over(open_case, coach.user, {"consent": "ja", "consent_date": DAY.isoformat(),
                                                               "team": str(coach.teams.first().pk)})
    # An application for Bakker (registered by its coach), decided, with an objection.
    scheme = sorted(applications.scheme_ids(zoetermeer))[0]
    application = applications.register_application(
        coach.user, zoetermeer, scheme=scheme, received_on=DAY - timedelta(days=40), channel="professional",
        family_reference=bakker.reference, decided_on=DAY - timedelta(days=20), decision="refused",
        reason="Inkomen te hoog (crawl)")
    objection = applications.file_objection(coach.user, application, filed_on=DAY - timedelta(days=10))
    load_examples(examples_dir(), coach.user, warn=lambda *_: None)
    User = get_user_model()
    families = {f.reference: f.pk for f in Family.objects.all()}
    world = CrawlWorld(
        users=dict(User.objects.values_list("username", "pk")),
        families=families,
        markers={f.pk: family_markers(f) for f in Family.objects.prefetch_related("memberships__person")},
    )
    for family in Family.objects.all():
        world.ids[family.reference] = family_ids(family)
    world.ids["Z-CW-0001"]["application"] = application.pk
    world.ids["Z-CW-0001"]["objection"] = objection.pk
    signal_case = SignalCase.objects.get(pk=open_case.pk)
    assert signal_case.family_id == signal_family.pk
    world.ids[signal_family.reference]["signal_case"] = signal_case.pk
    case_signals = Signal.objects.filter(match__case_id=open_case.pk).order_by("pk")  # the housing corporation's first
    reference = (case_signals.filter(partner_type="huur").values_list("partner_reference", flat=True).first()
                 or Signal.objects.filter(partner_type="huur").order_by("pk").values_list("partner_reference", flat=True).first())
    world.other.update(run=run.pk, signal_reference=reference, signal_family=signal_family.reference,
                       client_household=ClientHousehold.objects.filter(created_by=coach.user).order_by("id")
                       .values_list("id", flat=True).first(), municipality="zoetermeer")
    return world


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker, tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setenv("MEEDOEN_CHECK_DATE", DAY.isoformat())
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = build_world(tmp_path_factory.mktemp("crawl"))
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            patch.undo()


@pytest.fixture
def crawl_world(built_world, db):
    """The crawl's world, inside this test's savepoint."""
    assert os.environ.get("MEEDOEN_CHECK_DATE") == DAY.isoformat()
    from django.core.cache import cache

    cache.clear()  # API throttles count in the cache
    return built_world
