"""The rulebook page for functional administrators (and, read-only, for policy)."""

import html
import re

import pytest

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook

pytestmark = pytest.mark.django_db

PAGE = "/werkplek/regelboek/zoetermeer/"


def text(response):
    return html.unescape(response.content.decode())


def scheme_block(page, scheme_id):
    start = page.index(f'id="scheme-{scheme_id}"')
    return page[start:page.index("</article>", start)]


def test_rulebook_page_lists_schemes_with_periods_and_tests(client_as, municipalities, django_assert_max_num_queries):
    client = client_as("functional_admin")
    with django_assert_max_num_queries(4):
        response = client.get(PAGE)
    assert response.status_code == 200
    page = text(response)
    rulebook = current_rulebook()
    zoetermeer = rulebook.municipalities["zoetermeer"]
    for scheme in zoetermeer.schemes:
        assert f'id="scheme-{scheme.id}"' in page
    pas = scheme_block(page, "zoetermeerpas")
    assert 'data-valid-from="2024-01-01" data-valid-to="2026-12-31"' in pas
    assert "2024-01-01" in pas and "2026-12-31" in pas
    assert "Uw inkomen is 120% van de bijstandsnorm of minder" in pas  # the income limit
    assert "gemeente Zoetermeer" in pas  # the provider
    assert "rulebook/municipalities/zoetermeer/schemes/zoetermeerpas.yaml" in pas  # the source file
    assert "tabel 1 (Armoederegelingen in Zoetermeer)" in pas  # a public source
    # the rule tests ran and passed
    assert 'data-tests="passed"' in page
    assert re.search(r"Alle \d+ regeltests slagen\.", page)
    assert 'data-passed="false"' not in page
    # the receipt of the rulebook
    assert f'<dd id="rulebook-version">{rulebook.version}</dd>' in page
    assert f'<code id="rulebook-hash">{rulebook.hash}</code>' in page
    # unverified (U) values, e.g. the 2026 single norm and the Voedselbank limit
    assert "bijstandsnorm single_21_aow excl_vt" in page
    assert "voedselbank: spending_money_below_limit" in page
    # an organisation as provider
    assert "Stichting Leergeld" in scheme_block(page, "stichting_leergeld")
    # functional administrators may update the municipalities; no read-only note
    assert "alleen bekijken" not in page


def test_rulebook_page_shows_failing_tests(client_as, municipalities, monkeypatch):
    from meedoen.rules.testing import TestResult
    from meedoen.workspace import overview

    def failing(rulebook, municipality_id):
        test = current_rulebook().tests[0]
        return [TestResult(test, ["zoetermeerpas: expected eligible, got not_eligible"])]

    monkeypatch.setattr(overview, "test_results", failing)
    page = text(client_as("functional_admin").get(PAGE))
    assert 'data-tests="failed"' in page
    assert "1 van de 1 regeltests mislukken." in page
    assert "zoetermeerpas: expected eligible, got not_eligible" in page


def test_policy_sees_the_rulebook_read_only(client_as, municipalities):
    client = client_as("policy")
    page = text(client.get(PAGE))
    assert 'id="scheme-zoetermeerpas"' in page
    assert "U kunt het regelboek alleen bekijken." in page
    index = text(client.get("/werkplek/regelboek/"))
    assert "/werkplek/regelboek/bijwerken/" not in index
    assert client.post("/werkplek/regelboek/bijwerken/").status_code == 403


def test_rulebook_page_in_english(client_as, municipalities):
    page = text(client_as("policy").get(PAGE + "?lang=en"))
    assert "1 January 2024 to 31 December 2026" in page
    assert "Your income is 120% of the social assistance norm or less" in page
    assert re.search(r"All \d+ rule tests pass\.", page)


def test_rulebook_index_and_sync(client_as, municipalities, django_assert_max_num_queries):
    client = client_as("functional_admin")
    with django_assert_max_num_queries(4):
        index = text(client.get("/werkplek/regelboek/"))
    assert "/werkplek/regelboek/zoetermeer/" in index and "/werkplek/regelboek/groningen/" in index
    Municipality.objects.filter(slug="zoetermeer").update(name="Oud")
    response = client.post("/werkplek/regelboek/bijwerken/")
    assert response.status_code == 302
    assert Municipality.objects.get(slug="zoetermeer").name == "Zoetermeer"
    assert "bijgewerkt" in text(client.get(response["Location"]))


def test_unknown_municipality(client_as, municipalities):
    client = client_as("functional_admin")
    assert client.get("/werkplek/regelboek/atlantis/").status_code == 404
    Municipality.objects.create(slug="nergens", name="Nergens", cbs_code="GM9999")
    response = client.get("/werkplek/regelboek/nergens/")
    assert response.status_code == 404
    assert "niet in het geladen regelboek" in text(response)
