"""API tests: Django with PostgreSQL (DATABASE_URL), municipalities synced from the rulebook.

Run them with ./scripts/test.sh, or with the environment it sets (DJANGO_SETTINGS_MODULE=meedoen.web.settings,
MEEDOEN_DEMO=1, DATABASE_URL=postgres://..., MEEDOEN_ALLOWED_HOSTS=testserver,127.0.0.1,localhost).
Without DJANGO_SETTINGS_MODULE they are skipped, like the other web tests.
"""

import os
from pathlib import Path

import pytest
import yaml

SEED_FILE = Path(__file__).resolve().parents[2] / "src/meedoen/rulebook/municipalities/zoetermeer/tests/seed_scenarios.yaml"


CONFIGURED = bool(os.environ.get("DJANGO_SETTINGS_MODULE"))


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.django_db)
            if not CONFIGURED:
                item.add_marker(pytest.mark.skip(reason="DJANGO_SETTINGS_MODULE is not set (run ./scripts/test.sh)"))


@pytest.fixture(autouse=True)
def municipalities(db):
    from meedoen.municipalities.rulebook import sync_municipalities

    return {m.slug: m for m in sync_municipalities()}


@pytest.fixture(autouse=True)
def fresh_throttle_cache():
    """Throttle counts live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def token(db):
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.create_user("api-tester", password="not-used")
    return Token.objects.create(user=user).key


@pytest.fixture
def api_with_token(token):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture(scope="session")
def seed_case():
    """The first seed scenario: a single parent with two school children at 115% in Zoetermeer."""
    cases = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    case = cases[0]
    return {"household": case["household"], "date": case["date"].isoformat(), "expect": case["expect"]}
