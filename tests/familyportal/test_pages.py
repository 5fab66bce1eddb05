"""Every page of the family portal: who gets in, both languages, what it shows, what it logs, how many queries."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from meedoen.casework.models import AccessLog

pytestmark = pytest.mark.django_db

PAGES = ["home", "helpers", "meetings", "log", "consent", "my_data"]
LOGIN = "/mijn-gezin/inloggen/"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_in_both_languages(family_client, name, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = family_client.get(reverse(f"familyportal:{name}"), {"lang": lang})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert "Sanne Bakker" in html  # who is logged in, in the menu
    assert ("Uitloggen" if lang == "nl" else "Log out") in html
    for other in PAGES:  # the menu links every page
        assert reverse(f"familyportal:{other}") in html


@pytest.mark.parametrize("name", PAGES + ["export"])
def test_anonymous_goes_to_the_portal_login(client, casework_demo, name):
    url = reverse(f"familyportal:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize("name", PAGES + ["export"])
@pytest.mark.parametrize("username", ["professional", "coordinator"])
def test_a_professional_gets_a_plain_403(login, name, username):
    response = login(username).get(reverse(f"familyportal:{name}"))
    assert response.status_code == 403
    assert "Dit is alleen voor gezinnen" in response.content.decode()
    assert not AccessLog.objects.filter(purpose="family").exists()


def test_a_user_without_any_role_gets_403_in_english(client, casework_demo):
    user = get_user_model().objects.create_user("somebody", password="x")
    client.force_login(user)
    response = client.get(reverse("familyportal:home"), {"lang": "en"})
    assert response.status_code == 403
    assert "This is for families only" in response.content.decode()


@pytest.mark.parametrize("name", ["add_goal", "add_comment", "consent_give", "consent_withdraw"])
def test_forms_refuse_professionals_and_anonymous(client, login, name):
    url = reverse(f"familyportal:{name}")
    assert client.post(url, {"text": "x", "version": "1"}).status_code == 302
    assert login("professional").post(url, {"text": "x", "version": "1"}).status_code == 403


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_login_page_and_logging_in(client, casework_demo, lang):
    response = client.get(LOGIN, {"lang": lang})
    assert response.status_code == 200
    assert ("Inloggen bij Mijn gezin" if lang == "nl" else "Log in to My family") in response.content.decode()
    response = client.post(LOGIN, {"username": "gezin-bakker", "password": "gezin-bakker"})
    assert response.status_code == 302
    assert response["Location"] == "/mijn-gezin/"
    assert client.get("/mijn-gezin/").status_code == 200


def test_login_keeps_next(client, casework_demo):
    response = client.post(f"{LOGIN}?next=/mijn-gezin/toestemming/",
                           {"username": "gezin-bakker", "password": "gezin-bakker", "next": "/mijn-gezin/toestemming/"})
    assert response["Location"] == "/mijn-gezin/toestemming/"


def test_a_professional_cannot_log_in_to_the_portal(client, casework_demo):
    response = client.post(LOGIN, {"username": "professional", "password": "professional"})
    assert response.status_code == 400
    assert "alleen voor gezinnen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_a_clear_message(client, casework_demo):
    response = client.post(LOGIN, {"username": "gezin-bakker", "password": "wrong", "lang": "en"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The username or password is not right" in html
    assert 'href="#id_username"' in html


def test_logout(family_client):
    response = family_client.post(reverse("familyportal:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert family_client.get(reverse("familyportal:home")).status_code == 302


def test_home_shows_the_plan(family_client, bakker, django_assert_max_num_queries):
    html = family_client.get(reverse("familyportal:home")).content.decode()
    assert "een dak boven ons hoofd" in html  # the family's own words
    assert "We blijven in ons huis wonen." in html and "Geschreven door uw gezin" in html
    assert "Nog niet bereikt" in html
    assert "Bijstandsaanvraag samen afmaken" in html and "Kwadraad maatschappelijk werk" in html
    assert "Te laat: dit had klaar moeten zijn op 26 februari 2026." in html  # due 3 days before 1 March, still open
    assert "nog te doen" in html
    # the coordinator: name, organisation, phone, email, mandate, since, how chosen
    for text in ("Fatima el Amrani", "079 000 00 00", "professional@example.org", "Mag afspraken maken met verhuurder",
                 "Sanne koos Fatima", "14 januari 2026"):
        assert text in html, text


def test_home_in_english(family_client):
    html = family_client.get(reverse("familyportal:home"), {"lang": "en"}).content.decode()
    assert "Late: this should have been done by 26 February 2026." in html
    assert "Written by your family" in html and "to do" in html


def test_family_without_a_plan(login, casework_demo):
    html = login("gezin-devries").get(reverse("familyportal:home")).content.decode()
    assert "Er is nog geen plan" in html
    assert 'name="version"' not in html


def test_helpers_page(family_client, bakker):
    html = family_client.get(reverse("familyportal:helpers")).content.decode()
    assert "Basisschool De Regenboog (demo)" in html and "zorg op school" in html
    assert "Kwadraad maatschappelijk werk" in html and "het hele gezin" in html
    assert "Zorgen op school over de kinderen en over moeder; zij wil hulp." in html  # referral reason
    assert "Hulp gestart" in html or "hulp gestart" in html
    assert "aangevraagd" in html  # the debt help referral still waits
    assert "Schuldhulpverlening gemeente Zoetermeer" in html


def test_helpers_shows_earlier_help_with_its_end(family_client, bakker):
    from datetime import date

    from meedoen.casework.services import families

    school = bakker.involvements.get(organisation__slug="basisschool_regenboog")
    families.end_involvement(school.team.members.first().user, school, date(2026, 2, 20))
    html = family_client.get(reverse("familyportal:helpers")).content.decode()
    earlier = html.split('id="before"')[1].split('id="referrals"')[0]
    assert "Basisschool De Regenboog (demo)" in earlier and "20 februari 2026" in earlier


def test_meetings_page(login, yilmaz):
    from meedoen.casework.models import CaseConference

    conf = yilmaz.conferences.get()
    CaseConference.objects.create(family=yilmaz, scheduled_at=conf.scheduled_at, location="Stadhuis", convened_by=conf.convened_by,
                                  family_invited=False, exclusion_reason="Eerst apart overleg over de veiligheid van Deniz.",
                                  agenda="Veiligheid", minutes="Besproken: wie belt de school.")
    html = login("gezin-yilmaz").get(reverse("familyportal:meetings")).content.decode()
    assert "CJG Meerpunt, Zoetermeer" in html and "Hoe gaat het met Deniz?" in html
    assert "U bent uitgenodigd." in html
    assert "U bent niet uitgenodigd." in html and "Eerst apart overleg over de veiligheid van Deniz." in html
    assert "Besproken: wie belt de school." in html
    assert "Ayşe Yilmaz" in html and "Sander Mulder" in html


@pytest.mark.parametrize("name,categories", [
    ("home", {"basic", "plan"}), ("helpers", {"basic", "referrals"}), ("meetings", {"meetings"}),
    ("log", {"access_log"}), ("consent", {"basic", "consent"}), ("my_data", {"basic"}),  # my_data shows the name
])
def test_each_page_logs_one_read_per_category(family_client, bakker, name, categories):
    before = AccessLog.objects.count()
    family_client.get(reverse(f"familyportal:{name}"))
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert {row.category for row in rows} == categories and len(rows) == len(categories)
    assert {(row.action, row.purpose, row.family_id, row.actor_name) for row in rows} == {("read", "family", bakker.pk, "Sanne Bakker")}
