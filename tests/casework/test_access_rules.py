"""casework.access: who sees which family, and which content, decided in SQL from team membership, involvement
and consent (R-29, R-30; docs/architecture.md "Who may see a family is data")."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.models import (Action, Analysis, ConfidentialNote, Consent, FamilyAccount, Goal, Involvement, Professional,
                                     TeamMembership)
from meedoen.casework.services import analysis, consent, families, plans

DAY = date(2026, 3, 1)


def team_of(pro):
    return pro.teams.first()


def sees(user, family, day=None):
    return access.visible_families(user, day).filter(pk=family.pk).exists()


def may(user, family, category, purpose=v.HELP):
    return access.families_for(user, category, purpose).filter(pk=family.pk).exists()


@pytest.fixture
def colleague(staff):
    """A second gezinscoach in the same Kwadraad team as the demo coach."""
    coach = staff["professional"]
    u = get_user_model().objects.create_user("collega", password="collega")
    pro = Professional.objects.create(user=u, organisation=coach.organisation, name="Karin Collega")
    TeamMembership.objects.create(team=team_of(coach), professional=pro, since=DAY - timedelta(days=100))
    return pro


@pytest.fixture
def coach(staff):
    return staff["professional"]


def test_seen_through_an_active_team_membership_and_involvement(small_family, coach, staff, colleague):
    assert sees(coach.user, small_family)
    assert sees(colleague.user, small_family)  # the same team
    assert not sees(staff["school"].user, small_family)  # not involved
    assert not sees(staff["mjd"].user, small_family)  # another municipality
    # The SQL itself holds the rule (one query, EXISTS on team membership and involvement).
    sql = str(access.visible_families(coach.user).query)
    assert "casework_involvement" in sql and "casework_teammembership" in sql and "EXISTS" in sql


def test_an_ended_or_future_team_membership_shows_nothing(small_family, colleague):
    membership = TeamMembership.objects.get(professional=colleague)
    membership.until = DAY - timedelta(days=1)
    membership.save()
    assert not sees(colleague.user, small_family)
    assert sees(colleague.user, small_family, DAY - timedelta(days=1))  # the last day still counts
    membership.until = DAY
    membership.save()
    assert sees(colleague.user, small_family)
    membership.since, membership.until = DAY + timedelta(days=1), None
    membership.save()
    assert not sees(colleague.user, small_family)
    assert sees(colleague.user, small_family, DAY + timedelta(days=1))


def test_an_ended_or_future_involvement_shows_nothing(small_family, coach, staff):
    involvement = Involvement.objects.get(family=small_family, organisation=coach.organisation)
    families.end_involvement(coach.user, involvement, DAY - timedelta(days=1))
    assert not sees(coach.user, small_family)
    assert not may(coach.user, small_family, v.PLAN)  # consent alone is no ground
    # Future-dated involvement of the school: not visible until it starts.
    school = staff["school"]
    families.register_involvement(school.user, small_family, team_of(school), since=DAY + timedelta(days=3), help_kind="zorg op school")
    assert not sees(school.user, small_family)
    assert sees(school.user, small_family, DAY + timedelta(days=3))


def test_content_needs_open_consent_for_the_own_organisation_category_and_purpose(small_family, coach, staff):
    school = staff["school"]
    ines = small_family.memberships.get(person__first_name="Ines").person
    families.register_involvement(school.user, small_family, team_of(school), since=DAY - timedelta(days=2), help_kind="zorg op school")
    assert sees(school.user, small_family)
    # Involved, but the consent is Kwadraad's: the school reads no content.
    for category in v.CATEGORIES:
        assert may(coach.user, small_family, category)
        assert not may(school.user, small_family, category)
    # The wrong purpose does not count.
    consent.give(school.user, small_family, organisation_id=school.organisation_id, category=v.PLAN, purpose=v.HANDOVER, given_by=ines)
    assert not may(school.user, small_family, v.PLAN)
    assert may(school.user, small_family, v.PLAN, v.HANDOVER)
    # The right one does; only for that category.
    given = consent.give(school.user, small_family, organisation_id=school.organisation_id, category=v.PLAN, purpose=v.HELP, given_by=ines)
    assert may(school.user, small_family, v.PLAN) and not may(school.user, small_family, v.ANALYSIS)
    # Withdrawal takes effect at once.
    consent.withdraw(school.user, given)
    assert not may(school.user, small_family, v.PLAN)
    flags = access.family_access(school.user, small_family.pk)
    assert flags is not None and access.granted_categories(flags) == set()
    assert access.granted_categories(access.family_access(coach.user, small_family.pk)) == set(v.CATEGORIES)
    assert access.family_access(staff["mjd"].user, small_family.pk) is None


def test_readable_narrows_goals_actions_and_analyses_in_sql(small_family, coach, staff, fams):
    plan = small_family.plan
    plans.add_goal(coach.user, plan, plan.version, "Rust in huis", "parenting", by_family=True)
    plans.add_action(coach.user, plan, plan.version, "Huisbezoek", coach.organisation, DAY + timedelta(days=3))
    analysis.record(coach.user, small_family, coach.organisation, made_on=DAY - timedelta(days=10),
                    assessments=[dict(person=None, domain="income", score=2, situation="Krap")])
    ours = {small_family.pk}
    goals = access.readable(Goal.objects.all(), coach.user, v.PLAN, family_field="plan__family")
    actions = access.readable(Action.objects.all(), coach.user, v.PLAN, family_field="plan__family")
    analyses = access.readable(Analysis.objects.all(), coach.user, v.ANALYSIS)
    for qs in (goals, actions, analyses):
        assert "casework_consent" in str(qs.query) and "casework_involvement" in str(qs.query)
    # The coach (Kwadraad) also sees the demo families Bakker and Yilmaz with consent; never de Vries (no consent for Kwadraad).
    assert {g.plan.family_id for g in goals} >= ours
    assert fams["devries"].pk not in {a.family_id for a in analyses}
    assert set(Goal.objects.filter(plan__family=small_family)) <= set(goals)
    # The school: no involvement here, so nothing of this family, whatever it has elsewhere.
    school = staff["school"].user
    assert not access.readable(Goal.objects.filter(plan__family=small_family), school, v.PLAN, family_field="plan__family").exists()
    # Consent for the plan does not open the analysis.
    consent.withdraw(coach.user, Consent.objects.get(family=small_family, category=v.ANALYSIS, withdrawn_at__isnull=True))
    assert not access.readable(Analysis.objects.filter(family=small_family), coach.user, v.ANALYSIS).exists()
    assert access.readable(Action.objects.filter(plan__family=small_family), coach.user, v.PLAN, family_field="plan__family").count() == 1


def test_confidential_notes_author_and_named_people_only(small_family, coach, colleague, staff):
    school = staff["school"]
    families.register_involvement(school.user, small_family, team_of(school), since=DAY - timedelta(days=2), help_kind="zorg op school")
    note = ConfidentialNote.objects.create(family=small_family, author=coach.user, text="Ines vertelde in vertrouwen over haar ex.")
    assert list(access.confidential_notes(coach.user, small_family.pk)) == [note]
    # Not even another member of the same team (R-30, CT-10 line 866).
    assert not access.confidential_notes(colleague.user, small_family.pk).exists()
    assert not access.confidential_notes(school.user, small_family.pk).exists()
    note.shared_with.add(school.user)
    # Named, but the family did not consent to 'notes' for the school: sharing it needs that consent.
    assert not access.confidential_notes(school.user, small_family.pk).exists()
    ines = small_family.memberships.get(person__first_name="Ines").person
    notes_ok = consent.give(school.user, small_family, organisation_id=school.organisation_id, category=v.NOTES, purpose=v.HELP,
                            given_by=ines)
    assert list(access.confidential_notes(school.user, small_family.pk)) == [note]
    assert not access.confidential_notes(colleague.user, small_family.pk).exists()
    consent.withdraw(school.user, notes_ok)
    assert not access.confidential_notes(school.user, small_family.pk).exists()
    notes_ok = consent.give(school.user, small_family, organisation_id=school.organisation_id, category=v.NOTES, purpose=v.HELP,
                            given_by=ines)
    # Named twice (two users) still one row.
    note.shared_with.add(colleague.user)
    assert access.confidential_notes(colleague.user, small_family.pk).count() == 1
    # A named person who is no longer involved sees nothing.
    families.end_involvement(school.user, Involvement.objects.get(family=small_family, organisation=school.organisation), DAY - timedelta(days=1))
    assert not access.confidential_notes(school.user, small_family.pk).exists()


def test_users_without_a_professional_record_see_nothing(small_family, fams, coach):
    User = get_user_model()
    boss = User.objects.create_superuser("super-zonder-rol", "super@example.org", "x")
    bakker_user = User.objects.get(username="gezin-bakker")
    assert FamilyAccount.objects.filter(user=bakker_user).exists()
    for u in (boss, bakker_user, AnonymousUser()):
        assert not access.visible_families(u).exists()
        assert not access.families_for(u, v.PLAN).exists()
        assert not access.readable(Goal.objects.all(), u, v.PLAN, family_field="plan__family").exists()
        if u.is_authenticated:
            assert access.family_access(u, fams["bakker"].pk) is None
            assert not access.confidential_notes(u, fams["bakker"].pk).exists()
    assert access.professional_of(bakker_user) is None and access.account_of(bakker_user).family == fams["bakker"]
    # An inactive professional sees nothing either.
    coach.user.is_active = False
    coach.user.save()
    assert not access.visible_families(coach.user).exists()


def test_a_professional_with_an_old_consent_on_another_family_sees_only_where_involved(fams, staff):
    """The demo: Kwadraad has consent at Bakker and Yilmaz; the school only the plan at Bakker; CJG at de Vries."""
    coach, school, cjg = staff["professional"], staff["school"], staff["coordinator"]
    assert set(access.families_for(coach.user, v.ANALYSIS).values_list("reference", flat=True)) == {"Z-CW-0001", "Z-CW-0002"}
    assert set(access.visible_families(coach.user).values_list("reference", flat=True)) == {"Z-CW-0001", "Z-CW-0002", "Z-CW-0003"}
    assert set(access.families_for(school.user, v.PLAN).values_list("reference", flat=True)) == {"Z-CW-0001"}
    assert not access.families_for(school.user, v.ANALYSIS).exists()
    assert set(access.families_for(cjg.user, v.NOTES).values_list("reference", flat=True)) == {"Z-CW-0003"}
