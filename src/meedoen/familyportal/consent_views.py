"""Consent: per organisation, data category and purpose the current state, give or withdraw with one button,
and the full history. Only a parent or carer changes consent; withdrawing works at once."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError
from meedoen.casework.models import Consent
from meedoen.casework.services import consent as consent_service
from meedoen.casework.services import families
from meedoen.municipalities.models import Organisation

from .common import family_required, lang_of, log_read, page
from .texts import CATEGORY_HELP, PURPOSE_HELP, pick, t

# Service field name -> form field id (the error summary links to it).
FIELDS = {"organisation": "other-organisation", "category": "other-category", "purpose": "other-purpose",
          "given_by": "consent-grid", "consent": "consent-grid"}


def is_parent(account, day):
    return any(m.person_id == account.person_id and m.role == v.PARENT for m in families.members_on(account.family, day))


def consent_context(account, lang):
    """Organisations (the involved ones first) each with a category × purpose grid of open consents; the history."""
    today = access.today()
    history = list(Consent.objects.filter(family_id=account.family_id).select_related("organisation", "given_by"))
    open_consents = {(c.organisation_id, c.category, c.purpose): c for c in history if c.withdrawn_at is None}
    involved = {i.organisation_id for i in families.active_involvements(account.family, today)}
    organisations = list(Organisation.objects.filter(municipality_id=account.family.municipality_id))
    shown_ids = involved | {org_id for org_id, _, _ in open_consents}
    shown = sorted((o for o in organisations if o.pk in shown_ids), key=lambda o: (o.pk not in involved, o.name))
    grid = [{
        "organisation": org, "involved": org.pk in involved,
        "purposes": [{
            "key": purpose, "label": pick(purpose_label, lang),
            "rows": [{"category": category, "label": pick(category_label, lang),
                      "consent": open_consents.get((org.pk, category, purpose))}
                     for category, category_label in v.CATEGORIES.items()],
        } for purpose, purpose_label in v.PURPOSES.items()],
    } for org in shown]
    return {
        "grid": grid, "history": history, "organisations": organisations, "can_change": is_parent(account, today),
        "category_help": [(pick(v.CATEGORIES[key], lang), pick(text, lang)) for key, text in CATEGORY_HELP.items()],
        "purpose_help": [(pick(v.PURPOSES[key], lang), pick(text, lang)) for key, text in PURPOSE_HELP.items()],
        "category_choices": [(key, pick(value, lang)) for key, value in v.CATEGORIES.items()],
        "purpose_choices": [(key, pick(value, lang)) for key, value in v.PURPOSES.items()],
    }


def render_consent(request, account, errors=None, status=200):
    context = consent_context(account, lang_of(request))
    response = page(request, "familyportal/consent.html", {
        **context, "errors": errors or {}, "posted": request.POST if errors else {}}, status=status)
    log_read(request, account, [v.BASIC, "consent"])
    return response


@family_required
@require_GET
def consent(request, account):
    return render_consent(request, account)


def refused(request, account, exc):
    errors = {FIELDS.get(field, "consent-grid"): message for field, message in exc.messages(lang_of(request)).items()}
    return render_consent(request, account, errors=errors, status=400)


@family_required
@require_POST
def give(request, account):
    """Give one consent: organisation (of the family's municipality), category and purpose; by a parent or carer."""
    post = request.POST
    try:
        given = consent_service.give(request.user, account.family, organisation_id=post.get("organisation", ""),
                                     category=post.get("category", ""), purpose=post.get("purpose", ""), given_by=account.person)
    except CaseworkError as exc:
        return refused(request, account, exc)
    messages.success(request, t("consent_saved", lang_of(request)))
    return redirect(reverse("familyportal:consent") + f"#organisation-{given.organisation_id}")


@family_required
@require_POST
def withdraw(request, account):
    """Withdraw one open consent of this family (another family's consent is not found: 404)."""
    lang = lang_of(request)
    consent_id = request.POST.get("consent", "").strip()
    if not consent_id.isdigit():
        return render_consent(request, account, errors={"consent-grid": t("err_consent_id", lang)}, status=400)
    if not Consent.objects.filter(pk=consent_id, family_id=account.family_id).exists():
        raise Http404
    if not is_parent(account, access.today()):
        return render_consent(request, account, errors={"consent-grid": t("err_parent_only", lang)}, status=400)
    try:
        with transaction.atomic():  # locked: two clicks at once withdraw once, the second gets a message
            found = (Consent.objects.select_for_update(of=("self",)).select_related("organisation")
                     .get(pk=consent_id, family_id=account.family_id))
            consent_service.withdraw(request.user, found)
    except CaseworkError as exc:
        return refused(request, account, exc)
    messages.success(request, t("consent_withdrawn", lang))
    return redirect(reverse("familyportal:consent") + f"#organisation-{found.organisation_id}")
