"""The rulebook compiled to columnar evaluation (Polars) over a table of households.

Gives the same status and amount per household and scheme as :func:`meedoen.rules.evaluate`,
which the property-based tests in tests/test_bulk_identity.py check. Unknown facts are
nulls, and Polars' boolean operators follow the same three-valued (Kleene) logic as the
one-household evaluator.

Input is two tables (see docs/household-format.md, "Columnar form"):
``households`` (one row per household, column ``hh`` = 0..n-1 in order) and ``members``
(one row per member, ``hh`` pointing at its household). :func:`frames_from_households`
builds them from household JSON objects.
"""

from fractions import Fraction

import polars as pl

from .errors import Problem
from .household import household_problems

INCOME_SOURCES = ("wages", "self_employment", "benefit", "pension", "alimony", "student_finance", "other",
                  "kinderbijslag", "kindgebonden_budget", "zorgtoeslag", "huurtoeslag")
STATUSES = ("receives_social_assistance", "receives_aow", "student_with_studiefinanciering",
            "chronically_ill_or_disabled", "no_prospect_of_work", "registered_premium_arrears")
HOUSEHOLD_SCHEMA = {
    "hh": pl.UInt32, "household_id": pl.String, "municipality": pl.String, "district": pl.String,
    "assets_cents": pl.Int64, "fixed_costs_cents": pl.Int64,
    "years_at_social_minimum": pl.Int64, "received_income_supplement_last_12_months": pl.Boolean,
}
MEMBER_SCHEMA = {
    "hh": pl.UInt32, "role": pl.String, "birth_date": pl.Date, "income_known": pl.Boolean,
    **{f"income_{s}": pl.Int64 for s in INCOME_SOURCES},
    **{f"status_{s}": pl.Boolean for s in STATUSES},
    "attends_school": pl.Boolean,
}
CLAIMANT = pl.col("role").is_in(["applicant", "partner"])
ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED = "eligible", "not_eligible", "undetermined"


# -- building the tables ------------------------------------------------------------------

def frames_from_households(households, on=None):
    """(households, members, problems) from household dicts; invalid households are left out and reported."""
    hrows = {k: [] for k in HOUSEHOLD_SCHEMA}
    mrows = {k: [] for k in MEMBER_SCHEMA}
    problems = []
    for position, data in enumerate(households):
        label = str(data.get("id", f"#{position + 1}")) if isinstance(data, dict) else f"#{position + 1}"
        found = household_problems(data, on)
        if found:
            problems.extend(Problem(f"household {label}: {p.where}", p.what) for p in found)
            continue
        hh = len(hrows["hh"])
        facts = data.get("facts") or {}
        for key, value in (("hh", hh), ("household_id", label), ("municipality", data["municipality"]),
                           ("district", data.get("district")), ("assets_cents", data.get("assets_cents")),
                           ("fixed_costs_cents", data.get("fixed_costs_cents")),
                           ("years_at_social_minimum", facts.get("years_at_social_minimum")),
                           ("received_income_supplement_last_12_months", facts.get("received_income_supplement_last_12_months"))):
            hrows[key].append(value)
        for m in data["members"]:
            incomes = m.get("monthly_net_income_cents")
            statuses = m.get("statuses") or {}
            mrows["hh"].append(hh)
            mrows["role"].append(m["role"])
            mrows["birth_date"].append(m.get("birth_date"))
            mrows["income_known"].append(incomes is not None)
            for s in INCOME_SOURCES:
                mrows[f"income_{s}"].append(None if incomes is None else incomes.get(s, 0))
            for s in STATUSES:
                mrows[f"status_{s}"].append(statuses.get(s))
            mrows["attends_school"].append((m.get("school") or {}).get("attends_school"))
    members = pl.DataFrame({k: v for k, v in mrows.items() if k != "birth_date"},
                           schema={k: t for k, t in MEMBER_SCHEMA.items() if k != "birth_date"})
    members = members.with_columns(
        birth_date=pl.Series(mrows["birth_date"], dtype=pl.String).str.to_date("%Y-%m-%d", strict=False)
    ).select(list(MEMBER_SCHEMA))
    return pl.DataFrame(hrows, schema=HOUSEHOLD_SCHEMA), members, problems


# -- helpers --------------------------------------------------------------------------------

def _null_sum(expr):
    """Sum in a group that is null if any value is null (unknown stays unknown)."""
    return pl.when(expr.null_count() > 0).then(None).otherwise(expr.sum())


def _age(day):
    b = pl.col("birth_date")
    later = (b.dt.month() > day.month) | ((b.dt.month() == day.month) & (b.dt.day() > day.day))
    return (pl.lit(day.year, pl.Int32) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)).alias("age")


def _kleene_and(exprs):
    exprs = list(exprs)
    if not exprs:
        return pl.lit(True)
    result = exprs[0]
    for e in exprs[1:]:
        result = result & e
    return result


def _percent_limit(norm, percent, rounding):
    num, den = percent.numerator, percent.denominator
    if rounding == "cent_half_up":
        return (norm * (2 * num) + den * 100) // (2 * den * 100)
    return ((norm * num + den * 10000 - 1) // (den * 10000)) * 100


def _member_match(cond, aow_age):
    """Kleene AND of a member_exists filter, per member row (False for other roles)."""
    p = cond.params
    parts = []
    if "age_min" in p or "age_max" in p or p.get("below_aow_age"):
        age = pl.col("age")
        part = (age >= p.get("age_min", 0)) & (age <= p.get("age_max", 200))
        if p.get("below_aow_age"):
            part = part & (age < aow_age)
        parts.append(part)
    for status, wanted in p.get("statuses", {}).items():
        parts.append(pl.col(f"status_{status}") == wanted)
    if "attends_school" in p:
        parts.append(pl.col("attends_school") == p["attends_school"])
    return pl.when(pl.col("role").is_in(p["roles"])).then(_kleene_and(parts)).otherwise(False)


# -- evaluation ------------------------------------------------------------------------------

def evaluate_frames(rulebook, municipality, households, members, day):
    """Status and amount columns ``<scheme>__status`` / ``<scheme>__amount_cents`` per household.

    Every household is evaluated with ``municipality``'s rulebook (residence is a condition).
    """
    settings = municipality.settings_on(day)
    params = rulebook.parameters_on(day).values
    norms = rulebook.norms_on(day).norms
    if settings is None or rulebook.norms_on(day) is None:
        raise ValueError(f"{day} is outside the rulebook's validity periods")
    aow = int(params["aow_age_years"].value)
    kd_min_age = int(params["kostendeler_min_age_years"].value)
    schemes = municipality.schemes_on(day)
    member_conditions = [(s.id, c) for s, v in schemes for c in v.conditions if c.kind == "member_exists"]

    m = members.lazy().with_columns(_age(day))
    m = m.with_columns(
        counted=pl.when(pl.col("income_known")).then(
            pl.sum_horizontal([pl.col(f"income_{s}") for s in settings.counted_income_sources], ignore_nulls=False)),
        every_income=pl.when(pl.col("income_known")).then(
            pl.sum_horizontal([pl.col(f"income_{s}") for s in INCOME_SOURCES], ignore_nulls=False)),
        **{f"match__{sid}__{c.id}": _member_match(c, aow) for sid, c in member_conditions},
    )
    is_child = pl.col("role") == "child"
    is_other = ~CLAIMANT
    aggs = [
        pl.col("age").filter(pl.col("role") == "applicant").first().alias("applicant_age"),
        pl.col("age").filter(pl.col("role") == "partner").first().alias("partner_age"),
        (pl.col("role") == "partner").any().alias("has_partner"),
        _null_sum(pl.col("counted").filter(CLAIMANT)).alias("income"),
        _null_sum(pl.col("every_income").filter(CLAIMANT)).alias("all_income"),
        CLAIMANT.sum().alias("adults"),
        (is_child & (pl.col("age") < 18)).sum().alias("minors_known"),
        (is_child & pl.col("age").is_null()).sum().alias("children_unknown_age"),
        (is_other & (pl.col("age") >= kd_min_age)).sum().alias("kd_known"),
        (is_other & pl.col("age").is_null()).sum().alias("others_unknown_age"),
    ]
    for sid, c in member_conditions:
        col = pl.col(f"match__{sid}__{c.id}")
        aggs.append(col.any(ignore_nulls=False).alias(f"exists__{sid}__{c.id}"))
        aggs.append(col.fill_null(False).sum().alias(f"count__{sid}__{c.id}"))
    per_household = m.group_by("hh").agg(aggs)
    h = households.lazy().join(per_household, on="hh", how="left")

    minors = pl.when(pl.col("children_unknown_age") == 0).then(pl.col("minors_known"))
    category = (
        pl.when(pl.col("has_partner")).then(pl.lit("couple"))
        .when(minors.is_not_null()).then(pl.when(minors > 0).then(pl.lit("single_parent")).otherwise(pl.lit("single")))
        .when(pl.col("minors_known") > 0).then(pl.lit("single_parent"))
    )
    h = h.with_columns(minors=minors, category=category)
    h = h.with_columns(norm=_norm_expr(settings, norms, params, aow))
    h = h.with_columns(income_limit_base=pl.col("norm"))

    out = [pl.col("hh"), pl.col("household_id")]
    columns = {}
    for scheme, version in schemes:
        values = [_condition_expr(c, scheme.id, municipality, settings) for c in version.conditions]
        if version.individual_assessment is not None:
            status = (pl.when(pl.any_horizontal([~v for v in values]) if values else pl.lit(False))
                      .then(pl.lit(NOT_ELIGIBLE)).otherwise(pl.lit(UNDETERMINED)))
        else:
            both = _kleene_and(values)
            status = (pl.when(both.is_null()).then(pl.lit(UNDETERMINED))
                      .when(both).then(pl.lit(ELIGIBLE)).otherwise(pl.lit(NOT_ELIGIBLE)))
        columns[f"{scheme.id}__status"] = status
        columns[f"{scheme.id}__amount_cents"] = pl.when(status == ELIGIBLE).then(_amount_expr(version, scheme.id))
    h = h.with_columns(**columns)
    return h.select(out + [pl.col(k) for k in columns]).sort("hh").collect()


def _norm_expr(settings, norms, params, aow):
    vt = "incl_vt" if settings.holiday_allowance == "included" else "excl_vt"

    def table(key):
        entry = norms.get(key, {}).get(vt)
        return pl.lit(entry.value if entry else None, pl.Int64)

    a, p = pl.col("applicant_age"), pl.col("partner_age")
    young = lambda x: (x >= 18) & (x <= 20)  # noqa: E731
    young_count = young(a).cast(pl.Int32) + young(p).cast(pl.Int32)
    children = pl.col("minors")
    young_couple = (
        pl.when(children.is_null()).then(None)
        .when(young_count == 2).then(pl.when(children > 0).then(table("couple_18_20_children")).otherwise(table("couple_18_20_no_children")))
        .otherwise(pl.when(children > 0).then(table("couple_18_20_and_21_children")).otherwise(table("couple_18_20_and_21_no_children")))
    )
    key_single = (pl.when(a >= aow).then(pl.lit("single_aow"))
                  .when(a >= 21).then(pl.lit("single_21_aow"))
                  .when(a >= 18).then(pl.lit("single_18_20")))
    key_couple = (pl.when(a.is_null() | p.is_null() | (a < 18) | (p < 18)).then(None)
                  .when((a >= aow) | (p >= aow)).then(pl.when(young(a) | young(p)).then(None).otherwise(pl.lit("couple_aow")))
                  .when(young(a) | young(p)).then(pl.lit("young"))
                  .otherwise(pl.lit("couple_21_aow")))
    key = pl.when(pl.col("has_partner")).then(key_couple).otherwise(key_single)
    plain = (pl.when(key == "young").then(young_couple)
             .when(key == "single_aow").then(table("single_aow"))
             .when(key == "single_21_aow").then(table("single_21_aow"))
             .when(key == "single_18_20").then(table("single_18_20"))
             .when(key == "couple_aow").then(table("couple_aow"))
             .when(key == "couple_21_aow").then(table("couple_21_aow")))
    if settings.kostendelersnorm != "applied":
        return plain
    kd = pl.when(pl.col("others_unknown_age") == 0).then(pl.col("kd_known"))
    base = pl.when(key.is_in(["single_aow", "couple_aow"])).then(table("couple_aow")).otherwise(table("couple_21_aow"))
    claimants = pl.col("has_partner").cast(pl.Int64) + 1
    big_a = claimants + kd
    num = int(params["kostendeler_base_percent"].value) + big_a * int(params["kostendeler_per_person_percent"].value)
    den = 100 * big_a
    per_person = (base * num * 2 + den) // (2 * den)
    applies = key.is_in(["single_21_aow", "couple_21_aow", "single_aow", "couple_aow"])
    return (pl.when(~applies).then(plain)
            .when(kd.is_null()).then(None)
            .when(kd == 0).then(plain)
            .otherwise(per_person * claimants))


def _condition_expr(cond, scheme_id, municipality, settings):
    k, p = cond.kind, cond.params
    if k == "lives_in_municipality":
        names = [municipality.id, municipality.cbs_code.lower()]
        return pl.col("municipality").str.strip_chars().str.to_lowercase().is_in(names)
    if k in ("income_at_most", "income_above"):
        limit = _percent_limit(pl.col("norm"), Fraction(str(p["percent"])), settings.rounding)
        return pl.col("income") > limit if k == "income_above" else pl.col("income") <= limit
    if k == "member_exists":
        value = pl.col(f"exists__{scheme_id}__{cond.id}")
        return ~value if p.get("negate") else value
    if k == "assets_at_most":
        limits = p["limits_cents"]
        limit = pl.lit(None, pl.Int64)
        for cat, cents in limits.items():
            limit = pl.when(pl.col("category") == cat).then(pl.lit(cents, pl.Int64)).otherwise(limit)
        return pl.when(pl.col("category").is_null()).then(None).otherwise(pl.col("assets_cents") <= limit)
    if k == "household_fact_at_least":
        return pl.col(p["fact"]) >= p["value"]
    if k == "household_fact_is":
        return pl.col(p["fact"]) == p["value"]
    if k == "in_district":
        return pl.when(pl.col("district").is_null()).then(None).otherwise(pl.col("district").is_in(p["districts"]))
    if k == "spending_money_below":
        limit = pl.lit(None, pl.Int64)
        for item in p["limits"]:
            hit = (pl.col("adults") == item["adults"]) & (pl.col("minors") == item["children"])
            limit = pl.when(hit).then(pl.lit(item["cents"], pl.Int64)).otherwise(limit)
        spending = pl.col("all_income") - pl.col("fixed_costs_cents")
        return pl.when(pl.col("minors").is_null()).then(None).otherwise(spending < limit)
    raise ValueError(f"condition kind {k!r} has no columnar form")


def _amount_expr(version, scheme_id):
    b = version.benefit
    if b.amount_cents is not None:
        amount = pl.lit(b.amount_cents, pl.Int64)
    elif b.amount_cents_by_household is not None:
        amount = pl.lit(None, pl.Int64)
        for cat, cents in b.amount_cents_by_household.items():
            amount = pl.when(pl.col("category") == cat).then(pl.lit(cents, pl.Int64)).otherwise(amount)
    else:
        return pl.lit(None, pl.Int64)
    if b.per_child:
        child_cond = next((c for c in version.conditions if c.kind == "member_exists"
                           and c.params["roles"] == ["child"] and not c.params.get("negate")), None)
        count = pl.col(f"count__{scheme_id}__{child_cond.id}") if child_cond else pl.col("minors").fill_null(0)
        amount = amount * count
    return amount
