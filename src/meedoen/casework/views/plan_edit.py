"""The family plan's forms (start, the family's words, goals, actions, status, achieved, comment),
the coordinator, escalation, and the plan's version history."""

from django.http import Http404
from django.urls import path
from django.views.decorators.http import require_GET

from .. import vocabulary as v
from ..errors import problem
from ..forms_plan import organisation_in
from ..ladder import escalation_ladder
from ..models import FamilyPlan, PlanVersion
from ..services import plans
from .common import casework_required, family_or_404, lang_of, log_read, page
from .plan_common import family_url, involved_professionals, now
from .plan_forms import form_view
from .plan_texts import texts


def plan_of(family):
    plan = FamilyPlan.objects.filter(family_id=family.pk).select_related("family").first()
    if plan is None:
        raise problem("plan", "Er is nog geen gezinsplan. Start eerst het plan.", "There is no family plan yet. Start the plan first.")
    return plan


def plan_initial(request, family, **kwargs):
    plan = FamilyPlan.objects.filter(family_id=family.pk).first()
    return {"version": plan.version if plan else "", "family_words": plan.family_words if plan else "",
            "started_on": now().date().isoformat()}


def _start(request, form, family):
    started_on = form.day("started_on")
    form.check()
    if FamilyPlan.objects.filter(family_id=family.pk).exists():
        raise problem("started_on", "Dit gezin heeft al een plan.", "This family already has a plan.")
    plans.start_plan(request.user, family, started_on, form.text("family_words"))


def _words(request, form, family):
    plan = plan_of(family)
    version = form.number("version")
    form.check()
    plans.set_family_words(request.user, plan, version, form.text("family_words"))


def _goal(request, form, family):
    plan = plan_of(family)
    version = form.number("version")
    domain = form.choice("domain", v.LIFE_DOMAINS, required=False)
    form.check()
    plans.add_goal(request.user, plan, version, form.text("text"), domain, by_family=form.flag("by_family"))


def _action(request, form, family):
    plan = plan_of(family)
    version = form.number("version")
    description = form.need("description")
    organisation = organisation_in(form, "organisation", family.municipality_id)
    due = form.day("due_date")
    goal = form.record("goal", plan.goals.all(), required=False, nl="Onbekend doel", en="Unknown goal")
    form.check()
    plans.add_action(request.user, plan, version, description, organisation, due, goal=goal)


def _status(request, form, family, action_id):
    plan = plan_of(family)
    action = plan.actions.filter(pk=action_id).first()
    if action is None:
        raise Http404
    version = form.number("version")
    status = form.choice("status", v.ACTION_STATUSES)
    form.check()
    plans.set_action_status(request.user, plan, version, action, status)


def _achieved(request, form, family, goal_id):
    plan = plan_of(family)
    goal = plan.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    version = form.number("version")
    form.check()
    plans.set_goal_achieved(request.user, plan, version, goal, achieved=form.data.get("achieved", "1") != "0")


def _comment(request, form, family):
    plans.add_comment(request.user, plan_of(family), form.text("text"))


def _coordinator(request, form, family):
    professional = form.record("professional", involved_professionals(family, now().date()), nl="Onbekende medewerker",
                               en="Unknown worker")
    start = form.day("start")
    form.need("how_chosen")
    form.need("mandate")
    form.check()
    plans.choose_coordinator(request.user, family, professional, chosen_with_family=form.flag("chosen_with_family"),
                             how_chosen=form.text("how_chosen"), mandate=form.text("mandate"), start=start,
                             change_reason=form.text("change_reason"))


def coordinator_initial(request, family, **kwargs):
    return {"start": now().date().isoformat()}


def _escalate(request, form, family):
    plan = plan_of(family)
    if not plans.overdue_actions(plan, now().date()):
        raise problem("reason", "Het plan loopt niet vast: geen afspraak is over de datum.", "The plan is not stuck: no action is overdue.")
    plans.escalate(request.user, family, form.text("reason"))


def _resolve(request, form, family):
    plans.resolve_escalations(request.user, family, now().date(), form.text("resolution"))


def with_version(request, family, **kwargs):
    plan = FamilyPlan.objects.filter(family_id=family.pk).first()
    return {"version": plan.version if plan else ""}


PLAN = [v.PLAN]
start_plan = form_view("start", ("Gezinsplan starten", "Start the family plan"), PLAN, _start,
                       ("Het gezinsplan is gestart.", "The family plan has started."), "plan", plan_initial)
family_words = form_view("words", ("Wat het gezin wil", "What the family wants"), PLAN, _words,
                         ("De woorden van het gezin zijn opgeslagen.", "The family's words are saved."), "plan", plan_initial)
add_goal = form_view("goal", ("Doel toevoegen", "Add a goal"), PLAN, _goal,
                     ("Het doel is toegevoegd.", "The goal is added."), "plan-goals", with_version)
add_action = form_view("action", ("Afspraak toevoegen", "Add an action"), PLAN, _action,
                       ("De afspraak is toegevoegd.", "The action is added."), "plan-actions", with_version)
action_status = form_view("status", ("Status van een afspraak", "Status of an action"), PLAN, _status,
                          ("De status is aangepast.", "The status is changed."), "plan-actions", with_version)
goal_achieved = form_view("achieved", ("Doel bereikt", "Goal achieved"), PLAN, _achieved,
                          ("Het doel is bijgewerkt.", "The goal is updated."), "plan-goals", with_version)
comment = form_view("comment", ("Reactie op het plan", "Comment on the plan"), PLAN, _comment,
                    ("Uw reactie is opgeslagen.", "Your comment is saved."), "plan-comments")
coordinator = form_view("coordinator", ("Coördinator kiezen", "Choose the coordinator"), PLAN, _coordinator,
                        ("De coördinator is vastgelegd.", "The coordinator is recorded."), "coordinator", coordinator_initial)
escalate = form_view("escalate", ("Escaleren", "Escalate"), PLAN, _escalate,
                     ("Het plan is geëscaleerd.", "The plan is escalated."), "escalation")
resolve = form_view("resolve", ("Escalatie afsluiten", "Close the escalation"), PLAN, _resolve,
                    ("De escalatie is afgesloten.", "The escalation is closed."), "escalation")


@casework_required
@require_GET
def history(request, pk):
    """The plan's versions (number, change, who, when) and the snapshot of the chosen one."""
    lang = lang_of(request)
    family = family_or_404(request, pk)
    context = {"family": family, "family_link": family_url(family.pk, "plan"), "PT": texts(lang), "may_plan": family.may_plan}
    if family.may_plan:
        plan = FamilyPlan.objects.filter(family_id=family.pk).first()
        versions = list(PlanVersion.objects.filter(plan=plan).defer("snapshot")) if plan else []
        chosen = versions[0] if versions else None
        wanted = request.GET.get("versie", "")
        if wanted:
            if not wanted.isdigit() or not any(row.number == int(wanted) for row in versions):
                context.update({"versions": versions, "plan": plan, "errors": {"versie": texts(lang)["unknown_version"].format(wanted)}})
                log_read(request, family.pk, [v.PLAN], detail="planversies / plan versions")
                return page(request, "casework/plan_history.html", context, status=400)
            chosen = next(row for row in versions if row.number == int(wanted))
        snapshot = PlanVersion.objects.values_list("snapshot", flat=True).get(pk=chosen.pk) if chosen else None
        context.update({"plan": plan, "versions": versions, "chosen": chosen, "snapshot": snapshot})
        if snapshot:
            context["snapshot_actions"] = [{**a, "status_label": v.label(v.ACTION_STATUSES, a["status"], lang)} for a in snapshot["actions"]]
            context["snapshot_goals"] = [{**g, "domain_label": v.label(v.LIFE_DOMAINS, g["domain"], lang) if g["domain"] else ""}
                                         for g in snapshot["goals"]]
        log_read(request, family.pk, [v.PLAN], detail="planversies / plan versions")
    else:
        log_read(request, family.pk, [v.BASIC], detail="geen toestemming / no consent")  # the page names the family
    return page(request, "casework/plan_history.html", context)


def ladder_of(family, lang):
    """The municipality's escalation ladder in ``lang``: level, title, what it does, source."""
    index = "nl" if lang == "nl" else "en"
    return [{"level": step["level"], "title": step["title"][index], "does": step.get("does", {}).get(index, ""),
             "source": step.get("source", "")} for step in escalation_ladder(family.municipality.slug)]


urlpatterns = [
    path("<int:pk>/plan/start/", start_plan, name="plan_start"),
    path("<int:pk>/plan/woorden/", family_words, name="plan_words"),
    path("<int:pk>/plan/doelen/", add_goal, name="plan_goal"),
    path("<int:pk>/plan/doelen/<int:goal_id>/bereikt/", goal_achieved, name="plan_goal_achieved"),
    path("<int:pk>/plan/afspraken/", add_action, name="plan_action"),
    path("<int:pk>/plan/afspraken/<int:action_id>/status/", action_status, name="plan_action_status"),
    path("<int:pk>/plan/reacties/", comment, name="plan_comment"),
    path("<int:pk>/plan/versies/", history, name="plan_history"),
    path("<int:pk>/coordinator/", coordinator, name="coordinator"),
    path("<int:pk>/escaleren/", escalate, name="escalate"),
    path("<int:pk>/escaleren/afsluiten/", resolve, name="escalation_resolve"),
]
