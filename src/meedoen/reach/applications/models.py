"""Applications for schemes, their decisions with reasons, and objections (bezwaar) with their outcome.

Every write goes through :mod:`.services` (validation, transaction); the constraints below are the last line.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Application(models.Model):
    """An application (aanvraag) for one scheme of the municipality's rulebook, and its decision once made."""

    RESIDENT, PROFESSIONAL, PROACTIVE_OFFER, AUTOMATIC = "resident", "professional", "proactive_offer", "automatic"
    CHANNELS = [(RESIDENT, "resident"), (PROFESSIONAL, "professional"), (PROACTIVE_OFFER, "proactive offer"),
                (AUTOMATIC, "automatic")]
    GRANTED, REFUSED, WITHDRAWN = "granted", "refused", "withdrawn"
    DECISIONS = [(GRANTED, "granted"), (REFUSED, "refused"), (WITHDRAWN, "withdrawn")]
    FORM, IMPORT, DEMO = "form", "import", "demo"
    SOURCES = [(FORM, "form"), (IMPORT, "import"), (DEMO, "demo (synthetic)")]

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="applications")
    scheme = models.CharField(max_length=100)  # a scheme id of the municipality's rulebook
    household_id = models.CharField(max_length=64, blank=True)  # the register's key, when known
    family = models.ForeignKey("casework.Family", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    received_on = models.DateField()
    channel = models.CharField(max_length=20, choices=CHANNELS, null=True, blank=True)  # null: not known (an import without it)
    offer = models.ForeignKey("reach.Offer", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    decided_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=DECISIONS, null=True, blank=True)  # null: pending
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=10, choices=SOURCES, default=FORM)
    source_name = models.CharField(max_length=200, blank=True)  # the imported file, with its row in ``source_row``
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)  # of the imported file: not twice
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["municipality", "scheme", "decided_on"]),
                   models.Index(fields=["municipality", "received_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(decision__isnull=True, decided_on__isnull=True)
                                   | Q(decision__isnull=False, decided_on__isnull=False), name="reach_application_decision_dated"),
            models.CheckConstraint(condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
                                   name="reach_application_decided_after_received"),
            models.CheckConstraint(condition=~Q(decision="refused") | ~Q(reason=""), name="reach_application_refusal_reason"),
            models.CheckConstraint(condition=Q(offer__isnull=True) | Q(channel="proactive_offer"),
                                   name="reach_application_offer_channel"),
        ]

    def __str__(self):
        return f"{self.scheme} {self.received_on}"

    @property
    def pending(self):
        return self.decision is None

    @property
    def lead_time_days(self):
        """Days from receipt to decision; None while pending."""
        return None if self.decided_on is None else (self.decided_on - self.received_on).days


class Objection(models.Model):
    """An objection (bezwaar, Awb chapter 6-7) to the decision on an application, and its outcome."""

    UPHELD, PARTLY_UPHELD, REJECTED, WITHDRAWN = "upheld", "partly_upheld", "rejected", "withdrawn"
    OUTCOMES = [(UPHELD, "upheld"), (PARTLY_UPHELD, "partly upheld"), (REJECTED, "rejected"), (WITHDRAWN, "withdrawn")]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    filed_on = models.DateField()
    late = models.BooleanField(default=False)  # filed after the objection period (Awb 6:7, 6:8); still taken in (6:11)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=OUTCOMES, null=True, blank=True)  # null: pending
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__isnull=True, decided_on__isnull=True)
                                   | Q(outcome__isnull=False, decided_on__isnull=False), name="reach_objection_outcome_dated"),
            models.CheckConstraint(condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                                   name="reach_objection_decided_after_filed"),
        ]

    @property
    def pending(self):
        return self.outcome is None
