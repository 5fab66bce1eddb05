"""The Wgs deadlines as the pathway uses them: due days, overdue first in the caseload, late in the portal.

The deadlines are rulebook data read by ``meedoen.signals.deadlines``; tests/signals/test_deadlines.py tests the law,
these test how the pathway uses them.
"""

import pytest

from dh_support import known_user
from django.urls import reverse

from meedoen.debthelp import deadlines, services
from meedoen.debthelp import vocabulary as v

from dh_support import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules_module():
    return deadlines.rules


def test_due_days_come_from_the_rules(rules_module, open_case, shv):
    case = open_case(registered_on=start(60), crisis=True)
    slug = case.family.municipality.slug
    assert deadlines.first_conversation_due(case) == rules_module.first_conversation_due(start(60), True, slug)
    assert deadlines.decision_due(case) is None  # no first conversation yet
    case = services.record_step(shv.user, case, v.INTAKE, on=start(50), stress_asked=True)
    assert deadlines.decision_due(case) == rules_module.decision_due(start(50), slug)
    both = deadlines.case_deadlines(case, start(0))
    first_due = rules_module.first_conversation_due(start(60), True, slug)
    assert both["first_conversation"]["status"] == ("met" if start(50) <= first_due else "late")
    decision_due = rules_module.decision_due(start(50), slug)
    assert both["decision"]["status"] == ("overdue" if start(0) > decision_due else "open")


def test_caseload_and_case_page_show_overdue(rules_module, client, debt_family, shv, casework_demo):
    late = services.open_case(shv.user, debt_family, origin=v.SIGNAL, registered_on=start(200), crisis=True)
    due = deadlines.first_conversation_due(late)
    assert due < start(0)  # long past under any deadline rules
    client.force_login(known_user("schuldhulp"))
    body = client.get(reverse("debthelp:caseload")).content.decode()
    assert "row--late" in body and "te laat" in body
    case_page = client.get(reverse("debthelp:case", args=[late.pk])).content.decode()
    assert due.strftime("%d-%m-%Y") in case_page
