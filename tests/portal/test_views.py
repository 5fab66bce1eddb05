"""The resident check through Django's test client (the browser tests drive it in chromium)."""

import html
import json
import re

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db

START = {"municipality": "zoetermeer", "applicant_birth_date": "01-05-1990", "has_partner": "no",
         "child_1": "01-03-2015", "child_2": "01-09-2018"}


def hidden(response, name, form_action=None):
    text = response.content.decode()
    if form_action:
        text = text[text.index(f'action="{form_action}"'):]
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', text).group(1))


def statuses(response):
    return dict(re.findall(r'id="scheme-([a-z_0-9]+)" data-status="(\w+)"', response.content.decode()))


def answer_first_questions(client):
    questions = client.post("/", START)
    assert questions.status_code == 200
    data = {"household": hidden(questions, "household", "/check/"), "asked": hidden(questions, "asked", "/check/"),
            "skipped": "", "action": "result",
            "f:members[0].monthly_net_income_cents:wages": "1.531,14",
            "f:members[0].statuses.registered_premium_arrears": "no",
            "f:members[1].school.attends_school": "yes", "f:members[2].school.attends_school": "yes"}
    return questions, data


def test_start_page(client, municipalities):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="nl">' in text and "Zoetermeer" in text and "Groningen" in text
    assert 'for="applicant_birth_date"' in text


def test_start_page_in_english(client, municipalities):
    response = client.get("/?lang=en")
    assert '<html lang="en">' in response.content.decode() and "Who lives in your home?" in response.content.decode()
    assert response.cookies["meedoen_lang"].value == "en"


def test_start_errors_are_next_to_the_fields(client, municipalities):
    response = client.post("/", {"municipality": "zoetermeer", "applicant_birth_date": "30-02-1990", "has_partner": "no"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "error-summary" in text and 'href="#applicant_birth_date"' in text
    assert 'id="applicant_birth_date-error"' in text and "dag-maand-jaar" in text


def test_unknown_municipality_is_a_form_error(client, municipalities):
    response = client.post("/", {**START, "municipality": "atlantis"})
    assert response.status_code == 400 and 'id="municipality-error"' in response.content.decode()


def test_questions_come_from_the_engine_most_decisive_first(client, municipalities):
    questions = client.post("/", START)
    asked = hidden(questions, "asked", "/check/").split("|")
    assert asked[0] == "members[0].monthly_net_income_cents"
    assert "Netto inkomen per maand van uzelf" in questions.content.decode()


def test_full_check_gives_the_seed_outcomes(client, municipalities):
    _, data = answer_first_questions(client)
    result = client.post("/check/", data)
    assert result.status_code == 200
    found = statuses(result)
    assert found["zoetermeerpas"] == "eligible"
    assert found["collectieve_zorgverzekering_110_tot_120"] == "eligible"
    assert found["kwijtschelding_gemeentelijke_belastingen"] == "undetermined"  # payment capacity (Invorderingswet 1990 art. 26): rent, premiums and the assessment are not given
    text = result.content.decode()
    assert "€66,58 per maand onder de 120%-grens" in text  # distance to the limit, 2026 norm
    assert "Formulierenbrigade" in text  # who can help
    assert "regelboek 2026.11.0" in text  # receipt


def test_nothing_is_stored(client, municipalities):
    _, data = answer_first_questions(client)
    client.post("/check/", data)
    assert Session.objects.count() == 0


def test_bad_answer_keeps_the_page_and_names_the_field(client, municipalities):
    _, data = answer_first_questions(client)
    data["f:members[0].monthly_net_income_cents:wages"] = "veel"
    response = client.post("/check/", {**data, "action": "next"})
    assert response.status_code == 400
    assert "Vul een bedrag in euro" in response.content.decode()
    assert hidden(response, "asked", "/check/") == data["asked"]


def test_tampered_state_goes_back_to_the_start(client, municipalities):
    response = client.post("/check/", {"household": '{"municipality": 1}', "asked": "", "action": "result"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_english_switch_keeps_the_answers(client, municipalities):
    _, data = answer_first_questions(client)
    result = client.post("/check/", data)
    switched = client.post("/check/", {"household": hidden(result, "household", "/check/"), "skipped": "",
                                       "action": "result", "lang": "en"})
    text = switched.content.decode()
    assert '<html lang="en">' in text and "You can get this" in text
    assert statuses(switched) == statuses(result)


def test_moving_comparison_side_by_side(client, municipalities):
    _, data = answer_first_questions(client)
    result = client.post("/check/", data)
    household = hidden(result, "household", "/check/verhuizen/")
    compare = client.post("/check/verhuizen/", {"household": household, "target": "groningen", "skipped": ""})
    text = compare.content.decode()
    assert compare.status_code == 200
    assert "<th scope=\"col\">Zoetermeer</th>" in text and "<th scope=\"col\">Groningen</th>" in text
    assert "Vensterpas" in text and "ZoetermeerPas" in text
    assert json.loads(household)["municipality"] == "zoetermeer"


def test_print_version(client, municipalities):
    _, data = answer_first_questions(client)
    printed = client.post("/check/", {**data, "action": "print"})
    text = printed.content.decode()
    assert printed.status_code == 200 and 'class="print-page"' in text and "ZoetermeerPas" in text


def test_get_on_check_goes_to_start(client, municipalities):
    assert client.get("/check/").status_code == 405


@pytest.mark.parametrize("crafted", [
    "[" * 1500,                                    # nesting deeper than Python's recursion limit
    '{"municipality": "zoetermeer", "members": [], "x": ' + "9" * 4301 + "}",  # longer than int() reads
    json.dumps({"municipality": "zoetermeer", "members": [{"id": f"m-{i}", "role": "child"} for i in range(35_000)]}),
])
@pytest.mark.parametrize("url", ["/check/", "/check/verhuizen/"])
def test_a_crafted_household_field_sends_the_resident_back_to_the_start(client, municipalities, crafted, url):
    response = client.post(url, {"household": crafted, "target": "groningen", "action": "next"})
    assert response.status_code == 302 and response["Location"] == "/"
