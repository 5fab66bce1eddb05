"""Which debt cases a user may see: those of families the user's team is involved with and whose consent for money
(finances) the user's organisation has, narrowed in SQL by ``meedoen.casework.access``."""

from meedoen.casework import access
from meedoen.casework import vocabulary as cv

from . import deadlines
from . import vocabulary as v
from .models import DebtCase


def visible_cases(user, day=None):
    return access.readable(DebtCase.objects.all(), user, cv.FINANCES, day=day).select_related(
        "family__municipality", "organisation", "person")


def case_for(user, case_id):
    """The case when the user may see it, else None (the caller answers 404: no hint that it exists)."""
    return visible_cases(user, access.today()).filter(pk=case_id).first()


def with_deadlines(cases, today):
    """Each case with ``deadlines`` and ``overdue`` (a Wgs deadline passed, or the relapse check is due)."""
    rows = []
    for case in cases:
        case.deadlines = deadlines.case_deadlines(case, today)
        case.relapse_overdue = case.phase == v.CLOSED and case.relapse_check_due is not None and case.relapse_check_due < today
        case.overdue = case.relapse_overdue or any(d["status"] == "overdue" for d in case.deadlines.values())
        rows.append(case)
    return rows


def caseload(user, today):
    """Open cases (and finished ones waiting for the relapse check) the user may see, overdue first, then oldest."""
    cases = visible_cases(user, today).filter(phase__in=(*v.OPEN_PHASES, v.CLOSED))
    rows = with_deadlines(cases, today)
    return sorted(rows, key=lambda c: (not c.overdue, c.phase == v.CLOSED, c.registered_on, c.pk))
