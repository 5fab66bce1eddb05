"""The columnar evaluator gives exactly the one-household evaluator's status and amount.

Hypothesis draws households around every boundary the rules have: incomes exactly on, one
cent under and one cent over each income limit; ages turning 18, 21, 27, 65 and the AOW age
on the evaluation date; validity-period edges; unknown facts anywhere.
"""

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from meedoen.population.generator import generate_households
from meedoen.rules import evaluate, load_rulebook
from meedoen.rules.bulk import EXTRA_STATUSES, INCOME_SOURCES, STATUSES, _Age, evaluate_frames, frames_from_households
from meedoen.rules.context import Context
from meedoen.rules.household import Member, household_problems, parse_household

RULEBOOK = load_rulebook()
DAYS = [date(2024, 1, 1), date(2024, 6, 30), date(2024, 7, 1), date(2024, 12, 31), date(2025, 1, 1),
        date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 1), date(2026, 7, 1), date(2026, 12, 31)]
PERCENTS = sorted({c.percent for m in RULEBOOK.municipalities.values() for s in m.schemes
                   for v in s.versions for c in v.conditions if c.kind in ("income_at_most", "income_above")})
BOUNDARY_AGES = [0, 3, 4, 5, 6, 12, 13, 17, 18, 20, 21, 26, 27, 40, 64, 65, 66, 67, 80]


def birth_for(day, age, shift):
    """Born ``age`` years before ``day``, moved by ``shift`` days (birthday edges)."""
    try:
        born = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        born = day.replace(year=day.year - age, day=28)
    return born + timedelta(days=shift)


maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
statuses = st.fixed_dictionaries({}, optional={s: maybe(st.booleans()) for s in STATUSES + EXTRA_STATUSES})
monthly_costs = maybe(st.fixed_dictionaries({}, optional={
    k: maybe(st.integers(0, 60000)) for k in ("health_insurance", "alimony_paid", "childcare")}))


@st.composite
def households(draw):
    day = draw(st.sampled_from(DAYS))
    municipality = draw(st.sampled_from(["zoetermeer", "groningen", "GM0637"]))
    members = []

    def person(role, ages):
        age = draw(st.sampled_from(ages))
        shift = draw(st.sampled_from([-1, 0, 0, 1]))
        m = {"role": role, "birth_date": birth_for(day, age, shift).isoformat()}
        if draw(st.integers(0, 19)) == 0:
            m["birth_date"] = None
        m["statuses"] = draw(statuses)
        return m

    members.append(person("applicant", [18, 19, 20, 21, 22, 30, 45, 64, 65, 66, 67, 70]))
    if draw(st.booleans()):
        members.append(person("partner", [18, 20, 21, 35, 50, 65, 67, 75]))
    for _ in range(draw(st.integers(0, 4))):
        child = person("child", [a for a in BOUNDARY_AGES if a <= 17] + [18, 19])
        child["school"] = {"attends_school": draw(maybe(st.booleans()))}
        members.append(child)
    for _ in range(draw(st.integers(0, 1))):
        members.append(person("other", [20, 26, 27, 28, 60]))
    household = {"municipality": municipality, "members": members}
    for key, strategy in (("district", st.sampled_from(["Selwerd", "Paddepoel", "Centrum"])),
                          ("assets_cents", st.sampled_from([0, 757500, 757501, 1515000, 1515001, 1554000, 5000000])),
                          ("fixed_costs_cents", st.integers(0, 300000)),
                          ("housing_costs_cents", maybe(st.integers(0, 200000))),
                          ("monthly_costs_cents", monthly_costs),
                          ("debts_cents", maybe(st.sampled_from([0, 1, 2000000, 2000001]))),
                          ("municipal_taxes_cents", maybe(st.sampled_from([0, 1, 30000, 80000])))):
        if draw(st.booleans()):
            household[key] = draw(maybe(strategy))
    household["facts"] = draw(st.fixed_dictionaries({}, optional={
        "years_at_social_minimum": maybe(st.integers(0, 6)),
        "received_income_supplement_last_12_months": maybe(st.booleans()),
    }))
    return day, household


def set_incomes(draw, day, household):
    """Give applicant and partner incomes that put the household on, under or over a limit."""
    claimants = [m for m in household["members"] if m["role"] in ("applicant", "partner")]
    muni = RULEBOOK.municipality(household["municipality"])
    try:
        parsed = parse_household(household, on=day)
        ctx = Context(RULEBOOK, muni, parsed, day)
        norm = ctx.norm.value
    except Exception:
        norm = None
    target = None
    if norm is not None and draw(st.integers(0, 9)) > 0:
        percent = draw(st.sampled_from(PERCENTS))
        target = ctx.limit(percent) + draw(st.sampled_from([-1, 0, 1]))
    else:
        target = draw(st.integers(0, 400000))
    remaining = target
    for i, m in enumerate(claimants):
        share = remaining if i == len(claimants) - 1 else draw(st.integers(0, remaining))
        remaining -= share
        source = draw(st.sampled_from(["wages", "benefit", "pension"]))
        incomes = {source: share}
        for extra in draw(st.lists(st.sampled_from(INCOME_SOURCES), max_size=2, unique=True)):
            incomes.setdefault(extra, draw(st.integers(0, 50000)) if extra not in ("wages", "benefit", "pension") else 0)
        if extra_unknown := draw(st.integers(0, 24)) == 0:
            incomes = None
        elif draw(st.integers(0, 24)) == 0:
            incomes[source] = None
        m["monthly_net_income_cents"] = incomes
        del extra_unknown


def compare(day, household, rulebook=RULEBOOK, municipality="zoetermeer"):
    """Evaluate one household both ways with ``municipality``'s rules; assert identical outcomes."""
    single = evaluate(rulebook, household, day, municipality=municipality)
    hh_frame, members, problems = frames_from_households([household], day)
    assert not problems
    muni = rulebook.municipalities[municipality]
    bulk = evaluate_frames(rulebook, muni, hh_frame, members, day).row(0, named=True)
    for s in single["schemes"]:
        assert bulk[f"{s['id']}__status"] == s["status"], (s["id"], household)
        assert bulk[f"{s['id']}__amount_cents"] == s["amount_cents"], (s["id"], household)
    return single


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=households(), data=st.data())
def test_bulk_equals_single_zoetermeer(drawn, data):
    day, household = drawn
    assume(not household_problems(household, day))
    set_incomes(data.draw, day, household)
    compare(day, household)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=households(), data=st.data())
def test_bulk_equals_single_groningen(drawn, data):
    day, household = drawn
    assume(not household_problems(household, day))
    set_incomes(data.draw, day, household)
    compare(day, household, municipality="groningen")


@pytest.mark.parametrize("delta, expected", [(-1, "eligible"), (0, "eligible"), (1, "not_eligible")])
@pytest.mark.parametrize("day", [date(2024, 3, 1), date(2025, 3, 1), date(2025, 9, 1), date(2026, 3, 1), date(2026, 9, 1)])
@pytest.mark.parametrize("partner", [False, True])
def test_every_120_percent_limit_edge(day, partner, delta, expected):
    """On, one cent under and one cent over the ZoetermeerPas limit, for every norm period."""
    members = [{"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {}}]
    if partner:
        members.append({"role": "partner", "birth_date": "1981-01-01", "monthly_net_income_cents": {}})
    household = {"municipality": "zoetermeer", "members": members}
    ctx = Context(RULEBOOK, RULEBOOK.municipalities["zoetermeer"], parse_household(household, on=day), day)
    members[0]["monthly_net_income_cents"] = {"wages": ctx.limit(PERCENTS[PERCENTS.index(120)]) + delta}
    single = compare(day, household)
    assert next(s for s in single["schemes"] if s["id"] == "zoetermeerpas")["status"] == expected


def variant_rulebook():
    """The packaged rulebook with Groningen's base switched to: incl. holiday allowance,
    kostendelersnorm applied, limits rounded up to whole euros (as Den Haag does)."""
    import shutil
    import tempfile

    from meedoen.rules import default_rulebook_path

    path = tempfile.mkdtemp(prefix="meedoen-variant-") + "/rulebook"
    shutil.copytree(default_rulebook_path(), path)
    settings = f"{path}/municipalities/groningen/municipality.yaml"
    text = open(settings, encoding="utf-8").read()
    text = (text.replace("holiday_allowance: excluded", "holiday_allowance: included")
                .replace("kostendelersnorm: not_applied", "kostendelersnorm: applied")
                .replace("rounding: cent_half_up", "rounding: euro_up"))
    open(settings, "w", encoding="utf-8").write(text)
    return load_rulebook(path)


VARIANT = variant_rulebook()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=households(), data=st.data())
def test_bulk_equals_single_with_kostendelersnorm_and_euro_rounding(drawn, data):
    day, household = drawn
    assume(not household_problems(household, day))
    household["municipality"] = "groningen"
    set_incomes(data.draw, day, household)
    compare(day, household, VARIANT, "groningen")


def test_kostendelersnorm_lowers_the_norm():
    """Two housemates of 27+ with a single applicant: A = 3, norm = (40% + 3 x 30%) / 3 of the couple norm."""
    day = date(2025, 3, 1)
    household = {"municipality": "groningen", "members": [
        {"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {}},
        {"role": "other", "birth_date": "1990-01-01"},
        {"role": "other", "birth_date": "1995-01-01"},
    ]}
    result = evaluate(VARIANT, household, day)
    couple_incl = VARIANT.norms_on(day).norms["couple_21_aow"]["incl_vt"].value  # 192207
    expected = (couple_incl * 130 * 2 + 300) // (2 * 300)  # 130/300 of the couple norm, half up
    assert result["social_minimum"]["cents"] == expected == 83290
    assert result["social_minimum"]["kostendelers"] == 3
    assert "Kostendelersnorm" in result["social_minimum"]["steps"][1]["nl"]


# -- input forms: LazyFrames, unsorted members, households that are not 0..n-1 -----------------

FORM_DAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def population():
    hframe, mframe, problems = frames_from_households(generate_households(400, seed=11), FORM_DAY)
    assert not problems
    muni = RULEBOOK.municipalities["zoetermeer"]
    return hframe, mframe, muni, evaluate_frames(RULEBOOK, muni, hframe, mframe, FORM_DAY)


def test_lazy_and_parquet_input_give_the_same_table(population, tmp_path):
    hframe, mframe, muni, expected = population
    assert evaluate_frames(RULEBOOK, muni, hframe.lazy(), mframe.lazy(), FORM_DAY).equals(expected)
    hframe.write_parquet(tmp_path / "h.parquet")
    mframe.write_parquet(tmp_path / "m.parquet")
    scanned = evaluate_frames(RULEBOOK, muni, pl.scan_parquet(tmp_path / "h.parquet"),
                              pl.scan_parquet(tmp_path / "m.parquet"), FORM_DAY)
    assert scanned.equals(expected)


def test_members_in_any_order(population):
    hframe, mframe, muni, expected = population
    shuffled = mframe.sample(fraction=1.0, shuffle=True, seed=3)
    assert evaluate_frames(RULEBOOK, muni, hframe, shuffled, FORM_DAY).equals(expected)


def test_households_in_any_order_and_subsets(population):
    """Rows follow the households table; hh need not be 0..n-1; other households' members are ignored."""
    hframe, mframe, muni, expected = population
    subset = hframe.filter(pl.col("hh") % 3 == 1).reverse()
    table = evaluate_frames(RULEBOOK, muni, subset, mframe, FORM_DAY)
    assert table["hh"].to_list() == subset["hh"].to_list()
    assert table.equals(expected.filter(pl.col("hh") % 3 == 1).reverse())
    first = evaluate_frames(RULEBOOK, muni, hframe.head(100), mframe, FORM_DAY)  # hh 0..99, all members
    assert first.equals(expected.head(100))


@pytest.mark.parametrize("change, message", [
    (lambda m: pl.concat([m, m.filter(pl.col("role") == "applicant").head(1)]), "exactly one applicant"),
    (lambda m: m.filter((pl.col("role") != "applicant") | (pl.col("hh") != 5)), "exactly one applicant"),
    (lambda m: pl.concat([m, m.filter(pl.col("role") == "partner").head(1)]), "at most one partner"),
])
def test_household_roles_are_checked(population, change, message):
    hframe, mframe, muni, _ = population
    with pytest.raises(ValueError, match=message):
        evaluate_frames(RULEBOOK, muni, hframe, change(mframe), FORM_DAY)


@settings(max_examples=500, deadline=None)
@given(born=st.dates(date(1890, 1, 1), date(2100, 12, 31)), day=st.one_of(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.sampled_from([date(2024, 2, 29), date(2028, 2, 29), date(2025, 2, 28), date(2025, 3, 1)])),
    years=st.integers(-3, 130))
def test_age_comparisons_count_years_as_the_one_household_evaluator(born, day, years):
    age = Member(0, "x", "child", born, None, {}, None).age_on(day)
    age_expr = _Age("b", day)
    frame = pl.DataFrame({"b": [born, None]})
    got = frame.select(ge=age_expr >= years, gt=age_expr > years, lt=age_expr < years, le=age_expr <= years)
    assert got.row(0) == (age >= years, age > years, age < years, age <= years)
    assert got.row(1) == (None, None, None, None)


def test_many_spellings_of_the_municipality_in_one_table():
    """Residence is checked per distinct spelling: the same outcome as one household at a time."""
    spellings = ["zoetermeer", " Zoetermeer ", "GM0637", "gm0637", "groningen", "GM0014", "Utrecht"]
    households = generate_households(70, seed=12)
    for i, h in enumerate(households):
        h["municipality"] = spellings[i % len(spellings)]
    hframe, mframe, problems = frames_from_households(households, FORM_DAY)
    assert not problems
    muni = RULEBOOK.municipalities["zoetermeer"]
    table = evaluate_frames(RULEBOOK, muni, hframe, mframe, FORM_DAY)
    for household, row in zip(households, table.iter_rows(named=True)):
        single = evaluate(RULEBOOK, household, FORM_DAY, municipality="zoetermeer")
        for s in single["schemes"]:
            assert (row[f"{s['id']}__status"], row[f"{s['id']}__amount_cents"]) == (s["status"], s["amount_cents"])


def capacity_variant_rulebook():
    """The packaged rulebook with Zoetermeer's own cost-norm percentage left out: the national 90-100 % range."""
    import shutil
    import tempfile

    from meedoen.rules import default_rulebook_path

    path = tempfile.mkdtemp(prefix="meedoen-capacity-") + "/rulebook"
    shutil.copytree(default_rulebook_path(), path)
    scheme = f"{path}/municipalities/zoetermeer/schemes/kwijtschelding_gemeentelijke_belastingen.yaml"
    text = open(scheme, encoding="utf-8").read()
    assert "cost_norm_percent: 100" in text
    open(scheme, "w", encoding="utf-8").write(text.replace("cost_norm_percent: 100", "cost_norm_percent: null"))
    return load_rulebook(path)


CAPACITY_VARIANT = capacity_variant_rulebook()
KWIJTSCHELDING = "kwijtschelding_gemeentelijke_belastingen"


def capacity_of(rulebook, household, day):
    """(low, high) payment capacity a year of ``household`` under Zoetermeer's kwijtschelding rule, or None."""
    muni = rulebook.municipality("zoetermeer")
    cond = next(c for s, v in muni.schemes_on(day) if s.id == KWIJTSCHELDING for c in v.conditions
                if c.kind == "payment_capacity_below_tax")
    cap = Context(rulebook, muni, parse_household(household, on=day), day).payment_capacity(cond.params)
    return cap.value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=households(), data=st.data(), variant=st.booleans())
def test_bulk_equals_single_on_the_payment_capacity_edge(drawn, data, variant):
    """Money facts known; the assessment one cent under, on or over the capacity (either end of the range)."""
    day, household = drawn
    assume(not household_problems(household, day))
    household["municipality"] = "zoetermeer"
    set_incomes(data.draw, day, household)
    household["housing_costs_cents"] = data.draw(st.integers(0, 150000))
    household["monthly_costs_cents"] = {"health_insurance": data.draw(st.integers(0, 40000))}
    rulebook = CAPACITY_VARIANT if variant else RULEBOOK
    try:
        capacity = capacity_of(rulebook, household, day)
    except Exception:
        capacity = None
    if capacity is not None:
        edge = data.draw(st.sampled_from(capacity))
        household["municipal_taxes_cents"] = max(0, edge + data.draw(st.sampled_from([-1, 0, 1])))
    compare(day, household, rulebook, "zoetermeer")


@pytest.mark.parametrize("delta, expected", [(-1, "not_eligible"), (0, "not_eligible"), (1, "eligible")])
def test_assessment_one_cent_above_the_capacity_gives_remission(delta, expected):
    day = date(2026, 3, 1)
    household = {"municipality": "zoetermeer", "housing_costs_cents": 70000, "monthly_costs_cents": {"health_insurance": 14000},
                 "members": [{"role": "applicant", "birth_date": "1985-01-01", "monthly_net_income_cents": {"wages": 250000}}]}
    low, high = capacity_of(RULEBOOK, household, day)
    assert low == high > 0
    household["municipal_taxes_cents"] = high + delta
    single = compare(day, household)
    assert {s["id"]: s["status"] for s in single["schemes"]}[KWIJTSCHELDING] == expected


def test_range_of_cost_norms_leaves_the_middle_undetermined():
    """Without the municipality's own percentage, an assessment between the capacities at 100 % and 90 % is open."""
    day = date(2026, 3, 1)
    household = {"municipality": "zoetermeer", "housing_costs_cents": 70000, "monthly_costs_cents": {},
                 "members": [{"role": "applicant", "birth_date": "1985-01-01", "monthly_net_income_cents": {"wages": 250000}}]}
    low, high = capacity_of(CAPACITY_VARIANT, household, day)
    assert low < high
    for tax, expected in ((low, "not_eligible"), (low + 1, "undetermined"), (high, "undetermined"), (high + 1, "eligible")):
        household["municipal_taxes_cents"] = tax
        single = compare(day, household, CAPACITY_VARIANT)
        assert {s["id"]: s["status"] for s in single["schemes"]}[KWIJTSCHELDING] == expected, tax
