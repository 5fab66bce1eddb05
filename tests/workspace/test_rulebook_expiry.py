"""The functional administrator's rulebook page lists the norms and parameters that run out within 60 days."""

import html

import pytest

from meedoen.municipalities.rulebook import current_rulebook

pytestmark = pytest.mark.django_db

PAGE = "/werkplek/regelboek/"


def test_lists_norms_running_out_30_days_before(client_as, municipalities, monkeypatch):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2026-12-01")
    page = html.unescape(client_as("functional_admin").get(PAGE).content.decode())
    assert "Normen die bijna aflopen" in page
    assert "national/bijstandsnormen.yaml" in page and "31 december 2026" in page
    for key in current_rulebook().norm_periods[-1].norms:
        assert key in page
    assert "national/parameters.yaml" not in page  # those run to 2027-12-31


def test_lists_nothing_90_days_before_in_english(client_as, municipalities, monkeypatch):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2026-10-02")
    page = html.unescape(client_as("functional_admin").get(PAGE + "?lang=en").content.decode())
    assert "No national norms or parameters run out in the next 60 days." in page
    assert "national/bijstandsnormen.yaml" not in page
