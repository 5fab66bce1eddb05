"""Per-row checks shared by the register adapters (docs/register-import.md).

Every problem is an :class:`ImportProblem`: the file, where in it (``line 4``, ``personen[3]``),
the field, and a message code whose text exists in Dutch and English (:data:`MESSAGES`). A
problem of level ``error`` rejects the row; a ``notice`` says what was assumed or left out.

Values are parsed exactly: a BSN with the elfproef, a date that must exist, an amount in euros
(comma or dot) to integer cents without floats. No value of a person is ever put in a message.
"""

import calendar
import functools
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from .format import BENEFIT_KINDS, REQUIRED, SCHEMAS

ERROR, NOTICE = "error", "notice"
MIN_KEY_LENGTH = 16
PSEUDONYM_HEX = 32

# code: (Dutch, English). Placeholders are filled from the problem's params.
MESSAGES = {
    # files
    "file_unreadable": ("kan het bestand niet lezen: {error}", "cannot read the file: {error}"),
    "not_json": ("is geen JSON: {error}", "is not JSON: {error}"),
    "not_csv": ("is geen CSV-bestand met een kopregel: {error}", "is not a CSV file with a header row: {error}"),
    "encoding_cp1252": ("is geen UTF-8; gelezen als Windows-1252", "is not UTF-8; read as Windows-1252"),
    "no_persons": ("bevat geen personen (verwacht: een BRP-antwoord met 'personen', een JSON-lijst van personen, of JSON lines)",
                   "holds no persons (expected a BRP response with 'personen', a JSON array of persons, or JSON lines)"),
    "field_count": ("de regel heeft {found} velden, de kopregel {expected}", "the row has {found} fields, the header {expected}"),
    "missing_columns": ("kolom(men) ontbreken: {columns}", "missing column(s): {columns}"),
    "dest_exists": ("bestaat al (gebruik --overwrite om het te vervangen)", "already exists (use --overwrite to replace it)"),
    "bad_key": ("de sleutel voor pseudoniemen is te kort: minstens {min} tekens", "the pseudonym key is too short: at least {min} characters"),
    "write_failed": ("kon het register niet schrijven: {error}", "could not write the register: {error}"),
    "unknown_municipality": ("onbekende gemeente {value!r}: geef een CBS-code (GM0637) of een id uit het regelboek",
                             "unknown municipality {value!r}: give a CBS code (GM0637) or a rulebook id"),
    "nothing_accepted": ("geen enkel huishouden goedgekeurd: er is niets geschreven", "no household accepted: nothing was written"),
    # values
    "not_object": ("is geen object", "is not an object"),
    "required": ("is verplicht maar leeg", "is required but empty"),
    "bsn_format": ("is geen burgerservicenummer (9 cijfers)", "is not a burgerservicenummer (9 digits)"),
    "bsn_elfproef": ("klopt niet volgens de elfproef", "fails the elfproef (11-check)"),
    "date_invalid": ("{value!r} is geen bestaande datum (JJJJ-MM-DD of DD-MM-JJJJ)", "{value!r} is not a valid date (YYYY-MM-DD or DD-MM-YYYY)"),
    "date_order": ("de einddatum ligt voor de ingangsdatum", "the end date is before the start date"),
    "amount_invalid": ("{value!r} is geen bedrag in euro's (bijvoorbeeld 1234,56 of 1234.56)", "{value!r} is not an amount in euros (e.g. 1234,56 or 1234.56)"),
    "amount_ambiguous": ("{value!r} is dubbelzinnig: schrijf 1234,00 of 1234.00", "{value!r} is ambiguous: write 1234,00 or 1234.00"),
    "amount_decimals": ("{value!r} heeft meer dan twee cijfers achter de komma", "{value!r} has more than two decimals"),
    "amount_negative": ("het bedrag is negatief", "the amount is negative"),
    "kind_unknown": ("onbekende soort uitkering {value!r} (bekend: {known})", "unknown benefit kind {value!r} (known: {known})"),
    "source_unknown": ("onbekende inkomensbron {value!r} (bekend: {known})", "unknown income source {value!r} (known: {known})"),
    "scheme_unknown": ("regeling {value!r} staat niet in het regelboek van {municipality}", "scheme {value!r} is not in the rulebook of {municipality}"),
    "postcode_invalid": ("{value!r} is geen postcode (1234AB of 1234)", "{value!r} is not a postcode (1234AB or 1234)"),
    "district_conflict": ("deze postcode staat al in het bestand met een andere wijk", "this postcode already appears with another district"),
    "scheme_key": ("geef een bsn of een household_id", "give a bsn or a household_id"),
    "household_unknown": ("dit huishouden staat niet in het register", "this household is not in the register"),
    "bsn_not_in_brp": ("deze persoon staat niet in het BRP-bestand", "this person is not in the BRP file"),
    "person_not_accepted": ("deze persoon is afgewezen of weggelaten uit het BRP-bestand", "this person was rejected or left out of the BRP file"),
    # BRP persons
    "duplicate_person": ("deze persoon staat er al in ({first}); de tweede keer is genegeerd", "this person appears before ({first}); the second time is ignored"),
    "duplicate_conflict": ("deze persoon staat er ook in ({first}) met andere gegevens", "this person also appears at {first} with different data"),
    "no_residence": ("geen verblijfplaats: kan niet bij een huishouden worden ingedeeld", "no verblijfplaats: cannot be placed in a household"),
    "not_resident": ("verblijfplaats {value!r}: woont niet op een bekend adres in Nederland; weggelaten", "verblijfplaats {value!r}: does not live at a known address in the Netherlands; left out"),
    "postal_address": ("briefadres: het woonadres is niet bekend; weggelaten", "briefadres (postal address): the home address is not known; left out"),
    "not_living_there": ("vastgesteld dat de persoon niet op het adres verblijft; weggelaten", "established as not living at the address; left out"),
    "deceased": ("overleden; weggelaten", "deceased; left out"),
    "suspended": ("bijhouding opgeschort ({value}); weggelaten", "registration suspended ({value}); left out"),
    "born_after": ("geboren na de peildatum {day}; weggelaten", "born after the reference date {day}; left out"),
    "no_address_key": ("adres zonder adresseerbaarObjectIdentificatie en zonder postcode en huisnummer", "address without adresseerbaarObjectIdentificatie and without postcode and huisnummer"),
    "municipality_missing": ("geen gemeenteVanInschrijving: geef de gemeente mee (--municipality)", "no gemeenteVanInschrijving: give the municipality (--municipality)"),
    "municipality_other": ("ingeschreven in {value}, niet in {municipality}; weggelaten", "registered in {value}, not in {municipality}; left out"),
    "address_mixed": ("bewoners van dit adres staan in verschillende gemeenten ingeschreven", "residents of this address are registered in different municipalities"),
    "address_rejected": ("afgewezen omdat een andere bewoner van dit adres ({where}) een fout heeft; de huishoudens van dit adres zouden anders verkeerd zijn",
                         "rejected because another resident of this address ({where}) has an error; the households of this address would otherwise be wrong"),
    "partner_elsewhere": ("de partner woont niet op dit adres of staat niet in het bestand: ingedeeld zonder partner",
                          "the partner does not live at this address or is not in the file: placed without partner"),
    "partner_conflict": ("meer dan één mogelijke partner op dit adres: ingedeeld zonder partner", "more than one possible partner at this address: placed without partner"),
    "presumed_couple": ("ingedeeld als paar met {where}: gezamenlijke huishouding aangenomen (Participatiewet art. 3 lid 4 onder {ground})",
                        "placed as a couple with {where}: joint household presumed (Participatiewet art. 3(4)({ground}))"),
    "minor_without_parent": ("minderjarige zonder ouder op dit adres: als huisgenoot ingedeeld bij het huishouden van {where}",
                             "minor without a parent at this address: placed as housemate in the household of {where}"),
    "child_two_households": ("ouders in verschillende huishoudens op dit adres: kind ingedeeld bij {where}", "parents in different households at this address: child placed with {where}"),
    # benefits and incomes
    "benefits_now_unknown": ("een regel van deze persoon is afgewezen: zijn of haar uitkeringen en inkomen zijn nu 'onbekend'", "a row of this person was rejected: their benefits and income are now 'unknown'"),
    "income_now_unknown": ("een regel van deze persoon is afgewezen: zijn of haar inkomen is nu 'onbekend'", "a row of this person was rejected: their income is now 'unknown'"),
    "wages_conflict": ("verschillende inkomsten uit arbeid in lopende uitkeringen: inkomsten uit arbeid onbekend", "different wages in running benefits: wages unknown"),
    "household_rejected_use": ("huishouden afgewezen: een regel over het gebruik van een regeling is fout, en zonder die regel zou het huishouden ten onrechte als niet-gebruiker tellen",
                               "household rejected: a scheme-use row is wrong, and without it the household would wrongly count as a non-user"),
    "in_rejected_household": ("het huishouden van deze persoon is afgewezen ({where})", "this person's household was rejected ({where})"),
    "register_invalid": ("het gebouwde register klopt niet: {what}", "the built register is not valid: {what}"),
}


@dataclass(frozen=True)
class ImportProblem:
    """One problem: ``file`` and ``where`` in it (row or JSON path), ``field``, message ``code``."""

    file: str
    where: str
    field: str
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    level: str = ERROR

    def reason(self, lang="en"):
        nl, en = MESSAGES[self.code]
        return (nl if lang == "nl" else en).format(**self.params)

    def as_dict(self):
        return {"file": self.file, "where": self.where, "field": self.field, "level": self.level,
                "code": self.code, "reason": self.reason("en"), "reason_nl": self.reason("nl")}

    def text(self, lang="en"):
        place = " ".join(p for p in (self.file, self.where, self.field) if p)
        return f"{place}: {self.reason(lang)}"


# -- identifiers ----------------------------------------------------------------------------

def elfproef(digits):
    """True if the nine digits pass the BSN 11-check (weights 9..2 and -1), and are not all zero."""
    if not (isinstance(digits, str) and len(digits) == 9 and digits.isascii() and digits.isdigit()) or digits == "0" * 9:
        return False
    d = [ord(c) - 48 for c in digits]
    total = 9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]
    return total % 11 == 0


def parse_bsn(value):
    """(bsn, None) or (None, message code). Eight digits get the leading zero the BRP drops in some exports."""
    if isinstance(value, str):
        return _parse_bsn_text(value)
    return _parse_bsn(value)


@functools.lru_cache(maxsize=1 << 20)
def _parse_bsn_text(value):
    return _parse_bsn(value)


def _parse_bsn(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "required"
    text = str(value).strip().replace(" ", "").replace(".", "")
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or len(text) not in (8, 9):
        return None, "bsn_format"
    text = text.zfill(9)
    return (text, None) if elfproef(text) else (None, "bsn_elfproef")


def check_key(key):
    """The pseudonym key as bytes, or None if it is missing or shorter than :data:`MIN_KEY_LENGTH`."""
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key or b"")
    return raw if len(raw) >= MIN_KEY_LENGTH else None


def pseudonym(key, *parts):
    """Keyed pseudonym (HMAC-SHA256, first :data:`PSEUDONYM_HEX` hex digits) of ``parts`` joined with '|'."""
    return hmac.new(key, "|".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


# -- dates and money --------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def parse_date(value):
    """(date, None), (None, None) for an empty value, or (None, "date_invalid")."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None, None
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DUTCH.match(text.replace("/", "-"))
        if not m:
            return None, "date_invalid"
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d), None
    except ValueError:
        return None, "date_invalid"


def parse_cents(value):
    """(cents, None), (None, None) for an empty value, or (None, message code). Exact: never a float.

    Accepts ``1234,56``, ``1234.56``, ``1.234,56``, ``1,234.56``, ``1234``, an optional ``€``. One
    separator followed by exactly three digits (``1.234``) is ambiguous and refused.
    """
    text = "" if value is None else str(value).strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None, None
    sign = 1
    if text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if not re.fullmatch(r"[0-9.,]+", text) or not text[0].isdigit():
        return None, "amount_invalid"
    whole, frac = text, ""
    last = max(text.rfind(","), text.rfind("."))
    if last >= 0:
        seps = {c for c in text if c in ",."}
        if len(seps) == 2:  # the last one is the decimal separator, the other groups thousands
            whole, frac = text[:last], text[last + 1:]
            if not re.fullmatch(r"\d{1,3}([.,]\d{3})*", whole) or text[last] in whole:
                return None, "amount_invalid"
        else:
            (sep,) = seps
            pieces = text.split(sep)
            if len(pieces) > 2:  # 1.234.567: thousands only
                if not (1 <= len(pieces[0]) <= 3 and all(len(p) == 3 for p in pieces[1:])):
                    return None, "amount_invalid"
                whole = "".join(pieces)
            elif len(pieces[1]) == 3:
                return None, "amount_ambiguous"
            else:
                whole, frac = pieces
        whole = whole.replace(",", "").replace(".", "")
    if not whole.isdigit() or (frac and not frac.isdigit()):
        return None, "amount_invalid"
    if len(frac) > 2:
        return None, "amount_decimals"
    cents = int(whole) * 100 + int((frac + "00")[:2])
    if sign < 0 and cents:
        return None, "amount_negative"
    return cents, None


def age_bounds(born, day):
    """(youngest, oldest) age on ``day`` for a birth ``born`` = (year, month, day) with unknown parts None."""
    if born is None or born[0] is None:
        return None
    year, month, dd = born
    first = date(year, month or 1, dd or 1)
    last = date(year, month or 12, dd or calendar.monthrange(year, month or 12)[1])
    return age_on(last, day), age_on(first, day)


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# -- register tables ---------------------------------------------------------------------------

def table_problems(tables, day=None, where="register"):
    """Problems of the six register tables (a final check before writing): required columns,
    unique keys, one applicant and at most one partner per household, references, no negative
    amount, ``since <= until``, no birth date after ``day``. Returns ``register_invalid`` problems."""
    found = []

    def bad(what):
        found.append(ImportProblem(where, "", "", "register_invalid", {"what": what}))

    for table, columns in REQUIRED.items():
        frame = tables.get(table)
        if frame is None:
            continue
        for c in columns:
            if c in frame.columns and frame[c].null_count():
                bad(f"{table}.{c} has {frame[c].null_count()} empty value(s)")
    persons, households = tables.get("persons"), tables.get("households")
    for table, key in (("persons", "person_id"), ("households", "household_id"), ("addresses", "address_id")):
        frame = tables.get(table)
        if frame is not None and frame.height and frame[key].n_unique() != frame.height:
            bad(f"{table}.{key} is not unique")
    if persons is not None and households is not None:
        roles = persons.group_by("household_id").agg(
            (pl.col("role").cast(pl.String) == "applicant").sum().alias("a"),
            (pl.col("role").cast(pl.String) == "partner").sum().alias("p"))
        wrong = roles.filter((pl.col("a") != 1) | (pl.col("p") > 1)).height
        if wrong:
            bad(f"{wrong} household(s) without exactly one applicant or with two partners")
        hids = set(households["household_id"].to_list())
        if set(persons["household_id"].to_list()) - hids:
            bad("persons.household_id names a household that is not in households")
        if households.height and set(households["household_id"].to_list()) - set(persons["household_id"].to_list()):
            bad("a household has no persons")
        pids = set(persons["person_id"].to_list())
        for table in ("incomes", "benefits"):
            frame = tables.get(table)
            if frame is not None and set(frame["person_id"].to_list()) - pids:
                bad(f"{table}.person_id names a person that is not in persons")
        use = tables.get("scheme_use")
        if use is not None and set(use["household_id"].to_list()) - hids:
            bad("scheme_use.household_id names a household that is not in households")
        if day is not None and persons.filter(pl.col("birth_date") > day).height:
            bad("a birth date is after the reference date")
    incomes = tables.get("incomes")
    if incomes is not None and incomes.filter(pl.col("monthly_net_cents") < 0).height:
        bad("incomes.monthly_net_cents has a negative amount")
    for table in ("benefits", "scheme_use"):
        frame = tables.get(table)
        if frame is not None and frame.filter(pl.col("until") < pl.col("since")).height:
            bad(f"{table}: until before since")
    benefits = tables.get("benefits")
    if benefits is not None and benefits.height:
        kinds = set(benefits["kind"].cast(pl.String).to_list()) - set(BENEFIT_KINDS)
        if kinds:
            bad(f"benefits.kind not in the format: {sorted(kinds)}")
    for table, frame in tables.items():
        extra = set(frame.columns) - set(SCHEMAS.get(table, {}))
        if extra:
            bad(f"{table} has columns the format does not know: {sorted(extra)}")
    return found
