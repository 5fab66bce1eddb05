"""The rulebook compiled to columnar evaluation (Polars) over a table of households.

Gives the same status and amount per household and scheme as :func:`meedoen.rules.evaluate`,
which the property-based tests in tests/test_bulk_identity.py check. Unknown facts are
nulls, and Polars' boolean operators follow the same three-valued (Kleene) logic as the
one-household evaluator.

Input is two tables (see docs/household-format.md, "Columnar form"):
``households`` (one row per household, column ``hh`` = 0..n-1 in order) and ``members``
(one row per member, ``hh`` pointing at its household). :func:`frames_from_households`
builds them from household JSON objects. Either may be a LazyFrame (``pl.scan_parquet``), of
which only the columns the rules use are read; other ``hh`` numbers and members in any order
work too, at some cost.

How: the members are read once, in the streaming engine, into a few columns per member (birth
date, summed incomes, one boolean per distinct member filter). The applicant's and the partner's
values are then placed on their household's row and the other members counted per household
(NumPy ``bincount``), so there is no group-by and no join. Ages are never computed: ``age >= 18``
compares the birth date with the last birth date that gives 18 on the day (:class:`_Age`).
"""

import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.ma  # noqa: F401 - Polars needs it for Series from NumPy; imported here, not in the first evaluation
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
COST_KINDS = ("health_insurance", "alimony_paid", "childcare")
MONEY_SCHEMA = {  # household money facts added later: a frame without them has them unknown (null)
    "housing_costs_cents": pl.Int64, "debts_cents": pl.Int64, "municipal_taxes_cents": pl.Int64,
    "monthly_costs_known": pl.Boolean, **{f"cost_{k}": pl.Int64 for k in COST_KINDS},
}
EXTRA_STATUSES = ("under_protective_administration",)  # member statuses added later; absent columns are unknown
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
EXTRA_MEMBER_SCHEMA = {f"status_{s}": pl.Boolean for s in EXTRA_STATUSES}
CLAIMANT_ROLES = ("applicant", "partner")
ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED = "eligible", "not_eligible", "undetermined"


# -- building the tables ------------------------------------------------------------------

def frames_from_households(households, on=None):
    """(households, members, problems) from household dicts; invalid households are left out and reported."""
    hrows = {k: [] for k in {**HOUSEHOLD_SCHEMA, **MONEY_SCHEMA}}
    mrows = {k: [] for k in {**MEMBER_SCHEMA, **EXTRA_MEMBER_SCHEMA}}
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
        costs = data.get("monthly_costs_cents")
        for key in ("housing_costs_cents", "debts_cents", "municipal_taxes_cents"):
            hrows[key].append(data.get(key))
        hrows["monthly_costs_known"].append(costs is not None)
        for kind in COST_KINDS:
            hrows[f"cost_{kind}"].append(None if costs is None else costs.get(kind, 0))
        for m in data["members"]:
            incomes = m.get("monthly_net_income_cents")
            statuses = m.get("statuses") or {}
            mrows["hh"].append(hh)
            mrows["role"].append(m["role"])
            mrows["birth_date"].append(m.get("birth_date"))
            mrows["income_known"].append(incomes is not None)
            for s in INCOME_SOURCES:
                mrows[f"income_{s}"].append(None if incomes is None else incomes.get(s, 0))
            for s in STATUSES + EXTRA_STATUSES:
                mrows[f"status_{s}"].append(statuses.get(s))
            mrows["attends_school"].append((m.get("school") or {}).get("attends_school"))
    member_schema = {**MEMBER_SCHEMA, **EXTRA_MEMBER_SCHEMA}
    members = pl.DataFrame({k: v for k, v in mrows.items() if k != "birth_date"},
                           schema={k: (pl.String if k == "role" else t) for k, t in member_schema.items() if k != "birth_date"})
    members = members.with_columns(pl.col("role").cast(ROLE))
    members = members.with_columns(
        birth_date=pl.Series(mrows["birth_date"], dtype=pl.String).str.to_date("%Y-%m-%d", strict=False)
    ).select(list(member_schema))
    return pl.DataFrame(hrows, schema={**HOUSEHOLD_SCHEMA, **MONEY_SCHEMA}), members, problems


def _with_missing(frame, schema):
    """``frame`` with every column of ``schema`` it lacks, as nulls (unknown)."""
    have = set(frame.collect_schema().names())
    missing = [pl.lit(None, t).alias(k) for k, t in schema.items() if k not in have]
    return frame.with_columns(missing) if missing else frame


# -- helpers --------------------------------------------------------------------------------

class _Age:
    """The age on ``day`` of whoever is born on date ``column``, for comparing with whole years
    (``age >= 18``, ``age < 67``): compares birth dates, counting years as :meth:`Member.age_on`
    does, so no age is computed. A null birth date gives null (unknown)."""

    def __init__(self, column, day):
        self.born, self.day = pl.col(column), day

    def _born_by(self, years):
        """The last birth date of someone ``years`` old on the day (28 February for 29 February)."""
        try:
            return self.day.replace(year=self.day.year - years)
        except ValueError:
            return self.day.replace(year=self.day.year - years, day=28)

    def __ge__(self, years):
        return self.born <= self._born_by(years)

    def __lt__(self, years):
        return ~(self >= years)

    def __gt__(self, years):
        return self >= years + 1

    def __le__(self, years):
        return self < years + 1

    def is_null(self):
        return self.born.is_null()


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


def _member_match(params, day, aow_age):
    """Kleene AND of a member_exists filter, per member row (False for other roles)."""
    parts = []
    if "age_min" in params or "age_max" in params or params.get("below_aow_age"):
        age = _Age("birth_date", day)
        part = (age >= params.get("age_min", 0)) & (age <= params.get("age_max", 200))
        if params.get("below_aow_age"):
            part = part & (age < aow_age)
        parts.append(part)
    for status, wanted in params.get("statuses", {}).items():
        parts.append(pl.col(f"status_{status}") == wanted)
    if "attends_school" in params:
        parts.append(pl.col("attends_school") == params["attends_school"])
    return pl.when(pl.col("role").is_in(params["roles"])).then(_kleene_and(parts)).otherwise(False)


def _counts(hh, n):
    """How often each household (``hh`` = row number) occurs in ``hh``, in the smallest unsigned
    integer type that holds the largest count."""
    if hh.is_empty():
        return pl.repeat(0, n, dtype=pl.UInt8, eager=True)
    counts = np.bincount(hh.to_numpy(), minlength=n)
    return pl.Series(counts.astype(np.min_scalar_type(counts.max())))


def _one_each(rows, n, role, required):
    """The columns of ``rows`` (at most one per household) by household: null where a household
    has none; and whether each household has one."""
    hh = rows.get_column("hh")
    if rows.height == n and np.array_equal(hh.to_numpy(), np.arange(n)):  # members sorted by hh
        return {c: rows.get_column(c) for c in rows.columns}, np.ones(n, dtype=bool)
    count = np.bincount(hh.to_numpy(), minlength=n)
    if count.max(initial=0) > 1 or (required and count.min(initial=1) == 0):
        raise ValueError(f"every household needs {'exactly' if required else 'at most'} one {role}")
    columns = {c: pl.repeat(None, n, dtype=rows.schema[c], eager=True).scatter(hh, rows.get_column(c))
               for c in rows.columns}
    return columns, count == 1


# -- evaluation ------------------------------------------------------------------------------

KEEP = {"norm_cents": "norm", "income_cents": "income", "category": "category", "minors": "minors",
        "adults": "adults"}  # the columns evaluate_frames(keep=...) can add, and where they come from


def evaluate_frames(rulebook, municipality, households, members, day, *, keep=()):
    """Status and amount columns ``<scheme>__status`` / ``<scheme>__amount_cents`` per household,
    with ``hh`` and ``household_id``, in the order of ``households``.

    Every household is evaluated with ``municipality``'s rulebook (residence is a condition).
    ``households`` and ``members`` are DataFrames or LazyFrames (``pl.scan_parquet(...)``: only the
    columns the rules use are read). ``keep`` names extra columns from :data:`KEEP`: the social
    minimum (``norm_cents``) and counted income (``income_cents``) of the percentage tests, the
    household ``category``, the number of ``minors`` and of ``adults`` (applicant and partner).
    """
    unknown = [k for k in keep if k not in KEEP]
    if unknown:
        raise ValueError(f"cannot keep {unknown}; choose from {sorted(KEEP)}")
    plan = _Plan(rulebook, municipality, day)
    households = _with_missing(households.lazy(), MONEY_SCHEMA)
    members = _with_missing(members.lazy(), EXTRA_MEMBER_SCHEMA)
    hh = households.select("hh").collect().get_column("hh")
    per_household = _per_household(plan, _member_facts(plan, _numbered(members, hh)), hh.len())
    h = pl.concat([households, per_household.lazy()], how="horizontal")
    h = h.with_columns(_household_columns(plan))
    h = h.with_columns(category=_category(), norm=_norm_expr(plan))
    h = h.with_columns(**_shared_columns(plan, _resident(households, municipality)))
    conditions, statuses, amounts = _scheme_columns(plan)
    h = h.with_columns(**conditions).with_columns(**statuses).with_columns(**amounts)
    out = [pl.col("hh"), pl.col("household_id")]
    out += [pl.col(f"{scheme.id}__{part}") for scheme, _ in plan.schemes for part in ("status", "amount_cents")]
    present = set(h.collect_schema().names())  # without municipal settings (national schemes only) no income
    out += [(pl.col(KEEP[k]) if KEEP[k] in present else pl.lit(None, dtype=pl.Int64)).alias(k) for k in keep]
    return h.select(out).collect()


def _scheme_columns(plan):
    """Each distinct condition once as a column ``cond__<i>``; then per scheme its status (the
    Kleene AND of its conditions) and its amount."""
    distinct, statuses, amounts = {}, {}, {}  # distinct: (kind, params) -> (column, condition)
    for scheme, version in plan.schemes:
        values = []
        for c in version.conditions:
            key = json.dumps([c.kind, c.params], sort_keys=True, default=str)
            name, _ = distinct.setdefault(key, (f"cond__{len(distinct)}", c))
            values.append(pl.col(name))
        if version.individual_assessment is not None:
            failed = pl.any_horizontal([~v for v in values]) if values else pl.lit(False)
            status = pl.when(failed).then(pl.lit(NOT_ELIGIBLE, STATUS)).otherwise(pl.lit(UNDETERMINED, STATUS))
        else:
            both = _kleene_and(values)
            status = (pl.when(both.is_null()).then(pl.lit(UNDETERMINED, STATUS))
                      .when(both).then(pl.lit(ELIGIBLE, STATUS)).otherwise(pl.lit(NOT_ELIGIBLE, STATUS)))
        statuses[f"{scheme.id}__status"] = status
        amounts[f"{scheme.id}__amount_cents"] = (
            pl.when(pl.col(f"{scheme.id}__status") == ELIGIBLE).then(_amount_expr(version, plan)))
    return {name: _condition_expr(c, plan) for name, c in distinct.values()}, statuses, amounts


class _Plan:
    """The rules valid on one day for one municipality, and the member filters they use."""

    def __init__(self, rulebook, municipality, day):
        # past the last national period the last norms and parameters are carried forward, as in evaluate; past
        # the municipality's last settings its own schemes have ended (national schemes only)
        settings, norms, params = municipality.settings_on(day), rulebook.norms_for(day), rulebook.parameters_for(day)
        ended = bool(municipality.settings) and day > municipality.settings[-1].valid_to
        if settings is None and municipality.settings and not ended or norms is None or params is None:
            raise ValueError(f"{day} is outside the rulebook's validity periods")
        self.municipality, self.day, self.settings = municipality, day, settings
        self.norms, self.params = norms.norms, params.values
        self.aow = int(self.params["aow_age_years"].value)
        self.kd_min_age = int(self.params["kostendeler_min_age_years"].value)
        self.kostendelers = settings is not None and settings.kostendelersnorm == "applied"
        self.schemes = municipality.schemes_on(day)
        self.kinds = {c.kind for _, v in self.schemes for c in v.conditions}
        self.income = bool(self.kinds & {"income_at_most", "income_above"})
        self.all_income = "spending_money_below" in self.kinds
        if settings is None and (self.income or self.all_income):
            raise ValueError(f"{municipality.name} has no settings: its schemes cannot test the counted income")
        self.capacity_sources = {}  # counted income sources of a payment-capacity test -> member column name
        for _, version in self.schemes:
            for c in version.conditions:
                if c.kind == "payment_capacity_below_tax":
                    self.capacity_sources.setdefault(tuple(c.params["counted_income_sources"]), f"cap{len(self.capacity_sources)}")
        self.filters = {}  # member_exists filter (its params but negate) -> _Filter; equal filters share one
        for _, version in self.schemes:
            for c in version.conditions:
                key = self._key(c.params) if c.kind == "member_exists" else None
                if key and key not in self.filters:
                    self.filters[key] = _Filter(f"f{len(self.filters)}", c.params, frozenset(c.params["roles"]))

    @staticmethod
    def _key(params):
        return json.dumps({k: v for k, v in params.items() if k != "negate"}, sort_keys=True)

    def filter_of(self, cond):
        """The filter of a member_exists condition."""
        return self.filters[self._key(cond.params)]


@dataclass(frozen=True)
class _Filter:
    """A member_exists filter: its column name, params and roles."""

    name: str
    params: dict
    roles: frozenset

    @property
    def claimants_only(self):
        return self.roles <= set(CLAIMANT_ROLES)


def _numbered(members, hh):
    """Members with ``hh`` as their household's row number (members of other households left out)."""
    if np.array_equal(hh.to_numpy(), np.arange(hh.len())):
        return members
    rows = pl.LazyFrame({"hh": hh, "row": pl.Series(np.arange(hh.len()), dtype=pl.UInt32)})
    return members.join(rows, on="hh", how="inner").with_columns(hh=pl.col("row")).drop("row")


def _member_facts(plan, members):
    """Per member only what the rules need: hh, role, birth date, income sums and filter matches."""
    columns = [pl.col("hh"), pl.col("role").cast(ROLE), pl.col("birth_date")]
    if plan.income or plan.all_income:
        counted = list(plan.settings.counted_income_sources)
        members = members.with_columns(counted=_income_sum(counted))
        columns += [pl.col("counted")] if plan.income else []
    if plan.all_income:
        rest = [s for s in INCOME_SOURCES if s not in counted]
        columns.append((pl.col("counted") + _income_sum(rest) if rest else pl.col("counted")).alias("every"))
    for sources, name in plan.capacity_sources.items():
        if plan.income or plan.all_income:  # the counted sum is there already: add only the sources beyond it
            extra = [s for s in sources if s not in counted]
            if set(counted) <= set(sources):
                columns.append((pl.col("counted") + _income_sum(extra) if extra else pl.col("counted")).alias(name))
                continue
        columns.append(_income_sum(list(sources)).alias(name))
    columns += [_member_match(f.params, plan.day, plan.aow).alias(f.name) for f in plan.filters.values()]
    return members.select(columns).collect(engine="streaming")


def _income_sum(sources):
    """A member's income from ``sources``; null when unknown (no incomes given, or one of them null)."""
    return pl.when(pl.col("income_known")).then(
        pl.sum_horizontal([pl.col(f"income_{s}") for s in sources], ignore_nulls=False))


def _per_household(plan, facts, n):
    """What the conditions read from members, one row per household in household order: the
    applicant's and the partner's facts (``a_...``, ``p_...``), whether there is a partner, and
    counts of members (``children_unknown_age``, ``true__<f>``, ...)."""
    if facts.height and facts.get_column("hh").max() >= n:
        facts = facts.filter(pl.col("hh") < n)
    role, age = pl.col("role"), _Age("birth_date", plan.day)
    own = ["birth_date"] + [c for c in ("counted", "every") if c in facts.columns] + list(plan.capacity_sources.values())
    wanted = {who: own + [f.name for f in plan.filters.values() if f.claimants_only and who in f.roles]
              for who in CLAIMANT_ROLES}
    members, others = facts.lazy(), facts.lazy().filter(~role.is_in(CLAIMANT_ROLES))
    counted = {"minors_known": (others, (role == "child") & (age < 18)),
               "children_unknown_age": (others, (role == "child") & age.is_null())}
    if plan.kostendelers:
        counted.update(kd_known=(others, age >= plan.kd_min_age), others_unknown_age=(others, age.is_null()))
    for f in plan.filters.values():
        if not f.claimants_only:
            rows = members if f.roles & set(CLAIMANT_ROLES) else others
            counted.update({f"true__{f.name}": (rows, pl.col(f.name)), f"null__{f.name}": (rows, pl.col(f.name).is_null())})
    # every selection in one batch, run in parallel
    queries = [members.filter(role == who).select("hh", *wanted[who]) for who in CLAIMANT_ROLES]
    queries += [rows.filter(condition).select("hh") for rows, condition in counted.values()]
    applicant, partner, *selected = pl.collect_all(queries)
    columns = {}
    for prefix, who, rows, required in (("a_", "applicant", applicant, True), ("p_", "partner", partner, False)):
        placed, present = _one_each(rows, n, who, required)
        columns.update({prefix + c: placed[c] for c in wanted[who]})
    columns["has_partner"] = pl.Series(present)
    columns.update({name: _counts(rows.get_column("hh"), n) for name, rows in zip(counted, selected)})
    return pl.DataFrame(columns)


def _household_columns(plan):
    """Household facts from :func:`_per_household`: adults, income, minors, and per member filter
    ``exists__<f>`` (Kleene: true, unknown or false) and ``count__<f>`` (members matching)."""
    has_partner = pl.col("has_partner")

    def partner(column, absent):
        return pl.when(has_partner).then(pl.col(column)).otherwise(absent)

    columns = {
        "adults": has_partner.cast(pl.Int32) + 1,
        "minors": pl.when(pl.col("children_unknown_age") == 0).then(pl.col("minors_known")),
    }
    if plan.income:
        columns["income"] = pl.col("a_counted") + partner("p_counted", 0)
    if plan.all_income:
        columns["all_income"] = pl.col("a_every") + partner("p_every", 0)
    for name in plan.capacity_sources.values():
        columns[f"income_{name}"] = pl.col(f"a_{name}") + partner(f"p_{name}", 0)
    for f in plan.filters.values():
        if f.claimants_only:
            a = pl.col(f"a_{f.name}") if "applicant" in f.roles else pl.lit(False)
            p = partner(f"p_{f.name}", False) if "partner" in f.roles else pl.lit(False)
            columns[f"exists__{f.name}"] = a | p
            columns[f"count__{f.name}"] = a.fill_null(False).cast(pl.Int32) + p.fill_null(False).cast(pl.Int32)
        else:
            true, null = pl.col(f"true__{f.name}"), pl.col(f"null__{f.name}")
            columns[f"exists__{f.name}"] = pl.when(true > 0).then(True).when(null > 0).then(None).otherwise(False)
            columns[f"count__{f.name}"] = true
    return [e.alias(k) for k, e in columns.items()]


def _category():
    """single, single_parent or couple; null when an unknown age leaves it open."""
    minors = pl.col("minors")
    return (
        pl.when(pl.col("has_partner")).then(pl.lit("couple", CATEGORY))
        .when(minors.is_not_null()).then(pl.when(minors > 0).then(pl.lit("single_parent", CATEGORY)).otherwise(pl.lit("single", CATEGORY)))
        .when(pl.col("minors_known") > 0).then(pl.lit("single_parent", CATEGORY))
    )


def _norm_expr(plan):
    """The social minimum per household, in cents (null when unknown or not in the sources)."""
    settings, norms, params, aow = plan.settings, plan.norms, plan.params, plan.aow
    if settings is None:  # national schemes only: no percentage base, so no social minimum
        return pl.lit(None, pl.Int64)
    vt = "incl_vt" if settings.holiday_allowance == "included" else "excl_vt"

    def table(key):
        entry = norms.get(key, {}).get(vt)
        return pl.lit(entry.value if entry else None, pl.Int64)

    a, p = _Age("a_birth_date", plan.day), _Age("p_birth_date", plan.day)
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
    if not plan.kostendelers:
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


def _resident(households, municipality):
    """Does the household live in ``municipality`` (its id or CBS code, in any case, with spaces
    around)? Each distinct value of the column is checked once."""
    names = [municipality.id, municipality.cbs_code.lower()]
    column = pl.col("municipality")
    first, same = households.select(column.first(), same=column.eq_missing(column.first()).all()).collect().row(0)
    if same:  # one value (a municipality's own register): no need to hash them all
        values = pl.Series([first], dtype=pl.String)
    else:
        values = households.select(column.unique()).collect().to_series()
    matching = values.filter(values.str.strip_chars().str.to_lowercase().is_in(names))
    if matching.len() == values.len():  # everyone (a municipality's own register)
        return pl.lit(True)
    return pl.col("municipality").is_in(matching.to_list())


def _shared_columns(plan, resident):
    """Columns several conditions use, computed once: residence and each income limit."""
    shared = {"resident": resident}
    for _, version in plan.schemes:
        for c in version.conditions:
            if c.kind in ("income_at_most", "income_above"):
                shared[_limit_column(c.params["percent"])] = _percent_limit(
                    pl.col("norm"), Fraction(str(c.params["percent"])), plan.settings.rounding)
    return shared


def _condition_expr(cond, plan):
    k, p = cond.kind, cond.params
    if k == "lives_in_municipality":
        return pl.col("resident")
    if k in ("income_at_most", "income_above"):
        limit = pl.col(_limit_column(p["percent"]))
        return pl.col("income") > limit if k == "income_above" else pl.col("income") <= limit
    if k == "member_exists":
        value = pl.col(f"exists__{plan.filter_of(cond).name}")
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
    if k == "debts_above":
        return pl.col("debts_cents") > p["cents"]
    if k == "payment_capacity_below_tax":
        return _capacity_expr(cond, plan)
    raise ValueError(f"condition kind {k!r} has no columnar form")


def _capacity_a_year(surplus, percent):
    """As :func:`meedoen.rules.context.capacity_a_year`: percent of 12 months' surplus, nothing without a surplus."""
    num, den = percent.numerator, 100 * percent.denominator
    return pl.when(surplus <= 0).then(0).otherwise((2 * 12 * surplus * num + den) // (2 * den))


def _capacity_expr(cond, plan):
    """As :func:`meedoen.rules.conditions.payment_capacity_below_tax`, in columns."""
    from .context import cost_norm_percents

    capacity, percents = plan.params.get("kwijtschelding_capacity_percent"), cost_norm_percents(cond.params, plan.params)
    if capacity is None or percents is None:
        return pl.lit(None, pl.Boolean)
    cap_pct = Fraction(str(capacity.value))
    norm, tax = pl.col("norm"), pl.col("municipal_taxes_cents")
    income = pl.col(f"income_{plan.capacity_sources[tuple(cond.params['counted_income_sources'])]}")
    costs = pl.lit(0, pl.Int64)
    for kind in cond.params["counted_costs"]:
        if kind == "housing":
            costs = costs + pl.col("housing_costs_cents")
        else:
            costs = costs + pl.when(pl.col("monthly_costs_known")).then(pl.col(f"cost_{kind}"))
    cost_low = _percent_limit(norm, percents[0], "cent_half_up")
    cost_high = _percent_limit(norm, percents[1], "cent_half_up")
    spendable = income - costs
    high, low = _capacity_a_year(spendable - cost_low, cap_pct), _capacity_a_year(spendable - cost_high, cap_pct)
    at_most = _capacity_a_year(income - cost_low, cap_pct)
    known = (pl.when(tax.is_null()).then(pl.when(high == 0).then(True))
             .when(high < tax).then(True).when(low >= tax).then(False))
    shortcut = (((at_most == 0) & (tax.is_null() | (tax != 0))) | (tax.is_not_null() & (at_most < tax))).fill_null(False)
    return (pl.when(norm.is_null()).then(None)
            .when(spendable.is_not_null()).then(known)
            .when(income.is_not_null() & shortcut).then(True)
            .otherwise(None))


def _amount_expr(version, plan):
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
        count = pl.col(f"count__{plan.filter_of(child_cond).name}") if child_cond else pl.col("minors").fill_null(0)
        amount = amount * count
    return amount
