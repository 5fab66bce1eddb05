"""Which norms and parameters run out when (rules.expiry), and the warning of ``meedoen rules validate``."""

import io
from datetime import date, timedelta

import pytest

from meedoen.cli import main
from meedoen.rules import load_rulebook
from meedoen.rules.expiry import carried_forward, running_out

END = date(2026, 12, 31)


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook()


def test_running_out_30_days_before_the_end_but_not_90(rulebook):
    assert rulebook.norm_periods[-1].valid_to == END
    soon = running_out(rulebook, END - timedelta(days=30))
    assert soon and {e.file for e in soon} == {"national/bijstandsnormen.yaml"}
    assert {e.parameter for e in soon} == set(rulebook.norm_periods[-1].norms)
    assert {e.valid_to for e in soon} == {END}
    assert running_out(rulebook, END - timedelta(days=90)) == []
    # the parameters end a year later: listed once that end is near
    later = running_out(rulebook, rulebook.parameter_periods[-1].valid_to - timedelta(days=10))
    assert "aow_age_years" in {e.parameter for e in later}


def test_carried_forward_only_after_the_end(rulebook):
    assert carried_forward(rulebook, END) == []
    assert {e.parameter for e in carried_forward(rulebook, END + timedelta(days=1))} == set(rulebook.norm_periods[-1].norms)


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out, err=io.StringIO())
    return code, out.getvalue()


def test_validate_warns_30_days_before_and_not_90():
    code, text = run("rules", "validate", "--today", (END - timedelta(days=30)).isoformat())
    assert code == 0 and text.startswith("ok: ")
    warnings = [line for line in text.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1
    assert "national/bijstandsnormen.yaml" in warnings[0] and "2026-12-31" in warnings[0]
    assert "single_21_aow" in warnings[0] or any(k in warnings[0] for k in load_rulebook().norm_periods[-1].norms)
    code, text = run("rules", "validate", "--today", (END - timedelta(days=90)).isoformat())
    assert code == 0 and "warning" not in text


def test_check_prints_the_provisional_notice_once(tmp_path):
    import json
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples/households/eenoudergezin-115-procent.json"
    code, text = run("check", str(example), "--date", "2027-01-15")
    assert code == 0
    assert text.count("de bedragen zijn voorlopig") == 1 and "Voortgezet:" in text
    code, text = run("check", str(example), "--date", "2027-01-15", "--lang", "en")
    assert text.count("the amounts are provisional") == 1 and "Carried forward:" in text
    code, text = run("check", str(example), "--date", "2026-12-31")
    assert "voorlopig" not in text
    code, text = run("check", str(example), "--date", "2027-01-15", "--json")
    assert json.loads(text)["receipt"]["provisional"] is True
