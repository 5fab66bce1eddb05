"""Workspace pages of signals: the triage queue and a case with its signals and a contact-attempt form."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page as workspace_page
from meedoen.workspace.views import role_required

from . import outreach
from meedoen.rules.money import format_eur

from .texts import texts

casework = role_required(*roles.CASEWORK)


def _page(request, template, context, status=200):
    return workspace_page(request, f"signals/{template}", {"ST": texts(current_language(request)), **context},
                          status=status)


def total_arrears(signals):
    """The latest amount per partner, summed; None (unknown) if any partner's latest amount is unknown."""
    latest = {}
    for s in sorted(signals, key=lambda s: (s.signal_date, s.pk)):
        latest[s.partner_id] = s.amount_cents
    return None if None in latest.values() else sum(latest.values())


@casework
@require_http_methods(["GET"])
def queue(request):
    today, lang = timezone.localdate(), current_language(request)
    rows = []
    for case in outreach.queue().prefetch_related("matches__signal")[:200]:
        signals = [m.signal for m in case.matches.all()]
        arrears = total_arrears(signals)
        rows.append({"case": case, "partners": sorted({s.partner_type for s in signals}), "arrears": arrears,
                     "arrears_text": None if arrears is None else format_eur(arrears, lang),
                     "overdue": case.due is not None and case.due < today})
    return _page(request, "queue.html", {"rows": rows})


def _case_page(request, case, errors=None, status=200):
    lang = current_language(request)
    matches = case.matches.select_related("signal").order_by("signal__signal_date")
    ST = texts(lang)
    return _page(request, "case.html", {
        "case": case, "signals": [(m.signal, m.not_picked_up, None if m.signal.amount_cents is None
                                   else format_eur(m.signal.amount_cents, lang)) for m in matches], "attempts": case.attempts.all(),
        "kinds": outreach.KINDS, "parts": outreach.PARTS_OF_DAY, "posted": request.POST,
        "errors": {field: ST[code] for field, code in (errors or {}).items()},
        "title": ST["case_title"].format(household=case.household_id)}, status=status)


@casework
@require_http_methods(["GET", "POST"])
def case(request, pk):
    found = outreach.queue().filter(pk=pk).first()
    if found is None:
        raise Http404
    if request.method == "POST":
        try:
            outreach.record_attempt(found, request.user, request.POST)
        except outreach.OutreachError as exc:
            return _case_page(request, found, exc.errors, status=400)
        return redirect(reverse("signals:case", args=[pk]))
    return _case_page(request, found)


def _exclusions_page(request, errors=None, status=200):
    from meedoen.municipalities.models import Municipality

    from .models import Exclusion
    ST = texts(current_language(request))
    return _page(request, "exclusions.html", {
        "rows": Exclusion.objects.select_related("municipality").order_by("-recorded_at")[:500],
        "municipalities": Municipality.objects.filter(active=True), "posted": request.POST,
        "errors": {field: ST[code] for field, code in (errors or {}).items()}}, status=status)


@role_required(*outreach.MAY_EXCLUDE)
@require_http_methods(["GET", "POST"])
def exclusions(request):
    from meedoen.municipalities.models import Municipality
    if request.method == "GET":
        return _exclusions_page(request)
    town = Municipality.objects.filter(pk=request.POST.get("municipality") or 0).first() \
        if (request.POST.get("municipality") or "").isdigit() else None
    if town is None:
        return _exclusions_page(request, {"municipality": "municipality_invalid"}, status=400)
    try:
        outreach.add_exclusion(request.user, town, request.POST.get("household_id"), request.POST.get("reason"))
    except outreach.OutreachError as exc:
        return _exclusions_page(request, exc.errors, status=400)
    return redirect(reverse("signals:exclusions"))
