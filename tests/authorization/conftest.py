"""Fixtures of the authorization tests: the world (authz_world.build_world) built once per module inside an outer
transaction that is rolled back at the end; ``w`` gives it to a test, inside the test's own savepoint."""

import os

import pytest
from django.db import transaction
from django.test import override_settings

from authz_world import DAY, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    patch = pytest.MonkeyPatch()
    patch.setenv("MEEDOEN_CHECK_DATE", DAY.isoformat())
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = build_world()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            patch.undo()


@pytest.fixture
def w(world, db):
    """The world, inside this test's savepoint."""
    assert os.environ.get("MEEDOEN_CHECK_DATE") == DAY.isoformat()
    from django.core.cache import cache

    cache.clear()  # API throttles count in the cache
    return world


