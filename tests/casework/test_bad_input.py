"""Bad input per service: a CaseworkError that names the field, says what is wrong in Dutch and English, and
leaves nothing written (row counts of every casework table before and after)."""

from datetime import date, datetime, time, timedelta
from itertools import product

import pytest
from django.utils import timezone

from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError, TransitionError
from meedoen.casework.models import AccessLog, Involvement, Referral
from meedoen.casework.services import analysis, conferences, consent, families, plans, referrals

DAY = date(2026, 3, 1)


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def team_of(pro):
    return pro.teams.first()


class Ctx:
    def __init__(self, family, staff, fams):
        self.f, self.staff, self.fams = family, staff, fams
        self.coach, self.shv, self.mjd = staff["professional"], staff["schuldhulp"], staff["mjd"]
        self.plan = family.plan
        self.ines = family.memberships.get(person__first_name="Ines").person
        self.bo = family.memberships.get(person__first_name="Bo").person
        self.sanne = fams["bakker"].memberships.get(person__first_name="Sanne").person
        self.ref = referrals.request(self.coach.user, family, team_of(self.coach), team_of(self.shv), help_kind="schuldhulp",
                                     reason="Schulden", summary="Samenvatting", handover=True, now=at(DAY))
        self.other_plan_goal = fams["bakker"].plan.goals.first()

    def add_member(self, **kw):
        args = dict(first_name="Kai", last_name="T", role=v.CHILD, start=DAY, birth_date=date(2020, 1, 1))
        args.update(kw)
        return families.add_member(self.coach.user, self.f, **args)

    def give(self, **kw):
        # A handover consent for the receiving organisation: any involved professional may record that one.
        args = dict(organisation_id=self.shv.organisation_id, category=v.REFERRALS, purpose=v.HANDOVER, given_by=self.ines)
        args.update(kw)
        return consent.give(self.coach.user, self.f, **args)

    def refer(self, to=None, **kw):
        args = dict(help_kind="schuldhulp", reason="Schulden", summary="Samenvatting", now=at(DAY))
        args.update(kw)
        return referrals.request(self.coach.user, self.f, team_of(self.coach), to or team_of(self.shv), **args)

    def action(self, **kw):
        args = dict(description="Stap", organisation=self.coach.organisation, due_date=DAY)
        args.update(kw)
        return plans.add_action(self.coach.user, self.plan, self.plan.version, **args)

    def analyse(self, made_on=DAY, **kw):
        return analysis.record(self.coach.user, self.f, self.coach.organisation, made_on=made_on, **kw)

    def schedule(self, **kw):
        args = dict(scheduled_at=at(DAY + timedelta(days=3)), location="Kwadraad", agenda="Kennismaken", persons=[self.ines])
        args.update(kw)
        return conferences.schedule(self.coach.user, self.f, **args)

    def coordinator(self, pro=None, **kw):
        args = dict(chosen_with_family=True, how_chosen="samen", mandate="alles", start=DAY)
        args.update(kw)
        return plans.choose_coordinator(self.coach.user, self.f, pro or self.coach, **args)


@pytest.fixture
def ctx(small_family, staff, fams):
    return Ctx(small_family, staff, fams)


def groningen_team(c):
    return team_of(c.mjd)


CASES = {
    # families
    "membership ends before it starts": ("end", lambda c: c.add_member(end=DAY - timedelta(days=1))),
    "membership without a start": ("start", lambda c: c.add_member(start=None)),
    "membership with an unknown role": ("role", lambda c: c.add_member(role="oom")),
    "ending a membership before its start": ("end", lambda c: families.end_membership(
        c.coach.user, c.f.memberships.get(person=c.bo), c.f.memberships.get(person=c.bo).start - timedelta(days=1))),
    "a member moving in while still a member": ("start", lambda c: c.add_member(person=c.bo, start=DAY)),
    "parent born after joining": ("birth_date", lambda c: c.add_member(role=v.PARENT, birth_date=DAY + timedelta(days=1))),
    "duplicate case number": ("reference", lambda c: families.create_family(
        c.coach.user, team_of(c.coach), municipality=c.f.municipality, reference=c.f.reference, name="x", since=DAY, help_kind="x")),
    "family made by a team of another municipality": ("team", lambda c: families.create_family(
        c.mjd.user, groningen_team(c), municipality=c.f.municipality, reference="Z-T-0999", name="x", since=DAY, help_kind="x")),
    "involvement ends before it starts": ("until", lambda c: families.register_involvement(
        c.shv.user, c.f, team_of(c.shv), since=DAY, until=DAY - timedelta(days=1), help_kind="x")),
    "involvement of a team of another municipality": ("team", lambda c: families.register_involvement(
        c.mjd.user, c.f, groningen_team(c), since=DAY, help_kind="x")),
    "involvement for a person of another family": ("person", lambda c: families.register_involvement(
        c.shv.user, c.f, team_of(c.shv), since=DAY, help_kind="x", person=c.sanne)),
    "involvement with a worker of another organisation": ("professional", lambda c: families.register_involvement(
        c.shv.user, c.f, team_of(c.shv), since=DAY, help_kind="x", professional=c.coach)),
    "ending an involvement before it started": ("until", lambda c: families.end_involvement(
        c.coach.user, Involvement.objects.get(family=c.f), DAY - timedelta(days=365))),
    # plans
    "due date before the plan started": ("due_date", lambda c: c.action(due_date=c.plan.started_on - timedelta(days=1))),
    "due date that is not a date": ("due_date", lambda c: c.action(due_date="morgen")),
    "action for an organisation of another municipality": ("organisation", lambda c: c.action(organisation=c.mjd.organisation)),
    "action without an organisation": ("organisation", lambda c: c.action(organisation=None)),
    "action without a description": ("description", lambda c: c.action(description="  ")),
    "action for a goal of another plan": ("goal", lambda c: c.action(goal=c.other_plan_goal)),
    "empty goal": ("text", lambda c: plans.add_goal(c.coach.user, c.plan, c.plan.version, "")),
    "goal in an unknown life domain": ("domain", lambda c: plans.add_goal(c.coach.user, c.plan, c.plan.version, "Doel", "geluk")),
    "unknown action status": ("status", lambda c: plans.set_action_status(
        c.coach.user, c.plan, c.plan.version, c.action(), "half")),
    "status of an action of another plan": ("action", lambda c: plans.set_action_status(
        c.coach.user, c.plan, c.plan.version, c.fams["bakker"].plan.actions.first(), v.DONE)),
    "empty comment": ("text", lambda c: plans.add_comment(c.coach.user, c.plan, " ")),
    "coordinator not chosen with the family": ("chosen_with_family", lambda c: c.coordinator(chosen_with_family=False)),
    "coordinator without a mandate": ("mandate", lambda c: c.coordinator(mandate="")),
    "coordinator whose organisation is not involved": ("professional", lambda c: c.coordinator(c.shv)),
    "escalation without a reason": ("reason", lambda c: plans.escalate(c.coach.user, c.f, "")),
    # consent
    "consent for an unknown organisation": ("organisation", lambda c: c.give(organisation_id=999999)),
    "consent for an organisation id that is no number": ("organisation", lambda c: c.give(organisation_id="kwadraad")),
    "consent for an organisation of another municipality": ("organisation", lambda c: c.give(organisation_id=c.mjd.organisation_id)),
    "consent for an unknown category": ("category", lambda c: c.give(category="medisch")),
    "consent for an unknown purpose": ("purpose", lambda c: c.give(purpose="marketing")),
    "consent given by a child": ("given_by", lambda c: c.give(given_by=c.bo)),
    "consent given by a parent of another family": ("given_by", lambda c: c.give(given_by=c.sanne)),
    "consent given twice": ("category", lambda c: c.give(organisation_id=c.coach.organisation_id, category=v.PLAN, purpose=v.HELP)),
    "consent to help for another organisation, not recorded by the coordinator":
        ("organisation", lambda c: c.give(category=v.PLAN, purpose=v.HELP)),
    # referrals
    "referral to the same organisation": ("to_team", lambda c: c.refer(to=team_of(c.coach))),
    "referral to another municipality": ("to_team", lambda c: c.refer(to=groningen_team(c))),
    "referral to something that is not a team": ("to_team", lambda c: c.refer(to=c.shv.organisation)),
    "referral with an empty summary": ("summary", lambda c: c.refer(summary="  ")),
    "referral without a reason": ("reason", lambda c: c.refer(reason="")),
    "referral without a kind of help": ("help_kind", lambda c: c.refer(help_kind="")),
    "referral with no time to answer": ("answer_days", lambda c: c.refer(answer_days=0)),
    "referral for a person of another family": ("person", lambda c: c.refer(person=c.sanne)),
    "rejection without a reason": ("reason", lambda c: referrals.reject(c.shv.user, c.ref, " ", now=at(DAY, 11))),
    "revocation without a reason": ("reason", lambda c: referrals.revoke(c.coach.user, c.ref, "", now=at(DAY, 11))),
    "accepting after the answer time": ("status", lambda c: referrals.accept(c.shv.user, c.ref, now=c.ref.expires_at + timedelta(seconds=1))),
    "accepting with a worker of another organisation": ("professional", lambda c: referrals.accept(
        c.shv.user, c.ref, professional=c.coach, now=at(DAY, 11))),
    # analysis
    "score 0": ("assessments[0].score", lambda c: c.analyse(assessments=[dict(person=c.ines, domain="income", score=0)])),
    "score 6": ("assessments[1].score", lambda c: c.analyse(assessments=[dict(person=c.ines, domain="income", score=3),
                                                                          dict(person=c.ines, domain="housing", score=6)])),
    "score as text": ("assessments[0].score", lambda c: c.analyse(assessments=[dict(person=c.ines, domain="income", score="3")])),
    "assessment of a person not in the family": ("assessments[0].person", lambda c: c.analyse(
        assessments=[dict(person=c.sanne, domain="income", score=3)])),
    "assessment of a member before joining": ("assessments[0].person", lambda c: c.analyse(
        made_on=DAY - timedelta(days=60), assessments=[dict(person=c.ines, domain="income", score=3)])),
    "assessment in an unknown domain": ("assessments[0].domain", lambda c: c.analyse(assessments=[dict(person=c.ines, domain="geluk", score=3)])),
    "the same domain twice": ("assessments[1].domain", lambda c: c.analyse(assessments=[dict(person=c.ines, domain="income", score=3),
                                                                                        dict(person=c.ines, domain="income", score=2)])),
    "problem neither cause nor symptom": ("problems[0].kind", lambda c: c.analyse(
        problems=[dict(person=None, domain="income", description="x", kind="beide")])),
    "problem of a person not in the family": ("problems[0].person", lambda c: c.analyse(
        problems=[dict(person=c.sanne, domain="income", description="x", kind=v.CAUSE)])),
    "negative debt": ("debts[0].amount_cents", lambda c: c.analyse(debts=[dict(creditor="Bank", amount_cents=-1)])),
    "debt in euros with decimals": ("debts[0].amount_cents", lambda c: c.analyse(debts=[dict(creditor="Bank", amount_cents=12.5)])),
    # conferences
    "conference without an agenda": ("agenda", lambda c: c.schedule(agenda=" ")),
    "conference without a place": ("location", lambda c: c.schedule(location="")),
    "conference without a time": ("scheduled_at", lambda c: c.schedule(scheduled_at=None)),
    "conference without the family and no reason": ("exclusion_reason", lambda c: c.schedule(family_invited=False)),
    "conference inviting somebody of another family": ("persons", lambda c: c.schedule(persons=[c.sanne])),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_and_nothing_is_written(name, ctx, counts):
    field, call = CASES[name]
    before = counts()
    with pytest.raises(CaseworkError) as err:
        call(ctx)
    assert set(err.value.problems) == {field}, err.value.problems
    message = err.value.problems[field]
    assert message["nl"].strip() and message["en"].strip() and message["nl"] != message["en"]
    assert err.value.messages("nl")[field] == message["nl"] and err.value.messages("en")[field] == message["en"]
    assert field in str(err.value)
    after = counts()
    # The "action" / "status of an action" cases add one valid action first; everything else writes nothing.
    if name == "unknown action status":
        after["casework.Action"] -= 1
        after["casework.PlanVersion"] -= 1
        after["casework.AccessLog"] -= 1
    assert after == before


@pytest.mark.parametrize("name", ["child born in the future", "parent born in the future, joining later"])
def test_a_birth_date_in_the_future_is_impossible(name, ctx, counts):
    kwargs = (dict(role=v.CHILD, birth_date=DAY + timedelta(days=400), start=DAY) if name.startswith("child")
              else dict(role=v.PARENT, birth_date=DAY + timedelta(days=400), start=DAY + timedelta(days=500)))
    before = counts()
    with pytest.raises(CaseworkError) as err:
        ctx.add_member(**kwargs)
    assert set(err.value.problems) == {"birth_date"}
    assert counts() == before


# The referral state machine (services/referrals.py docstring; Referral model docstring; issue text):
# requested -> accepted / rejected -> in progress -> completed; requested / accepted -> revoked; requested -> expired.
ALLOWED = {(v.REQUESTED, v.ACCEPTED), (v.REQUESTED, v.REJECTED), (v.ACCEPTED, v.STARTED), (v.STARTED, v.COMPLETED),
           (v.REQUESTED, v.REVOKED), (v.ACCEPTED, v.REVOKED)}
MOVES = {v.ACCEPTED: lambda c, r: referrals.accept(c.shv.user, r, now=at(DAY, 11)),
         v.REJECTED: lambda c, r: referrals.reject(c.shv.user, r, "Vol", now=at(DAY, 11)),
         v.STARTED: lambda c, r: referrals.start(c.shv.user, r, now=at(DAY, 11)),
         v.COMPLETED: lambda c, r: referrals.complete(c.shv.user, r, now=at(DAY, 11)),
         v.REVOKED: lambda c, r: referrals.revoke(c.coach.user, r, "Niet meer nodig", now=at(DAY, 11))}


@pytest.mark.parametrize("source,target", list(product(v.REFERRAL_STATUSES, MOVES)))
def test_referral_transitions(source, target, ctx, counts):
    ref = ctx.ref
    Referral.objects.filter(pk=ref.pk).update(status=source, answer_reason="eerder" if source in (v.REJECTED, v.REVOKED) else "")
    ref.refresh_from_db()
    if (source, target) in ALLOWED:
        MOVES[target](ctx, ref)
        ref.refresh_from_db()
        assert ref.status == target
        return
    before = counts()
    with pytest.raises(TransitionError) as err:
        MOVES[target](ctx, ref)
    assert set(err.value.problems) == {"status"}
    assert err.value.messages("nl")["status"] and err.value.messages("en")["status"]
    assert counts() == before
    assert Referral.objects.get(pk=ref.pk).status == source


def test_expiry(ctx, counts):
    ref = ctx.ref
    assert ref.expires_at == at(DAY) + timedelta(days=referrals.DEFAULT_ANSWER_DAYS)
    # At the expiry moment itself it can still be accepted, and it has not expired yet (the demo's own open
    # referral, requested two days before DAY, may expire here; this one must not).
    referrals.expire_overdue(now=ref.expires_at)
    assert Referral.objects.get(pk=ref.pk).status == v.REQUESTED
    late = ctx.refer(to=team_of(ctx.staff["jeugdzorg"]), now=at(DAY - timedelta(days=10)))
    answered = ctx.refer(to=team_of(ctx.staff["ggz"]), now=at(DAY - timedelta(days=10)))
    referrals.reject(ctx.staff["ggz"].user, answered, "Geen plek", now=at(DAY - timedelta(days=9)))
    expired_before = Referral.objects.filter(status=v.EXPIRED).count()
    assert referrals.expire_overdue(now=at(DAY)) == 1
    assert Referral.objects.filter(status=v.EXPIRED).count() == expired_before + 1
    late.refresh_from_db()
    assert (late.status, late.closed_at) == (v.EXPIRED, at(DAY))
    assert Referral.objects.get(pk=answered.pk).status == v.REJECTED
    assert Referral.objects.get(pk=ref.pk).status == v.REQUESTED
    # An expired referral cannot be accepted any more; nothing changes.
    before = counts()
    with pytest.raises(TransitionError):
        referrals.accept(ctx.staff["jeugdzorg"].user, late, now=at(DAY))
    assert counts() == before
    # Accepting after expires_at but before the daily job ran: refused too.
    with pytest.raises(TransitionError) as err:
        referrals.accept(ctx.shv.user, ref, now=ref.expires_at + timedelta(minutes=1))
    assert "expired" in err.value.messages("en")["status"]
    assert referrals.accept(ctx.shv.user, ref, now=ref.expires_at).status == v.ACCEPTED
    assert AccessLog.objects.filter(family_id=ctx.f.pk, detail__contains=v.ACCEPTED).exists()


def test_a_parent_who_leaves_later_can_still_give_consent_today(ctx):
    """Membership is time-bounded: a parent whose leaving date is set but still ahead is a parent today."""
    membership = ctx.f.memberships.get(person=ctx.ines)
    families.end_membership(ctx.coach.user, membership, DAY + timedelta(days=30))
    given = ctx.give()
    assert given.given_by == ctx.ines
    # After leaving, no longer.
    families.end_membership(ctx.coach.user, membership, DAY - timedelta(days=1))
    with pytest.raises(CaseworkError) as err:
        ctx.give(organisation_id=ctx.coach.organisation_id)  # a consent the coach may record, but not from her any more
    assert set(err.value.problems) == {"given_by"}


def test_a_member_who_left_can_move_back_in_later(ctx):
    """Membership over time: Bo leaves and comes back; the two periods may not overlap, and both are kept."""
    membership = ctx.f.memberships.get(person=ctx.bo)
    families.end_membership(ctx.coach.user, membership, DAY - timedelta(days=5))
    with pytest.raises(CaseworkError) as err:  # back before leaving: the periods would overlap
        ctx.add_member(person=ctx.bo, start=DAY - timedelta(days=6))
    assert set(err.value.problems) == {"start"}
    back = ctx.add_member(person=ctx.bo, start=DAY)
    assert [(m.start, m.end) for m in ctx.f.memberships.filter(person=ctx.bo).order_by("start")] == \
        [(membership.start, DAY - timedelta(days=5)), (back.start, None)]
