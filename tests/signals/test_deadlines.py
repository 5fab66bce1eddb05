"""The Wgs deadlines as rulebook data and the calendar they are counted on (Algemene termijnenwet)."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from meedoen.rules import default_rulebook_path
from meedoen.signals import deadlines as d


@pytest.mark.parametrize("year, sunday", [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
                                          (2027, date(2027, 3, 28))])
def test_easter(year, sunday):
    assert d.easter(year) == sunday


def test_the_public_holidays_of_2026():
    assert sorted(d.public_holidays(2026)) == [date(2026, 1, 1), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
                                               date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)]
    assert date(2025, 4, 26) in d.public_holidays(2025)  # 27 April 2025 is a Sunday: King's Day moves to Saturday


def test_three_working_days_skip_the_weekend_and_kings_day():
    # A request on Friday 24 April 2026: Monday 27 April is King's Day, so Tuesday, Wednesday, Thursday.
    assert d.first_conversation_due(date(2026, 4, 24), True, "zoetermeer") == date(2026, 4, 30)
    assert d.first_conversation_due(date(2026, 3, 4), True, "zoetermeer") == date(2026, 3, 9)  # Wed -> Mon


def test_four_and_eight_weeks_and_a_term_ending_on_a_holiday_runs_on():
    assert d.first_conversation_due(date(2026, 3, 2), False, "zoetermeer") == date(2026, 3, 30)
    assert d.decision_due(date(2026, 3, 2), "zoetermeer") == date(2026, 4, 28)  # ends on King's Day: Tuesday
    assert d.first_conversation_due(date(2026, 11, 28), False, "zoetermeer") == date(2026, 12, 28)  # Saturday -> Monday


def test_every_term_has_its_legal_source():
    rules = d.policy("zoetermeer")
    for term in (rules.first_conversation, rules.first_conversation_when_threatened, rules.decision):
        assert "Wgs art. 4" in term.source and "BWBR0031343" in term.source
    assert "Algemene termijnenwet" in rules.holidays_source
    assert (rules.first_conversation.amount, rules.first_conversation_when_threatened.unit, rules.decision.amount) == \
        (4, "working_days", 8)


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), root)
    return root


def test_a_municipality_may_set_a_shorter_term(copy):
    (copy / "municipalities" / "zoetermeer" / "vroegsignalering.yaml").write_text(
        "deadlines:\n  first_conversation: {amount: 2, unit: weeks, source: 'Beleidsregels (test)'}\n", encoding="utf-8")
    assert d.first_conversation_due(date(2026, 3, 2), False, "zoetermeer", root=copy) == date(2026, 3, 16)
    assert d.first_conversation_due(date(2026, 3, 2), False, "groningen", root=copy) == date(2026, 3, 30)


@pytest.mark.parametrize("text, says", [
    ("deadlines:\n  first_conversation: {amount: 6, unit: weeks, source: x}\n", "longer than the law allows"),
    ("deadlines:\n  first_conversation: {amount: 0, unit: weeks, source: x}\n", "first_conversation.amount"),
    ("deadlines:\n  first_conversation: {amount: 2, unit: months, source: x}\n", "first_conversation.unit"),
    ("deadlines:\n  first_conversation: {amount: 2, unit: weeks}\n", "first_conversation.source"),
    ("deadlines:\n  lunch: {amount: 2, unit: weeks, source: x}\n", "deadlines.lunch: unknown"),
    ("deadlines: [\n", "cannot read"),
])
def test_bad_deadline_data_names_file_and_key(copy, text, says):
    path = copy / "municipalities" / "zoetermeer" / "vroegsignalering.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(d.DeadlineError) as caught:
        d.policy("zoetermeer", root=copy)
    assert str(path) in str(caught.value) and says in str(caught.value)
