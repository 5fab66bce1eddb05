"""A family only ever sees its own family: changing an id in a URL or form reaches nothing of another family."""

import pytest
from django.urls import reverse

from meedoen.casework.models import AccessLog, Consent, FamilyPlan, Goal, PlanComment

pytestmark = pytest.mark.django_db

YILMAZ_WORDS = ["Yilmaz", "Deniz", "Mehmet", "Ayşe", "Wij willen weten wie wat doet", "Sander Mulder"]  # organisations of the municipality are public


@pytest.mark.parametrize("name", ["home", "helpers", "meetings", "log", "consent", "my_data"])
def test_no_page_shows_another_family(family_client, yilmaz, name):
    html = family_client.get(reverse(f"familyportal:{name}")).content.decode()
    for word in YILMAZ_WORDS:
        assert word not in html, word


def test_export_holds_only_own_data(family_client, yilmaz):
    text = family_client.get(reverse("familyportal:export")).content.decode()
    for word in YILMAZ_WORDS:
        assert word not in text, word


def test_marking_another_familys_goal_is_404(family_client, yilmaz):
    goal = Goal.objects.get(plan__family=yilmaz)
    plan = FamilyPlan.objects.get(family=yilmaz)
    response = family_client.post(reverse("familyportal:goal_achieved", args=[goal.pk]), {"version": plan.version})
    assert response.status_code == 404
    goal.refresh_from_db()
    plan.refresh_from_db()
    assert not goal.achieved and plan.version == FamilyPlan.objects.get(family=yilmaz).version


def test_withdrawing_another_familys_consent_is_404(family_client, yilmaz):
    consent = Consent.objects.filter(family=yilmaz, withdrawn_at__isnull=True).first()
    response = family_client.post(reverse("familyportal:consent_withdraw"), {"consent": consent.pk})
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert not AccessLog.objects.filter(family_id=yilmaz.pk, actor_name="Sanne Bakker").exists()


def test_extra_form_fields_cannot_pick_another_family(family_client, bakker, yilmaz):
    """Plan, family and person always come from the login; ids smuggled into a form are ignored."""
    theirs = FamilyPlan.objects.get(family=yilmaz)
    ours = FamilyPlan.objects.get(family=bakker)
    tampered = {"plan": theirs.pk, "family": yilmaz.pk, "family_id": yilmaz.pk, "person": 9999, "given_by": 9999}
    family_client.post(reverse("familyportal:add_goal"), {"text": "Smokkeldoel", "version": ours.version, **tampered})
    family_client.post(reverse("familyportal:add_comment"), {"text": "Smokkelreactie", "version": ours.version + 1, **tampered})
    assert Goal.objects.get(text="Smokkeldoel").plan_id == ours.pk
    assert PlanComment.objects.get(text="Smokkelreactie").plan_id == ours.pk
    theirs_version = theirs.version
    theirs.refresh_from_db()
    assert theirs.version == theirs_version
    response = family_client.post(reverse("familyportal:consent_give"),
                                  {"organisation": Consent.objects.filter(family=yilmaz).first().organisation_id,
                                   "category": "notes", "purpose": "handover", **tampered})
    assert response.status_code == 302
    given = Consent.objects.get(category="notes", purpose="handover")
    assert given.family_id == bakker.pk and given.given_by.first_name == "Sanne"


def test_another_familys_ids_in_the_log_page_parameters_change_nothing(family_client, yilmaz):
    html = family_client.get(reverse("familyportal:log"), {"family": yilmaz.pk, "family_id": yilmaz.pk}).content.decode()
    assert "Yilmaz" not in html and "Sander Mulder" not in html


@pytest.mark.parametrize("name", ["home", "helpers", "meetings", "log", "consent"])
def test_query_counts_do_not_grow_with_the_data(family_client, bakker, casework_demo, name):
    """Reading a page costs the same number of queries with a few or many goals, comments, consents and log rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meedoen.casework import audit

    url = reverse(f"familyportal:{name}")
    with CaptureQueriesContext(connection) as before:
        family_client.get(url)
    plan = FamilyPlan.objects.get(family=bakker)
    for n in range(10):
        Goal.objects.create(plan=plan, text=f"doel {n}", written_by="family")
        PlanComment.objects.create(plan=plan, text=f"reactie {n}", author_name="Sanne Bakker", by_family=True)
    audit.log_reads(casework_demo["staff"]["professional"].user, [bakker.pk] * 20, ["plan", "basic"], "help")
    with CaptureQueriesContext(connection) as after:
        family_client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
