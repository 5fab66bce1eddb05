"""Plain helpers of the debt-help tests (imported by the test modules; their folder is on sys.path)."""

from datetime import date, timedelta

DAY = date(2026, 3, 1)  # the pinned day of the test command (MEEDOEN_CHECK_DATE)


def start(days):
    """``days`` before the pinned day."""
    return DAY - timedelta(days=days)


def person(family, first_name):
    return family.memberships.get(person__first_name=first_name).person


def known_user(username):
    """A user of the demo or the test world, to log in with ``client.force_login`` (logins with a password go
    through django-axes, which needs the request: tests/web/test_security.py)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
