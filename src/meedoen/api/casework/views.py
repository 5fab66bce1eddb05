"""The casework API: families, members, the plan, consents, referrals, the access log and the GDPR export.

Every family is found through ``meedoen.casework.access`` (via :class:`~.permissions.Caller`), every
change goes through ``meedoen.casework.services``, and every response with personal data writes
access-log rows, one per family and category shown (purpose "help" for professionals, "family" for
family accounts).
"""

import re

from django.db import transaction
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, Value
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import set_rollback

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError, NotPermitted, PlanConflict, TransitionError
from meedoen.casework.models import (Action, Consent, CoordinatorAssignment, FamilyPlan, Goal, Involvement, Membership, Person,
                                     Referral, Team)
from meedoen.casework.services import consent as consent_service
from meedoen.casework.services import export, families, plans, referrals
from meedoen.municipalities.models import Organisation

from .. import serializers as api_s
from ..problems import PROBLEM_CONTENT_TYPE, InvalidInput, problem, problem_response
from ..views import ApiView, validated
from . import serializers as s
from .permissions import IsCaseworkCaller, caller_of

CONFLICT = "https://meedoen.example/problems/conflict"
ACCESS_LOG = "access_log"  # log category of reading the log itself (as in the family portal)
PAGE_SIZE = 50


now = access.now


def d(value):
    return value.isoformat() if value is not None else None


def ref(obj):
    return {"id": obj.pk, "name": obj.name}


class CaseworkView(ApiView):
    # Tokens or the session of the web pages (REST framework checks CSRF for sessions).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsCaseworkCaller]

    @property
    def caller(self):
        return caller_of(self.request)

    def handle_exception(self, exc):
        """Casework errors: a stale plan version or a wrong referral step is a 409, other bad input a 400."""
        if isinstance(exc, (PlanConflict, TransitionError, Conflict)):
            set_rollback()
            problems = exc.problems if isinstance(exc, CaseworkError) else {exc.field: {"en": str(exc.detail)}}
            params = [{"name": field, "reason": msg["en"]} for field, msg in problems.items()]
            data = problem(409, " ".join(p["reason"] for p in params), type=CONFLICT, title="Conflict", params=params,
                           instance=self.request.get_full_path())
            headers = {"ETag": f'"{exc.current_version}"'} if isinstance(exc, PlanConflict) and exc.current_version else {}
            return problem_response(data, headers)
        if isinstance(exc, NotPermitted):
            exc = exceptions.PermissionDenied(" ".join(msg["en"] for msg in exc.problems.values()))
        elif isinstance(exc, CaseworkError):
            exc = InvalidInput([(field, msg["en"]) for field, msg in exc.problems.items()])
        return super().handle_exception(exc)

    def log(self, family_ids, categories, detail="", purpose=None):
        audit.log_reads(self.request.user, list(family_ids), categories, purpose or self.caller.purpose, detail,
                        path=self.request.path)


class Conflict(exceptions.APIException):
    """409 for a state the request does not fit, naming the field to blame."""

    status_code = 409

    def __init__(self, field, detail):
        self.field = field
        super().__init__(detail)


# -- OpenAPI -------------------------------------------------------------------------------------

TEXTS = {
    400: "Invalid input: every bad field in invalid_params.",
    401: "Not logged in: send 'Authorization: Token <key>' (or use the session of the web pages).",
    403: "Not a professional with a casework role nor a family account; or no consent for this data; or not allowed to do this.",
    404: "No such family (or not one the caller may see), or no such object in it.",
    409: "Conflict: the plan changed since the version sent (the ETag header has the current one), "
         "or the referral or consent cannot take this step in its current state.",
    405: "Method not allowed.",
    406: "The Accept header asks for something else than JSON.",
    413: "The request body is too large.",
    415: "The body is not application/json.",
    429: "Too many requests; see the Retry-After header.",
    500: "An unexpected error (a bug; it has been logged).",
}


def answers(ok, *statuses, status=200):
    out = {status: ok}
    for code in (*statuses, 401, 403, 404, 405, 406, 429, 500):
        out[(code, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(api_s.ProblemSerializer, description=TEXTS[code])
    return out


def write_answers(ok, *statuses, status=200):
    return answers(ok, 400, 413, 415, *statuses, status=status)


PAGE = [s.PageQuerySerializer]  # page and page_size with their bounds, as the server checks them
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                            description='The plan version the edit is based on, e.g. "3" (instead of the version field).')
ETAG = OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=True,
                        description='The plan version, e.g. "3" (send it back as If-Match).')


def doc(tag, **kwargs):
    return extend_schema(tags=[f"casework: {tag}"], **kwargs)


# -- shared pieces -----------------------------------------------------------------------------

def paginate(request, queryset):
    query = validated(s.PageQuerySerializer, request.query_params.dict())
    page, size = query.get("page", 1), query.get("page_size", PAGE_SIZE)
    count = queryset.count()
    rows = list(queryset[(page - 1) * size:page * size]) if (page - 1) * size < count else []
    return {"count": count, "page": page, "page_size": size}, rows


def open_coordinators():
    return Prefetch("coordinators", queryset=CoordinatorAssignment.objects.filter(end__isnull=True)
                    .select_related("professional__organisation"), to_attr="open_coordinators")


def coordinator_data(family):
    found = getattr(family, "open_coordinators", None)
    if found is None:
        current = plans.current_coordinator(family)
        found = [current] if current else []
    if not found:
        return None
    assignment = found[0]
    return {"name": assignment.professional.name, "organisation": ref(assignment.professional.organisation),
            "since": d(assignment.start)}


def family_summary(family):
    return {"id": family.pk, "reference": family.reference, "name": family.name, "municipality": family.municipality.slug,
            "district": family.district, "coordinator": coordinator_data(family)}


def active(since, until, day):
    return since <= day and (until is None or until >= day)


def member_data(membership, day):
    person = membership.person
    return {"id": membership.pk, "role": membership.role, "start": d(membership.start), "end": d(membership.end),
            "current": membership.active_on(day),
            "person": {"id": person.pk, "first_name": person.first_name, "last_name": person.last_name,
                       "birth_date": d(person.birth_date)}}


def goal_data(goal):
    return {"id": goal.pk, "text": goal.text, "domain": goal.domain, "written_by": goal.written_by, "achieved": goal.achieved}


def action_data(action):
    return {"id": action.pk, "goal": action.goal_id, "description": action.description,
            "organisation": ref(action.organisation), "due_date": d(action.due_date), "status": action.status}


def consent_data(consent):
    return {"id": consent.pk, "organisation": ref(consent.organisation), "category": consent.category,
            "purpose": consent.purpose,
            "given_by": {"id": consent.given_by_id, "name": consent.given_by.full_name},
            "given_at": d(consent.given_at), "recorded_by": consent.recorded_by_name,
            "withdrawn_at": d(consent.withdrawn_at), "withdrawn_by": consent.withdrawn_by_name,
            "open": consent.withdrawn_at is None}


def referral_data(referral, shared):
    r = referral
    return {"id": r.pk, "family": r.family_id, "family_reference": r.family.reference, "status": r.status,
            "from_organisation": ref(r.from_organisation), "from_team": ref(r.from_team),
            "to_organisation": ref(r.to_organisation), "to_team": ref(r.to_team), "help_kind": r.help_kind,
            "shared": shared, "reason": r.reason if shared else None, "summary": r.summary if shared else None,
            "handover": r.handover, "requested_at": d(r.requested_at), "expires_at": d(r.expires_at),
            "answered_at": d(r.answered_at), "started_at": d(r.started_at), "closed_at": d(r.closed_at),
            "answer_reason": r.answer_reason, **lead_times(r)}


def lead_times(referral):
    """Lead time in days: request to answer; for an unanswered one, how long it waited (so far, or until it ended)."""
    lead, waited = referral.lead_time, referral.waited(access.now())
    return {"lead_time_days": round(lead.total_seconds() / 86400, 2) if lead is not None else None,
            "waited_days": round(max(waited.total_seconds(), 0) / 86400, 2) if waited is not None else None}


REFERRAL_RELATED = ("family", "from_organisation", "from_team", "to_organisation", "to_team")


def expected_version(request, data):
    """The plan version an edit is based on: the ``version`` field or the If-Match header ("3", W/"3" or 3)."""
    header = request.headers.get("If-Match")
    from_header = None
    if header is not None:
        match = re.fullmatch(r'\s*(?:W/)?"?([0-9]{1,15})"?\s*', header)
        if match is None:
            raise InvalidInput([("If-Match", 'write the plan version as "<version>", e.g. "3"')])
        from_header = int(match.group(1))
    version = data.get("version")
    if version is None and from_header is None:
        raise InvalidInput([("version", "give the plan version this edit is based on (or an If-Match header)")])
    if version is not None and from_header is not None and version != from_header:
        raise InvalidInput([("version", f"the version field ({version}) and the If-Match header ({from_header}) differ")])
    return version if version is not None else from_header


def plan_of(caller, family, prefetch=False):
    """The family's plan; for a professional the plan query itself carries the consent filter (not only the flag)."""
    plan_qs = FamilyPlan.objects.filter(family_id=family.pk)
    if caller.account is None:
        plan_qs = access.readable(plan_qs, caller.user, v.PLAN)
    if prefetch:
        plan_qs = plan_qs.prefetch_related("goals", Prefetch("actions", queryset=Action.objects.select_related("organisation")))
    plan = plan_qs.first()
    if plan is None:
        raise exceptions.NotFound("This family has no plan yet.")
    plan.family = family
    return plan


# -- families and members --------------------------------------------------------------------

FAMILY_EXAMPLE = {"id": 1, "reference": "Z-CW-0001", "name": "Gezin Bakker", "municipality": "zoetermeer",
                  "district": "Palenstein", "coordinator": {"name": "Fatima el Amrani",
                                                            "organisation": {"id": 3, "name": "Kwadraad maatschappelijk werk"},
                                                            "since": "2026-01-15"}}


class FamilyList(CaseworkView):
    @doc("families", operation_id="casework_families_list", summary="The families the caller may see",
         description="Professionals: the families one of their active teams is involved with. A family account: its own "
                     "family. Logs one read (category basic) per family returned.",
         parameters=PAGE, responses=answers(s.FamilyPageSerializer, 400),
         examples=[OpenApiExample("One family", response_only=True,
                                  value={"count": 1, "page": 1, "page_size": 50, "results": [FAMILY_EXAMPLE]})])
    def get(self, request):
        queryset = (self.caller.families().select_related("municipality").prefetch_related(open_coordinators())
                    .order_by("name", "id"))
        meta, rows = paginate(request, queryset)
        self.log([f.pk for f in rows], [v.BASIC], "gezinnen (API) / families (API)")
        return Response({**meta, "results": [family_summary(f) for f in rows]})


class FamilyDetail(CaseworkView):
    @doc("families", operation_id="casework_families_retrieve", summary="One family: members, helpers, what the caller may read",
         description="Members now and earlier, who helps (and helped), the coordinator, and `granted`: the data "
                     "categories the family consented to for the caller's organisation (a family account: all). "
                     "404 for a family the caller may not see. Logs a read (basic).",
         responses=answers(s.FamilyDetailSerializer))
    def get(self, request, family_id):
        family = self.caller.family(family_id)
        day = access.today()
        members = family.memberships.select_related("person").order_by("start", "id")
        helpers = family.involvements.select_related("organisation", "team", "professional").order_by("since", "id")
        data = {
            **family_summary(family),
            "members": [member_data(m, day) for m in members],
            "helpers": [{"id": i.pk, "organisation": ref(i.organisation), "team": ref(i.team),
                         "professional": i.professional.name if i.professional else None, "role": i.role,
                         "help_kind": i.help_kind, "contact": i.contact, "person": i.person_id,
                         "since": d(i.since), "until": d(i.until), "current": active(i.since, i.until, day)}
                        for i in helpers],
            "granted": [c for c in v.CATEGORIES if c in access.granted_categories(family)],
        }
        self.log([family.pk], [v.BASIC], "gezin (API) / family (API)")
        return Response(data)


class MemberCreate(CaseworkView):
    @doc("families", operation_id="casework_members_create", summary="Add a member to a family",
         description="A person joins the family in a role from `start` (until `end`, not before `start`). Professionals only.",
         request=s.MemberRequestSerializer, responses=write_answers(s.MemberSerializer, status=201),
         examples=[OpenApiExample("A newborn", request_only=True, value={
             "first_name": "Sara", "last_name": "Bakker", "role": "child", "birth_date": "2026-02-20", "start": "2026-02-20"})])
    def post(self, request, family_id):
        family = self.caller.family(family_id)
        self.caller.need_professional("add members")
        data = validated(s.MemberRequestSerializer, request.data)
        with transaction.atomic():
            membership = families.add_member(request.user, family, **data)
        return Response(member_data(membership, access.today()), status=201)


# -- the plan -----------------------------------------------------------------------------------

class PlanDetail(CaseworkView):
    @doc("plan", operation_id="casework_plan_retrieve", summary="The family plan",
         description="Version, the family's own words, goals and actions. Needs the family's consent for 'plan' "
                     "(403 'no consent' otherwise); 404 when the family has no plan yet. The ETag header is the version. "
                     "Logs a read (plan).",
         parameters=[ETAG], responses=answers(s.PlanSerializer))
    def get(self, request, family_id):
        family = self.caller.family(family_id)
        self.caller.need(family, v.PLAN)
        plan = plan_of(self.caller, family, prefetch=True)
        data = {"version": plan.version, "started_on": d(plan.started_on), "family_words": plan.family_words,
                "goals": [goal_data(g) for g in plan.goals.all()], "actions": [action_data(a) for a in plan.actions.all()]}
        self.log([family.pk], [v.PLAN], "gezinsplan (API) / family plan (API)")
        return Response(data, headers={"ETag": f'"{plan.version}"'})


class GoalCreate(CaseworkView):
    @doc("plan", operation_id="casework_goals_create", summary="Add a goal to the plan",
         description="In the family's own words. Send the plan `version` you saw (or If-Match); a stale one is a 409 and "
                     "nothing is saved. A family account writes goals as the family.",
         parameters=[IF_MATCH], request=s.GoalRequestSerializer, responses=write_answers(s.GoalChangeSerializer, 409, status=201),
         examples=[OpenApiExample("A goal", request_only=True,
                                  value={"text": "We blijven in ons huis wonen.", "domain": "housing", "version": 4})])
    def post(self, request, family_id):
        family = self.caller.family(family_id)
        self.caller.need(family, v.PLAN)
        data = validated(s.GoalRequestSerializer, request.data)
        version = expected_version(request, data)
        plan = plan_of(self.caller, family)
        with transaction.atomic():
            goal = plans.add_goal(request.user, plan, version, data["text"], data.get("domain", ""),
                                  by_family=self.caller.account is not None)
        return Response({"version": plan.version, "goal": goal_data(goal)}, status=201, headers={"ETag": f'"{plan.version}"'})


class ActionCreate(CaseworkView):
    @doc("plan", operation_id="casework_actions_create", summary="Add an action to the plan",
         description="An organisation of the family's municipality does something by a due date (not before the plan "
                     "started), optionally for a goal of this plan. Send the plan `version` (or If-Match); stale: 409. "
                     "Professionals only.",
         parameters=[IF_MATCH], request=s.ActionRequestSerializer, responses=write_answers(s.ActionChangeSerializer, 409, status=201),
         examples=[OpenApiExample("An action", request_only=True, value={
             "description": "Bijstandsaanvraag samen afmaken", "organisation": 3, "due_date": "2026-03-08", "goal": 2, "version": 4})])
    def post(self, request, family_id):
        family = self.caller.family(family_id)
        self.caller.need(family, v.PLAN)
        self.caller.need_professional("add actions")
        data = validated(s.ActionRequestSerializer, request.data)
        version = expected_version(request, data)
        plan = plan_of(self.caller, family)
        problems = []
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        if organisation is None:
            problems.append(("organisation", f"unknown organisation {data['organisation']}"))
        goal = None
        if data.get("goal") is not None:
            goal = Goal.objects.filter(pk=data["goal"], plan_id=plan.pk).first()
            if goal is None:
                problems.append(("goal", f"no goal {data['goal']} in this family's plan"))
        if problems:
            raise InvalidInput(problems)
        with transaction.atomic():
            action = plans.add_action(request.user, plan, version, data["description"], organisation, data["due_date"], goal=goal)
        return Response({"version": plan.version, "action": action_data(action)}, status=201,
                        headers={"ETag": f'"{plan.version}"'})


class ActionUpdate(CaseworkView):
    @doc("plan", operation_id="casework_actions_partial_update", summary="Change the status of an action",
         description="Send the plan `version` (or If-Match); stale: 409. Professionals only.",
         parameters=[IF_MATCH], request=s.ActionPatchSerializer, responses=write_answers(s.ActionChangeSerializer, 409),
         examples=[OpenApiExample("Done", request_only=True, value={"status": "done", "version": 5})])
    def patch(self, request, family_id, action_id):
        family = self.caller.family(family_id)
        self.caller.need(family, v.PLAN)
        action = Action.objects.filter(pk=action_id, plan__family_id=family.pk).select_related("organisation").first()
        if action is None:
            raise exceptions.NotFound("No such action in this family's plan.")
        self.caller.need_professional("change actions")
        data = validated(s.ActionPatchSerializer, request.data)
        version = expected_version(request, data)
        plan = plan_of(self.caller, family)
        with transaction.atomic():
            plans.set_action_status(request.user, plan, version, action, data["status"])
        return Response({"version": plan.version, "action": action_data(action)}, headers={"ETag": f'"{plan.version}"'})


# -- consents -------------------------------------------------------------------------------------

class ConsentList(CaseworkView):
    @doc("consents", operation_id="casework_consents_list", summary="The family's consents, given and withdrawn",
         description="The history, newest first: each consent once given (organisation × category × purpose) and, "
                     "when withdrawn, when and by whom. Logs a read (consent).",
         responses=answers(s.ConsentSerializer(many=True)))
    def get(self, request, family_id):
        family = self.caller.family(family_id)
        rows = Consent.objects.filter(family_id=family.pk).select_related("organisation", "given_by").order_by("-given_at", "-id")
        data = [consent_data(c) for c in rows]
        self.log([family.pk], ["consent"], "toestemmingen (API) / consents (API)")
        return Response(data)

    @doc("consents", operation_id="casework_consents_create", summary="Record a consent",
         description="The family lets an organisation of its municipality see one category of data for one purpose. "
                     "Given by a parent or carer: a professional names the person (`given_by`), a family account gives "
                     "it itself. A professional records a consent for their own organisation only, the family's "
                     "coordinator for any organisation (else 403).",
         request=s.ConsentRequestSerializer, responses=write_answers(s.ConsentSerializer, status=201),
         examples=[OpenApiExample("Plan for the school", request_only=True,
                                  value={"organisation": 3, "category": "plan", "purpose": "help", "given_by": 1})])
    def post(self, request, family_id):
        family = self.caller.family(family_id)
        data = validated(s.ConsentRequestSerializer, request.data)
        problems = []
        if not Organisation.objects.filter(pk=data["organisation"], municipality_id=family.municipality_id).exists():
            problems.append(("organisation", f"unknown organisation {data['organisation']} in {family.municipality.name}"))
        account = self.caller.account
        given_by_id = data.get("given_by")
        person = None
        if account is not None and given_by_id not in (None, account.person_id):
            problems.append(("given_by", "a family account gives consent itself: leave given_by out"))
        elif account is not None:
            person = account.person
        elif given_by_id is None:
            problems.append(("given_by", "name the parent or carer who gives the consent"))
        else:
            person = Person.objects.filter(pk=given_by_id, memberships__family_id=family.pk).first()
            if person is None:
                problems.append(("given_by", f"no person {given_by_id} in this family"))
        if problems:
            raise InvalidInput(problems)
        with transaction.atomic():
            given = consent_service.give(request.user, family, organisation_id=data["organisation"], category=data["category"],
                                         purpose=data["purpose"], given_by=person)
        given = Consent.objects.select_related("organisation", "given_by").get(pk=given.pk)
        return Response(consent_data(given), status=201)


class ConsentWithdraw(CaseworkView):
    @doc("consents", operation_id="casework_consents_withdraw", summary="Withdraw a consent",
         description="In force at once. A family account withdraws for its own family (as a parent or carer); a "
                     "professional for their own organisation only, the family's coordinator for any organisation "
                     "(else 403). Already withdrawn: 409.",
         request=None, responses=answers(s.ConsentSerializer, 409))
    def post(self, request, consent_id):
        caller = self.caller
        with transaction.atomic():  # locked: two requests at once withdraw once, the second gets a 409
            found = (Consent.objects.select_for_update(of=("self",)).select_related("organisation", "given_by", "family")
                     .filter(pk=consent_id, family_id__in=caller.families().values("pk")).first())
            if found is None:
                raise exceptions.NotFound("No such consent.")
            if caller.account is not None and not any(
                    m.person_id == caller.account.person_id and m.role == v.PARENT
                    for m in families.members_on(found.family, access.today())):
                raise exceptions.PermissionDenied("Only a parent or carer withdraws a consent.")
            if found.withdrawn_at is not None:
                raise Conflict("consent", "This consent has already been withdrawn.")
            consent_service.withdraw(request.user, found)  # the real clock, as the family portal
        return Response(consent_data(found))


# -- referrals -------------------------------------------------------------------------------------

def referral_scope(caller, day):
    """Referrals the caller may find: a family's own; a professional's: to or from their teams, or of families they see."""
    queryset = Referral.objects.select_related(*REFERRAL_RELATED)
    if caller.account is not None:
        return queryset.filter(family_id=caller.account.family_id).annotate(shared_help=Value(True, output_field=BooleanField()))
    teams = access.active_team_ids(caller.user, day)
    return (queryset.filter(Q(to_team_id__in=teams) | Q(from_team_id__in=teams) | Q(family_id__in=caller.families().values("pk")))
            .annotate(shared_help=Exists(access.families_for(caller.user, v.REFERRALS, v.HELP, day).filter(pk=OuterRef("family_id"))),
                      shared_handover=access.consented(caller.user, v.REFERRALS, v.HANDOVER, family_ref="family_id")))


def show_referrals(view, rows, receiving=False):
    """The rows as data, logging each family whose summary is shown (purpose help, or handover for a receiver); with
    ``receiving`` also the families whose case number only is shown to the receiving team (basic, handover)."""
    help_ids, handover_ids, basic_ids = set(), set(), set()
    out = []
    for r in rows:
        basic_ids.add(r.family_id)
        shared = bool(r.shared_help or getattr(r, "shared_handover", False))
        if r.shared_help:
            help_ids.add(r.family_id)
        elif shared:
            handover_ids.add(r.family_id)
        out.append(referral_data(r, shared))
    if help_ids:
        view.log(sorted(help_ids), [v.REFERRALS], "verwijzingen (API) / referrals (API)")
    if handover_ids:
        view.log(sorted(handover_ids), [v.REFERRALS], "overdrachtssamenvatting (API) / handover summary (API)", purpose=v.HANDOVER)
    basic_ids -= help_ids | handover_ids
    if receiving and basic_ids:
        view.log(sorted(basic_ids), [v.BASIC], "verwijzing ontvangen (API) / referral received (API)", purpose=v.HANDOVER)
    return out


class FamilyReferrals(CaseworkView):
    @doc("referrals", operation_id="casework_family_referrals_list", summary="The family's referrals",
         description="Warm handovers of the family, newest first, with reason and summary. Needs the family's consent "
                     "for 'referrals' (purpose help). Logs a read (referrals).",
         responses=answers(s.ReferralSerializer(many=True)))
    def get(self, request, family_id):
        family = self.caller.family(family_id)
        self.caller.need(family, v.REFERRALS)
        rows = referral_scope(self.caller, access.today()).filter(family_id=family.pk).order_by("-requested_at", "-id")
        return Response(show_referrals(self, rows))

    @doc("referrals", operation_id="casework_family_referrals_create", summary="Refer the family to another organisation",
         description="A warm handover from the caller's team that helps the family to a team of another organisation in "
                     "the family's municipality. The caller's team stays involved until the receiver accepts; with "
                     "`handover` it steps back then. Needs consent for 'referrals'. Professionals only.",
         request=s.ReferralRequestSerializer, responses=write_answers(s.ReferralSerializer, status=201),
         examples=[OpenApiExample("To debt help", request_only=True, value={
             "to_team": 3, "help_kind": "schuldhulp", "reason": "Schulden lopen op.",
             "summary": "Huurachterstand, zorgverzekering € 450, CJIB € 139.", "handover": False})])
    def post(self, request, family_id):
        family = self.caller.family(family_id)
        self.caller.need(family, v.REFERRALS)
        self.caller.need_professional("refer")
        data = validated(s.ReferralRequestSerializer, request.data)
        day = access.today()
        to_team = (Team.objects.filter(pk=data["to_team"], organisation__municipality_id=family.municipality_id)
                   .select_related("organisation").first())
        if to_team is None:
            raise InvalidInput([("to_team", f"unknown team {data['to_team']} in the family's municipality")])
        helping = Involvement.objects.filter(family_id=family.pk, since__lte=day).filter(Q(until__isnull=True) | Q(until__gte=day))
        from_team = (Team.objects.filter(pk__in=access.active_team_ids(request.user, day))
                     .filter(pk__in=helping.values("team_id")).select_related("organisation").order_by("id").first())
        if from_team is None:
            raise exceptions.PermissionDenied("None of your teams helps this family now.")
        with transaction.atomic():
            made = referrals.request(request.user, family, from_team, to_team, help_kind=data["help_kind"], reason=data["reason"],
                                     summary=data["summary"], handover=data["handover"], now=now())
        return Response(referral_data(Referral.objects.select_related(*REFERRAL_RELATED).get(pk=made.pk), True), status=201)


class IncomingReferrals(CaseworkView):
    @doc("referrals", operation_id="casework_referrals_incoming", summary="Referrals to the caller's teams",
         description="For the receiving side, involved or not yet: case number, who refers, the kind of help; the reason "
                     "and summary only when the family consented to the caller's organisation for 'referrals' with purpose "
                     "'handover' (else null). Each summary shown is logged. Professionals only. Newest first, a page at "
                     "a time; `status` keeps one status (e.g. `requested`, the ones waiting for an answer).",
         parameters=[*PAGE, OpenApiParameter("status", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                                             enum=list(v.REFERRAL_STATUSES), description="Only this status.")],
         responses=answers(s.ReferralPageSerializer, 400))
    def get(self, request):
        self.caller.need_professional("receive referrals")
        query = validated(s.IncomingReferralQuerySerializer, request.query_params.dict())
        day = access.today()
        rows = (referral_scope(self.caller, day).filter(to_team_id__in=access.active_team_ids(request.user, day))
                .order_by("-requested_at", "-id"))
        if query.get("status"):
            rows = rows.filter(status=query["status"])
        meta, page = paginate(request, rows)
        return Response({**meta, "results": show_referrals(self, page, receiving=True)})


RECEIVER, SENDER = "receiver", "sender"
MOVES = {"accept": RECEIVER, "reject": RECEIVER, "start": RECEIVER, "complete": RECEIVER, "revoke": SENDER}


class ReferralMove(CaseworkView):
    move = None

    def post(self, request, referral_id):
        caller = self.caller
        day = access.today()
        referral = referral_scope(caller, day).filter(pk=referral_id).first()
        if referral is None:
            raise exceptions.NotFound("No such referral.")
        caller.need_professional("answer referrals")
        side = MOVES[self.move]
        team_id = referral.to_team_id if side == RECEIVER else referral.from_team_id
        if not Team.objects.filter(pk=team_id, pk__in=access.active_team_ids(request.user, day)).exists():
            raise exceptions.PermissionDenied("Only the receiving team answers a referral." if side == RECEIVER
                                              else "Only the referring team revokes a referral.")
        reason = ""
        if self.move in ("reject", "revoke"):
            reason = validated(s.ReasonRequestSerializer, request.data)["reason"]
        elif request.data:
            validated(s.EmptyRequestSerializer, request.data)
        with transaction.atomic():
            if self.move == "accept":
                referrals.accept(request.user, referral, professional=caller.professional, now=now())
            elif reason:
                getattr(referrals, self.move)(request.user, referral, reason, now=now())
            else:
                getattr(referrals, self.move)(request.user, referral, now=now())
        fresh = referral_scope(caller, day).get(pk=referral.pk)
        return Response(show_referrals(self, [fresh])[0])


def move_view(name, summary, description, reason=False):
    example = [OpenApiExample("Reason", request_only=True, value={"reason": "Wij hebben geen plek; probeer het maatschappelijk werk."})]
    schema = doc("referrals", operation_id=f"casework_referrals_{name}", summary=summary, description=description,
                 request=s.ReasonRequestSerializer if reason else None, examples=example if reason else [],
                 responses=write_answers(s.ReferralSerializer, 409) if reason else answers(s.ReferralSerializer, 400, 409))
    def post(self, request, referral_id):
        return ReferralMove.post(self, request, referral_id)

    return type(f"Referral{name.title()}", (ReferralMove,), {"move": name, "post": schema(post)})


RECEIVE_TEXT = ("By a professional of the receiving team, even before it is involved. A step the referral cannot take "
                "now (e.g. accepting a rejected one) is a 409.")
ReferralAccept = move_view("accept", "Accept a referral", "The receiving team becomes involved with the family; with a "
                           "handover the referring team steps back now. " + RECEIVE_TEXT)
ReferralReject = move_view("reject", "Reject a referral", "With a reason (the family and the referrer see it). " + RECEIVE_TEXT,
                           reason=True)
ReferralStart = move_view("start", "The help has started", RECEIVE_TEXT)
ReferralComplete = move_view("complete", "The help is completed", RECEIVE_TEXT)
ReferralRevoke = move_view("revoke", "Revoke a referral", "By the referring team, while requested or accepted, with a reason. "
                           "Another state: 409.", reason=True)


# -- the access log and the export ---------------------------------------------------------------

class AccessLogList(CaseworkView):
    @doc("privacy", operation_id="casework_access_log_list", summary="Who looked at or changed the family's file",
         description="Newest first. For the family's own account and the family's current coordinator. Logs a read "
                     "(access_log).", parameters=PAGE, responses=answers(s.LogPageSerializer, 400))
    def get(self, request, family_id):
        family = self.caller.family(family_id)
        if self.caller.account is None and not self.caller.is_coordinator(family.pk):
            raise exceptions.PermissionDenied("Only the family and its coordinator read the family's access log.")
        meta, rows = paginate(request, audit.family_log(family.pk).order_by("-at", "-id"))
        data = [{"at": d(e.at), "who": e.actor_name, "organisation": e.organisation_name, "action": e.action,
                 "category": e.category, "purpose": e.purpose, "detail": e.detail, "person": e.person_id} for e in rows]
        self.log([family.pk], [ACCESS_LOG], "wie keek in het dossier (API) / access log (API)")
        return Response({**meta, "results": data})


class PersonExport(CaseworkView):
    @doc("privacy", operation_id="casework_person_export", summary="Everything about one person (GDPR access request)",
         description="For the person's own family account, or the current coordinator of a family the person belongs "
                     "to. Logged as an export.", responses=answers(s.ExportSerializer))
    def get(self, request, person_id):
        caller = self.caller
        if caller.account is not None:
            allowed = caller.account.person_id == person_id
        else:
            allowed = Membership.objects.filter(
                person_id=person_id, family_id__in=caller.families().values("pk"),
                family__coordinators__professional=caller.professional, family__coordinators__end__isnull=True).exists()
        person = (Person.objects.filter(pk=person_id).annotate(partly_unreadable=access.partly_unreadable(request.user))
                  .first() if allowed else None)
        if person is None:
            raise exceptions.NotFound("No such person.")
        if caller.account is None and person.partly_unreadable:
            raise exceptions.PermissionDenied(
                "The export holds all data about the person: the coordinator's organisation needs the family's consent for "
                "every category. The family can download it itself in the family portal (/mijn-gezin/).")
        return Response(export.person_export(request.user, person, purpose="access_request"))

