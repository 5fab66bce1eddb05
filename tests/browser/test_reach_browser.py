"""Reach in the browser: a policy officer starts a run, follows its progress (htmx, or a refresh without
JavaScript) and reads reach per scheme and by income band; axe finds nothing on the reach pages, in Dutch and
English, on a desktop and a 375 px phone, and the pages do not scroll sideways on the phone."""

from datetime import date

import pytest

from casework_browser import PHONE, assert_no_axe_violations, assert_no_sideways_scrolling, professional_logs_in, submit

START = {"nl": "Start de berekening", "en": "Start the run"}


@pytest.fixture
def reach_site(live_server, transactional_db, tmp_path, settings):
    """The live server with a small synthetic Zoetermeer register loaded, and the demo users (policy: beleid)."""
    from django.contrib.auth.models import Group

    from meedoen.municipalities.models import Municipality
    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.reach.register.synthetic import generate_register
    from meedoen.reach.services.runs import load_register
    from meedoen.workspace.demo import ensure_users

    for name in ("family", "professional", "coordinator", "policy", "functional_admin"):
        Group.objects.get_or_create(name=name)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path
    settings.MEEDOEN_REACH_BACKGROUND = True
    sync_municipalities()
    ensure_users()
    register = generate_register(tmp_path / "register", 3000, day=date(2026, 3, 1))
    load_register(register.path, Municipality.objects.get(slug="zoetermeer"))
    return live_server.url


def start_run(page, base, lang):
    professional_logs_in(page, base, "beleid", lang)
    page.goto(f"{base}/werkplek/bereik/")
    page.get_by_label("Gemeente" if lang == "nl" else "Municipality").select_option("zoetermeer")
    page.locator("#id_day").fill("2026-03-01")
    submit(page, page.get_by_role("button", name=START[lang], exact=True))
    assert "/berekening/" in page.url, page.locator("main").inner_text()[:800]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_run_shows_its_progress_and_then_reach_per_scheme(reach_site, new_page, lang):
    page = new_page(locale="nl-NL" if lang == "nl" else "en-GB")
    start_run(page, reach_site, lang)
    table = page.get_by_role("table", name="Bereik" if lang == "nl" else "Reach")
    table.wait_for(timeout=60_000)  # htmx polls the progress and reloads the page when the run is done
    row = table.get_by_role("row", name="ZoetermeerPas")
    cells = row.get_by_role("cell").all_inner_texts()
    eligible, users, non_users = (int(c.replace(".", "").replace(",", "")) for c in cells[:3])
    assert eligible == users + non_users and non_users > 0
    page.get_by_label("Uitsplitsen naar" if lang == "nl" else "Break down by").select_option("income_band")
    submit(page, page.get_by_role("button", name="Toon" if lang == "nl" else "Show"))
    band = "tot en met 100%" if lang == "nl" else "up to 100%"
    assert page.get_by_role("cell", name=band, exact=True).first.is_visible()


def test_without_javascript_the_page_refreshes_until_done(reach_site, new_page):
    page = new_page(java_script_enabled=False)
    start_run(page, reach_site, "nl")
    page.get_by_role("table", name="Bereik").wait_for(timeout=60_000)  # <meta http-equiv="refresh"> in <noscript>


def runs_page(page, base, lang):
    professional_logs_in(page, base, "beleid", lang)
    page.goto(f"{base}/werkplek/bereik/")


def run_page(page, base, lang):
    start_run(page, base, lang)
    page.get_by_role("table", name="Bereik" if lang == "nl" else "Reach").wait_for(timeout=60_000)


def run_by_band(page, base, lang):
    run_page(page, base, lang)
    page.goto(page.url.split("?")[0] + "?by=income_band")


def runs_with_errors(page, base, lang):
    runs_page(page, base, lang)
    page.locator("#id_day").fill("")
    submit(page, page.get_by_role("button", name=START[lang], exact=True))
    assert page.get_by_role("alert").is_visible()


PAGES = {"runs": runs_page, "run": run_page, "run-by-band": run_by_band, "runs-with-errors": runs_with_errors}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_reach_pages_pass_axe(reach_site, new_page, name, lang, device):
    page = new_page(locale="nl-NL" if lang == "nl" else "en-GB", **(PHONE if device == "phone" else {}))
    PAGES[name](page, reach_site, lang)
    assert_no_axe_violations(page, f"{name} ({lang}, {device})")
    if device == "phone":
        assert_no_sideways_scrolling(page, f"{name} ({lang})")
