"""Entering client households, running checks, and the append-only check history."""

import html
import json
import re
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from meedoen import __version__
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.workspace.models import AppendOnlyError, CheckRecord, ClientHousehold

pytestmark = pytest.mark.django_db

NEW = "/werkplek/huishoudens/nieuw/"

SEED_STATUSES = {  # eenoudergezin-115-procent.json on 2026-03-01
    "zoetermeerpas": "eligible",
    "kindpakket_kindpas": "eligible",
    "stichting_leergeld": "eligible",
    "tegemoetkoming_schoolkosten": "eligible",
    "collectieve_zorgverzekering_110_tot_120": "eligible",
    "collectieve_zorgverzekering_tot_110": "not_eligible",
    "individuele_inkomenstoeslag": "not_eligible",
    "kwijtschelding_gemeentelijke_belastingen": "undetermined",  # payment capacity (Invorderingswet 1990 art. 26): rent, premiums and the assessment are not given
    "voedselbank": "undetermined",
    "bijzondere_bijstand": "undetermined",
}


def text(response):
    return html.unescape(response.content.decode())


def statuses(response):
    return dict(re.findall(r'id="scheme-([a-z_0-9]+)" data-status="(\w+)"', response.content.decode()))


def post_new(client, household, reference="Z-2026-0100", municipality="zoetermeer", **extra):
    body = household if isinstance(household, str) else json.dumps(household)
    return client.post(NEW, {"municipality": municipality, "reference": reference, "household": body, **extra})


# creating a household

def test_form_has_labels_hints_and_no_errors(client_as, municipalities, django_assert_max_num_queries):
    client = client_as("professional")
    with django_assert_max_num_queries(5):
        response = client.get(NEW)
    page = text(response)
    assert response.status_code == 200
    for field in ("municipality", "reference", "household"):
        assert f'<label for="id_{field}">' in page
        assert f'aria-describedby="id_{field}-hint"' in page
    assert "error-summary" not in page
    assert "Case number" in text(client.get(NEW + "?lang=en"))


def test_create_household(client_as, municipalities, seed_data):
    client = client_as("professional")
    data = {k: v for k, v in seed_data.items() if k != "municipality"}  # filled in from the form
    response = post_new(client, data)
    assert response.status_code == 302
    household = ClientHousehold.objects.get(reference="Z-2026-0100")
    assert response["Location"] == f"/werkplek/huishoudens/{household.pk}/"
    assert household.household["municipality"] == "zoetermeer"
    assert household.municipality.slug == "zoetermeer"
    assert household.created_by.username == "user-professional"
    assert not household.checks.exists()
    assert "opgeslagen" in text(client.get(response["Location"]))


def test_cbs_code_in_the_household_is_accepted(client_as, municipalities, seed_data):
    response = post_new(client_as("coordinator"), {**seed_data, "municipality": "GM0637"})
    assert response.status_code == 302
    assert ClientHousehold.objects.get().household["municipality"] == "zoetermeer"


@pytest.mark.parametrize("body,expected", [
    ('{"members": [', "Dit is geen geldige JSON"),
    ("", "Vul dit in."),
    ("[1, 2]", "Het huishouden moet een JSON-object zijn"),
    ("null", "Het huishouden moet een JSON-object zijn"),
    ("[" * 100000 + "]" * 100000, "te diep genest"),
    # Readable and checked: well under the recursion limit, whatever the depth of the middleware stack above it.
    ('{"members": [], "facts": ' + "[" * 400 + "]" * 400 + "}", "Het huishouden klopt niet"),
], ids=["broken", "empty", "array", "null", "too-deep", "deep-but-readable"])
def test_bad_json_gives_a_form_error(client_as, municipalities, body, expected):
    response = post_new(client_as("professional"), body)
    page = text(response)
    assert response.status_code == 400
    assert expected in page
    assert 'class="error-summary"' in page and 'href="#id_household"' in page
    assert "field--error" in page
    assert not ClientHousehold.objects.exists()


def test_invalid_household_lists_its_problems(client_as, municipalities, seed_data):
    bad = json.loads(json.dumps(seed_data))
    bad["assets_cents"] = -5
    bad["members"][0]["salary"] = 100  # not a field of the format
    response = post_new(client_as("professional"), bad)
    page = text(response)
    assert response.status_code == 400
    assert "Het huishouden klopt niet op deze punten:" in page
    assert "assets_cents: -5 is less than the minimum of 0" in page
    assert "Het huishouden (JSON): het huishouden klopt niet op 2 punt(en)" in page  # in the error summary
    assert "members[0]" in page and "'salary'" in page
    assert 'aria-describedby="id_household-hint id_household-error"' in page
    assert not ClientHousehold.objects.exists()


def test_impossible_household_lists_its_problems(client_as, municipalities, seed_data):
    bad = json.loads(json.dumps(seed_data))
    bad["members"][1]["role"] = "applicant"  # two applicants
    bad["members"][2]["birth_date"] = "2018-02-30"
    response = post_new(client_as("professional"), bad)
    page = text(response)
    assert response.status_code == 400
    assert "needs exactly one member with role 'applicant', found 2" in page
    assert "members[2].birth_date: '2018-02-30' is not a real date" in page
    assert not ClientHousehold.objects.exists()


def test_birth_after_the_check_date_is_refused(client_as, municipalities, seed_data):
    bad = json.loads(json.dumps(seed_data))
    bad["members"][2]["birth_date"] = "2026-06-01"  # after MEEDOEN_CHECK_DATE
    response = post_new(client_as("professional"), bad)
    assert response.status_code == 400
    assert "after the evaluation date 2026-03-01" in text(response)


def test_other_or_unknown_municipality_in_the_household(client_as, municipalities, seed_data):
    client = client_as("professional")
    other = post_new(client, {**seed_data, "municipality": "groningen"})
    assert other.status_code == 400 and "noemt gemeente 'groningen'" in text(other)
    unknown = post_new(client, {**seed_data, "municipality": "atlantis"})
    assert unknown.status_code == 400 and "niet in het regelboek" in text(unknown)
    bad_choice = post_new(client, seed_data, municipality="atlantis")
    assert bad_choice.status_code == 400 and "Kies een van de gemeenten." in text(bad_choice)
    assert not ClientHousehold.objects.exists()


def test_duplicate_reference_gives_a_form_error(client_as, seed_household, seed_data):
    response = post_new(client_as("coordinator"), seed_data, reference=seed_household.reference)
    page = text(response)
    assert response.status_code == 400
    assert "Dit zaaknummer bestaat al in deze gemeente." in page
    assert 'href="#id_reference"' in page
    assert ClientHousehold.objects.count() == 1
    # the same case number in another municipality is fine
    groningen = {**seed_data, "municipality": "groningen", "district": None}
    assert post_new(client_as("coordinator"), groningen, reference=seed_household.reference,
                    municipality="groningen").status_code == 302


def test_errors_in_english(client_as, municipalities):
    response = post_new(client_as("professional"), "{oops", lang="en")
    assert response.status_code == 400
    assert "This is not valid JSON" in text(response)
    assert "Something is wrong" in text(response)


def test_reference_too_long(client_as, municipalities, seed_data):
    response = post_new(client_as("professional"), seed_data, reference="x" * 101)
    assert response.status_code == 400 and "hoogstens 100 tekens" in text(response)


# running a check

def test_run_check_stores_a_record_with_its_receipt(client_as, seed_household):
    client = client_as("professional")
    response = client.post(f"/werkplek/huishoudens/{seed_household.pk}/controleer/")
    assert response.status_code == 302
    record = CheckRecord.objects.get()
    rulebook = current_rulebook()
    assert record.household == seed_household
    assert record.evaluated_on == date(2026, 3, 1)
    assert record.rulebook_version == rulebook.version == record.result["receipt"]["rulebook_version"]
    assert record.rulebook_hash == rulebook.hash and len(record.rulebook_hash) == 64
    assert record.engine_version == __version__
    assert record.created_by.username == "user-professional"
    got = {s["id"]: s["status"] for s in record.result["schemes"]}
    for scheme, status in SEED_STATUSES.items():
        assert got[scheme] == status, scheme
    assert record.result["income"]["percent_of_social_minimum"].startswith("115")

    page = client.get(response["Location"])
    assert page.status_code == 200
    shown = statuses(page)
    assert shown["zoetermeerpas"] == "eligible"
    assert {k: shown[k] for k in SEED_STATUSES} == SEED_STATUSES
    body = text(page)
    assert "De controle is opgeslagen." in body
    assert record.rulebook_hash[:12] in body and "1 maart 2026" in body
    assert "Waarom?" in body  # the explanation of each scheme
    assert "Komt in aanmerking" in body and "U komt in aanmerking" not in body  # about the client, not to them


def test_checks_are_kept_as_history(client_as, seed_household, django_assert_max_num_queries):
    client = client_as("coordinator")
    url = f"/werkplek/huishoudens/{seed_household.pk}/"
    for _ in range(3):
        assert client.post(url + "controleer/").status_code == 302
    first, *rest = CheckRecord.objects.order_by("id")
    assert len(rest) == 2
    with django_assert_max_num_queries(6):
        page = client.get(url)
    assert text(page).count('<tr aria-current="true">') == 1
    assert f"?check={first.pk}" in text(page)
    older = client.get(f"{url}?check={first.pk}")
    assert "U bekijkt een oudere controle." in text(older)
    assert statuses(older)["zoetermeerpas"] == "eligible"


def test_detail_in_english_and_without_checks(client_as, seed_household):
    page = text(client_as("professional").get(f"/werkplek/huishoudens/{seed_household.pk}/?lang=en"))
    assert "Household Z-2026-0001" in page
    assert "This household has not been checked yet." in page
    assert "€1,531.14" in page  # the applicant's wages are counted; the child benefits are listed too
    assert "applicant" in page


def test_detail_query_count(client_as, seed_household, django_assert_max_num_queries):
    client = client_as("professional")
    with django_assert_max_num_queries(5):
        assert client.get(f"/werkplek/huishoudens/{seed_household.pk}/").status_code == 200  # no check yet
    client.post(f"/werkplek/huishoudens/{seed_household.pk}/controleer/")
    with django_assert_max_num_queries(6):
        assert client.get(f"/werkplek/huishoudens/{seed_household.pk}/").status_code == 200


def test_a_check_that_cannot_run_shows_the_problems(client_as, seed_household, monkeypatch):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2031-01-01")  # outside every validity period
    response = client_as("professional").post(f"/werkplek/huishoudens/{seed_household.pk}/controleer/")
    assert response.status_code == 400
    assert "Deze controle kon niet worden uitgevoerd" in text(response)
    assert "outside every validity period" in text(response)
    assert not CheckRecord.objects.exists()


# append-only

def stored_record(household):
    result = {"schemes": [], "receipt": {"evaluated_on": "2026-03-01", "rulebook_version": "v", "rulebook_hash": "h",
                                         "engine_version": "e", "unverified_parameters": []}}
    record = CheckRecord.from_result(household, result, household.created_by)
    record.save()
    return record


def test_check_records_cannot_be_changed(seed_household):
    record = stored_record(seed_household)
    record.rulebook_version = "changed"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        CheckRecord.objects.filter(pk=record.pk).update(rulebook_version="changed")
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workspace_checkrecord SET rulebook_version = 'changed' WHERE id = %s", [record.pk])
    assert CheckRecord.objects.get().rulebook_version == "v"
