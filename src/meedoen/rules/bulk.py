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
ROLES = ("applicant", "partner", "child", "other")
ROLE = pl.Enum(ROLES)
STATUS = pl.Enum(["eligible", "not_eligible", "undetermined"])
CATEGORY = pl.Enum(["single", "single_parent", "couple"])
MEMBER_SCHEMA = {
    "hh": pl.UInt32, "role": ROLE, "birth_date": pl.Date, "income_known": pl.Boolean,
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
                           schema={k: (pl.String if k == "role" else t) for k, t in MEMBER_SCHEMA.items() if k != "birth_date"})
    members = members.with_columns(pl.col("role").cast(ROLE))
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

    m = members.lazy().with_columns(_age(day), claimant=CLAIMANT)
    m = m.with_columns(
        counted=pl.when(pl.col("income_known")).then(
            pl.sum_horizontal([pl.col(f"income_{s}") for s in settings.counted_income_sources], ignore_nulls=False)),
        every_income=pl.when(pl.col("income_known")).then(
            pl.sum_horizontal([pl.col(f"income_{s}") for s in INCOME_SOURCES], ignore_nulls=False)),
        **{f"match__{sid}__{c.id}": _member_match(c, aow) for sid, c in member_conditions},
    )
    role, age, claimant = pl.col("role"), pl.col("age"), pl.col("claimant")
    is_child, is_other = role == "child", ~claimant
    aggs = [
        pl.when(role == "applicant").then(age).max().alias("applicant_age"),
        pl.when(role == "partner").then(age).max().alias("partner_age"),
        (role == "partner").any().alias("has_partner"),
        (claimant & pl.col("counted").is_null()).any().alias("income_unknown"),
        pl.when(claimant).then(pl.col("counted")).sum().alias("income_sum"),
        (claimant & pl.col("every_income").is_null()).any().alias("all_income_unknown"),
        pl.when(claimant).then(pl.col("every_income")).sum().alias("all_income_sum"),
        claimant.sum().alias("adults"),
        (is_child & (age < 18)).sum().alias("minors_known"),
        (is_child & age.is_null()).sum().alias("children_unknown_age"),
        (is_other & (age >= kd_min_age)).sum().alias("kd_known"),
        (is_other & age.is_null()).sum().alias("others_unknown_age"),
    ]
    for sid, c in member_conditions:
        col = pl.col(f"match__{sid}__{c.id}")
        aggs.append(col.any(ignore_nulls=False).alias(f"exists__{sid}__{c.id}"))
        aggs.append(col.fill_null(False).sum().alias(f"count__{sid}__{c.id}"))
    per_household = m.group_by("hh").agg(aggs).with_columns(
        income=pl.when(pl.col("income_unknown")).then(None).otherwise(pl.col("income_sum")),
        all_income=pl.when(pl.col("all_income_unknown")).then(None).otherwise(pl.col("all_income_sum")),
    )
    h = households.lazy().join(per_household, on="hh", how="left")

    minors = pl.when(pl.col("children_unknown_age") == 0).then(pl.col("minors_known"))
    category = (
        pl.when(pl.col("has_partner")).then(pl.lit("couple", CATEGORY))
        .when(minors.is_not_null()).then(pl.when(minors > 0).then(pl.lit("single_parent", CATEGORY)).otherwise(pl.lit("single", CATEGORY)))
        .when(pl.col("minors_known") > 0).then(pl.lit("single_parent", CATEGORY))
    )
    h = h.with_columns(minors=minors, category=category)
    h = h.with_columns(norm=_norm_expr(settings, norms, params, aow))
    h = h.with_columns(**_shared_columns(schemes, municipality, settings))

    # Each condition once, as its own column; then one conjunction per scheme.
    condition_columns, scheme_columns = {}, {}
    for scheme, version in schemes:
        names = []
        for c in version.conditions:
            name = f"cond__{scheme.id}__{c.id}"
            condition_columns[name] = _condition_expr(c, scheme.id)
            names.append(name)
        values = [pl.col(n) for n in names]
        if version.individual_assessment is not None:
            failed = pl.any_horizontal([~v for v in values]) if values else pl.lit(False)
            status = pl.when(failed).then(pl.lit(NOT_ELIGIBLE, STATUS)).otherwise(pl.lit(UNDETERMINED, STATUS))
        else:
            both = _kleene_and(values)
            status = (pl.when(both.is_null()).then(pl.lit(UNDETERMINED, STATUS))
                      .when(both).then(pl.lit(ELIGIBLE, STATUS)).otherwise(pl.lit(NOT_ELIGIBLE, STATUS)))
        scheme_columns[scheme.id] = (status, _amount_expr(version, scheme.id))
    h = h.with_columns(**condition_columns)
    h = h.with_columns(**{f"{sid}__status": status for sid, (status, _) in scheme_columns.items()})
    h = h.with_columns(**{f"{sid}__amount_cents": pl.when(pl.col(f"{sid}__status") == ELIGIBLE).then(amount)
                          for sid, (_, amount) in scheme_columns.items()})
    keep = [pl.col("hh"), pl.col("household_id")]
    keep += [pl.col(f"{sid}__{part}") for sid in scheme_columns for part in ("status", "amount_cents")]
    return h.select(keep).sort("hh").collect()


def _norm_expr(settings, norms, params, aow):
    """The social minimum per household, in cents (null when unknown or not in the sources)."""
    vt = "incl_vt" if settings.holiday_allowance == "included" else "excl_vt"

    def table(key):
        entry = norms.get(key, {}).get(vt)
        return pl.lit(entry.value if entry else None, pl.Int64)

    a, p = pl.col("applicant_age"), pl.col("partner_age")
    young = lambda x: (x >= 18) & (x <= 20)  # noqa: E731
    children = pl.col("minors")
    with_children = children > 0
    single = (pl.when(a >= aow).then(table("single_aow"))
              .when(a >= 21).then(table("single_21_aow"))
              .when(a >= 18).then(table("single_18_20")))
    young_pair = young(a) & young(p)
    couple = (
        pl.when(a.is_null() | p.is_null() | (a < 18) | (p < 18)).then(None)
        .when((a >= aow) | (p >= aow)).then(pl.when(young(a) | young(p)).then(None).otherwise(table("couple_aow")))
        .when(~(young(a) | young(p))).then(table("couple_21_aow"))
        .when(children.is_null()).then(None)
        .when(young_pair & with_children).then(table("couple_18_20_children"))
        .when(young_pair).then(table("couple_18_20_no_children"))
        .when(with_children).then(table("couple_18_20_and_21_children"))
        .otherwise(table("couple_18_20_and_21_no_children"))
    )
    plain = pl.when(pl.col("has_partner")).then(couple).otherwise(single)
    if settings.kostendelersnorm != "applied":
        return plain
    # art. 22a applies from 21: ((base% + A x per-person%) / A) x the couple norm, per claimant.
    at_aow = pl.col("has_partner").not_() & (a >= aow) | pl.col("has_partner") & ((a >= aow) | (p >= aow))
    applies = pl.when(pl.col("has_partner")).then((a >= 21) & (p >= 21)).otherwise(a >= 21)
    kd = pl.when(pl.col("others_unknown_age") == 0).then(pl.col("kd_known"))
    base = pl.when(at_aow).then(table("couple_aow")).otherwise(table("couple_21_aow"))
    claimants = pl.col("has_partner").cast(pl.Int64) + 1
    big_a = claimants + kd
    num = int(params["kostendeler_base_percent"].value) + big_a * int(params["kostendeler_per_person_percent"].value)
    den = 100 * big_a
    per_person = (base * num * 2 + den) // (2 * den)
    return (pl.when(plain.is_null() | ~applies).then(plain)
            .when(kd.is_null()).then(None)
            .when(kd == 0).then(plain)
            .otherwise(per_person * claimants))


def _limit_column(percent):
    return f"limit__{Fraction(str(percent))}".replace("/", "_")


def _shared_columns(schemes, municipality, settings):
    """Columns several conditions use, computed once: residence and each income limit."""
    names = [municipality.id, municipality.cbs_code.lower()]
    shared = {"resident": pl.col("municipality").str.strip_chars().str.to_lowercase().is_in(names)}
    for _, version in schemes:
        for c in version.conditions:
            if c.kind in ("income_at_most", "income_above"):
                shared[_limit_column(c.params["percent"])] = _percent_limit(
                    pl.col("norm"), Fraction(str(c.params["percent"])), settings.rounding)
    return shared


def _condition_expr(cond, scheme_id):
    k, p = cond.kind, cond.params
    if k == "lives_in_municipality":
        return pl.col("resident")
    if k in ("income_at_most", "income_above"):
        limit = pl.col(_limit_column(p["percent"]))
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
        child_cond = version.per_child_condition
        count = pl.col(f"count__{scheme_id}__{child_cond.id}") if child_cond else pl.col("minors").fill_null(0)
        amount = amount * count
    return amount
