"""The early-signalling figures page and its statistics export (CSV, JSON), for policy and coordinators.

Only aggregates leave these views (:mod:`.figures`, small numbers suppressed): no household id, pseudonym or case,
and the export gives months only. A bad period or municipality gives the page again with each field's message (400);
the JSON export answers 400 with the messages in Dutch and English.
"""

import csv
import json
from datetime import date
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from meedoen.casework import access
from meedoen.municipalities.models import Municipality
from meedoen.reach.figures import THRESHOLD
from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page, role_required

from . import figures
from .texts_figures import texts

READ = (roles.POLICY, roles.COORDINATOR)  # policy and the casework lead
MAX_YEARS = 10


def _day(value, end):
    """A date from YYYY-MM-DD, or from YYYY-MM (its first or, with ``end``, its last day); None when neither."""
    if len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if len(value) != 7:
        return None
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    return figures.month_end(first) if end else first


def _read(request):
    """(values, municipality, period, problems {field: (nl, en)}) of the period form; default: the last 12 months."""
    municipalities = list(Municipality.objects.filter(active=True).order_by("name"))
    today = access.today()
    months = today.year * 12 + today.month - 1 - 11
    values = {"municipality": request.GET.get("municipality") or (municipalities[0].slug if municipalities else ""),
              "from": request.GET.get("from", "").strip() or date(months // 12, months % 12 + 1, 1).isoformat(),
              "to": request.GET.get("to", "").strip() or figures.month_end(today).isoformat()}
    nl, en = texts("nl"), texts("en")
    problems = {}
    municipality = next((m for m in municipalities if m.slug == values["municipality"]), None)
    if municipality is None:
        problems["municipality"] = (nl["bad_municipality"], en["bad_municipality"])
    first, last = _day(values["from"], end=False), _day(values["to"], end=True)
    for field, day in (("from", first), ("to", last)):
        if day is None:
            problems[field] = (nl["bad_date"], en["bad_date"])
    if first and last and first > last:
        problems["to"] = (nl["bad_range"], en["bad_range"])
    elif first and last and (last - first).days > 366 * MAX_YEARS:
        problems["from"] = (nl["too_long"].format(years=MAX_YEARS), en["too_long"].format(years=MAX_YEARS))
    period = figures.Period(first, last) if not problems else None
    return values, municipalities, municipality, period, problems


def _page(request, values, municipalities, problems, report=None, municipality=None, status=200):
    lang = current_language(request)
    words = texts(lang)
    errors = {field: pair[0 if lang == "nl" else 1] for field, pair in problems.items()}
    summary = [(f"id_{field}", f"{words[field]}: {message}") for field, message in errors.items()]
    query = urlencode({k: values[k] for k in ("municipality", "from", "to")})
    return page(request, "signals/figures.html", {
        "F": words, "intro": words["intro"].format(largest=THRESHOLD - 1), "values": values,
        "municipalities": municipalities, "errors": errors, "summary": summary, "report": report,
        "partner_rows": _partner_rows(report, municipality) if report else [], "query": query,
        "day_rows": [(words[k], report[k]) for k in ("days_to_first_attempt", "days_to_first_reached")] if report else []},
        status=status)


def _partner_rows(report, municipality):
    """[(DDAS label, count or None)] of the partner-type breakdown."""
    from .thresholds import ThresholdError, partner_type_choices
    try:
        names = dict(partner_type_choices(municipality.slug))
    except ThresholdError:
        names = {}
    return [(names.get(code, code), n) for code, n in report["signals_by_partner_type"].items()]


@role_required(*READ)
@require_GET
def figures_page(request):
    values, municipalities, municipality, period, problems = _read(request)
    if problems:
        return _page(request, values, municipalities, problems, status=400)
    report = figures.report(municipality, period, access.today())
    report["whole_months"] = period.whole_months()
    return _page(request, values, municipalities, {}, report, municipality)


def _export(request):
    """(municipality, period, rows) or (None, None, problems) for the export views."""
    values, municipalities, municipality, period, problems = _read(request)
    if not problems and not period.whole_months():
        problems["from"] = (texts("nl")["not_whole_months"], texts("en")["not_whole_months"])
    if problems:
        return values, municipalities, None, problems
    report = figures.report(municipality, period, access.today())
    return values, municipalities, (municipality, period, figures.export_rows(municipality, period, report)), {}


def _filename(municipality, period, ext):
    first, last = period.months()
    return f'attachment; filename="vroegsignalering-{municipality.cbs_code or municipality.slug}-{first}-{last}.{ext}"'


@role_required(*READ)
@require_GET
def export_csv(request):
    values, municipalities, found, problems = _export(request)
    if problems:
        return _page(request, values, municipalities, problems, status=400)
    municipality, period, rows = found
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename(municipality, period, "csv")
    writer = csv.writer(response)
    writer.writerow(figures.EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(["" if row[c] is None else (int(row[c]) if isinstance(row[c], bool) else row[c])
                         for c in figures.EXPORT_COLUMNS])
    return response


@role_required(*READ)
@require_GET
def export_json(request):
    values, municipalities, found, problems = _export(request)
    if problems:
        return JsonResponse({"errors": {field: {"nl": nl, "en": en} for field, (nl, en) in problems.items()}},
                            status=400, json_dumps_params={"ensure_ascii": False})
    municipality, period, rows = found
    first, last = period.months()
    body = {"gemeentecode": municipality.cbs_code, "period_from": first, "period_to": last, "threshold": THRESHOLD,
            "source": "Meedoen management figures; DDAS (VNG-Realisatie/ddas-vroegsignalering) defines no "
                      "statistics model, see ddas_source per row",
            "columns": list(figures.EXPORT_COLUMNS), "rows": rows}
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = _filename(municipality, period, "json")
    return response
