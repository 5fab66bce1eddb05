"""Fixtures for the family portal: the demo families and a logged-in family client."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def bakker(casework_demo):
    return casework_demo["families"]["Z-CW-0001"]


@pytest.fixture
def yilmaz(casework_demo):
    return casework_demo["families"]["Z-CW-0002"]


@pytest.fixture
def login(client, casework_demo):
    """Log the client in as a demo user (a family login or a professional)."""
    def as_user(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client
    return as_user


@pytest.fixture
def family_client(login):
    return login("gezin-bakker")
