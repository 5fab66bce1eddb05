"""Form answers to household facts: amounts, dates, and fact paths."""

from datetime import date

import pytest

from meedoen.portal import answers

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize("text, cents", [
    ("1.250,00", 125000), ("1250", 125000), ("1250,5", 125050), ("1250.50", 125050), ("€ 1.250", 125000),
    ("0", 0), ("12.345.678", 1234567800), ("1.234", 123400), ("  99,99 ", 9999),
])
def test_parse_euros(text, cents):
    assert answers.parse_euros(text, "nl") == (cents, None)


@pytest.mark.parametrize("text", ["-5", "abc", "1,2,3", "12.34.5", "1.2345,00,1", "1e5"])
def test_parse_euros_rejects_with_a_plain_message(text):
    cents, error = answers.parse_euros(text, "nl")
    assert cents is None and error and "euro" in error.lower() or "negatief" in error


def test_parse_euros_blank_is_unknown():
    assert answers.parse_euros("", "nl") == (None, None)


@pytest.mark.parametrize("text, expected", [("21-03-1985", date(1985, 3, 21)), ("1-5-1990", date(1990, 5, 1)),
                                            ("1985-03-21", date(1985, 3, 21)), ("21/03/1985", date(1985, 3, 21))])
def test_parse_date(text, expected):
    assert answers.parse_date(text, "nl", TODAY) == (expected, None)


@pytest.mark.parametrize("text", ["30-02-2020", "32-01-2000", "gisteren", "01-01-1850"])
def test_parse_date_rejects_impossible_dates(text):
    value, error = answers.parse_date(text, "en", TODAY)
    assert value is None and "day-month-year" in error


def test_parse_date_rejects_the_future():
    value, error = answers.parse_date("02-03-2026", "nl", TODAY)
    assert value is None and "toekomst" in error


def test_start_form_builds_the_household():
    post = {"municipality": "zoetermeer", "applicant_birth_date": "01-05-1990", "has_partner": "yes",
            "partner_birth_date": "02-06-1991", "child_2": "01-09-2018", "other_1": "01-01-1950"}
    household, errors = answers.household_from_start(post, "nl", TODAY)
    assert errors == {}
    assert [(m["role"], m["birth_date"]) for m in household["members"]] == [
        ("applicant", "1990-05-01"), ("partner", "1991-06-02"), ("child", "2018-09-01"), ("other", "1950-01-01")]
    assert "monthly_net_income_cents" not in household["members"][0]  # unknown, not zero


def test_start_form_errors_sit_next_to_their_fields():
    post = {"municipality": "zoetermeer", "applicant_birth_date": "", "has_partner": "maybe", "child_1": "31-02-2015"}
    _, errors = answers.household_from_start(post, "nl", TODAY)
    assert set(errors) == {"applicant_birth_date", "has_partner", "child_1"}


def test_a_child_older_than_the_parent_is_named_on_the_child_field():
    post = {"municipality": "zoetermeer", "applicant_birth_date": "01-01-2000", "has_partner": "no", "child_3": "01-01-1990"}
    _, errors = answers.household_from_start(post, "nl", TODAY)
    assert list(errors) == ["child_3"] and "jonger" in errors["child_3"]


def test_apply_answers_sets_facts_and_keeps_unknowns():
    household = {"municipality": "zoetermeer", "members": [
        {"id": "aanvrager", "role": "applicant", "birth_date": "1990-05-01"},
        {"id": "kind-1", "role": "child", "birth_date": "2015-03-01"}]}
    facts = ["members[0].monthly_net_income_cents", "members[1].school.attends_school",
             "members[0].statuses.chronically_ill_or_disabled", "assets_cents", "facts.years_at_social_minimum"]
    post = {"f:members[0].monthly_net_income_cents:wages": "1.531,14", "f:members[1].school.attends_school": "yes",
            "f:members[0].statuses.chronically_ill_or_disabled": "unknown", "f:assets_cents": "",
            "f:facts.years_at_social_minimum": "4"}
    updated, errors, skipped = answers.apply_answers(household, post, facts, "nl")
    assert errors == {}
    assert updated["members"][0]["monthly_net_income_cents"] == {"wages": 153114}
    assert updated["members"][1]["school"] == {"attends_school": True}
    assert updated["facts"] == {"years_at_social_minimum": 4}
    assert skipped == ["members[0].statuses.chronically_ill_or_disabled", "assets_cents"]
    assert "school" not in household["members"][1]  # the original is not changed


def test_no_income_box_means_zero_income():
    household = {"municipality": "zoetermeer", "members": [{"role": "applicant", "birth_date": "1990-05-01"}]}
    updated, errors, skipped = answers.apply_answers(
        household, {"f:members[0].monthly_net_income_cents:none": "1"}, ["members[0].monthly_net_income_cents"], "nl")
    assert updated["members"][0]["monthly_net_income_cents"] == {} and not skipped and not errors


def test_bad_answers_are_reported_per_field():
    household = {"municipality": "zoetermeer", "members": [{"role": "applicant", "birth_date": "1990-05-01"}]}
    facts = ["members[0].monthly_net_income_cents", "facts.years_at_social_minimum", "members[0].statuses.receives_aow"]
    post = {"f:members[0].monthly_net_income_cents:benefit": "-10", "f:facts.years_at_social_minimum": "drie",
            "f:members[0].statuses.receives_aow": "misschien"}
    _, errors, _ = answers.apply_answers(household, post, facts, "en")
    assert set(errors) == {"f:members[0].monthly_net_income_cents:benefit", "f:facts.years_at_social_minimum",
                           "f:members[0].statuses.receives_aow"}


def test_tampered_household_field_is_refused():
    assert answers.load_household('{"municipality": "zoetermeer", "members": []}') is None
    assert answers.load_household("not json") is None
    assert answers.load_household('{"municipality": "zoetermeer", "members": [{"role": "applicant"}]}') is not None
