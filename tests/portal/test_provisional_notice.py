"""The resident result page and its print version say once that the amounts are provisional (nl and en)."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db

START = {"municipality": "zoetermeer", "applicant_birth_date": "01-05-1990", "has_partner": "no",
         "child_1": "01-03-2015"}


def hidden(response, name, form_action):
    text = response.content.decode()
    text = text[text.index(f'action="{form_action}"'):]
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', text).group(1))


def result(client, lang, action="result"):
    questions = client.post("/", {**START, "lang": lang})
    assert questions.status_code == 200
    return client.post("/check/", {"household": hidden(questions, "household", "/check/"),
                                   "asked": hidden(questions, "asked", "/check/"), "skipped": "",
                                   "action": action, "lang": lang})


@pytest.mark.parametrize("lang, phrase", [("nl", "de bedragen zijn voorlopig"), ("en", "the amounts are provisional")])
@pytest.mark.parametrize("action", ["result", "print"])
def test_notice_once_after_the_last_norm_period(client, municipalities, monkeypatch, lang, phrase, action):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2027-01-15")
    response = result(client, lang, action)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert page.count(phrase) == 1
    assert page.count('id="provisional-notice"') == 1
    assert page.count('id="ended-notice"') == 1  # Zoetermeer's own schemes end on 2026-12-31


def test_no_notice_within_the_periods(client, municipalities, monkeypatch):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2026-12-31")
    page = html.unescape(result(client, "nl").content.decode())
    assert "voorlopig" not in page and 'id="provisional-notice"' not in page and 'id="ended-notice"' not in page
