"""The professional workspace: client households, checks with their history, and the rulebook page.

Server-rendered, Dutch first (English with ?lang=en), works without JavaScript.
"""

import json
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook, sync_municipalities
from meedoen.portal.views import check_date, grouped
from meedoen.rules import expiry
from meedoen.rules.errors import InputError
from meedoen.rules.evaluate import evaluate
from meedoen.rules.explain import INCOME_SOURCE, format_date
from meedoen.rules.money import format_eur
from meedoen.web.language import current_language, remember_language

from . import roles
from .forms import ClientHouseholdForm
from .models import CheckRecord, ClientHousehold
from .overview import overview
from .texts import ROLE_OF_MEMBER, t, texts


def page(request, template, context, status=200):
    lang = current_language(request)
    user = request.user
    context = {
        "T": texts(lang), "lang": lang, "other_lang": "en" if lang == "nl" else "nl",
        "can_casework": roles.has_role(user, *roles.CASEWORK),
        "can_read_rulebook": roles.has_role(user, *roles.RULEBOOK_READ),
        "can_manage_rulebook": roles.has_role(user, *roles.RULEBOOK_MANAGE),
        "can_reach": roles.has_role(user, *roles.REACH),
        "role_labels": roles.role_labels(user, lang) if user.is_authenticated else [],
        **context,
    }
    return remember_language(request, render(request, template, context, status=status))


def forbidden(request):
    return page(request, "workspace/forbidden.html", {}, status=403)


def role_required(*allowed):
    """Log in first (redirect), then one of ``allowed`` roles or a 403 page."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not roles.has_role(request.user, *allowed):
                return forbidden(request)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        lang = current_language(self.request)
        return super().get_context_data(T=texts(lang), **kwargs)

    def dispatch(self, request, *args, **kwargs):
        return remember_language(request, super().dispatch(request, *args, **kwargs))


def visible_households(user):
    """Coordinators see every household; professionals the ones they entered."""
    households = ClientHousehold.objects.select_related("municipality", "created_by")
    if roles.has_role(user, roles.COORDINATOR):
        return households
    return households.filter(created_by=user)


@login_required
def home(request):
    context = {"households": None, "municipalities": None}
    if roles.has_role(request.user, *roles.CASEWORK):
        context["households"] = list(visible_households(request.user).annotate(
            last_check=Max("checks__evaluated_on"), check_count=Count("checks")))
        context["sees_all"] = roles.has_role(request.user, roles.COORDINATOR)
    if roles.has_role(request.user, *roles.RULEBOOK_READ):
        context["municipalities"] = list(Municipality.objects.filter(active=True))
    return page(request, "workspace/home.html", context)


@role_required(*roles.CASEWORK)
@require_http_methods(["GET", "POST"])
def household_new(request):
    lang = current_language(request)
    form = ClientHouseholdForm(request.POST or None, lang=lang)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                household = ClientHousehold.objects.create(
                    municipality=data["municipality"], reference=data["reference"],
                    household=data["household"], created_by=request.user)
        except IntegrityError:  # the same reference saved in the meantime
            form.add_error("reference", t("err_duplicate", lang))
        else:
            messages.success(request, t("saved", lang))
            return redirect("workspace:household", pk=household.pk)
    status = 400 if form.is_bound and form.errors else 200
    return page(request, "workspace/household_form.html", {
        "form": form, "errors": form.error_summary() if form.is_bound else {},
        "example": EXAMPLE_HOUSEHOLD,
    }, status=status)


EXAMPLE_HOUSEHOLD = """{
  "members": [
    {"id": "moeder", "role": "applicant", "birth_date": "1990-05-01",
     "monthly_net_income_cents": {"wages": 153114, "kinderbijslag": 24000}},
    {"id": "kind-1", "role": "child", "birth_date": "2015-03-01",
     "school": {"attends_school": true, "level": "primary"}}
  ],
  "assets_cents": 120000
}"""


def composition(household_data, lang, day):
    """The members as rows for a table: role, birth date, age and incomes by source."""
    index = 0 if lang == "nl" else 1
    rows = []
    for m in household_data.get("members", []):
        birth = m.get("birth_date")
        born = date.fromisoformat(birth) if birth else None
        age = None
        if born:
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        incomes = m.get("monthly_net_income_cents")
        parts = None
        if incomes is not None:
            parts = [f"{INCOME_SOURCE.get(source, (source, source))[index]} "
                     f"{format_eur(cents, lang) if cents is not None else t('unknown', lang)}"
                     for source, cents in incomes.items()]
        rows.append({
            "id": m.get("id", ""), "role": ROLE_OF_MEMBER.get(m.get("role"), (m.get("role"),) * 2)[index],
            "birth_date": format_date(born, lang) if born else None, "age": age, "incomes": parts,
        })
    return rows


def household_for(request, pk):
    household = visible_households(request.user).filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


def detail_context(request, household):
    lang = current_language(request)
    history = list(household.checks.select_related("created_by").defer("result"))
    selected = history[0] if history else None
    wanted = request.GET.get("check")
    if wanted and wanted.isdigit():
        selected = next((r for r in history if r.pk == int(wanted)), selected)
    context = {
        "household": household, "members": composition(household.household, lang, check_date()),
        "household_json": json.dumps(household.household, indent=2, ensure_ascii=False),
        "history": history, "record": selected, "is_latest": bool(history) and selected is history[0],
    }
    if selected is not None:
        result = CheckRecord.objects.values_list("result", flat=True).get(pk=selected.pk)
        context.update({
            "result": result, "groups": grouped(result),
            "date_text": format_date(date.fromisoformat(result["date"]), lang),
        })
    return context


@role_required(*roles.CASEWORK)
@require_http_methods(["GET"])
def household_detail(request, pk):
    household = household_for(request, pk)
    return page(request, "workspace/household_detail.html", detail_context(request, household))


@role_required(*roles.CASEWORK)
@require_POST
def run_check(request, pk):
    lang = current_language(request)
    household = household_for(request, pk)
    try:
        result = evaluate(current_rulebook(), household.household, check_date(), municipality=household.municipality.slug)
    except InputError as exc:
        context = detail_context(request, household)
        context["check_problems"] = exc.problems
        return page(request, "workspace/household_detail.html", context, status=400)
    CheckRecord.from_result(household, result, request.user).save()
    messages.success(request, t("check_saved", lang))
    return redirect(f"{reverse('workspace:household', kwargs={'pk': household.pk})}?lang={lang}")


@role_required(*roles.RULEBOOK_READ)
@require_http_methods(["GET"])
def rulebook_index(request):
    rulebook = current_rulebook()
    items = []
    for municipality in Municipality.objects.filter(active=True):
        rules = rulebook.municipalities.get(municipality.slug)
        items.append({"municipality": municipality, "schemes": len(rules.schemes) if rules else None})
    lang = current_language(request)
    today = check_date()
    running = [{"file": file, "valid_to": format_date(end, lang), "ended": end < today, "names": ", ".join(names)}
               for file, end, names in expiry.grouped(expiry.running_out(rulebook, today))]
    return page(request, "workspace/rulebook_index.html", {
        "items": items, "rulebook": {"version": rulebook.version, "hash": rulebook.hash, "title": rulebook.title},
        "running_out": running, "E": {k: v[0 if lang == "nl" else 1] for k, v in EXPIRY_TEXTS.items()},
    })


# The rulebook page's notice about norms and parameters running out (nl, en); kept here, next to its only view.
EXPIRY_TEXTS = {
    "title": ("Normen die bijna aflopen", "Norms that run out soon"),
    "intro": (f"Deze landelijke normen en parameters lopen binnen {expiry.WARN_DAYS} dagen af. Zet de nieuwe bedragen "
              "op tijd in het regelboek. Daarna rekent een check met de oude bedragen en noemt ze voorlopig.",
              f"These national norms and parameters run out within {expiry.WARN_DAYS} days. Put the new amounts in the "
              "rulebook in time. After that date a check uses the old amounts and calls them provisional."),
    "none": (f"Er lopen geen landelijke normen of parameters af in de komende {expiry.WARN_DAYS} dagen.",
             f"No national norms or parameters run out in the next {expiry.WARN_DAYS} days."),
    "file": ("Bestand", "File"),
    "ends": ("Loopt tot en met", "Runs up to and including"),
    "ended": ("al afgelopen", "already ended"),
    "names": ("Normen en parameters", "Norms and parameters"),
}


@role_required(*roles.RULEBOOK_READ)
@require_http_methods(["GET"])
def rulebook_detail(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    rulebook = current_rulebook()
    rules = rulebook.municipalities.get(municipality.slug)
    if rules is None:
        return page(request, "workspace/rulebook_detail.html", {"municipality": municipality, "missing": True}, status=404)
    return page(request, "workspace/rulebook_detail.html", {"municipality": municipality, "o": overview(rulebook, rules)})


@role_required(*roles.RULEBOOK_MANAGE)
@require_POST
def rulebook_sync(request):
    lang = current_language(request)
    synced = sync_municipalities(current_rulebook())
    messages.success(request, t("synced", lang, names=", ".join(m.name for m in synced)))
    return redirect(f"{reverse('workspace:rulebook')}?lang={lang}")
