"""axe-core on the debt-help pages and the family portal's debt-help part, Dutch and English: no violation at all.
The live server holds the demo casework and the debt-help demo; the browser harness is tests/browser's."""

import pytest

from casework_browser import assert_no_axe_violations, family_logs_in, professional_logs_in, submit


@pytest.fixture
def site(live_server, transactional_db, request):
    from django.contrib.auth.models import Group

    for name in ("family", "professional", "coordinator", "policy", "functional_admin"):
        Group.objects.get_or_create(name=name)
    request.getfixturevalue("casework_demo")
    from meedoen.debthelp.demo import load_debthelp_demo
    from meedoen.workspace.demo import ensure_users

    ensure_users()
    load_debthelp_demo()
    return live_server.url


def pages(base):
    from meedoen.debthelp.models import DebtCase

    settlement = DebtCase.objects.get(family__reference="Z-CW-0002")
    waiting = DebtCase.objects.filter(family__reference="Z-CW-0003", phase="registered").get()
    creditor = settlement.creditors.first()
    return [("schuldhulp", "/werkplek/inloggen/", [
                "/werkplek/schuldhulp/", f"/werkplek/schuldhulp/{settlement.pk}/", f"/werkplek/schuldhulp/{waiting.pk}/",
                f"/werkplek/schuldhulp/{waiting.pk}/stap/?stap=intake", f"/werkplek/schuldhulp/schuldeiser/{creditor.pk}/",
                f"/werkplek/schuldhulp/gezin/{settlement.family_id}/"]),
            ("beleid", "/werkplek/inloggen/", ["/werkplek/schuldhulp/doorlooptijden/"]),
            ("gezin-yilmaz", "/mijn-gezin/inloggen/", ["/mijn-gezin/"])]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_axe_violations(site, new_page, lang):
    for username, login, paths in pages(site):
        page = new_page(locale="nl-NL" if lang == "nl" else "en-GB")
        (family_logs_in if login.startswith("/mijn-gezin/") else professional_logs_in)(page, site, username, lang)
        for path in paths:
            response = page.goto(f"{site}{path}")
            assert response.ok, f"{path}: {response.status}"
            assert page.locator("html").get_attribute("lang") == lang, path
            assert_no_axe_violations(page, f"{path} ({lang})")
    # a form sent with errors: the error summary and the messages next to the fields
    from meedoen.debthelp.models import DebtCase

    page = new_page(locale="nl-NL" if lang == "nl" else "en-GB")
    professional_logs_in(page, site, "schuldhulp", lang)
    waiting = DebtCase.objects.filter(family__reference="Z-CW-0003", phase="registered").get()
    page.goto(f"{site}/werkplek/schuldhulp/{waiting.pk}/stap/?stap=intake")
    page.locator("#step_on").fill("")
    submit(page, page.locator("main form button[type=submit], form button.button").last)
    assert page.get_by_role("alert").count() >= 1
    assert_no_axe_violations(page, f"intake form with errors ({lang})")
