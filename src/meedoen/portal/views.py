"""The resident check: public, no login, stores nothing. Works without JavaScript."""

import json
import os
import time
from datetime import date

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.errors import BudgetExceeded, InputError, Problem
from meedoen.rules.evaluate import evaluate
from meedoen.rules.explain import format_date
from meedoen.web.language import current_language, remember_language

from . import answers
from .texts import TEXTS, t


def check_date():
    """Today, or MEEDOEN_CHECK_DATE (YYYY-MM-DD) to pin the date (demo, tests)."""
    pinned = os.environ.get("MEEDOEN_CHECK_DATE")
    return date.fromisoformat(pinned) if pinned else date.today()


def texts(lang):
    return {key: (nl if lang == "nl" else en) for key, (nl, en) in TEXTS.items()}


def page(request, template, context, status=200):
    lang = current_language(request)
    context = {"T": texts(lang), "lang": lang, "other_lang": "en" if lang == "nl" else "nl", **context}
    return remember_language(request, render(request, template, context, status=status))


def municipalities():
    return list(Municipality.objects.filter(active=True))


@require_http_methods(["GET", "POST"])
def start(request):
    lang = current_language(request)
    today = check_date()
    context = {
        "municipalities": municipalities(), "posted": request.POST, "errors": {},
        "child_fields": [{"name": f"child_{n}", "label": t("child_n", lang, n=n)} for n in range(1, answers.MAX_CHILDREN + 1)],
        "other_fields": [{"name": f"other_{n}", "label": t("other_n", lang, n=n)} for n in range(1, answers.MAX_OTHERS + 1)],
    }
    if request.method == "GET":
        return page(request, "portal/start.html", context)
    if request.POST.get("switch_lang"):  # the language button: show the same form, typed values kept
        return page(request, "portal/start.html", context)
    household, errors = answers.household_from_start(request.POST, lang, today)
    if current_rulebook().municipality(household["municipality"] or "-") is None:
        errors["municipality"] = t("err_choice", lang)
    if errors:
        return page(request, "portal/start.html", {**context, "errors": errors}, status=400)
    return next_step(request, household, skipped=[], action="next")


@require_http_methods(["POST"])
def check(request):
    lang = current_language(request)
    household = answers.load_household(request.POST.get("household"))
    if household is None:
        return redirect("portal:start")
    skipped = [f for f in request.POST.get("skipped", "").split("|") if f]
    asked = [f for f in request.POST.get("asked", "").split("|") if f]
    action = request.POST.get("action", "next")
    if request.POST.get("switch_lang") and asked:  # the language button: same questions, typed values kept
        return questions_page(request, household, asked, skipped, keep_typed=True)
    if asked and action in ("next", "result", "print"):
        household, errors, newly_skipped = answers.apply_answers(household, request.POST, asked, lang, check_date())
        if errors:
            return questions_page(request, household, asked, skipped, errors=errors, status=400)
        skipped = sorted(set(skipped) | set(newly_skipped))
    return next_step(request, household, skipped, action)


def evaluate_for(household, municipality=None):
    rulebook = current_rulebook()
    return evaluate(rulebook, answers.validated(household, check_date()), check_date(), municipality=municipality,
                    deadline=time.monotonic() + settings.CHECK_BUDGET_SECONDS)


def too_slow(request):
    """The check ran past its time budget (settings.CHECK_BUDGET_SECONDS): say so, nothing was decided."""
    return page(request, "portal/problem.html", {"problems": [Problem("", t("too_slow", current_language(request)))]},
                status=503)


def next_step(request, household, skipped, action):
    try:
        result = evaluate_for(household)
    except BudgetExceeded:
        return too_slow(request)
    except InputError as exc:
        return page(request, "portal/problem.html", {"problems": exc.problems}, status=400)
    remaining = [f["fact"] for f in result["facts_needed"] if f["fact"] not in skipped]
    if remaining and action not in ("result", "print"):
        return questions_page(request, household, remaining, skipped)
    return result_page(request, household, result, skipped)


def questions_page(request, household, facts, skipped, errors=None, status=200, keep_typed=False):
    lang = current_language(request)
    rules = current_rulebook().municipality(household["municipality"])
    typed = request.POST if errors or keep_typed else {}
    questions = answers.questions_for(facts, household, lang, rules, typed, errors)
    return page(request, "portal/questions.html", {
        "questions": questions, "errors": errors or {}, "household_json": json.dumps(household),
        "asked": "|".join(facts), "skipped": "|".join(skipped), "municipality": rules,
    }, status=status)


def grouped(result):
    groups = {"eligible": [], "undetermined": [], "not_eligible": []}
    for scheme in result["schemes"]:
        groups[scheme["status"]].append(scheme)
    return groups


def result_context(request, household, result, skipped):
    lang = current_language(request)
    receipt = result["receipt"]
    return {
        "result": result, "groups": grouped(result), "household_json": json.dumps(household),
        "skipped": "|".join(skipped), "municipalities": municipalities(),
        "date_text": format_date(date.fromisoformat(result["date"]), lang),
        "receipt_text": t("receipt", lang, version=receipt["rulebook_version"], hash=receipt["rulebook_hash"][:12],
                          engine=receipt["engine_version"], date=format_date(date.fromisoformat(result["date"]), lang)),
        "can_answer_more": bool(result["facts_needed"]),
    }


def result_page(request, household, result, skipped):
    template = "portal/print.html" if request.POST.get("action") == "print" else "portal/result.html"
    return page(request, template, result_context(request, household, result, skipped))


@require_http_methods(["POST"])
def compare(request):
    """What changes if we move? The same household, evaluated as living in another municipality."""
    lang = current_language(request)
    household = answers.load_household(request.POST.get("household"))
    target = current_rulebook().municipality(request.POST.get("target", "") or "-")
    if household is None or target is None:
        return redirect("portal:start")
    moved = {**household, "municipality": target.id, "district": None}
    try:
        here, there = evaluate_for(household), evaluate_for(moved)
    except BudgetExceeded:
        return too_slow(request)
    names_here = {s["id"]: s for s in here["schemes"]}
    names_there = {s["id"]: s for s in there["schemes"]}
    rows = [{"here": s, "there": names_there.get(s["id"])} for s in here["schemes"]]
    rows += [{"here": None, "there": s} for s in there["schemes"] if s["id"] not in names_here]
    return page(request, "portal/compare.html", {
        "here": here, "there": there, "rows": rows, "household_json": json.dumps(household),
        "skipped": request.POST.get("skipped", ""),
        "date_text": format_date(date.fromisoformat(here["date"]), lang),
    })
