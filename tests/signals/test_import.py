"""Importing signals: per-row report, good rows kept, same reference twice = one signal, also concurrently."""

import threading

import pytest
from django.db import connection

from meedoen.municipalities.models import Municipality, Organisation
from meedoen.signals.importer import import_rows, read_rows
from meedoen.signals.models import Signal, SignalPartner

KEY = b"k" * 32
CSV = ("referentie;bedrag;ontstaansdatum;signaaldatum;crisissignaal;bsn\n"
       "H-1;450,00;2026-09-01;2026-11-02;nee;111222333\n"
       "H-2;twaalf;2026-09-01;2026-11-02;nee;111222333\n"
       "H-3;;2026-09-01;2026-11-02;ja;999991012\n")


@pytest.fixture
def partner(db):
    town = Municipality.objects.create(slug="zoetermeer", name="Zoetermeer", cbs_code="0637", districts=[])
    org = Organisation.objects.create(municipality=town, slug="woco", name="Woningcorporatie (test)")
    return SignalPartner.objects.create(organisation=org, partner_type="huur")


def test_good_rows_are_kept_and_bad_ones_reported_by_row_and_field(partner):
    report = import_rows(partner, read_rows(CSV, "csv"), KEY)
    assert (report.created, report.duplicates) == (2, 0)
    assert [(p["row"], p["field"], p["code"]) for p in report.as_dict()["problems"]] == [(2, "amount", "amount_invalid")]
    stored = {s.partner_reference: s for s in Signal.objects.all()}
    assert stored["H-1"].amount_cents == 45000 and stored["H-3"].amount_cents is None and stored["H-3"].crisis
    assert stored["H-1"].partner_type == "huur"
    assert not Signal.objects.filter(person_pseudonym__contains="111222333").exists()


def test_the_same_file_twice_gives_one_signal_each(partner):
    import_rows(partner, read_rows(CSV, "csv"), KEY)
    again = import_rows(partner, read_rows(CSV, "csv"), KEY)
    assert (again.created, again.duplicates, Signal.objects.count()) == (0, 2, 2)


def test_json_shaped_after_ddas(partner):
    text = '{"signalen": [{"referentie": "J-1", "signaalpartner": "Huur", "bedrag": "10.00", ' \
           '"signaaldatum": "2026-11-02", "crisissignaal": true, "bsn": "111222333"}]}'
    assert import_rows(partner, read_rows(text, "json"), KEY).created == 1
    assert Signal.objects.get().crisis is True


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_overlapping_imports_make_no_duplicates():
    town = Municipality.objects.create(slug="zoetermeer", name="Zoetermeer", cbs_code="0637", districts=[])
    org = Organisation.objects.create(municipality=town, slug="woco", name="Woningcorporatie (test)")
    partner = SignalPartner.objects.create(organisation=org, partner_type="huur")
    rows = [{"referentie": f"R-{i}", "bedrag": "10", "signaaldatum": "2026-11-02", "bsn": "111222333"}
            for i in range(2000)]
    barrier = threading.Barrier(2)
    errors, reports = [], []

    def run(part):
        try:
            barrier.wait()
            reports.append(import_rows(partner, part, KEY))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(rows[:1500],)), threading.Thread(target=run, args=(rows[500:],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Signal.objects.filter(partner=partner).count() == 2000
    assert sum(r.created for r in reports) == 2000 and sum(r.duplicates for r in reports) == 1000


def test_the_command_imports_a_file_and_reports(partner, tmp_path, monkeypatch, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "signalen.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="MEEDOEN_PSEUDONYM_KEY"):
        call_command("import_signals", "zoetermeer", "woco", str(path))
    monkeypatch.setenv("MEEDOEN_PSEUDONYM_KEY", "k" * 32)
    call_command("import_signals", "zoetermeer", "woco", str(path))
    assert '"created": 2' in capsys.readouterr().out and Signal.objects.count() == 2
    with pytest.raises(CommandError, match="no signal partner"):
        call_command("import_signals", "zoetermeer", "nobody", str(path))
