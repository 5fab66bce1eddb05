"""The proactive service: batches from a run's non-users honour the opt-out list, four eyes (service, page and
database), automatic grants only where the rulebook allows them with one decision per household and its receipt,
letters as PDF, take-up after sending, the pages per role, and bad input that never gives a server error."""

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from meedoen import __version__
from meedoen.rules import load_rulebook
from meedoen.rules.errors import RulebookError

DAY = date(2026, 3, 1)
BASE = "/werkplek/bereik/proactief/"
PAS, LEERGELD = "zoetermeerpas", "stichting_leergeld"
PEOPLE = [("H1", "P1", "Anna", "de Vries"), ("H2", "P2", "Bo", "Jansen"), ("H3", "P3", "Cem", "Yilmaz"), ("H4", "P4", "Dina", "Bakker")]


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


# --- The rulebook's proactive block (no database) ----------------------------------------------------------------------
def test_only_the_zoetermeerpas_may_be_granted_without_application(rulebook):
    automatic = {(m.id, s.id) for m in rulebook.municipalities.values() for s in m.schemes for v in s.versions if v.proactive.automatic}
    assert automatic == {("zoetermeer", PAS)}
    pas = next(s for s in rulebook.municipality("zoetermeer").schemes if s.id == PAS).version_on(DAY).proactive
    assert "Samen voor succes in armoedebestrijding: Zoetermeer" in pas.source and pas.mode == "automatic_grant"
    leergeld = next(s for s in rulebook.municipality("zoetermeer").schemes if s.id == LEERGELD).version_on(DAY).proactive
    assert (leergeld.mode, leergeld.automatic) == ("offer", False)  # absent block: offer


def test_an_unknown_proactive_mode_is_reported_with_file_and_line(tmp_path):
    root = Path(load_rulebook().path)
    copy = tmp_path / "rulebook"
    shutil.copytree(root, copy)
    scheme = copy / "municipalities" / "zoetermeer" / "schemes" / "zoetermeerpas.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace("mode: automatic_grant", "mode: always"), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(copy)
    assert any("zoetermeerpas.yaml:" in p.where and "proactive.mode" in p.what for p in caught.value.problems)


# --- Fixtures (database) ----------------------------------------------------------------------------------------------
@pytest.fixture
def zoetermeer(db, settings):
    from meedoen.municipalities.models import Municipality
    from meedoen.municipalities.rulebook import sync_municipalities

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_municipalities()
    return Municipality.objects.get(slug="zoetermeer")


def make_user(username, *role_names):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password="x")
    for name in role_names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def staff(db):
    return {"maker": make_user("beleid-a", "policy"), "checker": make_user("beleid-b", "policy"),
            "professional": make_user("prof", "professional"), "none": make_user("nobody")}


def make_run(municipality, day=DAY, schemes=((PAS, PEOPLE), (LEERGELD, PEOPLE[:2])), load=None, **receipt):
    from meedoen.municipalities.rulebook import current_rulebook
    from meedoen.reach.models import NonUser, ReachRun

    rulebook = current_rulebook()
    run = ReachRun.objects.create(municipality=municipality, day=day, source="test", state=ReachRun.DONE, register_load=load,
                                  rulebook_version=receipt.get("version", rulebook.version),
                                  rulebook_hash=receipt.get("hash", rulebook.hash), engine_version=__version__)
    for scheme, people in schemes:
        for household, person, given, family in people:
            NonUser.objects.create(run=run, scheme=scheme, household_id=household, person_id=person, given_name=given,
                                   family_name=family, street="Dorpsstraat", house_number="1", postcode="2711AA", city="Zoetermeer")
    return run


@pytest.fixture
def run(zoetermeer):
    return make_run(zoetermeer)


@pytest.fixture
def svc():
    from meedoen.reach.services import proactive

    return proactive


def offer_states(batch):
    return dict(batch.offers.values_list("non_user__household_id", "state"))


# --- Batches and the opt-out list -------------------------------------------------------------------------------------
def test_a_batch_leaves_out_households_and_persons_that_opted_out(run, staff, svc):
    from meedoen.reach.models import Offer

    maker = staff["maker"]
    svc.add_opt_out(maker, run.municipality, "H2", "wil geen post")
    svc.add_opt_out(maker, run.municipality, "P3")  # the applicant of H3
    withdrawn = svc.add_opt_out(maker, run.municipality, "H4")
    svc.withdraw_opt_out(maker, withdrawn.pk)
    batch = svc.create_batch(maker, run, PAS, "offer")
    assert offer_states(batch) == {"H1": Offer.PLANNED, "H2": Offer.OPTED_OUT, "H3": Offer.OPTED_OUT, "H4": Offer.PLANNED}
    assert svc.counts(batch)[Offer.OPTED_OUT] == 2
    from meedoen.reach import letters

    assert [l["name"] for l in letters.letters_for(batch, batch.offers.select_related("non_user"), "nl")] == ["Anna de Vries", "Dina Bakker"]


def test_an_opt_out_must_be_a_register_number_never_a_bsn(run, staff, svc):
    from meedoen.reach.models import OptOut, RegisterHousehold, RegisterLoad

    maker = staff["maker"]
    for identifier, words in (("111222333", "citizen service number"), ("111 222 333", "no spaces"), ("H9", "not in")):
        with pytest.raises(svc.ProactiveError) as refused:
            svc.add_opt_out(maker, run.municipality, identifier)
        assert words in refused.value.messages("en")["identifier"]
    load = RegisterLoad.objects.create(municipality=run.municipality, source="test")
    RegisterHousehold.objects.create(load=load, position=0, household_id="H9", municipality="zoetermeer")
    svc.add_opt_out(maker, run.municipality, "H9")  # in the loaded register, though in no run
    svc.add_opt_out(maker, run.municipality, "P1")  # the applicant of a non-user
    assert sorted(OptOut.objects.values_list("identifier", flat=True)) == ["H9", "P1"]


def test_one_live_batch_per_run_and_scheme_and_again_after_a_rejection(run, staff, svc):
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    with pytest.raises(svc.Stale):
        svc.create_batch(staff["checker"], run, PAS, "offer")
    svc.review(staff["checker"], batch, approve=False, note="tekst klopt niet")
    assert svc.create_batch(staff["maker"], run, PAS, "offer").pk != batch.pk


def test_an_opt_out_made_after_approval_is_honoured_when_sending(run, staff, svc):
    from meedoen.reach.models import Offer

    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    svc.review(staff["checker"], batch, approve=True)
    svc.add_opt_out(staff["maker"], run.municipality, "H1")
    svc.mark_sent(staff["maker"], batch, now=at(date(2026, 3, 5)))
    assert offer_states(batch) == {"H1": Offer.OPTED_OUT, "H2": Offer.SENT, "H3": Offer.SENT, "H4": Offer.SENT}
    with pytest.raises(svc.Stale, match="already sent"):
        svc.mark_sent(staff["maker"], batch)


# --- Four eyes ----------------------------------------------------------------------------------------------------------
def test_the_creator_cannot_review_their_own_batch(run, staff, svc):
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    with pytest.raises(svc.NotPermitted, match="four eyes"):
        svc.review(staff["maker"], batch, approve=True)
    batch.refresh_from_db()
    assert (batch.state, batch.reviewed_by) == ("draft", None)
    svc.review(staff["checker"], batch, approve=True)
    batch.refresh_from_db()
    assert (batch.state, batch.reviewed_by) == ("approved", staff["checker"])


def test_the_database_refuses_the_creator_as_reviewer(run, staff, svc):
    from meedoen.reach.models import OfferBatch

    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferBatch.objects.filter(pk=batch.pk).update(reviewed_by=staff["maker"], state="approved")


def test_a_second_review_changes_nothing_and_says_why(run, staff, svc):
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    svc.review(staff["checker"], batch, approve=True)
    other = make_user("beleid-c", "policy")
    with pytest.raises(svc.Stale, match="already approved"):
        svc.review(other, batch, approve=False, note="toch niet")
    batch.refresh_from_db()
    assert (batch.state, batch.reviewed_by) == ("approved", staff["checker"])


def test_a_rejected_batch_sends_nothing(run, staff, svc):
    from meedoen.reach.models import GrantDecision

    batch = svc.create_batch(staff["maker"], run, PAS, "automatic_grant")
    with pytest.raises(svc.ProactiveError) as caught:
        svc.review(staff["checker"], batch, approve=False)  # a rejection needs its reason
    assert "note" in caught.value.problems
    svc.review(staff["checker"], batch, approve=False, note="eerst de tekst aanpassen")
    with pytest.raises(svc.Stale, match="rejected"):
        svc.mark_sent(staff["checker"], batch)
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.sent_at is None
    assert set(offer_states(batch).values()) == {"planned"} and not GrantDecision.objects.exists()


def test_only_the_policy_role_makes_batches(run, staff, svc):
    with pytest.raises(svc.NotPermitted):
        svc.create_batch(staff["professional"], run, PAS, "offer")


# --- Automatic grants ---------------------------------------------------------------------------------------------------
def test_automatic_grant_only_where_the_rulebook_allows_it(run, staff, svc):
    with pytest.raises(svc.ProactiveError) as caught:
        svc.create_batch(staff["maker"], run, LEERGELD, "automatic_grant")
    assert "mode" in caught.value.problems
    assert svc.create_batch(staff["maker"], run, LEERGELD, "offer").mode == "offer"


def test_a_grant_needs_the_rulebook_of_the_run(zoetermeer, staff, svc):
    stale = make_run(zoetermeer, hash="0" * 64)
    with pytest.raises(svc.ProactiveError) as caught:
        svc.create_batch(staff["maker"], stale, PAS, "automatic_grant")
    assert "run" in caught.value.problems


def test_approving_grants_writes_one_decision_per_household_with_the_receipt(run, staff, svc):
    from meedoen.reach.models import GrantDecision, Offer

    svc.add_opt_out(staff["maker"], run.municipality, "H4")
    batch = svc.create_batch(staff["maker"], run, PAS, "automatic_grant")
    assert not GrantDecision.objects.exists()  # a draft decides nothing
    svc.review(staff["checker"], batch, approve=True)
    decisions = list(GrantDecision.objects.filter(batch=batch).order_by("household_id"))
    assert [d.household_id for d in decisions] == ["H1", "H2", "H3"]
    for d in decisions:
        assert (d.rulebook_version, d.rulebook_hash, d.engine_version, d.day) == (run.rulebook_version, run.rulebook_hash, run.engine_version, run.day)
        assert d.granted and d.decided_by == staff["checker"] and d.scheme == PAS and d.municipality == run.municipality
        assert d.amount_cents is None  # the rulebook sets no amount for the pass: none is made up
        assert "ambtshalve" in d.reason and "Samen voor succes in armoedebestrijding: Zoetermeer" in d.reason
    assert offer_states(batch) == {"H1": Offer.GRANTED, "H2": Offer.GRANTED, "H3": Offer.GRANTED, "H4": Offer.OPTED_OUT}
    svc.mark_sent(staff["maker"], batch, now=at(date(2026, 3, 5)))
    assert GrantDecision.objects.filter(batch=batch).count() == 3


def test_a_later_run_does_not_grant_again_what_a_batch_granted(run, staff, svc):
    from meedoen.reach.models import GrantDecision, Offer

    svc.add_opt_out(staff["maker"], run.municipality, "H4")
    first = svc.create_batch(staff["maker"], run, PAS, "automatic_grant")
    svc.review(staff["checker"], first, approve=True)
    later = make_run(run.municipality, day=date(2026, 6, 1), schemes=((PAS, PEOPLE + [("H5", "P5", "Eva", "Smit")]),))
    second = svc.create_batch(staff["maker"], later, PAS, "automatic_grant")
    assert offer_states(second) == {"H1": Offer.SERVED, "H2": Offer.SERVED, "H3": Offer.SERVED, "H4": Offer.OPTED_OUT,
                                    "H5": Offer.PLANNED}
    svc.review(staff["checker"], second, approve=True)
    assert list(GrantDecision.objects.filter(batch=second).values_list("household_id", flat=True)) == ["H5"]
    assert GrantDecision.objects.filter(scheme=PAS).count() == 4  # every household granted once


def test_an_offer_is_not_repeated_within_the_set_number_of_days(run, staff, svc, settings, client):
    from meedoen.reach.models import Offer

    first = svc.create_batch(staff["maker"], run, PAS, "offer")
    svc.review(staff["checker"], first, approve=True)
    svc.mark_sent(staff["maker"], first, now=timezone.now() - timedelta(days=40))
    pending = make_run(run.municipality, day=date(2026, 6, 1), schemes=((LEERGELD, PEOPLE),))
    svc.create_batch(staff["maker"], pending, LEERGELD, "offer")  # another scheme: no effect on the pass
    later = make_run(run.municipality, day=date(2026, 7, 1))
    settings.MEEDOEN_REACH_OFFER_REPEAT_DAYS = 60
    repeat = svc.create_batch(staff["maker"], later, PAS, "offer")
    assert set(offer_states(repeat).values()) == {Offer.SERVED}
    client.force_login(staff["maker"])
    page = client.get(f"{BASE}batch/{repeat.pk}/?lang=en").content.decode()
    assert "Already granted or offered in an earlier batch, and therefore left out" in page
    svc.review(staff["checker"], repeat, approve=False, note="al aangeschreven")
    settings.MEEDOEN_REACH_OFFER_REPEAT_DAYS = 30  # the first letters are older than that: offered again
    again = svc.create_batch(staff["maker"], later, PAS, "offer")
    assert set(offer_states(again).values()) == {Offer.PLANNED}
    pending_leergeld = make_run(run.municipality, day=date(2026, 8, 1), schemes=((LEERGELD, PEOPLE[:1]),))
    assert offer_states(svc.create_batch(staff["maker"], pending_leergeld, LEERGELD, "offer")) == {"H1": Offer.SERVED}


# --- Letters ------------------------------------------------------------------------------------------------------------
def test_offer_letter_says_why_what_to_do_and_who_helps_in_dutch_and_english(run, staff, svc, rulebook):
    from meedoen.reach import letters

    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    offers = list(batch.offers.select_related("non_user").order_by("id"))[:1]
    nl = letters.render_html(letters.letters_for(batch, offers, "nl"), "nl")
    assert "Anna de Vries" in nl and "U kunt waarschijnlijk ZoetermeerPas krijgen" in nl
    assert "www.zoetermeer.nl/zoetermeerpas" in nl and "Formulierenbrigade Zoetermeer" in nl
    assert "120% van de bijstandsnorm" in nl  # why: the rulebook's condition
    assert "staan niet in de bronnen" in nl  # no amount for 2024-2026: said so
    assert "CONCEPT" in nl and "geen besluit" in nl
    en = letters.render_html(letters.letters_for(batch, offers, "en"), "en")
    assert "You can probably get ZoetermeerPas" in en and "What do you need to do?" in en


def test_letter_uses_the_engine_explanation_when_the_register_has_the_facts(zoetermeer, staff, svc):
    from meedoen.reach import letters
    from meedoen.reach.models import RegisterHousehold, RegisterIncome, RegisterLoad, RegisterPerson

    load = RegisterLoad.objects.create(municipality=zoetermeer, source="synthetic", synthetic=True, households=1, persons=1)
    RegisterHousehold.objects.create(load=load, position=0, household_id="H1", municipality="GM0637", assets_cents=0)
    RegisterPerson.objects.create(load=load, person_id="P1", household_id="H1", role="applicant", birth_date=date(1985, 1, 1),
                                  income_known=True, benefits_known=True)
    RegisterIncome.objects.create(load=load, person_id="P1", source="wages", monthly_net_cents=120000)
    run = make_run(zoetermeer, load=load, schemes=((PAS, PEOPLE[:1]),))
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    [letter] = letters.letters_for(batch, batch.offers.select_related("non_user"), "nl")
    assert any(r.startswith("Uw inkomen is €1.200,00 per maand.") for r in letter["reasons"])


def test_a_known_amount_comes_from_the_run_and_the_rulebook_unit(zoetermeer, staff, svc):
    from meedoen.reach import letters
    from meedoen.reach.models import NonUser

    run = make_run(zoetermeer, schemes=(("individuele_inkomenstoeslag", PEOPLE[:1]),))
    NonUser.objects.filter(run=run).update(amount_cents=61800)
    batch = svc.create_batch(staff["maker"], run, "individuele_inkomenstoeslag", "offer")
    [letter] = letters.letters_for(batch, batch.offers.select_related("non_user"), "nl")
    assert letter["amount"] == "€618,00 per jaar"


def test_grant_letter_gives_the_ground_and_how_to_object(run, staff, svc):
    from meedoen.reach import letters

    batch = svc.create_batch(staff["maker"], run, PAS, "automatic_grant")
    batch = svc.review(staff["checker"], batch, approve=True)
    [letter] = letters.letters_for(batch, batch.offers.select_related("non_user").filter(non_user__household_id="H1"), "nl")
    html = letters.render_html([letter], "nl")
    assert "Besluit: u krijgt ZoetermeerPas" in html and "bezwaar" in html and "zes weken" in html and "6:7" in html
    assert letter["decision_number"] is not None and "CONCEPT" not in html


def test_letters_are_real_pdfs(client, run, staff, svc):
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    svc.add_opt_out(staff["maker"], run.municipality, "H2")
    client.force_login(staff["checker"])
    offer = batch.offers.get(non_user__household_id="H1")
    one = client.get(f"{BASE}brief/{offer.pk}.pdf")
    assert one.status_code == 200 and one["Content-Type"] == "application/pdf"
    assert one.content.startswith(b"%PDF") and len(one.content) > 1000
    whole = client.get(f"{BASE}batch/{batch.pk}/brieven.pdf")
    assert whole.status_code == 200 and whole.content.startswith(b"%PDF") and len(whole.content) > len(one.content)
    svc._honour_opt_outs(batch)
    opted_out = batch.offers.get(non_user__household_id="H2")
    assert client.get(f"{BASE}brief/{opted_out.pk}.pdf").status_code == 400


# --- Pages ------------------------------------------------------------------------------------------------------------
def test_pages_answer_policy_users_and_refuse_others(client, run, staff, svc):
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    urls = [BASE, f"{BASE}batch/{batch.pk}/", f"{BASE}afmeldingen/", f"{BASE}effect/"]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    for role, status in (("professional", 403), ("none", 403), ("checker", 200)):
        client.force_login(staff[role])
        for url in urls:
            assert client.get(url).status_code == status, (role, url)
    assert client.get(f"{BASE}?lang=en").status_code == 200


def test_the_overview_lists_non_users_and_offers_a_grant_only_where_allowed(client, run, staff):
    client.force_login(staff["maker"])
    html = client.get(BASE).content.decode()
    pas = html[html.index(f'id="mode-{run.pk}-{PAS}"'):]
    leergeld = html[html.index(f'id="mode-{run.pk}-{LEERGELD}"'):]
    assert 'value="automatic_grant"' in pas[:pas.index("</select>")]
    assert 'value="automatic_grant"' not in leergeld[:leergeld.index("</select>")]
    assert "ZoetermeerPas" in html and "<td>4</td>" in html


def test_four_eyes_on_the_page(client, run, staff, svc):
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    client.force_login(staff["maker"])
    page = client.get(f"{BASE}batch/{batch.pk}/").content.decode()
    assert "zelf gemaakt" in page and 'name="decision"' not in page
    refused = client.post(f"{BASE}batch/{batch.pk}/beoordelen/", {"decision": "approve"})
    assert refused.status_code == 403 and "vier ogen" in refused.content.decode()
    client.force_login(staff["checker"])
    assert 'name="decision"' in client.get(f"{BASE}batch/{batch.pk}/").content.decode()
    assert client.post(f"{BASE}batch/{batch.pk}/beoordelen/", {"decision": "approve"}).status_code == 302
    again = client.post(f"{BASE}batch/{batch.pk}/beoordelen/", {"decision": "approve"})
    assert again.status_code == 409 and "al goedgekeurd" in again.content.decode()
    assert client.post(f"{BASE}batch/{batch.pk}/verzonden/").status_code == 302
    batch.refresh_from_db()
    assert batch.state == "sent"


def test_bad_input_gets_a_message_never_a_server_error(client, run, staff, svc):
    client.force_login(staff["maker"])
    create = f"{BASE}batch/nieuw/"
    for data in ({"run": "abc", "scheme": PAS, "mode": "offer"}, {"run": "99999999", "scheme": PAS, "mode": "offer"},
                 {"run": "1" * 40, "scheme": PAS, "mode": "offer"}, {"run": run.pk, "scheme": "nope", "mode": "offer"},
                 {"run": run.pk, "scheme": PAS, "mode": "always"}, {"run": run.pk}):
        assert client.post(create, data).status_code == 400, data
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    client.force_login(staff["checker"])
    assert client.post(f"{BASE}batch/{batch.pk}/beoordelen/", {"decision": "maybe"}).status_code == 400
    assert client.post(f"{BASE}batch/{batch.pk}/beoordelen/", {"decision": "reject", "note": ""}).status_code == 400
    assert client.post(f"{BASE}batch/{batch.pk}/verzonden/").status_code == 400  # not approved yet
    for part in ("abc", "0", "99", "-1"):
        assert client.get(f"{BASE}batch/{batch.pk}/brieven.pdf?deel={part}").status_code == 400, part
    assert client.get(f"{BASE}batch/999999/").status_code == 404
    opt = f"{BASE}afmeldingen/"
    municipality = run.municipality.pk
    for data in ({"municipality": municipality, "identifier": ""}, {"municipality": municipality, "identifier": "H 1"},
                 {"municipality": "x", "identifier": "H1"}, {"municipality": municipality, "identifier": "H1", "reason": "x" * 301},
                 {"municipality": municipality, "identifier": "x" * 65}):
        assert client.post(opt, data).status_code == 400, data
    assert client.post(opt, {"municipality": municipality, "identifier": "H1"}).status_code == 302
    assert client.post(opt, {"municipality": municipality, "identifier": "H1"}).status_code == 400  # already on the list
    from meedoen.reach.models import OptOut

    row = OptOut.objects.get(identifier="H1")
    assert client.post(f"{BASE}afmeldingen/{row.pk}/intrekken/").status_code == 302
    assert client.post(f"{BASE}afmeldingen/{row.pk}/intrekken/").status_code == 409
    assert client.post(f"{BASE}afmeldingen/999999/intrekken/").status_code == 400


# --- Take-up --------------------------------------------------------------------------------------------------------------
def test_take_up_after_sending_from_a_later_run(client, run, staff, svc):
    from meedoen.reach.models import RegisterLoad, RegisterSchemeUse

    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    svc.review(staff["checker"], batch, approve=True)
    svc.mark_sent(staff["maker"], batch, now=at(date(2026, 3, 5)))
    assert svc.take_up(batch)["later_run"] is None
    later_day = date(2026, 6, 1)
    load = RegisterLoad.objects.create(municipality=run.municipality, source="synthetic", synthetic=True)
    RegisterSchemeUse.objects.create(load=load, household_id="H1", scheme=PAS, since=date(2026, 4, 1))
    RegisterSchemeUse.objects.create(load=load, household_id="H3", scheme=PAS, since=date(2026, 4, 1), until=date(2026, 5, 1))  # stopped
    later = make_run(run.municipality, day=later_day, schemes=((PAS, PEOPLE[1:3]),), load=load)
    figures = svc.take_up(batch)
    assert figures["later_run"] == later
    assert (figures["reached"], figures["uses"], figures["still_non_user"], figures["no_longer_non_user"]) == (4, 1, 2, 2)
    assert (figures["non_users_before"], figures["non_users_after"]) == (4, 2)
    client.force_login(staff["checker"])
    page = client.get(f"{BASE}effect/").content.decode()
    assert "1 (25,0%)" in page and "4 → 2" in page


def test_take_up_counts_applications_after_the_letters(run, staff, svc):
    from meedoen.reach.applications.models import Application

    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    svc.review(staff["checker"], batch, approve=True)
    svc.mark_sent(staff["maker"], batch, now=at(date(2026, 3, 5)))
    offer = batch.offers.get(non_user__household_id="H1")
    common = {"municipality": run.municipality, "scheme": PAS}
    Application.objects.create(**common, offer=offer, channel="proactive_offer", received_on=date(2026, 3, 10),
                               decision="granted", decided_on=date(2026, 3, 20))
    Application.objects.create(**common, household_id="H2", received_on=date(2026, 3, 12))
    Application.objects.create(**common, household_id="H3", received_on=date(2026, 2, 1))  # before the letter
    Application.objects.create(municipality=run.municipality, scheme=LEERGELD, household_id="H4", received_on=date(2026, 3, 12))
    figures = svc.take_up(batch)
    assert (figures["applied"], figures["applied_granted"]) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_two_reviews_at_once_one_wins_and_the_other_is_told(zoetermeer, staff, svc):
    import threading
    import time as clock

    from django.db import connection

    run = make_run(zoetermeer)
    batch = svc.create_batch(staff["maker"], run, PAS, "offer")
    other = make_user("beleid-c", "policy")
    approved, results = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                svc.review(staff["checker"], batch, approve=True)
                approved.set()
                clock.sleep(0.5)  # the second review now waits for the row lock
        finally:
            connection.close()

    def second():
        approved.wait(5)
        try:
            svc.review(other, batch, approve=False, note="toch niet")
            results["second"] = "saved"
        except svc.ProactiveError as exc:
            results["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert isinstance(results["second"], svc.Stale)
    batch.refresh_from_db()
    assert (batch.state, batch.reviewed_by) == ("approved", staff["checker"])
