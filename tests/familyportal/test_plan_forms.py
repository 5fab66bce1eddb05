"""The family adds goals and comments, and marks a goal achieved; a stale plan version is refused with 409."""

import pytest
from django.urls import reverse

from meedoen.casework.models import AccessLog, FamilyPlan, Goal, PlanComment, PlanVersion
from meedoen.casework.services import plans

pytestmark = pytest.mark.django_db


def version_of(family):
    return FamilyPlan.objects.get(family=family).version


def test_add_goal_in_own_words(family_client, bakker, django_assert_max_num_queries):
    version = version_of(bakker)
    with django_assert_max_num_queries(20):
        response = family_client.post(reverse("familyportal:add_goal"),
                                      {"text": "  Ik wil weer leuke dingen doen met de kinderen.  ", "domain": "leisure", "version": version})
    assert response.status_code == 302 and response["Location"] == "/mijn-gezin/#goals"
    goal = Goal.objects.get(plan__family=bakker, text="Ik wil weer leuke dingen doen met de kinderen.")
    assert (goal.written_by, goal.domain, goal.achieved) == ("family", "leisure", False)
    assert version_of(bakker) == version + 1
    assert PlanVersion.objects.filter(plan__family=bakker, number=version + 1, changed_by_name="Sanne Bakker").exists()
    assert AccessLog.objects.filter(family_id=bakker.pk, action="write", category="plan", actor_name="Sanne Bakker").exists()
    html = family_client.get(reverse("familyportal:home")).content.decode()
    assert "Uw doel staat in het plan." in html and "Ik wil weer leuke dingen doen met de kinderen." in html


def test_a_stale_version_is_refused_with_409_and_nothing_saved(family_client, bakker):
    plan = FamilyPlan.objects.get(family=bakker)
    seen = plan.version
    coach = bakker.coordinators.get().professional.user
    plans.add_goal(coach, plan, seen, "Doel van de coach", "income")  # somebody else changes the plan meanwhile
    goals = Goal.objects.count()
    response = family_client.post(reverse("familyportal:add_goal"), {"text": "Mijn eigen doel", "domain": "", "version": seen})
    assert response.status_code == 409
    html = response.content.decode()
    assert f"Iemand anders heeft het plan intussen gewijzigd (nu versie {seen + 1})" in html
    assert 'href="#goal-text"' in html  # the error summary links to the field
    assert "Mijn eigen doel</textarea>" in html  # the typed text is kept
    assert f'name="version" value="{seen + 1}"' in html  # sending again uses the plan as now shown
    assert Goal.objects.count() == goals and version_of(bakker) == seen + 1


@pytest.mark.parametrize("data,message", [
    ({"text": "   ", "version": "V"}, "Schrijf het doel op."),
    ({"text": "Een doel", "domain": "moon", "version": "V"}, "Onbekend leefgebied"),
    ({"text": "Een doel"}, "Het formulier is niet compleet"),
    ({"text": "Een doel", "version": "abc"}, "Het formulier is niet compleet"),
    ({"text": "x" * 2001, "version": "V"}, "Dit is te lang"),
])
def test_bad_goal_input_is_a_400_message(family_client, bakker, data, message):
    version = version_of(bakker)
    data = {key: (str(version) if value == "V" else value) for key, value in data.items()}
    goals = Goal.objects.count()
    response = family_client.post(reverse("familyportal:add_goal"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Goal.objects.count() == goals and version_of(bakker) == version


def test_bad_input_in_english(family_client, bakker):
    response = family_client.post(reverse("familyportal:add_goal"), {"text": "", "version": version_of(bakker), "lang": "en"})
    assert response.status_code == 400
    assert "Write down the goal." in response.content.decode()


def test_add_comment(family_client, bakker):
    response = family_client.post(reverse("familyportal:add_comment"), {"text": "Fijn dat Fatima meebelt.", "version": version_of(bakker)})
    assert response.status_code == 302 and response["Location"] == "/mijn-gezin/#comments"
    comment = PlanComment.objects.get(plan__family=bakker)
    assert (comment.text, comment.author_name, comment.by_family) == ("Fijn dat Fatima meebelt.", "Sanne Bakker", True)
    html = family_client.get(reverse("familyportal:home")).content.decode()
    assert "Fijn dat Fatima meebelt." in html and "Sanne Bakker (uw gezin)" in html


def test_a_comment_on_a_stale_version_is_refused(family_client, bakker):
    seen = version_of(bakker)
    FamilyPlan.objects.filter(family=bakker).update(version=seen + 1)
    response = family_client.post(reverse("familyportal:add_comment"), {"text": "Te laat gezien", "version": seen})
    assert response.status_code == 409
    assert "Te laat gezien</textarea>" in response.content.decode()
    assert not PlanComment.objects.exists()


def test_an_empty_comment_is_a_400_message(family_client, bakker):
    response = family_client.post(reverse("familyportal:add_comment"), {"text": "", "version": version_of(bakker)})
    assert response.status_code == 400
    assert "Schrijf een reactie." in response.content.decode()
    assert not PlanComment.objects.exists()


def test_mark_a_goal_achieved(family_client, bakker):
    goal = Goal.objects.get(plan__family=bakker, domain="housing")
    response = family_client.post(reverse("familyportal:goal_achieved", args=[goal.pk]), {"version": version_of(bakker)})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.achieved
    assert "✓ Bereikt" in family_client.get(reverse("familyportal:home")).content.decode()


def test_mark_achieved_on_a_stale_version(family_client, bakker):
    goal = Goal.objects.get(plan__family=bakker, domain="housing")
    response = family_client.post(reverse("familyportal:goal_achieved", args=[goal.pk]), {"version": version_of(bakker) - 1})
    assert response.status_code == 409
    goal.refresh_from_db()
    assert not goal.achieved


def test_a_family_without_a_plan_cannot_add(login, casework_demo):
    client = login("gezin-devries")
    response = client.post(reverse("familyportal:add_goal"), {"text": "Een doel", "version": "1"})
    assert response.status_code == 400
    assert "Er is nog geen plan" in response.content.decode()
    response = client.post(reverse("familyportal:add_comment"), {"text": "Een reactie", "version": "1"})
    assert response.status_code == 400


def test_get_on_a_form_address_is_not_allowed(family_client):
    assert family_client.get(reverse("familyportal:add_goal")).status_code == 405


# --- the family's own words ---------------------------------------------------------------------------------------
def test_the_family_writes_its_own_words(family_client, bakker, client, django_assert_max_num_queries):
    version = version_of(bakker)
    assert "Ik wil rust" in FamilyPlan.objects.get(family=bakker).family_words  # what the coach wrote down at intake
    with django_assert_max_num_queries(20):
        response = family_client.post(reverse("familyportal:set_words"),
                                      {"text": "  Een eigen huis dat blijft, en kinderen die lachen.  ", "version": version})
    assert response.status_code == 302 and response["Location"] == "/mijn-gezin/#our-words"
    plan = FamilyPlan.objects.get(family=bakker)
    assert (plan.family_words, plan.version) == ("Een eigen huis dat blijft, en kinderen die lachen.", version + 1)
    row = PlanVersion.objects.get(plan=plan, number=version + 1)
    assert row.changed_by_name == "Sanne Bakker" and row.snapshot["family_words"] == plan.family_words
    assert AccessLog.objects.filter(family_id=bakker.pk, action="write", category="plan", actor_name="Sanne Bakker").exists()
    html = family_client.get(reverse("familyportal:home")).content.decode()
    assert "Uw woorden staan in het plan." in html and "Een eigen huis dat blijft, en kinderen die lachen.</blockquote>" in html
    # the coordinator reads the family's words on the family page
    client.force_login(bakker.coordinators.get().professional.user)
    assert "Een eigen huis dat blijft, en kinderen die lachen." in client.get(f"/werkplek/gezinnen/{bakker.pk}/").content.decode()


@pytest.mark.parametrize("data,status,message", [
    ({"text": "Nieuwe woorden"}, 400, "Het formulier is niet compleet"),
    ({"text": "x" * 2001, "version": "V"}, 400, "Dit is te lang"),
    ({"text": "Nieuwe woorden", "version": "OLD"}, 409, "Iemand anders heeft het plan intussen gewijzigd"),
])
def test_bad_or_stale_words_are_refused_and_nothing_is_saved(family_client, bakker, data, status, message):
    version = version_of(bakker)
    data = {key: {"V": str(version), "OLD": str(version - 1)}.get(value, value) for key, value in data.items()}
    words = FamilyPlan.objects.get(family=bakker).family_words
    response = family_client.post(reverse("familyportal:set_words"), data)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html and 'href="#words-text"' in html  # the error summary links to the field
    assert FamilyPlan.objects.get(family=bakker).family_words == words and version_of(bakker) == version
