"""Plain helpers of the debt-help tests (imported by the test modules; their folder is on sys.path)."""

from datetime import date, timedelta

DAY = date(2026, 3, 1)  # the pinned day of the test command (MEEDOEN_CHECK_DATE)


def start(days):
    """``days`` before the pinned day."""
    return DAY - timedelta(days=days)


def person(family, first_name):
    return family.memberships.get(person__first_name=first_name).person
