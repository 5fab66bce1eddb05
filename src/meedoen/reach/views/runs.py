"""Pages of reach runs: start a run, follow its progress, read reach per scheme and breakdown."""

import csv
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from meedoen.municipalities.models import Municipality
from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page, role_required

from .. import figures as fig
from ..models import ReachRun, RegisterLoad
from ..services.runs import RunError, parse_day, start_run
from ..run import BANDS
from ..texts_runs import texts, value_label

ORDER = {band: i for i, band in enumerate(BANDS)}

DIMENSIONS = {"district": "by_district", "household_type": "by_household_type", "income_band": "by_income_band",
              "income_source": "by_income_source"}


def _render(request, template, context, status=200):
    lang = current_language(request)
    return page(request, template, {"R": texts(lang), **context}, status=status)


@role_required(*roles.REACH)
@require_http_methods(["GET", "POST"])
def runs(request):
    lang = current_language(request)
    municipalities = list(Municipality.objects.filter(active=True))
    latest = RegisterLoad.objects.select_related("municipality").first()
    errors, values = {}, {"municipality": latest.municipality.slug if latest else "", "day": request.GET.get("day", "")}
    if request.method == "POST":
        values = {"municipality": request.POST.get("municipality", ""), "day": request.POST.get("day", "")}
        municipality = next((m for m in municipalities if m.slug == values["municipality"]), None)
        day = parse_day(values["day"].strip())
        if municipality is None:
            errors["municipality"] = texts(lang)["bad_municipality"]
        if day is None:
            errors["day"] = texts(lang)["bad_day"]
        if not errors:
            try:
                run = start_run(municipality, day, request.user)
            except RunError as exc:
                errors["day" if exc.key == "no_rules" else "municipality"] = exc.text(lang)
            else:
                return redirect("reach:run", pk=run.pk)
    context = {
        "runs": ReachRun.objects.select_related("municipality")[:50],
        "loads": RegisterLoad.objects.select_related("municipality")[:20],
        "municipalities": municipalities, "errors": errors, "values": values,
        "default_day": date.today().isoformat(),
    }
    return _render(request, "reach/runs.html", context, status=400 if errors else 200)


def _figure_rows(run, dimension, lang):
    """Table rows per scheme: the total, or the cells of one breakdown."""
    rows = []
    for code, entry in run.figures.get("municipalities", {}).items():
        for scheme, data in entry["schemes"].items():
            cells = [data["total"]] if dimension is None else data["by"].get(dimension, [])
            if dimension == "income_band":
                cells = sorted(cells, key=lambda c: ORDER.get(c["value"], len(ORDER)))
            for cell in cells:
                rows.append({**cell, "scheme": scheme, "combined": scheme == fig.COMBINED, "name": data["name"][lang],
                             "value": value_label(cell["value"], lang)})
    return rows


@role_required(*roles.REACH)
def run(request, pk):
    lang = current_language(request)
    run = get_object_or_404(ReachRun.objects.select_related("municipality", "register_load"), pk=pk)
    dimension = request.GET.get("by")
    if dimension not in DIMENSIONS:
        dimension = None
    rows = _figure_rows(run, dimension, lang) if run.state == ReachRun.DONE else []
    context = {"run": run, "rows": [r for r in rows if not r["combined"]],
               "combined": [r for r in rows if r["combined"]], "dimension": dimension,
               "dimensions": [(k, texts(lang)[v]) for k, v in DIMENSIONS.items()],
               "threshold": run.figures.get("threshold", fig.THRESHOLD),
               "percent": _percent(run)}
    context["suppressed_note"] = texts(lang)["suppressed_note"].format(n=context["threshold"])
    if request.htmx and request.GET.get("part") == "progress":
        if run.state == ReachRun.DONE:  # the whole page again, now with the figures
            return HttpResponseClientRefresh()
        return _render(request, "reach/_progress.html", context)
    return _render(request, "reach/run.html", context)


def _percent(run):
    return int(100 * run.progress_done / run.progress_total) if run.progress_total else 0


@role_required(*roles.REACH)
def run_csv(request, pk):
    lang = current_language(request)
    run = get_object_or_404(ReachRun, pk=pk, state=ReachRun.DONE)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bereik-{run.municipality.slug}-{run.day}.csv"'
    writer = csv.writer(response)
    writer.writerow(["municipality", "scheme", "breakdown", "value", "households", "eligible", "users", "non_users",
                     "undetermined", "reach_percent", "suppressed", "rulebook_version", "rulebook_hash", "day"])
    for code, entry in run.figures.get("municipalities", {}).items():
        for scheme, data in entry["schemes"].items():
            if scheme == fig.COMBINED:
                continue
            for dimension, cells in [("total", [data["total"]]), *data["by"].items()]:
                for c in cells:
                    shown = lambda k: "" if c["suppressed"] else c.get(k)  # noqa: E731
                    writer.writerow([code, scheme, dimension, c["value"], shown("households"), shown("eligible"),
                                     shown("users"), shown("non_users"), shown("undetermined"), shown("reach_percent"),
                                     "<10" if c["suppressed"] else "", run.rulebook_version, run.rulebook_hash, run.day])
    return response
