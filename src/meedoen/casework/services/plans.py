"""The family plan: versioned edits (a stale edit is refused, never silently overwritten), goals,
actions, comments, the one coordinator, and escalation when the plan stalls."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import access, audit
from .. import vocabulary as v
from ..errors import NotPermitted, PlanConflict, problem
from ..ladder import escalation_ladder
from ..models import Action, CoordinatorAssignment, Escalation, FamilyPlan, Goal, Involvement, PlanComment, PlanVersion
from .families import check_period, lock_family


def snapshot(plan):
    """The plan as plain data, for its version history."""
    return {
        "family_words": plan.family_words,
        "goals": [{"id": g.pk, "text": g.text, "domain": g.domain, "written_by": g.written_by, "achieved": g.achieved}
                  for g in Goal.objects.filter(plan_id=plan.pk).order_by("id")],
        "actions": [{"id": a.pk, "goal": a.goal_id, "description": a.description, "organisation": a.organisation.name,
                     "due_date": a.due_date.isoformat(), "status": a.status}
                    for a in Action.objects.filter(plan_id=plan.pk).select_related("organisation").order_by("due_date", "id")],
    }


def start_plan(user, family, started_on, family_words=""):
    """The family's plan (made on first use)."""
    with transaction.atomic():
        plan, created = FamilyPlan.objects.get_or_create(family=family, defaults={"started_on": started_on, "family_words": family_words})
        if created:
            PlanVersion.objects.create(plan=plan, number=1, change="plan gestart / plan started",
                                       changed_by_name=audit.actor(user)[0], snapshot=snapshot(plan))
            audit.log(user, family.pk, v.WRITE, v.PLAN, v.HELP, "plan gestart / plan started")
    return plan


def change_kind(change):
    """'doel toegevoegd / goal added: <text>' -> 'doel toegevoegd / goal added': what kind of change, without its words."""
    return change.split(":")[0]


def _edit(user, plan, expected_version, change, apply):
    """Run ``apply(plan)`` if the plan is still at ``expected_version``; record the new version. Else PlanConflict."""
    with transaction.atomic():
        bumped = FamilyPlan.objects.filter(pk=plan.pk, version=expected_version).update(version=F("version") + 1)
        if not bumped:
            current = FamilyPlan.objects.filter(pk=plan.pk).values_list("version", flat=True).first()
            raise PlanConflict(current)
        plan.version = expected_version + 1
        # The caller's copy may be older than this version (another page changed the words): the snapshot is the database's.
        plan.refresh_from_db(fields=["family_words", "started_on"])
        result = apply(plan)
        PlanVersion.objects.create(plan=plan, number=plan.version, change=change[:300],
                                   changed_by_name=audit.actor(user)[0], snapshot=snapshot(plan))
        # The log says what kind of change, never its content (the family's words stay in the plan and its versions).
        audit.log(user, plan.family_id, v.WRITE, v.PLAN, v.HELP, change_kind(change))
    return result


def set_family_words(user, plan, expected_version, text):
    def apply(p):
        p.family_words = text
        FamilyPlan.objects.filter(pk=p.pk).update(family_words=text)
    return _edit(user, plan, expected_version, "wat het gezin wil aangepast / family's words changed", apply)


def add_goal(user, plan, expected_version, text, domain="", by_family=False):
    text = (text or "").strip()
    if not text:
        raise problem("text", "Schrijf het doel op.", "Write down the goal.")
    if domain and domain not in v.LIFE_DOMAINS:
        raise problem("domain", f"Onbekend leefgebied {domain!r}.", f"Unknown life domain {domain!r}.")
    written_by = v.BY_FAMILY if by_family else v.BY_PROFESSIONAL
    return _edit(user, plan, expected_version, f"doel toegevoegd / goal added: {text[:120]}",
                 lambda p: Goal.objects.create(plan=p, text=text, domain=domain, written_by=written_by))


def check_action(plan, description, organisation, due_date):
    if not (description or "").strip():
        raise problem("description", "Beschrijf de afspraak.", "Describe the action.")
    if organisation is None or organisation.municipality_id != plan.family.municipality_id:
        raise problem("organisation", "Kies een organisatie uit de gemeente van het gezin.",
                      "Choose an organisation of the family's municipality.")
    if not isinstance(due_date, date):
        raise problem("due_date", "Vul een geldige datum in.", "Give a valid date.")
    if due_date < plan.started_on:
        raise problem("due_date", f"De datum ({due_date:%d-%m-%Y}) ligt vóór de start van het plan ({plan.started_on:%d-%m-%Y}).",
                      f"The due date ({due_date:%Y-%m-%d}) is before the plan started ({plan.started_on:%Y-%m-%d}).")


def add_action(user, plan, expected_version, description, organisation, due_date, goal=None, from_decision=None):
    check_action(plan, description, organisation, due_date)
    if goal is not None and goal.plan_id != plan.pk:
        raise problem("goal", "Dit doel hoort niet bij dit plan.", "This goal is not part of this plan.")
    return _edit(user, plan, expected_version, f"afspraak toegevoegd / action added: {description[:120]}",
                 lambda p: Action.objects.create(plan=p, goal=goal, description=description, organisation=organisation,
                                                 due_date=due_date, from_decision=from_decision))


def set_action_status(user, plan, expected_version, action, status):
    if status not in v.ACTION_STATUSES:
        raise problem("status", f"Onbekende status {status!r}.", f"Unknown status {status!r}.")
    if action.plan_id != plan.pk:
        raise problem("action", "Deze afspraak hoort niet bij dit plan.", "This action is not part of this plan.")

    def apply(p):
        action.status = status
        action.save(update_fields=["status"])
    return _edit(user, plan, expected_version, f"status / status: {action.description[:80]} → {status}", apply)


def set_goal_achieved(user, plan, expected_version, goal, achieved=True):
    if goal.plan_id != plan.pk:
        raise problem("goal", "Dit doel hoort niet bij dit plan.", "This goal is not part of this plan.")

    def apply(p):
        goal.achieved = achieved
        goal.save(update_fields=["achieved"])
    return _edit(user, plan, expected_version, f"doel bereikt / goal achieved: {goal.text[:80]}", apply)


def add_comment(user, plan, text, by_family=False):
    text = (text or "").strip()
    if not text:
        raise problem("text", "Schrijf een reactie.", "Write a comment.")
    comment = PlanComment.objects.create(plan=plan, text=text, author_name=audit.actor(user)[0], by_family=by_family)
    audit.log(user, plan.family_id, v.WRITE, v.PLAN, "family" if by_family else v.HELP, "reactie / comment")
    return comment


def current_coordinator(family):
    return family.coordinators.filter(end__isnull=True).select_related("professional__organisation").first()


@transaction.atomic
def choose_coordinator(user, family, professional, *, chosen_with_family, how_chosen, mandate, start, change_reason=""):
    """The family's one coordinator, chosen together with the family. A change ends the current one, with its reason."""
    if not chosen_with_family:
        raise problem("chosen_with_family", "De coördinator wordt samen met het gezin gekozen. Leg vast dat dat zo is gegaan.",
                      "The coordinator is chosen together with the family. Record that this happened.")
    if not (how_chosen or "").strip():
        raise problem("how_chosen", "Schrijf op hoe het gezin heeft meegekozen.", "Write down how the family took part in the choice.")
    if not (mandate or "").strip():
        raise problem("mandate", "Schrijf het mandaat op: wat mag de coördinator regelen?", "Write down the mandate: what may the coordinator arrange?")
    if not access.visible_families(professional.user, start).filter(pk=family.pk).exists():
        raise problem("professional", "Deze medewerker is (nog) niet betrokken bij het gezin: geen team van deze medewerker "
                                      "helpt het gezin op de startdatum.",
                      "This worker is not (yet) involved with the family: none of their teams helps the family on the start date.")
    lock_family(family)  # two first choices at once: the second waits, then changes the first one's (with a reason)
    current = family.coordinators.select_related("professional__organisation").filter(end__isnull=True).first()
    if current is not None:
        # A change is recorded by the coordinator or a colleague of the same organisation (a warm handover of the
        # role), never by another helper for themselves: the coordinator's mandate and the full export come with it.
        acting = access.professional_of(user)
        if acting is None or acting.organisation_id != current.professional.organisation_id:
            raise NotPermitted({"professional": {
                "nl": f"Alleen de coördinator ({current.professional.name}) of een collega van "
                      f"{current.professional.organisation.name} legt een wissel vast. Bespreek de wissel met het gezin "
                      "en de coördinator, bijvoorbeeld in een gezinsoverleg.",
                "en": f"Only the coordinator ({current.professional.name}) or a colleague at "
                      f"{current.professional.organisation.name} records a change. Discuss it with the family and the "
                      "coordinator, for example in a case conference."}})
        if not (change_reason or "").strip():
            raise problem("change_reason", "Schrijf op waarom de coördinator wisselt.", "Write down why the coordinator changes.")
        check_period(current.start, start, "start")
        current.end = start
        current.end_reason = change_reason
        current.save(update_fields=["end", "end_reason"])
    assignment = CoordinatorAssignment.objects.create(
        family=family, professional=professional, chosen_with_family=True, how_chosen=how_chosen, mandate=mandate, start=start)
    # The others become contributors; the chosen one's organisation coordinates.
    Involvement.objects.filter(family=family, until__isnull=True).update(role=v.CONTRIBUTOR)
    Involvement.objects.filter(family=family, until__isnull=True, organisation_id=professional.organisation_id).update(role=v.COORDINATOR_ROLE)
    audit.log(user, family.pk, v.WRITE, v.PLAN, v.HELP, f"coördinator / coordinator: {professional.name}")
    return assignment


def overdue_actions(plan, day):
    """Open or running actions past their due date: the plan stalls (R-12)."""
    return list(plan.actions.filter(status__in=[v.OPEN, v.IN_PROGRESS], due_date__lt=day).select_related("organisation"))


@transaction.atomic
def escalate(user, family, reason):
    """Raise the stalled plan one level up the municipality's ladder."""
    if not (reason or "").strip():
        raise problem("reason", "Schrijf op waarom het plan vastloopt.", "Write down why the plan is stuck.")
    ladder = escalation_ladder(family.municipality.slug)
    if not ladder:
        raise problem("level", f"{family.municipality.name} heeft (nog) geen escalatieladder vastgelegd.",
                      f"{family.municipality.name} has not set an escalation ladder (yet).")
    lock_family(family)  # two escalations at once go up two levels, not both to the first
    open_levels = family.escalations.filter(resolved_on__isnull=True).values_list("level", flat=True)
    next_level = max(open_levels, default=0) + 1
    if next_level > len(ladder):
        raise problem("level", "Het plan is al op het hoogste niveau geëscaleerd.", "The plan is already escalated to the highest level.")
    step = ladder[next_level - 1]
    escalation = Escalation.objects.create(family=family, level=next_level, level_title=step["title"]["nl"], reason=reason,
                                           raised_by=user, raised_at=access.now())
    audit.log(user, family.pk, v.WRITE, v.PLAN, v.HELP, f"geëscaleerd naar / escalated to {step['title']['nl']}")
    return escalation


@transaction.atomic
def resolve_escalations(user, family, day, resolution):
    """The plan moves again: every open escalation is closed on ``day`` with what resolved it."""
    if not (resolution or "").strip():
        raise problem("resolution", "Schrijf op wat het plan weer op gang bracht.", "Write down what got the plan moving again.")
    lock_family(family)
    open_rows = list(family.escalations.filter(resolved_on__isnull=True))
    if not open_rows:
        raise problem("resolution", "Er is geen open escalatie.", "There is no open escalation.")
    if any(day < timezone.localdate(row.raised_at) for row in open_rows):
        raise problem("resolved_on", "Een escalatie kan niet worden afgesloten vóór ze begon.",
                      "An escalation cannot be closed before it was raised.")
    family.escalations.filter(pk__in=[row.pk for row in open_rows]).update(
        resolved_on=day, resolution=resolution.strip(), resolved_by_name=audit.actor(user)[0])
    audit.log(user, family.pk, v.WRITE, v.PLAN, v.HELP, "escalatie afgesloten / escalation closed")
    return len(open_rows)
