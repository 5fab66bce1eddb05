"""Early-signalling figures and the statistics export (real PostgreSQL): each figure against a count by hand."""

import csv
import io
import json
import math
import re
from datetime import date, datetime, timedelta, timezone
from statistics import median

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings

from meedoen.municipalities.models import Municipality, Organisation
from meedoen.reach.figures import THRESHOLD
from meedoen.reach.models import RegisterLoad
from meedoen.signals import figures
from meedoen.signals.models import ContactAttempt, Exclusion, Signal, SignalCase, SignalPartner
from meedoen.signals.thresholds import partner_type_choices

PERIOD = figures.Period(date(2026, 9, 1), date(2026, 11, 30))
TODAY = date(2026, 10, 20)
URL = "/werkplek/signalen/cijfers/"


def spec(i):
    """Case ``i`` of the fixture: opened, due (or None), attempts [(day, reached)], result, closed."""
    opened = date(2026, 9, 1) + timedelta(days=3 * i)
    due = None if i % 6 == 5 else opened + timedelta(days=20)
    attempts = []
    if i % 4 != 3:
        attempts.append((opened + timedelta(days=i % 7 + 1), i % 3 != 0))
        if i % 3 == 0 and i % 2 == 0:
            attempts.append((opened + timedelta(days=i % 5 + 10), True))
    closed = i % 2 == 0
    result = ("hulp_geaccepteerd" if i % 4 == 0 else "geen_hulp_nodig") if closed else ""
    return {"household": f"HH-SECRET-{i:02d}", "opened": opened, "due": due, "attempts": attempts,
            "result": result, "closed": closed}


SPECS = [spec(i) for i in range(24)]


def make_case(town, load, s):
    case = SignalCase.objects.create(municipality=town, load=load, household_id=s["household"], opened_on=s["opened"],
                                     due=s["due"], result=s["result"],
                                     closed_at=datetime(2026, 11, 1, tzinfo=timezone.utc) if s["closed"] else None)
    for day, reached in s["attempts"]:
        ContactAttempt.objects.create(case=case, kind="telefoon", reached=reached, date=day, part_of_day="ochtend")
    return case


def partner(town, slug, kind):
    org = Organisation.objects.create(municipality=town, slug=slug, name=slug)
    return SignalPartner.objects.create(organisation=org, partner_type=kind)


def signals(p, n, day, crisis=0, prefix=""):
    Signal.objects.bulk_create(
        Signal(partner=p, municipality=p.organisation.municipality, partner_reference=f"{prefix}{p.pk}-{day}-{k}",
               partner_type=p.partner_type, signal_date=day, crisis=k < crisis, person_pseudonym=f"PSEUDO{k:04d}X")
        for k in range(n))


@pytest.fixture
def town(db):
    town = Municipality.objects.create(slug="zoetermeer", name="Zoetermeer", cbs_code="0637", districts=[])
    other = Municipality.objects.create(slug="elders", name="Elders", cbs_code="9999", districts=[])
    load = RegisterLoad.objects.create(municipality=town, source="test")
    for s in SPECS:
        make_case(town, load, s)
    # not counted: opened before the period, an excluded household, another municipality
    make_case(town, load, {**spec(1), "household": "HH-EARLY", "opened": date(2026, 8, 20)})
    make_case(town, load, {**spec(2), "household": "HH-EXCLUDED"})
    Exclusion.objects.create(municipality=town, household_id="HH-EXCLUDED", reason="al in schuldhulp")
    make_case(other, RegisterLoad.objects.create(municipality=other, source="test"), {**spec(4), "household": "HH-ELSE"})
    huur, energie, water = partner(town, "woco", "huur"), partner(town, "eneco", "energie"), partner(town, "dunea", "water")
    signals(huur, 12, date(2026, 9, 14), crisis=2)
    signals(energie, 3, date(2026, 11, 30))
    signals(water, 11, date(2026, 9, 1))
    signals(huur, 5, date(2026, 8, 31), prefix="early")  # before the period
    signals(partner(other, "elders-woco", "huur"), 4, date(2026, 10, 1))
    return town


def p90(values):
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def by_hand(specs, today):
    first_attempt = [min(d for d, _ in s["attempts"]) for s in specs if s["attempts"]]
    first_reached = {s["household"]: min(d for d, r in s["attempts"] if r) for s in specs if any(r for _, r in s["attempts"])}
    wait_attempt = [(min(d for d, _ in s["attempts"]) - s["opened"]).days for s in specs if s["attempts"]]
    wait_reached = [(first_reached[s["household"]] - s["opened"]).days for s in specs if s["household"] in first_reached]
    assert len(first_attempt) == len(wait_attempt)
    return {
        "cases": len(specs), "cases_reached": len(first_reached),
        "cases_help_accepted": sum(s["result"] == "hulp_geaccepteerd" for s in specs),
        "days_to_first_attempt": {"count": len(wait_attempt), "median": median(wait_attempt), "p90": p90(wait_attempt)},
        "days_to_first_reached": {"count": len(wait_reached), "median": median(wait_reached), "p90": p90(wait_reached)},
        "due_known": sum(s["due"] is not None for s in specs),
        "reached_by_due": sum(s["due"] is not None and s["household"] in first_reached
                              and first_reached[s["household"]] <= s["due"] for s in specs),
        "cases_open": sum(not s["closed"] for s in specs),
        "cases_overdue": sum(not s["closed"] and s["due"] is not None and s["due"] < today for s in specs),
    }


def test_each_figure_matches_a_count_by_hand(town):
    got = figures.exact(town, PERIOD, TODAY)
    expected = by_hand(SPECS, TODAY)
    for key, value in expected.items():
        assert got[key] == value, key
    assert got["signals"] == 12 + 3 + 11 and got["crisis_signals"] == 2
    assert {k: v for k, v in got["signals_by_partner_type"].items() if v} == {"huur": 12, "energie": 3, "water": 11}
    codes = [code for code, _ in partner_type_choices("zoetermeer")]
    assert list(got["signals_by_partner_type"]) == codes  # every DDAS partner type, in the code list's order
    # a shorter period counts fewer: the period bounds are applied, both ends included
    september = figures.exact(town, figures.Period(date(2026, 9, 1), date(2026, 9, 30)), TODAY)
    assert september["cases"] == sum(s["opened"].month == 9 for s in SPECS) and september["signals"] == 12 + 11


def test_small_cells_are_hidden_and_cannot_be_worked_back(town):
    shown = figures.report(town, PERIOD, TODAY)
    exact = figures.exact(town, PERIOD, TODAY)
    assert shown["threshold"] == THRESHOLD
    types = shown["signals_by_partner_type"]
    # energie (3) is small; water (11) is hidden too, else 26 - 12 - 11 would give it back
    assert types["energie"] is None and types["water"] is None and types["huur"] == 12
    assert shown["signals"] == 26 and shown["crisis_signals"] is None  # 2 crisis signals
    assert all(v == 0 for k, v in types.items() if k not in ("huur", "energie", "water"))
    assert shown["cases"] == exact["cases"]
    for key in ("cases_reached", "cases_help_accepted", "cases_open", "cases_overdue"):
        n, rest = exact[key], (exact["cases_open"] if key == "cases_overdue" else exact["cases"]) - exact[key]
        small = 0 < n < THRESHOLD or 0 < rest < THRESHOLD
        assert (shown[key] is None) == small, key
        if not small:
            assert shown[key] == n
    if shown["cases_reached"] is None:
        assert shown["reached_percent"] is None
    else:
        assert shown["reached_percent"] == round(100 * exact["cases_reached"] / exact["cases"], 1)
    for key in ("days_to_first_attempt", "days_to_first_reached"):
        assert exact[key]["count"] >= THRESHOLD and shown[key] == exact[key]


def test_a_small_total_hides_everything():
    few = {"signals": 4, "signals_by_partner_type": {"huur": 4, "water": 0}, "crisis_signals": 0, "cases": 4,
           "cases_reached": 2, "cases_help_accepted": 1, "due_known": 4, "reached_by_due": 2, "cases_open": 2,
           "cases_overdue": 1, "days_to_first_attempt": {"count": 3, "median": 2, "p90": 5},
           "days_to_first_reached": {"count": 2, "median": 3, "p90": 4}}
    shown = figures.shown(few)
    assert shown["cases"] is None and shown["signals"] is None and shown["signals_by_partner_type"]["huur"] is None
    assert all(shown[k] is None for k in ("cases_reached", "reached_percent", "help_accepted_percent", "cases_open",
                                          "cases_overdue", "reached_by_due_percent"))
    assert shown["days_to_first_attempt"] == {"count": None, "median": None, "p90": None}
    many = {**few, "signals": 40, "signals_by_partner_type": {"huur": 40, "water": 0}, "cases": 40,
            "cases_reached": 20, "cases_help_accepted": 10, "due_known": 40, "reached_by_due": 20, "cases_open": 20,
            "cases_overdue": 10, "days_to_first_attempt": {"count": 30, "median": 2, "p90": 5},
            "days_to_first_reached": {"count": 20, "median": 3, "p90": 4}}
    shown = figures.shown(many)
    assert shown["reached_percent"] == 50.0 and shown["help_accepted_percent"] == 25.0
    assert shown["reached_by_due_percent"] == 50.0 and shown["cases_overdue"] == 10 and shown["hidden"] == []
    assert shown["signals_by_partner_type"] == {"huur": 40, "water": 0}


def login(client, role):
    user = User.objects.create_user(role, password="pw-test-1234")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    client.force_login(user)
    return user


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", TODAY.isoformat())


QUERY = {"municipality": "zoetermeer", "from": "2026-09", "to": "2026-11"}


@override_settings(ROOT_URLCONF="signals_figures_urls")
def test_page_for_policy_and_coordinators_only(client, town, pinned):
    assert client.get(URL).status_code == 302  # log in first
    login(client, "professional")
    assert client.get(URL, QUERY).status_code == 403
    assert client.get(URL + "export.csv", QUERY).status_code == 403
    assert client.get(URL + "export.json", QUERY).status_code == 403
    client.logout()
    login(client, "policy")
    page = client.get(URL, QUERY)
    body = page.content.decode()
    assert page.status_code == 200 and "Cijfers vroegsignalering" in body and "export.csv?" in body
    assert "HH-SECRET" not in body and "PSEUDO" not in body
    assert "Early-signalling figures" in client.get(URL, {**QUERY, "lang": "en"}).content.decode()
    client.logout()
    login(client, "coordinator")
    assert client.get(URL, QUERY).status_code == 200


@override_settings(ROOT_URLCONF="signals_figures_urls")
def test_bad_period_gives_400_with_the_field_named(client, town, pinned):
    login(client, "policy")
    bad = client.get(URL, {**QUERY, "from": "gisteren"})
    assert bad.status_code == 400 and 'id="id_from-error"' in bad.content.decode()
    assert "Vul een datum in als 2026-09-01" in bad.content.decode()
    backwards = client.get(URL, {**QUERY, "from": "2026-12-01", "to": "2026-11-30"})
    assert backwards.status_code == 400 and "De einddatum ligt vóór de begindatum." in backwards.content.decode()
    assert client.get(URL, {**QUERY, "municipality": "nergens"}).status_code == 400
    # the export covers whole months only
    part = client.get(URL + "export.json", {**QUERY, "from": "2026-09-15"})
    assert part.status_code == 400 and "from" in part.json()["errors"]
    assert client.get(URL + "export.csv", {**QUERY, "to": "2026-13"}).status_code == 400


@override_settings(ROOT_URLCONF="signals_figures_urls")
def test_export_has_aggregates_only_months_only_and_suppressed_cells(client, town, pinned):
    login(client, "policy")
    exact = figures.exact(town, PERIOD, TODAY)
    text = client.get(URL + "export.csv", QUERY).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == figures.EXPORT_COLUMNS
    cell = {(r["figure"], r["partner_type"]): r for r in rows}
    assert cell[("cases", "")]["value"] == str(exact["cases"]) and cell[("cases", "")]["gemeentecode"] == "0637"
    assert cell[("signals", "energie")]["value"] == "" and cell[("signals", "energie")]["suppressed"] == "1"
    assert cell[("signals", "huur")]["value"] == "12" and cell[("signals", "huur")]["suppressed"] == "0"
    assert {r["period_from"] for r in rows} == {"2026-09"} and {r["period_to"] for r in rows} == {"2026-11"}
    body = client.get(URL + "export.json", QUERY)
    data = json.loads(body.content)
    assert data["gemeentecode"] == "0637" and len(data["rows"]) == len(rows)
    assert next(r for r in data["rows"] if r["figure"] == "days_to_first_attempt_median")["value"] == \
        exact["days_to_first_attempt"]["median"]
    for content in (text, body.content.decode()):
        assert "HH-" not in content and "PSEUDO" not in content  # no household id, no pseudonym
        assert not re.search(r"\d{4}-\d{2}-\d{2}", content)  # no date finer than a month
