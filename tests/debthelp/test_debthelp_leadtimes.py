"""Lead times from the days of the steps, per municipality, small groups hidden; deadline statuses."""

from datetime import date, timedelta

import pytest

from meedoen.debthelp import deadlines, leadtimes
from meedoen.debthelp.models import DebtCase
from meedoen.reach.figures import THRESHOLD

pytestmark = pytest.mark.django_db


def cases(family, waits, decide_after=None, route_after=None):
    out = []
    for wait in waits:
        registered = date(2025, 1, 1)
        first = registered + timedelta(days=wait)
        case = DebtCase(family=family, registered_on=registered, first_conversation_on=first, phase="admission",
                        decided_on=first + timedelta(days=decide_after) if decide_after is not None else None,
                        route_started_on=first + timedelta(days=route_after) if route_after is not None else None)
        out.append(case)
    return out


def row(rows, interval):
    return next(r for r in rows if r["interval"] == interval)


def test_median_p90_and_counts_come_from_the_days(debt_family):
    waits = list(range(1, 13))  # 12 cases waiting 1..12 days
    rows = leadtimes.figures(cases(debt_family, waits, decide_after=30, route_after=60))
    first = row(rows, "registration_to_first_conversation")
    assert first["count"] == 12 and first["median"] == 6.5  # the mean of the two middle values 6 and 7
    assert first["p90"] == sorted(waits)[-2]  # nearest rank: position ceil(0.9 * 12) = 11
    assert row(rows, "first_conversation_to_decision")["median"] == 30
    assert row(rows, "intake_to_route_start")["p90"] == 60
    assert {r["municipality"] for r in rows} == {"zoetermeer"}


def test_small_groups_are_hidden(debt_family):
    rows = [leadtimes.shown(r) for r in leadtimes.figures(cases(debt_family, range(1, THRESHOLD)))]
    first = row(rows, "registration_to_first_conversation")
    assert first["count"] == f"<{THRESHOLD}" and first["median"] is None and first["p90"] is None and first["within_percent"] is None
    shown = leadtimes.shown(row(leadtimes.figures(cases(debt_family, range(1, THRESHOLD + 1))), "registration_to_first_conversation"))
    assert shown["count"] == THRESHOLD and shown["median"] is not None


def test_share_within_the_deadline_follows_the_deadline_rules(debt_family):
    group = cases(debt_family, [2, 5, 10, 20, 40, 3, 7, 14, 28, 35, 1])
    first = row(leadtimes.figures(group), "registration_to_first_conversation")
    within = [c.first_conversation_on <= deadlines.first_conversation_due(c) for c in group]
    assert first["within_percent"] == round(100 * sum(within) / len(within), 1)


def test_deadline_status_words():
    due = date(2026, 3, 1)
    assert deadlines.status(due, date(2026, 2, 28), date(2026, 3, 5)) == "met"
    assert deadlines.status(due, date(2026, 3, 2), date(2026, 3, 5)) == "late"
    assert deadlines.status(due, None, date(2026, 3, 2)) == "overdue"
    assert deadlines.status(due, None, date(2026, 3, 1)) == "open"
    assert deadlines.status(due, None, date(2026, 3, 9), stopped=True) == "stopped"
    assert deadlines.status(None, None, date(2026, 3, 9)) is None
