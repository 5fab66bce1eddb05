"""The scheme check on a signal case: the register household plus the signalled arrears, through the engine."""

from datetime import date, timedelta

import pytest

from meedoen.casework import access
from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook, sync_municipalities
from meedoen.reach.models import (RegisterAddress, RegisterBenefit, RegisterHousehold, RegisterIncome, RegisterLoad,
                                  RegisterPerson, RegisterSchemeUse)
from meedoen.signals import schemecheck
from meedoen.signals.matching import match
from meedoen.signals.models import SignalCase

from test_matching import partner, signal


def register_household(load, n, household, person, given, family, *, income=110000, uses=()):
    """A single parent on social assistance with one child at school, in the register of ``load``."""
    RegisterAddress.objects.create(load=load, address_id=f"A{n}", postcode=f"27{n:02d}AB", house_number=n + 1)
    RegisterHousehold.objects.create(load=load, position=n, household_id=household, municipality="GM0637",
                                     address_id=f"A{n}")
    RegisterPerson.objects.create(load=load, person_id=person, household_id=household, role="applicant",
                                  birth_date=date(1985, 4, 1), given_name=given, family_name=family,
                                  income_known=True, benefits_known=True)
    RegisterPerson.objects.create(load=load, person_id=f"{person}c", household_id=household, role="child",
                                  birth_date=date(2015, 4, 1), given_name="Kim", family_name=family,
                                  income_known=True, benefits_known=True, attends_school=True)
    RegisterIncome.objects.create(load=load, person_id=person, source="benefit", monthly_net_cents=income)
    RegisterBenefit.objects.create(load=load, person_id=person, kind="bijstand", since=date(2020, 1, 1))
    for scheme in uses:
        RegisterSchemeUse.objects.create(load=load, household_id=household, scheme=scheme, since=date(2025, 1, 1))


@pytest.fixture
def register(db):
    sync_municipalities()
    town = Municipality.objects.get(slug="zoetermeer")
    load = RegisterLoad.objects.create(municipality=town, source="test")
    register_household(load, 0, "H1", "P1", "Anna", "Jansen")
    register_household(load, 1, "H2", "P2", "Bea", "de Vries", uses=("zoetermeerpas",))
    return town


@pytest.fixture
def signal_cases(register):
    huur = partner(register, "woco", "huur")
    today = access.today()
    signal(huur, "h1-a", today - timedelta(days=60), 30000, person_pseudonym="P1")
    signal(huur, "h1-b", today - timedelta(days=30), 45000, person_pseudonym="P1")  # the latest amount counts
    signal(partner(register, "eneco", "energie"), "h1-c", today - timedelta(days=20), 5000, person_pseudonym="P1")
    signal(huur, "h2-a", today - timedelta(days=2), None, person_pseudonym="P2")
    match(register)
    return {c.household_id: c for c in SignalCase.objects.all()}


def _signals(case):
    return [m.signal for m in case.matches.select_related("signal")]


def by_id(schemes):
    return {s["id"]: s for s in schemes}


def test_low_income_household_gets_an_eligible_unused_scheme_with_the_engines_explanation(signal_cases):
    case = signal_cases["H1"]
    found = schemecheck.check(case, _signals(case))
    assert found["problems"] == []
    unused = by_id(found["unused"])
    assert "zoetermeerpas" in unused
    conditions = unused["zoetermeerpas"]["conditions"]
    assert conditions and all(c["result"] is True for c in conditions)
    assert all(c["text"]["nl"] and c["text"]["en"] for c in conditions)
    assert found["receipt"]["rulebook_hash"] == current_rulebook().hash
    assert found["receipt"]["evaluated_on"] == access.today().isoformat()
    # the same household with a high income is not eligible: the outcome comes from the register's facts
    RegisterIncome.objects.filter(person_id="P1").update(monthly_net_cents=900000)
    assert "zoetermeerpas" not in by_id(schemecheck.check(case, _signals(case))["unused"])


def test_a_household_that_already_uses_the_scheme_does_not_get_it(signal_cases):
    case = signal_cases["H2"]
    found = schemecheck.check(case, _signals(case))
    ids = {s["id"] for s in found["unused"] + found["undetermined"]}
    assert "zoetermeerpas" not in ids and found["problems"] == []
    assert schemecheck.used_schemes(case, access.today()) == {"zoetermeerpas"}


def test_arrears_appear_as_a_debt_fact(signal_cases):
    case = signal_cases["H1"]
    household = schemecheck.engine_household(case, _signals(case), access.today())
    assert household["debts_cents"] == 45000 + 5000  # the latest amount per partner, summed
    assert [m["id"] for m in household["members"]] == ["Anna", "Kim"]  # named by given name, not the pseudonym
    debt_help = by_id(schemecheck.check(case, _signals(case))["unused"])["recht_op_schuldhulp"]
    assert any(c["kind"] == "debts_above" and c["result"] is True for c in debt_help["conditions"])


def test_an_unknown_amount_leaves_the_debts_unknown_and_the_fact_needed(signal_cases):
    case = signal_cases["H2"]
    household = schemecheck.engine_household(case, _signals(case), access.today())
    assert "debts_cents" not in household
    found = schemecheck.check(case, _signals(case))
    assert found["debts_cents"] is None
    debt_help = by_id(found["undetermined"])["recht_op_schuldhulp"]
    assert "debts_cents" in debt_help["needs"] and debt_help["needs_labels"]


def test_a_household_gone_from_the_register_gives_a_message_not_an_error(signal_cases):
    case = signal_cases["H1"]
    RegisterHousehold.objects.filter(household_id="H1").delete()
    found = schemecheck.check(case, _signals(case))
    assert found["unused"] == [] and found["problems"] and found["problems"][0]["en"]
