"""Warm handover: a referral's state machine, with the referrer staying on until the receiver accepts.

requested → accepted → in_progress → completed
requested → rejected (with reason)      requested / accepted → revoked (with reason)
requested → expired (no answer before ``expires_at``)
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import audit
from .. import vocabulary as v
from ..errors import TransitionError, problem
from ..models import Referral, Team
from .families import register_involvement

DEFAULT_ANSWER_DAYS = 5  # Puddingprincipes target of 5 days to the right place (seeds-itj.md R-21, 001 lines 1202-1208)

ALLOWED = {
    v.ACCEPTED: {v.REQUESTED},
    v.REJECTED: {v.REQUESTED},
    v.STARTED: {v.ACCEPTED},
    v.COMPLETED: {v.STARTED},
    v.REVOKED: {v.REQUESTED, v.ACCEPTED},
    v.EXPIRED: {v.REQUESTED},
}


@transaction.atomic
def request(user, family, from_team, to_team, *, help_kind, reason, summary, handover=True, person=None,
            answer_days=DEFAULT_ANSWER_DAYS, now=None):
    now = now or timezone.now()
    if not isinstance(to_team, Team):
        raise problem("to_team", "Kies het team dat de hulp overneemt.", "Choose the team that takes over.")
    if to_team.organisation_id == from_team.organisation_id:
        raise problem("to_team", "Verwijs naar een andere organisatie.", "Refer to another organisation.")
    if to_team.organisation.municipality_id != family.municipality_id:
        raise problem("to_team", "Dit team werkt niet in de gemeente van het gezin.", "This team does not work in the family's municipality.")
    for field, value in (("help_kind", help_kind), ("reason", reason), ("summary", summary)):
        if not (value or "").strip():
            raise problem(field, "Dit veld is nodig.", "This field is required.")
    if person is not None and not family.memberships.filter(person=person).exists():
        raise problem("person", "Deze persoon hoort niet bij dit gezin.", "This person is not a member of this family.")
    if not isinstance(answer_days, int) or answer_days < 1:
        raise problem("answer_days", "Geef de ontvanger minstens 1 dag om te antwoorden.", "Give the receiver at least 1 day to answer.")
    referral = Referral.objects.create(
        family=family, person=person, from_organisation=from_team.organisation, from_team=from_team, requested_by=user,
        to_organisation=to_team.organisation, to_team=to_team, help_kind=help_kind, reason=reason, summary=summary,
        handover=handover, requested_at=now, expires_at=now + timedelta(days=answer_days))
    audit.log(user, family.pk, v.WRITE, v.REFERRALS, v.HANDOVER, f"verwijzing naar / referral to {to_team.organisation.name}")
    return referral


def _move(user, referral, status, *, now=None, reason=""):
    now = now or timezone.now()
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status not in ALLOWED[status]:
        raise TransitionError({"status": {
            "nl": f"Een verwijzing met status '{v.label(v.REFERRAL_STATUSES, locked.status)}' kan niet naar '{v.label(v.REFERRAL_STATUSES, status)}'.",
            "en": f"A referral that is '{v.label(v.REFERRAL_STATUSES, locked.status, 'en')}' cannot become '{v.label(v.REFERRAL_STATUSES, status, 'en')}'."}})
    if status in (v.REJECTED, v.REVOKED) and not (reason or "").strip():
        raise problem("reason", "Schrijf de reden op; het gezin en de verwijzer zien die.", "Write down the reason; the family and the referrer see it.")
    if status == v.ACCEPTED and now > locked.expires_at:
        # Too late to accept; expire_overdue (daily) records the expiry. The referrer can refer again.
        raise TransitionError({"status": {"nl": "De verwijzing is verlopen: de termijn om te antwoorden is voorbij.",
                                          "en": "The referral has expired: the time to answer has passed."}})
    locked.status = status
    if status in (v.ACCEPTED, v.REJECTED):
        locked.answered_at = now
    if status == v.STARTED:
        locked.started_at = now
    if status in (v.COMPLETED, v.REVOKED, v.EXPIRED, v.REJECTED):
        locked.closed_at = now
    if reason:
        locked.answer_reason = reason
    locked.save()
    referral.__dict__.update({k: getattr(locked, k) for k in ("status", "answered_at", "started_at", "closed_at", "answer_reason")})
    if user is not None:
        audit.log(user, locked.family_id, v.WRITE, v.REFERRALS, v.HANDOVER, f"verwijzing / referral: {status}")
    return locked


@transaction.atomic
def accept(user, referral, professional=None, now=None):
    """The receiver accepts: it becomes involved; with a handover, the referrer steps back now, not before."""
    locked = _move(user, referral, v.ACCEPTED, now=now)
    day = timezone.localdate(locked.answered_at)
    register_involvement(user, locked.family, locked.to_team, since=day, help_kind=locked.help_kind,
                         professional=professional, person=locked.person)
    if locked.handover:
        # The referrer steps back from what was handed over: the one member's help, or all of it.
        handed_over = locked.family.involvements.filter(team=locked.from_team, until__isnull=True)
        if locked.person_id is not None:
            handed_over = handed_over.filter(person_id=locked.person_id)
        for inv in handed_over:
            inv.until = max(day, inv.since)
            inv.save(update_fields=["until"])
    return locked


@transaction.atomic
def reject(user, referral, reason, now=None):
    return _move(user, referral, v.REJECTED, now=now, reason=reason)


@transaction.atomic
def start(user, referral, now=None):
    return _move(user, referral, v.STARTED, now=now)


@transaction.atomic
def complete(user, referral, now=None):
    return _move(user, referral, v.COMPLETED, now=now)


@transaction.atomic
def revoke(user, referral, reason, now=None):
    return _move(user, referral, v.REVOKED, now=now, reason=reason)


@transaction.atomic
def expire_overdue(now=None):
    """Mark every referral that got no answer before its expiry as expired. Returns how many."""
    now = now or timezone.now()
    return Referral.objects.filter(status=v.REQUESTED, expires_at__lt=now).update(status=v.EXPIRED, closed_at=now)
