"""Pages of applications: lead times per scheme for policy (with CSV), registering an application and its
decision and objections (professionals), and importing a municipality's export (policy, functional administration).

Every write goes through :mod:`.services`; bad input gives the form again with each field's message (400).
"""

import csv
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as cv
from meedoen.municipalities.models import Municipality
from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page, role_required

from ..defaults import default_slug
from . import leadtimes, services
from .models import Application, Objection
from .texts import texts

POLICY = (roles.POLICY,)
REGISTER = roles.CASEWORK                          # professionals and coordinators register applications
IMPORT = (roles.POLICY, roles.FUNCTIONAL_ADMIN)    # a municipality's export
MAX_YEARS = 10


def _render(request, template, context, status=200):
    lang = current_language(request)
    return page(request, template, {"A": texts(lang), "can_register": roles.has_role(request.user, *REGISTER),
                                    "can_import": roles.has_role(request.user, *IMPORT),
                                    "can_policy": roles.has_role(request.user, *POLICY), **context}, status=status)


def _scheme_names(municipality, lang):
    return {sid: s.name.get(lang, sid) for sid, s in services.scheme_ids(municipality).items()}


LABELS = {"objection_reason": "reason", "channel": "channel_short"}


def _summary(problems, lang):
    """[(field id, 'Label: message')] for the error summary, linked to the fields."""
    words = texts(lang)
    summary = []
    for field, message in problems.items():
        label = words.get(LABELS.get(field, field))
        summary.append((f"id_{field}", f"{label}: {message}" if label else message))
    return summary


# -- lead times (policy) -----------------------------------------------------------------------------------------

def _filters(request, lang):
    """(values, parsed, problems) of the lead-time filters; defaults: the last 12 months by month."""
    municipalities = list(Municipality.objects.filter(active=True))
    today = access.today()
    months = today.year * 12 + today.month - 1 - 11
    default_first = date(months // 12, months % 12 + 1, 1)
    newest = Application.objects.order_by("-received_on", "-pk")
    values = {"municipality": request.GET.get("municipality") or default_slug(municipalities, newest),
              "from": request.GET.get("from") or default_first.isoformat(), "to": request.GET.get("to") or today.isoformat(),
              "by": request.GET.get("by") or "month", "scheme": request.GET.get("scheme") or ""}
    problems = services.Problems()
    municipality = next((m for m in municipalities if m.slug == values["municipality"]), None)
    if municipality is None:
        problems.add("municipality", *(texts(x)["bad_municipality"] for x in ("nl", "en")))
    first = services.read_day(problems, "from", values["from"])
    last = services.read_day(problems, "to", values["to"])
    if first and last and first > last:
        problems.add("to", *(texts(x)["bad_range"] for x in ("nl", "en")))
    elif first and last and (last - first).days > 366 * MAX_YEARS:
        problems.add("from", *(texts(x)["too_long"] for x in ("nl", "en")))
    if values["by"] not in leadtimes.GROUPINGS:
        problems.add("by", *(texts(x)["bad_by"] for x in ("nl", "en")))
    if municipality and values["scheme"] and values["scheme"] not in services.scheme_ids(municipality):
        problems.add("scheme", *(texts(x)["bad_scheme"] for x in ("nl", "en")))
    key = "nl" if lang == "nl" else "en"
    errors = {field: msg[key] for field, msg in problems.items()}
    parsed = {"municipality": municipality, "first": first, "last": last, "municipalities": municipalities}
    return values, parsed, errors


def _display_rows(municipality, values, parsed, lang):
    names = _scheme_names(municipality, lang)
    rows = services.lead_time_table(municipality, parsed["first"], parsed["last"], values["by"], values["scheme"] or None)
    words = texts(lang)
    result = []
    for row in rows:
        shown = leadtimes.display(row)
        shown["period_label"] = row["period"].label(lang)
        shown["scheme_name"] = words["all_schemes_total"] if row["scheme"] == leadtimes.ALL_SCHEMES else names.get(row["scheme"], row["scheme"])
        shown["total"] = row["scheme"] == leadtimes.ALL_SCHEMES
        result.append(shown)
    if values["scheme"]:  # one scheme: the 'all schemes' row says the same
        result = [r for r in result if not r["total"]]
    return result


@role_required(*POLICY)
@require_http_methods(["GET"])
def lead_times(request):
    lang = current_language(request)
    values, parsed, errors = _filters(request, lang)
    municipality = parsed["municipality"]
    rows = _display_rows(municipality, values, parsed, lang) if not errors else []
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != row["period_label"]:
            groups.append((row["period_label"], []))
        groups[-1][1].append(row)
    context = {"values": values, "errors": errors, "summary": _summary(errors, lang), "rows": rows, "groups": groups,
               "municipalities": parsed["municipalities"],
               "schemes": sorted(_scheme_names(municipality, lang).items(), key=lambda kv: kv[1]) if municipality else [],
               "has_any": any(r["received"] != 0 or r["pending"]["count"] != 0 for r in rows),
               "query": request.GET.urlencode()}
    return _render(request, "reach_applications/lead_times.html", context, status=400 if errors else 200)


CSV_FIELDS = ("period", "scheme", "received", "granted", "refused", "withdrawn", "lead_median", "lead_p90", "pending",
              "wait_median", "wait_p90", "objections_filed", "objections_late", "upheld", "partly_upheld", "rejected",
              "objection_withdrawn", "objections_pending")


def csv_row(row):
    def text(value):
        return "" if value is None else value
    return [row["period_label"], row["scheme_name"], row["received"], row["decisions"]["granted"], row["decisions"]["refused"],
            row["decisions"]["withdrawn"], text(row["lead_time"]["median"]), text(row["lead_time"]["p90"]),
            row["pending"]["count"], text(row["pending"]["median"]), text(row["pending"]["p90"]), row["objections_filed"],
            row["objections_late"], row["objection_outcomes"]["upheld"], row["objection_outcomes"]["partly_upheld"],
            row["objection_outcomes"]["rejected"], row["objection_outcomes"]["withdrawn"], row["objections_pending"]]


@role_required(*POLICY)
@require_http_methods(["GET"])
def lead_times_csv(request):
    lang = current_language(request)
    values, parsed, errors = _filters(request, lang)
    if errors:
        return lead_times(request)
    words = texts(lang)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"doorlooptijden-{parsed['municipality'].slug}-{values['from']}-{values['to']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([words[f] for f in CSV_FIELDS])
    for row in _display_rows(parsed["municipality"], values, parsed, lang):
        writer.writerow(csv_row(row))
    return response


# -- registering (professionals) ---------------------------------------------------------------------------------

def visible_applications(user):
    """Coordinators see every registered application; professionals the ones they registered."""
    applications = Application.objects.select_related("municipality", "family").exclude(source=Application.DEMO)
    if roles.has_role(user, roles.COORDINATOR):
        return applications
    return applications.filter(created_by=user)


def _options(lang):
    words = texts(lang)
    municipalities = list(Municipality.objects.filter(active=True))
    return {
        "municipalities": [(m.slug, m.name) for m in municipalities],
        "scheme_groups": [(m.name, sorted(_scheme_names(m, lang).items(), key=lambda kv: kv[1])) for m in municipalities],
        "channels": [(key, words[f"channel_{key}"]) for key, _ in Application.CHANNELS],
        "decisions": [(key, words[f"decision_{key}"]) for key, _ in Application.DECISIONS],
        "outcomes": [(key, words[f"outcome_{key}"]) for key, _ in Objection.OUTCOMES],
    }


FORM_FIELDS = ("municipality", "scheme", "household_id", "family_reference", "received_on", "channel", "offer",
               "decided_on", "decision", "reason")


@role_required(*REGISTER)
@require_http_methods(["GET", "POST"])
def application_new(request):
    lang = current_language(request)
    words = texts(lang)
    values = {field: request.POST.get(field, "") for field in FORM_FIELDS} if request.method == "POST" else {}
    errors = {}
    if request.method == "POST":
        municipality = Municipality.objects.filter(active=True, slug=values["municipality"]).first()
        offer, offer_problem = _offer(values["offer"])
        try:
            if municipality is None:
                raise services.ApplicationError({"municipality": {"nl": texts("nl")["bad_municipality"], "en": texts("en")["bad_municipality"]}})
            if offer_problem:
                raise services.ApplicationError({"offer": {"nl": texts("nl")["bad_offer"], "en": texts("en")["bad_offer"]}})
            application = services.register_application(
                request.user, municipality, scheme=values["scheme"], received_on=values["received_on"],
                channel=values["channel"], household_id=values["household_id"], family_reference=values["family_reference"],
                offer=offer, decided_on=values["decided_on"], decision=values["decision"], reason=values["reason"])
        except services.ApplicationError as exc:
            errors = exc.messages(lang)
        else:
            messages.success(request, words["saved"])
            return redirect(reverse("reach:applications_detail", args=[application.pk]) + f"?lang={lang}")
    return _render(request, "reach_applications/form.html", {
        "values": values, "errors": errors, "summary": _summary(errors, lang), "o": _options(lang),
        "today": access.today().isoformat()}, status=400 if errors else 200)


def _offer(raw):
    """(Offer or None, problem?) for the posted offer number."""
    from meedoen.reach.models import Offer

    raw = (raw or "").strip()
    if not raw:
        return None, False
    if not raw.isdigit() or len(raw) > 18:
        return None, True
    offer = Offer.objects.select_related("batch__run").filter(pk=int(raw)).first()
    return offer, offer is None


@role_required(*REGISTER)
@require_http_methods(["GET"])
def application_list(request):
    applications = list(visible_applications(request.user)[:200])
    return _render(request, "reach_applications/list.html", {
        "applications": applications, "sees_all": roles.has_role(request.user, roles.COORDINATOR)})


def _application_or_404(request, pk):
    application = visible_applications(request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def _detail(request, application, errors=None, values=None, status=200):
    lang = current_language(request)
    family = None
    if application.family_id:
        family = access.visible_families(request.user).filter(pk=application.family_id).first()
        if family is not None:
            audit.log_reads(request.user, [family.pk], ["schemes"], cv.HELP, "aanvraag / application", path=request.path)
    objections = list(application.objections.all())
    deadline = leadtimes.objection_deadline(application.decided_on) if application.decided_on else None
    errors = errors or {}
    words = texts(lang)
    waiting = (access.today() - application.received_on).days if application.pending else None
    return _render(request, "reach_applications/detail.html", {
        "application": application, "family": family, "objections": objections,
        "deadline_text": words["deadline"].format(day=deadline.isoformat()) if deadline else "",
        "waiting_text": words["waiting_days"].format(days=waiting) if waiting is not None else "",
        "scheme_name": _scheme_names(application.municipality, lang).get(application.scheme, application.scheme),
        "can_object": application.decision in (Application.GRANTED, Application.REFUSED),
        "errors": errors, "summary": _summary(errors, lang), "values": values or {}, "o": _options(lang),
        "today": access.today().isoformat()}, status=status)


@role_required(*REGISTER)
@require_http_methods(["GET"])
def application_detail(request, pk):
    return _detail(request, _application_or_404(request, pk))


def _back(request, application, key):
    lang = current_language(request)
    messages.success(request, texts(lang)[key])
    return redirect(reverse("reach:applications_detail", args=[application.pk]) + f"?lang={lang}")


@role_required(*REGISTER)
@require_POST
def application_decide(request, pk):
    application = _application_or_404(request, pk)
    values = {f: request.POST.get(f, "") for f in ("decided_on", "decision", "reason")}
    try:
        services.decide(request.user, application, **values)
    except services.ApplicationError as exc:
        return _detail(request, application, exc.messages(current_language(request)), values, status=400)
    return _back(request, application, "decided")


@role_required(*REGISTER)
@require_POST
def objection_new(request, pk):
    application = _application_or_404(request, pk)
    values = {"filed_on": request.POST.get("filed_on", "")}
    try:
        objection = services.file_objection(request.user, application, filed_on=values["filed_on"])
    except services.ApplicationError as exc:
        return _detail(request, application, exc.messages(current_language(request)), values, status=400)
    return _back(request, application, "objection_saved_late" if objection.late else "objection_saved")


@role_required(*REGISTER)
@require_POST
def objection_decide(request, pk, objection_pk):
    application = _application_or_404(request, pk)
    objection = application.objections.filter(pk=objection_pk).first()
    if objection is None:
        raise Http404
    values = {"objection_decided_on": request.POST.get("objection_decided_on", ""), "outcome": request.POST.get("outcome", ""),
              "objection_reason": request.POST.get("objection_reason", ""), "objection": str(objection.pk)}
    try:
        services.decide_objection(request.user, objection, decided_on=values["objection_decided_on"],
                                  outcome=values["outcome"], reason=values["objection_reason"])
    except services.ApplicationError as exc:
        return _detail(request, application, exc.messages(current_language(request)), values, status=400)
    return _back(request, application, "objection_decided")


# -- import (policy, functional administration) -------------------------------------------------------------------

@role_required(*IMPORT)
@require_http_methods(["GET", "POST"])
def applications_import(request):
    lang = current_language(request)
    words = texts(lang)
    municipalities = list(Municipality.objects.filter(active=True))
    values = {"municipality": request.POST.get("municipality", "")}
    errors, report = {}, None
    if request.method == "POST":
        municipality = next((m for m in municipalities if m.slug == values["municipality"]), None)
        upload = request.FILES.get("file")
        if municipality is None:
            errors["municipality"] = words["bad_municipality"]
        if upload is None:
            errors["file"] = words["no_file"]
        elif upload.size > services.MAX_IMPORT_BYTES:
            errors["file"] = words["file_too_big"]
        if not errors:
            report = services.import_csv(request.user, municipality, upload.read(), name=upload.name or "import.csv")
            if report.ok:
                messages.success(request, words["imported"].format(n=report.saved, already=report.already, name=upload.name))
                return redirect(reverse("reach:applications") + f"?municipality={municipality.slug}&lang={lang}")
    failed = report is not None and not report.ok
    return _render(request, "reach_applications/import.html", {
        "municipalities": municipalities, "values": values, "errors": errors, "summary": _summary(errors, lang),
        "report_lines": report.lines(lang) if failed else [],
        "partly": words["import_partly"].format(n=report.saved, already=report.already) if failed else "",
    }, status=400 if errors or failed else 200)
