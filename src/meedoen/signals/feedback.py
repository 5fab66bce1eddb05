"""What a signal partner may hear back about its own signal: one coarse status, never the case's result.

After the DDAS code list EnumSignaalstatus / EnumEindresultaat (VNG-Realisatie/ddas-vroegsignalering,
docs/definities/Detail_Model Vroegsignalering.md): a repeated signal ("Niet opgepakt: herhaalde melding") is fed back
to the partner; for a signal not picked up for another reason the partner "may only know that it was not picked up,
not the specific reason". Everything else the municipality learns about the household (reached or not, help accepted,
refused, moved, handed over) stays with the municipality: the partner sees received, in progress or closed.
docs/signals.md ("Partner API") gives the reasoning.
"""

from django.db.models import Exists, F, OuterRef, Subquery

from .models import ContactAttempt, Exclusion

RECEIVED, IN_PROGRESS, CLOSED = "received", "in_progress", "closed"
NOT_PICKED_UP_REPEAT, NOT_PICKED_UP = "not_picked_up_repeat", "not_picked_up"
STATUSES = (RECEIVED, IN_PROGRESS, CLOSED, NOT_PICKED_UP_REPEAT, NOT_PICKED_UP)

LABELS = {
    RECEIVED: ("Ontvangen: de gemeente heeft het signaal en heeft het nog niet opgepakt.",
               "Received: the municipality has the signal and has not picked it up yet."),
    IN_PROGRESS: ("In behandeling: de gemeente heeft het signaal opgepakt en zoekt contact of heeft contact.",
                  "In progress: the municipality has picked up the signal and is seeking or has contact."),
    CLOSED: ("Afgerond: de gemeente heeft de behandeling van het signaal afgesloten.",
             "Closed: the municipality has finished handling the signal."),
    NOT_PICKED_UP_REPEAT: ("Niet opgepakt: herhaalde melding. De achterstand is niet hoger dan bij uw vorige signaal.",
                           "Not picked up: repeated signal. The arrears are not higher than in your previous signal."),
    NOT_PICKED_UP: ("Niet opgepakt. De reden delen wij niet.", "Not picked up. We do not share the reason."),
}


def with_feedback(signals):
    """``signals`` (a Signal queryset) annotated with what :func:`feedback` needs, in the same query."""
    attempts = ContactAttempt.objects.filter(case_id=OuterRef("match__case_id")).order_by("date").values("date")[:1]
    excluded = Exclusion.objects.filter(municipality_id=OuterRef("match__case__municipality_id"),
                                        household_id=OuterRef("match__case__household_id"))
    return signals.annotate(fb_repeat=F("match__not_picked_up"), fb_closed_at=F("match__case__closed_at"),
                            fb_first_attempt=Subquery(attempts), fb_excluded=Exists(excluded))


def status(*, repeat, closed_at, first_attempt, excluded, received_at):
    """(status code, since: a date or None). Pure: the order of the checks is the policy."""
    if repeat:
        return NOT_PICKED_UP_REPEAT, None
    if closed_at is not None:
        return CLOSED, closed_at.date()
    if excluded:
        return NOT_PICKED_UP, None
    if first_attempt is not None:
        return IN_PROGRESS, first_attempt
    return RECEIVED, received_at.date()


def feedback(signal):
    """{status, since, label: {nl, en}} of a signal from :func:`with_feedback`."""
    from django.utils import timezone

    code, since = status(repeat=bool(signal.fb_repeat), closed_at=_local(signal.fb_closed_at, timezone),
                         first_attempt=signal.fb_first_attempt, excluded=bool(signal.fb_excluded),
                         received_at=_local(signal.received_at, timezone))
    nl, en = LABELS[code]
    return {"status": code, "since": since.isoformat() if since else None, "label": {"nl": nl, "en": en}}


def _local(moment, timezone):
    return timezone.localtime(moment) if moment is not None else None
