"""The rulebook in casework: the schemes a family is probably entitled to but does not use, from the engine."""

from collections import Counter

from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.errors import InputError
from meedoen.rules.evaluate import evaluate

from django.db import transaction

from .. import audit
from .. import vocabulary as v
from ..errors import problem
from ..models import SchemeUse
from .families import members_on
from .money import DEBT_FIELDS, HOUSEHOLD_FACTS, HOUSEHOLD_FIELDS, MONTHLY_COSTS


def member_ids(people):
    """A readable engine id per person, in order, unique in the household: the first name; the full name when two
    members share the first name; and 'Sanne Bakker 1', 'Sanne Bakker 2' when they share that too. The engine names
    members by it in the facts still needed ("van de aanvrager (Sanne)")."""
    firsts = [p.first_name.strip() or p.full_name.strip() or "?" for p in people]
    first_count = Counter(firsts)
    names = [p.full_name.strip() if first_count[first] > 1 else first for p, first in zip(people, firsts)]
    name_count = Counter(names)
    ids = []
    for name in names:
        candidate = name
        if name_count[name] > 1 or candidate in ids:  # numbered, never clashing with an id given or a name to come
            number = 1
            while (candidate := f"{name} {number}") in ids or candidate in name_count:
                number += 1
        ids.append(candidate)
    return ids


def engine_household(family, day):
    """The family on ``day`` in the engine's household format (docs/household-format.md). Unknown stays missing."""
    members = []
    parents = 0
    active = members_on(family, day)
    for m, member_id in zip(active, member_ids([m.person for m in active])):
        p = m.person
        if m.role == v.PARENT:
            role = "applicant" if parents == 0 else "partner" if parents == 1 else "other"
            parents += 1
        else:
            role = "child" if m.role == v.CHILD else "other"
        member = {"id": member_id, "role": role}
        if p.birth_date:
            member["birth_date"] = p.birth_date.isoformat()
        if p.monthly_net_income_cents is not None:
            member["monthly_net_income_cents"] = p.monthly_net_income_cents
        if p.statuses:
            member["statuses"] = p.statuses
        if p.school:
            member["school"] = p.school
        members.append(member)
    household = {"id": family.reference, "municipality": family.municipality.slug, "members": members}
    if family.district:
        household["district"] = family.district
    for field in HOUSEHOLD_FIELDS:
        if getattr(family, field) is not None:
            household[field] = getattr(family, field)
    for field in DEBT_FIELDS:
        if getattr(family, field) is not None:
            household[field] = getattr(family, field)
    costs = {kind: getattr(family, field) for field, kind in MONTHLY_COSTS.items()}
    if any(cents is not None for cents in costs.values()):  # a kind left unknown stays null, not zero
        household["monthly_costs_cents"] = costs
    facts = {fact: getattr(family, fact) for fact in HOUSEHOLD_FACTS if getattr(family, fact) is not None}
    if facts:
        household["facts"] = facts
    return household


def unused_schemes(family, day):
    """(eligible-but-unused schemes, undetermined schemes, problems) from the engine, with their explanations."""
    household = engine_household(family, day)
    if not any(m["role"] == "applicant" for m in household["members"]):
        return {"unused": [], "undetermined": [], "problems": [{"nl": "Het gezin heeft geen ouder of verzorger op deze datum.",
                                                                 "en": "The family has no parent or carer on this date."}], "result": None}
    try:
        result = evaluate(current_rulebook(), household, day, municipality=family.municipality.slug, money=True)
    except InputError as exc:
        return {"unused": [], "undetermined": [], "problems": [{"nl": str(p), "en": str(p)} for p in exc.problems], "result": None}
    used = set(family.scheme_uses.values_list("scheme_id", flat=True))
    unused = [s for s in result["schemes"] if s["status"] == "eligible" and s["id"] not in used]
    undetermined = [s for s in result["schemes"] if s["status"] == "undetermined" and s["id"] not in used]
    return {"unused": unused, "undetermined": undetermined, "problems": [], "result": result}


@transaction.atomic
def mark_scheme_used(user, family, scheme_id, since, name):
    """The family uses ``scheme_id`` since ``since``: it is no longer listed as unused."""
    if SchemeUse.objects.filter(family_id=family.pk, scheme_id=scheme_id).exists():
        raise problem("scheme", f"Het gezin gebruikt {name} al.", f"The family already uses {name}.")
    SchemeUse.objects.create(family=family, scheme_id=scheme_id, since=since)
    audit.log(user, family.pk, v.WRITE, "schemes", v.HELP, f"regeling in gebruik / scheme used: {scheme_id}")
