"""Money and income: the facts the rulebook engine needs (services.schemes.engine_household reads them).

Per current member: net income per month by source, statuses and school; for the household: assets, housing costs
and fixed costs, and the engine's household ``facts`` (whole years at the social minimum without a break, 0..100; and
whether the individuele inkomenstoeslag was received in the past 12 months). Money is integer cents; ``None`` is
unknown, never zero or no. The names and the choices are those of the engine's household format
(rules/schemas/household.schema.json), so nothing is invented here.
"""

from django.db import transaction

from meedoen.rules.loader import schema

from .. import audit
from .. import vocabulary as v
from ..access import today
from ..errors import CaseworkError
from ..models import Family, Person
from .families import members_on

_MEMBER = schema("household")["$defs"]["member"]["properties"]
INCOME_SOURCES = tuple(_MEMBER["monthly_net_income_cents"]["properties"])
STATUSES = tuple(_MEMBER["statuses"]["properties"])
SCHOOL_LEVELS = tuple(level for level in _MEMBER["school"]["properties"]["level"]["enum"] if level is not None)
SCHOOL_FIELDS = ("attends_school", "level")
HOUSEHOLD_FIELDS = ("assets_cents", "housing_costs_cents", "fixed_costs_cents")
# What the family has left: household-format fields as they are, and the monthly costs by kind (family field ->
# kind in ``monthly_costs_cents``).
DEBT_FIELDS = ("debts_cents", "municipal_taxes_cents")
MONTHLY_COSTS = {"health_insurance_cents": "health_insurance", "alimony_paid_cents": "alimony_paid", "childcare_cents": "childcare"}
assert set(MONTHLY_COSTS.values()) == set(schema("household")["properties"]["monthly_costs_cents"]["properties"])
MONEY_LEFT_FIELDS = DEBT_FIELDS + tuple(MONTHLY_COSTS)
_FACTS = schema("household")["properties"]["facts"]["properties"]
HOUSEHOLD_FACTS = tuple(_FACTS)  # years_at_social_minimum, received_income_supplement_last_12_months
YEARS_MIN = _FACTS["years_at_social_minimum"]["minimum"]
YEARS_MAX = _FACTS["years_at_social_minimum"]["maximum"]
MEMBER_FIELDS = ("monthly_net_income_cents", "statuses", "school")
MAX_CENTS = 10**14  # one trillion euros: anything above is a typing error, and it keeps to the database's integers


def _msg(nl, en):
    return {"nl": nl, "en": en}


def _cents_problem(value):
    """The problem with an amount in cents, or None when it is a whole number of cents, not negative (or unknown)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return _msg("Een bedrag is een heel aantal centen.", "An amount is a whole number of cents.")
    if value < 0:
        return _msg("Een bedrag kan niet negatief zijn. Weet u het niet? Laat het dan leeg.",
                    "An amount cannot be negative. Don't know it? Then leave it empty.")
    if value > MAX_CENTS:
        return _msg("Dit bedrag is te groot. Kijk of het goed is getypt.", "This amount is too large. Check how it was typed.")
    return None


def _yes_no_problem(value):
    if value is None or isinstance(value, bool):
        return None
    return _msg("Kies ja, nee of weet ik niet.", "Choose yes, no or don't know.")


def _years_problem(value):
    """The problem with a number of whole years at the social minimum, or None when it is fine (or unknown)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return _msg("Vul een heel aantal jaren in, bijvoorbeeld 3. Weet u het niet? Laat het vak dan leeg.",
                    "Fill in a whole number of years, for example 3. Don't know it? Then leave the box empty.")
    if value < YEARS_MIN:
        return _msg("Het aantal jaren kan niet negatief zijn. Weet u het niet? Laat het vak dan leeg.",
                    "The number of years cannot be negative. Don't know it? Then leave the box empty.")
    if value > YEARS_MAX:
        return _msg(f"Dat is meer dan {YEARS_MAX} jaar. Kijk of het goed is getypt.",
                    f"That is more than {YEARS_MAX} years. Check how it was typed.")
    return None


_HOUSEHOLD_CHECK = {**dict.fromkeys(HOUSEHOLD_FIELDS + MONEY_LEFT_FIELDS, _cents_problem), "years_at_social_minimum": _years_problem,
                    "received_income_supplement_last_12_months": _yes_no_problem}


def _unknown_keys(where, given, known, problems):
    for key in given:
        if key not in known:
            problems[f"{where}.{key}"] = _msg(f"Onbekend gegeven: {key}.", f"Unknown fact: {key}.")


def _incomes(where, incomes, problems):
    """The income to store: None (unknown as a whole) or {source: cents or None}; sources left out are zero."""
    if incomes is None:
        return None
    if not isinstance(incomes, dict):
        problems[where] = _msg("Geef het inkomen per soort.", "Give the income by source.")
        return None
    _unknown_keys(where, incomes, INCOME_SOURCES, problems)
    for source in INCOME_SOURCES:
        if source in incomes and (found := _cents_problem(incomes[source])):
            problems[f"{where}.{source}"] = found
    if set(incomes) >= set(INCOME_SOURCES) and all(incomes[s] is None for s in INCOME_SOURCES):
        return None  # every source unknown: the income is unknown
    # zero is what a left-out source means already; an unknown source stays, as None
    return {source: incomes[source] for source in INCOME_SOURCES if source in incomes and incomes[source] != 0}


def _statuses(where, statuses, problems):
    """The statuses to store: only the known ones (a status left out is unknown)."""
    if statuses is None:
        return {}
    if not isinstance(statuses, dict):
        problems[where] = _msg("Geef per situatie ja, nee of weet ik niet.", "Give yes, no or don't know per situation.")
        return {}
    _unknown_keys(where, statuses, STATUSES, problems)
    for status in STATUSES:
        if status in statuses and (found := _yes_no_problem(statuses[status])):
            problems[f"{where}.{status}"] = found
    return {status: statuses[status] for status in STATUSES if statuses.get(status) is not None}


def _school(where, school, problems):
    """The school to store: None when nothing about it is known, else the known facts."""
    if school is None:
        return None
    if not isinstance(school, dict):
        problems[where] = _msg("Geef of het kind naar school gaat en welke soort school.",
                               "Give whether the child goes to school and what kind of school.")
        return None
    _unknown_keys(where, school, SCHOOL_FIELDS, problems)
    if found := _yes_no_problem(school.get("attends_school")):
        problems[f"{where}.attends_school"] = found
    level = school.get("level")
    if level is not None and level not in SCHOOL_LEVELS:
        problems[f"{where}.level"] = _msg("Kies een soort school van de lijst.", "Choose a kind of school from the list.")
    known = {key: school[key] for key in SCHOOL_FIELDS if school.get(key) is not None}
    return known or None


def _member_id(person_id):
    if isinstance(person_id, bool):
        return None
    if isinstance(person_id, int):
        return person_id
    if isinstance(person_id, str) and person_id.isdigit() and len(person_id) <= 18:
        return int(person_id)
    return None


def check(family, *, members=None, household=None, day=None):
    """(problems, person updates, household updates) of a money record; nothing is written.

    ``members``: {person id: {"monthly_net_income_cents": {source: cents or None} or None, "statuses": {status: bool or
    None}, "school": {"attends_school": bool or None, "level": ...} or None}}; a key left out stays as it is.
    ``household``: {"assets_cents" | "housing_costs_cents" | "fixed_costs_cents" | "debts_cents" |
    "municipal_taxes_cents" | "health_insurance_cents" | "alimony_paid_cents" | "childcare_cents": cents or None,
    "years_at_social_minimum": whole years 0..100 or None, "received_income_supplement_last_12_months": bool or None};
    a key left out stays.
    Problems are keyed ``members[<id>]``, ``members[<id>].<field>.<key>`` and ``<household field>``.
    """
    day = day or today()
    members = members or {}
    household = household or {}
    problems, persons, family_fields = {}, [], {}
    active = {m.person_id: m.person for m in members_on(family, day)} if members else {}
    seen = set()
    for raw_id, facts in members.items():
        person_id = _member_id(raw_id)
        where = f"members[{raw_id}]"
        person = active.get(person_id)
        if person is None:
            problems[where] = _msg("Deze persoon hoort nu niet bij dit gezin.", "This person is not a member of this family now.")
            continue
        if person_id in seen:
            problems[where] = _msg("Deze persoon staat er twee keer in.", "This person is in it twice.")
            continue
        seen.add(person_id)
        if not isinstance(facts, dict):
            problems[where] = _msg("Geef de gegevens van deze persoon.", "Give the facts of this person.")
            continue
        _unknown_keys(where, facts, MEMBER_FIELDS, problems)
        changed = {}
        if "monthly_net_income_cents" in facts:
            changed["monthly_net_income_cents"] = _incomes(f"{where}.monthly_net_income_cents", facts["monthly_net_income_cents"], problems)
        if "statuses" in facts:
            changed["statuses"] = _statuses(f"{where}.statuses", facts["statuses"], problems)
        if "school" in facts:
            changed["school"] = _school(f"{where}.school", facts["school"], problems)
        persons.append((person, changed))
    for key, value in household.items():
        if key not in _HOUSEHOLD_CHECK:
            problems[key] = _msg(f"Onbekend gegeven: {key}.", f"Unknown fact: {key}.")
        elif found := _HOUSEHOLD_CHECK[key](value):
            problems[key] = found
        else:
            family_fields[key] = value
    if not members and not household:
        problems["household"] = _msg("Er is niets ingevuld om op te slaan.", "Nothing was filled in to save.")
    return problems, persons, family_fields


@transaction.atomic
def record(user, family, *, members=None, household=None, day=None):
    """Record the money facts of current members and of the household (see :func:`check`); all or nothing.

    Raises CaseworkError with a message per field. Writes one access-log row (finances) per person and one for the
    household facts. Returns the family with its new household facts.
    """
    problems, persons, family_fields = check(family, members=members, household=household, day=day)
    if problems:
        raise CaseworkError(problems)
    for fields in {tuple(sorted(changed)) for _, changed in persons if changed}:
        batch = []
        for person, changed in persons:
            if tuple(sorted(changed)) == fields:
                for name, value in changed.items():
                    setattr(person, name, value)
                batch.append(person)
        Person.objects.bulk_update(batch, list(fields))
    if family_fields:
        Family.objects.filter(pk=family.pk).update(**family_fields)
        for name, value in family_fields.items():
            setattr(family, name, value)
    for person, changed in persons:
        if changed:
            audit.log(user, family.pk, v.WRITE, v.FINANCES, v.HELP, "inkomen en situatie / income and situation", person_id=person.pk)
    if family_fields:
        parts = [("vermogen en vaste lasten", "assets and fixed costs")] if set(family_fields) & set(HOUSEHOLD_FIELDS) else []
        if set(family_fields) & set(MONEY_LEFT_FIELDS):
            parts.append(("schulden, belastingaanslag en lasten per soort", "debts, tax assessment and costs by kind"))
        if set(family_fields) & set(HOUSEHOLD_FACTS):
            parts.append(("jaren op het sociaal minimum en inkomenstoeslag", "years at the social minimum and income supplement"))
        detail = ", ".join(nl for nl, _ in parts) + " / " + ", ".join(en for _, en in parts)
        audit.log(user, family.pk, v.WRITE, v.FINANCES, v.HELP, detail)
    return family
