"""Outreach on signal cases: contact attempts (DDAS Contactpoging), closing a case, the exclusion list, the queue.

Kinds follow the DDAS attribute Contactpoging.soort (EnumContactsoort) and parts of day Contactpoging.dagdeel
(EnumDagdeel: ochtend, middag, avond), VNG-Realisatie/ddas-vroegsignalering, docs/definities (Model
Vroegsignalering); the short lists below are ours in that spirit, not the DDAS code list verbatim.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from meedoen.casework import access
from meedoen.workspace import roles

from .models import ContactAttempt, Exclusion, SignalCase

KINDS = ("brief", "telefoon", "huisbezoek", "e-mail", "sms", "overig")
PARTS_OF_DAY = ("ochtend", "middag", "avond")
RESULTS = ("hulp_geaccepteerd", "hulp_geweigerd", "geen_hulp_nodig", "niet_bereikt", "verhuisd", "overig")
MAY_EXCLUDE = (roles.COORDINATOR, roles.FUNCTIONAL_ADMIN)


class OutreachError(ValueError):
    """Bad input: ``errors`` maps each field to a message code."""

    def __init__(self, errors):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def excluded_households(municipality_id):
    return Exclusion.objects.filter(municipality_id=municipality_id).values("household_id")


def cases():
    """Cases (open or closed) of households not excluded."""
    from django.db.models import Exists, OuterRef
    excluded = Exclusion.objects.filter(municipality_id=OuterRef("municipality_id"), household_id=OuterRef("household_id"))
    return SignalCase.objects.exclude(Exists(excluded)).select_related("municipality")


def queue(overdue_on=None):
    """Open cases of households not excluded: crisis first, then by due date; with ``overdue_on`` (a date) only the
    cases whose first-conversation deadline lies before it."""
    found = cases().filter(closed_at__isnull=True)
    if overdue_on is not None:
        found = found.filter(due__lt=overdue_on)
    return found.order_by("-crisis", "due", "pk")


def unmatched():
    """Signals not linked to a register household, with the match row that holds the reason (matching.REASONS)."""
    from .models import SignalMatch
    return (SignalMatch.objects.filter(method="").select_related("signal", "signal__partner__organisation",
                                                                 "signal__municipality")
            .order_by("-signal__signal_date", "signal_id"))


def record_attempt(case, user, data):
    """Record a contact attempt from form ``data`` (kind, reached ja/nee, date YYYY-MM-DD, part_of_day)."""
    errors, kind, part = {}, data.get("kind", ""), data.get("part_of_day", "")
    if kind not in KINDS:
        errors["kind"] = "kind_invalid"
    if part not in PARTS_OF_DAY:
        errors["part_of_day"] = "part_of_day_invalid"
    reached = {"ja": True, "nee": False}.get(data.get("reached", ""))
    if reached is None:
        errors["reached"] = "reached_invalid"
    try:
        day = date.fromisoformat(data.get("date", ""))
        if day > access.today():
            errors["date"] = "date_future"
    except ValueError:
        errors["date"] = "date_invalid"
    if errors:
        raise OutreachError(errors)
    return ContactAttempt.objects.create(case=case, kind=kind, reached=reached, date=day, part_of_day=part, by=user)


def close_case(case, user, result):
    if result not in RESULTS:
        raise OutreachError({"result": "result_invalid"})
    with transaction.atomic():
        updated = SignalCase.objects.filter(pk=case.pk, closed_at__isnull=True).update(
            closed_at=timezone.now(), result=result, closed_by=user)
    if not updated:
        raise OutreachError({"result": "already_closed"})


def add_exclusion(user, municipality, household_id, reason):
    if not roles.has_role(user, *MAY_EXCLUDE):
        raise PermissionError("only a coordinator or functional administrator may exclude")
    household_id, reason = (household_id or "").strip(), (reason or "").strip()
    errors = {}
    if not household_id:
        errors["household_id"] = "household_required"
    if not reason:
        errors["reason"] = "reason_required"
    if errors:
        raise OutreachError(errors)
    row, _ = Exclusion.objects.get_or_create(municipality=municipality, household_id=household_id,
                                             defaults={"reason": reason, "recorded_by": user})
    return row
