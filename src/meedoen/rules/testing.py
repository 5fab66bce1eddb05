"""Run the YAML test cases that sit next to the schemes."""

from dataclasses import dataclass

from .errors import InputError
from .evaluate import evaluate


@dataclass
class TestResult:
    test: object
    failures: list

    @property
    def passed(self):
        return not self.failures

    @property
    def where(self):
        return f"{self.test.file}:{self.test.line}"


def expected(value):
    return value if isinstance(value, dict) else {"status": value}


def run_test(rulebook, test):
    try:
        result = evaluate(rulebook, test.household, test.date, municipality=test.municipality)
    except InputError as exc:
        return TestResult(test, [f"evaluation failed: {p}" for p in exc.problems])
    by_id = {s["id"]: s for s in result["schemes"]}
    failures = []
    for scheme_id, want in test.expect.items():
        want = expected(want)
        got = by_id.get(scheme_id)
        if got is None:
            failures.append(f"{scheme_id}: not valid on {test.date}")
            continue
        if got["status"] != want["status"]:
            failures.append(f"{scheme_id}: expected {want['status']}, got {got['status']}")
        if "amount_cents" in want and got["amount_cents"] != want["amount_cents"]:
            failures.append(f"{scheme_id}: expected amount {want['amount_cents']}, got {got['amount_cents']}")
        if "needs" in want and got["needs"] != want["needs"]:
            failures.append(f"{scheme_id}: expected needs {want['needs']}, got {got['needs']}")
    return TestResult(test, failures)


def run_tests(rulebook, municipality=None):
    wanted = rulebook.municipality(municipality) if municipality else None
    tests = [t for t in rulebook.tests if wanted is None or t.municipality == wanted.id]
    return [run_test(rulebook, t) for t in tests]
