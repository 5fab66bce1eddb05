"""manage.py match_signals: the counts as JSON, cases made, idempotent, a clear error for an unknown municipality."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meedoen.signals.models import SignalCase

from test_matching import partner, signal, town  # noqa: F401 - fixture


def run(*args):
    out = StringIO()
    call_command("match_signals", *args, stdout=out)
    return json.loads(out.getvalue())


def test_matches_bundles_and_a_second_run_adds_nothing(town):
    huur = partner(town, "woco", "huur")
    signal(huur, "a", date(2026, 11, 2), 1000, person_pseudonym="P1")
    signal(huur, "b", date(2026, 11, 2), 1000, person_pseudonym="nobody")
    assert run("zoetermeer") == {"pseudonym": 1, "not_found": 1}
    assert list(SignalCase.objects.values_list("household_id", flat=True)) == ["H1"]
    assert run("zoetermeer") == {"pseudonym": 1, "not_found": 1} and SignalCase.objects.count() == 1


def test_an_unknown_municipality_is_named_with_the_known_ones(town):
    with pytest.raises(CommandError, match=r"utrecht: unknown municipality \(known: zoetermeer\)"):
        run("utrecht")
