"""A debt case of a casework family: its phase, the day of every step, and the creditor list with its history."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from . import vocabulary as v


class DebtCase(models.Model):
    """One request for debt help (schuldhulpverlening) of a family, handled by one organisation.

    The day of each step is kept on the case (for lead times and deadlines) and as a row in ``steps`` (the history).
    """

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="debt_cases")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="The debtor, when one member asks; empty: the household.")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="debt_cases",
                                     help_text="The organisation that gives the debt help; only its workers record steps.")
    origin = models.CharField(max_length=20, choices=v.choices(v.ORIGINS))
    origin_reference = models.CharField(max_length=100, blank=True, help_text="E.g. the case number of a signal.")
    crisis = models.BooleanField(default=False, help_text="Eviction, disconnection or end of the health insurance threatens.")
    phase = models.CharField(max_length=20, choices=v.choices(v.PHASES), default=v.REGISTERED)
    registered_on = models.DateField()
    # Intake (the first conversation).
    first_conversation_on = models.DateField(null=True, blank=True)
    stress_asked = models.BooleanField(null=True, blank=True)
    stress_answer = models.TextField(blank=True)
    other_helpers = models.TextField(blank=True)
    under_administration = models.BooleanField(null=True, blank=True, help_text="Beschermingsbewind: via the administrators' desk.")
    stabilisation_on = models.DateField(null=True, blank=True)
    # Admission (the decision on the request) or refusal.
    decided_on = models.DateField(null=True, blank=True)
    financial_overview_complete = models.BooleanField(null=True, blank=True)
    repayment_capacity_cents = models.BigIntegerField(null=True, blank=True, help_text="Per month; null: unknown.")
    # The route.
    route_started_on = models.DateField(null=True, blank=True)
    settlement_planned_end = models.DateField(null=True, blank=True)
    aftercare_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    relapse_check_due = models.DateField(null=True, blank=True)
    relapse_checked_on = models.DateField(null=True, blank=True)
    relapsed = models.BooleanField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Refused or ended early.")
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(repayment_capacity_cents__isnull=True) | Q(repayment_capacity_cents__gte=0),
                                   name="debthelp_capacity_not_negative"),
            models.CheckConstraint(condition=Q(first_conversation_on__isnull=True) | Q(first_conversation_on__gte=F("registered_on")),
                                   name="debthelp_intake_after_registration"),
            models.CheckConstraint(condition=~Q(phase__in=[v.REFUSED, v.ENDED]) | ~Q(end_reason=""), name="debthelp_reason_for_ending"),
        ]
        indexes = [models.Index(fields=["family", "phase"]), models.Index(fields=["phase", "registered_on"])]

    def __str__(self):
        return f"schuldhulp {self.pk} ({self.family_id}, {self.phase})"

    @property
    def is_open(self):
        return self.phase in v.OPEN_PHASES


class DebtStep(models.Model):
    """One step of a case: the phase it went to, the day it happened and who recorded it. Append-only history."""

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField(max_length=20, choices=v.choices(v.PHASES))
    on = models.DateField()
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["on", "id"]


class Creditor(models.Model):
    """A debt to one creditor. The amount may be unknown (null): then it is flagged, and admission waits until it is
    filled in or marked unknown with a reason."""

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="creditors")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=v.choices(v.CREDITOR_KINDS), default="other")
    amount_cents = models.BigIntegerField(null=True, blank=True)
    amount_unknown_reason = models.TextField(blank=True)
    arrangement = models.CharField(max_length=20, choices=v.choices(v.ARRANGEMENTS), default=v.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_cents__isnull=True) | Q(amount_cents__gte=0),
                                              name="debthelp_creditor_amount_not_negative")]

    @property
    def amount_unknown(self):
        return self.amount_cents is None

    @property
    def blocks_admission(self):
        return self.amount_cents is None and not self.amount_unknown_reason.strip()


class CreditorChange(models.Model):
    """The history of a creditor row: when, by whom, and the values after the change."""

    creditor = models.ForeignKey(Creditor, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by_name = models.CharField(max_length=200)
    values = models.JSONField()

    class Meta:
        ordering = ["at", "id"]
