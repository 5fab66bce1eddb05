"""The 'meedoen register' and 'meedoen reach' commands: output, and bad input answered with exit 2 and a
message that says where and what, never a traceback."""

import json

import polars as pl
import pytest

from meedoen.cli import main


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "register"
    assert main(["register", "generate", "--households", "1500", "--out", str(folder), "--quiet"]) == 0
    return folder


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_reach_prints_reach_per_scheme_in_dutch_and_english(register, capsys):
    code, out, _ = run(["reach", str(register), "--quiet"], capsys)
    assert code == 0 and "Zoetermeer (GM0637): 1,500 huishoudens" in out and "niet bereikt" in out
    assert "ZoetermeerPas" in out and "rulebook 2026.11.0" in out
    code, out, _ = run(["reach", str(register), "--quiet", "--lang", "en", "--municipality", "zoetermeer"], capsys)
    assert code == 0 and "not reached" in out and "cannot say yet" in out


def test_reach_json_and_outcomes_folder(register, tmp_path, capsys):
    code, out, _ = run(["reach", str(register), "--quiet", "--json", "--out", str(tmp_path / "run")], capsys)
    data = json.loads(out)
    assert code == 0 and data["households"] == 1500 and data["receipt"]["engine_version"]
    outcomes = pl.read_parquet(tmp_path / "run" / "outcomes" / "*.parquet")
    assert outcomes.height == 1500 and "zoetermeerpas__uses" in outcomes.columns
    code, _, err = run(["reach", str(register), "--quiet", "--out", str(tmp_path / "run")], capsys)
    assert code == 2 and "already exists" in err


@pytest.mark.parametrize("args, message", [
    (["--date", "2030-01-01"], "--date: 2030-01-01 is outside the rulebook's validity"),
    (["--municipality", "utrecht"], "--municipality: the register has no households of 'utrecht'"),
    (["--national", "--municipality", "zoetermeer"], "--national: runs every municipality"),
])
def test_reach_bad_options(register, capsys, args, message):
    code, _, err = run(["reach", str(register), "--quiet", *args], capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_reach_on_something_that_is_not_a_register(tmp_path, register, capsys):
    code, _, err = run(["reach", str(tmp_path / "nothing"), "--quiet"], capsys)
    assert code == 2 and "not a register (no manifest.json)" in err
    import shutil
    broken = tmp_path / "broken"
    shutil.copytree(register, broken)
    (broken / "part-00000" / "persons.parquet").write_text("not parquet")
    code, _, err = run(["reach", str(broken), "--quiet"], capsys)
    assert code == 2 and "persons.parquet: cannot read" in err
    wrong = tmp_path / "wrong"
    shutil.copytree(register, wrong)
    pl.DataFrame({"x": [1]}).write_parquet(wrong / "part-00000" / "incomes.parquet")
    code, _, err = run(["reach", str(wrong), "--quiet"], capsys)
    assert code == 2 and "does not have the register format" in err


def test_register_generate_bad_input(register, capsys):
    code, _, err = run(["register", "generate", "--households", "0", "--out", "x", "--quiet"], capsys)
    assert code == 2 and "--households" in err
    code, _, err = run(["register", "generate", "--households", "10", "--out", str(register), "--quiet"], capsys)
    assert code == 2 and "already exists" in err
    code, _, err = run(["register", "generate", "--municipality", "atlantis", "--out", "y", "--quiet"], capsys)
    assert code == 2 and "unknown municipality" in err


def test_register_import_needs_a_pseudonym_key(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("MEEDOEN_PSEUDONYM_KEY", raising=False)
    code, _, err = run(["register", "import", "--brp", "x.json", "--out", str(tmp_path / "r")], capsys)
    assert code == 2 and "MEEDOEN_PSEUDONYM_KEY" in err


def test_rules_diff_impact(tmp_path, capsys):
    from meedoen.population.generator import generate_households, write_jsonl
    from meedoen.reach.impact import write_demo_proposals
    from meedoen.rules import default_rulebook_path

    write_jsonl(generate_households(800, seed=5), tmp_path / "p.jsonl")
    proposal = next(p for p in write_demo_proposals(tmp_path / "proposals") if "inkomenstoeslag" in p.name)
    code, out, _ = run(["rules", "diff", str(default_rulebook_path()), str(proposal), "--population",
                        str(tmp_path / "p.jsonl"), "--impact", "--municipality", "zoetermeer", "--date", "2026-03-01"], capsys)
    assert code == 0 and "individuele_inkomenstoeslag" in out
    code, _, err = run(["rules", "diff", str(default_rulebook_path()), str(proposal), "--population",
                        str(tmp_path / "p.jsonl"), "--impact"], capsys)
    assert code == 2 and "--municipality" in err
