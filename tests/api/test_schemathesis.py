"""Property-based tests against the published schema: no input, valid or not, gives a server error.

schemathesis generates requests for every operation from the live OpenAPI schema (positive and
negative data) and sends them to the Django app over WSGI. Every answer must be documented: its
status code, its content type, and its body against the response schema.
"""

import os

import pytest

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    pytest.skip("DJANGO_SETTINGS_MODULE is not set (run ./scripts/test.sh)", allow_module_level=True)

import schemathesis  # noqa: E402 - after the skip: loading the schema needs Django
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections  # noqa: E402

from meedoen.web.wsgi import application  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the real WSGI handler, whose signals would close the test's DB connection
    (as Django's test client, keep it open)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def high_rates(settings):
    """Throttling would turn a long run into 429s: raise the rates (the cache is cleared per test)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"}}


CASEWORK = ("/api/v1/families/", "/api/v1/consents/", "/api/v1/referrals/", "/api/v1/persons/")


def casework_token(request):
    """The casework endpoints as a professional of the demo (a user without a casework role only gets 403s)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    request.getfixturevalue("casework_demo")
    return Token.objects.get_or_create(user=get_user_model().objects.get(username="professional"))[0].key


@schema.parametrize()
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, token, request):
    if case.path.startswith(CASEWORK):
        token = casework_token(request)
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                response_schema_conformance, negative_data_rejection],
    )
