"""GDPR access request: services.export.person_export holds everything about one person and nothing of other
families, and is itself logged."""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, ConfidentialNote, FamilyAccount, Notification, PlanVersion
from meedoen.casework.services import analysis, conferences, consent, export, families, notes, plans, referrals, schemes

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
    # Recorded and withdrawn by a worker of that organisation (another organisation may not open its access).
    given = consent.give(jz.user, fam, organisation_id=jz.organisation_id, category=v.PLAN, purpose=v.HELP, given_by=ines)
    consent.withdraw(jz.user, given)
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


# --- the sections added after the review: coordinators, escalations, notifications, schemes, analyses, conference
# participation, plan versions, households, confidential notes (the family's own export only) ---------------------


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def member(family, first_name):
    return family.memberships.get(person__first_name=first_name).person


def family_user(username):
    return get_user_model().objects.get(username=username)


def note(author, family, text, day=DAY, named=()):
    """A confidential note written on ``day`` (created_at is set by the clock; the test pins it)."""
    made = notes.add_confidential_note(author, family, text, list(named))
    ConfidentialNote.objects.filter(pk=made.pk).update(created_at=at(day, 10))
    return made


@pytest.fixture
def bakker_file(fams, staff):
    """Bakker (demo: coordinator Fatima, analysis 'Eerste gezinsanalyse', notifications) plus a confidential note, an
    escalation, a scheme in use, a held conference Sanne was invited to (one decision), one Sanne was not invited to;
    and Yilmaz with its own confidential note, escalation-free but with its own conference (the parents invited)."""
    coach, school = staff["professional"], staff["school"]
    bakker, yilmaz = fams["bakker"], fams["yilmaz"]
    sanne, noah = member(bakker, "Sanne"), member(bakker, "Noah")
    consent.give(coach.user, bakker, organisation_id=school.organisation_id, category=v.NOTES, purpose=v.HELP, given_by=sanne)
    note(coach.user, bakker, "Sanne vertelde in vertrouwen over haar ex-partner.", named=[school.user])
    note(coach.user, yilmaz, "Geheim van gezin Yilmaz: Deniz heeft een vriendje.")
    escalation = plans.escalate(coach.user, bakker, "Betalingsregeling huur loopt vast.")
    schemes.mark_scheme_used(coach.user, bakker, "zoetermeerpas", DAY - timedelta(days=10), "ZoetermeerPas")
    held = conferences.schedule(coach.user, bakker, scheduled_at=at(DAY - timedelta(days=2), 10), location="Stadhuis Zoetermeer",
                                agenda="Huur en inkomen", professionals=[coach], persons=[sanne])
    bakker.plan.refresh_from_db()
    conferences.record_outcome(coach.user, held, minutes="Verhuurder gebeld.", plan_version=bakker.plan.version, decisions=[
        dict(text="Huurregeling aanvragen", organisation=coach.organisation, due_date=DAY + timedelta(days=14))])
    conferences.schedule(coach.user, bakker, scheduled_at=at(DAY + timedelta(days=9), 14), location="School",
                         agenda="Alleen over Noah", professionals=[school], persons=[noah])
    return {"family": bakker, "sanne": sanne, "noah": noah, "escalation": escalation, "held": held}


def test_the_familys_own_export_holds_every_new_section(bakker_file):
    bakker, sanne = bakker_file["family"], bakker_file["sanne"]
    data = export.person_export(family_user("gezin-bakker"), sanne)
    json.dumps(data)  # plain data

    (coordinator,) = data["coordinators"]
    assert coordinator["family"] == "Z-CW-0001" and coordinator["chosen_with_family"] is True
    assert coordinator["how_chosen"] == "Sanne koos Fatima in het gesprek op school: zij kent haar al."
    assert coordinator["mandate"] == "Mag afspraken maken met verhuurder en sociale dienst en het overleg bijeenroepen."
    assert coordinator["start"] == (DAY - timedelta(days=60) + timedelta(days=14)).isoformat() and coordinator["end"] is None

    escalation = bakker_file["escalation"]
    escalation.refresh_from_db()  # the moment as stored (UTC), as the export reads it
    assert data["escalations"] == [{"family": "Z-CW-0001", "level": 1, "level_title": escalation.level_title,
                                    "reason": "Betalingsregeling huur loopt vast.", "raised_at": escalation.raised_at.isoformat(),
                                    "resolved_on": None, "resolution": "", "resolved_by": ""}]

    told = list(Notification.objects.filter(family=bakker).select_related("organisation"))
    assert told  # the demo's involvements told the organisations of each other
    assert sorted((n["organisation"], n["at"]) for n in data["notifications"]) == sorted(
        (n.organisation.name, n.created_at.isoformat()) for n in told)
    assert all(set(n) == {"organisation", "at"} for n in data["notifications"])  # organisation and date only
    assert not any(n.text_nl in json.dumps(data, ensure_ascii=False) for n in told)

    assert data["scheme_uses"] == [{"family": "Z-CW-0001", "scheme_id": "zoetermeerpas", "since": (DAY - timedelta(days=10)).isoformat()}]
    assert [(a["family"], a["summary"]) for a in data["analyses"]] == [("Z-CW-0001", "Eerste gezinsanalyse")]
    assert data["analyses"][0]["made_on"] == (DAY - timedelta(days=60) + timedelta(days=14)).isoformat()

    # Conference participation: the one Sanne was invited to, with its decision; not the one about Noah only.
    (invited,) = data["conference_participation"]
    assert datetime.fromisoformat(invited.pop("scheduled_at")) == at(DAY - timedelta(days=2), 10)
    assert invited == {"family": "Z-CW-0001", "location": "Stadhuis Zoetermeer", "status": v.HELD, "agenda": "Huur en inkomen",
                       "minutes": "Verhuurder gebeld.", "decisions": ["Huurregeling aanvragen"]}
    assert len(data["conferences"]) == 2  # the family's conferences, as before

    versions = list(PlanVersion.objects.filter(plan__family=bakker).order_by("number"))
    assert [pv["number"] for pv in data["plan_versions"]] == [pv.number for pv in versions] == list(range(1, len(versions) + 1))
    assert data["plan_versions"][0] == {"family": "Z-CW-0001", "number": 1, "changed_at": versions[0].changed_at.isoformat(),
                                        "changed_by": "Fatima el Amrani", "change_kind": "plan gestart / plan started"}
    assert data["plan_versions"][-1]["change_kind"] == "afspraak toegevoegd / action added"  # the decision; its words are in the plan
    assert all(":" not in pv["change_kind"] for pv in data["plan_versions"])

    assert data["households"] == [{"family": "Z-CW-0001", "name": "Gezin Bakker", "district": "Palenstein", "assets_cents": 0,
                                   "housing_costs_cents": 72000, "fixed_costs_cents": 98000, "years_at_social_minimum": None,
                                   "received_income_supplement_last_12_months": None}]

    (kept,) = data["confidential_notes"]
    coach = bakker_file["held"].convened_by.professional
    assert datetime.fromisoformat(kept.pop("at")) == at(DAY, 10)
    assert kept == {"family": "Z-CW-0001", "author": coach.name, "organisation": coach.organisation.name,
                    "text": "Sanne vertelde in vertrouwen over haar ex-partner."}
    assert data["withheld"] == []


def test_the_existing_keys_stay(bakker_file, staff):
    data = export.person_export(staff["professional"].user, bakker_file["sanne"])
    assert {"person", "memberships", "assessments", "problems", "debts", "helpers", "referrals", "conferences", "plans",
            "consents", "accounts", "access_log"} <= set(data)


def test_a_professionals_export_holds_no_confidential_note(bakker_file, staff):
    """The coordinator requests the export (and hands it over): notes stay with their author and the people named."""
    for requester in (staff["professional"].user, family_user("school")):  # the author; a named colleague
        data = export.person_export(requester, bakker_file["sanne"])
        text = json.dumps(data, ensure_ascii=False)
        assert "confidential_notes" not in data and "in vertrouwen" not in text
        assert [w["section"] for w in data["withheld"]] == ["confidential_notes"]
        assert "escalations" in data and data["coordinators"]  # the rest is there


def test_nothing_of_another_family_is_in_the_new_sections(bakker_file, fams):
    data = export.person_export(family_user("gezin-bakker"), bakker_file["sanne"])
    text = json.dumps(data, ensure_ascii=False)
    for foreign in ("Geheim van gezin Yilmaz", "Deniz", "Z-CW-0002", "Gezinsanalyse met beide ouders",
                    "Roept het overleg bijeen en bewaakt de afspraken.", "CJG Meerpunt", "Hoe gaat het met Deniz"):
        assert foreign not in text, foreign
    for section in ("coordinators", "escalations", "scheme_uses", "analyses", "conference_participation", "plan_versions",
                    "confidential_notes", "households"):
        assert {row["family"] for row in data[section]} <= {"Z-CW-0001"}, section
    assert len(data["notifications"]) == Notification.objects.filter(family=fams["bakker"]).count()


def test_a_child_has_its_own_conference_participation(bakker_file, staff):
    data = export.person_export(staff["professional"].user, bakker_file["noah"])
    assert [(c["agenda"], c["status"], c["decisions"]) for c in data["conference_participation"]] == [("Alleen over Noah", v.PLANNED, [])]


def test_notes_only_from_the_time_the_person_was_a_member(filled, staff, fams):
    """Ines's own account: a note of her family while she lived there is hers to see; one written after she left is
    about others; one of another family never."""
    coach, fam, ines = staff["professional"], filled["family"], filled["ines"]
    account = get_user_model().objects.create_user("gezin-test-ines")
    FamilyAccount.objects.create(user=account, family=fam, person=ines)
    note(coach.user, fam, "Tijdens: Ines vertelt over thuis.", day=DAY - timedelta(days=10))
    note(coach.user, fams["bakker"], "Bakker: een ander gezin.", day=DAY - timedelta(days=10))
    note(coach.user, fam, "Voor: nog niet bij het gezin.", day=DAY - timedelta(days=40))
    families.end_membership(coach.user, fam.memberships.get(person=ines), DAY - timedelta(days=5))
    note(coach.user, fam, "Na: over de nieuwe situatie zonder Ines.", day=DAY - timedelta(days=1))
    data = export.person_export(account, ines)
    assert [n["text"] for n in data["confidential_notes"]] == ["Tijdens: Ines vertelt over thuis."]
    # Bo has no account: the professional's export of Bo holds no notes at all.
    assert "confidential_notes" not in export.person_export(coach.user, filled["bo"])
    # Another person's account (Sanne, Bakker) never gets Ines's family's notes: she exports herself only.
    sanne_data = export.person_export(family_user("gezin-bakker"), member(filled["family"], "Ines"))
    assert "confidential_notes" not in sanne_data  # not Ines's own account: treated as not the family's own export


def test_the_export_writes_one_export_row(bakker_file):
    sanne, bakker = bakker_file["sanne"], bakker_file["family"]
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first()
    export.person_export(family_user("gezin-bakker"), sanne)
    (row,) = AccessLog.objects.filter(id__gt=before)
    assert (row.action, row.category, row.purpose, row.family_id, row.person_id, row.actor_name) == (
        v.EXPORT, "export", "access_request", bakker.pk, sanne.pk, "Sanne Bakker")


def more_rows(bakker_file, staff, n):
    """``n`` more of every row the export lists: notes, escalations (resolved, so a next one can be raised), schemes,
    conferences with Sanne and a decision, plan versions, involvements (and so notifications), consents, log rows."""
    from meedoen.casework.models import Escalation, Team

    coach, bakker, sanne = staff["professional"], bakker_file["family"], bakker_file["sanne"]
    for i in range(n):
        note(coach.user, bakker, f"Aantekening {i}")
        Escalation.objects.filter(family=bakker).update(resolved_on=DAY)
        plans.escalate(coach.user, bakker, f"Vast {i}")
        schemes.mark_scheme_used(coach.user, bakker, f"regeling-{i}", DAY, f"Regeling {i}")
        held = conferences.schedule(coach.user, bakker, scheduled_at=at(DAY - timedelta(days=3 + i)), location=f"Plek {i}",
                                    agenda=f"Agenda {i}", professionals=[coach], persons=[sanne])
        bakker.plan.refresh_from_db()
        conferences.record_outcome(coach.user, held, minutes=f"Verslag {i}", plan_version=bakker.plan.version, decisions=[
            dict(text=f"Besluit {i}", organisation=coach.organisation, due_date=DAY + timedelta(days=20))])
        bakker.plan.refresh_from_db()
        plans.add_goal(coach.user, bakker.plan, bakker.plan.version, f"Doel {i}")
        plans.add_comment(coach.user, bakker.plan, f"Reactie {i}")
        analysis.record(coach.user, bakker, coach.organisation, made_on=DAY, summary=f"Analyse {i}",
                        assessments=[dict(person=sanne, domain="income", score=2, situation=f"Situatie {i}")],
                        problems=[dict(person=sanne, domain="income", description=f"Probleem {i}", kind=v.CAUSE)],
                        debts=[dict(person=None, creditor=f"Schuldeiser {i}", kind="loan", amount_cents=100 * i)])
    here = [pro for pro in staff.values() if pro.organisation.municipality_id == bakker.municipality_id]
    assert len(here) >= n
    for pro in here[:n]:
        families.register_involvement(pro.user, bakker, Team.objects.filter(organisation=pro.organisation).first(), since=DAY,
                                      help_kind=f"hulp {pro.user.username}", person=sanne)


# Measured: one query per section (the plans' goals, actions and comments prefetched, the conferences' decisions
# prefetched), the own-account check, and the export row.
EXPORT_QUERIES = 25


def test_query_count_is_bounded_and_does_not_grow_with_rows(bakker_file, staff, django_assert_max_num_queries):
    sanne = bakker_file["sanne"]
    account = family_user("gezin-bakker")
    export.person_export(account, sanne)  # warm-up
    with CaptureQueriesContext(connection) as first:
        small = export.person_export(account, sanne)
    count = len(first.captured_queries)  # now: the connection's query log is a bounded deque; adding rows may rotate it
    assert count <= EXPORT_QUERIES
    more_rows(bakker_file, staff, 5)
    with django_assert_max_num_queries(count):
        big = export.person_export(account, sanne)
    for section, extra in (("confidential_notes", 5), ("escalations", 5), ("scheme_uses", 5), ("conference_participation", 5),
                           ("analyses", 5), ("coordinators", 0)):
        assert len(big[section]) == len(small[section]) + extra, section
    assert len(big["plan_versions"]) >= len(small["plan_versions"]) + 10
    assert len(big["notifications"]) > len(small["notifications"]) and len(big["helpers"]) == len(small["helpers"]) + 5
    (plan,) = big["plans"]
    assert len(plan["comments"]) == 5 and {f"Besluit {i}" for i in range(5)} <= {a["description"] for a in plan["actions"]}
    # A professional's export: the same bound, without the notes query.
    with django_assert_max_num_queries(count):
        export.person_export(staff["professional"].user, sanne)
