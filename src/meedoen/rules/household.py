"""The household input: validation against the published JSON Schema, then impossible values."""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import jsonschema

from .errors import HouseholdError, Problem
from .loader import path_text, schema


@dataclass(frozen=True)
class PathProblem(Problem):
    """A problem in a household, with the JSON path as a list (for line lookup)."""

    path: tuple = field(default=(), compare=False)


@dataclass(frozen=True)
class Member:
    index: int
    id: str
    role: str
    birth_date: date | None
    incomes: dict | None  # source -> cents or None (unknown); None as a whole = unknown
    statuses: dict
    attends_school: bool | None

    def age_on(self, day):
        """Whole years on ``day``, or None if the birth date is unknown."""
        b = self.birth_date
        if b is None:
            return None
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass(frozen=True)
class Household:
    municipality: str
    district: str | None
    members: tuple
    assets_cents: int | None
    housing_costs_cents: int | None
    fixed_costs_cents: int | None
    facts: dict
    monthly_costs: dict | None = None  # kind -> cents or None (unknown); None as a whole = unknown
    debts_cents: int | None = None
    municipal_taxes_cents: int | None = None


def _problem(path, what):
    return PathProblem(path_text(list(path)), what, tuple(path))


@lru_cache(maxsize=1)
def _validator():
    return jsonschema.Draft202012Validator(schema("household"))


def _floats(node, path):
    """Every float in the household: the format has no fractional numbers (JSON Schema lets 5.0 pass)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _floats(value, path + [key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _floats(value, path + [index])
    elif isinstance(node, float):
        yield path, node


# An input bound, not a rule (the household schema's maxItems): no household the schemes are meant for has more
# people; a longer list is refused at once, before anything is checked member by member (every check below is
# linear in the number of members).
MAX_MEMBERS = schema("household")["properties"]["members"]["maxItems"]


def household_problems(data, on=None):
    """Every problem in ``data`` (a decoded JSON object); empty if it is a valid household.

    With ``on`` (the evaluation date) ages are checked too: nobody may be born after it.
    """
    members = data.get("members") if isinstance(data, dict) else None
    if isinstance(members, list) and len(members) > MAX_MEMBERS:
        return [_problem(["members"], f"has {len(members)} members; at most {MAX_MEMBERS} are accepted")]
    problems = [_problem(e.path, e.message) for e in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))]
    problems += [_problem(path, f"{value!r} is not a whole number: use integers (cents, years)")
                 for path, value in _floats(data, [])]
    if problems or not isinstance(data, dict):
        return problems
    members = data["members"]
    roles = [m["role"] for m in members]
    if roles.count("applicant") != 1:
        problems.append(_problem(["members"], f"needs exactly one member with role 'applicant', found {roles.count('applicant')}"))
    if roles.count("partner") > 1:
        problems.append(_problem(["members"], f"at most one partner, found {roles.count('partner')}"))
    ids = Counter(m.get("id") for m in members if m.get("id") is not None)
    for i, m in enumerate(members):
        if m.get("id") is not None and ids[m["id"]] > 1:
            problems.append(_problem(["members", i, "id"], f"id {m['id']!r} is used by more than one member"))
    births = {}
    for i, m in enumerate(members):
        text = m.get("birth_date")
        if text is None:
            continue
        try:
            births[i] = date.fromisoformat(text)
        except ValueError:
            problems.append(_problem(["members", i, "birth_date"], f"{text!r} is not a real date"))
            continue
        if births[i].year < 1890:
            problems.append(_problem(["members", i, "birth_date"], f"{text} is impossibly long ago"))
        if on is not None and births[i] > on:
            problems.append(_problem(["members", i, "birth_date"],
                                     f"born {text}, after the evaluation date {on}: the age would be negative"))
    parents = [i for i, m in enumerate(members) if m["role"] in ("applicant", "partner") and i in births]
    for i, m in enumerate(members):
        if m["role"] == "child" and i in births:
            for p in parents:
                if births[i] <= births[p]:
                    problems.append(_problem(["members", i, "birth_date"],
                                             f"child born {births[i]} is not younger than the {members[p]['role']} (born {births[p]})"))
    return problems


def parse_household(data, on=None):
    """Check and convert a household (a dict, or JSON text); raises HouseholdError with every problem."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise HouseholdError([Problem(f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}")])
    problems = household_problems(data, on)
    if problems:
        raise HouseholdError(problems)
    return build_household(data)


def build_household(data):
    """A Household from data that :func:`household_problems` found valid (not checked again)."""
    members = []
    for i, m in enumerate(data["members"]):
        incomes = m.get("monthly_net_income_cents")
        school = m.get("school") or {}
        members.append(Member(
            index=i,
            id=m.get("id") or f"members[{i}]",
            role=m["role"],
            birth_date=date.fromisoformat(m["birth_date"]) if m.get("birth_date") else None,
            incomes=None if incomes is None else dict(incomes),
            statuses=dict(m.get("statuses") or {}),
            attends_school=school.get("attends_school"),
        ))
    return Household(
        municipality=data["municipality"],
        district=data.get("district"),
        members=tuple(members),
        assets_cents=data.get("assets_cents"),
        housing_costs_cents=data.get("housing_costs_cents"),
        fixed_costs_cents=data.get("fixed_costs_cents"),
        facts=dict(data.get("facts") or {}),
        monthly_costs=None if data.get("monthly_costs_cents") is None else dict(data["monthly_costs_cents"]),
        debts_cents=data.get("debts_cents"),
        municipal_taxes_cents=data.get("municipal_taxes_cents"),
    )
