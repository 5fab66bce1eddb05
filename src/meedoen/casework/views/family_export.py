"""The GDPR access request: everything about one member of a family, as a JSON download, for the family's coordinator."""

import json

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from ..models import CoordinatorAssignment, Membership
from ..services import export
from .. import access
from .. import vocabulary as v
from .common import casework_required, family_or_404, lang_of, log_read, page
from .family_texts import texts


@casework_required
@require_GET
def person_export(request, pk, person_pk):
    """404 when the family is not visible or the person never belonged to it; 403 for anyone but the current coordinator."""
    family = family_or_404(request, pk)
    coordinates = CoordinatorAssignment.objects.filter(family_id=OuterRef("family_id"), end__isnull=True,
                                                       professional__user_id=request.user.pk)
    membership = (Membership.objects.filter(family_id=family.pk, person_id=person_pk).select_related("person")
                  .annotate(coordinates=Exists(coordinates), partly_unreadable=access.partly_unreadable(request.user, "person_id"))
                  .first())
    if membership is None:
        raise Http404
    if not membership.coordinates:
        lang = lang_of(request)
        log_read(request, family.pk, [v.BASIC], detail="inzage geweigerd / export refused")
        return page(request, "casework/family_form.html", {
            "family": family, "FT": texts(lang), "title": texts(lang)["export_title"], "no_consent": True,
            "no_consent_text": texts(lang)["export_only_coordinator"]}, status=403)
    if membership.partly_unreadable:
        # The export holds everything about the person; without consent for all of it, the family downloads it itself.
        lang = lang_of(request)
        log_read(request, family.pk, [v.BASIC], detail="inzage geweigerd / export refused")
        return page(request, "casework/family_form.html", {
            "family": family, "FT": texts(lang), "title": texts(lang)["export_title"], "no_consent": True,
            "no_consent_text": texts(lang)["export_needs_all_consent"]}, status=403)
    data = export.person_export(request.user, membership.person)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-{family.reference}-persoon-{person_pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [path("<int:pk>/personen/<int:person_pk>/export/", person_export, name="person_export")]
