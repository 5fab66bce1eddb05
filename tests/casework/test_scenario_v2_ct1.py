"""Scenario V2 / CT-1 end to end through the services: a depressed single mother of three, no income, rising
debts and an eviction threat (seeds-synthesis-stedenestafette.md §5 V2, lines 671-689; seeds-itj.md §5.5
CT-1, lines 799-812). The family is built fresh here, with explicit dates, so every step is checked.
"""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, Action, Notification, Referral, SchemeUse, Team
from meedoen.casework.services import analysis, consent, families, plans, referrals, schemes

DAY = date(2026, 3, 1)
INTAKE = DAY - timedelta(days=10)


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def team_of(pro):
    return pro.teams.first()


@pytest.fixture
def v2(staff, zoetermeer):
    """Steps 1-3 of V2 (source line 679): the school notices, the mother agrees, the school refers to the family coach."""
    school, coach = staff["school"], staff["professional"]
    # Step 1: the school's intern begeleider registers the family (V2 "Organisations (in order)" 1).
    family = families.create_family(school.user, team_of(school), municipality=zoetermeer, reference="Z-V2-0001", name="Gezin Visser",
                                    district="Palenstein", since=INTAKE, help_kind="zorg op school", members=[
        dict(first_name="Roos", last_name="Visser", role=v.PARENT, start=INTAKE, birth_date=date(1992, 11, 3),
             monthly_net_income_cents={"benefit": 0}, statuses={"receives_social_assistance": False}),
        dict(first_name="Finn", last_name="Visser", role=v.CHILD, start=INTAKE, birth_date=date(2017, 9, 1),
             school={"attends_school": True, "level": "primary"}),
        dict(first_name="Lieke", last_name="Visser", role=v.CHILD, start=INTAKE, birth_date=date(2019, 10, 1),
             school={"attends_school": True, "level": "primary"}),
        dict(first_name="Sem", last_name="Visser", role=v.CHILD, start=INTAKE, birth_date=date(2022, 12, 1)),
    ])
    family.assets_cents, family.housing_costs_cents, family.fixed_costs_cents = 0, 72000, 98000
    family.save(update_fields=["assets_cents", "housing_costs_cents", "fixed_costs_cents"])
    roos = family.memberships.get(person__first_name="Roos").person
    # Step 2: consent per receiving organisation x category x purpose.
    for category in (v.PLAN, v.MEETINGS):
        consent.give(school.user, family, organisation_id=school.organisation_id, category=category, purpose=v.HELP, given_by=roos, now=at(INTAKE))
    for category in v.CATEGORIES:  # the coach records its own (Roos tells it in the joint intake talk) ...
        consent.give(coach.user, family, organisation_id=coach.organisation_id, category=category, purpose=v.HELP, given_by=roos, now=at(INTAKE))
    # Step 3: warm handover school -> family coach; the school stays on (handover=False), the coach answers in 2 days.
    ref = referrals.request(school.user, family, team_of(school), team_of(coach), help_kind="gezinscoaching",
                            reason="Zorgen op school; moeder wil hulp.", summary="Moeder somber, geen inkomen, huurachterstand.",
                            handover=False, now=at(INTAKE, 9))
    consent.give(school.user, family, organisation_id=coach.organisation_id, category=v.REFERRALS, purpose=v.HANDOVER, given_by=roos,
                 now=at(INTAKE))  # ... the school, as referrer, the handover: her story goes along to the coach
    referrals.accept(coach.user, ref, professional=coach, now=at(INTAKE + timedelta(days=2), 9))
    return {"family": family, "roos": roos, "first_referral": ref}


def intake(coach, family, roos, complete):
    """The whole-family intake by the coach: all ten life domains for the household, a situation per child."""
    children = list(family.memberships.filter(role=v.CHILD).select_related("person").order_by("person__birth_date"))
    household = {
        "income": (1, "Geen inkomen; voorschotten van de sociale dienst."),
        "debts": (1, "Schulden lopen op."),
        "housing": (1, "Huurachterstand, dreigende uithuiszetting."),
        "network": (3, "Een vriendin helpt met geld en steun."),
        "physical_health": (4, "Geen bijzonderheden."),
        "school": (3, "Kinderen gaan naar school; IB en SMW maken zich zorgen."),
        "leisure": (2, "Geen geld voor sport of clubs."),
        "work": (1, "Geen werk."),
        "parenting": (2, "Moeder kan de kinderen weinig structuur geven."),
        "mental_health": (3, "Vader (niet in het gezin) is verslaafd; de kinderen zien hem weinig."),
    }
    assessments = [dict(person=None, domain=d, score=s, situation=t) for d, (s, t) in household.items()]
    assessments.append(dict(person=roos, domain="mental_health", score=2, situation="Somber, depressief."))
    child_text = ["Luistert slecht.", "Ruzie over eten.", "Jongste, thuis bij moeder."]
    for m, text in zip(children, child_text if complete else child_text[:2]):
        assessments.append(dict(person=m.person, domain="parenting", score=3, situation=text))
    return analysis.record(coach.user, family, coach.organisation, made_on=INTAKE + timedelta(days=3), summary="Intake",
                           assessments=assessments,
                           problems=[dict(person=roos, domain="mental_health", description="Depressie van moeder", kind=v.CAUSE),
                                     dict(person=None, domain="income", description="Geen inkomen", kind=v.CAUSE),
                                     dict(person=None, domain="housing", description="Dreigende uithuiszetting", kind=v.SYMPTOM)],
                           debts=[dict(creditor="Woningcorporatie (huur)", kind="rent", amount_cents=None if not complete else 184000),
                                  dict(creditor="Zorgverzekeraar", kind="health_insurance", amount_cents=45000),
                                  dict(creditor="CJIB", kind="cjib", amount_cents=13900)])


def test_the_referrer_answer_has_a_lead_time_and_the_school_stays_on(v2, staff):
    # R-21 (seeds-itj.md line 1280): the time from first contact to the right place is measured.
    ref = Referral.objects.get(pk=v2["first_referral"].pk)
    assert ref.status == v.ACCEPTED
    assert ref.lead_time == timedelta(days=2)
    # R-19 / handover=False: the school keeps seeing the family after the coach accepted.
    assert access.visible_families(staff["school"].user).filter(pk=v2["family"].pk).exists()
    assert access.visible_families(staff["professional"].user).filter(pk=v2["family"].pk).exists()


def test_intake_covers_all_domains_and_names_the_gaps(v2, staff):
    family, roos, coach = v2["family"], v2["roos"], staff["professional"]
    # V2 test assertion (1), line 688: the intake flags income none, debts rising, housing eviction risk,
    # health depression, parenting behaviour/eating -- for all members (R-02, line 1253).
    first = intake(coach, family, roos, complete=False)
    scores = {(a.person_id, a.domain): a.score for a in first.assessments.all()}
    assert scores[(None, "income")] == 1 and scores[(None, "debts")] == 1 and scores[(None, "housing")] == 1
    assert scores[(roos.pk, "mental_health")] == 2
    kinds = {p.description: p.kind for p in first.problems.all()}
    assert kinds == {"Depressie van moeder": v.CAUSE, "Geen inkomen": v.CAUSE, "Dreigende uithuiszetting": v.SYMPTOM}
    # R-05 (line 1256): the completeness indicator names the youngest child and the debt without an amount.
    gaps = [g["en"] for g in analysis.completeness(first)]
    assert "No situation recorded for Sem (child)." in gaps
    assert "Debt with Woningcorporatie (huur): amount unknown." in gaps
    assert len(gaps) == 2, gaps  # every other domain is covered by the household rows and the mother's own row
    assert all(g["nl"] for g in analysis.completeness(first))
    # Filled in: complete.
    second = intake(coach, family, roos, complete=True)
    assert analysis.completeness(second) == []


def test_a_score_without_words_is_no_recorded_situation_for_a_child(v2, staff):
    family, roos, coach = v2["family"], v2["roos"], staff["professional"]
    sem = family.memberships.get(person__first_name="Sem").person
    done = intake(coach, family, roos, complete=False)
    with_score_only = analysis.record(coach.user, family, coach.organisation, made_on=done.made_on, summary="Aanvulling",
                                      assessments=[*({"person": a.person, "domain": a.domain, "score": a.score, "situation": a.situation}
                                                     for a in done.assessments.all()),
                                                   dict(person=sem, domain="parenting", score=3, situation="")],
                                      problems=[], debts=[])
    assert "No situation recorded for Sem (child)." in [g["en"] for g in analysis.completeness(with_score_only)]


def test_benefit_application_and_debt_help_are_proposed_at_intake(v2, staff):
    family, roos = v2["family"], v2["roos"]
    coach, shv, school, woning = staff["professional"], staff["schuldhulp"], staff["school"], staff["woning"]
    intake(coach, family, roos, complete=True)
    # The coordinator is chosen together with the family (R-09, line 1264; V2 "good help": one plan with a regisseur).
    plans.choose_coordinator(coach.user, family, coach, chosen_with_family=True, how_chosen="Roos koos de coach in het gesprek op school.",
                             mandate="Afspraken met verhuurder en sociale dienst.", start=INTAKE + timedelta(days=3))
    plan = plans.start_plan(coach.user, family, started_on=INTAKE + timedelta(days=3),
                            family_words="Een dak boven ons hoofd en een inkomen.")
    income_goal = plans.add_goal(coach.user, plan, plan.version, "Ik heb elke maand een vast inkomen.", "income", by_family=True)
    house_goal = plans.add_goal(coach.user, plan, plan.version, "We blijven in ons huis wonen.", "housing", by_family=True)
    # V2 test assertion (2), line 688: benefit application and debt help at intake, not after the crisis.
    benefit = plans.add_action(coach.user, plan, plan.version, "Bijstandsaanvraag samen afmaken", coach.organisation,
                               INTAKE + timedelta(days=10), goal=income_goal)
    debt_help = plans.add_action(coach.user, plan, plan.version, "Aanmelding schuldhulp", shv.organisation,
                                 INTAKE + timedelta(days=10), goal=house_goal)
    assert benefit.due_date - plan.started_on <= timedelta(days=7)
    assert debt_help.organisation == shv.organisation
    first_actions = plan.versions.get(number=5).snapshot["actions"]  # v1 start, v2-3 goals, v4-5 the two actions
    assert {a["description"] for a in first_actions} == {"Bijstandsaanvraag samen afmaken", "Aanmelding schuldhulp"}

    # V2 test assertion (3): the eviction signal -- the housing association registers involvement; the
    # coordinator's organisation is told (who, and whom to call), without content (R-24/R-25, lines 1287-1288).
    before = Notification.objects.filter(family=family).count()
    families.register_involvement(woning.user, family, team_of(woning), since=INTAKE + timedelta(days=5), help_kind="huurachterstand, ontruiming",
                                  professional=woning)
    # Two organisations were involved (school, coach): each is told, and the housing association is told of each.
    assert Notification.objects.filter(family=family).count() - before == 4
    to_coordinator = Notification.objects.get(family=family, organisation=coach.organisation, text_en__contains=woning.organisation.name)
    assert "Lotte Jansen" in to_coordinator.text_en and "ontruiming" not in to_coordinator.text_nl + to_coordinator.text_en
    assert Notification.objects.filter(family=family, organisation=woning.organisation, text_en__contains=coach.organisation.name).exists()

    # V2 test assertion (4): one family plan links the school, AMW, SHV and the housing association.
    plans.add_action(school.user, plan, plan.version, "Zorgoverleg op school over Finn en Lieke", school.organisation, INTAKE + timedelta(days=14))
    plans.add_action(coach.user, plan, plan.version, "Betalingsregeling huur", woning.organisation, INTAKE + timedelta(days=14), goal=house_goal)
    owners = set(Action.objects.filter(plan=plan).values_list("organisation__slug", flat=True))
    assert {"basisschool_regenboog", "kwadraad", "schuldhulp_zoetermeer", "woningcorporatie_demo"} <= owners
    assert family.plan.pk == plan.pk  # one plan per family (OneToOne)

    # The debt-help referral (warm handover, coach stays on) with its lead time.
    ref = referrals.request(coach.user, family, team_of(coach), team_of(shv), help_kind="schuldhulp", reason="Schulden lopen op.",
                            summary="Huurachterstand € 1.840, zorgverzekering € 450, CJIB € 139.", handover=False,
                            now=at(INTAKE + timedelta(days=4)))
    referrals.accept(shv.user, ref, professional=shv, now=at(INTAKE + timedelta(days=7), 15))
    assert ref.lead_time == timedelta(days=3, hours=6)
    assert family.involvements.filter(organisation=shv.organisation, until__isnull=True).exists()
    assert access.visible_families(coach.user).filter(pk=family.pk).exists()


def test_refused_indication_is_logged_with_reason(v2, staff):
    # V2 test assertion (5), line 688: a refused indication is logged with reason (the spoedindicatie, line 679 step 4).
    family, coach, bjz = v2["family"], staff["professional"], staff["jeugdzorg"]
    ref = referrals.request(coach.user, family, team_of(coach), team_of(bjz), help_kind="spoedindicatie gezinscoaching",
                            reason="Acute zorgen.", summary="Moeder depressief, kinderen onrustig.", now=at(INTAKE + timedelta(days=3)))
    referrals.reject(bjz.user, ref, "Geen crisis meer: een vriendin steunt het gezin.", now=at(INTAKE + timedelta(days=4)))
    ref.refresh_from_db()
    assert (ref.status, ref.answer_reason) == (v.REJECTED, "Geen crisis meer: een vriendin steunt het gezin.")
    assert ref.lead_time == ref.answered_at - ref.requested_at and ref.closed_at is not None  # a refusal is an answer too
    assert AccessLog.objects.filter(family_id=family.pk, category=v.REFERRALS, detail__contains=v.REJECTED,
                                    organisation_name=bjz.organisation.name).exists()
    # The referrer keeps the family; the receiver never got involved.
    assert not family.involvements.filter(organisation=bjz.organisation).exists()
    assert access.visible_families(coach.user).filter(pk=family.pk).exists()


def test_same_day_food_bank_referral(v2, staff):
    # CT-1 (seeds-itj.md line 806): same-day food-bank referral. The food bank gets a team (configuration).
    from meedoen.municipalities.models import Organisation

    foodbank = Team.objects.create(organisation=Organisation.objects.get(slug="voedselbank", municipality__slug="zoetermeer"), name="Uitgifte")
    coach, family = staff["professional"], v2["family"]
    ref = referrals.request(coach.user, family, team_of(coach), foodbank, help_kind="voedselpakket", reason="Geen eten in huis.",
                            summary="Moeder en drie kinderen, geen inkomen.", handover=False, now=at(INTAKE + timedelta(days=3), 9))
    referrals.accept(coach.user, ref, now=at(INTAKE + timedelta(days=3), 14))
    assert ref.lead_time == timedelta(hours=5)
    assert family.involvements.filter(team=foodbank, since=INTAKE + timedelta(days=3)).exists()


def test_unused_schemes_from_the_family_data(v2, tmp_path, capsys):
    """R-36 (line 1307) and CT-1 "ZoetermeerPas eligibility shown (<=120%)" (line 810): computed from the family's own data,
    and the same answer as `meedoen check` on the same household."""
    family = v2["family"]
    found = schemes.unused_schemes(family, DAY)
    assert found["problems"] == []
    unused = {s["id"] for s in found["unused"]}
    # No income at all in Zoetermeer with school-age children: the <=120% schemes and the child schemes.
    assert {"zoetermeerpas", "kindpakket_kindpas", "stichting_leergeld", "tegemoetkoming_schoolkosten"} <= unused
    # Schemes for other groups are not claimed: pensioners, and the 110-120% band of the collective insurance.
    assert "categoriale_verstrekking_ouderen" not in unused
    assert "collectieve_zorgverzekering_110_tot_120" not in unused
    assert all(s.get("status") == "eligible" for s in found["unused"])

    # The same household through `meedoen check` gives the same eligible schemes.
    from meedoen.cli import main

    path = tmp_path / "household.json"
    path.write_text(json.dumps(schemes.engine_household(family, DAY)))
    assert main(["check", str(path), "--date", DAY.isoformat(), "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    eligible = {s["id"] for s in checked["schemes"] if s["status"] == "eligible"}
    assert eligible == unused
    assert checked["income"]["cents"] == 0

    # Once the family uses the ZoetermeerPas, it is no longer "unused".
    SchemeUse.objects.create(family=family, scheme_id="zoetermeerpas", since=DAY)
    assert "zoetermeerpas" not in {s["id"] for s in schemes.unused_schemes(family, DAY)["unused"]}
