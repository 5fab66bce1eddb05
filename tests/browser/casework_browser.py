"""Helpers of the casework browser tests: log in the way people do, and axe / no-sideways-scrolling checks.

The demo casework (fixture ``casework_demo`` in tests/conftest.py) gives the logins: professionals log in at
/werkplek/inloggen/ with their username as password, families at /mijn-gezin/inloggen/ (gezin-yilmaz, ...).
"""

import re

import pytest
from test_accessibility import describe  # the same report of axe's findings as the resident check's test

WORKSPACE_LOGIN = "/werkplek/inloggen/"
PORTAL_LOGIN = "/mijn-gezin/inloggen/"
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}

# The words on the login forms, per language.
LOGIN = {
    "nl": {"username": "Gebruikersnaam", "password": "Wachtwoord", "workspace_button": "Inloggen", "portal_button": "Inloggen"},
    "en": {"username": "Username", "password": "Password", "workspace_button": "Log in", "portal_button": "Log in"},
}


@pytest.fixture
def casework_site(live_server, transactional_db, request):
    """The live server's base URL, with the demo casework in its database.

    The live server needs a transactional database, which is emptied after each test, taking the role groups
    that migrations made ("family", "professional", ...) with it; they are made again before the demo is built.
    Import this fixture into the test module.
    """
    from django.contrib.auth.models import Group

    for name in ("family", "professional", "coordinator", "policy", "functional_admin"):
        Group.objects.get_or_create(name=name)
    request.getfixturevalue("casework_demo")
    return live_server.url


def squash(text):
    """Visible text with runs of white space as one space (line breaks in cells, pre-line paragraphs)."""
    return re.sub(r"\s+", " ", text).strip()


def submit(page, button):
    """Press a submit button and wait for the page it loads."""
    with page.expect_navigation():
        button.click()


def log_in(page, base_url, path, username, lang="nl", button_key="workspace_button"):
    """Open a login page (in ``lang``: ?lang=en switches and is remembered), fill in the form, press the button."""
    words = LOGIN[lang]
    page.goto(f"{base_url}{path}?lang={lang}")
    page.get_by_label(words["username"], exact=True).fill(username)
    page.get_by_label(words["password"], exact=True).fill(username)  # demo: the password is the username
    submit(page, page.get_by_role("button", name=words[button_key], exact=True))
    assert "inloggen" not in page.url, f"{username} was not logged in: {squash(page.locator('main').inner_text())[:500]}"


def professional_logs_in(page, base_url, username, lang="nl"):
    log_in(page, base_url, WORKSPACE_LOGIN, username, lang, "workspace_button")


def family_logs_in(page, base_url, username, lang="nl"):
    log_in(page, base_url, PORTAL_LOGIN, username, lang, "portal_button")


def open_all_details(page):
    """Every <details> open, so axe also checks the forms behind "Overleg plannen", "Doel toevoegen", ..."""
    page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def assert_no_axe_violations(page, what):
    """No axe violation at all (any impact): the casework pages are new, they start clean."""
    violations = axe_violations(page)
    assert not violations, f"axe on {what} ({page.url}):\n{describe(violations)}"


def sideways_overflow(page):
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling), and the widest culprits.

    Content inside a scroll container of its own (a table in a region with overflow) does not count: the page
    itself does not scroll then.
    """
    return page.evaluate("""() => {
        const root = document.documentElement;
        const extra = Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth;
        const found = [];
        if (extra > 0) {
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.right <= root.clientWidth + 1 || r.width === 0) continue;
                // Inside a scroll container of its own: that container is the one to look at. An absolutely
                // positioned element (a visually-hidden label) escapes every container below its containing block.
                let clipped = false, escaping = getComputedStyle(el).position === 'absolute';
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const style = getComputedStyle(p);
                    if (escaping) { escaping = style.position === 'static'; if (escaping) continue; }
                    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { clipped = true; break; }
                }
                if (clipped) continue;
                const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
                found.push([r.right, `${name} (${Math.round(r.left)}..${Math.round(r.right)} px): `
                    + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 70)]);
            }
        }
        found.sort((a, b) => b[0] - a[0]);
        return {extra, culprits: found.slice(0, 10).map(f => f[1])};
    }""")


def assert_no_sideways_scrolling(page, what):
    found = sideways_overflow(page)
    assert found["extra"] <= 0, (f"{what} ({page.url}) is {found['extra']} px wider than the 375 px window; "
                                 f"elements sticking out:\n  " + "\n  ".join(found["culprits"]))
