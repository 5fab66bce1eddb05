"""A broken rulebook is refused with every problem, each naming its file:line and what is wrong.

Each test copies the packaged rulebook to a temporary folder, breaks it in one way and loads it.
Expected lines are found by looking up the edited text in the edited file, so the tests say
*which* line is meant without depending on the current layout of the rulebook files.
"""

import io
import re
import shutil

import pytest

from meedoen.cli import main
from meedoen.rules import RulebookError, default_rulebook_path, load_rulebook
from meedoen.rules.conditions import KINDS

ZPAS = "municipalities/zoetermeer/schemes/zoetermeerpas.yaml"
ZPAS_TESTS = "municipalities/zoetermeer/schemes/zoetermeerpas.tests.yaml"
ZMUNI = "municipalities/zoetermeer/municipality.yaml"
MAATJES = "municipalities/groningen/schemes/maatjesproject.yaml"
NORMS = "national/bijstandsnormen.yaml"


# -- helpers ---------------------------------------------------------------------------------

@pytest.fixture
def book(tmp_path):
    """A fresh copy of the packaged rulebook, as tmp_path/rulebook."""
    dest = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), dest)
    return dest


def edit(book, rel, old, new, count=1):
    """Replace the first ``count`` occurrences of ``old`` in ``rel``; ``old`` must be there."""
    path = book / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found {count}x in {rel}: the rulebook changed, update the test"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(book, rel, needle, occurrence=1):
    """1-based line of the ``occurrence``-th line of ``rel`` containing ``needle``."""
    seen = 0
    for number, line in enumerate((book / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {rel}")


def problems_of(book):
    with pytest.raises(RulebookError) as info:
        load_rulebook(book)
    problems = info.value.problems
    assert problems, "RulebookError without problems"
    return problems


def at(problems, rel, line):
    """The problems reported at exactly rel:line (the rulebook folder name is the prefix)."""
    where = f"rulebook/{rel}:{line}"
    return [p for p in problems if p.where == where]


def assert_reported(problems, rel, line, *words):
    """At least one problem at rel:line whose text contains every one of ``words``."""
    here = at(problems, rel, line)
    listing = "\n".join(str(p) for p in problems)
    assert here, f"nothing reported at {rel}:{line}; got:\n{listing}"
    matching = [p for p in here if all(w in p.what for w in words)]
    assert matching, f"no problem at {rel}:{line} mentions {words}; got:\n{listing}"
    # The printed form is file:line: what, as the CLI shows it.
    assert str(matching[0]).startswith(f"rulebook/{rel}:{line}: ")
    return matching[0]


def in_file(problems, rel):
    return [p for p in problems if p.where == f"rulebook/{rel}" or p.where.startswith(f"rulebook/{rel}:")]


# -- the good rulebook ------------------------------------------------------------------------

def test_the_packaged_rulebook_loads(book):
    rulebook = load_rulebook(book)
    assert {"zoetermeer", "groningen"} <= set(rulebook.municipalities)
    assert re.fullmatch(r"[0-9a-f]{64}", rulebook.hash)
    # The copy has the same content, hence the same hash, as the packaged rulebook.
    assert rulebook.hash == load_rulebook().hash


def test_missing_rulebook_folder(tmp_path):
    problems = problems_of(tmp_path / "nope")
    assert len(problems) == 1
    assert "rulebook folder not found" in problems[0].what


# -- YAML level -------------------------------------------------------------------------------

def test_yaml_syntax_error_names_file_and_line(book):
    old = '      description: {nl: "Gratis pas met kortingen.", en: "Free pass with discounts."}'
    line = line_of(book, ZPAS, old)
    edit(book, ZPAS, old, '      description: nl: "Gratis pas met kortingen."')
    problems = problems_of(book)
    p = assert_reported(problems, ZPAS, line, "YAML syntax", "mapping values are not allowed")
    assert p.where.endswith(f"{ZPAS}:{line}")
    # The broken file gives that one problem, and is not half loaded.
    assert in_file(problems, ZPAS) == [p]


def test_duplicate_yaml_key_names_the_second_key(book):
    edit(book, ZPAS, "    valid_to: 2026-12-31\n", "    valid_to: 2026-12-31\n    valid_to: 2025-12-31\n")
    line = line_of(book, ZPAS, "valid_to: 2025-12-31")
    assert_reported(problems_of(book), ZPAS, line, "duplicate key 'valid_to'")


@pytest.mark.parametrize("rel, old, new, path", [
    (ZPAS, "valid_from: 2024-01-01", "valid_from: 2024-02-30", None),
    (ZPAS, "valid_from: 2024-01-01", 'valid_from: "2024-02-30"', "versions[0].valid_from"),
    (NORMS, "valid_to: 2024-06-30", "valid_to: 2024-06-31", None),
    (NORMS, "valid_to: 2024-06-30", "valid_to: '2024-06-31'", "periods[0].valid_to"),
    (ZPAS_TESTS, "date: 2026-03-01", 'date: "2026-02-30"', "[0].date"),
], ids=["scheme-unquoted", "scheme-quoted", "norms-unquoted", "norms-quoted", "test-case-quoted"])
def test_impossible_date_quoted_or_not(book, rel, old, new, path):
    line = line_of(book, rel, old)
    edit(book, rel, old, new)
    bad = new.split(": ", 1)[1].strip("'\"")
    p = assert_reported(problems_of(book), rel, line, repr(bad), "is not a real date")
    if path is not None:  # a quoted date passes YAML; the loader names the field
        assert p.what.startswith(f"{path}: ")


# -- periods ----------------------------------------------------------------------------------

def test_overlapping_scheme_versions(book):
    text = (book / ZPAS).read_text(encoding="utf-8")
    version = text[text.index("  - valid_from: 2024-01-01"):]
    second = version.replace("valid_from: 2024-01-01", "valid_from: 2025-06-01")
    edit(book, ZPAS, "valid_to: 2026-12-31", "valid_to: 2025-06-30")
    (book / ZPAS).write_text((book / ZPAS).read_text(encoding="utf-8") + second, encoding="utf-8")
    line = line_of(book, ZPAS, "valid_from: 2025-06-01")
    problems = problems_of(book)
    assert_reported(problems, ZPAS, line, "2025-06-01..2026-12-31", "overlaps", "2025-06-30")
    assert len(in_file(problems, ZPAS)) == 1, in_file(problems, ZPAS)


def test_identical_start_is_an_overlap_too(book):
    text = (book / ZPAS).read_text(encoding="utf-8")
    version = text[text.index("  - valid_from: 2024-01-01"):]
    (book / ZPAS).write_text(text + version, encoding="utf-8")
    line = line_of(book, ZPAS, "valid_from: 2024-01-01", occurrence=2)
    assert_reported(problems_of(book), ZPAS, line, "overlaps")


def test_gap_between_national_norm_periods(book):
    line = line_of(book, NORMS, "valid_from: 2025-01-01")
    edit(book, NORMS, "valid_from: 2025-01-01", "valid_from: 2025-02-01")
    problems = problems_of(book)
    assert_reported(problems, NORMS, line, "gap", "2025-01-01 to 2025-01-31")
    assert len(in_file(problems, NORMS)) == 1


def test_valid_to_before_valid_from(book):
    line = line_of(book, ZPAS, "valid_to: 2026-12-31")
    edit(book, ZPAS, "valid_to: 2026-12-31", "valid_to: 2023-12-31")
    assert_reported(problems_of(book), ZPAS, line, "valid_to 2023-12-31 is before valid_from 2024-01-01")


def test_scheme_version_outside_the_national_norms(book):
    line = line_of(book, ZPAS, "valid_from: 2024-01-01")
    # a version may run past the norms' last day (they are carried forward) but must not start before them
    edit(book, ZPAS, "valid_from: 2024-01-01", "valid_from: 2023-01-01")
    edit(book, ZMUNI, "valid_from: 2024-01-01", "valid_from: 2023-01-01")
    assert_reported(problems_of(book), ZPAS, line, "income test", "national norms do not cover its start")


# -- conditions, organisations, districts, ids ---------------------------------------------------

def test_unknown_condition_kind_lists_the_known_kinds(book):
    line = line_of(book, ZPAS, "- id: lives_in_zoetermeer")
    edit(book, ZPAS, "kind: lives_in_municipality", "kind: lives_in_town")
    p = assert_reported(problems_of(book), ZPAS, line, "versions[0].conditions[0]", "unknown kind 'lives_in_town'", "known kinds")
    for kind in KINDS:
        assert kind in p.what
    # One clear message, not one per oneOf branch.
    assert p.what.count("is a required property") == 0


def test_unknown_provider(book):
    line = line_of(book, ZPAS, "provider: municipality")
    edit(book, ZPAS, "provider: municipality", "provider: gemeente")
    assert_reported(problems_of(book), ZPAS, line, "unknown provider 'gemeente'", "municipality.yaml")


def test_unknown_helper_organisation(book):
    line = line_of(book, ZPAS, "helpers: [formulierenbrigade]")
    edit(book, ZPAS, "helpers: [formulierenbrigade]", "helpers: [formulierbrigade]")
    assert_reported(problems_of(book), ZPAS, line, "unknown organisation 'formulierbrigade'")


def test_organisation_removed_from_municipality_breaks_its_schemes(book):
    # Rename the organisation instead of the reference: the scheme files now point nowhere.
    edit(book, ZMUNI, "  - id: formulierenbrigade", "  - id: formulierhulp")
    problems = problems_of(book)
    assert_reported(problems, ZPAS, line_of(book, ZPAS, "helpers: [formulierenbrigade]"),
                    "unknown organisation 'formulierenbrigade'")


def test_unknown_district_in_an_in_district_condition(book):
    line = line_of(book, MAATJES, "districts: [Selwerd, Paddepoel]")
    edit(book, MAATJES, "districts: [Selwerd, Paddepoel]", "districts: [Selwerd, Vinkhuizen]")
    problems = problems_of(book)
    assert_reported(problems, MAATJES, line, "unknown district 'Vinkhuizen'")
    assert not any("Selwerd" in p.what for p in problems)


def test_scheme_id_differs_from_file_name(book):
    line = line_of(book, ZPAS, "id: zoetermeerpas")
    edit(book, ZPAS, "id: zoetermeerpas", "id: zoetermeer_pas")
    assert_reported(problems_of(book), ZPAS, line, "'zoetermeer_pas'", "differs from its file name 'zoetermeerpas'")


def test_negative_percent(book):
    line = line_of(book, ZPAS, "percent: 120")
    edit(book, ZPAS, "percent: 120", "percent: -120")
    assert_reported(problems_of(book), ZPAS, line, "versions[0].conditions[1].percent", "-120", "minimum")


def test_missing_percent(book):
    line = line_of(book, ZPAS, "- id: income_at_most_120_percent")
    edit(book, ZPAS, "        percent: 120\n", "")
    p = assert_reported(problems_of(book), ZPAS, line, "versions[0].conditions[1]", "'percent' is a required property")
    assert "unknown kind" not in p.what


def test_missing_required_top_level_field(book):
    edit(book, ZPAS, "provider: municipality\n", "")
    assert_reported(problems_of(book), ZPAS, 1, "'provider' is a required property")


# -- test cases -------------------------------------------------------------------------------

def test_test_case_expecting_an_unknown_scheme(book):
    line = line_of(book, ZPAS_TESTS, "expect: {zoetermeerpas: eligible}")
    edit(book, ZPAS_TESTS, "expect: {zoetermeerpas: eligible}", "expect: {zoetermeerpass: eligible}")
    problems = problems_of(book)
    assert_reported(problems, ZPAS_TESTS, line, "unknown scheme 'zoetermeerpass'", "zoetermeer")
    assert len(problems) == 1, problems


def test_test_case_expecting_a_scheme_of_another_municipality(book):
    rel = "municipalities/groningen/tests/scenarios.yaml"
    line = line_of(book, rel, "    maatjesproject: eligible")
    edit(book, rel, "    maatjesproject: eligible", "    zoetermeerpas: eligible")
    assert_reported(problems_of(book), rel, line, "unknown scheme 'zoetermeerpas' in groningen")


def test_test_case_with_an_invalid_household(book):
    line = line_of(book, ZPAS_TESTS, "wages: 159772}")
    edit(book, ZPAS_TESTS, "wages: 159772}", "wages: -5}")
    p = assert_reported(problems_of(book), ZPAS_TESTS, line,
                        "household.members[0].monthly_net_income_cents.wages", "-5", "minimum")
    assert p


def test_test_case_household_with_two_applicants(book):
    old = 'members: [{role: applicant, birth_date: "1970-01-01", monthly_net_income_cents: {wages: 159772}}]'
    line = line_of(book, ZPAS_TESTS, old)
    edit(book, ZPAS_TESTS, old,
         'members: [{role: applicant, birth_date: "1970-01-01"}, {role: applicant, birth_date: "1971-01-01"}]')
    assert_reported(problems_of(book), ZPAS_TESTS, line, "household.members", "exactly one member with role 'applicant'")


def test_test_case_household_with_an_unquoted_birth_date_loads(book):
    edit(book, ZPAS_TESTS, 'birth_date: "1970-01-01"', "birth_date: 1970-01-01")
    rulebook = load_rulebook(book)
    test = next(t for t in rulebook.tests if t.file.endswith(ZPAS_TESTS))
    assert test.household["members"][0]["birth_date"] == "1970-01-01"


# -- many problems at once ----------------------------------------------------------------------

def test_several_problems_are_reported_at_once(book):
    wanted = [
        (ZPAS, line_of(book, ZPAS, "provider: municipality"), "unknown provider 'gemeente'"),
        (MAATJES, line_of(book, MAATJES, "districts: [Selwerd, Paddepoel]"), "unknown district 'Vinkhuizen'"),
        (NORMS, line_of(book, NORMS, "valid_from: 2025-01-01"), "gap"),
        (ZPAS_TESTS, line_of(book, ZPAS_TESTS, "expect: {zoetermeerpas: eligible}"), "unknown scheme 'nope'"),
    ]
    edit(book, ZPAS, "provider: municipality", "provider: gemeente")
    edit(book, MAATJES, "districts: [Selwerd, Paddepoel]", "districts: [Selwerd, Vinkhuizen]")
    edit(book, NORMS, "valid_from: 2025-01-01", "valid_from: 2025-02-01")
    edit(book, ZPAS_TESTS, "expect: {zoetermeerpas: eligible}", "expect: {nope: eligible}")
    problems = problems_of(book)
    for rel, line, word in wanted:
        assert_reported(problems, rel, line, word)
    assert len({p.where.split(":")[0] for p in problems}) >= 4


def test_schema_problems_in_two_files_are_both_reported(book):
    other = "municipalities/zoetermeer/schemes/kindpakket_kindpas.yaml"
    l1 = line_of(book, ZPAS, "percent: 120")
    l2 = line_of(book, other, "percent: 120")
    edit(book, ZPAS, "percent: 120", "percent: -120")
    edit(book, other, "percent: 120", "percent: 0")
    problems = problems_of(book)
    assert_reported(problems, ZPAS, l1, "-120")
    assert_reported(problems, other, l2, "0 is less than or equal to the minimum of 0")


# -- meedoen rules validate ------------------------------------------------------------------

def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_good_rulebook_returns_0(book):
    code, out, err = run("--rulebook", str(book), "rules", "validate")
    assert code == 0
    assert err == ""
    assert out.startswith("ok: ")
    assert "2 municipalities" in out
    assert re.search(r"sha256:[0-9a-f]{64}", out)


def test_validate_broken_rulebook_returns_2_with_file_line_messages(book):
    provider_line = line_of(book, ZPAS, "provider: municipality")
    district_line = line_of(book, MAATJES, "districts: [Selwerd, Paddepoel]")
    edit(book, ZPAS, "provider: municipality", "provider: gemeente")
    edit(book, MAATJES, "districts: [Selwerd, Paddepoel]", "districts: [Selwerd, Vinkhuizen]")
    code, out, err = run("--rulebook", str(book), "rules", "validate")
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("meedoen: 2 problem(s):\n")
    assert f"rulebook/{ZPAS}:{provider_line}: unknown provider 'gemeente'" in err
    assert f"rulebook/{MAATJES}:{district_line}: unknown district 'Vinkhuizen'" in err


def test_validate_yaml_syntax_error_returns_2(book):
    old = '      description: {nl: "Gratis pas met kortingen.", en: "Free pass with discounts."}'
    line = line_of(book, ZPAS, old)
    edit(book, ZPAS, old, '      description: nl: "Gratis pas met kortingen."')
    code, out, err = run("--rulebook", str(book), "rules", "validate")
    assert code == 2
    assert "Traceback" not in err
    assert re.search(rf"{re.escape(ZPAS)}:{line}: YAML syntax", err)


def test_validate_invalid_test_household_returns_2(book):
    edit(book, ZPAS_TESTS, "wages: 159772}", "wages: -5}")
    code, out, err = run("--rulebook", str(book), "rules", "validate")
    assert code == 2
    assert ZPAS_TESTS in err
