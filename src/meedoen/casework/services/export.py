"""Everything the platform holds about one person (GDPR access request), as plain data."""

from django.db.models import Prefetch, Q, prefetch_related_objects

from .. import audit
from .. import vocabulary as v
from .plans import change_kind
from ..models import (AccessLog, Analysis, CaseConference, ConferenceDecision, ConferenceParticipant, ConfidentialNote,
                      Consent, CoordinatorAssignment, Debt, DomainAssessment, Escalation, FamilyAccount, Involvement,
                      Membership, Notification, PlanVersion, Problem, Referral, SchemeUse)

WITHHELD_NOTES = {
    "section": "confidential_notes",
    "nl": "Vertrouwelijke aantekeningen staan alleen in de download die het gezin zelf doet (Mijn gezin), niet in een export "
          "die een medewerker opvraagt: zij zijn alleen zichtbaar voor wie ze schreef en wie erop genoemd is.",
    "en": "Confidential notes are only in the family's own download (the family portal), not in an export a professional "
          "requests: they are visible to their author and the people named on them only.",
}


def _d(value):
    return value.isoformat() if value is not None else None


def _during_membership(memberships):
    """Rows of the person's families created while the person was a member (notes about the family before the person
    joined it, or after they left it, are not about them)."""
    window = Q(pk__in=[])
    for m in memberships:
        period = Q(family_id=m.family_id, created_at__date__gte=m.start)
        if m.end is not None:
            period &= Q(created_at__date__lte=m.end)
        window |= period
    return window


def _is_own_export(user, person):
    """True when the requester is the person's own family account (the family portal, the API with a family login)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return FamilyAccount.objects.filter(user_id=user.pk, person_id=person.pk).exists()


def person_export(user, person, purpose="access_request"):
    """All data about ``person`` (GDPR art. 15 access request), as plain JSON-ready data. Logged as an export, as it
    always was: one ``AccessLog`` row (action export, category 'export') per membership's family, or one without a family.

    Sections: ``person``, ``memberships``, ``households`` (the finances of their families, integer cents, and the
    years at the social minimum and the income supplement, null when unknown), ``assessments``, ``problems``, ``debts``
    (integer cents), ``analyses`` (date, organisation, summary), ``helpers``,
    ``coordinators`` (who, mandate, how the family chose, start/end and the reason of a change), ``escalations``,
    ``notifications`` (that an organisation was told about the family: organisation and date only, never the text),
    ``referrals``, ``conferences`` (all of the family's), ``conference_participation`` (the conferences the person was
    invited to, with their decisions), ``plans``, ``plan_versions`` (number, date, who, the kind of change),
    ``scheme_uses``, ``consents``, ``accounts``, ``access_log``, ``confidential_notes`` (see below) and ``withheld``
    (what is left out, and why). Dates and times are ISO 8601; money is integer cents.

    Confidential notes: the rule is that a note is visible to its author and the professionals named on it only
    (docs/casework.md, "Who may see what", 3; the model: "never in shared views"). That rule is about professionals
    reading each other's notes; docs/ gives no reason to withhold a note from the data subject's own access request,
    and the GDPR (art. 15) gives the person a right of access to data about them. So:

    * the family's own export (requested by the person's own ``FamilyAccount``) holds the notes of the person's
      families written while the person was a member, with author (name, organisation), date and text;
    * an export requested by a professional (the coordinator, who hands it over) holds none: the coordinator is
      not necessarily the author or named, and the export must not widen who reads a note. ``withheld`` says so,
      without a count (a count would tell the coordinator that notes exist).

    A note can hold what somebody else told in confidence; GDPR art. 15(4) and UAVG art. 41 allow withholding (part
    of) it to protect others. docs/ sets no such rule, so the notes are included; a rule for that would go here.
    """
    memberships = list(Membership.objects.filter(person=person).select_related("family__municipality", "family__plan"))
    family_ids = [m.family_id for m in memberships]  # one export row per membership's family, as always
    families = {m.family_id: m.family for m in memberships}
    plans = [f.plan for f in families.values() if hasattr(f, "plan")]
    prefetch_related_objects(plans, "goals", "actions", "comments")
    own = _is_own_export(user, person)

    def ref(family_id):
        return families[family_id].reference

    about_person = Q(person=person) | Q(person__isnull=True, analysis__family_id__in=family_ids)
    data = {
        "person": {"id": person.pk, "first_name": person.first_name, "last_name": person.last_name,
                   "birth_date": _d(person.birth_date), "monthly_net_income_cents": person.monthly_net_income_cents,
                   "statuses": person.statuses, "school": person.school},
        "memberships": [{"family": m.family.reference, "municipality": m.family.municipality.name, "role": m.role,
                         "start": _d(m.start), "end": _d(m.end)} for m in memberships],
        "households": [{"family": f.reference, "name": f.name, "district": f.district, "assets_cents": f.assets_cents,
                        "housing_costs_cents": f.housing_costs_cents, "fixed_costs_cents": f.fixed_costs_cents,
                        "years_at_social_minimum": f.years_at_social_minimum,
                        "received_income_supplement_last_12_months": f.received_income_supplement_last_12_months}
                       for f in families.values()],
        "assessments": [{"family_id": a.analysis.family_id, "made_on": _d(a.analysis.made_on), "domain": a.domain,
                         "score": a.score, "situation": a.situation}
                        for a in DomainAssessment.objects.filter(about_person).select_related("analysis")],
        "problems": [{"domain": p.domain, "kind": p.kind, "description": p.description}
                     for p in Problem.objects.filter(about_person)],
        "debts": [{"creditor": d.creditor, "kind": d.kind, "amount_cents": d.amount_cents}
                  for d in Debt.objects.filter(about_person)],
        "analyses": [{"family": ref(a.family_id), "made_on": _d(a.made_on), "organisation": a.organisation.name,
                      "summary": a.summary}
                     for a in Analysis.objects.filter(family_id__in=family_ids).select_related("organisation")],
        "helpers": [{"organisation": i.organisation.name, "help_kind": i.help_kind, "contact": i.contact,
                     "since": _d(i.since), "until": _d(i.until)}
                    for i in Involvement.objects.filter(family_id__in=family_ids).filter(Q(person=person) | Q(person__isnull=True))
                    .select_related("organisation")],
        "coordinators": [{"family": ref(c.family_id), "professional": c.professional.name,
                          "organisation": c.professional.organisation.name, "chosen_with_family": c.chosen_with_family,
                          "how_chosen": c.how_chosen, "mandate": c.mandate, "start": _d(c.start), "end": _d(c.end),
                          "end_reason": c.end_reason}
                         for c in CoordinatorAssignment.objects.filter(family_id__in=family_ids)
                         .select_related("professional__organisation")],
        "escalations": [{"family": ref(e.family_id), "level": e.level, "level_title": e.level_title, "reason": e.reason,
                         "raised_at": _d(e.raised_at), "resolved_on": _d(e.resolved_on), "resolution": e.resolution,
                         "resolved_by": e.resolved_by_name}
                        for e in Escalation.objects.filter(family_id__in=family_ids)],
        # Organisation and date only: the text names other organisations and their contacts.
        "notifications": [{"organisation": n.organisation.name, "at": _d(n.created_at)}
                          for n in Notification.objects.filter(family_id__in=family_ids).select_related("organisation")
                          .only("created_at", "organisation__name")],
        "referrals": [{"from": r.from_organisation.name, "to": r.to_organisation.name, "help_kind": r.help_kind,
                       "reason": r.reason, "summary": r.summary, "status": r.status, "requested_at": _d(r.requested_at)}
                      for r in Referral.objects.filter(family_id__in=family_ids).filter(Q(person=person) | Q(person__isnull=True))
                      .select_related("from_organisation", "to_organisation")],
        "conferences": [{"scheduled_at": _d(c.scheduled_at), "agenda": c.agenda, "minutes": c.minutes,
                         "family_invited": c.family_invited, "exclusion_reason": c.exclusion_reason,
                         "decisions": [d.text for d in c.decisions.all()]}
                        for c in CaseConference.objects.filter(family_id__in=family_ids).prefetch_related("decisions")],
        "conference_participation": [
            {"family": p.conference.family.reference, "scheduled_at": _d(p.conference.scheduled_at),
             "location": p.conference.location, "status": p.conference.status, "agenda": p.conference.agenda,
             "minutes": p.conference.minutes, "decisions": [d.text for d in p.conference.decisions.all()]}
            for p in ConferenceParticipant.objects.filter(person=person).select_related("conference__family")
            .prefetch_related(Prefetch("conference__decisions", queryset=ConferenceDecision.objects.order_by("id")))
            .order_by("-conference__scheduled_at", "-conference_id")],
        "plans": [_plan(plan) for plan in plans],
        "plan_versions": [{"family": ref(pv["plan__family_id"]), "number": pv["number"], "changed_at": _d(pv["changed_at"]),
                           "changed_by": pv["changed_by_name"], "change_kind": change_kind(pv["change"])}
                          for pv in PlanVersion.objects.filter(plan__family_id__in=family_ids).order_by("plan__family_id", "number")
                          .values("plan__family_id", "number", "changed_at", "changed_by_name", "change")],
        "scheme_uses": [{"family": ref(s.family_id), "scheme_id": s.scheme_id, "since": _d(s.since)}
                        for s in SchemeUse.objects.filter(family_id__in=family_ids).order_by("since", "id")],
        "consents": [{"organisation": c.organisation.name, "category": c.category, "purpose": c.purpose,
                      "given_at": _d(c.given_at), "withdrawn_at": _d(c.withdrawn_at)}
                     for c in Consent.objects.filter(family_id__in=family_ids).select_related("organisation")],
        "accounts": [a.user.get_username() for a in FamilyAccount.objects.filter(person=person).select_related("user")],
        "access_log": [{"at": _d(e.at), "who": e.actor_name, "organisation": e.organisation_name, "action": e.action,
                        "category": e.category, "purpose": e.purpose}
                       for e in AccessLog.objects.filter(Q(person_id=person.pk) | Q(family_id__in=family_ids))],
    }
    if own:
        data["confidential_notes"] = [_note(n, ref) for n in ConfidentialNote.objects.filter(_during_membership(memberships))
                                      .select_related("author__professional__organisation")]
        data["withheld"] = []
    else:
        data["withheld"] = [WITHHELD_NOTES]
    for family_id in family_ids or [None]:
        audit.log(user, family_id, v.EXPORT, "export", purpose, f"inzage / access request: {person.full_name}", person_id=person.pk)
    return data


def _note(note, ref):
    author, organisation = audit.actor(note.author)
    return {"family": ref(note.family_id), "author": author, "organisation": organisation, "at": _d(note.created_at),
            "text": note.text}


def _plan(plan):
    return {"family": plan.family.reference, "family_words": plan.family_words, "version": plan.version,
            "goals": [{"text": g.text, "achieved": g.achieved} for g in plan.goals.all()],
            "actions": [{"description": a.description, "due_date": _d(a.due_date), "status": a.status} for a in plan.actions.all()],
            "comments": [{"by": c.author_name, "text": c.text, "at": _d(c.created_at)} for c in plan.comments.all()]}
