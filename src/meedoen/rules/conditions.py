"""The condition kinds a rulebook may use, evaluated for one household with three-valued logic.

True, False or None (unknown). An unknown result names the facts still needed; a rule gap
(a limit the sources do not give) is reported as ``gap``. The bulk evaluator in
:mod:`meedoen.rules.bulk` compiles the same kinds to columnar expressions.
"""

from .context import Derived, both, member_path


def kleene_and(values):
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def lives_in_municipality(cond, ctx):
    given = ctx.household.municipality.strip().lower()
    here = ctx.municipality
    return Derived(given in (here.id, here.cbs_code.lower()) and given != "", detail={"given": ctx.household.municipality})


def _income_outcome(ctx, percent, above):
    if not ctx.norm.known:
        return Derived(None, ctx.norm.needs, ctx.norm.gap)
    limit = ctx.limit(percent)
    detail = {"percent": percent, "limit": limit}
    if not ctx.income.known:
        return Derived(None, ctx.income.needs, detail=detail)
    income = ctx.income.value
    detail.update(income=income, distance=income - limit)
    return Derived(income > limit if above else income <= limit, detail=detail)


def income_at_most(cond, ctx):
    return _income_outcome(ctx, cond.percent, above=False)


def income_above(cond, ctx):
    return _income_outcome(ctx, cond.percent, above=True)


def member_matches(cond, ctx, member):
    """Does one member match the member filter? (value, needs)"""
    p = cond.params
    parts, needs = [], []
    if "age_min" in p or "age_max" in p or p.get("below_aow_age"):
        age = ctx.ages[member.index]
        if age is None:
            parts.append(None)
            needs.append(member_path(member, "birth_date"))
        else:
            parts.append(
                age >= p.get("age_min", 0)
                and age <= p.get("age_max", 200)
                and (not p.get("below_aow_age") or age < ctx.aow_age)
            )
    for status, wanted in p.get("statuses", {}).items():
        have = member.statuses.get(status)
        if have is None:
            parts.append(None)
            needs.append(member_path(member, "statuses", status))
        else:
            parts.append(have == wanted)
    if "attends_school" in p:
        have = member.attends_school
        if have is None:
            parts.append(None)
            needs.append(member_path(member, "school", "attends_school"))
        else:
            parts.append(have == p["attends_school"])
    value = kleene_and(parts)
    return value, (tuple(needs) if value is None else ())


def member_exists(cond, ctx):
    roles = cond.params["roles"]
    results = [(m, *member_matches(cond, ctx, m)) for m in ctx.household.members if m.role in roles]
    values = [v for _, v, _ in results]
    if any(v is True for v in values):
        value = True
    elif any(v is None for v in values):
        value = None
    else:
        value = False
    matching = [m for m, v, _ in results if v is True]
    needs = tuple(n for _, v, ns in results if v is None for n in ns) if value is None else ()
    if cond.params.get("negate") and value is not None:
        value = not value
    return Derived(value, needs, detail={"matching": matching, "count": len(matching)})


def assets_at_most(cond, ctx):
    category = ctx.category
    if not category.known:
        return Derived(None, category.needs)
    limit = cond.params["limits_cents"].get(category.value)
    if limit is None:
        from .explain import CATEGORY, _article

        nl, en = CATEGORY.get(category.value, ("huishouden", "household"))
        return Derived(None, gap=both(f"de bronnen geven geen vermogensgrens voor {_article(nl)}",
                                      f"the sources give no asset limit for a {en}"))
    detail = {"limit": limit, "category": category.value}
    assets = ctx.household.assets_cents
    if assets is None:
        return Derived(None, ("assets_cents",), detail=detail)
    detail.update(assets=assets, distance=assets - limit)
    return Derived(assets <= limit, detail=detail)


def household_fact_at_least(cond, ctx):
    fact = cond.params["fact"]
    have = ctx.household.facts.get(fact)
    if have is None:
        return Derived(None, (f"facts.{fact}",))
    return Derived(have >= cond.params["value"], detail={"have": have})


def household_fact_is(cond, ctx):
    fact = cond.params["fact"]
    have = ctx.household.facts.get(fact)
    if have is None:
        return Derived(None, (f"facts.{fact}",))
    return Derived(have == cond.params["value"], detail={"have": have})


def in_district(cond, ctx):
    district = ctx.household.district
    if district is None:
        return Derived(None, ("district",))
    return Derived(district in cond.params["districts"], detail={"have": district})


def spending_money_below(cond, ctx):
    children = ctx.minor_children
    if not children.known:
        return Derived(None, children.needs)
    adults = len(ctx.claimants)
    limit = next((l["cents"] for l in cond.params["limits"]
                  if l["adults"] == adults and l["children"] == children.value), None)
    if limit is None:
        kids = children.value
        kids_nl = "zonder kinderen" if kids == 0 else f"met {kids} {'kind' if kids == 1 else 'kinderen'}"
        kids_en = "without children" if kids == 0 else f"with {kids} {'child' if kids == 1 else 'children'}"
        return Derived(None, gap=both(f"de bronnen geven geen grens voor {adults} {'volwassene' if adults == 1 else 'volwassenen'} {kids_nl}",
                                      f"the sources give no limit for {adults} {'adult' if adults == 1 else 'adults'} {kids_en}"))
    income = ctx.all_income()
    needs = income.needs + (() if ctx.household.fixed_costs_cents is not None else ("fixed_costs_cents",))
    if needs:
        return Derived(None, needs, detail={"limit": limit})
    spending = income.value - ctx.household.fixed_costs_cents
    return Derived(spending < limit, detail={"limit": limit, "spending": spending, "distance": spending - limit})


def debts_above(cond, ctx):
    """The household has debts above ``cents`` (0: any debt at all)."""
    debts = ctx.household.debts_cents
    if debts is None:
        return Derived(None, ("debts_cents",))
    limit = cond.params["cents"]
    return Derived(debts > limit, detail={"debts": debts, "limit": limit})


def payment_capacity_below_tax(cond, ctx):
    """Kwijtschelding: the payment capacity a year is below the municipal tax assessment.

    No capacity at all decides it without the assessment; a capacity between the assessment at the lowest and the
    highest cost-norm percentage is undetermined while the municipality's own percentage is not in the sources.
    """
    cap = ctx.payment_capacity(cond.params)
    tax = ctx.household.municipal_taxes_cents
    if not cap.known:
        at_most = cap.detail.get("at_most")  # the capacity when the unknown costs were nil
        if at_most is not None and (at_most == 0 and tax != 0 or tax is not None and at_most < tax):
            return Derived(True, detail={"at_most": at_most})
        return Derived(None, cap.needs, cap.gap)
    low, high = cap.value
    detail = {**cap.detail, "capacity": cap.value}
    if tax is None:
        if high == 0:
            return Derived(True, detail=detail)
        return Derived(None, ("municipal_taxes_cents",), detail=detail)
    detail["tax"] = tax
    if high < tax:
        return Derived(True, detail=detail)
    if low >= tax:
        return Derived(False, detail=detail)
    return Derived(None, gap=both("het percentage van de bijstandsnorm dat de gemeente voor de kosten van bestaan gebruikt (90 tot 100) staat niet in de bronnen",
                                  "the percentage of the bijstandsnorm the municipality uses for the cost of living (90 to 100) is not in the sources"),
                   detail=detail)


KINDS = {
    "lives_in_municipality": lives_in_municipality,
    "income_at_most": income_at_most,
    "income_above": income_above,
    "member_exists": member_exists,
    "assets_at_most": assets_at_most,
    "household_fact_at_least": household_fact_at_least,
    "household_fact_is": household_fact_is,
    "in_district": in_district,
    "spending_money_below": spending_money_below,
    "debts_above": debts_above,
    "payment_capacity_below_tax": payment_capacity_below_tax,
}


def evaluate_condition(cond, ctx):
    return KINDS[cond.kind](cond, ctx)
