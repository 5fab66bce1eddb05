"""Warm handover (R-19, seeds-itj.md line 1278): the referrer stays on until the receiver accepts; lead time (R-21);
the involvement register with mutual, content-free notification, siblings included (R-24, line 1287)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.models import Involvement, Notification
from meedoen.casework.services import analysis, families, referrals

DAY = date(2026, 3, 1)


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def team_of(pro):
    return pro.teams.first()


def sees(pro, family, day=None):
    return access.visible_families(pro.user, day).filter(pk=family.pk).exists()


@pytest.fixture
def coach(staff):
    return staff["professional"]


@pytest.fixture
def shv(staff):
    return staff["schuldhulp"]


def refer(coach, family, to, handover, day=DAY - timedelta(days=5), **kw):
    return referrals.request(coach.user, family, team_of(coach), team_of(to), help_kind=kw.pop("help_kind", "schuldhulp"),
                             reason="Schulden lopen op.", summary="Huurachterstand, geen inkomen.", handover=handover, now=at(day), **kw)


def test_with_a_handover_the_referrer_stays_on_until_the_receiver_accepts(small_family, coach, shv):
    ref = refer(coach, small_family, shv, handover=True)
    # Requested: the referrer still helps, the receiver does not see the family yet.
    assert sees(coach, small_family) and not sees(shv, small_family)
    referrals.accept(shv.user, ref, professional=shv, now=at(DAY - timedelta(days=2), 15))
    # Accepted: the receiver is involved from the day it accepted; the referrer's involvement ends that day.
    new = Involvement.objects.get(family=small_family, organisation=shv.organisation)
    assert (new.since, new.until, new.professional, new.help_kind) == (DAY - timedelta(days=2), None, shv, "schuldhulp")
    old = Involvement.objects.get(family=small_family, organisation=coach.organisation)
    assert old.until == DAY - timedelta(days=2)
    assert sees(coach, small_family, DAY - timedelta(days=2))  # the handover day itself: both
    assert not sees(coach, small_family) and sees(shv, small_family)
    assert not access.families_for(coach.user, v.PLAN).filter(pk=small_family.pk).exists()
    # The lead time: from the request to the answer.
    assert ref.lead_time == ref.answered_at - ref.requested_at == timedelta(days=3, hours=5)


def test_without_a_handover_the_referrer_keeps_helping(small_family, coach, shv):
    ref = refer(coach, small_family, shv, handover=False)
    referrals.accept(shv.user, ref, now=at(DAY - timedelta(days=4)))
    assert sees(coach, small_family) and sees(shv, small_family)
    assert Involvement.objects.get(family=small_family, organisation=coach.organisation).until is None
    referrals.start(shv.user, ref, now=at(DAY - timedelta(days=3)))
    referrals.complete(shv.user, ref, now=at(DAY))
    ref.refresh_from_db()
    assert ref.status == v.COMPLETED and ref.lead_time == timedelta(days=1)  # the answer, not the completion
    assert (ref.started_at, ref.closed_at) == (at(DAY - timedelta(days=3)), at(DAY))


def test_rejected_or_revoked_the_referrer_keeps_the_family(small_family, coach, shv, staff):
    rejected = refer(coach, small_family, shv, handover=True)
    referrals.reject(shv.user, rejected, "Eerst een inkomen regelen.", now=at(DAY - timedelta(days=4)))
    revoked = refer(coach, small_family, staff["jeugdzorg"], handover=True)
    referrals.revoke(coach.user, revoked, "Het gaat beter.", now=at(DAY - timedelta(days=4)))
    assert sees(coach, small_family)
    assert not sees(shv, small_family) and not sees(staff["jeugdzorg"], small_family)
    # A rejection is an answer: it has a lead time. The revoked one never got an answer: it waited until revoked.
    assert rejected.lead_time == rejected.answered_at - rejected.requested_at and rejected.waited(at(DAY)) is None
    assert revoked.lead_time is None and revoked.waited(at(DAY)) == revoked.closed_at - revoked.requested_at
    assert Involvement.objects.filter(family=small_family).count() == 1


def test_on_accept_both_organisations_are_told_of_each_other(small_family, coach, shv):
    before = set(Notification.objects.values_list("pk", flat=True))
    ref = refer(coach, small_family, shv, handover=False)
    assert set(Notification.objects.values_list("pk", flat=True)) == before  # a request alone tells nobody
    referrals.accept(shv.user, ref, professional=shv, now=at(DAY - timedelta(days=4)))
    new = Notification.objects.exclude(pk__in=before).select_related("organisation")
    assert {n.organisation.slug for n in new} == {"kwadraad", "schuldhulp_zoetermeer"}
    to_coach = new.get(organisation=coach.organisation)
    assert "Marleen Bos" in to_coach.text_nl and shv.organisation.name in to_coach.text_en


def test_a_second_organisation_with_a_sibling_notifies_both_without_content(small_family, coach, staff):
    """Registration with one child tells the organisation helping another child (siblings included), and the other way
    round: organisation and contact only -- not the kind of help, not the analysis."""
    jz, ggz = staff["jeugdzorg"], staff["ggz"]
    bo = small_family.memberships.get(person__first_name="Bo").person
    jip = small_family.memberships.get(person__first_name="Jip").person
    analysis.record(coach.user, small_family, coach.organisation, made_on=DAY - timedelta(days=10),
                    assessments=[dict(person=bo, domain="mental_health", score=1, situation="Zelfbeschadiging")],
                    problems=[dict(person=bo, domain="mental_health", description="Angststoornis", kind=v.CAUSE)])
    families.register_involvement(jz.user, small_family, team_of(jz), since=DAY - timedelta(days=8), help_kind="jeugdhulp bij angst",
                                  person=bo, professional=jz, contact="Sander Mulder, 079 111 11 11")
    before = set(Notification.objects.values_list("pk", flat=True))
    families.register_involvement(ggz.user, small_family, team_of(ggz), since=DAY - timedelta(days=2), help_kind="psychiatrische behandeling",
                                  person=jip, professional=ggz)
    new = list(Notification.objects.exclude(pk__in=before).select_related("organisation"))
    # Told: the organisation helping the sibling (jeugdzorg) and the one helping the whole family (Kwadraad); and GGZ of each.
    told = sorted((n.organisation.slug, n.kind) for n in new)
    assert told == sorted([("bureau_jeugdzorg", "also_involved"), ("kwadraad", "also_involved"),
                           ("bureau_basiszorg", "also_involved"), ("bureau_basiszorg", "also_involved")])
    to_jz = next(n for n in new if n.organisation.slug == "bureau_jeugdzorg")
    to_ggz = [n for n in new if n.organisation.slug == "bureau_basiszorg"]
    assert ggz.organisation.name in to_jz.text_nl and "Pieter Kramer" in to_jz.text_nl and small_family.reference in to_jz.text_nl
    assert any("Sander Mulder, 079 111 11 11" in n.text_nl for n in to_ggz)
    forbidden = ["jeugdhulp", "angst", "psychiatr", "behandeling", "Zelfbeschadiging", "Angststoornis", "Bo", "Jip", "Ines"]
    for n in new:
        for word in forbidden:
            assert word.lower() not in (n.text_nl + " " + n.text_en).lower(), (word, n.text_nl)
    # Nobody reads the notification's family through it: the receiving organisation still needs its own consent.
    assert not access.families_for(jz.user, v.ANALYSIS).filter(pk=small_family.pk).exists()


def test_no_notification_to_an_organisation_that_has_stopped_or_to_itself(small_family, coach, staff):
    jz, shv = staff["jeugdzorg"], staff["schuldhulp"]
    stopped = families.register_involvement(jz.user, small_family, team_of(jz), since=DAY - timedelta(days=20), help_kind="x")
    families.end_involvement(jz.user, stopped, DAY - timedelta(days=10))
    before = set(Notification.objects.values_list("pk", flat=True))
    families.register_involvement(shv.user, small_family, team_of(shv), since=DAY - timedelta(days=5), help_kind="schuldhulp")
    told = set(Notification.objects.exclude(pk__in=before).values_list("organisation__slug", flat=True))
    assert told == {"kwadraad", "schuldhulp_zoetermeer"}
    # A second involvement of an organisation that is already the only other one: it is not told about itself.
    before = set(Notification.objects.values_list("pk", flat=True))
    families.register_involvement(shv.user, small_family, team_of(shv), since=DAY - timedelta(days=4), help_kind="budgetbeheer")
    texts = list(Notification.objects.exclude(pk__in=before).filter(organisation=shv.organisation).values_list("text_en", flat=True))
    assert texts and not any(shv.organisation.name in t.split(" also helps")[0] for t in texts)


def test_handing_over_one_child_does_not_end_the_help_for_the_family(small_family, coach, staff):
    jz = staff["jeugdzorg"]
    bo = small_family.memberships.get(person__first_name="Bo").person
    ref = refer(coach, small_family, jz, handover=True, help_kind="jeugdhulp", person=bo)
    referrals.accept(jz.user, ref, now=at(DAY - timedelta(days=3)))
    assert Involvement.objects.get(family=small_family, organisation=coach.organisation, person__isnull=True).until is None
    assert sees(coach, small_family)
