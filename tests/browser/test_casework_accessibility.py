"""axe-core on the casework pages and the family portal, in Dutch and English, on a desktop and a 375 px phone:
no violation at all. On the phone the page itself never scrolls sideways (a wide table scrolls in its own region).

The pages hold the demo casework (tests/conftest.py ``casework_demo``): the gezinscoach ("professional", coordinator
of Gezin Bakker and Gezin Yilmaz, consent for everything), the debt counsellor ("schuldhulp", who has a referral
waiting for an answer) and the Yilmaz family ("gezin-yilmaz"). Every <details> is opened first, so the forms behind
"Overleg plannen", "Doel toevoegen" and the like are checked too.
"""

import pytest

from casework_browser import PHONE, casework_site  # noqa: F401 (casework_site is a fixture)
from casework_browser import (assert_no_axe_violations, assert_no_sideways_scrolling, family_logs_in, open_all_details,
                              professional_logs_in, submit)

NEW_FAMILY_BUTTON = {"nl": "Gezin aanmaken", "en": "Create the family"}


def family_pk(reference):
    from meedoen.casework.models import Family

    return Family.objects.get(reference=reference).pk


# --- the professionals' pages ----------------------------------------------------------------------------------
def caseload(page, base, lang):
    professional_logs_in(page, base, "professional", lang)
    page.goto(f"{base}/werkplek/gezinnen/")


def family_page(reference):
    def to(page, base, lang):
        professional_logs_in(page, base, "professional", lang)
        page.goto(f"{base}/werkplek/gezinnen/{family_pk(reference)}/")
    return to


def plan_history(page, base, lang):
    professional_logs_in(page, base, "professional", lang)
    page.goto(f"{base}/werkplek/gezinnen/{family_pk('Z-CW-0001')}/plan/versies/")


def incoming_referrals(page, base, lang):
    professional_logs_in(page, base, "schuldhulp", lang)  # the Bakker referral waits for the debt help's answer
    page.goto(f"{base}/werkplek/gezinnen/verwijzingen/")


def new_family_with_errors(page, base, lang):
    professional_logs_in(page, base, "professional", lang)
    page.goto(f"{base}/werkplek/gezinnen/nieuw/")  # sent empty: every required field gets its error
    submit(page, page.get_by_role("button", name=NEW_FAMILY_BUTTON[lang], exact=True))
    assert page.get_by_role("alert").is_visible(), "the new-family form shows no error summary"


# --- the family portal -------------------------------------------------------------------------------------------
def portal(path):
    def to(page, base, lang):
        family_logs_in(page, base, "gezin-yilmaz", lang)
        page.goto(f"{base}/mijn-gezin/{path}")
    return to


PAGES = {
    "caseload": caseload,
    "family-yilmaz": family_page("Z-CW-0002"),
    "family-bakker": family_page("Z-CW-0001"),
    "plan-history": plan_history,
    "incoming-referrals": incoming_referrals,
    "new-family-with-errors": new_family_with_errors,
    "portal-home": portal(""),
    "portal-helpers": portal("wie-helpt-ons/"),
    "portal-meetings": portal("overleggen/"),
    "portal-log": portal("wie-keek-in-ons-dossier/"),
    "portal-consent": portal("toestemming/"),
    "portal-my-data": portal("mijn-gegevens/"),
}

# Known findings: (page, lang, device) -> reason, strict xfail so a fix turns the suite red until unmarked. The ones
# found here (two regions named alike on the family page; fieldsets, fact lists and hidden button labels wider than a
# 375 px phone) are fixed in _consents.html, casework.css and familyportal.css: the tables stay, empty, for the next one.
KNOWN_AXE = {}
KNOWN_SIDEWAYS = {}


def open_page(new_page, base, name, lang, phone):
    options = {"locale": "nl-NL" if lang == "nl" else "en-GB", **(PHONE if phone else {})}
    page = new_page(**options)
    PAGES[name](page, base, lang)
    assert page.locator("html").get_attribute("lang") == lang, f"{name}: not in {lang}"
    open_all_details(page)
    return page


def cases(known, sideways_only=False):
    for name in PAGES:
        for lang in ("nl", "en"):
            for device in ("desktop", "phone"):
                if sideways_only and device == "desktop":
                    continue
                marks = [pytest.mark.xfail(strict=True, reason=known[(name, lang, device)])] if (name, lang, device) in known else []
                yield pytest.param(name, lang, device, id=f"{name}-{lang}-{device}", marks=marks)


@pytest.mark.parametrize("name, lang, device", list(cases(KNOWN_AXE)))
def test_no_axe_violations(casework_site, new_page, name, lang, device):
    page = open_page(new_page, casework_site, name, lang, device == "phone")
    assert_no_axe_violations(page, f"{name} ({lang}, {device})")


@pytest.mark.parametrize("name, lang, device", list(cases(KNOWN_SIDEWAYS, sideways_only=True)))
def test_no_sideways_scrolling_on_a_phone(casework_site, new_page, name, lang, device):
    page = open_page(new_page, casework_site, name, lang, phone=True)
    assert_no_sideways_scrolling(page, f"{name} ({lang})")
