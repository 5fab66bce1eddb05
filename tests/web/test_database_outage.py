"""While the database is down or restarting (OperationalError, InterfaceError) the answer is 503 with Retry-After:
problem+json in the API, a short page elsewhere; any other unexpected error stays a 500."""

import json
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db

HOUSEHOLD = json.loads((Path(__file__).resolve().parents[2] / "examples" / "households"
                        / "eenoudergezin-115-procent.json").read_text(encoding="utf-8"))


def down(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_api_says_try_again(monkeypatch, error):
    def fail(*args, **kwargs):
        raise error("connection already closed")

    monkeypatch.setattr("meedoen.api.views.current_rulebook", fail)
    answer = Client().post("/api/v1/check/", {"household": HOUSEHOLD}, content_type="application/json")
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert answer["Content-Type"].startswith("application/problem+json") and "try again" in answer.json()["detail"]


def test_a_page_says_try_again_and_another_error_stays_a_500(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr("meedoen.portal.views.current_rulebook", down)
    answer = client.post("/", {"municipality": "zoetermeer", "applicant_birth_date": "01-05-1990", "has_partner": "no"})
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert "Probeer het over een paar seconden opnieuw" in answer.content.decode()

    def bug(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("meedoen.portal.views.current_rulebook", bug)
    answer = client.post("/", {"municipality": "zoetermeer", "applicant_birth_date": "01-05-1990", "has_partner": "no"})
    assert answer.status_code == 500 and "Retry-After" not in answer
