"""Every write of applications, decisions and objections, validated; and the lead-time table for policy.

A service refuses bad input with :class:`ApplicationError` naming each field (Dutch and English), before
anything is saved; the CSV import checks every row, saves the good rows in one transaction and reports every
bad row with its number and field.
"""

import csv
import hashlib
import io
import random
import re
from datetime import date, timedelta

from django.db import transaction

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as cv
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.reach.register.validate import parse_bsn

from . import leadtimes
from .models import Application, Objection

MAX_REASON = 2000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
EARLIEST = date(1990, 1, 1)  # a date before this is a typing error, not an application


class ApplicationError(Exception):
    """Bad input. ``problems`` maps a field name to a {nl, en} message."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {msg['en']}" for field, msg in problems.items()))

    def messages(self, lang="nl"):
        return {field: msg[lang if lang in msg else "en"] for field, msg in self.problems.items()}


class Problems(dict):
    def add(self, field, nl, en):
        self.setdefault(field, {"nl": nl, "en": en})

    def check(self):
        if self:
            raise ApplicationError(dict(self))


# -- reading values ----------------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def read_day(problems, field, value, required=True, today=None):
    """A date from a date or text (yyyy-mm-dd or dd-mm-yyyy); a problem for ``field`` if it is not a real date,
    before 1990 or after ``today``."""
    if isinstance(value, date):
        day = value
    else:
        raw = (value or "").strip()
        if not raw:
            if required:
                problems.add(field, "Vul een datum in.", "Give a date.")
            return None
        match = _ISO.fullmatch(raw)
        parts = (match[1], match[2], match[3]) if match else None
        if parts is None and (match := _DUTCH.fullmatch(raw)):
            parts = (match[3], match[2], match[1])
        if parts is None:
            problems.add(field, f"'{raw}' is geen datum. Schrijf bijvoorbeeld 2026-03-01 of 01-03-2026.",
                         f"'{raw}' is not a date. Write for example 2026-03-01 or 01-03-2026.")
            return None
        try:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            problems.add(field, f"'{raw}' bestaat niet als datum.", f"'{raw}' is not an existing date.")
            return None
    if day < EARLIEST:
        problems.add(field, f"{day.isoformat()} is te lang geleden; kijk of het jaar klopt.",
                     f"{day.isoformat()} is too long ago; check the year.")
        return None
    if today is not None and day > today:
        problems.add(field, f"{day.isoformat()} ligt in de toekomst.", f"{day.isoformat()} is in the future.")
        return None
    return day


def _choice(problems, field, value, choices, required=True):
    value = (value or "").strip()
    if not value:
        if required:
            problems.add(field, "Kies een van de mogelijkheden.", "Choose one of the options.")
        return None
    if value not in choices:
        problems.add(field, f"'{value}' kan hier niet; kies een van de mogelijkheden.", f"'{value}' is not possible here; choose one of the options.")
        return None
    return value


def _reason(problems, field, value, needed):
    text = (value or "").strip()
    if len(text) > MAX_REASON:
        problems.add(field, f"Schrijf de reden in hoogstens {MAX_REASON} tekens.", f"Write the reason in at most {MAX_REASON} characters.")
    elif needed and not text:
        problems.add(field, "Schrijf de reden op: een afwijzing zegt altijd waarom.", "Write down the reason: a refusal always says why.")
    return text


def scheme_ids(municipality):
    """The scheme ids of the municipality in the rulebook ({} if the rulebook has no folder for it)."""
    rules = current_rulebook().municipalities.get(municipality.slug)
    return {s.id: s for s in rules.schemes} if rules else {}


def _household_id(problems, value):
    """The register's household pseudonym, stripped. A citizen service number (BSN) is refused: applications are
    kept under the pseudonym of the register, never under a readable identifier."""
    value = (value or "").strip()
    if len(value) > 64:
        problems.add("household_id", "Een huishoudnummer heeft hoogstens 64 tekens.", "A household number has at most 64 characters.")
    elif value and parse_bsn(value)[0] is not None:
        problems.add("household_id", "Dit lijkt een burgerservicenummer (BSN). Gebruik het huishoudnummer uit het register, "
                     "geen BSN.", "This looks like a citizen service number (BSN). Use the household number of the "
                     "register, not a BSN.")
    return value


def _scheme(problems, municipality, value):
    value = (value or "").strip()
    schemes = scheme_ids(municipality)
    if not value:
        problems.add("scheme", "Kies een regeling.", "Choose a scheme.")
    elif not schemes:
        problems.add("scheme", f"Het regelboek heeft geen regelingen voor {municipality.name}.",
                     f"The rulebook has no schemes for {municipality.name}.")
    elif value not in schemes:
        problems.add("scheme", f"'{value}' is geen regeling van {municipality.name} in het regelboek.",
                     f"'{value}' is not a scheme of {municipality.name} in the rulebook.")
    else:
        return value
    return None


def _decision(problems, received_on, decided_on, decision, reason, today, prefix=""):
    """(decided_on, decision, reason) checked together: both or neither, not before receipt, a refusal's reason."""
    day = read_day(problems, prefix + "decided_on", decided_on, required=False, today=today)
    choice = _choice(problems, prefix + "decision", decision, dict(Application.DECISIONS), required=False)
    text = _reason(problems, prefix + "reason", reason, needed=choice == Application.REFUSED)
    if choice and day is None and prefix + "decided_on" not in problems:
        problems.add(prefix + "decided_on", "Vul in wanneer het besluit is genomen.", "Give the date of the decision.")
    if day is not None and not choice and prefix + "decision" not in problems:
        problems.add(prefix + "decision", "Kies het besluit, of laat de datum van het besluit leeg.",
                     "Choose the decision, or leave the date of the decision empty.")
    if day is not None and received_on is not None and day < received_on:
        problems.add(prefix + "decided_on", f"Het besluit ({day.isoformat()}) kan niet vóór de aanvraag ({received_on.isoformat()}) zijn.",
                     f"The decision ({day.isoformat()}) cannot be before the application ({received_on.isoformat()}).")
    return day, choice, text


# -- writes ------------------------------------------------------------------------------------------------------

def register_application(user, municipality, *, scheme, received_on, channel, household_id="", family_reference="",
                         offer=None, decided_on=None, decision=None, reason="", today=None):
    """A new application, with its decision when one is given. Returns the Application."""
    today = today or access.today()
    problems = Problems()
    scheme = _scheme(problems, municipality, scheme)
    received = read_day(problems, "received_on", received_on, today=today)
    channel = _choice(problems, "channel", channel, dict(Application.CHANNELS))
    household_id = _household_id(problems, household_id)
    family = None
    reference = (family_reference or "").strip()
    if reference:
        family = access.visible_families(user, today).filter(municipality=municipality, reference=reference).first()
        if family is None:
            problems.add("family_reference", f"U ziet geen gezin met zaaknummer '{reference}' in {municipality.name}.",
                         f"You see no family with case number '{reference}' in {municipality.name}.")
    if offer is not None:
        if channel != Application.PROACTIVE_OFFER:
            problems.add("channel", "Een aanvraag na een aanbod heeft als kanaal 'proactief aanbod'.",
                         "An application after an offer has the channel 'proactive offer'.")
        elif offer.batch.scheme != scheme or offer.batch.run.municipality_id != municipality.pk:
            problems.add("offer", "Dit aanbod hoort bij een andere regeling of gemeente.", "This offer belongs to another scheme or municipality.")
    decided, choice, text = _decision(problems, received, decided_on, decision, reason, today)
    problems.check()
    with transaction.atomic():
        application = Application.objects.create(
            municipality=municipality, scheme=scheme, household_id=household_id, family=family, received_on=received,
            channel=channel, offer=offer, decided_on=decided, decision=choice, reason=text,
            decided_by=user if choice else None, created_by=user, source=Application.FORM)
        if family is not None:
            audit.log(user, family.pk, cv.WRITE, "schemes", cv.HELP, f"aanvraag / application: {scheme}")
    return application


def decide(user, application, *, decided_on, decision, reason="", today=None):
    """Record the decision on a pending application."""
    today = today or access.today()
    problems = Problems()
    if not application.pending:
        problems.add("decision", "Op deze aanvraag is al besloten.", "This application has already been decided.")
        problems.check()
    decided, choice, text = _decision(problems, application.received_on, decided_on, decision, reason, today)
    if choice is None and "decision" not in problems:
        problems.add("decision", "Kies het besluit.", "Choose the decision.")
    problems.check()
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, decision__isnull=True).update(
            decided_on=decided, decision=choice, reason=text, decided_by=user)
        if not updated:
            raise ApplicationError({"decision": {"nl": "Op deze aanvraag is intussen al besloten.",
                                                 "en": "This application has been decided in the meantime."}})
        if application.family_id:
            audit.log(user, application.family_id, cv.WRITE, "schemes", cv.HELP, f"besluit / decision: {application.scheme} {choice}")
    application.refresh_from_db()
    return application


def file_objection(user, application, *, filed_on, today=None):
    """An objection to the decision; a late one is taken in and flagged (Awb 6:11). Returns the Objection."""
    today = today or access.today()
    problems = Problems()
    if application.decision not in (Application.GRANTED, Application.REFUSED):
        problems.add("filed_on", "Bezwaar kan alleen tegen een besluit: een toekenning of afwijzing.",
                     "An objection can only be made to a decision: a grant or a refusal.")
        problems.check()
    filed = read_day(problems, "filed_on", filed_on, today=today)
    if filed is not None and filed < application.decided_on:
        problems.add("filed_on", f"Het bezwaar ({filed.isoformat()}) kan niet vóór het besluit ({application.decided_on.isoformat()}) zijn.",
                     f"The objection ({filed.isoformat()}) cannot be before the decision ({application.decided_on.isoformat()}).")
    problems.check()
    with transaction.atomic():
        objection = Objection.objects.create(application=application, filed_on=filed, created_by=user,
                                             late=leadtimes.is_late(application.decided_on, filed))
        if application.family_id:
            audit.log(user, application.family_id, cv.WRITE, "schemes", cv.HELP, f"bezwaar / objection: {application.scheme}")
    return objection


def decide_objection(user, objection, *, decided_on, outcome, reason="", today=None):
    """The outcome of a pending objection."""
    today = today or access.today()
    problems = Problems()
    if not objection.pending:
        problems.add("outcome", "Op dit bezwaar is al besloten.", "This objection has already been decided.")
        problems.check()
    day = read_day(problems, "objection_decided_on", decided_on, today=today)
    outcome = _choice(problems, "outcome", outcome, dict(Objection.OUTCOMES))
    text = _reason(problems, "objection_reason", reason,
                   needed=outcome in (Objection.REJECTED, Objection.PARTLY_UPHELD))
    if day is not None and day < objection.filed_on:
        problems.add("objection_decided_on", f"De beslissing ({day.isoformat()}) kan niet vóór het bezwaar ({objection.filed_on.isoformat()}) zijn.",
                     f"The decision ({day.isoformat()}) cannot be before the objection ({objection.filed_on.isoformat()}).")
    problems.check()
    with transaction.atomic():
        updated = Objection.objects.filter(pk=objection.pk, outcome__isnull=True).update(decided_on=day, outcome=outcome, reason=text)
        if not updated:
            raise ApplicationError({"outcome": {"nl": "Op dit bezwaar is intussen al besloten.",
                                                "en": "This objection has been decided in the meantime."}})
    objection.refresh_from_db()
    return objection


# -- the CSV import ----------------------------------------------------------------------------------------------

COLUMNS = {  # our field: the headings a municipality's export may use (lower case)
    "scheme": ("scheme", "regeling"),
    "received_on": ("received", "received_on", "ontvangen", "aanvraagdatum", "datum aanvraag"),
    "decided_on": ("decided", "decided_on", "besloten", "besluitdatum", "datum besluit"),
    "decision": ("decision", "besluit"),
    "reason": ("reason", "reden"),
    "household_id": ("household_id", "household", "huishouden"),
    "channel": ("channel", "kanaal"),
}
REQUIRED_COLUMNS = ("scheme", "received_on", "decided_on", "decision", "reason")
DECISION_WORDS = {"granted": Application.GRANTED, "toegekend": Application.GRANTED,
                  "refused": Application.REFUSED, "afgewezen": Application.REFUSED,
                  "withdrawn": Application.WITHDRAWN, "ingetrokken": Application.WITHDRAWN, "": ""}
CHANNEL_WORDS = {"resident": Application.RESIDENT, "inwoner": Application.RESIDENT,
                 "professional": Application.PROFESSIONAL,
                 "proactive_offer": Application.PROACTIVE_OFFER, "proactief aanbod": Application.PROACTIVE_OFFER,
                 "automatic": Application.AUTOMATIC, "automatisch": Application.AUTOMATIC}


# What makes an imported row the same application as one imported before.
IMPORT_KEY = ("scheme", "household_id", "received_on", "channel", "decided_on", "decision", "reason")


class ImportReport:
    """What an import found: the problems per row (``(row, field, {nl, en})``) and how many were saved."""

    def __init__(self, name):
        self.name, self.rows, self.saved, self.already, self.problems = name, 0, 0, 0, []

    def add(self, row, field, nl, en):
        self.problems.append((row, field, {"nl": nl, "en": en}))

    def lines(self, lang="nl"):
        key = "nl" if lang == "nl" else "en"
        return [self.name + (f":{row}" if row else "") + (f", {field}" if field else "") + f": {msg[key]}"
                for row, field, msg in self.problems]

    @property
    def ok(self):
        return not self.problems


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def import_csv(user, municipality, data, name="import.csv", today=None):
    """Applications from a municipality's export (CSV with a heading row; ``,`` or ``;``): every row checked, the
    good rows saved in one transaction (all of them or, if the database fails, none), each bad row reported with
    its number and field. Returns an :class:`ImportReport`."""
    today = today or access.today()
    report = ImportReport(name)
    if len(data) > MAX_IMPORT_BYTES:
        report.add(0, "", f"Het bestand is groter dan {MAX_IMPORT_BYTES // 1024 // 1024} MB.",
                   f"The file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB.")
        return report
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    digest = hashlib.sha256(raw).hexdigest()
    if Application.objects.filter(municipality=municipality, source=Application.IMPORT, source_sha256=digest).exists():
        report.add(0, "", "Dit bestand is al eerder ingelezen voor deze gemeente; er is niets opgeslagen.",
                   "This file was imported for this municipality before; nothing was saved.")
        return report
    text = _decode(raw)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        rows = list(reader)
    except csv.Error as exc:
        report.add(reader.line_num, "", f"Het bestand is geen leesbare CSV ({exc}).", f"The file is not readable CSV ({exc}).")
        return report
    if not rows:
        report.add(1, "", "Het bestand is leeg.", "The file is empty.")
        return report
    columns = _columns(rows[0], report)
    if not report.ok:
        return report
    schemes = scheme_ids(municipality)
    made = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            report.add(number, "", f"Meer dan {MAX_IMPORT_ROWS} regels; splits het bestand.", f"More than {MAX_IMPORT_ROWS} rows; split the file.")
            break
        values = {field: (cells[i].strip() if i < len(cells) else "") for field, i in columns.items()}
        application = _row(values, municipality, schemes, today)
        if isinstance(application, ApplicationError):
            for field, msg in application.problems.items():
                report.problems.append((number, field, msg))
            continue
        application.source_name, application.source_row, application.source_sha256 = name[:200], number, digest
        application.created_by = user
        made.append(application)
    if report.rows == 0 and report.ok:
        report.add(2, "", "Het bestand heeft geen regels onder de kopjes.", "The file has no rows under the headings.")
    if made:
        with transaction.atomic():
            # A corrected file read in again saves only the rows that were not saved the first time.
            seen = set(Application.objects.select_for_update().filter(
                municipality=municipality, source=Application.IMPORT, received_on__gte=min(a.received_on for a in made),
                received_on__lte=max(a.received_on for a in made)).values_list(*IMPORT_KEY))
            fresh = []
            for application in made:
                key = tuple(getattr(application, field) for field in IMPORT_KEY)
                if key in seen:
                    report.already += 1
                else:
                    seen.add(key)
                    fresh.append(application)
            Application.objects.bulk_create(fresh, batch_size=2000)
        report.saved = len(fresh)
    return report


def _columns(heading, report):
    found = {}
    names = [h.strip().lower().lstrip("\ufeff") for h in heading]
    for field, aliases in COLUMNS.items():
        for i, h in enumerate(names):
            if h in aliases:
                found[field] = i
                break
    missing = [field for field in REQUIRED_COLUMNS if field not in found]
    if missing:
        wanted = ", ".join(COLUMNS[f][0] for f in missing)
        report.add(1, "", f"Deze kolommen ontbreken: {wanted}. De eerste regel moet de kopjes hebben: scheme, received, decided, decision, reason.",
                   f"These columns are missing: {wanted}. The first row must have the headings: scheme, received, decided, decision, reason.")
    return found


def _row(values, municipality, schemes, today):
    """An unsaved Application from one row, or the ApplicationError with its problems."""
    problems = Problems()
    scheme = values["scheme"]
    if not scheme:
        problems.add("scheme", "De regeling ontbreekt.", "The scheme is missing.")
    elif scheme not in schemes:
        problems.add("scheme", f"'{scheme}' is geen regeling van {municipality.name} in het regelboek.",
                     f"'{scheme}' is not a scheme of {municipality.name} in the rulebook.")
    received = read_day(problems, "received", values["received_on"], today=today)
    word = values["decision"].lower()
    decision = DECISION_WORDS.get(word)
    if decision is None:
        problems.add("decision", f"'{values['decision']}' is geen besluit; gebruik granted, refused, withdrawn of leeg (nog geen besluit).",
                     f"'{values['decision']}' is not a decision; use granted, refused, withdrawn or empty (not decided yet).")
    decided, choice, reason = _decision(problems, received, values["decided_on"], decision or "", values["reason"], today)
    problems = Problems({("decided" if f == "decided_on" else f): m for f, m in problems.items()})
    channel = None
    if values.get("channel"):
        channel = CHANNEL_WORDS.get(values["channel"].lower())
        if channel is None:
            problems.add("channel", f"'{values['channel']}' is geen kanaal; gebruik resident, professional, proactive_offer of automatic.",
                         f"'{values['channel']}' is not a channel; use resident, professional, proactive_offer or automatic.")
    household_id = _household_id(problems, values.get("household_id", ""))
    if problems:
        return ApplicationError(dict(problems))
    return Application(municipality=municipality, scheme=scheme, household_id=household_id, received_on=received,
                       channel=channel, decided_on=decided, decision=choice, reason=reason, source=Application.IMPORT)


# -- the lead-time table -------------------------------------------------------------------------------------------

def lead_time_table(municipality, first, last, grouping="month", scheme=None, reference_day=None):
    """:func:`leadtimes.table` over the municipality's applications and objections (exact counts)."""
    reference_day = reference_day or min(last, access.today())
    applications = Application.objects.filter(municipality=municipality, received_on__lte=last)
    objections = Objection.objects.filter(application__municipality=municipality, filed_on__lte=last)
    if scheme:
        applications = applications.filter(scheme=scheme)
        objections = objections.filter(application__scheme=scheme)
    apps = list(applications.values("scheme", "received_on", "decided_on", "decision"))
    objs = [{**o, "scheme": o.pop("application__scheme")} for o in
            objections.values("application__scheme", "filed_on", "decided_on", "outcome", "late")]
    return leadtimes.table(apps, objs, first, last, grouping, reference_day)


# -- demo data -----------------------------------------------------------------------------------------------------

def seed_demo_applications(municipality, n, seed, today=None):
    """``n`` synthetic applications (and some objections) for the demo pages, received in the year up to ``today``
    (default: the pinned date, MEEDOEN_CHECK_DATE); the same for the same arguments and day.

    SYNTHETIC: nobody exists; channels, lead times, decisions and objections are drawn from assumed shares
    (not from the sources, which give no lead times). Earlier demo rows of the municipality are replaced.
    Returns the number of applications made.
    """
    today = today or access.today()
    rng = random.Random(f"{municipality.slug}:{n}:{seed}")
    schemes = sorted(scheme_ids(municipality))
    if not schemes:
        return 0
    channels = [Application.RESIDENT] * 6 + [Application.PROFESSIONAL] * 3 + [Application.AUTOMATIC]
    made, objections = [], []
    for i in range(n):
        received = today - timedelta(days=rng.randint(0, 364))
        application = Application(municipality=municipality, scheme=rng.choice(schemes), household_id=f"DEMO-{seed}-{i:06d}",
                                  received_on=received, channel=rng.choice(channels), source=Application.DEMO,
                                  source_name="seed_demo_applications (synthetic)")
        lead = int(rng.lognormvariate(3.0, 0.6))  # assumption: median ~20 days, a long tail
        if received + timedelta(days=lead) <= today and rng.random() > 0.04:
            application.decided_on = received + timedelta(days=lead)
            roll = rng.random()
            application.decision = (Application.GRANTED if roll < 0.78 else Application.REFUSED if roll < 0.95
                                    else Application.WITHDRAWN)
            if application.decision == Application.REFUSED:
                application.reason = rng.choice(["Inkomen boven de grens (synthetisch voorbeeld).",
                                                 "Geen inwoner van de gemeente (synthetisch voorbeeld).",
                                                 "Gegevens niet compleet aangeleverd (synthetisch voorbeeld)."])
        made.append(application)
    with transaction.atomic():
        Application.objects.filter(municipality=municipality, source=Application.DEMO).delete()
        Application.objects.bulk_create(made, batch_size=2000)
        for application in made:
            if application.decision == Application.REFUSED and rng.random() < 0.3:
                filed = application.decided_on + timedelta(days=rng.randint(3, 50))
                if filed > today:
                    continue
                objection = Objection(application=application, filed_on=filed,
                                      late=leadtimes.is_late(application.decided_on, filed))
                decided = filed + timedelta(days=rng.randint(20, 120))
                if decided <= today:
                    objection.decided_on = decided
                    objection.outcome = rng.choice([Objection.UPHELD, Objection.PARTLY_UPHELD, Objection.REJECTED,
                                                    Objection.REJECTED, Objection.WITHDRAWN])
                    objection.reason = "Synthetisch voorbeeld." if objection.outcome != Objection.UPHELD else ""
                objections.append(objection)
        Objection.objects.bulk_create(objections, batch_size=2000)
    return len(made)
