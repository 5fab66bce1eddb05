"""The YAML test cases next to the schemes run as part of the test suite, one pytest case each."""

import pytest

from meedoen.rules import load_rulebook
from meedoen.rules.testing import run_test

RULEBOOK = load_rulebook()


@pytest.mark.parametrize("case", RULEBOOK.tests, ids=lambda t: f"{t.municipality}:{t.name}")
def test_rule_case(case):
    result = run_test(RULEBOOK, case)
    assert result.passed, f"{result.where}: " + "; ".join(result.failures)


def test_every_scheme_is_tested():
    tested = {(t.municipality, scheme) for t in RULEBOOK.tests for scheme in t.expect}
    for municipality in RULEBOOK.municipalities.values():
        for scheme in municipality.schemes:
            assert (municipality.id, scheme.id) in tested, f"{municipality.id}/{scheme.id} has no test case"


def test_a_failing_case_is_reported(rulebook):
    case = RULEBOOK.tests[0]
    wrong = {k: ("not_eligible" if (v if isinstance(v, str) else v["status"]) == "eligible" else "eligible")
             for k, v in case.expect.items()}
    broken = type(case)(**{**case.__dict__, "expect": wrong})
    result = run_test(RULEBOOK, broken)
    assert not result.passed and len(result.failures) == len(wrong)
