"""The family page's part-B sections: what they show per consent, the access log rows, bounded query counts."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, FamilyPlan, Team
from meedoen.casework.services import consent, families, plans
from meedoen.casework.views.plan_pages import sections
from meedoen.municipalities.models import Municipality, Organisation
from meedoen.workspace.texts import texts

SECTIONS = ("_coordinator", "_plan", "_referrals", "_conferences", "_consents")


def render(username, family, lang="nl"):
    """What the family page does: family_access, sections(), then each section template. Returns (context, html)."""
    user = get_user_model().objects.get(username=username)
    request = RequestFactory().get(f"/werkplek/gezinnen/{family.pk}/")
    request.user = user
    found = access.family_access(user, family.pk)
    context = sections(request, found, lang)
    full = {"family": found, "lang": lang, "T": texts(lang), "V": v, "me": access.professional_of(user), "request": request,
            "csrf_token": "x", **context}
    html = "".join(render_to_string(f"casework/sections/{name}.html", full) for name in SECTIONS)
    return context, html


def test_professional_sees_plan_overdue_in_words_and_the_ladder(fam):
    context, html = render("professional", fam["bakker"])
    cw = context["cw"]
    assert [a.description for a in cw["overdue"]] == ["Betalingsregeling huur met de verhuurder"]
    assert "Te laat: 3 dagen" in html  # in words, not colour only
    assert "Het plan loopt vast" in html
    assert "Zorgregisseur" in html and "Jeugdregisseur" in html and "gemeente Zoetermeer (2010), par. 6.3" in html
    assert "Escaleren naar Zorgregisseur" in html
    assert "Ik wil rust" in html and "We blijven in ons huis wonen." in html
    assert f'name="version" value="{FamilyPlan.objects.get(family=fam["bakker"]).version}"' in html
    # coordinator, referrals with lead time, consents with history
    assert "Fatima el Amrani" in html and "Sanne koos Fatima" in html
    assert "Schuldhulpverlening gemeente Zoetermeer" in html and "aangevraagd" in html
    assert "Basisschool De Regenboog (demo) → Kwadraad maatschappelijk werk" in html
    assert "gegeven op" in html and "Sanne Bakker" in html


def test_sections_log_one_read_per_category_shown(fam):
    family = fam["bakker"]
    before = AccessLog.objects.count()
    render("professional", family)
    rows = AccessLog.objects.order_by("-id")[:AccessLog.objects.count() - before]
    assert sorted(r.category for r in rows) == ["consent", "meetings", "plan", "referrals"]
    assert all(r.family_id == family.pk and r.action == "read" and r.purpose == "help" and r.actor_name == "Fatima el Amrani" for r in rows)


def test_without_consent_a_plain_sentence_and_no_log_for_that_category(fam):
    before = AccessLog.objects.count()
    context, html = render("school", fam["bakker"])  # the school has plan and meetings, not referrals
    assert "geen toestemming om de verwijzingen te zien" in html
    assert "Betalingsregeling huur" in html
    assert "referrals" not in context["cw"]
    rows = AccessLog.objects.order_by("-id")[:AccessLog.objects.count() - before]
    assert sorted(r.category for r in rows) == ["consent", "meetings", "plan"]
    context, html = render("ggz", fam["devries"])  # involved, no consent at all
    assert "geen toestemming om het gezinsplan te zien" in html and "geen toestemming om de overleggen te zien" in html
    assert "plan" not in context["cw"]


def test_coordinator_conflict_is_warned(fam):
    _, html = render("coordinator", fam["devries"])
    assert "meerdere organisaties treden op als coördinator" in html
    for name in ("Kwadraad maatschappelijk werk", "Jeugdgezondheidszorg (GGD)", "Bureau Basiszorg (GGZ)"):
        assert name in html
    _, html = render("coordinator", fam["devries"], "en")
    assert "several organisations act as coordinator" in html


def test_groningen_without_a_ladder_says_so(casework_demo):
    groningen = Municipality.objects.get(slug="groningen")
    mjd = casework_demo["staff"]["mjd"]
    day = access.today()
    family = families.create_family(mjd.user, Team.objects.get(organisation=mjd.organisation), municipality=groningen,
                                    reference="G-TEST-1", name="Gezin Test", since=day - timedelta(days=40), help_kind="mw",
                                    members=[dict(first_name="A", last_name="Test", role=v.PARENT, start=day - timedelta(days=40))])
    parent = family.memberships.first().person
    for category in (v.PLAN, v.MEETINGS, v.REFERRALS):
        consent.give(mjd.user, family, organisation_id=mjd.organisation_id, category=category, purpose=v.HELP, given_by=parent)
    plan = plans.start_plan(mjd.user, family, day - timedelta(days=30))
    plans.add_action(mjd.user, plan, plan.version, "Te laat", mjd.organisation, day - timedelta(days=1))
    _, html = render("mjd", family)
    assert "Het plan loopt vast" in html
    assert "Er is (nog) geen escalatieladder vastgelegd voor Groningen" in html
    assert "Escaleren naar" not in html


def test_section_queries_are_bounded_and_do_not_grow_with_the_data(fam, django_assert_max_num_queries):
    family = fam["bakker"]
    with CaptureQueriesContext(connection) as first:
        render("professional", family)
    plan = FamilyPlan.objects.get(family=family)
    user = get_user_model().objects.get(username="professional")
    org = Organisation.objects.get(slug="kwadraad")
    for n in range(5):
        plans.add_goal(user, plan, plan.version, f"Doel {n}")
        plans.add_action(user, plan, plan.version, f"Afspraak {n}", org, plan.started_on + timedelta(days=n))
        plans.add_comment(user, plan, f"Reactie {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        render("professional", family)
    assert len(first.captured_queries) <= 30


def test_conference_and_referral_queries_do_not_grow(fam, casework_demo):
    from django.utils import timezone

    from meedoen.casework.services import conferences, referrals

    family = fam["yilmaz"]
    mw, jz = casework_demo["staff"]["professional"], casework_demo["staff"]["jeugdzorg"]
    with CaptureQueriesContext(connection) as first:
        render("professional", family)
    parents = [m.person for m in family.memberships.filter(role=v.PARENT)]
    for n in range(3):
        conferences.schedule(mw.user, family, scheduled_at=timezone.now() + timedelta(days=n + 1), location=f"Plek {n}", agenda="a",
                             professionals=[mw, jz], persons=parents)
        referrals.request(mw.user, family, Team.objects.get(name="Gezinscoaches Zoetermeer"), Team.objects.get(name=["Schuldhulp", "Basiszorg", "Maatjes"][n]),
                          help_kind="h", reason="r", summary="s")
    with CaptureQueriesContext(connection) as second:
        _, html = render("professional", family, "en")
    assert len(second.captured_queries) <= len(first.captured_queries)
    assert html.count("Plek ") == 3 and "Sander Mulder (Bureau Jeugdzorg Haaglanden)" in html
    assert "Case conferences" in html and "Family plan" in html and "requested" in html
