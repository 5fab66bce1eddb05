"""The whole-family analysis: every life domain for every member, and how complete it is."""

from django.db import transaction

from .. import audit
from .. import vocabulary as v
from ..errors import problem
from ..models import Analysis, Debt, DomainAssessment, Problem
from .families import members_on


@transaction.atomic
def record(user, family, organisation, *, made_on, summary="", assessments=(), problems=(), debts=()):
    """A new analysis. assessments: dicts (person or None, domain, score, situation); problems: (person, domain,
    description, kind); debts: (person, creditor, kind, amount_cents or None)."""
    member_ids = {m.person_id for m in members_on(family, made_on)}
    analysis = Analysis.objects.create(family=family, made_on=made_on, made_by=user, organisation=organisation, summary=summary)
    rows = []
    seen = set()
    for index, a in enumerate(assessments):
        key = (getattr(a.get("person"), "pk", None), a.get("domain"))
        if key in seen:
            raise problem(f"assessments[{index}].domain", "Dit leefgebied staat er voor deze persoon al in.",
                          "This life domain is already there for this person.")
        seen.add(key)
        _check_person(a.get("person"), member_ids, f"assessments[{index}].person")
        if a["domain"] not in v.LIFE_DOMAINS:
            raise problem(f"assessments[{index}].domain", f"Onbekend leefgebied {a['domain']!r}.", f"Unknown life domain {a['domain']!r}.")
        score = a.get("score")
        if score is not None and not (isinstance(score, int) and 1 <= score <= 5):
            raise problem(f"assessments[{index}].score", "Een score is 1 tot en met 5.", "A score is 1 to 5.")
        rows.append(DomainAssessment(analysis=analysis, person=a.get("person"), domain=a["domain"], score=score,
                                     situation=a.get("situation", "")))
    DomainAssessment.objects.bulk_create(rows)
    for index, p in enumerate(problems):
        _check_person(p.get("person"), member_ids, f"problems[{index}].person")
        if p.get("kind") not in v.PROBLEM_KINDS:
            raise problem(f"problems[{index}].kind", "Kies: oorzaak of gevolg.", "Choose: cause or symptom.")
        if p.get("domain") not in v.LIFE_DOMAINS:
            raise problem(f"problems[{index}].domain", "Kies een leefgebied.", "Choose a life domain.")
    Problem.objects.bulk_create([Problem(analysis=analysis, person=p.get("person"), domain=p["domain"],
                                         description=p["description"], kind=p["kind"]) for p in problems])
    for index, d in enumerate(debts):
        _check_person(d.get("person"), member_ids, f"debts[{index}].person")
        amount = d.get("amount_cents")
        if amount is not None and (not isinstance(amount, int) or amount < 0):
            raise problem(f"debts[{index}].amount_cents", "Een bedrag is een heel aantal centen, niet negatief.",
                          "An amount is a whole number of cents, not negative.")
    Debt.objects.bulk_create([Debt(analysis=analysis, person=d.get("person"), creditor=d["creditor"],
                                   kind=d.get("kind", "other"), amount_cents=d.get("amount_cents")) for d in debts])
    audit.log(user, family.pk, v.WRITE, v.ANALYSIS, v.HELP, "gezinsanalyse / family analysis")
    return analysis


def _check_person(person, member_ids, field):
    if person is not None and person.pk not in member_ids:
        raise problem(field, "Deze persoon hoort (op deze datum) niet bij het gezin.", "This person is not a member of the family (on this date).")


def completeness(analysis, day=None):
    """What is missing: a list of {nl, en} gaps. Empty when the analysis is complete.

    Every member on the analysis date has every life domain with a situation or a score (the
    household row counts for household-wide domains); every child has a recorded situation (in
    words: a score alone is not one);
    every debt has an amount.
    """
    day = day or analysis.made_on
    members = members_on(analysis.family, day)
    assessed, described = {}, set()
    for a in analysis.assessments.all():
        if a.situation.strip() or a.score is not None:
            assessed.setdefault(a.person_id, set()).add(a.domain)
        if a.situation.strip():
            described.add(a.person_id)
    household = assessed.get(None, set())
    gaps = []
    for m in members:
        own = assessed.get(m.person_id, set())
        name = m.person.first_name
        if m.role == v.CHILD and m.person_id not in described:  # a score alone does not say how the child is doing
            gaps.append({"nl": f"Van {name} (kind) is geen situatie vastgelegd.", "en": f"No situation recorded for {name} (child)."})
            continue
        missing = [d for d in v.LIFE_DOMAINS if d not in own and d not in household]
        if missing:
            gaps.append({"nl": f"{name}: nog niet bekeken: " + ", ".join(v.label(v.LIFE_DOMAINS, d) for d in missing) + ".",
                         "en": f"{name}: not yet looked at: " + ", ".join(v.label(v.LIFE_DOMAINS, d, "en") for d in missing) + "."})
    for d in analysis.debts.all():
        if d.amount_cents is None:
            gaps.append({"nl": f"Schuld bij {d.creditor}: bedrag onbekend.", "en": f"Debt with {d.creditor}: amount unknown."})
    return gaps
