"""GDPR access request: services.export.person_export holds everything about one person and nothing of other
families, and is itself logged."""

import json
from datetime import date, timedelta

import pytest

from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog
from meedoen.casework.services import analysis, consent, export, families, plans, referrals

DAY = date(2026, 3, 1)


def team_of(pro):
    return pro.teams.first()


@pytest.fixture
def filled(small_family, staff):
    """The small family with a plan, an analysis (one row for Bo, one for Jip), a referral about Bo, a withdrawn consent."""
    coach, jz = staff["professional"], staff["jeugdzorg"]
    fam = small_family
    ines, bo, jip = (fam.memberships.get(person__first_name=n).person for n in ("Ines", "Bo", "Jip"))
    plan = fam.plan
    plans.add_goal(coach.user, plan, plan.version, "Bo slaapt weer goed.", "parenting", by_family=True)
    plans.add_action(coach.user, plan, plan.version, "Slaapadvies", coach.organisation, DAY + timedelta(days=5))
    analysis.record(coach.user, fam, coach.organisation, made_on=DAY - timedelta(days=5), assessments=[
        dict(person=None, domain="income", score=2, situation="Krap rond"),
        dict(person=bo, domain="school", score=2, situation="Bo: veel ziek thuis"),
        dict(person=jip, domain="school", score=4, situation="Jip: gaat graag naar school")],
        debts=[dict(creditor="Energie", kind="energy", amount_cents=30000)])
    from django.utils import timezone

    referrals.request(coach.user, fam, team_of(coach), team_of(jz), help_kind="jeugdhulp", reason="Bo slaapt slecht",
                      summary="Bo (10) slaapt slecht", person=bo, now=timezone.now())
    given = consent.give(coach.user, fam, organisation_id=jz.organisation_id, category=v.PLAN, purpose=v.HELP, given_by=ines)
    consent.withdraw(coach.user, given)
    return {"family": fam, "ines": ines, "bo": bo, "jip": jip}


def test_the_export_holds_memberships_consents_plan_and_log(filled, staff):
    ines, fam = filled["ines"], filled["family"]
    logged = AccessLog.objects.filter(family_id=fam.pk).count()
    data = export.person_export(staff["professional"].user, ines)
    assert data["person"]["first_name"] == "Ines" and data["person"]["birth_date"] == "1990-05-01"
    assert data["memberships"] == [{"family": "Z-T-0100", "municipality": "Zoetermeer", "role": v.PARENT,
                                    "start": (DAY - timedelta(days=30)).isoformat(), "end": None}]
    # Consents: all of them, the withdrawn one with its date (the rows are the history).
    assert len(data["consents"]) == len(v.CATEGORIES) + 1
    withdrawn = [c for c in data["consents"] if c["withdrawn_at"]]
    assert [(c["organisation"], c["category"]) for c in withdrawn] == [("Bureau Jeugdzorg Haaglanden", v.PLAN)]
    # The plan.
    (plan,) = data["plans"]
    assert plan["family"] == "Z-T-0100" and plan["family_words"] == "Rust in huis."
    assert plan["goals"] == [{"text": "Bo slaapt weer goed.", "achieved": False}]
    assert [a["description"] for a in plan["actions"]] == ["Slaapadvies"]
    # The access log of the family, every row, including the consent changes.
    assert len(data["access_log"]) == logged
    assert {"consent", v.PLAN, v.ANALYSIS, v.REFERRALS, v.BASIC} <= {row["category"] for row in data["access_log"]}
    # Household rows of the analysis, not the children's own rows.
    assert {a["situation"] for a in data["assessments"]} == {"Krap rond"}
    assert data["debts"] == [{"creditor": "Energie", "kind": "energy", "amount_cents": 30000}]
    json.dumps(data)  # plain data


def test_the_export_is_logged(filled, staff):
    ines, fam = filled["ines"], filled["family"]
    before = AccessLog.objects.count()
    export.person_export(staff["professional"].user, ines)
    assert AccessLog.objects.count() == before + 1
    row = AccessLog.objects.order_by("-id").first()
    assert (row.action, row.category, row.purpose, row.family_id, row.person_id) == (v.EXPORT, "export", "access_request", fam.pk, ines.pk)
    assert row.actor_name == staff["professional"].name


def test_a_child_export_holds_its_own_rows_not_its_siblings(filled, staff):
    jip = filled["jip"]
    data = export.person_export(staff["professional"].user, jip)
    assert {a["situation"] for a in data["assessments"]} == {"Krap rond", "Jip: gaat graag naar school"}
    assert data["referrals"] == []  # the referral is about Bo
    bo_data = export.person_export(staff["professional"].user, filled["bo"])
    assert [r["summary"] for r in bo_data["referrals"]] == ["Bo (10) slaapt slecht"]
    assert "Jip: gaat graag naar school" not in json.dumps(bo_data, ensure_ascii=False)


def test_nothing_of_another_family_is_in_the_export(filled, fams, staff):
    text = json.dumps(export.person_export(staff["professional"].user, filled["ines"]), ensure_ascii=False)
    bakker = fams["bakker"]
    for foreign in ("Z-CW-0001", "Z-CW-0002", "Sanne", "Bakker", "Yilmaz", "Woningcorporatie (huur)", "Ik wil rust", "Basisschool De Regenboog"):
        assert foreign not in text, foreign
    other_ids = set(AccessLog.objects.filter(family_id=bakker.pk).values_list("id", flat=True))
    assert other_ids  # Bakker's file has a log; none of it is in Ines's export
    data = export.person_export(staff["professional"].user, filled["ines"])
    assert all(row["who"] != "Sanne Bakker" for row in data["access_log"])


def test_a_person_who_moved_between_families_gets_both(filled, staff, zoetermeer):
    """Membership is time-bounded (R-01): Bo moves to his father's household; the export holds both memberships."""
    coach, bo, fam = staff["professional"], filled["bo"], filled["family"]
    families.end_membership(coach.user, fam.memberships.get(person=bo), DAY - timedelta(days=1))
    father = families.create_family(coach.user, team_of(coach), municipality=zoetermeer, reference="Z-T-0102", name="Gezin Vader",
                                    since=DAY, help_kind="gezinscoaching", members=[
        dict(first_name="Ruud", last_name="Test", role=v.PARENT, start=DAY, birth_date=date(1986, 3, 3))])
    families.add_member(coach.user, father, first_name="", last_name="", role=v.CHILD, start=DAY, person=bo)
    data = export.person_export(coach.user, bo)
    assert [(m["family"], m["start"], m["end"]) for m in data["memberships"]] == [
        ("Z-T-0100", (DAY - timedelta(days=30)).isoformat(), (DAY - timedelta(days=1)).isoformat()), ("Z-T-0102", DAY.isoformat(), None)]
    assert {row["family_id"] for row in AccessLog.objects.filter(action=v.EXPORT, person_id=bo.pk).values("family_id")} == {fam.pk, father.pk}
    # On the day, Bo is a member of his father's household only.
    assert [m.family_id for m in bo.memberships.filter(start__lte=DAY, end__isnull=True)] == [father.pk]
