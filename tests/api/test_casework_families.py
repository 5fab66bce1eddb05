"""Casework API: who may call it, families, members, the access log and the GDPR export."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meedoen.casework.models import AccessLog, Family, Membership, Person

from query_budget import THROTTLE_QUERIES

DAY = date(2026, 3, 1)
PROBLEM = "application/problem+json"


@pytest.fixture
def fam(casework_demo):
    """The demo families by short name."""
    families = casework_demo["families"]
    return {"bakker": families["Z-CW-0001"], "yilmaz": families["Z-CW-0002"], "devries": families["Z-CW-0003"]}


@pytest.fixture
def as_user(fam):
    """An API client with the token of the demo user ``username``."""
    def make(username):
        user = get_user_model().objects.get(username=username)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client
    return make


def logs(family, **filters):
    return AccessLog.objects.filter(family_id=family.pk, **filters)


# -- who may call ------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", "/api/v1/families/"), ("get", "/api/v1/families/{id}/"), ("post", "/api/v1/families/{id}/members/"),
    ("get", "/api/v1/families/{id}/plan/"), ("post", "/api/v1/families/{id}/plan/goals/"),
    ("post", "/api/v1/families/{id}/plan/actions/"), ("patch", "/api/v1/families/{id}/plan/actions/1/"),
    ("get", "/api/v1/families/{id}/consents/"), ("post", "/api/v1/families/{id}/consents/"), ("post", "/api/v1/consents/1/withdraw/"),
    ("get", "/api/v1/families/{id}/referrals/"), ("post", "/api/v1/families/{id}/referrals/"), ("get", "/api/v1/referrals/"),
    ("post", "/api/v1/referrals/1/accept/"), ("post", "/api/v1/referrals/1/reject/"), ("post", "/api/v1/referrals/1/start/"),
    ("post", "/api/v1/referrals/1/complete/"), ("post", "/api/v1/referrals/1/revoke/"),
    ("get", "/api/v1/families/{id}/access-log/"), ("get", "/api/v1/persons/1/export/"),
]


@pytest.mark.parametrize("method,url", ENDPOINTS)
def test_anonymous_gets_401_problem(fam, method, url):
    response = getattr(APIClient(), method)(url.format(id=fam["bakker"].pk), {}, format="json")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == "Token"
    assert AccessLog.objects.filter(action="read").count() == 0


@pytest.mark.parametrize("username", ["beleid", "beheer"])
@pytest.mark.parametrize("method,url", ENDPOINTS)
def test_policy_and_functional_admin_get_403(fam, as_user, username, method, url):
    before = AccessLog.objects.count()
    response = getattr(as_user(username), method)(url.format(id=fam["bakker"].pk), {}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert AccessLog.objects.count() == before


def test_a_casework_role_without_a_professional_record_is_403(fam, as_user):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("no-record")
    user.groups.add(Group.objects.get(name="professional"))
    assert as_user("no-record").get("/api/v1/families/").status_code == 403


def test_session_login_works_too(fam, client):
    client.force_login(get_user_model().objects.get(username="professional"))
    response = client.get("/api/v1/families/")
    assert response.status_code == 200
    assert response.json()["count"] == 3


# -- families ----------------------------------------------------------------------------------

def test_family_list_for_a_professional(fam, as_user):
    response = as_user("professional").get("/api/v1/families/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["page"] == 1
    bakker = next(row for row in body["results"] if row["reference"] == "Z-CW-0001")
    assert bakker == {"id": fam["bakker"].pk, "reference": "Z-CW-0001", "name": "Gezin Bakker", "municipality": "zoetermeer",
                      "district": "Palenstein", "coordinator": {"name": "Fatima el Amrani", "organisation": {
                          "id": bakker["coordinator"]["organisation"]["id"], "name": "Kwadraad maatschappelijk werk"},
                          "since": "2026-01-14"}}
    devries = next(row for row in body["results"] if row["reference"] == "Z-CW-0003")
    assert devries["coordinator"] is None
    # One read row (basic) per family returned.
    reads = AccessLog.objects.filter(action="read", path="/api/v1/families/")
    assert sorted(reads.values_list("family_id", flat=True)) == sorted(f.pk for f in fam.values())
    assert set(reads.values_list("category", "purpose")) == {("basic", "help")}


def test_family_list_is_paginated(fam, as_user):
    client = as_user("professional")
    first = client.get("/api/v1/families/?page=1&page_size=2").json()
    body = client.get("/api/v1/families/?page=2&page_size=2").json()
    assert body["count"] == 3 and body["page"] == 2 and body["page_size"] == 2
    assert len(first["results"]) == 2 and len(body["results"]) == 1
    assert {row["reference"] for row in first["results"] + body["results"]} == {"Z-CW-0001", "Z-CW-0002", "Z-CW-0003"}
    assert client.get("/api/v1/families/?page=9").json()["results"] == []
    assert AccessLog.objects.filter(action="read", path="/api/v1/families/").count() == 3


def test_bad_page_is_a_400_naming_it(fam, as_user):
    response = as_user("professional").get("/api/v1/families/?page=0&page_size=abc")
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalid_params"]} == {"page", "page_size"}


def test_family_list_for_a_family_account_is_its_own_family(fam, as_user):
    body = as_user("gezin-yilmaz").get("/api/v1/families/").json()
    assert [row["reference"] for row in body["results"]] == ["Z-CW-0002"]
    assert list(logs(fam["yilmaz"], action="read").values_list("category", "purpose")) == [("basic", "family")]


def test_family_list_query_count_does_not_grow(fam, as_user, django_assert_max_num_queries, municipalities):
    client = as_user("professional")
    client.get("/api/v1/families/")
    with django_assert_max_num_queries(8 + THROTTLE_QUERIES):
        client.get("/api/v1/families/")
    # Ten more families the coach's team helps: the same number of queries.
    from meedoen.casework.models import Involvement

    team = fam["bakker"].involvements.get(organisation__name="Kwadraad maatschappelijk werk").team
    user = get_user_model().objects.get(username="professional")
    for n in range(10):
        family = Family.objects.create(municipality=municipalities["zoetermeer"], reference=f"Z-X-{n}", name=f"Gezin {n}", created_by=user)
        Involvement.objects.create(family=family, organisation=team.organisation, team=team, help_kind="x", since=DAY)
    with django_assert_max_num_queries(8 + THROTTLE_QUERIES):
        body = client.get("/api/v1/families/").json()
    assert body["count"] == 13


def test_family_detail(fam, as_user):
    bakker = fam["bakker"]
    gone = Membership.objects.create(family=bakker, role="other", start=date(2025, 1, 1), end=date(2025, 6, 30),
                                     person=Person.objects.create(first_name="Oma", last_name="Bakker"))
    response = as_user("professional").get(f"/api/v1/families/{bakker.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == "Z-CW-0001" and body["coordinator"]["name"] == "Fatima el Amrani"
    members = {m["person"]["first_name"]: m for m in body["members"]}
    assert set(members) == {"Sanne", "Noah", "Mila", "Daan", "Oma"}
    assert members["Oma"] == {"id": gone.pk, "role": "other", "start": "2025-01-01", "end": "2025-06-30", "current": False,
                              "person": {"id": gone.person_id, "first_name": "Oma", "last_name": "Bakker", "birth_date": None}}
    assert members["Sanne"]["current"] is True and members["Sanne"]["role"] == "parent"
    helpers = {h["organisation"]["name"] for h in body["helpers"]}
    assert {"Basisschool De Regenboog (demo)", "Kwadraad maatschappelijk werk"} <= helpers
    assert body["granted"] == ["analysis", "finances", "plan", "meetings", "referrals", "notes"]
    assert list(logs(bakker, action="read").values_list("category", "purpose", "path")) == [
        ("basic", "help", f"/api/v1/families/{bakker.pk}/")]


def test_granted_is_what_the_callers_organisation_may_read(fam, as_user):
    assert as_user("school").get(f"/api/v1/families/{fam['bakker'].pk}/").json()["granted"] == ["plan", "meetings"]
    assert as_user("jgz").get(f"/api/v1/families/{fam['devries'].pk}/").json()["granted"] == []
    assert as_user("gezin-bakker").get(f"/api/v1/families/{fam['bakker'].pk}/").json()["granted"] == [
        "analysis", "finances", "plan", "meetings", "referrals", "notes"]


@pytest.mark.parametrize("username", ["mjd", "woning", "maatje", "schuldhulp"])
def test_uninvolved_professional_gets_404(fam, as_user, username):
    client = as_user(username)
    for path in ("", "plan/", "consents/", "referrals/", "access-log/"):
        response = client.get(f"/api/v1/families/{fam['bakker'].pk}/{path}")
        assert response.status_code == 404, path
        assert response["Content-Type"] == PROBLEM
    assert client.get("/api/v1/families/").json()["count"] == 0
    assert logs(fam["bakker"], action="read").count() == 0


def test_family_account_cannot_see_another_family(fam, as_user):
    client = as_user("gezin-bakker")
    other = fam["yilmaz"]
    for path in ("", "plan/", "consents/", "referrals/", "access-log/"):
        assert client.get(f"/api/v1/families/{other.pk}/{path}").status_code == 404, path
    assert client.get("/api/v1/families/999999/").status_code == 404
    assert logs(other, action="read").count() == 0


# -- members ------------------------------------------------------------------------------------

def test_add_member(fam, as_user):
    bakker = fam["bakker"]
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/members/", {
        "first_name": "Sara", "last_name": "Bakker", "role": "child", "birth_date": "2026-02-20", "start": "2026-02-20"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["role"] == "child" and body["end"] is None and body["current"] is True
    assert body["person"]["first_name"] == "Sara"
    assert Membership.objects.filter(family=bakker, person__first_name="Sara").exists()
    assert logs(bakker, action="write", category="basic").filter(person_id=body["person"]["id"]).count() == 1


def test_add_member_end_before_start_is_400_naming_end(fam, as_user):
    bakker = fam["bakker"]
    persons = Person.objects.count()
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/members/", {
        "first_name": "Sara", "last_name": "Bakker", "role": "child", "start": "2026-02-20", "end": "2026-01-01"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [p["name"] for p in response.json()["invalid_params"]] == ["end"]
    assert Person.objects.count() == persons  # nothing half-written


def test_add_member_bad_fields_all_named(fam, as_user):
    response = as_user("professional").post(f"/api/v1/families/{fam['bakker'].pk}/members/", {
        "first_name": "", "role": "aunt", "start": "2026-02-30", "colour": "blue"}, format="json")
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalid_params"]} == {"first_name", "last_name", "role", "start", "colour"}


def test_family_account_cannot_add_members(fam, as_user):
    response = as_user("gezin-bakker").post(f"/api/v1/families/{fam['bakker'].pk}/members/", {
        "first_name": "Sara", "last_name": "Bakker", "role": "child", "start": "2026-02-20"}, format="json")
    assert response.status_code == 403
    assert as_user("gezin-bakker").post(f"/api/v1/families/{fam['yilmaz'].pk}/members/", {}, format="json").status_code == 404


def test_uninvolved_professional_cannot_add_members(fam, as_user):
    response = as_user("mjd").post(f"/api/v1/families/{fam['bakker'].pk}/members/", {
        "first_name": "Sara", "last_name": "Bakker", "role": "child", "start": "2026-02-20"}, format="json")
    assert response.status_code == 404


# -- the access log -------------------------------------------------------------------------------

def test_access_log_for_the_family(fam, as_user):
    bakker = fam["bakker"]
    as_user("professional").get(f"/api/v1/families/{bakker.pk}/")
    response = as_user("gezin-bakker").get(f"/api/v1/families/{bakker.pk}/access-log/?page_size=5")
    assert response.status_code == 200
    body = response.json()
    assert body["page_size"] == 5 and len(body["results"]) == 5 and body["count"] > 5
    newest = body["results"][0]
    assert newest["who"] == "Fatima el Amrani" and newest["action"] == "read" and newest["category"] == "basic"
    ats = [row["at"] for row in body["results"]]
    assert ats == sorted(ats, reverse=True)
    assert logs(bakker, action="read", category="access_log", purpose="family").count() == 1


def test_access_log_for_the_coordinator_only(fam, as_user):
    bakker = fam["bakker"]
    assert as_user("professional").get(f"/api/v1/families/{bakker.pk}/access-log/").status_code == 200
    assert logs(bakker, action="read", category="access_log", purpose="help").count() == 1
    response = as_user("school").get(f"/api/v1/families/{bakker.pk}/access-log/")  # involved, not the coordinator
    assert response.status_code == 403


def test_access_log_query_count_is_bounded(fam, as_user, django_assert_max_num_queries):
    client = as_user("gezin-bakker")
    with django_assert_max_num_queries(8 + THROTTLE_QUERIES):
        assert client.get(f"/api/v1/families/{fam['bakker'].pk}/access-log/").status_code == 200


# -- the export --------------------------------------------------------------------------------------

def test_export_for_the_persons_own_account(fam, as_user):
    bakker = fam["bakker"]
    sanne = bakker.memberships.get(person__first_name="Sanne").person
    response = as_user("gezin-bakker").get(f"/api/v1/persons/{sanne.pk}/export/")
    assert response.status_code == 200
    body = response.json()
    assert body["person"]["first_name"] == "Sanne" and body["memberships"][0]["family"] == "Z-CW-0001"
    assert AccessLog.objects.filter(person_id=sanne.pk, action="export", category="export").count() == 1


def test_export_for_the_coordinator(fam, as_user):
    sanne = fam["bakker"].memberships.get(person__first_name="Sanne").person
    assert as_user("professional").get(f"/api/v1/persons/{sanne.pk}/export/").status_code == 200
    assert as_user("school").get(f"/api/v1/persons/{sanne.pk}/export/").status_code == 404  # involved, not coordinator


def test_export_of_somebody_else_is_404(fam, as_user):
    client = as_user("gezin-bakker")
    noah = fam["bakker"].memberships.get(person__first_name="Noah").person
    mehmet = fam["yilmaz"].memberships.get(person__first_name="Mehmet").person
    for person_id in (noah.pk, mehmet.pk, 999999):
        assert client.get(f"/api/v1/persons/{person_id}/export/").status_code == 404
    assert AccessLog.objects.filter(action="export").count() == 0
