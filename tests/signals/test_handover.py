"""Warm handover of a signal case into a family plan, with the family's consent, through casework's services."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from meedoen.casework.models import AccessLog, Consent, Family, Involvement, Team
from meedoen.signals.matching import match
from meedoen.signals.models import SignalCase

from test_matching import partner, signal
from test_schemecheck import register_household
from meedoen.municipalities.models import Municipality
from meedoen.reach.models import RegisterLoad

CONSENT_DAY = "2026-02-20"  # before the pinned casework date (2026-03-01)


@pytest.fixture
def handover_case(casework_demo):
    town = Municipality.objects.get(slug="zoetermeer")
    load = RegisterLoad.objects.create(municipality=town, source="test")
    register_household(load, 0, "H1", "P1", "Anna", "Jansen")
    signal(partner(town, "woco", "huur"), "h1", timezone.localdate() - timedelta(days=10), 45000, person_pseudonym="P1")
    match(town)
    return {"case": SignalCase.objects.get(household_id="H1"), "town": town, "staff": casework_demo["staff"],
            "own_team": Team.objects.get(name="Schuldhulp"), "other_team": Team.objects.get(name="Gezinscoaches Zoetermeer")}


def counts():
    return (Family.objects.count(), Consent.objects.count(), Involvement.objects.count(), AccessLog.objects.count())


def test_handover_with_consent_creates_the_family_through_casework(client, handover_case):
    worker = handover_case["staff"]["schuldhulp"].user
    client.force_login(worker)
    case, team = handover_case["case"], handover_case["own_team"]
    logs = AccessLog.objects.count()
    answer = client.post(f"/werkplek/signalen/{case.pk}/", {"action": "handover", "consent": "ja",
                                                             "consent_date": CONSENT_DAY, "team": team.pk})
    assert answer.status_code == 302
    case.refresh_from_db()
    family = case.family
    assert family is not None and case.handed_over_at is not None and family.municipality == handover_case["town"]
    members = {(m.person.first_name, m.role) for m in family.memberships.select_related("person")}
    assert members == {("Anna", "parent"), ("Kim", "child")}
    assert family.involvements.filter(team=team, since=date.fromisoformat(CONSENT_DAY)).exists()
    consent = Consent.objects.get(family=family)
    assert (consent.organisation_id, consent.category, consent.purpose) == (team.organisation_id, "finances", "help")
    assert consent.given_by.first_name == "Anna" and timezone.localdate(consent.given_at).isoformat() == CONSENT_DAY
    assert AccessLog.objects.filter(family_id=family.pk).count() > 0 and AccessLog.objects.count() > logs
    page = client.get(f"/werkplek/signalen/{case.pk}/").content.decode()
    assert f'href="/werkplek/gezinnen/{family.pk}/' in page and 'value="handover"' not in page
    assert client.get(f"/werkplek/gezinnen/{family.pk}/").status_code == 200  # the team sees the family now

    # a later case of the same household is linked to the same family, no second family
    client.post(f"/werkplek/signalen/{case.pk}/", {"action": "close", "result": "hulp_geaccepteerd"})
    signal(partner(handover_case["town"], "eneco", "energie"), "h1-later", timezone.localdate(), 7000, person_pseudonym="P1")
    match(handover_case["town"])
    later = SignalCase.objects.get(household_id="H1", closed_at__isnull=True)
    assert later.pk != case.pk
    before = Family.objects.count()
    assert client.post(f"/werkplek/signalen/{later.pk}/", {"action": "handover", "consent": "ja",
                                                           "consent_date": CONSENT_DAY, "team": team.pk}).status_code == 302
    later.refresh_from_db()
    assert later.family_id == family.pk and Family.objects.count() == before
    assert Consent.objects.filter(family=family).count() == 1  # the open consent is not given twice


def test_without_consent_400_and_nothing_written(client, handover_case):
    client.force_login(handover_case["staff"]["schuldhulp"].user)
    case = handover_case["case"]
    before = counts()
    answer = client.post(f"/werkplek/signalen/{case.pk}/?lang=en", {"action": "handover", "consent_date": CONSENT_DAY,
                                                                     "team": handover_case["own_team"].pk})
    assert answer.status_code == 400 and 'id="error-consent"' in answer.content.decode()
    assert "Without the family&#x27;s consent" in answer.content.decode()
    bad = client.post(f"/werkplek/signalen/{case.pk}/", {"action": "handover", "consent": "ja", "consent_date": "morgen",
                                                         "team": "999999"})
    assert bad.status_code == 400 and 'id="error-consent_date"' in bad.content.decode() and 'id="error-team"' in bad.content.decode()
    case.refresh_from_db()
    assert case.family_id is None and counts() == before


def test_casework_rules_apply_another_organisations_consent_is_refused_and_rolled_back(client, handover_case):
    client.force_login(handover_case["staff"]["schuldhulp"].user)
    case = handover_case["case"]
    before = counts()
    answer = client.post(f"/werkplek/signalen/{case.pk}/", {"action": "handover", "consent": "ja",
                                                             "consent_date": CONSENT_DAY, "team": handover_case["other_team"].pk})
    assert answer.status_code == 403 and 'id="error-team"' in answer.content.decode()
    case.refresh_from_db()
    assert case.family_id is None and counts() == before  # the family created first is rolled back with the rest


def test_only_casework_roles(client, handover_case):
    from django.contrib.auth.models import Group, User
    user = User.objects.create_user("policy-user")
    user.groups.add(Group.objects.get_or_create(name="policy")[0])
    client.force_login(user)
    before = counts()
    answer = client.post(f"/werkplek/signalen/{handover_case['case'].pk}/", {
        "action": "handover", "consent": "ja", "consent_date": CONSENT_DAY, "team": handover_case["own_team"].pk})
    assert answer.status_code == 403 and counts() == before


def test_the_handed_over_case_names_the_family_only_to_the_involved_and_logs_it(client, handover_case):
    worker = handover_case["staff"]["schuldhulp"].user
    client.force_login(worker)
    case = handover_case["case"]
    client.post(f"/werkplek/signalen/{case.pk}/", {"action": "handover", "consent": "ja", "consent_date": CONSENT_DAY,
                                                    "team": handover_case["own_team"].pk})
    case.refresh_from_db()
    reference = case.family.reference
    before = AccessLog.objects.filter(family_id=case.family_id, user_id=worker.pk).count()
    page = client.get(f"/werkplek/signalen/{case.pk}/").content.decode()
    assert reference in page and AccessLog.objects.filter(family_id=case.family_id, user_id=worker.pk).count() == before + 1
    outsider = handover_case["staff"]["professional"].user  # casework role, team not involved with this family
    client.force_login(outsider)
    page = client.get(f"/werkplek/signalen/{case.pk}/").content.decode()
    assert reference not in page and "Jansen" not in page.split('id="handed-over"')[1].split("</p>")[0]
    assert not AccessLog.objects.filter(family_id=case.family_id, user_id=outsider.pk).exists()


def test_a_signal_partners_own_account_gets_no_signals_pages(client, handover_case):
    woning = handover_case["staff"]["woning"]
    partner(handover_case["town"], "extra", "energie")  # partners exist; make woning's organisation one of them
    from meedoen.signals.models import SignalPartner

    SignalPartner.objects.get_or_create(organisation=woning.organisation, defaults={"partner_type": "huur"})
    client.force_login(woning.user)
    for url in ("/werkplek/signalen/", f"/werkplek/signalen/{handover_case['case'].pk}/",
                "/werkplek/signalen/niet-gekoppeld/"):
        assert client.get(url).status_code == 403, url
    client.force_login(handover_case["staff"]["schuldhulp"].user)
    assert client.get("/werkplek/signalen/").status_code == 200
