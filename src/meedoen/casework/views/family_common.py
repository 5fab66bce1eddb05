"""What the caseload, family and family-form pages share: texts, choices, ages, and the form page with its errors."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .. import vocabulary as v
from .common import lang_of, page
from .family_texts import FIELD_LABELS, texts


def age_on(birth_date, day):
    """Whole years on ``day``; None when the birth date is unknown."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def choices(mapping, lang):
    return [(key, v.label(mapping, key, lang)) for key in mapping]


def family_link(pk, anchor=""):
    return reverse("casework:family", args=[pk]) + (f"#{anchor}" if anchor else "")


def back_to_family(request, pk, message, anchor=""):
    """Redirect to the family page with a success message (nl, en)."""
    messages.success(request, message[0 if lang_of(request) == "nl" else 1])
    return redirect(family_link(pk, anchor))


def field_label(field, lang):
    """The label of a form field for the error summary; row fields as 'Gezinslid 2, Voornaam'."""
    words = texts(lang)
    for prefix, key in (("m", "member_row"), ("problem", "problem_row"), ("debt", "debt_row")):
        head, sep, rest = field.partition("_")
        if sep and head.startswith(prefix) and head[len(prefix):].isdigit():
            label = words.get(FIELD_LABELS.get(rest, rest), "")
            return f"{words[key]} {head[len(prefix):]}" + (f", {label}" if label else "")
    if field.startswith(("score_", "situation_")):
        return words["analysis_scores"]
    key = FIELD_LABELS.get(field)
    return words.get(key, "") if key else ""


def form_page(request, family, form_name, title, problems, values, options, status=400, extra=None):
    """One form on its own page, with the error summary (linked to the fields) and the typed values.

    ``problems``: {field: message} in the page language; field ids in the partials are ``<form_name>_<field>``.
    """
    lang = lang_of(request)
    errors = {f"{form_name}_{field}": message for field, message in problems.items()}
    summary = []
    for field, message in problems.items():
        label = field_label(field, lang)
        summary.append((f"{form_name}_{field}", f"{label}: {message}" if label else message))
    context = {"family": family, "FT": texts(lang), "title": title[0 if lang == "nl" else 1], "form_name": form_name,
               "form_template": f"casework/_family_form_{form_name}.html", "values": values, "errors": errors,
               "summary": summary, "fo": options, **(extra or {})}
    return page(request, "casework/family_form.html", context, status=status)


def form_field(form_name, name, values, problems):
    """One field of a form for a template that loops over rows: name, id, value and message."""
    return {"name": name, "id": f"{form_name}_{name}", "value": values.get(name) or "", "error": problems.get(name, "")}


def posted(request):
    """The posted values, to fill the form in again (lists for multi-choice fields)."""
    data = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    data["shared_with"] = [int(x) for x in request.POST.getlist("shared_with") if x.isdigit()]
    return data
