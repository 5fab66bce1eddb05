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
