"""Matching signals to the register and bundling them into cases (real PostgreSQL)."""

from datetime import date

import pytest

from meedoen.municipalities.models import Municipality, Organisation
from meedoen.reach.models import RegisterAddress, RegisterHousehold, RegisterLoad, RegisterPerson
from meedoen.signals.deadlines import first_conversation_due
from meedoen.signals.matching import match
from meedoen.signals.models import Signal, SignalCase, SignalMatch, SignalPartner


@pytest.fixture
def town(db):
    town = Municipality.objects.create(slug="zoetermeer", name="Zoetermeer", cbs_code="0637", districts=[])
    load = RegisterLoad.objects.create(municipality=town, source="test")
    for n, (person, household, name, born, pc, nr) in enumerate([
            ("P1", "H1", "Jansen", date(1980, 1, 2), "2711AB", 3),
            ("P2", "H2", "de Vries", date(1975, 5, 6), "2712CD", 10)]):
        RegisterAddress.objects.create(load=load, address_id=f"A{n}", postcode=pc, house_number=nr)
        RegisterHousehold.objects.create(load=load, position=n, household_id=household, municipality="0637",
                                         address_id=f"A{n}")
        RegisterPerson.objects.create(load=load, person_id=person, household_id=household, role="adult",
                                      birth_date=born, family_name=name, income_known=True, benefits_known=True)
    return town


def partner(town, slug, kind):
    org = Organisation.objects.create(municipality=town, slug=slug, name=slug)
    return SignalPartner.objects.create(organisation=org, partner_type=kind)


def signal(p, ref, day, amount=None, crisis=False, **who):
    return Signal.objects.create(partner=p, municipality=p.organisation.municipality, partner_reference=ref,
                                 partner_type=p.partner_type, amount_cents=amount, signal_date=day, crisis=crisis,
                                 **who)


def test_pseudonym_then_name_and_address_else_unmatched_with_reason(town):
    huur = partner(town, "woco", "huur")
    signal(huur, "a", date(2026, 11, 2), 1000, person_pseudonym="P1")
    signal(huur, "b", date(2026, 11, 2), 1000, surname="DE VRIES", birth_date=date(1975, 5, 6), postcode="2712CD",
           house_number=10)
    signal(huur, "c", date(2026, 11, 2), 1000, surname="de Vries", birth_date=date(1975, 5, 6), postcode="2712CD",
           house_number=11)
    assert match(town) == {"pseudonym": 1, "name_address": 1, "not_found": 1}
    got = {m.signal.partner_reference: (m.household_id, m.method, m.reason) for m in SignalMatch.objects.all()}
    assert got == {"a": ("H1", "pseudonym", ""), "b": ("H2", "name_address", ""), "c": ("", "", "not_found")}


def test_signals_of_a_household_bundle_into_one_case_due_by_the_earliest_and_crisis(town):
    huur, energie = partner(town, "woco", "huur"), partner(town, "eneco", "energie")
    signal(huur, "a", date(2026, 11, 9), 1000, person_pseudonym="P1")
    match(town)
    signal(energie, "b", date(2026, 11, 2), None, crisis=True, person_pseudonym="P1")
    signal(huur, "c", date(2026, 11, 3), 2000, person_pseudonym="P2")
    match(town)
    cases = {c.household_id: c for c in SignalCase.objects.all()}
    assert sorted(cases) == ["H1", "H2"] and cases["H1"].matches.count() == 2
    assert cases["H1"].due == first_conversation_due(date(2026, 11, 2), True, "zoetermeer")
    assert cases["H2"].due == first_conversation_due(date(2026, 11, 3), False, "zoetermeer")


def test_a_repeat_that_is_not_higher_is_not_picked_up(town):
    huur = partner(town, "woco", "huur")
    signal(huur, "a", date(2026, 10, 1), 5000, person_pseudonym="P1")
    signal(huur, "b", date(2026, 11, 1), 5000, person_pseudonym="P1")
    signal(huur, "c", date(2026, 12, 1), 7000, person_pseudonym="P1")
    signal(huur, "d", date(2026, 12, 2), None, person_pseudonym="P1")
    match(town)
    flags = dict(SignalMatch.objects.values_list("signal__partner_reference", "not_picked_up"))
    assert flags == {"a": False, "b": True, "c": False, "d": False}
    assert SignalCase.objects.count() == 1


def test_without_register_all_stay_unmatched(db):
    town = Municipality.objects.create(slug="zoetermeer", name="Zoetermeer", cbs_code="0637", districts=[])
    signal(partner(town, "woco", "huur"), "a", date(2026, 11, 2), person_pseudonym="P1")
    assert match(town) == {"no_register": 1} and not SignalCase.objects.exists()
