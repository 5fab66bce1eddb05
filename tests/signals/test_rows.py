"""One import row of a signal: clean values, or problems naming row and field; the BSN is never kept."""

import pytest

from meedoen.reach.register.validate import pseudonym
from meedoen.signals.rows import MESSAGES, clean_row
from meedoen.signals.thresholds import partner_type_choices

KEY = b"k" * 32
TYPES = partner_type_choices()


def row(**changes):
    base = {"referentie": "HUUR-1", "signaalpartner": "Huur", "bedrag": "1.234,56", "ontstaansdatum": "2026-09-01",
            "signaaldatum": "2026-11-02", "crisissignaal": "nee", "bsn": "111222333"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_a_good_ddas_row_is_cleaned_and_the_bsn_becomes_the_register_pseudonym():
    clean, problems = clean_row(row(), 3, KEY, TYPES)
    assert problems == []
    assert clean["amount_cents"] == 123456 and clean["partner_type"] == "huur" and clean["crisis"] is False
    assert clean["person_pseudonym"] == pseudonym(KEY, "person", "111222333")
    assert "111222333" not in repr(clean)


def test_name_birth_date_and_address_instead_of_a_bsn():
    clean, problems = clean_row(row(bsn=None, geslachtsnaam="Jansen", geboortedatum="01-02-1980", postcode="2711 ab",
                                    huisnummer="12", crisissignaal="ja"), 1, KEY, TYPES)
    assert problems == [] and clean["postcode"] == "2711AB" and clean["house_number"] == 12 and clean["crisis"]
    assert clean["person_pseudonym"] is None


def test_an_unknown_amount_stays_unknown():
    clean, _ = clean_row(row(bedrag=None), 1, KEY, TYPES)
    assert clean["amount_cents"] is None


@pytest.mark.parametrize("changes, field, code", [
    ({"bsn": "123456789"}, "bsn", "bsn_elfproef"),
    ({"bsn": None}, "bsn", "no_person"),
    ({"referentie": " "}, "partner_reference", "required"),
    ({"signaalpartner": "Kapper"}, "partner_type", "partner_type_unknown"),
    ({"bedrag": "twaalf"}, "amount", "amount_invalid"),
    ({"bedrag": "-5"}, "amount", "amount_negative"),
    ({"signaaldatum": "31-02-2026"}, "signal_date", "date_invalid"),
    ({"signaaldatum": None}, "signal_date", "required"),
    ({"ontstaansdatum": "2026-12-01"}, "arrears_start", "start_after_signal"),
    ({"crisissignaal": "misschien"}, "crisis", "crisis_invalid"),
    ({"postcode": "0123AB"}, "postcode", "postcode_invalid"),
])
def test_each_bad_field_is_named_with_a_dutch_and_english_reason(changes, field, code):
    clean, problems = clean_row(row(**changes), 7, KEY, TYPES)
    assert clean is None
    assert (7, field, code) in [(p.row, p.field, p.code) for p in problems]
    found = next(p for p in problems if p.code == code).as_dict()
    assert found["reason"] == MESSAGES[code][0] and found["reason_en"] == MESSAGES[code][1]


@pytest.mark.parametrize("changes, field, code, reason", [
    ({"referentie": "R" * 101}, "partner_reference", "too_long", "te lang (hooguit 100 tekens)"),
    ({"bedrag": "9" * 30}, "amount", "too_large", "dit getal is te groot (hooguit 92233720368547758)"),
    ({"bedrag": "9" * 5000}, "amount", "too_large", "dit getal is te groot (hooguit 92233720368547758)"),
    ({"bsn": None, "geslachtsnaam": "Jan\x00sen", "geboortedatum": "1980-02-01", "postcode": "2711AB", "huisnummer": "3"},
     "surname", "text_invalid", "bevat een teken dat niet kan (zoals een nul-teken)"),
    ({"referentie": "R-\ud800"}, "partner_reference", "text_invalid", "bevat een teken dat niet kan (zoals een nul-teken)"),
    ({"bsn": None, "geslachtsnaam": "J" * 201, "geboortedatum": "1980-02-01", "postcode": "2711AB", "huisnummer": "3"},
     "surname", "too_long", "te lang (hooguit 200 tekens)"),
    ({"huisnummer": "\u00b2", "postcode": "2711AB"}, "house_number", "house_number_invalid", "geen geldig huisnummer"),
    ({"huisnummer": "9" * 5000, "postcode": "2711AB"}, "house_number", "too_large", "dit getal is te groot (hooguit 99999)"),
    ({"huisnummer": "000", "postcode": "2711AB"}, "house_number", "house_number_invalid", "geen geldig huisnummer"),
])
def test_what_the_signal_table_cannot_hold_is_a_row_problem(changes, field, code, reason):
    clean, problems = clean_row(row(**changes), 2, KEY, TYPES)
    assert clean is None
    found = [p for p in problems if (p.field, p.code) == (field, code)]
    assert found and found[0].as_dict()["reason"] == reason


def test_the_longest_values_the_table_holds_are_kept():
    clean, problems = clean_row(row(referentie="R" * 100, bedrag="92233720368547758,07", huisnummer="99999",
                                    postcode="2711AB"), 1, KEY, TYPES)
    assert problems == [] and clean["amount_cents"] == 2**63 - 1 and clean["house_number"] == 99999
