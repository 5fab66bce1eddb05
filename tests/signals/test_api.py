"""The partner API (/api/v1/signals/): a partner's account sends signals and reads its own back with a coarse status."""

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meedoen.casework.models import Professional
from meedoen.municipalities.models import Organisation
from meedoen.reach.register.validate import pseudonym
from meedoen.signals import outreach
from meedoen.signals.matching import match
from meedoen.signals.models import Signal, SignalCase, SignalPartner
from meedoen.signals.serializers import MAX_SIGNALS

from test_matching import partner, town  # noqa: F401 - fixture

KEY = "k" * 32
URL = "/api/v1/signals/"
GOOD = {"referentie": "H-1", "bedrag": "450,00", "ontstaansdatum": "2026-01-05", "signaaldatum": "2026-02-20",
        "crisissignaal": "nee", "bsn": "111222333"}
PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "invalid_params"}


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch):
    monkeypatch.setenv("MEEDOEN_PSEUDONYM_KEY", KEY)


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def worker(org, username):
    user = User.objects.create_user(username, password="pw-test-1234")
    Professional.objects.create(user=user, organisation=org, name=username)
    return user


def account(town, slug, kind):  # noqa: F811
    """A signal partner of a new organisation and an API client for one of its workers."""
    p = partner(town, slug, kind)
    return p, client_for(worker(p.organisation, f"{slug}-user"))


@pytest.fixture
def woco(town):  # noqa: F811
    return account(town, "woco", "huur")


def post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    data = response.json()
    assert set(data) == PROBLEM_FIELDS and data["status"] == status
    return data


# -- sending -------------------------------------------------------------------------------------------------------

def test_one_object_is_stored_for_the_callers_own_partner_never_one_named_in_the_body(town, woco):  # noqa: F811
    mine, client = woco
    other = partner(town, "eneco", "energie")
    response = post(client, {**GOOD, "partner": other.pk, "organisation": "eneco", "partner_id": other.pk})
    assert response.status_code == 201, response.content
    assert response.json() == {"received": 1, "created": 1, "already_known": 0, "rejected": 0, "problems": []}
    stored = Signal.objects.get()
    assert stored.partner == mine and stored.municipality == town and stored.partner_type == "huur"
    assert stored.amount_cents == 45000 and stored.signal_date == date(2026, 2, 20)
    assert stored.person_pseudonym == pseudonym(KEY.encode(), "person", "111222333")
    assert not other.signals.exists()


def test_a_mixed_list_keeps_the_good_signals_and_lists_the_bad_by_index_field_and_reason(woco):
    mine, client = woco
    body = [GOOD, {**GOOD, "referentie": "H-2", "bedrag": "twaalf"},
            {"partner_reference": "H-3", "signal_date": "2026-02-21", "surname": "Jansen", "birth_date": "1980-01-02",
             "postcode": "2711 ab", "house_number": 3},
            {**GOOD, "referentie": "H-4", "signaaldatum": "gisteren", "bsn": "123456789"}, "not an object"]
    response = post(client, body)
    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["received"], report["created"], report["already_known"], report["rejected"]) == (5, 2, 0, 3)
    got = [(p["index"], p["reference"], p["field"], p["code"]) for p in report["problems"]]
    assert got == [(1, "H-2", "amount", "amount_invalid"), (3, "H-4", "signal_date", "date_invalid"),
                   (3, "H-4", "bsn", "bsn_elfproef"), (4, None, "(row)", "not_object")]
    assert all(p["reason"] and p["reason_en"] and p["reason"] != p["reason_en"] for p in report["problems"])
    assert sorted(Signal.objects.values_list("partner_reference", flat=True)) == ["H-1", "H-3"]
    assert Signal.objects.get(partner_reference="H-3").postcode == "2711AB"


def test_nothing_valid_is_a_400_naming_each_bad_field_by_its_path_and_nothing_is_stored(woco):
    _, client = woco
    data = problem(post(client, [{**GOOD, "bedrag": "-5"}, {"referentie": "X", "signal_date": "31-02-2026",
                                                              "bsn": "111222333"}]), 400)
    assert [p["name"] for p in data["invalid_params"]] == ["[0].bedrag", "[1].signal_date"]
    assert "negative" in data["invalid_params"][0]["reason"]
    single = problem(post(client, {"bedrag": "10"}), 400)
    assert {p["name"] for p in single["invalid_params"]} == {"referentie", "signaaldatum", "bsn"}
    wrapped = problem(post(client, {"signalen": [{**GOOD, "crisissignaal": "misschien"}]}), 400)
    assert [p["name"] for p in wrapped["invalid_params"]] == ["signalen[0].crisissignaal"]
    assert not Signal.objects.exists()


def test_the_same_signal_twice_is_one(woco):
    _, client = woco
    first = post(client, [GOOD, {**GOOD, "bedrag": "999"}])  # the same reference twice in one request: the first counts
    assert (first.status_code, first.json()["created"], first.json()["already_known"]) == (201, 1, 1)
    again = post(client, GOOD)
    assert again.status_code == 200 and again.json() == {"received": 1, "created": 0, "already_known": 1,
                                                          "rejected": 0, "problems": []}
    assert Signal.objects.get().amount_cents == 45000


def test_malformed_bodies_are_a_clear_400(woco):
    _, client = woco
    broken = problem(client.post(URL, '[{"referentie": "H-1",', content_type="application/json"), 400)
    assert [p["name"] for p in broken["invalid_params"]] == ["(body)"] and "JSON parse error" in broken["detail"]
    for body in ("42", '"text"', "null", "[]", '{"signalen": "H-1"}'):
        data = problem(client.post(URL, body, content_type="application/json"), 400)
        assert data["invalid_params"], body
    problem(client.post(URL, "referentie=H-1", content_type="text/plain"), 415)
    assert not Signal.objects.exists()


def test_the_number_of_signals_and_the_body_are_bounded(woco, settings):
    _, client = woco
    rows = [{**GOOD, "referentie": f"R-{i}"} for i in range(MAX_SIGNALS + 1)]
    too_many = problem(post(client, rows), 400)
    assert f"{MAX_SIGNALS:,}" in too_many["invalid_params"][0]["reason"] and not Signal.objects.exists()
    assert post(client, rows[:MAX_SIGNALS]).json()["created"] == MAX_SIGNALS
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    problem(post(client, rows[:200]), 413)


def test_values_the_database_would_refuse_are_row_problems_not_a_500(woco):
    _, client = woco
    body = [{**GOOD, "referentie": "R" * 101}, {**GOOD, "referentie": "R-2", "bedrag": "9" * 30},
            {"referentie": "R-3", "signaaldatum": "2026-02-20", "geslachtsnaam": "Jan\u0000sen",
             "geboortedatum": "1980-01-02", "postcode": "2711AB", "huisnummer": "3"},
            {"referentie": "R-4", "signaaldatum": "2026-02-20", "geslachtsnaam": "Jansen", "geboortedatum": "1980-01-02",
             "postcode": "2711AB", "huisnummer": "\u00b2"},
            {"referentie": "R-5", "signaaldatum": "2026-02-20", "geslachtsnaam": "J" * 201, "geboortedatum": "1980-01-02",
             "postcode": "2711AB", "huisnummer": 99999999999},
            {**GOOD, "referentie": "R-6"}]
    response = post(client, body)
    assert response.status_code == 201, response.content
    got = {(p["index"], p["field"], p["code"]) for p in response.json()["problems"]}
    assert got == {(0, "partner_reference", "too_long"), (1, "amount", "too_large"), (2, "surname", "text_invalid"),
                   (3, "house_number", "house_number_invalid"), (4, "surname", "too_long"),
                   (4, "house_number", "too_large")}
    assert list(Signal.objects.values_list("partner_reference", flat=True)) == ["R-6"]
    alone = problem(post(client, [body[1], body[3]]), 400)  # nothing valid: named as sent
    assert [p["name"] for p in alone["invalid_params"]] == ["[0].bedrag", "[1].huisnummer"]


def test_without_a_pseudonym_key_the_server_says_so_and_stores_nothing(woco, monkeypatch):
    _, client = woco
    monkeypatch.delenv("MEEDOEN_PSEUDONYM_KEY")
    assert "MEEDOEN_PSEUDONYM_KEY" in problem(post(client, GOOD), 503)["detail"]
    assert not Signal.objects.exists()


# -- reading -------------------------------------------------------------------------------------------------------

def test_partners_only_see_their_own_signals_and_another_partners_is_a_404(town, woco):  # noqa: F811
    _, woco_client = woco
    _, eneco_client = account(town, "eneco", "energie")
    post(woco_client, [GOOD, {**GOOD, "referentie": "ONLY-WOCO"}])
    post(eneco_client, {**GOOD, "bedrag": "80"})  # the same reference at another partner is another signal
    assert Signal.objects.filter(partner_reference="H-1").count() == 2
    listed = eneco_client.get(URL).json()
    assert listed["count"] == 1 and listed["results"][0]["amount_cents"] == 8000
    assert woco_client.get(f"{URL}H-1/").json()["amount_cents"] == 45000
    hidden = problem(eneco_client.get(f"{URL}ONLY-WOCO/"), 404)
    missing = problem(eneco_client.get(f"{URL}NEVER-SENT/"), 404)
    assert hidden["detail"] == missing["detail"]


def test_the_list_is_paginated_and_filtered_by_signal_date(woco):
    _, client = woco
    post(client, [{**GOOD, "referentie": f"D-{n}", "signaaldatum": (date(2026, 2, 1) + timedelta(days=n)).isoformat()}
                  for n in range(10)])
    page = client.get(URL, {"page_size": 3, "page": 2}).json()
    assert (page["count"], page["page"], page["page_size"]) == (10, 2, 3)
    assert [r["reference"] for r in page["results"]] == ["D-6", "D-5", "D-4"]  # newest signal date first
    window = client.get(URL, {"signal_date_from": "2026-02-03", "signal_date_to": "2026-02-05"}).json()
    assert sorted(r["signal_date"] for r in window["results"]) == ["2026-02-03", "2026-02-04", "2026-02-05"]
    assert [p["name"] for p in problem(client.get(URL, {"signal_date_from": "2026-02-31"}), 400)["invalid_params"]] \
        == ["signal_date_from"]
    problem(client.get(URL, {"signal_date_from": "2026-02-05", "signal_date_to": "2026-02-01"}), 400)
    problem(client.get(URL, {"page": 0}), 400)


def test_a_slash_in_the_reference_can_be_read_back(woco):
    _, client = woco
    post(client, {**GOOD, "referentie": "2026/H 7"})
    assert client.get(f"{URL}2026%2FH%207/").json()["reference"] == "2026/H 7"


def feedback_of(client, reference):
    return client.get(f"{URL}{reference}/").json()["feedback"]


def test_feedback_is_a_coarse_status_and_never_the_result_or_the_household(town, woco):  # noqa: F811
    _, client = woco
    post(client, [{**GOOD, "referentie": "A", "bsn": None, "geslachtsnaam": "Jansen", "geboortedatum": "1980-01-02",
                   "postcode": "2711AB", "huisnummer": 3}])
    assert feedback_of(client, "A")["status"] == "received"
    match(town)
    case = SignalCase.objects.get()
    assert feedback_of(client, "A")["status"] == "received"  # matched, but nobody has picked it up yet
    worker_user = User.objects.create_user("schuldhulp")
    outreach.record_attempt(case, worker_user, {"kind": "telefoon", "reached": "ja", "date": "2026-02-25",
                                                "part_of_day": "ochtend"})
    progress = feedback_of(client, "A")
    assert progress["status"] == "in_progress" and progress["since"] == "2026-02-25"
    assert progress["label"]["nl"].startswith("In behandeling") and progress["label"]["en"].startswith("In progress")
    outreach.close_case(case, worker_user, "hulp_geaccepteerd")
    closed = client.get(f"{URL}A/")
    assert closed.json()["feedback"]["status"] == "closed"
    text = closed.content.decode() + client.get(URL).content.decode()
    for secret in ("hulp_geaccepteerd", "help accepted", "H1", "P1", "Jansen", "2711AB", "telefoon", "schuldhulp"):
        assert secret not in text, secret
    assert set(closed.json()) == {"reference", "partner_type", "amount_cents", "arrears_start", "signal_date", "crisis",
                                  "received_at", "feedback"}


def test_a_repeat_that_is_not_higher_and_an_excluded_household_are_not_picked_up(town, woco):  # noqa: F811
    _, client = woco
    who = {"bsn": None, "geslachtsnaam": "de Vries", "geboortedatum": "1975-05-06", "postcode": "2712CD", "huisnummer": 10}
    post(client, {**GOOD, **who, "referentie": "FIRST"})
    match(town)
    post(client, {**GOOD, **who, "referentie": "AGAIN", "signaaldatum": "2026-02-27"})  # the same 450,00
    match(town)
    assert feedback_of(client, "AGAIN")["status"] == "not_picked_up_repeat"
    assert feedback_of(client, "FIRST")["status"] == "received"
    coordinator = User.objects.create_user("coord")
    coordinator.groups.add(Group.objects.get_or_create(name="coordinator")[0])
    outreach.add_exclusion(coordinator, town, "H2", "onveilig om contact te leggen")
    excluded = feedback_of(client, "FIRST")
    assert excluded["status"] == "not_picked_up" and excluded["since"] is None
    assert "onveilig" not in client.get(URL).content.decode()


# -- who may call --------------------------------------------------------------------------------------------------

def test_anonymous_is_401_and_accounts_that_are_not_a_partners_are_403(town, woco):  # noqa: F811
    _, client = woco
    post(client, GOOD)
    assert APIClient().get(URL).status_code == 401
    assert APIClient().post(URL, GOOD, format="json").status_code == 401
    plain = client_for(User.objects.create_user("nobody"))
    caseworker = client_for(worker(Organisation.objects.create(municipality=town, slug="kwadraad", name="Kwadraad"),
                                   "coach"))
    for other in (plain, caseworker):
        problem(other.get(URL), 403)
        problem(other.get(f"{URL}H-1/"), 403)
        problem(post(other, {**GOOD, "referentie": "H-9"}), 403)
    assert Signal.objects.count() == 1


def test_the_demo_housing_corporation_sends_by_session_and_families_and_caseworkers_are_refused(casework_demo):
    from meedoen.signals.demo import _partners
    from meedoen.municipalities.models import Municipality

    _partners(Municipality.objects.get(slug="zoetermeer"))
    woning = APIClient()
    woning.force_login(User.objects.get(username="woning"))
    assert woning.post(URL, GOOD, format="json").status_code == 201
    assert woning.get(f"{URL}H-1/").json()["feedback"]["status"] == "received"
    for username in ("gezin-bakker", "professional", "schuldhulp"):
        other = APIClient()
        other.force_login(User.objects.get(username=username))
        assert other.get(URL).status_code == 403, username
    csrf = APIClient(enforce_csrf_checks=True)
    csrf.force_login(User.objects.get(username="woning"))
    assert csrf.post(URL, {**GOOD, "referentie": "H-2"}, format="json").status_code == 403  # a session needs CSRF
    assert Signal.objects.count() == 1


def test_a_partner_account_without_a_casework_role_gets_403_on_casework_and_debt_help(woco):
    _, client = woco
    for path in ("/api/v1/families/", "/api/v1/referrals/", "/api/v1/debthelp/cases/"):
        assert client.get(path).status_code == 403, path



# -- the published schema, with a partner's token (tests/api/test_schemathesis.py calls these as a non-partner) -------

def _schemathesis_schema():
    import schemathesis

    from meedoen.web.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).include(path_regex="^/api/v1/signals/")


@pytest.fixture
def wsgi_keeps_the_test_connection(settings):
    """As in tests/api/test_schemathesis.py: the WSGI handler's signals would close the test's connection; and no 429s."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"}}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


if __import__("os").environ.get("DJANGO_SETTINGS_MODULE"):
    from hypothesis import HealthCheck
    from hypothesis import settings as hypothesis_settings
    from schemathesis.checks import (content_type_conformance, negative_data_rejection, not_a_server_error,
                                     response_schema_conformance, status_code_conformance)

    @_schemathesis_schema().parametrize()
    @hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    def test_no_server_errors_as_a_partner(case, town, wsgi_keeps_the_test_connection):  # noqa: F811
        p = SignalPartner.objects.get_or_create(organisation=Organisation.objects.get_or_create(
            municipality=town, slug="woco", defaults={"name": "woco"})[0], defaults={"partner_type": "huur"})[0]
        user = User.objects.filter(username="woco-user").first() or worker(p.organisation, "woco-user")
        token = Token.objects.get_or_create(user=user)[0].key
        case.call_and_validate(headers={"Authorization": f"Token {token}"},
                               checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                       response_schema_conformance, negative_data_rejection])
