"""The caseload (the families a professional may see) with the organisation's notifications, and a new family.

The caseload is one query for the count and one for the page of families (with the coordinator and whether the
plan is consented), one for the open and overdue actions of the families whose plan the user may see, one for
the notifications and one INSERT for the access log: the number of queries does not grow with the families.
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.contrib import messages
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access, audit
from .. import vocabulary as v
from ..errors import CaseworkError
from ..forms_family import NEW_FAMILY_ROWS, FamilyForm, new_family_members
from ..models import Action, CoordinatorAssignment, Notification
from ..services import families
from .common import casework_required, lang_of, page
from .family_common import choices, family_link, form_field, form_page, posted
from .family_texts import texts
from .plan_common import my_teams

PER_PAGE = 50
NOTIFICATIONS_SHOWN = 20


def caseload_families(user, day):
    """The visible families with their current coordinator and whether the user may see their plan (one EXISTS)."""
    coordinator = CoordinatorAssignment.objects.filter(family_id=OuterRef("pk"), end__isnull=True)
    return (access.visible_families(user, day)
            .annotate(may_plan=access.consented(user, v.PLAN),
                      coordinator_name=Subquery(coordinator.values("professional__name")[:1]),
                      coordinator_organisation=Subquery(coordinator.values("professional__organisation__name")[:1]))
            .only("pk", "name", "reference", "district").order_by("name", "id"))


def add_action_counts(rows, day):
    """Open and overdue plan actions, read (one query) only for the rows whose plan the user may see; else None."""
    consented = [row.pk for row in rows if row.may_plan]
    counts = {}
    if consented:
        running = Q(status__in=[v.OPEN, v.IN_PROGRESS])
        counts = {c["plan__family_id"]: c for c in Action.objects.filter(running, plan__family_id__in=consented)
                  .values("plan__family_id").annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=day))).order_by()}
    for row in rows:
        found = counts.get(row.pk, {})
        row.open_actions = found.get("n", 0) if row.may_plan else None
        row.overdue_actions = found.get("late", 0) if row.may_plan else None


def organisation_notifications(user, me, day=None):
    """Unread notifications to the user's organisation about families the user may see (newest first)."""
    if me is None:
        return Notification.objects.none()
    return (Notification.objects.filter(organisation_id=me.organisation_id, read_at__isnull=True)
            .filter(access.involved(user, day, family_ref="family_id"))
            .select_related("family").only("pk", "text_nl", "text_en", "created_at", "family__name", "family__reference"))


@casework_required
@require_GET
def caseload(request):
    lang = lang_of(request)
    day = access.today()
    paginator = Paginator(caseload_families(request.user, day), PER_PAGE)
    number = request.GET.get("pagina", "1")
    page_obj = paginator.get_page(number)
    rows = list(page_obj.object_list)
    add_action_counts(rows, day)
    me = access.professional_of(request.user)
    request.user._meedoen_professional = me  # the access log's actor, already loaded with its organisation
    notes = list(organisation_notifications(request.user, me)[:NOTIFICATIONS_SHOWN])
    shown_ids = list(dict.fromkeys([row.pk for row in rows] + [note.family_id for note in notes]))
    audit.log_reads(request.user, shown_ids, [v.BASIC], v.HELP, "mijn gezinnen / caseload", path=request.path)
    for note in notes:
        note.text = note.text_nl if lang == "nl" else note.text_en
    return page(request, "casework/caseload.html", {
        "FT": texts(lang), "rows": rows, "page_obj": page_obj, "paginator": paginator, "notifications": notes,
        "notifications_max": NOTIFICATIONS_SHOWN, "day": day,
    })


@casework_required
@require_POST
def notification_read(request, notification_id=None):
    """Mark one notification (or all shown to the user) as read, for the user's organisation."""
    me = access.professional_of(request.user)
    queryset = organisation_notifications(request.user, me)
    if notification_id is not None:
        queryset = queryset.filter(pk=notification_id)
        if not queryset.exists():
            raise Http404
    Notification.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))).update(read_at=timezone.now())
    lang = lang_of(request)
    messages.success(request, texts(lang)["notification_done"])
    return redirect(reverse("casework:caseload") + "#notifications")


def new_family_options(request, lang):
    teams = list(my_teams(request.user).select_related("organisation__municipality"))
    return {"teams": [(team.pk, f"{team.organisation.name}: {team.name} ({team.organisation.municipality.name})") for team in teams],
            "roles": choices(v.MEMBER_ROLES, lang), "today_iso": access.today().isoformat()}


def new_family_page(request, lang, problems, values, status):
    rows = [{"number": number, **{part: form_field("family", f"m{number}_{part}", values, problems)
                                  for part in ("first_name", "last_name", "role", "birth_date", "start")}}
            for number in range(1, NEW_FAMILY_ROWS + 1)]
    return form_page(request, None, "family", TITLE_NEW, problems, values, new_family_options(request, lang), status=status,
                     extra={"member_fields": rows})


def new_family_initial():
    today = access.today().isoformat()
    values = {"since": today}
    for number in range(1, NEW_FAMILY_ROWS + 1):
        values[f"m{number}_role"] = v.PARENT if number == 1 else v.CHILD
    values["m1_start"] = today
    return values


TITLE_NEW = ("Nieuw gezin", "New family")


@casework_required
@require_http_methods(["GET", "POST"])
def family_new(request):
    """A family with its first members, seen through one of the user's teams (services.families.create_family)."""
    lang = lang_of(request)
    if request.method == "GET":
        return new_family_page(request, lang, {}, new_family_initial(), 200)
    form = FamilyForm(request.POST)
    team = form.record("team", my_teams(request.user).select_related("organisation__municipality"), nl="Kies een van uw teams",
                       en="Choose one of your teams")
    reference, name = form.need("reference"), form.need("name")
    for field, value in (("reference", reference), ("name", name), ("district", form.text("district")), ("help_kind", form.text("help_kind"))):
        if len(value) > (100 if field in ("reference", "district") else 200):
            form.fail(field, "Dit is te lang.", "This is too long.")
    help_kind, since = form.need("help_kind"), form.day("since")
    if since and since > access.today():
        form.fail("since", "Deze datum ligt in de toekomst. Uw team moet het gezin nu al helpen, anders ziet u het niet.",
                  "This date is in the future. Your team must help the family already, or you cannot see it.")
    members = new_family_members(form)
    if not members and not form.problems:
        form.fail("m1_first_name", "Vul ten minste één gezinslid in.", "Fill in at least one member of the family.")
    try:
        form.check()
        with transaction.atomic():
            family = families.create_family(request.user, team, municipality=team.organisation.municipality, reference=reference,
                                            name=name, district=form.text("district"), since=since, help_kind=help_kind)
            for number, row in members:
                try:
                    families.add_member(request.user, family, **row)
                except CaseworkError as exc:
                    raise CaseworkError({f"m{number}_{field}": msg for field, msg in exc.problems.items()}) from exc
    except CaseworkError as exc:
        return new_family_page(request, lang, exc.messages(lang), posted(request), 400)
    messages.success(request, texts(lang)["family_created"])
    return redirect(family_link(family.pk))
