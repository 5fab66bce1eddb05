"""The pathway's API under /api/v1/debthelp/: cases with their steps and creditors; open a case, record a step,
keep the creditor list. Families are found through ``meedoen.casework.access`` (a family the caller may not see is a
404; without the family's consent for money, 403), every response with personal data writes access-log rows, every
change goes through :mod:`.services`. Errors are application/problem+json."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meedoen.api.casework.views import CaseworkView, answers, write_answers
from meedoen.api.serializers import EnumField, IsoDateField, StrictBooleanField, StrictSerializer
from meedoen.api.views import validated
from meedoen.casework import access
from meedoen.casework import vocabulary as cv
from meedoen.casework.models import Membership

from . import machine, queries, services
from . import vocabulary as v
from .deadlines import case_deadlines
from .models import Creditor, DebtCase

MAX_ID = 2**53 - 1
DETAIL = "schuldhulp (API) / debt help (API)"


def doc(**kwargs):
    return extend_schema(tags=["debt help"], **kwargs)


def d(value):
    return value.isoformat() if value is not None else None


# -- serializers ---------------------------------------------------------------------------------------------------

class CaseRequestSerializer(StrictSerializer):
    family = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                      help_text="The member who asks; empty: the household.")
    origin = EnumField("DebtOriginEnum", list(v.ORIGINS))
    origin_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    crisis = StrictBooleanField(required=False, default=False)
    registered_on = IsoDateField()


class StepRequestSerializer(StrictSerializer):
    step = EnumField("DebtStepEnum", [p for p in v.PHASES if p != v.REGISTERED])
    on = IsoDateField()
    note = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True, trim_whitespace=True)
    stress_asked = StrictBooleanField(required=False, allow_null=True)
    stress_answer = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)
    other_helpers = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)
    under_administration = StrictBooleanField(required=False, allow_null=True)
    financial_overview_complete = StrictBooleanField(required=False, allow_null=True)
    repayment_capacity_cents = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=services.MAX_CENTS)
    planned_end = IsoDateField(required=False)
    relapsed = StrictBooleanField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)


class CreditorRequestSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    kind = EnumField("CreditorKindEnum", list(v.CREDITOR_KINDS), required=False)
    amount_cents = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=services.MAX_CENTS,
                                            help_text="Integer cents; null (or left out) is unknown, never zero.")
    amount_unknown_reason = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)
    arrangement = EnumField("ArrangementStatusEnum", list(v.ARRANGEMENTS), required=False)


class CreditorPatchSerializer(CreditorRequestSerializer):
    name = serializers.CharField(max_length=200, required=False)


class CreditorSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = EnumField("CreditorKindEnum", list(v.CREDITOR_KINDS))
    amount_cents = serializers.IntegerField(allow_null=True)
    amount_unknown = serializers.BooleanField()
    amount_unknown_reason = serializers.CharField(allow_blank=True)
    blocks_admission = serializers.BooleanField()
    arrangement = EnumField("ArrangementStatusEnum", list(v.ARRANGEMENTS))
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class StepSerializer(StrictSerializer):
    phase = EnumField("DebtPhaseEnum", list(v.PHASES))
    on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField()


class DeadlineSerializer(StrictSerializer):
    due = serializers.DateField(allow_null=True, help_text="Null: unknown (no deadline rules loaded).")
    done = serializers.DateField(allow_null=True)
    status = serializers.CharField(allow_null=True, help_text="met, late, overdue, open, stopped; null: unknown.")


class DeadlinesSerializer(StrictSerializer):
    first_conversation = DeadlineSerializer()
    decision = DeadlineSerializer()


class TotalsSerializer(StrictSerializer):
    count = serializers.IntegerField()
    known_cents = serializers.IntegerField()
    unknown = serializers.IntegerField()
    blocking = serializers.IntegerField()


class CaseSerializer(StrictSerializer):
    id = serializers.IntegerField()
    family = serializers.IntegerField()
    person = serializers.IntegerField(allow_null=True)
    organisation = serializers.DictField()
    origin = EnumField("DebtOriginEnum", list(v.ORIGINS))
    origin_reference = serializers.CharField(allow_blank=True)
    crisis = serializers.BooleanField()
    phase = EnumField("DebtPhaseEnum", list(v.PHASES))
    phase_label = serializers.DictField(help_text="{nl, en}")
    allowed_steps = serializers.ListField(child=serializers.CharField())
    dates = serializers.DictField(help_text="The day of each step (null: not yet).")
    intake = serializers.DictField()
    repayment_capacity_cents = serializers.IntegerField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    deadlines = DeadlinesSerializer()
    steps = StepSerializer(many=True)
    creditors = CreditorSerializer(many=True)
    totals = TotalsSerializer()


# -- data ----------------------------------------------------------------------------------------------------------

def creditor_data(c):
    return {"id": c.pk, "name": c.name, "kind": c.kind, "amount_cents": c.amount_cents, "amount_unknown": c.amount_unknown,
            "amount_unknown_reason": c.amount_unknown_reason, "blocks_admission": c.blocks_admission,
            "arrangement": c.arrangement, "created_at": c.created_at.isoformat(), "updated_at": c.updated_at.isoformat()}


def case_data(case):
    creditors = list(case.creditors.all())
    totals = services.totals(creditors)
    deadlines = case_deadlines(case, access.today())
    return {
        "id": case.pk, "family": case.family_id, "person": case.person_id,
        "organisation": {"id": case.organisation_id, "name": case.organisation.name},
        "origin": case.origin, "origin_reference": case.origin_reference, "crisis": case.crisis, "phase": case.phase,
        "phase_label": {"nl": v.label(v.PHASES, case.phase, "nl"), "en": v.label(v.PHASES, case.phase, "en")},
        "allowed_steps": list(machine.allowed(case.phase, bool(case.under_administration))),
        "dates": {"registered": d(case.registered_on), "first_conversation": d(case.first_conversation_on),
                  "stabilisation": d(case.stabilisation_on), "decided": d(case.decided_on), "route_started": d(case.route_started_on),
                  "settlement_planned_end": d(case.settlement_planned_end), "aftercare": d(case.aftercare_on),
                  "closed": d(case.closed_on), "relapse_check_due": d(case.relapse_check_due),
                  "relapse_checked": d(case.relapse_checked_on), "ended": d(case.ended_on)},
        "intake": {"stress_asked": case.stress_asked, "stress_answer": case.stress_answer, "other_helpers": case.other_helpers,
                   "under_administration": case.under_administration, "relapsed": case.relapsed},
        "repayment_capacity_cents": case.repayment_capacity_cents, "end_reason": case.end_reason,
        "deadlines": {name: {"due": d(x["due"]), "done": d(x["done"]), "status": x["status"]} for name, x in deadlines.items()},
        "steps": [{"phase": s.phase, "on": d(s.on), "note": s.note, "recorded_at": s.recorded_at.isoformat(),
                   "recorded_by": s.recorded_by_name} for s in case.steps.all()],
        "creditors": [creditor_data(c) for c in creditors],
        "totals": {key: totals[key] for key in ("count", "known_cents", "unknown", "blocking")},
    }


CASE_EXAMPLE = {"family": 1, "origin": "signal", "origin_reference": "VS-2026-0042", "crisis": True, "registered_on": "2026-02-20"}


# -- views ---------------------------------------------------------------------------------------------------------

class DebtView(CaseworkView):
    def family_with_money(self, family_id):
        family = self.caller.family(family_id)
        self.caller.need(family, cv.FINANCES)
        return family

    def case(self, case_id):
        from rest_framework import exceptions

        family_id = DebtCase.objects.filter(pk=case_id).values_list("family_id", flat=True).first()
        if family_id is None:
            raise exceptions.NotFound("No such debt-help case.")
        self.family_with_money(family_id)
        return DebtCase.objects.select_related("family__municipality", "organisation").get(pk=case_id)


class CaseList(DebtView):
    @doc(operation_id="debthelp_cases_list", summary="The debt-help cases the caller may see",
         description="Professionals: the cases of families their team is involved with and that gave their organisation "
                     "consent for money (finances); a family account: its own. Open cases first. Logs a read per family.",
         responses=answers(CaseSerializer(many=True)))
    def get(self, request):
        if self.caller.account:
            cases = DebtCase.objects.filter(family_id=self.caller.account.family_id).select_related("family__municipality", "organisation")
        else:
            cases = queries.visible_cases(request.user, access.today())
        cases = sorted(cases.prefetch_related("steps", "creditors"), key=lambda c: (c.phase not in v.OPEN_PHASES, c.registered_on, c.pk))
        self.log(sorted({c.family_id for c in cases}), [cv.FINANCES], DETAIL)
        return Response([case_data(c) for c in cases])

    @doc(operation_id="debthelp_cases_create", summary="Register a request for debt help",
         description="Opens a case (phase registered) for the family, handled by the caller's organisation. One open case "
                     "per family. `crisis`: eviction, disconnection or termination of the health insurance threatens "
                     "(the first conversation is then due much sooner). Professionals only.",
         request=CaseRequestSerializer, responses=write_answers(CaseSerializer, status=201),
         examples=[OpenApiExample("After a signal", request_only=True, value=CASE_EXAMPLE)])
    def post(self, request):
        self.caller.need_professional("register debt help")
        data = validated(CaseRequestSerializer, request.data)
        family = self.family_with_money(data["family"])
        person = None
        if data.get("person"):
            member = Membership.objects.filter(family_id=family.pk, person_id=data["person"]).select_related("person").first()
            if member is None:
                from meedoen.api.problems import InvalidInput

                raise InvalidInput([("person", "not a member of this family")])
            person = member.person
        case = services.open_case(request.user, family, origin=data["origin"], registered_on=data["registered_on"],
                                  origin_reference=data.get("origin_reference", ""), crisis=data.get("crisis", False), person=person)
        return Response(case_data(DebtCase.objects.select_related("organisation", "family__municipality").get(pk=case.pk)), status=201)


class CaseDetail(DebtView):
    @doc(operation_id="debthelp_cases_retrieve", summary="One case: phase, steps with their days, deadlines, creditors",
         description="`allowed_steps`: what may come next. Deadlines come from the Wgs deadline rules (null when unknown). "
                     "Logs a read (finances).", responses=answers(CaseSerializer))
    def get(self, request, case_id):
        case = self.case(case_id)
        self.log([case.family_id], [cv.FINANCES], DETAIL)
        return Response(case_data(case))


class StepCreate(DebtView):
    @doc(operation_id="debthelp_steps_create", summary="Record a step of the pathway",
         description="Only allowed transitions (else 400 naming the allowed steps). Fields per step: intake "
                     "(stress_asked, stress_answer, other_helpers, under_administration); admission "
                     "(financial_overview_complete, repayment_capacity_cents; needs every creditor amount or a reason why "
                     "unknown); settlement (planned_end, default three years); relapse_checked (relapsed); refused and "
                     "ended (reason). Only workers of the organisation giving the debt help (else 403).",
         request=StepRequestSerializer, responses=write_answers(CaseSerializer, status=201),
         examples=[OpenApiExample("Intake", request_only=True, value={
             "step": "intake", "on": "2026-02-25", "stress_asked": True, "stress_answer": "Slaapt slecht", "other_helpers": "Kwadraad"})])
    def post(self, request, case_id):
        self.caller.need_professional("record debt-help steps")
        case = self.case(case_id)
        data = dict(validated(StepRequestSerializer, request.data))
        step, on, note = data.pop("step"), data.pop("on"), data.pop("note", "")
        case = services.record_step(request.user, case, step, on=on, note=note, **data)
        return Response(case_data(DebtCase.objects.select_related("organisation", "family__municipality").get(pk=case.pk)), status=201)


class CreditorList(DebtView):
    @doc(operation_id="debthelp_creditors_list", summary="The creditor list of a case", responses=answers(CreditorSerializer(many=True)))
    def get(self, request, case_id):
        case = self.case(case_id)
        self.log([case.family_id], [cv.FINANCES], DETAIL)
        return Response([creditor_data(c) for c in case.creditors.all()])

    @doc(operation_id="debthelp_creditors_create", summary="Add a creditor",
         description="`amount_cents` null is unknown: flagged, and admission waits until it is filled in or "
                     "`amount_unknown_reason` says why it stays unknown.",
         request=CreditorRequestSerializer, responses=write_answers(CreditorSerializer, status=201),
         examples=[OpenApiExample("Rent arrears, amount not known yet", request_only=True,
                                  value={"name": "Woonstad", "kind": "rent", "amount_cents": None})])
    def post(self, request, case_id):
        self.caller.need_professional("keep the creditor list")
        case = self.case(case_id)
        data = validated(CreditorRequestSerializer, request.data)
        creditor = services.add_creditor(request.user, case, **data)
        return Response(creditor_data(creditor), status=201)


class CreditorDetail(DebtView):
    @doc(operation_id="debthelp_creditors_partial_update", summary="Change a creditor (amount, arrangement, ...)",
         request=CreditorPatchSerializer, responses=write_answers(CreditorSerializer))
    def patch(self, request, creditor_id):
        from rest_framework import exceptions

        self.caller.need_professional("keep the creditor list")
        case_id = Creditor.objects.filter(pk=creditor_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise exceptions.NotFound("No such creditor.")
        self.case(case_id)
        data = validated(CreditorPatchSerializer, request.data)
        creditor = services.update_creditor(request.user, Creditor.objects.get(pk=creditor_id), **data)
        return Response(creditor_data(creditor))
