"""Fixtures for the professional workspace: municipalities, one user per role, the seed household."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "households"
SEED_FILE = EXAMPLES / "eenoudergezin-115-procent.json"
ROLE_USERS = ["professional", "coordinator", "policy", "functional_admin", "none"]


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch):
    """Checks run on 2026-03-01 (as MEEDOEN_CHECK_DATE in the test command), whatever the environment."""
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2026-03-01")


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing passwords properly is slow on purpose; the tests need no protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def municipalities(db):
    from meedoen.municipalities.rulebook import sync_municipalities

    return {m.slug: m for m in sync_municipalities()}


@pytest.fixture
def make_user(db):
    def make(username, *roles):
        user = get_user_model().objects.create_user(username=username, password="secret-pass-123")
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        return user
    return make


@pytest.fixture
def users(make_user):
    """One user per role, and one without a role ("none")."""
    return {role: make_user(f"user-{role}", *([] if role == "none" else [role])) for role in ROLE_USERS}


@pytest.fixture
def client_as(client, users):
    def login(role):
        client.force_login(users[role])
        return client
    return login


@pytest.fixture
def seed_data():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def seed_household(municipalities, users, seed_data):
    from meedoen.workspace.models import ClientHousehold

    return ClientHousehold.objects.create(
        municipality=municipalities["zoetermeer"], reference="Z-2026-0001", household=seed_data,
        created_by=users["professional"])
