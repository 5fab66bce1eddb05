"""The triage queue, the case page with its contact-attempt form, and the exclusion list (Django test client)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User

from meedoen.casework import access
from meedoen.rules.money import format_eur
from meedoen.signals import outreach
from meedoen.signals.matching import match
from meedoen.signals.models import ContactAttempt, SignalCase

from test_matching import partner, signal, town  # noqa: F401 - fixture


def login(client, role):
    user = User.objects.create_user(role, password="pw-test-1234")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    client.force_login(user)
    return user


@pytest.fixture
def cases(town):  # noqa: F811
    huur = partner(town, "woco", "huur")
    today = access.today()
    signal(huur, "old", today - timedelta(days=120), 1000, person_pseudonym="P1")
    signal(huur, "new", today, None, crisis=True, person_pseudonym="P2")
    match(town)
    return {c.household_id: c for c in SignalCase.objects.all()}


def test_queue_crisis_first_overdue_marked_unknown_arrears(client, cases):
    login(client, "professional")
    body = client.get("/werkplek/signalen/").content.decode()
    assert body.index(">H2</a>") < body.index(">H1</a>")  # the cells: a bare "H1" can turn up in a CSRF token
    assert body.count("te laat") == 1 and "onbekend" in body
    assert format_eur(1000, "nl") in body and " ct" not in body  # amounts in euros, as everywhere else
    english = client.get("/werkplek/signalen/?lang=en").content.decode()
    assert "overdue" in english and format_eur(1000, "en") in english


def test_the_queue_comes_in_pages_most_urgent_first(client, cases, monkeypatch):
    from meedoen.signals import views

    monkeypatch.setattr(views, "QUEUE_PAGE", 1)
    login(client, "professional")
    first = client.get("/werkplek/signalen/").content.decode()
    assert ">H2</a>" in first and ">H1</a>" not in first and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/werkplek/signalen/?page=2").content.decode()
    assert ">H1</a>" in second and ">H2</a>" not in second and 'rel="prev"' in second and 'rel="next"' not in second
    for bad in ("0", "abc", "-1", "9" * 50):  # a page that is no number is the first page, never a 500
        assert ">H2</a>" in client.get(f"/werkplek/signalen/?page={bad}").content.decode()
    assert "Er zijn geen open zaken." in client.get("/werkplek/signalen/?page=3").content.decode()


def test_excluded_households_are_hidden_and_only_coordinators_may_exclude(client, cases, town):  # noqa: F811
    professional = login(client, "professional")
    with pytest.raises(PermissionError):
        outreach.add_exclusion(professional, town, "H1", "al in schuldhulp")
    coordinator = User.objects.create_user("coord")
    coordinator.groups.add(Group.objects.get_or_create(name="coordinator")[0])
    outreach.add_exclusion(coordinator, town, "H1", "al in schuldhulp")
    assert ">H1</a>" not in client.get("/werkplek/signalen/").content.decode()
    assert client.get(f"/werkplek/signalen/{cases['H1'].pk}/").status_code == 404


def test_policy_role_gets_403(client, cases):
    login(client, "policy")
    assert client.get("/werkplek/signalen/").status_code == 403


def test_a_contact_attempt_is_recorded_and_bad_input_names_the_field(client, cases):
    login(client, "professional")
    url = f"/werkplek/signalen/{cases['H1'].pk}/"
    good = {"kind": "telefoon", "reached": "nee", "date": access.today().isoformat(), "part_of_day": "avond"}
    assert client.post(url, good).status_code == 302
    attempt = ContactAttempt.objects.get()
    assert (attempt.kind, attempt.reached, attempt.part_of_day) == ("telefoon", False, "avond")
    bad = client.post(url, {**good, "date": "gisteren", "kind": "duif"})
    assert bad.status_code == 400 and ContactAttempt.objects.count() == 1
    text = bad.content.decode()
    assert 'id="error-date"' in text and 'id="error-kind"' in text and 'id="error-reached"' not in text


def test_exclusion_page_is_for_coordinators_only(client, cases, town):  # noqa: F811
    login(client, "professional")
    assert client.get("/werkplek/signalen/uitsluitingen/").status_code == 403
    client.logout()
    login(client, "coordinator")
    bad = client.post("/werkplek/signalen/uitsluitingen/", {"municipality": town.pk, "household_id": "H2"})
    assert bad.status_code == 400 and 'id="error-reason"' in bad.content.decode()
    ok = client.post("/werkplek/signalen/uitsluitingen/", {"municipality": town.pk, "household_id": "H2", "reason": "x"})
    assert ok.status_code == 302 and "H2" in client.get("/werkplek/signalen/uitsluitingen/").content.decode()
    assert ">H2</a>" not in client.get("/werkplek/signalen/").content.decode()


def test_a_closed_case_leaves_the_queue(client, cases):
    user = login(client, "professional")
    outreach.close_case(cases["H2"], user, "geen_hulp_nodig")
    with pytest.raises(outreach.OutreachError):
        outreach.close_case(cases["H2"], user, "geen_hulp_nodig")
    assert ">H2</a>" not in client.get("/werkplek/signalen/").content.decode()
