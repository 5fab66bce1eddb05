"""Settings come from the environment; checked in a fresh interpreter per case."""

import os
import subprocess
import sys

BASE = {"DJANGO_SETTINGS_MODULE": "meedoen.web.settings", "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.environ.get("PYTHONPATH", "")}


def run(code, **env):
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                          env={**BASE, **env}, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run("pass", MEEDOEN_DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "Set MEEDOEN_SECRET_KEY" in result.stderr


def test_database_url_and_hosts_from_the_environment(tmp_path):
    result = run("from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE)",
                 MEEDOEN_SECRET_KEY="x" * 50, DATABASE_URL="postgres://u:p@db.example:5432/meedoen",
                 MEEDOEN_ALLOWED_HOSTS="meedoen.example.nl")
    assert result.stdout.split() == ["django.db.backends.postgresql", "['meedoen.example.nl']", "True"], result.stderr


def test_openid_connect_is_wired_when_configured(tmp_path):
    result = run("from django.urls import reverse; from django.conf import settings as s; "
                 "print(reverse('oidc_authentication_init'), s.AUTHENTICATION_BACKENDS[1])",
                 MEEDOEN_DEMO="1", MEEDOEN_DATA_DIR=str(tmp_path), MEEDOEN_OIDC_CLIENT_ID="meedoen",
                 MEEDOEN_OIDC_CLIENT_SECRET="secret", MEEDOEN_OIDC_AUTHORIZATION_ENDPOINT="https://idp.example/auth",
                 MEEDOEN_OIDC_TOKEN_ENDPOINT="https://idp.example/token", MEEDOEN_OIDC_USER_ENDPOINT="https://idp.example/userinfo")
    assert result.stdout.split() == ["/oidc/authenticate/", "mozilla_django_oidc.auth.OIDCAuthenticationBackend"], result.stderr


def test_openid_connect_is_off_by_default(tmp_path):
    result = run("from django.conf import settings as s; print('mozilla_django_oidc' in s.INSTALLED_APPS)",
                 MEEDOEN_DEMO="1", MEEDOEN_DATA_DIR=str(tmp_path))
    assert result.stdout.strip() == "False", result.stderr


def test_json_logs_when_asked(tmp_path):
    result = run("import logging; logging.getLogger('meedoen.test').warning('reach run %s failed', 7)",
                 MEEDOEN_DEMO="1", MEEDOEN_DATA_DIR=str(tmp_path), MEEDOEN_LOG_FORMAT="json")
    import json

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING" and line["logger"] == "meedoen.test" and line["message"] == "reach run 7 failed"
    assert "time" in line and isinstance(line["process"], int)
