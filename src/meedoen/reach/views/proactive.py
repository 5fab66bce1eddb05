"""Pages of the proactive service under /werkplek/bereik/proactief/ (policy role): runs' non-users per scheme,
a batch with its sample letter, four-eyes review and 'sent', letters as PDF, the opt-out list and take-up.

Every write goes through :mod:`meedoen.reach.services.proactive`; its errors come back as the page with a
message (400 bad input, 403 not permitted, 409 changed in the meantime), never as a server error.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.explain import format_date
from meedoen.web.language import current_language
from meedoen.workspace.views import page as workspace_page
from meedoen.workspace.views import role_required

from .. import letters as L
from ..models import NonUser, Offer, OfferBatch, OptOut, ReachRun
from ..services import proactive as service
from .proactive_texts import t, texts

policy_required = role_required(*service.MAY_ACT)
RUNS_SHOWN, BATCHES_SHOWN, PER_PAGE = 10, 20, 50


def page(request, template, context, status=200):
    lang = current_language(request)
    return workspace_page(request, f"reach/proactive/{template}", {"PT": texts(lang), **context}, status=status)


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Runs and their non-users ----------------------------------------------------------------------------------------
def _runs(lang):
    rulebook = current_rulebook()
    runs = list(ReachRun.objects.filter(state=ReachRun.DONE).select_related("municipality")[:RUNS_SHOWN])
    counted = NonUser.objects.filter(run__in=runs).values("run_id", "scheme").annotate(n=Count("id")).order_by("run_id", "scheme")
    per_run = {}
    for row in counted:
        per_run.setdefault(row["run_id"], {})[row["scheme"]] = row["n"]
    live = {(b.run_id, b.scheme): b for b in OfferBatch.objects.filter(run__in=runs).exclude(state=OfferBatch.REJECTED)}
    result = []
    for run in runs:
        rows = []
        for scheme_id, n in sorted(per_run.get(run.pk, {}).items()):
            scheme, version = service.scheme_version(run, scheme_id, rulebook)
            modes = service.modes_for(version)
            rows.append({"id": scheme_id, "name": scheme.name[lang] if scheme else scheme_id, "count": n,
                         "in_rulebook": version is not None, "modes": [(m, t(f"mode_{m}", lang)) for m in modes],
                         "mode_note": t("grant_source", lang, source=version.proactive.source)
                         if version is not None and version.proactive.automatic else t("offer_only", lang),
                         "batch": live.get((run.pk, scheme_id))})
        result.append({"run": run, "title": t("run_of", lang, day=format_date(run.day, lang), municipality=run.municipality.name),
                       "receipt": t("receipt", lang, version=run.rulebook_version, hash=run.rulebook_hash[:12]), "schemes": rows})
    return result


def _index(request, errors=None, status=200):
    lang = current_language(request)
    batches = OfferBatch.objects.select_related("run", "run__municipality", "created_by")[:BATCHES_SHOWN]
    return page(request, "index.html", {"runs": _runs(lang), "batches": [_batch_row(b, lang) for b in batches],
                                        "errors": errors or {}, "posted": request.POST}, status=status)


def _batch_row(batch, lang):
    return {"batch": batch, "state": t(f"state_{batch.state}", lang), "mode": t(f"mode_{batch.mode}", lang),
            "scheme": _scheme_name(batch, lang)}


def _scheme_name(batch, lang):
    scheme, _ = service.scheme_version(batch.run, batch.scheme)
    return scheme.name[lang] if scheme else batch.scheme


@policy_required
@require_GET
def index(request):
    return _index(request)


@policy_required
@require_POST
def batch_create(request):
    lang = current_language(request)
    run = ReachRun.objects.filter(pk=_int(request.POST.get("run"))).first() if _int(request.POST.get("run")) else None
    if run is None:
        return _index(request, {"run": t("bad_number", lang)}, status=400)
    try:
        batch = service.create_batch(request.user, run, (request.POST.get("scheme") or "").strip(), request.POST.get("mode") or "")
    except service.ProactiveError as exc:
        return _index(request, exc.messages(lang), status=exc.status)
    messages.success(request, t("created", lang))
    return redirect("reach:proactive_batch", pk=batch.pk)


# --- One batch -----------------------------------------------------------------------------------------------------
def _batch_or_404(pk):
    batch = OfferBatch.objects.select_related("run", "run__municipality", "created_by", "reviewed_by").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def _parts(letters_total, lang):
    """The batch PDF's parts of at most LETTERS_PER_PDF letters: [{n, label}]."""
    starts = list(range(0, letters_total, L.LETTERS_PER_PDF))
    label = lambda n, first: t("all_letters", lang) + ("" if len(starts) == 1 else ", " + t(  # noqa: E731
        "part", lang, n=n, first=first + 1, last=min(first + L.LETTERS_PER_PDF, letters_total)))
    return [{"n": n, "label": label(n, first)} for n, first in enumerate(starts, start=1)]


def _batch_page(request, batch, errors=None, status=200):
    lang = current_language(request)
    counts = service.counts(batch)
    total = sum(counts.values())
    offers = batch.offers.select_related("non_user").order_by("id")
    paginator = Paginator(offers, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    sample_offer = offers.exclude(state__in=Offer.NO_LETTER).first()
    sample = L.letters_for(batch, [sample_offer], lang) if sample_offer else []
    letters_total = total - sum(counts[state] for state in Offer.NO_LETTER)
    return page(request, "batch.html", {
        "batch": batch, "scheme_name": _scheme_name(batch, lang), "state": t(f"state_{batch.state}", lang),
        "mode": t(f"mode_{batch.mode}", lang), "total": total, "opted_out": counts[Offer.OPTED_OUT], "served": counts[Offer.SERVED],
        "per_state": [(t(f"offer_{state}", lang), counts[state]) for state, _ in Offer.STATES if counts[state]],
        "decisions": batch.decisions.count() if batch.mode == OfferBatch.GRANT else None,
        "is_creator": batch.created_by_id == request.user.pk,
        "can_review": batch.state == OfferBatch.DRAFT and batch.created_by_id != request.user.pk,
        "can_send": batch.state == OfferBatch.APPROVED, "parts": _parts(letters_total, lang),
        "sample": sample[0] if sample else None, "no_sample": t("no_sample" if sample_offer is None else "not_in_rulebook_letter", lang),
        "page_obj": page_obj,
        "page_label": t("page_of", lang, n=page_obj.number, total=paginator.num_pages),
        "rows": [{"offer": o, "state": t(f"offer_{o.state}", lang), "name": L.addressee(o.non_user)} for o in page_obj],
        "errors": errors or {}, "posted": request.POST,
    }, status=status)


@policy_required
@require_GET
def batch_detail(request, pk):
    return _batch_page(request, _batch_or_404(pk))


@policy_required
@require_POST
def batch_review(request, pk):
    lang = current_language(request)
    batch = _batch_or_404(pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        return _batch_page(request, batch, {"decision": t("bad_decision", lang)}, status=400)
    try:
        service.review(request.user, batch, decision == "approve", request.POST.get("note", ""))
    except service.ProactiveError as exc:
        return _batch_page(request, _batch_or_404(pk), exc.messages(lang), status=exc.status)
    messages.success(request, t("approved" if decision == "approve" else "rejected", lang))
    return redirect("reach:proactive_batch", pk=batch.pk)


@policy_required
@require_POST
def batch_send(request, pk):
    lang = current_language(request)
    batch = _batch_or_404(pk)
    try:
        service.mark_sent(request.user, batch)
    except service.ProactiveError as exc:
        return _batch_page(request, _batch_or_404(pk), exc.messages(lang), status=exc.status)
    messages.success(request, t("sent", lang))
    return redirect("reach:proactive_batch", pk=batch.pk)


@policy_required
@require_GET
def batch_pdf(request, pk):
    """All letters of a batch in one PDF, or part ``?deel=N`` of LETTERS_PER_PDF letters when the batch is bigger."""
    lang = current_language(request)
    batch = _batch_or_404(pk)
    offers = batch.offers.exclude(state__in=Offer.NO_LETTER).select_related("non_user").order_by("id")
    total = offers.count()
    asked = request.GET.get("deel", "1")
    part = _int(asked)
    if part is None or (part - 1) * L.LETTERS_PER_PDF >= max(total, 1):
        return _batch_page(request, batch, {"deel": t("bad_part", lang)}, status=400)
    chunk = list(offers[(part - 1) * L.LETTERS_PER_PDF: part * L.LETTERS_PER_PDF])
    letters = L.letters_for(batch, chunk, lang)
    if not letters:
        return _batch_page(request, batch, {"deel": t("not_in_rulebook_letter", lang)}, status=400)
    return _pdf(L.pdf(L.render_html(letters, lang)), f"batch-{batch.pk}-deel-{part}.pdf")


@policy_required
@require_GET
def offer_pdf(request, pk):
    lang = current_language(request)
    offer = Offer.objects.select_related("non_user", "batch", "batch__run", "batch__run__municipality").filter(pk=pk).first()
    if offer is None:
        raise Http404
    if offer.state in Offer.NO_LETTER:
        return _batch_page(request, offer.batch, {"offer": t(f"{offer.state}_letter", lang)}, status=400)
    letters = L.letters_for(offer.batch, [offer], lang)
    if not letters:
        return _batch_page(request, offer.batch, {"offer": t("not_in_rulebook_letter", lang)}, status=400)
    return _pdf(L.pdf(L.render_html(letters, lang)), f"brief-{offer.batch_id}-{offer.pk}.pdf")


# --- Opt-outs -------------------------------------------------------------------------------------------------------
def _opt_out_page(request, errors=None, status=200):
    query = (request.GET.get("q") or "").strip()[:64]
    rows = OptOut.objects.filter(withdrawn_at__isnull=True).select_related("municipality", "recorded_by").order_by("-recorded_at", "-id")
    if query:
        rows = rows.filter(identifier__icontains=query)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    return page(request, "opt_outs.html", {
        "municipalities": list(Municipality.objects.filter(active=True)), "page_obj": page_obj, "q": query,
        "errors": errors or {}, "posted": request.POST}, status=status)


@policy_required
def opt_outs(request):
    if request.method == "GET":
        return _opt_out_page(request)
    if request.method != "POST":
        return HttpResponse(status=405)
    lang = current_language(request)
    municipality = Municipality.objects.filter(pk=_int(request.POST.get("municipality"))).first() \
        if _int(request.POST.get("municipality")) else None
    if municipality is None:
        return _opt_out_page(request, {"municipality": t("choose_municipality", lang)}, status=400)
    try:
        row = service.add_opt_out(request.user, municipality, request.POST.get("identifier"), request.POST.get("reason"))
    except service.ProactiveError as exc:
        return _opt_out_page(request, exc.messages(lang), status=exc.status)
    messages.success(request, t("opt_out_added", lang, identifier=row.identifier))
    return redirect(reverse("reach:proactive_opt_outs"))


@policy_required
@require_POST
def opt_out_withdraw(request, pk):
    lang = current_language(request)
    try:
        service.withdraw_opt_out(request.user, pk)
    except service.ProactiveError as exc:
        return _opt_out_page(request, exc.messages(lang), status=exc.status)
    messages.success(request, t("opt_out_withdrawn", lang))
    return redirect(reverse("reach:proactive_opt_outs"))


# --- Take-up ----------------------------------------------------------------------------------------------------------
def _share(n, of, lang):
    if n is None:
        return None
    if not of:
        return str(n)
    tenths = (2000 * n + of) // (2 * of)  # per mille, half up
    pct = f"{tenths // 10}{',' if lang == 'nl' else '.'}{tenths % 10}%"
    return t("share", lang, n=n, pct=pct)


@policy_required
@require_GET
def take_up(request):
    lang = current_language(request)
    rows = []
    for batch in OfferBatch.objects.filter(state=OfferBatch.SENT).select_related("run", "run__municipality")[:BATCHES_SHOWN]:
        figures = service.take_up(batch)
        reached = figures["reached"]
        rows.append({"batch": batch, "scheme": _scheme_name(batch, lang), "mode": t(f"mode_{batch.mode}", lang),
                     "sent_on": format_date(batch.sent_at.date(), lang) if batch.sent_at else "", "reached": reached,
                     "later": figures["later_run"], "later_day": format_date(figures["later_run"].day, lang) if figures["later_run"] else "",
                     "uses": _share(figures["uses"], reached, lang), "still": _share(figures["still_non_user"], reached, lang),
                     "no_longer": _share(figures["no_longer_non_user"], reached, lang),
                     "applied": _share(figures["applied"], reached, lang),
                     "applied_granted": figures["applied_granted"],
                     "before": figures["non_users_before"], "after": figures["non_users_after"]})
    return page(request, "take_up.html", {"rows": rows, "applications_known": service.application_model() is not None})
