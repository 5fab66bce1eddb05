"""What the family has left in the money record: debts, the tax assessment and the costs by kind the rulebook reads.

Empty boxes stay unknown; the engine household carries them; the family page then shows the debt-help scheme and
kwijtschelding from the payment capacity."""

import re

import pytest

from meedoen.casework.models import Family
from meedoen.casework.services import money
from meedoen.casework.services.schemes import engine_household, unused_schemes

from datetime import date

DAY = date(2026, 3, 1)  # the casework tests' check date

pytestmark = pytest.mark.django_db


def test_debts_and_costs_are_recorded_and_reach_the_engine(small_family, staff):
    coach = staff["professional"].user if hasattr(staff["professional"], "user") else staff["professional"]
    money.record(coach, small_family, household={"debts_cents": 2000001, "health_insurance_cents": 30000,
                                                 "alimony_paid_cents": None}, day=DAY)
    family = Family.objects.get(pk=small_family.pk)
    assert (family.debts_cents, family.health_insurance_cents, family.alimony_paid_cents) == (2000001, 30000, None)
    household = engine_household(family, DAY)
    assert household["debts_cents"] == 2000001
    assert household["monthly_costs_cents"] == {"health_insurance": 30000, "alimony_paid": None, "childcare": None}
    assert "municipal_taxes_cents" not in household  # empty stays unknown


def test_no_costs_known_means_no_costs_object(small_family):
    assert "monthly_costs_cents" not in engine_household(small_family, DAY)
    assert "debts_cents" not in engine_household(small_family, DAY)


def test_a_negative_debt_is_refused_and_nothing_is_written(small_family, staff):
    from meedoen.casework.errors import CaseworkError

    coach = staff["professional"].user if hasattr(staff["professional"], "user") else staff["professional"]
    with pytest.raises(CaseworkError) as caught:
        money.record(coach, small_family, household={"debts_cents": -1, "childcare_cents": 100}, day=DAY)
    assert "debts_cents" in caught.value.problems if hasattr(caught.value, "problems") else "debts_cents" in str(caught.value)
    family = Family.objects.get(pk=small_family.pk)
    assert family.debts_cents is None and family.childcare_cents is None


def test_with_debts_the_family_is_shown_the_right_to_debt_help(small_family, staff):
    before = unused_schemes(small_family, DAY)
    assert "recht_op_schuldhulp" not in {s["id"] for s in before["unused"]}
    assert "recht_op_schuldhulp" in {s["id"] for s in before["undetermined"]}
    coach = staff["professional"].user if hasattr(staff["professional"], "user") else staff["professional"]
    money.record(coach, small_family, household={"debts_cents": 2500000}, day=DAY)
    after = unused_schemes(Family.objects.get(pk=small_family.pk), DAY)
    assert "recht_op_schuldhulp" in {s["id"] for s in after["unused"]}


def test_money_form_over_http_records_debts_and_the_page_shows_the_schemes(client, small_family, staff):
    pro = staff["professional"]
    client.force_login(pro.user if hasattr(pro, "user") else pro)
    ines = small_family.memberships.get(person__first_name="Ines").person
    form = client.get(f"/werkplek/gezinnen/{small_family.pk}/geld/")
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="debts"' in page and 'name="health_insurance"' in page and "Schulden en lasten" in page
    response = client.post(f"/werkplek/gezinnen/{small_family.pk}/geld/", {
        "debts": "20.000,01", "municipal_taxes": "", "housing_costs": "900", "health_insurance": "300", "alimony_paid": "",
        "childcare": "0", **{f"p{ines.pk}_{source}": "0" for source in money.INCOME_SOURCES}, f"p{ines.pk}_benefit": "1331,43"})
    assert response.status_code in (200, 302), response.content.decode()[:500]
    family = Family.objects.get(pk=small_family.pk)
    assert family.debts_cents == 2000001 and family.municipal_taxes_cents is None and family.childcare_cents == 0
    assert family.health_insurance_cents == 30000 and family.alimony_paid_cents is None
    shown = client.get(f"/werkplek/gezinnen/{small_family.pk}/").content.decode()
    # debts recorded: the right to debt help; income at the norm with rent and premium: no payment capacity, so kwijtschelding
    assert 'id="scheme-recht_op_schuldhulp" data-status="eligible"' in shown
    assert re.search(r'id="scheme-kwijtschelding_gemeentelijke_belastingen" data-status="eligible"', shown)


def test_bad_amount_in_the_form_names_the_box(client, small_family, staff):
    pro = staff["professional"]
    client.force_login(pro.user if hasattr(pro, "user") else pro)
    response = client.post(f"/werkplek/gezinnen/{small_family.pk}/geld/", {"debts": "-5"})
    assert response.status_code == 400 or 'id="money_debts-error"' in response.content.decode() or "negatief" in response.content.decode()
    assert Family.objects.get(pk=small_family.pk).debts_cents is None
