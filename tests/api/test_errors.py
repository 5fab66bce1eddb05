"""Every error is application/problem+json (RFC 9457), bad input is a 400 naming each bad field."""

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.settings import api_settings

from meedoen.api.serializers import MAX_HOUSEHOLDS

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "invalid_params"}


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    data = response.json()
    assert set(data) == PROBLEM_FIELDS
    assert data["status"] == status
    assert isinstance(data["detail"], str) and data["title"]
    return data


def names(data):
    return sorted({p["name"] for p in data["invalid_params"]})


def post(client, path, body, **kwargs):
    return client.post(path, body, format="json", **kwargs)


def test_the_test_database_is_postgresql():
    assert connection.vendor == "postgresql"


# -- /check/ ---------------------------------------------------------------------------------

def test_malformed_json(api):
    response = api.post("/api/v1/check/", '{"household": {', content_type="application/json")
    data = problem(response, 400)
    assert data["type"].endswith("/invalid-input")
    assert names(data) == ["(body)"]
    assert "JSON parse error" in data["detail"]


@pytest.mark.parametrize("body", ["[]", "null", "42", '"text"', "[1, 2]"])
def test_body_not_an_object(api, body):
    data = problem(api.post("/api/v1/check/", body, content_type="application/json"), 400)
    assert names(data) == ["(body)"]


def test_nan_and_deep_nesting_are_parse_errors(api):
    problem(api.post("/api/v1/check/", '{"household": NaN}', content_type="application/json"), 400)
    deep = '{"household": ' + "[" * 5000 + "]" * 5000 + "}"
    assert names(problem(api.post("/api/v1/check/", deep, content_type="application/json"), 400)) == ["(body)"]


def test_missing_household_and_unknown_fields(api):
    data = problem(post(api, "/api/v1/check/", {"date": "2026-03-01", "colour": "blue", "hh": {}}), 400)
    assert names(data) == ["colour", "hh", "household"]


def test_wrong_types(api, seed_case):
    body = {"household": seed_case["household"], "date": 20260301, "municipality": ["zoetermeer"]}
    assert names(problem(post(api, "/api/v1/check/", body), 400)) == ["date", "municipality"]


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "20260301", "2026-W09-1", "2026-03-01T10:00", "", None])
def test_impossible_or_malformed_dates(api, seed_case, day):
    data = problem(post(api, "/api/v1/check/", {"household": seed_case["household"], "date": day}), 400)
    assert names(data) == ["date"]


@pytest.mark.parametrize("day", ["2023-12-31", "2031-01-01"])
def test_date_outside_validity_periods(api, seed_case, day):
    data = problem(post(api, "/api/v1/check/", {"household": seed_case["household"], "date": day}), 400)
    assert names(data) == ["date"]
    assert "outside every validity period" in data["invalid_params"][0]["reason"]


def test_every_problem_at_once(api, seed_case):
    """A date before everybody's birth: the date and each birth date are reported together."""
    data = problem(post(api, "/api/v1/check/", {"household": seed_case["household"], "date": "0001-01-01"}), 400)
    assert names(data) == ["date"] + [f"household.members[{i}].birth_date" for i in range(3)]


def test_request_and_household_problems_together(api, seed_case):
    household = {**seed_case["household"], "members": [{"role": "applicant", "birth_date": "1990-13-01"}]}
    data = problem(post(api, "/api/v1/check/", {"household": household, "date": "2026-02-30", "extra": 1}), 400)
    assert names(data) == ["date", "extra", "household.members[0].birth_date"]
    assert {p["name"]: p["reason"] for p in data["invalid_params"]}["date"] == "2026-02-30 is not a real date"


def test_household_shape_problems_each_with_their_path(api):
    household = {
        "municipality": "zoetermeer",
        "colour": "blue",
        "assets_cents": -5,
        "members": [
            {"role": "applicant", "monthly_net_income_cents": {"wages": 10.5, "tips": 3}},
            {"role": "child", "birth_date": "1-1-2020", "school": {"level": "university"}},
            {"role": "pet", "statuses": {"receives_aow": "yes"}},
        ],
    }
    data = problem(post(api, "/api/v1/check/", {"household": household, "date": "2026-03-01"}), 400)
    assert names(data) == [
        "household",  # the unknown field "colour" is reported on the object that has it
        "household.assets_cents",
        "household.members[0].monthly_net_income_cents",
        "household.members[0].monthly_net_income_cents.wages",
        "household.members[1].birth_date",
        "household.members[1].school.level",
        "household.members[2].role",
        "household.members[2].statuses.receives_aow",
    ]
    assert "colour" in next(p["reason"] for p in data["invalid_params"] if p["name"] == "household")


def test_impossible_household_values_each_with_their_path(api):
    household = {
        "municipality": "zoetermeer",
        "members": [
            {"id": "a", "role": "applicant", "birth_date": "1990-02-30"},
            {"id": "a", "role": "partner", "birth_date": "1985-01-01"},
            {"role": "child", "birth_date": "2027-01-01"},
            {"role": "child", "birth_date": "1980-01-01"},
        ],
    }
    data = problem(post(api, "/api/v1/check/", {"household": household, "date": "2026-03-01"}), 400)
    assert names(data) == [
        "household.members[0].birth_date",  # not a real date
        "household.members[0].id",  # used twice
        "household.members[1].id",
        "household.members[2].birth_date",  # born after the date
        "household.members[3].birth_date",  # older than a parent
    ]


def test_household_not_an_object_or_null(api):
    assert names(problem(post(api, "/api/v1/check/", {"household": [1, 2]}), 400)) == ["household"]
    assert names(problem(post(api, "/api/v1/check/", {"household": None}), 400)) == ["household"]


def test_no_or_two_applicants(api):
    household = {"municipality": "zoetermeer", "members": [{"role": "applicant"}, {"role": "applicant"}]}
    assert names(problem(post(api, "/api/v1/check/", {"household": household, "date": "2026-03-01"}), 400)) == [
        "household.members"]


def test_integer_too_large(api, seed_case):
    household = {**seed_case["household"], "assets_cents": 2**70}
    data = problem(post(api, "/api/v1/check/", {"household": household, "date": "2026-03-01"}), 400)
    assert names(data) == ["household.assets_cents"]


def test_unknown_municipality(api, seed_case):
    household = {**seed_case["household"], "municipality": "atlantis"}
    data = problem(post(api, "/api/v1/check/", {"household": household, "date": "2026-03-01"}), 400)
    assert names(data) == ["household.municipality"]
    assert "atlantis" in data["invalid_params"][0]["reason"]
    data = problem(post(api, "/api/v1/check/", {"household": seed_case["household"], "date": "2026-03-01",
                                                "municipality": "GM9999"}), 400)
    assert names(data) == ["municipality"]


def test_inactive_municipality(api, seed_case, municipalities):
    municipalities["zoetermeer"].active = False
    municipalities["zoetermeer"].save()
    data = problem(post(api, "/api/v1/check/", {"household": seed_case["household"], "date": "2026-03-01"}), 400)
    assert names(data) == ["household.municipality"]


def test_body_too_large(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"household": {"municipality": "zoetermeer", "members": [{"role": "applicant", "id": "x" * 2000}]}}
    problem(post(api, "/api/v1/check/", body), 413)


def test_not_json(api):
    response = api.post("/api/v1/check/", {"household": "x"}, format="multipart")
    problem(response, 415)
    problem(api.post("/api/v1/check/", "household=x", content_type="text/plain"), 415)


def test_not_acceptable(api, seed_case):
    response = api.post("/api/v1/check/", seed_case, format="json", HTTP_ACCEPT="text/html")
    problem(response, 406)


def test_method_not_allowed(api):
    response = api.get("/api/v1/check/")
    data = problem(response, 405)
    assert "POST" in response["Allow"]
    assert data["invalid_params"] == []
    problem(api.delete("/api/v1/municipalities/"), 405)


# -- not found -------------------------------------------------------------------------------

def test_unknown_municipality_is_404(api):
    problem(api.get("/api/v1/municipalities/atlantis/"), 404)
    problem(api.get("/api/v1/municipalities/atlantis/schemes/"), 404)


def test_unknown_paths_are_404_problems(api):
    data = problem(api.get("/api/v1/nothing-here/"), 404)
    assert data["instance"] == "/api/v1/nothing-here/"
    problem(api.post("/api/v1/", {}, format="json"), 404)
    problem(api.options("/api/v1/nope"), 404)
    problem(api.get("/api/v1/municipalities/new%0Aline/"), 404)
    data = problem(api.post("/api/v1/check", {}, format="json"), 404)
    assert "/api/v1/check/" in data["detail"]


def test_catalogue_bad_dates(api):
    assert names(problem(api.get("/api/v1/municipalities/zoetermeer/schemes/", {"date": "2026-02-29"}), 400)) == ["date"]
    assert names(problem(api.get("/api/v1/municipalities/zoetermeer/schemes/", {"date": "1999-01-01"}), 400)) == ["date"]


# -- batch -----------------------------------------------------------------------------------

def test_batch_needs_a_token(api, seed_case):
    body = {"households": [seed_case["household"]], "date": "2026-03-01", "municipality": "zoetermeer"}
    response = post(api, "/api/v1/check/batch/", body)
    data = problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert data["invalid_params"] == []
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    problem(post(api, "/api/v1/check/batch/", body), 401)


def test_batch_needs_a_token_not_a_session(api, seed_case, token):
    from django.contrib.auth import get_user_model

    api.force_login(get_user_model().objects.get(username="api-tester"))
    body = {"households": [seed_case["household"]], "date": "2026-03-01", "municipality": "zoetermeer"}
    problem(post(api, "/api/v1/check/batch/", body), 401)


def test_batch_too_many_households(api_with_token, seed_case):
    body = {"households": [seed_case["household"]] * (MAX_HOUSEHOLDS + 1), "date": "2026-03-01", "municipality": "zoetermeer"}
    data = problem(post(api_with_token, "/api/v1/check/batch/", body), 400)
    assert names(data) == ["households"]
    assert "10000" in data["invalid_params"][0]["reason"]


def test_batch_request_problems(api_with_token):
    data = problem(post(api_with_token, "/api/v1/check/batch/", {"households": {"a": 1}, "extra": 1, "date": "2026-02-30"}), 400)
    assert names(data) == ["date", "extra", "households", "municipality"]
    body = {"households": [], "date": "2026-03-01", "municipality": "atlantis"}
    assert names(problem(post(api_with_token, "/api/v1/check/batch/", body), 400)) == ["municipality"]
    body = {"households": [], "date": "2030-03-01", "municipality": "zoetermeer"}
    assert names(problem(post(api_with_token, "/api/v1/check/batch/", body), 400)) == ["date"]


def test_batch_household_with_huge_integer_is_left_out(api_with_token, seed_case):
    household = {**seed_case["household"], "members": [{**seed_case["household"]["members"][0],
                                                         "monthly_net_income_cents": {"wages": 2**64}}]}
    body = {"households": [household, seed_case["household"]], "date": "2026-03-01", "municipality": "zoetermeer"}
    response = post(api_with_token, "/api/v1/check/batch/", body)
    assert response.status_code == 200
    data = response.json()
    assert [r["index"] for r in data["results"]] == [1]
    assert [p["name"] for p in data["invalid"][0]["problems"]] == ["households[0].members[0].monthly_net_income_cents.wages"]


# -- throttling ------------------------------------------------------------------------------

def rates(anon, user):
    return override_settings(REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}})


def _rest_framework():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_throttled_anonymous(api, seed_case):
    with rates("2/minute", "1000/minute"):
        assert api_settings.DEFAULT_THROTTLE_RATES["anon"] == "2/minute"
        for _ in range(2):
            assert post(api, "/api/v1/check/", seed_case).status_code in (200, 400)
        response = post(api, "/api/v1/check/", seed_case)
        data = problem(response, 429)
        assert int(response["Retry-After"]) > 0
        assert data["invalid_params"] == []


def test_throttled_user(api_with_token, seed_case):
    body = {"households": [seed_case["household"]], "date": "2026-03-01", "municipality": "zoetermeer"}
    with rates("1000/minute", "1/minute"):
        assert post(api_with_token, "/api/v1/check/batch/", body).status_code == 200
        problem(post(api_with_token, "/api/v1/check/batch/", body), 429)


# -- the safety net --------------------------------------------------------------------------

def test_unexpected_error_is_a_500_problem(api, seed_case, monkeypatch, caplog):
    import meedoen.api.views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(meedoen.api.views, "check_one", broken)
    data = problem(post(api, "/api/v1/check/", {"household": seed_case["household"]}), 500)
    assert data["invalid_params"] == []
    assert "a bug" not in data["detail"]
    assert any("Unexpected error" in r.message for r in caplog.records)


def test_a_new_forwarded_for_address_on_each_request_is_still_throttled(api, seed_case):
    """Without trusted proxies the header is the client's own word: the count follows the connection's address."""
    with rates("2/minute", "1000/minute"):
        for n in range(2):
            assert post(api, "/api/v1/check/", seed_case, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code in (200, 400)
        problem(post(api, "/api/v1/check/", seed_case, HTTP_X_FORWARDED_FOR="203.0.113.99"), 429)


def test_behind_one_trusted_proxy_the_address_it_saw_is_counted(api, seed_case):
    with rates("2/minute", "1000/minute"), override_settings(REST_FRAMEWORK={**_rest_framework(), "NUM_PROXIES": 1}):
        for forged in ("198.51.100.1", "198.51.100.2"):  # the client forges the left part; the proxy appends its view
            assert post(api, "/api/v1/check/", seed_case, HTTP_X_FORWARDED_FOR=f"{forged}, 192.0.2.7").status_code in (200, 400)
        problem(post(api, "/api/v1/check/", seed_case, HTTP_X_FORWARDED_FOR="198.51.100.3, 192.0.2.7"), 429)
        assert post(api, "/api/v1/check/", seed_case, HTTP_X_FORWARDED_FOR="192.0.2.8").status_code in (200, 400)


def test_throttle_counts_are_in_the_database_that_every_worker_shares(api, seed_case):
    from django.db import connection

    post(api, "/api/v1/check/", seed_case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM meedoen_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle" in key for key in keys), keys
