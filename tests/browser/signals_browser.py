"""Helpers of the early-signal browser scenario: a small register imported from synthetic BRP data, the partner's
signal file (DDAS field names), and what the rules engine expects of the scheme check (computed, never written here).
"""

import csv
import io
import json
from datetime import date
from pathlib import Path

from django.core.management import call_command

FIXTURES = Path(__file__).parent.parent / "reach" / "fixtures"  # synthetic BRP persons and benefits exports
KEY = "signals-browser-scenario-key-0123456789"  # MEEDOEN_PSEUDONYM_KEY of the register and the signals import
REFERENCE_DATE = date(2026, 3, 1)  # the register's reference date: the harness's pinned day
HUUR_ORGANISATION = "woningcorporatie_demo"  # the demo housing corporation of the casework demo (login "woning")


def load_brp_register(tmp_path):
    """A register made from the synthetic BRP and benefits fixtures of tests/reach/fixtures (import_register, with
    the pseudonym key the signals import uses too) and loaded for Zoetermeer. Returns the RegisterLoad.

    Not the synthetic register of the reach demo: its postcodes (0000-0999) are refused by the signals import
    and it holds no BSNs, so a partner's file could not name any of its households.
    """
    from meedoen.municipalities.models import Municipality
    from meedoen.reach.register.importer import import_register
    from meedoen.reach.services.runs import load_register

    report = import_register(tmp_path / "register", [FIXTURES / "brp-personen.json"], FIXTURES / "uitkeringen.csv",
                             FIXTURES / "inkomens.csv", FIXTURES / "gebruik-regelingen.csv", FIXTURES / "wijken.csv",
                             pseudonym_key=KEY, municipality="GM0637", reference_date=REFERENCE_DATE)
    assert report.register is not None, report.to_text("en")
    return load_register(report.dest, Municipality.objects.get(slug="zoetermeer"))


def person(load, bsn):
    """The register person with this BSN (found by its keyed pseudonym: the register holds no BSN)."""
    from meedoen.reach.models import RegisterPerson
    from meedoen.reach.register.validate import pseudonym

    return RegisterPerson.objects.get(load=load, person_id=pseudonym(KEY.encode(), "person", bsn))


def address_of(load, household_id):
    from meedoen.reach.models import RegisterAddress, RegisterHousehold

    home = RegisterHousehold.objects.get(load=load, household_id=household_id)
    return RegisterAddress.objects.get(load=load, address_id=home.address_id)


def engine_expectation(load_id, household_id, debts_cents, day, municipality="zoetermeer"):
    """What the rules engine says of the register household on ``day`` with ``debts_cents`` of debts: the eligible
    schemes the register does not show in use ({scheme id: Dutch name}), and the receipt."""
    from meedoen.municipalities.rulebook import current_rulebook
    from meedoen.reach.letters import register_households
    from meedoen.reach.models import RegisterSchemeUse
    from meedoen.rules.evaluate import evaluate

    household = register_households(load_id, [household_id], day)[household_id]
    household = {"id": household_id, **household, "debts_cents": debts_cents}
    if household.get("district") is None:
        household.pop("district", None)
    result = evaluate(current_rulebook(), household, day, municipality=municipality)
    used = {scheme for scheme, until in RegisterSchemeUse.objects.filter(
        load_id=load_id, household_id=household_id, since__lte=day).values_list("scheme", "until")
        if until is None or until >= day}
    unused = {s["id"]: s["name"]["nl"] for s in result["schemes"] if s["status"] == "eligible" and s["id"] not in used}
    return unused, result["receipt"]


def partner_file(path, rows):
    """The housing corporation's signal file: CSV with semicolons and the DDAS field names, amounts as 1.234,56; a
    person by BSN or by surname + birth date + postcode + house number (an empty cell where not given)."""
    fields = ["referentie", "bedrag", "ontstaansdatum", "signaaldatum", "crisissignaal", "bsn", "geslachtsnaam",
              "geboortedatum", "postcode", "huisnummer"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";", lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def euros_nl(cents):
    """1234550 -> '12.345,50' (the way a Dutch partner writes an amount in its file)."""
    whole, part = divmod(cents, 100)
    return f"{whole:,}".replace(",", ".") + f",{part:02d}"


def import_signals(path, municipality="zoetermeer", organisation=HUUR_ORGANISATION):
    """Run ``manage.py import_signals`` as the partner's file comes in; returns its JSON report."""
    out = io.StringIO()
    call_command("import_signals", municipality, organisation, str(path), stdout=out)
    return json.loads(out.getvalue())
