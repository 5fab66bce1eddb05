"""axe-core on the debt-help pages and the family portal's debt-help part, Dutch and English: no violation at all.

Playwright drives Debian's Chromium (/usr/bin/chromium, never a downloaded browser) against the live server with the
demo casework and the debt-help demo. Skipped when there is no Chromium (./scripts/test.sh installs it)."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MEEDOEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in the test thread

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")]


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


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def log_in(page, base, path, username, lang):
    page.goto(f"{base}{path}?lang={lang}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(username)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert "inloggen" not in page.url


def violations(page):
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]


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
def test_no_axe_violations(site, browser, lang):
    problems = []
    for username, login, paths in pages(site):
        context = browser.new_context(locale="nl-NL" if lang == "nl" else "en-GB")
        page = context.new_page()
        log_in(page, site, login, username, lang)
        for path in paths:
            response = page.goto(f"{site}{path}")
            assert response.ok, f"{path}: {response.status}"
            assert page.locator("html").get_attribute("lang") == lang, path
            problems += [f"{path}: {p}" for p in violations(page)]
        context.close()
    # a form sent with errors: the error summary and the messages next to the fields
    context = browser.new_context()
    page = context.new_page()
    log_in(page, site, "/werkplek/inloggen/", "schuldhulp", lang)
    from meedoen.debthelp.models import DebtCase

    waiting = DebtCase.objects.filter(family__reference="Z-CW-0003", phase="registered").get()
    page.goto(f"{site}/werkplek/schuldhulp/{waiting.pk}/stap/?stap=intake")
    page.locator("#step_on").fill("")
    with page.expect_navigation():
        page.locator("main form button[type=submit], form button.button").last.click()
    assert page.get_by_role("alert").count() >= 1
    problems += [f"intake form with errors: {p}" for p in violations(page)]
    context.close()
    assert not problems, "\n".join(problems)
