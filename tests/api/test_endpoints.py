"""Each endpoint's happy path, with the outcomes the rulebook gives the seed household."""

from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.bulk import ELIGIBLE

SEED_OUTCOMES = {
    "zoetermeerpas": "eligible",
    "collectieve_zorgverzekering_110_tot_120": "eligible",
    "kwijtschelding_gemeentelijke_belastingen": "undetermined",  # payment capacity (Invorderingswet 1990 art. 26): rent, premiums and the assessment are not given
}


def test_municipality_list(api):
    response = api.get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = {m["slug"]: m for m in response.json()}
    assert set(data) == {"groningen", "zoetermeer"}
    zoetermeer = data["zoetermeer"]
    assert zoetermeer["name"] == "Zoetermeer"
    assert zoetermeer["cbs_code"] == "GM0637"
    assert zoetermeer["districts"]
    assert "formulierenbrigade" in {o["slug"] for o in zoetermeer["organisations"]}
    rulebook = current_rulebook()
    assert zoetermeer["rulebook"] == {"version": rulebook.version, "hash": rulebook.hash}


def test_municipality_detail(api):
    response = api.get("/api/v1/municipalities/groningen/")
    assert response.status_code == 200
    assert response.json()["cbs_code"] == "GM0014"


def test_inactive_municipality_is_not_listed(api, municipalities):
    municipalities["groningen"].active = False
    municipalities["groningen"].save()
    assert [m["slug"] for m in api.get("/api/v1/municipalities/").json()] == ["zoetermeer"]
    assert api.get("/api/v1/municipalities/groningen/").status_code == 404


def test_scheme_catalogue(api):
    response = api.get("/api/v1/municipalities/zoetermeer/schemes/", {"date": "2026-03-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["date"] == "2026-03-01"
    assert data["municipality"]["id"] == "zoetermeer"
    schemes = {s["id"]: s for s in data["schemes"]}
    assert set(SEED_OUTCOMES) <= set(schemes)
    pas = schemes["zoetermeerpas"]
    assert pas["name"] == {"nl": "ZoetermeerPas", "en": "ZoetermeerPas (city pass)"}
    assert pas["valid_from"] <= "2026-03-01" <= pas["valid_to"]
    income = next(c for c in pas["conditions"] if c["kind"] == "income_at_most")
    assert income["params"] == {"percent": 120}
    assert income["source"]
    # An amount the sources do not give is said so, never invented.
    assert pas["benefit"]["amount_set"] is False
    assert pas["benefit"]["amount_cents"] is None
    assert "not set in the sources" in pas["benefit"]["amount_text"]["en"]
    assert pas["sources"]


def test_scheme_catalogue_defaults_to_today(api):
    response = api.get("/api/v1/municipalities/zoetermeer/schemes/")
    # Today may lie outside the rulebook's periods; then it says so, with a 400 on "date".
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert [p["name"] for p in response.json()["invalid_params"]] == ["date"]


def test_check_seed_household(api, seed_case):
    response = api.post("/api/v1/check/", {"household": seed_case["household"], "date": seed_case["date"]}, format="json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    data = response.json()
    statuses = {s["id"]: s["status"] for s in data["schemes"]}
    for scheme, status in SEED_OUTCOMES.items():
        assert statuses[scheme] == status
    assert data["household_category"] == "single_parent"
    assert data["income"]["percent_of_social_minimum"] == "115.0"
    assert data["receipt"]["rulebook_hash"] == current_rulebook().hash
    assert data["receipt"]["evaluated_on"] == "2026-03-01"


def test_check_municipality_override(api, seed_case):
    """Evaluated with Groningen's rulebook the household does not live there: not eligible for its pass."""
    body = {"household": seed_case["household"], "date": seed_case["date"], "municipality": "GM0014"}
    data = api.post("/api/v1/check/", body, format="json").json()
    assert data["municipality"]["id"] == "groningen"
    assert all(s["status"] == "not_eligible" for s in data["schemes"] if s["id"] == "vensterpas")


def test_batch(api_with_token, seed_case):
    good = {**seed_case["household"], "id": "seed"}
    anonymous = dict(seed_case["household"])  # no id: reported by index
    bad = {"id": "bad", "municipality": "zoetermeer",
           "members": [{"role": "applicant", "birth_date": "1990-02-30"}, {"role": "child", "birth_date": "2030-01-01"}]}
    body = {"households": [good, bad, anonymous, "not a household"], "date": seed_case["date"], "municipality": "zoetermeer"}
    response = api_with_token.post("/api/v1/check/batch/", body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["households"] == 4 and data["evaluated"] == 2
    assert [(r["index"], r["id"]) for r in data["results"]] == [(0, "seed"), (2, None)]
    for result in data["results"]:
        for scheme, status in SEED_OUTCOMES.items():
            assert result["schemes"][scheme]["status"] == status
    assert data["results"][0]["schemes"]["zoetermeerpas"] == {"status": ELIGIBLE, "amount_cents": None}
    invalid = {i["index"]: i for i in data["invalid"]}
    assert set(invalid) == {1, 3}
    assert invalid[1]["id"] == "bad"
    names = {p["name"] for p in invalid[1]["problems"]}
    assert names == {"households[1].members[0].birth_date", "households[1].members[1].birth_date"}
    assert [p["name"] for p in invalid[3]["problems"]] == ["households[3]"]
    assert data["schemes"] == [r for r in data["results"][0]["schemes"]]


def test_batch_with_duplicate_and_odd_ids(api_with_token, seed_case):
    household = seed_case["household"]
    body = {"households": [{**household, "id": "x"}, {**household, "id": 7}, {**household, "id": "x"}, None, [1]],
            "date": seed_case["date"], "municipality": "zoetermeer"}
    data = api_with_token.post("/api/v1/check/batch/", body, format="json").json()
    assert [(r["index"], r["id"]) for r in data["results"]] == [(0, "x"), (2, "x")]
    assert [(i["index"], i["id"], [p["name"] for p in i["problems"]]) for i in data["invalid"]] == [
        (1, None, ["households[1].id"]), (3, None, ["households[3]"]), (4, None, ["households[4]"])]


def test_batch_all_invalid_or_empty(api_with_token, seed_case):
    for households in ([], [{"municipality": "zoetermeer", "members": []}]):
        body = {"households": households, "date": seed_case["date"], "municipality": "zoetermeer"}
        response = api_with_token.post("/api/v1/check/batch/", body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
        assert len(response.json()["invalid"]) == len(households)


def test_schema_endpoint(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/municipalities/", "/api/v1/municipalities/{slug}/", "/api/v1/municipalities/{slug}/schemes/",
        "/api/v1/check/", "/api/v1/check/batch/",
        # casework (tests/api/test_casework_*.py)
        "/api/v1/families/", "/api/v1/families/{family_id}/", "/api/v1/families/{family_id}/members/",
        "/api/v1/families/{family_id}/plan/", "/api/v1/families/{family_id}/plan/goals/",
        "/api/v1/families/{family_id}/plan/actions/", "/api/v1/families/{family_id}/plan/actions/{action_id}/",
        "/api/v1/families/{family_id}/consents/", "/api/v1/consents/{consent_id}/withdraw/",
        "/api/v1/families/{family_id}/referrals/", "/api/v1/referrals/", "/api/v1/referrals/{referral_id}/accept/",
        "/api/v1/referrals/{referral_id}/reject/", "/api/v1/referrals/{referral_id}/start/",
        "/api/v1/referrals/{referral_id}/complete/", "/api/v1/referrals/{referral_id}/revoke/",
        "/api/v1/families/{family_id}/access-log/", "/api/v1/persons/{person_id}/export/",
        # debt help (tests/debthelp/test_debthelp_api.py)
        "/api/v1/debthelp/cases/", "/api/v1/debthelp/cases/{case_id}/", "/api/v1/debthelp/cases/{case_id}/steps/",
        "/api/v1/debthelp/cases/{case_id}/creditors/", "/api/v1/debthelp/creditors/{creditor_id}/",
        # arrears signals from partners (tests/signals/test_api.py)
        "/api/v1/signals/", "/api/v1/signals/{reference}/",
    }
    assert api.get("/api/v1/docs/").status_code == 200


def test_check_ignores_sessions(seed_case, token):
    """The API authenticates with tokens only: a browser session neither counts nor triggers CSRF checks."""
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="api-tester"))
    response = client.post("/api/v1/check/", {"household": seed_case["household"], "date": seed_case["date"]}, format="json")
    assert response.status_code == 200, response.content
