"""Our plan: the family's words, goals, actions, coordinator and comments; the family writes its own words, adds
goals and comments.

Every change carries the plan version the family saw; a stale version is refused (409) and nothing is saved.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError, PlanConflict
from meedoen.casework.models import Action, FamilyPlan, Goal
from meedoen.casework.services import plans
from meedoen.debthelp.portal import family_status

from .common import family_required, lang_of, log_read, page
from .texts import t

MAX_TEXT = 2000  # characters of a goal or a comment
# Service field name -> form field id, per form (the error summary links to the field).
GOAL_FIELDS = {"text": "goal-text", "domain": "goal-domain", "version": "goal-text", "goal": "goals"}
COMMENT_FIELDS = {"text": "comment-text", "version": "comment-text"}
WORDS_FIELDS = {"text": "words-text", "version": "words-text"}


def plan_of(account, prefetch=False):
    """The family's plan, or None. With ``prefetch``: goals, actions (with organisation) and comments too."""
    plans_qs = FamilyPlan.objects.filter(family_id=account.family_id)
    if prefetch:
        plans_qs = plans_qs.prefetch_related(
            "goals", Prefetch("actions", queryset=Action.objects.select_related("organisation")), "comments")
    return plans_qs.first()


def plan_context(account):
    """Goals with their actions (late ones marked), loose actions, comments and the coordinator."""
    today = access.today()
    plan = plan_of(account, prefetch=True)
    context = {"plan": plan, "coordinator": plans.current_coordinator(account.family), "today": today,
               "domains": list(v.LIFE_DOMAINS)}
    if plan is None:
        return context
    actions = list(plan.actions.all())
    for action in actions:
        action.late = action.status in (v.OPEN, v.IN_PROGRESS) and action.due_date < today
    goals = [{"goal": goal, "actions": [a for a in actions if a.goal_id == goal.pk]} for goal in plan.goals.all()]
    context.update(goals=goals, loose_actions=[a for a in actions if a.goal_id is None], comments=list(plan.comments.all()))
    return context


def typed_texts(context, errors, posted):
    """What each text box shows again: the typed text in the form that was refused, the family's words as they are."""
    text = posted.get("text", "") if errors else ""
    plan = context["plan"]
    return {"words": text if "words-text" in errors else (plan.family_words if plan else ""),
            "goal": text if errors and not {"comment-text", "words-text"} & set(errors) else "",
            "comment": text if "comment-text" in errors else ""}


def render_home(request, account, errors=None, status=200):
    context = plan_context(account)
    errors = errors or {}
    debthelp = family_status(account.family_id, lang_of(request))  # the family's debt help, if any
    response = page(request, "familyportal/home.html", {
        **context, "errors": errors, "posted": request.POST if errors else {}, "debthelp": debthelp,
        "typed": typed_texts(context, errors, request.POST)}, status=status)
    log_read(request, account, ([v.BASIC, v.PLAN] if context["plan"] else [v.BASIC]) + ([v.FINANCES] if debthelp else []))
    return response


@family_required
@require_GET
def home(request, account):
    return render_home(request, account)


def posted_version(request):
    """The plan version from the hidden field, or None when missing or not a number."""
    value = request.POST.get("version", "").strip()
    return int(value) if value.isdigit() else None


def refuse(request, account, fields, key, message, status=400):
    return render_home(request, account, errors={fields[key]: message}, status=status)


def checked_text(request, account, fields):
    """(text, None) or (None, refusal) for a too long text, a missing plan or a missing version."""
    lang = lang_of(request)
    text = request.POST.get("text", "")
    if len(text) > MAX_TEXT:
        return None, refuse(request, account, fields, "text", t("err_too_long", lang, n=MAX_TEXT))
    if posted_version(request) is None:
        return None, refuse(request, account, fields, "version", t("err_form", lang))
    return text, None


def failed(request, account, fields, exc):
    """The page again with the service's messages: 409 when the plan changed in the meantime, else 400."""
    errors = {fields.get(field, fields["text"]): message for field, message in exc.messages(lang_of(request)).items()}
    return render_home(request, account, errors=errors, status=409 if isinstance(exc, PlanConflict) else 400)


def edit_plan(request, account, fields, apply, saved, anchor):
    """Check the text and version, run ``apply(plan, version, text)``; the page again with a message, or on to ``anchor``."""
    text, refusal = checked_text(request, account, fields)
    if refusal:
        return refusal
    plan = plan_of(account)
    if plan is None:
        return refuse(request, account, fields, "text", t("err_no_plan", lang_of(request)))
    try:
        apply(plan, posted_version(request), text)
    except CaseworkError as exc:
        return failed(request, account, fields, exc)
    messages.success(request, t(saved, lang_of(request)))
    return redirect(reverse("familyportal:home") + anchor)


@family_required
@require_POST
def set_words(request, account):
    """The family writes (or rewrites) what it wants, in its own words: the plan is the family's."""
    return edit_plan(request, account, WORDS_FIELDS,
                     lambda plan, version, text: plans.set_family_words(request.user, plan, version, text.strip()),
                     "words_saved", "#our-words")


@family_required
@require_POST
def add_goal(request, account):
    return edit_plan(request, account, GOAL_FIELDS,
                     lambda plan, version, text: plans.add_goal(request.user, plan, version, text,
                                                                request.POST.get("domain", ""), by_family=True),
                     "goal_saved", "#goals")


@family_required
@require_POST
def goal_achieved(request, account, goal_id):
    """The family marks one of its goals as achieved. A goal of another family is not found (404)."""
    goal = Goal.objects.filter(pk=goal_id, plan__family_id=account.family_id).select_related("plan").first()
    if goal is None:
        raise Http404
    if posted_version(request) is None:
        return refuse(request, account, GOAL_FIELDS, "goal", t("err_form", lang_of(request)))
    try:
        plans.set_goal_achieved(request.user, goal.plan, posted_version(request), goal, achieved=True)
    except CaseworkError as exc:
        return failed(request, account, {**GOAL_FIELDS, "text": "goals", "version": "goals"}, exc)
    messages.success(request, t("goal_marked", lang_of(request)))
    return redirect(reverse("familyportal:home") + f"#goal-{goal.pk}")


@family_required
@require_POST
def add_comment(request, account):
    def apply(plan, version, text):
        with transaction.atomic():  # the row lock makes the version check and the comment one step
            current = FamilyPlan.objects.select_for_update().filter(pk=plan.pk).values_list("version", flat=True).first()
            if current != version:
                raise PlanConflict(current)
            plans.add_comment(request.user, plan, text, by_family=True)
    return edit_plan(request, account, COMMENT_FIELDS, apply, "comment_saved", "#comments")
