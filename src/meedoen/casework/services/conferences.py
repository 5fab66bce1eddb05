"""Case conferences: the family invited by default, agenda, participants, decisions that become plan actions."""

from django.db import transaction
from django.utils import timezone

from .. import audit
from .. import vocabulary as v
from ..errors import problem
from ..models import CaseConference, ConferenceDecision, ConferenceParticipant
from . import plans
from .families import members_on


@transaction.atomic
def schedule(user, family, *, scheduled_at, location, agenda, family_invited=True, exclusion_reason="",
             professionals=(), persons=()):
    if scheduled_at is None:
        raise problem("scheduled_at", "Kies een datum en tijd.", "Choose a date and time.")
    if not (agenda or "").strip():
        raise problem("agenda", "Schrijf de agenda op; het gezin ziet die vooraf.", "Write the agenda; the family sees it beforehand.")
    if not (location or "").strip():
        raise problem("location", "Vul een plaats in.", "Give a place.")
    if not family_invited and not (exclusion_reason or "").strip():
        raise problem("exclusion_reason", "Het gezin wordt uitgenodigd, tenzij u vastlegt waarom niet.",
                      "The family is invited unless you record why not.")
    member_ids = set(family.memberships.values_list("person_id", flat=True))
    if family_invited and not persons:  # invited by default: the parents and carers living in the family now
        persons = [m.person for m in members_on(family, timezone.localdate(scheduled_at)) if m.role == v.PARENT]
        if not persons:
            raise problem("persons", "Kies wie van het gezin wordt uitgenodigd.", "Choose who of the family is invited.")
    for person in persons:
        if person.pk not in member_ids:
            raise problem("persons", f"{person.full_name} hoort niet bij dit gezin.", f"{person.full_name} is not a member of this family.")
    conference = CaseConference.objects.create(
        family=family, scheduled_at=scheduled_at, location=location, agenda=agenda, convened_by=user,
        family_invited=family_invited, exclusion_reason="" if family_invited else exclusion_reason)
    ConferenceParticipant.objects.bulk_create(
        [ConferenceParticipant(conference=conference, professional=p) for p in professionals]
        + [ConferenceParticipant(conference=conference, person=p) for p in (persons if family_invited else ())])
    audit.log(user, family.pk, v.WRITE, v.MEETINGS, v.HELP, f"overleg gepland / conference scheduled {scheduled_at:%Y-%m-%d}")
    return conference


@transaction.atomic
def record_outcome(user, conference, *, minutes, decisions, plan_version):
    """Minutes and decisions; each decision becomes an action of the family plan.

    ``decisions``: dicts with text, organisation, due_date. ``plan_version``: the plan version the
    user saw (a stale one is refused).
    """
    # The row as it is now: of two people saving the minutes at once, the second is told, not silently overwritten.
    status = CaseConference.objects.select_for_update().filter(pk=conference.pk).values_list("status", flat=True).first()
    if status != v.PLANNED:
        raise problem("status", "Dit overleg is al afgerond.", "This conference is already closed.")
    plan = getattr(conference.family, "plan", None)  # None when the plan was not started yet
    if decisions and plan is None:
        raise problem("plan", "Start eerst het gezinsplan: besluiten worden afspraken in dat plan.",
                      "Start the family plan first: decisions become actions of that plan.")
    for index, decision in enumerate(decisions):
        try:
            plans.check_action(plan, decision.get("text"), decision.get("organisation"), decision.get("due_date"))
        except Exception as exc:
            field, message = next(iter(exc.problems.items()))
            raise problem(f"decisions[{index}].{field}", message["nl"], message["en"]) from None
    conference.minutes = minutes
    conference.status = v.HELD
    conference.save(update_fields=["minutes", "status"])
    version = plan_version
    for decision in decisions:
        made = ConferenceDecision.objects.create(conference=conference, text=decision["text"])
        plans.add_action(user, plan, version, decision["text"], decision["organisation"], decision["due_date"], from_decision=made)
        version += 1
    audit.log(user, conference.family_id, v.WRITE, v.MEETINGS, v.HELP, "verslag en besluiten / minutes and decisions")
    return conference
