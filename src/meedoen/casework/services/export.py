"""Everything the platform holds about one person (GDPR access request), as plain data."""

from django.db.models import Q

from .. import audit
from .. import vocabulary as v
from ..models import (AccessLog, CaseConference, Consent, DomainAssessment, Debt, FamilyAccount, Involvement,
                      Membership, Problem, Referral)


def _d(value):
    return value.isoformat() if value is not None else None


def person_export(user, person, purpose="access_request"):
    """All data about ``person``: memberships, analysis rows, involvements, referrals, conferences, consents,
    plans of their families, and the access log of their families. Logged as an export."""
    memberships = list(Membership.objects.filter(person=person).select_related("family__municipality"))
    family_ids = [m.family_id for m in memberships]
    data = {
        "person": {"id": person.pk, "first_name": person.first_name, "last_name": person.last_name,
                   "birth_date": _d(person.birth_date), "monthly_net_income_cents": person.monthly_net_income_cents,
                   "statuses": person.statuses, "school": person.school},
        "memberships": [{"family": m.family.reference, "municipality": m.family.municipality.name, "role": m.role,
                         "start": _d(m.start), "end": _d(m.end)} for m in memberships],
        "assessments": [{"family_id": a.analysis.family_id, "made_on": _d(a.analysis.made_on), "domain": a.domain,
                         "score": a.score, "situation": a.situation}
                        for a in DomainAssessment.objects.filter(Q(person=person) | Q(person__isnull=True, analysis__family_id__in=family_ids))
                        .select_related("analysis")],
        "problems": [{"domain": p.domain, "kind": p.kind, "description": p.description}
                     for p in Problem.objects.filter(Q(person=person) | Q(person__isnull=True, analysis__family_id__in=family_ids))],
        "debts": [{"creditor": d.creditor, "kind": d.kind, "amount_cents": d.amount_cents}
                  for d in Debt.objects.filter(Q(person=person) | Q(person__isnull=True, analysis__family_id__in=family_ids))],
        "helpers": [{"organisation": i.organisation.name, "help_kind": i.help_kind, "contact": i.contact,
                     "since": _d(i.since), "until": _d(i.until)}
                    for i in Involvement.objects.filter(family_id__in=family_ids).filter(Q(person=person) | Q(person__isnull=True))
                    .select_related("organisation")],
        "referrals": [{"from": r.from_organisation.name, "to": r.to_organisation.name, "help_kind": r.help_kind,
                       "reason": r.reason, "summary": r.summary, "status": r.status, "requested_at": _d(r.requested_at)}
                      for r in Referral.objects.filter(family_id__in=family_ids).filter(Q(person=person) | Q(person__isnull=True))
                      .select_related("from_organisation", "to_organisation")],
        "conferences": [{"scheduled_at": _d(c.scheduled_at), "agenda": c.agenda, "minutes": c.minutes,
                         "family_invited": c.family_invited, "exclusion_reason": c.exclusion_reason,
                         "decisions": [d.text for d in c.decisions.all()]}
                        for c in CaseConference.objects.filter(family_id__in=family_ids).prefetch_related("decisions")],
        "plans": [_plan(m.family) for m in memberships if hasattr(m.family, "plan")],
        "consents": [{"organisation": c.organisation.name, "category": c.category, "purpose": c.purpose,
                      "given_at": _d(c.given_at), "withdrawn_at": _d(c.withdrawn_at)}
                     for c in Consent.objects.filter(family_id__in=family_ids).select_related("organisation")],
        "accounts": [a.user.get_username() for a in FamilyAccount.objects.filter(person=person).select_related("user")],
        "access_log": [{"at": _d(e.at), "who": e.actor_name, "organisation": e.organisation_name, "action": e.action,
                        "category": e.category, "purpose": e.purpose}
                       for e in AccessLog.objects.filter(Q(person_id=person.pk) | Q(family_id__in=family_ids))],
    }
    for family_id in family_ids or [None]:
        audit.log(user, family_id, v.EXPORT, "export", purpose, f"inzage / access request: {person.full_name}", person_id=person.pk)
    return data


def _plan(family):
    plan = family.plan
    return {"family": family.reference, "family_words": plan.family_words, "version": plan.version,
            "goals": [{"text": g.text, "achieved": g.achieved} for g in plan.goals.all()],
            "actions": [{"description": a.description, "due_date": _d(a.due_date), "status": a.status} for a in plan.actions.all()],
            "comments": [{"by": c.author_name, "text": c.text, "at": _d(c.created_at)} for c in plan.comments.all()]}
