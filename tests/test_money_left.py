"""What the family has left enters the rulebook: debts, costs by kind, the money left to live on, the payment
capacity for kwijtschelding, and national schemes (the right to debt help) in every municipality."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from meedoen.rules import default_rulebook_path, evaluate, load_rulebook
from meedoen.rules.errors import HouseholdError, RulebookError

RULEBOOK = load_rulebook()
DAY = date(2026, 3, 1)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "households"


def statuses(result):
    return {s["id"]: s["status"] for s in result["schemes"]}


def single(**extra):
    return {"municipality": "zoetermeer", "members": [{"role": "applicant", "birth_date": "1990-01-01",
                                                       "monthly_net_income_cents": {"wages": 233143}}], **extra}


def test_family_of_seven_gets_the_right_to_debt_help_and_the_facts_for_the_rest():
    household = json.loads((EXAMPLES / "gezin-zeven-schulden.json").read_text(encoding="utf-8"))
    result = evaluate(RULEBOOK, household, DAY, money=True)
    found = statuses(result)
    assert found["recht_op_schuldhulp"] == "eligible"
    assert found["kwijtschelding_gemeentelijke_belastingen"] == "undetermined"
    assert found["bijzondere_bijstand_bewindvoering"] == "undetermined"
    needed = {f["fact"] for f in result["facts_needed"]}
    assert {"members[0].birth_date", "members[1].statuses.under_protective_administration"} <= needed
    assert result["money_left"]["cents_a_month"] is None and "fixed_costs_cents" in result["money_left"]["needs"]


def test_national_scheme_is_in_every_municipality_after_its_own():
    for municipality in RULEBOOK.municipalities.values():
        ids = [s.id for s in municipality.schemes]
        assert ids[-1] == "recht_op_schuldhulp" and ids.count("recht_op_schuldhulp") == 1
    assert [s.id for s in RULEBOOK.national_schemes] == ["recht_op_schuldhulp"]
    assert RULEBOOK.national_schemes[0].national


def test_money_left_is_all_income_minus_fixed_costs():
    result = evaluate(RULEBOOK, single(fixed_costs_cents=200000), DAY, money=True)
    assert result["money_left"]["cents_a_month"] == 33143
    assert result["money_left"]["cents_a_week"] == round(33143 * 12 / 52)
    assert "€331,43 per maand" in result["money_left"]["steps"][0]["nl"]
    assert "money_left" not in evaluate(RULEBOOK, single(), DAY)  # only when asked: the API's result stays as it is


def test_payment_capacity_explained_with_its_steps_and_sources():
    result = evaluate(RULEBOOK, single(housing_costs_cents=80000, monthly_costs_cents={"health_insurance": 15000}), DAY, money=True)
    cap = result["payment_capacity"]
    assert cap["cents_a_year_low"] == cap["cents_a_year_high"] == 48000  # 80 % of 12 x 50.00
    assert any("80%" in s["nl"] for s in cap["steps"]) and any("BWBR0004766" in s for s in cap["sources"])
    kwijt = next(s for s in result["schemes"] if s["id"] == "kwijtschelding_gemeentelijke_belastingen")
    assert kwijt["needs"] == ["municipal_taxes_cents"]
    assert "€480,00 per jaar" in kwijt["conditions"][1]["text"]["nl"]


def test_groningen_has_no_capacity_test():
    result = evaluate(RULEBOOK, {**single(), "municipality": "groningen"}, DAY, money=True)
    assert result["payment_capacity"] is None


def test_a_negative_debt_is_an_error_with_its_path():
    with pytest.raises(HouseholdError) as caught:
        evaluate(RULEBOOK, single(debts_cents=-1), DAY)
    assert any(p.where == "debts_cents" for p in caught.value.problems)
    with pytest.raises(HouseholdError) as caught:
        evaluate(RULEBOOK, single(monthly_costs_cents={"rent": 5}), DAY)
    assert any("monthly_costs_cents" in p.where or "rent" in p.what for p in caught.value.problems)


@pytest.fixture
def copy(tmp_path):
    path = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), path)
    return path


def test_own_scheme_with_the_same_id_overrides_the_national_one(copy):
    own = copy / "municipalities" / "groningen" / "schemes" / "recht_op_schuldhulp.yaml"
    text = (copy / "national" / "schemes" / "recht_op_schuldhulp.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("name: {nl: Hulp bij schulden van de gemeente (schuldhulpverlening)", "name: {nl: Schuldhulp Groningen")
                   .replace("valid_to: 2027-12-31", "valid_to: 2026-12-31"), encoding="utf-8")
    rulebook = load_rulebook(copy)
    groningen = [s for s in rulebook.municipalities["groningen"].schemes if s.id == "recht_op_schuldhulp"]
    assert len(groningen) == 1 and groningen[0].name["nl"] == "Schuldhulp Groningen" and not groningen[0].national
    zoetermeer = [s for s in rulebook.municipalities["zoetermeer"].schemes if s.id == "recht_op_schuldhulp"]
    assert zoetermeer[0].national


def test_national_scheme_cannot_have_an_organisation_as_provider(copy):
    path = copy / "national" / "schemes" / "recht_op_schuldhulp.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("provider: municipality", "provider: gkb"), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(copy)
    assert any("national scheme's provider" in p.what and "recht_op_schuldhulp.yaml:" in p.where for p in caught.value.problems)


def test_national_case_in_an_unknown_municipality_is_a_rulebook_error(copy):
    path = copy / "national" / "schemes" / "recht_op_schuldhulp.tests.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("municipality: groningen, debts_cents: 0", "municipality: atlantis, debts_cents: 0"),
                    encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(copy)
    assert any("unknown municipality 'atlantis'" in p.what for p in caught.value.problems)


def test_municipality_without_a_folder_gets_the_national_schemes_only():
    from meedoen.rules.bulk import evaluate_frames, frames_from_households

    delft = RULEBOOK.national_only("GM0503", name="Delft")
    household = {"municipality": "GM0503", "debts_cents": 150000, "members": [{"role": "applicant", "birth_date": "1990-01-01"}]}
    result = evaluate(RULEBOOK, household, DAY, municipality=delft, money=True)
    assert statuses(result) == {"recht_op_schuldhulp": "eligible"}
    assert result["social_minimum"]["cents"] is None and "Delft" in result["social_minimum"]["gap"]["nl"]
    frames = frames_from_households([household, {**household, "municipality": "zoetermeer"}], DAY)
    table = evaluate_frames(RULEBOOK, delft, frames[0], frames[1], DAY)
    assert table["recht_op_schuldhulp__status"].to_list() == ["eligible", "not_eligible"]
    with pytest.raises(HouseholdError):
        evaluate(RULEBOOK, household, DAY)  # by its code alone it is still unknown
