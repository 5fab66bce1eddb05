"""The reach run: outcomes equal the one-household evaluator, non-users and figures add up, small
numbers are suppressed, and a failed run leaves nothing behind."""

import json
from datetime import date

import polars as pl
import pytest

from meedoen.reach import figures as fig
from meedoen.reach.run import BANDS, read_outcomes, run_register
from meedoen.rules import evaluate

from reach_registers import synthetic, write_register

DAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("reach")
    register, reference = write_register(root / "register", [
        ("zoetermeer", synthetic(400, seed=11)),
        ("GM0014", synthetic(150, seed=12, municipality="groningen")),
    ])
    return root, register, {h["id"]: h for h in reference}


@pytest.fixture(scope="module")
def ran(small, rulebook):
    root, register, reference = small
    result = run_register(rulebook, register, DAY, root / "run")
    outcomes, stamp = read_outcomes(root / "run")
    return result, outcomes, stamp, reference


def test_every_status_and_amount_equals_the_one_household_evaluator(ran, rulebook):
    result, outcomes, stamp, reference = ran
    assert outcomes.height == 550
    compared = 0
    for row in outcomes.iter_rows(named=True):
        expected = evaluate(rulebook, reference[row["household_id"]], DAY)
        for scheme in expected["schemes"]:
            assert row[f"{scheme['id']}__status"] == scheme["status"], (row["household_id"], scheme["id"])
            assert row[f"{scheme['id']}__amount_cents"] == scheme["amount_cents"], (row["household_id"], scheme["id"])
            compared += 1
        percent = expected["income"]["percent_of_social_minimum"]
        if percent is None:
            assert row["income_band"] == "unknown"
        else:
            p = float(percent)
            assert row["income_band"] in BANDS
            lower = {"<=100": 0, "100-110": 100, "110-120": 110, "120-130": 120, ">130": 130}[row["income_band"]]
            assert p >= lower - 0.05, (row["household_id"], p, row["income_band"])
    assert compared > 550 * 9


def test_the_receipt_is_in_every_outcome_file_and_the_run(ran, rulebook, small):
    result, outcomes, stamp, _ = ran
    root, register, _ = small
    assert stamp == result.receipt
    assert stamp["rulebook_hash"] == rulebook.hash and stamp["evaluated_on"] == "2026-03-01"
    assert stamp["register_sha256"] == register.manifest["sha256"]
    import pyarrow.parquet as pq
    for f in (root / "run" / "outcomes").glob("*.parquet"):
        assert json.loads(pq.read_schema(f).metadata[b"meedoen_receipt"]) == stamp


def test_non_users_are_eligible_households_that_do_not_use_the_scheme(ran):
    result, outcomes, _, _ = ran
    z = outcomes.filter(pl.col("municipality") == "zoetermeer")
    eligible = z.filter(pl.col("zoetermeerpas__status") == "eligible")
    users = eligible.filter(pl.col("zoetermeerpas__uses")).height
    total = result.figures["municipalities"]["zoetermeer"]["schemes"]["zoetermeerpas"]["total"]
    assert total["eligible"] == eligible.height > 10
    assert total["users"] == users and total["non_users"] == eligible.height - users
    assert total["reach_percent"] == round(100 * users / eligible.height, 1)
    # a scheme nobody was given as used: every eligible household is a non-user
    leergeld = result.figures["municipalities"]["zoetermeer"]["schemes"]["stichting_leergeld"]["total"]
    assert leergeld["users"] == 0 or leergeld["suppressed"]


def test_breakdowns_add_up_to_the_total_where_shown(ran):
    result, outcomes, _, _ = ran
    scheme = result.figures["municipalities"]["zoetermeer"]["schemes"]["zoetermeerpas"]
    for dimension in fig.DIMENSIONS:
        cells = scheme["by"][dimension]
        values = {c["value"] for c in cells}
        assert values == set(outcomes.filter(pl.col("municipality") == "zoetermeer")[dimension].unique().to_list())
        if not any(c["suppressed"] for c in cells):
            assert sum(c["eligible"] for c in cells) == scheme["total"]["eligible"]


MEASURES = ("eligible", "users", "non_users", "undetermined")
COMBINED = {"eligible": "eligible_any", "users": "uses_all", "non_users": "uses_none", "undetermined": "uses_some"}


def _value(cell, measure, combined):
    return cell.get(COMBINED[measure] if combined else measure)


def test_small_numbers_are_suppressed_and_cannot_be_worked_back(ran):
    result, outcomes, _, _ = ran
    hidden_seen = 0
    for code, entry in result.figures["municipalities"].items():
        residents = outcomes.filter(pl.col("municipality") == code)
        for scheme, data in entry["schemes"].items():
            combined = scheme == fig.COMBINED
            total = data["total"]
            for dimension, cells in data["by"].items():
                hidden = [c for c in cells if c["suppressed"]]
                hidden_seen += len(hidden)
                for c in cells:
                    if not c["suppressed"]:
                        assert all(not 0 < _value(c, m, combined) < fig.THRESHOLD for m in MEASURES), (scheme, c)
                if not hidden:
                    continue
                if total["suppressed"]:
                    assert len(hidden) == len(cells)
                    continue
                for m in MEASURES:  # what the total minus the shown cells gives away
                    rest = _value(total, m, combined) - sum(_value(c, m, combined) for c in cells if not c["suppressed"])
                    assert rest == 0 or rest >= fig.THRESHOLD, (code, scheme, dimension, m, rest)
                values = {c["value"] for c in hidden}
                with_households = residents.filter(pl.col(dimension).is_in(values))[dimension].n_unique()
                assert with_households >= 2 or len(hidden) == len(cells), (code, scheme, dimension, values)
    assert hidden_seen > 0


def test_secondary_suppression_does_not_hide_an_empty_cell_as_cover():
    def cell(value, households, eligible, users):
        return {"value": value, "households": households, "eligible": eligible, "users": users,
                "non_users": eligible - users, "undetermined": 0}
    # The audit's case: one small cell, an empty cell and a big one. Hiding the empty cell gave the small one away.
    shown = fig._suppress([cell("120-130", 40, 4, 3), cell(">130", 0, 0, 0), cell("<=100", 900, 300, 150)], 10)
    assert [c["suppressed"] for c in shown] == [True, False, True]


def test_a_municipality_without_rulebook_gets_the_national_schemes_only(tmp_path, rulebook):
    register, _ = write_register(tmp_path / "r", [("GM9001", synthetic(30, seed=3, municipality="GM9001"))])
    result = run_register(rulebook, register, DAY, None)
    entry = result.figures["municipalities"]["GM9001"]
    national = {s.id for s in rulebook.national_schemes}
    assert entry["rulebook"] is False and entry["households"] == 30
    assert national and set(entry["schemes"]) - {"_combined"} <= national
    assert national <= set(entry["schemes"])
    assert entry["schemes"]["recht_op_schuldhulp"]["name"]["nl"] != "recht_op_schuldhulp"  # its own name


def test_a_failed_run_leaves_nothing(tmp_path, small, rulebook):
    _, register, _ = small

    def boom(done, total):
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        run_register(rulebook, register, DAY, tmp_path / "out", progress=boom)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_total(small, rulebook):
    _, register, _ = small
    seen = []
    run_register(rulebook, register, DAY, None, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (550, 550) and len(seen) == 2
