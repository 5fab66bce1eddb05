"""The family page: members, who helps, the whole-family analysis, money, schemes, confidential notes, and the
part-B sections (plan_pages.sections). Only the categories the family consented to are read; one access-log row
per category shown. Every list is loaded with a fixed number of queries (select/prefetch), so the query count does
not depend on the number of members, helpers or analysis rows.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.views.decorators.http import require_GET

from meedoen.rules.explain import INCOME_SOURCE
from meedoen.rules.money import format_eur

from .. import access, levels
from .. import vocabulary as v
from ..models import Analysis, CoordinatorAssignment, Debt, DomainAssessment, Involvement, Membership, Problem
from ..services import analysis as analysis_service
from ..services import families
from ..services.schemes import unused_schemes
from .common import casework_required, family_or_404, lang_of, log_read, page
from .family_common import age_on, choices
from .family_texts import texts
from .plan_common import involved_professionals, my_teams
from .plan_pages import sections


def member_rows(family, day, lang):
    """All memberships (now, later and earlier) with the person, age on ``day`` and role in words."""
    rows = list(Membership.objects.filter(family_id=family.pk).select_related("person").order_by("start", "id"))
    order = list(v.MEMBER_ROLES)
    for row in rows:
        row.age = age_on(row.person.birth_date, day)
        row.role_label = v.label(v.MEMBER_ROLES, row.role, lang)
        row.is_future = row.start > day
    current = sorted((r for r in rows if r.end is None or r.end >= day),
                     key=lambda r: (order.index(r.role) if r.role in order else 9, r.person.birth_date or day, r.pk))
    earlier = [r for r in rows if r.end is not None and r.end < day]
    return current, earlier


def involvement_rows(family, day, lang):
    """Who helps now, who helped before, and the turnover: organisations and workers that came and went."""
    rows = list(Involvement.objects.filter(family_id=family.pk)
                .select_related("organisation", "team", "professional", "person").order_by("since", "id"))
    for row in rows:
        row.role_label = v.label(v.INVOLVEMENT_ROLES, row.role, lang)
        row.is_future = row.since > day
    now = [r for r in rows if r.until is None or r.until >= day]
    before = [r for r in rows if r.until is not None and r.until < day]
    staying_orgs = {r.organisation_id for r in now}
    staying_pros = {r.professional_id for r in now if r.professional_id}
    gone_orgs = {r.organisation_id for r in before} - staying_orgs
    gone_pros = {r.professional_id for r in before if r.professional_id} - staying_pros
    return {"now": now, "before": before, "turnover_organisations": len(gone_orgs), "turnover_professionals": len(gone_pros),
            "organisations_ever": len({r.organisation_id for r in rows})}


def latest_analysis(family, user):
    """The newest analysis, narrowed in SQL to the families whose analysis ``user`` may read."""
    people = ("person",)
    return (access.readable(Analysis.objects.filter(family_id=family.pk), user, v.ANALYSIS).select_related("organisation", "made_by__professional")
            .prefetch_related(Prefetch("assessments", DomainAssessment.objects.select_related(*people)),
                              Prefetch("problems", Problem.objects.select_related(*people)),
                              Prefetch("debts", Debt.objects.select_related(*people)))
            .first())


def analysis_context(family, analysis, members, lang, with_money):
    """Per person (the household first) the assessed life domains with score, level words and situation;
    problems split cause/symptom; debts (only ``with_money``); the completeness check."""
    if analysis is None:
        return {"analysis": None}
    analysis.family = family  # already loaded, with its flags; completeness reads its members
    domain_order = list(v.LIFE_DOMAINS)
    subjects = {}
    for a in analysis.assessments.all():
        subjects.setdefault(a.person_id, {"person": a.person, "rows": []})["rows"].append({
            "domain": v.label(v.LIFE_DOMAINS, a.domain, lang), "order": domain_order.index(a.domain) if a.domain in domain_order else 99,
            "score": a.score, "level": levels.level_name(a.score, lang), "hint": levels.domain_hint(a.domain, a.score, lang),
            "situation": a.situation})
    member_order = {m.person_id: index for index, m in enumerate(members)}
    grid = []
    for person_id in sorted(subjects, key=lambda pk: (pk is not None, member_order.get(pk, 999), pk or 0)):
        entry = subjects[person_id]
        entry["rows"].sort(key=lambda row: row["order"])
        grid.append(entry)
    problems = list(analysis.problems.all())
    for p in problems:
        p.domain_label = v.label(v.LIFE_DOMAINS, p.domain, lang)
    gaps = analysis_service.completeness(analysis)
    debts = list(analysis.debts.all())
    if not with_money:
        # completeness lists the debts without an amount last, by creditor: money data the user may not see
        unknown = sum(1 for d in debts if d.amount_cents is None)
        gaps = gaps[:len(gaps) - unknown] if unknown else gaps
        debts = []
    for d in debts:
        d.kind_label = v.label(v.DEBT_KINDS, d.kind, lang)
        d.amount_text = format_eur(d.amount_cents, lang) if d.amount_cents is not None else None
    known = [d.amount_cents for d in debts if d.amount_cents is not None]
    made_by = getattr(analysis.made_by, "professional", None)
    return {"analysis": analysis, "grid": grid, "made_by_name": made_by.name if made_by else analysis.made_by.get_username(),
            "causes": [p for p in problems if p.kind == v.CAUSE], "symptoms": [p for p in problems if p.kind == v.SYMPTOM],
            "debts": debts, "debts_total": format_eur(sum(known), lang) if known else None,
            "debts_unknown": sum(1 for d in debts if d.amount_cents is None),
            "gaps": [gap["nl" if lang == "nl" else "en"] for gap in gaps]}


def money_context(family, members, lang):
    """Incomes per current member and the household's assets and costs (cents; None stays 'unknown')."""
    index = 0 if lang == "nl" else 1
    incomes = []
    for m in members:
        sources = m.person.monthly_net_income_cents
        parts = None
        if sources is not None:
            parts = [f"{INCOME_SOURCE.get(source, (source, source))[index]} "
                     f"{format_eur(cents, lang) if cents is not None else texts(lang)['unknown']}" for source, cents in sources.items()]
        incomes.append({"name": m.person.full_name, "parts": parts})

    def amount(cents):
        return format_eur(cents, lang) if cents is not None else None
    received = family.received_income_supplement_last_12_months
    return {"incomes": incomes, "assets": amount(family.assets_cents), "housing_costs": amount(family.housing_costs_cents),
            "fixed_costs": amount(family.fixed_costs_cents), "years_at_social_minimum": family.years_at_social_minimum,
            "received_supplement": None if received is None else texts(lang)["answer_yes" if received else "answer_no"]}


def schemes_context(family, day, lang):
    """The engine's answer for the family: eligible but unused, undetermined (facts still needed), used."""
    found = unused_schemes(family, day)
    result = found["result"]
    names = {}
    if result is not None:
        names = {s["id"]: s["name"] for s in result["schemes"]}
    used = [{"id": u.scheme_id, "name": names.get(u.scheme_id, {}).get(lang) or u.scheme_id, "since": u.since}
            for u in family.scheme_uses.all().order_by("since", "id")]
    markable = [(s["id"], s["name"].get(lang) or s["id"]) for s in found["unused"] + found["undetermined"]]
    return {"unused": found["unused"], "undetermined": found["undetermined"], "result": result,
            "problems": [p["nl" if lang == "nl" else "en"] for p in found["problems"]], "used": used, "markable": markable}


def _name(user):
    try:
        return user.professional.name
    except ObjectDoesNotExist:
        return user.get_full_name() or user.get_username()


def note_rows(user, family):
    """The confidential notes the user wrote or is named on, with the author's and the named people's names."""
    users = get_user_model().objects.select_related("professional")
    notes = list(access.confidential_notes(user, family.pk).select_related("author__professional")
                 .prefetch_related(Prefetch("shared_with", queryset=users, to_attr="named_users")))
    for note in notes:
        note.author_name = _name(note.author)
        note.named = [_name(u) for u in note.named_users]
    return notes


def form_options(request, family, day, lang, members, colleagues=None):
    """Choices of the forms on the family page (the part-A forms)."""
    teams = list(my_teams(request.user, day))
    if colleagues is None:
        colleagues = list(involved_professionals(family, day))
    return {
        "roles": choices(v.MEMBER_ROLES, lang), "involvement_roles": choices(v.INVOLVEMENT_ROLES, lang),
        "teams": [(t.pk, f"{t.organisation.name}: {t.name}") for t in teams],
        "members": [(m.person_id, m.person.full_name) for m in members],
        "professionals": [(p.pk, f"{p.name} ({p.organisation.name})") for p in colleagues if p.organisation_id in {t.organisation_id for t in teams}],
        "colleagues": [(p.user_id, f"{p.name} ({p.organisation.name})") for p in colleagues if p.user_id != request.user.pk],
        "today_iso": day.isoformat(),
    }


def family_context(request, family, lang):
    """Everything the family page shows; logs one read per category shown (part B logs its own)."""
    day = access.today()
    words = texts(lang)
    current, earlier = member_rows(family, day, lang)
    helpers = involvement_rows(family, day, lang)
    shown = [v.BASIC]
    is_coordinator = CoordinatorAssignment.objects.filter(family_id=family.pk, end__isnull=True,
                                                          professional__user_id=request.user.pk).exists()
    context = {
        "family": family, "FT": words, "day": day, "current": current, "earlier": earlier, "helpers": helpers,
        "conflict": families.coordinator_conflict(family, day), "is_coordinator": is_coordinator,
        "legend": levels.legend(lang), "values": {}, "errors": {},
    }
    context["conflict_names"] = sorted({inv.organisation.name for inv in context["conflict"]})
    if family.may_analysis:
        context.update(analysis_context(family, latest_analysis(family, request.user), current, lang, family.may_finances))
        shown.append(v.ANALYSIS)
    if family.may_finances:
        context["money"] = money_context(family, [m for m in current if not m.is_future], lang)
        context["schemes"] = schemes_context(family, day, lang)
        shown += [v.FINANCES, "schemes"]
    colleagues = list(involved_professionals(family, day))
    notes = note_rows(request.user, family)
    context["notes"] = notes
    if notes:
        shown.append("confidential")
    context["fo"] = form_options(request, family, day, lang, [m for m in current if not m.is_future], colleagues)
    context["fo"]["schemes"] = context["schemes"]["markable"] if "schemes" in context else []
    log_read(request, family.pk, shown, detail="gezinspagina / family page")
    part_b = sections(request, family, lang)
    return {**part_b, **context}


@casework_required
@require_GET
def family_page(request, pk):
    lang = lang_of(request)
    family = family_or_404(request, pk)
    return page(request, "casework/family.html", family_context(request, family, lang))

