"""The API: a round trip through the pathway, problem+json errors, access (404/403, nothing leaks), the access log."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meedoen.casework.models import AccessLog
from meedoen.debthelp import vocabulary as v
from meedoen.debthelp.models import DebtCase

from dh_support import start

pytestmark = pytest.mark.django_db
BASE = "/api/v1/debthelp/"


@pytest.fixture
def as_user(debt_family):
    def make(username):
        user = get_user_model().objects.get(username=username)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client
    return make


def test_round_trip_through_the_pathway(as_user, debt_family):
    api = as_user("schuldhulp")
    made = api.post(BASE + "cases/", {"family": debt_family.pk, "origin": "signal", "origin_reference": "VS-1", "crisis": True,
                                      "registered_on": start(200).isoformat()}, format="json")
    assert made.status_code == 201, made.content
    case_id = made.json()["id"]
    assert made.json()["phase"] == v.REGISTERED and made.json()["allowed_steps"] == ["intake", "refused", "ended"]

    def step(**body):
        return api.post(f"{BASE}cases/{case_id}/steps/", body, format="json")
    assert step(step="intake", on=start(199).isoformat(), stress_asked=True, other_helpers="Kwadraad").status_code == 201
    assert step(step="stabilisation", on=start(190).isoformat()).status_code == 201
    unknown = api.post(f"{BASE}cases/{case_id}/creditors/", {"name": "Woonstad", "kind": "rent", "amount_cents": None}, format="json")
    assert unknown.status_code == 201 and unknown.json()["amount_unknown"] and unknown.json()["blocks_admission"]
    blocked = step(step="admission", on=start(150).isoformat(), financial_overview_complete=True, repayment_capacity_cents=7500)
    assert blocked.status_code == 400 and blocked["Content-Type"] == "application/problem+json"
    assert "creditors" in {p["name"] for p in blocked.json()["invalid_params"]}
    fixed = api.patch(f"{BASE}creditors/{unknown.json()['id']}/", {"amount_cents": 98000, "arrangement": "proposed"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["amount_cents"] == 98000
    assert step(step="admission", on=start(150).isoformat(), financial_overview_complete=True, repayment_capacity_cents=7500).status_code == 201
    assert step(step="settlement", on=start(140).isoformat()).status_code == 201
    assert step(step="aftercare", on=start(10).isoformat()).status_code == 201
    assert step(step="closed", on=start(5).isoformat()).status_code == 201
    done = step(step="relapse_checked", on=start(0).isoformat(), relapsed=False)
    assert done.status_code == 201
    data = api.get(f"{BASE}cases/{case_id}/").json()
    assert data["phase"] == v.RELAPSE_CHECKED and data["allowed_steps"] == []
    assert [s["phase"] for s in data["steps"]] == ["registered", "intake", "stabilisation", "admission", "settlement", "aftercare",
                                                   "closed", "relapse_checked"]
    assert data["dates"]["first_conversation"] == start(199).isoformat() and data["totals"]["known_cents"] == 98000
    assert data["dates"]["settlement_planned_end"] is not None


def test_bad_input_is_a_problem_naming_each_field(as_user, open_case):
    case = open_case()
    api = as_user("schuldhulp")
    response = api.post(f"{BASE}cases/{case.pk}/steps/", {"step": "teleport", "on": "yesterday", "colour": 1}, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert {"step", "on", "colour"} <= {p["name"] for p in response.json()["invalid_params"]}
    wrong_order = api.post(f"{BASE}cases/{case.pk}/steps/", {"step": "aftercare", "on": start(10).isoformat()}, format="json")
    assert wrong_order.status_code == 400 and "intake" in wrong_order.json()["invalid_params"][0]["reason"]
    negative = api.post(f"{BASE}cases/{case.pk}/creditors/", {"name": "X", "amount_cents": -1}, format="json")
    assert negative.status_code == 400
    wrong_field = api.post(f"{BASE}cases/{case.pk}/steps/", {"step": "intake", "on": start(10).isoformat(), "stress_asked": True,
                                                             "relapsed": True}, format="json")
    assert wrong_field.status_code == 400 and "relapsed" in {p["name"] for p in wrong_field.json()["invalid_params"]}
    assert DebtCase.objects.get(pk=case.pk).phase == v.REGISTERED and case.creditors.count() == 0


def test_access_404_403_and_the_log(as_user, open_case):
    case = open_case()
    outsider = as_user("jgz")
    for response in (outsider.get(f"{BASE}cases/{case.pk}/"), outsider.get(f"{BASE}cases/{case.pk}/creditors/"),
                     outsider.post(f"{BASE}cases/{case.pk}/steps/", {"step": "intake", "on": start(1).isoformat()}, format="json")):
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
        assert "Schuld" not in response.content.decode()
    assert outsider.get(BASE + "cases/").json() == []
    coach = as_user("professional")  # involved, no consent for money
    assert coach.get(f"{BASE}cases/{case.pk}/").status_code == 403
    assert coach.post(BASE + "cases/", {"family": case.family_id, "origin": "self", "registered_on": start(1).isoformat()},
                      format="json").status_code == 403
    before = AccessLog.objects.filter(family_id=case.family_id, category="finances", action="read").count()
    assert as_user("schuldhulp").get(f"{BASE}cases/{case.pk}/").status_code == 200
    assert AccessLog.objects.filter(family_id=case.family_id, category="finances", action="read").count() == before + 1
    assert APIClient().get(f"{BASE}cases/{case.pk}/").status_code == 401


def test_a_family_account_reads_its_own_case_and_writes_nothing(casework_demo):
    from meedoen.debthelp.demo import load_debthelp_demo

    load_debthelp_demo()
    user = get_user_model().objects.get(username="gezin-yilmaz")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    mine = api.get(BASE + "cases/").json()
    assert [c["family"] for c in mine] == [casework_demo["families"]["Z-CW-0002"].pk]
    assert mine[0]["phase"] == v.SETTLEMENT and mine[0]["totals"]["unknown"] == 1
    other = DebtCase.objects.filter(family__reference="Z-CW-0003").first()
    assert api.get(f"{BASE}cases/{other.pk}/").status_code == 404
    refused = api.post(f"{BASE}cases/{mine[0]['id']}/steps/", {"step": "aftercare", "on": start(0).isoformat()}, format="json")
    assert refused.status_code == 403
    assert DebtCase.objects.get(pk=mine[0]["id"]).phase == v.SETTLEMENT
