"""Hardening of the web platform: security headers with a Content-Security-Policy without inline scripts, login
throttling and lockout per account and per address (django-axes) with a clear page and an unlock path, password
validators, session lifetimes, and `check --deploy` clean for the production settings."""

import os
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

WORKSPACE_LOGIN, PORTAL_LOGIN = "/werkplek/inloggen/", "/mijn-gezin/inloggen/"


@pytest.fixture
def users(db, settings):
    from django.contrib.auth.models import Group

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for name in ("family", "professional", "coordinator", "policy", "functional_admin"):
        Group.objects.get_or_create(name=name)
    make = get_user_model().objects.create_user
    anna, ben = make("anna", password="juist-wachtwoord-1"), make("ben", password="juist-wachtwoord-2")
    anna.groups.add(Group.objects.get(name="professional"))
    ben.groups.add(Group.objects.get(name="professional"))
    return anna, ben


def login(client, username, password, url=WORKSPACE_LOGIN, address="192.0.2.10"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


# -- headers ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", WORKSPACE_LOGIN, PORTAL_LOGIN, "/api/v1/municipalities/"])
def test_every_response_has_the_security_headers(client, db, url):
    response = client.get(url)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_template_has_inline_script_or_style():
    """The policy forbids inline code; a template that brings some back would break in the browser."""
    from pathlib import Path

    import meedoen

    root = Path(meedoen.__file__).parent
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if "pdf" in template.name or template.name == "letters.html":  # rendered to PDF by WeasyPrint, never served
            continue
        if "<style" in text or ' style="' in text or ' onclick=' in text or "<script>" in text:
            offenders.append(str(template.relative_to(root)))
    assert not offenders


def test_the_api_documentation_page_alone_may_style_inline(client, db):
    policy = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


# -- password guessing --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [WORKSPACE_LOGIN, PORTAL_LOGIN])
def test_after_five_wrong_passwords_the_right_one_is_refused_for_now(client, users, settings, url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "anna", "fout", url).status_code in (200, 400)
    locked = login(client, "anna", "fout", url)
    assert locked.status_code == 429
    assert "Probeer het over 15 minuten opnieuw" in locked.content.decode() and "functioneel beheer" in locked.content.decode()
    assert login(client, "anna", "juist-wachtwoord-1", url).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account_and_per_address(client, users, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"niemand-{n}", "fout", address="198.51.100.5")  # many names from one address
    assert login(client, "ben", "juist-wachtwoord-2", address="198.51.100.5").status_code == 429
    assert login(client, "ben", "juist-wachtwoord-2", address="198.51.100.6").status_code == 302  # another address
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "anna", "fout", address=f"203.0.113.{_}")  # one name from many addresses
    assert login(client, "anna", "juist-wachtwoord-1", address="203.0.113.200").status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_lock(client, users, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(WORKSPACE_LOGIN, {"username": f"x{n}", "password": "fout"}, REMOTE_ADDR="192.0.2.77",
                    HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = client.post(WORKSPACE_LOGIN, {"username": "ben", "password": "juist-wachtwoord-2"},
                           REMOTE_ADDR="192.0.2.77", HTTP_X_FORWARDED_FOR="10.9.9.250")
    assert response.status_code == 429


def test_the_functional_administrator_lifts_a_lock_at_once(client, users, settings):
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "anna", "fout")
    assert login(client, "anna", "juist-wachtwoord-1").status_code == 429
    call_command("axes_reset_username", "anna")
    call_command("axes_reset_ip", "192.0.2.10")
    assert login(client, "anna", "juist-wachtwoord-1").status_code == 302


def test_a_success_forgets_earlier_failures(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "anna", "fout")
    assert login(client, "anna", "juist-wachtwoord-1").status_code == 302
    client.post("/werkplek/uitloggen/")
    assert login(client, "anna", "fout").status_code in (200, 400)
    assert login(client, "anna", "juist-wachtwoord-1").status_code == 302


@pytest.mark.parametrize("weak", ["password", "12345678901234", "kort", "annaanna"])
def test_weak_passwords_are_refused(users, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=users[0])
    validate_password("paars-fietsrek-zomer-42", user=users[0])


# -- sessions -----------------------------------------------------------------------------------------------------

def test_a_session_ends_after_idle_minutes_and_at_most_after_max_hours(client, users, settings):
    from meedoen.web.security import STARTED

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert login(client, "anna", "juist-wachtwoord-1").status_code == 302
    assert client.get("/werkplek/").status_code == 200
    assert client.session.get_expiry_age() <= 30 * 60
    session = client.session
    session[STARTED] = int(time.time()) - settings.MEEDOEN_SESSION_MAX_SECONDS - 1
    session.save()
    assert client.get("/werkplek/").status_code == 302  # logged out: back to the login page


# -- production settings ------------------------------------------------------------------------------------------

def test_check_deploy_is_clean_for_the_production_settings(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "meedoen.web.settings", "PATH": os.environ.get("PATH", ""),
           "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
           "MEEDOEN_SECRET_KEY": "k" + "3x!9Qz_" * 9, "MEEDOEN_DATA_DIR": str(tmp_path),
           "MEEDOEN_ALLOWED_HOSTS": "meedoen.gemeente.example", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
