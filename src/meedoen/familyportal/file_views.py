"""The family's file: who helps us, meetings, who looked at our file, and all my data as JSON."""

import json

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as v
from meedoen.casework.models import CaseConference, ConferenceParticipant, Referral
from meedoen.casework.services import export

from .common import family_required, log_read, page

LOG_PAGE_SIZE = 50
ACCESS_LOG = "access_log"  # log category of reading the log itself


@family_required
@require_GET
def helpers(request, account):
    """R-17: who helps the family now (organisation, contact, kind of help, for whom, since) and who helped before."""
    today = access.today()
    involvements = list(account.family.involvements.select_related("organisation", "professional", "person"))
    referrals = list(Referral.objects.filter(family_id=account.family_id)
                     .select_related("from_organisation", "to_organisation", "person"))
    response = page(request, "familyportal/helpers.html", {
        "now": [i for i in involvements if i.until is None or i.until >= today],
        "before": sorted((i for i in involvements if i.until is not None and i.until < today), key=lambda i: i.until, reverse=True),
        "referrals": referrals,
    })
    log_read(request, account, [v.BASIC, v.REFERRALS])
    return response


@family_required
@require_GET
def meetings(request, account):
    """Case conferences: when, where, invited or why not, agenda, minutes and decisions."""
    participants = ConferenceParticipant.objects.select_related("professional__organisation", "person").order_by("id")
    conferences = list(CaseConference.objects.filter(family_id=account.family_id)
                       .prefetch_related(Prefetch("participants", queryset=participants), "decisions"))
    response = page(request, "familyportal/meetings.html", {"conferences": conferences})
    log_read(request, account, [v.MEETINGS])
    return response


@family_required
@require_GET
def access_log(request, account):
    """The family's access log, newest first, 50 a page; the family's own reads are marked."""
    paginator = Paginator(audit.family_log(account.family_id).order_by("-at", "-id"), LOG_PAGE_SIZE)
    rows = paginator.get_page(request.GET.get("page"))
    entries = list(rows)
    family_user_ids = set(account.family.accounts.values_list("user_id", flat=True))
    for entry in entries:
        entry.is_me = entry.user_id == request.user.pk
        entry.is_family = entry.user_id in family_user_ids
    response = page(request, "familyportal/log.html", {"rows": rows, "entries": entries, "paginator": paginator})
    log_read(request, account, [ACCESS_LOG])
    return response


@family_required
@require_GET
def my_data(request, account):
    """What the download holds and a button for it; it shows the person's name."""
    log_read(request, account, [v.BASIC])
    return page(request, "familyportal/my_data.html", {"person": account.person})


@family_required
@require_GET
def export_json(request, account):
    """All data about the logged-in person (GDPR access request), logged as an export."""
    data = export.person_export(request.user, account.person, purpose="access_request")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{access.today():%Y-%m-%d}.json"'
    return response
