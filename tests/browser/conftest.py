"""Browser tests of the resident check: Playwright drives Debian's Chromium against pytest-django's live server.

Run them with ./scripts/test.sh (it starts PostgreSQL and sets the environment). Never run `playwright install`:
the browser is /usr/bin/chromium from Debian's packages (MEEDOEN_CHROMIUM to use another one).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django's async-unsafe check would then refuse the
# database calls of the fixtures (flush, municipalities) made from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("MEEDOEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
CHECK_DATE = "2026-03-01"  # the expected outcomes hold on this date (2026 norms)
REQUIRED = os.environ.get("MEEDOEN_BROWSER_TESTS") == "required"  # set by ./scripts/test.sh: never skip


def _missing():
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return "DJANGO_SETTINGS_MODULE is not set (run ./scripts/test.sh)"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    reason = _missing()
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if reason and not REQUIRED:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason and REQUIRED:
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _pinned_check_date(monkeypatch):
    """The live server runs in this process: the views read the pinned date on every request."""
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", CHECK_DATE)


@pytest.fixture
def municipalities(transactional_db):
    """The tenants from the rulebook, in the test database the live server reads."""
    from meedoen.municipalities.rulebook import sync_municipalities

    return sync_municipalities()


@pytest.fixture
def site(live_server, municipalities):
    """The base URL of the app, with the municipalities in its database."""
    return live_server.url


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) -> a page in a fresh browser context (no cookies), closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "nl-NL")
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def resident(page, site):
    return Resident(page, site)


@pytest.fixture
def resident_with(new_page, site):
    """resident_with(**context_options): a resident in a browser context of their own (viewport, no JavaScript)."""
    return lambda **options: Resident(new_page(**options), site)


class Resident:
    """A resident using the check the way a person does: fill in the forms, press the buttons, read the page.

    Answers are given per fact the engine asks for (the form field is named ``f:<fact>``); a question the resident
    has no answer for is left at its default ("Weet ik niet" or empty), as a person would.
    """

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.asked = []  # every fact asked, in order, over all question pages

    # --- navigation -----------------------------------------------------------------------------------------
    def submit(self, button):
        """Press a submit button and wait for the page it loads."""
        with self.page.expect_navigation():
            button.click()

    def press(self, name):
        self.submit(self.page.get_by_role("button", name=name, exact=True))

    def switch_language(self, name):
        """The language switch in the header ("English" / "Nederlands"): a link or a button."""
        nav = self.page.locator(".page-header")
        self.submit(nav.get_by_role("link", name=name, exact=True).or_(nav.get_by_role("button", name=name, exact=True)))

    def heading(self):
        return self.page.locator("h1").inner_text().strip()

    def on_questions_page(self):
        return self.page.locator('form input[name="asked"]').count() > 0

    def on_result_page(self):
        return self.page.locator("#h-eligible").count() > 0

    # --- step 1 ---------------------------------------------------------------------------------------------
    def open(self, path="/"):
        self.page.goto(self.base_url + path)

    def fill_start(self, municipality, applicant, partner=None, children=(), others=()):
        page = self.page
        page.select_option("#municipality", municipality)
        page.fill("#applicant_birth_date", applicant)
        page.check(f'input[name="has_partner"][value="{"yes" if partner else "no"}"]')
        if partner:
            page.fill("#partner_birth_date", partner)
        for n, born in enumerate(children, 1):
            page.fill(f"#child_{n}", born)
        for n, born in enumerate(others, 1):
            page.fill(f"#other_{n}", born)

    # --- the questions ----------------------------------------------------------------------------------------
    def answer(self, answers):
        """Answer the questions on this page that ``answers`` (fact -> value) knows. Returns the facts asked."""
        page = self.page
        asked = [f for f in page.locator('input[name="asked"]').get_attribute("value").split("|") if f]
        self.asked += asked
        for fact in asked:
            if fact not in answers:
                continue
            value, name = answers[fact], f"f:{fact}"
            if isinstance(value, dict):  # income per source: {"wages": "1.531,14"}
                for source, amount in value.items():
                    page.locator(f'input[name="{name}:{source}"]').fill(amount)
            elif value in ("yes", "no", "unknown"):
                page.locator(f'input[name="{name}"][value="{value}"]').check()
            elif fact == "district":
                page.locator(f'select[name="{name}"]').select_option(value)
            else:
                page.locator(f'input[name="{name}"]').fill(value)
        return asked

    def answer_all(self, answers, max_pages=8):
        """Answer question pages with "Volgende" until the result page shows."""
        for _ in range(max_pages):
            if self.on_result_page():
                break
            assert self.on_questions_page(), f"neither questions nor result: {self.heading()!r}\n{self.page.content()[:3000]}"
            self.answer(answers)
            self.press(self.texts["next"])
        assert self.on_result_page(), f"no result after {max_pages} question pages; asked {self.asked}"
        not_asked = set(answers) - set(self.asked)
        assert not not_asked, f"these answers were never asked for: {sorted(not_asked)}; asked: {self.asked}"

    texts = {"next": "Volgende", "result": "Toon de uitslag"}

    def complete(self, household, answers):
        """The whole check: step 1, the questions, the result. Returns {scheme id: status}."""
        self.open()
        self.fill_start(**household)
        self.press(self.texts["next"])
        self.answer_all(answers)
        return self.statuses()

    # --- the result -------------------------------------------------------------------------------------------
    def statuses(self):
        found = {}
        for article in self.page.locator('article[id^="scheme-"]').all():
            found[article.get_attribute("id").removeprefix("scheme-")] = article.get_attribute("data-status")
        return found

    def scheme_names(self, status=None):
        selector = 'article[id^="scheme-"]' + (f'[data-status="{status}"]' if status else "")
        return [re.sub(r"\s+", " ", h.inner_text()).strip() for h in self.page.locator(f"{selector} h3").all()]


# Households from the seed scenarios (src/meedoen/rulebook/municipalities/*/tests/), as a resident enters them,
# with the outcomes expected on 2026-03-01. The 2026 norm for a single (parent) is 1,331.43; 120% = 1,597.72.
SEEDS = {
    "zoetermeer-single-parent-115pct": {
        "household": {"municipality": "zoetermeer", "applicant": "01-05-1990", "children": ("01-03-2015", "01-09-2018")},
        "answers": {
            "members[0].monthly_net_income_cents": {"wages": "1.531,14"},
            "members[0].statuses.registered_premium_arrears": "no",
            "members[1].school.attends_school": "yes",
            "members[2].school.attends_school": "yes",
        },
        "expect": {
            "zoetermeerpas": "eligible",
            "collectieve_zorgverzekering_110_tot_120": "eligible",
            "stichting_leergeld": "eligible",
            "kwijtschelding_gemeentelijke_belastingen": "undetermined",  # payment capacity (Invorderingswet 1990 art. 26): rent, premiums and the assessment are not given
            "collectieve_zorgverzekering_tot_110": "not_eligible",
        },
    },
    "zoetermeer-mother-of-three-on-bijstand": {
        "household": {"municipality": "zoetermeer", "applicant": "11-02-1986",
                      "children": ("01-06-2019", "15-01-2021", "30-08-2023")},
        "answers": {
            "members[0].monthly_net_income_cents": {"benefit": "1.331,43"},
            "members[0].statuses.registered_premium_arrears": "no",
            "members[1].school.attends_school": "yes",
            "members[2].school.attends_school": "no",
            "members[3].school.attends_school": "no",
        },
        "expect": {
            "kwijtschelding_gemeentelijke_belastingen": "eligible",
            "collectieve_zorgverzekering_tot_110": "eligible",
            "collectieve_zorgverzekering_110_tot_120": "not_eligible",
            "zoetermeerpas": "eligible",
            "stichting_leergeld": "eligible",
        },
    },
    "groningen-selwerd-single-parent-118pct": {
        "household": {"municipality": "groningen", "applicant": "01-01-1988", "children": ("01-06-2017",)},
        "answers": {
            "district": "Selwerd",
            "members[0].monthly_net_income_cents": {"wages": "1.571,09"},
        },
        "expect": {
            "maatjesproject": "eligible",
            "vensterpas": "eligible",
            "minimaregelingen": "eligible",
        },
    },
}


@pytest.fixture
def seeds():
    return SEEDS
