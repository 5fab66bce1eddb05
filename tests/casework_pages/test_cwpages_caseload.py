"""The caseload: who sees which families, plan counts only with consent, notifications, access log, query bound."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, Family, Involvement, Notification, Team
from meedoen.casework.services import consent, families, plans
from meedoen.municipalities.models import Municipality

DAY = date(2026, 3, 1)
URL = "/werkplek/gezinnen/"


def new_rows(before):
    return list(AccessLog.objects.filter(pk__gt=before).order_by("pk"))


def last_log_id():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_caseload_lists_the_involved_families_in_dutch_and_english(login, fam):
    client = login("professional")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for family in fam.values():
        assert family.name in html and family.reference in html
    assert "Mijn gezinnen" in html and "Palenstein" in html and "Oosterheem" in html
    assert "Fatima el Amrani (Kwadraad maatschappelijk werk)" in html  # Bakker's coordinator
    assert 'aria-current="page">Gezinnen</a>' in html  # the workspace menu link
    rows = {row.reference: row for row in response.context["rows"]}
    assert (rows["Z-CW-0001"].open_actions, rows["Z-CW-0001"].overdue_actions) == (2, 1)
    assert "1 te laat" in html  # in words, not only colour
    english = client.get(URL + "?lang=en").content.decode()
    assert "My families" in english and "Gezin Yilmaz" in english and "1 overdue" in english


def test_plan_counts_only_where_the_plan_is_consented(login, fam):
    # CJG (coordinator) has every consent of de Vries; Bureau Basiszorg (ggz) is involved with de Vries without any consent.
    response = login("ggz").get(URL)
    rows = list(response.context["rows"])
    assert [row.reference for row in rows] == ["Z-CW-0003"]
    assert rows[0].may_plan is False and rows[0].open_actions is None and rows[0].overdue_actions is None
    assert "Gezin de Vries" in response.content.decode()


def test_an_uninvolved_professional_sees_nothing_of_the_families(login, fam):
    client = login("woning")  # Woningcorporatie: no team involved with any demo family
    html = client.get(URL).content.decode()
    for family in fam.values():
        assert family.name not in html and family.reference not in html
    assert "U bent nu bij geen enkel gezin betrokken." in html
    assert client.get(f"{URL}{fam['bakker'].pk}/").status_code == 404


def test_the_caseload_logs_one_basic_read_per_family_listed(login, fam):
    user = get_user_model().objects.get(username="school")
    before = last_log_id()
    login("school").get(URL)
    rows = new_rows(before)
    assert sorted(r.family_id for r in rows) == [fam["bakker"].pk]  # the school helps Bakker only
    assert all(r.category == "basic" and r.action == "read" and r.purpose == "help" and r.user_id == user.pk
               and r.organisation_name == "Basisschool De Regenboog (demo)" and r.path == URL for r in rows)


def test_notifications_of_the_organisation_and_marking_them_read(login, fam):
    # De Vries: three organisations registered one after another, so each was told of the others.
    client = login("jgz")
    html = client.get(URL).content.decode()
    assert "Meldingen voor uw organisatie" in html
    mine = Notification.objects.filter(organisation__name="Jeugdgezondheidszorg (GGD)", read_at__isnull=True)
    assert mine.count() >= 2
    assert "Bureau Basiszorg (GGZ) helpt nu ook gezin Z-CW-0003" in html
    one = mine.first()
    response = client.post(f"{URL}meldingen/{one.pk}/gelezen/")
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.read_at is not None
    # Another organisation's notification is not found (no hint that it exists).
    theirs = Notification.objects.filter(organisation__name="Bureau Basiszorg (GGZ)").first()
    assert client.post(f"{URL}meldingen/{theirs.pk}/gelezen/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(f"{URL}meldingen/gelezen/")
    assert not mine.exists()
    assert "Geen nieuwe meldingen." in client.get(URL).content.decode()


def make_families(user, team, count, start_number):
    """``count`` small families that ``team`` helps, each with a plan, two actions (one overdue) and plan consent."""
    zoetermeer = Municipality.objects.get(slug="zoetermeer")
    made = []
    for n in range(start_number, start_number + count):
        family = families.create_family(user, team, municipality=zoetermeer, reference=f"Z-T-{n:04d}", name=f"Gezin Test {n:04d}",
                                        since=DAY - timedelta(days=30), help_kind="test", members=[
            dict(first_name="Ouder", last_name=f"Test{n}", role=v.PARENT, start=DAY - timedelta(days=30), birth_date=date(1990, 1, 1))])
        parent = family.memberships.get().person
        consent.give(user, family, organisation_id=team.organisation_id, category=v.PLAN, purpose=v.HELP, given_by=parent)
        plan = plans.start_plan(user, family, started_on=DAY - timedelta(days=20), family_words="")
        plans.add_action(user, plan, plan.version, "Iets doen", team.organisation, DAY + timedelta(days=5))
        plans.add_action(user, plan, plan.version, "Te laat", team.organisation, DAY - timedelta(days=2))
        made.append(family)
    return made


def test_caseload_queries_do_not_grow_with_the_families_and_pages_of_fifty(login, casework_demo, django_assert_max_num_queries):
    woning = casework_demo["staff"]["woning"]
    team = Team.objects.get(organisation=woning.organisation)
    make_families(woning.user, team, 1, 1)
    client = login("woning")
    client.get(URL)  # warm-up (session, content types)
    with CaptureQueriesContext(connection) as one:
        response = client.get(URL)
    assert [row.reference for row in response.context["rows"]] == ["Z-T-0001"]
    make_families(woning.user, team, 59, 2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    rows = list(response.context["rows"])
    assert len(rows) == 50 and response.context["paginator"].count == 60
    assert all((row.open_actions, row.overdue_actions) == (2, 1) for row in rows)
    before = last_log_id()
    second = client.get(URL + "?pagina=2")
    assert [row.reference for row in second.context["rows"]] == [f"Z-T-{n:04d}" for n in range(51, 61)]
    assert len(new_rows(before)) == 10
    assert "Volgende pagina" not in second.content.decode() and "Vorige pagina" in second.content.decode()


def test_ended_involvement_hides_the_family_from_the_caseload(login, fam):
    school = Involvement.objects.get(family=fam["bakker"], organisation__name="Basisschool De Regenboog (demo)")
    user = get_user_model().objects.get(username="school")
    families.end_involvement(user, school, DAY - timedelta(days=1))
    html = login("school").get(URL).content.decode()
    assert "Gezin Bakker" not in html
    assert Family.objects.filter(reference="Z-CW-0001").exists()
