"""Who looked at our file (newest first, 50 a page, own views marked) and all my data as JSON."""

import json

import pytest
from django.urls import reverse

from meedoen.casework import audit
from meedoen.casework.models import AccessLog

pytestmark = pytest.mark.django_db


def rows_of(html):
    return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]


def test_a_professional_view_shows_with_name_and_organisation(family_client, bakker, casework_demo):
    coach = casework_demo["staff"]["professional"]
    audit.log_reads(coach.user, [bakker.pk], ["plan"], "help", path="/werkplek/gezinnen/")
    family_client.get(reverse("familyportal:home"))  # the family's own view comes after it
    html = family_client.get(reverse("familyportal:log")).content.decode()
    rows = rows_of(html)
    coach_rows = [row for row in rows if "Fatima el Amrani" in row and "bekeken" in row]  # the demo also has her writes
    assert len(coach_rows) == 1
    row = coach_rows[0]
    for text in ("Kwadraad maatschappelijk werk", "gezinsplan: doelen en afspraken", "bekeken",
                 "hulp aan het gezin en afstemming van het gezinsplan"):
        assert text in row, text
    assert "U zelf" in rows[0] and 'class="mine"' in rows[0]  # newest first: the family's own view of the plan
    assert rows.index(row) > 0


def test_the_log_in_english(family_client, bakker, casework_demo):
    audit.log_reads(casework_demo["staff"]["school"].user, [bakker.pk], ["meetings"], "help")
    html = family_client.get(reverse("familyportal:log"), {"lang": "en"}).content.decode()
    row = next(row for row in rows_of(html) if "Ria Smit" in row)
    assert "case conferences: agenda and decisions" in row and "viewed" in row and "Basisschool De Regenboog (demo)" in row


def test_other_families_rows_are_not_shown(family_client, yilmaz, casework_demo):
    audit.log_reads(casework_demo["staff"]["jeugdzorg"].user, [yilmaz.pk], ["plan"], "help")
    html = family_client.get(reverse("familyportal:log")).content.decode()
    assert "Sander Mulder" not in html


def test_pages_of_fifty(family_client, bakker, casework_demo, django_assert_max_num_queries):
    coach = casework_demo["staff"]["professional"]
    audit.log_reads(coach.user, [bakker.pk] * 130, ["plan"], "help")
    with django_assert_max_num_queries(10):
        html = family_client.get(reverse("familyportal:log")).content.decode()
    total = AccessLog.objects.filter(family_id=bakker.pk).count()  # with the row of that view
    assert len(rows_of(html)) == 50
    pages = -(-total // 50)
    assert f"Pagina 1 van {pages}" in html and "?page=2" in html
    last = family_client.get(reverse("familyportal:log"), {"page": pages}).content.decode()
    assert len(rows_of(last)) == total - 50 * (pages - 1)
    assert f"?page={pages - 1}" in last
    # a page number that is not a number or too high shows a page, not an error
    assert family_client.get(reverse("familyportal:log"), {"page": "abc"}).status_code == 200
    assert family_client.get(reverse("familyportal:log"), {"page": "9999"}).status_code == 200


def test_export_json_with_the_persons_data_and_an_export_row(family_client, bakker):
    response = family_client.get(reverse("familyportal:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-2026-03-01')
    data = json.loads(response.content)
    assert (data["person"]["first_name"], data["person"]["last_name"]) == ("Sanne", "Bakker")
    assert data["memberships"][0]["family"] == "Z-CW-0001"
    assert "gezin-bakker" in data["accounts"]
    row = AccessLog.objects.get(action="export")
    assert (row.family_id, row.person_id, row.actor_name, row.category, row.purpose) == (
        bakker.pk, data["person"]["id"], "Sanne Bakker", "export", "access_request")
    html = family_client.get(reverse("familyportal:log")).content.decode()
    assert "alle gegevens opgevraagd" in html and "inzageverzoek (AVG)" in html


def test_my_data_page_explains_and_links_the_download(family_client):
    html = family_client.get(reverse("familyportal:my_data"), {"lang": "en"}).content.decode()
    assert "Data about Sanne Bakker" in html and reverse("familyportal:export") in html and "GDPR" in html
