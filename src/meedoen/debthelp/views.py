"""Workspace pages of the pathway under /werkplek/schuldhulp/: the caseload (late first), the case with its steps,
deadlines and creditors, a form per step, the creditor forms, the family's cases and the lead times for policy.

Every page finds the family through ``meedoen.casework.access`` (not visible: 404, no hint it exists; no consent for
money: the no-consent page, 403) and writes one access-log row for what it shows. Every change goes through
:mod:`.services`; bad input gives the form again (400) with each field's message.
"""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as cv
from meedoen.casework.errors import CaseworkError, NotPermitted
from meedoen.casework.models import Membership
from meedoen.casework.views.common import casework_required, lang_of, log_read, page
from meedoen.reach.figures import THRESHOLD
from meedoen.workspace import roles
from meedoen.workspace.views import role_required

from . import forms, leadtimes, machine, queries, services, status
from . import vocabulary as v
from .models import Creditor, DebtCase
from .texts import texts

DETAIL = "schuldhulp / debt help"


def render(request, template, context, status_code=200):
    lang = lang_of(request)
    return page(request, template, {"DT": texts(lang), "DV": v, **context}, status=status_code)


def no_consent(request, family):
    """403 without the family's consent for money; the page names the family, so that basic read is logged."""
    audit.log(request.user, family.pk, cv.READ, cv.BASIC, cv.HELP, DETAIL + ": no consent", path=request.path)
    return render(request, "debthelp/no_consent.html", {"family": family}, 403)


def family_for_case(request, case_id):
    """(case, family with flags) the user may see, else Http404. Without consent for money: (None, family)."""
    family_id = DebtCase.objects.filter(pk=case_id).values_list("family_id", flat=True).first()
    family = access.family_access(request.user, family_id, cv.HELP, access.today()) if family_id else None
    if family is None:
        raise Http404
    if not family.may_finances:
        return None, family
    case = DebtCase.objects.select_related("family__municipality", "organisation", "person").get(pk=case_id)
    return case, family


def may_record(request, case):
    pro = access.professional_of(request.user)
    return pro is not None and pro.organisation_id == case.organisation_id


# -- caseload and the family's cases --------------------------------------------------------------------------------

@casework_required
@require_GET
def caseload(request):
    today = access.today()
    rows = queries.caseload(request.user, today)
    lang = lang_of(request)
    for case in rows:
        case.phase_label = v.label(v.PHASES, case.phase, lang)
    if rows:  # one row per family shown
        audit.log_reads(request.user, sorted({c.family_id for c in rows}), [cv.FINANCES], cv.HELP, DETAIL + ": caseload",
                        path=request.path)
    return render(request, "debthelp/caseload.html", {"rows": rows, "today": today})


@casework_required
@require_GET
def family_cases(request, family_id):
    family = access.family_access(request.user, family_id, cv.HELP, access.today())
    if family is None:
        raise Http404
    if not family.may_finances:
        return no_consent(request, family)
    lang = lang_of(request)
    cases = list(DebtCase.objects.filter(family_id=family.pk).select_related("organisation"))
    for case in cases:
        case.phase_label = v.label(v.PHASES, case.phase, lang)
    log_read(request, family.pk, [cv.FINANCES], detail=DETAIL)
    can_open = not any(c.phase in v.OPEN_PHASES for c in cases)
    return render(request, "debthelp/family_cases.html", {"family": family, "cases": cases, "can_open": can_open})


# -- the case ------------------------------------------------------------------------------------------------------

@casework_required
@require_GET
def case_page(request, case_id):
    case, family = family_for_case(request, case_id)
    if case is None:
        return no_consent(request, family)
    lang = lang_of(request)
    context = status.summary(case, access.today(), lang)
    log_read(request, family.pk, [cv.FINANCES], detail=DETAIL)
    return render(request, "debthelp/case.html", {
        **context, "family": family, "may_record": may_record(request, case),
        "allowed": [(s, v.label(v.PHASES, s, lang)) for s in machine.allowed(case.phase, bool(case.under_administration))],
        "creditor_fields": creditor_fields(lang, "creditor", {}, {}), "today": access.today(),
        "creditor_kinds": [(k, v.label(v.CREDITOR_KINDS, k, lang)) for k in v.CREDITOR_KINDS],
        "creditor_arrangements": [(k, v.label(v.ARRANGEMENTS, k, lang)) for k in v.ARRANGEMENTS],
        "only_organisation": texts(lang)["only_organisation"].format(organisation=case.organisation.name),
        "deadline_policy_text": policy_text(context["deadline_policy"], lang),
        "deadline_policy_url": getattr(context["deadline_policy"], "law_url", "")})


UNITS = {"weeks": ("weken", "weeks"), "days": ("dagen", "days"), "working_days": ("werkdagen", "working days")}
POLICY_TEXT = ("Eerste gesprek binnen {first}; binnen {threatened} als huisuitzetting, afsluiting van energie of water of "
               "beëindiging van de zorgverzekering dreigt; besluit binnen {decision} na het eerste gesprek ({law}, {article}; "
               "werkdagen en het doorlopen van een termijn volgens de Algemene termijnenwet).",
               "First conversation within {first}; within {threatened} when eviction, disconnection of energy or water or "
               "the end of the health insurance threatens; decision within {decision} of the first conversation ({law}, "
               "{article}; working days and terms running on as the Algemene termijnenwet sets them).")


def policy_text(policy, lang):
    """The municipality's Wgs deadlines in one sentence with the law they come from; empty when there are none."""
    if policy is None:
        return ""
    index = 0 if lang == "nl" else 1
    term = lambda t: f"{t.amount} {UNITS[t.unit][index]}"  # noqa: E731
    return POLICY_TEXT[index].format(first=term(policy.first_conversation), threatened=term(policy.first_conversation_when_threatened),
                                     decision=term(policy.decision), law=policy.law_name, article=policy.law_article)


def creditor_fields(lang, form, values, errors):
    return forms.field_specs([("name", "text"), ("kind", "select"), ("amount", "euros"), ("amount_unknown_reason", "textarea"),
                              ("arrangement", "select")], lang, form, values, errors)


def form_page(request, case, family, title, action, fields, errors, extra=None, status_code=400):
    lang = lang_of(request)
    form = extra.get("form", "step") if extra else "step"
    labels = {f["name"]: f["label"] for f in fields}
    words = texts(lang)
    labels.update(creditors=words["creditors_title"], stap=words["step"], person=words["debtor"], family=words["family"])
    summary = [(f"{form}_{name}", f"{labels[name]}: {message}" if name in labels else message) for name, message in errors.items()]
    return render(request, "debthelp/form.html", {
        "case": case, "family": family, "title": title, "action": action, "fields": fields, "summary": summary,
        "kinds": [(k, v.label(v.CREDITOR_KINDS, k, lang)) for k in v.CREDITOR_KINDS],
        "arrangements": [(k, v.label(v.ARRANGEMENTS, k, lang)) for k in v.ARRANGEMENTS], **(extra or {})}, status_code)


@casework_required
@require_http_methods(["GET", "POST"])
def step(request, case_id):
    case, family = family_for_case(request, case_id)
    if case is None:
        return no_consent(request, family)
    lang = lang_of(request)
    words = texts(lang)
    data = request.POST if request.method == "POST" else request.GET
    chosen = data.get("stap", "")
    allowed = machine.allowed(case.phase, bool(case.under_administration))
    if chosen not in v.PHASES or chosen == v.REGISTERED:
        messages.error(request, words["choose_step"])
        return redirect(reverse("debthelp:case", args=[case.pk]))
    spec = [("on", "date"), *forms.STEP_FORM.get(chosen, []), ("note", "textarea")]
    title = f"{words['record_step']}: {v.label(v.PHASES, chosen, lang)}"
    action = reverse("debthelp:step", args=[case.pk])
    extra = {"form": "step", "chosen": chosen}
    if request.method == "GET":
        errors = {}
        if chosen not in allowed:
            errors["stap"] = services.not_allowed(case, chosen).messages(lang)["step"]
        values = {"on": access.today().isoformat()}
        return form_page(request, case, family, title, action, forms.field_specs(spec, lang, "step", values, errors), errors,
                         extra, 400 if errors else 200)
    reader = forms.Reader(request.POST, lang)
    values = {name: reader.value(name, kind) for name, kind in spec}
    errors = dict(reader.errors)
    if values["on"] is None and "on" not in errors:
        errors["on"] = texts(lang)["bad_date"]
    if not errors:
        fields = {forms.SERVICE_NAME.get(k, k): val for k, val in values.items() if k not in ("on", "note")}
        if chosen == v.SETTLEMENT and fields.get("planned_end") is None:
            fields.pop("planned_end", None)
        try:
            services.record_step(request.user, case, chosen, on=values["on"], note=values["note"], **fields)
        except NotPermitted as exc:
            return render(request, "debthelp/not_permitted.html", {"case": case, "family": family, "message": exc.messages(lang)}, 403)
        except CaseworkError as exc:
            errors = forms.service_errors(exc.problems, lang)
        else:
            messages.success(request, words["step_saved"])
            return redirect(reverse("debthelp:case", args=[case.pk]))
    shown = {name: request.POST.get(name, "") for name, _ in spec}
    return form_page(request, case, family, title, action, forms.field_specs(spec, lang, "step", shown, errors), errors, extra)


# -- opening a case ------------------------------------------------------------------------------------------------

@casework_required
@require_http_methods(["GET", "POST"])
def new_case(request, family_id):
    family = access.family_access(request.user, family_id, cv.HELP, access.today())
    if family is None:
        raise Http404
    if not family.may_finances:
        return no_consent(request, family)
    lang = lang_of(request)
    words = texts(lang)
    people = [(str(m.person_id), m.person.full_name) for m in Membership.objects.filter(family_id=family.pk).select_related("person")
              if m.role != cv.CHILD]
    spec = [("origin", "select"), ("origin_reference", "text"), ("registered_on", "date"), ("crisis", "yesno"), ("person", "select")]
    extra = {"form": "new", "origins": [(k, v.label(v.ORIGINS, k, lang)) for k in v.ORIGINS], "people": people}
    action = reverse("debthelp:new", args=[family.pk])
    if request.method == "GET":  # the form names the family's adults: a read of its basic data
        audit.log(request.user, family.pk, cv.READ, cv.BASIC, cv.HELP, DETAIL + ": registration form", path=request.path)
        values = {"registered_on": access.today().isoformat(), "crisis": "no"}
        return form_page(request, None, family, words["new_case"], action, forms.field_specs(spec, lang, "new", values, {}), {}, extra, 200)
    reader = forms.Reader(request.POST, lang)
    registered_on = reader.day("registered_on")
    crisis = reader.yes_no("crisis")
    errors = dict(reader.errors)
    person_id = reader.raw("person")
    person = None
    if person_id:
        member = Membership.objects.filter(family_id=family.pk, person_id=person_id).select_related("person").first() \
            if person_id.isdigit() else None
        person = member.person if member else None
        if member is None:
            errors["person"] = ("Deze persoon hoort niet bij het gezin." if lang == "nl"
                                else "This person is not a member of the family.")
    if not errors:
        try:
            case = services.open_case(request.user, family, origin=reader.raw("origin"), registered_on=registered_on,
                                      origin_reference=request.POST.get("origin_reference", ""), crisis=bool(crisis), person=person)
        except CaseworkError as exc:
            errors = forms.service_errors(exc.problems, lang)
        else:
            messages.success(request, words["case_saved"])
            return redirect(reverse("debthelp:case", args=[case.pk]))
    shown = {name: request.POST.get(name, "") for name, _ in spec}
    return form_page(request, None, family, words["new_case"], action, forms.field_specs(spec, lang, "new", shown, errors), errors, extra)


# -- creditors -----------------------------------------------------------------------------------------------------

def _creditor_values(request, lang):
    reader = forms.Reader(request.POST, lang)
    values = {"name": request.POST.get("name", ""), "kind": reader.raw("kind"), "amount_cents": reader.euros("amount"),
              "amount_unknown_reason": request.POST.get("amount_unknown_reason", ""), "arrangement": reader.raw("arrangement")}
    return values, dict(reader.errors)


def _save_creditor(request, case, family, creditor=None):
    lang = lang_of(request)
    words = texts(lang)
    values, errors = _creditor_values(request, lang)
    if errors:  # also what the service would say about the other fields
        errors = {**forms.service_errors(services.creditor_problems({**values, "amount_cents": None}), lang), **errors}
    else:
        try:
            if creditor is None:
                services.add_creditor(request.user, case, **values)
            else:
                services.update_creditor(request.user, creditor, **values)
        except NotPermitted as exc:
            return render(request, "debthelp/not_permitted.html", {"case": case, "family": family, "message": exc.messages(lang)}, 403)
        except CaseworkError as exc:
            errors = forms.service_errors(exc.problems, lang)
        else:
            messages.success(request, words["creditor_saved"])
            return redirect(reverse("debthelp:case", args=[case.pk]) + "#creditors")
    shown = {k: request.POST.get(k, "") for k in ("name", "kind", "amount", "amount_unknown_reason", "arrangement")}
    action = reverse("debthelp:creditor_edit", args=[creditor.pk]) if creditor else reverse("debthelp:creditor_add", args=[case.pk])
    title = words["edit_creditor"] if creditor else words["add_creditor"]
    return form_page(request, case, family, title, action, creditor_fields(lang, "creditor", shown, errors), errors, {"form": "creditor"})


@casework_required
@require_http_methods(["POST"])
def creditor_add(request, case_id):
    case, family = family_for_case(request, case_id)
    if case is None:
        return no_consent(request, family)
    return _save_creditor(request, case, family)


@casework_required
@require_http_methods(["GET", "POST"])
def creditor_edit(request, creditor_id):
    case_id = Creditor.objects.filter(pk=creditor_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case, family = family_for_case(request, case_id)
    if case is None:
        return no_consent(request, family)
    creditor = Creditor.objects.get(pk=creditor_id)
    if request.method == "POST":
        return _save_creditor(request, case, family, creditor)
    lang = lang_of(request)
    log_read(request, family.pk, [cv.FINANCES], detail=DETAIL)
    values = {"name": creditor.name, "kind": creditor.kind, "amount": forms_amount(creditor.amount_cents, lang),
              "amount_unknown_reason": creditor.amount_unknown_reason, "arrangement": creditor.arrangement}
    return form_page(request, case, family, texts(lang)["edit_creditor"], reverse("debthelp:creditor_edit", args=[creditor.pk]),
                     creditor_fields(lang, "creditor", values, {}), {}, {"form": "creditor", "history": list(creditor.changes.all())}, 200)


def forms_amount(cents, lang):
    if cents is None:
        return ""
    whole, part = divmod(cents, 100)
    return str(whole) if not part else f"{whole}{',' if lang == 'nl' else '.'}{part:02d}"


# -- lead times (policy) -------------------------------------------------------------------------------------------

POLICY = (roles.POLICY,)


def _leadtime_rows(lang):
    cases = DebtCase.objects.select_related("family__municipality")
    rows = [leadtimes.shown(row) for row in leadtimes.figures(cases)]
    for row in rows:
        row["interval_label"] = v.label(leadtimes.INTERVALS, row["interval"], lang)
    return rows


@role_required(*POLICY)
@require_GET
def leadtimes_page(request):
    lang = lang_of(request)
    words = texts(lang)
    return render(request, "debthelp/leadtimes.html", {
        "rows": _leadtime_rows(lang), "intro": words["leadtimes_intro"].format(threshold=THRESHOLD)})


@role_required(*POLICY)
@require_GET
def leadtimes_csv(request):
    lang = lang_of(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="schuldhulp-doorlooptijden.csv"'
    writer = csv.writer(response)
    writer.writerow(["municipality", "interval", "count", "median_days", "p90_days", "within_deadline_percent"])
    for row in _leadtime_rows(lang):
        writer.writerow([row["municipality"], row["interval"], row["count"], "" if row["median"] is None else row["median"],
                         "" if row["p90"] is None else row["p90"], "" if row["within_percent"] is None else row["within_percent"]])
    return response
