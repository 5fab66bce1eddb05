"""evaluate_frames(keep=...): the extra per-household columns equal the one-household evaluator's
social minimum, counted income, household category, minors and adults; without keep nothing changes."""

from datetime import date

import polars as pl
import pytest

from meedoen.population.generator import generate_households
from meedoen.rules import evaluate, load_rulebook
from meedoen.rules.bulk import KEEP, evaluate_frames, frames_from_households
from meedoen.rules.context import Context
from meedoen.rules.household import parse_household
from test_bulk_identity import VARIANT

RULEBOOK = load_rulebook()
CASES = [  # (rulebook, municipality, day, seed): every norm period, both roundings, the kostendelersnorm
    (RULEBOOK, "zoetermeer", date(2026, 3, 1), 1),
    (RULEBOOK, "zoetermeer", date(2025, 9, 1), 2),
    (RULEBOOK, "groningen", date(2024, 3, 1), 3),
    (VARIANT, "groningen", date(2025, 3, 1), 4),
]


def expected(rulebook, municipality, household, day):
    """The one-household evaluator's values for the KEEP columns."""
    result = evaluate(rulebook, household, day, municipality=municipality)
    ctx = Context(rulebook, rulebook.municipalities[municipality], parse_household(household, on=day), day)
    return {"norm_cents": result["social_minimum"]["cents"], "income_cents": result["income"]["cents"],
            "category": result["household_category"], "minors": ctx.minor_children.value,
            "adults": len(ctx.claimants)}


@pytest.mark.parametrize("rulebook, municipality, day, seed", CASES)
def test_keep_columns_equal_the_one_household_evaluator(rulebook, municipality, day, seed):
    households = generate_households(600, seed=seed, municipality=municipality, day=day)
    hframe, mframe, problems = frames_from_households(households, day)
    assert not problems
    muni = rulebook.municipalities[municipality]
    table = evaluate_frames(rulebook, muni, hframe, mframe, day, keep=tuple(KEEP))
    unknown = {k: 0 for k in KEEP}
    for household, row in zip(households, table.iter_rows(named=True)):
        assert row["household_id"] == household["id"]
        want = expected(rulebook, municipality, household, day)
        got = {k: row[k] for k in KEEP}
        assert got == want, household
        unknown.update({k: unknown[k] + (want[k] is None) for k in KEEP})
    # the sample has unknowns, but not only unknowns
    assert 0 < unknown["norm_cents"] < len(households) and 0 < unknown["income_cents"] < len(households)
    assert unknown["minors"] > 0 and unknown["adults"] == 0


def test_keep_types_and_order():
    day = date(2026, 3, 1)
    hframe, mframe, _ = frames_from_households(generate_households(50, seed=5), day)
    muni = RULEBOOK.municipalities["zoetermeer"]
    plain = evaluate_frames(RULEBOOK, muni, hframe, mframe, day)
    kept = evaluate_frames(RULEBOOK, muni, hframe, mframe, day, keep=("minors", "norm_cents", "category"))
    assert kept.columns == plain.columns + ["minors", "norm_cents", "category"]
    assert kept.select(plain.columns).equals(plain)
    assert kept.schema["norm_cents"] == pl.Int64
    assert kept.schema["category"] == pl.Enum(["single", "single_parent", "couple"])
    assert kept.schema["minors"].is_integer()


def test_without_keep_only_status_and_amount():
    day = date(2026, 3, 1)
    hframe, mframe, _ = frames_from_households(generate_households(20, seed=6), day)
    muni = RULEBOOK.municipalities["zoetermeer"]
    table = evaluate_frames(RULEBOOK, muni, hframe, mframe, day)
    schemes = [s.id for s, _ in muni.schemes_on(day)]
    assert table.columns == ["hh", "household_id"] + [f"{s}__{p}" for s in schemes for p in ("status", "amount_cents")]


def test_unknown_keep_column_is_refused():
    day = date(2026, 3, 1)
    hframe, mframe, _ = frames_from_households(generate_households(3, seed=7), day)
    with pytest.raises(ValueError, match="cannot keep"):
        evaluate_frames(RULEBOOK, RULEBOOK.municipalities["zoetermeer"], hframe, mframe, day, keep=("age",))
