"""Case conferences (family invited by default, decisions become plan actions) and consents recorded by a professional."""

from django.utils import timezone

from meedoen.casework.models import (Action, CaseConference, ConferenceDecision, ConferenceParticipant, Consent, FamilyPlan,
                                     PlanVersion)
from meedoen.municipalities.models import Organisation


def schedule(client, family, **extra):
    data = {"scheduled_at": "2026-03-10", "scheduled_time": "14:30", "location": "Stadhuis Zoetermeer",
            "agenda": "1. Hoe gaat het?\n2. Wie doet wat", "family_invited": "1", **extra}
    return client.post(f"/werkplek/gezinnen/{family.pk}/overleg/", data)


def test_schedule_form_invites_the_parents_by_default(login, fam):
    client = login("professional")
    family = fam["yilmaz"]
    text = client.get(f"/werkplek/gezinnen/{family.pk}/overleg/").content.decode()
    parents = family.memberships.filter(role="parent").values_list("person_id", flat=True)
    child = family.memberships.filter(role="child").values_list("person_id", flat=True)[0]
    assert 'name="family_invited" value="1" checked' in text
    for pk in parents:
        assert f'name="persons" value="{pk}" checked' in text
    assert f'name="persons" value="{child}">' in text


def test_schedule_with_family_and_professionals(login, fam, casework_demo):
    client = login("professional")
    family = fam["yilmaz"]
    jz = casework_demo["staff"]["jeugdzorg"]
    mehmet = family.memberships.get(person__first_name="Mehmet").person
    data = {"professionals": [str(jz.pk)], "persons": [str(mehmet.pk)]}
    response = client.post(f"/werkplek/gezinnen/{family.pk}/overleg/", {
        "scheduled_at": "2026-03-10", "scheduled_time": "14:30", "location": "Stadhuis", "agenda": "Schulden", "family_invited": "1", **data})
    assert response.status_code == 302
    conference = CaseConference.objects.get(family=family, location="Stadhuis")
    assert conference.family_invited and timezone.localtime(conference.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2026-03-10 14:30"
    people = ConferenceParticipant.objects.filter(conference=conference)
    assert {p.professional_id for p in people if p.professional_id} == {jz.pk}
    assert {p.person_id for p in people if p.person_id} == {mehmet.pk}


def test_not_inviting_the_family_needs_a_reason(login, fam):
    client = login("professional")
    family = fam["yilmaz"]
    before = CaseConference.objects.count()
    response = schedule(client, family, family_invited="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Het gezin wordt uitgenodigd, tenzij u vastlegt waarom niet" in text and 'href="#conference_exclusion_reason"' in text
    assert "1. Hoe gaat het?" in text  # what was typed stays
    assert CaseConference.objects.count() == before
    response = schedule(client, family, family_invited="", exclusion_reason="Veiligheid van Deniz: eerst zonder ouders afstemmen.")
    assert response.status_code == 302
    conference = CaseConference.objects.get(family=family, location="Stadhuis Zoetermeer")
    assert not conference.family_invited and conference.exclusion_reason.startswith("Veiligheid")


def test_bad_schedule_input_is_400(login, fam, casework_demo):
    client = login("professional")
    family = fam["yilmaz"]
    before = CaseConference.objects.count()
    response = schedule(client, family, scheduled_at="2026-13-01", scheduled_time="25:00")
    assert response.status_code == 400
    text = response.content.decode()
    assert "geen bestaande datum" in text and "geen geldige tijd" in text
    outsider = casework_demo["staff"]["woning"]
    response = schedule(client, family, professionals=[str(outsider.pk)])
    assert response.status_code == 400 and f"Onbekende medewerker: {outsider.pk}" in response.content.decode()
    other = fam["bakker"].memberships.first().person
    response = schedule(client, family, persons=[str(other.pk)])
    assert response.status_code == 400 and f"Onbekend gezinslid: {other.pk}" in response.content.decode()
    assert CaseConference.objects.count() == before


def outcome(client, family, conference, version, rows):
    data = {"minutes": "Afspraken gemaakt met het gezin.", "version": version}
    for number, (text, org, due) in enumerate(rows, start=1):
        data.update({f"decision{number}_text": text, f"decision{number}_organisation": org, f"decision{number}_due_date": due})
    return client.post(f"/werkplek/gezinnen/{family.pk}/overleg/{conference.pk}/verslag/", data)


def test_decisions_become_plan_actions(login, fam):
    client = login("professional")
    family = fam["yilmaz"]
    conference = CaseConference.objects.get(family=family)
    plan = FamilyPlan.objects.get(family=family)
    shv = Organisation.objects.get(slug="schuldhulp_zoetermeer").pk
    jz = Organisation.objects.get(slug="bureau_jeugdzorg").pk
    response = outcome(client, family, conference, plan.version, [("Aanmelden bij schuldhulp", shv, "2026-03-15"),
                                                                  ("Gesprek met Deniz en school", jz, "2026-03-20")])
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == "held" and conference.minutes == "Afspraken gemaakt met het gezin."
    actions = Action.objects.filter(plan=plan, from_decision__conference=conference).order_by("due_date")
    assert [(a.description, a.organisation_id) for a in actions] == [("Aanmelden bij schuldhulp", shv), ("Gesprek met Deniz en school", jz)]
    assert FamilyPlan.objects.get(family=family).version == plan.version + 2


def test_bad_decision_or_stale_version_saves_nothing(login, fam):
    client = login("professional")
    family = fam["yilmaz"]
    conference = CaseConference.objects.get(family=family)
    plan = FamilyPlan.objects.get(family=family)
    shv = Organisation.objects.get(slug="schuldhulp_zoetermeer").pk
    counts = lambda: (ConferenceDecision.objects.count(), Action.objects.count(), PlanVersion.objects.count())  # noqa: E731
    before = counts()
    response = outcome(client, family, conference, plan.version, [("Goed", shv, "2026-03-15"), ("Te vroeg", shv, "2020-01-01")])
    assert response.status_code == 400
    text = response.content.decode()
    assert "vóór de start van het plan" in text and 'href="#outcome_decision2_due_date">Besluit 2, Klaar op: De datum' in text
    assert 'id="outcome_decision2_due_date"' in text and 'value="Te vroeg"' in text
    response = outcome(client, family, conference, plan.version, [("Zonder organisatie", "", "2026-03-15")])
    assert response.status_code == 400 and 'href="#outcome_decision1_organisation"' in response.content.decode()
    response = outcome(client, family, conference, plan.version - 1, [("Oud", shv, "2026-03-15")])
    assert response.status_code == 409
    assert counts() == before
    conference.refresh_from_db()
    assert conference.status == "planned" and conference.minutes == ""


def test_record_a_consent_on_paper_and_withdraw_it(login, fam):
    client = login("professional")
    family = fam["yilmaz"]
    ayse = family.memberships.get(person__first_name="Ayşe").person
    woning = Organisation.objects.get(slug="woningcorporatie_demo")
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/", {"given_by": ayse.pk, "organisation": woning.pk,
                                                                          "category": "plan", "purpose": "help"})
    assert response.status_code == 302
    consent = Consent.objects.get(family=family, organisation=woning)
    assert consent.given_by == ayse and consent.recorded_by_name == "Fatima el Amrani"
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/{consent.pk}/intrekken/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by_name == "Fatima el Amrani"
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/{consent.pk}/intrekken/")
    assert response.status_code == 400 and "al ingetrokken" in response.content.decode()
    from test_cwplan_sections import render
    _, html = render("professional", family)
    assert "Woningcorporatie Zoetermeer (demo)" in html and "ingetrokken op" in html


def test_bad_consent_input_is_400_and_nothing_saved(login, fam):
    client = login("professional")
    family = fam["yilmaz"]
    ayse = family.memberships.get(person__first_name="Ayşe").person
    deniz = family.memberships.get(person__first_name="Deniz").person
    before = Consent.objects.count()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/", {"given_by": ayse.pk, "organisation": "424242",
                                                                          "category": "plan", "purpose": "help"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Onbekende organisatie" in text and 'href="#consent_organisation"' in text
    groningen = Organisation.objects.get(slug="mjd_groningen").pk
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/", {"given_by": ayse.pk, "organisation": groningen,
                                                                          "category": "plan", "purpose": "help"})
    assert response.status_code == 400 and "Onbekende organisatie" in response.content.decode()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/", {"given_by": deniz.pk, "organisation": groningen,
                                                                          "category": "geheim", "purpose": "help"})
    assert response.status_code == 400
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/?lang=en", {
        "given_by": ayse.pk, "organisation": Organisation.objects.get(slug="kwadraad").pk, "category": "plan", "purpose": "help"})
    assert response.status_code == 400 and "already been given" in response.content.decode()
    assert Consent.objects.count() == before
