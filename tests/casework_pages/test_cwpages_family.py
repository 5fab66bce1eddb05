"""The family page: sections per consent, 404 for the uninvolved, access log rows, confidential notes, query bound."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, Consent, ConfidentialNote, Team
from meedoen.casework.services import analysis, families

DAY = date(2026, 3, 1)
ANALYSIS_TEXT = "Depressie van moeder"  # a problem in Bakker's analysis, in no other part of the demo


def url(family):
    return f"/werkplek/gezinnen/{family.pk}/"


def last_log_id():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def categories_logged(before, family):
    return sorted(AccessLog.objects.filter(pk__gt=before, family_id=family.pk, action="read").values_list("category", flat=True))


def test_family_page_for_an_involved_professional_in_dutch_and_english(login, fam):
    client = login("professional")  # Kwadraad: involved with Bakker, every consent
    response = client.get(url(fam["bakker"]))
    assert response.status_code == 200
    html = response.content.decode()
    # members with age on the pinned day, who helps, the part-B sections
    assert "Sanne Bakker" in html and "(33 jaar)" in html and "(3 jaar)" in html
    assert "Wie helpt dit gezin" in html and "Basisschool De Regenboog (demo)" in html and "gezinscoaching" in html
    assert 'id="coordinator"' in html and 'id="plan"' in html and 'id="referrals"' in html and 'id="consents"' in html
    assert "Ik wil rust" in html  # the plan section of part B
    # the analysis: score with the project's level words, problems split, debts in euros, completeness
    assert ANALYSIS_TEXT in html and "2 - Grote zorgen" in html and "Oorzaken" in html and "Gevolgen" in html
    assert "€450,00" in html and "€139,00" in html and "Totaal van de bekende bedragen" in html and "€589,00" in html
    assert "Schuld bij Woningcorporatie (huur): bedrag onbekend." in html
    assert "Van Daan (kind) is geen situatie vastgelegd." in html
    # money and schemes from the engine
    assert "Woonkosten per maand" in html and "€720,00" in html
    assert "Regelingen: waarschijnlijk recht op" in html and 'class="scheme scheme--eligible"' in html
    assert "Regelingen: nog niet te bepalen" in html and "Om dit zeker te weten, hebben we nog nodig:" in html  # facts still needed
    # export link for the coordinator
    assert "Alle gegevens (inzage)" in html
    english = client.get(url(fam["bakker"]) + "?lang=en").content.decode()
    assert "Who helps this family" in english and "Family analysis" in english and ANALYSIS_TEXT in english
    assert "2 - Serious worries" in english and "€450.00" in english and "(33 years)" in english


def test_every_demo_family_renders_for_its_helpers(login, fam):
    for username, family in (("professional", "yilmaz"), ("jeugdzorg", "yilmaz"), ("coordinator", "devries"), ("ggz", "devries"),
                             ("school", "bakker")):
        for lang in ("nl", "en"):
            response = login(username).get(url(fam[family]) + f"?lang={lang}")
            assert response.status_code == 200, (username, family, lang)
            assert fam[family].name in response.content.decode()


def test_an_uninvolved_professional_gets_404_and_no_log(login, fam):
    client = login("woning")
    before = last_log_id()
    for path in ("", "analyse/", "leden/", "betrokkenheid/", "aantekeningen/", "regelingen/"):
        response = client.get(url(fam["bakker"]) + path)
        assert response.status_code == 404, path
        assert "Gezin Bakker" not in response.content.decode()
    assert client.get("/werkplek/gezinnen/999999/").status_code == 404  # the same answer as for a family that does not exist
    assert not AccessLog.objects.filter(pk__gt=before).exists()


def test_without_analysis_consent_the_analysis_is_not_in_the_page(login, fam):
    html = login("school").get(url(fam["bakker"])).content.decode()  # the school has plan and meetings consent only
    assert ANALYSIS_TEXT not in html and "Somber, depressief" not in html
    assert "Het gezin heeft uw organisatie geen toestemming gegeven om de gezinsanalyse te zien." in html
    assert "Het gezin heeft uw organisatie geen toestemming gegeven om geldzaken (inkomen en schulden) te zien." in html
    assert "€450,00" not in html and "Zorgverzekeraar" not in html and "€720,00" not in html
    assert 'class="scheme ' not in html
    assert "Sanne Bakker" in html  # who the family is: the ground is the involvement
    assert login("school").get(url(fam["bakker"]) + "analyse/").status_code == 403


def test_withdrawing_consent_hides_the_analysis_at_once(login, fam):
    client = login("professional")
    assert ANALYSIS_TEXT in client.get(url(fam["bakker"])).content.decode()
    given = Consent.objects.get(family=fam["bakker"], organisation__name="Kwadraad maatschappelijk werk", category=v.ANALYSIS,
                                purpose=v.HELP, withdrawn_at__isnull=True)
    from meedoen.casework.services import consent

    consent.withdraw(get_user_model().objects.get(username="gezin-bakker"), given)
    before = last_log_id()
    html = client.get(url(fam["bakker"])).content.decode()
    assert ANALYSIS_TEXT not in html
    assert "geen toestemming gegeven om de gezinsanalyse te zien" in html
    assert "analysis" not in categories_logged(before, fam["bakker"])


def test_the_page_logs_one_read_per_category_shown(login, fam):
    user = get_user_model().objects.get(username="professional")
    before = last_log_id()
    login("professional").get(url(fam["bakker"]))
    assert categories_logged(before, fam["bakker"]) == sorted(
        ["basic", "analysis", "finances", "schemes", "plan", "referrals", "meetings", "consent"])
    rows = AccessLog.objects.filter(pk__gt=before)
    assert all(r.user_id == user.pk and r.purpose == "help" and r.actor_name == "Fatima el Amrani"
               and r.organisation_name == "Kwadraad maatschappelijk werk" and r.path == url(fam["bakker"]) for r in rows)
    before = last_log_id()
    login("school").get(url(fam["bakker"]))
    assert categories_logged(before, fam["bakker"]) == ["basic", "consent", "meetings", "plan"]
    before = last_log_id()
    login("ggz").get(url(fam["devries"]))  # involved, no consent at all
    assert categories_logged(before, fam["devries"]) == ["basic", "consent"]


def test_confidential_note_for_the_author_and_the_named_colleague_only(login, fam, casework_demo):
    family = fam["yilmaz"]
    staff = casework_demo["staff"]
    # A third organisation helps Yilmaz, so there is an involved colleague who is not named.
    shv = staff["schuldhulp"]
    families.register_involvement(shv.user, family, Team.objects.get(organisation=shv.organisation), since=DAY - timedelta(days=1),
                                  help_kind="schuldhulp")
    secret = "Moeder vertelde in vertrouwen over geweld van een oom."
    client = login("professional")
    page = client.get(url(family)).content.decode()
    assert f'name="shared_with" value="{staff["jeugdzorg"].user_id}"' in page  # involved colleagues can be named
    assert f'name="shared_with" value="{staff["professional"].user_id}"' not in page  # not the author
    before = last_log_id()
    response = client.post(url(family) + "aantekeningen/", {"text": secret, "shared_with": [staff["jeugdzorg"].user_id]})
    assert response.status_code == 302
    note = ConfidentialNote.objects.get(family=family)
    assert list(note.shared_with.all()) == [staff["jeugdzorg"].user]
    assert AccessLog.objects.filter(pk__gt=before, action="write", category="confidential", family_id=family.pk).count() == 1
    for username, sees in (("professional", True), ("jeugdzorg", True), ("schuldhulp", False)):
        before = last_log_id()
        html = login(username).get(url(family)).content.decode()
        assert (secret in html) is sees, username
        assert ("confidential" in categories_logged(before, family)) is sees, username
    # naming someone whose organisation has no consent for notes is refused, not shared into the void
    notes = ConfidentialNote.objects.count()
    refused = login("professional").post(url(family) + "aantekeningen/", {"text": "Nog iets.", "shared_with": [shv.user_id]})
    assert refused.status_code == 400 and "geen toestemming voor aantekeningen" in refused.content.decode()
    assert ConfidentialNote.objects.count() == notes
    # never anywhere else: not on the caseload, not on the plan history, not in the part-B sections of another family
    assert secret not in login("jeugdzorg").get("/werkplek/gezinnen/").content.decode()
    assert secret not in login("professional").get(url(fam["bakker"])).content.decode()


def test_a_note_cannot_name_someone_who_is_not_involved(login, fam, casework_demo):
    family = fam["yilmaz"]
    outsider = casework_demo["staff"]["woning"]
    response = login("professional").post(url(family) + "aantekeningen/", {"text": "Geheim", "shared_with": [outsider.user_id]})
    assert response.status_code == 400
    assert "Deze persoon werkt niet in een team dat het gezin helpt" in response.content.decode()
    assert not ConfidentialNote.objects.filter(family=family).exists()


def test_coordinator_conflict_warning_in_who_helps(login, fam):
    html = login("coordinator").get(url(fam["devries"])).content.decode()
    assert "Let op: meer dan één organisatie treedt op als coördinator:" in html
    assert "Kies samen met het gezin één regisseur." in html
    assert "Organisaties die ooit hielpen: 4." in html
    english = login("coordinator").get(url(fam["devries"]) + "?lang=en").content.decode()
    assert "Choose one lead together with the family." in english


def test_turnover_counts_organisations_and_workers_that_came_and_went(login, fam, casework_demo):
    family = fam["devries"]
    from meedoen.casework.models import Involvement

    ggz = Involvement.objects.get(family=family, organisation__name="Bureau Basiszorg (GGZ)")
    families.end_involvement(casework_demo["staff"]["ggz"].user, ggz, DAY - timedelta(days=1))
    html = login("coordinator").get(url(family)).content.decode()
    assert "Kwamen en gingen weer: 1 organisatie, 1 medewerker." in html
    assert "Wie hielp eerder" in html


def grow(family, user, team, count):
    """``count`` more members (with income) and involvements, and a second analysis row per member."""
    people = []
    for n in range(count):
        membership = families.add_member(user, family, first_name=f"Kind{n}", last_name="Groot", role=v.CHILD,
                                         start=DAY - timedelta(days=10), birth_date=date(2015, 1, 1) + timedelta(days=n),
                                         monthly_net_income_cents={"wages": 1000 + n})
        people.append(membership.person)
        families.register_involvement(user, family, team, since=DAY - timedelta(days=5), help_kind=f"hulp {n}", person=membership.person)
    return people


def test_family_page_queries_do_not_grow_with_members_involvements_or_analysis(login, fam, casework_demo, django_assert_max_num_queries):
    family = fam["bakker"]
    coach = casework_demo["staff"]["professional"]
    team = Team.objects.get(organisation=coach.organisation)
    client = login("professional")
    client.get(url(family))  # warm-up
    with CaptureQueriesContext(connection) as first:
        client.get(url(family))
    people = grow(family, coach.user, team, 12)
    analysis.record(coach.user, family, coach.organisation, made_on=DAY,
                    assessments=[dict(person=p, domain=d, score=3, situation="ok") for p in people for d in ("income", "school")],
                    problems=[dict(person=p, domain="school", description=f"Probleem {p.first_name}", kind=v.SYMPTOM) for p in people],
                    debts=[dict(person=p, creditor=f"Schuldeiser {p.first_name}", kind="loan", amount_cents=100) for p in people])
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url(family))
    html = response.content.decode()
    assert "Kind11 Groot" in html and "hulp 11" in html and "Probleem Kind11" in html and "Schuldeiser Kind11" in html
    assert len(first.captured_queries) <= 45


def test_a_volunteer_is_shown_as_a_volunteer_to_the_professional_and_the_family(login, fam, casework_demo):
    family = fam["bakker"]
    maatje = casework_demo["staff"]["maatje"]
    html = login("professional").get(url(family)).content.decode()
    assert "Henk de Boer" not in html
    families.register_involvement(maatje.user, family, Team.objects.get(organisation=maatje.organisation), since=DAY,
                                  help_kind="maatje voor Noah", professional=maatje)
    html = login("professional").get(url(family)).content.decode()
    assert "Henk de Boer, maatje (vrijwilliger)" in html
    portal = login("gezin-bakker").get("/mijn-gezin/wie-helpt-ons/").content.decode()
    assert "Jong Perspectief (maatjes)" in portal and "Vrijwilliger: iemand die helpt zonder ervoor betaald te worden" in portal
