"""Bad household input is refused with every problem and its JSON path; unknown is never zero."""

import copy
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meedoen.rules import HouseholdError, evaluate, load_rulebook, parse_household
from meedoen.rules.household import household_problems

DAY = date(2026, 3, 1)
INCOME_FACT = "members[0].monthly_net_income_cents"


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook()


def applicant(**extra):
    return {"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {"wages": 100000}, **extra}


def household(*members, **extra):
    return {"municipality": "zoetermeer", "members": list(members) or [applicant()], **extra}


def refused(data, on=None):
    """The problems parse_household raises, checked against household_problems and str(exc)."""
    with pytest.raises(HouseholdError) as info:
        parse_household(data, on=on)
    problems = info.value.problems
    assert problems
    assert [(p.where, p.what) for p in problems] == [(p.where, p.what) for p in household_problems(data, on)]
    for p in problems:
        assert f"{p.where}: {p.what}" in str(info.value)
    return problems


def at(problems, where, *words):
    found = [p for p in problems if p.where == where and all(w in p.what for w in words)]
    assert found, f"no problem at {where!r} with {words}; got {[str(p) for p in problems]}"
    return found[0]


# -- schema problems ----------------------------------------------------------------------------

def test_the_base_household_is_valid(rulebook):
    assert household_problems(household(), DAY) == []
    assert parse_household(household(), on=DAY).members[0].role == "applicant"
    evaluate(rulebook, household(), DAY)


def test_unknown_top_level_field():
    problems = refused(household(income=5))
    assert len(problems) == 1
    at(problems, "(top)", "'income' was unexpected")


def test_unknown_member_field():
    problems = refused(household(applicant(name="Jan")))
    at(problems, "members[0]", "'name' was unexpected")


def test_unknown_income_source():
    problems = refused(household(applicant(monthly_net_income_cents={"salary": 100000})))
    at(problems, "members[0].monthly_net_income_cents", "'salary' was unexpected")


def test_negative_income():
    problems = refused(household(applicant(monthly_net_income_cents={"wages": -1})))
    p = at(problems, "members[0].monthly_net_income_cents.wages", "-1", "minimum of 0")
    assert p.path == ("members", 0, "monthly_net_income_cents", "wages")


@pytest.mark.parametrize("field", ["assets_cents", "housing_costs_cents", "fixed_costs_cents"])
def test_negative_household_amounts(field):
    at(refused(household(**{field: -100})), field, "minimum of 0")


@pytest.mark.parametrize("value", ["1000", 1000.5, True, [1000]])
def test_income_not_an_integer(value):
    problems = refused(household(applicant(monthly_net_income_cents={"wages": value})))
    at(problems, "members[0].monthly_net_income_cents.wages", "is not of type 'integer'")


def test_not_an_object_at_all():
    at(refused([]), "(top)", "is not of type 'object'")
    with pytest.raises(HouseholdError) as info:
        parse_household('{"municipality": "zoetermeer",\n "members": [}')
    (p,) = info.value.problems
    assert p.where == "line 2 column 14"
    assert "not valid JSON" in p.what


def test_missing_required_fields_are_all_listed():
    problems = refused({})
    at(problems, "(top)", "'municipality' is a required property")
    at(problems, "(top)", "'members' is a required property")


def test_every_schema_problem_is_listed():
    data = household(
        applicant(name="Jan", monthly_net_income_cents={"wages": -1, "pension": "12"}),
        {"role": "partner", "birth_date": "01-01-1980"},
        {"role": "lodger"},
        assets_cents=-5,
        colour="blue",
    )
    problems = refused(data)
    at(problems, "(top)", "'colour' was unexpected")
    at(problems, "assets_cents", "minimum of 0")
    at(problems, "members[0]", "'name' was unexpected")
    at(problems, "members[0].monthly_net_income_cents.wages", "minimum of 0")
    at(problems, "members[0].monthly_net_income_cents.pension", "not of type 'integer'")
    at(problems, "members[1].birth_date", "does not match")
    at(problems, "members[2].role", "'lodger' is not one of")
    assert len(problems) == 7


# -- impossible households ---------------------------------------------------------------------

def test_no_applicant():
    problems = refused(household({"role": "partner", "birth_date": "1980-01-01"}))
    at(problems, "members", "exactly one member with role 'applicant'", "found 0")


def test_two_applicants():
    problems = refused(household(applicant(), applicant()))
    at(problems, "members", "exactly one member with role 'applicant'", "found 2")


def test_two_partners():
    problems = refused(household(applicant(), {"role": "partner"}, {"role": "partner"}))
    at(problems, "members", "at most one partner", "found 2")


def test_empty_member_list():
    at(refused(household() | {"members": []}), "members", "should be non-empty")


def test_duplicate_member_ids_name_both_members():
    problems = refused(household(applicant(id="a"), {"role": "partner", "id": "a"}, {"role": "child", "id": "b"}))
    at(problems, "members[0].id", "'a'", "more than one member")
    at(problems, "members[1].id", "'a'", "more than one member")
    assert len(problems) == 2


def test_impossible_birth_date():
    problems = refused(household(applicant(birth_date="2020-02-30")))
    p = at(problems, "members[0].birth_date", "'2020-02-30'", "not a real date")
    assert p.path == ("members", 0, "birth_date")


def test_birth_date_in_the_wrong_format():
    at(refused(household(applicant(birth_date="30-01-1980"))), "members[0].birth_date", "does not match")


def test_birth_date_impossibly_long_ago():
    at(refused(household(applicant(birth_date="1850-01-01"))), "members[0].birth_date", "impossibly long ago")


@pytest.mark.parametrize("child_birth", ["1979-06-01", "1980-01-01"], ids=["older", "same-day"])
def test_child_not_younger_than_a_parent(child_birth):
    problems = refused(household(applicant(), {"role": "child", "birth_date": child_birth}))
    at(problems, "members[1].birth_date", "not younger than the applicant", "1980-01-01")


def test_child_not_younger_than_the_partner():
    problems = refused(household(
        applicant(birth_date="1990-01-01"),
        {"role": "partner", "birth_date": "1960-01-01"},
        {"role": "child", "birth_date": "1975-01-01"},
    ))
    at(problems, "members[2].birth_date", "not younger than the applicant")
    assert not any("partner" in p.what for p in problems)  # 1975 is after the partner's 1960


def test_other_housemate_may_be_older():
    assert household_problems(household(applicant(), {"role": "other", "birth_date": "1940-01-01"}), DAY) == []


def test_born_after_the_evaluation_date(rulebook):
    data = household(applicant(), {"role": "child", "birth_date": "2026-05-01"})
    assert household_problems(data) == []  # no date given: no age check
    problems = refused(data, on=DAY)
    at(problems, "members[1].birth_date", "after the evaluation date 2026-03-01", "negative")
    # evaluate() checks the same, for a dict ...
    with pytest.raises(HouseholdError) as info:
        evaluate(rulebook, data, DAY)
    at(info.value.problems, "members[1].birth_date", "after the evaluation date")
    # ... and for a household parsed earlier without a date.
    parsed = parse_household(data)
    with pytest.raises(HouseholdError) as info:
        evaluate(rulebook, parsed, DAY)
    at(info.value.problems, "members[1].birth_date", "after the evaluation date 2026-03-01")
    # Born on the evaluation date is age 0, not negative.
    evaluate(rulebook, household(applicant(), {"role": "child", "birth_date": "2026-03-01"}), DAY)


def test_every_impossibility_is_listed():
    data = household(
        applicant(id="x", birth_date="1980-02-30"),
        {"role": "applicant", "id": "x", "birth_date": "1990-01-01"},
        {"role": "partner", "birth_date": "1985-01-01"},
        {"role": "partner", "birth_date": "1985-01-01"},
        {"role": "child", "birth_date": "1984-01-01"},
        {"role": "child", "birth_date": "2027-01-01"},
    )
    problems = refused(data, on=DAY)
    at(problems, "members", "found 2")
    at(problems, "members", "at most one partner")
    at(problems, "members[0].id", "more than one member")
    at(problems, "members[1].id", "more than one member")
    at(problems, "members[0].birth_date", "not a real date")
    at(problems, "members[4].birth_date", "not younger than the applicant")
    at(problems, "members[4].birth_date", "not younger than the partner")
    at(problems, "members[5].birth_date", "negative")


# -- date and municipality ---------------------------------------------------------------------

# 2027-01-01 is carried forward (provisional, tests/test_provisional.py); 2028-01-02 is past the 366 days
@pytest.mark.parametrize("day", [date(2023, 6, 1), date(2023, 12, 31), date(2028, 1, 2)])
def test_date_outside_every_validity_period(rulebook, day):
    with pytest.raises(HouseholdError) as info:
        evaluate(rulebook, household(), day)
    problems = info.value.problems
    assert len(problems) == 1
    assert problems[0].where == "date"
    assert str(day) in problems[0].what
    assert "outside every validity period" in problems[0].what
    assert "2024-01-01 to 2026-12-31" in problems[0].what


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2024, 6, 30), date(2024, 7, 1), date(2026, 12, 31)])
def test_edges_of_the_validity_periods_are_fine(rulebook, day):
    assert evaluate(rulebook, household(), day)["date"] == day.isoformat()


def test_unknown_municipality_lists_the_known_ones(rulebook):
    with pytest.raises(HouseholdError) as info:
        evaluate(rulebook, household() | {"municipality": "amsterdam"}, DAY)
    (p,) = info.value.problems
    assert p.where == "municipality"
    assert "'amsterdam'" in p.what
    for m in rulebook.municipalities.values():
        assert f"{m.id} ({m.cbs_code})" in p.what


def test_unknown_municipality_argument(rulebook):
    with pytest.raises(HouseholdError) as info:
        evaluate(rulebook, household(), DAY, municipality="GM9999")
    assert info.value.problems[0].where == "municipality"
    assert "'GM9999'" in info.value.problems[0].what


@pytest.mark.parametrize("key", ["zoetermeer", "GM0637", "gm0637", " Zoetermeer "])
def test_municipality_by_id_or_cbs_code(rulebook, key):
    assert evaluate(rulebook, household() | {"municipality": key}, DAY)["municipality"]["id"] == "zoetermeer"


def test_empty_municipality_is_a_schema_problem():
    at(refused(household() | {"municipality": ""}), "municipality", "should be non-empty")


def test_integral_float_income_is_accepted_or_refused_cleanly(rulebook):
    data = household(applicant(monthly_net_income_cents={"wages": 100000.0}))
    try:
        result = evaluate(rulebook, data, DAY)
    except HouseholdError as exc:
        assert exc.problems[0].where == "members[0].monthly_net_income_cents.wages"
    else:
        assert result["income"]["cents"] == 100000


def test_integral_float_assets_are_accepted_or_refused_cleanly(rulebook):
    data = household(assets_cents=100.0)
    try:
        evaluate(rulebook, data, DAY)
    except HouseholdError as exc:
        assert exc.problems[0].where == "assets_cents"


# -- unknown is not zero ---------------------------------------------------------------------

def by_id(result):
    return {s["id"]: s for s in result["schemes"]}


def income_schemes(result):
    return [s for s in result["schemes"] if s["income_limits"] or any(
        c["kind"] in ("income_at_most", "income_above") for c in s["conditions"])]


def test_missing_income_is_unknown_not_zero(rulebook):
    member = applicant()
    del member["monthly_net_income_cents"]
    result = evaluate(rulebook, household(member), DAY)
    assert result["income"]["cents"] is None
    assert result["income"]["needs"] == [INCOME_FACT]
    schemes = income_schemes(result)
    assert schemes
    for s in schemes:
        assert s["status"] != "eligible", s["id"]
        if s["status"] == "undetermined":
            assert INCOME_FACT in s["needs"], s["id"]
    zpas = by_id(result)["zoetermeerpas"]
    assert zpas["status"] == "undetermined"
    assert zpas["needs"] == [INCOME_FACT]
    needed = {f["fact"]: f for f in result["facts_needed"]}
    assert "zoetermeerpas" in needed[INCOME_FACT]["schemes"]


def test_null_income_is_unknown_too(rulebook):
    result = evaluate(rulebook, household(applicant(monthly_net_income_cents=None)), DAY)
    assert by_id(result)["zoetermeerpas"]["needs"] == [INCOME_FACT]


def test_empty_income_object_is_zero_income(rulebook):
    result = evaluate(rulebook, household(applicant(monthly_net_income_cents={})), DAY)
    assert result["income"]["cents"] == 0
    assert result["income"]["needs"] == []
    zpas = by_id(result)["zoetermeerpas"]
    assert zpas["status"] == "eligible"
    assert all(INCOME_FACT not in f["fact"] for f in result["facts_needed"])


def test_a_null_source_is_unknown_and_named(rulebook):
    result = evaluate(rulebook, household(applicant(monthly_net_income_cents={"wages": 100000, "benefit": None})), DAY)
    assert result["income"]["cents"] is None
    assert by_id(result)["zoetermeerpas"]["needs"] == [INCOME_FACT + ".benefit"]


def test_a_null_source_that_does_not_count_is_no_obstacle(rulebook):
    result = evaluate(rulebook, household(applicant(monthly_net_income_cents={"wages": 100000, "zorgtoeslag": None})), DAY)
    assert result["income"]["cents"] == 100000
    assert by_id(result)["zoetermeerpas"]["status"] == "eligible"


def test_partner_income_unknown_names_the_partner(rulebook):
    data = household(applicant(), {"role": "partner", "birth_date": "1982-01-01"})
    result = evaluate(rulebook, data, DAY)
    assert by_id(result)["zoetermeerpas"]["needs"] == ["members[1].monthly_net_income_cents"]
    data["members"][1]["monthly_net_income_cents"] = {}
    assert by_id(evaluate(rulebook, data, DAY))["zoetermeerpas"]["status"] == "eligible"


def test_income_above_the_limit_decides_without_the_other_facts(rulebook):
    # Known facts still decide: far above every limit is not_eligible, unknown statuses or not.
    result = evaluate(rulebook, household(applicant(monthly_net_income_cents={"wages": 900000})), DAY)
    for s in income_schemes(result):
        limits_only_at_most = all(c["kind"] != "income_above" for c in s["conditions"])
        if limits_only_at_most:
            assert s["status"] == "not_eligible", s["id"]


# -- facts needed, most decisive first -------------------------------------------------------

def check_facts_needed(result):
    facts = result["facts_needed"]
    counts = [len(f["schemes"]) for f in facts]
    assert counts == sorted(counts, reverse=True), [(f["fact"], len(f["schemes"])) for f in facts]
    assert len({f["fact"] for f in facts}) == len(facts)
    for f in facts:
        # The count is the number of schemes that name the fact.
        assert f["schemes"] == [s["id"] for s in result["schemes"] if f["fact"] in s["needs"]]
        assert f["schemes"]
        assert f["label"]["nl"] and f["label"]["en"]
    # Every fact a scheme needs is in the list, and each scheme's needs follow the same order.
    rank = {f["fact"]: i for i, f in enumerate(facts)}
    for s in result["schemes"]:
        assert all(n in rank for n in s["needs"]), s["id"]
        assert [rank[n] for n in s["needs"]] == sorted(rank[n] for n in s["needs"]), s["id"]


def test_income_needed_by_most_schemes_comes_first(rulebook):
    member = applicant()
    del member["monthly_net_income_cents"]
    result = evaluate(rulebook, household(member), DAY)
    check_facts_needed(result)
    first = result["facts_needed"][0]
    assert first["fact"] == INCOME_FACT
    assert len(first["schemes"]) > len(result["facts_needed"][1]["schemes"])


def test_birth_date_needed_by_most_schemes_comes_first(rulebook):
    result = evaluate(rulebook, household({"role": "applicant"}, {"role": "child"}), DAY)
    check_facts_needed(result)
    assert result["facts_needed"][0]["fact"] == "members[0].birth_date"
    counts = {f["fact"]: len(f["schemes"]) for f in result["facts_needed"]}
    assert counts["members[0].birth_date"] == max(counts.values())


FULL = {
    "municipality": "zoetermeer",
    "district": "Palenstein",
    "assets_cents": 100000,
    "fixed_costs_cents": 80000,
    "housing_costs_cents": 60000,
    "facts": {"years_at_social_minimum": 4, "received_income_supplement_last_12_months": False},
    "members": [
        {"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {"wages": 120000},
         "statuses": {"chronically_ill_or_disabled": False, "no_prospect_of_work": True,
                      "registered_premium_arrears": False, "receives_social_assistance": False}},
        {"role": "partner", "birth_date": "1982-01-01", "monthly_net_income_cents": {"benefit": 20000},
         "statuses": {"chronically_ill_or_disabled": True, "registered_premium_arrears": False}},
        {"role": "child", "birth_date": "2015-06-01", "school": {"attends_school": True, "level": "primary"}},
    ],
}

# Paths of optional facts in FULL that may be made unknown (deleted).
OPTIONAL = [
    ("district",), ("assets_cents",), ("fixed_costs_cents",), ("facts", "years_at_social_minimum"),
    ("facts", "received_income_supplement_last_12_months"),
    ("members", 0, "birth_date"), ("members", 0, "monthly_net_income_cents"), ("members", 0, "statuses"),
    ("members", 1, "birth_date"), ("members", 1, "monthly_net_income_cents"),
    ("members", 1, "statuses", "chronically_ill_or_disabled"),
    ("members", 2, "birth_date"), ("members", 2, "school"),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unknown=st.sets(st.sampled_from(OPTIONAL)), municipality=st.sampled_from(["zoetermeer", "groningen"]),
       day=st.sampled_from([date(2024, 3, 1), date(2025, 9, 1), date(2026, 3, 1)]))
def test_facts_needed_order_holds_for_any_unknowns(rulebook, unknown, municipality, day):
    data = copy.deepcopy(FULL)
    data["municipality"] = municipality
    for path in unknown:
        node = data
        for step in path[:-1]:
            node = node[step]
        node.pop(path[-1], None)
    result = evaluate(rulebook, data, day)
    check_facts_needed(result)
    # A fact that is known is never asked for.
    for f in result["facts_needed"]:
        assert lookup(data, f["fact"]) is None, f"{f['fact']} is known but asked for"


def lookup(data, fact):
    """The value at a fact path like 'members[1].statuses.x' in ``data``, or None if not there."""
    node = data
    for part in fact.split("."):
        name, _, index = part.partition("[")
        steps = [name] + ([int(index.rstrip("]"))] if index else [])
        for step in steps:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
    return node


# -- input bounds ----------------------------------------------------------------------------------------------

def test_a_household_of_35000_members_is_refused_at_once_with_the_limit():
    child = {"role": "child", "birth_date": "2015-01-01"}
    problems = refused(household(applicant(), *([child] * 35_000)))
    assert [(p.where, p.what) for p in problems] == [("members", "has 35001 members; at most 50 are accepted")]


def test_fifty_members_are_checked_in_full_and_duplicate_ids_found():
    members = [applicant(id="a")] + [{"role": "child", "birth_date": "2015-01-01", "id": f"c{i}"} for i in range(48)]
    members.append({"role": "child", "birth_date": "2015-01-01", "id": "c7"})
    problems = refused(household(*members))
    assert len(members) == 50
    at(problems, "members[49].id", "'c7' is used by more than one member")
    at(problems, "members[8].id", "'c7' is used by more than one member")
