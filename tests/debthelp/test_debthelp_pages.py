"""The workspace pages: access (404 without sight, 403 without consent, nothing leaks), the access log, the forms
with their errors, the caseload with late cases first, and the lead-time page and CSV."""

import pytest

from dh_support import known_user
from django.contrib.auth.models import Group
from django.urls import reverse

from meedoen.casework.models import AccessLog
from meedoen.debthelp import services
from meedoen.debthelp import vocabulary as v
from meedoen.debthelp.models import DebtCase

from dh_support import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(open_case, shv):
    case = open_case(registered_on=start(100), origin="signal", origin_reference="VS-77")
    services.add_creditor(shv.user, case, name="Woonstad Zoetermeer", kind="rent", amount_cents=None)
    services.add_creditor(shv.user, case, name="Eneco", kind="energy", amount_cents=45050, arrangement=v.PROPOSED)
    return case


def login(client, username):
    client.force_login(known_user(username))
    return client


def test_the_case_page_shows_phase_creditors_and_the_flag(client, case):
    login(client, "schuldhulp")
    before = AccessLog.objects.filter(family_id=case.family_id, category="finances", action="read").count()
    response = client.get(reverse("debthelp:case", args=[case.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Woonstad Zoetermeer" in body and "bedrag onbekend" in body and "houdt de toelating tegen" in body
    assert "€450,50" in body and "VS-77" in body and v.label(v.PHASES, v.REGISTERED) in body
    assert AccessLog.objects.filter(family_id=case.family_id, category="finances", action="read").count() == before + 1
    english = client.get(reverse("debthelp:case", args=[case.pk]) + "?lang=en").content.decode()
    assert "amount unknown" in english and "Creditors" in english
    # the Wgs deadlines with the law they come from, in the page's language (no internal names)
    assert "Eerste gesprek binnen 4 weken" in body and "3 werkdagen" in body and "Wet gemeentelijke schuldhulpverlening, art. 4" in body
    assert 'href="https://wetten.overheid.nl/BWBR0031343"' in body and "SignalPolicy" not in body and "Term(" not in body
    assert "First conversation within 4 weeks" in english and "8 weeks" in english


def test_no_sight_is_404_and_no_consent_is_403_without_leaking(client, case):
    login(client, "jgz")  # not involved with this family
    for url in (reverse("debthelp:case", args=[case.pk]), reverse("debthelp:step", args=[case.pk]) + "?stap=intake",
                reverse("debthelp:family", args=[case.family_id]), reverse("debthelp:new", args=[case.family_id]),
                reverse("debthelp:creditor_edit", args=[case.creditors.first().pk])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Woonstad" not in response.content.decode() and "Gezin Schuld" not in response.content.decode()
    assert "Gezin Schuld" not in client.get(reverse("debthelp:caseload")).content.decode()
    client.logout()
    login(client, "professional")  # involved, but the family gave no consent for money to this organisation
    response = client.get(reverse("debthelp:case", args=[case.pk]))
    assert response.status_code == 403
    assert "Woonstad" not in response.content.decode() and "toestemming" in response.content.decode()
    response = client.post(reverse("debthelp:creditor_add", args=[case.pk]), {"name": "Stiekem", "kind": "rent", "amount": "10"})
    assert response.status_code == 403 and not case.creditors.filter(name="Stiekem").exists()
    coach_id = int(client.session["_auth_user_id"])
    assert not AccessLog.objects.filter(family_id=case.family_id, category="finances", action="read", user_id=coach_id).exists()


def test_a_step_through_the_form_and_its_errors(client, case):
    login(client, "schuldhulp")
    url = reverse("debthelp:step", args=[case.pk])
    assert client.get(url + "?stap=intake").status_code == 200
    refused = client.get(url + "?stap=admission")
    assert refused.status_code == 400 and v.label(v.PHASES, v.INTAKE) in refused.content.decode()
    bad = client.post(url, {"stap": "intake", "on": "31-02-2026", "stress_asked": "misschien"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "jjjj-mm-dd" in body and "Kies ja of nee" in body and 'href="#step_on"' in body
    assert DebtCase.objects.get(pk=case.pk).phase == v.REGISTERED
    missing = client.post(url, {"stap": "intake", "on": start(90).isoformat()})
    assert missing.status_code == 400 and "step_stress_asked" in missing.content.decode()
    ok = client.post(url, {"stap": "intake", "on": start(90).isoformat(), "stress_asked": "yes", "stress_answer": "Veel zorgen",
                           "other_helpers": "Kwadraad", "under_administration": "no"})
    assert ok.status_code == 302
    stored = DebtCase.objects.get(pk=case.pk)
    assert stored.phase == v.INTAKE and stored.first_conversation_on == start(90) and stored.stress_answer == "Veel zorgen"
    jump = client.post(url, {"stap": "admission", "on": start(80).isoformat(), "financial_overview_complete": "yes", "repayment_capacity": "50"})
    assert jump.status_code == 400 and "stabilisatie" in jump.content.decode()


def test_creditor_forms_keep_unknown_apart_from_zero(client, case):
    login(client, "schuldhulp")
    response = client.post(reverse("debthelp:creditor_add", args=[case.pk]), {"name": "CZ", "kind": "health_insurance", "amount": "",
                                                                           "arrangement": "none"})
    assert response.status_code == 302
    assert case.creditors.get(name="CZ").amount_cents is None
    bad = client.post(reverse("debthelp:creditor_add", args=[case.pk]), {"name": "", "kind": "rent", "amount": "twaalf"})
    assert bad.status_code == 400 and "Vul de naam" in bad.content.decode() and "geen bedrag" in bad.content.decode()
    creditor = case.creditors.get(name="Woonstad Zoetermeer")
    edit = reverse("debthelp:creditor_edit", args=[creditor.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"name": creditor.name, "kind": "rent", "amount": "1.234,56", "arrangement": "agreed"}).status_code == 302
    creditor.refresh_from_db()
    assert creditor.amount_cents == 123456 and creditor.arrangement == v.AGREED and creditor.changes.count() == 2


def test_open_a_case_through_the_form(client, debt_family):
    login(client, "schuldhulp")
    url = reverse("debthelp:new", args=[debt_family.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"origin": "telepathy", "registered_on": "", "crisis": "no"})
    assert bad.status_code == 400
    ok = client.post(url, {"origin": "professional", "registered_on": start(5).isoformat(), "crisis": "yes"})
    assert ok.status_code == 302
    case = DebtCase.objects.get(family_id=debt_family.pk)
    assert case.crisis and case.origin == v.PROFESSIONAL


def test_caseload_puts_late_cases_first(client, case, shv, casework_demo):
    from meedoen.debthelp import deadlines

    login(client, "schuldhulp")
    response = client.get(reverse("debthelp:caseload"))
    assert response.status_code == 200 and "Gezin Schuld" in response.content.decode()
    assert deadlines.first_conversation_due(case) is not None
    assert "te laat" in response.content.decode()  # registered 100 days ago without a first conversation
    # a finished case waiting for its 5-year check that is overdue shows as late
    case = services.record_step(shv.user, case, v.ENDED, on=start(50), reason="Test")
    assert "Gezin Schuld" not in client.get(reverse("debthelp:caseload")).content.decode()


def test_lead_times_page_is_for_policy_and_suppresses_small_groups(client, case, shv):
    services.record_step(shv.user, case, v.INTAKE, on=start(90), stress_asked=True)
    login(client, "schuldhulp")
    assert client.get(reverse("debthelp:leadtimes")).status_code == 403
    client.logout()
    from django.contrib.auth import get_user_model

    policy = get_user_model().objects.create_user("beleid-dh", password="beleid-dh")
    policy.groups.add(Group.objects.get_or_create(name="policy")[0])
    login(client, "beleid-dh")
    page = client.get(reverse("debthelp:leadtimes"))
    assert page.status_code == 200 and "&lt;10" in page.content.decode()
    csv = client.get(reverse("debthelp:leadtimes_csv")).content.decode()
    assert "zoetermeer,registration_to_first_conversation,<10,,," in csv
    assert ",10," not in csv and "10" not in csv.splitlines()[1].split(",")[3]
