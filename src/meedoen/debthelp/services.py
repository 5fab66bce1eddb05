"""Every write of the pathway: open a case, record a step, keep the creditor list. Validated, in one transaction,
with an access-log row. Bad input raises ``CaseworkError`` (every field named, in Dutch and English); a worker of
another organisation than the one giving the debt help gets ``NotPermitted``.

The caller has already found the family through ``meedoen.casework.access`` with consent for money (finances).
"""

from django.db import transaction
from django.db.models import Max

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as cv
from meedoen.casework.errors import CaseworkError, NotPermitted
from meedoen.casework.models import Membership, Professional
from meedoen.rules.money import format_eur

from . import machine, rules
from . import vocabulary as v
from .models import Creditor, CreditorChange, DebtCase, DebtStep

MAX_TEXT = 4000
MAX_CENTS = 10**11  # a billion euros: beyond this it is a typing error


class Problems(dict):
    def add(self, field, nl, en):
        self.setdefault(field, {"nl": nl, "en": en})

    def raise_if_any(self):
        if self:
            raise CaseworkError(dict(self))


def _log(user, case, detail):
    audit.log(user, case.family_id, cv.WRITE, cv.FINANCES, cv.HELP, detail)


def _need_finances(family):
    if not getattr(family, f"may_{cv.FINANCES}", False):
        raise NotPermitted({"family": {"nl": "Het gezin gaf uw organisatie geen toestemming voor geldzaken.",
                                       "en": "The family has not given your organisation consent for money matters."}})


def _professional(user):
    pro = Professional.objects.select_related("organisation").filter(user_id=user.pk).first()
    if pro is None:
        raise NotPermitted({"user": {"nl": "Alleen professionals leggen schuldhulp vast.", "en": "Only professionals record debt help."}})
    return pro


def may_act(user, case):
    """NotPermitted unless ``user`` works for the organisation that gives this debt help."""
    pro = _professional(user)
    if pro.organisation_id != case.organisation_id:
        raise NotPermitted({"case": {"nl": f"Alleen {case.organisation.name} legt stappen in deze schuldhulp vast.",
                                     "en": f"Only {case.organisation.name} records steps of this debt help."}})
    return pro


def _text(problems, field, value, required=False, nl="Vul dit in.", en="Fill this in."):
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        problems.add(field, "Dit moet tekst zijn.", "This must be text.")
        return ""
    if required and not value:
        problems.add(field, nl, en)
    if len(value) > MAX_TEXT:
        problems.add(field, f"Te lang: hoogstens {MAX_TEXT} tekens.", f"Too long: at most {MAX_TEXT} characters.")
    return value


def _day(problems, field, value, not_before=None):
    if value is None:
        problems.add(field, "Vul een datum in.", "Give a date.")
        return None
    if value > access.today():
        problems.add(field, f"De datum ({value:%d-%m-%Y}) ligt in de toekomst.", f"The date ({value:%Y-%m-%d}) is in the future.")
    elif not_before is not None and value < not_before:
        problems.add(field, f"De datum ({value:%d-%m-%Y}) ligt vóór de vorige stap ({not_before:%d-%m-%Y}).",
                     f"The date ({value:%Y-%m-%d}) is before the previous step ({not_before:%Y-%m-%d}).")
    return value


def _cents(problems, field, value, required=False):
    if value is None:
        if required:
            problems.add(field, "Vul een bedrag in.", "Give an amount.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(field, "Dit moet een bedrag in centen zijn.", "This must be an amount in cents.")
        return None
    if value < 0:
        problems.add(field, "Een bedrag kan niet negatief zijn.", "An amount cannot be negative.")
    elif value > MAX_CENTS:
        problems.add(field, "Dit bedrag is te groot; kijk het na.", "This amount is too large; check it.")
    return value


def _yes_no(problems, field, value, required=True):
    if value is None:
        if required:
            problems.add(field, "Kies ja of nee.", "Choose yes or no.")
        return None
    if not isinstance(value, bool):
        problems.add(field, "Kies ja of nee.", "Choose yes or no.")
        return None
    return value


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# -- the case ------------------------------------------------------------------------------------------------------

@transaction.atomic
def open_case(user, family, *, origin, registered_on, origin_reference="", crisis=False, person=None):
    """A request for debt help: the case starts as registered (aanmelding), handled by the user's organisation."""
    _need_finances(family)
    pro = _professional(user)
    problems = Problems()
    if origin not in v.ORIGINS:
        problems.add("origin", "Kies hoe de aanmelding binnenkwam.", "Choose how the request came in.")
    _day(problems, "registered_on", registered_on)
    reference = _text(problems, "origin_reference", origin_reference)
    if len(reference) > 100:
        problems.add("origin_reference", "Te lang: hoogstens 100 tekens.", "Too long: at most 100 characters.")
    _yes_no(problems, "crisis", crisis)
    if person is not None and not Membership.objects.filter(family_id=family.pk, person_id=person.pk).exists():
        problems.add("person", "Deze persoon hoort niet bij het gezin.", "This person is not a member of the family.")
    from meedoen.casework.services.families import lock_family

    lock_family(family)
    if DebtCase.objects.filter(family_id=family.pk, phase__in=v.OPEN_PHASES).exists():
        problems.add("family", "Dit gezin heeft al een lopende schuldhulpaanvraag.", "This family already has an open debt-help case.")
    problems.raise_if_any()
    case = DebtCase.objects.create(family_id=family.pk, person=person, organisation=pro.organisation, origin=origin,
                                   origin_reference=reference, crisis=crisis, registered_on=registered_on, created_by=user)
    DebtStep.objects.create(case=case, phase=v.REGISTERED, on=registered_on, recorded_by=user, recorded_by_name=pro.name)
    _log(user, case, "schuldhulp aangemeld / debt help registered")
    return case


def last_day(case):
    return case.steps.aggregate(last=Max("on"))["last"] or case.registered_on


def not_allowed(case, step):
    """The error for a step that may not follow the case's phase, naming the steps that may."""
    options = machine.allowed(case.phase, bool(case.under_administration))
    nl_opts = ", ".join(v.label(v.PHASES, s, "nl") for s in options) or "geen (de schuldhulp is klaar)"
    en_opts = ", ".join(v.label(v.PHASES, s, "en") for s in options) or "none (the debt help is finished)"
    now_nl, now_en = v.label(v.PHASES, case.phase, "nl"), v.label(v.PHASES, case.phase, "en")
    extra_nl = extra_en = ""
    if case.phase == v.INTAKE and step == v.ADMISSION:
        extra_nl = " Zonder bewindvoerder komt eerst de stabilisatie."
        extra_en = " Without an administrator, stabilisation comes first."
    return CaseworkError({"step": {
        "nl": f"Deze stap kan nu niet: de schuldhulp staat op '{now_nl}'. Mogelijk: {nl_opts}.{extra_nl}",
        "en": f"This step is not possible now: the debt help is at '{now_en}'. Possible: {en_opts}.{extra_en}"}})


@transaction.atomic
def record_step(user, case, step, *, on, note="", **fields):
    """Move the case to ``step`` on day ``on``, with the step's own fields. Only allowed transitions."""
    case = DebtCase.objects.select_for_update(of=("self",)).select_related("family__municipality", "organisation", "person").get(pk=case.pk)
    pro = may_act(user, case)
    if step not in v.PHASES or step == v.REGISTERED:
        raise CaseworkError({"step": {"nl": f"Onbekende stap '{step}'.", "en": f"Unknown step '{step}'."}})
    if not machine.is_allowed(case.phase, step, bool(case.under_administration)):
        raise not_allowed(case, step)
    problems = Problems()
    _day(problems, "on", on, last_day(case))
    note = _text(problems, "note", note)
    unknown = set(fields) - set(STEP_FIELDS.get(step, ()))
    for field in sorted(unknown):
        problems.add(field, "Dit veld hoort niet bij deze stap.", "This field does not belong to this step.")
    changes = STEP_RULES[step](problems, case, on, note, fields)
    problems.raise_if_any()
    for name, value in changes.items():
        setattr(case, name, value)
    case.phase = step
    case.save()
    DebtStep.objects.create(case=case, phase=step, on=on, note=note, recorded_by=user, recorded_by_name=pro.name)
    _log(user, case, f"schuldhulp stap / debt-help step: {step}")
    return case


def _intake(problems, case, on, note, f):
    return {"first_conversation_on": on, "stress_asked": _yes_no(problems, "stress_asked", f.get("stress_asked")),
            "stress_answer": _text(problems, "stress_answer", f.get("stress_answer")),
            "other_helpers": _text(problems, "other_helpers", f.get("other_helpers")),
            "under_administration": _yes_no(problems, "under_administration", f.get("under_administration", False))}


def _stabilisation(problems, case, on, note, f):
    return {"stabilisation_on": on}


def admission_blockers(case):
    """What stands in the way of admission: [(field, nl, en)]. Empty: the gate is open."""
    out = []
    creditors = list(case.creditors.all())
    if not creditors:
        out.append(("creditors", "Er staan nog geen schuldeisers op de lijst.", "The creditor list is still empty."))
    for c in creditors:
        if c.blocks_admission:
            out.append(("creditors", f"Het bedrag van {c.name} is onbekend. Vul het in, of schrijf op waarom het onbekend blijft.",
                        f"The amount of {c.name} is unknown. Fill it in, or write down why it stays unknown."))
    return out


def _admission(problems, case, on, note, f):
    overview = _yes_no(problems, "financial_overview_complete", f.get("financial_overview_complete"))
    if overview is False:
        problems.add("financial_overview_complete", "Toelaten kan pas met een compleet overzicht van de geldzaken.",
                     "Admission needs a complete overview of the financial situation.")
    capacity = _cents(problems, "repayment_capacity_cents", f.get("repayment_capacity_cents"), required=True)
    for field, nl, en in admission_blockers(case):
        problems.add(field, nl, en)
    return {"decided_on": on, "financial_overview_complete": overview, "repayment_capacity_cents": capacity}


def _settlement(problems, case, on, note, f):
    planned = f.get("planned_end") or rules.settlement_end(on)
    if planned <= on:
        problems.add("planned_end", "Het einde moet na de start liggen.", "The end must be after the start.")
    return {"route_started_on": on, "settlement_planned_end": planned}


def _youth(problems, case, on, note, f):
    low, below = rules.youth_age_range()
    person = case.person
    if person is None or person.birth_date is None:
        problems.add("person", "Voor overname van schulden van jongeren is de geboortedatum van de aanvrager nodig.",
                     "Taking over a young person's debts needs the applicant's date of birth.")
    else:
        age = age_on(person.birth_date, on)
        if not low <= age < below:
            problems.add("person", f"{person.full_name} is {age} jaar; deze route is voor jongeren van {low} tot {below} jaar.",
                         f"{person.full_name} is {age}; this route is for young people from {low} up to {below}.")
    return {"route_started_on": on}


def _budget(problems, case, on, note, f):
    return {"route_started_on": on}


def _aftercare(problems, case, on, note, f):
    return {"aftercare_on": on}


def _closed(problems, case, on, note, f):
    return {"closed_on": on, "relapse_check_due": rules.relapse_check_due(on)}


def _relapse(problems, case, on, note, f):
    return {"relapse_checked_on": on, "relapsed": _yes_no(problems, "relapsed", f.get("relapsed"))}


def _stop(problems, case, on, note, f, decided):
    reason = _text(problems, "reason", f.get("reason"), required=True, nl="Schrijf de reden op; die staat ook in het besluit.",
                   en="Write down the reason; it is also in the decision.")
    out = {"ended_on": on, "end_reason": reason}
    if decided:
        out["decided_on"] = on
    return out


STEP_RULES = {
    v.INTAKE: _intake, v.STABILISATION: _stabilisation, v.ADMISSION: _admission, v.SETTLEMENT: _settlement,
    v.YOUTH_TAKEOVER: _youth, v.BUDGET_MANAGEMENT: _budget, v.AFTERCARE: _aftercare, v.CLOSED: _closed,
    v.RELAPSE_CHECKED: _relapse,
    v.REFUSED: lambda p, c, on, n, f: _stop(p, c, on, n, f, decided=True),
    v.ENDED: lambda p, c, on, n, f: _stop(p, c, on, n, f, decided=False),
}
STEP_FIELDS = {
    v.INTAKE: ("stress_asked", "stress_answer", "other_helpers", "under_administration"),
    v.ADMISSION: ("financial_overview_complete", "repayment_capacity_cents"),
    v.SETTLEMENT: ("planned_end",),
    v.RELAPSE_CHECKED: ("relapsed",),
    v.REFUSED: ("reason",), v.ENDED: ("reason",),
}


# -- creditors -----------------------------------------------------------------------------------------------------

def _creditor_values(problems, values, partial=False):
    out = {}
    if not partial or "name" in values:
        out["name"] = _text(problems, "name", values.get("name"), required=True, nl="Vul de naam van de schuldeiser in.",
                            en="Give the creditor's name.")
        if len(out["name"]) > 200:
            problems.add("name", "Te lang: hoogstens 200 tekens.", "Too long: at most 200 characters.")
    if not partial or "kind" in values:
        out["kind"] = values.get("kind") or "other"
        if out["kind"] not in v.CREDITOR_KINDS:
            problems.add("kind", "Kies een soort schuld van de lijst.", "Choose a kind of debt from the list.")
    if not partial or "amount_cents" in values:
        out["amount_cents"] = _cents(problems, "amount_cents", values.get("amount_cents"))
    if not partial or "amount_unknown_reason" in values:
        out["amount_unknown_reason"] = _text(problems, "amount_unknown_reason", values.get("amount_unknown_reason"))
    if not partial or "arrangement" in values:
        out["arrangement"] = values.get("arrangement") or v.NONE
        if out["arrangement"] not in v.ARRANGEMENTS:
            problems.add("arrangement", "Kies de stand van de afspraak van de lijst.", "Choose the arrangement status from the list.")
    return out


def creditor_problems(values):
    """The problems of a creditor's values without saving (a form shows them next to its own reading errors)."""
    problems = Problems()
    _creditor_values(problems, values)
    return dict(problems)


def _snapshot(creditor):
    return {"name": creditor.name, "kind": creditor.kind, "amount_cents": creditor.amount_cents,
            "amount_unknown_reason": creditor.amount_unknown_reason, "arrangement": creditor.arrangement}


def _open_for_creditors(case):
    if case.phase in v.FINAL:
        raise CaseworkError({"case": {"nl": "Deze schuldhulp is klaar; de lijst kan niet meer veranderen.",
                                      "en": "This debt help is finished; the list can no longer change."}})


@transaction.atomic
def add_creditor(user, case, **values):
    case = DebtCase.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=case.pk)
    pro = may_act(user, case)
    _open_for_creditors(case)
    problems = Problems()
    clean = _creditor_values(problems, values)
    problems.raise_if_any()
    creditor = Creditor.objects.create(case=case, **clean)
    CreditorChange.objects.create(creditor=creditor, by_name=pro.name, values=_snapshot(creditor))
    _log(user, case, f"schuldeiser toegevoegd / creditor added: {creditor.name}"[:300])
    return creditor


@transaction.atomic
def update_creditor(user, creditor, **values):
    """Change some fields of a creditor; every change is a row in its history."""
    creditor = Creditor.objects.select_for_update(of=("self",)).select_related("case__organisation").get(pk=creditor.pk)
    pro = may_act(user, creditor.case)
    _open_for_creditors(creditor.case)
    problems = Problems()
    clean = _creditor_values(problems, values, partial=True)
    problems.raise_if_any()
    for name, value in clean.items():
        setattr(creditor, name, value)
    if creditor.amount_cents is not None:
        creditor.amount_unknown_reason = ""  # known now: the reason no longer applies
    creditor.save()
    CreditorChange.objects.create(creditor=creditor, by_name=pro.name, values=_snapshot(creditor))
    _log(user, creditor.case, f"schuldeiser gewijzigd / creditor changed: {creditor.name}"[:300])
    return creditor


def totals(creditors, lang="nl"):
    """Known total, the number of debts with an unknown amount, how many block admission, per arrangement status."""
    known = [c.amount_cents for c in creditors if c.amount_cents is not None]
    return {"count": len(creditors), "known_cents": sum(known), "known_text": format_eur(sum(known), lang),
            "unknown": sum(1 for c in creditors if c.amount_cents is None),
            "blocking": sum(1 for c in creditors if c.blocks_admission),
            "by_arrangement": {key: sum(1 for c in creditors if c.arrangement == key) for key in v.ARRANGEMENTS}}
