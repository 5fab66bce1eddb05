"""The ``meedoen`` command: check (text, JSON, English, another municipality), bad input, rules tools."""

import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest

import meedoen
from meedoen.cli import main
from meedoen.rules import load_rulebook

SINGLE = {
    "municipality": "zoetermeer",
    "members": [{"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {"wages": 100000}}],
}


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook()


@pytest.fixture
def write(tmp_path):
    def write(data, name="household.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path
    return write


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def check_json(path, *extra):
    code, out, err = run("check", path, *extra, "--json")
    assert code == 0, err
    assert err == ""
    return json.loads(out)


# -- check: text ------------------------------------------------------------------------------

def test_check_text_in_dutch(write, rulebook):
    code, out, err = run("check", write(SINGLE), "--date", "2026-03-01")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Zoetermeer, 1 maart 2026"
    assert "Sociaal minimum: €1.331,43/maand" in out
    assert "[ja] ZoetermeerPas: U komt in aanmerking" in out
    assert "Afstand: " in out
    assert "Nog nodig, belangrijkste eerst:" in out
    assert lines[-1] == (f"Bewijs: rulebook {rulebook.version} sha256:{rulebook.hash}, "
                         f"engine {meedoen.__version__}")
    # Every scheme valid that day has a line with a status mark.
    for scheme, _ in rulebook.municipality("zoetermeer").schemes_on(date(2026, 3, 1)):
        assert re.search(rf"^\[(ja|nee|\?)\] {re.escape(scheme.name['nl'])}: ", out, re.M), scheme.id


def test_check_text_in_english(write, rulebook):
    code, out, err = run("check", write(SINGLE), "--date", "2026-03-01", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "Zoetermeer, 1 March 2026"
    assert "Social minimum: €1,331.43/month" in out
    assert "[ja] ZoetermeerPas (city pass): You qualify" in out
    assert "Still needed, most decisive first:" in out
    assert f"Receipt: rulebook {rulebook.version} sha256:{rulebook.hash}" in out
    assert "U komt" not in out and "Sociaal minimum" not in out


def test_bad_lang_is_an_argparse_error(write, capsys):
    with pytest.raises(SystemExit) as info:
        run("check", write(SINGLE), "--lang", "de")
    assert info.value.code == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err


# -- check: JSON and the receipt -------------------------------------------------------------

def test_check_json_receipt(write, rulebook):
    result = check_json(write(SINGLE), "--date", "2026-03-01")
    receipt = result["receipt"]
    assert re.fullmatch(r"[0-9a-f]{64}", receipt["rulebook_hash"])
    assert receipt["rulebook_hash"] == rulebook.hash
    assert receipt["rulebook_version"] == rulebook.version
    assert receipt["engine_version"] == meedoen.__version__
    assert receipt["evaluated_on"] == "2026-03-01"
    assert result["date"] == "2026-03-01"
    assert result["municipality"] == {"id": "zoetermeer", "name": "Zoetermeer", "cbs_code": "GM0637"}
    schemes = {s["id"]: s for s in result["schemes"]}
    assert schemes["zoetermeerpas"]["status"] == "eligible"
    assert result["social_minimum"]["cents"] == 133143
    assert result["income"]["cents"] == 100000


def expected_unverified(rulebook, municipality, day, norm_key):
    """What the receipt should flag, read from the rulebook data (tag U = unverified)."""
    muni = rulebook.municipality(municipality)
    settings = muni.settings_on(day)
    vt = "incl_vt" if settings.holiday_allowance == "included" else "excl_vt"
    versions = [v for _, v in muni.schemes_on(day)]
    names = set()
    if any(v.has_income_test for v in versions):
        if rulebook.norms_on(day).norms[norm_key][vt].reliability == "U":
            names.add(f"bijstandsnorm {norm_key} {vt}")
        if settings.base.reliability == "U":
            names.add("percentage_base")
        if settings.counted_income.reliability == "U":
            names.add("counted_income_sources")
        if rulebook.parameters_on(day).values["aow_age_years"].reliability == "U":
            names.add("aow_age_years")
    for v in versions:
        names.update(c.id for c in v.conditions if c.reliability == "U")
        if v.benefit.reliability == "U":
            names.add(f"benefit amount ({v.benefit.source})")
    return names


def test_unverified_parameters_2026_include_the_norm(write, rulebook):
    day = date(2026, 3, 1)
    # The data: every 2026 norm is tagged U (no official table was found).
    assert rulebook.norms_on(day).norms["single_21_aow"]["excl_vt"].reliability == "U"
    result = check_json(write(SINGLE), "--date", day.isoformat())
    names = {u["name"] for u in result["receipt"]["unverified_parameters"]}
    assert names
    assert "bijstandsnorm single_21_aow excl_vt" in names
    assert names == expected_unverified(rulebook, "zoetermeer", day, "single_21_aow")
    for u in result["receipt"]["unverified_parameters"]:
        assert u["source"]
    # The text output warns once, in words, that the result rests on values not checked yet.
    code, out, _ = run("check", write(SINGLE), "--date", day.isoformat())
    assert out.count("Let op: een paar bedragen of regels in deze uitslag zijn nog niet gecontroleerd") == 1


def test_unverified_parameters_2024_single(write, rulebook):
    # In March 2024 the single norm is tagged S (two municipal pages), so the norm is not flagged;
    # the Voedselbank's spending-money limit (a 2009 figure, tagged U) still is, and so is the kwijtschelding
    # payment-capacity rule (its cost norm is derived, its counted costs not checked against the article text).
    day = date(2024, 3, 1)
    assert rulebook.norms_on(day).norms["single_21_aow"]["excl_vt"].reliability == "S"
    result = check_json(write(SINGLE), "--date", day.isoformat())
    names = {u["name"] for u in result["receipt"]["unverified_parameters"]}
    assert not any(n.startswith("bijstandsnorm") for n in names)
    assert names == {"spending_money_below_limit", "payment_capacity_below_the_tax"}
    assert names == expected_unverified(rulebook, "zoetermeer", day, "single_21_aow")


def test_unverified_parameters_2024_couple_of_pension_age(write, rulebook):
    # ... but the couple_aow norm of early 2024 is tagged U (the sources conflict).
    day = date(2024, 3, 1)
    couple = {"municipality": "zoetermeer", "members": [
        {"role": "applicant", "birth_date": "1950-01-01", "monthly_net_income_cents": {"pension": 150000}},
        {"role": "partner", "birth_date": "1951-01-01", "monthly_net_income_cents": {}},
    ]}
    result = check_json(write(couple), "--date", day.isoformat())
    assert result["social_minimum"]["norm"] == "couple_aow"
    names = {u["name"] for u in result["receipt"]["unverified_parameters"]}
    assert "bijstandsnorm couple_aow excl_vt" in names
    assert names == expected_unverified(rulebook, "zoetermeer", day, "couple_aow")


def test_the_json_facts_needed_match_the_text(write):
    data = {"municipality": "zoetermeer", "members": [{"role": "applicant", "birth_date": "1980-01-01"}]}
    path = write(data)
    result = check_json(path, "--date", "2026-03-01")
    first = result["facts_needed"][0]
    assert first["fact"] == "members[0].monthly_net_income_cents"
    _, out, _ = run("check", path, "--date", "2026-03-01")
    needed = out.split("Nog nodig, belangrijkste eerst:\n")[1].splitlines()
    assert needed[0].endswith(f"[{first['fact']}] ({len(first['schemes'])})")


# -- check --municipality ----------------------------------------------------------------------

def test_check_with_another_municipality(write, rulebook):
    path = write(SINGLE)
    home = check_json(path, "--date", "2026-03-01")
    other = check_json(path, "--date", "2026-03-01", "--municipality", "groningen")
    assert home["municipality"]["id"] == "zoetermeer"
    assert other["municipality"] == {"id": "groningen", "name": "Groningen", "cbs_code": "GM0014"}
    groningen = rulebook.municipality("groningen")
    assert [s["id"] for s in other["schemes"]] == [s.id for s, _ in groningen.schemes_on(date(2026, 3, 1))]
    assert "zoetermeerpas" not in {s["id"] for s in other["schemes"]}
    assert other["receipt"]["rulebook_hash"] == home["receipt"]["rulebook_hash"]
    # The household still says it lives in Zoetermeer: Groningen's residence test says so.
    residence = [c for s in other["schemes"] for c in s["conditions"] if c["kind"] == "lives_in_municipality"]
    assert residence and all(c["result"] is False for c in residence)
    assert all("zoetermeer" in c["text"]["nl"] for c in residence)
    # The same household, living in Groningen, passes the residence test there.
    moved = json.loads(json.dumps(SINGLE))
    moved["municipality"] = "GM0014"
    there = check_json(write(moved, "moved.json"), "--date", "2026-03-01")
    assert there["municipality"]["id"] == "groningen"
    assert all(c["result"] is True for s in there["schemes"] for c in s["conditions"]
               if c["kind"] == "lives_in_municipality")
    # Groningen's percentage base is an assumption (tagged U), and the receipt says so.
    assert "percentage_base" in {u["name"] for u in there["receipt"]["unverified_parameters"]}


def test_check_with_another_municipality_text(write):
    code, out, err = run("check", write(SINGLE), "--date", "2026-03-01", "--municipality", "groningen")
    assert code == 0
    assert out.splitlines()[0] == "Groningen, 1 maart 2026"
    assert "Jeugdsportfonds" in out
    assert "ZoetermeerPas" not in out


def test_check_with_an_unknown_municipality(write):
    code, out, err = run("check", write(SINGLE), "--date", "2026-03-01", "--municipality", "utrecht")
    assert code == 2
    assert out == ""
    assert "municipality: unknown municipality 'utrecht'" in err
    assert "groningen (GM0014)" in err and "zoetermeer (GM0637)" in err


# -- check: bad input ----------------------------------------------------------------------------

def test_malformed_json_gives_file_line_col(write):
    path = write('{"municipality": "zoetermeer",\n "members": [\n   {"role": "applicant"},\n ]\n}\n')
    code, out, err = run("check", path, "--date", "2026-03-01")
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("meedoen: 1 problem(s):\n")
    assert f"{path}:4:2: not valid JSON" in err


def test_empty_file(write):
    path = write("")
    code, _, err = run("check", path, "--date", "2026-03-01")
    assert code == 2
    assert f"{path}:1:1: not valid JSON" in err


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"municipality": "Sûdwest-Fryslân"}'.encode("latin-1"))
    code, _, err = run("check", path, "--date", "2026-03-01")
    assert code == 2
    assert "not UTF-8" in err
    assert "Traceback" not in err


def test_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    code, out, err = run("check", path, "--date", "2026-03-01")
    assert code == 2
    assert out == ""
    assert f"{path}: cannot read file" in err
    assert "Traceback" not in err


def test_invalid_household_lists_every_problem_with_the_file(write):
    path = write({"municipality": "zoetermeer", "colour": "blue", "members": [
        {"role": "applicant", "monthly_net_income_cents": {"wages": -1}},
    ]})
    code, out, err = run("check", path, "--date", "2026-03-01")
    assert code == 2
    assert out == ""
    assert err.startswith("meedoen: 2 problem(s):\n")
    assert f"{path}: (top): Additional properties are not allowed ('colour' was unexpected)" in err
    assert f"{path}: members[0].monthly_net_income_cents.wages: -1 is less than the minimum of 0" in err


def test_impossible_household_in_a_file(write):
    path = write({"municipality": "zoetermeer", "members": [
        {"role": "applicant", "birth_date": "1990-01-01"},
        {"role": "child", "birth_date": "2026-06-01"},
    ]})
    code, _, err = run("check", path, "--date", "2026-03-01")
    assert code == 2
    assert f"{path}: members[1].birth_date: born 2026-06-01, after the evaluation date 2026-03-01" in err


# national norms are carried forward for 366 days past their last day (2026-12-31), so 2028-01-02 is outside
@pytest.mark.parametrize("day", ["2023-06-01", "2028-01-02"])
def test_date_outside_the_rulebook(write, day):
    code, out, err = run("check", write(SINGLE), "--date", day)
    assert code == 2
    assert out == ""
    assert f"date: {day} is outside every validity period" in err


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "01-03-2026", ""])
def test_invalid_date_argument_is_an_argparse_error(write, capsys, bad):
    with pytest.raises(SystemExit) as info:
        run("check", write(SINGLE), "--date", bad)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --date" in err
    assert f"{bad!r} is not a date (use YYYY-MM-DD)" in err


def test_no_command_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        run()
    assert info.value.code == 2


def test_bad_rulebook_folder(write, tmp_path):
    code, _, err = run("--rulebook", tmp_path / "none", "check", write(SINGLE), "--date", "2026-03-01")
    assert code == 2
    assert "rulebook folder not found" in err


def test_float_cents_in_the_file_give_no_traceback(write):
    data = json.loads(json.dumps(SINGLE))
    data["members"][0]["monthly_net_income_cents"]["wages"] = 100000.0
    path = write(json.dumps(data))
    assert "100000.0" in path.read_text()
    code, out, err = run("check", path, "--date", "2026-03-01")
    assert code in (0, 2)


# -- rules test / list / validate --------------------------------------------------------------

def test_rules_test_passes(rulebook):
    code, out, err = run("rules", "test")
    assert code == 0, out
    match = re.fullmatch(r"(\d+) passed, 0 failed\n", out)
    assert match, out
    assert int(match.group(1)) == len(rulebook.tests) > 0


def test_rules_test_one_municipality_verbose(rulebook):
    code, out, err = run("rules", "test", "--municipality", "groningen", "-v")
    assert code == 0
    n = sum(1 for t in rulebook.tests if t.municipality == "groningen")
    assert out.endswith(f"{n} passed, 0 failed\n")
    assert out.count("\nok ") + out.startswith("ok ") == n
    assert "zoetermeer" not in out


def test_rules_test_reports_a_failing_case(tmp_path, rulebook):
    from meedoen.rules import default_rulebook_path

    book = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), book)
    tests = book / "municipalities/zoetermeer/schemes/zoetermeerpas.tests.yaml"
    text = tests.read_text(encoding="utf-8")
    tests.write_text(text.replace("expect: {zoetermeerpas: eligible}", "expect: {zoetermeerpas: not_eligible}", 1),
                     encoding="utf-8")
    code, out, err = run("--rulebook", book, "rules", "test")
    assert code == 1
    assert "FAIL rulebook/municipalities/zoetermeer/schemes/zoetermeerpas.tests.yaml:2 " in out
    assert "zoetermeerpas: expected not_eligible, got eligible" in out
    assert out.endswith(f"{len(rulebook.tests) - 1} passed, 1 failed\n")


def test_rules_list_zoetermeer_2026():
    code, out, err = run("rules", "list", "--municipality", "zoetermeer", "--date", "2026-03-01")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Zoetermeer (zoetermeer, GM0637)"
    zpas = [l for l in lines if l.split()[0] == "zoetermeerpas"]
    assert len(zpas) == 1
    assert "2024-01-01..2026-12-31" in zpas[0]
    assert "<=120%" in zpas[0]
    assert "ZoetermeerPas" in zpas[0]
    assert "Groningen" not in out
    # individuele_inkomenstoeslag has one version a year: only the 2026 one is listed.
    toeslag = [l for l in lines if l.split()[0] == "individuele_inkomenstoeslag"]
    assert len(toeslag) == 1 and "2026-01-01..2026-12-31" in toeslag[0]


def test_rules_list_by_date_and_cbs_code():
    code, out, _ = run("rules", "list", "--municipality", "GM0637", "--date", "2024-03-01", "--lang", "en")
    assert code == 0
    assert "zoetermeerpas" in out
    assert "ZoetermeerPas (city pass)" in out
    toeslag = [l for l in out.splitlines() if l.split()[0] == "individuele_inkomenstoeslag"]
    assert len(toeslag) == 1 and "2024-01-01..2024-12-31" in toeslag[0]


def test_rules_list_everything():
    code, out, _ = run("rules", "list")
    assert code == 0
    assert sum(1 for l in out.splitlines() if l.split()[0] == "individuele_inkomenstoeslag") == 3
    assert "Zoetermeer (zoetermeer, GM0637)" in out
    assert "Groningen (groningen, GM0014)" in out


def test_rules_validate_packaged_rulebook(rulebook):
    code, out, err = run("rules", "validate")
    assert code == 0
    assert err == ""
    assert f"sha256:{rulebook.hash}" in out


# -- the installed entry point --------------------------------------------------------------

def command():
    found = shutil.which("meedoen")
    return [found] if found else [sys.executable, "-m", "meedoen.cli"]


@pytest.mark.parametrize("cmd", [command(), [sys.executable, "-m", "meedoen.cli"]], ids=["script", "module"])
def test_installed_command(write, rulebook, cmd):
    path = write(SINGLE)
    done = subprocess.run(cmd + ["check", str(path), "--date", "2026-03-01", "--json"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["receipt"]["rulebook_hash"] == rulebook.hash
    assert {s["id"]: s["status"] for s in result["schemes"]}["zoetermeerpas"] == "eligible"

    bad = write("{not json", "bad.json")
    done = subprocess.run(cmd + ["check", str(bad), "--date", "2026-03-01"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2
    assert f"{bad}:1:2: not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr

    done = subprocess.run(cmd + ["check", str(path), "--date", "2026-02-30"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2
    assert "is not a date" in done.stderr


def test_population_and_diff_bad_input_give_exit_2_without_traceback(tmp_path):
    import io

    from meedoen.cli import main

    cases = [
        ["population", "generate", "--households", "3", "--out", str(tmp_path / "missing" / "x.jsonl")],
        ["population", "generate", "--households", "3", "--municipality", "atlantis", "--out", str(tmp_path / "x.jsonl")],
        ["rules", "diff", "a", "b", "--population", str(tmp_path / "none.jsonl")],
    ]
    for argv in cases:
        out, err = io.StringIO(), io.StringIO()
        assert main(argv, out=out, err=err) == 2, argv
        assert "Traceback" not in err.getvalue() and err.getvalue().startswith("meedoen:"), err.getvalue()
    for bad in ("-1", "many"):
        try:
            main(["population", "generate", "--households", bad, "--out", str(tmp_path / "x.jsonl")],
                 out=io.StringIO(), err=io.StringIO())
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError(f"--households {bad} was accepted")


def test_diff_with_a_missing_population_file_names_it(tmp_path):
    import io

    from meedoen.cli import main
    from meedoen.rules import default_rulebook_path

    err = io.StringIO()
    book = str(default_rulebook_path())
    assert main(["rules", "diff", book, book, "--population", str(tmp_path / "none.jsonl")], out=io.StringIO(), err=err) == 2
    assert "none.jsonl" in err.getvalue() and "No such file" in err.getvalue()
