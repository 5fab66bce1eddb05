"""The proactive service: an opt-out list, batches of offers or grants approved by a second civil
servant (four eyes), and every decision with its receipt."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class OptOut(models.Model):
    """A person or household that does not want to be approached proactively (honoured in every batch)."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="opt_outs")
    identifier = models.CharField(max_length=64)  # person_id or household_id of the register
    reason = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "identifier"])]
        constraints = [models.UniqueConstraint(fields=["municipality", "identifier"], condition=Q(withdrawn_at__isnull=True),
                                               name="reach_optout_active_unique")]


class OfferBatch(models.Model):
    """Offers (a letter: you can get this, here is how) or automatic grants for one scheme from one run."""

    OFFER, GRANT = "offer", "automatic_grant"
    MODES = [(OFFER, "offer"), (GRANT, "automatic grant")]
    DRAFT, APPROVED, REJECTED, SENT = "draft", "approved", "rejected", "sent"
    STATES = [(DRAFT, "draft"), (APPROVED, "approved"), (REJECTED, "rejected"), (SENT, "sent")]

    run = models.ForeignKey("reach.ReachRun", on_delete=models.PROTECT, related_name="batches")
    scheme = models.CharField(max_length=100)
    mode = models.CharField(max_length=20, choices=MODES)
    state = models.CharField(max_length=10, choices=STATES, default=DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("created_by")),
                                   name="reach_batch_four_eyes"),
            # one live batch per run and scheme (a rejected one may be made again), so nobody gets two letters
            models.UniqueConstraint(fields=["run", "scheme"], condition=~Q(state="rejected"), name="reach_batch_live_unique"),
        ]


class Offer(models.Model):
    """One household in a batch."""

    PLANNED, OPTED_OUT, SERVED, SENT, GRANTED = "planned", "opted_out", "served", "sent", "granted"
    STATES = [(PLANNED, "planned"), (OPTED_OUT, "opted out"), (SERVED, "already served by an earlier batch"), (SENT, "sent"),
              (GRANTED, "granted")]
    NO_LETTER = (OPTED_OUT, SERVED)  # in the batch to be counted, but never sent or granted

    batch = models.ForeignKey(OfferBatch, on_delete=models.CASCADE, related_name="offers")
    non_user = models.ForeignKey("reach.NonUser", on_delete=models.PROTECT, related_name="offers")
    state = models.CharField(max_length=10, choices=STATES, default=PLANNED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "non_user"], name="reach_offer_unique")]


class GrantDecision(models.Model):
    """A decision on a scheme for a household, with the receipt of the rulebook that decided it."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="grant_decisions")
    scheme = models.CharField(max_length=100)
    household_id = models.CharField(max_length=64)
    person_id = models.CharField(max_length=64, blank=True)
    granted = models.BooleanField()
    reason = models.TextField()
    amount_cents = models.BigIntegerField(null=True)
    day = models.DateField()  # the evaluation day
    rulebook_version = models.CharField(max_length=50)
    rulebook_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=50)
    batch = models.ForeignKey(OfferBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [models.UniqueConstraint(fields=["batch", "household_id"], name="reach_decision_once_per_batch")]
