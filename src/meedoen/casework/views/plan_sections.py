"""The family page's part-B sections: plan (with escalation), coordinator, referrals, conferences, consents.

``sections(request, family, lang)`` reads only the categories the family consented to, logs one read
per category shown, and gives the templates in casework/sections/ their context under ``cw`` (and the
texts under ``PT``). Query count does not grow with the number of goals, actions, referrals or meetings.
"""

from django.db.models import Prefetch

from .. import access
from .. import vocabulary as v
from ..models import CaseConference, ConferenceParticipant, Consent, FamilyPlan, Referral
from ..services import families
from .common import log_read
from .plan_common import form_options, my_teams
from .plan_texts import texts


def plan_context(request, family, lang, day=None):
    """The plan with goals, actions (overdue marked), comments, escalation state. Caller logs the read."""
    from .plan_edit import ladder_of

    day = day or access.today()
    plan = access.readable(FamilyPlan.objects.filter(family_id=family.pk), request.user, v.PLAN, day=day).first()
    cw = {"plan": plan}
    if plan is not None:
        goals = list(plan.goals.all())
        goal_text = {goal.pk: goal.text for goal in goals}
        actions = list(plan.actions.select_related("organisation"))
        for action in actions:
            action.goal_text = goal_text.get(action.goal_id, "")
            action.status_label = v.label(v.ACTION_STATUSES, action.status, lang)
            # the same rule as services.plans.overdue_actions, on the rows already loaded
            action.overdue_days = (day - action.due_date).days if action.status in (v.OPEN, v.IN_PROGRESS) and action.due_date < day else 0
        for goal in goals:
            goal.domain_label = v.label(v.LIFE_DOMAINS, goal.domain, lang) if goal.domain else ""
        escalations = list(family.escalations.all())
        ladder = ladder_of(family, lang)
        open_levels = [e.level for e in escalations if e.resolved_on is None]
        next_number = max(open_levels, default=0) + 1
        cw.update({
            "goals": goals, "actions": actions, "comments": list(plan.comments.all()),
            "overdue": [a for a in actions if a.overdue_days], "escalations": escalations, "ladder": ladder,
            "open_escalation": bool(open_levels),
            "next_step": ladder[next_number - 1] if next_number <= len(ladder) else None,
        })
    return {"cw": cw, "PT": texts(lang)}


def coordinator_context(family, lang, day):
    assignments = list(family.coordinators.select_related("professional__organisation"))
    current = next((a for a in assignments if a.end is None), None)
    conflict = families.coordinator_conflict(family, day)
    return {"coordinator": current, "earlier_coordinators": [a for a in assignments if a is not current],
            "coordinator_conflict": conflict, "conflict_names": sorted({inv.organisation.name for inv in conflict})}


def referral_rows(queryset, lang, day):
    rows = list(queryset.select_related("from_organisation", "to_organisation", "from_team", "to_team"))
    for row in rows:
        row.status_label = v.label(v.REFERRAL_STATUSES, row.status, lang)
        lead = row.lead_time
        row.lead_days = lead.days if lead is not None and lead.days >= 0 else None
        if row.lead_days is None and row.answered_at is None:  # unanswered: waiting now, or waited until expiry/revocation
            waited = (day - row.requested_at.date()).days if row.status == v.REQUESTED else row.waited(row.closed_at or row.expires_at).days
            row.waiting_days = waited if waited >= 0 else None
        else:
            row.waiting_days = None
        row.waiting_now = row.status == v.REQUESTED
    return rows


def conference_rows(family, lang, user=None):
    participants = ConferenceParticipant.objects.select_related("professional__organisation", "person")
    conferences = CaseConference.objects.filter(family_id=family.pk)
    if user is not None:  # the consent filter in SQL too, not only the flag checked by the caller
        conferences = access.readable(conferences, user, v.MEETINGS)
    rows = list(conferences
                .prefetch_related(Prefetch("participants", queryset=participants), "decisions"))
    for row in rows:
        people = list(row.participants.all())
        row.invited_professionals = [p.professional for p in people if p.professional_id]
        row.invited_persons = [p.person for p in people if p.person_id]
        row.status_label = v.label(v.CONFERENCE_STATUSES, row.status, lang)
    return rows


def consent_groups(family, lang):
    """Per organisation × category × purpose: the open consent (if any) and the history, newest first."""
    groups = {}
    for row in Consent.objects.filter(family_id=family.pk).select_related("organisation", "given_by").order_by("-given_at", "-id"):
        key = (row.organisation.name, row.category, row.purpose)
        group = groups.setdefault(key, {"organisation": row.organisation, "category": row.category, "purpose": row.purpose,
                                        "category_label": v.label(v.CATEGORIES, row.category, lang),
                                        "purpose_label": v.label(v.PURPOSES, row.purpose, lang), "open": None, "history": []})
        if row.withdrawn_at is None:
            group["open"] = row
        group["history"].append(row)
    return [groups[key] for key in sorted(groups, key=lambda k: (k[0], list(v.CATEGORIES).index(k[1]), k[2]))]


def sections(request, family, lang):
    """Context for the family page's sections; logs plan, meetings, referrals (when consented) and consent reads."""
    day = access.today()
    shown = []
    context = {"cw": {}, "PT": texts(lang)}
    cw = context["cw"]
    if family.may_plan:
        cw.update(plan_context(request, family, lang, day)["cw"])
        shown.append(v.PLAN)
    cw.update(coordinator_context(family, lang, day))
    team_ids = {team.pk for team in my_teams(request.user, day)}
    cw["my_team_ids"] = team_ids
    if family.may_referrals:
        cw["referrals"] = referral_rows(access.readable(Referral.objects.filter(family_id=family.pk), request.user, v.REFERRALS, day=day),
                                        lang, day)
        shown.append(v.REFERRALS)
    if family.may_meetings:
        cw["conferences"] = conference_rows(family, lang, request.user)
        shown.append(v.MEETINGS)
    cw["consents"] = consent_groups(family, lang)
    cw["handover_consent_orgs"] = {g["organisation"].pk for g in cw["consents"]
                                   if g["open"] and g["category"] == v.REFERRALS and g["purpose"] == v.HANDOVER}
    shown.append("consent")
    cw["options"] = form_options(request, family, day)
    cw["refer_values"] = {"handover": "1"}
    log_read(request, family.pk, shown, detail="gezinspagina / family page")
    return context
