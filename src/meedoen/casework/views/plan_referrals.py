"""Warm handover: refer from the family page, revoke, and the incoming referrals of the user's teams.

The receiving team is usually not involved yet: it sees the case number, who refers and what kind of
help, and the reason and handover summary only when the family consented to the receiving
organisation for 'referrals' with purpose 'handover'. Every summary shown is logged.
"""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from .. import access, audit
from .. import vocabulary as v
from ..errors import CaseworkError, problem
from ..models import Referral, Team
from ..services import referrals
from .common import casework_required, lang_of, page
from .plan_common import family_url, my_teams, now
from .plan_forms import form_view
from .plan_sections import referral_rows
from .plan_texts import texts


def _refer(request, form, family):
    teams = my_teams(request.user)
    from_team = teams.filter(involvements__family_id=family.pk, involvements__until__isnull=True).first() or teams.first()
    to_team = form.record("to_team", Team.objects.filter(organisation__municipality_id=family.municipality_id)
                          .select_related("organisation"), nl="Onbekend team", en="Unknown team")
    for field in ("help_kind", "reason", "summary"):
        form.need(field)
    form.check()
    referrals.request(request.user, family, from_team, to_team, help_kind=form.text("help_kind"), reason=form.text("reason"),
                      summary=form.text("summary"), handover=form.flag("handover"), now=now())


def _revoke(request, form, family, referral_id):
    referral = Referral.objects.filter(pk=referral_id, family_id=family.pk,
                                       from_team_id__in=access.active_team_ids(request.user)).first()
    if referral is None:
        raise Http404
    referrals.revoke(request.user, referral, form.text("reason"), now=now())


def refer_initial(request, family, **kwargs):
    return {"handover": "1"}


refer = form_view("refer", ("Verwijzen (warme overdracht)", "Refer (warm handover)"), [v.REFERRALS], _refer,
                  ("De verwijzing is verstuurd. U blijft betrokken tot de ontvanger accepteert.",
                   "The referral is sent. You stay involved until the receiver accepts."), "referrals", refer_initial)
revoke = form_view("revoke", ("Verwijzing intrekken", "Revoke a referral"), [v.REFERRALS], _revoke,
                   ("De verwijzing is ingetrokken.", "The referral is revoked."), "referrals")


EXPIRED_SHOWN_DAYS = 30  # expired referrals stay on the incoming page this long, then only in the family's history


GROUP_SIZE = 50  # per status; the oldest first, so what waits longest is on top


def incoming_groups(request, lang):
    """Per status, the referrals to the user's teams that still ask something of them (at most GROUP_SIZE, oldest
    first) with a ``shared`` flag (consent for the summary), and how many there are in all."""
    day = access.today()
    recently = now() - timedelta(days=EXPIRED_SHOWN_DAYS)
    base = (Referral.objects.filter(to_team_id__in=access.active_team_ids(request.user, day))
            .exclude(status=v.EXPIRED, closed_at__lt=recently))
    totals = dict(base.values_list("status").annotate(n=Count("id")).order_by())
    groups, shown, named = [], set(), set()
    for key in (v.REQUESTED, v.ACCEPTED, v.STARTED, v.EXPIRED):
        rows = []
        if totals.get(key):
            queryset = (base.filter(status=key).order_by("requested_at", "id")
                        .annotate(shared=access.consented(request.user, v.REFERRALS, v.HANDOVER, family_ref="family_id"))
                        .select_related("family"))[:GROUP_SIZE]
            rows = referral_rows(queryset, lang, day)
            shown.update(row.family_id for row in rows if row.shared)
            named.update(row.family_id for row in rows if not row.shared)
        groups.append((key, rows, totals.get(key, 0)))
    if shown:
        audit.log_reads(request.user, sorted(shown), [v.REFERRALS], v.HANDOVER, "overdrachtssamenvatting / handover summary", path=request.path)
    named -= shown
    if named:  # the case number, who refers and the kind of help: a basic read by the receiving team
        audit.log_reads(request.user, sorted(named), [v.BASIC], v.HANDOVER, "verwijzing ontvangen / referral received", path=request.path)
    return groups


def incoming_page(request, errors=None, values=None, status=200):
    lang = lang_of(request)
    groups = incoming_groups(request, lang)
    return page(request, "casework/referrals_incoming.html", {
        "PT": texts(lang), "groups": groups, "errors": errors or {}, "values": values or {},
        "group_titles": {key: texts(lang)[f"incoming_{key}"] for key, _, _ in groups}}, status=status)


@casework_required
@require_GET
def incoming(request):
    referrals.expire_overdue(now=now())
    return incoming_page(request)


ANSWERS = {"accepteren": "accept", "afwijzen": "reject", "starten": "start", "afronden": "complete"}
ANSWER_DONE = {
    "accept": ("U heeft de verwijzing geaccepteerd. Uw team helpt het gezin nu.", "You accepted the referral. Your team now helps the family."),
    "reject": ("U heeft de verwijzing afgewezen. De verwijzer en het gezin zien de reden.", "You rejected the referral. The referrer and the family see the reason."),
    "start": ("De hulp is gestart.", "The help has started."),
    "complete": ("De hulp is afgerond.", "The help is completed."),
}


@casework_required
@require_POST
def answer(request, referral_id, verb):
    """Accept, reject (reason required), start or complete a referral to one of the user's teams."""
    lang = lang_of(request)
    move = ANSWERS.get(verb)
    referral = Referral.objects.filter(pk=referral_id, to_team_id__in=access.active_team_ids(request.user)).select_related("family").first()
    if move is None or referral is None:
        raise Http404
    reason = (request.POST.get("reason") or "").strip()
    try:
        with transaction.atomic():
            if move == "accept":
                referrals.accept(request.user, referral, professional=access.professional_of(request.user), now=now())
            elif move == "reject":
                if not reason:
                    raise problem("reason", "Schrijf op waarom u afwijst; de verwijzer en het gezin zien de reden.",
                                  "Write down why you reject; the referrer and the family see the reason.")
                referrals.reject(request.user, referral, reason, now=now())
            else:
                getattr(referrals, move)(request.user, referral, now=now())
    except CaseworkError as exc:
        field = "reason" if "reason" in exc.problems else "status"
        errors = {f"referral_{referral.pk}_{field}": msg for msg in exc.messages(lang).values()}
        return incoming_page(request, errors=errors, values={"reason": reason, "referral": referral.pk}, status=400)
    nl, en = ANSWER_DONE[move]
    messages.success(request, nl if lang == "nl" else en)
    if move == "accept":
        return redirect(family_url(referral.family_id, "referrals"))
    return redirect("casework:referrals")


urlpatterns = [
    path("verwijzingen/", incoming, name="referrals"),
    path("verwijzingen/<int:referral_id>/<slug:verb>/", answer, name="referral_answer"),
    path("<int:pk>/verwijzen/", refer, name="refer"),
    path("<int:pk>/verwijzingen/<int:referral_id>/intrekken/", revoke, name="referral_revoke"),
]
