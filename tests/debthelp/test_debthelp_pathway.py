"""The pathway through the services: the whole route with its days, refused transitions, the admission gate."""

from datetime import timedelta

import pytest

from meedoen.casework.errors import CaseworkError, NotPermitted
from meedoen.debthelp import machine, rules, services
from meedoen.debthelp import vocabulary as v
from meedoen.debthelp.models import DebtCase, DebtStep

from dh_support import DAY, person, start

pytestmark = pytest.mark.django_db


def test_whole_route_keeps_a_day_per_step(open_case, shv):
    case = open_case(registered_on=start(300), origin="signal", origin_reference="VS-2025-0042", crisis=True)
    assert case.phase == v.REGISTERED and case.origin_reference == "VS-2025-0042"
    user = shv.user
    case = services.record_step(user, case, v.INTAKE, on=start(298), stress_asked=True, stress_answer="Slaapt slecht door de brieven.",
                                other_helpers="Kwadraad gezinscoach")
    case = services.record_step(user, case, v.STABILISATION, on=start(290))
    services.add_creditor(user, case, name="Woonstad", kind="rent", amount_cents=123456)
    services.add_creditor(user, case, name="Eneco", kind="energy", amount_cents=None, amount_unknown_reason="Eindafrekening volgt.")
    case = services.record_step(user, case, v.ADMISSION, on=start(200), financial_overview_complete=True, repayment_capacity_cents=8500)
    case = services.record_step(user, case, v.SETTLEMENT, on=start(180))
    assert case.settlement_planned_end == rules.add_months(start(180), rules.pathway()["settlement"]["months"])
    case = services.record_step(user, case, v.AFTERCARE, on=start(20))
    case = services.record_step(user, case, v.CLOSED, on=start(10))
    assert case.relapse_check_due == rules.add_months(start(10), 12 * rules.pathway()["relapse_check"]["years"])
    case = services.record_step(user, case, v.RELAPSE_CHECKED, on=start(0), relapsed=False)
    stored = DebtCase.objects.get(pk=case.pk)
    assert stored.phase == v.RELAPSE_CHECKED and stored.relapsed is False
    assert (stored.registered_on, stored.first_conversation_on, stored.stabilisation_on, stored.decided_on, stored.route_started_on,
            stored.aftercare_on, stored.closed_on, stored.relapse_checked_on) == (
        start(300), start(298), start(290), start(200), start(180), start(20), start(10), start(0))
    assert list(DebtStep.objects.filter(case=stored).values_list("phase", flat=True)) == [
        v.REGISTERED, v.INTAKE, v.STABILISATION, v.ADMISSION, v.SETTLEMENT, v.AFTERCARE, v.CLOSED, v.RELAPSE_CHECKED]
    assert stored.stress_asked is True and "brieven" in stored.stress_answer


@pytest.mark.parametrize("phase_steps, step", [
    ((), v.STABILISATION), ((), v.ADMISSION), ((v.INTAKE,), v.ADMISSION), ((v.INTAKE,), v.AFTERCARE), ((), v.RELAPSE_CHECKED)])
def test_a_step_out_of_order_is_refused_naming_what_is_allowed(open_case, shv, phase_steps, step):
    case = open_case()
    day = start(250)
    for earlier in phase_steps:
        case = services.record_step(shv.user, case, earlier, on=day, stress_asked=False)
    with pytest.raises(CaseworkError) as caught:
        services.record_step(shv.user, case, step, on=day)
    message = caught.value.problems["step"]["en"]
    for allowed in machine.allowed(case.phase):
        assert v.label(v.PHASES, allowed, "en") in message
    assert DebtCase.objects.get(pk=case.pk).phase == case.phase
    assert DebtStep.objects.filter(case=case).count() == 1 + len(phase_steps)


def test_with_an_administrator_stabilisation_may_be_skipped(open_case, shv):
    case = open_case()
    case = services.record_step(shv.user, case, v.INTAKE, on=start(250), stress_asked=True, under_administration=True)
    assert v.ADMISSION in machine.allowed(case.phase, case.under_administration)
    services.add_creditor(shv.user, case, name="CJIB", kind="other", amount_cents=13900)
    case = services.record_step(shv.user, case, v.ADMISSION, on=start(240), financial_overview_complete=True, repayment_capacity_cents=0)
    case = services.record_step(shv.user, case, v.BUDGET_MANAGEMENT, on=start(230))
    assert case.phase == v.BUDGET_MANAGEMENT and case.stabilisation_on is None


def test_admission_waits_for_every_amount_and_the_overview(open_case, shv):
    case = open_case()
    case = services.record_step(shv.user, case, v.INTAKE, on=start(250), stress_asked=True)
    case = services.record_step(shv.user, case, v.STABILISATION, on=start(240))
    with pytest.raises(CaseworkError) as empty:
        services.record_step(shv.user, case, v.ADMISSION, on=start(200), financial_overview_complete=True, repayment_capacity_cents=5000)
    assert "creditors" in empty.value.problems
    unknown = services.add_creditor(shv.user, case, name="Zilveren Kruis", kind="health_insurance", amount_cents=None)
    assert unknown.amount_unknown and unknown.blocks_admission
    with pytest.raises(CaseworkError) as caught:
        services.record_step(shv.user, case, v.ADMISSION, on=start(200), financial_overview_complete=False, repayment_capacity_cents=None)
    assert set(caught.value.problems) == {"creditors", "financial_overview_complete", "repayment_capacity_cents"}
    assert "Zilveren Kruis" in caught.value.problems["creditors"]["nl"]
    services.update_creditor(shv.user, unknown, amount_unknown_reason="Verzekeraar antwoordt niet.")
    case = services.record_step(shv.user, case, v.ADMISSION, on=start(200), financial_overview_complete=True, repayment_capacity_cents=5000)
    assert case.phase == v.ADMISSION and case.repayment_capacity_cents == 5000


def test_refusal_and_ending_need_a_reason_and_are_final(open_case, shv):
    case = open_case()
    with pytest.raises(CaseworkError) as caught:
        services.record_step(shv.user, case, v.REFUSED, on=start(250), reason="  ")
    assert "reason" in caught.value.problems
    case = services.record_step(shv.user, case, v.REFUSED, on=start(250), reason="Woont niet in Zoetermeer.")
    assert case.decided_on == start(250) and case.ended_on == start(250)
    assert machine.allowed(case.phase) == ()
    with pytest.raises(CaseworkError):
        services.record_step(shv.user, case, v.INTAKE, on=start(240), stress_asked=True)


def test_youth_takeover_checks_the_age_range(debt_family, shv):
    low, below = rules.youth_age_range()
    for name in ("Ines", "Roos"):
        case = services.open_case(shv.user, debt_family, origin="professional", registered_on=start(300), person=person(debt_family, name))
        case = services.record_step(shv.user, case, v.INTAKE, on=start(290), stress_asked=True, under_administration=True)
        services.add_creditor(shv.user, case, name="DUO", kind="other", amount_cents=250000)
        case = services.record_step(shv.user, case, v.ADMISSION, on=start(280), financial_overview_complete=True, repayment_capacity_cents=4000)
        age = services.age_on(case.person.birth_date, start(270))
        if low <= age < below:
            case = services.record_step(shv.user, case, v.YOUTH_TAKEOVER, on=start(270))
            assert case.phase == v.YOUTH_TAKEOVER
        else:
            with pytest.raises(CaseworkError) as caught:
                services.record_step(shv.user, case, v.YOUTH_TAKEOVER, on=start(270))
            assert str(age) in caught.value.problems["person"]["en"]
        services.record_step(shv.user, case, v.ENDED, on=start(260), reason="Test van de leeftijd.")
    assert {c.person.first_name for c in debt_family.debt_cases.filter(phase=v.ENDED)} == {"Ines", "Roos"}


def test_bad_input_names_every_field_and_writes_nothing(open_case, shv):
    case = open_case()
    with pytest.raises(CaseworkError) as caught:
        services.record_step(shv.user, case, v.INTAKE, on=DAY + timedelta(days=3), stress_asked="ja", colour="blue")
    assert {"on", "stress_asked", "colour"} <= set(caught.value.problems)
    with pytest.raises(CaseworkError) as caught:
        services.record_step(shv.user, case, v.INTAKE, on=start(301), stress_asked=True)  # before registration
    assert "on" in caught.value.problems
    with pytest.raises(CaseworkError) as caught:
        services.add_creditor(shv.user, case, name="", kind="loan", amount_cents=-5, arrangement="maybe")
    assert set(caught.value.problems) == {"name", "kind", "amount_cents", "arrangement"}
    assert case.creditors.count() == 0 and DebtCase.objects.get(pk=case.pk).phase == v.REGISTERED
    with pytest.raises(CaseworkError) as caught:
        services.open_case(shv.user, case.family, origin="self", registered_on=start(10))
    assert "family" in caught.value.problems  # one open case per family


def test_only_the_debt_help_organisation_records_steps(open_case, staff):
    case = open_case()
    with pytest.raises(NotPermitted):
        services.record_step(staff["professional"].user, case, v.INTAKE, on=start(250), stress_asked=True)
    with pytest.raises(NotPermitted):
        services.add_creditor(staff["professional"].user, case, name="X", kind="rent", amount_cents=100)


def test_creditor_history_and_totals(open_case, shv):
    case = open_case()
    a = services.add_creditor(shv.user, case, name="Woonstad", kind="rent", amount_cents=100000)
    b = services.add_creditor(shv.user, case, name="Belastingdienst", kind="tax", amount_cents=None)
    services.update_creditor(shv.user, a, arrangement=v.PROPOSED)
    services.update_creditor(shv.user, a, arrangement=v.AGREED)
    assert [c.values["arrangement"] for c in a.changes.all()] == [v.NONE, v.PROPOSED, v.AGREED]
    t = services.totals(list(case.creditors.all()))
    assert (t["count"], t["known_cents"], t["unknown"], t["blocking"]) == (2, 100000, 1, 1)
    assert t["by_arrangement"][v.AGREED] == 1 and t["by_arrangement"][v.NONE] == 1
    services.update_creditor(shv.user, b, amount_cents=20000)
    t = services.totals(list(case.creditors.all()))
    assert (t["known_cents"], t["unknown"], t["blocking"]) == (120000, 0, 0)
