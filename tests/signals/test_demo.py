"""The signals demo: partners (the demo housing corporation with its login), signals on register households,
matching, a few contact attempts and closed cases; loading it twice adds nothing."""

import pytest

from meedoen.casework.models import Professional
from meedoen.municipalities.models import Municipality
from meedoen.reach.demo import demo_day
from meedoen.reach.register.synthetic import generate_register
from meedoen.reach.services.runs import load_register
from meedoen.signals.demo import load_signals_demo
from meedoen.signals.models import ContactAttempt, Signal, SignalCase, SignalMatch, SignalPartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(casework_demo, tmp_path):
    """A small synthetic Zoetermeer register, loaded as the reach demo does (fewer households)."""
    generated = generate_register(tmp_path / "register", 1500, day=demo_day(), overwrite=True)
    return load_register(generated.path, Municipality.objects.get(slug="zoetermeer"))


def counts():
    return {"signals": Signal.objects.count(), "matches": SignalMatch.objects.count(),
            "cases": SignalCase.objects.count(), "attempts": ContactAttempt.objects.count(),
            "closed": SignalCase.objects.filter(closed_at__isnull=False).count(),
            "partners": SignalPartner.objects.count()}


def test_loading_twice_gives_the_same_data(register):
    first = load_signals_demo()
    before = counts()
    assert load_signals_demo() == first and counts() == before
    assert before["signals"] >= 200 and before["partners"] == 4
    assert first["signals"] == before["signals"] and first["cases"] == before["cases"] > 100


def test_matched_unmatched_repeats_crisis_and_outreach(register):
    summary = load_signals_demo()
    methods = set(SignalMatch.objects.values_list("method", flat=True))
    assert {"pseudonym", "name_address", ""} <= methods
    assert SignalMatch.objects.filter(method="", reason="not_found").exists()
    assert summary["matched"] + summary["unmatched"] == summary["signals"] and summary["unmatched"] > 0
    assert SignalMatch.objects.filter(not_picked_up=True).exists()  # repeats of an amount that did not grow
    assert SignalCase.objects.filter(crisis=True).exists() and not SignalCase.objects.filter(due__isnull=True).exists()
    assert summary["closed"] >= 3 and summary["attempts"] >= 10
    assert set(SignalCase.objects.exclude(result="").values_list("result", flat=True)) >= {"hulp_geaccepteerd"}
    assert {s.partner_type for s in Signal.objects.all()} == {"huur", "energie", "water", "zorg"}
    for case in SignalCase.objects.filter(closed_at__isnull=False):
        assert case.closed_at.date() >= case.opened_on


def test_the_queue_shows_open_cases_and_a_case_page_opens(register, client):
    load_signals_demo()
    client.force_login(Professional.objects.get(user__username="schuldhulp").user)
    body = client.get("/werkplek/signalen/").content.decode()
    first = SignalCase.objects.filter(closed_at__isnull=True).order_by("-crisis", "due", "pk").first()
    assert first is not None and f">{first.household_id}</a>" in body
    assert client.get(f"/werkplek/signalen/{first.pk}/").status_code == 200
    closed = SignalCase.objects.filter(closed_at__isnull=False).first()
    assert f">{closed.household_id}</a>" not in body


def test_the_demo_housing_corporation_is_the_huur_partner_with_login_woning(register):
    load_signals_demo()
    huur = SignalPartner.objects.get(partner_type="huur")
    assert huur.organisation.name == "Woningcorporatie Zoetermeer (demo)"
    woning = Professional.objects.get(user__username="woning")
    assert woning.organisation_id == huur.organisation_id
    assert Signal.objects.filter(partner=huur).count() > 50
