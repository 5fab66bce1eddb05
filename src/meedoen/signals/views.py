"""Workspace pages of signals: the triage queue (all or only overdue), unmatched signals, and a case with its signals,
contact attempts, closing, the scheme check and the warm handover into a family plan."""

from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page as workspace_page
from meedoen.workspace.views import forbidden, role_required

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as v
from meedoen.rules.explain import format_date
from meedoen.rules.money import format_eur

from . import handover, outreach, schemecheck
from .models import SignalMatch, SignalPartner
from .texts import labels, texts

def casework(view):
    """Casework roles only, and never a signal partner's own account: a partner sees its signals through the partner
    API (signals.api), not the municipality's queue with every partner's signals."""
    @role_required(*roles.CASEWORK)
    @wraps(view)
    def guarded(request, *args, **kwargs):
        professional = access.professional_of(request.user)
        if professional is not None and SignalPartner.objects.filter(organisation_id=professional.organisation_id).exists():
            return forbidden(request)
        return view(request, *args, **kwargs)
    return guarded


def _page(request, template, context, status=200):
    return workspace_page(request, f"signals/{template}", {"ST": texts(current_language(request)), **context},
                          status=status)


def total_arrears(signals):
    """The latest amount per partner, summed; None (unknown) if any partner's latest amount is unknown."""
    latest = {}
    for s in sorted(signals, key=lambda s: (s.signal_date, s.pk)):
        latest[s.partner_id] = s.amount_cents
    return None if None in latest.values() else sum(latest.values())


QUEUE_PAGE = 50  # cases per page of the queue, most urgent first


def _page_number(request):
    text = request.GET.get("page", "1")
    return int(text) if text.isdigit() and 0 < len(text) <= 6 and int(text) > 0 else 1


@casework
@require_http_methods(["GET"])
def queue(request):
    today, lang = access.today(), current_language(request)
    partners = labels(lang)["partners"]
    only_overdue = request.GET.get("overdue") == "1"
    number = _page_number(request)
    start = (number - 1) * QUEUE_PAGE
    found = list(outreach.queue(overdue_on=today if only_overdue else None)[start:start + QUEUE_PAGE + 1])
    more, found = len(found) > QUEUE_PAGE, found[:QUEUE_PAGE]
    signals_of = {}
    for m in (SignalMatch.objects.filter(case_id__in=[c.pk for c in found]).select_related("signal")
              .only("case_id", "signal__partner_id", "signal__partner_type", "signal__amount_cents",
                    "signal__signal_date")):
        signals_of.setdefault(m.case_id, []).append(m.signal)
    rows = []
    for case in found:
        signals = signals_of.get(case.pk, [])
        arrears = total_arrears(signals)
        rows.append({"case": case, "partners": sorted({partners.get(s.partner_type, s.partner_type) for s in signals}), "arrears": arrears,
                     "arrears_text": None if arrears is None else format_eur(arrears, lang),
                     "overdue": case.due is not None and case.due < today})
    query = {"lang": lang, **({"overdue": "1"} if only_overdue else {})}
    pages = {"number": number, "first": start + 1, "last": start + len(rows),
             "previous": f"?{urlencode({**query, 'page': number - 1})}" if number > 1 else None,
             "next": f"?{urlencode({**query, 'page': number + 1})}" if more else None}
    return _page(request, "queue.html", {"rows": rows, "only_overdue": only_overdue, "pages": pages})


@casework
@require_http_methods(["GET"])
def unmatched(request):
    reasons = labels(current_language(request))["reasons"]
    rows = [{"match": m, "reason": reasons.get(m.reason, m.reason)} for m in outreach.unmatched()[:500]]
    return _page(request, "unmatched.html", {"rows": rows})


def _messages(errors, ST, lang):
    """Field -> message: a texts code, or a {nl, en} message of casework."""
    return {field: (code.get(lang) or code.get("en")) if isinstance(code, dict) else ST.get(code, code)
            for field, code in (errors or {}).items()}


def _scheme_check(case, signals, lang):
    found = schemecheck.check(case, signals)
    receipt = found["receipt"]
    return {**found, "receipt_text": None if receipt is None else texts(lang)["receipt"].format(
                version=receipt["rulebook_version"], hash=receipt["rulebook_hash"][:12],
                day=format_date(date.fromisoformat(receipt["evaluated_on"]), lang)),
            "debts_line": texts(lang)["debts_unknown"] if found["debts_cents"] is None
            else texts(lang)["debts_fact"].format(amount=format_eur(found["debts_cents"], lang))}


def _case_page(request, case, errors=None, status=200):
    lang = current_language(request)
    matches = list(case.matches.select_related("signal").order_by("signal__signal_date"))
    ST, names = texts(lang), labels(lang)
    signals = [m.signal for m in matches]
    closed = None
    if case.closed_at is not None:
        closed = ST["closed"].format(day=format_date(timezone.localtime(case.closed_at).date(), lang),
                                     result=names["results"].get(case.result, case.result))
    handed_over = None
    if case.family_id is not None:
        handed_over = {"text": ST["handed_over"].format(day=format_date(timezone.localtime(case.handed_over_at).date(), lang))}
        # the family's name and link only for whom casework lets see the family, and that read is logged
        if access.visible_families(request.user).filter(pk=case.family_id).exists():
            audit.log(request.user, case.family_id, v.READ, v.BASIC, v.HELP, detail="signal case", path=request.path)
            handed_over.update(family=case.family, url=reverse("casework:family", args=[case.family_id]))
    return _page(request, "case.html", {
        "case": case, "signals": [(m.signal, m.not_picked_up, None if m.signal.amount_cents is None
                                   else format_eur(m.signal.amount_cents, lang),
                                   names["partners"].get(m.signal.partner_type, m.signal.partner_type)) for m in matches],
        "attempts": [(a, names["kinds"].get(a.kind, a.kind), names["parts"].get(a.part_of_day, a.part_of_day))
                     for a in case.attempts.all()],
        "kinds": list(names["kinds"].items()), "parts": list(names["parts"].items()),
        "results": list(names["results"].items()), "closed": closed, "handed_over": handed_over,
        "teams": handover.teams_of(case.municipality) if closed is None and handed_over is None else [],
        "check": _scheme_check(case, signals, lang), "posted": request.POST,
        "errors": _messages(errors, ST, lang), "today": access.today().isoformat(),
        "title": ST["case_title"].format(household=case.household_id)}, status=status)


@casework
@require_http_methods(["GET", "POST"])
def case(request, pk):
    found = outreach.cases().select_related("family").filter(pk=pk).first()
    if found is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "attempt")
        if found.closed_at is not None:
            return _case_page(request, found, {"action": "already_closed"}, status=400)
        try:
            if action == "attempt":
                outreach.record_attempt(found, request.user, request.POST)
            elif action == "close":
                outreach.close_case(found, request.user, request.POST.get("result", ""))
            elif action == "handover":
                handover.hand_over(found, request.user, request.POST)
            else:
                return _case_page(request, found, {"action": "action_invalid"}, status=400)
        except outreach.OutreachError as exc:
            return _case_page(request, found, exc.errors, status=400)
        except handover.HandoverError as exc:
            return _case_page(request, found, exc.errors, status=403 if exc.forbidden else 400)
        return redirect(reverse("signals:case", args=[pk]) + f"?lang={current_language(request)}")
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
