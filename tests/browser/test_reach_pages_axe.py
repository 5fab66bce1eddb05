"""Axe on the rest of reach: the proactive service (overview, a draft and a sent batch, opt-outs, take-up), the
council-decision impact page (empty, with a proposal, with errors) and the application pages (lead times, a new
application with and without errors, the list, one application, the import). No violation at all, in Dutch and
English, on a desktop and a 375 px phone, and no sideways scrolling on the phone."""

from datetime import timedelta

import pytest

from casework_browser import PHONE, assert_no_axe_violations, assert_no_sideways_scrolling, professional_logs_in, submit

HOUSEHOLDS = 1500


@pytest.fixture
def reach_world(live_server, transactional_db, tmp_path, settings):
    """The demo's reach data on a small register: a run, the demo applications and proposals; a draft batch of
    offers, a sent batch of grants (made by beleid, approved by beleid2) and one opt-out."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.reach.demo import load_reach_demo
    from meedoen.reach.models import NonUser, OfferBatch
    from meedoen.reach.applications import services as applications
    from meedoen.reach.services import proactive
    from meedoen.workspace.demo import ensure_users

    for name in ("family", "professional", "coordinator", "policy", "functional_admin"):
        Group.objects.get_or_create(name=name)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path
    settings.MEEDOEN_PROPOSED_RULEBOOKS = str(tmp_path / "proposals")
    sync_municipalities()
    ensure_users()
    run = load_reach_demo(households=HOUSEHOLDS)
    users = get_user_model().objects
    maker, checker = users.get(username="beleid"), users.get(username="beleid2")
    draft = proactive.create_batch(maker, run, "stichting_leergeld", OfferBatch.OFFER)
    grants = proactive.create_batch(maker, run, "zoetermeerpas", OfferBatch.GRANT)
    proactive.review(checker, grants, approve=True)
    proactive.mark_sent(maker, grants)
    someone = NonUser.objects.filter(run=run).exclude(scheme="zoetermeerpas").order_by("id").first()
    proactive.add_opt_out(maker, run.municipality, someone.household_id, reason="Wil geen post van de gemeente.")
    coordinator = users.get(username="coordinator")
    application = applications.register_application(
        coordinator, run.municipality, scheme="stichting_leergeld", received_on=run.day - timedelta(days=40),
        channel="professional", household_id=someone.household_id, decided_on=run.day - timedelta(days=20),
        decision="refused", reason="Het inkomen is hoger dan de grens van de regeling.", today=run.day)
    applications.file_objection(coordinator, application, filed_on=run.day - timedelta(days=5), today=run.day)
    return {"base": live_server.url, "draft": draft.pk, "sent": grants.pk, "proposals": tmp_path / "proposals",
            "application": application.pk}


def _policy(page, world, lang, path):
    professional_logs_in(page, world["base"], "beleid", lang)
    page.goto(world["base"] + path)


def _caseworker(page, world, lang, path):
    professional_logs_in(page, world["base"], "coordinator", lang)
    page.goto(world["base"] + path)


def proactive_index(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/proactief/")


def draft_batch(page, world, lang):
    _policy(page, world, lang, f"/werkplek/bereik/proactief/batch/{world['draft']}/")


def sent_batch(page, world, lang):
    _policy(page, world, lang, f"/werkplek/bereik/proactief/batch/{world['sent']}/")


def opt_outs(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/proactief/afmeldingen/")


def opt_outs_with_errors(page, world, lang):
    opt_outs(page, world, lang)
    form = page.locator("main form").filter(has=page.locator("input[type=text], textarea")).first
    submit(page, form.locator("button[type=submit], input[type=submit]").first)
    assert page.get_by_role("alert").first.is_visible()


def take_up(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/proactief/effect/")


def impact_form(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/raadsbesluit/")


def impact_report(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/raadsbesluit/?municipality=zoetermeer&proposal=zoetermeerpas-130")
    assert page.locator("main table").count() > 0, page.locator("main").inner_text()[:1500]


def impact_with_errors(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/raadsbesluit/?municipality=zoetermeer&households=nul&day=31-02-2026")
    assert page.get_by_role("alert").first.is_visible()


def lead_times(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/aanvragen/")
    assert page.locator("main table").count() > 0


def application_new(page, world, lang):
    _caseworker(page, world, lang, "/werkplek/bereik/aanvragen/nieuw/")


def application_new_with_errors(page, world, lang):
    application_new(page, world, lang)
    submit(page, page.locator("main form button[type=submit]").last)
    assert page.get_by_role("alert").first.is_visible()


def applications_mine(page, world, lang):
    _caseworker(page, world, lang, "/werkplek/bereik/aanvragen/vastgelegd/")


def application_detail(page, world, lang):
    _caseworker(page, world, lang, f"/werkplek/bereik/aanvragen/{world['application']}/")
    assert page.get_by_role("heading", level=2).count() > 0


def applications_import(page, world, lang):
    _policy(page, world, lang, "/werkplek/bereik/aanvragen/inlezen/")


PAGES = {f.__name__.replace("_", "-"): f for f in (
    proactive_index, draft_batch, sent_batch, opt_outs, opt_outs_with_errors, take_up, impact_form, impact_report,
    impact_with_errors, lead_times, application_new, application_new_with_errors, applications_mine,
    application_detail, applications_import)}


@pytest.mark.parametrize("name", PAGES)
def test_more_reach_pages_pass_axe(reach_world, new_page, name):
    """Each page in both languages on both devices (one world per page: building it is the slow part)."""
    for lang in ("nl", "en"):
        for device in ("desktop", "phone"):
            page = new_page(locale="nl-NL" if lang == "nl" else "en-GB", **(PHONE if device == "phone" else {}))
            PAGES[name](page, reach_world, lang)
            assert page.locator("h1").count() == 1, f"{name}: {page.url}"
            assert_no_axe_violations(page, f"{name} ({lang}, {device})")
            if device == "phone":
                assert_no_sideways_scrolling(page, f"{name} ({lang})")
            page.close()
