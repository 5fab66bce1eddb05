"""Validate one signal row of an import (CSV or JSON shaped after DDAS): a clean row or problems naming the field.

Pure Python, no Django. A BSN is checked with the elfproef and replaced at once by the keyed pseudonym the
register uses for persons (``pseudonym(key, "person", bsn)``), so the BSN itself is never kept.
"""

import re
from dataclasses import dataclass

from meedoen.reach.register.validate import parse_bsn, parse_cents, parse_date, pseudonym

# DDAS-shaped field names (Dutch, as in the DDAS Vroegsignaal) and the English ones, to one internal name.
ALIASES = {
    "referentie": "partner_reference", "partner_reference": "partner_reference",
    "signaalpartner": "partner_type", "partner_type": "partner_type",
    "bedrag": "amount", "amount": "amount",
    "ontstaansdatum": "arrears_start", "arrears_start": "arrears_start",
    "signaaldatum": "signal_date", "signal_date": "signal_date",
    "crisissignaal": "crisis", "crisis": "crisis",
    "bsn": "bsn",
    "geslachtsnaam": "surname", "surname": "surname",
    "geboortedatum": "birth_date", "birth_date": "birth_date",
    "postcode": "postcode",
    "huisnummer": "house_number", "house_number": "house_number",
}

MESSAGES = {
    "required": ("dit veld is verplicht", "this field is required"),
    "bsn_format": ("een BSN heeft 9 cijfers", "a BSN has 9 digits"),
    "bsn_elfproef": ("dit BSN klopt niet (elfproef)", "this BSN is not valid (eleven test)"),
    "date_invalid": ("geen geldige datum (gebruik JJJJ-MM-DD)", "not a valid date (use YYYY-MM-DD)"),
    "amount_invalid": ("geen geldig bedrag in euro's", "not a valid amount in euros"),
    "amount_negative": ("een achterstand kan niet negatief zijn", "arrears cannot be negative"),
    "amount_ambiguous": ("bedrag is niet eenduidig (schrijf 1234,00)", "amount is ambiguous (write 1234.00)"),
    "amount_decimals": ("een bedrag heeft hooguit 2 cijfers achter de komma", "an amount has at most 2 decimals"),
    "partner_type_unknown": ("onbekende soort signaalpartner", "unknown kind of signal partner"),
    "crisis_invalid": ("vul ja of nee in", "fill in yes or no"),
    "postcode_invalid": ("geen geldige postcode (1234 AB)", "not a valid postcode (1234 AB)"),
    "house_number_invalid": ("geen geldig huisnummer", "not a valid house number"),
    "start_after_signal": ("de achterstand begint na de signaaldatum", "the arrears start after the signal date"),
    "too_long": ("te lang (hooguit {limit} tekens)", "too long (at most {limit} characters)"),
    "too_large": ("dit getal is te groot (hooguit {limit})", "this number is too large (at most {limit})"),
    "text_invalid": ("bevat een teken dat niet kan (zoals een nul-teken)",
                     "contains a character that cannot be stored (such as a null character)"),
    "no_person": ("vul een BSN in, of naam, geboortedatum, postcode en huisnummer",
                  "fill in a BSN, or name, birth date, postcode and house number"),
}

# What the signal table holds (meedoen.signals.models.Signal uses these limits); a value beyond them is a row problem.
REFERENCE_MAX_LENGTH = 100
SURNAME_MAX_LENGTH = 200
AMOUNT_MAX_CENTS = 2**63 - 1          # PostgreSQL bigint
HOUSE_NUMBER_MAX = 99999              # BAG: a house number has at most five digits

_HOUSE_NUMBER = re.compile(r"^[0-9]+$")   # ASCII digits only ("²" is a digit to str.isdigit, not to int)
_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
_YES = {"true", "ja", "yes", "1", "j", "y"}
_NO = {"false", "nee", "no", "0", "n", ""}


@dataclass(frozen=True)
class RowProblem:
    """One problem in row ``row`` (1 = first data row), field ``field``, message ``code``."""

    row: int
    field: str
    code: str
    limit: int | None = None

    def reason(self, lang="nl"):
        nl, en = MESSAGES[self.code]
        return (nl if lang == "nl" else en).format(limit=self.limit)

    def as_dict(self):
        return {"row": self.row, "field": self.field, "code": self.code,
                "reason": self.reason("nl"), "reason_en": self.reason("en")}


def storable(text):
    """False for text the database cannot hold: a null character or a lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeError:
        return False
    return True


def _text(value):
    return "" if value is None else str(value).strip()


def normalise_keys(raw):
    """The row with DDAS or English field names mapped to the internal names; unknown keys are dropped."""
    return {ALIASES[key.strip().lower()]: value for key, value in raw.items()
            if isinstance(key, str) and key.strip().lower() in ALIASES}


def _partner_type(value, partner_types):
    text = _text(value)
    by_label = {label.lower(): code for code, label in partner_types}
    codes = {code for code, _ in partner_types}
    if text in codes:
        return text
    return by_label.get(text.lower())


def _crisis(value):
    if isinstance(value, bool):
        return value, None
    text = _text(value).lower()
    if text in _YES:
        return True, None
    if text in _NO:
        return False, None
    return None, "crisis_invalid"


def clean_row(raw, row, key, partner_types, default_partner_type=None):
    """(clean dict, []) or (None, [RowProblem, ...]) for one import row.

    ``partner_types``: (code, label) pairs of the DDAS code list; ``key``: the pseudonym key (bytes).
    """
    data = normalise_keys(raw)
    problems = []

    def problem(name, code, limit=None):
        problems.append(RowProblem(row, name, code, limit))

    for name, value in data.items():
        if isinstance(value, str) and not storable(value):
            problem(name, "text_invalid")
    if problems:
        return None, problems
    reference = _text(data.get("partner_reference"))
    if not reference:
        problem("partner_reference", "required")
    elif len(reference) > REFERENCE_MAX_LENGTH:
        problem("partner_reference", "too_long", REFERENCE_MAX_LENGTH)
    kind = _partner_type(data.get("partner_type") or default_partner_type, partner_types)
    if kind is None:
        problem("partner_type", "required" if not _text(data.get("partner_type")) else "partner_type_unknown")
    amount = data.get("amount")
    cents, code = (None, "too_large") if len(_text(amount)) > 40 else parse_cents(amount)  # int() stops at 4,300 digits
    if code == "too_large":
        problem("amount", code, AMOUNT_MAX_CENTS // 100)
    elif code:
        problem("amount", code)
    elif cents is not None and cents < 0:
        problem("amount", "amount_negative")
    elif cents is not None and cents > AMOUNT_MAX_CENTS:
        problem("amount", "too_large", AMOUNT_MAX_CENTS // 100)
    dates = {}
    for name in ("arrears_start", "signal_date", "birth_date"):
        dates[name], code = parse_date(data.get(name))
        if code:
            problem(name, code)
    if dates["signal_date"] is None and not _text(data.get("signal_date")):
        problem("signal_date", "required")
    if dates["arrears_start"] and dates["signal_date"] and dates["arrears_start"] > dates["signal_date"]:
        problem("arrears_start", "start_after_signal")
    crisis, code = _crisis(data.get("crisis"))
    if code:
        problem("crisis", code)
    person = None
    if _text(data.get("bsn")):
        bsn, code = parse_bsn(data.get("bsn"))
        if code:
            problem("bsn", code)
        else:
            person = pseudonym(key, "person", bsn)
    postcode = None
    if _text(data.get("postcode")):
        match = _POSTCODE.match(_text(data.get("postcode")))
        if match:
            postcode = f"{match.group(1)}{match.group(2).upper()}"
        else:
            problem("postcode", "postcode_invalid")
    house_number = None
    if _text(data.get("house_number")):
        text = _text(data.get("house_number"))
        if not _HOUSE_NUMBER.match(text) or not text.strip("0"):
            problem("house_number", "house_number_invalid")
        elif len(text.lstrip("0")) > len(str(HOUSE_NUMBER_MAX)) or int(text) > HOUSE_NUMBER_MAX:
            problem("house_number", "too_large", HOUSE_NUMBER_MAX)
        else:
            house_number = int(text)
    surname = _text(data.get("surname"))
    if len(surname) > SURNAME_MAX_LENGTH:
        problem("surname", "too_long", SURNAME_MAX_LENGTH)
    named = {p.field for p in problems} & {"surname", "birth_date", "postcode", "house_number"}
    if (person is None and not _text(data.get("bsn")) and not named
            and not (surname and dates["birth_date"] and postcode and house_number)):
        problem("bsn", "no_person")
    if problems:
        return None, problems
    return {
        "partner_reference": reference, "partner_type": kind, "amount_cents": cents,
        "arrears_start": dates["arrears_start"], "signal_date": dates["signal_date"], "crisis": bool(crisis),
        "person_pseudonym": person, "surname": surname, "birth_date": dates["birth_date"],
        "postcode": postcode, "house_number": house_number,
    }, []
