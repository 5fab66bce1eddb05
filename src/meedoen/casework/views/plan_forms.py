"""One way to handle every casework form of part B: find the family, check consent, read, call the service, answer.

GET shows the form on its own page (pages work without the family page and without JavaScript).
POST: success → the family page with a message; bad input → the form again with the error summary (400);
a stale plan version → 409 with the current plan; no consent for the category → 403 with a plain sentence.
"""

from django.db import transaction
from django.views.decorators.http import require_http_methods

from .. import vocabulary as v
from ..errors import CaseworkError, NotPermitted, PlanConflict
from ..forms_plan import Form
from .common import casework_required, family_or_404, lang_of, log_read, page
from .plan_common import done, family_url, form_page, values_of
from .plan_texts import texts


def no_consent(request, family, category, title):
    lang = lang_of(request)
    log_read(request, family.pk, [v.BASIC], detail="geen toestemming / no consent")  # the page names the family
    return page(request, "casework/plan_form.html", {
        "family": family, "family_link": family_url(family.pk), "PT": texts(lang), "title": title[0 if lang == "nl" else 1], "no_consent": True,
        "category_label": v.label(v.CATEGORIES, category, lang)}, status=403)


def conflict_extra(request, family):
    """The current plan, shown with a conflict (and logged, as it is shown)."""
    from .plan_sections import plan_context

    log_read(request, family.pk, [v.PLAN], detail="plan na conflict / plan after conflict")
    return plan_context(request, family, lang_of(request))


def form_view(form_name, title, categories, apply, success, anchor, initial=None):
    """A view for the form ``form_name``: ``apply(request, form, family)`` reads and calls the service.

    ``categories``: the consent categories the user needs for this form (none: involvement is enough).
    ``success``: (nl, en) message; ``initial(family)``: the values for the empty form.
    """
    @casework_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk, **kwargs):
        family = family_or_404(request, pk)
        for category in categories:
            if not getattr(family, f"may_{category}", False):
                return no_consent(request, family, category, title)

        def shown():  # the form names the family's members (and shows what it edits)
            log_read(request, family.pk, [v.BASIC, *categories], detail=f"formulier / form: {form_name}")

        if request.method == "GET":
            values = initial(request, family, **kwargs) if initial else {}
            shown()
            return form_page(request, family, form_name, title, None, values, status=200, extra={"target": kwargs})
        form = Form(request.POST)
        try:
            with transaction.atomic():
                apply(request, form, family, **kwargs)
        except PlanConflict as exc:
            shown()
            values = {**values_of(request), "version": exc.current_version}
            return form_page(request, family, form_name, title, exc, values, status=409,
                             extra={"target": kwargs, **conflict_extra(request, family)})
        except CaseworkError as exc:
            shown()
            status = 403 if isinstance(exc, NotPermitted) else 400
            return form_page(request, family, form_name, title, exc, values_of(request), status=status, extra={"target": kwargs})
        return done(request, family.pk, *success, anchor=anchor)
    view.__name__ = f"{form_name}_view"
    return view
