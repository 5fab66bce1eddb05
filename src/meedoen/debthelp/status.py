"""A case as pages, the family portal and the API show it: phase, the steps with their days, the deadlines, the
next step and the creditor totals, in one language."""

from meedoen.rules.money import format_eur

from . import deadlines, rules, services
from . import vocabulary as v


def summary(case, today, lang="nl", creditors=None):
    """Everything about the state of ``case`` (without the creditor rows themselves unless passed)."""
    steps = list(case.steps.all())
    for step in steps:
        step.label = v.label(v.PHASES, step.phase, lang)
    creditors = list(case.creditors.all()) if creditors is None else creditors
    for c in creditors:
        c.kind_label = v.label(v.CREDITOR_KINDS, c.kind, lang)
        c.arrangement_label = v.label(v.ARRANGEMENTS, c.arrangement, lang)
        c.amount_text = format_eur(c.amount_cents, lang) if c.amount_cents is not None else None
    due = deadlines.case_deadlines(case, today)
    policy = deadlines.policy(case.family.municipality.slug)
    return {
        "case": case, "phase_label": v.label(v.PHASES, case.phase, lang), "next_step": v.label(v.NEXT_STEP, case.phase, lang),
        "origin_label": v.label(v.ORIGINS, case.origin, lang), "steps": steps, "deadlines": due,
        "deadline_policy": policy, "creditors": creditors, "totals": services.totals(creditors, lang),
        "capacity_text": format_eur(case.repayment_capacity_cents, lang) if case.repayment_capacity_cents is not None else None,
        "relapse_overdue": case.phase == v.CLOSED and case.relapse_check_due is not None and case.relapse_check_due < today,
        "blockers": [nl if lang == "nl" else en for _, nl, en in services.admission_blockers(case)] if case.phase in (
            v.REGISTERED, v.INTAKE, v.STABILISATION) else [],
        "sources": [rules.source(section, lang) for section in ("admission", "decision", "settlement", "relapse_check")],
    }
