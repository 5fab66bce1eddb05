"""Choosing and changing the coordinator, and escalating a stuck plan up the municipality's ladder."""

from meedoen.casework.models import CoordinatorAssignment, Escalation, Involvement


def post(client, family, path, data):
    return client.post(f"/werkplek/gezinnen/{family.pk}/{path}", data)


def test_change_coordinator_needs_the_family_and_a_reason(login, fam, casework_demo):
    client = login("professional")
    family = fam["bakker"]
    school = casework_demo["staff"]["school"]
    data = {"professional": school.pk, "how_chosen": "Sanne wil Ria.", "mandate": "Roept het overleg bijeen.", "start": "2026-03-01",
            "change_reason": "Fatima gaat met verlof."}
    before = CoordinatorAssignment.objects.count()
    response = post(client, family, "coordinator/", data)  # the checkbox "chosen together with the family" left out
    assert response.status_code == 400
    text = response.content.decode()
    assert "samen met het gezin gekozen" in text and 'href="#coordinator_chosen_with_family"' in text
    assert 'id="coordinator_chosen_with_family"' in text and "Sanne wil Ria.</textarea>" in text
    response = post(client, family, "coordinator/", {**data, "chosen_with_family": "1", "change_reason": ""})
    assert response.status_code == 400 and "waarom de coördinator wisselt" in response.content.decode()
    assert CoordinatorAssignment.objects.count() == before
    response = post(client, family, "coordinator/", {**data, "chosen_with_family": "1"})
    assert response.status_code == 302
    current = CoordinatorAssignment.objects.get(family=family, end__isnull=True)
    assert current.professional == school and current.how_chosen == "Sanne wil Ria."
    old = CoordinatorAssignment.objects.get(family=family, end__isnull=False)
    assert old.end_reason == "Fatima gaat met verlof."
    assert Involvement.objects.get(family=family, organisation=school.organisation, until__isnull=True).role == "coordinator"


def test_coordinator_must_be_involved(login, fam, casework_demo):
    client = login("professional")
    outsider = casework_demo["staff"]["woning"]
    response = post(client, fam["bakker"], "coordinator/", {"professional": outsider.pk, "chosen_with_family": "1",
                                                            "how_chosen": "x", "mandate": "y", "start": "2026-03-01", "change_reason": "z"})
    assert response.status_code == 400 and f"Onbekende medewerker: {outsider.pk}" in response.content.decode()


def test_choose_the_first_coordinator_for_de_vries(login, fam, casework_demo):
    client = login("coordinator")
    cjg = casework_demo["staff"]["coordinator"]
    response = post(client, fam["devries"], "coordinator/", {"professional": cjg.pk, "chosen_with_family": "1",
                                                             "how_chosen": "Kees koos bij het keukentafelgesprek.",
                                                             "mandate": "Stemt af met GGZ en JGZ.", "start": "2026-03-01"})
    assert response.status_code == 302
    assert CoordinatorAssignment.objects.get(family=fam["devries"]).professional == cjg
    coordinating = set(Involvement.objects.filter(family=fam["devries"], role="coordinator").values_list("organisation__slug", flat=True))
    assert coordinating == {"cjg_meerpunt"}


def test_escalate_a_stuck_plan_to_the_next_step(login, fam):
    client = login("professional")
    family = fam["bakker"]
    response = post(client, family, "escaleren/", {"reason": "  "})
    assert response.status_code == 400 and "waarom het plan vastloopt" in response.content.decode()
    assert not Escalation.objects.filter(family=family).exists()
    assert post(client, family, "escaleren/", {"reason": "Verhuurder reageert niet."}).status_code == 302
    assert post(client, family, "escaleren/", {"reason": "Nog steeds niets."}).status_code == 302
    assert list(Escalation.objects.filter(family=family).order_by("level").values_list("level", "level_title")) == [
        (1, "Zorgregisseur"), (2, "Jeugdregisseur")]
    response = post(client, family, "escaleren/?lang=en", {"reason": "Again."})
    assert response.status_code == 400 and "already escalated to the highest level" in response.content.decode()


def test_escalating_a_plan_that_moves_is_refused(login, fam):
    client = login("professional")
    response = post(client, fam["yilmaz"], "escaleren/", {"reason": "x"})
    assert response.status_code == 400 and "geen afspraak is over de datum" in response.content.decode()
    assert not Escalation.objects.exists()
