"""The case page: closing with a result code, a closed case read-only, the overdue filter, unmatched signals, the
scheme check on the page, and English pages without raw Dutch codes (Django test client, PostgreSQL)."""

import re
from datetime import timedelta

from django.contrib.auth.models import Group, User

from meedoen.casework import access
from meedoen.signals.matching import match
from meedoen.signals.models import ContactAttempt, SignalCase
from meedoen.signals.outreach import KINDS, PARTS_OF_DAY, RESULTS

from test_matching import partner, signal
from test_schemecheck import register, signal_cases  # noqa: F401 - fixtures


def login(client, role):
    user = User.objects.create_user(f"{role}-user", password="pw-test-1234")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    client.force_login(user)
    return user


def visible_text(html):
    """The page's words: no tags, attributes (option values, ids) or hidden fields."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


def test_close_with_a_valid_result_then_the_case_is_read_only(client, signal_cases):
    user = login(client, "professional")
    case = signal_cases["H1"]
    url = f"/werkplek/signalen/{case.pk}/"
    assert client.post(url, {"action": "close", "result": "geen_hulp_nodig"}).status_code == 302
    case.refresh_from_db()
    assert case.result == "geen_hulp_nodig" and case.closed_by == user and case.closed_at is not None
    page = client.get(url).content.decode()
    assert "geen hulp nodig" in page and 'name="action"' not in page  # the result in words, no forms left
    english = client.get(url + "?lang=en").content.decode()
    assert "no help needed" in english and "geen_hulp_nodig" not in visible_text(english)
    attempt = {"action": "attempt", "kind": "telefoon", "reached": "ja", "date": access.today().isoformat(),
               "part_of_day": "avond"}
    refused = client.post(url, attempt)
    assert refused.status_code == 400 and not ContactAttempt.objects.exists()
    assert client.post(url, {"action": "close", "result": "verhuisd"}).status_code == 400
    case.refresh_from_db()
    assert case.result == "geen_hulp_nodig"
    assert f">{case.household_id}</a>" not in client.get("/werkplek/signalen/").content.decode()


def test_close_with_an_invalid_result_is_400_with_the_message_at_the_field(client, signal_cases):
    login(client, "professional")
    case = signal_cases["H1"]
    bad = client.post(f"/werkplek/signalen/{case.pk}/", {"action": "close", "result": "opgelost", "lang": "en"})
    text = bad.content.decode()
    assert bad.status_code == 400 and 'id="error-result"' in text
    assert "Choose a result from the list." in text.split('id="result"')[0].rsplit('<label for="result"', 1)[1]
    case.refresh_from_db()
    assert case.closed_at is None and case.result == ""


def test_the_overdue_filter_shows_only_overdue_cases_without_javascript(client, register):  # noqa: F811
    huur = partner(register, "woco", "huur")
    today = access.today()
    signal(huur, "old", today - timedelta(days=120), 1000, person_pseudonym="P1")
    signal(huur, "new", today, 1000, person_pseudonym="P2")
    match(register)
    login(client, "coordinator")
    everything = client.get("/werkplek/signalen/").content.decode()
    assert ">H1</a>" in everything and ">H2</a>" in everything and 'name="overdue"' in everything
    overdue = client.get("/werkplek/signalen/?overdue=1").content.decode()
    assert ">H1</a>" in overdue and ">H2</a>" not in overdue and "checked" in overdue
    SignalCase.objects.filter(household_id="H1").update(due=today + timedelta(days=3))
    assert ">H1</a>" not in client.get("/werkplek/signalen/?overdue=1").content.decode()


def test_the_unmatched_page_lists_signals_with_their_reason_in_words(client, register):  # noqa: F811
    huur = partner(register, "woco", "huur")
    today = access.today()
    signal(huur, "lost-1", today, 1000, surname="Onbekend", birth_date=today - timedelta(days=9000), postcode="9999ZZ",
           house_number=1)
    signal(huur, "found", today, 1000, person_pseudonym="P1")
    match(register)
    login(client, "professional")
    page = client.get("/werkplek/signalen/niet-gekoppeld/")
    text = page.content.decode()
    assert page.status_code == 200 and "lost-1" in text and ">found<" not in text
    assert "Niemand in het register past bij deze gegevens." in text and "not_found" not in text
    assert "Nobody in the register fits these details." in client.get(
        "/werkplek/signalen/niet-gekoppeld/?lang=en").content.decode()
    client.logout()
    login(client, "policy")
    assert client.get("/werkplek/signalen/niet-gekoppeld/").status_code == 403


def test_the_case_page_shows_the_scheme_check_with_explanation_and_receipt(client, signal_cases):
    login(client, "professional")
    case = signal_cases["H1"]
    page = client.get(f"/werkplek/signalen/{case.pk}/?lang=en").content.decode()
    unused = page.split('id="unused"')[1].split("</ul></li>")[0]
    assert 'data-scheme="zoetermeerpas"' in page.split('id="unused"')[1].split('id="receipt"')[0]
    assert "Why" in unused
    from meedoen.municipalities.rulebook import current_rulebook
    assert current_rulebook().hash[:12] in page.split('id="receipt"')[1].split("</p>")[0]
    assert "at least" in page.split('id="debts"')[1].split("</p>")[0]
    other = client.get(f"/werkplek/signalen/{signal_cases['H2'].pk}/").content.decode()
    assert 'data-scheme="zoetermeerpas"' not in other  # H2 uses it already


def test_english_case_page_shows_no_raw_dutch_codes(client, signal_cases):
    login(client, "professional")
    case = signal_cases["H1"]
    url = f"/werkplek/signalen/{case.pk}/"
    today = access.today().isoformat()
    client.post(url, {"action": "attempt", "kind": "huisbezoek", "reached": "nee", "date": today, "part_of_day": "ochtend"})
    english = visible_text(client.get(url + "?lang=en").content.decode())
    for code in set(KINDS + PARTS_OF_DAY + RESULTS) - {"e-mail"}:  # 'e-mail' is English too
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", english), code
    assert not re.search(r"(?<![\w-])(huur|energie)(?![\w-])", english)  # the partner types in words too
    assert "home visit" in english and "morning" in english and "help accepted" in english and "Rent" in english
    dutch = visible_text(client.get(url + "?lang=nl").content.decode())
    assert "huisbezoek" in dutch and "ochtend" in dutch
