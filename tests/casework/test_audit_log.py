"""The access log (R-31): every service write leaves a row with category, purpose, actor and organisation; the log
and the plan versions are append-only and consents immutable, enforced by database triggers (migration 0002)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from meedoen.casework import audit
from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError
from meedoen.casework.models import AccessLog, Consent, Involvement, PlanVersion
from meedoen.casework.services import analysis, conferences, consent, export, families, plans, referrals

DAY = date(2026, 3, 1)


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def team_of(pro):
    return pro.teams.first()


def newest(family_id):
    return AccessLog.objects.filter(family_id=family_id).order_by("-id").first()


def test_every_service_write_is_logged_with_purpose_actor_and_organisation(small_family, staff, fams):
    coach, shv, school, jz = staff["professional"], staff["schuldhulp"], staff["school"], staff["jeugdzorg"]
    fam = small_family
    plan = fam.plan
    ines = fam.memberships.get(person__first_name="Ines").person
    bo = fam.memberships.get(person__first_name="Bo").person
    state = {}

    def make_referral(status_to=None):
        ref = referrals.request(coach.user, fam, team_of(coach), team_of(shv), help_kind="schuldhulp", reason="r", summary="s",
                                handover=False, now=at(DAY))
        state["ref"] = ref
        return ref

    steps = [
        # (what, callable, actor professional, category, purpose, action)
        ("add member", lambda: families.add_member(coach.user, fam, first_name="Kai", last_name="T", role=v.CHILD, start=DAY,
                                                   birth_date=DAY), coach, v.BASIC, v.HELP, v.WRITE),
        ("end membership", lambda: families.end_membership(coach.user, fam.memberships.get(person__first_name="Kai"), DAY + timedelta(days=1)),
         coach, v.BASIC, v.HELP, v.WRITE),
        ("register involvement", lambda: families.register_involvement(school.user, fam, team_of(school), since=DAY, help_kind="school"),
         school, v.BASIC, v.HELP, v.WRITE),
        ("end involvement", lambda: families.end_involvement(school.user, Involvement.objects.get(family=fam, team=team_of(school)), DAY),
         school, v.BASIC, v.HELP, v.WRITE),
        ("family words", lambda: plans.set_family_words(coach.user, plan, plan.version, "Rust."), coach, v.PLAN, v.HELP, v.WRITE),
        ("goal", lambda: state.setdefault("goal", plans.add_goal(coach.user, plan, plan.version, "Doel", "income")), coach, v.PLAN, v.HELP, v.WRITE),
        ("action", lambda: state.setdefault("action", plans.add_action(coach.user, plan, plan.version, "Stap", coach.organisation, DAY)),
         coach, v.PLAN, v.HELP, v.WRITE),
        ("action status", lambda: plans.set_action_status(coach.user, plan, plan.version, state["action"], v.DONE), coach, v.PLAN, v.HELP, v.WRITE),
        ("goal achieved", lambda: plans.set_goal_achieved(coach.user, plan, plan.version, state["goal"]), coach, v.PLAN, v.HELP, v.WRITE),
        ("comment", lambda: plans.add_comment(coach.user, plan, "Goed zo"), coach, v.PLAN, v.HELP, v.WRITE),
        ("coordinator", lambda: plans.choose_coordinator(coach.user, fam, coach, chosen_with_family=True, how_chosen="samen", mandate="alles",
                                                         start=DAY), coach, v.PLAN, v.HELP, v.WRITE),
        ("escalate", lambda: plans.escalate(coach.user, fam, "vast"), coach, v.PLAN, v.HELP, v.WRITE),
        ("analysis", lambda: analysis.record(coach.user, fam, coach.organisation, made_on=DAY,
                                             assessments=[dict(person=bo, domain="school", score=3, situation="Gaat goed")]),
         coach, v.ANALYSIS, v.HELP, v.WRITE),
        ("consent given", lambda: state.setdefault("consent", consent.give(coach.user, fam, organisation_id=shv.organisation_id, category=v.PLAN,
                                                                           purpose=v.HELP, given_by=ines)), coach, "consent", v.HELP, v.WRITE),
        ("consent withdrawn", lambda: consent.withdraw(coach.user, state["consent"]), coach, "consent", v.HELP, v.WRITE),
        ("referral", make_referral, coach, v.REFERRALS, v.HANDOVER, v.WRITE),
        ("referral accepted", lambda: referrals.accept(shv.user, state["ref"], now=at(DAY, 11)), shv, v.BASIC, v.HELP, v.WRITE),
        ("referral started", lambda: referrals.start(shv.user, state["ref"], now=at(DAY, 12)), shv, v.REFERRALS, v.HANDOVER, v.WRITE),
        ("referral completed", lambda: referrals.complete(shv.user, state["ref"], now=at(DAY, 13)), shv, v.REFERRALS, v.HANDOVER, v.WRITE),
        ("referral rejected", lambda: referrals.reject(jz.user, referrals.request(coach.user, fam, team_of(coach), team_of(jz), help_kind="j",
                                                                                reason="r", summary="s", now=at(DAY)), "vol", now=at(DAY, 11)),
         jz, v.REFERRALS, v.HANDOVER, v.WRITE),
        ("conference", lambda: state.setdefault("conf", conferences.schedule(coach.user, fam, scheduled_at=at(DAY), location="x", agenda="a",
                                                                            persons=[ines])), coach, v.MEETINGS, v.HELP, v.WRITE),
        ("outcome", lambda: conferences.record_outcome(coach.user, state["conf"], minutes="m", plan_version=fam.plan.version, decisions=[]),
         coach, v.MEETINGS, v.HELP, v.WRITE),
        ("export", lambda: export.person_export(coach.user, ines, purpose="access_request"), coach, "export", "access_request", v.EXPORT),
    ]
    for what, call, actor, category, purpose, action in steps:
        before = AccessLog.objects.filter(family_id=fam.pk).count()
        call()
        assert AccessLog.objects.filter(family_id=fam.pk).count() > before, what
        row = newest(fam.pk)
        assert (row.category, row.purpose, row.action) == (category, purpose, action), what
        assert (row.actor_name, row.organisation_name, row.user_id) == (actor.name, actor.organisation.name, actor.user_id), what
    # A plan edit writes exactly one row (and one version).
    before_log, before_versions = AccessLog.objects.count(), PlanVersion.objects.count()
    plans.set_family_words(coach.user, plan, plan.version, "Nog meer rust.")
    assert (AccessLog.objects.count() - before_log, PlanVersion.objects.count() - before_versions) == (1, 1)


def test_a_refused_write_leaves_no_log_row(small_family, staff):
    coach = staff["professional"]
    before = AccessLog.objects.count()
    with pytest.raises(CaseworkError):
        plans.add_goal(coach.user, small_family.plan, small_family.plan.version, "   ")
    with pytest.raises(CaseworkError):
        plans.add_goal(coach.user, small_family.plan, small_family.plan.version - 1, "Oud")
    assert AccessLog.objects.count() == before


def test_the_log_row_names_a_family_member_who_acts(fams):
    from django.contrib.auth import get_user_model

    bakker_user = get_user_model().objects.get(username="gezin-bakker")
    plan = fams["bakker"].plan
    plans.add_comment(bakker_user, plan, "Dank jullie wel", by_family=True)
    row = newest(fams["bakker"].pk)
    assert (row.actor_name, row.organisation_name, row.purpose) == ("Sanne Bakker", "", "family")


@pytest.mark.parametrize("table_model", [AccessLog, PlanVersion])
def test_the_log_and_the_plan_versions_are_append_only(table_model, fams):
    row = table_model.objects.filter(**({"family_id": fams["bakker"].pk} if table_model is AccessLog else {"plan__family": fams["bakker"]})).first()
    table = table_model._meta.db_table
    attempts = [
        lambda: table_model.objects.filter(pk=row.pk).update(**({"detail": "weg"} if table_model is AccessLog else {"change": "weg"})),
        lambda: table_model.objects.filter(pk=row.pk).delete(),
        lambda: row.delete(),
        lambda: (setattr(row, "detail" if table_model is AccessLog else "change", "weg"), row.save())[-1],
        lambda: connection.cursor().execute(f"UPDATE {table} SET id = id WHERE id = %s", [row.pk]),
        lambda: connection.cursor().execute(f"DELETE FROM {table} WHERE id = %s", [row.pk]),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert table_model.objects.filter(pk=row.pk).exists()


def test_a_consent_can_only_be_withdrawn_once_and_never_deleted(small_family, staff):
    coach = staff["professional"]
    given = Consent.objects.filter(family=small_family, withdrawn_at__isnull=True).first()
    other = staff["school"].organisation
    changes = [dict(category=v.NOTES if given.category != v.NOTES else v.PLAN), dict(purpose=v.HANDOVER), dict(organisation=other),
               dict(given_at=given.given_at - timedelta(days=1)), dict(recorded_by_name="iemand anders")]
    for change in changes:
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            Consent.objects.filter(pk=given.pk).update(**change)
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        Consent.objects.filter(pk=given.pk).delete()
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        connection.cursor().execute("DELETE FROM casework_consent WHERE id = %s", [given.pk])
    # Withdrawing it while changing something else: refused too.
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Consent.objects.filter(pk=given.pk).update(withdrawn_at=timezone.now(), purpose=v.HANDOVER)
    consent.withdraw(coach.user, given)
    given.refresh_from_db()
    assert given.withdrawn_at is not None and given.withdrawn_by_name == coach.name
    # Once withdrawn: never again, never undone.
    for change in (dict(withdrawn_at=timezone.now()), dict(withdrawn_at=None, withdrawn_by_name=""), dict(withdrawn_by_name="x")):
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            Consent.objects.filter(pk=given.pk).update(**change)
    with pytest.raises(CaseworkError) as err:
        consent.withdraw(coach.user, given)
    assert set(err.value.problems) == {"consent"}
    # Giving it again is a new row: the rows are the history.
    again = consent.give(coach.user, small_family, organisation_id=given.organisation_id, category=given.category, purpose=given.purpose,
                         given_by=given.given_by)
    assert again.pk != given.pk
    assert Consent.objects.filter(family=small_family, organisation_id=given.organisation_id, category=given.category,
                                  purpose=given.purpose).count() == 2


def test_withdrawing_through_a_stale_copy_is_a_clear_error(small_family, staff):
    """Two people withdraw the same consent from two open pages: the second gets a CaseworkError, not a database error."""
    coach = staff["professional"]
    given = Consent.objects.filter(family=small_family, withdrawn_at__isnull=True).first()
    stale = Consent.objects.get(pk=given.pk)
    consent.withdraw(coach.user, given)
    before = AccessLog.objects.count()
    with pytest.raises(CaseworkError) as err:
        consent.withdraw(coach.user, stale)
    assert set(err.value.problems) == {"consent"}
    assert AccessLog.objects.count() == before


def test_withdrawing_before_it_was_given_is_a_clear_error(small_family, staff):
    coach = staff["professional"]
    given = Consent.objects.filter(family=small_family, withdrawn_at__isnull=True).first()
    with pytest.raises(CaseworkError) as err:
        consent.withdraw(coach.user, given, now=given.given_at - timedelta(seconds=1))
    assert set(err.value.problems) == {"withdrawn_at"}
    assert Consent.objects.get(pk=given.pk).withdrawn_at is None


def test_reads_are_logged_one_row_per_family_and_category(small_family, staff):
    coach = staff["professional"]
    rows = audit.log_reads(coach.user, [small_family.pk], [v.BASIC, v.PLAN], v.HELP, detail="gezinspagina", path="/werkplek/gezinnen/1/")
    assert len(rows) == 2
    logged = audit.family_log(small_family.pk).filter(action=v.READ)
    assert set(logged.values_list("category", flat=True)) == {v.BASIC, v.PLAN}
    assert set(logged.values_list("organisation_name", flat=True)) == {coach.organisation.name}
