"""What the plan, referral, conference and consent pages share: the clock, the form page, the options of the forms."""

import re

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from meedoen.municipalities.models import Organisation

from .. import access
from .. import vocabulary as v
from ..errors import PlanConflict
from ..forms_plan import MAX_DECISIONS
from ..models import Goal, Involvement, Professional, Team, TeamMembership
from ..services import families
from .common import lang_of, page
from .plan_texts import texts


now = access.now


def family_url(pk, anchor=""):
    try:
        url = reverse("casework:family", args=[pk])
    except NoReverseMatch:  # the family page belongs to another module; keep the links working without it
        url = f"/werkplek/gezinnen/{pk}/"
    return url + (f"#{anchor}" if anchor else "")


def done(request, pk, nl, en, anchor=""):
    """Redirect to the family page with a success message."""
    messages.success(request, nl if lang_of(request) == "nl" else en)
    return redirect(family_url(pk, anchor))


def my_teams(user, day=None):
    return Team.objects.filter(pk__in=access.active_team_ids(user, day)).select_related("organisation")


def involved_professionals(family, day):
    """Professionals who are active members of a team that actively helps the family."""
    teams = (Involvement.objects.filter(family_id=family.pk, since__lte=day).filter(Q(until__isnull=True) | Q(until__gte=day))
             .values("team_id"))
    memberships = (TeamMembership.objects.filter(professional_id=OuterRef("pk"), team_id__in=teams, since__lte=day)
                   .filter(Q(until__isnull=True) | Q(until__gte=day)))
    return Professional.objects.filter(Exists(memberships)).select_related("organisation").order_by("organisation__name", "name")


def organisations_of(family):
    return Organisation.objects.filter(municipality_id=family.municipality_id).order_by("name")


def choices(mapping, lang):
    return [(key, v.label(mapping, key, lang)) for key in mapping]


def form_options(request, family, day=None):
    """The choices the forms offer: organisations, professionals, members, teams to refer to, vocabularies."""
    day = day or access.today()
    lang = lang_of(request)
    me = access.professional_of(request.user)
    members = families.members_on(family, day)
    for member in members:
        member.role_label = v.label(v.MEMBER_ROLES, member.role, lang)
    organisations = list(organisations_of(family))
    professionals = list(involved_professionals(family, day))
    teams = list(Team.objects.filter(organisation__municipality_id=family.municipality_id)
                 .exclude(organisation_id=me.organisation_id if me else None)
                 .select_related("organisation").order_by("organisation__name", "name"))
    return {
        "organisations": organisations, "organisation_choices": [(o.pk, o.name) for o in organisations],
        "professionals": professionals,
        "professional_choices": [(p.pk, f"{p.name}, {p.job_title + ', ' if p.job_title else ''}{p.organisation.name}") for p in professionals],
        "members": members,
        "parents": [m for m in members if m.role == v.PARENT],
        "parent_ids": [m.person_id for m in members if m.role == v.PARENT],
        "parent_choices": [(m.person_id, m.person.full_name) for m in members if m.role == v.PARENT],
        "target_teams": teams,
        "team_choices": [(t.pk, f"{t.organisation.name}: {t.name}") for t in teams],
        "goals": [(g.pk, g.text[:100]) for g in Goal.objects.filter(plan__family_id=family.pk)],
        "today": day, "today_iso": day.isoformat(),
        "decision_rows": [{"number": number} for number in range(1, MAX_DECISIONS + 1)],
        "domains": choices(v.LIFE_DOMAINS, lang), "statuses": choices(v.ACTION_STATUSES, lang),
        "categories": choices(v.CATEGORIES, lang), "purposes": choices(v.PURPOSES, lang),
    }


def form_page(request, family, form_name, title, error, values, status=400, extra=None):
    """The one form again, with the error summary and the typed values, for a request that could not be saved."""
    lang = lang_of(request)
    problems = error.messages(lang) if error is not None else {}
    extra = dict(extra or {})
    cw = {"options": form_options(request, family), **extra.pop("cw", {})}
    conflict = isinstance(error, PlanConflict)
    target = extra.pop("target", None) or {}
    context = {
        "family": family, "family_link": family_url(family.pk), "PT": texts(lang), "form_name": form_name, "form_template": f"casework/sections/_form_{form_name}.html",
        "title": title[0 if lang == "nl" else 1], "values": values, "cw": cw, "single": True,
        "errors": {} if conflict else {_anchor(form_name, field): msg for field, msg in problems.items()},
        "summary": {} if conflict else {_anchor(form_name, field): _named(field, msg, lang) for field, msg in problems.items()},
        "conflict_message": problems.get("version") if conflict else "", "item_id": next(iter(target.values()), None),
        **extra,
    }
    if form_name == "outcome":
        context["decision_rows"] = [
            {"number": n, "text": values.get(f"decision{n}_text", ""), "organisation": values.get(f"decision{n}_organisation", ""),
             "due_date": values.get(f"decision{n}_due_date", ""),
             "errors": [msg for key, msg in context["errors"].items() if key.startswith(f"outcome_decision{n}_")]}
            for n in range(1, MAX_DECISIONS + 1)]
    return page(request, "casework/plan_form.html", context, status=status)


# The label of each form field (a key of plan_texts), so the error summary names the field and the problem.
FIELD_LABELS = {
    "started_on": "started_on", "family_words": "family_words", "text": "goal_text", "domain": "domain",
    "description": "action_description", "goal": "action_goal", "organisation": "organisation", "due_date": "due_date",
    "status": "status", "professional": "coordinator_professional", "chosen_with_family": "chosen_with_family_legend",
    "how_chosen": "how_chosen", "mandate": "mandate", "start": "coordinator_start", "change_reason": "change_reason",
    "reason": "referral_reason_short", "to_team": "refer_to_team", "help_kind": "help_kind", "summary": "summary",
    "scheduled_at": "conference_date", "scheduled_time": "conference_time", "location": "location", "agenda": "agenda",
    "professionals": "invite_professionals", "persons": "invite_family", "exclusion_reason": "exclusion_reason",
    "minutes": "minutes", "given_by": "given_by", "category": "category", "purpose": "purpose", "version": "version",
    "resolution": "resolution",
}


def _named(field, message, lang):
    """'Label: message' for the error summary; a decision row as 'Besluit 2, Klaar op: message'."""
    words = texts(lang)
    prefix = ""
    row = re.fullmatch(r"decision(\d+)_(\w+)|decisions\[(\d+)\]\.(\w+)", field)
    if row:
        number = int(row[1]) if row[1] else int(row[3]) + 1
        field = row[2] or row[4]
        prefix = f"{words['decision']} {number}, "
        if message.startswith(f"{words['decision']} {number}"):
            return message
    label = words.get({"text": "decision_text"}.get(field, field) if row else FIELD_LABELS.get(field, ""))
    return f"{prefix}{label}: {message}" if label else message


def _anchor(form_name, field):
    """The id of the field in the form partial: ``<form>_<field>``, a decision row as ``outcome_decision2_text``."""
    if field.startswith("decisions["):
        index, _, part = field[len("decisions["):].partition("].")
        field = f"decision{int(index) + 1}_{part}" if index.isdigit() else field
    return f"{form_name}_{field}"


def values_of(request):
    """The posted values (one per field; lists for the multi-choice fields) to fill the form in again."""
    data = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    for key in ("professionals", "persons"):
        data[key] = [int(x) for x in request.POST.getlist(key) if x.isdigit()]
    return data
