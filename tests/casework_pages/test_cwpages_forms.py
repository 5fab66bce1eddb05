"""The family forms (new family, members, involvement, analysis, schemes) and the GDPR export: saved through the
services, or 400 with the field's message and nothing saved."""

import json
from datetime import date

from django.contrib.auth import get_user_model

from meedoen.casework import vocabulary as v
from meedoen.casework.forms_family import euros_to_cents
from meedoen.casework.models import AccessLog, Analysis, Debt, Family, Involvement, Membership, Notification, Person, SchemeUse

DAY = date(2026, 3, 1)


def url(family, path=""):
    return f"/werkplek/gezinnen/{family.pk}/{path}"


def last_log_id():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- members -----------------------------------------------------------------------------------------------------

def test_add_a_member_and_end_a_membership(login, fam):
    family = fam["bakker"]
    client = login("professional")
    assert client.get(url(family, "leden/")).status_code == 200
    response = client.post(url(family, "leden/"), {"first_name": "Kees", "last_name": "Bakker", "role": v.OTHER,
                                                   "birth_date": "1960-05-01", "start": "2026-02-20"})
    assert response.status_code == 302 and response["Location"] == url(family) + "#members"
    kees = Membership.objects.get(family=family, person__first_name="Kees")
    html = client.get(url(family)).content.decode()
    assert "Kees Bakker" in html and "andere volwassene" in html and "(65 jaar)" in html
    response = client.post(url(family, f"leden/{kees.pk}/einde/"), {"end": "2026-02-28"})
    assert response.status_code == 302
    kees.refresh_from_db()
    assert kees.end == date(2026, 2, 28)
    html = client.get(url(family)).content.decode()
    assert "Eerdere gezinsleden" in html and "20-02-2026 – 28-02-2026" in html


def test_membership_ending_before_it_starts_is_a_400_and_nothing_changes(login, fam):
    family = fam["bakker"]
    sanne = Membership.objects.get(family=family, person__first_name="Sanne")
    before = last_log_id()
    response = login("professional").post(url(family, f"leden/{sanne.pk}/einde/"), {"end": "2020-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "De einddatum (01-01-2020) ligt vóór de begindatum" in html
    assert 'href="#end_end"' in html and 'id="end_end"' in html  # the summary links to the field
    assert "Laatste dag bij het gezin: De einddatum" in html  # the summary names the field
    sanne.refresh_from_db()
    assert sanne.end is None
    assert not AccessLog.objects.filter(pk__gt=before, action="write").exists()
    english = login("professional").post(url(family, f"leden/{sanne.pk}/einde/") + "?lang=en", {"end": "2020-01-01"})
    assert english.status_code == 400 and "The end date (2020-01-01) is before the start date" in english.content.decode()


def test_bad_member_input_names_every_field(login, fam):
    family = fam["bakker"]
    count = Person.objects.count()
    response = login("professional").post(url(family, "leden/"), {"first_name": "", "last_name": "X", "role": "baas",
                                                                  "start": "2026-02-30", "end": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voornaam: Vul dit in." in html and "Rol: Kies een van de mogelijkheden." in html
    assert "&#x27;2026-02-30&#x27; is geen bestaande datum" in html
    assert Person.objects.count() == count
    other = fam["yilmaz"].memberships.first()
    assert login("professional").post(url(family, f"leden/{other.pk}/einde/"), {"end": "2026-02-28"}).status_code == 404


# --- who helps ------------------------------------------------------------------------------------------------------

def test_register_an_involvement_notifies_the_others(login, fam, casework_demo):
    family = fam["yilmaz"]
    coach = casework_demo["staff"]["professional"]
    team = coach.teams.get()
    deniz = family.memberships.get(person__first_name="Deniz").person
    before = Notification.objects.count()
    response = login("professional").post(url(family, "betrokkenheid/"), {
        "team": team.pk, "role": v.COORDINATOR_ROLE, "help_kind": "gezinscoaching", "since": "2026-02-27",
        "person": deniz.pk, "professional": coach.pk})
    assert response.status_code == 302
    inv = Involvement.objects.get(family=family, help_kind="gezinscoaching")
    assert (inv.person, inv.professional, inv.role) == (deniz, coach, v.COORDINATOR_ROLE)
    assert Notification.objects.count() == before + 2  # Bureau Jeugdzorg and Kwadraad are told of each other


def test_involvement_with_an_unknown_person_or_team_is_a_400(login, fam):
    family = fam["yilmaz"]
    count = Involvement.objects.count()
    response = login("professional").post(url(family, "betrokkenheid/"), {
        "team": "999999", "role": "baas", "help_kind": "x", "since": "2026-02-27", "person": "999999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Onbekend gezinslid: 999999." in html and "Kies een van uw teams: 999999." in html
    assert "Kies een van de mogelijkheden." in html
    assert Involvement.objects.count() == count


# --- analysis -----------------------------------------------------------------------------------------------------

def analysis_post(family, **extra):
    sanne = family.memberships.get(person__first_name="Sanne").person_id
    data = {"made_on": "2026-03-01", "summary": "Tweede analyse",
            f"score_{sanne}_income": "2", f"situation_{sanne}_income": "Bijstand aangevraagd.",
            "score_h_housing": "3", "situation_h_housing": "Betalingsregeling met de verhuurder.",
            "problem1_description": "Angst voor post", "problem1_person": str(sanne), "problem1_domain": "mental_health",
            "problem1_kind": v.SYMPTOM,
            "debt1_creditor": "Energieleverancier", "debt1_kind": "energy", "debt1_amount": "1.234,56",
            "debt2_creditor": "Woningcorporatie (huur)", "debt2_kind": "rent", "debt2_amount": ""}
    data.update(extra)
    return data


def test_record_a_new_analysis_with_amounts_in_euros(login, fam):
    family = fam["bakker"]
    client = login("professional")
    form = client.get(url(family, "analyse/")).content.decode()
    assert "Nieuwe gezinsanalyse" in form and "Het hele huishouden" in form and "Sanne Bakker (ouder/verzorger)" in form
    assert "Geen inkomen, of geen geld voor eten en huur." in form  # a level hint (the project's own words)
    response = client.post(url(family, "analyse/"), analysis_post(family))
    assert response.status_code == 302
    made = Analysis.objects.filter(family=family).first()
    assert made.summary == "Tweede analyse" and made.made_on == DAY
    assert sorted(Debt.objects.filter(analysis=made).values_list("creditor", "amount_cents")) == [
        ("Energieleverancier", 123456), ("Woningcorporatie (huur)", None)]
    assert made.assessments.get(domain="housing").person is None
    html = client.get(url(family)).content.decode()
    assert "Angst voor post" in html and "€1.234,56" in html and "Schuld bij Woningcorporatie (huur): bedrag onbekend." in html


def test_a_non_numeric_debt_amount_is_a_400_and_nothing_is_saved(login, fam):
    family = fam["bakker"]
    count, logs = Analysis.objects.count(), last_log_id()
    response = login("professional").post(url(family, "analyse/"), analysis_post(family, debt1_amount="veel"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schuld 1, Bedrag in euro&#x27;s: &#x27;veel&#x27; is geen bedrag in euro&#x27;s." in html
    assert 'href="#analysis_debt1_amount"' in html and 'id="analysis_debt1_amount"' in html
    assert 'value="Energieleverancier"' in html  # what was typed comes back
    assert Analysis.objects.count() == count
    assert not AccessLog.objects.filter(pk__gt=logs, action="write").exists()


def test_an_unknown_person_id_is_a_400_and_nothing_is_saved(login, fam):
    family = fam["bakker"]
    stranger = fam["yilmaz"].memberships.first().person_id
    count = Analysis.objects.count()
    for extra in ({"problem1_person": "999999"}, {"problem1_person": str(stranger)}, {"score_999999_income": "3"}):
        response = login("professional").post(url(family, "analyse/"), analysis_post(family, **extra))
        assert response.status_code == 400, extra
        text = response.content.decode()
        assert "Onbekend gezinslid" in text, extra
    assert Analysis.objects.count() == count


def test_a_person_who_was_not_a_member_on_the_analysis_date_is_named(login, fam):
    family = fam["bakker"]
    count = Analysis.objects.count()
    response = login("professional").post(url(family, "analyse/"), analysis_post(family, made_on="2020-01-01"))
    assert response.status_code == 400
    assert "Deze persoon hoort (op deze datum) niet bij het gezin." in response.content.decode()
    assert Analysis.objects.count() == count


def test_debts_need_the_money_consent(login, fam):
    # Bureau Jeugdzorg may see Yilmaz's analysis but not its money.
    family = fam["yilmaz"]
    client = login("jeugdzorg")
    form = client.get(url(family, "analyse/")).content.decode()
    assert "debt1_amount" not in form and "daarom kunt u geen schulden invullen" in form
    html = client.get(url(family)).content.decode()
    assert "Spijbelen en weglopen" in html  # the analysis is shown…
    assert "Diverse schuldeisers" not in html and "€20.500,00" not in html  # …its debts are not
    count = Analysis.objects.count()
    response = client.post(url(family, "analyse/"), {"made_on": "2026-03-01", "score_h_school": "3", "debt1_creditor": "X",
                                                     "debt1_amount": "10"})
    assert response.status_code == 400 and Analysis.objects.count() == count


def test_euros_to_cents():
    assert euros_to_cents("1.234,56") == 123456 and euros_to_cents("1234.56") == 123456 and euros_to_cents("1,234.5") == 123450
    assert euros_to_cents("€ 450") == 45000 and euros_to_cents("450,5") == 45050 and euros_to_cents("1.234") == 123400
    assert euros_to_cents("") is None
    for bad in ("veel", "-5", "1,2,3", "12.345,678", "1e5"):
        try:
            euros_to_cents(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


# --- schemes ------------------------------------------------------------------------------------------------------

def test_mark_a_scheme_as_used(login, fam):
    family = fam["bakker"]
    client = login("professional")
    context = client.get(url(family)).context
    unused = [s["id"] for s in context["schemes"]["unused"]]
    assert unused
    response = client.post(url(family, "regelingen/"), {"scheme": unused[0], "since": "2026-02-01"})
    assert response.status_code == 302
    assert SchemeUse.objects.filter(family=family, scheme_id=unused[0], since=date(2026, 2, 1)).exists()
    context = client.get(url(family)).context
    assert unused[0] not in [s["id"] for s in context["schemes"]["unused"]]
    assert [u["id"] for u in context["schemes"]["used"]] == [unused[0]]
    again = client.post(url(family, "regelingen/"), {"scheme": unused[0], "since": "2026-02-01"})
    assert again.status_code == 400 and "Het gezin gebruikt" in again.content.decode()
    bad = client.post(url(family, "regelingen/"), {"scheme": "bestaat-niet", "since": "2026-02-01"})
    assert bad.status_code == 400 and "Kies een regeling van de gemeente van het gezin." in bad.content.decode()
    assert SchemeUse.objects.filter(family=family).count() == 1
    assert login("school").post(url(family, "regelingen/"), {"scheme": unused[1], "since": "2026-02-01"}).status_code == 403


# --- new family ---------------------------------------------------------------------------------------------------

def test_create_a_family_with_its_first_members(login, casework_demo):
    client = login("woning")
    form = client.get("/werkplek/gezinnen/nieuw/")
    assert form.status_code == 200 and "Woningcorporatie Zoetermeer (demo): Huurincasso" in form.content.decode()
    team = casework_demo["staff"]["woning"].teams.get()
    response = client.post("/werkplek/gezinnen/nieuw/", {
        "team": team.pk, "reference": "Z-W-0001", "name": "Gezin Smit", "district": "Meerzicht", "help_kind": "huurachterstand",
        "since": "2026-02-15", "m1_first_name": "Anna", "m1_last_name": "Smit", "m1_role": v.PARENT, "m1_birth_date": "1988-04-02",
        "m1_start": "2026-02-15", "m2_first_name": "Bo", "m2_last_name": "Smit", "m2_role": v.CHILD, "m2_birth_date": "2019-06-01",
        "m2_start": "2026-02-15", "m3_role": v.CHILD})
    family = Family.objects.get(reference="Z-W-0001")
    assert response.status_code == 302 and response["Location"] == url(family)
    assert sorted(family.memberships.values_list("person__first_name", "role")) == [("Anna", "parent"), ("Bo", "child")]
    html = client.get(url(family)).content.decode()
    assert "Gezin Smit" in html and "Bo Smit" in html and "Huurincasso" in html
    assert "Gezin Smit" in client.get("/werkplek/gezinnen/").content.decode()


def test_a_new_family_with_bad_rows_is_a_400_and_nothing_is_created(login, casework_demo):
    client = login("woning")
    team = casework_demo["staff"]["woning"].teams.get()
    families, people = Family.objects.count(), Person.objects.count()
    response = client.post("/werkplek/gezinnen/nieuw/", {
        "team": team.pk, "reference": "Z-CW-0001", "name": "Gezin Dubbel", "help_kind": "x", "since": "2026-02-15",
        "m1_first_name": "Anna", "m1_last_name": "", "m1_role": v.PARENT, "m1_start": "2026-02-15",
        "m2_first_name": "Opa", "m2_last_name": "Dubbel", "m2_role": v.OTHER, "m2_birth_date": "2026-02-20", "m2_start": "2026-02-15"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Gezinslid 1, Achternaam: Vul dit in." in html
    assert "Gezinslid 2, Geboortedatum: De geboortedatum ligt na de begindatum." in html
    assert (Family.objects.count(), Person.objects.count()) == (families, people)
    # the rows are fine now, but the case number exists: the service says so, still nothing half-written
    response = client.post("/werkplek/gezinnen/nieuw/", {
        "team": team.pk, "reference": "Z-CW-0001", "name": "Gezin Dubbel", "help_kind": "x", "since": "2026-02-15",
        "m1_first_name": "Anna", "m1_last_name": "Dubbel", "m1_role": v.PARENT, "m1_start": "2026-02-15"})
    assert response.status_code == 400 and "Er is al een gezin met zaaknummer Z-CW-0001" in response.content.decode()
    assert (Family.objects.count(), Person.objects.count()) == (families, people)
    someone_elses = casework_demo["staff"]["school"].teams.get()
    response = client.post("/werkplek/gezinnen/nieuw/", {"team": someone_elses.pk, "reference": "Z-W-9", "name": "X", "help_kind": "x",
                                                        "since": "2026-02-15"})
    assert response.status_code == 400 and "Kies een van uw teams" in response.content.decode()
    response = client.post("/werkplek/gezinnen/nieuw/", {"team": team.pk, "reference": "Z-W-9", "name": "X", "help_kind": "x",
                                                        "since": "2026-03-02", "m1_first_name": "A", "m1_last_name": "B",
                                                        "m1_role": v.PARENT, "m1_start": "2026-03-02"})
    assert response.status_code == 400 and "Deze datum ligt in de toekomst." in response.content.decode()
    assert (Family.objects.count(), Person.objects.count()) == (families, people)


# --- export -------------------------------------------------------------------------------------------------------

def test_the_coordinator_exports_a_persons_data_and_it_is_logged(login, fam):
    family = fam["bakker"]
    sanne = family.memberships.get(person__first_name="Sanne").person
    user = get_user_model().objects.get(username="professional")  # Fatima, Bakker's coordinator
    before = last_log_id()
    response = login("professional").get(url(family, f"personen/{sanne.pk}/export/"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["first_name"] == "Sanne" and data["person"]["last_name"] == "Bakker"
    assert any(p["description"] == "Depressie van moeder" for p in data["problems"])
    rows = AccessLog.objects.filter(pk__gt=before, action="export")
    assert [(r.family_id, r.person_id, r.user_id, r.purpose) for r in rows] == [(family.pk, sanne.pk, user.pk, "access_request")]


def test_the_export_is_refused_for_anyone_but_the_coordinator(login, fam):
    family = fam["bakker"]
    sanne = family.memberships.get(person__first_name="Sanne").person
    before = last_log_id()
    refused = login("school").get(url(family, f"personen/{sanne.pk}/export/"))  # involved, not the coordinator
    assert refused.status_code == 403 and "Alleen de coördinator" in refused.content.decode()
    assert login("woning").get(url(family, f"personen/{sanne.pk}/export/")).status_code == 404  # not involved
    stranger = fam["yilmaz"].memberships.first().person_id
    assert login("professional").get(url(family, f"personen/{stranger}/export/")).status_code == 404  # not a member
    assert not AccessLog.objects.filter(pk__gt=before, action="export").exists()
    assert "Alle gegevens (inzage)" not in login("school").get(url(family)).content.decode()
