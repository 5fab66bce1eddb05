"""The national run on a Dask LocalCluster gives exactly what the one-machine run gives."""

from datetime import date

import polars as pl
import pytest

from meedoen.reach.national import run_national
from meedoen.reach.run import read_outcomes, run_register
from meedoen.rules import default_rulebook_path

from reach_registers import synthetic, write_register

DAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    root = tmp_path_factory.mktemp("country")
    register, _ = write_register(root / "register", [
        ("zoetermeer", synthetic(300, seed=21)),
        ("zoetermeer", synthetic(200, seed=22)),
        ("GM0014", synthetic(250, seed=23, municipality="groningen")),
        ("GM9001", synthetic(120, seed=24, municipality="GM9001")),
    ])
    return root, register


def test_two_workers_give_the_same_figures_and_outcomes_as_one_machine(country, rulebook):
    root, register = country
    single = run_register(rulebook, register, DAY, root / "single")
    seen = []
    distributed = run_national(str(default_rulebook_path()), register.path, DAY, root / "national", workers=2,
                               progress=lambda d, t: seen.append((d, t)))
    assert distributed.figures == single.figures
    assert distributed.receipt == single.receipt
    assert distributed.households == single.households == 870
    assert seen[-1] == (870, 870)
    a, _ = read_outcomes(root / "single")
    b, _ = read_outcomes(root / "national")
    assert a.sort("household_id").equals(b.select(a.columns).sort("household_id"))
    assert set(distributed.figures["municipalities"]) == {"zoetermeer", "groningen", "GM9001"}


def test_a_failing_task_leaves_no_output(country, tmp_path):
    _, register = country
    with pytest.raises(Exception):
        run_national(str(tmp_path / "no-rulebook"), register.path, DAY, tmp_path / "out", workers=1)
    assert not (tmp_path / "out").exists()


def test_a_municipality_without_a_folder_gets_the_national_schemes_only(country, rulebook):
    root, register = country
    run_register(rulebook, register, DAY, root / "national-only", municipality="GM9001")
    outcomes, _ = read_outcomes(root / "national-only")
    national = {s.id for s in rulebook.national_schemes}
    assert national and set(outcomes["municipality"]) == {"GM9001"}
    statuses = {c.removesuffix("__status") for c in outcomes.columns if c.endswith("__status")}
    assert statuses == national  # no municipal scheme of another folder leaks in
    # The register gives no debts: the right to debt help is undetermined, never a silent "not eligible".
    assert set(outcomes["recht_op_schuldhulp__status"]) == {"undetermined"}
    assert set(outcomes["income_band"]) == {"unknown"}
