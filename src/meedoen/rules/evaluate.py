"""Evaluate one household against a municipality's rulebook on one date, with explanations."""

import time
from collections import Counter
from datetime import date

from .. import __version__
from .conditions import evaluate_condition
from .context import Context
from .errors import BudgetExceeded, HouseholdError, Problem
from .expiry import provisional_notice
from .explain import (
    both,
    capacity_steps,
    change_text,
    condition_text,
    distance_text,
    fact_label,
    income_steps,
    norm_steps,
)
from .household import parse_household
from .model import CARRY_FORWARD_DAYS, Municipality
from .money import format_eur, format_percent, round_half_up

ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED = "eligible", "not_eligible", "undetermined"
UNIT = {
    "per_year": ("per jaar", "a year"),
    "per_month": ("per maand", "a month"),
    "once": ("eenmalig", "once"),
    "in_kind": ("", ""),
}


def resolve_municipality(rulebook, household, municipality=None):
    if isinstance(municipality, Municipality):  # e.g. rulebook.national_only(...)
        return municipality
    key = municipality or household.municipality
    found = rulebook.municipality(key)
    if found is None:
        known = ", ".join(f"{m.id} ({m.cbs_code})" for m in rulebook.municipalities.values())
        raise HouseholdError([Problem("municipality", f"unknown municipality {key!r}; known: {known}")])
    return found


def check_date(rulebook, municipality, day):
    """A date before the rulebook's first period is an error. Past the last period of the national norms or
    parameters the last known values are carried forward for up to CARRY_FORWARD_DAYS (the result is ``provisional``, rules.expiry); past the
    municipality's last settings its own rules have ended (national schemes only, ``ended_schemes`` says so)."""
    first, last = rulebook.covered
    problems = []
    if rulebook.norms_for(day) is None or rulebook.parameters_for(day) is None:
        problems.append(Problem("date", f"{day} is outside every validity period of the national norms ({first} to {last})"
                                + ("" if day < first else f"; they are carried forward for at most {CARRY_FORWARD_DAYS} days")))
    elif (municipality.settings and municipality.settings_on(day) is None
          and not day > municipality.settings[-1].valid_to):
        problems.append(Problem("date", f"{day} is outside every validity period of {municipality.name}'s settings"))
    if problems:
        raise HouseholdError(problems)


def ended_schemes(municipality, day):
    """Schemes whose last version ended before ``day`` (not carried forward: a scheme ends by its own data)."""
    return [{"id": s.id, "name": s.name, "valid_to": s.versions[-1].valid_to.isoformat()}
            for s in municipality.schemes if s.versions and day > s.versions[-1].valid_to]


def scheme_status(values, individual):
    if any(v is False for v in values):
        return NOT_ELIGIBLE
    if individual or any(v is None for v in values):
        return UNDETERMINED
    return ELIGIBLE


def benefit_amount(version, status, ctx, outcomes):
    """The benefit in cents where the rulebook sets it; None where it does not (or not eligible)."""
    b = version.benefit
    if status != ELIGIBLE:
        return None
    if b.amount_cents is not None:
        amount = b.amount_cents
    elif b.amount_cents_by_household is not None:
        amount = b.amount_cents_by_household.get(ctx.category.value)
        if amount is None:
            return None
    else:
        return None
    if b.per_child:
        amount *= per_child_count(version, ctx, outcomes)
    return amount


def per_child_count(version, ctx, outcomes):
    """Children the benefit is per: those matching the scheme's child condition, else all minors."""
    cond = version.per_child_condition
    return outcomes[cond.id].detail["count"] if cond else ctx.minor_children.value or 0


def amount_text(version, amount, status):
    b = version.benefit
    unit_nl, unit_en = UNIT[b.unit]
    if amount is not None:
        return both(f"{format_eur(amount, 'nl')} {unit_nl}".strip(), f"{format_eur(amount, 'en')} {unit_en}".strip())
    if b.amount_cents is None and b.amount_cents_by_household is None:
        note = b.amount_note or both("Het bedrag staat niet in de bronnen.", "The amount is not set in the sources.")
        return both(f"{b.description['nl']} {note['nl']}", f"{b.description['en']} {note['en']}")
    return both(b.description["nl"], b.description["en"])


def evaluate(rulebook, household, day=None, municipality=None, *, money=False, deadline=None):
    """Evaluate ``household`` (a dict or a parsed Household) on ``day`` (default today), with the rules of
    ``municipality`` (an id or CBS code, a Municipality such as ``rulebook.national_only(...)``, or by default the
    household's own).

    Returns a JSON-ready dict: per scheme the status, amount, explanation, distance to
    income limits and what would change it; the facts still needed; and a receipt. With
    ``money`` also ``money_left`` and ``payment_capacity`` (what the family has left, with the steps).
    ``deadline``: a ``time.monotonic()`` value; past it, before the next scheme, :class:`BudgetExceeded` is raised.
    """
    day = day or date.today()
    if isinstance(household, dict):
        household = parse_household(household, on=day)
    else:
        _check_ages(household, day)
    muni = resolve_municipality(rulebook, household, municipality)
    check_date(rulebook, muni, day)
    ctx = Context(rulebook, muni, household, day)

    results = []
    need_count = Counter()
    unverified_all = {}
    for scheme, version in muni.schemes_on(day):
        if deadline is not None and time.monotonic() > deadline:
            raise BudgetExceeded(f"the check ran past its time budget before scheme {scheme.id}")
        outcomes = {c.id: evaluate_condition(c, ctx) for c in version.conditions}
        values = [o.value for o in outcomes.values()]
        status = scheme_status(values, version.individual_assessment is not None)
        needs, gaps = [], []
        if status == UNDETERMINED:
            for o in outcomes.values():
                if o.value is None:
                    needs.extend(n for n in o.needs if n not in needs)
                    if o.gap and o.gap not in gaps:
                        gaps.append(o.gap)
            need_count.update(needs)
        unverified = _unverified(version, ctx)
        for item in unverified:
            unverified_all[item["name"]] = item
        amount = benefit_amount(version, status, ctx, outcomes)
        results.append({
            "scheme": scheme,
            "version": version,
            "outcomes": outcomes,
            "status": status,
            "amount_cents": amount,
            "needs": needs,
            "gaps": gaps,
            "unverified": unverified,
        })

    provisional = provisional_notice(rulebook, day)
    order = {fact: i for i, fact in enumerate(need_count)}
    rank = lambda fact: (-need_count[fact], order[fact])  # noqa: E731 - most decisive first
    facts_needed = sorted(need_count, key=rank)
    result = {
        "municipality": {"id": muni.id, "name": muni.name, "cbs_code": muni.cbs_code},
        "date": day.isoformat(),
        "household_category": ctx.category.value,
        "social_minimum": _social_minimum(ctx),
        "income": _income(ctx),
        "schemes": [_scheme_result(r, ctx, rank) for r in results],
        "facts_needed": [
            {"fact": f, "label": fact_label(f, household),
             "schemes": [r["scheme"].id for r in results if f in r["needs"]]}
            for f in facts_needed
        ],
        "receipt": {
            "rulebook_version": rulebook.version,
            "rulebook_hash": rulebook.hash,
            "engine_version": __version__,
            "evaluated_on": day.isoformat(),
            "unverified_parameters": list(unverified_all.values()),
            "provisional": provisional is not None,
            "carried_forward": provisional["carried_forward"] if provisional else [],
        },
        "provisional": provisional,
        "ended_schemes": ended_schemes(muni, day),
    }
    if money:
        result["money_left"] = _money_left(ctx)
        result["payment_capacity"] = _payment_capacity(ctx, [r["version"] for r in results])
    return result


def _check_ages(household, day):
    problems = [Problem(f"members[{m.index}].birth_date", f"born {m.birth_date}, after the evaluation date {day}")
                for m in household.members if m.birth_date and m.birth_date > day]
    if problems:
        raise HouseholdError(problems)


def _unverified(version, ctx):
    """Every value tagged U (unverified) that this scheme's outcome rests on."""
    items = []
    if version.has_income_test and ctx.norm.known:
        items += [(s.name, s.source, s.note) for s in ctx.norm.used if s.unverified]
        if ctx.income.known:
            items += [(s.name, s.source, s.note) for s in ctx.income.used if s.unverified]
    items += [(c.id, c.source, c.note) for c in version.conditions if c.reliability == "U"]
    for c in version.conditions:
        if c.kind == "payment_capacity_below_tax":
            items += [(s.name, s.source, s.note) for s in ctx.payment_capacity(c.params).used if s.unverified]
    if version.benefit.reliability == "U":
        items.append(("benefit amount", version.benefit.source, ""))
    return [{"name": name, "source": source, "note": note} for name, source, note in items]


def _social_minimum(ctx):
    n = ctx.norm
    return {
        "cents": n.value,
        "norm": n.detail.get("key"),
        "holiday_allowance": ctx.settings.holiday_allowance if ctx.settings else None,
        "kostendelersnorm": ctx.settings.kostendelersnorm if ctx.settings else None,
        "kostendelers": n.detail.get("kostendelers") if n.known else None,
        "needs": list(n.needs),
        "gap": n.gap,
        "steps": norm_steps(ctx),
        "percentage_base_source": ctx.settings.base.source if ctx.settings else None,
    }


def _money_left(ctx):
    """All income minus all fixed costs, a month and a week (the money left to live on)."""
    left = ctx.money_left()
    return {
        "cents_a_month": left.value,
        "cents_a_week": None if left.value is None else round_half_up(left.value * 12, 52) if left.value >= 0
        else -round_half_up(-left.value * 12, 52),
        "needs": list(left.needs),
        "steps": [] if not left.known else [both(
            f"Al het inkomen {format_eur(left.detail['income'], 'nl')} min de vaste lasten {format_eur(left.detail['fixed_costs'], 'nl')} = "
            f"{format_eur(left.value, 'nl')} per maand om van te leven.",
            f"All income {format_eur(left.detail['income'], 'en')} minus fixed costs {format_eur(left.detail['fixed_costs'], 'en')} = "
            f"{format_eur(left.value, 'en')} a month to live on.")],
    }


def _payment_capacity(ctx, versions):
    """The payment capacity for kwijtschelding of the first scheme that tests it (None when none does)."""
    cond = next((c for v in versions for c in v.conditions if c.kind == "payment_capacity_below_tax"), None)
    if cond is None:
        return None
    cap = ctx.payment_capacity(cond.params)
    low, high = cap.value if cap.known else (None, None)
    return {"cents_a_year_low": low, "cents_a_year_high": high, "needs": list(cap.needs), "gap": cap.gap,
            "steps": capacity_steps(cap), "sources": [s.source for s in cap.used]}


def _income(ctx):
    inc = ctx.income
    return {
        "cents": inc.value,
        "parts": inc.detail.get("parts", {}),
        "counted_sources": list(ctx.settings.counted_income_sources) if ctx.settings else [],
        "needs": list(inc.needs),
        "percent_of_social_minimum": (
            format_percent(ctx.ratio, "en").rstrip("%") if ctx.ratio is not None else None
        ),
        "steps": income_steps(ctx),
    }


def _scheme_result(r, ctx, rank):
    scheme, version, outcomes = r["scheme"], r["version"], r["outcomes"]
    conditions, changes, limits = [], [], []
    for c in version.conditions:
        o = outcomes[c.id]
        conditions.append({
            "id": c.id, "kind": c.kind, "result": o.value,
            "text": condition_text(c, o, ctx), "source": c.source,
            "needs": list(o.needs), "gap": o.gap,
        })
        change = change_text(c, o, ctx)
        if change:
            changes.append(change)
        if c.kind in ("income_at_most", "income_above") and "limit" in o.detail:
            d = o.detail
            limits.append({
                "condition": c.id, "percent": str(d["percent"]), "limit_cents": d["limit"],
                "distance_cents": d.get("distance"),
                "text": distance_text(d["percent"], d["distance"]) if "distance" in d else None,
            })
    status = r["status"]
    reason = None
    if status == UNDETERMINED:
        if version.individual_assessment and not r["needs"]:
            reason = version.individual_assessment
        elif r["gaps"]:
            reason = both("De bronnen geven niet alles wat nodig is om dit te bepalen: " + "; ".join(g["nl"] for g in r["gaps"]) + ".",
                          "The sources do not give everything needed to decide this: " + "; ".join(g["en"] for g in r["gaps"]) + ".")
        else:
            reason = both("We hebben nog gegevens nodig om dit te bepalen.", "We need more facts to decide this.")
            if version.individual_assessment:
                reason = both(reason["nl"] + " " + version.individual_assessment["nl"],
                              reason["en"] + " " + version.individual_assessment["en"])
    b = version.benefit
    return {
        "id": scheme.id,
        "name": scheme.name,
        "summary": scheme.summary,
        "provider": scheme.provider,
        "status": status,
        "reason": reason,
        "amount_cents": r["amount_cents"],
        "amount_unit": b.unit,
        "amount_known": b.amount_cents is not None or b.amount_cents_by_household is not None,
        "amount_text": amount_text(version, r["amount_cents"], status),
        "needs": sorted(r["needs"], key=rank),
        "conditions": conditions,
        "income_limits": limits,
        "what_would_change": changes,
        "how_to_apply": scheme.how_to_apply,
        "helpers": [
            {"id": h, "name": ctx.municipality.organisations[h].name, "helps_with": ctx.municipality.organisations[h].helps_with}
            for h in scheme.helpers
        ],
        "note": version.note,
        "sources": list(version.sources),
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat(),
        "unverified": r["unverified"],
    }
