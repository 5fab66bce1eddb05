"""The synthetic population generator: validity, determinism, dicts == frames, calibration, JSONL."""

import json
from datetime import date

import polars as pl
import pytest

from meedoen.population.generator import generate_frames, generate_households, read_jsonl, write_jsonl
from meedoen.rules import load_rulebook
from meedoen.rules.bulk import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA, MONEY_SCHEMA, evaluate_frames, frames_from_households
from meedoen.rules.household import household_problems

DAY = date(2026, 3, 1)
COUNTED = ("wages", "self_employment", "benefit", "pension", "alimony", "student_finance", "other")
# Zoetermeer's published norms, 1 Jan 2026, excl. holiday allowance (anchors-nl-scheme-products.md §6.1);
# written out here so the calibration check does not depend on the generator's own norm lookup.
NORM_2026 = {"single_18_20": 32869, "single": 133143, "single_aow": 148646, "couple": 190202, "couple_aow": 203695}


@pytest.fixture(scope="module")
def households():
    return generate_households(2000)


@pytest.fixture(scope="module")
def big():
    return generate_frames(30_000)


def _age(day):
    b = pl.col("birth_date")
    later = (b.dt.month() > day.month) | ((b.dt.month() == day.month) & (b.dt.day() > day.day))
    return pl.lit(day.year) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)


def _claimant_incomes(households, members, day=DAY):
    """Per Zoetermeer household with everything known: counted income and its 2026 norm."""
    m = members.filter(pl.col("role").is_in(["applicant", "partner"])).with_columns(
        age=_age(day),
        income=pl.sum_horizontal([pl.col(f"income_{s}") for s in COUNTED], ignore_nulls=False))
    per = m.group_by("hh").agg(
        has_partner=(pl.col("role") == "partner").any(),
        a=pl.col("age").filter(pl.col("role") == "applicant").first(),
        p=pl.col("age").filter(pl.col("role") == "partner").first(),
        known=(pl.col("income").is_not_null() & pl.col("age").is_not_null()).all(),
        income=pl.col("income").sum())
    a, p = pl.col("a"), pl.col("p")
    norm = (pl.when(~pl.col("has_partner")).then(
                pl.when(a >= 67).then(NORM_2026["single_aow"]).when(a >= 21).then(NORM_2026["single"])
                .otherwise(NORM_2026["single_18_20"]))
            .otherwise(pl.when((a >= 67) | (p >= 67)).then(NORM_2026["couple_aow"]).otherwise(NORM_2026["couple"])))
    zm = households.filter(pl.col("municipality") == "zoetermeer").select("hh")
    return per.join(zm, on="hh").filter("known").with_columns(norm=norm)


def _limit(percent):
    return (pl.col("norm") * (2 * percent) + 100) // 200  # cent, half up (Zoetermeer)


# -- determinism --------------------------------------------------------------------------------

def test_same_seed_same_output_other_seed_different():
    a = generate_households(300, seed=7)
    assert a == generate_households(300, seed=7)
    assert a != generate_households(300, seed=8)
    h1, m1 = generate_frames(300, seed=7)
    h2, m2 = generate_frames(300, seed=7)
    assert h1.equals(h2) and m1.equals(m2)
    assert not generate_frames(300, seed=8)[1].equals(m1)


# -- validity -----------------------------------------------------------------------------------

def test_every_household_is_valid(households):
    for h in households:
        assert household_problems(h, DAY) == [], h["id"]
    assert [h["id"] for h in households[:3]] == ["syn-000001", "syn-000002", "syn-000003"]
    assert len({h["id"] for h in households}) == len(households)


def test_valid_on_another_day_and_municipality():
    day = date(2024, 9, 1)
    hs = generate_households(500, seed=3, municipality="groningen", day=day)
    assert all(household_problems(h, day) == [] for h in hs)
    assert {h["municipality"] for h in hs} <= {"groningen", "zoetermeer"}
    assert sum(h["municipality"] == "groningen" for h in hs) > 450


def test_household_shapes(households):
    roles = [[m["role"] for m in h["members"]] for h in households]
    assert all(r[0] == "applicant" and r.count("applicant") == 1 for r in roles)
    assert {r.count("child") for r in roles} == {0, 1, 2, 3, 4, 5}
    assert any("partner" in r and "child" in r for r in roles)          # couple with children
    assert any("partner" not in r and "child" in r for r in roles)      # single parent
    assert any(r == ["applicant"] for r in roles)                       # single
    assert any(r == ["applicant", "partner"] for r in roles)            # couple
    ages = [(m["role"], DAY.year - int(m["birth_date"][:4]))
            for h in households for m in h["members"] if m.get("birth_date")]
    assert any(role == "other" and age >= 28 for role, age in ages)
    assert any(role == "child" and 19 <= age <= 26 for role, age in ages)   # adult children
    assert max(age for role, age in ages if role == "child") <= 27
    assert all(17 <= age <= 91 for role, age in ages if role != "child")


# -- dicts and frames describe the same population -----------------------------------------------

def test_frames_equal_frames_from_households(households):
    h, m, problems = frames_from_households(households, DAY)
    assert problems == []
    gh, gm = generate_frames(2000)
    assert gh.schema == pl.Schema(HOUSEHOLD_SCHEMA) and gm.schema == pl.Schema(MEMBER_SCHEMA)
    assert gh.equals(h.select(list(HOUSEHOLD_SCHEMA)))
    # the generator's dicts give housing costs but no debts or costs by kind: unknown (null) there, not zero
    money = h.select(list(MONEY_SCHEMA))
    assert money["housing_costs_cents"].to_list() == [d.get("housing_costs_cents") for d in households]
    assert money.drop("monthly_costs_known", "housing_costs_cents").null_count().row(0) == (2000,) * (len(MONEY_SCHEMA) - 2)
    assert not money["monthly_costs_known"].any()
    m = m.select(list(MEMBER_SCHEMA))
    assert gm.equals(m)
    assert gh["hh"].to_list() == list(range(2000))
    assert gm["hh"].is_sorted()


def test_empty_population():
    assert generate_households(0) == []
    h, m = generate_frames(0)
    assert h.height == 0 and m.height == 0
    assert h.schema == pl.Schema(HOUSEHOLD_SCHEMA) and m.schema == pl.Schema(MEMBER_SCHEMA)


# -- calibration -----------------------------------------------------------------------------------

def test_share_at_most_120_percent_with_the_engine(big):
    households, members = big
    rb = load_rulebook()
    result = evaluate_frames(rb, rb.municipalities["zoetermeer"], households, members, DAY)
    status = result.join(households.select("hh", "municipality"), on="hh").filter(
        pl.col("municipality") == "zoetermeer")["zoetermeerpas__status"]
    eligible, not_eligible = (status == "eligible").sum(), (status == "not_eligible").sum()
    share = eligible / (eligible + not_eligible)
    assert 0.08 <= share <= 0.14, share          # seeds Z4/Z2: 5,453 / 49,000 = 11.1 %
    assert (status == "undetermined").mean() < 0.10


def test_income_bands_and_limits(big):
    g = _claimant_incomes(*big)
    share = {p: g.select((pl.col("income") <= _limit(p)).mean()).item() for p in (100, 110, 120, 130)}
    assert 0.08 <= share[120] <= 0.14, share
    assert 0.055 <= share[110] <= 0.105, share    # seeds Z6: 8 %
    assert 0.15 <= share[130] <= 0.23, share      # seeds Z5: 19 %
    assert share[100] < share[110] < share[120] < share[130]
    for p in (100, 110, 120, 130):
        exactly = g.select((pl.col("income") == _limit(p)).sum()).item()
        just_below = g.select(((pl.col("income") < _limit(p)) & (pl.col("income") >= _limit(p) - 2500)).sum()).item()
        just_above = g.select(((pl.col("income") > _limit(p)) & (pl.col("income") <= _limit(p) + 2500)).sum()).item()
        assert exactly >= 20, (p, exactly)
        assert just_below >= 30 and just_above >= 30, (p, just_below, just_above)


def test_unknowns_and_optional_facts(big):
    households, members = big
    missing = members.select((pl.col("birth_date").is_null() | ~pl.col("income_known")).mean()).item()
    assert 0.015 <= missing <= 0.05
    adults = members.filter((pl.col("role") != "child") | (_age(DAY) >= 18))
    for s in ("chronically_ill_or_disabled", "no_prospect_of_work", "registered_premium_arrears",
              "receives_social_assistance"):
        known = adults[f"status_{s}"].is_not_null().mean()
        assert 0.75 <= known < 1.0, (s, known)
    school = members.filter((pl.col("role") == "child") & _age(DAY).is_between(4, 17))["attends_school"]
    assert (school == True).mean() > 0.9 and school.null_count() > 0  # noqa: E712
    for column in ("assets_cents", "fixed_costs_cents", "years_at_social_minimum",
                   "received_income_supplement_last_12_months"):
        known = households[column].is_not_null().mean()
        assert 0.8 <= known < 1.0, (column, known)
    assert set(households["district"].unique().to_list()) == {"Palenstein", "Oosterheem", None}
    other = (households["municipality"] != "zoetermeer").mean()
    assert 0.003 <= other <= 0.02
    assert 2.3 <= members.height / households.height <= 2.6     # seeds 3.4: 120,881 / 49,000 = 2.47


# -- JSON Lines --------------------------------------------------------------------------------------

def test_jsonl_round_trip(tmp_path, households):
    path = tmp_path / "households.jsonl"
    assert write_jsonl(households[:50], path) == 50
    assert len(path.read_text(encoding="utf-8").splitlines()) == 50
    back, problems = read_jsonl(path)
    assert problems == [] and back == households[:50]


def test_read_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = {"municipality": "zoetermeer", "members": [{"role": "applicant", "birth_date": "1980-01-01"}]}
    path.write_text("\n".join([json.dumps(good), '{"municipality": "zoetermeer", "members": [',
                               "", "[1, 2, 3]", json.dumps(good | {"id": "x"})]) + "\n", encoding="utf-8")
    objects, problems = read_jsonl(path)
    assert objects == [good, good | {"id": "x"}]
    assert [p.where for p in problems] == [f"{path}:2", f"{path}:4"]
    assert problems[0].what.startswith("not valid JSON: ")
    assert "not a JSON object" in problems[1].what
