"""Signal thresholds per DDAS partner type as rulebook data, with their sources."""

import shutil
import subprocess

import pytest

from meedoen.rules import default_rulebook_path
from meedoen.signals import thresholds as t

DDAS_PARTNERS = ["Energie", "Huur", "Hypotheek", "CAK Zorgverzekeringen", "Zorg", "Water", "DUO", "Belastingdienst",
                 "CAK Eigen bijdrage", "Overige", "Dienst Toeslagen"]


def test_the_partner_types_are_the_ddas_code_list_with_a_source_each():
    rules = t.thresholds("zoetermeer")
    assert sorted(label for _, label in t.partner_type_choices()) == sorted(DDAS_PARTNERS)
    for kind in rules.partner_types.values():
        assert "EnumSignaalpartner" in kind.source
        if None in (kind.min_days, kind.min_amount_cents):
            assert kind.note  # every unknown says why
    assert (rules.of("huur").min_days, rules.of("zorg").max_days, rules.of("huur").min_amount_cents) == (30, 100, None)
    assert rules.matching_period_days is None and "not set in the sources" in rules.matching_period_note


def test_the_data_modules_do_not_import_django():
    code = "import sys, meedoen.signals.thresholds, meedoen.signals.deadlines; print('django' in sys.modules)"
    assert subprocess.run([shutil.which("python") or "python", "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


@pytest.mark.parametrize("days, cents, expected", [(10, 5000, True), (45, 5000, False), (120, 5000, True),
                                                   (None, 5000, None)])
def test_out_of_range_for_health_insurance_30_to_100_days(days, cents, expected):
    assert t.out_of_range(t.thresholds("groningen").of("zorg"), days, cents) is expected


def test_no_threshold_in_the_sources_means_never_out_of_range():
    assert t.out_of_range(t.thresholds("groningen").of("duo"), 1, 1) is False


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), root)
    return root


def test_a_municipality_overlays_one_field_and_keeps_the_rest(copy):
    (copy / "municipalities" / "zoetermeer" / "vroegsignalering.yaml").write_text(
        "matching_period_days: {value: 14, note: 'Beleidsplan (test)'}\n"
        "partner_types:\n  huur: {min_amount_cents: 10000, source: 'Convenant (test)'}\n", encoding="utf-8")
    local = t.thresholds("zoetermeer", root=copy)
    assert (local.of("huur").min_amount_cents, local.of("huur").min_days, local.matching_period_days) == (10000, 30, 14)
    assert t.thresholds("groningen", root=copy).of("huur").min_amount_cents is None
    assert t.out_of_range(local.of("huur"), 40, 9999) is True


@pytest.mark.parametrize("text, says", [
    ("partner_types:\n  huur: {min_days: -1}\n", "partner_types.huur.min_days"),
    ("partner_types:\n  huur: {min_days: 'dertig'}\n", "partner_types.huur.min_days"),
    ("partner_types:\n  huur: {min_days: 50, max_days: 40}\n", "partner_types.huur.max_days"),
    ("partner_types:\n  kapper: {min_days: 5, source: x}\n", "partner_types.kapper: unknown"),
    ("matching_period_days: 14\n", "matching_period_days"),
    ("partner_types: [\n", "cannot read"),
])
def test_bad_threshold_data_names_file_and_key(copy, text, says):
    path = copy / "municipalities" / "zoetermeer" / "vroegsignalering.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(t.ThresholdError) as caught:
        t.thresholds("zoetermeer", root=copy)
    assert str(path) in str(caught.value) and says in str(caught.value)


def test_unknown_partner_type_is_a_clear_error():
    with pytest.raises(t.ThresholdError, match="unknown partner type 'kapper'"):
        t.thresholds("zoetermeer").of("kapper")
