"""Consent in the portal: give and withdraw with one button, at once in force; only a parent or carer; the history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from meedoen.casework.access import family_access
from meedoen.casework.models import AccessLog, Consent, FamilyAccount
from meedoen.municipalities.models import Organisation

pytestmark = pytest.mark.django_db


def open_consent(family, org, category, purpose="help"):
    return Consent.objects.get(family=family, organisation=org, category=category, purpose=purpose, withdrawn_at__isnull=True)


def test_the_page_shows_the_state_per_organisation_category_and_purpose(family_client, bakker):
    html = family_client.get(reverse("familyportal:consent")).content.decode()
    kwadraad = Organisation.objects.get(slug="kwadraad")
    section = html.split(f'id="organisation-{kwadraad.pk}"')[1].split("</section>")[0]
    assert section.count("✓ Toestemming gegeven") == 7  # all six categories for help, handover summary
    school = Organisation.objects.get(slug="basisschool_regenboog")
    section = html.split(f'id="organisation-{school.pk}"')[1].split("</section>")[0]
    assert section.count("✓ Toestemming gegeven") == 2 and section.count("Geen toestemming") == 10
    assert "Helpt uw gezin nu." in section
    assert "Uw inkomen en uw schulden." in html  # what a category means, in plain words
    assert 'id="other-organisation"' in html and "Woningcorporatie Zoetermeer (demo)" in html  # any organisation
    assert "Alle toestemmingen, ook eerdere" in html


def test_withdrawing_takes_effect_at_once_and_giving_again_too(family_client, bakker, casework_demo):
    school_user = casework_demo["staff"]["school"].user  # the school's team is involved and may read plan and meetings
    school = school_user.professional.organisation
    assert family_access(school_user, bakker.pk).may_plan
    consent = open_consent(bakker, school, "plan")
    response = family_client.post(reverse("familyportal:consent_withdraw"), {"consent": consent.pk})
    assert response.status_code == 302 and response["Location"] == f"/mijn-gezin/toestemming/#organisation-{school.pk}"
    flags = family_access(school_user, bakker.pk)
    assert not flags.may_plan and flags.may_meetings  # only that one consent
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by_name == "Sanne Bakker"
    assert AccessLog.objects.filter(family_id=bakker.pk, action="write", category="consent", purpose="family").exists()

    response = family_client.post(reverse("familyportal:consent_give"),
                                  {"organisation": school.pk, "category": "plan", "purpose": "help"})
    assert response.status_code == 302
    assert family_access(school_user, bakker.pk).may_plan
    given = open_consent(bakker, school, "plan")
    assert (given.given_by.full_name, given.recorded_by_name) == ("Sanne Bakker", "Sanne Bakker")

    html = family_client.get(reverse("familyportal:consent")).content.decode()
    assert "De toestemming is gegeven." in html
    history = html.split('id="history"')[1].split("</tbody>")[0]
    rows = [row for row in history.split("<tr>")[2:] if "Regenboog" in row and "gezinsplan: doelen" in row]
    assert len(rows) == 2  # withdrawn and given again: both in the history
    assert any("door Sanne Bakker" in row for row in rows) and any("Geldt nog" in row for row in rows)


def test_give_to_another_organisation_of_the_municipality(family_client, bakker):
    woning = Organisation.objects.get(slug="woningcorporatie_demo")
    response = family_client.post(reverse("familyportal:consent_give"),
                                  {"organisation": woning.pk, "category": "finances", "purpose": "handover", "lang": "en"})
    assert response.status_code == 302
    assert open_consent(bakker, woning, "finances", "handover")
    html = family_client.get(reverse("familyportal:consent"), {"lang": "en"}).content.decode()
    assert f'id="organisation-{woning.pk}"' in html and "The consent is given." in html


@pytest.mark.parametrize("data,message", [
    ({"organisation": "999999", "category": "plan", "purpose": "help"}, "Onbekende organisatie"),
    ({"organisation": "abc", "category": "plan", "purpose": "help"}, "Onbekende organisatie"),
    ({"organisation": "GRONINGEN", "category": "plan", "purpose": "help"}, "Onbekende organisatie"),
    ({"organisation": "WONING", "category": "secrets", "purpose": "help"}, "Onbekend soort gegevens"),
    ({"organisation": "WONING", "category": "plan", "purpose": "marketing"}, "Onbekend doel"),
    ({"organisation": "KWADRAAD", "category": "plan", "purpose": "help"}, "Deze toestemming is al gegeven."),
])
def test_bad_consent_input_is_a_400_message(family_client, bakker, data, message):
    slugs = {"GRONINGEN": "mjd_groningen", "WONING": "woningcorporatie_demo", "KWADRAAD": "kwadraad"}
    if data["organisation"] in slugs:
        data = {**data, "organisation": Organisation.objects.get(slug=slugs[data["organisation"]]).pk}
    count = Consent.objects.count()
    response = family_client.post(reverse("familyportal:consent_give"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'class="error-summary"' in html
    assert Consent.objects.count() == count


@pytest.fixture
def child_client(client, bakker):
    """A login for Noah (8), a child of the Bakker family."""
    noah = bakker.memberships.get(person__first_name="Noah").person
    user = get_user_model().objects.create_user("noah-bakker", password="x")
    FamilyAccount.objects.create(user=user, family=bakker, person=noah)
    client.force_login(user)
    return client


def test_a_child_sees_consent_but_cannot_change_it(child_client, bakker):
    html = child_client.get(reverse("familyportal:consent")).content.decode()
    assert "Alleen een ouder of verzorger kan toestemming geven of intrekken." in html
    assert "consent_give" not in html and "/toestemming/geven/" not in html
    woning = Organisation.objects.get(slug="woningcorporatie_demo")
    count = Consent.objects.count()
    response = child_client.post(reverse("familyportal:consent_give"), {"organisation": woning.pk, "category": "plan", "purpose": "help"})
    assert response.status_code == 400
    assert "Toestemming wordt gegeven door een ouder of verzorger van het gezin." in response.content.decode()
    consent = Consent.objects.filter(family=bakker, withdrawn_at__isnull=True).first()
    response = child_client.post(reverse("familyportal:consent_withdraw"), {"consent": consent.pk})
    assert response.status_code == 400
    consent.refresh_from_db()
    assert consent.withdrawn_at is None and Consent.objects.count() == count


def test_withdrawing_twice_is_a_message(family_client, bakker):
    consent = Consent.objects.filter(family=bakker, withdrawn_at__isnull=True).first()
    assert family_client.post(reverse("familyportal:consent_withdraw"), {"consent": consent.pk}).status_code == 302
    response = family_client.post(reverse("familyportal:consent_withdraw"), {"consent": consent.pk})
    assert response.status_code == 400
    assert "Deze toestemming is al ingetrokken." in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "1; DROP TABLE"])
def test_a_broken_consent_id_is_a_400_message(family_client, value):
    response = family_client.post(reverse("familyportal:consent_withdraw"), {"consent": value})
    assert response.status_code == 400
    assert "Deze toestemming bestaat niet." in response.content.decode()
