"""The family sees its debt help in the family portal, in plain words, and the read is logged."""

import pytest

from dh_support import known_user
from django.urls import reverse

from meedoen.casework.models import AccessLog
from meedoen.debthelp import services
from meedoen.debthelp import vocabulary as v

from dh_support import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakker_case(casework_demo, shv):
    """The Bakker family's debt help: the debt-help team accepted the coach's referral and has consent for money."""
    from meedoen.casework import access
    from meedoen.casework import vocabulary as cv
    from meedoen.casework.models import Referral
    from meedoen.casework.services import consent, referrals

    family = casework_demo["families"]["Z-CW-0001"]
    referral = Referral.objects.get(family=family, to_team__organisation=shv.organisation)
    referrals.accept(shv.user, referral, professional=shv, now=access.now())
    sanne = family.memberships.get(person__first_name="Sanne").person
    consent.give(shv.user, family, organisation_id=shv.organisation_id, category=cv.FINANCES, purpose=cv.HELP, given_by=sanne)
    family = access.family_access(shv.user, family.pk)
    case = services.open_case(shv.user, family, origin=v.PROFESSIONAL, registered_on=start(1), crisis=True)
    services.add_creditor(shv.user, case, name="Woningcorporatie", kind="rent", amount_cents=None)
    services.add_creditor(shv.user, case, name="Zorgverzekeraar", kind="health_insurance", amount_cents=45000)
    return case


def test_the_family_sees_phase_next_step_and_totals(client, bakker_case):
    client.force_login(known_user("gezin-bakker"))
    response = client.get(reverse("familyportal:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hulp bij schulden" in body and v.label(v.PHASES, v.REGISTERED) in body
    assert v.label(v.NEXT_STEP, v.REGISTERED) in body
    assert "2 schuldeisers, samen €450,00" in body and "Van 1 schuld(en) weten we het bedrag nog niet." in body
    assert AccessLog.objects.filter(family_id=bakker_case.family_id, category="finances", purpose="family").exists()
    english = client.get(reverse("familyportal:home") + "?lang=en").content.decode()
    assert "Help with debts" in english and "2 creditors, €450.00 together" in english


def test_the_status_follows_the_steps(client, bakker_case, shv):
    services.record_step(shv.user, bakker_case, v.INTAKE, on=start(0), stress_asked=True)
    client.force_login(known_user("gezin-bakker"))
    body = client.get(reverse("familyportal:home")).content.decode()
    assert v.label(v.PHASES, v.INTAKE) in body and v.label(v.NEXT_STEP, v.INTAKE) in body


def test_another_family_does_not_see_it(client, bakker_case):
    client.force_login(known_user("gezin-yilmaz"))
    body = client.get(reverse("familyportal:home")).content.decode()
    assert "Woningcorporatie" not in body and "Hulp bij schulden" not in body


def test_the_referring_coach_sees_the_status_with_consent(client, bakker_case):
    """The coach who referred has the family's consent for money: the coach sees the status, but records no steps."""
    client.force_login(known_user("professional"))
    response = client.get(reverse("debthelp:case", args=[bakker_case.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "Zorgverzekeraar" in body
    assert "Stap vastleggen" not in body and "Schuldeiser toevoegen" not in body
