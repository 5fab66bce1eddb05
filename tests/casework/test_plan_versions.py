"""The family plan under concurrent edits: a stale edit is refused (PlanConflict), never silently overwritten; each
change is one version with a snapshot of the plan as it then was."""

import threading
from datetime import date, timedelta

import pytest

from meedoen.casework import vocabulary as v
from meedoen.casework.errors import PlanConflict
from meedoen.casework.models import AccessLog, FamilyPlan, Goal, PlanVersion
from meedoen.casework.services import plans

DAY = date(2026, 3, 1)


def test_two_edits_from_the_same_version_the_second_is_refused(small_family, staff, counts):
    coach, school = staff["professional"], staff["school"]
    plan = small_family.plan
    seen = plan.version
    mine = FamilyPlan.objects.get(pk=plan.pk)
    theirs = FamilyPlan.objects.get(pk=plan.pk)
    plans.set_family_words(coach.user, mine, seen, "Wij willen rust in huis.")
    before = counts()
    with pytest.raises(PlanConflict) as err:
        plans.set_family_words(school.user, theirs, seen, "Iets anders.")
    assert err.value.current_version == seen + 1
    assert set(err.value.problems) == {"version"} and str(seen + 1) in err.value.messages("nl")["version"]
    assert counts() == before
    fresh = FamilyPlan.objects.get(pk=plan.pk)
    assert (fresh.version, fresh.family_words) == (seen + 1, "Wij willen rust in huis.")
    # Every kind of plan edit checks the version.
    goal = plans.add_goal(coach.user, fresh, fresh.version, "Doel", "income")
    action = plans.add_action(coach.user, fresh, fresh.version, "Stap", coach.organisation, DAY)
    stale = fresh.version - 1
    for edit in (lambda: plans.add_goal(coach.user, fresh, stale, "Dubbel"),
                 lambda: plans.add_action(coach.user, fresh, stale, "Dubbel", coach.organisation, DAY),
                 lambda: plans.set_action_status(coach.user, fresh, stale, action, v.DONE),
                 lambda: plans.set_goal_achieved(coach.user, fresh, stale, goal)):
        before = counts()
        with pytest.raises(PlanConflict):
            edit()
        assert counts() == before
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.status == v.OPEN and goal.achieved is False


def test_one_version_per_change_with_a_correct_snapshot(small_family, staff):
    coach, shv = staff["professional"], staff["schuldhulp"]
    plan = small_family.plan
    assert list(plan.versions.values_list("number", flat=True)) == [1]
    plans.set_family_words(coach.user, plan, plan.version, "Een dak en een inkomen.")
    goal = plans.add_goal(coach.user, plan, plan.version, "Vast inkomen", "income", by_family=True)
    action = plans.add_action(coach.user, plan, plan.version, "Bijstand aanvragen", coach.organisation, DAY + timedelta(days=7), goal=goal)
    plans.add_action(coach.user, plan, plan.version, "Schuldhulp", shv.organisation, DAY + timedelta(days=14))
    plans.set_action_status(coach.user, plan, plan.version, action, v.IN_PROGRESS)
    plans.set_goal_achieved(coach.user, plan, plan.version, goal)
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [pv.number for pv in versions] == [1, 2, 3, 4, 5, 6, 7]
    assert FamilyPlan.objects.get(pk=plan.pk).version == 7 == plan.version
    assert all(pv.changed_by_name == coach.name for pv in versions[1:])
    snap = {pv.number: pv.snapshot for pv in versions}
    assert snap[1]["family_words"] == "Rust in huis." and snap[1]["goals"] == [] and snap[1]["actions"] == []
    assert snap[2]["family_words"] == "Een dak en een inkomen." and snap[2]["goals"] == []
    assert snap[3]["goals"] == [{"id": goal.pk, "text": "Vast inkomen", "domain": "income", "written_by": v.BY_FAMILY, "achieved": False}]
    assert snap[4]["actions"] == [{"id": action.pk, "goal": goal.pk, "description": "Bijstand aanvragen", "organisation": coach.organisation.name,
                                   "due_date": (DAY + timedelta(days=7)).isoformat(), "status": v.OPEN}]
    assert [a["description"] for a in snap[5]["actions"]] == ["Bijstand aanvragen", "Schuldhulp"]
    assert snap[6]["actions"][0]["status"] == v.IN_PROGRESS and snap[5]["actions"][0]["status"] == v.OPEN
    assert snap[7]["goals"][0]["achieved"] is True and snap[6]["goals"][0]["achieved"] is False
    # The change text says what happened, and each change wrote one plan log row.
    assert "Vast inkomen" in versions[2].change and "→ in_progress" in versions[5].change
    assert AccessLog.objects.filter(family_id=small_family.pk, category=v.PLAN, action=v.WRITE).count() == 7


def test_the_snapshot_is_the_plan_in_the_database_not_the_callers_copy(small_family, staff):
    """Two pages open on the same plan: A changes the family's words; B, looking at the new version number but holding
    an older copy of the plan, adds a goal. The version B makes must still hold A's words."""
    coach, school = staff["professional"], staff["school"]
    page_a = FamilyPlan.objects.get(pk=small_family.plan.pk)
    page_b = FamilyPlan.objects.get(pk=small_family.plan.pk)
    plans.set_family_words(coach.user, page_a, page_a.version, "Woorden van het gezin, versie A.")
    plans.add_goal(school.user, page_b, page_a.version, "Doel van B")
    latest = PlanVersion.objects.filter(plan_id=page_a.pk).order_by("-number").first()
    assert latest.snapshot["family_words"] == "Woorden van het gezin, versie A."
    assert FamilyPlan.objects.get(pk=page_a.pk).family_words == "Woorden van het gezin, versie A."


def test_the_snapshot_holds_the_new_goal_when_the_caller_prefetched_the_goals(small_family, staff):
    coach = staff["professional"]
    page = FamilyPlan.objects.prefetch_related("goals", "actions").get(pk=small_family.plan.pk)
    assert list(page.goals.all()) == []
    plans.add_goal(coach.user, page, page.version, "Nieuw doel")
    plans.add_action(coach.user, page, page.version, "Nieuwe stap", coach.organisation, DAY)
    latest = PlanVersion.objects.filter(plan_id=page.pk).order_by("-number").first()
    assert [g["text"] for g in latest.snapshot["goals"]] == ["Nieuw doel"]
    assert [a["description"] for a in latest.snapshot["actions"]] == ["Nieuwe stap"]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_exactly_one_wins(plan_in_committed_data, race):
    """Two connections edit the same plan version at once. The first holds its transaction open while the second
    tries: the second waits for the row lock, then finds the version moved on and is refused."""
    plan_id = plan_in_committed_data["plan"].pk
    user_a, user_b = plan_in_committed_data["users"]
    seen = FamilyPlan.objects.get(pk=plan_id).version
    ra, rb = race(lambda: plans.add_goal(user_a, FamilyPlan.objects.get(pk=plan_id), seen, "Doel van A"),
                  lambda: plans.add_goal(user_b, FamilyPlan.objects.get(pk=plan_id), seen, "Doel van B"))
    assert "error" not in ra, ra
    assert isinstance(rb.get("error"), PlanConflict), rb
    assert rb["error"].current_version == seen + 1
    assert list(Goal.objects.filter(plan_id=plan_id).values_list("text", flat=True)) == ["Doel van A"]
    assert list(PlanVersion.objects.filter(plan_id=plan_id).order_by("number").values_list("number", flat=True)) == list(range(1, seen + 2))


@pytest.mark.django_db(transaction=True)
def test_racing_edits_never_both_succeed(plan_in_committed_data, in_thread):
    """Free races, several rounds: in each exactly one of two edits from the same version is saved."""
    plan_id = plan_in_committed_data["plan"].pk
    users = plan_in_committed_data["users"]
    for round_ in range(5):
        seen = FamilyPlan.objects.get(pk=plan_id).version
        barrier = threading.Barrier(2)

        def edit(i, seen=seen, barrier=barrier, round_=round_):
            plan = FamilyPlan.objects.get(pk=plan_id)
            barrier.wait(5)
            return plans.set_family_words(users[i], plan, seen, f"ronde {round_} door {i}")

        runs = [in_thread(lambda i=i: edit(i)) for i in range(2)]
        for t, _ in runs:
            t.start()
        for t, _ in runs:
            t.join(20)
        results = [r for _, r in runs]
        wins = [r for r in results if "error" not in r]
        losses = [r for r in results if isinstance(r.get("error"), PlanConflict)]
        assert (len(wins), len(losses)) == (1, 1), results
        fresh = FamilyPlan.objects.get(pk=plan_id)
        assert fresh.version == seen + 1
        assert fresh.family_words.startswith(f"ronde {round_} door ")
        assert PlanVersion.objects.get(plan_id=plan_id, number=seen + 1).snapshot["family_words"] == fresh.family_words
