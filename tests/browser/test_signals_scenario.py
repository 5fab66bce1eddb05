"""The early-signal seed scenario end to end in a real browser: a rent-arrears signal -> outreach within the deadline
-> the scheme check finds unused schemes -> warm handover into a family plan -> debt-help intake -> settlement ->
aftercare.

The signal comes in the way a partner sends it: the demo housing corporation's CSV file (DDAS field names), through
``manage.py import_signals``, one row by BSN (crisis: eviction threatens) and one by name and address, for households
of a small register imported from the synthetic BRP fixtures of tests/reach/fixtures and loaded; matching then runs
(``signals.matching.match``: there is no page or command for it). Everything after that is done by the municipal
debt-help worker (login ``schuldhulp``) with the pages' forms and read from the screen. The scheme check's expected
schemes are worked out here with the rules engine, on the day the page uses, never written down.

The dates are in the week up to the harness's pinned day (2026-03-01): the casework and debt-help forms refuse a date
after it.
"""

import re
from datetime import date, datetime

import pytest

from meedoen.casework import access

from casework_browser import axe_violations, casework_site, professional_logs_in, squash, submit  # noqa: F401 (fixture)
from signals_browser import (HUUR_ORGANISATION, KEY, address_of, engine_expectation, euros_nl, import_signals,
                             load_brp_register, partner_file, person)
from test_accessibility import describe

SIGNAL_DAY = date(2026, 2, 25)       # the housing corporation signals rent arrears, eviction threatening (crisis)
ARREARS_START = date(2026, 1, 1)
RENT_ARREARS_CENTS = 184_250         # synthetic test data: € 1.842,50 rent arrears
ATTEMPT_DAY = date(2026, 2, 26)      # the debt-help worker phones Jan de Vries and reaches him
CONSENT_DAY = date(2026, 2, 26)      # the family consents to the handover in that conversation
REGISTERED_DAY = date(2026, 2, 26)   # and the request for debt help is registered
INTAKE_DAY = STEPS_DAY = date(2026, 2, 27)
AFTERCARE_DAY = date(2026, 3, 1)
OTHER_SIGNAL_DAY = date(2026, 1, 29)  # a non-crisis signal of another household, due earlier than the crisis case
REPAYMENT = "85,00"                  # repayment capacity a month, as typed
JAN_BSN, KEES_BSN = "999991012", "999991097"  # synthetic BSNs of tests/reach/fixtures/brp-personen.json

SERIOUS = ("serious", "critical")


def main_text(page):
    return squash(page.get_by_role("main").inner_text())


def d(day):
    """A date as the pages show it: 26-02-2026."""
    return day.strftime("%d-%m-%Y")


def shown_day(text):
    return datetime.strptime(text, "%d-%m-%Y").date()


def assert_axe_clean(page, what, findings):
    """No serious or critical axe violation; the milder ones are kept in ``findings`` for the report."""
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    findings.extend((what, v["id"], v["impact"]) for v in violations if v["impact"] not in SERIOUS)
    assert not serious, f"axe on {what} ({page.url}):\n{describe(serious)}"


@pytest.fixture
def signalled(casework_site, tmp_path, monkeypatch):
    """The live server with the demo casework, a loaded register, and the housing corporation's signals imported
    and matched. Returns what the test needs to know to check the pages (computed, not written down)."""
    from meedoen.municipalities.models import Municipality, Organisation
    from meedoen.signals.deadlines import first_conversation_due
    from meedoen.signals.matching import match
    from meedoen.signals.models import Signal, SignalCase, SignalMatch, SignalPartner

    town = Municipality.objects.get(slug="zoetermeer")
    load = load_brp_register(tmp_path)
    # The demo housing corporation is a signal partner of type Huur, as the signals demo makes it (no page for it).
    housing = Organisation.objects.get(municipality=town, slug=HUUR_ORGANISATION)
    SignalPartner.objects.get_or_create(organisation=housing, defaults={"partner_type": "huur"})

    # Jan de Vries's household (couple, two children): the corporation knows his BSN. Kees Smit (a single man at a
    # shared address) it knows by name and address only.
    jan, kees = person(load, JAN_BSN), person(load, KEES_BSN)
    home = address_of(load, kees.household_id)
    reference = "HUUR-2026-0042"
    path = partner_file(tmp_path / "woningcorporatie-signalen.csv", [
        {"referentie": reference, "bedrag": euros_nl(RENT_ARREARS_CENTS), "ontstaansdatum": ARREARS_START.isoformat(),
         "signaaldatum": SIGNAL_DAY.isoformat(), "crisissignaal": "ja", "bsn": JAN_BSN},
        {"referentie": "HUUR-2026-0043", "bedrag": euros_nl(62_000), "ontstaansdatum": "2025-12-01",
         "signaaldatum": OTHER_SIGNAL_DAY.isoformat(), "crisissignaal": "nee", "geslachtsnaam": kees.family_name,
         "geboortedatum": kees.birth_date.isoformat(), "postcode": home.postcode, "huisnummer": home.house_number}])
    monkeypatch.setenv("MEEDOEN_PSEUDONYM_KEY", KEY)
    report = import_signals(path)
    assert report == {"created": 2, "duplicates": 0, "problems": []}, report
    assert import_signals(path) == {"created": 0, "duplicates": 2, "problems": []}  # the same file twice: one signal
    match(town)

    # What the scheme check must list: the engine's eligible schemes the register does not show in use, on the
    # day the case page works it out, with the signalled arrears as the household's debts.
    household = jan.household_id
    unused, receipt = engine_expectation(load.pk, household, RENT_ARREARS_CENTS, access.today())
    assert unused, "the engine finds no unused eligible scheme for the household: the scenario needs one"
    signal = Signal.objects.get(partner_reference=reference)
    assert signal.person_pseudonym == jan.person_id != JAN_BSN  # the BSN became the register's pseudonym, not kept
    assert SignalMatch.objects.get(signal=signal).method == "pseudonym"
    assert SignalMatch.objects.get(signal__partner_reference="HUUR-2026-0043").method == "name_address"
    case = SignalCase.objects.get(household_id=household)
    other = SignalCase.objects.get(household_id=kees.household_id)
    assert case.crisis and case.due == first_conversation_due(SIGNAL_DAY, True, "zoetermeer")
    assert other.due == first_conversation_due(OTHER_SIGNAL_DAY, False, "zoetermeer")
    assert other.due < case.due  # so that "crisis first" in the queue is not just "earliest due first"
    return {"case": case, "other": other, "household": household, "person": jan, "reference": reference,
            "unused": unused, "receipt": receipt}


def the_queue_shows_the_crisis_case_first(page, s, findings):
    submit(page, page.locator(".workspace-nav").get_by_role("link", name="Vroegsignalen", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Vroegsignalen: wie moeten we bellen?"
    table = page.get_by_role("table", name="Open zaken van vroegsignalen")
    rows = table.locator("tbody tr")
    assert rows.count() == 2, squash(table.inner_text())
    first = squash(rows.nth(0).inner_text())
    assert first.startswith(f"{s['household']} (crisis)"), first
    assert "Zoetermeer" in first and "Huur" in first and f"€{euros_nl(RENT_ARREARS_CENTS)}" in first, first
    assert d(s["case"].due) in first, first
    second = squash(rows.nth(1).inner_text())
    assert second.startswith(s["other"].household_id) and "(crisis)" not in second, second
    assert d(s["other"].due) in second and second.endswith("te laat"), second  # its due day has passed
    # (The crisis case's "te laat" marker is left alone: the queue reads the real clock, not the pinned day.)
    assert_axe_clean(page, "the signals queue", findings)
    submit(page, rows.nth(0).get_by_role("link", name=s["household"], exact=True))


def the_case_page_shows_signal_due_date_and_schemes(page, s, findings):
    case = s["case"]
    assert page.get_by_role("heading", level=1).inner_text() == f"Zaak van huishouden {s['household']}"
    text = main_text(page)
    assert f"Uiterlijk eerste gesprek: {d(case.due)} (crisis)" in text, text[:500]
    signals = page.get_by_role("table", name="Signalen")
    assert squash(signals.locator("tbody tr").inner_text()) == f"{d(SIGNAL_DAY)} Huur (crisis) €{euros_nl(RENT_ARREARS_CENTS)}"
    # The scheme check: the arrears as "at least" the household's debts, and every eligible scheme the engine finds
    # that the register does not show in use, by name.
    assert squash(page.locator("#debts").inner_text()) == \
        f"Schulden volgens de signalen: ten minste €{euros_nl(RENT_ARREARS_CENTS)}."
    listed = page.locator("#unused > li")
    shown = {li.get_attribute("data-scheme"): squash(li.locator("strong").first.inner_text()) for li in listed.all()}
    assert shown == s["unused"], (shown, s["unused"])
    receipt = squash(page.locator("#receipt").inner_text())
    assert s["receipt"]["rulebook_version"] in receipt and s["receipt"]["rulebook_hash"][:12] in receipt, receipt
    assert_axe_clean(page, "the signal case page", findings)


def the_worker_reaches_the_resident_in_time(page, s):
    attempt = page.locator("form").filter(has=page.locator('input[name="action"][value="attempt"]'))
    attempt.get_by_label("Soort contact", exact=True).select_option(label="telefoon")
    attempt.get_by_role("group", name="Bereikt?").get_by_label("ja", exact=True).check()
    attempt.get_by_label("Datum (jjjj-mm-dd)", exact=True).fill(ATTEMPT_DAY.isoformat())
    attempt.get_by_label("Dagdeel", exact=True).select_option(label="ochtend")
    submit(page, attempt.get_by_role("button", name="Opslaan", exact=True))
    attempts = page.get_by_role("heading", name="Contactpogingen", exact=True).locator("xpath=following-sibling::ul[1]")
    items = [squash(t) for t in attempts.locator("li").all_inner_texts()]
    assert items == [f"{d(ATTEMPT_DAY)} ochtend: telefoon, ja"], items
    # The deadline is kept: the first attempt is on or before the due date the page shows.
    due_shown = re.search(r"Uiterlijk eerste gesprek: (\d\d-\d\d-\d{4})", main_text(page)).group(1)
    first_attempt = min(shown_day(item[:10]) for item in items)
    assert first_attempt <= shown_day(due_shown), (first_attempt, due_shown)


def the_family_consents_and_the_case_is_handed_over(page, s, findings):
    from meedoen.signals.models import SignalCase

    form = page.locator("form").filter(has=page.locator('input[name="action"][value="handover"]'))
    team = "Schuldhulp (Schuldhulpverlening gemeente Zoetermeer)"
    form.get_by_label("Datum toestemming (jjjj-mm-dd)", exact=True).fill(CONSENT_DAY.isoformat())
    form.get_by_label("Team dat de hulp overneemt", exact=True).select_option(label=team)
    # Without the family's consent nothing is handed over: the form comes back with the reason.
    with page.expect_navigation() as sent:
        form.get_by_role("button", name="Overdragen", exact=True).click()
    assert sent.value.status == 400
    assert "Zonder toestemming van het gezin dragen we niet over." in squash(page.get_by_role("alert").inner_text())
    assert SignalCase.objects.get(pk=s["case"].pk).family_id is None
    form = page.locator("form").filter(has=page.locator('input[name="action"][value="handover"]'))
    form.get_by_label("Ja, het gezin geeft toestemming voor de overdracht", exact=True).check()
    form.get_by_label("Datum toestemming (jjjj-mm-dd)", exact=True).fill(CONSENT_DAY.isoformat())
    form.get_by_label("Team dat de hulp overneemt", exact=True).select_option(label=team)
    submit(page, form.get_by_role("button", name="Overdragen", exact=True))
    notice = squash(page.locator("#handed-over").inner_text())
    reference = f"VS-{s['household']}"
    assert notice.startswith("Overgedragen aan het gezinsplan op") and f"({reference})" in notice, notice
    assert page.locator('input[name="action"][value="handover"]').count() == 0  # handed over once
    assert_axe_clean(page, "the signal case page after the handover", findings)
    # The outreach ends with its DDAS result: help accepted. The case is read-only then and leaves the queue.
    close = page.locator("form").filter(has=page.locator('input[name="action"][value="close"]'))
    close.get_by_label("Resultaat", exact=True).select_option(label="hulp geaccepteerd")
    submit(page, close.get_by_role("button", name="Afsluiten", exact=True))
    closed = squash(page.locator("#closed").inner_text())
    assert closed.startswith("Deze zaak is afgesloten op") and "Resultaat: hulp geaccepteerd." in closed, closed
    assert page.locator('input[name="action"]').count() == 0
    case_url = page.url
    submit(page, page.locator(".workspace-nav").get_by_role("link", name="Vroegsignalen", exact=True))
    households = page.get_by_role("table", name="Open zaken van vroegsignalen").locator("tbody th").all_inner_texts()
    assert [squash(h) for h in households] == [s["other"].household_id], households
    page.goto(case_url)
    link = page.locator("#handed-over").get_by_role("link", name=re.compile(re.escape(f"({reference}), naar het gezin")))
    submit(page, link)
    heading = squash(page.get_by_role("heading", level=1).inner_text())
    assert heading.endswith(f"({reference})") and s["person"].family_name in heading, heading
    # The family plan holds the register household's parents by name (the register names applicant and partner only).
    from meedoen.reach.models import RegisterPerson

    names = [f"{p.given_name} {p.family_name}" for p in RegisterPerson.objects.filter(
        load_id=s["case"].load_id, household_id=s["household"], role__in=("applicant", "partner"))]
    text = main_text(page)
    assert names and all(name in text for name in names), (list(names), text[:800])
    return heading.removesuffix(f" ({reference})")


def status(page):
    return {squash(dt.inner_text()): squash(dd.inner_text()) for dt, dd in
            zip(page.locator("#case-status > dt").all(), page.locator("#case-status > dd").all())}


def deadline(page, name):
    row = page.get_by_role("table", name="Wettelijke termijnen").get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=name, exact=True))
    return [squash(c) for c in row.get_by_role("cell").all_inner_texts()]


def saved(page, message):
    assert page.get_by_role("status").filter(has_text=message).is_visible(), main_text(page)[:500]


def record_step(page, step, day, answers=(), texts=()):
    """On the debt-help case page: choose the step, press "Stap vastleggen", fill the step's form, save."""
    from meedoen.debthelp import vocabulary as v

    label = v.label(v.PHASES, step, "nl")
    page.get_by_label("Kies de stap", exact=True).select_option(label=label)
    submit(page, page.get_by_role("button", name="Stap vastleggen", exact=True))
    assert squash(page.get_by_role("heading", level=1).inner_text()) == f"Stap vastleggen: {label}"
    page.get_by_label("Datum", exact=True).fill(day.isoformat())
    for legend, answer in answers:
        page.get_by_role("group", name=legend, exact=True).get_by_label(answer, exact=True).check()
    for field, value in texts:
        page.get_by_label(field, exact=True).fill(value)
    submit(page, page.get_by_role("button", name="Opslaan", exact=True))
    saved(page, "De stap is vastgelegd.")
    assert status(page)["Fase"] == label, status(page)
    assert status(page)["Volgende stap"] == v.label(v.NEXT_STEP, step, "nl")
    steps = page.get_by_role("table", name="Stappen van de schuldhulp met datum")
    last = [squash(c) for c in steps.locator("tbody tr").last.get_by_role("rowheader").all_inner_texts()
            + steps.locator("tbody tr").last.get_by_role("cell").all_inner_texts()]
    assert last[:3] == [label, d(day), "Marleen Bos"], last


def the_debt_help_runs_to_aftercare(page, s, family_name):
    from meedoen.debthelp import rules
    from meedoen.debthelp import vocabulary as v
    from meedoen.signals.deadlines import decision_due, first_conversation_due

    submit(page, page.get_by_role("link", name="Schuldhulp voor dit gezin", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == f"Schuldhulp van het gezin: {family_name}"
    assert "Dit gezin heeft geen schuldhulp." in main_text(page)
    submit(page, page.get_by_role("link", name="Schuldhulp aanmelden", exact=True))

    # The request for debt help, after the signal, for the applicant, with the threat of eviction.
    applicant = f"{s['person'].given_name} {s['person'].family_name}"
    page.get_by_label("Hoe aangemeld", exact=True).select_option(label=v.label(v.ORIGINS, v.SIGNAL, "nl"))
    page.get_by_label("Kenmerk (bijvoorbeeld nummer van het signaal)", exact=True).fill(s["reference"])
    page.get_by_label("Aangemeld op", exact=True).fill(REGISTERED_DAY.isoformat())
    page.get_by_role("group", name=re.compile("^Dreigt ontruiming")).get_by_label("ja", exact=True).check()
    page.get_by_label("Voor wie", exact=True).select_option(label=applicant)
    submit(page, page.get_by_role("button", name="Opslaan", exact=True))
    saved(page, "De aanmelding is vastgelegd.")
    facts = status(page)
    assert facts["Fase"] == v.label(v.PHASES, v.REGISTERED, "nl"), facts
    assert facts["Hoe aangemeld"] == f"{v.label(v.ORIGINS, v.SIGNAL, 'nl')} ({s['reference']})", facts
    assert facts["Voor wie"] == applicant and facts["Organisatie"] == "Schuldhulpverlening gemeente Zoetermeer", facts
    first_due = first_conversation_due(REGISTERED_DAY, True, "zoetermeer")  # crisis: the short Wgs term
    assert deadline(page, "Eerste gesprek") == [d(first_due), "-", "nog open"]

    # Intake: the first conversation, within the crisis term.
    record_step(page, v.INTAKE, INTAKE_DAY, answers=[("Is stress besproken in het gesprek?", "ja"),
                                                     ("Is er een bewindvoerder (beschermingsbewind)?", "nee")],
                texts=[("Wat zei de inwoner over stress?", "Hij slaapt slecht sinds de brief van de woningcorporatie."),
                       ("Welke andere hulpverleners zijn er al?", "Geen.")])
    assert deadline(page, "Eerste gesprek") == [d(first_due), d(INTAKE_DAY), "op tijd"]
    decision = decision_due(INTAKE_DAY, "zoetermeer")
    assert deadline(page, "Besluit over de aanvraag") == [d(decision), "-", "nog open"]
    options = page.get_by_label("Kies de stap", exact=True).locator("option").all_inner_texts()
    assert v.label(v.PHASES, v.ADMISSION, "nl") not in options  # without an administrator: stabilisation first

    # Stabilisation; the creditor list still blocks admission until the rent arrears are on it.
    record_step(page, v.STABILISATION, STEPS_DAY)
    assert "Er staan nog geen schuldeisers op de lijst." in squash(page.get_by_role("note").inner_text())
    creditor = page.locator("form").filter(has=page.get_by_role("button", name="Opslaan", exact=True)).last
    creditor.get_by_label("Schuldeiser", exact=True).fill("Woningcorporatie Zoetermeer (demo)")
    creditor.get_by_label("Soort schuld", exact=True).select_option(label="huur")
    creditor.get_by_label("Bedrag", exact=True).fill(euros_nl(RENT_ARREARS_CENTS))
    submit(page, creditor.get_by_role("button", name="Opslaan", exact=True))
    saved(page, "De schuldeiser is opgeslagen.")
    creditors = page.get_by_role("table", name="Schuldeisers met bedrag en afspraak")
    row = squash(creditors.locator("tbody tr").inner_text())
    assert row.startswith(f"Woningcorporatie Zoetermeer (demo) huur €{euros_nl(RENT_ARREARS_CENTS)} nog geen afspraak"), row
    assert page.get_by_role("note").count() == 0  # nothing blocks admission any more

    # Admission (the decision), then the settlement route, then aftercare.
    record_step(page, v.ADMISSION, STEPS_DAY, answers=[("Is het overzicht van de geldzaken compleet?", "ja")],
                texts=[("Aflossen per maand (afloscapaciteit)", REPAYMENT)])
    assert status(page)["Afloscapaciteit"] == f"€{REPAYMENT} per maand"
    assert deadline(page, "Besluit over de aanvraag") == [d(decision), d(STEPS_DAY), "op tijd"]
    record_step(page, v.SETTLEMENT, STEPS_DAY)
    assert status(page)["Einde schuldregeling"] == d(rules.settlement_end(STEPS_DAY))
    record_step(page, v.AFTERCARE, AFTERCARE_DAY)
    options = page.get_by_label("Kies de stap", exact=True).locator("option").all_inner_texts()
    assert v.label(v.PHASES, v.CLOSED, "nl") in options, options


def test_rent_arrears_signal_to_aftercare(signalled, casework_site, new_page):
    findings = []
    page = new_page()
    professional_logs_in(page, casework_site, "schuldhulp")
    the_queue_shows_the_crisis_case_first(page, signalled, findings)
    the_case_page_shows_signal_due_date_and_schemes(page, signalled, findings)
    the_worker_reaches_the_resident_in_time(page, signalled)
    family_name = the_family_consents_and_the_case_is_handed_over(page, signalled, findings)
    the_debt_help_runs_to_aftercare(page, signalled, family_name)
    if findings:  # shown with -s / in the report: axe's moderate and minor findings
        print("axe, not serious:", findings)
