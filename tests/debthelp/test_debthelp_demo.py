"""The demo: cases in different phases on the demo families, loaded twice without duplicates."""

import pytest

from dh_support import known_user

from meedoen.debthelp import vocabulary as v
from meedoen.debthelp.demo import load_debthelp_demo
from meedoen.debthelp.models import DebtCase

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_spans_phases(casework_demo, client):
    load_debthelp_demo()
    first = DebtCase.objects.count()
    load_debthelp_demo()
    assert DebtCase.objects.count() == first >= 3
    phases = set(DebtCase.objects.values_list("phase", flat=True))
    assert {v.SETTLEMENT, v.CLOSED, v.REGISTERED} <= phases
    closed = DebtCase.objects.get(phase=v.CLOSED)
    assert closed.relapse_check_due is not None
    client.force_login(known_user("schuldhulp"))
    body = client.get("/werkplek/schuldhulp/").content.decode()
    assert "Gezin Yilmaz" in body and "Gezin de Vries" in body
    client.force_login(known_user("gezin-yilmaz"))
    assert "Hulp bij schulden" in client.get("/mijn-gezin/").content.decode()
