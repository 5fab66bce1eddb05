"""Two-factor authentication for professionals (django-otp, TOTP): required or by choice (MEEDOEN_OTP_REQUIRED),
setting up with a code, the second step after every password login, wrong codes refused and throttled, turning
it off with a code, the reset by a functional administrator (in the admin log), API tokens and the family portal
untouched."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN, LOGOUT = "/werkplek/inloggen/", "/werkplek/uitloggen/"
VERIFY, ENROL = "/werkplek/tweestaps/code/", "/werkplek/tweestaps/instellen/"
REMOVE, ADMIN = "/werkplek/tweestaps/uitzetten/", "/werkplek/tweestaps/beheer/"
WORKSPACE_PAGES = ["/werkplek/", "/werkplek/huishoudens/nieuw/", "/werkplek/gezinnen/", "/werkplek/bereik/", "/beheer/"]


@pytest.fixture
def users(db, settings):
    from django.contrib.auth.models import Group

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make = get_user_model().objects.create_user
    made = {}
    for username, role in (("anna", "professional"), ("ben", "professional"), ("fiona", "functional_admin")):
        made[username] = make(username, password=f"juist-wachtwoord-{username}")
        made[username].groups.add(Group.objects.get_or_create(name=role)[0])
    return made


@pytest.fixture
def required(settings):
    settings.MEEDOEN_OTP_REQUIRED = True


def login(client, username):
    return client.post(LOGIN, {"username": username, "password": f"juist-wachtwoord-{username}"}, REMOTE_ADDR="192.0.2.20")


def code_for(device):
    """The device's code for the earliest time step it still accepts (a used step is never accepted twice)."""
    device.refresh_from_db()
    now = int(time.time() - device.t0) // device.step
    target = max(now, device.last_t + 1)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift=target - now):0{device.digits}d}"


def wrong_code(device):
    """A code that no nearby time step gives."""
    device.refresh_from_db()
    near = {totp(device.bin_key, device.step, device.t0, device.digits, drift=d) for d in range(-3, 6)}
    return next(f"{n:06d}" for n in range(1, 1000000) if n not in near)


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def enrol_on_page(client, user):
    page = client.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(ENROL, {"code": code_for(device), "next": "/werkplek/"}), device


def is_redirect_to(response, path):
    return response.status_code == 302 and response["Location"].split("?")[0] == path


# -- required: no workspace without a device --------------------------------------------------------------------

def test_required_without_device_is_sent_to_enrolment_and_reaches_no_workspace_page(client, users, required):
    response = login(client, "anna")
    assert response.status_code == 302
    assert is_redirect_to(client.get(response["Location"]), ENROL)
    for url in WORKSPACE_PAGES:
        response = client.get(url)
        assert is_redirect_to(response, ENROL), url
    assert client.get("/werkplek/").url.endswith("?next=%2Fwerkplek%2F")
    assert client.post("/werkplek/huishoudens/nieuw/", {"reference": "x"}).status_code == 302
    api = client.get("/api/v1/municipalities/")
    assert api.status_code == 403 and api["Content-Type"] == "application/problem+json"
    assert "Two-factor authentication needed" in api.json()["detail"]
    assert client.get("/").status_code == 200  # the public resident check is not a workspace page
    htmx = client.get("/werkplek/gezinnen/", HTTP_HX_REQUEST="true")  # htmx: a full page change, not a swap
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(ENROL + "?next=")


def test_an_api_token_is_not_affected(client, users, required):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["ben"])
    login(client, "anna")  # an unverified session on the same client
    assert client.get("/api/v1/municipalities/").status_code == 403
    response = client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_enrolment_with_the_right_code_confirms_and_opens_the_workspace(client, users, required):
    login(client, "anna")
    page = client.get(ENROL)
    text = page.content.decode()
    device = TOTPDevice.objects.get(user=users["anna"], confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in text
    assert 'src="data:image/svg+xml;base64,' in text and "otpauth://totp/Meedoen%3Aanna?secret=" + secret in text
    assert secret in client.get(ENROL).content.decode()  # the same key on reload, until confirmed
    assert list(TOTPDevice.objects.filter(user=users["anna"]).values_list("key", flat=True)) == [device.key]
    response = client.post(ENROL, {"code": code_for(device), "next": "/werkplek/regelboek/"})
    assert is_redirect_to(response, "/werkplek/regelboek/")
    device.refresh_from_db()
    assert device.confirmed
    home = client.get("/werkplek/")
    assert home.status_code == 200 and "Tweestapsverificatie staat aan." in home.content.decode()
    status = client.get(ENROL)
    assert status.status_code == 200 and "staat aan sinds" in status.content.decode()


@pytest.mark.parametrize("code,message", [
    (None, "Deze code klopt niet"), ("", "Vul de code uit de app in."), ("12ab56", "De code bestaat uit 6 cijfers")])
def test_a_wrong_code_is_refused_with_a_message(client, users, required, settings, code, message):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    login(client, "anna")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=users["anna"])
    response = client.post(ENROL, {"code": wrong_code(device) if code is None else code})
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "field--error" in text and 'href="#id_code"' in text
    device.refresh_from_db()
    assert not device.confirmed
    assert is_redirect_to(client.get("/werkplek/"), ENROL)


def test_the_english_page_speaks_english(client, users, required, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    login(client, "anna")
    page = client.get(ENROL + "?lang=en").content.decode()
    assert "Set up two-factor authentication" in page and "Secret key" in page
    device = TOTPDevice.objects.get(user=users["anna"])
    refused = client.post(ENROL, {"code": wrong_code(device), "lang": "en"})
    assert "This code is not right" in refused.content.decode()


def test_after_logout_the_next_login_needs_the_code(client, users, required):
    login(client, "anna")
    response, device = enrol_on_page(client, users["anna"])
    assert response.status_code == 302
    client.post(LOGOUT)
    login(client, "anna")
    assert is_redirect_to(client.get("/werkplek/"), VERIFY)
    assert is_redirect_to(client.get(ENROL), VERIFY)  # no second device on the password alone
    assert client.get(VERIFY).status_code == 200
    response = client.post(VERIFY, {"code": code_for(device), "next": "/werkplek/regelboek/"})
    assert is_redirect_to(response, "/werkplek/regelboek/")
    assert client.get("/werkplek/").status_code == 200
    assert TOTPDevice.objects.filter(user=users["anna"]).count() == 1


def test_a_code_is_used_once_and_a_foreign_next_is_ignored(client, users, required):
    device = enrolled(users["anna"])
    login(client, "anna")
    code = code_for(device)
    assert is_redirect_to(client.post(VERIFY, {"code": code, "next": "https://elders.example/"}), "/werkplek/")
    client.post(LOGOUT)
    login(client, "anna")
    again = client.post(VERIFY, {"code": code})  # the same code again: refused
    assert again.status_code == 400 and "Deze code klopt niet" in again.content.decode()
    assert is_redirect_to(client.get("/werkplek/"), VERIFY)


def test_repeated_wrong_codes_are_throttled(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = enrolled(users["anna"])
    login(client, "anna")
    first = client.post(VERIFY, {"code": wrong_code(device)})
    assert first.status_code == 400 and "Deze code klopt niet" in first.content.decode()
    throttled = client.post(VERIFY, {"code": code_for(device)})  # even the right code, for now
    assert throttled.status_code == 429
    assert "te vaak een verkeerde code" in throttled.content.decode() and "Wacht 60 seconden" in throttled.content.decode()
    assert is_redirect_to(client.get("/werkplek/"), VERIFY)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=61))  # the wait is over
    assert is_redirect_to(client.post(VERIFY, {"code": code_for(device)}), "/werkplek/")
    assert client.get("/werkplek/").status_code == 200


# -- not required: a choice, but whoever has a device always gets the step -------------------------------------

def test_off_a_user_without_device_gets_straight_in_and_an_enrolled_one_gets_the_step(client, users, settings):
    assert settings.MEEDOEN_OTP_REQUIRED is False
    login(client, "ben")
    assert client.get("/werkplek/").status_code == 200
    assert client.get("/api/v1/municipalities/").status_code == 200
    assert is_redirect_to(client.get(VERIFY), "/werkplek/")  # nothing to verify
    client.post(LOGOUT)
    device = enrolled(users["anna"])
    login(client, "anna")
    assert is_redirect_to(client.get("/werkplek/"), VERIFY)
    assert client.get("/api/v1/municipalities/").status_code == 403
    assert is_redirect_to(client.post(VERIFY, {"code": code_for(device)}), "/werkplek/")
    assert client.get("/werkplek/").status_code == 200


def test_a_login_that_owed_nothing_costs_no_two_factor_query_later(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, "ben")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/werkplek/").status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "otp_totp_totpdevice" not in tables and "casework_familyaccount" not in tables


def test_off_a_professional_may_enrol_by_choice(client, users):
    login(client, "ben")
    response, device = enrol_on_page(client, users["ben"])
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.post(LOGOUT)
    login(client, "ben")
    assert is_redirect_to(client.get("/werkplek/"), VERIFY)


# -- turning it off -----------------------------------------------------------------------------------------------

def test_removing_the_device_needs_a_valid_code(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(users["anna"])
    login(client, "anna")
    assert is_redirect_to(client.get(REMOVE), VERIFY)  # not before the second step
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(REMOVE).status_code == 200
    refused = client.post(REMOVE, {"code": wrong_code(device)})
    assert refused.status_code == 400 and "Deze code klopt niet" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=users["anna"]).exists()
    assert is_redirect_to(client.post(REMOVE, {"code": code_for(device)}), "/werkplek/")
    assert not TOTPDevice.objects.filter(user=users["anna"]).exists()
    assert client.get("/werkplek/").status_code == 200  # off and not required: straight in


def test_removing_when_required_sends_to_enrolment_again(client, users, required):
    device = enrolled(users["anna"])
    login(client, "anna")
    client.post(VERIFY, {"code": code_for(device)})
    assert is_redirect_to(client.post(REMOVE, {"code": code_for(device)}), ENROL)
    assert is_redirect_to(client.get("/werkplek/"), ENROL)


# -- the functional administrator's reset -------------------------------------------------------------------------

def test_the_functional_administrator_resets_a_device_and_it_is_logged(client, users, required):
    from django.contrib.admin.models import LogEntry

    enrolled(users["anna"])
    admin_device = enrolled(users["fiona"])
    login(client, "fiona")
    client.post(VERIFY, {"code": code_for(admin_device)})
    page = client.get(ADMIN)
    assert page.status_code == 200 and ">anna<" in page.content.decode()
    response = client.post(ADMIN, {"user": users["anna"].pk})
    assert is_redirect_to(response, ADMIN)
    assert "De tweestapsverificatie van anna is gewist" in client.get(ADMIN).content.decode()
    assert not TOTPDevice.objects.filter(user=users["anna"]).exists()
    entry = LogEntry.objects.get(object_id=str(users["anna"].pk))
    assert entry.user_id == users["fiona"].pk and "Tweestapsverificatie gewist" in entry.change_message
    again = client.post(ADMIN, {"user": users["anna"].pk})
    assert again.status_code == 400 and "Er is niets gewist" in again.content.decode()
    assert client.post(ADMIN, {"user": "niet-een-getal"}).status_code == 400
    assert LogEntry.objects.count() == 1
    client.post(LOGOUT)
    login(client, "anna")  # anna sets it up again
    assert is_redirect_to(client.get("/werkplek/"), ENROL)


def test_only_the_functional_administrator_may_reset(client, users):
    device = enrolled(users["anna"])
    login(client, "ben")
    assert client.get(ADMIN).status_code == 403
    assert client.post(ADMIN, {"user": users["anna"].pk}).status_code == 403
    client.post(LOGOUT)
    login(client, "anna")
    client.post(VERIFY, {"code": code_for(device)})
    assert client.post(ADMIN, {"user": users["anna"].pk}).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.post(LOGOUT)
    assert is_redirect_to(client.get(ADMIN), LOGIN)


def test_an_enrolled_administrator_must_pass_the_step_before_resetting(client, users):
    enrolled(users["anna"])
    enrolled(users["fiona"])
    login(client, "fiona")
    assert is_redirect_to(client.post(ADMIN, {"user": users["anna"].pk}), VERIFY)
    assert TOTPDevice.objects.filter(user=users["anna"]).exists()


# -- the family portal --------------------------------------------------------------------------------------------

def test_the_family_portal_login_is_not_affected(client, casework_demo, required):
    response = client.post("/mijn-gezin/inloggen/", {"username": "gezin-bakker", "password": "gezin-bakker"})
    assert is_redirect_to(response, "/mijn-gezin/")
    assert client.get("/mijn-gezin/").status_code == 200
    assert client.get(ENROL).status_code == 403  # not for family accounts
    assert not TOTPDevice.objects.exists()
