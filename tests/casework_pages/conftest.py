"""Helpers for the part-A casework page tests (caseload, family page, its forms, export)."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def login(client):
    """Log ``client`` in as the demo user ``username``; returns the client."""
    def do(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client
    return do


@pytest.fixture
def fam(casework_demo):
    """The demo families by short name."""
    families = casework_demo["families"]
    return {"bakker": families["Z-CW-0001"], "yilmaz": families["Z-CW-0002"], "devries": families["Z-CW-0003"]}


@pytest.fixture(autouse=True)
def demo_on_the_pinned_day(request):
    """The demo accepts Bakker's first referral on the real clock (demo.py: timezone.now()), so on the pinned test
    date the coach's involvement would start in the future. Put it back to 48 days before the pinned date, as the
    demo means it (the same fix as tests/casework_plan/conftest.py)."""
    if "casework_demo" not in request.fixturenames and "fam" not in request.fixturenames:
        return
    request.getfixturevalue("casework_demo")
    from datetime import date, timedelta

    from meedoen.casework.models import Involvement

    day = date.fromisoformat("2026-03-01")
    Involvement.objects.filter(family__reference="Z-CW-0001", since__gt=day).update(since=day - timedelta(days=48))
